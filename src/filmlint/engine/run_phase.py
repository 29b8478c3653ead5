"""The run phase: once every file's result is in, the rules that judge across files
(``url-reachable``: each URL once) get every file's gathered references; then all the
diagnostics of the run, sorted. A rule that raises there is an ``internal-error`` on each
file whose references it was given; the other rules still run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.crashes import run_phase_crash
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
) -> list[Diagnostic]:
    """Every file's diagnostics and those of the run-level rules, sorted.

    ``offline=True`` keeps this call off the network whatever ``context`` says.
    ``context_only``: files whose references the rules see but on which nothing is reported.
    """
    diagnostics = [d for result in results for d in result.diagnostics]
    if gatherings:
        if offline:
            context = replace(context, network=False)
        if context_only:
            context = replace(context, context_only=context_only)
        for rule, options in gatherings:
            references = [r for result in results for r in result.gathered if r.rule == rule.name]
            if not references:
                continue
            assert rule.finish is not None
            try:
                problems = list(rule.finish(references, options, context))
            except RuleError:
                raise  # a setting the rule cannot work with (a user's file as its cache)
            except Exception as error:  # a bug of the rule's: the files say so, the run goes on
                internal = severity.get(INTERNAL_ERROR, Severity.ERROR)
                files = dict.fromkeys(r.file for r in references)
                diagnostics.extend(run_phase_crash(rule, error, f, internal) for f in files)
                continue
            diagnostics.extend(run_diagnostic(rule, p, severity[rule.name]) for p in problems)
    if context_only:
        diagnostics = [d for d in diagnostics if d.path not in context_only]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics
