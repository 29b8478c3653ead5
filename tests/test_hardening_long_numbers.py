"""Integers of any length are integers, described shortly: Python refuses to turn one of over
4,300 digits into text (or back), and neither the reading nor a message may depend on that."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode

from conftest import REQUIRED, ROOT, front, run_cli
from filmlint import lint_text
from filmlint.engine.linter import Linter
from filmlint.engine.settings import load_config
from filmlint.frontmatter.scalars import (
    MAX_INT_DIGITS,
    LongInt,
    digit_count,
    int_text,
    scalar_value,
)

INT_TAG = "tag:yaml.org,2002:int"

FILM_KEYS = list(
    json.loads((ROOT / "schemas" / "film.schema.json").read_text("utf-8"))["properties"]
)
#: The fields whose schema allows a number: the integer goes past the type check to the range.
NUMERIC_KEYS = ["year", "duration", "imdbRating", "doubanRating"]
#: Under Python's limit, at it, past it, and up to ten thousand digits.
DIGIT_COUNTS = st.one_of(
    st.integers(1, 40), st.sampled_from([4299, 4300, 4301]), st.integers(41, 10_000)
)


@st.composite
def integers_written(draw: st.DrawFn) -> tuple[str, int]:
    """A YAML integer of 1 to 10,000 digits, and how many digits it has."""
    count = draw(DIGIT_COUNTS)
    first = draw(st.sampled_from("123456789"))
    rest = draw(st.sampled_from(["0", "9", "7"])) * (count - 1)
    sign = draw(st.sampled_from(["", "-", "+"]))
    return f"{sign}{first}{rest}", count


def film_without(key: str, extra: str) -> str:
    """A valid film without ``key``, with the YAML line ``extra``."""
    kept = [line for line in REQUIRED.splitlines() if not line.startswith(f"{key}:")]
    return front("\n".join([*kept, extra]) + "\n")


@settings(max_examples=60, deadline=None)
@given(integers_written(), st.sampled_from(FILM_KEYS))
def test_an_integer_of_any_length_in_any_field_is_an_integer_described_shortly(
    written: tuple[str, int], key: str
) -> None:
    text, count = written
    diagnostics = lint_text(film_without(key, f"{key}: {text}"), "film.md")
    assert all(d.rule != "internal-error" for d in diagnostics), diagnostics
    for d in diagnostics:
        assert len(d.message) < 300, d.message
        assert "found a string" not in d.message, d.message
    if key not in NUMERIC_KEYS:  # a field that wants text or a choice shows the integer, short
        shown = f"an integer of {count:,} digits" if count > 40 else str(int(text))
        assert any(shown in d.message for d in diagnostics), (shown, diagnostics)


@settings(max_examples=40, deadline=None)
@given(integers_written())
def test_an_integer_of_any_length_as_a_key_is_named_by_its_digits_cut_short(
    written: tuple[str, int],
) -> None:
    text, _ = written
    # An explicit key ("? "): YAML allows an implicit one 1,024 characters at most.
    diagnostics = lint_text(film_without("", f"? {text}\n: x"), "film.md")
    assert all(d.rule != "internal-error" for d in diagnostics), diagnostics
    assert all(len(d.message) < 300 for d in diagnostics), diagnostics
    digits = text.lstrip("+")
    [unknown] = [d for d in diagnostics if d.rule == "unknown-key"]
    shown = digits if len(digits) <= 80 else digits[:79] + "…"
    assert unknown.message == f"unknown key '{shown}'"


def test_a_year_of_5000_digits_is_an_integer_not_a_string(tmp_path: Path) -> None:
    digits = "9" * 5000
    text = (
        film_without("title", f"title: {digits}")
        .replace("year:", "x:")
        .replace("releaseDate:", f"year: {digits}\nreleaseDate:")
    )
    (tmp_path / "film.md").write_text(text, "utf-8")
    result = run_cli("check", "--no-cache", "film.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    # The year is an integer, as the schema wants; the title is one too, which it does not.
    [problem] = result.stdout.splitlines()[:-1]
    assert problem.endswith("expected a string, found an integer of 5,000 digits")


def test_an_unknown_key_of_50000_characters_is_cut_in_its_message() -> None:
    key = "k" * 50_000
    found = lint_text(film_without("", f"? {key}\n: x"))
    [unknown] = [d for d in found if d.rule == "unknown-key"]
    assert unknown.message == f"unknown key '{'k' * 79}…'"


@pytest.mark.parametrize("count", [1, 9, 10, 11, 3999, 4000, 4300, 4301, 20_000])
def test_digits_are_counted_and_written_exactly_next_to_each_power_of_ten(count: int) -> None:
    for digits in ("1" + "0" * (count - 1), "9" * count):
        value = scalar_value(ScalarNode(INT_TAG, digits))
        assert isinstance(value, int)
        assert digit_count(value) == digit_count(-value) == count
        assert int_text(value) == digits
        assert isinstance(value, LongInt) or value.bit_length() < 13_300


def test_a_long_integer_survives_what_renders_it() -> None:
    value = LongInt(10**5000)
    assert repr(value) == str(value) == f"{value}" == "an integer of 5,001 digits"
    assert value == 10**5000 and hash(value) == hash(10**5000)


def test_past_filmlints_digit_limit_an_integer_stays_text() -> None:
    # Reading digits costs more than linear time: ten million of them would hang the run.
    digits = "7" * (MAX_INT_DIGITS + 1)
    assert scalar_value(ScalarNode(INT_TAG, digits)) == digits
    assert sys.get_int_max_str_digits() in (0, 4300)  # the interpreter's limit is left alone


@settings(max_examples=40, deadline=None)
@given(
    integers_written(),
    st.sampled_from(FILM_KEYS),
    st.sampled_from(["[{}]", "[1, {}]", "{{a: {}}}", "[[{}]]", "{{a: [{}]}}"]),
)
def test_an_integer_of_any_length_inside_a_list_or_mapping_is_survived(
    written: tuple[str, int], key: str, shape: str
) -> None:
    text, _ = written
    diagnostics = lint_text(film_without(key, f"{key}: {shape.format(text)}"), "film.md")
    assert all(d.rule != "internal-error" for d in diagnostics), diagnostics
    assert all(len(d.message) < 300 for d in diagnostics), diagnostics


@pytest.mark.parametrize("shape", ["[{}]", "[1, {}]", "{{a: {}}}", "[[{}]]", "{{a: [{}]}}"])
def test_a_choice_given_a_list_or_mapping_holding_a_long_integer_names_its_kind(
    shape: str,
) -> None:
    # A field with a list of allowed values shows what it found: here, a list or a mapping.
    found = lint_text(film_without("status", f"status: {shape.format('7' * 5000)}"))
    [problem] = [d for d in found if d.data_path == ("status",)]
    kind = "a mapping" if shape.startswith("{") else "a list"
    assert problem.message.startswith(f"{kind} is not allowed here; use one of: ")


#: The fields translation-mismatch compares by default, each kind of comparison among them.
COMPARED_KEYS = ["year", "topics", "country", "duration", "sourceUrl", "originalTitle", "status"]


@settings(max_examples=30, deadline=None)
@given(
    integers_written(),
    st.sampled_from(COMPARED_KEYS),
    st.sampled_from(["{}", "[{}]", "[1, {}]", "{{a: {}}}", "[{{url: {}}}]", "{{{}: a}}"]),
    st.booleans(),
)
def test_an_integer_of_any_length_in_a_compared_field_is_compared_without_failing(
    written: tuple[str, int], key: str, shape: str, in_base: bool
) -> None:
    text, _ = written
    long_one = film_without(key, f"{key}: {shape.format(text)}")
    plain = film_without(key, f"{key}: [1]")
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "filmlint.toml").write_text(
            '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n', encoding="utf-8"
        )
        (site / "alien.md").write_text(long_one if in_base else plain, encoding="utf-8")
        (site / "alien-en.md").write_text(plain if in_base else long_one, encoding="utf-8")
        found = Linter(load_config(site / "filmlint.toml")).lint_paths([site]).diagnostics
    assert all(d.rule != "internal-error" for d in found), found
    assert all(len(d.message) < 300 for d in found), found
