"""Instruction counts of commands under valgrind's callgrind, for ``bench.py --instructions``.

A count is exact and repeats run after run, where CPU time does not: on a shared virtual
machine two runs of the same command differ by tens of percent. It leaves out what a run
pays for memory stalls, so a target judged on CPU time may still be missed when its count
is met; and valgrind runs SHA-256 without the CPU's SHA extensions, so a run that hashes
every file (writing the cache) counts more than its share: each count also says what each
shared object executed itself (``Instructions.without``), read from callgrind's profile.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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


class Instructions(NamedTuple):
    """What a command executed: in all, and by shared object (its path), each object's
    functions counted where they ran, not in their callers."""

    total: int
    by_object: Mapping[str, int]

    def without(self, name: str) -> int:
        """The total, less what the objects whose file name starts with ``name`` ran."""
        return self.total - sum(
            ran for path, ran in self.by_object.items() if Path(path).name.startswith(name)
        )


def count(command: Sequence[str], cwd: Path) -> Instructions:
    """The instructions the command executes (its output thrown away). Raises RuntimeError
    when it fails, or when valgrind says nothing of what it collected."""
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={profile}", *command],
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
        with profile.open(encoding="utf-8", errors="replace") as lines:
            return Instructions(int(found.group(1)), by_object(lines))


def by_object(profile: Iterable[str]) -> dict[str, int]:
    """The instructions each object's functions ran, from a callgrind profile (its format:
    ``ob=`` names the object of the functions that follow, and ``cob=`` a callee's, each
    maybe as ``(id) path`` the first time and ``(id)`` after; a cost line is a position and
    a count; the line after ``calls=`` is a call's inclusive cost, counted in the callee)."""
    names: dict[str, str] = {}
    ran: dict[str, int] = {}
    current = ""
    in_call = False
    for line in profile:
        if line[:1].isdigit() or line[:1] in ("+", "-", "*"):
            if in_call:
                in_call = False
            elif len(fields := line.split()) > 1:  # a position and a count
                ran[current] = ran.get(current, 0) + int(fields[1])
        elif line.startswith("ob="):
            current = _name(line[3:].strip(), names)
        elif line.startswith("cob="):  # a callee's object, maybe named here first
            _name(line[4:].strip(), names)
        elif line.startswith("calls="):
            in_call = True
    return ran


def _name(named: str, names: dict[str, str]) -> str:
    """A name of the profile, given as ``(id) name``, ``(id)`` or ``name``."""
    if not named.startswith("("):
        return named
    key, _, name = named[1:].partition(")")
    if name.strip():
        names[key] = name.strip()
    return names.get(key, named)


def counts(cases: Sequence[Counted], processes: int) -> dict[str, Instructions]:
    """Each case's count, ``processes`` at a time (a count does not depend on the load)."""

    def counted(case: Counted) -> Instructions:
        if case.before is not None:
            case.before()
        return count(case.command, case.cwd)

    with ThreadPoolExecutor(max_workers=max(1, processes)) as pool:
        return dict(zip((c.name for c in cases), pool.map(counted, cases), strict=True))
