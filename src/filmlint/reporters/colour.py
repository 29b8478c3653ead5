"""Colour for the formats people read: when to use it, and SGR codes to write it.

``--color auto`` colours only a terminal; ``NO_COLOR`` turns that off and ``FORCE_COLOR`` on
(for CI logs that render ANSI colours), ``NO_COLOR`` winning when both are set; ``always``
and ``never`` override both. The codes are written here rather than by rich, whose console
takes longer to import than the whole command line (about 85 ms against 78 ms).
"""

from __future__ import annotations

import os
from typing import Literal, TextIO

from filmlint.diagnostics import Severity

ColourMode = Literal["auto", "always", "never"]
COLOUR_MODES: tuple[ColourMode, ...] = ("auto", "always", "never")

BOLD, RED, YELLOW, BLUE = "1", "31", "33", "34"
SEVERITY_COLOUR = {Severity.ERROR: RED, Severity.WARNING: YELLOW}


def wants_colour(stream: TextIO, mode: ColourMode = "auto") -> bool:
    """Whether to colour what is written to ``stream`` in ``mode``."""
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # not a file, or a closed one
        return False


class Style:
    """Wraps text in SGR codes when enabled, else returns it unchanged."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *codes: str) -> str:
        if not self.enabled or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"
