"""``--statistics``: how many problems each rule found, most first, then by code; coloured as
the concise lines are (the code bold, in the colour of its rule's worst problem)."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from filmlint.diagnostics import Severity
from filmlint.reporters import Report, style_for
from filmlint.reporters.colour import BOLD, SEVERITY_COLOUR
from filmlint.reporters.display import json_text, printable


def counts(report: Report) -> list[tuple[int, str, str]]:
    """(count, code, rule) for each rule with problems, sorted by count (descending), code."""
    counter = Counter((d.code, d.rule) for d in report.diagnostics)
    return sorted(
        ((n, code, rule) for (code, rule), n in counter.items()), key=lambda c: (-c[0], c[1])
    )


def write(report: Report, stream: TextIO) -> None:
    style = style_for(report, stream)
    with_errors = {d.code for d in report.diagnostics if d.severity is Severity.ERROR}
    rows = counts(report)
    width = max((len(str(n)) for n, _, _ in rows), default=1)
    for n, code, rule in rows:
        colour = SEVERITY_COLOUR[Severity.ERROR if code in with_errors else Severity.WARNING]
        shown = style(printable(code), BOLD, colour)
        stream.write(f"{n:>{width}}  {shown}  {printable(rule)}\n")


def write_json(report: Report, stream: TextIO) -> None:
    rows = [{"code": code, "rule": rule, "count": n} for n, code, rule in counts(report)]
    stream.write(json_text(rows, indent=2) + "\n")
