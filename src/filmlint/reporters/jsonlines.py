"""One JSON object per line (the keys of the ``json`` format), for streaming consumers."""

from __future__ import annotations

import json
from typing import TextIO

from filmlint.reporters import Report
from filmlint.reporters.json import as_dict


def write(report: Report, stream: TextIO) -> None:
    for diagnostic in report.diagnostics:
        stream.write(json.dumps(as_dict(diagnostic), ensure_ascii=False) + "\n")
