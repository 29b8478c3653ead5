"""A running time is a whole number of minutes, bare or with a known unit, in a sane range.

Sites show, sort and filter films by running time; that only works when every file writes it
the same way. A duration is a number of minutes (`139`, or the text `"139"`), or the number
followed by one of the `units` with or without a space: `"139 min"`, `"139 minutes"`,
`"139分钟"`, `"139 分钟"`, `"139分"`, `"139分鐘"`. Units are matched ignoring case.

Reported: other units or forms, with the duration in minutes suggested when it can be read
(`"2h 19m"` -> `"139 min"`, an unsafe fix); zero, negative or fractional minutes; and
durations outside `min` to `max` minutes (a typo such as `1390`). Stray or doubled spaces
(`" 139 min"`, `"139  min"`) have a safe fix.

Bad:

    duration: "2h 19m"

Good:

    duration: "139 min"
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from filmlint.api import DataPath, Option, Problem, Severity, fields_option, find_all, replace_value

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "duration-format"
CODE = "FL207"
TABLE_SUMMARY = (
    'a running time in an unknown form (`"2h 19m"`: suggests `"139 min"`), not positive, or out '
    "of range"
)
SEVERITY = Severity.ERROR
OPTIONS = {
    "fields": fields_option(["duration"], "Fields that hold a running time."),
    "units": Option(
        ["min", "minutes", "分钟", "分", "分鐘"],
        "Units of minutes that may follow the number; the first is used in suggestions.",
        validate=lambda units: None if units else "expected at least one unit",
    ),
    "min": Option(1, "Shortest running time accepted, in minutes."),
    "max": Option(1000, "Longest running time accepted, in minutes."),
}


def options_problem(options: Mapping[str, Any]) -> str | None:
    """Past each other, ``min`` and ``max`` would have every duration reported."""
    low, high = options["min"], options["max"]
    return f"min ({low}) is more than max ({high})" if low > high else None


MAX_LENGTH = 64
_AMOUNT = re.compile(r"\s*([+-]?\d+(?:[.,]\d+)?)(\s*)(.*?)\s*", re.DOTALL)
_CLOCK = re.compile(r"\s*(\d+):([0-5]\d)(?::00)?\s*")
_WHOLE = re.compile(r"[+-]?\d+")


@cache
def _hours_minutes() -> re.Pattern[str]:
    """Hours and minutes as people write them: "2h 19m", "2 hours 19 minutes", "2小时19分钟".
    Compiled on first use (its case folding costs a one-file check more than the rule's
    other patterns): most durations are minutes with a known unit."""
    return re.compile(
        r"\s*(?:(\d+)\s*(?:h|hr|hrs|hours?|小时|小時|時間)\.?)?\s*,?\s*"
        r"(?:(\d+)\s*(?:m|mn|mins?|minutes?|分钟|分鐘|分)\.?)?\s*",
        re.IGNORECASE,
    )


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    units = {unit.casefold() for unit in options["units"]}
    for path, value in find_all(document.data, options["fields"]):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            continue  # the schema reports values of the wrong type
        if isinstance(value, int):
            problem = _range_problem(path, value, _shown(value), options)
        else:
            problem = _text_problem(document, path, value, units, options)
        if problem is not None:
            yield problem


def _text_problem(
    document: Document, path: DataPath, text: str, units: set[str], options: Mapping[str, Any]
) -> Problem | None:
    if len(text) > MAX_LENGTH:  # also keeps the patterns below from backtracking long
        return Problem(path, "this is not a duration: write a number of minutes")
    amount = _AMOUNT.fullmatch(text)
    if amount is not None and (not amount.group(3) or amount.group(3).casefold() in units):
        number, space, unit = amount.groups()
        if not _WHOLE.fullmatch(number):
            return Problem(path, f"duration {text!r} is not a whole number of minutes")
        problem = _range_problem(path, int(number), repr(text.strip()), options)
        if problem is not None:
            return problem
        canonical = number.lstrip("+") + (" " if space and unit else "") + unit
        if canonical == text:
            return None
        fix = replace_value(document, path, canonical, f"write {canonical!r}")
        return Problem(path, f"write the duration {text!r} as {canonical!r}", fix=fix)
    minutes = _minutes(text)
    if minutes is None:
        if amount is not None:
            known = ", ".join(options["units"])
            return Problem(
                path, f"unknown unit {amount.group(3)!r} in {text!r}; write minutes ({known})"
            )
        example = _written(139, options["units"][0])
        return Problem(path, f"unknown duration {text!r}; write minutes, e.g. {example!r}")
    suggestion = _written(minutes, options["units"][0])
    fix = replace_value(document, path, suggestion, f"write {suggestion!r}", "unsafe")
    return Problem(path, f"write the duration {text!r} as {suggestion!r}", fix=fix)


def _shown(minutes: int) -> str:
    """The number, in scientific notation past 20 digits (a message shows a few, not
    thousands: Python cannot even write one of over 4,300 digits with ``str``)."""
    exact = Decimal(minutes)
    return format(exact, ".6e") if exact.adjusted() >= 20 else str(minutes)


def _range_problem(
    path: DataPath, minutes: int, shown: str, options: Mapping[str, Any]
) -> Problem | None:
    if minutes <= 0:
        return Problem(path, f"duration {shown} is not a positive number of minutes")
    if minutes < options["min"]:
        return Problem(path, f"duration {shown} is shorter than {options['min']} minutes")
    if minutes > options["max"]:
        return Problem(path, f"duration {shown} is longer than {options['max']} minutes")
    return None


def _minutes(text: str) -> int | None:
    """Minutes in hours-and-minutes forms (``2h 19m``, ``2:19``), or None."""
    clock = _CLOCK.fullmatch(text)
    if clock is not None:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    match = _hours_minutes().fullmatch(text)
    if match is None or not any(match.groups()):
        return None
    hours, minutes = (int(group or 0) for group in match.groups())
    total = hours * 60 + minutes
    return total if total > 0 else None


def _written(minutes: int, unit: str) -> str:
    """``139 min`` for Latin units, ``139分钟`` for CJK ones, as they are usually written."""
    return f"{minutes} {unit}" if unit[:1].isascii() else f"{minutes}{unit}"
