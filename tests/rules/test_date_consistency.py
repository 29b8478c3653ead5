"""date-consistency: a release before the year is an error at the year; long after, a warning."""

from __future__ import annotations

import pytest

from conftest import front, lint
from filmlint.diagnostics import Severity
from filmlint.engine.settings import ConfigError, RuleSettings, parse_config
from filmlint.rules import load_registry

BASE = """\
title: "Alien"
director: "Ridley Scott"
description: "A crew meets a creature."
topics: ["Bodily Autonomy"]
status: "published"
"""


def film(release: str, year: str) -> str:
    return front(BASE + f"releaseDate: {release}\nyear: {year}")


@pytest.mark.parametrize(
    ("release", "year"),
    [
        ("1979-05-25", "1979"),
        ("2016-02-19", "2015"),
        ("1993-05-14", "1992"),
        ("2017-01-01", "2015"),
        ('"2024-05-23"', "2024"),
    ],
)
def test_consistent(release: str, year: str) -> None:
    assert lint(film(release, year)) == []


@pytest.mark.parametrize(
    ("release", "year", "expected"),
    [
        pytest.param(
            "1979-05-25",
            "2004",
            (
                8,
                7,
                11,
                Severity.ERROR,
                "year 2004 is later than the release date 1979-05-25; a film's year is that of its first release",
            ),
            id="release before the year: error at the year",
        ),
        pytest.param(
            "2014-12-31",
            "2015",
            (
                8,
                7,
                11,
                Severity.ERROR,
                "year 2015 is later than the release date 2014-12-31; a film's year is that of its first release",
            ),
            id="one day is enough",
        ),
        pytest.param(
            "2018-03-01",
            "2015",
            (
                7,
                14,
                24,
                Severity.WARNING,
                "release date 2018-03-01 is 3 years after the year 2015; is it a later release? Give the first one",
            ),
            id="release long after the year: warning at the release date",
        ),
        pytest.param(
            "1979-05-25",
            "19790",
            (
                8,
                7,
                12,
                Severity.ERROR,
                "year 19790 is later than the release date 1979-05-25; a film's year is that of its first release",
            ),
            id="a year no calendar date has (a typo): error at the year",
        ),
        pytest.param(
            "1979-05-25",
            "1981.0",
            (
                8,
                7,
                13,
                Severity.ERROR,
                "year 1981 is later than the release date 1979-05-25; a film's year is that of its first release",
            ),
            id="a whole year written as a float, an integer to JSON Schema: error at the year",
        ),
        pytest.param(
            "2018-03-01",
            "2.015e+3",
            (
                7,
                14,
                24,
                Severity.WARNING,
                "release date 2018-03-01 is 3 years after the year 2015; is it a later release? Give the first one",
            ),
            id="a whole year in exponent form: warning at the release date",
        ),
        pytest.param(
            "1979-05-25",
            "-1979",
            (
                7,
                14,
                24,
                Severity.WARNING,
                "release date 1979-05-25 is 3958 years after the year -1979; is it a later release? Give the first one",
            ),
            id="a year before the calendar's first: warning at the release date",
        ),
    ],
)
def test_inconsistent(release: str, year: str, expected: tuple[object, ...]) -> None:
    (diagnostic,) = lint(film(release, year))
    assert (diagnostic.rule, diagnostic.code) == ("date-consistency", "FL206")
    found = (
        diagnostic.line,
        diagnostic.column,
        diagnostic.end_column,
        diagnostic.severity,
        diagnostic.message,
    )
    assert found == expected


@pytest.mark.parametrize(
    ("release", "year"),
    [
        ("1979-05-25", "1979"),
        ("2016-02-19", "2015"),
        ("1979-05-25", "2004"),
        ("2014-12-31", "2015"),
        ("2018-03-01", "2015"),
        ("1979-05-25", "-1979"),
        ("1979-05-25", "19790"),
    ],
)
@pytest.mark.parametrize("written", ["{}.0", "{}.000", "+{}.0", "{}.0e0"])
def test_a_whole_year_written_as_a_float_is_judged_as_the_integer(
    release: str, year: str, written: str
) -> None:
    """JSON Schema counts 1981.0 as an integer: the schema lets it by, so this rule judges it."""
    as_float = written.format(year).replace("+-", "-")
    found = lint(film(release, as_float), select=["date-consistency"])
    expected = lint(film(release, year), select=["date-consistency"])
    assert [(d.line, d.column, d.severity, d.message) for d in found] == [
        (d.line, d.column, d.severity, d.message) for d in expected
    ]


@pytest.mark.parametrize(
    ("release", "year"),
    [
        ("2024-02-30", "2025"),  # not a real date: the schema reports it
        ("1979", "2004"),  # not a date at all
        ("1979-05-25", '"2004"'),  # not an integer: the schema reports it
        ("1979-05-25", "true"),
        ("1979-05-25", "1981.5"),  # not a whole year: the schema reports it
        ("1979-05-25", ".inf"),
        ("1979-05-25", ".nan"),
        ("1979-05-25", "1.0e+30"),  # past any typo of a year, as 10000000
        ("1979-05-25", "10000000"),  # past any typo of a year: no message could quote it
        # Not a date, though one starts it: a note after it, a time no clock shows, spaces.
        ('"2003-05-01 (Cannes)"', "2004"),
        ('"2010-05-01 (US)"', "2004"),
        ('"1979-05-25T10:00:00Z (UTC)"', "2004"),
        ('"1979-05-25T"', "2004"),
        ('"1979-05-25 "', "2004"),
        ('" 1979-05-25"', "2004"),
        ('"1979-05-25T10:00"', "2004"),
        ('"1999-12-31T25:00:00Z"', "2004"),
        ('"1999-12-31T23:60:00Z"', "2004"),
        ('"1999-12-31T23:59:61Z"', "2004"),
        ('"1999-12-31T23:00:00+24:00"', "2004"),
        ('"1999-12-31T23:00:00+05:60"', "2004"),
        ('"\uff11\uff19\uff17\uff19-05-25"', "2004"),  # full-width digits
    ],
)
def test_values_of_the_wrong_kind_are_left_to_the_schema(release: str, year: str) -> None:
    assert lint(film(release, year), select=["date-consistency"]) == []
    assert {d.rule for d in lint(film(release, year))} <= {"schema", "invalid-type"}


@pytest.mark.parametrize(
    ("release", "year", "expected"),
    [
        pytest.param(
            "2001-12-14T10:00:00Z",
            "1979",
            [("schema", Severity.ERROR), ("date-consistency", Severity.WARNING)],
            id="a date-time long after the year: the schema's error stays beside the warning",
        ),
        pytest.param(
            "2001-12-14T10:00:00Z",
            "2001",
            [("schema", Severity.ERROR)],
            id="a date-time in the year: the schema's error alone",
        ),
    ],
)
def test_a_warning_on_an_invalid_value_does_not_hide_the_schemas_error(
    release: str, year: str, expected: list[tuple[str, Severity]]
) -> None:
    found = lint(film(release, year))
    assert [(d.rule, d.severity) for d in found] == expected
    assert {(d.line, d.column) for d in found} == {(7, 14)}


@pytest.mark.parametrize(
    "release",
    [
        "1979-05-25T10:00:00Z",
        "1979-05-25t10:00:00.5z",
        '"1979-05-25T23:59:60+05:30"',
        "1979-05-25 10:00:00",
        "1979-05-25 1:00:00 -5",
        '"1979-05-25T10:00:00-08:00"',
    ],
)
def test_a_date_time_is_judged_by_its_date(release: str) -> None:
    found = lint(film(release, "2004"), select=["date-consistency"])
    assert [(d.line, d.column, d.severity) for d in found] == [(8, 7, Severity.ERROR)]


def test_options() -> None:
    options = {"max-gap": 0, "release-field": "premiere", "year-field": "made.year"}
    config = parse_config({"rules": {"date-consistency": options}}, None)
    text = front(
        BASE + "releaseDate: 1970-01-01\nyear: 1900\npremiere: 2001-09-01\nmade: {year: 2000}"
    )
    found = lint(text, config=config, select=["date-consistency"])
    assert [(d.line, d.column, d.severity, d.message) for d in found] == [
        (
            9,
            11,
            Severity.WARNING,
            "release date 2001-09-01 is 1 year after the year 2000; is it a later release? Give the first one",
        )
    ]


def test_configured_severity_applies_to_the_error() -> None:
    config = parse_config({"rules": {"date-consistency": {"severity": "warning"}}}, None)
    (diagnostic,) = lint(film("1979-05-25", "2004"), config=config)
    assert diagnostic.severity is Severity.WARNING


def test_negative_gap_is_a_config_error() -> None:
    config = parse_config({"rules": {"date-consistency": {"max-gap": -1}}}, None)
    with pytest.raises(
        ConfigError, match=r"rules\.date-consistency\.max-gap: expected a number of years"
    ):
        RuleSettings.resolve(config, load_registry())
