"""The ``filmlint`` command. Exit codes: 0 clean, 1 problems found, 2 usage or internal error."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from filmlint import __version__
from filmlint.config import ConfigError, load_config
from filmlint.diagnostics import Severity
from filmlint.linter import Linter, RuleCrash
from filmlint.registry import RuleError, load_registry
from filmlint.reporters import FORMATS, HUMAN_FORMATS, Report, get_reporter, summary_line
from filmlint.ruledocs import rule_infos, rule_page
from filmlint.schema import SchemaLoadError

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Options that cannot be used together."""


def _rule_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


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
        "-v", "--verbose", action="store_true", help="show tracebacks of internal errors"
    )
    check.set_defaults(handler=_check)

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
    except (ConfigError, SchemaLoadError, RuleError, RuleCrash, UsageError) as error:
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
    run = linter.lint_paths(args.paths or [Path()])
    report = Report(run.diagnostics, run.files, rules=rule_infos(linter.settings))
    if args.output_file is None:
        _write(report, output_format, args, sys.stdout)
    else:
        with args.output_file.open("w", encoding="utf-8", newline="\n") as stream:
            _write(report, output_format, args, stream)
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    failed = any(d.severity in failing for d in run.diagnostics)
    return EXIT_PROBLEMS if failed and not args.exit_zero else EXIT_CLEAN


def default_format() -> str:
    """``github`` inside GitHub Actions (so problems become annotations), else ``concise``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def _write(report: Report, output_format: str, args: argparse.Namespace, stream: TextIO) -> None:
    if args.statistics:
        from filmlint.reporters import statistics

        (statistics.write_json if output_format == "json" else statistics.write)(report, stream)
    else:
        get_reporter(output_format)(report, stream)
    if output_format in HUMAN_FORMATS and not args.quiet:
        stream.write(summary_line(report) + "\n")


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
