"""GitLab code quality report (a JSON array), shown on merge requests.

Each issue's ``fingerprint`` must stay the same while the problem stays: it hashes the
path, the rule code, the offending text (not its line, which moves when lines are added
above it) and the message (problems at one place, such as every missing key at the first
key, are told apart by what they say, not by their rank, which moves when one is fixed),
and counts repeats of all four so that each keeps its own fingerprint.
Strings are exact, except the bytes of a file name that is not UTF-8, written ``\\xNN``
(``display.valid_text``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache, partial
from typing import Any, TextIO

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.reporters import Report, relative_path
from filmlint.reporters.display import json_text, valid_text


def write(report: Report, stream: TextIO) -> None:
    seen: Counter[tuple[str, str, str, str]] = Counter()
    relative = cache(partial(relative_path, root=report.root))  # once per file, not per problem
    issues = []
    for d in report.diagnostics:
        path = valid_text(relative(d.path))
        key = (path, d.code, offending_text(report, d), d.message)
        seen[key] += 1
        issues.append(_issue(d, path, fingerprint(*key, seen[key])))
    stream.write(json_text(issues, indent=2) + "\n")


def fingerprint(path: str, code: str, text: str, message: str, occurrence: int) -> str:
    material = "\0".join((path, code, text, message, str(occurrence)))
    return hashlib.sha256(valid_text(material).encode("utf-8")).hexdigest()


def _issue(d: Diagnostic, path: str, print_: str) -> dict[str, Any]:
    return {
        "description": f"{d.code} [{d.rule}] {d.message}",
        "check_name": d.code,
        "fingerprint": print_,
        "severity": "major" if d.severity is Severity.ERROR else "minor",
        "location": {
            "path": path,
            "positions": {
                "begin": {"line": d.line, "column": d.column},
                "end": {"line": d.end_line, "column": d.end_column},
            },
        },
    }


def offending_text(report: Report, diagnostic: Diagnostic) -> str:
    """The text a diagnostic points at, or its whole line when the span is empty."""
    lines = report.lines(diagnostic.path)
    if diagnostic.line > len(lines):
        return ""
    first, last = diagnostic.line - 1, min(diagnostic.end_line, len(lines)) - 1
    if (first, diagnostic.column) == (last, diagnostic.end_column):
        return lines[first].strip()
    if first == last:
        return lines[first][diagnostic.column - 1 : diagnostic.end_column - 1]
    middle = lines[first + 1 : last]
    parts = [
        lines[first][diagnostic.column - 1 :],
        *middle,
        lines[last][: diagnostic.end_column - 1],
    ]
    return "\n".join(parts)
