"""A gathered value that ends with the start of its file's own text, kept by the result cache
as a pointer to that text instead of a copy of it.

``translation-mismatch`` gathers each file's front matter text, to place a field that
differs from the base's; most files have none that does. Copied into the cache, that text
was two thirds of every stored value, and writing the cache cost in proportion. So, for
a rule that says so (``KEEPS_FILE_TEXT``: its ``finish`` must ``resolve`` such a tail), the
cache stores such a value's head and, in place of its tail, how many bytes of the file it
was and their digest (``detach``). A run that reads the file anyway (its size or time
changed) puts the tail back from those bytes (``attach``); one that finds the result by size
and time alone, without reading, gets the head followed by a note of what is missing
(``detached``). A rule that needs the tail reads the file then (``resolve``), once, and
takes it only when its bytes still have the digest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

#: Starts the note that stands for a value's tail not read yet: a NUL, which no front
#: matter holds (YAML refuses it) and JSON escapes, then the bytes' count and digest.
MARK = "\x00filmlint-kept-text:"
#: A tail shorter than this is stored as it is: the note would save little.
SHORTEST = 256
#: The bytes of the file's start looked for in a value, to find where its tail begins.
_PROBE = 32
#: How many places that start as the file does are tried.
_TRIES = 8
_NOTE = re.compile(re.escape(MARK) + r"(\d{1,15}):([0-9a-f]{32})")

Reader = Callable[[str], bytes]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def detach(value: bytes, raw: bytes) -> int | None:
    """Where in ``value`` (a gathered value, encoded) a tail begins that is the first bytes
    of ``raw`` (its file's bytes), at least ``SHORTEST`` of them, on a character's first
    byte; None when it has no such tail (or it is not among the first places that start as
    the file does: a text that repeats itself is stored whole, rather than searched long)."""
    if len(value) < SHORTEST or len(raw) < _PROBE or 0x80 <= raw[0] < 0xC0:
        return None  # a file that starts mid-character: its tail would not decode alone
    probe = raw[:_PROBE]
    start = value.find(probe)
    for _ in range(_TRIES):
        if start < 0 or len(value) - start < SHORTEST:
            return None
        if raw.startswith(value[start:]):
            return start
        start = value.find(probe, start + 1)
    return None


def detached(head: str, size: int, tail_digest: str) -> str:
    """A value whose tail, the first ``size`` bytes of its file, is not read yet."""
    return f"{head}{MARK}{size}:{tail_digest}"


def attach(head: str, size: int, tail_digest: str, raw: bytes) -> str | None:
    """The whole value, its tail taken from ``raw``; None when ``raw`` is not what it was."""
    tail = raw[:size]
    if len(tail) != size or digest(tail) != tail_digest:
        return None
    return head + tail.decode("utf-8", "surrogatepass")


def restored(head: str, size: int, tail_digest: str, raw: bytes | None) -> str | None:
    """A value the cache kept without its tail, as a rule gets it back: whole when its file's
    bytes were read anyway (``attach``; None when they are not what they were), else with a
    note in place of the tail (``detached``)."""
    if raw is None:
        return detached(head, size, tail_digest)
    return attach(head, size, tail_digest, raw)


def resolve(tail: str, path: str, read: Reader | None) -> str | None:
    """The tail of a gathered value (what follows its head) as its file's text: ``tail``
    itself, or where it is a ``detached`` note, the file's text read from ``path`` with
    ``read``. None when the file cannot be read or is not what it was when linted."""
    note = _NOTE.fullmatch(tail) if tail.startswith(MARK) else None
    if note is None:
        return tail
    try:
        return _read_back(path, int(note[1]), note[2], read)
    except LookupError:  # not remembered: the file may come back as it was
        return None


@lru_cache(maxsize=16)
def _read_back(path: str, size: int, tail_digest: str, read: Reader | None) -> str:
    """A ``detached`` tail from its file, read once for a value resolved several times (a
    base placed for several fields or translations): the digest names the text, so what was
    read back stays right however often it is asked for. LookupError when it cannot be."""
    if read is None:
        raise LookupError(path)
    try:
        raw = read(path)
    except OSError as error:
        raise LookupError(path) from error
    text = attach("", size, tail_digest, raw)
    if text is None:
        raise LookupError(path)
    return text
