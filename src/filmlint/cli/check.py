"""``filmlint check``: its options checked, the output format chosen, the files (or the text
on stdin) linted; the report and the fixes are written by ``report`` and ``fixes``."""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from filmlint.cli.exits import EXIT_CLEAN, UsageError
from filmlint.cli.report import exit_code, write_report
from filmlint.cli.streams import say, stdout_for, write_stdout_bytes
from filmlint.engine.overrides import Overrides
from filmlint.engine.parallel import default_jobs
from filmlint.engine.project import FileSettings, Project, Skipped, fix_bytes
from filmlint.engine.settings import config_file_name, selected_rules, shown_path
from filmlint.reporters import FORMATS, HUMAN_FORMATS
from filmlint.rules import load_registry
from filmlint.text.decoding import decode

if TYPE_CHECKING:
    from filmlint.engine.linter import Linter


#: Names the output format when --output-format does not, as RUFF_OUTPUT_FORMAT does for ruff.
OUTPUT_FORMAT_VARIABLE = "FILMLINT_OUTPUT_FORMAT"


def run_check(args: argparse.Namespace) -> int:
    output_format = _output_format(args)
    _check_report_file(args.output_file)
    if args.statistics and output_format not in STATISTICS_FORMATS:
        raise UsageError("--statistics works with the concise, full and json formats only")
    # Each file is linted with its nearest configuration, unless --config forces one.
    overrides = Overrides(tuple(args.extend_select), tuple(args.per_file_ignores))
    if overrides or args.select or args.ignore:
        # The registry, read only to check them here (each error naming its option), is read
        # again by each linter, whose own errors name its arguments (select, ignore).
        registry = load_registry()
        overrides.check(registry)
        selected_rules(registry, tuple(args.select or ()), (), "--select")
        selected_rules(registry, (), tuple(args.ignore), "--ignore")
    project = Project(
        config=args.config,
        # --select replaces the configured selection, which --extend-select would extend.
        select=args.select and args.select + args.extend_select,
        ignore=args.ignore,
        schema=args.schema,
        network=args.network,
        status=sys.stderr,
        overrides=overrides,
        quiet=args.quiet,  # url-reachable's progress and summary
    )
    # Bad options and the current folder's configuration are reported before any file is
    # linted, even when no file is found.
    project.folder_settings()
    if args.show_settings is not None:
        from filmlint.engine.explain import describe_settings  # not needed by a check

        stdout_for("concise").write(describe_settings(project, args.show_settings))
        return EXIT_CLEAN
    if args.show_files:
        from filmlint.engine.explain import describe_files  # not needed by a check

        stdout_for("concise").write(describe_files(project, args.paths or [Path()]))
        return EXIT_CLEAN
    stdin_name = _stdin_name(args)
    paths = args.paths or [Path()]
    if args.output_file is not None:
        _check_report_replaces_no_input(project, args.output_file, paths, stdin_name)
    if stdin_name is not None:
        return _check_stdin(project, stdin_name, output_format, args)
    if args.fix or args.fix_only or args.diff:
        from filmlint.cli.fixes import run_fixes  # a run that fixes nothing does not load it

        fixing = project.fix(paths, unsafe=args.unsafe_fixes)
        _warn_if_outside(project, args)
        _warn_if_none_linted(len(fixing.results), args)
        return run_fixes(project, fixing, output_format, args, paths)
    jobs = args.jobs or default_jobs()
    run = project.lint(paths, jobs=jobs, use_cache=not args.no_cache)
    _warn_if_outside(project, args)
    _warn_if_none_linted(run.files, args)
    write_report(run.diagnostics, run.files, project, output_format, args)
    return exit_code(run.diagnostics, args)


def _warn_if_none_linted(files: int, args: argparse.Namespace) -> None:
    """A run that lints no file says so on stderr, as ruff does: a path, or a collection's
    glob, that matches nothing would otherwise pass in silence. The exit code is the run's."""
    if files == 0 and not args.quiet:
        say("filmlint: warning: no files linted (none found, or all excluded or in no collection)")


def _warn_if_outside(project: Project, args: argparse.Namespace) -> None:
    """Files outside the folder of the configuration ``--config`` forces on them are matched
    by none of its globs, which start from that folder: said on stderr, or a run started
    elsewhere would lint other files, or the same ones otherwise, without a word."""
    if args.quiet:
        return
    for config, names in project.outside():
        if len(names) == 1:
            subject, them = f"{names[0]} is", "it is"
        else:
            subject, them = f"{names[0]} and {len(names) - 1} other files are", "they are"
        skipped = f", so {them} in no collection and not linted" if config.collections else ""
        say(
            f"filmlint: warning: {subject} outside {shown_path(config.root)}, the folder of "
            f"{config_file_name(config)}: its globs start there and match nothing outside "
            f"it{skipped}; use a "
            "configuration in a folder above the files"
        )


#: The formats ``--statistics`` writes in: its table, or JSON.
STATISTICS_FORMATS = (*HUMAN_FORMATS, "json")


def _output_format(args: argparse.Namespace) -> str:
    """The format asked for by ``--output-format``, else the default: $FILMLINT_OUTPUT_FORMAT,
    else concise or github. Statistics are a table for people unless JSON is asked for: a
    default they cannot be written in (github inside GitHub Actions, or from the variable)
    gives way to concise; only an explicit --output-format can conflict with them."""
    if args.output_format is not None:
        chosen: str = args.output_format
        return chosen
    default = _environment_format() or default_format()
    if args.statistics and default not in STATISTICS_FORMATS:
        return "concise"
    return default


def _environment_format() -> str | None:
    """The format ``FILMLINT_OUTPUT_FORMAT`` names (as ruff reads ``RUFF_OUTPUT_FORMAT``)."""
    value = os.environ.get(OUTPUT_FORMAT_VARIABLE)
    if not value:
        return None
    if value not in FORMATS:
        raise UsageError(
            f"{OUTPUT_FORMAT_VARIABLE}={value!r} is not a format; use one of: {', '.join(FORMATS)}"
        )
    return value


def default_format() -> str:
    """``github`` inside GitHub Actions (so problems become annotations), else ``concise``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def _check_report_file(output_file: Path | None) -> None:
    """Before any linting or writing (``--fix`` writes the films before the report): the
    report's path must name a file that can be written, in an existing folder."""
    if output_file is None:
        return
    folder = output_file.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write the report to {output_file}: no folder {folder}")
    if output_file.is_dir():
        raise UsageError(
            f"cannot write the report to {output_file}: it is a folder; name a file in it"
        )
    # A file that exists is written over; a new one is made in its folder.
    exists = output_file.exists()
    if not os.access(output_file if exists else folder, os.W_OK if exists else os.W_OK | os.X_OK):
        whose = "the file" if exists else f"the folder {folder}"
        raise UsageError(
            f"cannot write the report to {output_file}: {whose} is not writable; name another file"
        )


def _check_report_replaces_no_input(
    project: Project, output_file: Path, paths: Sequence[Path], stdin_name: str | None
) -> None:
    """Before any linting: the report may not replace a file the run reads, under any name
    (a symlink, a hard link): see ``_inputs``. Only a report file that exists is looked for
    among them."""
    try:
        target = output_file.stat()
    except OSError:  # none yet (or unreachable: writing it says why)
        return
    if not stat.S_ISREG(target.st_mode):
        return
    for name in _inputs(project, paths, stdin_name):
        with contextlib.suppress(OSError):
            if os.path.samestat(Path(name).stat(), target):
                raise UsageError(
                    f"cannot write the report to {output_file}: it is {name}, which this run "
                    "reads; name another file"
                )


def _inputs(project: Project, paths: Sequence[Path], stdin_name: str | None) -> list[str]:
    """Every file the run reads: those it lints (``-o film.md film.md``) or the file a text
    on stdin is linted as, the files it reads only to judge them (their other language
    versions), the configuration files, and the schemas with the files they refer to."""
    files: list[tuple[str, FileSettings[Linter] | Skipped]]
    if stdin_name is None:
        files = project.files(paths)
    elif stdin_name == "-":  # the folder's settings, built already: no file, no versions
        files = []
    else:  # its linter built (its schema read), and its versions on disk found
        files = [(stdin_name, project.settings_for(stdin_name))]
    inputs = [name for name, _ in files]
    inputs += _context_inputs(project, files)
    inputs += [str(config.path) for config in project.configs() if config.path is not None]
    for linter in project.linters():
        schema = linter.rules.schema
        inputs += [str(path) for path in schema.paths] if schema is not None else []
    return inputs


def _context_inputs(
    project: Project, files: Sequence[tuple[str, FileSettings[Linter] | Skipped]]
) -> list[str]:
    """The files read only to judge ``files``, as each group of them (one linter's) asks."""
    groups: dict[FileSettings[Linter], list[str]] = {}
    for name, settings in files:
        if isinstance(settings, FileSettings):
            groups.setdefault(settings, []).append(name)
    return [
        context
        for settings, names in groups.items()
        for context in project.context_files(settings, names)
    ]


def _stdin_name(args: argparse.Namespace) -> str | None:
    """The name of the text read from stdin ('-' when unnamed), or None: no stdin."""
    reads = [path for path in args.paths if str(path) == "-"]
    if not reads and args.stdin_filename is None:
        return None
    if len(args.paths) > len(reads) or len(reads) > 1:
        raise UsageError("stdin ('-', or --stdin-filename) is linted alone, without other paths")
    name: str = args.stdin_filename or "-"
    return name


def _check_stdin(project: Project, name: str, output_format: str, args: argparse.Namespace) -> int:
    """One text from stdin, configured as the file ``name`` would be. With ``--fix`` the
    fixed text goes to stdout and the report to stderr, as ruff does; a name that is
    excluded or in no collection passes the text through, reporting nothing."""
    raw = sys.stdin.buffer.read()
    fixing = args.fix or args.fix_only or args.diff
    settings = project.folder_settings() if name == "-" else project.settings_for(name)
    if isinstance(settings, Skipped):
        if fixing and not args.diff:
            write_stdout_bytes(raw)
        return EXIT_CLEAN
    linter = settings.linter
    # Judged with the film's other language versions on disk, as the named file would be.
    versions = project.context_files(settings, [name]) if name != "-" else []
    context = {version: linter.context_result(version) for version in versions}
    if fixing:
        from filmlint.cli.fixes import run_fixes

        fixed = fix_bytes(linter, raw, name, args.unsafe_fixes, context=context)
        return run_fixes(project, fixed, output_format, args)
    found = [linter.bytes_result(raw, name), *context.values()]
    diagnostics = linter.finish(found, context_only=frozenset(context))
    write_report(diagnostics, 1, project, output_format, args, texts={name: decode(raw)[0]})
    return exit_code(diagnostics, args)
