"""``filmlint check --fix``, ``--fix-only`` and ``--diff``: the fixes written (or shown),
what was fixed said, and the problems left reported."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from filmlint.cli.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS
from filmlint.cli.report import crashed, exit_code, write_report
from filmlint.cli.streams import say, write_stdout_bytes
from filmlint.engine.project import FixRun, Project
from filmlint.reporters import plural
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
    # Each file is fixed once, by its own name (see _once_per_file), changed or not; another
    # name of it linted under other settings (and so fixed otherwise) is not written instead.
    once = [(result, result) for result in results] if run.stdin else _once_per_file(results)
    clashing = [
        (result, writer)
        for result, writer in once
        if writer is not result and writer.text != result.text
    ]
    verb = "shown" if args.diff else "written"
    stale = False
    for result, writer in once:
        if result.changed and writer is not result:
            if writer.text == result.text:
                say(f"filmlint: {result.path} is the same file as {writer.path}: {verb} once")
            else:
                say(
                    f"filmlint: error: {result.path} is the same file as {writer.path}, whose "
                    f"settings fix it otherwise: the fixes of {result.path} "
                    f"{'would not be' if args.diff else 'are not'} written; fix it in a run "
                    "of its own"
                )
    writers = [result for result, writer in once if writer is result and result.changed]
    unwritten = any(result.changed for result, _ in clashing)
    if args.diff:
        for result in writers:
            write_stdout_bytes(unified_diff(result))
        if not args.quiet:
            say(f"Would fix {summary(writers)}" if writers else "No changes")
        if crashed(remaining) or unwritten:
            return EXIT_ERROR
        return EXIT_PROBLEMS if writers and not args.exit_zero else EXIT_CLEAN
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
        for result in writers:
            try:
                write_fixed(result)
                written.append(result)
            except NotWritten as error:
                unwritten = True
                say(f"filmlint: error: {error}")
            except OSError as error:
                unwritten = True
                say(f"filmlint: error: cannot write {result.path}: {error}")
        # A name whose problems are of a text other than the one its file now holds (its
        # fixes not written, or the fixes of another of its names written) is linted again.
        stale = unwritten or bool(clashing)
        if stale and paths:
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
            fixed=not stale,  # linted again as they are, unwritten files can be fixed
        )
    if written and not args.quiet:
        say(f"Fixed {summary(written)}")
    if crashed(remaining) or unwritten:
        return EXIT_ERROR
    if written and args.exit_non_zero_on_fix and not args.exit_zero:
        return EXIT_PROBLEMS
    return EXIT_CLEAN if args.fix_only else exit_code(remaining, args)


def _once_per_file(results: Sequence[FixResult]) -> list[tuple[FixResult, FixResult]]:
    """Each result, and the result whose fixes are written to its file: a file named twice in
    a run (a symlink and its target, two spellings of one path) is written once, with the
    fixes of its first name that is its own place (no symlink on the way: the name whose
    settings are the file's own, and one ``patch`` writes to), else of its first name. That
    name holds the file whether or not its fixes change it, so another name's fixes are
    never written in its stead. Told before the first write, which gives the file written a
    new identity."""
    writers: dict[tuple[int, int], tuple[bool, FixResult]] = {}  # by file: (linked?, result)
    identities: list[tuple[int, int] | None] = []
    for result in results:
        name = result.path or ""
        try:
            status = Path(name).stat()
        except OSError:  # gone: writing it says why
            identities.append(None)
            continue
        # A symlink anywhere on the way (the file's own name, or a folder above it): following
        # the links then gives another path than the one spelt.
        linked = os.path.realpath(name) != os.path.abspath(name)  # noqa: PTH100
        identity = (status.st_dev, status.st_ino)
        identities.append(identity)
        held = writers.get(identity)
        if held is None or (held[0] and not linked):
            writers[identity] = (linked, result)
    return [
        (result, result if identity is None else writers[identity][1])
        for result, identity in zip(results, identities, strict=True)
    ]
