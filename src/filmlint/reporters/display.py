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
from typing import Any

from filmlint.text.escapes import escape, printable, surrogates, valid_text

__all__ = ["json_text", "printable", "valid_text"]


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as a JSON document with its strings exact and unescaped, except that lone
    surrogates become the text ``\\xNN`` (not the ``\\udcNN`` escape, which decodes to
    a string that is not valid Unicode)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # A lone surrogate can only stand inside a JSON string, where a backslash is "\\".
    return surrogates().sub(lambda m: escape(m.group()).replace("\\", "\\\\"), text)
