"""GitHub Actions workflow commands: each problem becomes an annotation on the pull request.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``, escaped as the
Actions runner unescapes them: ``%``, CR and LF in the message (so a line break in a
message is a line break in the annotation, never a second command); also ``:`` and ``,`` in
property values, where they would end the value. Other control characters, which the log
would pass to the reader's terminal, are shown as ``printable`` escapes.
"""

from __future__ import annotations

from functools import cache, partial
from typing import TextIO

from filmlint.diagnostics import Severity
from filmlint.reporters import Report, relative_path
from filmlint.reporters.display import printable


def escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(report: Report, stream: TextIO) -> None:
    relative = cache(partial(relative_path, root=report.root))  # once per file, not per problem
    for d in report.diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        properties = {
            "file": relative(d.path),
            "line": str(d.line),
            "col": str(d.column),
            "endLine": str(d.end_line),
            "endColumn": str(d.end_column),
            "title": f"{d.code} [{d.rule}]",
        }
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        stream.write(f"::{command} {joined}::{escape_data(d.message)}\n")
