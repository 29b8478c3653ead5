"""Writing a file so that readers see its old content or its new, never a part."""

from __future__ import annotations

import errno
import itertools
import os
import stat
from pathlib import Path

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
) -> None:
    """Replace ``path`` with ``data``: a temporary file beside it is written, flushed to
    disk, given ``mode`` and renamed over it. On any failure the temporary file is removed
    and ``path`` is left as it was.

    ``durable=False`` skips the flush to disk, for a file whose reader detects a content cut
    short by a crash (a sealed cache pack) and can lose it without harm.

    ``unless_changed_from``: the content ``path`` was read with; if it holds anything else
    just before the rename (an edit saved meanwhile), ChangedMeanwhile, and nothing is
    written.
    """
    temporary, descriptor = _create_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        temporary.chmod(mode)
        _keep_owner(temporary, path)
        if unless_changed_from is not None and _content(path) != unless_changed_from:
            raise ChangedMeanwhile(str(path))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _keep_owner(temporary: Path, path: Path) -> None:
    """Give the new file the owner and group of the file it replaces: a fix run as root (in
    a container, on a checkout mounted from the host) leaves a user's film the user's.
    PermissionError, and nothing written, when they cannot be kept (a user who may write
    the folder, not give a file away)."""
    try:
        replaced = path.stat()
    except OSError:  # a new file, or one that went: nothing to keep
        return
    made = temporary.stat()
    if (made.st_uid, made.st_gid) == (replaced.st_uid, replaced.st_gid):
        return
    try:
        os.chown(temporary, replaced.st_uid, replaced.st_gid)
    except (OSError, AttributeError) as error:  # AttributeError: no os.chown (Windows)
        raise PermissionError(
            errno.EPERM,
            f"its owner and group ({replaced.st_uid}:{replaced.st_gid}) cannot be kept",
            str(path),
        ) from error


def _content(path: Path) -> bytes | None:
    """What ``path`` holds now; None when it is gone or no longer a regular file (a FIFO
    put in its place would block a plain read)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return stream.read()


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
