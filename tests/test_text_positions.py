"""The one line-break rule: every helper of filmlint.text.positions agrees with the others."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from filmlint.text.decoding import BOM
from filmlint.text.positions import (
    LINE_BREAK,
    LineIndex,
    content_end,
    line_bounds,
    line_end,
    line_number,
    line_start,
    lines_with_breaks,
    split_lines,
)

BREAKS = ("\n", "\r\n", "\r")
#: Characters some tools take for line breaks, and filmlint does not.
NOT_BREAKS = ("\x85", "\u2028", "\u2029", "\x0b", "\x0c")

texts = st.lists(
    st.one_of(
        st.sampled_from(BREAKS + NOT_BREAKS),
        st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=5),
    ),
    max_size=12,
).map("".join)


def naive_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, content end, next start) of each line, by a character loop."""
    lines = []
    start = i = 0
    while i < len(text):
        if text[i] in "\r\n":
            width = 2 if text.startswith("\r\n", i) else 1
            lines.append((start, i, i + width))
            start = i = i + width
        else:
            i += 1
    lines.append((start, len(text), len(text)))
    return lines


@given(texts)
@settings(deadline=None)
def test_every_offset_is_on_the_line_a_character_loop_finds(text: str) -> None:
    lines = naive_lines(text)
    index = LineIndex(text)
    for number, (start, end, next_start) in enumerate(lines, 1):
        for offset in range(start, end + 1):  # the line's text, and where its break starts
            assert line_start(text, offset) == start
            assert content_end(text, offset) == end
            assert line_end(text, offset) == next_start
            assert line_bounds(text, offset) == (start, next_start)
            assert line_number(text, offset) == number
            assert index.position(offset) == (number, offset - start + 1)


@given(texts)
@settings(deadline=None)
def test_lines_split_and_join_back(text: str) -> None:
    lines = naive_lines(text)
    assert split_lines(text) == [text[s:e] for s, e, _ in lines]
    with_breaks = lines_with_breaks(text)
    assert "".join(with_breaks) == text
    assert with_breaks == [text[s:n] for s, _, n in lines if n > s]


@given(texts)
@settings(deadline=None)
def test_a_bom_is_not_a_column(text: str) -> None:
    plain, with_bom = LineIndex(text), LineIndex(BOM + text)
    for offset in range(len(text) + 1):
        assert with_bom.position(offset + 1) == plain.position(offset)
    assert with_bom.position(0) == (1, 1)


@given(texts, st.integers(min_value=-2, max_value=2))
def test_line_number_counts_the_breaks_before_any_offset(text: str, past: int) -> None:
    """Inside a CRLF too (its CR alone is before the offset), and outside the text."""
    for offset in [*range(len(text) + 1), len(text) + past, past]:
        assert line_number(text, offset) == 1 + len(LINE_BREAK.findall(text, 0, max(offset, 0)))
