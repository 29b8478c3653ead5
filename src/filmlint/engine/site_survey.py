"""Reading an existing site to infer its configuration: collections, locales, how it writes
countries, and a draft JSON Schema per collection (what ``filmlint init`` writes).

Everything is inferred from what the files show, and only where the evidence is plain: a
locale suffix is one that many files share with a base file beside them, a locale folder one
whose files have counterparts in the base or a sibling locale folder, a language is the
script that dominates a file's text. Nothing here writes a file.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from filmlint.engine.files import discover, escaped
from filmlint.engine.settings import MAX_FILE_SIZE
from filmlint.engine.site_generators import Declared, declared_default
from filmlint.frontmatter.parser import parse_document, split_front_matter
from filmlint.rulekit import countries
from filmlint.rulekit.fields import find_strings
from filmlint.rulekit.han_variants import wrong_forms
from filmlint.rulekit.langtags import canonical_case, is_well_formed
from filmlint.rulekit.scripts import locale_scripts, written_script
from filmlint.rulekit.subtags import is_registered
from filmlint.rules import load_registry
from filmlint.schema.validation import SchemaChecker
from filmlint.text.decoding import decode
from filmlint.text.escapes import surrogates
from filmlint.text.reading import UnreadableFile, read_bytes

COUNTRY_RULE = "country-code"
#: The rule whose fields hold a film's translated text.
TRANSLATED_RULE = "untranslated-text"
#: Name of a collection of Markdown files at the top of the site.
ROOT_COLLECTION = "pages"
#: Keys that may hold a file's own language tag (``locale.key``).
_LOCALE_KEYS = ("lang", "locale", "language")
#: Keys naming a film's set across languages when its versions' names differ (Hugo's).
_SET_KEYS = ("translationKey",)
#: Rules that group a film's versions, and so take the set key (their ``key`` option).
SET_RULES = ("translation-missing", "translation-mismatch")
#: Separators between a file's stem and its locale suffix, as ``locale.suffixes`` reads them.
_SUFFIX_SEPARATORS = "-._"
#: Fewest files sharing a suffix or folder, with counterparts, for it to name a locale.
_MIN_LOCALE_FILES = 2
#: Fewest sibling leaf bundles (``films/SLUG/index.md``) for their folder to be a section.
_MIN_BUNDLES = 2
#: Letters sampled from a file to guess its language.
_SAMPLE = 4000
#: Fewest letters a text needs for its language to be guessed.
_MIN_LETTERS = 10
#: The start of a URL or a path: a string that carries no language.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|www\.|\.{0,2}/", re.ASCII)
#: An enum is inferred for a string key with this many distinct values at most (and at
#: least two: one value seen everywhere says nothing of the others allowed) ...
_ENUM_MAX = 6
#: ... each seen this many times at least, and none longer than this.
_ENUM_REPEATS = 3
_ENUM_LENGTH = 30
#: Share of a collection's files that may fail the shipped film schema for it to be used.
_FILM_FAILURES = 0.05
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
#: Scripts a file's language is guessed from; a Latin text is taken as English.
_SCRIPTS = ("Latn", "Hani", "Hira", "Kana", "Hang", "Cyrl", "Grek", "Arab", "Hebr")
_LATIN_LANGUAGE = "en"
#: Scripts written in words of several letters: each word counts as a Han character does.
_WORD_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Arab", "Hebr", "Hang"})


@dataclass(frozen=True)
class SiteFile:
    """A Markdown file of the site with front matter."""

    #: POSIX path from the site's folder.
    relative: str
    data: Mapping[str, Any]
    #: The BCP 47 tag its text looks written in, or None when it cannot be told.
    language: str | None


@dataclass(frozen=True)
class Locales:
    """How files name their locale (see ``[locale]`` in the configuration)."""

    default: str | None = None
    suffixes: Mapping[str, str] = field(default_factory=dict)
    folders: Mapping[str, str] = field(default_factory=dict)
    key: str | None = None
    #: Whether ``default`` was chosen for want of a base locale the files show (every file
    #: in a locale folder, or base files in no one language), as ``init``'s summary says.
    chosen_default: bool = False
    #: Where no base locale shows, the site generator's configuration file whose default
    #: language ``default`` is (``site_generators``), as ``init``'s summary says.
    declared_by: str | None = None

    def table(self) -> dict[str, Any]:
        """The ``[locale]`` table, without the keys nothing was found for."""
        table: dict[str, Any] = {}
        if self.default is not None:
            table["default"] = self.default
        if self.suffixes:
            table["suffixes"] = dict(self.suffixes)
        if self.folders:
            table["folders"] = dict(self.folders)
        if self.key is not None:
            table["key"] = self.key
        return table


@dataclass(frozen=True)
class CollectionPlan:
    """A folder of front-matter files, and the schema inferred for them."""

    name: str
    include: tuple[str, ...]
    #: Markdown files without front matter at the top of the site (README.md), when the
    #: collection takes the top folder's files.
    exclude: tuple[str, ...]
    files: tuple[SiteFile, ...]
    #: How its files name their locale, from them alone: collections may differ in language.
    locales: Locales
    #: Whether the shipped film schema fits the files (then it is used, not ``draft``).
    film: bool
    draft: dict[str, Any]


@dataclass(frozen=True)
class SiteSurvey:
    folder: Path
    files: tuple[SiteFile, ...]
    #: Markdown files without front matter (POSIX paths from ``folder``).
    plain: tuple[str, ...]
    collections: tuple[CollectionPlan, ...]
    #: The locales of every collection, when they all agree (the top-level ``[locale]``);
    #: else none, each collection having its own.
    locales: Locales
    #: Options of country-code that differ from its defaults.
    country_options: Mapping[str, Any]
    #: The front-matter key naming each film's set of versions, when the files use one.
    set_key: str | None

    def own_locales(self) -> dict[str, Locales]:
        """The collections whose locales are not the top level's, by name: their own."""
        return {
            c.name: c.locales
            for c in self.collections
            if c.locales != self.locales and c.locales.table()
        }


def survey_site(folder: Path) -> SiteSurvey:
    """Read every Markdown file under ``folder`` (skipping hidden folders, ``node_modules``
    and what git ignores) and infer the site's configuration."""
    files: list[SiteFile] = []
    plain: list[str] = []
    for relative, file in _read_site(folder):
        if file is None:
            plain.append(relative)
        else:
            files.append(file)
    # Locale folders are found site-wide: a collection is the folder they are in.
    set_key = _set_key(files)
    folders = _locale_folders(files, {f.relative for f in files}, _counterparts(files, set_key))
    declared = declared_default(folder)
    collections = tuple(_collections(files, plain, folders, set_key, declared))
    kinds = [c.locales for c in collections]
    locales = kinds[0] if kinds and all(k == kinds[0] for k in kinds) else Locales()
    return SiteSurvey(
        folder,
        tuple(files),
        tuple(plain),
        collections,
        locales,
        _country_options(files),
        set_key,
    )


# Reading


def _read_site(folder: Path) -> Iterable[tuple[str, SiteFile | None]]:
    """Each Markdown file's path from ``folder``, and the file when it has front matter."""
    for path in discover([folder]):
        # Named from ``folder`` as found, not resolved: a symlink may point outside it.
        relative = Path(path).relative_to(folder).as_posix()
        try:
            text, bad_encoding = decode(read_bytes(path, MAX_FILE_SIZE))
        except (OSError, UnreadableFile):
            continue  # check reports it; it says nothing about the site
        if bad_encoding is not None:
            continue
        if split_front_matter(text) is None:
            yield relative, None
            continue
        document, _ = parse_document(text, path)
        if isinstance(document.data, dict) and document.data:
            body = text[document.body_start :]
            sample = body if _letters(body) else _language_text(document.data)
            yield relative, SiteFile(relative, document.data, guess_language(sample))


def _language_text(data: Mapping[str, Any]) -> str:
    """The text of front matter that carries its language: the values untranslated-text
    reads (titles, descriptions, names, awards), else every string that is prose, not a
    URL, code or id (``https://...``, ``Bodily-Autonomy``, ``tt0078748``)."""
    translated = " ".join(value for _, value in find_strings(dict(data), _translated_fields()))
    if _letters(translated) >= _MIN_LETTERS:
        return translated
    return " ".join(value for value in _strings(data) if _is_prose(value))


@cache
def _translated_fields() -> tuple[str, ...]:
    """untranslated-text's default fields: read once, not once a file (building the rules'
    registry costs half a millisecond)."""
    return tuple(load_registry()[TRANSLATED_RULE].options["fields"].default)


def _is_prose(value: str) -> bool:
    """Whether a string is words, not a URL, path or token: it has a space, or letters that
    are not ASCII (a Chinese title needs no space)."""
    if _URL.match(value):
        return False
    return " " in value.strip() or any(c.isalpha() and not c.isascii() for c in value)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


# Languages


@cache
def _script_pattern() -> Any:
    import regex

    # A script written in words is matched a word at a time, the others a character.
    return regex.compile(
        "|".join(
            rf"(?P<{code}>\p{{sc={code}}}{'+' if code in _WORD_SCRIPTS else ''})"
            for code in _SCRIPTS
        )
    )


def _letters(text: str) -> int:
    import regex

    return len(regex.findall(r"\p{L}", text[:_SAMPLE]))


def guess_language(text: str) -> str | None:
    """The language ``text`` looks written in, by the script most of its words are in (a
    Han or kana character counts as one, carrying about as much as a word does): Han alone
    is Chinese (``zh-Hant`` when Traditional-only forms outnumber Simplified-only ones, else
    ``zh-Hans``), Han with kana Japanese, Hangul Korean, Latin English; None when the text
    has too few letters or is in another script."""
    sample = text[:_SAMPLE]
    counts: Counter[str] = Counter()
    letters = 0
    for match in _script_pattern().finditer(sample):
        counts[match.lastgroup] += 1
        letters += len(match.group())
    if letters < _MIN_LETTERS:
        return None
    total = sum(counts.values())
    kana = counts["Hira"] + counts["Kana"]
    cjk = counts["Hani"] + kana + counts["Hang"]
    if cjk >= counts["Latn"] and cjk * 2 >= total:
        if counts["Hang"] * 2 >= cjk:
            return "ko"
        if kana * 20 >= cjk:  # a kana or two quoted in Chinese is not Japanese
            return "ja"
        simplified_only = len(wrong_forms(sample, "Hant"))
        traditional_only = len(wrong_forms(sample, "Hans"))
        return "zh-Hant" if traditional_only > simplified_only else "zh-Hans"
    if counts["Latn"] * 2 >= total:
        return _LATIN_LANGUAGE
    return None


def _tag_for(name: str, guesses: Iterable[str | None]) -> str | None:
    """The tag for a suffix or folder ``name``, or None when it names no locale its files
    are written in: the name itself when it is a registered tag written in the script its
    files are in (``fr``); their language when the name is a region that writes it so (a
    suffix ``tw`` of Traditional Chinese files is ``zh-Hant``, not Twi); else None (``ii``,
    Sichuan Yi, ending the name of a Chinese sequel)."""
    guessed = _majority(guesses)
    named = _registered_tag(name)
    if guessed is None:
        return named
    if named is not None and _same_writing(named, guessed):
        # A bare "zh" says nothing of the script the text shows: "zh-Hans" does.
        return guessed if guessed.startswith(named + "-") else named
    regional = f"{guessed.split('-')[0]}-{name.replace('_', '-')}"
    if is_well_formed(regional) and is_registered(regional) and _same_writing(regional, guessed):
        return guessed
    return None


def _registered_tag(name: str) -> str | None:
    """``name`` (a suffix or folder) as a registered tag in canonical case, or None; ``_``
    is read as ``-``: gettext and Java write ``zh_TW``."""
    tag = name.replace("_", "-")
    return canonical_case(tag) if is_well_formed(tag) and is_registered(tag) else None


def _same_writing(named: str, guessed: str) -> bool:
    if guessed.startswith("zh"):  # Simplified and Traditional: told apart by the script
        return written_script(named) == written_script(guessed)
    guessed_scripts, named_scripts = locale_scripts(guessed), locale_scripts(named)
    return bool(guessed_scripts and named_scripts and guessed_scripts == named_scripts)


def _majority(values: Iterable[str | None]) -> str | None:
    """The value most of ``values`` have (not None), or None when none has a majority."""
    counted = Counter(values)
    total = sum(counted.values())
    value, count = max(counted.items(), key=lambda kv: kv[1], default=(None, 0))
    return value if count * 2 > total else None


# Locales


def _infer_locales(
    files: Sequence[SiteFile],
    site_folders: Mapping[str, str],
    set_key: str | None,
    declared: Declared | None = None,
) -> Locales:
    """The locales of ``files`` (a collection's), with the site's locale folders on their
    paths; ``declared``: the default language the site's generator declares, taken where
    no base locale shows."""
    suffixes = _locale_suffixes(files, _counterparts(files, set_key))
    on_paths = {part for f in files for part in PurePosixPath(f.relative).parts[:-1]}
    folders = {name: tag for name, tag in site_folders.items() if name in on_paths}
    base_guesses: list[str | None] = []
    folder_tags: list[str] = []
    suffix_tags: list[str] = []
    for file in files:
        folder = _folder_of(file.relative, folders)
        suffix = _suffix_of(file.relative, suffixes)
        if folder is not None:
            folder_tags.append(folders[folder])
        elif suffix is None:
            base_guesses.append(file.language)
        else:
            suffix_tags.append(suffixes[suffix])
    default = _majority(base_guesses)
    chosen = default is None and bool(suffixes or folders)
    declared_by = None
    if chosen:
        # With no base file (every version suffixed), the suffixed files' locales count.
        counted = [*filter(None, base_guesses), *folder_tags]
        candidates = counted + (suffix_tags if not base_guesses else [])
        default = _declared_among(candidates, declared)
        if default is not None:
            chosen, declared_by = False, declared.file if declared is not None else None
        else:
            default = _most_common(candidates)
    if base_guesses:
        # A suffix in the default's own locale would make a version of a film of its base.
        suffixes = {suffix: tag for suffix, tag in suffixes.items() if tag != default}
    by_path = Locales(
        default=default,
        suffixes=suffixes,
        folders=folders,
        chosen_default=chosen,
        declared_by=declared_by,
    )
    return _with_locale_key(files, by_path, declared)


def _declared_among(tags: Sequence[str], declared: Declared | None) -> str | None:
    """The tag of ``tags`` in the language the site's generator declares as its default
    (the most common of them when several are), or None: the files' own tag, which may
    name the script (``zh-Hans`` for a declared ``zh-cn``)."""
    if declared is None:
        return None
    language = declared.tag.split("-")[0].lower()
    return _most_common([tag for tag in tags if tag.split("-")[0].lower() == language])


def _most_common(tags: Sequence[str]) -> str | None:
    """The tag most of ``tags`` are, the first in alphabetical order among equals: without a
    base locale, translations are still compared with one (the files' most frequent)."""
    counted = Counter(tags)
    return min(counted, key=lambda tag: (-counted[tag], tag), default=None)


def _stem_and_suffixes(relative: str) -> Iterable[tuple[str, str]]:
    """(stem without it, suffix) for each locale-like ending of a file's stem: one or two
    parts after a separator (``film-en``, ``film.zh-tw``)."""
    path = PurePosixPath(relative)
    stem = path.stem
    for separator in _SUFFIX_SEPARATORS:
        parts = stem.split(separator)
        for size in (1, 2):
            if len(parts) > size:
                suffix = "-".join(parts[-size:]).replace("_", "-")  # film.zh_TW.md
                if is_well_formed(suffix):
                    base = separator.join(parts[:-size])
                    yield str(path.with_name(base + path.suffix)), separator.join(parts[-size:])


def _set_key(files: Sequence[SiteFile]) -> str | None:
    """A key whose values at least two sets of several files share."""
    for key in _SET_KEYS:
        values = Counter(f.data[key] for f in files if isinstance(f.data.get(key), str))
        if sum(1 for count in values.values() if count > 1) >= _MIN_LOCALE_FILES:
            return key
    return None


def _counterparts(files: Sequence[SiteFile], set_key: str | None) -> dict[str, list[SiteFile]]:
    """Each file's path, and the other versions of its film its set key names."""

    def value(file: SiteFile) -> Any:
        return file.data.get(set_key) if set_key is not None else None

    sets: dict[Any, list[SiteFile]] = {}
    for file in files:
        if isinstance(value(file), str):
            sets.setdefault(value(file), []).append(file)
    return {f.relative: [o for o in sets.get(value(f), ()) if o is not f] for f in files}


def _locale_suffixes(
    files: Sequence[SiteFile], counterparts: Mapping[str, Sequence[SiteFile]]
) -> dict[str, str]:
    """Suffixes that at least two files share with a base file (beside them, or of their
    set), or, with no base, with a version of another suffix beside them (``x.en.md``:
    ``x.zh.md``), that most files ending in them share, and whose files are in another
    language than those versions."""
    by_path = {f.relative: f for f in files}
    by_base = _suffixed_by_base(files)
    paired: dict[str, list[tuple[SiteFile, SiteFile]]] = {}
    ending: Counter[str] = Counter()
    for file in files:
        for base, suffix in _stem_and_suffixes(file.relative):
            ending[suffix] += 1
            # A set key links versions whatever their names (the-alien.en.md: alien.md).
            bases = [by_path[base]] if base in by_path else counterparts[file.relative]
            unsuffixed = [b for b in bases if _suffix_of(b.relative, {suffix: ""}) is None]
            siblings = [f for f, other in by_base.get(base, ()) if other != suffix]
            if unsuffixed or siblings:
                paired.setdefault(suffix, []).append((file, (unsuffixed or siblings)[0]))
    suffixes: dict[str, str] = {}
    for suffix, pairs in sorted(paired.items()):
        if len(pairs) >= _MIN_LOCALE_FILES and len(pairs) * 2 > ending[suffix]:
            translated = _translated(pairs) or _names_another_language(suffix, pairs)
            tag = _tag_for(suffix, (f.language for f, _ in pairs)) if translated else None
            if tag is not None:
                suffixes[suffix] = tag
    return suffixes


def _suffixed_by_base(files: Sequence[SiteFile]) -> dict[str, list[tuple[SiteFile, str]]]:
    """The files with a locale-like suffix, and the suffix, by the path without it."""
    by_base: dict[str, list[tuple[SiteFile, str]]] = {}
    for file in files:
        for base, suffix in _stem_and_suffixes(file.relative):
            by_base.setdefault(base, []).append((file, suffix))
    return by_base


def _names_another_language(suffix: str, pairs: Sequence[tuple[SiteFile, SiteFile]]) -> bool:
    """Whether ``suffix`` is a registered tag of another language than its versions' (``fr``
    beside English): a French text is guessed English as any Latin text is, so the guesses
    alone cannot tell the two apart."""
    tag = _registered_tag(suffix)
    guessed = _majority(base.language for _, base in pairs)
    return tag is not None and guessed is not None and tag.split("-")[0] != guessed.split("-")[0]


def _translated(pairs: Sequence[tuple[SiteFile, SiteFile]]) -> bool:
    """Whether most (file, base) pairs whose languages are known are in two languages: files
    in their bases' own (``rocky-ii.md`` beside ``rocky.md``) are no translations."""
    known = [
        file.language != base.language for file, base in pairs if file.language and base.language
    ]
    return not known or sum(known) * 2 > len(known)


def _locale_folders(
    files: Sequence[SiteFile],
    paths: set[str],
    counterparts: Mapping[str, Sequence[SiteFile]],
) -> dict[str, str]:
    """Folder names that are registered language tags, whose files have a counterpart in the
    base position (``films/en/x.md``: ``films/x.md``) or in a sibling locale folder
    (``en/films/x.md``: ``fr/films/x.md``), by name or, named apart, by their set key
    (``en/films/the-x.md``: ``zh/films/x.md``, of the same translationKey)."""
    by_position: dict[tuple[str, ...], set[str]] = {}  # path with a wildcard -> names there
    candidates: list[tuple[SiteFile, int, str]] = []
    for file in files:
        parts = PurePosixPath(file.relative).parts
        for index, name in enumerate(parts[:-1]):
            if _registered_tag(name) is not None:
                candidates.append((file, index, name))
                wildcard = (*parts[:index], "*", *parts[index + 1 :])
                by_position.setdefault(wildcard, set()).add(name)
    paired: dict[str, list[SiteFile]] = {}
    for file, index, name in candidates:
        parts = PurePosixPath(file.relative).parts
        without = "/".join((*parts[:index], *parts[index + 1 :]))
        wildcard = (*parts[:index], "*", *parts[index + 1 :])
        by_set = _in_locale_position(file, index, counterparts[file.relative])
        if without in paths or len(by_position[wildcard]) > 1 or by_set:
            paired.setdefault(name, []).append(file)
    folders: dict[str, str] = {}
    for name, with_counterpart in sorted(paired.items()):
        if len(with_counterpart) >= _MIN_LOCALE_FILES:
            tag = _tag_for(name, (f.language for f in with_counterpart))
            if tag is not None:
                folders[name] = tag
    return folders


def _in_locale_position(file: SiteFile, index: int, versions: Sequence[SiteFile]) -> bool:
    """Whether one of ``versions`` (of the film of ``file``, whose folder ``index`` of its
    path is a locale-like name) is in the base position, that folder left out, or in another
    locale-like folder in its place."""
    folder = PurePosixPath(file.relative).parts[:-1]
    before, after = folder[:index], folder[index + 1 :]
    for version in versions:
        other = PurePosixPath(version.relative).parts[:-1]
        if other == (*before, *after):
            return True
        if (
            len(other) == len(folder)
            and (other[:index], other[index + 1 :]) == (before, after)
            and other[index] != folder[index]
            and _registered_tag(other[index]) is not None
        ):
            return True
    return False


def _suffix_of(relative: str, suffixes: Mapping[str, str]) -> str | None:
    stem = PurePosixPath(relative).stem
    for suffix in sorted(suffixes, key=len, reverse=True):
        if any(stem.endswith(separator + suffix) for separator in _SUFFIX_SEPARATORS):
            return suffix
    return None


def _folder_of(relative: str, folders: Mapping[str, str]) -> str | None:
    return next((p for p in PurePosixPath(relative).parts[:-1] if p in folders), None)


def _with_locale_key(
    files: Sequence[SiteFile], by_path: Locales, declared: Declared | None = None
) -> Locales:
    """``by_path`` with the locale key the files have, where it agrees with it: the key wins
    over folders, suffixes and the default, so a ``lang: zh`` on base files whose default
    is ``zh-Hans`` would part them from their translations. Where paths show no locale
    (no suffix, no folder), the key alone tells them apart: the default is then the tag the
    key gives the default's language."""
    key = _locale_key(files)
    if key is None:
        return by_path
    tags = _key_tags(files, key)
    if not by_path.suffixes and not by_path.folders:
        if by_path.default is None:  # no base shows: the generator's default, if declared
            preferred = _declared_among(list(tags.values()), declared)
            if preferred is not None:
                assert declared is not None
                return replace(by_path, key=key, default=preferred, declared_by=declared.file)
        default = _key_default(tags.values(), by_path.default)
        chosen = by_path.chosen_default or (by_path.default is None and default is not None)
        return replace(by_path, key=key, default=default, chosen_default=chosen)
    agreeing = sum(1 for f in files if tags.get(f.relative) == _path_locale(f, by_path))
    return replace(by_path, key=key) if agreeing * 10 >= len(tags) * 8 else by_path


def _key_tags(files: Sequence[SiteFile], key: str) -> dict[str, str]:
    """Each file's well-formed tag under ``key`` (canonical case), by path."""
    return {
        f.relative: canonical_case(value)
        for f in files
        if isinstance(value := f.data.get(key), str) and is_well_formed(value)
    }


def _key_default(tags: Iterable[str], default: str | None) -> str | None:
    """The tag the key most often gives in ``default``'s language (``zh`` for ``zh-Hans``);
    any, most often given, when there is no default."""
    language = default.split("-")[0] if default is not None else None
    same = [t for t in tags if language is None or t.split("-")[0].lower() == language]
    return _most_common(same) or default


def _path_locale(file: SiteFile, locales: Locales) -> str | None:
    """The locale a file's folder, suffix or else the default gives it."""
    folder = _folder_of(file.relative, locales.folders)
    if folder is not None:
        return locales.folders[folder]
    suffix = _suffix_of(file.relative, locales.suffixes)
    return locales.suffixes[suffix] if suffix is not None else locales.default


def _locale_key(files: Sequence[SiteFile]) -> str | None:
    """A key that most files have, holding a tag that agrees with their text's language."""
    for key in _LOCALE_KEYS:
        values = [(f.data.get(key), f.language) for f in files if key in f.data]
        if len(values) * 2 <= len(files):
            continue
        agreeing = sum(
            1
            for value, language in values
            if isinstance(value, str)
            and is_well_formed(value)
            and language is not None
            and value.split("-")[0].lower() == language.split("-")[0]
        )
        if agreeing * 10 >= len(values) * 8:
            return key
    return None


# Collections and schemas


def _collections(
    files: Sequence[SiteFile],
    plain: Sequence[str],
    folders: Mapping[str, str],
    set_key: str | None,
    declared: Declared | None = None,
) -> Iterable[CollectionPlan]:
    """One collection per folder of front-matter files (locale folders are part of the
    folder they are in; leaf bundles, of the section holding them), and one for a section's
    list pages; a folder inside another collection's comes first, so it wins."""
    grouped = _grouped_by_folder(files, folders)
    lists = {
        _lists_key(key): listed
        for key, members in grouped.items()
        if (listed := [f for f in members if _is_list_page(f.relative)])
        and len(listed) < len(members)
    }
    names = _collection_names([*grouped, *lists])
    film = SchemaChecker.load()
    top = tuple(f"/{escaped(path)}" for path in plain if "/" not in path)
    for key in sorted(grouped, key=lambda k: (-len(k), k)):
        members = grouped[key]
        # The section's files and its list pages show its locales together.
        locales = _infer_locales(members, folders, set_key, declared)
        listed = lists.get(_lists_key(key), [])
        if listed:  # before the section, whose include holds them too
            yield _plan(names[_lists_key(key)], _list_includes(listed), (), listed, locales, film)
            members = [f for f in members if not _is_list_page(f.relative)]
        include = _includes(members, key, folders)
        exclude = top if any(glob.startswith("/*") for glob in include) else ()
        yield _plan(names[key], include, exclude, members, locales, film)


def _lists_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """The key naming the collection of the list pages of the folder ``key``: inside it, so
    written before it (``films-lists``)."""
    return (*key, f"{_last_name(key)}-lists")


def _plan(
    name: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    members: Sequence[SiteFile],
    locales: Locales,
    film: SchemaChecker,
) -> CollectionPlan:
    return CollectionPlan(
        name=name,
        include=include,
        exclude=exclude,
        files=tuple(members),
        locales=locales,
        film=_fits(film, members),
        draft=draft_schema(name, [f.data for f in members]),
    )


def _grouped_by_folder(
    files: Sequence[SiteFile], folders: Mapping[str, str]
) -> dict[tuple[str, ...], list[SiteFile]]:
    """The files by their folder's parts without locale folders; a leaf bundle's files (a
    film's folder, ``films/alien/index.md`` beside its images) by its section's (``films``):
    a film added later has a folder of its own, which a collection per bundle would miss."""
    keys = {f.relative: _folder_key(f.relative, folders) for f in files}
    sections = _bundle_sections(keys[f.relative] for f in files if _is_leaf_page(f.relative))
    grouped: dict[tuple[str, ...], list[SiteFile]] = {}
    for file in files:
        key = keys[file.relative]
        grouped.setdefault(key[:-1] if key[:-1] in sections else key, []).append(file)
    return grouped


def _folder_key(relative: str, folders: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(part for part in PurePosixPath(relative).parts[:-1] if part not in folders)


def _bundle_sections(bundles: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The folders holding several leaf bundles (folders with an ``index.md``), as Hugo
    lays out a section of pages that keep their images beside them."""
    # Not the site's top: its collection takes its own files only (``/*.md``).
    children = Counter(key[:-1] for key in set(bundles) if len(key) > 1)
    return {section for section, count in children.items() if count >= _MIN_BUNDLES}


def _is_leaf_page(relative: str) -> bool:
    """Whether a file is a leaf bundle's page: ``index.md``, or a version of it
    (``index.en.md``)."""
    return _page_name(relative) == "index"


def _is_list_page(relative: str) -> bool:
    """Whether a file is a section's list page (Hugo's ``_index.md``, ``_index.en.md``): it
    lists the section's pages and is none of them, so their schema is not its."""
    return _page_name(relative) == "_index"


def _page_name(relative: str) -> str:
    """A file's stem without a locale-like suffix when it has one (``index.en.md``:
    ``index``); else its stem."""
    stem = PurePosixPath(relative).stem
    bases = [PurePosixPath(base).stem for base, _ in _stem_and_suffixes(relative)]
    return next((base for base in bases if base in ("index", "_index")), stem)


def _list_includes(listed: Sequence[SiteFile]) -> tuple[str, ...]:
    """A glob of the list pages (``_index*.md``) in each folder they are in: those added
    later, in another language, are theirs too."""
    folders = sorted({PurePosixPath(f.relative).parent.as_posix() for f in listed})
    return tuple(
        "/_index*.md" if folder == "." else f"{escaped(folder)}/_index*.md" for folder in folders
    )


def _collection_names(folders: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """A unique name for each folder (its parts, the top folder's none): its last part, its
    whole path joined by ``-`` when another folder ends alike, and a number after a name still
    taken (``a/films`` and ``a-films``; ``pages/`` beside the top folder's files). Unique
    ignoring case too: each draft schema is a file named after its collection."""
    keys = sorted(folders, key=lambda k: (len(k), k))  # the shortest path keeps its name
    last = Counter(_last_name(key).casefold() for key in keys)
    taken: set[str] = set()
    names: dict[tuple[str, ...], str] = {}
    for key in keys:
        alone = last[_last_name(key).casefold()] == 1
        wanted = _last_name(key) if alone else "-".join(key) or ROOT_COLLECTION
        wanted = surrogates().sub("_", wanted)  # a name's bytes that are not UTF-8
        name, number = wanted, 1
        while name.casefold() in taken:
            number += 1
            name = f"{wanted}-{number}"
        taken.add(name.casefold())
        names[key] = name
    return names


def _home(relative: str, key: tuple[str, ...], folders: Mapping[str, str]) -> str:
    """The folder a file gives the collection ``key``: its own, or, for a leaf bundle's file
    (its folder one deeper than the key, locale folders left out), its section."""
    parent = PurePosixPath(relative).parent
    folded = len(_folder_key(relative, folders)) > len(key)
    return (parent.parent if folded else parent).as_posix()


def _last_name(folder: tuple[str, ...]) -> str:
    return folder[-1] if folder else ROOT_COLLECTION


def _includes(
    members: Sequence[SiteFile], key: tuple[str, ...], folders: Mapping[str, str]
) -> tuple[str, ...]:
    """``FOLDER/**`` for each folder of the members (a leaf bundle's: its section's, named by
    ``key``), leaving out those inside another; the top folder's own files as ``/*.md`` (its
    subfolders may hold other collections)."""
    homes = sorted({_home(f.relative, key, folders) for f in members})
    kept: list[str] = []
    for folder in homes:
        if folder == ".":
            continue
        if not any(folder.startswith(outer + "/") for outer in kept):
            kept.append(folder)
    # Folder names as named: a site's [lang] or *drafts folder is no glob.
    includes = [f"{escaped(folder)}/**" for folder in kept]
    if "." in homes:
        suffixes = sorted(
            {PurePosixPath(f.relative).suffix for f in members if "/" not in f.relative}
        )
        includes[:0] = [f"/*{escaped(suffix)}" for suffix in suffixes]
    return tuple(includes)


def _fits(film: SchemaChecker, members: Sequence[SiteFile]) -> bool:
    """Whether the shipped film schema fits: (nearly) every file passes it."""
    failing = sum(1 for f in members if film.check(f.data))
    return failing <= len(members) * _FILM_FAILURES


def draft_schema(name: str, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A JSON Schema (2020-12) accepting every one of ``items``: the types seen, ``required``
    for the keys every item has, an ``enum`` where a handful of values repeat. A key only
    one item has, spelt like a common key, is left out, to be reported as unknown."""
    shape = _Shape()
    for item in items:
        shape.add(dict(item))
    common = [k for k, s in shape.properties.items() if s.count > 1]
    for key in [k for k, s in shape.properties.items() if s.count == 1 and len(items) > 2]:
        if difflib.get_close_matches(key, common, n=1, cutoff=0.8):
            del shape.properties[key]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": name,
        "description": f"Drafted by 'filmlint init' from {len(items)} files; edit to suit.",
        **shape.schema(),
    }


class _Shape:
    """What the values at one place of the data have been: their types, strings, items and
    keys."""

    def __init__(self) -> None:
        self.count = 0
        self.types: set[str] = set()
        self.strings: Counter[str] = Counter()
        self.empty_string = False
        self.non_dates = False
        self.items: _Shape | None = None
        self.objects = 0
        self.properties: dict[str, _Shape] = {}

    def add(self, value: Any) -> None:
        self.count += 1
        if isinstance(value, bool):
            self.types.add("boolean")
        elif isinstance(value, int):
            self.types.add("integer")
        elif isinstance(value, float):
            self.types.add("number")
        elif value is None:
            self.types.add("null")
        elif isinstance(value, str):
            self.types.add("string")
            if len(self.strings) <= _ENUM_MAX:  # beyond: no enum, no need to count
                self.strings[value] += 1
            self.empty_string |= not value
            self.non_dates |= not _is_date(value)
        elif isinstance(value, list):
            self.types.add("array")
            self.items = self.items or _Shape()
            for item in value:
                self.items.add(item)
        elif isinstance(value, dict):
            self.types.add("object")
            self.objects += 1
            for key, item in value.items():
                self.properties.setdefault(key, _Shape()).add(item)

    def schema(self) -> dict[str, Any]:
        types = sorted(self.types - {"integer"} if "number" in self.types else self.types)
        schema: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
        if "string" in self.types:
            schema.update(self._string_keywords())
        if self.items is not None and self.items.count:
            schema["items"] = self.items.schema()
        if "object" in self.types:
            schema["properties"] = {k: s.schema() for k, s in self.properties.items()}
            required = [k for k, s in self.properties.items() if s.count == self.objects]
            if required and self.objects > 1:
                schema["required"] = required
            schema["additionalProperties"] = False
        return schema

    def _string_keywords(self) -> dict[str, Any]:
        values = self.strings
        if (
            self.types == {"string"}
            and 2 <= len(values) <= _ENUM_MAX
            and min(values.values()) >= _ENUM_REPEATS
            and max(map(len, values)) <= _ENUM_LENGTH
        ):
            return {"enum": sorted(values)}
        keywords: dict[str, Any] = {}
        if not self.empty_string:
            keywords["minLength"] = 1
        if not self.non_dates:
            keywords["format"] = "date"
        return keywords


def _is_date(value: str) -> bool:
    import datetime

    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Countries


def _country_options(files: Sequence[SiteFile]) -> dict[str, Any]:
    """``accept`` names when most countries are not ISO 3166-1 codes; ``split`` by the
    separator most values with several countries use."""
    rule = load_registry()[COUNTRY_RULE]
    fields = rule.options["fields"].default
    values = [value for f in files for _, value in find_strings(dict(f.data), fields)]
    seen: Counter[str] = Counter()
    for value in values:
        seen.update({mark for mark in countries.SEPARATORS if mark in value})
    options: dict[str, Any] = {}
    separator = seen.most_common(1)[0][0] if seen else ""
    if separator:
        options["split"] = separator
    parts = [
        part.strip()
        for value in values
        for part in (value.split(separator) if separator else [value])
        if part.strip()
    ]
    if sum(1 for part in parts if countries.by_code(part) is None) * 2 > len(parts):
        options["accept"] = ["code", "name"]
    return options
