"""A schema is never fetched over the network, and no pattern in it can hang a run.

References are resolved when the schema is loaded: to the schema itself, the bundled
meta-schemas or local files; anything else is a configuration error (exit 2) that names the
schema and the reference. Patterns are matched in time linear in the value.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VALID, examples, rows, run_cli
from filmlint import Config
from filmlint.schema.validation import SchemaChecker, SchemaLoadError
from http_servers import HttpServer


@pytest.fixture
def server() -> Iterator[HttpServer]:
    """A server that would hand out a schema to anyone who asked, and counts who did."""

    async def schema(request: web.Request, count: int) -> web.StreamResponse:
        return web.json_response({"type": "string"})

    started = HttpServer().start()
    for path in ("/s.json", "/meta.json"):
        started.routes[path] = schema
    yield started
    started.stop()


def remote_schemas(url: str) -> list[dict[str, Any]]:
    """Schemas that reach ``url`` in the ways a schema can."""
    return [
        {"$ref": url},
        {"type": "object", "properties": {"title": {"$ref": url}}},
        {"$defs": {"t": {"$ref": url}}, "properties": {"title": {"$ref": "#/$defs/t"}}},
        {"$id": url.rsplit("/", 1)[0] + "/film.json", "properties": {"title": {"$ref": "s.json"}}},
        {"properties": {"title": {"anyOf": [{"type": "integer"}, {"$ref": url + "#/x"}]}}},
        {"$schema": "http://json-schema.org/draft-07/schema#", "items": {"$ref": url}},
        {"properties": {"title": {"$dynamicRef": url}}},
    ]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("index", range(7))
def test_a_remote_reference_is_a_load_error_not_a_fetch(
    tmp_path: Path, server: HttpServer, index: int, fast: bool
) -> None:
    schema = remote_schemas(server.url("/s.json"))[index]
    path = tmp_path / "film.schema.json"
    path.write_text(json.dumps(schema))
    with pytest.raises(SchemaLoadError, match=f"schema {re.escape(str(path))}: .*reference"):
        SchemaChecker.load(path, fast=fast)
    assert server.total == 0


def test_the_command_refuses_a_remote_reference_with_exit_2(
    tmp_path: Path, server: HttpServer
) -> None:
    url = server.url("/s.json")
    schema = tmp_path / "film.schema.json"
    schema.write_text(json.dumps({"properties": {"title": {"$ref": url}}}))
    (tmp_path / "alien.md").write_text(VALID)
    for network in ("--offline", "--online"):
        result = run_cli("check", "--no-cache", network, "--schema", str(schema), str(tmp_path))
        assert result.returncode == 2
        assert str(schema) in result.stderr and url in result.stderr
        assert "never fetched" in result.stderr
        assert "internal error" not in result.stderr
    assert server.total == 0


@pytest.mark.filterwarnings(r"ignore:The metaschema specified by \$schema was not found")
def test_an_unknown_meta_schema_is_not_fetched_either(tmp_path: Path, server: HttpServer) -> None:
    schema = tmp_path / "film.schema.json"
    schema.write_text(json.dumps({"$schema": server.url("/meta.json"), "required": ["name"]}))
    assert rows(VALID, config=Config(schema=schema)) == [(2, 1, "missing-key")]
    assert server.total == 0


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"properties": {"a": {"$ref": "#/$defs/x"}}}, "'#/$defs/x': it points to nothing"),
        ({"$defs": {"x": {}}, "$ref": "#/$defs/x/y"}, "'#/$defs/x/y': it points to nothing"),
        ({"items": {"$ref": "#/items/items"}}, "'#/items/items': it points to nothing"),
        ({"$ref": "#nowhere"}, "there is no anchor 'nowhere' in the schema"),
        ({"$ref": "missing.json"}, "cannot read"),
        ({"$ref": "defs.json#/$defs/nothing"}, "'#/$defs/nothing' points to nothing in"),
        ({"$ref": "defs.json#/$defs/away"}, "is not a local file"),
        ({"$ref": "broken.json"}, "broken.json is not JSON"),
        ({"$ref": "ftp://example.org/x.json"}, "is not a local file"),
    ],
)
def test_a_reference_to_nothing_is_a_load_error_with_a_message(
    tmp_path: Path, schema: dict[str, Any], message: str
) -> None:
    (tmp_path / "defs.json").write_text(
        json.dumps({"$defs": {"away": {"$ref": "https://example.org/x.json"}}})
    )
    (tmp_path / "broken.json").write_text("{")
    path = tmp_path / "film.schema.json"
    path.write_text(json.dumps(schema))
    (tmp_path / "alien.md").write_text(VALID)
    result = run_cli("check", "--no-cache", "--schema", str(path), str(tmp_path / "alien.md"))
    assert result.returncode == 2
    assert message in result.stderr
    assert f"schema {path}: cannot resolve reference" in result.stderr
    assert "internal error" not in result.stderr


def test_local_files_are_followed_and_belong_to_the_cache_key(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    defs = tmp_path / "common" / "defs.json"
    defs.write_text(json.dumps({"$defs": {"name": {"$ref": "more.json#/$defs/text"}}}))
    (tmp_path / "common" / "more.json").write_text(
        json.dumps({"$defs": {"text": {"type": "string", "minLength": 3}}})
    )
    (tmp_path / "schemas").mkdir()
    path = tmp_path / "schemas" / "film.schema.json"
    path.write_text(
        json.dumps({"properties": {"title": {"$ref": "../common/defs.json#/$defs/name"}}})
    )
    checker = SchemaChecker.load(path)
    assert [p.message for p in checker.check({"title": "Al"})] == [
        "must be at least 3 characters long"
    ]
    assert checker.check({"title": "Alien"}) == []
    (tmp_path / "common" / "more.json").write_text(
        json.dumps({"$defs": {"text": {"type": "string", "minLength": 4}}})
    )
    assert SchemaChecker.load(path).digest != checker.digest


# Patterns: each check runs in a forked process that the test waits for with a time limit,
# so a pattern that backtracks fails the test instead of hanging it (a thread would not do:
# Python's re holds the interpreter lock while it matches).
LIMIT = 10.0


def within_limit(work: Callable[[], Any]) -> Any:
    """``work()``'s result and the seconds it took, or a failure after ``LIMIT`` seconds."""
    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()

    def run() -> None:
        started = time.monotonic()
        result = work()
        results.put((result, time.monotonic() - started))

    process = context.Process(target=run, daemon=True)
    process.start()
    process.join(LIMIT)
    if process.is_alive():
        process.kill()
        pytest.fail(f"still matching after {LIMIT} s")
    assert not results.empty(), f"the check failed (exit code {process.exitcode})"
    return results.get()


@pytest.mark.parametrize("fast", [True, False])
def test_a_catastrophic_pattern_against_a_long_value_is_reported_quickly(fast: bool) -> None:
    checker = SchemaChecker({"properties": {"title": {"pattern": "^(a+)+$"}}}, fast=fast)
    problems, seconds = within_limit(lambda: checker.check({"title": "a" * 50_000 + "b"}))
    assert [p.message for p in problems] == ["does not match the pattern '^(a+)+$'"]
    assert seconds < 2


def test_a_catastrophic_pattern_against_a_long_value_through_the_command(tmp_path: Path) -> None:
    schema = tmp_path / "film.schema.json"
    schema.write_text(json.dumps({"properties": {"title": {"pattern": "^(a+)+$"}}}))
    (tmp_path / "alien.md").write_text(f"---\ntitle: {'a' * 50_000}b\n---\n")
    result, _ = within_limit(
        lambda: run_cli("check", "--no-cache", "--schema", str(schema), str(tmp_path))
    )
    assert result.returncode == 1
    assert "does not match the pattern '^(a+)+$'" in result.stdout


@pytest.mark.parametrize("fast", [True, False])
def test_catastrophic_key_patterns_against_long_keys_finish(fast: bool) -> None:
    schema = {
        "properties": {"title": {}},
        "patternProperties": {"^(x+)+$": {"type": "integer"}},
        "additionalProperties": False,
    }
    checker = SchemaChecker(schema, fast=fast)
    data = {"title": "t", "x" * 1000: "not a number", "x" * 5000 + "y": 1}
    problems, seconds = within_limit(lambda: checker.check(data))
    assert sorted((p.path, p.message[:18]) for p in problems) == [
        (("x" * 1000,), "expected an intege"),
        (("x" * 5000 + "y",), "unknown key 'xxxxx"),
    ]
    assert seconds < 2


def test_a_pattern_that_needs_backtracking_gives_up_with_a_message() -> None:
    # Lookahead has no linear-time engine: the backtracking one stops after a step limit.
    checker = SchemaChecker({"properties": {"title": {"pattern": "^((?=a)a+)+$"}}}, fast=False)
    problems, seconds = within_limit(lambda: checker.check({"title": "a" * 50_000 + "b"}))
    assert [p.message for p in problems] == [
        "takes too many steps to match against the pattern '^((?=a)a+)+$'"
    ]
    assert seconds < 2


NESTED_QUANTIFIERS = ["^({0}+)+$", "^({0}*)*$", "^({0}|{0}{0})+$", "^({0}+){0}*$", "({0}+)+#"]


@settings(max_examples=examples(40), deadline=None)
@given(
    shape=st.sampled_from(NESTED_QUANTIFIERS),
    letter=st.sampled_from(["a", "é", "家", "-"]),
    length=st.integers(0, 30_000),
    tail=st.sampled_from(["", "!", "#", "\n"]),
    fast=st.booleans(),
)
def test_nested_quantifiers_finish_and_agree_with_python_on_short_values(
    shape: str, letter: str, length: int, tail: str, fast: bool
) -> None:
    pattern = shape.format(re.escape(letter))
    checker = SchemaChecker({"properties": {"v": {"pattern": pattern}}}, fast=fast)
    problems, seconds = within_limit(lambda: checker.check({"v": letter * length + tail}))
    assert seconds < 2
    short = letter * min(length, 12) + tail
    if tail != "\n":  # ECMA-262's $ is the end of the text; Python's also before a last \n
        expected = re.search(pattern, short) is not None
        assert (checker.check({"v": short}) == []) is expected
    assert len(problems) <= 1
