"""Field patterns: how configuration names the values a rule looks at.

``country`` is a top-level key, ``sourceUrl[*].url`` the ``url`` of every item of the list
``sourceUrl``, ``cast[0]`` its first item, and ``links.*`` every value of a mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from filmlint.diagnostics import Path
from filmlint.registry import Option

_STEP = re.compile(r"\[(\*|\d+)\]|\.?([^.\[\]]+)")
ANY = "*"


class FieldPatternError(ValueError):
    """A field pattern that cannot be read."""


@cache
def compile_pattern(pattern: str) -> tuple[str | int, ...]:
    """``sourceUrl[*].url`` -> ``("sourceUrl", "*", "url")``; list indexes become ints."""
    steps: list[str | int] = []
    position = 0
    while position < len(pattern):
        match = _STEP.match(pattern, position)
        if match is None or (position == 0 and pattern.startswith(".")):
            raise FieldPatternError(f"bad field pattern {pattern!r} at character {position + 1}")
        index, name = match.groups()
        steps.append(int(index) if index is not None and index != ANY else (index or name))
        position = match.end()
    if not steps:
        raise FieldPatternError("empty field pattern")
    return tuple(steps)


def fields_option(default: list[str], help: str) -> Option:
    """A rule option that lists field patterns, each checked when the configuration is read."""
    return Option(default, help, validate=_pattern_problem)


def _pattern_problem(patterns: Any) -> str | None:
    for pattern in patterns:
        try:
            compile_pattern(pattern)
        except FieldPatternError as error:
            return str(error)
    return None


def find(data: Any, pattern: str) -> Iterator[tuple[Path, Any]]:
    """Each (path, value) that ``pattern`` names in ``data``, in document order."""
    yield from _walk(data, compile_pattern(pattern), ())


def find_all(data: Any, patterns: Iterable[str]) -> Iterator[tuple[Path, Any]]:
    """The values of several patterns, each once, in the order of the patterns."""
    seen: set[Path] = set()
    for pattern in patterns:
        for path, value in find(data, pattern):
            if path not in seen:
                seen.add(path)
                yield path, value


def _walk(value: Any, steps: tuple[str | int, ...], path: Path) -> Iterator[tuple[Path, Any]]:
    if not steps:
        yield path, value
        return
    step, rest = steps[0], steps[1:]
    if step == ANY:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(item, rest, (*path, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from _walk(item, rest, (*path, key))
    elif isinstance(step, int):
        if isinstance(value, list) and step < len(value):
            yield from _walk(value[step], rest, (*path, step))
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest, (*path, step))


def find_strings(data: Any, patterns: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """The strings the patterns name, and the string items of lists they name, with paths.

    Values of other types are skipped: the schema reports them.
    """
    for path, value in find_all(data, patterns):
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield (*path, index), item
