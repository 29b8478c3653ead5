"""Duplicates in a list with many items a line: each problem's fix reads only the text near its
item, never its whole line (a one-line list of N duplicates took time in N squared), and the
positions and fixes are those of the whole-line definitions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint.rulekit.edits as edits
from conftest import examples, lint
from filmlint.frontmatter.parser import parse_document
from filmlint.text import positions
from fixing import apply_fix

WORDS = st.sampled_from(["Drama", "War", "'x y'", '"家庭"', "{a: 1}", "[b, c]"])


def whole_line_blank_start(text: str, offset: int) -> int | None:
    """The reference: the start of the line holding ``offset``, when it is blank up to there."""
    start = positions.line_start(text, offset)
    return start if not text[start:offset].strip(" \t") else None


@st.composite
def flow_lists(draw: st.DrawFn) -> str:
    """A flow list of a few words, many repeated, several to a line, with comments and blanks
    anywhere a comment may stand."""
    items = draw(st.lists(WORDS, min_size=2, max_size=12))
    out = ["topics: ["]
    for index, item in enumerate(items):
        if index:
            out.append(draw(st.sampled_from([",", ",", " ,", ",  # note\n", ", \n"])))
            out.append(draw(st.sampled_from([" ", "", "  ", "\n  ", "\t"])))
        out.append(item)
    out.append(draw(st.sampled_from(["]", ",]", " ]", "\n]", ",  # last\n]"])))
    return "".join(out) + "\n"


def film(yaml: str, newline: str) -> str:
    return f"---\ntitle: x\n{yaml}---\nBody.\n".replace("\n", newline)


@settings(max_examples=examples(300), deadline=None)
@given(yaml=flow_lists(), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_positions_and_fixes_are_those_of_the_whole_line_definition(
    yaml: str, newline: str
) -> None:
    text = film(yaml, newline)
    found = lint(text, select=["duplicate-item"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edits, "_blank_line_start", whole_line_blank_start)
        assert lint(text, select=["duplicate-item"]) == found
    data = parse_document(text)[0].data["topics"]
    assert len(found) == len(data) - len({repr(item) for item in data})
    for diagnostic in found:
        assert diagnostic.data_path is not None
        index = diagnostic.data_path[-1]
        assert isinstance(index, int)
        if diagnostic.fix is not None:
            fixed = parse_document(apply_fix(text, diagnostic.fix))[0].data["topics"]
            assert fixed == data[:index] + data[index + 1 :]


def read_by_line_scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts, into the list returned, the characters each of the fixes' line scans reads."""
    read: list[int] = []

    def line_end(text: str, offset: int) -> int:
        end = positions.line_end(text, offset)
        read.append(end - offset)
        return end

    def line_start(text: str, offset: int) -> int:
        start = positions.line_start(text, offset)
        read.append(offset - start)
        return start

    monkeypatch.setattr(edits, "_line_end", line_end)
    if hasattr(edits, "_line_start"):
        monkeypatch.setattr(edits, "_line_start", line_start)
    return read


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda n: "topics: [" + ", ".join(["Drama"] * n) + "]\n", id="one line"),
        pytest.param(
            lambda n: "topics: [\n" + ",\n".join(["  Drama, War"] * (n // 2)) + "\n]\n",
            id="two items a line",
        ),
        pytest.param(lambda n: "topics:\n" + "  - Drama\n" * n, id="block"),
    ],
)
def test_the_fixes_read_each_line_a_bounded_number_of_times(
    layout: Callable[[int], str], newline: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the fixes read, not how long they take: a count a loaded machine cannot disturb.
    text = film(layout(2000), newline)
    read = read_by_line_scans(monkeypatch)
    fixes = [d.fix for d in lint(text, select=["duplicate-item"]) if d.fix is not None]
    assert len(fixes) >= 1998
    assert sum(read) <= 2 * len(text)
