"""What linting produces: one file's result (``FileResult``, picklable, so it can come from
a worker process or the result cache) and a whole run's (``LintRun``)."""

from __future__ import annotations

from dataclasses import dataclass

from filmlint.diagnostics import Diagnostic, Reference


@dataclass(frozen=True)
class FileResult:
    """What the file phase found in one file: its diagnostics, and the references its
    run-level rules gathered (empty for most files and rules)."""

    diagnostics: list[Diagnostic]
    gathered: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class LintRun:
    diagnostics: list[Diagnostic]
    files: int
