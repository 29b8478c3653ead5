"""A result row's value: its diagnostics and references, as ``marshal`` keeps them; whatever a
value holds comes back as it was, and a value cut short or of any other shape counts as
absent. A row's seal is the keyed hash of that row alone: a value lengthened fails it."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlint.diagnostics import Diagnostic, Reference, Severity
from filmlint.engine import cache as cache_module
from filmlint.engine import cache_values
from filmlint.engine.cache import DATABASE, ResultCache
from filmlint.engine.cache_keys import Fresh
from filmlint.engine.results import FileResult
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE

PATH = "films/alien-en.md"
#: Any text, lone surrogates (a path that is not UTF-8), line breaks and NULs included.
TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
NUMBER = st.integers(min_value=0, max_value=10**6)


@st.composite
def references(draw: st.DrawFn) -> Reference:
    numbers = draw(st.lists(NUMBER, min_size=6, max_size=6))
    content = draw(st.none() | st.tuples(NUMBER, NUMBER))
    data_path = draw(st.lists(st.text(max_size=5) | NUMBER, max_size=3).map(tuple))
    rule = draw(st.sampled_from(["translation-mismatch", "translation-missing", "url-reachable"]))
    return Reference(rule, draw(TEXT), PATH, *numbers, content, data_path)


def diagnostic(message: str) -> Diagnostic:
    return Diagnostic(PATH, 1, 1, 1, 2, "FL101", "schema", Severity.ERROR, message, None, ("a",))


RESULTS = st.builds(
    FileResult,
    st.lists(TEXT.map(diagnostic), max_size=2),
    st.lists(references(), max_size=6).map(tuple),
    st.lists(TEXT.map(diagnostic), max_size=2).map(tuple),
)


def fields(result: FileResult) -> tuple[object, ...]:
    """All of a result, the fields a reference's equality leaves out (data_path) too."""
    gathered = tuple((r, r.data_path) for r in result.gathered)
    return tuple(result.diagnostics), gathered, result.silenced


def by_rule(gathered: tuple[Reference, ...]) -> tuple[Reference, ...]:
    """The references as a value keeps them: each rule's in their order, the rules in the
    order their first one came (the run phase asks for one rule's at a time)."""
    rules = dict.fromkeys(r.rule for r in gathered)
    return tuple(r for rule in rules for r in gathered if r.rule == rule)


@given(RESULTS)
def test_a_value_comes_back_as_it_was(result: FileResult) -> None:
    value = cache_values.encoded(result)
    decoded = cache_values.decoded(value, PATH)
    assert decoded is not None
    assert fields(decoded) == fields(
        FileResult(result.diagnostics, by_rule(result.gathered), result.silenced)
    )


@given(RESULTS, st.data())
def test_a_value_cut_short_counts_as_absent(result: FileResult, data: st.DataObject) -> None:
    value = cache_values.encoded(result)
    assert value is not None
    cut = data.draw(st.integers(min_value=1, max_value=len(value)), label="bytes cut")
    assert cache_values.decoded(value[:-cut], PATH) is None


@given(RESULTS, st.binary(min_size=1, max_size=8))
def test_a_value_lengthened_fails_its_seal(result: FileResult, extra: bytes) -> None:
    """``marshal`` reads what it wrote and leaves what follows: the seal tells."""
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.dict(os.environ, {KEY_FOLDER_VARIABLE: str(Path(folder, "key"))}),
    ):
        cache = ResultCache(Path(folder, "cache"))
        cache.put(result, Fresh(b"the file", PATH, lambda digest: "k", None, None))
        cache.save()
        with contextlib.closing(sqlite3.connect(Path(folder, "cache", DATABASE))) as db, db:
            db.execute("UPDATE results SET value = value || ? WHERE key = 'k'", (extra,))
        again = ResultCache(Path(folder, "cache"))
        again.load()
        assert again.get("k", PATH) is None


def reference_item(value: object, *fields: object) -> list[object]:
    return [value, 1, 2, 1, 1, 1, 3, None, (), True, *fields]


@pytest.mark.parametrize(
    "value",
    [
        # A value that is not a string; a reference short of a field, or with one too many.
        marshal.dumps([[], {"r": [reference_item(1)]}, []]),
        marshal.dumps([[], {"r": [reference_item("v")[:-1]]}, []]),
        marshal.dumps([[], {"r": [reference_item("v", 0)]}, []]),
        # Not diagnostics, references and silenced diagnostics; references not by rule.
        marshal.dumps("text"),
        marshal.dumps([[], {}]),
        marshal.dumps([[], {}, [], []]),
        marshal.dumps([[], [reference_item("v")], []]),
        # A diagnostic short of a field, reported or silenced.
        marshal.dumps([[[1, 1, 1, 2, "FL101", "schema", "error", "m", None]], {}, []]),
        marshal.dumps([[], {}, [[1, 1, 1, 2, "FL101", "schema", "error", "m", None]]]),
    ],
)
def test_a_value_of_another_shape_counts_as_absent(value: bytes) -> None:
    assert cache_values.decoded(value, PATH) is None


class Label(str):
    """A plugin's string of its own type, which marshal does not keep."""


@pytest.mark.parametrize(
    "result",
    [
        FileResult([diagnostic(Label("a plugin's message"))]),
        FileResult([], (Reference("plugin-rule", Label("value"), PATH, 0, 1, 1, 1, 1, 2),)),
    ],
    ids=["message", "gathered value"],
)
def test_a_result_marshal_cannot_keep_is_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, result: FileResult
) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "key"))
    cache = ResultCache(tmp_path / "cache")
    cache.put(result, Fresh(b"the file", PATH, lambda digest: "k", None, None))
    cache.put(
        FileResult([diagnostic("kept")]), Fresh(b"another", PATH, lambda digest: "j", None, None)
    )
    cache.save()
    again = ResultCache(tmp_path / "cache")
    again.load()
    assert again.get("k", PATH) is None
    kept = again.get("j", PATH)
    assert kept is not None
    assert [d.message for d in kept.diagnostics] == ["kept"]


def test_references_come_back_through_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "key"))
    gathered = (
        Reference("translation-mismatch", '["path:a"]\n{"x": "\ud800é"}', PATH, 1, 2, 1, 1, 1, 2),
        Reference("translation-missing", "", PATH, 3, 4, 2, 1, 2, 2, (3, 4), ("title",)),
        Reference("translation-mismatch", "second\n", PATH, 5, 6, 3, 1, 3, 2),
    )
    result = FileResult([diagnostic("bad\nvalue")], gathered)
    cache = ResultCache(tmp_path / "cache")
    cache.put(result, Fresh(b"the file", PATH, lambda digest: "k", None, None))
    cache.save()
    again = ResultCache(tmp_path / "cache")
    again.load()
    found = again.get("k", PATH)
    assert found is not None
    assert fields(found) == fields(FileResult(result.diagnostics, by_rule(gathered)))
    assert [r.rule for r in by_rule(gathered)] == ["translation-mismatch"] * 2 + [
        "translation-missing"
    ]


@given(RESULTS, st.lists(TEXT.map(diagnostic), min_size=1, max_size=3), st.binary(max_size=64))
def test_a_result_is_kept_as_it_was_put_under_the_key_of_its_bytes(
    result: FileResult, added: list[Diagnostic], raw: bytes
) -> None:
    """A result is encoded, and its key made, when its batch is written: what is done to
    its list of diagnostics after ``put`` (a run adds to it) is not kept, and the key is made
    from the digest of the bytes put."""
    digests: list[str] = []

    def key_of(digest: str) -> str:
        digests.append(digest)
        return "k"

    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.dict(os.environ, {KEY_FOLDER_VARIABLE: str(Path(folder, "key"))}),
    ):
        cache = ResultCache(Path(folder, "cache"))
        as_put = fields(
            FileResult(list(result.diagnostics), by_rule(result.gathered), result.silenced)
        )
        cache.put(result, Fresh(raw, PATH, key_of, None, None))
        result.diagnostics.extend(added)
        cache.save()
        assert digests == [hashlib.sha256(raw).hexdigest()]
        again = ResultCache(Path(folder, "cache"))
        again.load()
        found = again.get("k", PATH)
        assert found is not None
        assert fields(found) == as_put


FOUND = st.tuples(
    st.none() | st.text(max_size=8), st.none() | st.integers(), st.none() | st.integers()
)


@given(
    st.lists(
        st.tuples(
            st.binary(min_size=1, max_size=64),
            st.text(max_size=20),
            st.text(max_size=20),
            FOUND,
            st.binary(),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_seal_is_the_keyed_hash_of_its_row_alone(
    rows: list[tuple[bytes, str, str, tuple[str | None, int | None, int | None], bytes]],
) -> None:
    # Seals under several keys in turns: none carries anything of the one made before it.
    for _ in range(2):
        for key, path, result_key, (context, changed_ns, size), value in rows:
            text = f"r\0{path}\0{result_key}\0{context}\0{changed_ns}\0{size}\0"
            data = text.encode("utf-8", "surrogateescape") + value
            expected = hashlib.blake2b(data, key=key, digest_size=16).digest()
            found = (context, changed_ns, size)
            assert cache_module._seal(key, path, result_key, found, value) == expected
