"""A schema is judged once, when it is loaded: one filmlint cannot use is a configuration error
(exit 2) naming the schema file, never an internal error or a hang while files are checked."""

from __future__ import annotations

import json
import pickle
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import VALID, run_cli
from filmlint.schema.validation import SchemaChecker, SchemaLoadError


def nested(levels: int) -> dict[str, Any]:
    """A schema of ``levels`` nested ``properties`` (two mappings each: 40 is too deep)."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = {"properties": {"a": schema}}
    return schema


def title(schema: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"title": schema}}


# (the schema, other files beside it, what the error says after "schema PATH: ")
BROKEN: list[tuple[Any, dict[str, Any], str]] = [
    # Syntax only Python's re reads: no linear-time engine for it.
    (title({"pattern": "^(a+)+\\Z"}), {}, "the pattern '^(a+)+\\\\Z' cannot be used"),
    (title({"pattern": "(?>a+)+b"}), {}, "the pattern '(?>a+)+b' cannot be used"),
    ({"patternProperties": {"^(x+)+\\Z": {}}}, {}, "the pattern '^(x+)+\\\\Z' cannot be used"),
    (title({"$ref": "p.json"}), {"p.json": {"pattern": "(a|aa)+\\Z"}}, "'(a|aa)+\\\\Z' cannot"),
    (
        {"$schema": "http://json-schema.org/draft-04/schema#", **title({"pattern": "a\\Z"})},
        {},
        "the pattern 'a\\\\Z' cannot be used",
    ),
    # References that a validator would follow forever.
    (title({"$ref": "c1.json"}), {"c1.json": {"$ref": "c2.json"}, "c2.json": {"$ref": "c1.json"}},
     "reference 'c1.json' is in a cycle"),
    ({"$defs": {"a": {"$ref": "#/$defs/a"}}, **title({"$ref": "#/$defs/a"})}, {},
     "reference '#/$defs/a' is in a cycle"),
    (
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": {"a": {"anyOf": [{"type": "integer"}, {"$ref": "#/definitions/a"}]}},
            **title({"$ref": "#/definitions/a"}),
        },
        {},
        "reference '#/definitions/a' is in a cycle",
    ),
    ({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}}, {},
     "is in a cycle"),
    # References to JSON that is not a schema.
    (title({"$ref": "arr.json"}), {"arr.json": [1, 2]}, "arr.json is not a schema (a JSON list)"),
    (title({"$ref": "arr.json#/0"}), {"arr.json": [1, 2]}, "is not a schema (a JSON list)"),
    (title({"$ref": "o.json#/n"}), {"o.json": {"n": 5}}, "points to a JSON number, not a schema"),
    ({"required": ["a"], **title({"$ref": "#/required"})}, {}, "points to a JSON list"),
    # Not a schema at all.
    ({"$schema": 5}, {}, "'$schema' must be a string"),
    (nested(40), {}, "nested too deeply"),
    (title({"$ref": "deep.json"}), {"deep.json": nested(40)}, "nested too deeply"),
    ({"type": "strin"}, {}, "not a valid JSON Schema: 'strin' is not valid"),
]  # fmt: skip


def write(folder: Path, schema: Any, files: dict[str, Any]) -> Path:
    for name, contents in files.items():
        (folder / name).write_text(json.dumps(contents))
    path = folder / "s.json"
    path.write_text(json.dumps(schema))
    return path


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(("schema", "files", "message"), BROKEN)
def test_a_schema_that_cannot_be_used_is_refused_naming_its_file(
    tmp_path: Path, schema: Any, files: dict[str, Any], message: str, fast: bool
) -> None:
    path = write(tmp_path, schema, files)
    with pytest.raises(SchemaLoadError) as refused:
        SchemaChecker.load(path, fast=fast)
    assert str(refused.value).startswith(f"schema {path}")
    assert message in str(refused.value)


@pytest.mark.parametrize(("schema", "files", "message"), BROKEN[::3])
def test_the_command_refuses_it_with_exit_2(
    tmp_path: Path, schema: Any, files: dict[str, Any], message: str
) -> None:
    path = write(tmp_path, schema, files)
    (tmp_path / "alien.md").write_text(VALID)
    result = run_cli("check", "--no-cache", "--schema", str(path), str(tmp_path / "alien.md"))
    assert (result.returncode, result.stdout) == (2, "")
    assert f"schema {path}" in result.stderr and message in result.stderr
    assert "internal error" not in result.stderr


# (the schema, other files beside it, the files its error names: its own, and those its
# references name up to the one that fails, also one not there: it may yet be created)
NOT_THERE: list[tuple[Any, dict[str, Any], list[str]]] = [
    (title({"$ref": "defs.json"}), {}, ["s.json", "defs.json"]),
    (title({"$ref": "defs.json#/$defs/title"}), {}, ["s.json", "defs.json"]),
    (title({"$ref": "defs/title.json"}), {}, ["s.json", "defs/title.json"]),
    (title({"$ref": "a.json"}), {"a.json": {"$ref": "b.json"}}, ["s.json", "a.json", "b.json"]),
    (title({"$ref": "arr.json"}), {"arr.json": [1, 2]}, ["s.json", "arr.json"]),
    (title({"$ref": "p.json"}), {"p.json": {"pattern": "(a|aa)+\\Z"}}, ["s.json", "p.json"]),
]  # fmt: skip


@pytest.mark.parametrize(("schema", "files", "named"), NOT_THERE)
def test_a_schema_that_cannot_be_loaded_names_the_files_it_was_to_be_read_from(
    tmp_path: Path, schema: Any, files: dict[str, Any], named: list[str]
) -> None:
    path = write(tmp_path, schema, files)
    with pytest.raises(SchemaLoadError) as refused:
        SchemaChecker.load(path)
    assert [each.relative_to(tmp_path).as_posix() for each in refused.value.paths] == named
    # Across processes (worker processes report it) as well.
    assert pickle.loads(pickle.dumps(refused.value)).paths == refused.value.paths


def test_a_missing_schema_names_its_own_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaLoadError) as refused:
        SchemaChecker.load(tmp_path / "s.json")
    assert refused.value.paths == (tmp_path / "s.json",)


def test_a_schema_too_deep_for_the_json_reader_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"properties": {"a": ' * 900 + "{}" + "}}" * 900)
    with pytest.raises(SchemaLoadError, match=f"schema {path} is nested too deeply"):
        SchemaChecker.load(path)


# Patterns JSON Schema allows (ECMA-262) that the linear-time engine runs: accepted by both
# checks, which agree, and matched quickly against a value that a backtracking engine
# would take longer than the universe's age to refuse.
LINEAR = ["^(a+)+$", "^\\p{Lu}(a+)+$", "^(?P<n>a+)+$", "^\\cJ?(a|a)+$", "^(a*)*b$"]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("pattern", LINEAR)
def test_a_pattern_of_json_schema_is_matched_in_linear_time(pattern: str, fast: bool) -> None:
    checker = SchemaChecker(title({"pattern": pattern}), fast=fast)
    started = time.monotonic()
    problems = checker.check({"title": "a" * 5_000 + "!"})
    assert time.monotonic() - started < 0.2
    assert [p.message for p in problems] == [f"does not match the pattern {pattern!r}"]


@pytest.mark.parametrize("pattern", LINEAR)
def test_both_checks_accept_the_same_patterns_and_agree(pattern: str) -> None:
    schema = {"properties": {"title": {"pattern": pattern}, "year": {"type": "integer"}}}
    fast, walk = SchemaChecker(schema), SchemaChecker(schema, fast=False)
    assert fast.fast
    for data in ({"title": "Aaa", "year": "1979"}, {"title": "aaa", "year": 1979}, {"year": 1}):
        assert fast.check(data) == walk.check(data)


@pytest.mark.parametrize("keyword", ["examples", "default", "const", "enum"])
def test_a_reference_in_data_is_not_followed(keyword: str) -> None:
    value: Any = {"$ref": "#/not/a/schema"}
    data = [value] if keyword in ("examples", "enum") else value
    checker = SchemaChecker({"properties": {"meta": {keyword: data}}})
    assert checker.check({"meta": {"$ref": "#/not/a/schema"}}) == []


def test_a_property_named_like_a_data_keyword_is_still_a_schema() -> None:
    with pytest.raises(SchemaLoadError, match="'#/nowhere': it points to nothing"):
        SchemaChecker({"properties": {"default": {"$ref": "#/nowhere"}}})
