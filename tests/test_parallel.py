"""The file phase in several processes: the same results, in the same order, as in one; a
failure in a worker process costs its file (or its chunk's time), never the run."""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples, film
from filmlint.diagnostics import Diagnostic, Problem, Severity
from filmlint.engine import cache_keys, parallel
from filmlint.engine import linter as linter_module
from filmlint.engine.cache import ResultCache
from filmlint.engine.linter import Linter
from filmlint.engine.results import FileResult
from filmlint.rules import rating_format
from test_parallel_cache import VARIANTS, config, with_fixes

RATING_CHECK = rating_format.check
PARENT = os.getpid()


def in_worker() -> bool:
    return os.getpid() != PARENT


def in_full(results: Sequence[FileResult | None]) -> list[Any]:
    """Results with the fields their equality ignores (fixes, data paths)."""
    return [
        None
        if result is None
        else (with_fixes(result.diagnostics), [(r, r.data_path) for r in result.gathered])
        for result in results
    ]


# The chunks


@given(st.integers(0, 20_000), st.integers(2, 16))
def test_chunks_cover_every_path_once_and_shrink_towards_the_end(
    count: int, processes: int
) -> None:
    bounds = parallel.chunks(count, processes)
    assert bounds[0] == (0, min(1, count))  # the parent's first file, before any fork
    assert [start for start, _ in bounds[1:]] == [end for _, end in bounds[:-1]]
    assert bounds[-1][1] == count
    sizes = [end - start for start, end in bounds[1:]]
    assert all(0 < size <= parallel.MAX_CHUNK for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # the last ones are the smallest
    if sizes:
        assert sizes[-1] <= parallel.MIN_CHUNK  # no process waits long for another's last
    if count - 1 >= 4 * processes * parallel.MAX_CHUNK:  # what remains after the parent's file
        assert sizes[0] == parallel.MAX_CHUNK  # few messages while much remains


@given(st.integers(0, 2_000), st.integers(2, 16), st.sets(st.integers(0, 2_000)))
def test_chunks_never_end_between_paths_joined(
    count: int, processes: int, joined: set[int]
) -> None:
    """The files of a translation set, judged in the process that lints them, stay in one
    chunk: a chunk grows to take the paths joined to its last."""
    bounds = parallel.chunks(count, processes, joined.__contains__)
    assert [start for start, _ in bounds[1:]] == [end for _, end in bounds[:-1]]
    assert bounds[-1][1] == count
    assert all(start < end for start, end in bounds) or count == 0
    assert not any(end in joined for _, end in bounds[:-1])
    first = 1
    while first < count and first in joined:
        first += 1
    assert bounds[0] == (0, min(first, count))  # the parent's first set, before any fork
    unjoined = parallel.chunks(count, processes)
    assert len(bounds) <= len(unjoined)  # grown, never cut


class PairJudge:
    """Judges files two by two (0 and 1, 2 and 3...), as the translation rules judge a set:
    a pair is found only where both its files were judged, in one process."""

    def __init__(self) -> None:
        self.open: dict[int, int] = {}  # the first of a pair, by index: the process
        self.found: list[tuple[int, int]] = []  # each pair's first index, and its process
        self.merged: list[tuple[int, int]] = []

    def joined(self, index: int) -> bool:
        return index % 2 == 1

    def judged(self, index: int, result: FileResult) -> FileResult:
        if index % 2 == 0:
            self.open[index] = os.getpid()
        elif self.open.pop(index - 1, None) == os.getpid():
            self.found.append((index - 1, os.getpid()))
        return FileResult([])  # what it judged is not sent on

    def take(self) -> list[tuple[int, int]]:
        found, self.found = self.found, []
        return found

    def merge(self, found: list[tuple[int, int]]) -> None:
        self.merged.extend(found)


class SlowInParent:
    """A linter whose files take longer in the parent, so that a worker lints a share."""

    spec = None

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult:
        if not in_worker():
            time.sleep(0.001)
        return FileResult([Diagnostic(path, 1, 1, 1, 2, "FL999", "x", Severity.ERROR, path)])

    def settled_result(self, path: str, cache: ResultCache) -> FileResult | None:
        return None


@pytest.mark.slow  # starts a worker process
def test_each_chunk_is_judged_whole_in_the_process_that_linted_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = [f"film-{index:04}.md" for index in range(600)]
    judge = PairJudge()
    results = list(parallel.file_results(SlowInParent(), files, jobs=2, cache=None, judge=judge))
    assert [result.diagnostics for result in results] == [[]] * len(files)
    assert sorted(first for first, _ in judge.merged) == list(range(0, len(files), 2))
    assert {process for _, process in judge.merged} - {PARENT}  # a worker judged its own
    assert not judge.open


class LastLinted(SlowInParent):
    """Remembers the path it linted last, in each process (a fork copies it)."""

    def __init__(self) -> None:
        self.last: str | None = None

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult:
        self.last = path
        return super().file_result(path, cache)


class OrderJudge(PairJudge):
    """Notes, for each file judged, whether it was the last one its process linted."""

    def __init__(self, linter: LastLinted, files: Sequence[str]) -> None:
        super().__init__()
        self.linter, self.files = linter, files

    def judged(self, index: int, result: FileResult) -> FileResult:
        self.found.append((index, self.linter.last == self.files[index]))
        return result


@pytest.mark.slow  # starts a worker process
@pytest.mark.parametrize("count", [300, 601])
def test_each_file_is_judged_as_soon_as_it_is_linted(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """As in one process: a set is judged right after its last file, while what its files
    were parsed into is still held (judged at the end of its chunk, each set that differs
    was parsed again)."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = [f"film-{index:04}.md" for index in range(count)]
    linter = LastLinted()
    judge = OrderJudge(linter, files)
    list(parallel.file_results(linter, files, jobs=2, cache=None, judge=judge))
    assert sorted(judge.merged) == [(index, True) for index in range(count)]


# Generated sets of files: any variants, language versions, files that cannot be read


KINDS = ["text", "text", "text", "missing", "folder", "binary"]
FILES = st.lists(
    st.tuples(st.integers(0, len(VARIANTS) - 1), st.booleans(), st.sampled_from(KINDS)),
    min_size=1,
    max_size=40,
)


def write_files(folder: Path, specs: list[tuple[int, bool, str]]) -> list[str]:
    paths = []
    for index, (variant, english, kind) in enumerate(specs):
        path = folder / f"film-{index // 2:03d}{'-en' if english else ''}-{index}.md"
        if kind == "text":
            path.write_text(VARIANTS[variant], encoding="utf-8")
        elif kind == "folder":
            path.mkdir()
        elif kind == "binary":
            path.write_bytes(b"---\ntitle: \xff\xfe\n---\n")
        paths.append(str(path))  # "missing": named, but gone by the time it is read
    return paths


@pytest.mark.slow
@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(specs=FILES)
def test_results_and_cache_are_the_same_with_any_number_of_processes(
    monkeypatch: pytest.MonkeyPatch, specs: list[tuple[int, bool, str]]
) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 2)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        files = write_files(root, specs)
        linter = Linter(config(root))
        runs = {}
        for jobs in (1, 2, 3):
            cache = ResultCache(root / f"cache-{jobs}")
            runs[jobs] = in_full(list(parallel.file_results(linter, files, jobs=jobs, cache=cache)))
        assert runs[1] == runs[2] == runs[3]
        assert runs[1] == in_full([Linter(config(root)).file_result(path) for path in files])
        filled = {}
        for jobs in (1, 2, 3):  # what the workers added reached the parent, and its pack
            cache = ResultCache(root / f"cache-{jobs}")
            cache.load()
            filled[jobs] = in_full([linter.cached_result(path, cache) for path in files])
        assert filled[1] == filled[2] == filled[3]
        texts = [
            result for result, (_, _, kind) in zip(filled[1], specs, strict=True) if kind == "text"
        ]
        assert None not in texts


class BulkyLinter:
    """Results big enough that a few chunks fill a worker's pipe; slow in the parent only,
    like the parent of a real run, which also takes in and reports every result."""

    spec = None

    def __init__(self, delay: float, in_worker: float = 0.0) -> None:
        self.delay = delay
        self.in_worker = in_worker
        self.in_parent = 0

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult:
        if not in_worker():
            self.in_parent += 1
            time.sleep(self.delay)
        elif self.in_worker:
            time.sleep(self.in_worker)
        message = path + " " + "x" * 4096
        found = Diagnostic(path, 1, 1, 1, 2, "FL999", "bulky", Severity.ERROR, message)
        return FileResult([found])

    def settled_result(self, path: str, cache: ResultCache) -> FileResult | None:
        return None


@pytest.mark.slow
def test_a_worker_faster_than_the_parent_is_not_held_to_its_pace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parent takes every message waiting, not one per chunk of its own: else a worker
    fills its pipe and then lints a chunk only each time the parent has linted one."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = [f"film-{index:04}.md" for index in range(3000)]
    linter = BulkyLinter(delay=0.002)
    results = list(parallel.file_results(linter, files, jobs=2, cache=None))
    assert [result.diagnostics[0].path for result in results] == files
    # Held to the parent's pace, the worker would lint about as many as the parent (after
    # the few chunks its pipe holds): over a third of the files would be the parent's.
    assert 0 < linter.in_parent < len(files) // 8


#: A linter whose workers do not send all they lint before the parent, which takes in every
#: message waiting, returns its first result: 3000 of its files make 12 MB, more than the
#: pipes hold, and take a worker 0.3 s at least.
BULKY_IN_WORKERS = BulkyLinter(delay=0, in_worker=0.0002)


def run_locals(results: Iterator[FileResult]) -> dict[str, Any]:
    """The variables of the run under ``results`` (``file_results``, suspended at a
    result): its readers and workers."""
    generator: Any = results
    while generator.gi_code.co_name != "_shared_run":
        generator = generator.gi_yieldfrom
    return dict(generator.gi_frame.f_locals)


def joined(workers: Sequence[multiprocessing.process.BaseProcess]) -> list[int | None]:
    """The exit codes of ``workers``, each given until a common deadline to end (None: it
    had not, and is killed, so that the test fails rather than waits)."""
    deadline = time.monotonic() + 5
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    exits = [worker.exitcode for worker in workers]
    for worker in workers:
        if worker.exitcode is None:
            worker.kill()
    return exits


@pytest.mark.slow
def test_workers_end_quietly_once_their_parent_is_gone(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A parent killed (SIGKILL, the end of a session) leaves pipes that nobody reads: a
    worker that kept the copies a fork gave it of the parent's read ends (its own, an earlier
    worker's) waited forever on its full pipe. Closed at the start, its next send fails."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = [f"film-{index:04}.md" for index in range(3000)]  # 12 MB: more than the pipes hold
    results = parallel.file_results(BULKY_IN_WORKERS, files, jobs=3, cache=None)
    next(results)  # the workers run; the parent, held here, reads no more
    time.sleep(0.3)  # a worker fills its pipe, then waits
    run = run_locals(results)
    for reader in run["readers"]:
        reader.close()  # as the system closes a killed parent's
    exits = joined(run["workers"])
    results.close()
    assert exits == [0, 0]
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("before", ["a handler", "the default"])
def test_a_sigterm_to_the_parent_ends_its_workers_then_takes_its_course(
    monkeypatch: pytest.MonkeyPatch, before: str
) -> None:
    """SIGTERM (a supervisor, an editor, ``kill``) reaches the parent alone: it ends its
    workers, as an interrupt does, then takes its course: the handler set before the run
    runs, or by default the process ends by the same signal (here only recorded)."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = [f"film-{index:04}.md" for index in range(3000)]
    taken: list[str] = []

    def handler(signum: int, frame: object) -> None:
        taken.append("the handler")

    real_kill = os.kill

    def kill(pid: int, signum: int) -> None:
        if pid == os.getpid():
            taken.append(f"the default: {signal.getsignal(signum) == signal.SIG_DFL}")
        else:
            real_kill(pid, signum)

    previous = signal.signal(signal.SIGTERM, handler if before == "a handler" else signal.SIG_DFL)
    try:
        results = parallel.file_results(BULKY_IN_WORKERS, files, jobs=3, cache=None)
        next(results)
        if before == "a handler":
            os.kill(os.getpid(), signal.SIGTERM)
        else:
            ending = signal.getsignal(signal.SIGTERM)
            assert callable(ending)  # set while the workers run
            with monkeypatch.context() as patched:
                patched.setattr(os, "kill", kill)
                ending(signal.SIGTERM, None)  # as the signal runs it, this process kept
        exits = joined(run_locals(results)["workers"])
        results.close()
        after = signal.getsignal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert exits == [-signal.SIGTERM] * 2
    if before == "a handler":
        assert taken == ["the handler"]
        assert after is handler  # set back once the run is over
    else:
        assert taken == ["the default: True"]
        assert after == signal.SIG_DFL


# Failures in a worker process


def slow_in_parent(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
    """rating-format, a little slower in the parent, so that the worker gets its share."""
    if not in_worker():
        time.sleep(0.003)
    yield from RATING_CHECK(document, options)


def many_films(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"film-{index:03}.md"
        path.write_text(film(f'imdbRating: "{index % 9}.55"\n'), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.slow
def test_a_rule_that_raises_in_a_worker_is_an_internal_error_on_each_of_its_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = many_films(tmp_path / "films", 60)
    linter = Linter(config(tmp_path))
    serial = list(parallel.file_results(linter, files, jobs=1, cache=None))

    def raising_in_worker(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
        yield from slow_in_parent(document, options)
        if in_worker():
            raise ValueError("boom")

    monkeypatch.setattr(rating_format, "check", raising_in_worker)
    forked = list(parallel.file_results(Linter(config(tmp_path)), files, jobs=2, cache=None))
    crashed = [[d for d in result.diagnostics if d.rule == "internal-error"] for result in forked]
    assert 0 < sum(map(len, crashed)) < len(files)  # both processes linted a share
    assert all(len(found) <= 1 for found in crashed)  # one for each file the worker linted
    assert all("ValueError: boom" in d.message for found in crashed for d in found)
    for found, result, alone in zip(crashed, forked, serial, strict=True):
        # A crashed file keeps the other rules' findings; a file linted in the parent, all.
        lost = {"rating-format", "internal-error"} if found else set()
        assert [d for d in result.diagnostics if d.rule not in lost] == [
            d for d in alone.diagnostics if d.rule not in lost
        ]


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize("nth", [1, 5])  # the first file a worker lints, or one in a chunk
def test_an_interrupt_in_a_worker_stops_the_run_as_in_one_process(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    jobs: int,
    nth: int,
) -> None:
    """A rule's KeyboardInterrupt stops the run (the user stopping it, docs/plugins.md):
    from a worker too, with nothing printed, its chunk not linted again by the parent."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = many_films(tmp_path / "films", 60)
    interrupted = tmp_path / "interrupted"
    in_parent: list[str | None] = []
    seen: list[str | None] = []

    def interrupting_in_worker(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
        if not in_worker():
            in_parent.append(document.path)
        else:
            seen.append(document.path)  # this worker's copy of the list
            if len(seen) == nth:
                with interrupted.open("a", encoding="utf-8") as record:
                    record.write(f"{document.path}\n")
                raise KeyboardInterrupt
        yield from slow_in_parent(document, options)

    monkeypatch.setattr(rating_format, "check", interrupting_in_worker)
    with pytest.raises(KeyboardInterrupt):
        list(parallel.file_results(Linter(config(tmp_path)), files, jobs=jobs, cache=None))
    assert not multiprocessing.active_children()
    stopped_at = interrupted.read_text(encoding="utf-8").split()
    assert stopped_at
    assert not set(stopped_at) & set(in_parent)
    assert capfd.readouterr().err == ""


@pytest.mark.slow
def test_a_worker_that_dies_loses_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = many_films(tmp_path / "films", 60)
    linter = Linter(config(tmp_path))
    serial = in_full(list(parallel.file_results(linter, files, jobs=1, cache=None)))
    died = tmp_path / "died"

    def dying_in_worker(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
        if in_worker():
            died.touch()
            os._exit(9)  # killed: no result, no message, only the end of its pipe
        yield from slow_in_parent(document, options)

    monkeypatch.setattr(rating_format, "check", dying_in_worker)
    cache = ResultCache(tmp_path / "cache")
    linter = Linter(config(tmp_path))
    forked = in_full(list(parallel.file_results(linter, files, jobs=3, cache=cache)))
    assert died.exists()
    assert forked == serial  # the parent linted the chunks the workers took with them
    assert not multiprocessing.active_children()


@pytest.mark.slow
def test_a_file_that_cannot_be_read_in_a_worker_is_reported_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    monkeypatch.setattr(rating_format, "check", slow_in_parent)
    files = many_films(tmp_path / "films", 60)
    for gone in files[1::3]:
        Path(gone).unlink()
    for folder in files[2::9]:
        Path(folder).unlink()
        Path(folder).mkdir()
    read_in_worker = tmp_path / "read-in-worker"
    read_file = linter_module.read_file

    def recording(path: str | Path, max_size: int, found: os.stat_result | None = None) -> Any:
        if in_worker():
            with read_in_worker.open("a", encoding="utf-8") as record:
                record.write(f"{path}\n")
        return read_file(path, max_size, found)

    monkeypatch.setattr(linter_module, "read_file", recording)
    linter = Linter(config(tmp_path))
    serial = in_full(list(parallel.file_results(linter, files, jobs=1, cache=None)))
    forked = in_full(list(parallel.file_results(linter, files, jobs=2, cache=None)))
    assert forked == serial
    unreadable = set(files[1::3]) | set(files[2::9])
    assert unreadable & set(read_in_worker.read_text(encoding="utf-8").split())
    assert all(
        [d.rule for d, *_ in results[0]] == ["unreadable-file"]
        for path, results in zip(files, forked, strict=True)
        if results is not None and path in unreadable
    )


class SlowLinter(Linter):
    """A linter that takes 10 ms a file: its workers cannot be done with a run of 200 files
    before the parent has its first results, however busy the machine."""

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult:
        time.sleep(0.01)
        return super().file_result(path, cache)


@pytest.mark.slow
def test_a_run_stopped_early_stops_its_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    files = many_films(tmp_path / "films", 200)
    results = parallel.file_results(SlowLinter(config(tmp_path)), files, jobs=3, cache=None)
    next(results)
    assert len(multiprocessing.active_children()) == 2  # the parent lints too
    results.close()
    assert not multiprocessing.active_children()


@pytest.mark.slow
def test_workers_that_are_not_forked_build_their_linter_from_its_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on macOS and Windows: a worker starts afresh and gets everything it needs pickled."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    specs = [(index % len(VARIANTS), index % 3 == 0, "text") for index in range(300)]
    files = write_files(tmp_path, specs)
    in_parent: list[str | None] = []

    def slow_here(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
        """Not in a spawned worker, which imports the rule afresh."""
        in_parent.append(document.path)
        time.sleep(0.03 if in_parent[0] == "slow" else 0)
        yield from RATING_CHECK(document, options)

    monkeypatch.setattr(rating_format, "check", slow_here)
    linter = Linter(config(tmp_path))
    serial = in_full(list(parallel.file_results(linter, files, jobs=1, cache=None)))
    checked = len(in_parent)
    in_parent[:] = ["slow"]
    cache = ResultCache(tmp_path / "cache")
    spawned = in_full(list(parallel.file_results(linter, files, jobs=2, cache=cache)))
    assert spawned == serial
    assert len(in_parent) - 1 < checked  # the worker linted a share
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    assert in_full([linter.cached_result(path, cache) for path in files]) == serial


def count_reads(log: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``log``, where every file the linter reads is named on a line, from every process."""
    read = linter_module.read_file

    def noted(path: str | Path, limit: int, found: os.stat_result | None = None) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{path}\n")
        return read(path, limit, found)

    monkeypatch.setattr(linter_module, "read_file", noted)
    return log


def test_a_cold_parallel_run_reads_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache with no database answers nothing: the files are not looked up first (which
    reads them) to choose how many processes to start, then read again to be linted."""
    from test_parallel_cache import make_films

    films = make_films(tmp_path / "films", 600)
    log = count_reads(tmp_path / "reads", monkeypatch)
    files = [str(film) for film in films]
    results = list(
        parallel.file_results(
            Linter(config(tmp_path)), files, jobs=2, cache=ResultCache(tmp_path / "cache")
        )
    )
    assert len(results) == len(files)
    reads = log.read_text(encoding="utf-8").split()
    assert sorted(reads) == sorted(files)


@pytest.mark.parametrize("changed", [10, 560])
def test_a_warm_parallel_run_reads_only_the_changed_files_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: int
) -> None:
    """Few changed files (one process) or most (two): the first files are looked up by size
    and time to choose, never read for it, and each changed file is read once."""
    from test_parallel_cache import make_films

    monkeypatch.setattr(cache_keys, "_RACY_NS", 0)  # files settled as soon as written
    make_films(tmp_path / "films", 600)
    films = sorted(str(name) for name in (tmp_path / "films").iterdir())
    linter = Linter(config(tmp_path))
    list(parallel.file_results(linter, films, jobs=1, cache=ResultCache(tmp_path / "cache")))
    for name in films[:changed]:
        Path(name).write_text(VARIANTS[0] + "\nchanged\n", encoding="utf-8")
    expected = in_full([linter.file_result(name) for name in films])
    log = count_reads(tmp_path / "reads", monkeypatch)
    cache = ResultCache(tmp_path / "cache")
    results = list(parallel.file_results(linter, films, jobs=2, cache=cache))
    assert in_full(results) == expected
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted(films[:changed])


def test_a_translation_read_for_context_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that names one language version reads the base beside it to judge it: once,
    cache or not (its full result is looked up by size and time alone)."""
    films = tmp_path / "films"
    films.mkdir()
    (films / "alien.md").write_text(VARIANTS[0], encoding="utf-8")
    (films / "alien-en.md").write_text(VARIANTS[0], encoding="utf-8")
    log = count_reads(tmp_path / "reads", monkeypatch)
    linter = Linter(config(tmp_path, locale={"default": "zh-Hans", "suffixes": {"en": "en"}}))
    for cache in (None, ResultCache(tmp_path / "cache")):
        log.unlink(missing_ok=True)
        linter.lint_paths([films / "alien-en.md"], cache=cache)
        read = sorted(Path(name).name for name in log.read_text(encoding="utf-8").split())
        assert read == ["alien-en.md", "alien.md"]
