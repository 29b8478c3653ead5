"""The compiled validity check and the detailed walk give the same verdicts and problems."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from filmlint.frontmatter.parser import parse_document
from filmlint.schema.validation import SchemaChecker

FILM: dict[str, Any] = {
    "title": "Alien",
    "director": "Ridley Scott",
    "description": "A crew meets a creature.",
    "releaseDate": "1979-05-25",
    "topics": ["Bodily Autonomy"],
    "status": "published",
}

FAST = SchemaChecker.load(fast=True)
WALK = SchemaChecker.load(fast=False)


def film(**changes: Any) -> dict[str, Any]:
    data = dict(FILM, **changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        (FILM, True),
        (film(director=["Lana Wachowski", "Lilly Wachowski"]), True),
        (film(duration=117, imdbRating=8.5, doubanRating="8.8", year=1979), True),
        (
            film(sourceUrl=[{"platform": "IMDb", "url": "https://www.imdb.com/title/tt0078748/"}]),
            True,
        ),
        (film(releaseDate="2024-02-29"), True),
        (film(imdbRating=math.inf), True),  # a number for both; the compiled check defers
        (film(year=10**30), True),
        (film(releaseDate="2024-02-30"), False),  # format "date": not a real day
        (film(releaseDate="1979-5-25"), False),
        (film(releaseDate="1979-05-25T10:00:00"), False),
        (film(releaseDate="\u0661\u0669\u0667\u0669-05-25"), False),  # Arabic-Indic digits
        (film(releaseDate=1979), False),
        (film(title=""), False),
        (film(title=None), False),
        (film(directer="Ridley Scott"), False),
        (film(status="publised"), False),
        (film(topics="Bodily Autonomy"), False),
        (film(year=1979.5), False),
        (film(year=True), False),
        (film(duration=[117]), False),
        (film(sourceUrl=[{"url": "https://example.org/"}]), False),
        (film(sourceUrl=[{"platform": "IMDb", "url": "", "extra": 1}]), False),
    ],
)
def test_fast_check_and_walk_agree(data: dict[str, Any], valid: bool) -> None:
    assert FAST.fast
    walked = WALK.check(data)
    assert (walked == []) is valid
    assert FAST.check(data) == walked


def test_real_corpus_verdicts_agree(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.md")):
        document, _ = parse_document(path.read_text("utf-8"), str(path))
        assert FAST.check(document.data) == WALK.check(document.data), path


@pytest.mark.parametrize(
    "schema",
    [
        {"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"},
        {"type": "object", "unevaluatedProperties": False},
    ],
)
def test_schemas_read_differently_take_the_walk(schema: dict[str, Any]) -> None:
    assert not SchemaChecker(schema).fast


def test_a_reference_to_another_file_takes_the_walk(tmp_path: Path) -> None:
    (tmp_path / "defs.json").write_text('{"$defs": {"code": {"type": "string"}}}')
    schema = tmp_path / "s.json"
    schema.write_text('{"properties": {"code": {"$ref": "defs.json#/$defs/code"}}}')
    checker = SchemaChecker.load(schema)
    assert not checker.fast
    assert [p.message for p in checker.check({"code": 1})] == [
        "expected a string, found an integer (1)"
    ]


PATTERNED: dict[str, Any] = {
    "type": "object",
    "properties": {"code": {"type": "string", "pattern": "^\\D+$"}},
    "patternProperties": {"^x-\\w+$": {"type": "integer"}},
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    "data",
    [
        # JSON Schema patterns are ECMA-262: \d, \D and \w are ASCII, $ is the end of the text.
        {"code": "\u0661\u0662"},
        {"code": "12"},
        {"code": "ab\n"},
        {"x-abc": 1},
        {"x-abc": "1"},
        {"x-\u00e9t\u00e9": 1},
        {"x-abc\n": 1},
        {"y-abc": 1},
    ],
)
def test_patterns_read_alike_in_both(data: dict[str, Any]) -> None:
    fast = SchemaChecker(PATTERNED)
    assert fast.fast
    assert fast.check(data) == SchemaChecker(PATTERNED, fast=False).check(data)


def test_schema_digest_follows_content_not_spelling() -> None:
    one = SchemaChecker({"type": "object", "required": ["title"]})
    same = SchemaChecker({"required": ["title"], "type": "object"})
    other = SchemaChecker({"type": "object", "required": ["director"]})
    assert one.digest == same.digest != other.digest


@pytest.mark.parametrize(
    "value",
    [
        "1979-05-25", "2024-02-29", "2023-02-29", "2024-02-30", "1979-5-25", "79-05-25",
        "1979-05-25 ", " 1979-05-25", "1979-05-25\n", "1979/05/25", "19790525", "0000-01-01",
        "9999-12-31", "1979-13-01", "1979-00-10", "1979-05-00", "1979-05-25T00:00:00",
        "\u0661\u0669\u0667\u0669-05-25", "", 1979, None, ["1979-05-25"],
    ],
)  # fmt: skip
def test_date_format_is_python_jsonschemas(value: Any) -> None:
    from jsonschema import FormatChecker

    from filmlint.schema.validation import _is_date

    assert _is_date(value) is FormatChecker(("date",)).conforms(value, "date")


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_run_over_valid_files_never_imports_python_jsonschema_or_the_phrasing(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from conftest import VALID

    (tmp_path / "alien.md").write_text(VALID, encoding="utf-8")
    code = (
        "import sys, filmlint; from pathlib import Path; "
        f"assert filmlint.lint_paths([Path({str(tmp_path)!r})]) == []; "
        "print([m in sys.modules for m in "
        "('jsonschema', 'filmlint.schema.messages', 'filmlint.schema.fixes')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[False, False, False]\n"
