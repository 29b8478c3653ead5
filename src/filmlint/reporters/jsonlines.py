"""One JSON object per line (the keys and strings of the ``json`` format), for streaming
consumers."""

from __future__ import annotations

from typing import TextIO

from filmlint.reporters import Report
from filmlint.reporters.display import json_text


def write(report: Report, stream: TextIO) -> None:
    for diagnostic in report.diagnostics:
        stream.write(json_text(diagnostic.to_dict()) + "\n")
