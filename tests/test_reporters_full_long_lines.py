"""The full format on long lines: a window of the line around each span, "..." where it is
cut, the underline under the span's characters; what a diagnostic prints is bounded
whatever the length of its lines (a one-line list of thousands of problems printed each
problem's whole line)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.reporters import Report, get_reporter
from filmlint.reporters.full import BEFORE_SPAN, LONG_LINE

#: ASCII, a tab, a BMP character of two terminal columns, an emoji, a combining mark.
ALPHABET = "ab 花\t😀\u0301"
WIDE = frozenset("花😀")


def full(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    stream = io.StringIO()
    get_reporter("full")(Report([diagnostic], 1, source=lambda _: "\n".join(lines)), stream)
    return stream.getvalue().splitlines()


def problem(line: int, column: int, end_line: int, end_column: int) -> Diagnostic:
    return Diagnostic(
        "film.md", line, column, end_line, end_column, "FL204", "duplicate-item",
        Severity.ERROR, "repeated",
    )  # fmt: skip


def columns(text: str) -> int:
    """The reference width: two for wide characters, none for a combining mark, four for a
    tab (shown as four spaces)."""
    return sum(2 if c in WIDE else 0 if c == "\u0301" else 4 if c == "\t" else 1 for c in text)


LONG = "topics: [" + ", ".join(f"Drama{i:03}" for i in range(40)) + "]"


@pytest.mark.parametrize(
    ("column", "end_column", "shown", "underline"),
    [
        # At the line's start: its first characters, cut after.
        (1, 7, LONG[:LONG_LINE] + "...", "^^^^^^"),
        # In the middle: BEFORE_SPAN characters before the span, cut on both sides.
        (201, 209, "..." + LONG[200 - BEFORE_SPAN : 200 - BEFORE_SPAN + LONG_LINE] + "...",
         " " * (3 + BEFORE_SPAN) + "^" * 8),
        # Near the end: the line's last characters, cut before only.
        (len(LONG) - 8, len(LONG), "..." + LONG[-LONG_LINE:],
         " " * (3 + LONG_LINE - 9) + "^" * 8),
        # A span longer than what is shown: underlined up to the cut.
        (201, len(LONG) + 1, "..." + LONG[200 - BEFORE_SPAN : 200 - BEFORE_SPAN + LONG_LINE] + "...",
         " " * (3 + BEFORE_SPAN) + "^" * (LONG_LINE - BEFORE_SPAN)),
    ],
    ids=["start", "middle", "end", "span past the cut"],
)  # fmt: skip
def test_a_long_line_shows_a_window_around_the_span(
    column: int, end_column: int, shown: str, underline: str
) -> None:
    out = full(["---", LONG, "---"], problem(2, column, 2, end_column))
    assert out[2:4] == [f"2 | {shown}", f"  | {underline} FL204"]


def test_a_line_as_long_as_the_limit_is_shown_whole() -> None:
    line = "x" * LONG_LINE
    out = full([line], problem(1, LONG_LINE, 1, LONG_LINE + 1))
    assert out[2:4] == [f"1 | {line}", f"  | {' ' * (LONG_LINE - 1)}^ FL204"]


def test_each_line_of_a_multi_line_span_is_cut_around_where_it_is_underlined() -> None:
    first, middle = "k: " + "a" * 300, "  " + "b" * 300
    out = full([first, middle, "  c"], problem(1, 101, 3, 4))
    assert out[2] == f"1 | ...{first[100 - BEFORE_SPAN : 100 - BEFORE_SPAN + LONG_LINE]}..."
    assert out[3] == f"  | {' ' * (3 + BEFORE_SPAN)}{'^' * (LONG_LINE - BEFORE_SPAN)}"
    assert out[4] == f"2 | {middle[:LONG_LINE]}..."  # from its indent: nothing cut before
    assert out[5] == f"  | {'  '}{'^' * (LONG_LINE - 2)}"


@st.composite
def long_lines(draw: st.DrawFn) -> tuple[str, int, int]:
    """A line of up to 1,000 characters and a span on it (1-based columns, end exclusive)."""
    line = draw(st.text(ALPHABET, min_size=1, max_size=1000))
    start = draw(st.integers(1, len(line) + 1))
    return line, start, draw(st.integers(start, len(line) + 1))


@settings(max_examples=300, deadline=None)
@given(case=long_lines())
def test_what_is_shown_holds_the_span_start_and_underlines_it(case: tuple[str, int, int]) -> None:
    line, column, end_column = case
    shown_line, underline = full([line], problem(1, column, 1, end_column))[2:4]
    long = len(line) > LONG_LINE
    # A window of the line: at most LONG_LINE characters, BEFORE_SPAN of them before the span
    # where the line has them; "..." where it is cut.
    first = max(0, min(column - 1 - BEFORE_SPAN, len(line) - LONG_LINE)) if long else 0
    last = first + LONG_LINE if long else len(line)
    cut_before, cut_after = first > 0, last < len(line)
    window = line[first:last].replace("\t", "    ")
    expected = f"1 | {'...' if cut_before else ''}{window}{'...' if cut_after else ''}"
    assert shown_line == expected.rstrip()
    # The underline starts under the span's first character and stays on what is shown.
    carets = underline.removeprefix("  | ").removesuffix(" FL204")
    pad = len(carets) - len(carets.lstrip(" "))
    assert pad == (3 if cut_before else 0) + columns(line[first : column - 1])
    marked = line[column - 1 : min(end_column - 1, last)]
    assert carets.strip() == "^" * max(1, columns(marked))


@settings(max_examples=50, deadline=None)
@given(length=st.integers(0, 100_000), at=st.floats(0, 1))
def test_what_a_problem_prints_is_bounded_whatever_its_line(length: int, at: float) -> None:
    line = "topics: [" + "Drama, " * (length // 7) + "]"
    column = 1 + int(at * (len(line) - 1))
    out = full([line], problem(1, column, 1, len(line)))
    assert max(map(len, out)) <= LONG_LINE + 2 * len("...") + len("1 | ") + len(" FL204")
