"""The IANA language subtag registry that langcodes ships, read independently of filmlint:
RFC 5646 validity to check filmlint's verdicts against."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import langcodes
from langcodes.registry_parser import parse_registry


@cache
def iana() -> dict[str, dict[str, str]]:
    """The IANA registry langcodes ships: subtags by type (each extlang with its prefix), and
    the whole tags (``tag``: grandfathered and redundant), in lower case."""
    registry: dict[str, dict[str, str]] = {}
    for record in parse_registry():
        if "Tag" in record:
            registry.setdefault("tag", {})[record["Tag"].lower()] = ""
            continue
        first, _, last = record["Subtag"].lower().partition("..")
        for subtag in spelt_out(first, last or first):
            registry.setdefault(record["Type"], {})[subtag] = record.get("Prefix", [""])[0].lower()
    return registry


def spelt_out(first: str, last: str) -> Iterator[str]:
    """The subtags from ``first`` to ``last``, counting in base 26 (qaa, qab, ... qtz)."""
    subtag = first
    while True:
        yield subtag
        if subtag == last:
            return
        chars = list(subtag)
        index = len(chars) - 1
        while chars[index] == "z":
            chars[index] = "a"
            index -= 1
        chars[index] = chr(ord(chars[index]) + 1)
        subtag = "".join(chars)


def iana_valid(tag: str) -> bool:
    """RFC 5646 validity by the registry alone: a listed whole tag, or each subtag listed for
    its place (an extlang after its prefix, one at most), no variant or singleton twice."""
    lower = tag.lower()
    registry = iana()
    if lower in registry["tag"]:
        return True
    language, *rest = lower.split("-")
    if language == "x":
        return True
    if language not in registry["language"]:
        return False
    seen: list[str] = []
    if rest and len(rest[0]) == 3 and rest[0].isalpha():
        if registry["extlang"].get(rest[0]) != language:
            return False
        rest = rest[1:]
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        if rest[0] not in registry["script"]:
            return False
        rest = rest[1:]
    if rest and (len(rest[0]) == 2 or (len(rest[0]) == 3 and rest[0].isdigit())):
        if rest[0] not in registry["region"]:
            return False
        rest = rest[1:]
    for subtag in rest:
        if subtag == "x":
            break
        if len(subtag) == 1:
            seen.append(subtag + "-")
        elif not any(s.endswith("-") for s in seen):
            if subtag not in registry["variant"]:
                return False  # a third extlang, a second region or script, an unknown variant
            seen.append(subtag)
    return len(set(seen)) == len(seen)


def reference(tag: str) -> bool:
    """What the table must say: langcodes accepts the tag and the registry validates it."""
    return langcodes.tag_is_valid(tag) and iana_valid(tag)
