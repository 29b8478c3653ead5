"""filmlint: lint the YAML front matter of Markdown film files.

The library API::

    import filmlint
    for d in filmlint.lint_text(text, path="alien-1979.md"):
        print(d.line, d.column, d.code, d.message)

``lint_text`` uses the default configuration unless given a ``Config``
(``filmlint.load_config()`` reads the project's); ``lint_paths`` lints each file with its
nearest configuration file and its collection, as the command line does, unless given one.
For many calls, build a ``Linter`` once.
``fix_text`` applies the fixes diagnostics carry and returns the new text with the
diagnostics that remain.

A setup that cannot be used raises ``ConfigError`` (a bad configuration or argument; its
subclass ``SchemaLoadError``: a schema that cannot be loaded) or ``RuleError`` (a rule plugin
that cannot be loaded); an argument of the wrong type, ``TypeError``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from filmlint.diagnostics import Diagnostic, Edit, Fix, Problem, Severity
from filmlint.engine import arguments
from filmlint.engine.linter import FileResult, Linter, default_linter
from filmlint.engine.settings import Config, load_config
from filmlint.errors import ConfigError
from filmlint.rulekit.declaration import RuleError
from filmlint.schema.validation import SchemaLoadError
from filmlint.version import __version__

__all__ = [
    "Config",
    "ConfigError",
    "Diagnostic",
    "Edit",
    "FileResult",
    "Fix",
    "Linter",
    "Problem",
    "RuleError",
    "SchemaLoadError",
    "Severity",
    "__version__",
    "fix_text",
    "lint_paths",
    "lint_text",
    "load_config",
]


def _linter(config: Config | None, select: Sequence[str] | None, ignore: Sequence[str]) -> Linter:
    if config is None and select is None and ignore in ((), []):
        return default_linter()  # anything else is checked by Linter
    return Linter(config, select=select, ignore=ignore)


def lint_text(
    text: str,
    path: str | os.PathLike[str] | None = None,
    *,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Lint one file's text. ``path`` names it in diagnostics and picks its locale."""
    return _linter(config, select, ignore).lint_text(text, path)


def fix_text(
    text: str,
    path: str | os.PathLike[str] | None = None,
    *,
    unsafe: bool = False,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> tuple[str, list[Diagnostic]]:
    """Apply the safe fixes (and with ``unsafe=True`` the unsafe ones too) to one file's text.

    Returns the fixed text, identical outside the edits, and the diagnostics of that text. A
    fix that would change the front matter's data anywhere but where it is meant to is not
    applied (its problem stays among the diagnostics).
    """
    from filmlint.engine.fixer import Fixer

    text, name = arguments.text(text, "fix_text"), arguments.optional_name(path, "fix_text")
    unsafe = arguments.flag(unsafe, "fix_text", "unsafe")
    fixer = Fixer(_linter(config, select, ignore), unsafe=unsafe)
    result = fixer.fix_text(text, name)
    remaining = fixer.finish([result], offline=True)
    return result.text, remaining


def lint_paths(
    paths: Iterable[str | Path] | str | Path,
    *,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Lint files and folders (walked for Markdown files); diagnostics sorted by place. A str or
    Path alone is one path. Each file gets its nearest configuration file (and its collection
    there; excluded files and files in no collection are skipped), unless ``config`` is given
    for every file."""
    named = arguments.paths(paths, "lint_paths")
    return _linter(config, select, ignore).lint_paths(named).diagnostics
