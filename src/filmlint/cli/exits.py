"""How a command ends: its exit codes (0 clean, 1 problems found, 2 usage or internal
error), and the error that ends a run which cannot be done as asked."""

from __future__ import annotations

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command that cannot be run as asked: options that do not go together, or a report
    with nowhere to go (no such folder, a closed stream). It ends the run with
    ``EXIT_ERROR``."""
