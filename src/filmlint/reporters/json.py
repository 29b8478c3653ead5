"""A JSON array of diagnostics (``Diagnostic.to_dict``): the public, documented contract of
machine output.

Strings are the exact text, except the bytes of a file name that is not UTF-8 (which Python
holds as lone surrogates), written ``\\xNN``: ``caf\\xe9.md`` (``display.json_text``).
"""

from __future__ import annotations

from typing import TextIO

from filmlint.reporters import Report
from filmlint.reporters.display import json_text


def write(report: Report, stream: TextIO) -> None:
    stream.write(json_text([d.to_dict() for d in report.diagnostics], indent=2) + "\n")
