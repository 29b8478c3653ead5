"""How a command ends: its exit codes (0 clean, 1 problems found, 2 usage or internal
error), and the error that ends a run which cannot be done as asked."""

from __future__ import annotations

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Options that cannot be used together."""
