"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Columns are UTF-16 code units (``columnKind: utf16CodeUnits``, written in the file), the
unit SARIF assumes when a file does not say and the one JavaScript-based viewers count in:
a character outside the Basic Multilingual Plane (an emoji) is two columns here, one in the
other outputs. ``rules`` lists every rule that ran, not only those with results, so a
viewer can tell a rule that found nothing from one that was not run, and the list is the
same from one run to the next. Artifact URIs are relative to ``%SRCROOT%``, the folder
filmlint ran in, and percent-encode the bytes of the file name, so a name that is not UTF-8
is named exactly (``caf%E9.md``); other strings are exact, except such a name's bytes in a
message, written ``\\xNN`` (``display.json_text``).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from filmlint.diagnostics import Diagnostic, RelatedLocation
from filmlint.reporters import Report, RuleInfo, normal_absolute
from filmlint.reporters.display import json_text, valid_text
from filmlint.version import __version__

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"


def write(report: Report, stream: TextIO) -> None:
    stream.write(json_text(sarif_log(report), indent=2) + "\n")


def sarif_log(report: Report) -> dict[str, Any]:
    rules = sorted(report.rules.values(), key=lambda r: r.code)
    index = {rule.name: i for i, rule in enumerate(rules)}
    uri_of = cache(partial(relative_uri, root=report.root))  # once per file, not per problem
    columns = Utf16Columns(report)
    run = {
        "tool": {
            "driver": {
                "name": "filmlint",
                "version": __version__,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": normal_absolute(report.root).as_uri() + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": [_result(columns, d, index.get(d.rule), uri_of) for d in report.diagnostics],
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


def _result(
    columns: Utf16Columns,
    d: Diagnostic,
    rule_index: int | None,
    uri_of: Callable[[str], tuple[str, bool]],
) -> dict[str, Any]:
    artifact = _artifact(d.path, uri_of)
    region = {
        "startLine": d.line,
        "startColumn": columns(d.path, d.line, d.column),
        "endLine": d.end_line,
        "endColumn": columns(d.path, d.end_line, d.end_column),
    }
    result: dict[str, Any] = {"ruleId": d.code}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result.update(
        level=d.severity.value,
        message={"text": d.message},
        locations=[{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
    )
    if d.related:
        result["relatedLocations"] = [
            _related_location(columns, index, related, uri_of)
            for index, related in enumerate(d.related)
        ]
    return result


def _related_location(
    columns: Utf16Columns,
    index: int,
    related: RelatedLocation,
    uri_of: Callable[[str], tuple[str, bool]],
) -> dict[str, Any]:
    column = columns(related.path, related.line, related.column)
    region = {"startLine": related.line, "startColumn": column}
    return {
        "id": index,
        "physicalLocation": {"artifactLocation": _artifact(related.path, uri_of), "region": region},
        "message": {"text": related.message},
    }


def _artifact(path: str, uri_of: Callable[[str], tuple[str, bool]]) -> dict[str, str]:
    uri, relative = uri_of(path)
    return {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}


#: A character outside the Basic Multilingual Plane: two UTF-16 code units, one code point.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Columns:
    """1-based code-point columns of a report's files turned into UTF-16 code units
    (unchanged without the line). Each line's astral characters are found once, at C speed,
    and a column counts those before it by bisection: many problems on one long line cost a
    search each, where scanning the line up to each column made them quadratic."""

    __slots__ = ("_astral", "_report")

    def __init__(self, report: Report) -> None:
        self._report = report
        #: (path, line) -> the 0-based code-point offsets of the line's astral characters.
        self._astral: dict[tuple[str, int], list[int]] = {}

    def __call__(self, path: str, line: int, column: int) -> int:
        astral = self._astral.get((path, line))
        if astral is None:
            lines = self._report.lines(path)
            text = lines[line - 1] if 1 <= line <= len(lines) else ""
            astral = self._astral[path, line] = [m.start() for m in _ASTRAL.finditer(text)]
        return column + bisect_left(astral, column - 1)


def relative_uri(path: str, root: Path) -> tuple[str, bool]:
    """A URI for ``path``, its bytes percent-encoded: relative to ``root`` (True) when inside
    it, otherwise an absolute ``file:`` URI (False)."""
    try:
        return _uri(path, root)
    except UnicodeEncodeError:  # a lone surrogate that no file name decodes to
        return _uri(valid_text(path), root)


def _uri(path: str, root: Path) -> tuple[str, bool]:
    absolute = normal_absolute(path)
    try:
        return quote(os.fsencode(absolute.relative_to(normal_absolute(root)).as_posix())), True
    except ValueError:
        return absolute.as_uri(), False
