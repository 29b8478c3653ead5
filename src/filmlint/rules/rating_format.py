"""A rating is a number from 0 to 10 with at most one decimal.

IMDb and Douban show ratings on a 0-10 scale with one decimal, and sites sort and compare
them as numbers: "7.45" claims a precision the source does not give, "11" is off the scale,
and a placeholder such as "N/A" makes the value look like a rating when there is none. When
a film has no rating, leave the field out. A site that keeps a placeholder for films without
a rating names it in `allow` (`allow = ["N/A"]`): that text, exactly as written there, is
then accepted, and other placeholders are told to write it.

A rating is written as the schema allows, as a string (`"7.4"`) or a number (`7.4`). A
rating with trailing zeros or stray spaces (`"7.40"`, `" 7.4 "`) is reported with a safe fix
that rewrites only the text inside the quotes.

Bad:

    imdbRating: "7.45"
    doubanRating: "N/A"

Good:

    imdbRating: "7.4"
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Option,
    Problem,
    Severity,
    fields_option,
    find_all,
    replace_value,
)

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "rating-format"
CODE = "FL203"
TABLE_SUMMARY = (
    'a rating that is not 0 to 10 with at most one decimal, or a placeholder such as `"N/A"` '
    '(leave the field out); safe fix for `"7.40"`, `" 7.4 "`'
)
SEVERITY = Severity.ERROR


def _allow_problem(value: Any) -> str | None:
    bad = [item for item in value if not isinstance(item, str)]
    return f"expected a list of strings, got {bad[0]!r} in it" if bad else None


OPTIONS = {
    "fields": fields_option(["imdbRating", "doubanRating"], "Fields that hold a rating."),
    "allow": Option(
        [],
        'Placeholders accepted for a film without a rating, matched exactly (such as "N/A"); '
        "empty: none, leave the field out.",
        validate=_allow_problem,
    ),
}

LOWEST, HIGHEST = 0, 10
#: What people write when there is no rating; the field should be left out instead.
PLACEHOLDERS = frozenset(
    {"", "n/a", "na", "n.a.", "none", "null", "nil", "-", "--", "—", "?", "tbd", "unknown"}
)
#: A rating written as it should be, from 0 to 10 with one decimal at most (most ratings).
_CANONICAL = re.compile(r"[0-9](?:\.[0-9])?|10(?:\.0)?")


@cache
def _number() -> re.Pattern[str]:
    """A number as a rating may be written: compiled for the first rating not written as
    ``_CANONICAL`` says (a run over files without one never needs it)."""
    return re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    for path, value in find_all(document.data, options["fields"]):
        if isinstance(value, str):
            problem = _text_problem(document, path, value, options["allow"])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            problem = _number_problem(path, value)
        else:
            continue  # the schema reports values of the wrong type
        if problem is not None:
            yield problem


def _text_problem(
    document: Document, path: DataPath, text: str, allow: list[str]
) -> Problem | None:
    if text in allow or _CANONICAL.fullmatch(text) is not None:
        return None
    field = _field(path)
    written = text.strip()
    if written.lower() in PLACEHOLDERS:
        what = "an empty string" if not written else f"{text!r}"
        if allow:  # the site's own placeholder, written otherwise
            return Problem(path, f"{what} is not a rating: write {allow[0]!r} or leave {field} out")
        return Problem(path, f"{what} is not a rating: leave {field} out when there is no rating")
    if _number().fullmatch(written) is None:
        return Problem(path, f"{text!r} is not a number from {LOWEST} to {HIGHEST}")
    number = Decimal(written)
    problem = _range_problem(path, text, number)
    if problem is not None:
        return problem
    canonical = _canonical(number)
    if canonical == text:
        return None
    fix = replace_value(document, path, canonical, f"write {canonical!r}")
    return Problem(path, f"write the rating {text!r} as {canonical!r}", fix=fix)


def _number_problem(path: DataPath, number: float) -> Problem | None:
    kind = type(number)
    if (kind is int and LOWEST <= number <= HIGHEST) or (
        kind is float and _CANONICAL.fullmatch(repr(number)) is not None
    ):
        return None  # most: 8, 7.8
    if isinstance(number, float) and not math.isfinite(number):
        return Problem(path, f"{number} is not a rating from {LOWEST} to {HIGHEST}")
    # An integer is taken as it is: as a float, one past 1e308 would overflow.
    exact = Decimal(number) if isinstance(number, int) else Decimal(repr(number))
    return _range_problem(path, _shown(number, exact), exact)


def _shown(number: float, exact: Decimal) -> str:
    """The number as Python writes it, or in scientific notation when it is an integer of
    more than 20 digits (a message shows a few, not thousands)."""
    if isinstance(number, int) and exact.adjusted() >= 20:
        return format(exact, ".6e")
    return str(number)


def _range_problem(path: DataPath, written: str, number: Decimal) -> Problem | None:
    if not LOWEST <= number <= HIGHEST:
        return Problem(path, f"rating {written.strip()} is outside {LOWEST} to {HIGHEST}")
    if number != number.quantize(Decimal("0.1")):
        return Problem(
            path, f"rating {written.strip()} has more than one decimal; ratings have at most one"
        )
    return None


def _canonical(number: Decimal) -> str:
    """``07.40`` -> ``7.4``, ``7.0`` stays ``7.0``, ``+8`` -> ``8``: one decimal at most."""
    text = format(number, "f")
    whole, _, decimals = text.partition(".")
    decimals = decimals[:1]  # past one decimal only zeros are left (checked before)
    whole = whole.lstrip("+-")  # in range, only zero can carry a minus sign
    return f"{whole}.{decimals}" if decimals else whole


def _field(path: DataPath) -> str:
    return str(path[-1]) if path and isinstance(path[-1], str) else "the field"
