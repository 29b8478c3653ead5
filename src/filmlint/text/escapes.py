"""Text from files and servers made safe to show: control, bidi-control and undecodable
characters as visible escapes.

Shown raw, a newline in a key forges a report line, an ESC byte drives the terminal, and a
bidi override reorders what the reader sees ("Trojan Source"). A file name that is not valid
UTF-8 reaches Python as lone surrogates (``os.fsdecode``); each becomes ``\\xNN``, its byte.
Backslashes are left as they are: Windows paths and regular expressions stay readable.
"""

from __future__ import annotations

import re
from functools import cache

# The two patterns are compiled on first use: a class of characters past U+00FF takes re a
# table of all 65,536 (a hundredth of a one-file check), and a clean run shows no text.


@cache
def _unprintable() -> re.Pattern[str]:
    """C0 controls, DEL, C1 controls, the Unicode line and paragraph separators (line breaks
    to some terminals and to ``str.splitlines``), bidi marks, embeddings, overrides and
    isolates, and lone surrogates."""
    return re.compile(
        "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
    )


@cache
def surrogates() -> re.Pattern[str]:
    """Lone surrogates (the bytes of a file name that is not UTF-8)."""
    return re.compile("[\ud800-\udfff]")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # the byte that os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` for people: control, bidi-control and undecodable characters as escapes
    (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xe9`` for the byte of a non-UTF-8 file name)."""
    if text.isprintable():  # none of those characters is printable: most texts, no pattern
        return text
    return _unprintable().sub(lambda m: escape(m.group()), text)


def valid_text(text: str) -> str:
    """``text`` unchanged, except lone surrogates, written as ``printable`` writes them."""
    return surrogates().sub(lambda m: escape(m.group()), text)


def shown(text: str) -> str:
    """A value as a message quotes it: in single quotes, each character one cannot see as
    its escape. Shown raw, a value that holds a zero-width space, a no-break space or a
    control character reads as the value without it, and the message about it as nonsense
    ("'US' is not an ISO 3166-1 code"). Every character Python does not call printable
    (controls, format characters such as U+200B and U+2060, spaces other than U+0020, line
    and paragraph separators, unassigned code points) is written as its escape, ``\\u200b``,
    as ``repr`` writes it; but the quotes are always single and a backslash stays one, so
    the rest reads as the file writes it."""
    if text.isprintable():  # most values: nothing to escape
        return f"'{text}'"
    return "'" + "".join(char if char.isprintable() else _shown_escape(char) for char in text) + "'"


def _shown_escape(char: str) -> str:
    # Past U+FFFF eight digits, as Python and YAML write them: "\\ue0001" would read as
    # U+E000 and a "1".
    return f"\\U{ord(char):08x}" if ord(char) > 0xFFFF else escape(char)
