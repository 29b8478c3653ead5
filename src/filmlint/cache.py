"""The per-file result cache: a file whose bytes, path and settings are unchanged is not linted
again.

An entry's key is a hash of everything the file's result depends on (``Linter.cache_key``),
so an entry is never stale: a change makes a new key, and old entries are only unused
(``filmlint clean`` removes them all).

Entries live in a few pack files, not one file each: creating thousands of small files costs
more than linting them. A run reads every pack once, and writes the entries it made as one
new pack, to a temporary name renamed into place, so concurrent runs never see half a pack.
When packs pile up, a run merges those it read into one. Packs are JSON, never pickle (a
cache folder could come from someone else); a pack or entry that cannot be read or decoded
counts as absent.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from filmlint.atomic import write_atomically
from filmlint.diagnostics import Diagnostic, Edit, Fix, Reference, Severity
from filmlint.linter import FileResult

#: Bumped when the layout of an entry changes; packs of another format are left unused.
FORMAT = "v1"
#: More packs than this are merged into one by the next run that writes.
MAX_PACKS = 8
_TAG_NAME = "CACHEDIR.TAG"
#: https://bford.info/cachedir/ : backup tools skip a folder with this file.
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# A cache of filmlint results.\n"

#: ``{"diagnostics": [...], "gathered": [...]}``, each item a list of the fields; or, under a
#: key of its own, ``{"stat": [mtime_ns, size, result key]}``: what a file was when last read.
Entry = dict[str, list[Any]]


class CacheError(Exception):
    """The cache folder cannot be removed (it is not one that filmlint made)."""


class ResultCache:
    """The results of earlier runs, read once (``load``); new results are added and ``save``d
    at the end of the run. Picklable, for worker processes: they look up and add, and the
    parent ``absorb``s what they added."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, Entry] = {}
        self._packs: list[Path] = []
        self._added: dict[str, Entry] = {}

    def load(self) -> None:
        """Read every pack of this format; damaged ones are skipped (and merged away later)."""
        self._packs = sorted(self.folder.glob(f"{FORMAT}-*.json"))
        for pack in self._packs:
            try:
                entries = json.loads(pack.read_bytes())
            except (OSError, ValueError):
                continue
            if isinstance(entries, dict):
                self._entries.update(entries)

    def get(self, key: str, path: str) -> FileResult | None:
        """The result stored under ``key``, for the file named ``path``; None if absent.

        The path is not stored: it is part of the key.
        """
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            diagnostics = [_diagnostic(path, item) for item in entry["diagnostics"]]
            return FileResult(diagnostics, tuple([_reference(item) for item in entry["gathered"]]))
        except (ValueError, TypeError, KeyError, IndexError):
            return None  # damaged: lint the file again

    def get_stat(self, key: str, mtime_ns: int, size: int) -> str | None:
        """The result key recorded for a file of this modification time and size, if any."""
        entry = self._entries.get(key)
        stat = entry.get("stat") if isinstance(entry, dict) else None
        if isinstance(stat, list) and len(stat) == 3 and stat[:2] == [mtime_ns, size]:
            return str(stat[2])
        return None

    def put_stat(self, key: str, mtime_ns: int, size: int, result_key: str) -> None:
        entry: Entry = {"stat": [mtime_ns, size, result_key]}
        if self._entries.get(key) != entry:
            self._entries[key] = self._added[key] = entry

    def put(self, key: str, result: FileResult) -> None:
        entry = {
            "diagnostics": [_encode(d) for d in result.diagnostics],
            "gathered": [_encode_reference(r) for r in result.gathered],
        }
        self._entries[key] = self._added[key] = entry

    def take_added(self) -> dict[str, Entry]:
        """The entries added since the last call (a worker sends them to the parent)."""
        added, self._added = self._added, {}
        return added

    def absorb(self, entries: dict[str, Entry]) -> None:
        self._entries.update(entries)
        self._added.update(entries)

    def save(self) -> None:
        """Write the entries added in this run as a new pack (merging all packs when there are
        too many). A folder that cannot be written only costs speed next time."""
        if not self._added:
            return
        merge = len(self._packs) >= MAX_PACKS
        entries = self._entries if merge else self._added
        name = f"{FORMAT}-{time.time_ns():020d}-{os.getpid()}.json"
        try:
            self._prepare_folder()
            # Atomic: a concurrent run sees the whole pack or none of it.
            data = json.dumps(entries, separators=(",", ":")).encode("utf-8")
            write_atomically(self.folder / name, data)
        except OSError:
            return
        if merge:  # every entry of the packs read is in the new one
            for pack in self._packs:
                with contextlib.suppress(OSError):
                    pack.unlink()
        self._added = {}

    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.folder / _TAG_NAME
        if not tag.exists():
            tag.write_text(_TAG, encoding="utf-8")
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")


def clean(folder: Path, *, configured: bool) -> bool:
    """Remove the cache folder (URL answers kept there included); False when there is none.

    A folder named by ``cache-dir`` (``configured``) could be any folder: it is removed only
    when filmlint tagged it as its cache.
    """
    if not folder.exists():
        return False
    try:
        ours = (folder / _TAG_NAME).read_text(encoding="utf-8") == _TAG
    except OSError:
        ours = False
    if configured and not ours:
        raise CacheError(f"{folder} is not a filmlint cache (it has no {_TAG_NAME}); not removed")
    import shutil

    shutil.rmtree(folder)
    return True


def _encode(d: Diagnostic) -> list[Any]:
    fix = d.fix
    return [
        d.line,
        d.column,
        d.end_line,
        d.end_column,
        d.code,
        d.rule,
        d.severity.value,
        d.message,
        None
        if fix is None
        else [fix.message, fix.applicability, [_encode_edit(e) for e in fix.edits]],
        None if d.data_path is None else list(d.data_path),
    ]


def _encode_edit(e: Edit) -> list[Any]:
    start = None if e.start_position is None else list(e.start_position)
    end = None if e.end_position is None else list(e.end_position)
    return [e.start, e.end, e.content, start, end]


def _encode_reference(r: Reference) -> list[Any]:
    content = None if r.content is None else list(r.content)
    return [
        r.rule,
        r.value,
        r.file,
        r.start,
        r.end,
        r.line,
        r.column,
        r.end_line,
        r.end_column,
        content,
        list(r.data_path),
    ]


#: The types of a stored reference's first fields. Checked with map(): a cached run decodes
#: every URL of every file, so the checks must cost little.
_REFERENCE_TYPES = (str, str, str, int, int, int, int, int, int)
_STEP_TYPES = frozenset({str, int})


def _reference(item: list[Any]) -> Reference:
    *fields, content, data_path = item
    if tuple(map(type, fields)) != _REFERENCE_TYPES:
        raise TypeError("damaged entry")
    rule, value, file, start, end, line, column, end_line, end_column = fields
    return Reference(
        rule, value, file, start, end, line, column, end_line, end_column,
        _pair(content), _data_path(data_path),
    )  # fmt: skip


def _diagnostic(path: str, item: list[Any]) -> Diagnostic:
    line, column, end_line, end_column, code, rule, severity, message, fix, data_path = item
    if not (
        type(line) is int
        and type(column) is int
        and type(end_line) is int
        and type(end_column) is int
        and type(code) is str
        and type(rule) is str
        and type(message) is str
    ):
        raise TypeError("damaged entry")
    return Diagnostic(
        path, line, column, end_line, end_column, code, rule, Severity(severity), message,
        None if fix is None else _fix(fix),
        None if data_path is None else _data_path(data_path),
    )  # fmt: skip


def _fix(item: list[Any]) -> Fix:
    message, applicability, edits = item
    if applicability not in ("safe", "unsafe") or type(message) is not str:
        raise ValueError("damaged entry")
    parsed = []
    for start, end, content, start_position, end_position in edits:
        if type(start) is not int or type(end) is not int or type(content) is not str:
            raise TypeError("damaged entry")
        parsed.append(Edit(start, end, content, _pair(start_position), _pair(end_position)))
    return Fix(message, tuple(parsed), applicability)


def _pair(item: Any) -> tuple[int, int] | None:
    if item is None:
        return None
    first, second = item
    if type(first) is not int or type(second) is not int:
        raise TypeError("damaged entry")
    return first, second


def _data_path(item: Any) -> tuple[str | int, ...]:
    if type(item) is not list or not _STEP_TYPES.issuperset(map(type, item)):
        raise TypeError("damaged entry")
    return tuple(item)
