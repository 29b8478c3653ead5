"""Text from files and servers made safe to output.

A report repeats what files hold (keys, values, file names) and what servers said. Shown
raw, a newline in a key forges a report line, an ESC byte drives the terminal, and a bidi
override reorders what the reader sees ("Trojan Source"). Human formats therefore show such
characters as visible escapes (``printable``). Machine formats keep the exact text, but a
file name that is not valid UTF-8 reaches Python as lone surrogates (``os.fsdecode``), which
no UTF-8 document can hold: ``valid_text`` and ``json_text`` write each such byte as ``\\xNN``.

Backslashes are left as they are: Windows paths and regular expressions in messages stay
readable, and a literal ``\\n`` typed in a file cannot break a line either way.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: C0 controls, DEL, C1 controls, the Unicode line and paragraph separators (line breaks to
#: some terminals and to ``str.splitlines``), bidi embeddings, overrides and isolates, and
#: lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
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
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def valid_text(text: str) -> str:
    """``text`` unchanged, except lone surrogates, written as ``printable`` writes them."""
    return _SURROGATE.sub(lambda m: _escape(m.group()), text)


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as a JSON document with its strings exact and unescaped, except that lone
    surrogates become the text ``\\xNN`` (not the ``\\udcNN`` escape, which decodes to
    a string that is not valid Unicode)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # A lone surrogate can only stand inside a JSON string, where a backslash is "\\".
    return _SURROGATE.sub(lambda m: _escape(m.group()).replace("\\", "\\\\"), text)
