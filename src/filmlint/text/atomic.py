"""Writing a file so that readers see its old content or its new, never a part."""

from __future__ import annotations

import errno
import itertools
import os
from pathlib import Path

from filmlint.text.reading import UnreadableFile, read_regular

#: Tells apart the temporary files one process makes in one folder.
_serial = itertools.count()


class ChangedMeanwhile(Exception):
    """The file is no longer what the caller read: someone saved it in between."""


def write_atomically(
    path: Path,
    data: bytes,
    mode: int = 0o644,
    *,
    durable: bool = True,
    unless_changed_from: bytes | None = None,
    owner: tuple[int, int] | None = None,
) -> None:
    """Replace ``path`` with ``data``: a temporary file beside it is written, flushed to
    disk, given ``mode`` and renamed over it. On any failure the temporary file is removed
    and ``path`` is left as it was.

    ``durable=False`` skips the flush to disk, for a file whose reader detects a content cut
    short by a crash (a sealed cache pack) and can lose it without harm.

    ``unless_changed_from``: the content ``path`` was read with; if it holds anything else
    just before the rename (an edit saved meanwhile), ChangedMeanwhile, and nothing is
    written.

    ``owner``: the user and group ids the new file keeps (those of the file it replaces, as
    the caller read them: a fix run as root leaves a user's film the user's);
    PermissionError, and nothing written, when this user cannot give them to it.
    """
    temporary, descriptor = _create_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        temporary.chmod(mode)
        if owner is not None:
            _give(temporary, owner)
        if unless_changed_from is not None and _content(path) != unless_changed_from:
            raise ChangedMeanwhile(str(path))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _give(temporary: Path, owner: tuple[int, int]) -> None:
    """Give the new file ``owner`` (user and group ids) unless it has them already."""
    made = temporary.stat()
    if (made.st_uid, made.st_gid) == owner:
        return
    try:
        os.chown(temporary, *owner)
    except (OSError, AttributeError) as error:  # AttributeError: no os.chown (Windows)
        raise PermissionError(
            errno.EPERM, f"its owner and group ({owner[0]}:{owner[1]}) cannot be kept"
        ) from error


def _content(path: Path) -> bytes | None:
    """What ``path`` holds now; None when it is gone or no longer a regular file (a FIFO
    put in its place would block a plain read)."""
    try:
        return read_regular(path)
    except (FileNotFoundError, UnreadableFile):
        return None


def _create_beside(path: Path) -> tuple[Path, int]:
    """A new, private, hidden file in ``path``'s folder, opened for writing.

    What tempfile.mkstemp does, without its import (random, shutil, weakref), which costs a
    one-file run more than the write itself.
    """
    while True:
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{next(_serial)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return temporary, os.open(temporary, flags, 0o600)
        except FileExistsError:  # left by a process of the same id that died: a new name
            continue
