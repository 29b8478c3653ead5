"""rating-format: 0 to 10, one decimal at most, no placeholders; safe fixes of the spelling."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, film, lint
from filmlint.engine.settings import Config, ConfigError, parse_config
from filmlint.rules.rating_format import PLACEHOLDERS
from fixing import apply_fix


@pytest.mark.parametrize(
    "yaml",
    [
        'imdbRating: "7.4"',
        "imdbRating: 7.4",
        'doubanRating: "7.0"',
        "doubanRating: 8",
        'imdbRating: "10"',
        'imdbRating: "0"',
        "imdbRating: 0.0",
        "imdbRating: 10.0",
    ],
)
def test_good_ratings(yaml: str) -> None:
    assert lint(film(yaml)) == []


@pytest.mark.parametrize(
    ("yaml", "column", "end_column", "message"),
    [
        (
            'imdbRating: "7.45"',
            13,
            19,
            "rating 7.45 has more than one decimal; ratings have at most one",
        ),
        (
            "imdbRating: 7.45",
            13,
            17,
            "rating 7.45 has more than one decimal; ratings have at most one",
        ),
        ('imdbRating: "11"', 13, 17, "rating 11 is outside 0 to 10"),
        ("imdbRating: 10.5", 13, 17, "rating 10.5 is outside 0 to 10"),
        ('imdbRating: "-1"', 13, 17, "rating -1 is outside 0 to 10"),
        ("imdbRating: -1", 13, 15, "rating -1 is outside 0 to 10"),
        ("imdbRating: .inf", 13, 17, "inf is not a rating from 0 to 10"),
        (
            'doubanRating: "N/A"',
            15,
            20,
            "'N/A' is not a rating: leave doubanRating out when there is no rating",
        ),
        (
            "doubanRating: n/a",
            15,
            18,
            "'n/a' is not a rating: leave doubanRating out when there is no rating",
        ),
        (
            'imdbRating: "none"',
            13,
            19,
            "'none' is not a rating: leave imdbRating out when there is no rating",
        ),
        (
            'imdbRating: "-"',
            13,
            16,
            "'-' is not a rating: leave imdbRating out when there is no rating",
        ),
        (
            'imdbRating: "null"',
            13,
            19,
            "'null' is not a rating: leave imdbRating out when there is no rating",
        ),
        (
            'imdbRating: ""',
            13,
            15,
            "an empty string is not a rating: leave imdbRating out when there is no rating",
        ),
        ('imdbRating: "7,4"', 13, 18, "'7,4' is not a number from 0 to 10"),
        ('imdbRating: "7.4/10"', 13, 21, "'7.4/10' is not a number from 0 to 10"),
    ],
)
def test_bad_ratings(yaml: str, column: int, end_column: int, message: str) -> None:
    (diagnostic,) = lint(film(yaml))
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (8, column, end_column)
    assert (diagnostic.rule, diagnostic.code, diagnostic.message) == (
        "rating-format",
        "FL203",
        message,
    )
    assert diagnostic.fix is None


@pytest.mark.parametrize(
    ("yaml", "fixed"),
    [
        ('imdbRating: "7.40"', 'imdbRating: "7.4"'),
        ("imdbRating: '7.40'", "imdbRating: '7.4'"),
        ('imdbRating: "7.00"', 'imdbRating: "7.0"'),
        ('imdbRating: " 7.4 "', 'imdbRating: "7.4"'),
        ('imdbRating: "07.4"', 'imdbRating: "7.4"'),
        ('imdbRating: "+8"', 'imdbRating: "8"'),
        ('imdbRating: "8."', 'imdbRating: "8"'),
        ('doubanRating: "10.00"  # from the site', 'doubanRating: "10.0"  # from the site'),
    ],
)
def test_safe_fix_rewrites_only_the_text_inside_the_quotes(yaml: str, fixed: str) -> None:
    text = film(yaml)
    (diagnostic,) = lint(text)
    assert diagnostic.rule == "rating-format"
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    result = apply_fix(text, diagnostic.fix)
    assert result == film(fixed)
    assert lint(result) == []


def test_fields_option() -> None:
    config = parse_config({"rules": {"rating-format": {"fields": ["ratings.*"]}}}, None)
    text = film('ratings:\n  letterboxd: "N/A"\nimdbRating: "N/A"')
    found = lint(text, config=config, select=["rating-format"])
    assert [(d.line, d.column, d.message) for d in found] == [
        (9, 15, "'N/A' is not a rating: leave letterboxd out when there is no rating")
    ]


def test_wrong_types_are_left_to_the_schema() -> None:
    (diagnostic,) = lint(film("imdbRating: [7.4]"))
    assert diagnostic.rule == "invalid-type"


def allowing(*placeholders: str) -> Config:
    return parse_config({"rules": {"rating-format": {"allow": list(placeholders)}}}, None)


def rating_messages(yaml: str, config: Config | None = None) -> list[str]:
    return [d.message for d in lint(film(yaml), config=config, select=["rating-format"])]


def test_a_placeholder_is_accepted_only_when_allowed_as_written() -> None:
    assert rating_messages('imdbRating: "N/A"') == [
        "'N/A' is not a rating: leave imdbRating out when there is no rating"
    ]
    assert rating_messages('imdbRating: "N/A"', allowing("N/A")) == []
    assert rating_messages('doubanRating: "n/a"', allowing("N/A")) == [
        "'n/a' is not a rating: write 'N/A' or leave doubanRating out"
    ]
    # Allowing a placeholder allows no bad rating.
    assert rating_messages('imdbRating: "7.45"', allowing("N/A")) == [
        "rating 7.45 has more than one decimal; ratings have at most one"
    ]


@settings(max_examples=examples(60), deadline=None)
@given(st.sampled_from(sorted(PLACEHOLDERS - {""})), st.sampled_from(sorted(PLACEHOLDERS - {""})))
def test_each_placeholder_passes_only_when_it_is_the_allowed_one(
    written: str, allowed: str
) -> None:
    yaml = f"imdbRating: {json.dumps(written)}"
    assert (rating_messages(yaml, allowing(allowed)) == []) is (written == allowed)
    assert rating_messages(yaml) != []


@pytest.mark.parametrize("allow", [[7], "N/A", [None]])
def test_allow_must_be_a_list_of_strings(allow: object) -> None:
    config = parse_config({"rules": {"rating-format": {"allow": allow}}}, None)
    with pytest.raises(ConfigError, match=r"rules\.rating-format\.allow"):
        lint(film('imdbRating: "7.4"'), config=config)


NUMBERS = st.one_of(
    st.integers(min_value=-3, max_value=13),
    st.integers(),
    st.decimals(min_value=-1, max_value=11, places=1).map(float),
    st.decimals(min_value=-1, max_value=11, places=2).map(float),
    st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=examples(200), deadline=None)
@given(NUMBERS)
def test_a_number_passes_exactly_when_it_is_0_to_10_with_one_decimal_at_most(
    number: float,
) -> None:
    """A number passes when its exact value is 0 to 10 with one decimal at most: the value
    the shortest text that reads back as it writes (``repr``), as the YAML has it."""
    exact = Decimal(repr(number))
    fine = 0 <= exact <= 10 and exact == exact.quantize(Decimal("0.1"))
    assert (rating_messages(f"imdbRating: {number!r}") == []) is fine
