"""Atomic writes: the new content with the mode asked for, or on failure the old file alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmlint.atomic import write_atomically


def test_replaces_content_and_sets_mode(tmp_path: Path) -> None:
    target = tmp_path / "film.md"
    target.write_bytes(b"old\r\n")
    write_atomically(target, "\ufeffnew\r\n".encode(), 0o600)
    assert target.read_bytes() == "\ufeffnew\r\n".encode()
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["film.md"]


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "film.md"
    target.write_bytes(b"old\n")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["film.md"]
