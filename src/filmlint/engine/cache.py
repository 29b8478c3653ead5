"""The per-file result cache: a file whose bytes, path and settings are unchanged is not linted
again.

An entry's key is a hash of everything the file's result depends on (``Linter.cache_key``),
so an entry is never stale: a change makes a new key, and old entries are only unused
(``filmlint clean`` removes them all).

Entries live in one SQLite database in the cache folder, looked up one file at a time and
written in batches as results come, so a run holds neither the cache nor its own results in
memory, and concurrent runs (a hook, an editor, CI) share the file: WAL mode lets them read
while one writes, and a writer that waits too long for the lock skips writing (it costs only
speed next time).

Beside each result, its row records what the file was (size and the time it last changed,
in a run context) when the result was made or last found, so that a settled file that has not
changed since is not even read again.

A second table keeps, per group of files (a configuration's collection, ``run_key``), the
group's diagnostics after the run phase, with a digest of what its files were
(``filmlint.engine.cache_keys.group_state``): a warm run over unchanged files decodes those
and neither looks up each file's result nor runs the run phase again.

Every row is sealed with a keyed BLAKE2b under the user's key (``filmlint.text.owned_files``):
a row from another machine, user or clone, or edited since, counts as absent, and a database
that cannot be opened or read (damaged, cut short, another program's) counts as empty and is
replaced by the next write. Values are ``marshal`` data (lists, strings, numbers), decoded
only once their seal holds, never pickle (``filmlint.engine.cache_values``); a gathered value
that ends with its file's front matter, of a rule that says its values do
(``Rule.keeps_file_text``), is kept without that text, which the file holds
(``filmlint.rulekit.kept_text``). The folder is used only if filmlint made it (its tag says
so); an existing folder without the tag stops the run before anything is written, and
``filmlint clean`` removes only what filmlint wrote (``filmlint.engine.cache_cleaning``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Container
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from filmlint.diagnostics import Diagnostic
from filmlint.engine.cache_values import (
    Cuts,
    decoded,
    decoded_paths,
    decoded_run,
    encoded,
    encoded_run,
    stored,
)
from filmlint.engine.results import FileResult
from filmlint.rulekit import kept_text
from filmlint.text.owned_files import (
    TAG_NAME,
    NotOwned,
    claim_folder,
    is_owned_folder,
    named_folder,
    not_owned,
    user_key,
)

#: Bumped when the layout of the database changes: it names the file, so a database of
#: another format is left unused (``filmlint clean`` removes it).
FORMAT = "v9"
#: The database's name in the cache folder.
DATABASE = f"results-{FORMAT}.sqlite"
#: The configuration key that names the folder, for messages.
SETTING = "cache-dir"
#: Rows written in one transaction: few commits, and little held before they are written.
BATCH = 500
#: The size of the database's pages, in bytes (SQLite's default is 4096).
PAGE_SIZE = 8192
#: How long a run waits for another run's lock before it goes on without (seconds).
BUSY_TIMEOUT = 2.0
#: How long a run waits for the tag of an empty cache folder (seconds): another run that has
#: just made the folder writes its tag next.
CLAIM_WAIT = 0.5
#: What a query of a damaged database raises: SQLite's errors, and a UnicodeDecodeError where
#: SQLite's message quotes the damaged bytes (a table's text in its schema) that Python
#: decodes as UTF-8.
_DATABASE_ERRORS = (sqlite3.Error, UnicodeDecodeError)
#: What a failed query says when the database is not damaged: it is busy (another run holds
#: its lock), or the disk cannot be written (full, read-only, failing).
_BUSY = frozenset(
    [
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_PERM,
    ]
)
#: Marks a database as filmlint's result cache ("FLMR"), and the layout of its tables.
_APPLICATION_ID = 0x464C4D52
_LAYOUT = 9
_TABLES = (
    # A rowid table: values run to kilobytes, which a table without rowid stores poorly
    # (measured: three times the size, and lookups a third slower). Its index leads with the
    # path, so that a run, which lints its files in order, adds to the index where it added
    # last: a key alone (a digest) put each batch's rows all over it, and each commit wrote
    # again most of its pages (10,000 files wrote 46.6 MB for a database of 13 MB, and
    # more, file for file, the larger the database; 32.7 MB since). What the file was (its
    # context, change time and size; NULL when not recorded) is in its result's row,
    # under one seal: in a table of their own, keyed by context and path, they cost a cold
    # run a second row, index and seal a file (2.5 us of SQLite, 1.6 of sealing).
    "CREATE TABLE IF NOT EXISTS results (path BLOB NOT NULL, key TEXT NOT NULL, "
    "context TEXT, changed_ns INTEGER, size INTEGER, value BLOB NOT NULL, seal BLOB NOT NULL, "
    "PRIMARY KEY (path, key))",
    "CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, versions BLOB NOT NULL, "
    "state TEXT NOT NULL, value BLOB NOT NULL, seal BLOB NOT NULL)",
)
#: The row last recorded for a path in a run context (a row written again gets a new rowid):
#: only the file's last known size and time stand for its content, as they did when each
#: context had a row of its own. A path's rows are few: one a version of the file, until
#: ``filmlint clean``. By ``max(rowid)``: ``ORDER BY rowid`` sorts, 12.2 us a lookup against
#: 9.2 (and 9.5 for the join of two tables before).
_SETTLED = (
    "SELECT key, changed_ns, size, value, seal FROM results WHERE rowid = "
    "(SELECT max(rowid) FROM results WHERE path = ? AND context = ?)"
)
_COMPANIONS = ("", "-wal", "-shm", "-journal")
#: Connections made before a fork: never used or closed in the child (SQLite forbids it).
_inherited: list[sqlite3.Connection] = []
#: This process's id, set again in a forked child: asked for on every row added and looked
#: up, where os.getpid is a system call.
_process = os.getpid()


def _forked() -> None:
    global _process
    _process = os.getpid()


if hasattr(os, "register_at_fork"):  # no fork without it: a process's id never changes
    os.register_at_fork(after_in_child=_forked)

#: Makes a file's key from the digest of its bytes (``CacheKeys.key`` for its path).
KeyOf = Callable[[str], str]
#: What a file was when read, in a run context: context, changed_ns (``cache_keys.changed_ns``),
#: size.
Record = tuple[str, int, int]


class NewFile(Protocol):
    """A file whose new result ``put`` keeps (``cache_keys.Fresh``): its bytes, its path as
    named, what makes its key from their digest, what it was (None: not to be recorded), and
    the digest when a lookup has made it already (None: not yet)."""

    @property
    def raw(self) -> bytes: ...
    @property
    def path(self) -> str: ...
    @property
    def key_of(self) -> KeyOf: ...
    @property
    def record(self) -> Record | None: ...
    @property
    def digest(self) -> str | None: ...


#: A new result to write (``put``): the result, its file, and where each gathered value's
#: tail that is the file's text begins (``Cuts``). The digest, the key and the value are made
#: when its batch is written, with the others', in one loop: made one at a time between two
#: files' linting, they cost 66 us a file in a run of 10,000 files, against 38 to 43 in the
#: batch. The cuts are found at once, while the text is at hand, so that the batch does not
#: hold it.
#:
#: Its row (``_row``): its path, key, what its file was (``Record``) and value
#: (``[diagnostics, gathered]``, each diagnostic a list of its fields, ``gathered`` the
#: references by rule name, each a list of its fields but the rule and file: both are known
#: when the row is read, which is looked up by its path).
PendingResult = tuple[FileResult, NewFile, "Cuts"]
#: A result found by its key, to be written again with what its file is now: its path, key,
#: what the file was when read (``Record``) and its value.
Restated = tuple[str, str, Record, bytes]
#: A group's run entry: its key (``run_key``), the paths of its files' other language versions
#: that are not among them, the digest of what its files were, and its diagnostics after
#: the run phase (each its path and fields); both lists as ``cache_values.stored`` keeps them.
RunRow = tuple[str, bytes, str, bytes]


class RunEntry:
    """What a group's last run left: the paths its state covers besides its files (their
    other language versions), the state, and its diagnostics, decoded only when used."""

    __slots__ = ("state", "value", "versions")

    def __init__(self, versions: list[str], state: str, value: bytes) -> None:
        self.versions = versions
        self.state = state
        self.value = value

    def diagnostics(self) -> list[Diagnostic] | None:
        """The diagnostics stored; None when the value is not of the shape filmlint writes."""
        return decoded_run(self.value)


class Pack:
    """Rows not written yet."""

    __slots__ = ("restated", "results", "rows", "runs")

    def __init__(self) -> None:
        self.results: list[PendingResult] = []
        self.restated: list[Restated] = []
        self.runs: list[RunRow] = []
        #: Counted as they are added, a new result as two: it holds its file's bytes and
        #: its result until it is written (a batch holds 250 files).
        self.rows = 0

    def __len__(self) -> int:
        return self.rows


class CacheError(Exception):
    """The cache folder is not one that filmlint made: it is neither used nor removed."""


class ResultCache:
    """The results of earlier runs, looked up file by file; new results are added as they
    come, written in batches, and the rest at ``save``.

    Picklable, for worker processes: in a process other than the one that loaded it (a
    fork, or a copy unpickled) it opens a connection of its own, and writes what that
    process adds; a worker calls ``write_rows`` at its end, the parent ``save``.
    """

    def __init__(self, folder: Path, setting: str = SETTING) -> None:
        """``setting``: how messages name the option that gives ``folder`` (with the
        configuration file it is written in, when known). The folder is the one the path
        names (``named_folder``): judged and used as such, whatever the path's spelling."""
        self.folder = named_folder(folder)
        self.setting = setting
        self._key: bytes | None = None
        self._pid = _process
        self._db: sqlite3.Connection | None = None
        self._opened = False  # whether this process tried to open the database
        # Whether it was there when first opened (None: not tried yet), in this process or
        # the one that started it: else lookups would all miss.
        self._found: bool | None = None
        self._replace = False  # the database found is not one to use: the next write replaces it
        self._writes = True  # false once a write failed: the run goes on without
        self._added = Pack()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.update(_db=None, _opened=False, _added=Pack(), _pid=None)
        return state

    def load(self) -> None:
        """Open the database, if there is one.

        CacheError when the folder exists but filmlint did not make it: nothing is read from
        it, and nothing will be written into it.
        """
        if not _owned_soon(self.folder):
            if os.path.lexists(self.folder):  # a symlink is not filmlint's
                raise CacheError(str(not_owned(self.folder, self.setting)))
            return
        self._connection()

    def settled_result(
        self, context: str, path: str, changed_ns: int, size: int
    ) -> FileResult | None:
        """The result recorded for the file at ``path`` when it had this change time
        (``cache_keys.changed_ns``) and size, in a run of this ``context``
        (``CacheKeys.context()``); or None."""
        db = self._reader()
        if db is None or self._key is None:
            return None
        try:
            row = db.execute(_SETTLED, (_path_bytes(path), context)).fetchone()
        except _DATABASE_ERRORS as error:
            self._failed(error)
            return None
        if row is None:
            return None
        key, found_changed, found_size, value, seal = row
        if found_changed != changed_ns or found_size != size or not _typed(key, value):
            return None
        if seal != _seal(self._key, path, key, (context, changed_ns, size), value):
            return None
        return decoded(value, path)

    def get(
        self,
        key: str,
        path: str,
        file: kept_text.FileBytes | None = None,
        record: Record | None = None,
    ) -> FileResult | None:
        """The result stored under ``key``, for the file named ``path`` whose bytes are
        ``file`` (they give back the file's text a value was kept without); None if absent.
        With ``record``, what the file is now: found, its row is written again with it, as
        the path's last (``_SETTLED``), so that the next run need not read the file."""
        db = self._reader()
        if db is None or self._key is None:
            return None
        try:
            row = db.execute(
                "SELECT context, changed_ns, size, value, seal FROM results "
                "WHERE path = ? AND key = ?",
                (_path_bytes(path), key),
            ).fetchone()
        except _DATABASE_ERRORS as error:
            self._failed(error)
            return None
        if row is None:
            return None
        *found, value, seal = row
        if type(value) is not bytes or seal != _seal(self._key, path, key, tuple(found), value):
            return None
        result = decoded(value, path, file)
        if result is not None and record is not None:
            self._check_process()
            self._added.restated.append((path, key, record, value))
            self._added_rows()
        return result

    def run_entry(self, key: str) -> RunEntry | None:
        """The entry a group's last run left under ``key`` (``run_key``); None if absent,
        or if its seal fails (one check over the whole row)."""
        db = self._reader()
        if db is None or self._key is None:
            return None
        try:
            row = db.execute(
                "SELECT versions, state, value, seal FROM runs WHERE key = ?", (key,)
            ).fetchone()
        except _DATABASE_ERRORS as error:
            self._failed(error)
            return None
        if row is None:
            return None
        versions, state, value, seal = row
        if not (_typed(state, versions) and type(value) is bytes):
            return None
        if seal != _run_seal(self._key, (key, versions, state, value)):
            return None
        paths = decoded_paths(versions)
        return None if paths is None else RunEntry(paths, state, value)

    def put_run(
        self, key: str, versions: list[str], state: str, diagnostics: list[Diagnostic]
    ) -> None:
        """Keep a group's diagnostics after the run phase, for the state of its files."""
        value = encoded_run(diagnostics)
        paths = stored(versions)
        if value is None or paths is None:
            return
        self._check_process()
        self._added.runs.append((key, paths, state, value))
        self._added_rows()

    def put(
        self,
        result: FileResult,
        file: NewFile,
        *,
        keeping: Container[str] = frozenset(),
    ) -> None:
        """Keep the result of ``file``, under the key its ``key_of`` makes from the digest of
        its bytes, with what it was, so that it need not be read next time. Each value of a
        rule in ``keeping`` ends with the file's text before its body
        (``FileResult.body_start``): it is kept without it."""
        # A list of its own: whoever made the result may add to its list before it is written.
        kept = FileResult(list(result.diagnostics), result.gathered, result.silenced)
        self._check_process()
        self._added.results.append((kept, file, _cuts(result, keeping)))
        self._added_rows(2)

    def has_results(self) -> bool:
        """Whether a lookup may find a result: False when there was no database to open."""
        if self._pid == _process and self._opened:  # asked for every file: no calls then
            return bool(self._found) and self._db is not None
        return self._reader() is not None

    def prepare(self) -> None:
        """Make the database now if there is none, before worker processes start: they then
        all open the same one, rather than race to make it. Lookups still find nothing in
        it (a cold run's rows are its own results, none of them looked up again)."""
        self._check_process()
        if self._writes:
            self._writer()

    def save(self) -> None:
        """Write the rows not written yet, and close the database (it is opened again when
        needed). A folder that cannot be written only costs speed next time."""
        self.write_rows()
        if self._db is not None:
            with contextlib.suppress(*_DATABASE_ERRORS):
                self._db.close()
            self._db, self._opened, self._found = None, False, None

    def write_rows(self) -> None:
        """Write the rows not written yet, the database left open: a worker's last ones, as
        it ends (the cache of a project's run is saved once, by the parent, at its end)."""
        self._check_process()
        self._write()

    def _added_rows(self, rows: int = 1) -> None:
        """``rows`` were added: the batch is written once it holds ``BATCH``."""
        added = self._added
        added.rows += rows
        if added.rows >= BATCH:
            self._write()

    def _check_process(self) -> None:
        """In a child forked after the database was opened: a connection of its own; the rows
        the parent had not written yet are the parent's to write."""
        if self._pid == _process:
            return
        if self._db is not None:
            _inherited.append(self._db)  # never closed: closing it could disturb the parent's
        self._db, self._opened = None, False
        self._pid, self._added = _process, Pack()

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection to the database, opened once; None when there is no
        database, or none that can be used."""
        self._check_process()
        if not self._opened:
            self._opened = True
            if self._key is None:
                try:
                    self._key = user_key()
                except OSError:
                    self._writes = False
                    return None  # no key, no trust: the run goes without its cache
            self._db = self._open(create=False)
            if self._found is None:
                self._found = self._db is not None
        return self._db

    def _reader(self) -> sqlite3.Connection | None:
        """The connection to look up with; None when there was no database to open (a cold
        run that creates it: its rows are its own results, none of them looked up again)."""
        db = self._connection()
        return db if self._found else None

    def _open(self, *, create: bool) -> sqlite3.Connection | None:
        path = self.folder / DATABASE
        if not _plain_files(path):
            self._writes = False  # a link or folder where the database goes: not filmlint's
            return None
        if not create and not path.exists():
            return None
        mode = "rwc" if create else "rw"
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(
                f"{path.absolute().as_uri()}?mode={mode}",
                uri=True,
                timeout=BUSY_TIMEOUT,
                isolation_level=None,  # transactions begun and committed here, by batch
                check_same_thread=False,  # the language server may lint from a thread pool
            )
            # Never waits for the disk, from the making of its tables on (seven waits for a
            # new database): committed rows survive a crash of the run, and a crash of the
            # system that loses or damages some only costs speed (a row that fails its seal
            # counts as absent, a database that cannot be read is replaced).
            db.execute("PRAGMA synchronous = OFF")
            application, layout, empty = _identity(db)
            if (application, layout) != (_APPLICATION_ID, _LAYOUT):
                if not empty:
                    raise sqlite3.DatabaseError("not filmlint's result cache")
                if not create:  # another run is making it: absent for now, not damaged
                    db.close()
                    return None
                _create_tables(db)
            return db
        except _DATABASE_ERRORS as error:
            # Locked for too long, or cannot be opened: no cache this run. Damaged, or another
            # program's: replaced by the next write.
            self._replace = not _busy(error)
        if db is not None:
            with contextlib.suppress(*_DATABASE_ERRORS):
                db.close()
        return None

    def _write(self) -> None:
        """Write the rows added so far, in one transaction, sealed."""
        added, self._added = self._added, Pack()
        if not added or not self._writes:
            return
        for _attempt in range(2):  # once more in a new database when this one is damaged
            db = self._writer()
            key = self._key
            if db is None or key is None:
                self._writes = False
                return
            try:
                _insert(db, key, added)
                return
            except _DATABASE_ERRORS as error:
                self._failed(error)
        self._writes = False

    def _failed(self, error: Exception) -> None:
        """A query failed. Locked for too long (another run holds it), or the disk cannot be
        written: no more writes this run. Damaged: the cache counts as empty, and the next
        write replaces the database."""
        if _busy(error):
            self._writes = False
            return
        if self._db is not None:
            with contextlib.suppress(*_DATABASE_ERRORS):
                self._db.close()
        self._db, self._opened, self._replace, self._found = None, True, True, False

    def _writer(self) -> sqlite3.Connection | None:
        """The connection to write with: the database is created (and the folder claimed)
        when there is none, and replaced when the one found could not be used."""
        db = self._connection()
        if db is not None:
            return db
        if not self._writes or self._key is None:
            return None
        try:
            try:
                claim_folder(self.folder, self.setting)
            except NotOwned:
                if not _owned_soon(self.folder):
                    return None
            if self._replace:
                for suffix in _COMPANIONS:
                    (self.folder / (DATABASE + suffix)).unlink(missing_ok=True)
                self._replace = False
        except OSError:
            return None
        self._db = self._open(create=True)
        return self._db


def _owned_soon(folder: Path) -> bool:
    """Whether ``folder`` is filmlint's, or is within ``CLAIM_WAIT``: a real folder that is
    empty (or holds only a tag being written) may be another run's that has just made it.
    Anything else in it is someone's: no wait."""
    deadline = time.monotonic() + CLAIM_WAIT
    while not is_owned_folder(folder):
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
            names = [entry.name for entry in folder.iterdir()]
        except OSError:
            return False
        if any(name != TAG_NAME for name in names):
            # Tagged since it was looked at (the tag, then what goes with it), or someone's.
            return is_owned_folder(folder)
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _busy(error: Exception) -> bool:
    """Whether a query failed for a reason other than a damaged database (``_BUSY``)."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in _BUSY


def _insert(db: sqlite3.Connection, key: bytes, added: Pack) -> None:
    results = []
    for result, new, cuts in added.results:
        file_digest = kept_text.digest(new.raw) if new.digest is None else new.digest
        result_key = new.key_of(file_digest)
        value = encoded(result, cuts, file_digest)
        if value is not None:
            results.append(_row(key, new.path, result_key, new.record, value))
    for path, result_key, record, value in added.restated:
        results.append(_row(key, path, result_key, record, value))
    runs = [(*row, _run_seal(key, row)) for row in added.runs]
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", results)
        db.executemany("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)", runs)
    except BaseException:
        with contextlib.suppress(*_DATABASE_ERRORS):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _create_tables(db: sqlite3.Connection) -> None:
    """Make an empty database filmlint's: pages of 8 KiB, WAL mode (readers never wait for a
    writer), the tables, then the marks that say it is done (a run cut short before leaves
    it empty). When a value of a file with translations held its front matter (2 KB),
    writing the cache took 18 us a file in 4 KiB pages, 11 us in 8 KiB; values without it
    write alike in pages of 4 to 32 KiB (10,000 files, within 1.2%)."""
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only before the first table: WAL fixes it
    _into_wal(db)
    db.execute("BEGIN IMMEDIATE")
    for table in _TABLES:
        db.execute(table)
    db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {_LAYOUT}")
    db.execute("COMMIT")


def _into_wal(db: sqlite3.Connection) -> None:
    """Put a new database in WAL mode. Two runs making it at once each hold the file while
    asking for it alone: SQLite fails one at once rather than wait (a deadlock otherwise),
    so the switch is tried again until ``BUSY_TIMEOUT``, the other run done by then."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.001
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(2 * delay, 0.05)


def _identity(db: sqlite3.Connection) -> tuple[int, int, bool]:
    """The database's application id and layout, and whether it has nothing in it yet (just
    created, here or by another run), read in one transaction: another run that commits its
    tables between two reads would make a database being made look like another program's,
    which this run would then replace, with every row other runs had written."""
    db.execute("BEGIN")
    try:
        (application,) = db.execute("PRAGMA application_id").fetchone()
        (layout,) = db.execute("PRAGMA user_version").fetchone()
        (count,) = db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        db.execute("COMMIT")
    return application, layout, count == 0


def _plain_files(database: Path) -> bool:
    """Whether the database and its companions are regular files or absent: SQLite follows
    links, and a link brought by a clone could make it write anywhere."""
    for suffix in _COMPANIONS:
        try:
            mode = os.lstat(database.with_name(database.name + suffix)).st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not stat.S_ISREG(mode):
            return False
    return True


def _typed(text: object, data: object) -> bool:
    """Whether a row's text and its data are of the types filmlint writes: SQLite keeps any
    type in any column, and a row edited by hand may hold text where bytes were."""
    return type(text) is str and type(data) is bytes


def _path_bytes(path: str) -> bytes:
    """A path as stored: its bytes, as the file system names it (a path may not be UTF-8)."""
    return path.encode("utf-8", "surrogateescape")


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> hashlib.blake2b:
    """A keyed BLAKE2b that has taken in ``key``, copied for each seal: the key is a block of
    its own, hashed once rather than for each of the run's two rows a file."""
    return hashlib.blake2b(key=key, digest_size=16)


#: What a row holds of its file when nothing was recorded (a file in the racy window).
_UNRECORDED = (None, None, None)


def _row(
    key: bytes, path: str, result_key: str, record: Record | None, value: bytes
) -> tuple[bytes, str, str | None, int | None, int | None, bytes, bytes]:
    """A result's row, sealed: its path, key, what its file was (``record``; NULLs when
    not recorded) and value."""
    found = _UNRECORDED if record is None else record
    seal = _seal(key, path, result_key, found, value)
    return (_path_bytes(path), result_key, *found, value, seal)


def _seal(key: bytes, path: str, result_key: str, found: tuple[object, ...], value: bytes) -> bytes:
    """The seal of a result row: all of it, ``found`` its context, change time and
    size as read (a value moved to another key or path fails it, and so does what its file
    was, altered). Those three are text, numbers or NULL, spelt alike in every run."""
    context, changed_ns, size = found
    digest = _keyed(key).copy()
    text = f"r\0{path}\0{result_key}\0{context}\0{changed_ns}\0{size}\0"
    digest.update(text.encode("utf-8", "surrogateescape"))
    digest.update(value)
    return digest.digest()


def _run_seal(key: bytes, row: RunRow) -> bytes:
    """The seal of a run row: all of it (its key and state are hex digits; the length of its
    versions tells where they end and its value begins)."""
    run_key, versions, state, value = row
    digest = _keyed(key).copy()
    digest.update(f"g\0{run_key}\0{state}\0{len(versions)}\0".encode())
    digest.update(versions)
    digest.update(value)
    return digest.digest()


def _cuts(result: FileResult, keeping: Container[str]) -> Cuts:
    """Where the values of the rules in ``keeping`` end with the file's text before its body
    (``body_start`` long): found without reading the text, which by then has left the CPU's
    caches (compared with it, a cold run writing the cache took 1.9% more CPU on 10,000
    files). None when no value is cut: a front matter shorter than ``SHORTEST`` is kept."""
    body_start = result.body_start
    if body_start < kept_text.SHORTEST or not keeping:
        return None
    cuts: list[int | None] = []
    for reference in result.gathered:
        cut = len(reference.value) - body_start
        cuts.append(cut if cut >= 0 and reference.rule in keeping else None)
    return None if cuts.count(None) == len(cuts) else cuts
