"""duration-format: minutes in the corpus's forms, in range; suggestions for other forms."""

from __future__ import annotations

import pytest

from conftest import film, lint
from filmlint.engine.settings import parse_config
from fixing import apply_fix


@pytest.mark.parametrize(
    "value",
    [
        '"139 min"',
        '"139 minutes"',
        '"139分钟"',
        '"139 分钟"',
        '"139分"',
        '"139分鐘"',
        '"139min"',
        '"139 MIN"',
        '"139"',
        "139",
        "14",
        '"1000 min"',
        "139 min",
    ],
)
def test_good_durations(value: str) -> None:
    assert lint(film(f"duration: {value}")) == []


@pytest.mark.parametrize(
    ("value", "end_column", "message", "suggestion"),
    [
        ('"2h 19m"', 19, "write the duration '2h 19m' as '139 min'", "139 min"),
        (
            '"2 hours 19 minutes"',
            31,
            "write the duration '2 hours 19 minutes' as '139 min'",
            "139 min",
        ),
        ('"2h19min"', 20, "write the duration '2h19min' as '139 min'", "139 min"),
        ('"2:19"', 17, "write the duration '2:19' as '139 min'", "139 min"),
        ('"2小时19分钟"', 20, "write the duration '2小时19分钟' as '139 min'", "139 min"),
        ('"139 mins"', 21, "write the duration '139 mins' as '139 min'", "139 min"),
        ('"139m"', 17, "write the duration '139m' as '139 min'", "139 min"),
        ('"2h"', 15, "write the duration '2h' as '120 min'", "120 min"),
        (
            '"139 sec"',
            20,
            "unknown unit 'sec' in '139 sec'; write minutes (min, minutes, 分钟, 分, 分鐘)",
            None,
        ),
        ('"long"', 17, "unknown duration 'long'; write minutes, e.g. '139 min'", None),
        ('"139.5 min"', 22, "duration '139.5 min' is not a whole number of minutes", None),
        ('"0 min"', 18, "duration '0 min' is not a positive number of minutes", None),
        ('"-5 min"', 19, "duration '-5 min' is not a positive number of minutes", None),
        ("0", 12, "duration 0 is not a positive number of minutes", None),
        ("-90", 14, "duration -90 is not a positive number of minutes", None),
        ('"1390 min"', 21, "duration '1390 min' is longer than 1000 minutes", None),
        ("1390", 15, "duration 1390 is longer than 1000 minutes", None),
        ("9" * 20, 31, f"duration {'9' * 20} is longer than 1000 minutes", None),
        ("1" + "0" * 20, 32, "duration 1.000000e+20 is longer than 1000 minutes", None),
        ("-" + "9" * 21, 33, "duration -1.000000e+21 is not a positive number of minutes", None),
        ("1" * 5000, 5011, "duration 1.111111e+4999 is longer than 1000 minutes", None),
    ],
)
def test_bad_durations(value: str, end_column: int, message: str, suggestion: str | None) -> None:
    text = film(f"duration: {value}")
    (diagnostic,) = lint(text)
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (8, 11, end_column)
    assert (diagnostic.rule, diagnostic.code, diagnostic.message) == (
        "duration-format",
        "FL207",
        message,
    )
    if suggestion is None:
        assert diagnostic.fix is None
    else:
        assert diagnostic.fix is not None and diagnostic.fix.applicability == "unsafe"
        assert apply_fix(text, diagnostic.fix) == film(f'duration: "{suggestion}"')


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        ('" 139 min"', '"139 min"'),
        ('"139  min"', '"139 min"'),
        ('"139 分钟 "', '"139 分钟"'),
        ('"+139"', '"139"'),
    ],
)
def test_safe_fix_of_spaces_and_signs(value: str, fixed: str) -> None:
    text = film(f"duration: {value}")
    (diagnostic,) = lint(text)
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    result = apply_fix(text, diagnostic.fix)
    assert result == film(f"duration: {fixed}")
    assert lint(result) == []


@pytest.mark.parametrize(
    ("options", "value", "message"),
    [
        ({"min": 40}, '"14 min"', "duration '14 min' is shorter than 40 minutes"),
        ({"max": 300}, "301", "duration 301 is longer than 300 minutes"),
        ({"units": ["Min."]}, '"139 min"', "write the duration '139 min' as '139 Min.'"),
        ({"units": ["Min."]}, '"139 sec"', "unknown unit 'sec' in '139 sec'; write minutes (Min.)"),
        ({"units": ["分钟"]}, '"2h 19m"', "write the duration '2h 19m' as '139分钟'"),
    ],
)
def test_options(options: dict[str, object], value: str, message: str) -> None:
    config = parse_config({"rules": {"duration-format": options}}, None)
    (diagnostic,) = lint(film(f"duration: {value}"), config=config)
    assert (diagnostic.line, diagnostic.column, diagnostic.message) == (8, 11, message)


def test_configured_units_replace_the_defaults() -> None:
    config = parse_config({"rules": {"duration-format": {"units": ["Min."]}}}, None)
    assert lint(film('duration: "139 Min."'), config=config) == []


def test_long_text_is_refused_quickly() -> None:
    (diagnostic,) = lint(film(f'duration: "{" " * 5000}1"'))
    assert diagnostic.message == "this is not a duration: write a number of minutes"
