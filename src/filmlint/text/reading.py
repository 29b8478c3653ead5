"""Reading a file a user named (a film to lint, a schema, a configuration): its bytes, or
why they cannot be read.

Only regular files are opened: a FIFO would block, and a device such as ``/dev/zero`` (or a
link to it named ``x.md``) would read until memory runs out. The file is opened without
blocking, so a FIFO swapped in after the check cannot block either, and checked again once
open; more than a film's ``max_size`` bytes are never read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from filmlint.diagnostics import Finding
from filmlint.rule_names import UNREADABLE_FILE

_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class UnreadableFile(OSError):
    """A file that is not read; its message says why, as ``unreadable-file`` reports it."""


def read_file(
    path: str | Path, max_size: int, found: os.stat_result | None = None
) -> bytes | Finding:
    """The file's bytes, or an ``unreadable-file`` finding at the start of the file."""
    try:
        return read_bytes(path, max_size, found)
    except UnreadableFile as error:
        return Finding(UNREADABLE_FILE, str(error), 0, 0)


def read_bytes(path: str | Path, max_size: int, found: os.stat_result | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes; else UnreadableFile.
    ``found``: what ``os.stat`` just said of ``path``, if the caller asked (the result cache
    does, to compare with what it recorded): not asked again."""
    try:
        if found is None:
            found = os.stat(path)  # noqa: PTH116 (a link is followed: its target is read)
        if not stat.S_ISREG(found.st_mode):
            raise UnreadableFile(_not_regular(path, found.st_mode))
        if found.st_size > max_size:
            raise UnreadableFile(too_large(max_size))
        descriptor = os.open(path, _FLAGS)
        try:
            opened = os.fstat(descriptor)
            if not stat.S_ISREG(opened.st_mode):  # swapped for another kind since the stat
                raise UnreadableFile(_not_regular(path, opened.st_mode))
            # As much as the file holds (a read of max_size would allocate that much each time),
            # then on to the limit if it has grown since.
            size = min(opened.st_size, max_size)
            raw = _read_up_to(descriptor, size + 1)
            if len(raw) > size:
                raw += _read_up_to(descriptor, max_size + 1 - len(raw))
        finally:
            os.close(descriptor)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(f"cannot read file: {error.strerror or error}") from None
    if len(raw) > max_size:  # grown since the stat
        raise UnreadableFile(too_large(max_size))
    return raw


def read_regular(path: str | Path) -> bytes:
    """The bytes of a regular file, whatever its size (a schema, a configuration: the user
    chose it, and it is read whole); UnreadableFile for anything else, and the system's
    OSError (naming the path) when it cannot be opened."""
    found = os.stat(path)  # noqa: PTH116 (a link is followed: its target is read)
    if not stat.S_ISREG(found.st_mode):
        raise UnreadableFile(_not_regular(path, found.st_mode))
    with os.fdopen(os.open(path, _FLAGS), "rb") as stream:
        opened = os.fstat(stream.fileno())
        if not stat.S_ISREG(opened.st_mode):  # swapped for another kind since the stat
            raise UnreadableFile(_not_regular(path, opened.st_mode))
        return stream.read()


def _read_up_to(descriptor: int, count: int) -> bytes:
    """Up to ``count`` bytes, fewer only at the end of the file: reads on the descriptor
    itself, as a file object costs more to make than a small file costs to read."""
    chunks = []
    while count > 0:
        chunk = os.read(descriptor, count)
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def too_large(max_size: int) -> str:
    return f"file is larger than max-file-size ({size_text(max_size)})"


def size_text(size: int) -> str:
    """A size as people write it: ``10 MiB``, ``512 KiB``, ``1000 bytes``."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def _not_regular(path: str | Path, mode: int) -> str:
    if stat.S_ISDIR(mode):
        try:  # a folder here is one the walk could not list: say why
            with os.scandir(path):
                pass
        except OSError as error:
            return f"cannot read folder: {error.strerror or error}"
    kind = next((name for test, name in _KINDS if test(mode)), "unknown kind")
    return f"not a regular file: {kind}"
