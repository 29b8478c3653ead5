"""Where the tables of a TOML document are, so one can be cut out with every other byte kept.

A line that starts with ``[`` is a table header only outside values: inside a multi-line
string (``\"\"\"`` or ``'''``) or an array that spans lines, it is part of the value. So the
document is read expression by expression, as TOML defines it: strings with their escapes and
closing quotes, arrays and inline tables to their closing bracket, comments to the line's end.
The text must be valid TOML (``tomllib`` read it): nothing here reports errors.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

_BLANK = " \t"
_NEWLINE = "\r\n"


@dataclass(frozen=True)
class Table:
    """A ``[header]`` or ``[[header]]`` and the text it heads, up to the next header."""

    #: The header's key, unquoted: ``["tool".'filmlint']`` is ``("tool", "filmlint")``.
    key: tuple[str, ...]
    #: Where its text starts: its header's line, or the comment lines right above it (no blank
    #: line between), which say what the table is.
    start: int
    #: Where the next table's text starts, or the end of the document.
    end: int


def tables(text: str) -> list[Table]:
    """The tables of ``text`` (a valid TOML document), in order."""
    headers: list[tuple[tuple[str, ...], int]] = []
    comments_start: int | None = None  # of the comment lines just above this one
    line = 0
    while line < len(text):
        first = _skip(text, line, _BLANK)
        char = text[first] if first < len(text) else "\n"
        if char == "[":
            key, after = _header(text, first)
            headers.append((key, line if comments_start is None else comments_start))
            comments_start, line = None, _next_line(text, after)
        elif char == "#":
            comments_start = line if comments_start is None else comments_start
            line = _next_line(text, first)
        elif char in _NEWLINE:
            comments_start, line = None, _next_line(text, first)
        else:  # key = value, the value maybe over several lines
            comments_start, line = None, _end_of_value(text, first)
    ends = [start for _, start in headers[1:]] + [len(text)]
    return [Table(key, start, end) for (key, start), end in zip(headers, ends, strict=True)]


def _skip(text: str, at: int, chars: str) -> int:
    while at < len(text) and text[at] in chars:
        at += 1
    return at


def _next_line(text: str, at: int) -> int:
    """Past the line break that ends the line ``at`` is on (a comment reaches it too)."""
    end = text.find("\n", at)
    return len(text) if end == -1 else end + 1


def _header(text: str, at: int) -> tuple[tuple[str, ...], int]:
    """The key of the header at ``at``, and where the header ends."""
    opening = 2 if text.startswith("[[", at) else 1
    start = end = at + opening
    while text[end] != "]":  # a quoted part of the key may hold "]"
        end = _string_end(text, end) if text[end] in "\"'" else end + 1
    return _key(text[start:end]), end + opening


def _key(written: str) -> tuple[str, ...]:
    """A dotted key as written (quotes, escapes, blanks around dots), unquoted by tomllib."""
    value = tomllib.loads(f"{written} = 0")
    key: list[str] = []
    while isinstance(value, dict):
        ((part, value),) = value.items()
        key.append(part)
    return tuple(key)


def _end_of_value(text: str, at: int) -> int:
    """Past the line break that ends the key/value expression starting at ``at``: strings,
    arrays and inline tables may span lines, and comments may follow in an array."""
    depth = 0
    while at < len(text):
        char = text[at]
        if char in "\"'":
            at = _string_end(text, at)
            continue
        if char == "#":
            at = text.find("\n", at)
            if at == -1:
                return len(text)
            continue
        if char == "\n" and depth == 0:
            return at + 1
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        at += 1
    return at


def _string_end(text: str, at: int) -> int:
    """Past the closing quotes of the string (basic or literal, on one line or several)
    opening at ``at``."""
    quote = text[at]
    delimiter = quote * 3 if text.startswith(quote * 3, at) else quote
    at += len(delimiter)
    while True:
        char = text[at]
        if char == "\\" and quote == '"':
            at += 2  # an escaped character, the closing quote included
        elif text.startswith(delimiter, at):
            # Up to two quotes may end a multi-line string's content: the last three close it.
            return _skip(text, at, quote) if len(delimiter) == 3 else at + 1
        else:
            at += 1
