"""A gathered value that ends with its file's front matter, kept by the result cache as a
pointer to that text instead of a copy of it.

``translation-mismatch`` gathers each file's front matter text, to place a field that
differs from the base's; most files have none that does. Copied into the cache, that text
was two thirds of every stored value, and writing the cache cost in proportion. So, for
a rule that says so (``KEEPS_FILE_TEXT``, read for filmlint's own rules: its ``finish``
must ``resolve`` such a tail), the cache stores such a value's head and, in place of its
tail, how many characters of the file's text it was and the digest of the file's bytes:
the digest the cache key is made from, so no second pass over the bytes. A run that
reads the file anyway (its size or time changed) puts the tail back from those bytes
(``restored``); one that finds the result by size and time alone, without reading, gets
the head followed by a note of what is missing (``detached``). A rule that needs the tail
reads the file then (``resolve``), once, and takes it only when its bytes still have the
digest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

#: Starts the note that stands for a value's tail not read yet: a NUL, which no front
#: matter holds (YAML refuses it) and JSON escapes, then the tail's length in characters
#: and the digest of its file's bytes.
MARK = "\x00filmlint-kept-text:"
#: A tail shorter than this (in characters) is stored as it is: the note would save little.
SHORTEST = 256
#: A ``detached`` note: compiled on first use (re keeps it), as only a cached value has one.
_NOTE = re.escape(MARK) + r"(\d{1,15}):([0-9a-f]{64})"

Reader = Callable[[str], bytes]


class FileBytes(NamedTuple):
    """A file's bytes as read, and their ``digest``."""

    raw: bytes
    digest: str


def digest(raw: bytes) -> str:
    """The digest of a file's bytes that a kept tail is checked against."""
    return hashlib.sha256(raw).hexdigest()


def detached(head: str, size: int, file_digest: str) -> str:
    """A value whose tail, the first ``size`` characters of its file, is not read yet."""
    return f"{head}{MARK}{size}:{file_digest}"


def restored(head: str, size: int, file_digest: str, file: FileBytes | None) -> str | None:
    """A value the cache kept without its tail, as a rule gets it back: whole when its file's
    bytes were read anyway (None when they are not what they were), else with a note in
    place of the tail (``detached``)."""
    if file is None:
        return detached(head, size, file_digest)
    if file.digest != file_digest:
        return None
    tail = _text_start(file.raw, size)
    return None if tail is None else head + tail


def _text_start(raw: bytes, size: int) -> str | None:
    """The first ``size`` characters of the text of a file's bytes (those of a file linted,
    so UTF-8), or None when it has fewer or is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[:size] if len(text) >= size else None


def resolve(tail: str, path: str, read: Reader | None) -> str | None:
    """The tail of a gathered value (what follows its head) as its file's text: ``tail``
    itself, or where it is a ``detached`` note, the file's text read from ``path`` with
    ``read``. None when the file cannot be read or is not what it was when linted."""
    note = re.fullmatch(_NOTE, tail) if tail.startswith(MARK) else None
    if note is None:
        return tail
    try:
        return _read_back(path, int(note[1]), note[2], read)
    except LookupError:  # not remembered: the file may come back as it was
        return None


@lru_cache(maxsize=16)
def _read_back(path: str, size: int, file_digest: str, read: Reader | None) -> str:
    """A ``detached`` tail from its file, read once for a value resolved several times (a
    base placed for several fields or translations): the digest names the text, so what was
    read back stays right however often it is asked for. LookupError when it cannot be."""
    if read is None:
        raise LookupError(path)
    try:
        raw = read(path)
    except OSError as error:
        raise LookupError(path) from error
    text = restored("", size, file_digest, FileBytes(raw, digest(raw)))
    if text is None:
        raise LookupError(path)
    return text
