"""Applying fixes: text edits, checked by parsing again, written atomically.

A pass takes every wanted fix whose edits overlap no edit already taken (a fix is all or
nothing), applies them, and parses the result. The result must keep the text before the
front matter and the whole body, add no parse problem, and read to the same data except at
the paths the fixes are about; otherwise the fix is discarded and reported. The fixed text is
linted again and the next pass starts, until nothing more applies or ``max_passes`` is
reached. Bytes outside the edits are never touched, as the text is only ever spliced.
"""

from __future__ import annotations

import difflib
import os
import stat
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmlint.diagnostics import DataPath, Diagnostic, Edit, Finding
from filmlint.engine.linter import FileResult, Linter
from filmlint.engine.suppressions import Suppression, has_suppressions, read_suppressions
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.parser import parse_document
from filmlint.rulekit.declaration import Registry
from filmlint.text.atomic import ChangedMeanwhile, write_atomically
from filmlint.text.decoding import binary_text, decode
from filmlint.text.reading import read_bytes

MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class Rejected:
    """A fix that was not applied, and why."""

    diagnostic: Diagnostic
    reason: str


@dataclass(slots=True)
class FixResult:
    """What fixing one text did.

    ``fixed`` are the diagnostics whose fixes were applied (positions as of the pass that
    applied them); ``file_result`` is the file phase's result for the fixed text (its
    diagnostics, and what run-level rules gathered from it for ``Linter.finish``).
    """

    path: str | None
    original: str
    text: str
    file_result: FileResult
    fixed: list[Diagnostic] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    #: The file's bytes as read: the fixed text is written only over these (``write_fixed``).
    source: bytes | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.original


class Fixer:
    """Fixes texts and files with one linter; unsafe fixes only when asked."""

    def __init__(self, linter: Linter, *, unsafe: bool = False, max_passes: int = MAX_PASSES):
        self.linter = linter
        self.unsafe = unsafe
        self.max_passes = max_passes

    def wanted(self, diagnostic: Diagnostic) -> bool:
        fix = diagnostic.fix
        return fix is not None and (self.unsafe or fix.applicability == "safe")

    def fix_text(self, text: str, path: str | None = None) -> FixResult:
        """Fix one text with the file phase's fixes, pass after pass; a binary text (a NUL)
        is only linted, as a binary file is."""
        if binary_text(text) is not None:
            return FixResult(path, text, text, self.linter.text_result(text, path))
        document, findings = parse_document(text, path)
        result = FixResult(path, text, text, self.linter.document_result(document, findings))
        refused: set[tuple[object, ...]] = set()
        for _ in range(self.max_passes):
            applied = self._pass(
                result, document, findings, result.file_result.diagnostics, refused
            )
            if applied is None:
                break
            document, findings = applied
        return result

    def finish(
        self,
        results: Sequence[FixResult],
        *,
        offline: bool = False,
        context: Mapping[str, FileResult] | None = None,
    ) -> list[Diagnostic]:
        """The run phase over the fixed texts, its wanted fixes (a moved URL) applied once,
        checked as the file phase's are; the diagnostics of what remains.

        The run phase runs again only when one of its fixes changed a file. ``context``: the
        results of files read only to judge the others (a translation's base), by name;
        nothing is reported on them.
        """
        context = context or {}

        def run_phase() -> list[Diagnostic]:
            found = [*(r.file_result for r in results), *context.values()]
            return self.linter.finish(found, offline=offline, context_only=frozenset(context))

        diagnostics = run_phase()
        late: dict[str, list[Diagnostic]] = {}
        for d in diagnostics:
            if self.wanted(d) and self.linter.registry[d.rule].finish is not None:
                late.setdefault(d.path, []).append(d)
        changed = False
        for result in results:
            found = late.get(result.path or "<text>")
            if found:
                before = result.text
                self._pass(result, *parse_document(result.text, result.path), found, set())
                changed |= result.text != before
        if not changed:
            return diagnostics
        return run_phase()

    def _pass(
        self,
        result: FixResult,
        document: Document,
        findings: list[Finding],
        diagnostics: Sequence[Diagnostic],
        refused: set[tuple[object, ...]],
    ) -> tuple[Document, list[Finding]] | None:
        """Apply the wanted fixes among ``diagnostics`` that fit together to ``document``,
        updating ``result``; the new text parsed, or None when nothing was applied."""

        def refuse(diagnostic: Diagnostic, reason: str) -> None:
            refused.add(_identity(diagnostic, document.text))
            result.rejected.append(Rejected(diagnostic, reason))

        candidates = []
        for d in diagnostics:
            if not self.wanted(d) or _identity(d, document.text) in refused:
                continue
            reason = _malformed(d, document)
            if reason is None:
                candidates.append(d)
            else:
                refuse(d, reason)
        if not candidates:
            return None
        batch = _non_overlapping(candidates)
        chosen, attempt = _keep_what_fits(document, findings, batch, refuse, self.linter.registry)
        if attempt is None:
            return document, findings  # nothing applied, but the next pass may
        document, findings = attempt
        result.fixed.extend(chosen)
        result.text = document.text
        result.file_result = self.linter.document_result(document, findings)
        return document, findings

    def fix_file(self, path: str | Path) -> FixResult:
        """Fix a file's text (nothing is written); an unreadable file is only linted."""
        name = str(path)
        try:
            raw = read_bytes(path, self.linter.config.max_file_size)
        except OSError:
            return FixResult(name, "", "", self.linter.file_result(path))
        text, bad_encoding = decode(raw)
        if bad_encoding is not None:
            return FixResult(name, "", "", self.linter.bytes_result(raw, name))
        result = self.fix_text(text, name)
        result.source = raw
        return result


def _keep_what_fits(
    document: Document,
    findings: list[Finding],
    batch: Sequence[Diagnostic],
    refuse: Callable[[Diagnostic, str], None],
    registry: Registry,
) -> tuple[list[Diagnostic], tuple[Document, list[Finding]] | None]:
    """The longest run of ``batch``, in order, that applies cleanly with those kept before it,
    and the text it makes (None when nothing fits).

    The first fix that breaks the batch is found by bisecting: a few attempts for each, not
    one per fix (each attempt parses the whole text, so one attempt per fix made a long list
    of fixes cost its square). That fix is refused if it is bad on its own; one that only
    clashes with those kept waits for a later pass.
    """
    kept: list[Diagnostic] = []
    applied: tuple[Document, list[Finding]] | None = None
    rest = list(batch)
    while rest:
        outcome = _attempt(document, findings, [*kept, *rest], registry)
        if not isinstance(outcome, str):
            return [*kept, *rest], outcome
        # kept + rest[:good] applies (``applied``); kept + rest[:bad] does not (``outcome``).
        good, bad = 0, len(rest)
        while bad - good > 1:
            middle = (good + bad) // 2
            tried = _attempt(document, findings, [*kept, *rest[:middle]], registry)
            if isinstance(tried, str):
                bad, outcome = middle, tried
            else:
                good, applied = middle, tried
        kept.extend(rest[:good])
        culprit = rest[good]
        alone = _attempt(document, findings, [culprit], registry) if kept else outcome
        if isinstance(alone, str):
            refuse(culprit, alone)
        rest = rest[good + 1 :]
    return kept, applied


def _identity(diagnostic: Diagnostic, text: str) -> tuple[object, ...]:
    """What names a fix across passes, whose offsets move as earlier fixes change the text."""
    assert diagnostic.fix is not None
    edits = tuple((text[e.start : e.end], e.content) for e in diagnostic.fix.edits)
    return (diagnostic.rule, diagnostic.fix.message, edits)


def _malformed(diagnostic: Diagnostic, document: Document) -> str | None:
    assert diagnostic.fix is not None
    edits = diagnostic.fix.edits
    if not edits:
        return "it has no edits"
    if any(not document.yaml_start <= e.start <= e.end <= document.yaml_end for e in edits):
        return "it edits outside the front matter"
    if any(_overlap(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
        return "its edits overlap"
    return None


def _overlap(a: Edit, b: Edit) -> bool:
    # Two edits at one point have no defined order, so they clash too.
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def _non_overlapping(candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The fixes to apply in one pass: in text order, each whose edits all clear those taken.

    Each fix's own edits must not overlap one another (``_malformed`` refuses those first).
    """
    # The edits taken never overlap, so sorted by start their ends are in order too: an edit
    # can only clash with the last one starting before its end, or one starting where it does.
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Diagnostic] = []

    def clear(edit: Edit) -> bool:
        before = bisect_left(starts, edit.end) - 1
        if before >= 0 and edit.start < ends[before] and starts[before] < edit.end:
            return False
        at = bisect_left(starts, edit.start)
        return at == len(starts) or starts[at] != edit.start

    for d in sorted(candidates, key=lambda d: min(e.start for e in _edits(d))):
        edits = _edits(d)
        if all(clear(e) for e in edits):
            for e in edits:
                at = bisect_left(starts, e.start)
                starts.insert(at, e.start)
                ends.insert(at, e.end)
            chosen.append(d)
    return chosen


def _edits(diagnostic: Diagnostic) -> tuple[Edit, ...]:
    return diagnostic.fix.edits if diagnostic.fix is not None else ()


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping edits applied; nothing else changes."""
    parts: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(text[position : edit.start])
        parts.append(edit.content)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def _attempt(
    document: Document, findings: list[Finding], chosen: Sequence[Diagnostic], registry: Registry
) -> tuple[Document, list[Finding]] | str:
    """The parsed text with ``chosen`` applied, or why it must not be kept."""
    edits = [e for d in chosen for e in _edits(d)]
    text = apply_edits(document.text, edits)
    after, after_findings = parse_document(text, document.path)
    if document.data is not None and after.data is None:
        return "the front matter would no longer read as a mapping"
    if (
        text[: after.yaml_start] != document.text[: document.yaml_start]
        or text[after.body_start :] != document.text[document.body_start :]
    ):
        return "it would move the front matter's delimiters"
    added = Counter(f.rule for f in after_findings) - Counter(f.rule for f in findings)
    if added:
        return f"it would add a {min(added)} problem"
    targets = _Targets.of(d.data_path for d in chosen if d.data_path is not None)
    changed = _change_outside(document.data, after.data, targets, ())
    if changed is not None:
        where = "/".join(str(step) for step in changed) or "the front matter"
        return f"it would change other data ({where})"
    if _suppressions_moved(document, after, edits, registry):
        return "a suppression comment would cover other lines"
    return after, after_findings


def _suppressions_moved(
    before: Document, after: Document, edits: Sequence[Edit], registry: Registry
) -> bool:
    """Whether a suppression comment would cover other text after the edits than before.

    Removing the line under a ``disable-next-line`` would make it silence the next line, and
    removing an ``enable`` would stretch its range: problems no fix touched would be hidden.
    A suppression whose comment goes with all it covered (a ``disable-line`` at the end of a
    removed item's line) is no loss.
    """
    if not (has_suppressions(before) or has_suppressions(after)):
        return False
    moved = _OffsetMap(edits)
    kept = [
        _coverage(s, moved)
        for s in read_suppressions(before, registry).suppressions
        if not (moved.removed(s.at) and moved(s.start) == moved(s.end))
    ]
    now = [_coverage(s) for s in read_suppressions(after, registry).suppressions]
    return kept != now


def _coverage(suppression: Suppression, moved: Callable[[int], int] = int) -> tuple[object, ...]:
    """What a suppression silences, its offsets moved by ``moved`` (``int``: left as they are)."""
    enabled = sorted((rule, moved(at)) for rule, at in suppression.enabled.items())
    start, end = moved(suppression.start), moved(suppression.end)
    return (suppression.kind, suppression.rule, start, end, enabled)


class _OffsetMap:
    """Where an offset of a text is once non-overlapping edits are applied; an offset inside
    a replaced span goes to the end of what replaced it."""

    def __init__(self, edits: Iterable[Edit]) -> None:
        self._edits = sorted(edits, key=lambda e: (e.start, e.end))
        self._ends = [e.end for e in self._edits]
        self._shifts = [0]  # the shift past the first i edits
        for e in self._edits:
            self._shifts.append(self._shifts[-1] + len(e.content) - (e.end - e.start))

    def __call__(self, offset: int) -> int:
        passed = bisect_right(self._ends, offset)  # the edits ending at or before it
        if passed < len(self._edits) and self._edits[passed].start < offset:
            inside = self._edits[passed]
            return inside.start + self._shifts[passed] + len(inside.content)
        return offset + self._shifts[passed]

    def removed(self, span: tuple[int, int]) -> bool:
        """Whether the text of ``span`` lies inside one replaced span."""
        at = bisect_right(self._ends, span[0])
        return at < len(self._edits) and self._edits[at].start <= span[0] < span[1] <= (
            self._edits[at].end
        )


@dataclass(frozen=True, slots=True)
class _Targets:
    """The data paths a batch of fixes is about, with how many lie under each path, so that
    asking whether any does is one look-up (a long list has a target for each item)."""

    paths: frozenset[DataPath]
    under: Counter[DataPath]
    #: Targets set aside (a renamed key, while its value is compared): at most one a level.
    excluded: tuple[DataPath, ...] = ()

    @classmethod
    def of(cls, paths: Iterable[DataPath]) -> _Targets:
        unique = frozenset(paths)
        return cls(unique, Counter(t[:i] for t in unique for i in range(len(t) + 1)))

    def __contains__(self, path: DataPath) -> bool:
        return path in self.paths and path not in self.excluded

    def any_under(self, path: DataPath) -> bool:
        """Whether a target is ``path`` or lies under it."""
        aside = sum(1 for e in self.excluded if e[: len(path)] == path)
        return self.under[path] > aside

    def without(self, path: DataPath) -> _Targets:
        return _Targets(self.paths, self.under, (*self.excluded, path))


def _change_outside(before: Any, after: Any, targets: _Targets, path: DataPath) -> DataPath | None:
    """The first path where ``after`` differs from ``before`` other than at ``targets``.

    At a target anything may change; a targeted mapping key may be renamed (keeping its
    value), and a targeted list item removed. Returns None when there is no such change.
    """
    if path in targets:
        return None
    if not targets.any_under(path):
        return None if _same(before, after) else path
    if isinstance(before, dict) and isinstance(after, dict):
        return _mapping_change(before, after, targets, path)
    if isinstance(before, list) and isinstance(after, list):
        return _list_change(before, after, targets, path)
    return None if _same(before, after) else path


def _mapping_change(
    before: dict[str, Any], after: dict[str, Any], targets: _Targets, path: DataPath
) -> DataPath | None:
    renamed: list[tuple[str, DataPath]] = []  # targeted keys that are gone
    for key, value in before.items():
        child = (*path, key)
        if key in after:
            change = _change_outside(value, after[key], targets, child)
            if change is not None:
                return change
        elif child in targets:
            renamed.append((key, child))
        else:
            return child
    for key, value in after.items():
        if key not in before:
            # A renamed key keeps its value, but for what other fixes change inside it.
            match = next(
                (
                    i
                    for i, (old, at) in enumerate(renamed)
                    if _change_outside(before[old], value, targets.without(at), at) is None
                ),
                None,
            )
            if match is None:
                return (*path, key)
            del renamed[match]
    return path if renamed else None


def _list_change(
    before: list[Any], after: list[Any], targets: _Targets, path: DataPath
) -> DataPath | None:
    missing = len(before) - len(after)
    if missing == 0:
        pairs = zip(before, after, strict=True)
        changes = (_change_outside(b, a, targets, (*path, i)) for i, (b, a) in enumerate(pairs))
        return next((c for c in changes if c is not None), None)
    if missing < 0 or not _targets_removed(before, after, targets, path):
        return path
    return None


def _targets_removed(
    before: list[Any], after: list[Any], targets: _Targets, path: DataPath
) -> bool:
    """Whether ``after`` is ``before`` less some targeted items, each item kept changed only
    at its targets.

    A targeted item may go or change freely, so only the others need aligning. Walking
    ``before``, the counts of items removed so far that some alignment allows are kept as
    intervals, and an untargeted item is compared only with the items of ``after`` that
    those counts set it against: about linear in the list (enumerating the sets of items
    that could go was exponential in them).
    """
    missing = len(before) - len(after)
    targeted = [(*path, i) in targets for i in range(len(before))]
    still_removable = sum(targeted)  # targeted items after the current one
    if missing > still_removable:
        return False
    removed: list[tuple[int, int]] = [(0, 0)]
    for i, item in enumerate(before):
        if targeted[i]:
            still_removable -= 1
            removed = _merged((low, min(high + 1, missing)) for low, high in removed)
        else:
            step = (*path, i)
            removed = _merged(
                (count, count)
                for low, high in removed
                for count in range(low, high + 1)
                if _change_outside(item, after[i - count], targets, step) is None
            )
        # Counts too low to reach ``missing`` with the targeted items left are dead ends;
        # cutting them also keeps ``i - count`` inside ``after``.
        floor = missing - still_removable
        removed = [(max(low, floor), high) for low, high in removed if high >= floor]
        if not removed:
            return False
    return True


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ascending intervals of integers, those that overlap or touch joined."""
    joined: list[tuple[int, int]] = []
    for low, high in intervals:
        if joined and low <= joined[-1][1] + 1:
            joined[-1] = (joined[-1][0], max(high, joined[-1][1]))
        else:
            joined.append((low, high))
    return joined


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``1``, ``1.0`` and ``true`` differ."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


class NotWritten(Exception):
    """A fixed file that filmlint must not write: changed since it was read, read-only, or
    one of several hard links. The file is left as it is."""


def write_fixed(result: FixResult) -> None:
    """Write a fixed file (read by ``Fixer.fix_file``) in place, keeping its mode, if it still
    holds what was read; a symlink's target is written, and the link stays.

    NotWritten when the file changed since, is read-only (by its mode bits, which bind root
    too, as they do ruff and black) or has other hard links (the new file would split them);
    OSError when it cannot be written.
    """
    name = str(result.path)
    target = Path(name).resolve()
    status = target.stat()
    if not stat.S_ISREG(status.st_mode):  # replaced by a folder meanwhile, say
        raise NotWritten(f"{name} is no longer a regular file; not written")
    if not _writable(status):
        raise NotWritten(f"{name} is read-only; not written")
    if status.st_nlink > 1:
        raise NotWritten(
            f"{name} has {status.st_nlink} hard links, which writing it would split; not written"
        )
    try:
        write_atomically(
            target,
            result.text.encode("utf-8"),
            stat.S_IMODE(status.st_mode),
            unless_changed_from=result.source,
            owner=(status.st_uid, status.st_gid),
        )
    except ChangedMeanwhile:
        raise NotWritten(f"{name} changed while filmlint was fixing it; not written") from None


def _writable(status: os.stat_result) -> bool:
    """Whether the mode bits let this user write the file (``os.access`` says yes to root)."""
    mode = status.st_mode
    if not hasattr(os, "geteuid"):  # Windows: only the read-only attribute
        return bool(mode & stat.S_IWRITE)
    user = os.geteuid()
    if user == 0:
        return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if status.st_uid == user:
        return bool(mode & stat.S_IWUSR)
    if status.st_gid in (os.getegid(), *os.getgroups()):
        return bool(mode & stat.S_IWGRP)
    return bool(mode & stat.S_IWOTH)


def unified_diff(result: FixResult, name: str | None = None) -> bytes:
    """The change as a unified diff that ``patch -p0`` and ``git apply`` apply: the file's own
    bytes as read and as ``write_fixed`` would write them, whatever the console's encoding.
    Lines end at LF only, as diff and patch split them: a CRLF line keeps its CR, and a file
    with CR-only breaks is one line. A last line without an LF is marked as such. ``name``:
    the file's name in the headers (by default its ``patch_name``)."""
    before = result.source if result.source is not None else result.original.encode("utf-8")
    hunks = list(
        difflib.diff_bytes(
            difflib.unified_diff,
            _lf_lines(before),
            _lf_lines(result.text.encode("utf-8")),
            lineterm=b"\n",
        )
    )[2:]  # difflib's headers hold the name as is: written below instead
    if not hunks:
        return b""
    header = diff_name(name or (patch_name(result.path) if result.path else "<text>"))
    out = [b"--- " + header, b"+++ " + header]
    for line in hunks:
        out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


def patch_name(path: str) -> str:
    """The name a diff of file ``path`` gives it: the file's real path (no symlink on the
    way, which ``patch`` refuses to write through and ``git apply`` to write beyond),
    relative to the current folder when it lies under it, else absolute; with ``/`` between
    folders, as diffs write it on every system."""
    real = os.path.realpath(path)
    here = os.path.realpath(os.curdir)
    try:
        if os.path.commonpath([real, here]) == here:
            real = os.path.relpath(real, here)
    except ValueError:  # on another drive (Windows)
        pass
    return Path(real).as_posix()


def _lf_lines(data: bytes) -> list[bytes]:
    """``data``'s lines, each with its LF; a last line without one only if not empty."""
    lines = [line + b"\n" for line in data.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


#: C-style escapes git writes in a quoted name; other bytes to quote are written in octal.
_C_ESCAPES = {
    0x07: b"\\a",
    0x08: b"\\b",
    0x09: b"\\t",
    0x0A: b"\\n",
    0x0B: b"\\v",
    0x0C: b"\\f",
    0x0D: b"\\r",
    0x22: b'\\"',
    0x5C: b"\\\\",
}


def diff_name(name: str) -> bytes:
    """A file's name in a diff header, with its line break, as git writes it and GNU patch
    reads it: in double quotes with C escapes when it holds a control character, a quote, a
    backslash or a byte past ASCII (so no newline in a name forges a line, and no byte of it
    depends on the console), or starts or ends with a space (which patch would strip); and
    ended by a tab when it holds a space, which otherwise ends the name for patch."""
    raw = os.fsencode(name)  # a name that is not UTF-8: its own bytes
    if raw.strip(b" ") != raw or any(byte < 0x20 or byte >= 0x7F or byte in b'"\\' for byte in raw):
        quoted = b"".join(
            _C_ESCAPES.get(byte) or (bytes([byte]) if 0x20 <= byte < 0x7F else b"\\%03o" % byte)
            for byte in raw
        )
        raw = b'"' + quoted + b'"'
    return raw + (b"\t\n" if b" " in raw else b"\n")
