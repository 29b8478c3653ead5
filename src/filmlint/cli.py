"""The ``filmlint`` command. Exit codes: 0 clean, 1 problems found, 2 usage or internal error."""

from __future__ import annotations

import argparse
import io
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.cache import CacheError, ResultCache, clean
from filmlint.engine.crashes import has_crash
from filmlint.engine.linter import Linter
from filmlint.engine.parallel import default_jobs
from filmlint.engine.settings import ConfigError, load_config
from filmlint.reporters import (
    DOCUMENT_FORMATS,
    FORMATS,
    HUMAN_FORMATS,
    Report,
    get_reporter,
    plural,
    summary_line,
)
from filmlint.reporters.rule_pages import rule_infos, rule_page
from filmlint.rulekit.declaration import RuleError
from filmlint.rules import load_registry
from filmlint.schema.validation import SchemaLoadError
from filmlint.version import __version__

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Options that cannot be used together."""


def _rule_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filmlint", description="Lint the YAML front matter of Markdown film files."
    )
    parser.add_argument("--version", action="version", version=f"filmlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="lint files and folders (default: the current folder)"
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders to lint"
    )
    check.add_argument(
        "--format",
        choices=list(FORMATS),
        help="output format (default: concise, or github when GITHUB_ACTIONS=true)",
    )
    check.add_argument(
        "--output-file", type=Path, metavar="PATH", help="write the report here, not to stdout"
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
        "--ignore", type=_rule_list, default=[], metavar="RULES", help="skip these rules"
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
        help="worker processes for many files (default: the number of CPUs; 1: none)",
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

    clean_command = commands.add_parser("clean", help="remove the result cache")
    clean_command.add_argument(
        "--config", type=Path, metavar="PATH", help="configuration file to use"
    )
    clean_command.set_defaults(handler=_clean)

    rules = commands.add_parser("rules", help="list every rule")
    rules.set_defaults(handler=_rules)

    rule = commands.add_parser("rule", help="show the documentation of a rule")
    rule.add_argument("name", metavar="NAME", help="rule name or code")
    rule.set_defaults(handler=_rule)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except (ConfigError, SchemaLoadError, RuleError, UsageError, CacheError) as error:
        _error(str(error), args)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        _error(f"internal error: {type(error).__name__}: {error}", args)
        return EXIT_ERROR
    return code


def _error(message: str, args: argparse.Namespace) -> None:
    if getattr(args, "verbose", False):
        traceback.print_exc()
    print(f"filmlint: error: {message}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    # Statistics are a table for people unless JSON is asked for, even inside GitHub Actions.
    output_format = args.format or ("concise" if args.statistics else default_format())
    if args.statistics and output_format not in (*HUMAN_FORMATS, "json"):
        raise UsageError("--statistics works with the concise, full and json formats only")
    config = load_config(args.config)
    linter = Linter(
        config,
        select=args.select,
        ignore=args.ignore,
        schema=args.schema,
        network=args.network,
        status=sys.stderr,
    )
    paths = args.paths or [Path()]
    if args.fix or args.fix_only or args.diff:
        return _fix(linter, paths, output_format, args)
    cache = None if args.no_cache else ResultCache(config.cache_folder)
    run = linter.lint_paths(paths, jobs=args.jobs or default_jobs(), cache=cache)
    _report(run.diagnostics, run.files, linter, output_format, args)
    return _exit_code(run.diagnostics, args)


def _report(
    diagnostics: Sequence[Diagnostic],
    files: int,
    linter: Linter,
    output_format: str,
    args: argparse.Namespace,
) -> None:
    # Only SARIF describes the rules; their URLs come from package metadata, slow to read.
    rules = rule_infos(linter.settings) if output_format == "sarif" else {}
    report = Report(diagnostics, files, rules=rules, unsafe_fixes=args.unsafe_fixes)
    if args.output_file is None:
        _write(report, output_format, args, _stdout(output_format))
    else:
        with args.output_file.open("w", encoding="utf-8", newline="\n") as stream:
            _write(report, output_format, args, stream)


def _exit_code(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> int:
    if has_crash(diagnostics):  # reported on its file; the other files were linted
        print("filmlint: error: a rule or filmlint itself failed (internal-error)", file=sys.stderr)
        return EXIT_ERROR
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    failed = any(d.severity in failing for d in diagnostics)
    return EXIT_PROBLEMS if failed and not args.exit_zero else EXIT_CLEAN


def _fix(linter: Linter, paths: list[Path], output_format: str, args: argparse.Namespace) -> int:
    """``--fix``, ``--fix-only`` and ``--diff``. Messages about fixes go to stderr, so what is
    on stdout (the report, or the diff) stays as machines read it; ``--quiet`` drops the
    counts."""
    from filmlint.engine.fixer import Fixer, NotWritten, unified_diff, write_fixed

    fixer = Fixer(linter, unsafe=args.unsafe_fixes)
    results = fixer.fix_paths(paths)
    remaining = fixer.finish(results)
    changed = [r for r in results if r.changed]
    fixed = plural(sum(len(r.fixed) for r in changed), "problem")
    summary = f"{fixed} in {plural(len(changed), 'file')}"
    for result in results:
        for rejected in result.rejected:
            d = rejected.diagnostic
            print(
                f"{d.path}:{d.line}:{d.column}: {d.code} [{d.rule}] fix not applied: "
                f"{rejected.reason}",
                file=sys.stderr,
            )
    if args.diff:
        for result in changed:
            sys.stdout.write(unified_diff(result))
        if changed and not args.quiet:
            print(f"Would fix {summary}", file=sys.stderr)
        return EXIT_PROBLEMS if changed and not args.exit_zero else EXIT_CLEAN
    unwritten = False
    for result in changed:
        try:
            write_fixed(result)
        except NotWritten as error:
            unwritten = True
            print(f"filmlint: error: {error}", file=sys.stderr)
        except OSError as error:
            unwritten = True
            print(f"filmlint: error: cannot write {result.path}: {error}", file=sys.stderr)
    if args.show_fixes:
        for result in changed:
            print(f"Fixed in {result.path}:", file=sys.stderr)
            for d in result.fixed:
                assert d.fix is not None
                print(f"  {d.code} [{d.rule}] {d.fix.message}", file=sys.stderr)
    if not args.fix_only:
        _report(remaining, len(results), linter, output_format, args)
    if changed and not args.quiet:
        print(f"Fixed {summary}", file=sys.stderr)
    if unwritten:
        return EXIT_ERROR
    if changed and args.exit_non_zero_on_fix and not args.exit_zero:
        return EXIT_PROBLEMS
    return EXIT_CLEAN if args.fix_only else _exit_code(remaining, args)


def default_format() -> str:
    """``github`` inside GitHub Actions (so problems become annotations), else ``concise``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def _stdout(output_format: str) -> TextIO:
    """Standard output made ready for a report: a document for machines in UTF-8, as it says
    it is; text for people in the terminal's encoding, with what that cannot encode (CJK on
    an ASCII or Latin-1 terminal) as backslash escapes instead of a crash."""
    stdout = sys.stdout
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
    cleaned = clean(folder)
    if cleaned is not None and not cleaned.kept:
        print(f"removed {folder}")
    elif cleaned is not None:
        kept = ", ".join(path.name for path in cleaned.kept)
        print(f"removed filmlint's files from {folder}; kept the folder, which holds: {kept}")
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    registry = load_registry()
    width = max(len(rule.name) for rule in registry)
    for rule in registry:
        origin = "" if rule.origin == "filmlint" else f"  ({rule.origin})"
        print(
            f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}{origin}"
        )
    return EXIT_CLEAN


def _rule(args: argparse.Namespace) -> int:
    registry = load_registry()
    rule = registry.get(args.name)
    if rule is None:
        print(
            f"filmlint: error: no rule is named or coded {args.name!r} (see 'filmlint rules')",
            file=sys.stderr,
        )
        return EXIT_ERROR
    sys.stdout.write(rule_page(registry, rule.name))
    return EXIT_CLEAN
