"""The ``filmlint`` command. Exit codes: 0 clean, 1 problems found, 2 usage or internal error."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.cache import CacheError, clean
from filmlint.engine.crashes import has_crash
from filmlint.engine.overrides import Overrides, PerFileIgnore, parse_per_file_ignore
from filmlint.engine.parallel import default_jobs
from filmlint.engine.project import FileSettings, FixRun, Project, Skipped, fix_bytes
from filmlint.engine.settings import (
    MAX_FILE_SIZE,
    load_config,
    nearest_rule_hint,
    selected_rules,
)
from filmlint.errors import ConfigError
from filmlint.reporters import (
    DOCUMENT_FORMATS,
    FORMATS,
    HUMAN_FORMATS,
    Report,
    RuleInfo,
    get_reporter,
    linted_sources,
    plural,
    summary_line,
)
from filmlint.reporters.colour import COLOUR_MODES, wants_colour
from filmlint.reporters.display import json_text, printable
from filmlint.rulekit.declaration import RuleError
from filmlint.rules import load_registry
from filmlint.text.decoding import decode
from filmlint.version import __version__

if TYPE_CHECKING:
    from filmlint.engine.fixer import FixResult
    from filmlint.engine.linter import Linter

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: What ``filmlint server`` needs beyond the command-line tool, and how to install it.
SERVER_PACKAGES = frozenset({"pygls", "lsprotocol"})
SERVER_INSTALL = "pip install 'filmlint[server]'"
#: Names the output format when --output-format does not, as RUFF_OUTPUT_FORMAT does for ruff.
OUTPUT_FORMAT_VARIABLE = "FILMLINT_OUTPUT_FORMAT"


class UsageError(Exception):
    """Options that cannot be used together."""


def _rule_list(value: str) -> list[str]:
    rules = [item.strip() for item in value.split(",") if item.strip()]
    if not rules:  # an empty shell variable, say: taken as not given, it would select all
        raise argparse.ArgumentTypeError("expected rule names, codes or prefixes")
    return rules


def _per_file_ignore(value: str) -> PerFileIgnore:
    try:
        return parse_per_file_ignore(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given ``command``, the parser of that command alone (a
    parser costs as much to build as to run a check of one file's rules)."""
    parser = argparse.ArgumentParser(
        prog="filmlint",
        description="Lint the YAML front matter of Markdown film files.",
        formatter_class=_MetavarCheckFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"filmlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    built = [parser]
    for name, (summary, add_arguments) in _commands().items():
        if command not in (None, name):
            continue
        command_parser = commands.add_parser(
            name, help=summary, formatter_class=_MetavarCheckFormatter
        )
        command_parser.set_defaults(command_parser=command_parser)
        add_arguments(command_parser)
        built.append(command_parser)
    for each in built:  # help and usage errors are formatted for the terminal
        each.formatter_class = argparse.HelpFormatter
    return parser


class _MetavarCheckFormatter(argparse.HelpFormatter):
    """The formatter argparse builds for each argument added, to check its metavar: of a
    fixed width, as argparse's own asks the terminal's (importing shutil) every time."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=80)


def _commands() -> dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]]:
    """Each command's help line, and what adds its arguments and handler."""
    return {
        "check": ("lint files and folders (default: the current folder)", _check_arguments),
        "clean": ("remove the result cache (the URL cache too with --all)", _clean_arguments),
        "rules": ("list every rule", _rules_arguments),
        "rule": ("show the documentation of a rule", _rule_arguments),
        "init": (
            "read a site and write a configuration for it, then check it",
            _init_arguments,
        ),
        "server": (
            "run the language server over stdin and stdout (for editors)",
            _server_arguments,
        ),
    }


def _command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` starts with, if any: the parser of that command alone reads it.
    After an option (``--help``, ``-V``, a mistake) every command is needed, to list them
    or to say what is wrong."""
    first = argv[0] if argv else "-"
    return first if first in _commands() else None


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to lint; '-' reads one file's text from stdin",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="read stdin as the file at PATH (need not exist): its configuration, collection "
        "and locale, and its name in the report",
    )
    check.add_argument(
        "--show-settings",
        type=Path,
        metavar="PATH",
        help="print the settings the file at PATH is linted with, and where they come from",
    )
    check.add_argument(
        "--show-files",
        action="store_true",
        help="list the files that would be linted, with their configuration and collection",
    )
    check.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=list(FORMATS),
        help=f"output format (default: ${OUTPUT_FORMAT_VARIABLE}, else concise, or github when "
        "GITHUB_ACTIONS=true)",
    )
    check.add_argument(
        "-o",
        "--output-file",
        type=Path,
        metavar="PATH",
        help="write the report here, not to stdout",
    )
    check.add_argument(
        "--color",
        choices=COLOUR_MODES,
        default="auto",
        help="colour the concise, full and statistics formats: on a terminal (auto; NO_COLOR "
        "and FORCE_COLOR decide too), always or never",
    )
    check.add_argument("--config", type=Path, metavar="PATH", help="configuration file to use")
    check.add_argument(
        "--schema", type=Path, metavar="PATH", help="JSON Schema to validate against"
    )
    check.add_argument(
        "--select",
        type=_rule_list,
        metavar="RULES",
        help="only these rules (names, codes, prefixes)",
    )
    check.add_argument(
        "--ignore",
        "--extend-ignore",  # ruff's name for the same
        dest="ignore",
        type=_rule_list,
        action="extend",
        default=[],
        metavar="RULES",
        help="skip these rules too (added to the configured ones)",
    )
    check.add_argument(
        "--extend-select",
        type=_rule_list,
        action="extend",
        default=[],
        metavar="RULES",
        help="run these rules too (added to the configured or --select'ed ones)",
    )
    check.add_argument(
        "--per-file-ignores",
        type=_per_file_ignore,
        action="append",
        default=[],
        metavar="GLOB:RULES",
        help="skip these rules in files matching GLOB, relative to the current folder "
        "(repeatable; added to each configuration's per-file-ignores)",
    )
    network = check.add_mutually_exclusive_group()
    network.add_argument(
        "--online",
        dest="network",
        action="store_const",
        const=True,
        help="check that URLs answer (url-reachable), whatever its configured mode",
    )
    network.add_argument(
        "--offline",
        dest="network",
        action="store_const",
        const=False,
        help="never touch the network: url-reachable reports only what its cache knows",
    )
    fixing = check.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes")
    fixing.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply (or show) unsafe fixes"
    )
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print the changes fixing would make; write nothing (exit 1 if there are any)",
    )
    fixing.add_argument("--show-fixes", action="store_true", help="list what was fixed")
    fixing.add_argument(
        "--fix-only", action="store_true", help="apply fixes; do not report remaining problems"
    )
    fixing.add_argument(
        "--exit-non-zero-on-fix",
        action="store_true",
        help="exit 1 when a file was changed (for pre-commit)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="show how many problems each rule found instead of the problems",
    )
    check.add_argument(
        "-q", "--quiet", action="store_true", help="show the problems only, without a summary"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when problems are found"
    )
    check.add_argument(
        "--strict", action="store_true", help="fail on warnings too, not only on errors"
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes that share many files, this one included "
        "(default: the number of CPUs; 1: this one alone)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="lint every file, without reading or writing the result cache",
    )
    check.add_argument(
        "-v", "--verbose", action="store_true", help="show tracebacks of internal errors"
    )
    check.set_defaults(handler=_check)


def _clean_arguments(clean: argparse.ArgumentParser) -> None:
    clean.add_argument("--config", type=Path, metavar="PATH", help="configuration file to use")
    clean.add_argument(
        "--all",
        action="store_true",
        help="also remove what url-reachable learned of URLs (slow to learn again politely)",
    )
    clean.set_defaults(handler=_clean)


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=("text", "json"),
        default="text",
        help="a table for people (text) or a JSON array for tools",
    )
    rules.set_defaults(handler=_rules)


def _rule_arguments(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("name", metavar="NAME", help="rule name or code")
    rule.set_defaults(handler=_rule)


def _init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="FOLDER",
        help="the site's folder (default: the current one)",
    )
    init.add_argument(
        "--force", action="store_true", help="replace a configuration or draft schema there"
    )
    init.set_defaults(handler=_init)


def _server_arguments(server: argparse.ArgumentParser) -> None:
    server.set_defaults(handler=_server)


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command's arguments; an unknown option is reported with the usage of the command
    it was given to (argparse alone shows the top level's)."""
    words = sys.argv[1:] if argv is None else argv
    args, unknown = build_parser(_command_named(words)).parse_known_args(words)
    command_parser: argparse.ArgumentParser = args.command_parser
    if unknown:
        command_parser.error(unrecognized(args.command, unknown))
    joined = _output_file_joined(words[1:]) if args.command == "check" else None
    if joined is not None:
        command_parser.error(
            f"{joined}: name the report's file as -o FILE or --output-file FILE (or "
            "--output-file=FILE); to lint a file whose name starts with '-', name it after "
            f"'--': filmlint check -- {joined}"
        )
    return args


#: The short options of ``check`` that take no value: a cluster of them may end in ``-o``.
_SHORT_FLAGS = "qvh"


def _output_file_joined(words: Sequence[str]) -> str | None:
    """The word, if any, that holds ``-o`` with its value (``-oFILE``, ``-o=FILE``, a cluster
    ``-qoFILE``) or an abbreviation of ``--output-file``: pre-commit appends the staged names
    without ``--``, so a file named ``-o.md`` would be taken as ``-o .md`` and the report
    written over ``.md``. Only spellings no staged name takes alone are accepted."""
    for word in words:
        if word == "--":
            return None
        if _joins_short_output(word) or _abbreviates_output_file(word):
            return word
    return None


def _joins_short_output(word: str) -> bool:
    if word.startswith("--") or not word.startswith("-"):
        return False
    rest = word[1:].lstrip(_SHORT_FLAGS)
    return rest.startswith("o") and len(rest) > 1


def _abbreviates_output_file(word: str) -> bool:
    """``--output-fi``, ``--output-fil`` (argparse takes a unique prefix for the option)."""
    name = word.partition("=")[0]
    return (
        name.startswith("--output-fi")
        and name != "--output-file"
        and ("--output-file".startswith(name))
    )


def unrecognized(command: str, unknown: Sequence[str]) -> str:
    """The usage error for words no option of ``command`` takes; for ``check``, with how to
    lint a file whose name was taken for an option (as pre-commit names a staged
    ``-notes.md``)."""
    message = f"unrecognized arguments: {' '.join(unknown)}"
    dashed = next((word for word in unknown if word.startswith("-")), None)
    if command != "check" or dashed is None:
        return message
    return (
        f"{message} (to lint a file whose name starts with '-', name it after '--': "
        f"filmlint check -- {dashed})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:  # also when argparse exits: its help or error may meet a closed pipe
        _flush_outputs()


def _main(argv: Sequence[str] | None) -> int:
    args = parse_arguments(argv)
    try:
        code: int = args.handler(args)
    except (ConfigError, RuleError, UsageError, CacheError) as error:
        _error(str(error), args)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output not guarded below (it is the whole of what its command does) was cut short:
        # exit 1, as Python's documentation does for a closed pipe.
        _flush_outputs()
        return EXIT_PROBLEMS
    except Exception as error:
        _error(f"internal error: {type(error).__name__}: {error}", args)
        return EXIT_ERROR
    return code


def _error(message: str, args: argparse.Namespace) -> None:
    if getattr(args, "verbose", False) and sys.stderr is not None:
        import traceback  # only for --verbose: a run that fails has time to load it

        with _reader_may_leave(sys.stderr):
            traceback.print_exc()
    _say(f"filmlint: error: {message}")


def _say(text: str, *, to_stdout: bool = False) -> None:
    """One line for people, on stderr unless told: with control and bidi characters as
    escapes, as the text may hold file names, keys or what a server said (a newline in one
    would forge a line, an ESC drive the terminal). Nothing when that stream is closed:
    ``print`` to None would write it on stdout, into a report."""
    target = _stdout("concise") if to_stdout else sys.stderr
    if target is None:
        return
    with _reader_may_leave(target):
        print(printable(text), file=target)


@contextlib.contextmanager
def _reader_may_leave(stream: TextIO) -> Iterator[None]:
    """Write to ``stream`` knowing its reader may stop reading (``filmlint check | head``):
    that is no error. The output stops quietly, the run goes on (fixes are still written)
    and exits with its own code, so that a pipeline under ``set -o pipefail`` passes or fails
    by the files, not by how much of the report its reader wanted."""
    try:
        yield
    except BrokenPipeError:
        _to_devnull(stream)


def _to_devnull(stream: TextIO) -> None:
    """Point ``stream``'s descriptor at the null device, so that what is still buffered for
    the closed pipe, and any later write, go nowhere instead of raising again (the Python
    documentation's advice for SIGPIPE)."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a file (a test's buffer): nothing to redirect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def _flush_outputs() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when the process started: nothing was written to it
            continue
        with _reader_may_leave(stream):
            stream.flush()


def _check(args: argparse.Namespace) -> int:
    output_format = _output_format(args)
    _check_output_folder(args.output_file)
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
    )
    # Bad options and the current folder's configuration are reported before any file is
    # linted, even when no file is found.
    project.folder_settings()
    if args.show_settings is not None:
        from filmlint.engine.explain import describe_settings  # not needed by a check

        _stdout("concise").write(describe_settings(project, args.show_settings))
        return EXIT_CLEAN
    if args.show_files:
        from filmlint.engine.explain import describe_files  # not needed by a check

        _stdout("concise").write(describe_files(project, args.paths or [Path()]))
        return EXIT_CLEAN
    stdin_name = _stdin_name(args)
    paths = args.paths or [Path()]
    if args.output_file is not None:
        _check_report_replaces_no_input(project, args.output_file, paths, stdin_name)
    if stdin_name is not None:
        return _check_stdin(project, stdin_name, output_format, args)
    if args.fix or args.fix_only or args.diff:
        fixing = project.fix(paths, unsafe=args.unsafe_fixes)
        _warn_if_none_linted(len(fixing.results), args)
        return _fix(project, fixing, output_format, args, paths)
    jobs = args.jobs or default_jobs()
    run = project.lint(paths, jobs=jobs, use_cache=not args.no_cache)
    _warn_if_none_linted(run.files, args)
    _report(run.diagnostics, run.files, project, output_format, args)
    return _exit_code(run.diagnostics, args)


def _warn_if_none_linted(files: int, args: argparse.Namespace) -> None:
    """A run that lints no file says so on stderr, as ruff does: a path, or a collection's
    glob, that matches nothing would otherwise pass in silence. The exit code is the run's."""
    if files == 0 and not args.quiet:
        _say("filmlint: warning: no files linted (none found, or all excluded or in no collection)")


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


def _check_output_folder(output_file: Path | None) -> None:
    """Before any linting: the report's file must be writable into an existing folder."""
    if output_file is None:
        return
    folder = output_file.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write the report to {output_file}: no folder {folder}")


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
    if stdin_name is not None:
        inputs: list[str] = []
        if stdin_name != "-":
            inputs.append(stdin_name)
            project.settings_for(stdin_name)  # its linter built: its schema is read
    else:
        files = project.files(paths)
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
            _write_stdout_bytes(raw)
        return EXIT_CLEAN
    linter = settings.linter
    # Judged with the film's other language versions on disk, as the named file would be.
    versions = project.context_files(settings, [name]) if name != "-" else []
    context = {version: linter.context_result(version) for version in versions}
    if fixing:
        fixed = fix_bytes(linter, raw, name, args.unsafe_fixes, context=context)
        return _fix(project, fixed, output_format, args)
    found = [linter.bytes_result(raw, name), *context.values()]
    diagnostics = linter.finish(found, context_only=frozenset(context))
    _report(diagnostics, 1, project, output_format, args, texts={name: decode(raw)[0]})
    return _exit_code(diagnostics, args)


def _write_stdout_bytes(raw: bytes) -> None:
    stdout = _stdout("concise")
    with _reader_may_leave(stdout):
        stdout.flush()
        stdout.buffer.write(raw)
        stdout.buffer.flush()


def _report(
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
        with _reader_may_leave(stream):
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
        return _stdout(output_format)
    if sys.stderr is None:
        raise UsageError("cannot write the report: stderr is closed")
    return sys.stderr


def _max_file_size(project: Project, path: str) -> int:
    """The max-file-size ``path`` was linted with: the report reads no more of a file than
    the linter did."""
    settings = project.settings_for(path)
    return settings.config.max_file_size if isinstance(settings, FileSettings) else MAX_FILE_SIZE


def _exit_code(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> int:
    if _crashed(diagnostics):
        return EXIT_ERROR
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    failed = any(d.severity in failing for d in diagnostics)
    return EXIT_PROBLEMS if failed and not args.exit_zero else EXIT_CLEAN


def _crashed(diagnostics: Sequence[Diagnostic]) -> bool:
    """Whether a rule or filmlint failed (an internal-error on its file; the other files were
    linted), which every way of running exits 2 for, whatever else it was asked."""
    if has_crash(diagnostics):
        _say("filmlint: error: a rule or filmlint itself failed (internal-error)")
        return True
    return False


def _fix(
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
            _say(
                f"{d.path}:{d.line}:{d.column}: {d.code} [{d.rule}] fix not applied: "
                f"{rejected.reason}"
            )
    if args.diff:
        stdout = _stdout("concise")
        with _reader_may_leave(stdout):
            for result in changed:
                # The names in its headers escaped: a newline in one would forge a diff line.
                stdout.write(unified_diff(result, printable(result.path or "<text>")))
        if not args.quiet:
            _say(f"Would fix {summary(changed)}" if changed else "No changes")
        if _crashed(remaining):
            return EXIT_ERROR
        return EXIT_PROBLEMS if changed and not args.exit_zero else EXIT_CLEAN
    unwritten = False
    texts = None
    if run.stdin:  # the text goes back, fixed or as read (ruff and black do the same)
        (text,) = results
        _write_stdout_bytes(text.text.encode("utf-8") if text.changed else text.source or b"")
        written = changed
        # What is left is placed in the fixed text; unchanged, in the bytes as the run decoded
        # them (of bytes that are not UTF-8, what decoded before the fault).
        linted = text.text if text.changed else decode(text.source or b"")[0]
        texts = {text.path or "-": linted}
    else:
        written = []
        for result, first in _once_per_file(changed):
            if first is not None:
                _say(f"filmlint: {result.path} is the same file as {first.path}: written once")
                continue
            try:
                write_fixed(result)
                written.append(result)
            except NotWritten as error:
                unwritten = True
                _say(f"filmlint: error: {error}")
            except OSError as error:
                unwritten = True
                _say(f"filmlint: error: cannot write {result.path}: {error}")
        if unwritten and paths:
            remaining = project.lint(paths).diagnostics
    if args.show_fixes:
        for result in written:
            _say(f"Fixed in {result.path}:")
            for d in result.fixed:
                assert d.fix is not None
                _say(f"  {d.code} [{d.rule}] {d.fix.message}")
    if not args.fix_only:
        _report(
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
        _say(f"Fixed {summary(written)}")
    if _crashed(remaining) or unwritten:
        return EXIT_ERROR
    if written and args.exit_non_zero_on_fix and not args.exit_zero:
        return EXIT_PROBLEMS
    return EXIT_CLEAN if args.fix_only else _exit_code(remaining, args)


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


def default_format() -> str:
    """``github`` inside GitHub Actions (so problems become annotations), else ``concise``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def _stdout(output_format: str) -> TextIO:
    """Standard output made ready for a report (or a listing, a rule's page, a diff): a
    document for machines in UTF-8, as it says it is; text for people in the terminal's
    encoding, with what that cannot encode (CJK on an ASCII or Latin-1 terminal) as
    backslash escapes instead of a crash. A UsageError
    when the process was started with stdout closed (``>&-``: Python sets it to None)."""
    stdout = sys.stdout
    if stdout is None:
        raise UsageError("cannot write to stdout: it is closed")
    if isinstance(stdout, io.TextIOWrapper):
        if output_format in DOCUMENT_FORMATS:
            stdout.reconfigure(encoding="utf-8", errors="strict")
        else:
            stdout.reconfigure(errors="backslashreplace")
    return stdout


def _write(report: Report, output_format: str, args: argparse.Namespace, stream: TextIO) -> None:
    if args.statistics:
        from filmlint.reporters import statistics

        (statistics.write_json if output_format == "json" else statistics.write)(report, stream)
    else:
        get_reporter(output_format)(report, stream)
    if output_format in HUMAN_FORMATS and not args.quiet:
        stream.write(summary_line(report) + "\n")


def _clean(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    folder = config.cache_folder
    cleaned = clean(folder, urls=args.all)
    if cleaned is not None and not cleaned.kept:
        _say(f"removed {folder}", to_stdout=True)
    elif cleaned is not None:
        kept = ", ".join(path.name for path in cleaned.kept)
        _say(
            f"removed filmlint's files from {folder}; kept the folder, which holds: {kept}",
            to_stdout=True,
        )
        if cleaned.kept_urls:
            _say("kept the URL cache; 'filmlint clean --all' removes it too", to_stdout=True)
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    registry = load_registry()
    if args.output_format == "json":
        rows = [
            {
                "name": rule.name,
                "code": rule.code,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "origin": rule.origin,
                "options": {
                    name: {"default": option.default, "help": option.help}
                    for name, option in rule.options.items()
                },
            }
            for rule in registry
        ]
        _stdout("json").write(json_text(rows, indent=2) + "\n")
        return EXIT_CLEAN
    width = max(len(rule.name) for rule in registry)
    for rule in registry:
        origin = "" if rule.origin == "filmlint" else f"  ({rule.origin})"
        _say(
            f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}{origin}",
            to_stdout=True,
        )
    return EXIT_CLEAN


def _rule(args: argparse.Namespace) -> int:
    registry = load_registry()
    rule = registry.get(args.name)
    if rule is None:
        _say(
            f"filmlint: error: no rule is named or coded {args.name!r} (see 'filmlint rules')"
            + nearest_rule_hint(registry, args.name)
        )
        return EXIT_ERROR
    from filmlint.reporters.rule_pages import rule_page  # for this command only

    stdout = _stdout("concise")
    with _reader_may_leave(stdout):
        stdout.write(rule_page(registry, rule.name))
    return EXIT_CLEAN


def _server(args: argparse.Namespace) -> int:
    try:
        from filmlint.server import serve  # pygls: an extra, so imported only here
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in SERVER_PACKAGES:
            raise
        _say(f"filmlint: error: the language server needs {missing}: {SERVER_INSTALL}")
        return EXIT_ERROR
    return serve()


def _init(args: argparse.Namespace) -> int:
    """Infer a configuration from the site in FOLDER, write it, say what was inferred, and
    check the site with it."""
    from filmlint.engine.init_writer import InitError, plan_init, write_init
    from filmlint.engine.site_survey import survey_site
    from filmlint.reporters.init_summary import describe_survey

    folder: Path = args.folder
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    survey = survey_site(folder)
    try:
        plan = plan_init(survey, force=args.force)
        write_init(plan)
    except (InitError, OSError) as error:
        _say(f"filmlint: error: {error}")
        return EXIT_ERROR
    stdout = _stdout("concise")
    stdout.write(describe_survey(survey, plan))
    # As 'filmlint check' will: each file with its nearest configuration (a nested one too).
    run = Project().lint([folder], jobs=default_jobs())
    report = Report(run.diagnostics, run.files, configured=True)
    stdout.write(f"then 'filmlint check' reports: {summary_line(report)}\n")
    if run.diagnostics:
        from filmlint.reporters import statistics

        statistics.write(report, stdout)
    return EXIT_CLEAN
