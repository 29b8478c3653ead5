"""Which BCP 47 tags are registered: langcodes' verdict, made strict, from a table.

Importing langcodes costs tens of milliseconds (mostly compiling its validity pattern), more
than linting a file. ``data/bcp47-subtags.json`` holds what ``langcodes.tag_is_valid`` looks
at, derived from langcodes' own data: the registered subtags (``subtags``), the codes it
replaces while reading a tag (``language_replacements``: ``iw`` is ``he``, ``zh-yue`` is
``yue``; ``region_replacements``: ``DD`` is ``DE``) and its verdict on the tags it replaces
whole (``whole_tags``: ``i-klingon``, ``en-GB-oed``). langcodes stays the source of truth:
the table records the langcodes version it was built from (``langcodes``), and a table built
from another version than the installed one is not used.

langcodes checks a tag after reading it into CLDR's preferred form, so it accepts subtags
that the IANA registry does not hold: ISO 639-2 codes (``eng`` is read as ``en``), retired
or numeric region codes (``UK`` as ``GB``, ``840`` as ``US``), and any three letters after a
language, which it reads as an extlang and never looks up (``en-qqq``). RFC 5646 calls such
tags invalid, so the table also holds, from the IANA registry that langcodes ships, the
language and region codes langcodes reads that the registry lacks (``unregistered_languages``,
``unregistered_regions``) and each extlang with the one language it may follow (``extlangs``:
``yue`` after ``zh``); a tag must pass both. Whole tags count only when the registry lists
them (grandfathered or redundant: ``zh-min-nan``, ``zh-yue``), the others are read subtag by
subtag.

After upgrading langcodes, regenerate the table with ``python -m filmlint.rulekit.subtags``
(or write it elsewhere: ``python -m filmlint.rulekit.subtags PATH``).
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).parent / "data" / "bcp47-subtags.json"

#: Replacement keys that a tag can reach: a language subtag, or a language and an extlang.
_LANGUAGE_KEY = r"[a-z]{2,8}(?:-[a-z]{3})?"
#: Region replacement keys that a region subtag can reach.
_REGION_KEY = r"[a-z]{2}|[0-9]{3}"
#: One alternative of langcodes' validity pattern: letters, digits and ranges like ``[a-f]``.
_ALTERNATIVE = r"(?:[A-Za-z0-9]|\[[A-Za-z0-9]-[A-Za-z0-9]\])+"


def is_registered(tag: str) -> bool:
    """Whether a well-formed tag (see ``langtags.is_well_formed``) is valid: langcodes'
    verdict, with each subtag as written in the IANA registry.

    The shipped table is read on first use, not on import.
    """
    return _shipped()(tag)


@cache
def _shipped() -> Callable[[str], bool]:
    return checker_from(TABLE)


def checker_from(path: Path) -> Callable[[str], bool]:
    """How the table at ``path`` decides whether a well-formed tag is registered.

    By the table when it was built from the installed langcodes. Otherwise by a table built
    from the installed langcodes on first use: right, only slower. That is so for a table
    built from another version, whose verdicts may differ (until it is regenerated), and for
    a table that is not a readable file (an install in a zip archive).
    """
    try:
        table = json.loads(path.read_bytes())
        if not installed_version_is("langcodes", table["langcodes"]):
            return _built_verdict  # a stale table: langcodes may have changed its mind
        return _Table(table).verdict
    except (OSError, ValueError, KeyError, TypeError):  # unreadable, or not a table
        return _built_verdict


def _built_verdict(tag: str) -> bool:
    return _built()(tag)


@cache
def _built() -> Callable[[str], bool]:
    try:
        return _Table(build_table()).verdict
    except (OSError, ValueError, KeyError, ImportError):  # langcodes' data has another shape
        import langcodes

        verdict: Callable[[str], bool] = langcodes.tag_is_valid
        return verdict


def installed_version_is(package: str, version: str) -> bool:
    """Whether the ``package`` that ``import`` finds is ``version``: the folder of its package
    on ``sys.path`` also holds ``PACKAGE-VERSION.dist-info``.

    importlib.metadata tells the version too, but importing it costs more than langcodes.
    """
    for entry in sys.path:
        folder = Path(entry)
        if (folder / package / "__init__.py").is_file():
            return (folder / f"{package}-{version}.dist-info").is_dir()
    return False  # not in a plain folder (a zip archive): unknown, so the package decides


class _Table:
    """``Language.get(tag).is_valid()`` of langcodes, on the data of the table."""

    def __init__(self, table: dict[str, Any]) -> None:
        self._subtags: dict[str, str] = table["subtags"]
        self._language_replacements: dict[str, str] = table["language_replacements"]
        self._region_replacements: dict[str, str] = table["region_replacements"]
        self._whole_tags: dict[str, bool] = table["whole_tags"]
        self._extlangs: dict[str, str] = table["extlangs"]
        self._unregistered_languages = frozenset(table["unregistered_languages"])
        self._unregistered_regions = frozenset(table["unregistered_regions"])

    def verdict(self, tag: str) -> bool:
        """Whether langcodes accepts the tag and the IANA registry holds its subtags."""
        lower = tag.lower()
        if lower in self._whole_tags:
            return self._whole_tags[lower]
        return self._langcodes_verdict(lower) and self._as_written(lower)

    def _as_written(self, lower: str) -> bool:
        """Whether the subtags as written, not as langcodes replaces them, are registered."""
        language, *rest = lower.split("-")
        if len(language) == 1:
            return True  # private use ("x-foo"); the irregular tags ("i-klingon") are whole
        if language in self._unregistered_languages:
            return False
        extlangs = list(itertools.takewhile(_is_extlang, rest)) if len(language) <= 3 else []
        if extlangs:
            if len(extlangs) > 1 or self._extlangs.get(extlangs[0]) != language:
                return False  # a second extlang is permanently reserved, never registered
            rest = rest[1:]
            # langcodes reads a region right after an extlang ("zh-yue-419") as a second
            # extlang, unchecked: the tag without the extlang checks it
            if not self._langcodes_verdict("-".join([language, *rest])):
                return False
        if rest and len(rest[0]) == 4 and rest[0].isalpha():
            rest = rest[1:]  # the script, whose registered ones langcodes knows
        return not (rest and _is_region(rest[0]) and rest[0] in self._unregistered_regions)

    def _langcodes_verdict(self, lower: str) -> bool:
        """The tag read as ``Language.get`` reads it, then checked as ``is_valid`` checks it
        (except for the tags it replaces whole)."""
        first, *rest = lower.split("-")
        if first == "x":
            return True  # private use: langcodes checks nothing in it
        if len(first) > 4:
            return False  # langcodes does not read a longer language subtag
        found: dict[str, str] = {}  # language, script and region, after replacements
        if first != "und":
            replacement = self._replacement(first)
            found.update({"language": first} if replacement is None else replacement)
        extlang_count = _extlang_count(rest)
        extlangs: list[str] = []
        for extlang in rest[:extlang_count]:
            merged = None
            if "language" in found:
                merged = self._replacement(f"{found['language']}-{extlang}")
            if merged is None:
                extlangs.append(extlang)
            else:
                found.update(merged)
        if len(extlangs) > 1:
            return False
        variants: list[str] = []
        singletons: list[str] = []
        for subtag in rest[extlang_count:]:
            if len(subtag) == 1:
                if subtag == "x":
                    break
                singletons.append(subtag)
            elif singletons:
                continue  # inside an extension: not registered subtags
            elif len(subtag) == 4 and subtag.isalpha():
                found["script"] = subtag.title()
            elif len(subtag) <= 3:
                found["region"] = self._region_replacements.get(subtag, subtag.upper())
            else:
                variants.append(subtag)
        checked = [*found.values(), *variants]
        if not all(subtag[-1] in self._subtags.get(subtag[:-1], "") for subtag in checked):
            return False
        checked += [f"{singleton}-" for singleton in singletons]
        return len(set(checked)) == len(checked)  # no subtag or extension twice

    def _replacement(self, key: str) -> dict[str, str] | None:
        """What langcodes puts in place of a language (or language and extlang), or None."""
        tag = self._language_replacements.get(key)
        if tag is None:
            return None
        language, *rest = tag.split("-")
        fields = {} if language == "und" else {"language": language}
        for subtag in rest:
            fields["script" if len(subtag) == 4 else "region"] = subtag
        return fields


def _is_extlang(subtag: str) -> bool:
    return len(subtag) == 3 and subtag.isalpha()


def _is_region(subtag: str) -> bool:
    return (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())


def _extlang_count(subtags: list[str]) -> int:
    """How many of the subtags after the language langcodes reads as extlangs: after a first
    one of three letters, up to three of three characters, even a region ("zh-yue-419").
    """
    if not subtags or len(subtags[0]) != 3 or not subtags[0].isalpha():
        return 0
    count = 1
    while count < min(3, len(subtags)) and len(subtags[count]) == 3:
        count += 1
    return count


def build_table() -> dict[str, Any]:
    """The table, derived from the installed langcodes.

    An error if langcodes' data has a shape the table cannot hold: a table built anyway would
    call registered tags unknown, or the reverse.
    """
    from importlib.metadata import version

    import langcodes
    from langcodes.data_dicts import (
        ALL_SCRIPTS,
        LANGUAGE_REPLACEMENTS,
        TERRITORY_REPLACEMENTS,
        VALIDITY,
    )
    from langcodes.tag_parser import EXCEPTIONS

    language_replacements = {}
    for key, replacement in LANGUAGE_REPLACEMENTS.items():
        if re.fullmatch(_LANGUAGE_KEY, key):
            language_replacements[key] = _replacement_tag(langcodes.Language.get(replacement))
    region_replacements = {
        key: region
        for key, region in TERRITORY_REPLACEMENTS.items()
        if re.fullmatch(_REGION_KEY, key)
    }
    subtags = set(_expand(VALIDITY)) | ALL_SCRIPTS
    registry = _registry()
    # the tags langcodes replaces whole that the registry lists; the others ("sgn-us",
    # "und-hakka") are read subtag by subtag, as the registry does
    whole_tags = ({key for key in LANGUAGE_REPLACEMENTS if "-" in key} | EXCEPTIONS) & set(
        registry["tag"]
    )
    # codes langcodes reads as a language or a region, which the registry does not hold
    languages = {code for code in subtags | set(language_replacements) if _is_language(code)}
    regions = {code.lower() for code in subtags if code.isupper() or code.isdigit()}
    regions = {code for code in regions | set(region_replacements) if _is_region(code)}
    return {
        "langcodes": version("langcodes"),
        "subtags": _grouped(subtags),
        "language_replacements": language_replacements,
        "region_replacements": region_replacements,
        "whole_tags": {tag: langcodes.tag_is_valid(tag) for tag in sorted(whole_tags)},
        "extlangs": registry["extlang"],
        "unregistered_languages": sorted(languages - set(registry["language"])),
        "unregistered_regions": sorted(regions - set(registry["region"])),
    }


def _is_language(code: str) -> bool:
    """Whether langcodes may read ``code`` as a language subtag: it reads up to four letters."""
    return 2 <= len(code) <= 4 and code.isalpha() and code.islower()


def _registry() -> dict[str, dict[str, str]]:
    """The IANA subtag registry that langcodes ships, in lower case, by type: each subtag with
    its prefix (an extlang's language; empty for others), and the whole tags (``tag``).

    Ranges ("qaa..qtz") are spelt out. An error if an extlang has no single prefix.
    """
    from langcodes.registry_parser import parse_registry

    registry: dict[str, dict[str, str]] = {"tag": {}}
    for record in parse_registry():  # type: ignore[no-untyped-call]
        if "Tag" in record:
            registry["tag"][record["Tag"].lower()] = ""
            continue
        prefixes = record.get("Prefix", [""])
        kind = record["Type"]
        if kind == "extlang" and len(prefixes) != 1:
            raise ValueError(f"unexpected extlang in the IANA registry: {record['Subtag']}")
        for subtag in _spelt_out(record["Subtag"].lower()):
            registry.setdefault(kind, {})[subtag] = prefixes[0].lower() if kind == "extlang" else ""
    return registry


def _spelt_out(subtag: str) -> Iterator[str]:
    """The subtags of a registry range such as ``qaa..qtz`` (in alphabetical order, of the
    same length), or the subtag itself."""
    first, _, last = subtag.partition("..")
    if not last:
        yield first
        return
    letters = "abcdefghijklmnopqrstuvwxyz"
    for letters_of in itertools.product(letters, repeat=len(first)):
        candidate = "".join(letters_of)
        if first <= candidate <= last:
            yield candidate


def _replacement_tag(language: Any) -> str:
    """A normalised replacement as a tag of language, script and region (private use is
    never checked, so dropped); an error if it has more, which ``_Table`` does not expect.
    """
    fields = language.to_dict()
    if set(fields) - {"language", "script", "territory", "private"}:
        raise ValueError(f"unexpected langcodes replacement: {language}")
    parts = [fields.get("language", "und"), fields.get("script"), fields.get("territory")]
    return "-".join(part for part in parts if part)


def _grouped(subtags: set[str]) -> dict[str, str]:
    """Subtags grouped by all but their last character, which is what the JSON holds of each:
    ``{"aa": "ab", "Lat": "fn"}`` for aaa, aab, Latf and Latn. A third of the size of a list,
    and looked up as read, without a set to build first.
    """
    grouped: dict[str, str] = {}
    for subtag in sorted(subtags):
        grouped[subtag[:-1]] = grouped.get(subtag[:-1], "") + subtag[-1]
    return grouped


def _expand(pattern: re.Pattern[str]) -> Iterator[str]:
    """Every string ``pattern`` matches: it must be ``^(A|B|...)$``, each alternative made of
    letters, digits and ranges such as ``[a-f]``, without flags (else an error).
    """
    text = pattern.pattern
    if pattern.flags != re.UNICODE or not (text.startswith("^(") and text.endswith(")$")):
        raise ValueError(f"unexpected langcodes validity pattern: {text[:40]}...")
    for alternative in text[2:-2].split("|"):
        if not re.fullmatch(_ALTERNATIVE, alternative):
            raise ValueError(f"unexpected alternative in langcodes validity pattern: {alternative}")
        choices = [
            part if len(part) == 1 else "".join(map(chr, range(ord(part[1]), ord(part[3]) + 1)))
            for part in re.findall(r"\[.-.\]|.", alternative)
        ]
        yield from map("".join, itertools.product(*choices))


def write_table(path: Path) -> None:
    """Build the table and write it to ``path``, as it is shipped."""
    text = json.dumps(build_table(), sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_table(Path(sys.argv[1]) if len(sys.argv) > 1 else TABLE)
