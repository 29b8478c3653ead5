"""The command line's parser: each command's options and handler, and the checks of its
words that argparse does not make (a report's file named as a staged file could be)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from filmlint.cli.check import OUTPUT_FORMAT_VARIABLE, run_check
from filmlint.engine.overrides import PerFileIgnore, parse_per_file_ignore
from filmlint.reporters import FORMATS
from filmlint.reporters.colour import COLOUR_MODES
from filmlint.version import __version__


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


def _report_file(value: str) -> Path:
    """The report's file. An empty name or one ending in a slash names a folder, which
    ``Path`` would read as the current folder, or as a file without the slash."""
    if not value:
        raise argparse.ArgumentTypeError("an empty name names no file; name the report's file")
    if value.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{value!r} names a folder; name the report's file")
    return Path(value)


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
        type=_report_file,
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
    check.set_defaults(handler=run_check)


def _clean_arguments(clean: argparse.ArgumentParser) -> None:
    clean.add_argument("--config", type=Path, metavar="PATH", help="configuration file to use")
    clean.add_argument(
        "--all",
        action="store_true",
        help="also remove what url-reachable learned of URLs (slow to learn again politely)",
    )
    from filmlint.cli.commands import run_clean  # loaded by the command it runs

    clean.set_defaults(handler=run_clean)


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=("text", "json"),
        default="text",
        help="a table for people (text) or a JSON array for tools",
    )
    from filmlint.cli.commands import run_rules  # loaded by the command it runs

    rules.set_defaults(handler=run_rules)


def _rule_arguments(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("name", metavar="NAME", help="rule name or code")
    from filmlint.cli.commands import run_rule  # loaded by the command it runs

    rule.set_defaults(handler=run_rule)


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
    from filmlint.cli.commands import run_init  # loaded by the command it runs

    init.set_defaults(handler=run_init)


def _server_arguments(server: argparse.ArgumentParser) -> None:
    from filmlint.cli.commands import run_server  # loaded by the command it runs

    server.set_defaults(handler=run_server)


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
