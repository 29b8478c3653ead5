"""A language's likely script and region, and the registry's scripts: langcodes' answers, from
a table instead of langcodes and language-data.

The script rules ask which script a file's language is written in (CLDR's likely subtags, as
langcodes' ``maximize`` reads them) and what a script code stands for (the IANA registry that
language-data ships). Importing langcodes and reading the registry cost a process about 55 ms
the first time a file not in plain Latin comes: every worker of a run, and a one-file run on
a Chinese file, paid it. ``data/likely-scripts.json`` holds what those answers are made of:
CLDR's likely subtags, the macrolanguages langcodes prefers, the codes it replaces while
reading a tag, and the registry's script descriptions. It records the langcodes and
language-data versions it was built from; built from others than the installed ones, it is
not used, and langcodes decides, as it does for any tag the table does not cover (one not
written in canonical case, or with more than a language, script and region).

After upgrading langcodes or language-data, regenerate the table with
``python -m filmlint.rulekit.likely_scripts`` (or ``... PATH`` to write it elsewhere).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from filmlint.rulekit.subtags import installed_version_is

TABLE = Path(__file__).parent / "data" / "likely-scripts.json"

#: A tag the table answers for: a language, then a script and a region, in canonical case.
_SIMPLE = re.compile(r"([a-z]{2,3})(?:-([A-Z][a-z]{3}))?(?:-([A-Z]{2}|[0-9]{3}))?")


def likely(tag: str) -> tuple[str | None, str | None] | None:
    """The script and region langcodes gives ``tag`` (its own, else CLDR's likely ones), or
    None when the table cannot say: langcodes must."""
    table = _shipped()
    found = _SIMPLE.fullmatch(tag)
    if table is None or found is None:
        return None
    language, script, region = found.groups()
    if tag.lower() in table["replaced"] or language in table["replaced"]:
        return None  # langcodes reads another tag in its place
    if region is not None and region.lower() in table["replaced_regions"]:
        return None
    likely_subtags: dict[str, str] = table["likely"]
    if language == "und" or language not in likely_subtags:
        return script, region  # as langcodes: not maximized ("und" is no language to it)
    macro = table["macrolanguages"].get(language, language)
    tried = _broader(language, macro, script, region)
    # The broadest, the language alone, is a key (checked above).
    filled = next((likely_subtags[t] for t in tried if t in likely_subtags), None)
    _, likely_script, likely_region = (filled or likely_subtags[language]).split("-")
    return script or likely_script, region or likely_region


def _broader(language: str, macro: str, script: str | None, region: str | None) -> Iterator[str]:
    """The tags langcodes' ``broader_tags`` tries before the language alone, in its order:
    with script and region, with the region, with the script; each as written, then with
    its macrolanguage (UTS #35, likely subtags)."""
    for parts in ((script, region), (None, region), (script, None)):
        for start in (language, macro):
            yield "-".join([start, *(part for part in parts if part)])


def parsed_registry_scripts() -> dict[str, str]:
    """Each script subtag of the IANA registry with its (first) description, read from the
    registry itself (715 KB of text)."""
    record = r"^Type: script\nSubtag: (\w{4})\nDescription: ([^\n]*(?:\n  [^\n]*)*)"
    return {
        code: " ".join(description.split())
        for code, description in re.findall(record, registry_text(), re.MULTILINE)
    }


@cache
def registry_text() -> str:
    """The IANA language subtag registry that language-data ships."""
    from language_data.util import data_filename

    return Path(data_filename("language-subtag-registry.txt")).read_text(encoding="utf-8")


def registry_scripts() -> dict[str, str] | None:
    """Each script subtag of the IANA registry with its (first) description, or None when
    the table cannot say (the registry must be read)."""
    table = _shipped()
    return None if table is None else table["scripts"]


@cache
def _shipped() -> dict[str, Any] | None:
    return table_from(TABLE)


def table_from(path: Path) -> dict[str, Any] | None:
    """The table at ``path`` when it was built from the installed langcodes and
    language-data; else None (a stale table, or one that is not a readable file)."""
    try:
        table: dict[str, Any] = json.loads(path.read_bytes())
        current = installed_version_is("langcodes", table["langcodes"]) and (
            installed_version_is("language_data", table["language_data"])
        )
        if not current:
            return None
        table["replaced"] = frozenset(table["replaced"])
        table["replaced_regions"] = frozenset(table["replaced_regions"])
        return table
    except (OSError, ValueError, KeyError, TypeError):
        return None


def build_table() -> dict[str, Any]:
    """The table, from the installed langcodes and language-data."""
    from importlib.metadata import version

    from langcodes.data_dicts import (
        LANGUAGE_REPLACEMENTS,
        LIKELY_SUBTAGS,
        NORMALIZED_MACROLANGUAGES,
        TERRITORY_REPLACEMENTS,
    )

    for filled in LIKELY_SUBTAGS.values():
        if not re.fullmatch(r"[a-z]{2,3}-[A-Z][a-z]{3}-(?:[A-Z]{2}|[0-9]{3})", filled):
            raise ValueError(f"unexpected likely subtags in langcodes: {filled}")
    return {
        "langcodes": version("langcodes"),
        "language_data": version("language_data"),
        "likely": dict(sorted(LIKELY_SUBTAGS.items())),
        "macrolanguages": dict(sorted(NORMALIZED_MACROLANGUAGES.items())),
        "replaced": sorted(LANGUAGE_REPLACEMENTS),
        "replaced_regions": sorted(TERRITORY_REPLACEMENTS),
        "scripts": parsed_registry_scripts(),
    }


def write_table(path: Path) -> None:
    """Build the table and write it to ``path``, as it is shipped."""
    text = json.dumps(build_table(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_table(Path(sys.argv[1]) if len(sys.argv) > 1 else TABLE)
