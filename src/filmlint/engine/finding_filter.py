"""Which of a file's findings it reports: those of active rules that per-file-ignores do not
turn off for it and no suppression comment covers (plus the unused suppression comments),
less the schema's that a rule's left says better; they become the file's result. An
``internal-error`` (a failure) is always reported."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from filmlint.diagnostics import Finding, Reference
from filmlint.engine import placement
from filmlint.engine.paths import PathPolicy
from filmlint.engine.results import FileResult
from filmlint.engine.settings import RuleSettings
from filmlint.engine.suppressions import has_suppressions, read_suppressions
from filmlint.rule_names import INTERNAL_ERROR, UNUSED_SUPPRESSION
from filmlint.rulekit.declaration import Registry

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document


class FindingFilter:
    def __init__(self, registry: Registry, settings: RuleSettings, paths: PathPolicy) -> None:
        self._registry = registry
        self._severity = settings.severity
        self._paths = paths
        # internal-error is reported whether active or not (see ``result``), so not counted.
        self.active = frozenset(r.name for r in settings.active if r.name != INTERNAL_ERROR)

    def result(
        self,
        findings: list[Finding],
        path: str,
        text: str,
        document: Document | None = None,
        gathered: tuple[Reference, ...] = (),
    ) -> FileResult:
        """The findings the file reports, placed, the gathered references left, and the
        findings of active rules that per-file-ignores or a suppression comment silence."""
        ignored = self._paths.ignored_for(path)
        active = self.active
        kept = [f for f in findings if f.rule in active and f.rule not in ignored]
        silenced = (
            [f for f in findings if f.rule in ignored and f.rule in active] if ignored else []
        )
        if document is not None and has_suppressions(document):
            kept, gathered, covered = self._suppress(document, kept, ignored, gathered)
            silenced += covered
        kept = placement.yielding(kept, self._severity)  # among the findings left
        kept.extend(f for f in findings if f.rule == INTERNAL_ERROR)
        placed = placement.diagnostics(kept, path, text, document, self._registry, self._severity)
        body_start = 0 if document is None else document.body_start
        if not silenced:  # most files
            return FileResult(placed, gathered, body_start=body_start)
        hidden = placement.diagnostics(
            silenced, path, text, document, self._registry, self._severity
        )
        return FileResult(placed, gathered, tuple(hidden), body_start=body_start)

    def _suppress(
        self,
        document: Document,
        findings: list[Finding],
        ignored: frozenset[str],
        gathered: tuple[Reference, ...],
    ) -> tuple[list[Finding], tuple[Reference, ...], list[Finding]]:
        """Drop the findings and references that suppression comments cover; report the
        unused comments. Returns the findings left (with those reports), the references
        left, and the findings covered.

        A suppression that covers a gathered value (a URL, a base's field) keeps it out of
        the run phase, so it is used whatever that phase would have found: the file phase
        cannot wait for it. A value about the file as a whole (gathered at ``()``) of a rule
        that reads translations is kept, not ``reported``: the file is still a version of
        its film.
        """
        suppressions = read_suppressions(document, self._registry)
        kept = suppressions.apply(findings)
        left_findings = {id(finding) for finding in kept}
        covered = [finding for finding in findings if id(finding) not in left_findings]
        if gathered:
            marks = [Finding(r.rule, r.value, r.start, r.end) for r in gathered]
            left = {id(mark) for mark in suppressions.apply(marks)}
            still: list[Reference] = []
            for reference, mark in zip(gathered, marks, strict=True):
                if id(mark) in left:
                    still.append(reference)
                elif not reference.data_path and self._registry[reference.rule].reads_translations:
                    still.append(replace(reference, reported=False))
            gathered = tuple(still)
        active = self.active
        if UNUSED_SUPPRESSION in active and UNUSED_SUPPRESSION not in ignored:
            kept.extend(suppressions.unused(lambda r: r in active and r not in ignored))
        return kept, gathered, covered
