"""Suppression comments in the front matter, and the findings they silence.

    title: "Alien"   # filmlint: disable-line unknown-key,FL104
    # filmlint: disable-next-line unknown-key
    # filmlint: disable unknown-key        ...up to...   # filmlint: enable unknown-key
    # filmlint: disable-file

Rules are named by name or code; without rules a directive covers every rule. A
suppression that silences nothing, an unknown rule name and an unknown directive are
reported as ``unused-suppression``, at the comment, so stale suppressions do not pile up.

Comments are found by scanning the lines that contain ``filmlint:`` (a file without that
text costs one substring search): a ``#`` starts a comment when it begins a line or follows
a blank, and is not inside a scalar, which the composed nodes' spans tell exactly, so a
quoted or block text that mentions a directive is never mistaken for one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from filmlint.diagnostics import Finding
from filmlint.rule_names import UNUSED_SUPPRESSION
from filmlint.rulekit.declaration import Registry
from filmlint.text.positions import line_bounds, yaml_line_end

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document

MARKER = "filmlint:"
KINDS = ("disable-line", "disable-next-line", "disable", "enable", "disable-file")
#: A comment's directive, and each rule it names: compiled on first use (re keeps them), as
#: most files have no comment that names filmlint.
_DIRECTIVE = r"#\s*filmlint:\s*(?P<kind>[A-Za-z-]*)(?P<rules>[^#]*)"
_RULE = r"[^\s,]+"
#: What a '#' that starts a comment follows: a blank, or a line break YAML alone sees.
_BEFORE_COMMENT = " \t\x85\u2028\u2029"
_WHERE = {
    "disable-line": "on this line",
    "disable-next-line": "on the next line",
    "disable": "in this range",
    "disable-file": "in this file",
}


@dataclass(slots=True)
class Suppression:
    """One rule (or, when ``rule`` is None, every rule) silenced between two offsets."""

    kind: str
    rule: str | None
    #: Offsets of the text it covers: a finding starting there is silenced.
    start: int
    end: int
    #: Where to report it when unused: the rule's name in the comment, or the comment.
    at: tuple[int, int]
    used: bool = False
    #: For a ``disable`` of every rule: the rules an ``enable`` named since, each with the
    #: offset from which it is no longer covered.
    enabled: dict[str, int] = field(default_factory=dict)

    def covers(self, finding: Finding) -> bool:
        if not self.start <= finding.start < self.end:
            return False
        if self.rule is not None:
            return self.rule == finding.rule
        enabled = self.enabled.get(finding.rule)
        return enabled is None or finding.start < enabled


@dataclass
class Suppressions:
    suppressions: list[Suppression]
    #: Unknown rules, unknown directives and unmatched ``enable`` comments.
    problems: list[Finding]

    def apply(self, findings: list[Finding]) -> list[Finding]:
        """The findings no suppression covers; the suppressions that cover one become used.

        Each rule's findings are matched against the ranges that can cover them, sorted, by
        bisection: testing every suppression for every finding took time in their product.
        """
        by_rule: dict[str, list[Suppression]] = {}
        every: list[Suppression] = []
        for s in self.suppressions:
            (every if s.rule is None else by_rule.setdefault(s.rule, [])).append(s)
        covered: set[int] = set()
        grouped: dict[str, list[int]] = {}
        for index, finding in enumerate(findings):
            grouped.setdefault(finding.rule, []).append(index)
        for rule, indexes in grouped.items():
            ranges = [(s.start, s.end, s) for s in by_rule.get(rule, ())]
            for s in every:
                enabled = s.enabled.get(rule)
                ranges.append((s.start, s.end if enabled is None else min(s.end, enabled), s))
            if not ranges:
                continue
            ranges.sort(key=lambda item: item[0])
            starts = [start for start, _, _ in ranges]
            # reach[i]: the furthest end of ranges[:i + 1], which all start at or before
            # ranges[i]'s start: an offset from there on is covered when it is before it.
            reach = list(itertools.accumulate((end for _, end, _ in ranges), max))
            offsets = sorted(findings[index].start for index in indexes)
            for index in indexes:
                offset = findings[index].start
                last = bisect.bisect_right(starts, offset) - 1
                if last >= 0 and offset < reach[last]:
                    covered.add(index)
            for start, end, s in ranges:
                first = bisect.bisect_left(offsets, start)
                if first < len(offsets) and offsets[first] < end:
                    s.used = True
        return [finding for index, finding in enumerate(findings) if index not in covered]

    def unused(self, judged: Callable[[str], bool]) -> list[Finding]:
        """Findings for suppressions that silenced nothing, and for bad directives.

        A suppression of a rule that did not run on this file (not selected, or ignored
        for it) cannot be judged, and is not reported.
        """
        found = list(self.problems)
        for s in self.suppressions:
            if s.used or (s.rule is not None and not judged(s.rule)):
                continue
            what = f"'{s.rule}'" if s.rule is not None else "every rule"
            message = f"unused suppression of {what}: no such problem {_WHERE[s.kind]}"
            found.append(Finding(UNUSED_SUPPRESSION, message, *s.at))
        return found


def has_suppressions(document: Document) -> bool:
    """Whether the front matter may hold suppression comments (cheap: a substring search)."""
    return (
        document.data is not None
        and document.text.find(MARKER, document.yaml_start, document.yaml_end) != -1
    )


def read_suppressions(document: Document, registry: Registry) -> Suppressions:
    text = document.text
    result = Suppressions([], [])
    open_ranges: dict[str | None, list[Suppression]] = {}
    enabled: dict[str, int] = {}
    for start, end in _comments(document):
        match = re.compile(_DIRECTIVE).match(text, start, end)
        if match is None:
            continue
        kind = match["kind"]
        line_start, line_end = line_bounds(text, start)
        if kind not in KINDS:
            message = f"unknown suppression directive '{kind}' (use one of: {', '.join(KINDS)})"
            result.problems.append(Finding(UNUSED_SUPPRESSION, message, match.start("kind"), end))
            continue
        tokens = list(re.compile(_RULE).finditer(text, match.start("rules"), match.end("rules")))
        rules: list[tuple[str | None, tuple[int, int]]] = []
        for token in tokens:
            known = registry.get(token.group())
            if known is None:
                message = f"unknown rule '{token.group()}' in suppression (see 'filmlint rules')"
                result.problems.append(
                    Finding(UNUSED_SUPPRESSION, message, token.start(), token.end())
                )
            else:
                rules.append((known.name, token.span()))
        if tokens and not rules:
            continue  # only unknown rules: reported above, and they must not mean "every rule"
        if not rules:
            rules = [(None, (start, end))]
        if kind == "enable":
            _close(open_ranges, enabled, rules, line_start, result.problems)
            continue
        if kind == "disable-line":
            covered = (line_start, line_end)
        elif kind == "disable-next-line":
            covered = line_bounds(text, line_end)
        elif kind == "disable-file":
            covered = (0, len(text))
        else:
            covered = (line_start, len(text))
        for name, at in rules:
            suppression = Suppression(kind, name, *covered, at)
            result.suppressions.append(suppression)
            if kind == "disable":
                open_ranges.setdefault(name, []).append(suppression)
    return result


def _close(
    open_ranges: dict[str | None, list[Suppression]],
    enabled: dict[str, int],
    rules: list[tuple[str | None, tuple[int, int]]],
    at_line: int,
    problems: list[Finding],
) -> None:
    """End the open ``disable`` ranges of the rules named (every range for a bare ``enable``);
    a rule named that only a ``disable`` of every rule covers is taken out of it from here.

    ``open_ranges`` holds the open ranges by rule (None: of every rule), so that naming a
    rule costs only its own ranges, not a scan of them all. ``enabled`` holds how many of the
    open ranges of every rule no longer cover each rule: the first ones, as an ``enable``
    takes a rule out of all those open then, and later ones open after it."""
    marked: set[str] = set()  # a rule named twice marks the ranges of every rule alike
    for rule, at in rules:
        if rule is None:
            closing = [s for ranges in open_ranges.values() for s in ranges]
            open_ranges.clear()
            enabled.clear()
        else:
            closing = open_ranges.pop(rule, [])
            every = open_ranges.get(None, [])
            # Once enabled, a rule stays so: an ``enable`` of it again finds nothing to end.
            done = enabled.get(rule, 0)
            if not closing and (done < len(every) or rule in marked):
                marked.add(rule)
                for suppression in every[done:]:
                    suppression.enabled[rule] = at_line
                enabled[rule] = len(every)
                continue
        if not closing:
            what = f"'{rule}'" if rule is not None else "any rule"
            problems.append(
                Finding(UNUSED_SUPPRESSION, f"'enable' of {what} has no 'disable' before it", *at)
            )
        for suppression in closing:
            suppression.end = at_line


def _comments(document: Document) -> Iterator[tuple[int, int]]:
    """Spans of the comments (from '#', trailing blanks dropped) on lines with the marker."""
    text, low, high = document.text, document.yaml_start, document.yaml_end
    scalars = document.source_map.scalar_spans()
    starts = [start for start, _ in scalars]

    def in_scalar(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and offset < scalars[index][1]

    found = text.find(MARKER, low, high)
    while found != -1:
        line_start, line_end = line_bounds(text, found)
        hash_at = text.find("#", line_start, found)
        while hash_at != -1:
            blank_before = hash_at == line_start or text[hash_at - 1] in _BEFORE_COMMENT
            if blank_before and not in_scalar(hash_at):
                # YAML ends a comment at NEL, U+2028 and U+2029 too, which do not end a line
                # here: what follows one is not the comment's.
                comment_end = min(yaml_line_end(text, hash_at), line_end)
                if found < comment_end:
                    yield hash_at, len(text[hash_at:comment_end].rstrip()) + hash_at
                    break
                hash_at = text.find("#", comment_end, found)
            else:
                hash_at = text.find("#", hash_at + 1, found)
        found = text.find(MARKER, line_end, high)
