"""The per-file result cache: a file whose bytes, path and settings are unchanged is not linted
again.

An entry's key is a hash of everything the file's result depends on (``Linter.cache_key``),
so an entry is never stale: a change makes a new key, and old entries are only unused
(``filmlint clean`` removes them all).

Entries live in a few pack files, not one file each: creating thousands of small files costs
more than linting them. A run reads every pack once, and writes the entries it made as one
new pack, to a temporary name renamed into place, so concurrent runs never see half a pack.
When packs pile up, a run merges those it read into one.

A pack also records what each file was (size and modification time) when its result was
made, so that a settled file that has not changed since is not even read again.

Packs are JSON, never pickle (a cache folder could come from someone else); a pack or
entry that cannot be read or decoded counts as absent.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmlint.diagnostics import Diagnostic, Edit, Fix, Reference, Severity
from filmlint.engine.results import FileResult
from filmlint.text.atomic import write_atomically

#: Bumped when the layout of a pack changes; packs of another format are left unused.
FORMAT = "v2"
#: More packs than this are merged into one by the next run that writes.
MAX_PACKS = 8
_TAG_NAME = "CACHEDIR.TAG"
#: https://bford.info/cachedir/ : backup tools skip a folder with this file.
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# A cache of filmlint results.\n"

#: A file's result: ``[diagnostics, gathered]``, each diagnostic a list of its fields, and
#: ``gathered`` the references by rule name, each a list of its fields but the rule and file
#: (both known when the entry is read: a path is part of its entry's key).
Entry = list[Any]
#: What a file was when last read, by run context and path: ``[mtime_ns, size, result key]``.
Stats = dict[str, dict[str, list[Any]]]


@dataclass
class Pack:
    """What a pack file holds, and what a worker process sends to the parent."""

    results: dict[str, Entry] = field(default_factory=dict)
    stats: Stats = field(default_factory=dict)

    def update(self, other: Pack) -> None:
        self.results.update(other.results)
        for context, paths in other.stats.items():
            self.stats.setdefault(context, {}).update(paths)

    def __bool__(self) -> bool:
        return bool(self.results or self.stats)


class CacheError(Exception):
    """The cache folder cannot be removed (it is not one that filmlint made)."""


class ResultCache:
    """The results of earlier runs, read once (``load``); new results are added and ``save``d
    at the end of the run. Picklable, for worker processes: they look up and add, and the
    parent ``absorb``s what they added."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._known = Pack()
        self._packs: list[Path] = []
        self._added = Pack()

    def load(self) -> None:
        """Read every pack of this format; damaged ones are skipped (and merged away later)."""
        self._packs = sorted(self.folder.glob(f"{FORMAT}-*.pack"))
        for pack in self._packs:
            try:
                content = _unsealed(pack.read_bytes())
            except (OSError, ValueError):
                continue
            results, stats = content.get("results"), content.get("stats")
            if isinstance(results, dict):
                self._known.results.update(results)
            if isinstance(stats, dict):
                for context, paths in stats.items():
                    if isinstance(paths, dict):
                        self._known.stats.setdefault(context, {}).update(paths)

    def get(self, key: str, path: str) -> FileResult | None:
        """The result stored under ``key``, for the file named ``path``; None if absent."""
        entry = self._known.results.get(key)
        if entry is None:
            return None
        try:
            diagnostics, gathered = entry
            return FileResult(
                [_diagnostic(path, item) for item in diagnostics],
                tuple(
                    [
                        _reference(rule, path, item)
                        for rule, items in gathered.items()
                        for item in items
                    ]
                ),
            )
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None  # an entry of another shape, under a valid seal: lint the file again

    def key_for_stat(self, context: str, path: str, mtime_ns: int, size: int) -> str | None:
        """The result key recorded for the file at ``path`` when it had this modification
        time and size, in a run of this ``context`` (``Linter.cache_context()``); or None."""
        stat = self._known.stats.get(context, {}).get(path)
        if isinstance(stat, list) and len(stat) == 3 and stat[:2] == [mtime_ns, size]:
            return str(stat[2])
        return None

    def put_stat(self, context: str, path: str, mtime_ns: int, size: int, key: str) -> None:
        stat = [mtime_ns, size, key]
        paths = self._known.stats.setdefault(context, {})
        if paths.get(path) != stat:
            paths[path] = stat
            self._added.stats.setdefault(context, {})[path] = stat

    def put(self, key: str, result: FileResult) -> None:
        gathered: dict[str, list[Any]] = {}
        for reference in result.gathered:
            gathered.setdefault(reference.rule, []).append(_encode_reference(reference))
        entry = [[_encode(d) for d in result.diagnostics], gathered]
        self._known.results[key] = self._added.results[key] = entry

    def take_added(self) -> Pack:
        """The entries added since the last call (a worker sends them to the parent)."""
        added, self._added = self._added, Pack()
        return added

    def absorb(self, added: Pack) -> None:
        self._known.update(added)
        self._added.update(added)

    def save(self) -> None:
        """Write the entries added in this run as a new pack (merging all packs when there are
        too many). A folder that cannot be written only costs speed next time."""
        if not self._added:
            return
        merge = len(self._packs) >= MAX_PACKS
        pack = self._known if merge else self._added
        name = f"{FORMAT}-{time.time_ns():020d}-{os.getpid()}.pack"
        try:
            self._prepare_folder()
            # Atomic: a concurrent run sees the whole pack or none of it.
            # Not flushed to disk: a pack cut short by a crash fails its seal, and is skipped.
            write_atomically(self.folder / name, _sealed(pack), durable=False)
        except OSError:
            return
        if merge:  # every entry of the packs read is in the new one
            for old in self._packs:
                with contextlib.suppress(OSError):
                    old.unlink()
        self._added = Pack()

    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.folder / _TAG_NAME
        if not tag.exists():
            tag.write_text(_TAG, encoding="utf-8")
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")


def _sealed(pack: Pack) -> bytes:
    """A pack as stored: the SHA-256 of its JSON on the first line, then the JSON."""
    body = json.dumps({"results": pack.results, "stats": pack.stats}, separators=(",", ":"))
    data = body.encode()
    return hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def _unsealed(stored: bytes) -> dict[str, Any]:
    """What ``_sealed`` stored; ValueError when it was changed since (cut short, merged by a
    tool, damaged on disk). Entries whose hash matches are decoded without checking the type
    of every field: that would cost a cached run more than all else it does."""
    seal, _, body = stored.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != seal:
        raise ValueError("damaged pack")
    content = json.loads(body)  # fast with the cyclic garbage collector off (the runner's)
    if not isinstance(content, dict):
        raise ValueError("damaged pack")
    return content


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
    fields = [r.value, r.start, r.end, r.line, r.column, r.end_line, r.end_column]
    return [*fields, content, list(r.data_path)]


def _reference(rule: str, file: str, item: list[Any]) -> Reference:
    value, start, end, line, column, end_line, end_column, content, data_path = item
    return Reference(
        rule, value, file, start, end, line, column, end_line, end_column,
        _pair(content), tuple(data_path),
    )  # fmt: skip


def _diagnostic(path: str, item: list[Any]) -> Diagnostic:
    line, column, end_line, end_column, code, rule, severity, message, fix, data_path = item
    return Diagnostic(
        path, line, column, end_line, end_column, code, rule, Severity(severity), message,
        None if fix is None else _fix(fix),
        None if data_path is None else tuple(data_path),
    )  # fmt: skip


def _fix(item: list[Any]) -> Fix:
    message, applicability, edits = item
    parsed = tuple(
        Edit(start, end, content, _pair(start_position), _pair(end_position))
        for start, end, content, start_position, end_position in edits
    )
    return Fix(message, parsed, applicability)


def _pair(item: list[int] | None) -> tuple[int, int] | None:
    return None if item is None else (item[0], item[1])
