"""The release date and the year of a film disagree.

A film's `year` is the year it first came out, and `releaseDate` is the date of its first
release, so the two should name the same year. A film that premieres at a festival one year
and opens in cinemas the next is common, so a release up to `max-gap` years after the year
is accepted.

- A release date earlier than the year is an error, reported at `year`: a full date is
  usually copied from a source and rarely mistyped, while a bare year is easily typed
  wrong or set to the year of a re-release or a restored version.
- A release date more than `max-gap` years after the year is a warning, reported at
  `releaseDate`: the date is most likely that of a later release in one country, a
  re-release, or a streaming debut, not the first release. The rule's configured severity
  applies to the error; this case is always a warning.

A year written with a zero fraction (`1981.0`), which JSON Schema counts as an integer, is
judged as the whole year it is. Values that are not a date and a whole year are left to the
schema: a release date is judged only when it is a date, or a date and a real time (as a
YAML timestamp or an RFC 3339 date-time writes it), with nothing before or after it
(`"2003-05-01 (Cannes)"` is not a date).

Bad:

    releaseDate: 1979-05-25
    year: 2004

Good:

    releaseDate: 2016-02-19
    year: 2015
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from filmlint.api import DataPath, Option, Problem, Severity, compile_pattern, field_option, find

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "date-consistency"
CODE = "FL206"
TABLE_SUMMARY = (
    "a release date before the year (error), or more than `max-gap` years after it (warning)"
)
SEVERITY = Severity.ERROR
OPTIONS = {
    "release-field": field_option("releaseDate", "Field holding the first release date."),
    "year-field": field_option("year", "Field holding the film's year."),
    "max-gap": Option(
        2,
        "Years a release date may come after the year before it is a warning.",
        validate=lambda gap: None if gap >= 0 else "expected a number of years, 0 or more",
    ),
}


def options_problem(options: Mapping[str, Any]) -> str | None:
    """One field holds a date or a year, never both: the rule would judge nothing."""
    release, year = options["release-field"], options["year-field"]
    same = compile_pattern(release) == compile_pattern(year)
    return f"release-field and year-field both name {release!r}" if same else None


#: The farthest year judged: a typo of a real one (19790) has a few digits more, no more.
_FARTHEST = 999_999
#: A date, and perhaps a time after it, as YAML timestamps and RFC 3339 date-times write
#: them (a YAML timestamp keeps its ISO text); ASCII digits, nothing before or after.
#: Compiled on first use, by re's cache: most release dates are read by the parser as dates.
_DATE = (
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:[Zz]|[+-]([0-9]{1,2})(?::([0-9]{2}))?))?)?"
)


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    release = _first(document.data, options["release-field"])
    year = _first(document.data, options["year-field"])
    if release is None or year is None:
        return
    (release_path, release_date), (year_path, year_value) = release, year
    film_year = _whole_year(year_value)
    if not isinstance(release_date, str) or film_year is None:
        return
    if abs(film_year) > _FARTHEST:  # no typo of a real year: a message could not quote it
        return
    release_year = _year_of(release_date)
    if release_year is None:
        return
    if release_year < film_year:
        yield Problem(
            year_path,
            f"year {film_year} is later than the release date {release_date}; "
            "a film's year is that of its first release",
        )
    elif release_year - film_year > options["max-gap"]:
        gap = release_year - film_year
        yield Problem(
            release_path,
            f"release date {release_date} is {gap} year{'s' if gap > 1 else ''} after the year "
            f"{film_year}; is it a later release? Give the first one",
            severity=Severity.WARNING,
        )


def _whole_year(value: Any) -> int | None:
    """The year ``value`` holds: an integer, or a float with a whole value (``1981.0``), which
    JSON Schema counts as an integer, so the schema lets it by; None for anything else."""
    if type(value) is int:  # not a bool, an int too
        return value
    if type(value) is float and value.is_integer():  # not inf nor nan
        return int(value)
    return None


def _year_of(text: str) -> int | None:
    """The year of a date or date-time; None for anything else, which the schema reports:
    a note after the date (``2003-05-01 (Cannes)``) or a time no clock shows (``25:00``)."""
    match = re.fullmatch(_DATE, text)
    if match is None:
        return None
    hour, minute, second, offset_hour, offset_minute = match.groups()[1:]
    if hour is not None and not (
        int(hour) < 24
        and int(minute) < 60
        and int(second) <= 60  # a leap second
        and int(offset_hour or 0) < 24
        and int(offset_minute or 0) < 60
    ):
        return None
    try:
        return date.fromisoformat(match.group(1)).year
    except ValueError:  # not a real day, such as February 30
        return None


def _first(data: Any, pattern: str) -> tuple[DataPath, Any] | None:
    return next(find(data, pattern), None)
