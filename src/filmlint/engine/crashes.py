"""A rule, or the pipeline, that raises: an ``internal-error`` on the file, never the end of
the run (other files, other rules, worker processes go on; the CLI exits 2 at the end). A
rule's ``SystemExit`` or ``GeneratorExit`` is such a failure too; only ``KeyboardInterrupt``
stops the run."""

from __future__ import annotations

from collections.abc import Sequence

from filmlint.diagnostics import Diagnostic, Finding, Severity
from filmlint.rule_names import INTERNAL_ERROR
from filmlint.rulekit.declaration import Registry, Rule
from filmlint.rules.internal_error import RULES

#: The declaration of ``internal-error``, for a linter built with a registry without it.
INTERNAL_ERROR_RULE = RULES[0]


def with_internal_error(registry: Registry) -> Registry:
    """``registry``, with ``internal-error`` added if it lacks it: a failure is reported
    whatever rules a linter was built with."""
    if registry.get(INTERNAL_ERROR) is not None:
        return registry
    return Registry([*registry, INTERNAL_ERROR_RULE])


def rule_failed(rule: Rule, error: BaseException, where: str = "") -> str:
    return f"rule {rule.name} ({rule.origin}) failed{where}: {_described(error)}"


def crash_finding(message: str) -> Finding:
    """The ``internal-error`` finding of a file, at its start."""
    return Finding(INTERNAL_ERROR, message, 0, 0)


def pipeline_failed(error: BaseException) -> str:
    return f"filmlint failed on this file: {_described(error)}"


def run_phase_crash(rule: Rule, error: BaseException, path: str, severity: Severity) -> Diagnostic:
    """The ``internal-error`` of a file whose gathered values a run-level rule did not judge."""
    code = INTERNAL_ERROR_RULE.code
    message = rule_failed(rule, error, " in the run phase")
    return Diagnostic(path, 1, 1, 1, 1, code, INTERNAL_ERROR, severity, message)


def portable(error: BaseException) -> BaseException:
    """``error`` as another process can be given it: itself when it survives pickling, else
    an error that describes it (an exception whose constructor wants other arguments than
    its ``args`` cannot be rebuilt from them)."""
    import pickle  # only for a rule that failed

    try:
        pickle.loads(pickle.dumps(error))
    except KeyboardInterrupt:
        raise
    except BaseException:  # the rule's code (its exception's), which may exit too
        return RuntimeError(_described(error))
    return error


def has_crash(diagnostics: Sequence[Diagnostic]) -> bool:
    return any(d.rule == INTERNAL_ERROR for d in diagnostics)


def _described(error: BaseException) -> str:
    try:
        text = str(error)
    except KeyboardInterrupt:
        raise
    except BaseException:  # an exception whose text fails too: its type still names it
        text = ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
