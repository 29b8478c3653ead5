"""LSP positions: 0-based lines, characters in the client's code units (UTF-16 unless it
chose another), to and from filmlint's 1-based lines and code-point columns."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from filmlint.text.positions import lines_with_breaks

__all__ = ["lsp_position", "offset_of", "replaced", "units"]


def lsp_position(
    lines: Sequence[str], line: int, column: int, encoding: str = types.PositionEncodingKind.Utf16
) -> types.Position:
    """filmlint's 1-based line and code-point column as an LSP position: 0-based, its
    character counted in ``encoding``'s code units (UTF-16 unless the client chose another).
    ``lines``: the text's lines without breaks, split as filmlint splits them. A column past
    the end of its line (a problem that takes in the line break) is the next line's start."""
    index = min(max(line - 1, 0), len(lines) - 1)
    text = lines[index]
    if column - 1 > len(text) and index + 1 < len(lines):
        return types.Position(line=index + 1, character=0)
    prefix = text[: max(column - 1, 0)]
    return types.Position(line=index, character=units(prefix, encoding))


def offset_of(
    text: str, position: types.Position, encoding: str = types.PositionEncodingKind.Utf16
) -> int:
    """The code-point offset in ``text`` of an LSP position (the inverse of
    ``lsp_position``); a position past its line's end is the end of the line's text."""
    lines = lines_with_breaks(text)
    if position.line >= len(lines):
        return len(text)
    before = sum(len(line) for line in lines[: position.line])
    line = lines[position.line]
    # Only the break filmlint ends lines with (LF, CRLF, CR): a form feed or NEL is text.
    cut = 2 if line.endswith("\r\n") else 1 if line.endswith(("\r", "\n")) else 0
    content = line[: len(line) - cut]
    count = 0
    for index, char in enumerate(content):
        if count >= position.character:
            return before + index
        count += units(char, encoding)
    return before + len(content)


def replaced(
    text: str,
    change: types.Range,
    new_text: str,
    encoding: str = types.PositionEncodingKind.Utf16,
) -> str:
    """``text`` with the LSP range ``change`` replaced by ``new_text``: lines as LSP counts
    them (broken at LF, CRLF and CR only, not at U+2028 or NEL as ``str.splitlines``), and a
    character past its line's end clamped to the end of the line's text, as LSP says."""
    start = offset_of(text, change.start, encoding)
    end = max(start, offset_of(text, change.end, encoding))
    return text[:start] + new_text + text[end:]


def units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
