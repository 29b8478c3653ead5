"""Where a position is computed: the one line-break rule, and code-point offsets of a text as
1-based lines and columns.

A line ends at LF, CRLF or a lone CR, as in CommonMark and YAML. Every module that splits a
text into lines, or turns an offset into a line and column, does it here.

NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) also end a line for
the YAML parser (YAML 1.1 rules), but not for CommonMark, git, diff or most editors, so they
do not end one here. A position is the code-point offset the parser's mark gives (which is
exact), turned into a line and column here, so every reported position points at the text it
names in the lines people see. The one exception, for speed, is ``SourceMap.place``: it reads
the parser's line and column only from texts where they cannot differ from these (no NEL,
LS, PS or BOM in the front matter).
"""

from __future__ import annotations

import bisect
import re

from filmlint.text.decoding import BOM

#: A line break. CRLF is tried first, so it is one break, not two.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Where the YAML parser breaks lines: a comment, or a block scalar's header, ends there.
#: Compiled on first use (re keeps it): most files have neither to end.
_YAML_LINE_BREAK = r"\r\n|[\r\n\x85\u2028\u2029]"


def line_start(text: str, offset: int) -> int:
    """Where the line holding ``offset`` starts."""
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def content_end(text: str, offset: int) -> int:
    """Where the line holding ``offset`` ends, before its line break (or the end of text)."""
    match = LINE_BREAK.search(text, offset)
    return match.start() if match else len(text)


def line_end(text: str, offset: int) -> int:
    """Just past the line break that ends the line holding ``offset`` (or the end of text)."""
    match = LINE_BREAK.search(text, offset)
    return match.end() if match else len(text)


def yaml_line_end(text: str, offset: int) -> int:
    """Just past the break that ends the YAML line holding ``offset`` (or the end of text)."""
    match = re.compile(_YAML_LINE_BREAK).search(text, offset)
    return match.end() if match else len(text)


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Where the line holding ``offset`` starts, and where the next line starts (or the end)."""
    return line_start(text, offset), line_end(text, offset)


def line_number(text: str, offset: int) -> int:
    """The 1-based number of the line holding ``offset``."""
    # LINE_BREAK's matches before ``offset``, counted without a list of them: each LF and
    # each CR, a CRLF once (only a whole one: a CR just before ``offset`` is a break alone).
    if offset <= 0:
        return 1
    breaks = text.count("\n", 0, offset)
    returns = text.count("\r", 0, offset)
    if returns:
        breaks += returns - text.count("\r\n", 0, offset)
    return 1 + breaks


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their breaks; a text ending with a break ends with ''."""
    return LINE_BREAK.split(text)


def lines_with_breaks(text: str) -> list[str]:
    """The lines of ``text``, each with its break; a last line without one only if not empty."""
    lines = []
    start = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


class LineIndex:
    """Maps code-point offsets of a text to 1-based (line, column) pairs.

    A BOM at the start of the file is not counted as a column, as no editor shows it.
    """

    __slots__ = ("_bom", "_starts")

    def __init__(self, text: str, end: int | None = None) -> None:
        """Index the lines of ``text[:end]``: offsets past ``end`` must not be asked."""
        self._starts = [
            0,
            *[m.end() for m in LINE_BREAK.finditer(text, 0, len(text) if end is None else end)],
        ]
        self._bom = text.startswith(BOM)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        column = offset - self._starts[line]
        if line == 0 and self._bom and column > 0:
            column -= 1
        return line + 1, column + 1
