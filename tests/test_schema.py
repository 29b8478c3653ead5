"""Each kind of JSON Schema error becomes one short diagnostic at the exact node."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, VALID, front, lint, rows
from filmlint.schema.validation import SchemaChecker, SchemaLoadError

REQUIRED = """\
director: "Ridley Scott"
description: "A crew meets a creature."
releaseDate: 1979-05-25
topics: ["Bodily Autonomy"]
status: "published"
"""


def film(extra: str, first: str = 'title: "Alien"') -> str:
    return front(first + "\n" + REQUIRED + extra)


@pytest.mark.parametrize(
    ("text", "expected", "message"),
    [
        pytest.param(
            film('directer: "x"'),
            [(8, 1, "unknown-key")],
            "unknown key 'directer'; did you mean 'director'?",
            id="unknown key at the key, with a suggestion",
        ),
        pytest.param(
            film("zzz: 1"),
            [(8, 1, "unknown-key")],
            "unknown key 'zzz'",
            id="unknown key, no suggestion",
        ),
        pytest.param(
            front(REQUIRED),
            [(2, 1, "missing-key")],
            "missing required key 'title'",
            id="missing key at the first key of the mapping",
        ),
        pytest.param(
            film("sourceUrl: [ {url: 'https://example.org/'} ]"),
            [(8, 14, "missing-key")],
            "missing required key 'platform'",
            id="missing key in a flow mapping at its brace",
        ),
        pytest.param(
            film("sourceUrl:\n  - url: 'https://example.org/'"),
            [(9, 5, "missing-key")],
            "missing required key 'platform'",
            id="missing key in a block mapping at its first key",
        ),
        pytest.param(
            film('year: "1979"'),
            [(8, 7, "invalid-type")],
            'expected an integer, found a string ("1979")',
            id="wrong type",
        ),
        pytest.param(
            film("duration: [1, 2]"),
            [(8, 11, "invalid-type")],
            "expected an integer or a string, found a list",
            id="anyOf of types is one message",
        ),
        pytest.param(
            film("cast: ['a', 2]"),
            [(8, 13, "invalid-type")],
            "expected a string, found an integer (2)",
            id="list item type",
        ),
        pytest.param(
            film("", first='title: ""'),
            [(2, 8, "schema")],
            "must not be empty",
            id="empty string",
        ),
        pytest.param(
            film("").replace("1979-05-25", "1979-02-30"),
            [(5, 14, "schema")],
            '"1979-02-30" is not a valid date',
            id="impossible date",
        ),
        pytest.param(
            film("").replace('"published"', "publised"),
            [(7, 9, "invalid-value")],
            '"publised" is not allowed here; use one of: "draft", "published" (did you mean "published"?)',
            id="enum miss with the closest value",
        ),
        pytest.param(
            film("director2: x").replace('director: "Ridley Scott"\n', ""),
            [(7, 1, "unknown-key")],
            "unknown key 'director2'; did you mean 'director'?",
            id="a typo of a required key is one problem",
        ),
    ],
)
def test_schema_errors(text: str, expected: list[tuple[int, int, str]], message: str) -> None:
    diagnostics = lint(text)
    assert [(d.line, d.column, d.rule) for d in diagnostics] == expected
    assert diagnostics[0].message == message


@pytest.mark.parametrize(
    ("line", "first", "expected"),
    [
        ('contentLanguage: ["en", ""]', None, (8, 25, 27, "schema", "must not be empty")),
        ('country: ["US", ""]', None, (8, 17, 19, "schema", "must not be empty")),
        (
            'contentLanguage: ["en", 5]',
            None,
            (8, 25, 26, "invalid-type", "expected a string, found an integer (5)"),
        ),
        ('country: ""', None, (8, 10, 12, "schema", "must not be empty")),
        ("", 'director: ["Ridley Scott", ""]', (3, 28, 30, "schema", "must not be empty")),
        ("", 'director: ""', (3, 11, 13, "schema", "must not be empty")),
    ],
)
def test_text_or_list_field_is_judged_by_its_form(
    line: str, first: str | None, expected: tuple[int, int, int, str, str]
) -> None:
    """A field that takes text or a list of text: a list's bad item is reported at the item,
    bad text at the text (not "expected a string, found a list")."""
    text = film(line)
    if first is not None:
        text = text.replace('director: "Ridley Scott"', first)
    assert [(d.line, d.column, d.end_column, d.rule, d.message) for d in lint(text)] == [expected]


def test_multiline_scalar_span_ends_on_its_last_line() -> None:
    text = film("cast: |\n  Sigourney\n  Weaver\n")
    (d,) = lint(text)
    assert (d.line, d.column, d.end_line, d.end_column) == (8, 7, 10, 9)


def test_block_and_flow_and_quoted_positions() -> None:
    text = film("genre:\n  - 'Horror'\n  - {a: 1}\nawards: [\"x\", [1]]")
    assert rows(text) == [(10, 5, "invalid-type"), (11, 15, "invalid-type")]


def test_custom_schema(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "required": ["name"]}))
    config = __import__("filmlint").Config(schema=schema)
    assert rows(VALID, config=config) == [(2, 1, "missing-key")]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("{", "not JSON"), ("[]", "not a JSON object"), ('{"type": 3}', "not a valid JSON Schema")],
)
def test_bad_schema_is_a_load_error(tmp_path: Path, content: str, fragment: str) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(content)
    with pytest.raises(SchemaLoadError, match=fragment):
        SchemaChecker.load(schema)


def test_shipped_schema_is_the_repository_schema() -> None:
    from importlib import resources

    shipped = resources.files("filmlint").joinpath("schemas", "film.schema.json").read_text("utf-8")
    assert json.loads(shipped) == json.loads(
        (ROOT / "schemas" / "film.schema.json").read_text("utf-8")
    )
