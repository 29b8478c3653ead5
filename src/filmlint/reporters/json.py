"""A JSON array of diagnostics: the public, documented contract of machine output."""

from __future__ import annotations

import json
from typing import Any, TextIO

from filmlint.diagnostics import Diagnostic, Fix, Position
from filmlint.reporters import Report


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
    json.dump([as_dict(d) for d in report.diagnostics], stream, ensure_ascii=False, indent=2)
    stream.write("\n")
