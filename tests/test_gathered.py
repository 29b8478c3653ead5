"""The references of a run kept until its run phase: in memory, or in a temporary database
beyond a bound; read back the same either way."""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.diagnostics import Reference
from filmlint.engine import gathered as gathered_module
from filmlint.engine.gathered import GatheredReferences, set_key

#: Any text, lone surrogates too (a YAML escape, a path that is not UTF-8).
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\ud800\udcff"))
_SET_KEYS = st.sampled_from(["path:a.md", "path:b.md", "key:x\udc80", "key:é", "key:\U0001f3ac"])


@st.composite
def _references(draw: st.DrawFn) -> Reference:
    rule = draw(st.sampled_from(["translation-missing", "url-reachable", "other"]))
    if draw(st.booleans()):
        head = json.dumps([draw(_SET_KEYS), draw(st.sampled_from(["en", "zh-Hans"]))])
        value = head + "\n" + draw(_TEXT)
    else:
        value = draw(_TEXT)
    content = draw(st.none() | st.tuples(st.integers(0, 9), st.integers(0, 9)))
    data_path = tuple(draw(st.lists(_TEXT | st.integers(0, 5), max_size=3)))
    numbers = draw(st.lists(st.integers(0, 2**40), min_size=6, max_size=6))
    return Reference(rule, value, draw(_TEXT), *numbers, content, data_path)


def _read(store: GatheredReferences, by_set: bool) -> list[tuple[str, list[list[Any]]]]:
    return [
        (rule, [[(*_fields(r),) for r in batch] for batch in store.batches(rule, by_set=by_set)])
        for rule in store.rules
    ]


def _fields(r: Reference) -> tuple[Any, ...]:
    return (r.rule, r.value, r.file, r.start, r.end, r.line, r.column, r.end_line,
            r.end_column, r.content, r.data_path)  # fmt: skip


@settings(max_examples=examples(100))
@given(
    files=st.lists(st.lists(_references(), max_size=4), max_size=30),
    bound=st.integers(0, 8),
    by_set=st.booleans(),
)
def test_a_spilled_run_reads_back_as_one_held_in_memory(
    files: list[list[Reference]], bound: int, by_set: bool
) -> None:
    with (
        GatheredReferences(in_memory=bound) as spilled,
        GatheredReferences(in_memory=sys.maxsize) as held,
    ):
        for references in files:
            spilled.add(references)
            held.add(references)
        assert _read(spilled, by_set) == _read(held, by_set)
        for rule in held.rules:
            assert spilled.files(rule) == held.files(rule)
    everything = [r for references in files for r in references]
    # Each rule's references, every one once; in the order gathered within a batch.
    for rule, batches in _read(held, by_set):
        mine = [_fields(r) for r in everything if r.rule == rule]
        assert sorted(f for batch in batches for f in batch) == sorted(mine)
        for batch in batches:
            assert batch == [f for f in mine if f in batch]


@settings(max_examples=examples(100))
@given(files=st.lists(st.lists(_references(), max_size=4), max_size=30))
def test_one_batch_per_set_in_the_order_of_the_keys(files: list[list[Reference]]) -> None:
    everything = [r for references in files for r in references]
    with GatheredReferences(in_memory=2) as store:
        for references in files:
            store.add(references)
        for rule in store.rules:
            mine = [r for r in everything if r.rule == rule]
            batches = list(store.batches(rule, by_set=True))
            keys = [set_key(r) for r in mine]
            if None in keys:  # a value that names no set: the rule gets them all at once
                assert [len(b) for b in batches] == [len(mine)]
                continue
            found = [{set_key(r) for r in batch} for batch in batches]
            assert all(len(one) == 1 for one in found)
            named = [one.pop() for one in found]
            assert named == sorted(set(keys))


def test_a_database_that_cannot_be_written_keeps_the_references_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    references = [
        Reference("url-reachable", f"https://example.org/{n}", f"{n}.md", 0, 1, 1, 1, 1, 2)
        for n in range(10)
    ]
    store = GatheredReferences(in_memory=2)
    store.add(references[:4])  # written to the database
    real = gathered_module._row

    def full_disk(reference: Reference) -> Any:
        if reference.file == "6.md":
            raise sqlite3.OperationalError("database or disk is full")
        return real(reference)

    monkeypatch.setattr(gathered_module, "_row", full_disk)
    store.add(references[4:])
    monkeypatch.setattr(gathered_module, "_row", real)
    assert list(store.batches("url-reachable", by_set=False)) == [references]
    store.close()


def test_no_temporary_folder_keeps_the_references_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_database(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", no_database)
    references = [
        Reference("url-reachable", f"https://example.org/{n}", f"{n}.md", 0, 1, 1, 1, 1, 2)
        for n in range(5)
    ]
    with GatheredReferences(in_memory=1) as store:
        for reference in references:
            store.add([reference])
        assert list(store.batches("url-reachable", by_set=True)) == [references]
        assert store.files("url-reachable") == [f"{n}.md" for n in range(5)]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ('["path:a.md","en"]\n{}', "path:a.md"),
        ('["key:x","en"]\n', "key:x"),
        ("https://example.org/", None),
        ('["key:x","en"] trailing\n', None),
        ('{"key":"x"}\n', None),
        ("[1,2]\n", None),
        ("[\n", None),
    ],
)
def test_the_set_a_value_names(value: str, key: str | None) -> None:
    assert set_key(Reference("r", value, "a.md", 0, 1, 1, 1, 1, 2)) == key
