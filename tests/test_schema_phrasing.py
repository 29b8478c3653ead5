"""Schema errors a custom schema can give, each in plain words at the value (or key) it is
about; and the formats checked, alike in the compiled check and the walk."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import lint
from filmlint import Config
from filmlint.schema.validation import SchemaChecker

#: Python's reprs of a mapping or a list, which a message must not show.
PYTHON_REPR = re.compile(r"\{'|\['|'\]|'\}")


@pytest.mark.parametrize(
    ("schema", "yaml", "place", "message"),
    [
        pytest.param(
            {"propertyNames": {"pattern": "^[a-z]+$"}},
            "ok: 1\n  fine: 2\n  Bad: 3",
            (7, 3),
            "key 'Bad': does not match the pattern '^[a-z]+$'",
            id="propertyNames at the key, naming it",
        ),
        pytest.param(
            {"propertyNames": {"maxLength": 3}},
            "abc: 1\n  abcd: 2",
            (6, 3),
            "key 'abcd': must be at most 3 characters long",
            id="propertyNames, another keyword",
        ),
        pytest.param(
            {"oneOf": [{"type": "string", "minLength": 3}, {"type": "string", "maxLength": 5}]},
            "abcd",
            (4, 7),
            "matches more than one of the allowed forms",
            id="oneOf matched by several",
        ),
        pytest.param(
            {"contains": {"const": "x"}},
            "[a, b]",
            (4, 7),
            "has no item of the form the list must contain",
            id="contains",
        ),
        pytest.param(
            {"contains": {"const": "x"}, "minContains": 2},
            "[x, b]",
            (4, 7),
            "must have at least 2 items of the form the list must contain",
            id="minContains",
        ),
        pytest.param(
            {"contains": {"type": "integer"}, "maxContains": 1},
            "[1, 2]",
            (4, 7),
            "must have at most 1 item of the form the list must contain",
            id="maxContains",
        ),
    ],
)
def test_a_keyword_is_phrased_at_its_place(
    tmp_path: Path, schema: dict[str, Any], yaml: str, place: tuple[int, int], message: str
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"properties": {"meta": schema}}))
    text = f"---\ntitle: T\nyear: 1\nmeta: {yaml}\n---\n"
    if "\n" in yaml:
        text = f"---\ntitle: T\nyear: 1\nmeta:\n  {yaml}\n---\n"
    found = lint(text, config=Config(schema=path))
    assert [((d.line, d.column), d.message) for d in found] == [(place, message)]
    assert not PYTHON_REPR.search(found[0].message)


DRAFT_7 = "http://json-schema.org/draft-07/schema#"
DRAFT_4 = "http://json-schema.org/draft-04/schema#"
DRAFT_3 = "http://json-schema.org/draft-03/schema#"
NEEDS_COUNTRY = {"dependentRequired": {"year": ["country"]}}
COUNTRY_SCHEMA = {"dependentSchemas": {"year": {"required": ["country"]}}}


@pytest.mark.parametrize(
    ("schema", "yaml", "problems"),
    [
        pytest.param(
            {"dependentRequired": {"year": ["country", "director"]}},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' requires"),
             ((2, 1), "missing-key", "missing key 'director', which 'year' requires")],
            id="dependentRequired",
        ),
        pytest.param(
            {**NEEDS_COUNTRY, **COUNTRY_SCHEMA},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' requires")],
            id="dependentRequired and dependentSchemas: once",
        ),
        pytest.param(
            {**COUNTRY_SCHEMA, **NEEDS_COUNTRY},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' requires")],
            id="dependentSchemas and dependentRequired: once",
        ),
        pytest.param(
            {"dependentRequired": {"year": ["country"], "title": ["country"]}},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' and 'title' require")],
            id="required by two keys: once, naming both",
        ),
        pytest.param(
            {**NEEDS_COUNTRY, "required": ["country"]},
            "year: 1",
            [((2, 1), "missing-key", "missing required key 'country'")],
            id="required outright and by a key: once, outright",
        ),
        pytest.param(
            {"dependentSchemas": {"year": {"allOf": [{"$ref": "#/$defs/c"}]}},
             "$defs": {"c": {"required": ["country"]}}},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' requires")],
            id="required through allOf and $ref in dependentSchemas",
        ),
        pytest.param(
            {"properties": {"dependentSchemas": {"properties": {"year": {"required": ["a"]}}}}},
            "dependentSchemas:\n  year: {b: 1}",
            [((4, 9), "missing-key", "missing required key 'a'")],
            id="a property named dependentSchemas is no keyword",
        ),
        pytest.param(
            {"$schema": DRAFT_7, "dependencies": {"year": ["country"]}},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' requires")],
            id="draft 7 dependencies, keys",
        ),
        pytest.param(
            {"$schema": DRAFT_7, "dependencies": {"year": {"required": ["country"]}}},
            "year: 1",
            [((2, 1), "missing-key", "missing key 'country', which 'year' requires")],
            id="draft 7 dependencies, schema",
        ),
        pytest.param(
            {"properties": {"year": False}},
            "year: 1",
            [((3, 1), "schema", "key 'year' is not allowed here")],
            id="a property's false schema, at the key",
        ),
        pytest.param(
            {"properties": {"properties": {"properties": {"x": False}}}},
            "properties:\n  x: 1",
            [((4, 3), "schema", "key 'x' is not allowed here")],
            id="false schema of a property named properties",
        ),
        pytest.param(
            {"dependentSchemas": {"year": False}},
            "year: 1",
            [((3, 1), "schema", "key 'year' is not allowed here")],
            id="dependentSchemas false, at the key",
        ),
        pytest.param(
            {"properties": {"l": {"prefixItems": [{}, False]}}},
            "l: [a, b, c]",
            [((3, 8), "schema", "is not allowed here")],
            id="prefixItems false, at the item",
        ),
        pytest.param(
            {"$schema": DRAFT_7, "properties": {"l": {"items": False}}},
            "l: [a, b]",
            [((3, 5), "schema", "is not allowed here"), ((3, 8), "schema", "is not allowed here")],
            id="draft 7 items false, at each item",
        ),
        pytest.param(
            {"properties": {"l": {"prefixItems": [{}], "items": False}}},
            "l: [a, b, c]",
            [((3, 4), "schema", "must have at most 1 item")],
            id="items false after prefixItems",
        ),
        pytest.param(
            {"properties": {"l": {"items": False}}},
            "l: [a]",
            [((3, 4), "schema", "must be an empty list")],
            id="items false",
        ),
        pytest.param(
            {"$schema": DRAFT_7, "properties": {"l": {"items": [{}, {}], "additionalItems": False}}},
            "l: [a, b, c]",
            [((3, 4), "schema", "must have at most 2 items")],
            id="additionalItems false",
        ),
        pytest.param(
            {"properties": {"l": {"prefixItems": [{}], "unevaluatedItems": False}}},
            "l: [a, b]",
            [((3, 4), "schema", "has items that the schema does not allow here")],
            id="unevaluatedItems false",
        ),
        pytest.param(
            {"$schema": DRAFT_4, "properties": {"n": {"minimum": 5, "exclusiveMinimum": True}}},
            "n: 5",
            [((3, 4), "schema", "must be greater than 5")],
            id="draft 4 exclusiveMinimum",
        ),
        pytest.param(
            {"$schema": DRAFT_4, "properties": {"n": {"maximum": 5, "exclusiveMaximum": True}}},
            "n: 5",
            [((3, 4), "schema", "must be less than 5")],
            id="draft 4 exclusiveMaximum",
        ),
        pytest.param(
            {"$schema": DRAFT_3, "properties": {"n": {"required": True}}},
            "year: 1",
            [((2, 1), "missing-key", "missing required key 'n'")],
            id="draft 3 required",
        ),
        pytest.param(
            {"$schema": DRAFT_3, "properties": {"n": {"divisibleBy": 2, "disallow": "integer"}}},
            "n: 3",
            [((3, 4), "schema", "must be a multiple of 2"),
             ((3, 4), "schema", "must not be an integer")],
            id="draft 3 divisibleBy and disallow",
        ),
    ],
)  # fmt: skip
def test_each_problem_is_told_once_in_plain_words(
    tmp_path: Path,
    schema: dict[str, Any],
    yaml: str,
    problems: list[tuple[tuple[int, int], str, str]],
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    found = lint(f"---\ntitle: T\n{yaml}\n---\n", config=Config(schema=path))
    assert [((d.line, d.column), d.rule, d.message) for d in found] == problems
    assert not any(PYTHON_REPR.search(d.message) for d in found)


#: (format, values it accepts, values it refuses)
FORMATS = [
    (
        "date-time",
        ["1979-05-25T10:00:00Z", "1979-05-25t10:00:00.5+02:00", "2016-12-31T23:59:60z"],
        ["not-a-datetime", "1979-05-25", "1979-05-25T10:00:00", "1979-02-30T10:00:00Z",
         "1979-05-25 10:00:00Z", "1979-05-25T24:00:00Z", "1979-05-25T10:00:00+25:00",
         "\u0661979-05-25T10:00:00Z"],
    ),
    (
        "time",
        ["10:00:00Z", "23:59:60+01:00", "00:00:00.123-05:30"],
        ["99:99", "10:00:00", "10:00", "24:00:00Z", "10:60:00Z", "10:00:00+01"],
    ),
    (
        "uuid",
        ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"],
        ["nope", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g",
         "{123e4567-e89b-12d3-a456-426614174000}"],
    ),
]  # fmt: skip


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(("name", "good", "bad"), FORMATS)
def test_formats_are_checked_alike_in_both(
    name: str, good: list[str], bad: list[str], fast: bool
) -> None:
    checker = SchemaChecker({"properties": {"v": {"format": name}}}, fast=fast)
    assert checker.fast is fast
    for value in good:
        assert checker.check({"v": value}) == [], value
    for value in bad:
        assert [p.message for p in checker.check({"v": value})] == [
            f"{json.dumps(value, ensure_ascii=False)} is not a valid {name}"
        ]


TEXT = {"type": "string", "minLength": 1}
TEXTS = {"type": "array", "items": TEXT}
#: A list whose items are each text or a whole number from 1: a nested choice of types.
MIXED = {"type": "array", "items": {"anyOf": [TEXT, {"type": "integer", "minimum": 1}]}}
#: (name, the schema, what its type error calls the types it takes)
TEXT_OR_LIST = [
    ("anyOf text|list", {"anyOf": [TEXT, TEXTS]}, "a string or a list"),
    ("anyOf list|text", {"anyOf": [TEXTS, TEXT]}, "a list or a string"),
    ("oneOf text|list", {"oneOf": [TEXT, TEXTS]}, "a string or a list"),
    ("oneOf list|text", {"oneOf": [TEXTS, TEXT]}, "a list or a string"),
    ("anyOf text|mixed list", {"anyOf": [TEXT, MIXED]}, "a string or a list"),
    ("oneOf mixed list|text", {"oneOf": [MIXED, TEXT]}, "a list or a string"),
]
#: (YAML value of ``meta:``, its problems as (column, message) on line 4, the same for a
#: list of mixed items when they differ; "{types}" is the choice's types)
VALUES: list[tuple[str, list[tuple[int, str]], list[tuple[int, str]] | None]] = [
    ('""', [(7, "must not be empty")], None),
    ('["a", ""]', [(13, "must not be empty")], None),
    (
        '["", "a", [1]]',
        [(8, "must not be empty"), (17, "expected a string, found a list")],
        [(8, "must not be empty"), (17, "expected a string or an integer, found a list")],
    ),
    (
        '["a", 5]',
        [(13, "expected a string, found an integer (5)")],
        [],
    ),
    (
        '["a", 0]',
        [(13, "expected a string, found an integer (0)")],
        [(13, "must be at least 1")],
    ),
    (
        '["", 2.5]',
        [(8, "must not be empty"), (12, "expected a string, found a number (2.5)")],
        [(8, "must not be empty"), (12, "expected a string or an integer, found a number (2.5)")],
    ),
    (
        '[["x"]]',
        [(8, "expected a string, found a list")],
        [(8, "expected a string or an integer, found a list")],
    ),
    ("5", [(7, "expected {types}, found an integer (5)")], None),
    ("{a: 1}", [(7, "expected {types}, found a mapping")], None),
    ('["a", "b"]', [], None),
    ('"a"', [], None),
]


@pytest.mark.parametrize(("yaml", "problems", "mixed_problems"), VALUES)
@pytest.mark.parametrize(
    ("schema", "types"), [pytest.param(s, t, id=name) for name, s, t in TEXT_OR_LIST]
)
def test_text_or_list_is_judged_by_the_form_of_its_type(
    tmp_path: Path,
    schema: dict[str, Any],
    types: str,
    yaml: str,
    problems: list[tuple[int, str]],
    mixed_problems: list[tuple[int, str]] | None,
) -> None:
    """A list is judged by the list form (its item's problem, at the item), text by the text
    form; only a value no form takes is told the types they take."""
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"properties": {"meta": schema}}))
    mixed = "integer" in json.dumps(schema)
    expected = mixed_problems if mixed and mixed_problems is not None else problems
    found = lint(f"---\ntitle: T\nyear: 1\nmeta: {yaml}\n---\n", config=Config(schema=path))
    assert [((d.line, d.column), d.message) for d in found] == [
        ((4, column), message.format(types=types)) for column, message in expected
    ]
