"""Instruction counts of commands under valgrind's callgrind, for ``bench.py --instructions``.

A count is exact and repeats run after run, where CPU time does not: on a shared virtual
machine two runs of the same command differ by tens of percent. It leaves out what a run
pays for memory stalls, so a target judged on CPU time may still be missed when its count
is met; and valgrind runs SHA-256 without the CPU's SHA extensions, so a run that hashes
every file (writing the cache) counts more than its share.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.MULTILINE)


def available() -> bool:
    return shutil.which("valgrind") is not None


@dataclass
class Counted:
    """A command whose instructions to count, in ``cwd``, after ``before`` (None: nothing)."""

    name: str
    command: Sequence[str]
    cwd: Path
    before: Callable[[], None] | None = None


def count(command: Sequence[str], cwd: Path) -> int:
    """The instructions the command executes (its output thrown away). Raises RuntimeError
    when it fails, or when valgrind says nothing of what it collected."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd,
        # The same string hashes, so the same dictionary orders, in every run.
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode not in (0, 1) or found is None:  # filmlint: 0 clean, 1 problems
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}: {done.stderr}")
    return int(found.group(1))


def counts(cases: Sequence[Counted], processes: int) -> dict[str, int]:
    """Each case's count, ``processes`` at a time (a count does not depend on the load)."""

    def counted(case: Counted) -> int:
        if case.before is not None:
            case.before()
        return count(case.command, case.cwd)

    with ThreadPoolExecutor(max_workers=max(1, processes)) as pool:
        return dict(zip((c.name for c in cases), pool.map(counted, cases), strict=True))
