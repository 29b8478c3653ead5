"""Reading a file to lint: its bytes, or a finding that says why they cannot be read."""

from __future__ import annotations

from pathlib import Path

from filmlint.diagnostics import Finding
from filmlint.rule_names import UNREADABLE_FILE


def read_file(path: str | Path) -> bytes | Finding:
    """The file's bytes, or an ``unreadable-file`` finding at the start of the file."""
    try:
        with open(path, "rb") as stream:  # noqa: PTH123 (pathlib's read_bytes is slower)
            return stream.read()
    except OSError as error:
        reason = error.strerror or str(error)
        return Finding(UNREADABLE_FILE, f"cannot read file: {reason}", 0, 0)
