"""Where problems go: a rule's problem (a data path) placed as a finding (offsets in the
text), a finding as a diagnostic (lines and columns, with its rule's code and severity), and
which of a rule's and the schema's problems on one value is reported."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from filmlint.diagnostics import (
    DataPath,
    Diagnostic,
    Finding,
    Fix,
    Position,
    Problem,
    Reference,
    ReferenceProblem,
    Severity,
    pointer_of,
)
from filmlint.rule_names import SCHEMA, SCHEMA_RULES
from filmlint.rulekit.declaration import Registry, Rule
from filmlint.text.decoding import BOM
from filmlint.text.positions import LineIndex

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document
    from filmlint.frontmatter.places import Place


def with_schema_problems(
    found: list[tuple[str, Problem]], schema_problems: list[Problem], document: Document
) -> list[tuple[str, Problem]]:
    """The rules' (rule name, problem) pairs and the schema's. Which schema problems yield
    to a rule's is decided once the file's ignores and suppressions have dropped what they
    turn off (``yielding``): a rule turned off claims nothing."""
    if not schema_problems:
        return found
    from filmlint.schema.fixes import with_fixes  # only for data with schema errors

    found.extend(
        (problem.rule or SCHEMA, problem) for problem in with_fixes(schema_problems, document)
    )
    return found


def yielding(kept: list[Finding], severity: Mapping[str, Severity]) -> list[Finding]:
    """``kept`` without the schema problems that yield to a rule's on the same value (the
    rule's message is the more specific), or to ``items_rule``'s on an item of the same list;
    unless the rule's is a warning and the schema's an error: a warning says something else
    of a value than that it is invalid (a date long after the year), and yielding would let
    an invalid file pass. Only the findings reported claim a value: a rule turned off for the
    file, or a line, hides no other rule's problem."""
    if not any(f.rule in SCHEMA_RULES and f.value_path is not None for f in kept):
        return kept  # most files: no schema problem that could yield
    error = Severity.ERROR
    claimed: dict[DataPath, bool] = {}  # a value's path: whether a rule's error is on it
    items: dict[tuple[DataPath, str], bool] = {}  # (a list's path, rule): the same, on an item
    for finding in kept:
        if finding.rule in SCHEMA_RULES:
            continue
        is_error = (finding.severity or severity[finding.rule]) is error
        if finding.value_path is not None:
            claimed[finding.value_path] = claimed.get(finding.value_path, False) or is_error
        if finding.data_path:  # the value or the item: a list's item either way
            key = (finding.data_path[:-1], finding.rule)
            items[key] = items.get(key, False) or is_error

    def reported(finding: Finding) -> bool:
        path = finding.value_path
        if finding.rule not in SCHEMA_RULES or path is None:
            return True
        on_value = claimed.get(path)
        if finding.items_rule is not None:
            on_value = items.get((path, finding.items_rule), on_value)
        return on_value is None or (
            not on_value and (finding.severity or severity[finding.rule]) is error
        )

    return [finding for finding in kept if reported(finding)]


def findings(document: Document, problems: list[tuple[str, Problem]]) -> Iterable[Finding]:
    """Each problem at the offsets of the text its data path names."""
    source_map = document.source_map
    for rule, problem in problems:
        if problem.target == "body":  # offsets into the body, which has no data path
            body = problem.part or (0, 0)
            start, end = document.body_start + body[0], document.body_start + body[1]
        else:
            start, end = source_map.span(problem.path, problem.target, problem.part)
        yield Finding(
            rule,
            problem.message,
            start,
            end,
            problem.severity,
            problem.fix,
            problem.path,
            problem.path if problem.target == "value" else None,
            # A schema messages' ListProblem (that module loads only for data with errors).
            getattr(problem, "items_rule", None),
        )


def check_places(document: Document, problems: list[Problem]) -> None:
    """Raise ValueError for a problem whose data path names no value, whose ``part`` is not
    within its string (or the body), or whose fix edits text outside the file: placed as
    they are, they would be moved to an enclosing value, end before they start, start in a
    key, or lie past the file's end. Called inside the rule's guard: the rule's bug,
    reported on the file as such."""
    for problem in problems:
        if problem.target != "body":  # the body's offsets have no data path
            _check_data_path(document, problem.path, "a problem's")
        part = problem.part
        if part is not None and problem.target in ("value", "body"):  # a key's: not used
            if problem.target == "body":
                length = len(document.text) - document.body_start
                within = "the body"
            else:
                found = document.source_map.part_length(problem.path)
                if found is None:  # no scalar there: the part is not used
                    continue
                length, within = found, f"the value at {problem.pointer!r}"
            if not 0 <= part[0] <= part[1] <= length:
                raise ValueError(
                    f"a problem's part {part!r} is not within the {length} code points of {within}"
                )
        if problem.fix is not None:
            size = len(document.text)
            for edit in problem.fix.edits:
                if not 0 <= edit.start <= edit.end <= size:
                    raise ValueError(
                        f"a fix's edit {edit.start}:{edit.end} is not within the {size} code "
                        "points of the file"
                    )


def check_gathered(document: Document, values: list[tuple[DataPath, str]]) -> None:
    """Raise ValueError for a value gathered at a data path that names no value: it would be
    placed on an enclosing one. As ``check_places``, for a plugin's ``gather``."""
    for data_path, _ in values:
        _check_data_path(document, data_path, "a value's")


def _check_data_path(document: Document, data_path: DataPath, whose: str) -> None:
    """``()`` is the front matter as a whole; any other path must lead to a value (a
    negative index does not: it is Python's, not the data's)."""
    if data_path and document.source_map.node(data_path) is None:
        raise ValueError(f"{whose} data path {pointer_of(data_path)!r} names no value")


def check_run_places(problems: list[ReferenceProblem], files: Container[str]) -> None:
    """Raise ValueError for a run-level problem the run cannot place where the rule means:
    on a reference whose lines or columns are below 1 or that ends before it starts, in a
    file the rule was given no reference in, or with a fix that edits outside the value its
    reference spans (the run phase has no file text: ``_position_in`` places an edit by the
    value, and would clamp one outside it). As ``check_places``, for a plugin's ``finish``."""
    for problem in problems:
        reference = problem.reference
        _check_reference(reference, files)
        if problem.fix is None:
            continue
        for edit in problem.fix.edits:
            if not reference.start <= edit.start <= edit.end <= reference.end:
                raise ValueError(
                    f"a fix's edit {edit.start}:{edit.end} is not within the value it is about "
                    f"({reference.start}:{reference.end} in {reference.file!r})"
                )


def _check_reference(reference: Reference, files: Container[str]) -> None:
    start, end = (reference.line, reference.column), (reference.end_line, reference.end_column)
    if min(*start, *end) < 1 or end < start or not 0 <= reference.start <= reference.end:
        raise ValueError(
            f"a problem's reference is at line {start[0]}, column {start[1]} to line {end[0]}, "
            f"column {end[1]} (offsets {reference.start}:{reference.end})"
        )
    if reference.file not in files:
        raise ValueError(
            f"a problem's reference is in {reference.file!r}, a file the rule was given no "
            "reference in"
        )


def references(
    document: Document,
    path: str,
    gathered: Iterable[tuple[str, Iterable[tuple[DataPath, str]]]],
    off: Container[str] = frozenset(),
) -> tuple[Reference, ...]:
    """Each rule's gathered values (rule, its (data path, value) pairs), placed in their
    file: a data path once, however many rules gathered a value there. A value gathered at
    ``()``, the front matter as a whole (as the translation rules gather theirs), is placed
    at its opening ``---``. The values of the rules the file turns ``off`` are not
    ``reported``."""
    placed: dict[DataPath, Place] = {}
    found = []
    for rule, values in gathered:
        reported = rule not in off
        for data_path, value in values:
            place = placed.get(data_path)
            if place is None:
                place = placed[data_path] = (
                    document.source_map.place(data_path) if data_path else _opening(document)
                )
            found.append(Reference(rule, value, path, *place, data_path, reported))
    return tuple(found)


def _opening(document: Document) -> Place:
    """The place of the front matter's opening ``---``: the file's first line, after a BOM
    (which takes no column)."""
    return _OPENING_AFTER_BOM if document.text.startswith(BOM) else _OPENING


_OPENING: Place = (0, 3, 1, 1, 1, 4, None)
_OPENING_AFTER_BOM: Place = (1, 4, 1, 1, 1, 4, None)


def diagnostics(
    kept: list[Finding],
    path: str,
    text: str,
    document: Document | None,
    registry: Registry,
    severity: Mapping[str, Severity],
) -> list[Diagnostic]:
    """The findings of one file as diagnostics, sorted by place."""
    if not kept:
        return []
    position = document.source_map.position if document is not None else LineIndex(text).position
    placed = []
    told: set[tuple[str, int, int, str]] = set()
    for finding in kept:
        said = (finding.rule, finding.start, finding.end, finding.message)
        if said in told:  # one value reached by two paths (an alias, a merge key): told once
            continue
        told.add(said)
        line, column = position(finding.start)
        end_line, end_column = position(finding.end)
        rule = registry[finding.rule]
        placed.append(
            Diagnostic(
                path=path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                code=rule.code,
                rule=rule.name,
                severity=finding.severity or severity[rule.name],
                message=finding.message,
                fix=finding.fix and placed_fix(finding.fix, position),
                data_path=finding.data_path,
            )
        )
    placed.sort(key=Diagnostic.sort_key)
    return placed


def run_diagnostic(rule: Rule, problem: ReferenceProblem, severity: Severity) -> Diagnostic:
    """A run-level rule's problem, at the reference it is about."""
    reference = problem.reference
    return Diagnostic(
        path=reference.file,
        line=reference.line,
        column=reference.column,
        end_line=reference.end_line,
        end_column=reference.end_column,
        code=rule.code,
        rule=rule.name,
        severity=problem.severity or severity,
        message=problem.message,
        fix=problem.fix and placed_fix(problem.fix, _position_in(reference)),
        data_path=reference.data_path,
        related=problem.related,
    )


def placed_fix(fix: Fix, position: Callable[[int], Position]) -> Fix:
    """``fix`` with the line and column of each edit's ends."""
    edits = tuple(
        replace(e, start_position=position(e.start), end_position=position(e.end))
        for e in fix.edits
    )
    return replace(fix, edits=edits)


def _position_in(reference: Reference) -> Callable[[int], Position]:
    """Line and column of an offset inside a gathered value, without the file's text.

    A value an edit can replace verbatim is on one line (a string spelt over several lines is
    folded, so not verbatim); offsets elsewhere are clamped to the value's ends.
    """

    def position(offset: int) -> Position:
        if offset <= reference.start:
            return reference.line, reference.column
        if offset >= reference.end or reference.line != reference.end_line:
            return reference.end_line, reference.end_column
        return reference.line, reference.column + offset - reference.start

    return position
