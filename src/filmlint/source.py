"""Reading a file's bytes into text, and turning code-point offsets into lines and columns."""

from __future__ import annotations

import bisect
import re

from filmlint.diagnostics import Finding

BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BINARY_SNIFF = 8192


def decode(raw: bytes) -> tuple[str, Finding | None]:
    """Decode a file's bytes as UTF-8; a BOM stays in the text, so offsets match the file.

    A binary or non-UTF-8 file gives a ``file-encoding`` finding, and as text only what could
    be decoded before the fault (to place the finding), which must not be linted.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Finding("file-encoding", "file is UTF-16; filmlint reads UTF-8", 0, 0)
    if raw.find(b"\x00", 0, _BINARY_SNIFF) != -1:
        return "", Finding("file-encoding", "file is binary (it has a NUL byte)", 0, 0)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode("utf-8")
        message = f"file is not valid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded"
        return prefix, Finding("file-encoding", message, len(prefix), len(prefix) + 1)


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
