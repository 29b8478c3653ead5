"""Values as messages show them: in single quotes, the characters no one can see escaped.

Shown raw, a value that holds a zero-width space, a no-break space or a control character
reads as the value without it, and the message about it as nonsense ("'US' is not an ISO
3166-1 code"). Every character Python does not call printable (controls, format characters
such as U+200B and U+2060, spaces other than U+0020, line and paragraph separators,
unassigned code points) is written as its escape, ``\\u200b``, as ``repr`` writes it; but the
quotes are always single and a backslash stays one, so the rest reads as the file writes it.
"""

from __future__ import annotations

from filmlint.text.escapes import escape


def shown(text: str) -> str:
    """``text`` in single quotes, each character one cannot see as its escape."""
    if text.isprintable():  # most values: nothing to escape
        return f"'{text}'"
    return "'" + "".join(char if char.isprintable() else _escaped(char) for char in text) + "'"


def _escaped(char: str) -> str:
    # Past U+FFFF eight digits, as Python and YAML write them: "\\ue0001" would read as
    # U+E000 and a "1".
    return f"\\U{ord(char):08x}" if ord(char) > 0xFFFF else escape(char)
