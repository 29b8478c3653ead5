"""What a rule's ``check``, ``gather`` and ``finish`` yield, taken as the run keeps it: plain
types, or a TypeError that names what is wrong, raised inside the rule's guard, so that the
file's internal-error names the rule (a plugin's bug) and the run goes on.

The run copies what it keeps into worker pipes, its spill database and the result cache
(``marshal``, which keeps no subclass), and reporters format it: a subclass of ``str`` or
``int`` (a plugin's own string type, an ``IntEnum``) is copied as that type; a value of
another type would fail far from the rule that made it, or stop the run. Built-in rules
yield plain types, which are taken as they are after a few type checks. A related location
is at line and column 1 or after (a ValueError otherwise, SARIF allowing no less); where a
``check``'s problem lies in its file is checked by ``placement.check_places``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeGuard, TypeVar

from filmlint.diagnostics import (
    DataPath,
    Edit,
    Fix,
    Problem,
    Reference,
    ReferenceProblem,
    RelatedLocation,
    Severity,
)

_Yielded = TypeVar("_Yielded")

#: The most a plugin's ``check`` (problems) or ``gather`` (values) may yield for one file,
#: and its ``finish`` for one batch of references: far above what any real rule reports
#: (filmlint's own report at most one or two a value), so that one that yields without end
#: is an internal-error, not a run that never ends and fills the memory. filmlint's own
#: rules are not bounded: a hostile file's every list item may be a duplicate.
MOST_PER_FILE = 1_000_000


def bounded(values: Iterable[_Yielded], what: str, per: str = "one file") -> Iterator[_Yielded]:
    """``values``, raising ValueError once more than ``MOST_PER_FILE`` come (inside the
    rule's guard: its failure)."""
    for count, value in enumerate(values, 1):
        if count > MOST_PER_FILE:
            raise ValueError(f"yielded more than {MOST_PER_FILE:,} {what} for {per}")
        yield value


#: The types of a data path's steps: keys and list indexes.
_STEP_TYPES = frozenset((str, int))
_TARGETS = ("value", "key", "start", "item", "body")
_APPLICABILITIES = ("safe", "unsafe")


def pairs(values: Iterable[tuple[DataPath, str]]) -> list[tuple[DataPath, str]]:
    """A ``gather``'s (data path, value) pairs: a value a ``str``, a data path a tuple of
    ``str`` and ``int`` steps (a list of them is taken as a tuple)."""
    taken = []
    for data_path, value in values:
        if not (type(value) is str and _plain_path(data_path)):
            shown = repr(data_path)
            data_path, value = _path(data_path, "gathered at"), _text(value, f"gathered at {shown}")
        taken.append((data_path, value))
    return taken


def problems(values: Iterable[Problem]) -> list[Problem]:
    """A ``check``'s problems: each a ``Problem`` whose fields have the types it declares."""
    taken = []
    for problem in values:
        if not (
            type(problem) is Problem
            and type(problem.message) is str
            and _plain_path(problem.path)
            and problem.target in _TARGETS
            and (problem.severity is None or type(problem.severity) is Severity)
            and (problem.part is None or _plain_part(problem.part))
            and (problem.fix is None or _plain_fix(problem.fix))
            and (problem.rule is None or type(problem.rule) is str)
        ):
            problem = _problem(problem)
        taken.append(problem)
    return taken


def reference_problems(values: Iterable[ReferenceProblem]) -> list[ReferenceProblem]:
    """A ``finish``'s (or a set judge's) problems: each a ``ReferenceProblem`` whose fields
    have the types it declares (its related locations a tuple: a list is taken as one)."""
    taken = []
    for problem in values:
        if not (
            type(problem) is ReferenceProblem
            and type(problem.reference) is Reference
            and type(problem.message) is str
            and (problem.severity is None or type(problem.severity) is Severity)
            and (problem.fix is None or _plain_fix(problem.fix))
            and type(problem.related) is tuple
            and all(map(_plain_related, problem.related))
        ):
            problem = _reference_problem(problem)
        taken.append(problem)
    return taken


def _plain_path(data_path: object) -> TypeGuard[DataPath]:
    return type(data_path) is tuple and _STEP_TYPES.issuperset(map(type, data_path))


def _plain_part(part: object) -> bool:
    return type(part) is tuple and len(part) == 2 and type(part[0]) is int and type(part[1]) is int


def _plain_fix(fix: object) -> bool:
    return (
        type(fix) is Fix
        and type(fix.message) is str
        and fix.applicability in _APPLICABILITIES
        and type(fix.edits) is tuple
        and all(map(_plain_edit, fix.edits))
    )


def _plain_edit(edit: object) -> bool:
    return (
        type(edit) is Edit
        and type(edit.start) is int
        and type(edit.end) is int
        and type(edit.content) is str
    )


def _plain_related(location: object) -> bool:
    return (
        type(location) is RelatedLocation
        and type(location.path) is str
        and type(location.line) is int
        and type(location.column) is int
        and type(location.message) is str
        and location.line >= 1
        and location.column >= 1
    )


# What follows runs only for output that is not plain (a plugin's): each field taken as its
# declared type, or refused; what it makes is rebuilt whole.


def _reference_problem(problem: object) -> ReferenceProblem:
    if not isinstance(problem, ReferenceProblem):
        raise TypeError(f"yielded a {type(problem).__name__!r}, not a ReferenceProblem")
    if not isinstance(problem.reference, Reference):
        raise TypeError(f"a problem's reference is a {type(problem.reference).__name__!r}")
    _severity(problem.severity)
    if not isinstance(problem.related, tuple | list):
        raise TypeError(f"a problem's related locations are a {type(problem.related).__name__!r}")
    return replace(
        problem,
        message=_text(problem.message, "a problem's message"),
        fix=None if problem.fix is None else _fix(problem.fix),
        related=tuple(_related(location) for location in problem.related),
    )


def _related(location: object) -> RelatedLocation:
    if not isinstance(location, RelatedLocation):
        raise TypeError(f"a related location is a {type(location).__name__!r}")
    line = _offset(location.line, "a related location's line")
    column = _offset(location.column, "a related location's column")
    if line < 1 or column < 1:  # lines and columns count from 1 (SARIF refuses less)
        raise ValueError(f"a related location is at line {line}, column {column}")
    return RelatedLocation(
        _text(location.path, "a related location's path"),
        line,
        column,
        _text(location.message, "a related location's message"),
    )


def _severity(severity: object) -> None:
    if severity is not None and type(severity) is not Severity:
        raise TypeError(f"a problem's severity is a {type(severity).__name__!r}")


def _problem(problem: object) -> Problem:
    if not isinstance(problem, Problem):
        raise TypeError(f"yielded a {type(problem).__name__!r}, not a Problem")
    if problem.target not in _TARGETS:
        raise TypeError(f"a problem's target is {problem.target!r}, none of {_TARGETS}")
    _severity(problem.severity)
    return replace(
        problem,
        message=_text(problem.message, "a problem's message"),
        path=_path(problem.path, "a problem at"),
        part=None if problem.part is None else _part(problem.part),
        fix=None if problem.fix is None else _fix(problem.fix),
        rule=None if problem.rule is None else _text(problem.rule, "a problem's rule"),
    )


def _fix(fix: object) -> Fix:
    if not isinstance(fix, Fix):
        raise TypeError(f"a problem's fix is a {type(fix).__name__!r}, not a Fix")
    if fix.applicability not in _APPLICABILITIES:
        raise TypeError(f"a fix's applicability is {fix.applicability!r}, not 'safe' or 'unsafe'")
    if not isinstance(fix.edits, tuple):
        raise TypeError(f"a fix's edits are a {type(fix.edits).__name__!r}, not a tuple")
    return replace(
        fix,
        message=_text(fix.message, "a fix's message"),
        edits=tuple(_edit(edit) for edit in fix.edits),
    )


def _edit(edit: object) -> Edit:
    if not isinstance(edit, Edit):
        raise TypeError(f"a fix's edit is a {type(edit).__name__!r}, not an Edit")
    return replace(
        edit,
        start=_offset(edit.start, "an edit's start"),
        end=_offset(edit.end, "an edit's end"),
        content=_text(edit.content, "an edit's content"),
    )


def _part(part: object) -> tuple[int, int]:
    if not isinstance(part, tuple) or len(part) != 2:
        raise TypeError(f"a problem's part is {part!r}, not a pair of offsets")
    return _offset(part[0], "a part's start"), _offset(part[1], "a part's end")


def _text(value: object, what: str) -> str:
    if type(value) is str:
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what}: a {type(value).__name__!r}, not a str")
    return str.__str__(value)


def _offset(value: object, what: str) -> int:
    if type(value) is int:
        return value
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what}: a {type(value).__name__!r}, not an int")
    return int.__index__(value)


def _path(data_path: object, what: str) -> DataPath:
    """``data_path`` as a tuple (a list is taken too), its steps of exactly ``_STEP_TYPES``."""
    if not isinstance(data_path, tuple | list):
        raise TypeError(f"{what} a data path of type {type(data_path).__name__!r}")
    steps: list[str | int] = []
    for step in data_path:
        if isinstance(step, str):
            steps.append(str.__str__(step))
        elif isinstance(step, int) and not isinstance(step, bool):
            steps.append(int.__index__(step))
        else:
            raise TypeError(f"{what} a data path with a step of type {type(step).__name__!r}")
    return tuple(steps)
