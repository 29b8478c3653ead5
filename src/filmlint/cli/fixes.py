"""``filmlint check --fix``, ``--fix-only`` and ``--diff``: the fixes written (or shown),
what was fixed said, and the problems left reported."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from filmlint.cli.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS
from filmlint.cli.report import crashed, exit_code, write_report
from filmlint.cli.streams import reader_may_leave, say, stdout_for, write_stdout_bytes
from filmlint.engine.project import FixRun, Project
from filmlint.reporters import plural
from filmlint.reporters.display import printable
from filmlint.text.decoding import decode

if TYPE_CHECKING:
    from filmlint.engine.fixer import FixResult


def run_fixes(
    project: Project,
    run: FixRun,
    output_format: str,
    args: argparse.Namespace,
    paths: Sequence[Path] = (),
) -> int:
    """``--fix``, ``--fix-only`` and ``--diff``. Messages about fixes go to stderr, so what is
    on stdout (the report, or the diff) stays as machines read it; ``--quiet`` drops the
    counts. A text from stdin is written back to stdout, fixed or not, and then the report
    goes to stderr. When a file under ``paths`` could not be written, the report is of the
    files as they are then, linted again: its problems are still there."""
    from filmlint.engine.fixer import NotWritten, unified_diff, write_fixed

    results, remaining = run.results, run.diagnostics
    changed = [r for r in results if r.changed]

    def summary(fixed: Sequence[FixResult]) -> str:
        problems = plural(sum(len(r.fixed) for r in fixed), "problem")
        return f"{problems} in {plural(len(fixed), 'file')}"

    for result in results:
        for rejected in result.rejected:
            d = rejected.diagnostic
            say(
                f"{d.path}:{d.line}:{d.column}: {d.code} [{d.rule}] fix not applied: "
                f"{rejected.reason}"
            )
    if args.diff:
        stdout = stdout_for("concise")
        with reader_may_leave(stdout):
            for result in changed:
                # The names in its headers escaped: a newline in one would forge a diff line.
                stdout.write(unified_diff(result, printable(result.path or "<text>")))
        if not args.quiet:
            say(f"Would fix {summary(changed)}" if changed else "No changes")
        if crashed(remaining):
            return EXIT_ERROR
        return EXIT_PROBLEMS if changed and not args.exit_zero else EXIT_CLEAN
    unwritten = False
    texts = None
    if run.stdin:  # the text goes back, fixed or as read (ruff and black do the same)
        (text,) = results
        write_stdout_bytes(text.text.encode("utf-8") if text.changed else text.source or b"")
        written = changed
        # What is left is placed in the fixed text; unchanged, in the bytes as the run decoded
        # them (of bytes that are not UTF-8, what decoded before the fault).
        linted = text.text if text.changed else decode(text.source or b"")[0]
        texts = {text.path or "-": linted}
    else:
        written = []
        for result, first in _once_per_file(changed):
            if first is not None:
                say(f"filmlint: {result.path} is the same file as {first.path}: written once")
                continue
            try:
                write_fixed(result)
                written.append(result)
            except NotWritten as error:
                unwritten = True
                say(f"filmlint: error: {error}")
            except OSError as error:
                unwritten = True
                say(f"filmlint: error: cannot write {result.path}: {error}")
        if unwritten and paths:
            remaining = project.lint(paths).diagnostics
    if args.show_fixes:
        for result in written:
            say(f"Fixed in {result.path}:")
            for d in result.fixed:
                assert d.fix is not None
                say(f"  {d.code} [{d.rule}] {d.fix.message}")
    if not args.fix_only:
        write_report(
            remaining,
            len(results),
            project,
            output_format,
            args,
            to_stderr=run.stdin,
            texts=texts,
            fixed=not unwritten,  # linted again as they are, unwritten files can be fixed
        )
    if written and not args.quiet:
        say(f"Fixed {summary(written)}")
    if crashed(remaining) or unwritten:
        return EXIT_ERROR
    if written and args.exit_non_zero_on_fix and not args.exit_zero:
        return EXIT_PROBLEMS
    return EXIT_CLEAN if args.fix_only else exit_code(remaining, args)


def _once_per_file(results: Sequence[FixResult]) -> list[tuple[FixResult, FixResult | None]]:
    """Each fixed file's result, and the earlier one that names the same file (a symlink and
    its target, two spellings of one path), if any: a file is written once. Told before the
    first write, which gives the file written a new identity."""
    firsts: dict[tuple[int, int], FixResult] = {}
    found: list[tuple[FixResult, FixResult | None]] = []
    for result in results:
        try:
            status = Path(result.path or "").stat()
        except OSError:  # gone: writing it says why
            found.append((result, None))
            continue
        identity = (status.st_dev, status.st_ino)
        found.append((result, firsts.get(identity)))
        firsts.setdefault(identity, result)
    return found
