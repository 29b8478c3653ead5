"""What a URL check shows on the terminal: a progress bar for long checks (nothing at all for
short or unattended ones), and text made safe to print there.
"""

from __future__ import annotations

import time
from typing import TextIO

from filmlint.text.escapes import printable

__all__ = ["Progress", "printable"]

WIDTH = 30


class Progress:
    """Draws on ``stream`` only when it is a terminal and the work outlasts ``after`` seconds."""

    def __init__(self, stream: TextIO | None, total: int, *, after: float = 0.5) -> None:
        self._stream = stream if stream is not None and _is_terminal(stream) else None
        self._total = total
        self._done = 0
        self._start = time.monotonic()
        self._after = after
        self._drawn_at = 0.0

    def advance(self) -> None:
        self._done += 1
        if self._stream is None:
            return
        now = time.monotonic()
        if now - self._start < self._after or now - self._drawn_at < 0.1:
            return
        self._drawn_at = now
        filled = WIDTH * self._done // max(self._total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        self._stream.write(f"\rchecking URLs [{bar}] {self._done}/{self._total}")
        self._stream.flush()

    def close(self) -> None:
        if self._stream is not None and self._drawn_at:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
