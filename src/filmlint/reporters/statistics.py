"""``--statistics``: how many problems each rule found, most first, then by code."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from filmlint.reporters import Report
from filmlint.reporters.display import json_text, printable


def counts(report: Report) -> list[tuple[int, str, str]]:
    """(count, code, rule) for each rule with problems, sorted by count (descending), code."""
    counter = Counter((d.code, d.rule) for d in report.diagnostics)
    return sorted(
        ((n, code, rule) for (code, rule), n in counter.items()), key=lambda c: (-c[0], c[1])
    )


def write(report: Report, stream: TextIO) -> None:
    rows = counts(report)
    width = max((len(str(n)) for n, _, _ in rows), default=1)
    for n, code, rule in rows:
        stream.write(printable(f"{n:>{width}}  {code}  {rule}") + "\n")


def write_json(report: Report, stream: TextIO) -> None:
    rows = [{"code": code, "rule": rule, "count": n} for n, code, rule in counts(report)]
    stream.write(json_text(rows, indent=2) + "\n")
