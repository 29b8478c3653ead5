"""Reading a file's bytes into text: UTF-8, a BOM kept so offsets match the file, and a
finding for what cannot be decoded."""

from __future__ import annotations

from filmlint.diagnostics import Finding
from filmlint.rule_names import FILE_ENCODING

BOM = "\ufeff"
_BINARY = "file is binary (it has a NUL byte)"


def decode(raw: bytes) -> tuple[str, Finding | None]:
    """Decode a file's bytes as UTF-8; a BOM stays in the text, so offsets match the file.

    A binary or non-UTF-8 file gives a ``file-encoding`` finding, and as text only what could
    be decoded before the fault (to place the finding), which must not be linted.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Finding(FILE_ENCODING, "file is UTF-16; filmlint reads UTF-8", 0, 0)
    nul = raw.find(b"\x00")  # in the whole file, at C speed: a NUL anywhere makes it binary
    if nul != -1:
        prefix = raw[:nul].decode("utf-8", "replace")  # places the NUL, as nearly as can be
        return prefix, Finding(FILE_ENCODING, _BINARY, len(prefix), len(prefix) + 1)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode("utf-8")
        message = f"file is not valid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded"
        return prefix, Finding(FILE_ENCODING, message, len(prefix), len(prefix) + 1)


def binary_text(text: str) -> Finding | None:
    """A ``file-encoding`` finding at the first NUL of a text given as text (an editor's, a
    program's): binary, as a file with a NUL byte is for ``decode``, and not to be linted."""
    nul = text.find("\x00")
    return None if nul == -1 else Finding(FILE_ENCODING, _BINARY, nul, nul + 1)
