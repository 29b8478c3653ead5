"""Output formats. A reporter turns finished diagnostics into text; it knows nothing of rules."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from filmlint.diagnostics import Diagnostic


@dataclass(frozen=True)
class Report:
    """Everything a reporter may show: the diagnostics (sorted) and how many files were read."""

    diagnostics: Sequence[Diagnostic]
    files: int


Reporter = Callable[[Report, TextIO], None]

#: Format name -> module with a ``write(report, stream)`` function, imported only when used.
FORMATS: dict[str, str] = {
    "concise": "filmlint.reporters.concise",
    "json": "filmlint.reporters.json",
}


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(FORMATS[name])
    write: Reporter = module.write
    return write
