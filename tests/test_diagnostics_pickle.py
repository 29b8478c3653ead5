"""Diagnostics and references cross from worker processes pickled, in a file's result: every
field comes back, those left out of ``==`` (a fix, a data path, related locations, what the
file was) too."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from filmlint.diagnostics import Diagnostic, Edit, Fix, Reference, RelatedLocation, Severity
from filmlint.engine.results import FileResult

TEXT = st.text(max_size=8)
NUMBER = st.integers(min_value=0, max_value=10_000)
POSITION = st.none() | st.tuples(NUMBER, NUMBER)
DATA_PATH = st.tuples() | st.lists(TEXT | NUMBER, max_size=3).map(tuple)
EDIT = st.builds(Edit, NUMBER, NUMBER, TEXT, POSITION, POSITION)
FIX = st.builds(
    Fix, TEXT, st.lists(EDIT, max_size=2).map(tuple), st.sampled_from(["safe", "unsafe"])
)
RELATED = st.builds(RelatedLocation, TEXT, NUMBER, NUMBER, TEXT)
DIAGNOSTIC = st.builds(
    Diagnostic,
    TEXT, NUMBER, NUMBER, NUMBER, NUMBER, TEXT, TEXT, st.sampled_from(Severity), TEXT,
    st.none() | FIX, st.none() | DATA_PATH, st.lists(RELATED, max_size=2).map(tuple),
)  # fmt: skip
REFERENCE = st.builds(
    Reference,
    TEXT, TEXT, TEXT, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER,
    st.none() | st.tuples(NUMBER, NUMBER), DATA_PATH,
)  # fmt: skip


def every_field(value: Any) -> Any:
    """A value as nested tuples of all its fields, those that ``==`` leaves out included."""
    if isinstance(value, tuple):
        return tuple(every_field(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return (type(value), *(every_field(getattr(value, f.name)) for f in fields(value)))
    return value


@given(st.lists(DIAGNOSTIC | REFERENCE, max_size=4))
def test_pickling_keeps_every_field(values: list[Diagnostic | Reference]) -> None:
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        copies = pickle.loads(pickle.dumps(values, protocol=protocol))
        assert [every_field(c) for c in copies] == [every_field(v) for v in values]


@given(REFERENCE, DATA_PATH)
def test_a_reference_is_equal_and_hashed_by_its_fields_but_its_data_path(
    reference: Reference, data_path: tuple[Any, ...]
) -> None:
    """Not frozen (for the cost of building one), a reference still keys a dict as before."""
    other = replace(reference, data_path=data_path)
    assert other == reference
    assert hash(other) == hash(reference)
    assert {reference: 1}[other] == 1
    moved = replace(reference, line=reference.line + 1)
    assert moved != reference


SEEN = st.none() | st.tuples(NUMBER, NUMBER, NUMBER, NUMBER)
RESULT = st.builds(
    FileResult, st.lists(DIAGNOSTIC, max_size=2), st.lists(REFERENCE, max_size=2).map(tuple), SEEN
)


@given(st.lists(RESULT, max_size=3))
def test_a_file_result_keeps_every_field(results: list[FileResult]) -> None:
    copies = pickle.loads(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
    assert [every_field(c) for c in copies] == [every_field(r) for r in results]


@given(RESULT, SEEN)
def test_what_a_file_was_is_not_part_of_its_result(result: FileResult, seen: Any) -> None:
    assert replace(result, seen=seen) == result
