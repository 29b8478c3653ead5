"""The run phase: once every file's result is in, the rules that judge across files
(``url-reachable``: each URL once) get every file's gathered references; then all the
diagnostics of the run, sorted. A rule that raises there is an ``internal-error`` on each
file whose references it was given; the other rules still run.

A rule that judges a file by its translation set (``Rule.reads_translations``) is given one
set at a time (``GatheredReferences.batches``): a set's problems do not depend on another's,
and a run over many files then holds one set's values at a time."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from filmlint.diagnostics import Diagnostic, ReferenceProblem, Severity
from filmlint.engine.crashes import run_phase_crash
from filmlint.engine.gathered import GatheredReferences
from filmlint.engine.placement import run_diagnostic
from filmlint.engine.results import FileResult
from filmlint.rule_names import INTERNAL_ERROR
from filmlint.rulekit.declaration import Rule, RuleError, RunContext

#: A rule with a run-level phase, and its options.
Gathering = tuple[Rule, Mapping[str, Any]]


def finish(
    results: Sequence[FileResult],
    gatherings: Sequence[Gathering],
    severity: Mapping[str, Severity],
    context: RunContext,
    *,
    offline: bool = False,
    context_only: frozenset[str] = frozenset(),
    gathered: GatheredReferences | None = None,
) -> list[Diagnostic]:
    """Every file's diagnostics and those of the run-level rules, sorted.

    ``offline=True`` keeps this call off the network whatever ``context`` says.
    ``context_only``: files whose references the rules see but on which nothing is reported.
    ``gathered``: the references of the run, when the file phase kept them apart from
    ``results`` (then those of ``results`` are not looked at).
    """
    diagnostics = [d for result in results for d in result.diagnostics]
    if gatherings:
        if offline:
            context = replace(context, network=False)
        if context_only:
            context = replace(context, context_only=context_only)
        if gathered is None:
            with GatheredReferences(in_memory=sys.maxsize) as held:
                for result in results:
                    held.add(result.gathered)
                diagnostics.extend(_finish_rules(held, gatherings, severity, context))
        else:
            diagnostics.extend(_finish_rules(gathered, gatherings, severity, context))
    if context_only:
        diagnostics = [d for d in diagnostics if d.path not in context_only]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _finish_rules(
    gathered: GatheredReferences,
    gatherings: Sequence[Gathering],
    severity: Mapping[str, Severity],
    context: RunContext,
) -> list[Diagnostic]:
    """The diagnostics of the run-level rules, over the references gathered."""
    diagnostics: list[Diagnostic] = []
    with_references = set(gathered.rules)
    for rule, options in gatherings:
        if rule.name not in with_references:
            continue
        assert rule.finish is not None
        problems: list[ReferenceProblem] = []
        try:
            for batch in gathered.batches(rule.name, by_set=rule.reads_translations):
                problems.extend(rule.finish(batch, options, context))
        except RuleError:
            raise  # a setting the rule cannot work with (a user's file as its cache)
        except Exception as error:  # a bug of the rule's: the files say so, the run goes on
            internal = severity.get(INTERNAL_ERROR, Severity.ERROR)
            files = gathered.files(rule.name)
            diagnostics.extend(run_phase_crash(rule, error, f, internal) for f in files)
            continue
        diagnostics.extend(run_diagnostic(rule, p, severity[rule.name]) for p in problems)
    return diagnostics
