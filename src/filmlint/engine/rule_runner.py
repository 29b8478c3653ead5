"""Running a file's rules on its parsed front matter: the rules' ``check``, the schema (only
when a schema rule is active) and the run-level rules' ``gather``. A rule that raises is an
``internal-error`` finding of the file; the other rules still run. Whatever a rule raises is
its failure, ``SystemExit`` and ``GeneratorExit`` too (ending the run would let it pass, with
exit 0), but ``KeyboardInterrupt``: the user stopping the run."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from filmlint.diagnostics import DataPath, Finding, Problem, Reference
from filmlint.engine import placement, rule_output
from filmlint.engine.crashes import crash_finding, rule_failed
from filmlint.engine.settings import RuleSettings
from filmlint.rule_names import SCHEMA_RULES
from filmlint.rulekit.declaration import Rule, RunContext
from filmlint.schema.validation import SchemaChecker

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document


class RuleRunner:
    def __init__(
        self, settings: RuleSettings, schema: Path | None, context: RunContext | None = None
    ) -> None:
        active = settings.active
        self.checks = [(r, settings.options[r.name]) for r in active if r.check]
        #: filmlint's own rules, trusted as plugins are not: tested to place what they find
        #: (a plugin's places are checked: ``placement.check_places``, a walk of the parse
        #: for each problem), and given the parsed data itself, which they never change (a
        #: plugin gets a copy, ``_own_copy``, so that one that changes it cannot make the
        #: rules after it report what the file does not say).
        self.own_rules = frozenset(r.name for r in active if r.origin == "filmlint")
        self.severity = settings.severity
        self.gathers = [(r, settings.options[r.name]) for r in active if r.gather]
        #: What each rule with ``gather_options`` gathers with this run (None: nothing);
        #: part of every file's cache key.
        self.gather_options: dict[str, Mapping[str, Any] | None] = {}
        #: The rules that gather from each file, with the options their gather gets.
        self.gathering: list[tuple[Rule, Mapping[str, Any]]] = []
        for rule, options in self.gathers:
            if rule.gather_options is not None:
                run_options = _gather_options(rule, options, context or RunContext())
                self.gather_options[rule.name] = run_options
                if run_options is None:
                    continue
                options = run_options
            self.gathering.append((rule, options))
        #: The rules whose values each end with their file's front matter, the text before
        #: its body (``Rule.keeps_file_text``; a test holds them to it): the result cache
        #: keeps them without it, cut by its length (``FileResult.body_start``).
        self.keeping_file_text = frozenset(r.name for r, _ in self.gathering if r.keeps_file_text)
        #: A rule judges files by their other language versions (the document says which).
        self.reads_translations = any(rule.reads_translations for rule, _ in self.gathers)
        #: Whether one of them finds a file's versions by a front-matter key (its ``key``
        #: option): then any file of the collection may be one.
        self.translations_by_key = any(
            rule.reads_translations and options.get("key") for rule, options in self.gathers
        )
        needs_schema = not SCHEMA_RULES.isdisjoint(r.name for r in active)
        self.schema = SchemaChecker.load(schema) if needs_schema else None

    def problems(self, document: Document) -> tuple[list[tuple[str, Problem]], list[Finding]]:
        """(rule name, problem) pairs, the schema's too (``placement.yielding`` drops those a
        rule's says better); and the findings of the rules that raised."""
        found: list[tuple[str, Problem]] = []
        crashes: list[Finding] = []
        for rule, options in self.checks:
            try:
                problems = rule_output.problems(self._yielded(rule, "check", document, options))
                if problems and rule.name not in self.own_rules:
                    placement.check_places(document, problems)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # a bug of the rule's (sys.exit too): the file says so
                crashes.append(crash_finding(rule_failed(rule, error)))
                continue
            found.extend((rule.name, p) for p in problems)
        schema_problems = self.schema.check(document.data) if self.schema is not None else []
        return (
            placement.with_schema_problems(found, schema_problems, document),
            crashes,
        )

    def gather(
        self, document: Document, path: str, ignored: frozenset[str]
    ) -> tuple[tuple[Reference, ...], list[Finding]]:
        """The values the run-level rules not ``ignored`` for this file gather, placed; and
        the findings of the rules that raised. A rule that reads translations gathers here
        even if ignored: the file is still a version of its film (its values are not
        ``reported``)."""
        gathered: list[tuple[str, list[tuple[DataPath, str]]]] = []
        crashes: list[Finding] = []
        for rule, options in self.gathering:
            name = rule.name
            if name in ignored and not rule.reads_translations:
                continue
            try:  # all or nothing: a rule that raises midway gathers nothing
                yielded = self._yielded(rule, "gather", document, options)
                if name in self.own_rules:  # tested to gather (data path, text) pairs
                    values = list(yielded)
                else:
                    values = rule_output.pairs(yielded)
                    if values:
                        placement.check_gathered(document, values)
                gathered.append((name, values))
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # a bug of the rule's (sys.exit too): the file says so
                crashes.append(crash_finding(rule_failed(rule, error)))
        return placement.references(document, path, gathered, ignored), crashes

    def _yielded(
        self, rule: Rule, phase: Literal["check", "gather"], document: Document, options: Any
    ) -> Iterable[Any]:
        """What ``rule``'s ``check`` or ``gather`` yields for ``document``. A plugin's gets
        its own copy of the data (``_own_copy``), and yields at most
        ``rule_output.MOST_PER_FILE``: one that yields without end fails, the run goes on."""
        function = rule.check if phase == "check" else rule.gather
        assert function is not None
        if rule.name in self.own_rules:
            return function(document, options)
        what = "problems" if phase == "check" else "values"
        return rule_output.bounded(function(_own_copy(document), options), what)


def _own_copy(document: Document) -> Document:
    """``document`` with a deep copy of its data, for one plugin rule: what it changes stays
    its own. Its ``lists`` are those of the shared data, so they are not given (None: not
    known)."""
    return replace(document, data=copy.deepcopy(document.data), lists=None)


def _gather_options(
    rule: Rule, options: Mapping[str, Any], context: RunContext
) -> Mapping[str, Any] | None:
    """What ``rule`` gathers with this run; its configured options if it cannot say (its
    ``finish`` then judges all it could, as without ``gather_options``)."""
    assert rule.gather_options is not None
    try:
        return rule.gather_options(options, context)
    except KeyboardInterrupt:
        raise
    except BaseException:  # a bug of the rule's (sys.exit too): gathering everything loses nothing
        return options
