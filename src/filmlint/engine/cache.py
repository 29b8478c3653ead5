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

Packs are JSON, never pickle, sealed with the user's key (``filmlint.text.owned_files``): a
pack from another machine, user or clone, or changed since, counts as absent, as does one
that cannot be read or decoded. The folder is used only if filmlint made it (its tag says
so); an existing folder without the tag stops the run before anything is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmlint.diagnostics import Diagnostic, Edit, Fix, Reference, Severity
from filmlint.engine.results import FileResult
from filmlint.text.atomic import write_atomically
from filmlint.text.owned_files import (
    TAG_NAME,
    NotOwned,
    claim_folder,
    is_own_file,
    is_owned_folder,
    not_owned,
    seal,
    sealed_by,
    user_key,
)

#: Bumped when the layout of a pack changes; packs of another format are left unused.
FORMAT = "v3"
#: More packs than this are merged into one by the next run that writes.
MAX_PACKS = 8
#: The configuration key that names the folder, for messages.
SETTING = "cache-dir"
#: What filmlint names the files it writes in the folder: packs of any format, and the
#: temporary files of atomic writes that a killed run left.
_PACK = re.compile(r"v\d+-\d+-\d+\.pack")
_TEMPORARY = re.compile(r"\..+\.\d+-\d+\.tmp")

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
    """The cache folder is not one that filmlint made: it is neither used nor removed."""


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
        """Read every pack of this format; those not sealed with the user's key (damaged,
        or made elsewhere) are skipped, and merged away later.

        CacheError when the folder exists but filmlint did not make it: nothing is read from
        it, and nothing will be written into it.
        """
        if not is_owned_folder(self.folder):
            if os.path.lexists(self.folder):  # a symlink is not filmlint's
                raise CacheError(str(not_owned(self.folder, SETTING)))
            return
        try:
            key = user_key()
        except OSError:
            return  # no key, no trust: the run goes without its cache
        self._packs = sorted(self.folder.glob(f"{FORMAT}-*.pack"))
        for pack in self._packs:
            try:
                content = _unsealed(pack.read_bytes(), key)
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
            key = user_key()
            claim_folder(self.folder, SETTING)
            # Atomic: a concurrent run sees the whole pack or none of it.
            # Not flushed to disk: a pack cut short by a crash fails its seal, and is skipped.
            write_atomically(self.folder / name, _sealed(pack, key), durable=False)
        except (OSError, NotOwned):
            return
        if merge:  # every entry of the packs read is in the new one
            for old in self._packs:
                with contextlib.suppress(OSError):
                    old.unlink()
        self._added = Pack()


def _sealed(pack: Pack, key: bytes) -> bytes:
    """A pack as stored: the seal of its JSON on the first line, then the JSON."""
    body = json.dumps({"results": pack.results, "stats": pack.stats}, separators=(",", ":"))
    data = body.encode()
    return seal(key, data).encode() + b"\n" + data


def _unsealed(stored: bytes, key: bytes) -> dict[str, Any]:
    """What ``_sealed`` stored with ``key``; ValueError when it was changed since (cut short,
    merged by a tool, damaged on disk, made with another key). Entries under a valid seal are
    decoded without checking the type of every field: that would cost a cached run more than
    all else it does."""
    claimed, _, body = stored.partition(b"\n")
    if not sealed_by(key, body, claimed):
        raise ValueError("damaged pack, or one made elsewhere")
    content = json.loads(body)  # fast with the cyclic garbage collector off (the runner's)
    if not isinstance(content, dict):
        raise ValueError("damaged pack")
    return content


@dataclass(frozen=True)
class Cleaned:
    """What ``clean`` did: the files it removed, and those it left (not filmlint's, or URL
    caches it was asked to keep, ``kept_urls`` says whether there were any)."""

    removed: list[Path]
    kept: list[Path]
    kept_urls: bool = False


def clean(folder: Path, *, urls: bool = True) -> Cleaned | None:
    """Remove the files filmlint wrote into its cache folder (packs, URL caches unless
    ``urls`` is false, its tag and .gitignore), and the folder once empty; None when there is
    no folder.

    CacheError when the folder is not one that filmlint made. Anything else found in it (a
    user's file, a subfolder) is kept, and so is the folder then.
    """
    if not is_owned_folder(folder):
        if os.path.lexists(folder):  # a symlink is not filmlint's
            raise CacheError(
                f"{folder} is not a filmlint cache (it has no {TAG_NAME} of filmlint's); "
                f"nothing removed"
            )
        return None
    removed: list[Path] = []
    kept: list[Path] = []
    tag: list[Path] = []
    kept_urls = False
    for entry in sorted(folder.iterdir()):
        if entry.name == TAG_NAME and is_own_file(entry):
            tag.append(entry)  # last: a folder cut short by a failure stays filmlint's
        elif not urls and _is_url_cache(entry):
            kept.append(entry)
            kept_urls = True
        elif _wrote(entry):
            entry.unlink()
            removed.append(entry)
        else:
            kept.append(entry)
    if not kept:
        for entry in tag:
            entry.unlink()
            removed.append(entry)
        folder.rmdir()
    return Cleaned(removed, kept, kept_urls)


def _is_url_cache(entry: Path) -> bool:
    from filmlint.urls.cache import is_url_cache  # only when cleaning

    return entry.is_file() and not entry.is_symlink() and is_url_cache(entry)


def _wrote(entry: Path) -> bool:
    """Whether ``entry``, in a cache folder of filmlint's, is a file that filmlint wrote."""
    from filmlint.urls.cache import is_url_cache  # only when cleaning

    if not entry.is_file() or entry.is_symlink():
        return False
    name = entry.name
    return bool(
        _PACK.fullmatch(name)
        or _TEMPORARY.fullmatch(name)
        or is_own_file(entry)
        or is_url_cache(entry)
    )


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
