"""How a site's files name their locale: suffixes, locale folders, a locale key, the
default. A locale suffix is one that many files share with a base file beside them, a locale
folder one whose files have counterparts in the base or a sibling locale folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from filmlint.engine.settings import SUFFIX_SEPARATORS
from filmlint.engine.site_generators import Declared
from filmlint.engine.site_languages import majority, registered_tag, tag_for
from filmlint.engine.site_model import Locales, SiteFile
from filmlint.rulekit.langtags import canonical_case, is_well_formed

#: Keys that may hold a file's own language tag (``locale.key``).
_LOCALE_KEYS = ("lang", "locale", "language")
#: Keys naming a film's set across languages when its versions' names differ (Hugo's).
_SET_KEYS = ("translationKey",)
#: Fewest files sharing a suffix or folder, with counterparts, for it to name a locale.
_MIN_LOCALE_FILES = 2


def infer_locales(
    files: Sequence[SiteFile],
    site_folders: Mapping[str, str],
    set_key: str | None,
    declared: Declared | None = None,
) -> Locales:
    """The locales of ``files`` (a collection's), with the site's locale folders on their
    paths; ``declared``: the default language the site's generator declares, taken where
    no base locale shows."""
    suffixes = _locale_suffixes(files, counterparts(files, set_key))
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
    default = majority(base_guesses)
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


def stem_and_suffixes(relative: str) -> Iterable[tuple[str, str]]:
    """(stem without it, suffix) for each locale-like ending of a file's stem: one or two
    parts after a separator (``film-en``, ``film.zh-tw``)."""
    path = PurePosixPath(relative)
    stem = path.stem
    for separator in SUFFIX_SEPARATORS:
        parts = stem.split(separator)
        for size in (1, 2):
            if len(parts) > size:
                suffix = "-".join(parts[-size:]).replace("_", "-")  # film.zh_TW.md
                if is_well_formed(suffix):
                    base = separator.join(parts[:-size])
                    yield str(path.with_name(base + path.suffix)), separator.join(parts[-size:])


def set_key(files: Sequence[SiteFile]) -> str | None:
    """A key whose values at least two sets of several files share."""
    for key in _SET_KEYS:
        values = Counter(f.data[key] for f in files if isinstance(f.data.get(key), str))
        if sum(1 for count in values.values() if count > 1) >= _MIN_LOCALE_FILES:
            return key
    return None


def counterparts(files: Sequence[SiteFile], set_key: str | None) -> dict[str, list[SiteFile]]:
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
    language than those versions; or that fewer files share, each of whose films has a
    version under such a suffix."""
    by_path = {f.relative: f for f in files}
    by_base = _suffixed_by_base(files)
    paired: dict[str, list[tuple[SiteFile, SiteFile]]] = {}
    ending: Counter[str] = Counter()
    for file in files:
        for base, suffix in stem_and_suffixes(file.relative):
            ending[suffix] += 1
            # A set key links versions whatever their names (the-alien.en.md: alien.md).
            versions = [by_path[base]] if base in by_path else counterparts[file.relative]
            unsuffixed = [b for b in versions if _suffix_of(b.relative, {suffix: ""}) is None]
            siblings = [f for f, other in by_base.get(base, ()) if other != suffix]
            if unsuffixed or siblings:
                paired.setdefault(suffix, []).append((file, (unsuffixed or siblings)[0]))
    suffixes: dict[str, str] = {}
    few: list[str] = []
    for suffix, pairs in sorted(paired.items()):
        if len(pairs) * 2 <= ending[suffix]:
            continue
        if len(pairs) < _MIN_LOCALE_FILES:
            few.append(suffix)
        elif (tag := _suffix_tag(suffix, pairs)) is not None:
            suffixes[suffix] = tag
    # A suffix of fewer files is a locale's still when each of them has a version under a
    # locale suffix, beside it or of its set (a language just begun: x-fr.md beside x.md
    # and x-en.md).
    for suffix in few:
        pairs = paired[suffix]
        versions_of = (
            [f for f, _ in by_base[base] if f is not file] + list(counterparts[file.relative])
            for file, _ in pairs
            for base, its in stem_and_suffixes(file.relative)
            if its == suffix
        )
        if all(any(_suffix_of(v.relative, suffixes) for v in vs) for vs in versions_of):
            tag = _suffix_tag(suffix, pairs)
            if tag is not None:
                suffixes[suffix] = tag
    return dict(sorted(suffixes.items()))


def _suffix_tag(suffix: str, pairs: Sequence[tuple[SiteFile, SiteFile]]) -> str | None:
    """The tag ``suffix`` names, its files being versions of ``pairs``' others; None when
    they are no translations of them (a sequel in its film's language) or it names no
    locale they are written in."""
    if not (_translated(pairs) or _names_another_language(suffix, pairs)):
        return None
    return tag_for(suffix, (f.language for f, _ in pairs))


def _suffixed_by_base(files: Sequence[SiteFile]) -> dict[str, list[tuple[SiteFile, str]]]:
    """The files with a locale-like suffix, and the suffix, by the path without it."""
    by_base: dict[str, list[tuple[SiteFile, str]]] = {}
    for file in files:
        for base, suffix in stem_and_suffixes(file.relative):
            by_base.setdefault(base, []).append((file, suffix))
    return by_base


def _names_another_language(suffix: str, pairs: Sequence[tuple[SiteFile, SiteFile]]) -> bool:
    """Whether ``suffix`` is a registered tag of another language than its versions' (``fr``
    beside English): a French text is guessed English as any Latin text is, so the guesses
    alone cannot tell the two apart."""
    tag = registered_tag(suffix)
    guessed = majority(base.language for _, base in pairs)
    return tag is not None and guessed is not None and tag.split("-")[0] != guessed.split("-")[0]


def _translated(pairs: Sequence[tuple[SiteFile, SiteFile]]) -> bool:
    """Whether most (file, base) pairs whose languages are known are in two languages: files
    in their bases' own (``rocky-ii.md`` beside ``rocky.md``) are no translations."""
    known = [
        file.language != base.language for file, base in pairs if file.language and base.language
    ]
    return not known or sum(known) * 2 > len(known)


def locale_folders(
    files: Sequence[SiteFile],
    paths: set[str],
    counterparts: Mapping[str, Sequence[SiteFile]],
) -> dict[str, str]:
    """Folder names that are registered language tags, whose files have a counterpart in the
    base position (``films/en/x.md``: ``films/x.md``) or in a sibling locale folder
    (``en/films/x.md``: ``fr/films/x.md``), by name or, named apart, by their set key
    (``en/films/the-x.md``: ``zh/films/x.md``, of the same translationKey): at least two
    such files, or fewer that each have a version in their place under such a folder."""
    by_position: dict[tuple[str, ...], set[str]] = {}  # path with a wildcard -> names there
    candidates: list[tuple[SiteFile, int, str]] = []
    for file in files:
        parts = PurePosixPath(file.relative).parts
        for index, name in enumerate(parts[:-1]):
            if registered_tag(name) is not None:
                candidates.append((file, index, name))
                wildcard = (*parts[:index], "*", *parts[index + 1 :])
                by_position.setdefault(wildcard, set()).add(name)
    paired: dict[str, list[tuple[SiteFile, int]]] = {}
    for file, index, name in candidates:
        parts = PurePosixPath(file.relative).parts
        without = "/".join((*parts[:index], *parts[index + 1 :]))
        wildcard = (*parts[:index], "*", *parts[index + 1 :])
        by_set = _in_locale_position(file, index, counterparts[file.relative])
        if without in paths or len(by_position[wildcard]) > 1 or by_set:
            paired.setdefault(name, []).append((file, index))
    folders: dict[str, str] = {}
    few: list[str] = []
    for name, with_counterpart in sorted(paired.items()):
        if len(with_counterpart) < _MIN_LOCALE_FILES:
            few.append(name)
        elif (tag := tag_for(name, (f.language for f, _ in with_counterpart))) is not None:
            folders[name] = tag
    # A folder of fewer files is a locale's still when each of them has a version in the same
    # place under a locale folder (a language just begun: fr/films/x.md beside en/films/x.md):
    # the versions say what a count cannot.
    for name in few:
        beside = paired[name]
        if all(
            _beside_locale_folder(file, index, folders, paths, counterparts[file.relative])
            for file, index in beside
        ):
            tag = tag_for(name, (f.language for f, _ in beside))
            if tag is not None:
                folders[name] = tag
    return dict(sorted(folders.items()))


def _beside_locale_folder(
    file: SiteFile,
    index: int,
    folders: Mapping[str, str],
    paths: set[str],
    versions: Sequence[SiteFile],
) -> bool:
    """Whether ``file`` has a version with one of the locale ``folders`` in place of its
    folder at ``index``: at its path, or, named otherwise, one of ``versions`` (its set's)."""
    parts = PurePosixPath(file.relative).parts
    before, after = parts[:index], parts[index + 1 :]
    if any("/".join((*before, other, *after)) in paths for other in folders):
        return True
    return any(_folder_in_place(file, index, version) in folders for version in versions)


def _in_locale_position(file: SiteFile, index: int, versions: Sequence[SiteFile]) -> bool:
    """Whether one of ``versions`` (of the film of ``file``, whose folder ``index`` of its
    path is a locale-like name) is in the base position, that folder left out, or in another
    locale-like folder in its place."""
    own = PurePosixPath(file.relative).parts[index]
    for version in versions:
        name = _folder_in_place(file, index, version)
        if name == "" or (name not in (None, own) and registered_tag(name) is not None):
            return True
    return False


def _folder_in_place(file: SiteFile, index: int, version: SiteFile) -> str | None:
    """The folder ``version`` is in where ``file``'s path has its folder at ``index``, the
    rest of their folders alike: "" when it has none there (the base position); None when
    the rest differs."""
    folder = PurePosixPath(file.relative).parts[:-1]
    before, after = folder[:index], folder[index + 1 :]
    other = PurePosixPath(version.relative).parts[:-1]
    if other == (*before, *after):
        return ""
    if len(other) == len(folder) and (other[:index], other[index + 1 :]) == (before, after):
        return other[index]
    return None


def _suffix_of(relative: str, suffixes: Mapping[str, str]) -> str | None:
    stem = PurePosixPath(relative).stem
    for suffix in sorted(suffixes, key=len, reverse=True):
        if any(stem.endswith(separator + suffix) for separator in SUFFIX_SEPARATORS):
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
