"""The ``filmlint`` command. Exit codes: 0 clean, 1 problems found, 2 usage or internal error."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from filmlint import __version__
from filmlint.config import ConfigError, load_config
from filmlint.diagnostics import Severity
from filmlint.linter import Linter, RuleCrash
from filmlint.registry import Registry, RuleError, load_registry
from filmlint.reporters import FORMATS, Report, get_reporter
from filmlint.schema import SchemaLoadError

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


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
    check.add_argument("--format", choices=sorted(FORMATS), default="concise", help="output format")
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
    except (ConfigError, SchemaLoadError, RuleError, RuleCrash) as error:
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
    config = load_config(args.config)
    linter = Linter(config, select=args.select, ignore=args.ignore, schema=args.schema)
    run = linter.lint_paths(args.paths or [Path()])
    report = Report(run.diagnostics, run.files)
    write = get_reporter(args.format)
    if args.output_file is None:
        write(report, sys.stdout)
    else:
        with args.output_file.open("w", encoding="utf-8", newline="\n") as stream:
            write(report, stream)
    failed = any(d.severity is Severity.ERROR for d in run.diagnostics)
    return EXIT_PROBLEMS if failed else EXIT_CLEAN


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
    print_rule_page(registry, rule.name, sys.stdout)
    return EXIT_CLEAN


def print_rule_page(registry: Registry, name: str, stream: TextIO) -> None:
    rule = registry[name]
    stream.write(f"# {rule.name} ({rule.code})\n\n")
    stream.write(f"{rule.doc}\n\n")
    stream.write(f"Default severity: {rule.severity.value}")
    stream.write("" if rule.origin == "filmlint" else f"\nFrom plugin: {rule.origin}")
    stream.write("\n")
    if rule.options:
        stream.write(f"\nOptions ([tool.filmlint.rules.{rule.name}] in pyproject.toml):\n\n")
        for option_name, option in rule.options.items():
            stream.write(f"  {option_name} = {_toml(option.default)}\n      {option.help}\n")
            if option.choices:
                stream.write(f"      One of: {', '.join(_toml(c) for c in option.choices)}\n")


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + " }"
    return str(value)
