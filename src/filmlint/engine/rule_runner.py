"""Running a file's rules on its parsed front matter: the rules' ``check``, the schema (only
when a schema rule is active) and the run-level rules' ``gather``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from filmlint.diagnostics import Problem, Reference
from filmlint.engine import placement
from filmlint.engine.run_phase import RuleCrash
from filmlint.engine.settings import RuleSettings
from filmlint.rule_names import SCHEMA_RULES
from filmlint.schema.validation import SchemaChecker

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document


class RuleRunner:
    def __init__(self, settings: RuleSettings, schema: Path | None) -> None:
        active = settings.active
        self.checks = [(r, settings.options[r.name]) for r in active if r.check]
        self.gathers = [(r, settings.options[r.name]) for r in active if r.gather]
        needs_schema = not SCHEMA_RULES.isdisjoint(r.name for r in active)
        self.schema = SchemaChecker.load(schema) if needs_schema else None

    def problems(self, document: Document) -> list[tuple[str, Problem]]:
        """(rule name, problem) pairs; a schema problem yields to a rule's on the same value."""
        found: list[tuple[str, Problem]] = []
        for rule, options in self.checks:
            try:
                found.extend((rule.name, p) for p in rule.check(document, options))  # type: ignore[misc]
            except Exception as error:
                raise RuleCrash(rule, document.path or "<text>", error) from error
        schema_problems = self.schema.check(document.data) if self.schema is not None else []
        return placement.with_schema_problems(found, schema_problems, document)

    def gather(
        self, document: Document, path: str, ignored: frozenset[str]
    ) -> tuple[Reference, ...]:
        """The values the run-level rules not ``ignored`` for this file gather, placed."""
        references: list[Reference] = []
        for rule, options in self.gathers:
            if rule.name in ignored:
                continue
            assert rule.gather is not None
            try:
                found = list(rule.gather(document, options))
            except Exception as error:
                raise RuleCrash(rule, path, error) from error
            references.extend(
                placement.reference(document, rule.name, path, data_path, value)
                for data_path, value in found
            )
        return tuple(references)
