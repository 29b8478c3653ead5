"""A JSON array of diagnostics: the public, documented contract of machine output.

Strings are the exact text, except the bytes of a file name that is not UTF-8 (which Python
holds as lone surrogates), written ``\\xNN``: ``caf\\xe9.md`` (``display.json_text``).
"""

from __future__ import annotations

from typing import Any, TextIO

from filmlint.diagnostics import Diagnostic, Fix, Position
from filmlint.reporters import Report
from filmlint.reporters.display import json_text


def as_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "code": diagnostic.code,
        "rule": diagnostic.rule,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "fix": _fix(diagnostic.fix),
    }


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "start": _position(e.start_position),
                "end": _position(e.end_position),
                "content": e.content,
            }
            for e in fix.edits
        ],
    }


def _position(position: Position | None) -> dict[str, int] | None:
    return None if position is None else {"line": position[0], "column": position[1]}


def write(report: Report, stream: TextIO) -> None:
    stream.write(json_text([as_dict(d) for d in report.diagnostics], indent=2) + "\n")
