"""Writing to stdout and stderr: text for people made printable, a document for machines in
UTF-8, and a stream closed from the start or by its reader (``filmlint check | head``) no
crash."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from filmlint.cli.exits import UsageError
from filmlint.reporters import DOCUMENT_FORMATS
from filmlint.reporters.display import printable


def say(text: str, *, to_stdout: bool = False) -> None:
    """One line for people, on stderr unless told: with control and bidi characters as
    escapes, as the text may hold file names, keys or what a server said (a newline in one
    would forge a line, an ESC drive the terminal). Nothing when that stream is closed:
    ``print`` to None would write it on stdout, into a report."""
    target = stdout_for("concise") if to_stdout else sys.stderr
    if target is None:
        return
    with reader_may_leave(target):
        print(printable(text), file=target)


@contextlib.contextmanager
def reader_may_leave(stream: TextIO) -> Iterator[None]:
    """Write to ``stream`` knowing its reader may stop reading (``filmlint check | head``):
    that is no error. The output stops quietly, the run goes on (fixes are still written)
    and exits with its own code, so that a pipeline under ``set -o pipefail`` passes or fails
    by the files, not by how much of the report its reader wanted."""
    try:
        yield
    except BrokenPipeError:
        _to_devnull(stream)


def _to_devnull(stream: TextIO) -> None:
    """Point ``stream``'s descriptor at the null device, so that what is still buffered for
    the closed pipe, and any later write, go nowhere instead of raising again (the Python
    documentation's advice for SIGPIPE)."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a file (a test's buffer): nothing to redirect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def flush_outputs() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when the process started: nothing was written to it
            continue
        with reader_may_leave(stream):
            stream.flush()


def stdout_for(output_format: str) -> TextIO:
    """Standard output made ready for a report (or a listing, a rule's page, a diff): a
    document for machines in UTF-8, as it says it is; text for people in the terminal's
    encoding, with what that cannot encode (CJK on an ASCII or Latin-1 terminal) as
    backslash escapes instead of a crash. A UsageError
    when the process was started with stdout closed (``>&-``: Python sets it to None)."""
    stdout = sys.stdout
    if stdout is None:
        raise UsageError("cannot write to stdout: it is closed")
    if isinstance(stdout, io.TextIOWrapper):
        if output_format in DOCUMENT_FORMATS:
            stdout.reconfigure(encoding="utf-8", errors="strict")
        else:
            stdout.reconfigure(errors="backslashreplace")
    return stdout


def write_stdout_bytes(raw: bytes) -> None:
    stdout = stdout_for("concise")
    with reader_may_leave(stdout):
        stdout.flush()
        stdout.buffer.write(raw)
        stdout.buffer.flush()
