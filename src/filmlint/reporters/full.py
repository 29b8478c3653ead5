"""Each diagnostic with the source lines it points at, underlined, and its fix, as ruff shows.

Colour is used only on a terminal; ``NO_COLOR`` turns it off and ``FORCE_COLOR`` on (for CI
logs that render ANSI colours), ``NO_COLOR`` winning when both are set.
"""

from __future__ import annotations

import os
import unicodedata
from typing import TextIO

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.reporters import Report, fix_hint
from filmlint.reporters.display import printable

#: Spans longer than this many lines show their first and last lines around a "...".
MAX_SPAN_LINES = 4
_TAB = "    "


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *codes: str) -> str:
        if not self.enabled or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


BOLD, RED, YELLOW, BLUE, CYAN = "1", "31", "33", "34", "36"


def write(report: Report, stream: TextIO) -> None:
    style = _Style(use_colour(stream))
    for diagnostic in report.diagnostics:
        stream.write(_diagnostic(report, diagnostic, style))


def _diagnostic(report: Report, d: Diagnostic, style: _Style) -> str:
    colour = RED if d.severity is Severity.ERROR else YELLOW
    code = printable(d.code)
    out = [
        f"{style(printable(d.path), BOLD)}:{d.line}:{d.column}: {style(code, BOLD, colour)} "
        f"[{printable(d.rule)}] {printable(d.message)}\n"
    ]
    lines = report.lines(d.path)
    if 1 <= d.line <= len(lines):
        out.extend(_snippet(lines, d, code, style, colour))
    if d.fix is not None:
        help_text = printable(d.fix.message + fix_hint(report, d))
        out.append(f"  {style('=', BOLD, BLUE)} {style('help', BOLD)}: {help_text}\n")
    out.append("\n")
    return "".join(out)


def _snippet(lines: list[str], d: Diagnostic, code: str, style: _Style, colour: str) -> list[str]:
    last = min(d.end_line, len(lines))
    numbers = list(range(d.line, last + 1))
    if len(numbers) > MAX_SPAN_LINES:
        numbers = [*numbers[:2], 0, numbers[-1]]  # 0 stands for the elided lines
    width = len(str(numbers[-1]))
    bar = style(" " * width + " |", BOLD, BLUE)
    out = [bar + "\n"]
    for number in numbers:
        if number == 0:
            out.append(style("." * width + "...", BOLD, BLUE) + "\n")
            continue
        line = lines[number - 1]
        gutter = style(f"{number:>{width}} |", BOLD, BLUE)
        out.append(f"{gutter} {_display(line)}".rstrip() + "\n")
        start = d.column - 1 if number == d.line else _indent(line)
        end = d.end_column - 1 if number == d.end_line else len(line)
        pad = _width(_display(line[:start]))
        marks = max(1, _width(_display(line[start:end])))
        label = f" {code}" if number == numbers[-1] else ""
        out.append(f"{bar} {' ' * pad}{style('^' * marks + label, BOLD, colour)}\n")
    out.append(bar + "\n")
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _display(text: str) -> str:
    """A source line as shown: tabs as spaces, control characters as escapes (so the
    underline is measured on what is shown, escape by escape)."""
    return printable(text.replace("\t", _TAB))


def _width(shown: str) -> int:
    """Terminal columns of ``shown`` text: wide East Asian characters take two, combining
    marks none."""
    total = 0
    for char in shown:
        if not unicodedata.combining(char):
            total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total
