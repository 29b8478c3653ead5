"""Atomic writes: the new content with the mode asked for, or on failure the old file alone."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from filmlint.text import atomic
from filmlint.text.atomic import write_atomically


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


@pytest.mark.parametrize("durable", [True, False])
def test_writes_a_new_file_whether_flushed_to_disk_or_not(tmp_path: Path, durable: bool) -> None:
    target = tmp_path / "pack"
    write_atomically(target, b"content", durable=durable)
    assert target.read_bytes() == b"content"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]


def test_a_temporary_left_by_a_dead_process_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_serial", itertools.count())
    leftovers = [tmp_path / f".film.md.{os.getpid()}-{n}.tmp" for n in (0, 1)]
    for leftover in leftovers:
        leftover.write_bytes(b"half a file")
    write_atomically(tmp_path / "film.md", b"new\n")
    assert (tmp_path / "film.md").read_bytes() == b"new\n"
    assert all(leftover.read_bytes() == b"half a file" for leftover in leftovers)
    assert len(list(tmp_path.iterdir())) == 3
