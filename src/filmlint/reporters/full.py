"""Each diagnostic with the source lines it points at, underlined, and its fix, as ruff shows.

Colour as ``filmlint.reporters.colour`` decides; underlines measured in terminal columns by
wcwidth (wide CJK and emoji take two, combining marks and zero-width joiners none). A line
longer than ``LONG_LINE`` characters shows that many around where its span starts, with
"..." where it is cut: each diagnostic costs the same however long its lines are (thousands
of problems in a one-line list would otherwise print the whole line thousands of times).
"""

from __future__ import annotations

from typing import TextIO

from wcwidth import wcswidth, wcwidth

from filmlint.diagnostics import Diagnostic
from filmlint.reporters import Report, fix_hint, style_for
from filmlint.reporters.colour import BLUE, BOLD, SEVERITY_COLOUR, Style
from filmlint.reporters.display import printable

#: Spans longer than this many lines show their first and last lines around a "...".
MAX_SPAN_LINES = 4
#: Characters of a source line shown at most, and of them before the span's start.
LONG_LINE = 120
BEFORE_SPAN = 40
_CUT = "..."
_TAB = "    "


def write(report: Report, stream: TextIO) -> None:
    style = style_for(report, stream)
    for diagnostic in report.diagnostics:
        stream.write(_diagnostic(report, diagnostic, style))


def _diagnostic(report: Report, d: Diagnostic, style: Style) -> str:
    colour = SEVERITY_COLOUR[d.severity]
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


def _snippet(lines: list[str], d: Diagnostic, code: str, style: Style, colour: str) -> list[str]:
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
        start = d.column - 1 if number == d.line else _indent(line)
        end = d.end_column - 1 if number == d.end_line else len(line)
        first, last = _window(line, start)
        cut_before = _CUT if first else ""
        cut_after = _CUT if last < len(line) else ""
        gutter = style(f"{number:>{width}} |", BOLD, BLUE)
        shown = _display(line[first:last])
        out.append(f"{gutter} {cut_before}{shown}{cut_after}".rstrip() + "\n")
        pad = len(cut_before) + _width(_display(line[first:start]))
        marks = max(1, _width(_display(line[max(start, first) : min(end, last)])))
        label = f" {code}" if number == numbers[-1] else ""
        out.append(f"{bar} {' ' * pad}{style('^' * marks + label, BOLD, colour)}\n")
    out.append(bar + "\n")
    return out


def _window(line: str, start: int) -> tuple[int, int]:
    """The characters of ``line`` shown, from and to: all of a line up to ``LONG_LINE`` long,
    else ``LONG_LINE`` of them, ``BEFORE_SPAN`` before ``start`` where the line has them."""
    if len(line) <= LONG_LINE:
        return 0, len(line)
    first = max(0, min(start - BEFORE_SPAN, len(line) - LONG_LINE))
    return first, first + LONG_LINE


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _display(text: str) -> str:
    """A source line as shown: tabs as spaces, control characters as escapes (so the
    underline is measured on what is shown, escape by escape)."""
    return printable(text.replace("\t", _TAB))


def _width(shown: str) -> int:
    """Terminal columns of ``shown`` text (already ``printable``, so no control characters,
    for which wcswidth answers -1; any other it cannot measure counts one column each)."""
    width = wcswidth(shown)
    return width if width >= 0 else sum(max(0, wcwidth(char)) for char in shown)
