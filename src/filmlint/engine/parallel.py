"""Linting many files: in worker processes when there are enough of them to pay for the pool.

Each worker builds its own linter once, from the parent's picklable spec (``Linter.spec``),
and is sent paths in chunks; only ``FileResult``s come back (never documents), in the order of the
paths, so the output is the same whatever the number of workers.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from filmlint.engine.cache import Pack, ResultCache
from filmlint.engine.results import FileResult

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext


class FileLinter(Protocol):
    """What this module needs of a linter: the file phase, and a picklable spec to build the
    same linter in a worker process (None: it cannot be rebuilt, so no worker is started)."""

    @property
    def spec(self) -> Callable[[], FileLinter] | None: ...

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult: ...

    def cached_result(self, path: str, cache: ResultCache) -> FileResult | None: ...


#: A worker is started only for every this many files to lint: starting one (a fork, then
#: building a linter) costs about as much as linting that many files.
FILES_PER_WORKER = 250
#: Files looked up in the cache first, to tell how many will need linting.
SAMPLE = 64
#: Paths sent to a worker at once: few messages, yet a fair share of the work for each.
MAX_CHUNK = 64

_worker: tuple[FileLinter, ResultCache | None] | None = None


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def file_results(
    linter: FileLinter, files: Sequence[str], *, jobs: int, cache: ResultCache | None
) -> Iterator[FileResult]:
    """Each file's result, in the order of ``files``; the cache is saved at the end."""
    # What is loaded now (rules, their tables, the cache's entries) lives for the whole run:
    # the cyclic garbage collector need not scan it again and again as results are made. The
    # cache's hundreds of thousands of lists are frozen before any collection could scan them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if cache is not None:
            cache.load()
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    try:
        yield from _results(linter, files, jobs, cache)
    finally:
        gc.unfreeze()
    if cache is not None:
        cache.save()


def _results(
    linter: FileLinter, files: Sequence[str], jobs: int, cache: ResultCache | None
) -> Iterator[FileResult]:
    to_lint = len(files)
    sampled: list[FileResult | None] = []
    if cache is not None and jobs > 1 and to_lint >= 2 * FILES_PER_WORKER:
        # With a warm cache, most files need no linting and workers would cost more.
        sampled = [linter.cached_result(path, cache) for path in files[:SAMPLE]]
        to_lint = len(files) * sampled.count(None) // len(sampled)
    workers = min(jobs, to_lint // FILES_PER_WORKER)
    if workers <= 1 or linter.spec is None:
        for index, path in enumerate(files):
            known = sampled[index] if index < len(sampled) else None
            yield known if known is not None else linter.file_result(path, cache)
    else:
        chunk = max(1, min(MAX_CHUNK, len(files) // (workers * 4)))
        with _context().Pool(workers, _start_worker, (linter.spec, cache)) as pool:
            for result, added in pool.imap(_lint_in_worker, files, chunk):
                if added and cache is not None:
                    cache.absorb(added)
                yield result


def _context() -> BaseContext:
    import multiprocessing  # only when workers are started: one file needs none

    # Forking is the cheapest start and safe here (no threads); elsewhere keep the default.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(spec: Callable[[], FileLinter], cache: ResultCache | None) -> None:
    global _worker
    _worker = (spec(), cache)
    gc.freeze()  # the linter and its tables live as long as the worker


def _lint_in_worker(path: str) -> tuple[FileResult, Pack | None]:
    assert _worker is not None
    linter, cache = _worker
    result = linter.file_result(path, cache)
    return result, cache.take_added() if cache is not None else None
