"""The references a run's files gathered, kept from the file phase to the run phase.

A run over many files gathers kilobytes a file (the translation rules' compared values), so
beyond ``IN_MEMORY`` references they go to a private temporary SQLite database (deleted when
closed) as they come, and the run phase reads them back rule by rule: a rule that judges a
file by its translation set (``Rule.reads_translations``) gets one set at a time, in the order
of the sets' keys, so the run holds one set at a time; any other rule gets all of its
references at once (``url-reachable`` asks each URL once per run). Either way a rule's
references come in the order they were gathered, as they would from memory.

filmlint's own translation rules, in a run whose sets are named by path, are judged during
the file phase instead, a set as soon as its last file is in (``run_phase.StreamedSets``):
their references never come here, and what does (``url-reachable``'s, a plugin's, sets named
by a front-matter key) seldom goes beyond ``IN_MEMORY``.
"""

from __future__ import annotations

import contextlib
import marshal
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from filmlint.diagnostics import Reference
from filmlint.rulekit import translation_sets

if TYPE_CHECKING:
    import sqlite3

#: References held in memory before they go to the database: a run of a few hundred files
#: never opens one.
IN_MEMORY = 2048
_TABLE = (
    "CREATE TABLE refs (seq INTEGER PRIMARY KEY, rule TEXT NOT NULL, set_key BLOB, fields BLOB)"
)
_INSERT = "INSERT INTO refs VALUES (NULL, ?, ?, ?)"
#: Rows written to the database in one transaction.
_BATCH = 512


def set_key(reference: Reference) -> str | None:
    """The key of the translation set the reference's value names, if it names one."""
    return translation_sets.named_set(reference.value)


class GatheredReferences:
    """The references gathered in one run's file phase, added file by file (``add``), read
    back by the run phase (``batches``), and let go by ``close``."""

    def __init__(self, in_memory: int | None = None) -> None:
        """``in_memory``: the references held before they go to the database (``IN_MEMORY``)."""
        self._in_memory = IN_MEMORY if in_memory is None else in_memory
        self._held: list[Reference] = []
        self._db: sqlite3.Connection | None = None
        #: The rules with references, in the order their first one came.
        self._rules: dict[str, None] = {}

    def __enter__(self) -> GatheredReferences:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, references: Iterable[Reference]) -> None:
        for reference in references:
            self._rules.setdefault(reference.rule)
            self._held.append(reference)
        if len(self._held) > self._in_memory or (
            self._db is not None and len(self._held) >= _BATCH
        ):
            self._spill()

    @property
    def rules(self) -> list[str]:
        """The names of the rules with references."""
        return list(self._rules)

    def batches(self, rule: str, *, by_set: bool) -> Iterator[list[Reference]]:
        """The references of ``rule``: one batch per translation set when ``by_set`` and
        every value names a set (sets in the order of their keys), else one batch."""
        if self._db is None:
            yield from _held_batches([r for r in self._held if r.rule == rule], by_set=by_set)
            return
        self._spill()
        db = self._db
        if by_set:
            unnamed = db.execute(
                "SELECT 1 FROM refs WHERE rule = ? AND set_key IS NULL LIMIT 1", (rule,)
            ).fetchone()
            by_set = unnamed is None
        order = "set_key, seq" if by_set else "seq"
        rows = db.execute(
            f"SELECT set_key, fields FROM refs WHERE rule = ? ORDER BY {order}", (rule,)
        )
        batch: list[Reference] = []
        current: bytes | None = None
        for row in rows:
            if by_set and row[0] != current and batch:
                yield batch
                batch = []
            current = row[0]
            batch.append(Reference(rule, *marshal.loads(row[1])))
        if batch:
            yield batch

    def files(self, rule: str) -> list[str]:
        """The files ``rule`` has references in, in the order gathered."""
        if self._db is None:
            return list(dict.fromkeys(r.file for r in self._held if r.rule == rule))
        self._spill()
        rows = self._db.execute("SELECT fields FROM refs WHERE rule = ? ORDER BY seq", (rule,))
        return list(dict.fromkeys(marshal.loads(fields)[1] for (fields,) in rows))

    def close(self) -> None:
        """Let go of the references (the database's file is deleted)."""
        self._held = []
        self._rules = {}
        if self._db is not None:
            self._db.close()
            self._db = None

    def _spill(self) -> None:
        """Write the references held to the database, made on first use. Where it cannot
        be written (no temporary folder, a full disk), the references stay in memory."""
        import sqlite3  # here, not at import: most runs never spill, and loading it is costly

        held, self._held = self._held, []
        try:
            if self._db is None:
                # "": a private database in a temporary file, deleted when closed.
                self._db = sqlite3.connect("", isolation_level=None)
                self._db.execute("PRAGMA journal_mode = MEMORY")  # a failed write rolls back
                self._db.execute("PRAGMA synchronous = OFF")
                self._db.execute(_TABLE)
            if held:
                self._db.execute("BEGIN")
                try:
                    self._db.executemany(_INSERT, map(_row, held))
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back
                        self._db.execute("ROLLBACK")  # none written: all are held again
                    raise
                self._db.execute("COMMIT")
        except sqlite3.Error:
            self._held = [*self._written(), *held]
            self._in_memory = sys.maxsize

    def _written(self) -> list[Reference]:
        """The references the database holds, in the order gathered; the database closed."""
        import sqlite3  # loaded already: there is a database only once ``_spill`` made it

        db, self._db = self._db, None
        if db is None:
            return []
        try:
            rows = db.execute("SELECT rule, fields FROM refs ORDER BY seq").fetchall()
        except sqlite3.Error:
            rows = []  # a table not made yet
        db.close()
        return [Reference(rule, *marshal.loads(fields)) for rule, fields in rows]


def _held_batches(references: list[Reference], *, by_set: bool) -> Iterator[list[Reference]]:
    """``batches`` of the references held in memory: the same batches, in the same order."""
    if not references:
        return
    keys = [set_key(r) for r in references] if by_set else []
    if not by_set or None in keys:
        yield references
        return
    sets: dict[str, list[Reference]] = {}
    for key, reference in zip(keys, references, strict=True):
        assert key is not None
        sets.setdefault(key, []).append(reference)
    # Code point order is the order of UTF-8 bytes, as the database sorts its keys.
    for key in sorted(sets):
        yield sets[key]


def _row(r: Reference) -> tuple[str, bytes | None, bytes]:
    """A reference as stored: its rule, its set's key (bytes: sorted as SQLite sorts
    them, and a lone surrogate goes and comes back unchanged), and its other fields."""
    key = set_key(r)
    fields = (
        r.value, r.file, r.start, r.end, r.line, r.column, r.end_line, r.end_column,
        r.content, r.data_path, r.reported,
    )  # fmt: skip
    # marshal: the database is this process's own, read back by the same interpreter, and
    # it keeps any string (lone surrogates too) and tuple as they were, fast.
    return (
        r.rule,
        None if key is None else key.encode("utf-8", "surrogatepass"),
        marshal.dumps(fields),
    )
