"""The ``filmlint`` command. Exit codes: 0 clean, 1 problems found, 2 usage or internal error.

``main`` runs it: ``arguments`` parses the command line and names each command's handler
(``check``, with its ``report`` and ``fixes``; the others in ``commands``), ``streams``
writes to stdout and stderr, ``exits`` holds the exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from filmlint.cli.arguments import build_parser, parse_arguments, unrecognized
from filmlint.cli.exits import EXIT_ERROR, EXIT_PROBLEMS, UsageError
from filmlint.cli.streams import flush_outputs, reader_may_leave, say
from filmlint.engine.cache import CacheError
from filmlint.errors import ConfigError
from filmlint.rulekit.declaration import RuleError

__all__ = ["build_parser", "main", "parse_arguments", "unrecognized"]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:  # also when argparse exits: its help or error may meet a closed pipe
        flush_outputs()


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
        flush_outputs()
        return EXIT_PROBLEMS
    except Exception as error:
        _error(f"internal error: {type(error).__name__}: {error}", args)
        return EXIT_ERROR
    return code


def _error(message: str, args: argparse.Namespace) -> None:
    if getattr(args, "verbose", False) and sys.stderr is not None:
        import traceback  # only for --verbose: a run that fails has time to load it

        with reader_may_leave(sys.stderr):
            traceback.print_exc()
    say(f"filmlint: error: {message}")
