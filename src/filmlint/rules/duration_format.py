"""A running time is a whole number of minutes, bare or with a known unit, in a sane range.

Sites show, sort and filter films by running time; that only works when every file writes it
the same way. A duration is a number of minutes (`139`, or the text `"139"`), or the number
followed by one of the `units` with or without a space: `"139 min"`, `"139 minutes"`,
`"139分钟"`, `"139 分钟"`, `"139分"`, `"139分鐘"`. Units are matched ignoring case.

Reported: other units or forms, with the duration in minutes suggested when it can be read
(`"2h 19m"` or `"2:19"` -> `"139 min"`, `"1.5h"` -> `"90 min"`, an unsafe fix); zero,
negative or fractional minutes (`"2:19:30"`); and durations outside `min` to `max` minutes
(a typo such as `1390`), in whatever form they are written (`"25h"`, `5000.0`): no fix is
suggested that the rule would then reject. Stray or doubled spaces (`" 139 min"`,
`"139  min"`), a plus sign, a whole number written with a fraction or an exponent
(`"117.0"`, `1e3`) and digits of other scripts (full-width digits, as CJK input methods type
them, or Arabic-Indic ones: sites read ASCII digits only) have a safe fix (`"139 min"`,
`"117"`, `1000`). Three digits after a comma or a point (`"2,000"`, `"1.000 min"`) may
separate thousands or start a fraction: said to be ambiguous, with no fix.

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

from filmlint.api import Option, Problem, Severity, fields_option, find_all, replace_value

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


@cache
def _hours_minutes() -> re.Pattern[str]:
    """Hours and minutes as people write them: "2h 19m", "1.5h", "2 hours 19 minutes",
    "2小时19分钟". Compiled on first use (its case folding costs a one-file check more than
    the rule's other patterns): most durations are minutes with a known unit."""
    return re.compile(
        # Spaces are taken inside the optional parts, not beside them: runs of spaces would
        # otherwise be split between neighbouring \s* in every way before a match fails.
        r"\s*([+-]?)(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hours?|小时|小時|時間)\.?\s*,?\s*)?"
        r"(?:(\d+(?:[.,]\d+)?)\s*(?:m|mn|mins?|minutes?|分钟|分鐘|分)\.?)?\s*",
        re.IGNORECASE,
    )


class _Verdict:
    """What is wrong with a duration, and the value to write instead, if any (a plain class:
    a NamedTuple's class costs the start-up a million instructions to build)."""

    __slots__ = ("message", "safe", "suggestion")

    def __init__(self, message: str, suggestion: str | None = None, *, safe: bool = True) -> None:
        self.message = message
        self.suggestion = suggestion
        self.safe = safe


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    units = {unit.casefold() for unit in options["units"]}
    for path, value in find_all(document.data, options["fields"]):
        if isinstance(value, bool):
            continue  # the schema reports values of the wrong type
        if isinstance(value, int):
            verdict = _range_problem(value, _shown(value), options)
        elif isinstance(value, float) and value.is_integer():  # not inf nor nan
            # A whole float is an integer to JSON Schema: the schema lets it by (and
            # reports the others, 139.5, as of the wrong type).
            verdict = _range_problem(int(value), repr(value), options) or _Verdict(
                f"write the duration {value!r} as {int(value)}", str(int(value))
            )
        elif isinstance(value, str):
            verdict = _text_problem(value, units, options)
        else:
            continue  # the schema reports values of the wrong type
        if verdict is None:
            continue
        fix = None
        # A fix writes only a value this rule then accepts.
        suggestion = verdict.suggestion
        if suggestion is not None and _text_problem(suggestion, units, options) is None:
            fix = replace_value(
                document,
                path,
                suggestion,
                f"write {suggestion!r}",
                "safe" if verdict.safe else "unsafe",
            )
        yield Problem(path, verdict.message, fix=fix)


def _text_problem(text: str, units: set[str], options: Mapping[str, Any]) -> _Verdict | None:
    if len(text) > MAX_LENGTH:  # also keeps the patterns below from backtracking long
        return _Verdict("this is not a duration: write a number of minutes")
    shown = repr(text.strip())
    amount = _AMOUNT.fullmatch(text)
    if amount is not None and (not amount.group(3) or amount.group(3).casefold() in units):
        number, space, unit = amount.groups()
        plain = _ascii(number).replace(",", ".")
        whole, _, fraction = plain.lstrip("+").partition(".")
        if plain.isdigit():  # most: whole minutes in ASCII digits, no Decimal needed
            verdict = _range_problem(int(plain), shown, options)
        elif len(fraction) == 3:
            # "2,000", "1.000": thousands in English or German, or a fraction: not guessed.
            return _Verdict(
                f"duration {shown} is ambiguous: a thousands separator or a decimal one? "
                "Write whole minutes without a separator"
            )
        else:
            verdict = _minutes_problem(Decimal(plain), shown, options)
        if verdict is not None:
            return verdict
        # ASCII digits, no plus sign, no fraction of zeros: "+117.0 min" -> "117 min".
        canonical = whole + (" " if space and unit else "") + unit
        if canonical == text:
            return None
        return _Verdict(f"write the duration {text!r} as {canonical!r}", canonical)
    minutes = _minutes(text)
    if minutes is None:
        if amount is not None:
            known = ", ".join(options["units"])
            return _Verdict(
                f"unknown unit {amount.group(3)!r} in {text!r}; write minutes ({known})"
            )
        example = _written(139, options["units"][0])
        return _Verdict(f"unknown duration {text!r}; write minutes, e.g. {example!r}")
    verdict = _minutes_problem(minutes, shown, options)
    if verdict is not None:
        return verdict
    suggestion = _written(int(minutes), options["units"][0])
    return _Verdict(f"write the duration {text!r} as {suggestion!r}", suggestion, safe=False)


def _shown(minutes: int) -> str:
    """The number, in scientific notation past 20 digits (a message shows a few, not
    thousands: Python cannot even write one of over 4,300 digits with ``str``)."""
    if minutes.bit_length() < 64:  # under 20 digits (most): no Decimal needed
        return str(minutes)
    exact = Decimal(minutes)
    return format(exact, ".6e") if exact.adjusted() >= 20 else str(minutes)


def _minutes_problem(minutes: Decimal, shown: str, options: Mapping[str, Any]) -> _Verdict | None:
    if minutes != minutes.to_integral_value():
        return _Verdict(f"duration {shown} is not a whole number of minutes")
    return _range_problem(int(minutes), shown, options)


def _range_problem(minutes: int, shown: str, options: Mapping[str, Any]) -> _Verdict | None:
    if minutes <= 0:
        return _Verdict(f"duration {shown} is not a positive number of minutes")
    if minutes < options["min"]:
        return _Verdict(f"duration {shown} is shorter than {options['min']} minutes")
    if minutes > options["max"]:
        return _Verdict(f"duration {shown} is longer than {options['max']} minutes")
    return None


def _ascii(number: str) -> str:
    """``number`` with its digits of any script written as ASCII ones: a site reads ASCII
    ones only (``parseInt`` of full-width digits, as CJK input methods type them, is NaN).
    The patterns here and in ``_minutes`` are compiled on first use (re's cache): most
    durations are ASCII minutes, which need neither."""
    if number.isascii():  # most: nothing to rewrite, without a call per digit
        return number
    return re.sub(r"\d", lambda digit: str(int(digit[0])), number)  # int() reads any digit


def _decimal(number: str) -> Decimal:
    """The exact value of a number as matched above: digits of any script, a sign, and a
    decimal point or comma."""
    return Decimal(_ascii(number).replace(",", "."))


def _minutes(text: str) -> Decimal | None:
    """Minutes in hours-and-minutes forms (``2h 19m``, ``1.5h``, ``2:19``, ``0h 0m``), or
    None; a total that is not a whole positive number is for the caller to report."""
    # \d, not [0-5]: a clock in full-width digits is one too; its minutes are checked below.
    clock = re.fullmatch(r"\s*([+-]?)(\d+):(\d\d)(?::(\d\d))?\s*", text)
    if clock is not None:
        sign, hours, minutes, seconds = clock.groups()
        minute, second = _decimal(minutes), _decimal(seconds or "0")
        if minute < 60 and second < 60:
            total = _decimal(hours) * 60 + minute + second / 60
            return -total if sign == "-" else total
    match = _hours_minutes().fullmatch(text)
    if match is None or (match.group(2) is None and match.group(3) is None):
        return None
    sign, hours, minutes = match.groups()
    total = _decimal(hours or "0") * 60 + _decimal(minutes or "0")
    return -total if sign == "-" else total


def _written(minutes: int, unit: str) -> str:
    """``139 min`` for Latin units, ``139分钟`` for CJK ones, as they are usually written."""
    return f"{minutes} {unit}" if unit[:1].isascii() else f"{minutes}{unit}"
