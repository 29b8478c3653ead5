"""One line per diagnostic: ``path:line:col: CODE [rule] message``."""

from __future__ import annotations

from typing import TextIO

from filmlint.reporters import Report, fix_hint
from filmlint.reporters.display import printable


def write(report: Report, stream: TextIO) -> None:
    for d in report.diagnostics:
        hint = fix_hint(report, d)
        line = f"{d.path}:{d.line}:{d.column}: {d.code} [{d.rule}] {d.message}{hint}"
        stream.write(printable(line) + "\n")
