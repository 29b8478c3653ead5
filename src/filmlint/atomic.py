"""Writing a file so that readers see its old content or its new, never a part."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data``: a temporary file beside it is written, flushed to
    disk, given ``mode`` and renamed over it. On any failure the temporary file is removed
    and ``path`` is left as it was."""
    import tempfile  # only when writing: a run that only reads does not load it

    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)  # mkstemp makes it private
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
