"""The report of ``filmlint check``: where it is written, in which format, and the exit code
its problems give."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial
from typing import TextIO

from filmlint.cli.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS, UsageError
from filmlint.cli.streams import reader_may_leave, say, stdout_for
from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.crashes import has_crash
from filmlint.engine.project import FileSettings, Project
from filmlint.engine.settings import MAX_FILE_SIZE
from filmlint.reporters import (
    HUMAN_FORMATS,
    Report,
    RuleInfo,
    get_reporter,
    linted_sources,
    summary_line,
)
from filmlint.reporters.colour import wants_colour


def write_report(
    diagnostics: Sequence[Diagnostic],
    files: int,
    project: Project,
    output_format: str,
    args: argparse.Namespace,
    *,
    to_stderr: bool = False,
    texts: dict[str, str] | None = None,
    fixed: bool = False,
) -> None:
    """``texts``: by name, the texts linted that are not read from their file (stdin), which
    their problems are placed in (a file of that name may hold something else). ``fixed``:
    the diagnostics are those left after every fix allowed was applied or refused."""
    # Only SARIF describes the rules; their URLs come from package metadata, slow to read.
    rules: dict[str, RuleInfo] = {}
    if output_format == "sarif":
        from filmlint.reporters.rule_pages import rule_infos  # SARIF only

        for linter in project.linters():
            rules = {**rule_infos(linter.settings), **rules}
    configured = any(linter.config.path is not None for linter in project.linters())
    # Standard output is asked for only when the report goes there: it may be closed.
    stream = None
    if args.output_file is None:
        stream = _report_stream(to_stderr, output_format)
    # A report written into a file is coloured only when asked to (--color always), whatever
    # FORCE_COLOR says of the terminal.
    colour = args.color == "always" if stream is None else wants_colour(stream, args.color)
    report = Report(
        diagnostics,
        files,
        rules=rules,
        unsafe_fixes=args.unsafe_fixes,
        configured=configured,
        colour=colour,
        source=linted_sources(texts or {}, partial(_max_file_size, project)),
        fixed=fixed,
    )
    if stream is not None:
        with reader_may_leave(stream):
            _write(report, output_format, args, stream)
        return
    try:
        with args.output_file.open("w", encoding="utf-8", newline="\n") as output:
            _write(report, output_format, args, output)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write the report to {args.output_file}: {reason}") from None


def _report_stream(to_stderr: bool, output_format: str) -> TextIO:
    """The standard stream a report is written to (stderr when stdout holds a fixed text)."""
    if not to_stderr:
        return stdout_for(output_format)
    if sys.stderr is None:
        raise UsageError("cannot write the report: stderr is closed")
    return sys.stderr


def _max_file_size(project: Project, path: str) -> int:
    """The max-file-size ``path`` was linted with: the report reads no more of a file than
    the linter did."""
    settings = project.settings_for(path)
    return settings.config.max_file_size if isinstance(settings, FileSettings) else MAX_FILE_SIZE


def exit_code(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> int:
    if crashed(diagnostics):
        return EXIT_ERROR
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    failed = any(d.severity in failing for d in diagnostics)
    return EXIT_PROBLEMS if failed and not args.exit_zero else EXIT_CLEAN


def crashed(diagnostics: Sequence[Diagnostic]) -> bool:
    """Whether a rule or filmlint failed (an internal-error on its file; the other files were
    linted), which every way of running exits 2 for, whatever else it was asked."""
    if has_crash(diagnostics):
        say("filmlint: error: a rule or filmlint itself failed (internal-error)")
        return True
    return False


def _write(report: Report, output_format: str, args: argparse.Namespace, stream: TextIO) -> None:
    if args.statistics:
        from filmlint.reporters import statistics

        (statistics.write_json if output_format == "json" else statistics.write)(report, stream)
    else:
        get_reporter(output_format)(report, stream)
    if output_format in HUMAN_FORMATS and not args.quiet:
        stream.write(summary_line(report) + "\n")
