"""duration-format: minutes in the corpus's forms, in range; suggestions for other forms."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, film, lint
from filmlint.engine.settings import parse_config
from filmlint.frontmatter.parser import parse_document
from filmlint.rules import duration_format
from fixing import apply_fix

#: 139 in full-width, Arabic-Indic, Devanagari and mathematical bold digits.
AMBIGUOUS = "a thousands separator or a decimal one? Write whole minutes without a separator"
OTHER_DIGITS = [
    "\uff11\uff13\uff19",
    "\u0661\u0663\u0669",
    "\u0967\u0969\u096f",
    "\U0001d7cf\U0001d7d1\U0001d7d7",
]


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
        # Out of range or not positive, in any readable form: said so, with no fix.
        ('"25h"', 16, "duration '25h' is longer than 1000 minutes", None),
        ('"16:41"', 18, "duration '16:41' is longer than 1000 minutes", None),
        ('"1390.0 min"', 23, "duration '1390.0 min' is longer than 1000 minutes", None),
        (
            '"\uff11\uff13\uff19\uff10"',
            17,
            "duration '\uff11\uff13\uff19\uff10' is longer than 1000 minutes",
            None,
        ),
        ('"0h 0m"', 18, "duration '0h 0m' is not a positive number of minutes", None),
        ('"0:00"', 17, "duration '0:00' is not a positive number of minutes", None),
        ('"0.0"', 16, "duration '0.0' is not a positive number of minutes", None),
        ('"-2h"', 16, "duration '-2h' is not a positive number of minutes", None),
        # Hours with a fraction are read; a total that is not whole is said to be so.
        ('"1.5h"', 17, "write the duration '1.5h' as '90 min'", "90 min"),
        ('"1,5 hours"', 22, "write the duration '1,5 hours' as '90 min'", "90 min"),
        ('"2 h 19.0 min"', 25, "write the duration '2 h 19.0 min' as '139 min'", "139 min"),
        ('"2:19:00"', 20, "write the duration '2:19:00' as '139 min'", "139 min"),
        ('"\uff12h"', 15, "write the duration '\uff12h' as '120 min'", "120 min"),
        ('"1.333h"', 19, "duration '1.333h' is not a whole number of minutes", None),
        ('"139.5m"', 19, "duration '139.5m' is not a whole number of minutes", None),
        ('"2:19:30"', 20, "duration '2:19:30' is not a whole number of minutes", None),
        # A whole float is an integer to JSON Schema: the rule judges it.
        ("0.0", 14, "duration 0.0 is not a positive number of minutes", None),
        ("-5.0", 15, "duration -5.0 is not a positive number of minutes", None),
        ("5000.0", 17, "duration 5000.0 is longer than 1000 minutes", None),
        ("1e300", 16, "duration 1e+300 is longer than 1000 minutes", None),
        # Three digits after a comma or a point: thousands or a fraction? Not guessed.
        *(
            (f'"{value}"', 13 + len(value), f"duration '{value}' is ambiguous: {AMBIGUOUS}", None)
            for value in ("2,000", "1,000 min", "1.000 min", "1.500", "+2,000", "1,000分钟")
        ),
        # A clock in other scripts' digits is a clock, its minutes and seconds below 60.
        *(
            (
                f'"{hours}:{minutes}"',
                17,
                f"write the duration '{hours}:{minutes}' as '139 min'",
                "139 min",
            )
            for hours, minutes in (("\uff12", "\uff11\uff19"), ("\u0662", "\u0661\u0669"))
        ),
        (
            '"2:75"',
            17,
            "unknown unit ':75' in '2:75'; write minutes (min, minutes, 分钟, 分, 分鐘)",
            None,
        ),
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
        ('"117.0"', '"117"'),
        ('"117.0 min"', '"117 min"'),
        ('"117,00分钟"', '"117分钟"'),
        ("117.0", "117"),
        ("1e3", "1000"),
        ("+1.17e2", "117"),
        *((f'"{digits}"', '"139"') for digits in OTHER_DIGITS),
        *((f'"{digits} min"', '"139 min"') for digits in OTHER_DIGITS),
        *((f'"{digits}\u5206\u949f"', '"139\u5206\u949f"') for digits in OTHER_DIGITS),
    ],
)
def test_safe_fix_of_spaces_and_signs(value: str, fixed: str) -> None:
    text = film(f"duration: {value}")
    (diagnostic,) = lint(text)
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    result = apply_fix(text, diagnostic.fix)
    assert result == film(f"duration: {fixed}")
    assert lint(result) == []


def test_digits_of_other_scripts_are_named_in_the_message() -> None:
    (diagnostic,) = lint(film('duration: "\uff11\uff13\uff19\u5206\u949f"'))
    assert diagnostic.message == (
        "write the duration '\uff11\uff13\uff19\u5206\u949f' as '139\u5206\u949f'"
    )


@pytest.mark.parametrize(
    ("options", "value", "message"),
    [
        ({"min": 40}, '"14 min"', "duration '14 min' is shorter than 40 minutes"),
        ({"max": 300}, "301", "duration 301 is longer than 300 minutes"),
        ({"units": ["Min."]}, '"139 min"', "write the duration '139 min' as '139 Min.'"),
        ({"units": ["Min."]}, '"139 sec"', "unknown unit 'sec' in '139 sec'; write minutes (Min.)"),
        ({"units": ["分钟"]}, '"2h 19m"', "write the duration '2h 19m' as '139分钟'"),
        ({"max": 300}, '"6h"', "duration '6h' is longer than 300 minutes"),
        ({"min": 40}, '"0.5h"', "duration '0.5h' is shorter than 40 minutes"),
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


#: Durations as people write them, right and wrong: signs, fractions, digits of other
#: scripts, units known and not, hours and minutes, clocks, and stray spaces.
_NUMBERS = st.builds(
    lambda sign, whole, fraction, script: (
        sign + "".join(chr(ord(script) + int(digit)) for digit in str(whole)) + fraction
    ),
    st.sampled_from(["", "", "+", "-"]),
    st.one_of(st.integers(0, 30), st.integers(0, 3000)),
    st.sampled_from(["", "", ".0", ".5", ",00", ".25", ".333"]),
    st.sampled_from(["0", "0", "\uff10", "\u0660", "\U0001d7ce"]),
)
_SPACES = st.sampled_from(["", "", " ", "  ", "\u3000"])
_UNITS = st.sampled_from(
    ["", "min", "MIN", "minutes", "分钟", "分", "m", "mins", "h", "hours", "小时", "sec", "Min."]
)
_WRITTEN = st.one_of(
    st.builds(lambda *parts: "".join(parts), _SPACES, _NUMBERS, _SPACES, _UNITS, _SPACES),
    st.builds(
        lambda hours, space, minutes, unit: f"{hours}h{space}{minutes}{unit}",
        _NUMBERS,
        _SPACES,
        _NUMBERS,
        st.sampled_from(["m", "min", "分钟"]),
    ),
    st.builds(
        lambda hours, minutes, seconds: f"{hours}:{minutes:02}{seconds}",
        _NUMBERS,
        st.integers(0, 59),
        st.sampled_from(["", ":00", ":30"]),
    ),
    st.text(st.sampled_from("0123456789\uff11\u0663.,:+- hm分钟小时"), max_size=10),
)
#: The same, and numbers as YAML reads them (integers, floats, exponents).
_VALUES = st.one_of(
    _WRITTEN.map(lambda text: '"' + text + '"'),
    st.integers(-10, 3000).map(str),
    st.floats(-10, 1e6, allow_nan=False).map(repr),
    st.sampled_from(["1e3", "1.17e2", "+1.5e2", "2.5e1", "1e-1"]),
)
_OPTIONS = st.sampled_from(
    [
        {"min": 1, "max": 1000, "units": ["min", "minutes", "分钟", "分", "分鐘"]},
        {"min": 40, "max": 300, "units": ["分钟"]},
        {"min": 1, "max": 1000, "units": ["Min."]},
    ]
)


def _problems(text: str, options: dict[str, Any]) -> list[Any]:
    document, _ = parse_document(text, "film.md")
    return list(duration_format.check(document, {"fields": ["duration"], **options}))


@settings(max_examples=examples(1000), deadline=None)
@given(value=_VALUES, options=_OPTIONS)
def test_a_fix_gives_a_duration_the_rule_accepts(value: str, options: dict[str, Any]) -> None:
    text = f"---\nduration: {value}\n---\n"
    for problem in _problems(text, options):
        if problem.fix is not None:
            fixed = apply_fix(text, problem.fix)
            assert _problems(fixed, options) == [], (value, problem.message, fixed)
