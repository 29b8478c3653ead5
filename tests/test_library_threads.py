"""One linter shared by threads, as docs/library.md invites ("build it once"): the results
equal the serial ones, whatever order the threads are preempted in. A run names more paths
than the linter's memos of recent paths hold, so the threads evict from them at once."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import filmlint
from filmlint.engine.paths import _RecentMemo

T = TypeVar("T")
THREADS = 8


@contextmanager
def preempted_often() -> Iterator[None]:
    """Threads switched every microsecond, as on a loaded machine."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def in_threads(work: Callable[[int], T]) -> list[T]:
    with preempted_often(), ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(work, range(THREADS)))


def test_a_memo_filled_by_threads_at_once_keeps_its_size_and_its_answers() -> None:
    memo: _RecentMemo[int] = _RecentMemo(4)

    def fill(thread: int) -> list[int | None]:
        answers = []
        for number in range(10_000):
            key = f"{thread}/{number}"
            answers.append(memo.put(key, number))
        return answers

    assert in_threads(fill) == [list(range(10_000))] * THREADS
    assert len(memo._found) <= 4


def test_a_linter_shared_by_threads_gives_the_serial_results() -> None:
    config = filmlint.Config.from_dict(
        {
            "locale": {"default": "zh-Hans", "folders": {"en": "en"}},
            "per-file-ignores": {"drafts/**": ["FL206"]},
        },
        root=".",
    )
    linter = filmlint.Linter(config)
    texts = ["---\ntitle: x\n---\n", "---\ntitle: x\ncountry: Frnace\n---\n"]

    def lint(thread: int) -> list[list[tuple[str, str, str]]]:
        return [
            [(d.path, d.code, d.message) for d in linter.lint_text(texts[number % 2], path)]
            for number in range(20)  # 320 paths in all: more than the memos hold (256)
            for path in (f"films/t{thread}/f{number}.md", f"en/t{thread}/f{number}.md")
        ]

    serial = [lint(thread) for thread in range(THREADS)]
    assert in_threads(lint) == serial
