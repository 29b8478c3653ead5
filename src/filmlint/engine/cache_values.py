"""A result as the result cache stores it: ``marshal`` data of plain lists, strings and
numbers, and only those, decoded only in the shape filmlint writes.

A file's value (``encoded``, ``decoded``) is its diagnostics, each a list of its fields, its
gathered values by rule name, each a list of its fields but the rule and the file, both
known when the row is read, and the diagnostics it silenced; a gathered value whose tail is
the start of its file's text (``Cuts``) is kept as its head, the tail's length and the
digest of the file's bytes (``filmlint.rulekit.kept_text``). A group's run entry keeps its
diagnostics with their paths and related locations (``encoded_run``, ``decoded_run``).
"""

from __future__ import annotations

import marshal
from typing import Any

from filmlint.diagnostics import Diagnostic, Edit, Fix, Reference, RelatedLocation, Severity
from filmlint.engine.results import FileResult
from filmlint.rulekit import kept_text

#: For each gathered value of a result, in order, where its tail that is its file's front
#: matter begins (``cache._cuts``), or None; None when no value has such a tail.
Cuts = list["int | None"] | None
#: The value of a file with nothing to report and nothing gathered: most files.
EMPTY = marshal.dumps([[], {}, []])
#: What a value that is not of the shape filmlint writes raises as it is decoded.
_MALFORMED = (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError)


def encoded_run(diagnostics: list[Diagnostic]) -> bytes | None:
    """A group's diagnostics after the run phase as stored, each with its path and related
    locations; None when they hold what ``marshal`` cannot keep (``stored``)."""
    return stored(
        [[d.path, _encode(d), [_encode_related(r) for r in d.related]] for d in diagnostics]
    )


def decoded_run(value: bytes) -> list[Diagnostic] | None:
    """The diagnostics ``encoded_run`` stored; None when the value is not of that shape."""
    try:
        return [
            _diagnostic(path, item, tuple(RelatedLocation(*r) for r in related))
            for path, item, related in marshal.loads(value)
        ]
    except _MALFORMED:
        return None


def decoded_paths(value: bytes) -> list[str] | None:
    """A list of paths as ``stored`` keeps it; None when the value is not one."""
    try:
        paths = marshal.loads(value)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return None
    return paths


def encoded(result: FileResult, cuts: Cuts = None, file_digest: str = "") -> bytes | None:
    """A result as stored, each value cut where ``cuts`` says, its tail kept as its length
    and ``file_digest``; None when it holds what ``marshal`` cannot keep (``stored``)."""
    if not result.diagnostics and not result.gathered and not result.silenced:
        return EMPTY
    diagnostics = [_encode(d) for d in result.diagnostics]
    gathered: dict[str, list[Any]] = {}
    for index, reference in enumerate(result.gathered):
        value = reference.value
        cut = None if cuts is None else cuts[index]
        if cut is None:
            item = _encode_reference(reference, value)
        else:  # its tail is the file's first characters: kept as their count and its digest
            item = [*_encode_reference(reference, value[:cut]), len(value) - cut, file_digest]
        gathered.setdefault(reference.rule, []).append(item)
    return stored([diagnostics, gathered, [_encode(d) for d in result.silenced]])


def stored(data: list[Any]) -> bytes | None:
    """``data`` as stored. ``marshal`` keeps strings as they are (lone surrogates too: a path
    that is not UTF-8) and is several times faster than JSON both ways. It believes the
    lengths it reads, so a value is decoded only once its seal holds: only what this user's
    filmlint wrote, in this layout, is ever decoded. A plugin's string of a subclass of
    ``str`` is not kept: the result is then not cached."""
    try:
        return marshal.dumps(data)
    except ValueError:
        return None


def decoded(value: bytes, path: str, file: kept_text.FileBytes | None = None) -> FileResult | None:
    """The result a value holds, for the file named ``path``; None when it is not of the
    shape filmlint writes (under a valid seal: written by another version, say). The fields
    are not type-checked one by one: that would cost a cached run more than all else it does.
    A gathered value kept without its file's text gets it back from ``file``, the file's
    bytes (None when they are not what they were); without them, a note that stands for it."""
    if value == EMPTY:
        return FileResult([])
    try:
        diagnostics, gathered, silenced = marshal.loads(value)
        references: list[Reference] = []
        for rule, items in gathered.items():
            for text, *fields in items:
                if type(text) is not str:
                    return None
                if len(fields) == _KEPT_FIELDS:  # kept without its file's text
                    tail_size, tail_digest = fields[-2:]
                    del fields[-2:]
                    text = kept_text.restored(text, tail_size, tail_digest, file)
                    if text is None:  # the bytes read are not those the text was kept from
                        return None
                fields.insert(0, text)
                references.append(_reference(rule, path, fields))
        return FileResult(
            [_diagnostic(path, item) for item in diagnostics],
            tuple(references),
            tuple(_diagnostic(path, item) for item in silenced),
        )
    except _MALFORMED:
        return None


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
        d.data_path,
    ]


def _encode_edit(e: Edit) -> list[Any]:
    return [e.start, e.end, e.content, e.start_position, e.end_position]


#: How many fields follow the value of a reference kept without its file's text: those of
#: ``_encode_reference``, then the text's size in characters and the digest of the file's
#: bytes.
_KEPT_FIELDS = 11


def _encode_reference(r: Reference, value: str) -> list[Any]:
    """A reference's fields as stored, ``value`` for its value (its head, when its tail is
    kept as a count and a digest)."""
    return [
        value, r.start, r.end, r.line, r.column, r.end_line, r.end_column, r.content, r.data_path,
        r.reported,
    ]  # fmt: skip


def _reference(rule: str, file: str, item: list[Any]) -> Reference:
    value, start, end, line, column, end_line, end_column, content, data_path, reported = item
    return Reference(
        rule, value, file, start, end, line, column, end_line, end_column,
        _pair(content), tuple(data_path), reported,
    )  # fmt: skip


def _encode_related(r: RelatedLocation) -> list[Any]:
    return [r.path, r.line, r.column, r.message]


def _diagnostic(
    path: str, item: list[Any], related: tuple[RelatedLocation, ...] = ()
) -> Diagnostic:
    line, column, end_line, end_column, code, rule, severity, message, fix, data_path = item
    return Diagnostic(
        path, line, column, end_line, end_column, code, rule, Severity(severity), message,
        None if fix is None else _fix(fix),
        None if data_path is None else tuple(data_path),
        related,
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
