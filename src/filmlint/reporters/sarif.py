"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Columns are UTF-16 code units (``columnKind: utf16CodeUnits``, written in the file), the
unit SARIF assumes when a file does not say and the one JavaScript-based viewers count in:
a character outside the Basic Multilingual Plane (an emoji) is two columns here, one in the
other outputs. ``rules`` lists every rule that ran, not only those with results, so a
viewer can tell a rule that found nothing from one that was not run, and the list is the
same from one run to the next. Artifact URIs are relative to ``%SRCROOT%``, the folder
filmlint ran in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from filmlint.diagnostics import Diagnostic
from filmlint.reporters import Report, RuleInfo, source_lines
from filmlint.version import __version__

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"


def write(report: Report, stream: TextIO) -> None:
    json.dump(sarif_log(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def sarif_log(report: Report) -> dict[str, Any]:
    rules = sorted(report.rules.values(), key=lambda r: r.code)
    index = {rule.name: i for i, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "filmlint",
                "version": __version__,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": report.root.absolute().as_uri() + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": [_result(report, d, index.get(d.rule)) for d in report.diagnostics],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.help, "markdown": rule.help},
        "defaultConfiguration": {"level": rule.severity.value},
    }
    if rule.help_uri is not None:
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _result(report: Report, d: Diagnostic, rule_index: int | None) -> dict[str, Any]:
    uri, relative = relative_uri(d.path, report.root)
    artifact = {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}
    text = report.source(d.path)
    lines = source_lines(text) if text is not None else []
    region = {
        "startLine": d.line,
        "startColumn": utf16_column(lines, d.line, d.column),
        "endLine": d.end_line,
        "endColumn": utf16_column(lines, d.end_line, d.end_column),
    }
    result: dict[str, Any] = {"ruleId": d.code}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result.update(
        level=d.severity.value,
        message={"text": d.message},
        locations=[{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
    )
    return result


def utf16_column(lines: list[str], line: int, column: int) -> int:
    """A 1-based code-point column turned into UTF-16 code units (unchanged without the line)."""
    if not 1 <= line <= len(lines):
        return column
    before = lines[line - 1][: column - 1]
    return column + sum(1 for char in before if ord(char) > 0xFFFF)


def relative_uri(path: str, root: Path) -> tuple[str, bool]:
    """A percent-encoded URI for ``path``: relative to ``root`` (True) when inside it,
    otherwise an absolute ``file:`` URI (False)."""
    absolute = Path(path).absolute()
    try:
        return quote(absolute.relative_to(root.absolute()).as_posix()), True
    except ValueError:
        return absolute.as_uri(), False
