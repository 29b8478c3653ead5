"""The result cache's database: written in batches as results come, shared by concurrent
runs, and never a reason for a run to fail (locked, cut short by a crash, a link)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from filmlint.engine import cache as cache_module
from filmlint.engine import cache_keys
from filmlint.engine.cache import DATABASE, ResultCache
from filmlint.engine.linter import Linter
from filmlint.engine.project import Project
from filmlint.engine.settings import Config, parse_config
from filmlint.rulekit import kept_text
from filmlint.rulekit.kept_text import digest
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE, TAG, TAG_NAME
from test_parallel_cache import VARIANTS, make_films, with_fixes


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key of the test's; files settled as soon as written (``settled``)."""
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path_factory.mktemp("key")))
    monkeypatch.setattr(cache_keys, "_RACY_NS", 0)


def config(root: Path) -> Config:
    return parse_config({"locale": {"default": "zh-Hans"}}, root / "filmlint.toml")


def settled(folder: Path) -> list[Path]:
    """The films under ``folder``, whose size and change time are recorded (the racy window
    is closed in these tests: ``own_key``)."""
    return sorted(folder.iterdir())


def answered(linter: Linter, films: list[Path], folder: Path) -> list[Path]:
    """The films whose result a new cache on ``folder`` holds."""
    cache = ResultCache(folder)
    cache.load()
    return [film for film in films if linter.cached_result(film, cache) is not None]


def test_results_are_written_in_batches_as_they_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    films = settled(make_films(tmp_path / "films", 40)[0].parent)
    monkeypatch.setattr(cache_module, "BATCH", 8)
    written: list[int] = []
    insert = cache_module._insert

    def counted(db: sqlite3.Connection, key: bytes, added: cache_module.Pack) -> None:
        written.append(len(added))
        insert(db, key, added)

    monkeypatch.setattr(cache_module, "_insert", counted)
    linter = Linter(config(tmp_path))
    run = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    # A result and a size-and-time row per file, never more than a batch held at once.
    assert sum(written) == 2 * len(films)
    assert len(written) >= 2 * len(films) // 8
    assert max(written) <= 8
    assert answered(linter, films, tmp_path / "cache") == films
    again = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert with_fixes(again.diagnostics) == with_fixes(run.diagnostics)
    # Pages of 8 KiB: a value of a file with translations runs to kilobytes.
    with contextlib.closing(sqlite3.connect(tmp_path / "cache" / DATABASE)) as db:
        assert db.execute("PRAGMA page_size").fetchone() == (cache_module.PAGE_SIZE,)


def test_a_new_database_is_made_without_waiting_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only speed rests on the database (a damaged one is replaced), so it is never synced,
    its making included: the first run in a new clone waited for the disk seven times."""
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(cache_module.sqlite3, "connect", traced)
    make_films(tmp_path / "films", 2)
    Linter(config(tmp_path)).lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    # Before its first write: the switch to WAL, then the tables.
    first_write = statements.index("PRAGMA journal_mode = WAL")
    assert "PRAGMA synchronous = OFF" in statements[:first_write]


@pytest.mark.parametrize("database", [False, True])
def test_a_new_result_hashes_its_bytes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: bool
) -> None:
    """When there is a database to look in, the lookup makes the digest, and the result is
    kept under it; else it is made when the result is written. Never both."""
    films = settled(make_films(tmp_path / "films", 12)[0].parent)
    if database:  # made by a run with other settings: none of its results is this run's
        other = parse_config({"locale": {"default": "en"}}, tmp_path / "filmlint.toml")
        Linter(other).lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    hashed: list[bytes] = []

    def counted(raw: bytes) -> str:
        hashed.append(raw)
        return digest(raw)

    monkeypatch.setattr(cache_keys, "digest", counted)
    monkeypatch.setattr(kept_text, "digest", counted)
    linter = Linter(config(tmp_path))
    linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert sorted(hashed) == sorted(film.read_bytes() for film in films)
    assert answered(linter, films, tmp_path / "cache") == films


def test_a_commit_writes_as_many_pages_late_in_a_run_as_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each commit appends the pages it changed to the write-ahead log. A run adds its rows
    where it added the last ones (the index leads with the path): a key alone, a digest,
    put each batch's rows all over an index that grows, and a commit wrote more pages the
    more files came before it."""
    settled(make_films(tmp_path / "films", 1200)[0].parent)
    monkeypatch.setattr(cache_module, "BATCH", 40)
    pages: list[int] = []
    insert = cache_module._insert

    def counted(db: sqlite3.Connection, key: bytes, added: cache_module.Pack) -> None:
        insert(db, key, added)
        # The frames the log holds since the last checkpoint (this one empties it).
        pages.append(db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])

    monkeypatch.setattr(cache_module, "_insert", counted)
    Linter(config(tmp_path)).lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "c"))
    whole = pages[:-1]  # the last batch is what was left
    quarter = len(whole) // 4
    early, late = whole[quarter : 2 * quarter], whole[-quarter:]
    assert statistics.median(late) <= 1.2 * statistics.median(early), pages


@pytest.mark.parametrize("database", [False, True])
def test_a_run_looks_up_only_a_database_it_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: bool
) -> None:
    """A cold run's database holds only its own new results: no file is looked up in it, by
    size and time or by key. A database found at the start is asked about every file."""
    films = settled(make_films(tmp_path / "films", 12)[0].parent)
    if database:  # made by a run with other settings: none of its results is this run's
        other = parse_config({"locale": {"default": "en"}}, tmp_path / "filmlint.toml")
        Linter(other).lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    asked: list[str] = []
    for name in ("settled_result", "get"):
        original = getattr(ResultCache, name)

        def spy(self: ResultCache, *args: Any, _name: str = name, _original: Any = original) -> Any:
            asked.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(ResultCache, name, spy)
    linter = Linter(config(tmp_path))
    linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert sorted(asked) == (sorted(["get", "settled_result"] * len(films)) if database else [])
    assert answered(linter, films, tmp_path / "cache") == films


def _run_in_process(root: Path, folder: Path, batch: int, crash_after: int | None) -> None:
    """A run in a process of its own, writing a batch at a time; killed (no clean-up of any
    kind) after ``crash_after`` files when given. It waits for another run's lock, and for the
    tag of the folder another run has just made, as long as it takes: on a loaded machine a
    run may be descheduled for seconds, and a run that gives up (tested apart) would keep
    nothing."""
    cache_module.BATCH = batch
    cache_module.BUSY_TIMEOUT = 60.0
    cache_module.CLAIM_WAIT = 60.0
    linter = Linter(config(root))
    if crash_after is not None:
        lint = linter._decoded_result  # every file read, whether its text decodes or not
        count = iter(range(crash_after))

        def crashing(text: str, bad_encoding: Any, path: str) -> Any:
            if next(count, None) is None:
                os._exit(3)
            return lint(text, bad_encoding, path)

        linter._decoded_result = crashing  # type: ignore[method-assign]
    linter.lint_paths([folder], cache=ResultCache(root / "cache"))


def processes(*runs: tuple[Any, ...]) -> list[int | None]:
    context = multiprocessing.get_context("fork")
    started = [context.Process(target=_run_in_process, args=run) for run in runs]
    for process in started:
        process.start()
    for process in started:
        process.join(120)
    return [process.exitcode for process in started]


def test_concurrent_runs_share_the_database(tmp_path: Path) -> None:
    """Four runs at once, over the same files and their own, each committing small batches:
    none fails, each finds what a run without the cache finds, and every result is kept."""
    make_films(tmp_path / "films" / "shared", 30)
    for name in ("a", "b"):
        make_films(tmp_path / "films" / name, 20)
    films = [f for folder in (tmp_path / "films").iterdir() for f in settled(folder)]
    runs = [(tmp_path, tmp_path / "films" / name, 3, None) for name in ("shared", "a", "b")]
    assert processes(*runs, (tmp_path, tmp_path / "films", 5, None)) == [0, 0, 0, 0]
    linter = Linter(config(tmp_path))
    assert sorted(answered(linter, films, tmp_path / "cache")) == sorted(films)
    fresh = linter.lint_paths([tmp_path / "films"])
    cached = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert with_fixes(cached.diagnostics) == with_fixes(fresh.diagnostics)
    with contextlib.closing(sqlite3.connect(tmp_path / "cache" / DATABASE)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_run_killed_while_writing_keeps_what_it_committed(tmp_path: Path) -> None:
    films = settled(make_films(tmp_path / "films", 40)[0].parent)
    assert processes((tmp_path, tmp_path / "films", 4, 25)) == [3]
    linter = Linter(config(tmp_path))
    kept = answered(linter, films, tmp_path / "cache")
    assert 10 <= len(kept) <= 25  # the batches committed before the kill, no more
    fresh = linter.lint_paths([tmp_path / "films"])
    again = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert with_fixes(again.diagnostics) == with_fixes(fresh.diagnostics)
    assert answered(linter, films, tmp_path / "cache") == films


def test_a_database_locked_by_another_run_is_waited_for_briefly_then_gone_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    films = settled(make_films(tmp_path / "films", 12)[0].parent)
    linter = Linter(config(tmp_path))
    fresh = linter.lint_paths([tmp_path / "films"])
    linter.lint_paths([films[0]], cache=ResultCache(tmp_path / "cache"))
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT", 0.05)
    with contextlib.closing(sqlite3.connect(tmp_path / "cache" / DATABASE)) as other:
        other.execute("BEGIN EXCLUSIVE")  # another program writing, for as long as it likes
        start = time.monotonic()
        locked = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
        assert time.monotonic() - start < 30
        assert with_fixes(locked.diagnostics) == with_fixes(fresh.diagnostics)
        other.execute("ROLLBACK")
    assert answered(linter, films, tmp_path / "cache") == films[:1]
    linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert answered(linter, films, tmp_path / "cache") == films


@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_a_link_in_place_of_the_database_is_never_followed(tmp_path: Path, companion: str) -> None:
    """A clone may bring a cache folder with a link where SQLite would write."""
    films = settled(make_films(tmp_path / "films", 5)[0].parent)
    linter = Linter(config(tmp_path))
    linter.lint_paths([films[0]], cache=ResultCache(tmp_path / "cache"))
    target = tmp_path / "notes.txt"
    target.write_bytes(b"mine\n")
    link = tmp_path / "cache" / f"{DATABASE}{companion}"
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    fresh = linter.lint_paths([tmp_path / "films"])
    for _ in range(2):
        run = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
        assert with_fixes(run.diagnostics) == with_fixes(fresh.diagnostics)
    assert target.read_bytes() == b"mine\n"
    assert link.is_symlink()


def test_a_path_that_is_not_utf8_is_cached(tmp_path: Path) -> None:
    folder = tmp_path / "films"
    folder.mkdir()
    name = os.fsdecode(b"\xff-alien.md")  # a byte no UTF-8 name has, as os.listdir gives it
    try:
        (folder / name).write_text(VARIANTS[7], encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system takes only UTF-8 names")
    films = settled(folder)
    linter = Linter(config(tmp_path))
    fresh = linter.lint_paths([folder])
    assert fresh.diagnostics
    for _ in range(2):
        run = linter.lint_paths([folder], cache=ResultCache(tmp_path / "cache"))
        assert with_fixes(run.diagnostics) == with_fixes(fresh.diagnostics)
    assert answered(linter, films, tmp_path / "cache") == films


def _child_run(linter: Linter, cache: ResultCache, film: Path) -> None:
    """A forked process's part of a run: lint a file and save, as a worker does."""
    linter.file_result(str(film), cache)
    cache.save()


def test_a_process_forked_with_the_database_open_writes_with_a_connection_of_its_own(
    tmp_path: Path,
) -> None:
    """A child forked after the parent opened the database neither writes with nor closes
    the parent's connection: it writes its rows through one of its own, and the parent's
    goes on working."""
    films = settled(make_films(tmp_path / "films", 3)[0].parent)
    linter = Linter(config(tmp_path))
    linter.lint_paths([films[0]], cache=ResultCache(tmp_path / "cache"))
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    assert linter.cached_result(films[0], cache) is not None  # open in this process
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_child_run, args=(linter, cache, films[1]))
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert answered(linter, films, tmp_path / "cache") == films[:2]
    assert linter.cached_result(films[0], cache) is not None  # the parent's, still open
    linter.file_result(str(films[2]), cache)
    cache.save()
    assert answered(linter, films, tmp_path / "cache") == films[:3]


def test_a_cold_parallel_run_makes_the_database_once_and_every_worker_writes_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold run with workers makes the database before they start; each process writes
    the rows of the files it linted, so every file is answered by the next run."""
    films = settled(make_films(tmp_path / "films", 600)[0].parent)
    insert = cache_module._insert

    def noted(db: sqlite3.Connection, key: bytes, added: cache_module.Pack) -> None:
        if added.results:
            with (tmp_path / "writers").open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
        insert(db, key, added)

    monkeypatch.setattr(cache_module, "_insert", noted)
    linter = Linter(config(tmp_path))
    run = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"), jobs=2)
    writers = set((tmp_path / "writers").read_text(encoding="utf-8").split())
    assert len(writers) == 2  # the parent and its worker
    assert answered(linter, films, tmp_path / "cache") == films
    again = linter.lint_paths([tmp_path / "films"], cache=ResultCache(tmp_path / "cache"))
    assert with_fixes(again.diagnostics) == with_fixes(run.diagnostics)


def test_every_worker_of_a_project_run_writes_its_last_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's run keeps one cache for all its groups (here two collections), written at
    the end of the run: each group's worker still writes the rows it holds when it ends,
    fewer than a batch among them, so the next run finds every file's result."""
    monkeypatch.setattr(cache_module, "BATCH", 1000)  # a worker's rows: all in its last batch
    films = [
        film
        for name in ("a", "b")
        for film in settled(make_films(tmp_path / "films" / name, 600)[0].parent)
    ]
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\n'
        '[collections.a]\ninclude = ["films/a/*.md"]\n'
        '[collections.b]\ninclude = ["films/b/*.md"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    insert = cache_module._insert

    def noted(db: sqlite3.Connection, key: bytes, added: cache_module.Pack) -> None:
        with (tmp_path / "writers").open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        insert(db, key, added)

    monkeypatch.setattr(cache_module, "_insert", noted)
    Project().lint(["films"], jobs=2, use_cache=True)
    writers = set((tmp_path / "writers").read_text(encoding="utf-8").split())
    assert len(writers) == 3  # the parent, and each group's worker
    database = sqlite3.connect(tmp_path / ".filmlint_cache" / DATABASE)
    with contextlib.closing(database):
        stored = {bytes(path).decode() for (path,) in database.execute("SELECT path FROM results")}
    assert {str(film.relative_to(tmp_path)) for film in films} <= stored


def _being_made(tmp_path: Path) -> tuple[list[Path], Linter, Path]:
    """Two films, a linter, and a cache folder (claimed) whose database another run has just
    made: the file as that run has it at first, no table yet."""
    films = settled(make_films(tmp_path / "films", 2)[0].parent)
    linter = Linter(config(tmp_path))
    folder = tmp_path / "cache"
    linter.lint_paths([films[0]], cache=ResultCache(folder))
    for suffix in ("", "-wal", "-shm"):
        (folder / f"{DATABASE}{suffix}").unlink(missing_ok=True)
    sqlite3.connect(folder / DATABASE).close()
    return films, linter, folder


def _second_joins_first(linter: Linter, films: list[Path], folder: Path, late: ResultCache) -> None:
    """The late run lints the second film: its row joins the other run's first."""
    linter.file_result(str(films[1]), late)
    late.save()
    assert answered(linter, films, folder) == films[:2]


def test_a_database_another_run_is_creating_is_not_replaced(tmp_path: Path) -> None:
    """A run that finds the database empty (another run has just made the file, its tables
    not committed yet) takes it for absent, not damaged: its writes later join the other
    run's rather than replace the database with what they hold."""
    films, linter, folder = _being_made(tmp_path)
    late = ResultCache(folder)
    late.load()
    assert linter.cached_result(films[1], late) is None
    linter.lint_paths([films[0]], cache=ResultCache(folder))  # the other run, done
    _second_joins_first(linter, films, folder, late)


def test_tables_committed_while_a_run_reads_what_the_database_is_do_not_replace_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run commits its tables just after this run has read the database's id and
    layout (still none): its rows are kept. Read as three statements, the ids said "made by
    no one" and the tables "made": this run took the database for another program's and its
    first write replaced it."""
    films, linter, folder = _being_made(tmp_path)
    other = threading.Thread(
        target=lambda: linter.lint_paths([films[0]], cache=ResultCache(folder))
    )
    connect = sqlite3.connect

    class Interrupted(sqlite3.Connection):
        """The first connection: the other run makes the database after the layout is read
        (given a moment: it waits while this run's reads hold the database)."""

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            cursor = super().execute(sql, *args)
            if sql == "PRAGMA user_version" and not other.is_alive() and other.ident is None:
                other.start()
                other.join(0.5)
            return cursor

    def connecting(*args: Any, **options: Any) -> sqlite3.Connection:
        monkeypatch.setattr(cache_module.sqlite3, "connect", connect)  # the first one only
        return connect(*args, factory=Interrupted, **options)

    monkeypatch.setattr(cache_module.sqlite3, "connect", connecting)
    late = ResultCache(folder)
    late.load()
    other.join()
    assert answered(linter, films, folder) == films[:1]  # the other run's
    _second_joins_first(linter, films, folder, late)


def test_a_run_making_the_database_as_another_does_tries_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs making the database at once: SQLite fails one's switch to WAL at once
    ("database is locked", a deadlock otherwise) rather than wait. It is tried again, rather
    than leave the run without a cache."""
    films = settled(make_films(tmp_path / "films", 1)[0].parent)
    connect = sqlite3.connect
    refused: list[str] = []

    class Contended(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql == "PRAGMA journal_mode = WAL" and len(refused) < 3:
                refused.append(sql)
                locked = sqlite3.OperationalError("database is locked")
                locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
                raise locked
            return super().execute(sql, *args)

    monkeypatch.setattr(
        cache_module.sqlite3, "connect", lambda *a, **k: connect(*a, factory=Contended, **k)
    )
    linter = Linter(config(tmp_path))
    linter.lint_paths([films[0]], cache=ResultCache(tmp_path / "cache"))
    monkeypatch.setattr(cache_module.sqlite3, "connect", connect)
    assert len(refused) == 3
    assert answered(linter, films, tmp_path / "cache") == films[:1]
    with contextlib.closing(connect(tmp_path / "cache" / DATABASE)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def _tag_later(folder: Path) -> threading.Thread:
    """Tag ``folder`` a moment from now, as a run that has just made it does next."""

    def tag() -> None:
        time.sleep(0.05)
        (folder / TAG_NAME).write_text(TAG, encoding="utf-8")

    thread = threading.Thread(target=tag)
    thread.start()
    return thread


def test_a_folder_another_run_has_just_made_is_waited_for(tmp_path: Path) -> None:
    """Runs that start at once race to make the cache folder: one that finds it made but not
    tagged yet waits for the tag rather than stop (at load) or go without writing."""
    films = settled(make_films(tmp_path / "films", 2)[0].parent)
    linter = Linter(config(tmp_path))
    folder = tmp_path / "cache"
    folder.mkdir()
    thread = _tag_later(folder)
    linter.lint_paths([films[0]], cache=ResultCache(folder))  # loads, then writes
    thread.join()
    late = tmp_path / "late"
    cache = ResultCache(late)
    cache.load()  # no folder yet
    linter.file_result(str(films[1]), cache)
    late.mkdir()
    thread = _tag_later(late)
    cache.save()  # claims the folder another run has just made
    thread.join()
    assert answered(linter, films, folder) == films[:1]
    assert answered(linter, films, late) == films[1:2]


def test_a_folder_tagged_while_it_is_looked_at_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other run writes the tag and the files that go with it between this run's look
    at the tag (not written yet) and its listing of the folder: the folder is the other
    run's, not someone else's."""
    folder = tmp_path / "cache"
    folder.mkdir()
    owned = cache_module.is_owned_folder
    looks: list[Path] = []

    def tagged_just_after(path: Path) -> bool:
        looks.append(path)
        found = owned(path)
        if len(looks) == 1:  # the other run, done tagging
            (folder / TAG_NAME).write_text(TAG, encoding="utf-8")
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        return found

    monkeypatch.setattr(cache_module, "is_owned_folder", tagged_just_after)
    ResultCache(folder).load()  # no CacheError
    assert len(looks) == 2


def test_a_folder_with_anything_else_in_it_is_not_waited_for(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(cache_module.CacheError):
        ResultCache(folder).load()
    assert time.monotonic() - start < cache_module.CLAIM_WAIT
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
