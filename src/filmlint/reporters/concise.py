"""One line per diagnostic: ``path:line:col: CODE [rule] severity: message``.

The severity follows the rule, as in the junit format's text, so the ``path:line:col: CODE``
prefix that scripts and editors' problem matchers read stays where it was.
"""

from __future__ import annotations

from typing import TextIO

from filmlint.reporters import Report, fix_hint, style_for
from filmlint.reporters.colour import BOLD, SEVERITY_COLOUR
from filmlint.reporters.display import printable


def write(report: Report, stream: TextIO) -> None:
    style = style_for(report, stream)
    for d in report.diagnostics:
        where = style(printable(f"{d.path}:{d.line}:{d.column}:"), BOLD)
        code = style(printable(d.code), BOLD)
        severity = style(f"{d.severity.value}:", BOLD, SEVERITY_COLOUR[d.severity])
        message = printable(f"{d.message}{fix_hint(report, d)}")
        stream.write(f"{where} {code} [{printable(d.rule)}] {severity} {message}\n")
