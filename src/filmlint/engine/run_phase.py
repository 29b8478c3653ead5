"""The run phase: once every file's result is in, the rules that judge across files
(``url-reachable``: each URL once) get every file's gathered references; then all the
diagnostics of the run, sorted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.placement import run_diagnostic
from filmlint.engine.results import FileResult
from filmlint.rulekit.declaration import Rule, RuleError, RunContext

#: A rule with a run-level phase, and its options.
Gathering = tuple[Rule, Mapping[str, Any]]


class RuleCrash(Exception):
    """A rule raised instead of yielding problems: a bug in that rule."""

    def __init__(self, rule: Rule, path: str, error: Exception) -> None:
        super().__init__(
            f"rule {rule.name} ({rule.origin}) failed on {path}: {type(error).__name__}: {error}"
        )
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process, it is pickled back to the parent with its message.
        return (_rebuilt_crash, (str(self), self.rule))


def _rebuilt_crash(message: str, rule: Rule) -> RuleCrash:
    crash = RuleCrash.__new__(RuleCrash)
    Exception.__init__(crash, message)
    crash.rule = rule
    return crash


def finish(
    results: Sequence[FileResult],
    gatherings: Sequence[Gathering],
    severity: Mapping[str, Severity],
    context: RunContext,
    *,
    offline: bool = False,
) -> list[Diagnostic]:
    """Every file's diagnostics and those of the run-level rules, sorted.

    ``offline=True`` keeps this call off the network whatever ``context`` says.
    """
    diagnostics = [d for result in results for d in result.diagnostics]
    if gatherings:
        if offline:
            context = replace(context, network=False)
        for rule, options in gatherings:
            references = [r for result in results for r in result.gathered if r.rule == rule.name]
            if not references:
                continue
            assert rule.finish is not None
            try:
                problems = list(rule.finish(references, options, context))
            except RuleError:
                raise  # a setting the rule cannot work with (a user's file as its cache)
            except Exception as error:
                raise RuleCrash(rule, "the run", error) from error
            diagnostics.extend(run_diagnostic(rule, p, severity[rule.name]) for p in problems)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics
