"""Field patterns: how configuration names the values a rule looks at.

``country`` is a top-level key, ``sourceUrl[*].url`` the ``url`` of every item of the list
``sourceUrl``, ``cast[0]`` its first item, and ``links.*`` every value of a mapping. ``**``
stands for any number of steps, none included: ``**`` alone is every value at any depth (the
whole front matter first), and ``**.url`` every ``url`` key wherever it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from filmlint.diagnostics import DataPath
from filmlint.rulekit.declaration import Option

_STEP = re.compile(r"\[(\*|\d+)\]|\.?([^.\[\]]+)")
ANY = "*"
ANY_DEPTH = "**"


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


def field_option(default: str, help: str) -> Option:
    """A rule option that names one field pattern, checked when the configuration is read."""
    return Option(default, help, validate=lambda pattern: _pattern_problem([pattern]))


def _pattern_problem(patterns: Any) -> str | None:
    for pattern in patterns:
        try:
            compile_pattern(pattern)
        except FieldPatternError as error:
            return str(error)
    return None


def find(data: Any, pattern: str) -> Iterator[tuple[DataPath, Any]]:
    """Each (path, value) that ``pattern`` names in ``data``, in document order.

    ``**`` gives the values it reaches at one level before those below it (``**`` alone is
    plain document order); a pattern with ``**`` twice can reach a value by two routes, and
    ``find_all`` gives it once.
    """
    found: list[tuple[DataPath, Any]] = []
    _lookup(data, _planned((pattern,))[0][0], found)
    yield from found


def find_all(data: Any, patterns: Iterable[str]) -> Iterator[tuple[DataPath, Any]]:
    """The values of several patterns, each once, in the order of the patterns."""
    yield from _found(data, patterns)


def _found(data: Any, patterns: Iterable[str]) -> list[tuple[DataPath, Any]]:
    """What ``find_all`` gives, as a list: rules look up several patterns in every file."""
    entries, distinct = _planned(tuple(patterns))
    found: list[tuple[DataPath, Any]] = []
    for entry in entries:
        _lookup(data, entry, found)
    if distinct:
        return found  # one route to each value: nothing to remember
    first: dict[DataPath, Any] = {}
    for path, value in found:
        first.setdefault(path, value)
    return list(first.items())


#: A pattern as ``_lookup`` looks it up: its key and path when it is a top-level key (else
#: None and no path), its steps, and for ``key[*].name`` (``sourceUrl[*].url``) the key and
#: the name (else None).
_Entry = tuple[str | None, DataPath, tuple[str | int, ...], tuple[str, str] | None]


@lru_cache(maxsize=256)
def _planned(patterns: tuple[str, ...]) -> tuple[tuple[_Entry, ...], bool]:
    """How ``_found`` looks up ``patterns`` (the same few lists, for every file), and whether
    no two of them can reach the same value (distinct top-level keys, or one pattern with
    at most one ``**``), so that it need not remember what it found."""
    entries: list[_Entry] = []
    for pattern in patterns:
        steps = compile_pattern(pattern)
        plain = [isinstance(step, str) and step not in (ANY, ANY_DEPTH) for step in steps]
        key = steps[0]
        if len(steps) == 1 and plain[0]:
            entries.append((str(key), (key,), steps, None))
        elif len(steps) == 3 and steps[1] == ANY and plain[0] and plain[2]:
            entries.append((None, (), steps, (str(key), str(steps[2]))))
        else:
            entries.append((None, (), steps, None))
    keys = [key for key, _, _, _ in entries]
    distinct = (len(entries) == 1 and entries[0][2].count(ANY_DEPTH) < 2) or (
        None not in keys and len(set(keys)) == len(keys)
    )
    return tuple(entries), distinct


def _lookup(data: Any, entry: _Entry, found: list[tuple[DataPath, Any]]) -> None:
    """Append what a planned pattern names in ``data`` to ``found``: the usual patterns, a
    top-level key and a name in each item of a list, without a call per step."""
    key, path, steps, items = entry
    if key is not None:
        if isinstance(data, dict) and key in data:
            found.append((path, data[key]))
        return
    if items is not None and isinstance(data, dict):
        listed_key, name = items
        listed = data.get(listed_key)
        if type(listed) is list:  # else walked: the items of a mapping, say
            found += (
                ((listed_key, index, name), item[name])
                for index, item in enumerate(listed)
                if isinstance(item, dict) and name in item
            )
            return
    _collect(data, steps, (), found)


def _collect(
    value: Any, steps: tuple[str | int, ...], path: DataPath, found: list[tuple[DataPath, Any]]
) -> None:
    """Append what ``steps`` name from ``value`` to ``found``: plain recursion, not a
    generator per step (rules look up several patterns in every file)."""
    if not steps:
        found.append((path, value))
        return
    step, rest = steps[0], steps[1:]
    if step == ANY_DEPTH:
        if not rest:
            _visit(value, path, found)
        else:
            for inner_path, inner in _descendants(value, path):
                _collect(inner, rest, inner_path, found)
    elif step == ANY:
        for key, item in _children(value):
            _collect(item, rest, (*path, key), found)
    elif isinstance(step, int):
        if isinstance(value, list) and step < len(value):
            _collect(value[step], rest, (*path, step), found)
    elif isinstance(value, dict) and step in value:
        _collect(value[step], rest, (*path, step), found)


def find_strings(data: Any, patterns: Iterable[str]) -> Iterator[tuple[DataPath, str]]:
    """The strings the patterns name, and the string items of lists they name, with paths.

    Values of other types are skipped: the schema reports them.
    """
    strings: list[tuple[DataPath, str]] = []
    for path, value in _found(data, patterns):
        if isinstance(value, str):
            strings.append((path, value))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    strings.append(((*path, index), item))
    return iter(strings)


def _children(value: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(value, list):
        yield from enumerate(value)
    elif isinstance(value, dict):
        yield from value.items()


def _descendants(value: Any, path: DataPath) -> Iterator[tuple[DataPath, Any]]:
    """``value`` and everything below it, in document order.

    Collected by plain recursion, not by a generator per level: this is the whole tree, and
    ``**`` is a common pattern.
    """
    found: list[tuple[DataPath, Any]] = []
    _visit(value, path, found)
    return iter(found)


def _visit(value: Any, path: DataPath, found: list[tuple[DataPath, Any]]) -> None:
    # A module function, not a closure calling itself: that closure would be a reference
    # cycle holding the whole data tree until the cyclic garbage collector ran.
    found.append((path, value))
    if isinstance(value, list):
        for index, item in enumerate(value):
            _visit(item, (*path, index), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _visit(item, (*path, key), found)
