"""What a URL check shows on the terminal: a progress bar for long checks (nothing at all for
short or unattended ones), and text made safe to print there.

The bar is rich's; rich is imported only when a bar is drawn (a terminal, and a check that
outlasts its delay), as importing it costs about 35 ms, more than linting a small site.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

from filmlint.text.escapes import printable

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress

__all__ = ["Progress", "printable"]

#: Seconds between two redraws: the bar is redrawn as URLs are checked, not on a timer, so
#: no thread of rich's runs beside the checks.
REDRAW = 0.1


class Progress:
    """Draws on ``stream`` only when it is a terminal and the work outlasts ``after`` seconds;
    ``close`` erases the bar, leaving the terminal as it was."""

    def __init__(self, stream: TextIO | None, total: int, *, after: float = 0.5) -> None:
        self._stream = stream if stream is not None and _is_terminal(stream) else None
        self._total = total
        self._done = 0
        self._start = time.monotonic()
        self._after = after
        self._drawn_at = 0.0
        self._bar: RichProgress | None = None

    def advance(self) -> None:
        self._done += 1
        if self._stream is None:
            return
        now = time.monotonic()
        if now - self._start < self._after or now - self._drawn_at < REDRAW:
            return
        self._drawn_at = now
        if self._bar is None:
            self._bar = _start_bar(self._stream, self._total)
        self._bar.update(self._bar.task_ids[0], completed=self._done)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.update(self._bar.task_ids[0], completed=self._done)
            self._bar.stop()
            self._bar = None


def _start_bar(stream: TextIO, total: int) -> RichProgress:
    from rich.console import Console  # only when a bar is drawn: see the module's note
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream, highlight=False),
        auto_refresh=False,
        transient=True,  # erased when done: the report follows on a clean line
        redirect_stdout=False,  # the report is written while the bar is up, never into it
        redirect_stderr=False,
    )
    bar.add_task("checking URLs", total=total)
    bar.start()
    return bar


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
