"""Linting many files in several processes, when there are enough of them to pay for one.

With ``jobs`` processes, the parent is one of them: it lints a share itself rather than idle
while waiting. The files are cut into chunks that every process claims in turn from one shared
counter, so that none idles while work remains; the chunks shrink towards the end, so that
none waits long for another's last one. A worker sends back each chunk's ``FileResult``s (never
documents) as soon as the chunk is done, and writes the cache entries it adds itself (the
parent would otherwise write every process's, on top of its share of the files); the parent
yields results in the order of the paths, so the output is the same whatever the number of
processes. A run's ``ChunkJudge`` (the translation rules) judges each chunk in the process
that linted it, chunks never splitting what it judges together: a worker sends what it
found, not the values it judged by.

Where processes are forked, a worker uses the parent's linter as it was at the fork, warmed up
by the parent's first file and shared copy-on-write; elsewhere it builds one from the linter's
picklable spec (``Linter.spec``).

A worker never outlives the run: stopped (an interrupt, a SIGTERM, a consumer that stops
reading), the parent ends its workers; killed, it leaves pipes that no process reads, and each
worker ends quietly at its next message. A rule's ``KeyboardInterrupt`` in a worker stops the
run, as in one process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from filmlint.engine.cache import ResultCache
from filmlint.engine.results import FileResult

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import DefaultContext, ForkContext
    from multiprocessing.process import BaseProcess
    from types import FrameType

    Context = DefaultContext | ForkContext
    from multiprocessing.sharedctypes import Synchronized


class FileLinter(Protocol):
    """What this module needs of a linter: the file phase, and a picklable spec to build the
    same linter in a process that is not forked (None: it cannot be rebuilt there)."""

    @property
    def spec(self) -> Callable[[], FileLinter] | None: ...

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult: ...

    def settled_result(self, path: str, cache: ResultCache) -> FileResult | None: ...


class ChunkJudge(Protocol):
    """What judges some of the run-level rules during the file phase, in the process that
    linted the files (``run_phase.StreamedSets``): the chunks of a run keep together the
    files it judges together; each process judges each of its results as soon as it makes
    it, in its own copy (forked), and the parent merges what each found."""

    def joined(self, index: int) -> bool:
        """Whether a chunk may not end just before the file at ``index``."""
        ...

    def judged(self, index: int, result: FileResult) -> FileResult:
        """The result of the file at ``index``, without what was judged here."""
        ...

    def take(self) -> Any:
        """What this process found since it last handed it over (picklable)."""
        ...

    def merge(self, found: Any) -> None:
        """Add what a process found (``take``)."""
        ...


#: A process is added only for every this many files to lint: starting one costs about as much
#: as linting that many files, and below that the run is short anyway.
FILES_PER_WORKER = 250
#: Files looked up in the cache first, to tell how many will need linting.
SAMPLE = 64
#: The most paths in one chunk: few messages, and the parent receives often enough.
MAX_CHUNK = 64
#: The fewest paths in one chunk, towards the end of the run.
MIN_CHUNK = 4
#: The pipe a worker sends its results through holds this many bytes (where the system lets a
#: pipe grow): a worker goes on while the parent lints a chunk instead of reading.
PIPE_BYTES = 1 << 20

#: What a worker sends for each chunk: its index, its results, and what the chunk judge
#: found in them (None: it had none, and the parent judges them).
Message = tuple[int, list[FileResult], Any]
#: The index of the message a worker sends when a rule interrupted it (``KeyboardInterrupt``):
#: the parent stops the run.
INTERRUPTED = -1


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def file_results(
    linter: FileLinter,
    files: Sequence[str],
    *,
    jobs: int,
    cache: ResultCache | None,
    judge: ChunkJudge | None = None,
) -> Iterator[FileResult]:
    """Each file's result, in the order of ``files``, as ``judge`` leaves it when given;
    the cache is saved at the end."""
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
        yield from _results(linter, files, jobs, cache, judge)
    finally:
        gc.unfreeze()
    if cache is not None:
        cache.save()


def _results(
    linter: FileLinter,
    files: Sequence[str],
    jobs: int,
    cache: ResultCache | None,
    judge: ChunkJudge | None,
) -> Iterator[FileResult]:
    to_lint = len(files)
    sampled: list[FileResult | None] = []
    if cache is not None and jobs > 1 and to_lint >= 2 * FILES_PER_WORKER and cache.has_results():
        # With a warm cache, most files need no linting and workers would cost more. Looked
        # up by size and time alone: a file read here would be read again to be linted.
        sampled = [linter.settled_result(path, cache) for path in files[:SAMPLE]]
        to_lint = len(files) * sampled.count(None) // len(sampled)
    processes = min(jobs, to_lint // FILES_PER_WORKER)
    context = _context() if processes > 1 else None
    build = _builder(linter, context) if context is not None else None
    if context is None or build is None:
        for index, path in enumerate(files):
            known = sampled[index] if index < len(sampled) else None
            result = known if known is not None else linter.file_result(path, cache)
            yield result if judge is None else judge.judged(index, result)
    else:
        yield from _shared_run(linter, build, files, processes, cache, context, judge)


def _context() -> Context:
    import multiprocessing  # only when workers are started: one file needs none

    # Forking is the cheapest start and safe here (no threads); elsewhere keep the default.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _builder(linter: FileLinter, context: Context) -> Callable[[], FileLinter] | None:
    """How a worker gets its linter: a forked one has the parent's; another builds one from
    the spec (None: it cannot, and no worker is started)."""
    if context.get_start_method() == "fork":
        return lambda: linter
    return linter.spec


def chunks(
    count: int, processes: int, joined: Callable[[int], bool] | None = None
) -> list[tuple[int, int]]:
    """The bounds of the chunks of ``count`` paths, in the order they are claimed: first one
    path, which the parent lints before starting workers (what loads on first use loads once,
    before the fork); then chunks of up to ``MAX_CHUNK``, shrinking towards the end to a
    fraction of what remains for each process, so the last ones finish close together. A
    chunk never ends just before a path that is ``joined`` to the one before it (it grows to
    take the paths joined to its last)."""

    def end_at(end: int) -> int:
        while joined is not None and end < count and joined(end):
            end += 1
        return end

    bounds = [(0, end_at(min(1, count)))]
    start = bounds[0][1]
    while start < count:
        size = max(MIN_CHUNK, min(MAX_CHUNK, (count - start) // (4 * processes)))
        end = end_at(min(count, start + size))
        bounds.append((start, end))
        start = end
    return bounds


def _shared_run(
    linter: FileLinter,
    build: Callable[[], FileLinter],
    files: Sequence[str],
    processes: int,
    cache: ResultCache | None,
    context: Context,
    judge: ChunkJudge | None,
) -> Iterator[FileResult]:
    from multiprocessing.connection import Connection, wait

    bounds = chunks(len(files), processes, judge.joined if judge is not None else None)

    def linted(start: int, end: int) -> list[FileResult]:
        """The results of a chunk the parent lints, judged."""
        return handed_over(_linted(linter, cache, files, start, end, judge))

    def judged(start: int, results: list[FileResult]) -> list[FileResult]:
        """The results of a chunk a worker sent unjudged (it was not forked), judged."""
        return results if judge is None else handed_over(_judged(judge, start, results))

    def handed_over(results: list[FileResult]) -> list[FileResult]:
        """``results``, once what the parent's judge found in them is merged."""
        if judge is not None:
            judge.merge(judge.take())
        return results

    claimed: Synchronized[int] = context.Value("q", 1)  # the parent has chunk 0
    done: dict[int, list[FileResult]] = {0: linted(*bounds[0])}
    gc.freeze()  # what the first file loaded: shared with the workers, never copied by a collection
    if cache is not None:
        cache.prepare()
    with_fork = context.get_start_method() == "fork"
    # A forked worker judges in its copy of the judge; another sends its results unjudged.
    forked = judge if with_fork else None
    readers: list[Connection] = []
    workers: list[BaseProcess] = []
    finished = False
    stack = contextlib.ExitStack()
    try:
        stack.enter_context(_ending_on_sigterm(workers))
        for _ in range(processes - 1):
            reader, writer = context.Pipe(duplex=False)
            _widen(writer)
            # A forked worker holds copies of the parent's read ends (its own and the earlier
            # workers'): closed first, so that a pipe is read by the parent alone.
            inherited = [*readers, reader] if with_fork else []
            worker: BaseProcess = context.Process(
                target=_work,
                args=(build, cache, files, bounds, claimed, writer, forked, inherited),
                daemon=True,
            )
            worker.start()
            writer.close()  # the worker's now: its end of file tells that it has ended
            readers.append(reader)
            workers.append(worker)
        yielded = 0

        def receive(timeout: float | None) -> None:
            """Take every message waiting (after up to ``timeout`` for the first): one a call
            would let a worker that is faster than the parent fill its pipe and wait."""
            while ready_readers := wait(readers, timeout):
                for reader in ready_readers:
                    assert isinstance(reader, Connection)
                    try:
                        index, results, found = reader.recv()
                    except (EOFError, OSError):  # the worker ended, done or killed
                        readers.remove(reader)
                        continue
                    if index == INTERRUPTED:  # a rule stopped the run, as in one process
                        raise KeyboardInterrupt
                    if found is None:
                        results = judged(bounds[index][0], results)
                    elif judge is not None:
                        judge.merge(found)
                    done[index] = results
                timeout = 0

        def ready() -> Iterator[FileResult]:
            """The results of the chunks done, in order, up to the first one not done yet."""
            nonlocal yielded
            while yielded in done:
                yield from done.pop(yielded)
                yielded += 1

        while (index := _claim(claimed, len(bounds))) is not None:
            done[index] = linted(*bounds[index])
            if readers:
                receive(0)
            yield from ready()
        while readers:
            receive(None)
            yield from ready()
        # A worker that died (killed, out of memory) took chunks it never sent: lint them here.
        for index in range(yielded, len(bounds)):
            results = done.pop(index, None)
            yield from results or linted(*bounds[index])
        finished = True
    finally:
        for worker in workers:
            if not finished:
                worker.terminate()  # the run was stopped: what the workers do is unwanted
            worker.join()
        for reader in readers:
            reader.close()
        stack.close()


@contextlib.contextmanager
def _ending_on_sigterm(workers: list[BaseProcess]) -> Iterator[None]:
    """While ``workers`` run, a SIGTERM to the parent (a supervisor, an editor, ``kill``) ends
    them too, as an interrupt does, then takes its course: the process ends as signalled, or
    the handler set before runs. Only from the main thread (Python sets handlers there only),
    and not where SIGTERM is ignored or handled outside Python."""
    import signal

    previous = signal.getsignal(signal.SIGTERM)
    parent = os.getpid()

    def ending(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != parent:  # a worker forked with it, before it set its own: it ends
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        for worker in workers:
            worker.terminate()
        if callable(previous):
            previous(signum, frame)
            return
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(parent, signal.SIGTERM)  # ends the process, with the status a SIGTERM gives

    if previous in (signal.SIG_IGN, None):
        yield
        return
    try:
        signal.signal(signal.SIGTERM, ending)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is ending:
            signal.signal(signal.SIGTERM, previous)


def _linted(
    linter: FileLinter,
    cache: ResultCache | None,
    files: Sequence[str],
    start: int,
    end: int,
    judge: ChunkJudge | None,
) -> list[FileResult]:
    """The results of the chunk from ``start`` to ``end``, each judged as soon as it is made,
    as in one process: a set is then judged right after its last file, while the documents
    its files were parsed into are still held (translation-mismatch places what differs in
    them). Judged once the whole chunk was linted, a set's documents were let go long before,
    and each set that differs was parsed again."""
    if judge is None:
        return [linter.file_result(path, cache) for path in files[start:end]]
    return [
        judge.judged(index, linter.file_result(files[index], cache)) for index in range(start, end)
    ]


def _judged(judge: ChunkJudge, start: int, results: list[FileResult]) -> list[FileResult]:
    """The results of the chunk that starts at ``start``, as ``judge`` leaves them."""
    return [judge.judged(start + offset, result) for offset, result in enumerate(results)]


def _widen(writer: Connection) -> None:
    """Let the pipe hold a few chunks' results, where the system allows it."""
    import fcntl

    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if size is not None:
        with contextlib.suppress(OSError):  # above the system's limit: the pipe stays as it is
            fcntl.fcntl(writer.fileno(), size, PIPE_BYTES)


def _claim(claimed: Synchronized[int], count: int) -> int | None:
    """The index of the next chunk nobody has claimed, or None when all are."""
    with claimed.get_lock():
        index = claimed.value
        if index >= count:
            return None
        claimed.value = index + 1
    return index


def _work(
    build: Callable[[], FileLinter],
    cache: ResultCache | None,
    files: Sequence[str],
    bounds: Sequence[tuple[int, int]],
    claimed: Synchronized[int],
    writer: Connection,
    judge: ChunkJudge | None,
    inherited: Sequence[Connection] = (),
) -> None:
    """A worker: claim chunks, lint them, judge them when it has a judge (a forked copy of
    the parent's, that has handed over all it found before the fork), send each one's
    results and findings, until none is left.

    ``inherited``: the parent's read ends that a fork copied here, closed at once: held here,
    they would keep the pipe open once the parent is killed, and a worker whose pipe is full
    would wait for a reader forever. Closed, a send fails once the parent is gone, and the
    worker ends quietly."""
    import signal  # in workers only: a run of a few files starts none

    for reader in inherited:
        reader.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run, and the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler, copied by a fork
    try:
        linter = build()
        gc.freeze()  # the linter and its tables live as long as the worker
        while (index := _claim(claimed, len(bounds))) is not None:
            start, end = bounds[index]
            results = _linted(linter, cache, files, start, end, judge)
            found = None if judge is None else judge.take()
            message: Message = (index, results, found)
            try:
                writer.send(message)
            except OSError:  # the parent is gone (killed): nobody reads, nor wants, more
                return
    except KeyboardInterrupt:
        # A rule stopped the run: the parent stops it (this chunk is not linted again), and
        # nothing is printed here, as in one process.
        with contextlib.suppress(OSError):
            writer.send((INTERRUPTED, [], None))
        return
    if cache is not None:
        cache.write_rows()  # before the parent hears that this worker has ended
    writer.close()
