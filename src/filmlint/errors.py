"""The exceptions that say a run cannot start because of how it was set up, below every
layer that raises them: the schema's loader (below the engine) raises a ``ConfigError`` too."""

from __future__ import annotations


class ConfigError(Exception):
    """The configuration cannot be read or holds a bad key or value."""
