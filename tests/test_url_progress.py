"""The URL check's progress bar: rich's, drawn only on a terminal once the check outlasts its
delay, erased when done; rich is never imported by a run that draws no bar."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time

import pytest

from filmlint.urls.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(progress: Progress, steps: int) -> None:
    for _ in range(steps):
        progress.advance()
        time.sleep(0.11)  # past the redraw interval: each step is drawn
    progress.close()


def _read_all(descriptor: int) -> bytes:
    out = b""
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # the other end is closed (EIO on Linux)
            return out
        if not chunk:
            return out
        out += chunk


def test_a_terminal_gets_a_bar_that_is_erased_when_done() -> None:
    controller, terminal = os.openpty()
    try:
        stream = os.fdopen(terminal, "w", encoding="utf-8")
        _run(Progress(stream, 3, after=0.0), 3)
        stream.close()
        shown = _read_all(controller).decode("utf-8")
    finally:
        os.close(controller)
    assert "checking URLs" in shown
    assert "1/3" in shown and "3/3" in shown
    last = shown.rindex("3/3")
    # Ended cleanly: the cursor shown again and the bar's line erased, after its last draw.
    assert "\x1b[?25h" in shown[last:]
    assert shown.endswith("\x1b[2K")


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
@pytest.mark.parametrize(
    ("stream", "after"),
    [(io.StringIO(), 0.0), (Terminal(), 60.0)],
    ids=["not a terminal", "a short check"],
)
def test_no_bar_and_no_rich_without_a_terminal_or_for_a_short_check(
    stream: io.StringIO, after: float
) -> None:
    kind = "Terminal()" if isinstance(stream, Terminal) else "io.StringIO()"
    script = f"""
import io, sys, time
class Terminal(io.StringIO):
    def isatty(self):
        return True
from filmlint.urls.progress import Progress
stream = {kind}
progress = Progress(stream, 3, after={after})
for _ in range(3):
    progress.advance()
    time.sleep(0.11)
progress.close()
print(repr(stream.getvalue()), "rich" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["''", "False"]


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_command_line_does_not_import_rich() -> None:
    script = "import sys, filmlint.cli; print('rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_bar_on_a_terminal_like_stream_ends_with_its_line_erased() -> None:
    stream = Terminal()
    _run(Progress(stream, 2, after=0.0), 2)
    text = stream.getvalue()
    assert "2/2" in text
    assert text.endswith("\x1b[2K")


def test_closing_before_anything_was_drawn_writes_nothing() -> None:
    stream = Terminal()
    progress = Progress(stream, 5, after=60.0)
    progress.advance()
    progress.close()
    assert stream.getvalue() == ""
