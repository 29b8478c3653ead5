"""Runs that save the URL cache at the same time each keep their answers, and a save never
waits long on another."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from filmlint.text.owned_files import TAG_NAME, user_key
from filmlint.urls import cache as cache_module
from filmlint.urls.cache import UrlCache, answered_urls
from filmlint.urls.outcome import Outcome

TTL = {"ok": 168.0, "redirected": 168.0, "broken": 24.0, "blocked": 6.0, "timeout": 1.0}
RUNS = 8
SAVES = 10
URLS_A_SAVE = 3
FIRST, SECOND = "https://films.example/first", "https://films.example/second"


def url(run: int, save: int, number: int) -> str:
    return f"https://films.example/{run}/{save}/{number}"


def _saves(path: Path, run: int, start: Any) -> None:
    """One run's part: ``SAVES`` times, load the cache, answer URLs no other run asks, save."""
    start.wait()
    for save in range(SAVES):
        cache = UrlCache(path, TTL)
        cache.load()
        for number in range(URLS_A_SAVE):
            cache.put(url(run, save, number), Outcome("broken", "404 Not Found", time.time()))
        cache.save()


@pytest.mark.slow
def test_saves_at_the_same_time_keep_every_answer(tmp_path: Path) -> None:
    """Without a lock, a run's save between another's read and replace was lost: about 200
    of these 240 answers in each try."""
    path = tmp_path / "cache" / "urls.json"
    user_key()  # made once, not by each run at once
    context = multiprocessing.get_context("fork")
    start = context.Barrier(RUNS)
    runs = [context.Process(target=_saves, args=(path, run, start)) for run in range(RUNS)]
    for process in runs:
        process.start()
    for process in runs:
        process.join(120)
    assert [process.exitcode for process in runs] == [0] * RUNS
    cache = UrlCache(path, TTL)
    cache.load()
    lost = [
        url(run, save, number)
        for run in range(RUNS)
        for save in range(SAVES)
        for number in range(URLS_A_SAVE)
        if cache.fresh(url(run, save, number)) is None
    ]
    assert lost == []
    assert sorted(p.name for p in path.parent.iterdir()) == [".gitignore", TAG_NAME, "urls.json"]


def test_a_lock_held_elsewhere_delays_a_save_only_briefly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache" / "urls.json"
    store(path, FIRST)
    monkeypatch.setattr(cache_module, "LOCK_WAIT", 0.2)
    lock = cache_module.lock_path(path)
    lock.write_bytes(cache_module.LOCK_TEXT)
    with lock.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a run that hangs while it saves
        started = time.monotonic()
        store(path, SECOND)
        assert 0.2 <= time.monotonic() - started < 5
    assert answered_urls(path) == {FIRST, SECOND}
    assert lock.read_bytes() == cache_module.LOCK_TEXT  # the hung run's, not the save's


def test_a_lock_left_by_a_killed_run_is_taken_and_removed(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "urls.json"
    store(path, FIRST)
    lock = cache_module.lock_path(path)
    lock.write_bytes(cache_module.LOCK_TEXT)
    store(path, SECOND)
    assert answered_urls(path) == {FIRST, SECOND}
    assert not os.path.lexists(lock)


@pytest.mark.parametrize(
    "kind", ["a user's file", "a symlink", "a dangling symlink", "a FIFO", "a folder"]
)
def test_what_is_not_a_lock_is_left_as_it_is_and_the_save_still_made(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "cache" / "urls.json"
    store(path, FIRST)
    lock = cache_module.lock_path(path)
    target = tmp_path / "mine.txt"
    target.write_bytes(b"mine\n")
    if kind == "a user's file":
        lock.write_bytes(b"mine\n")
    elif kind == "a symlink":
        lock.symlink_to(target)
    elif kind == "a dangling symlink":
        lock.symlink_to(tmp_path / "nothing")
    elif kind == "a FIFO":
        os.mkfifo(lock)
    else:
        lock.mkdir()
    before = lock.lstat()
    store(path, SECOND)
    assert answered_urls(path) == {FIRST, SECOND}
    after = lock.lstat()
    assert (after.st_ino, after.st_mode, after.st_size) == (
        before.st_ino,
        before.st_mode,
        before.st_size,
    )
    assert target.read_bytes() == b"mine\n"
    assert not (tmp_path / "nothing").exists()


def test_no_lock_is_made_beside_a_file_that_is_not_a_url_cache(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    cache = UrlCache(path, TTL)
    cache.load()
    cache.put(FIRST, Outcome("ok", "200 OK", time.time()))
    path.write_text("# notes written while the URLs were being checked\n")
    with pytest.raises(cache_module.CacheRefused):
        cache.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_clean_removes_a_lock_left_beside_the_url_cache(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text("", encoding="utf-8")
    path = tmp_path / ".filmlint_cache" / "urls.json"
    store(path, FIRST)
    lock = cache_module.lock_path(path)
    lock.write_bytes(cache_module.LOCK_TEXT)
    (path.parent / ".mine.lock").write_bytes(b"a user's\n")
    kept = run_cli("clean", cwd=tmp_path)
    assert kept.returncode == 0
    assert sorted(p.name for p in path.parent.iterdir()) == [".mine.lock", TAG_NAME, "urls.json"]
    lock.write_bytes(cache_module.LOCK_TEXT)
    assert run_cli("clean", "--all", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in path.parent.iterdir()) == [".mine.lock", TAG_NAME]


def store(path: Path, address: str) -> None:
    cache = UrlCache(path, TTL)
    cache.load()
    cache.put(address, Outcome("broken", "404 Not Found", time.time()))
    cache.save()
