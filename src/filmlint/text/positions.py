"""Where a position is computed: code-point offsets of a text as 1-based lines and columns."""

from __future__ import annotations

import bisect
import re

from filmlint.text.decoding import BOM

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Where the line holding ``offset`` starts, and where the next line starts (or the end)."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i != -1]
    if not ends:
        return start, len(text)
    end = min(ends)
    return start, end + 2 if text.startswith("\r\n", end) else end + 1


class LineIndex:
    """Maps code-point offsets of a text to 1-based (line, column) pairs.

    Line breaks are those of YAML (LF, CRLF and a lone CR). A BOM at the start of the file is
    not counted as a column, as no editor shows it.
    """

    __slots__ = ("_bom", "_starts")

    def __init__(self, text: str, end: int | None = None) -> None:
        """Index the lines of ``text[:end]``: offsets past ``end`` must not be asked."""
        self._starts = [
            0,
            *[m.end() for m in _LINE_BREAK.finditer(text, 0, len(text) if end is None else end)],
        ]
        self._bom = text.startswith(BOM)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        column = offset - self._starts[line]
        if line == 0 and self._bom and column > 0:
            column -= 1
        return line + 1, column + 1
