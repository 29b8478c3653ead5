"""How each output format and --fix cope with many problems in one file.

    python benchmarks/formats.py [--problems N] [--runs N]

Writes a film whose topics list repeats one item N + 1 times (default N = 16,000): N
duplicate-item problems, each with a safe fix, all in one file. Then, for every output
format, the median wall time of --runs runs of `filmlint check FILE --no-cache --format F`,
and of `filmlint check COPY --no-cache --fix` on a fresh copy each run, each against the
concise format (target: within 3x). Then the best time of each reporter alone, in this
process, on the problems of N/4 and of N duplicates: a format linear in the problems grows
about 4x (less on sizes too small to time).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET = 3.0
HEAD = """\
---
title: "Alien"
director: "Ridley Scott"
description: "A crew meets a creature."
releaseDate: 1979-05-25
status: "published"
topics:
"""


def write_film(path: Path, problems: int) -> None:
    path.write_text(HEAD + '  - "Drama"\n' * (problems + 1) + "---\nBody.\n", encoding="utf-8")


def median_wall(command: Sequence[str], cwd: Path, runs: int, fresh: Path | None = None) -> float:
    """The median wall time of ``runs`` runs; ``fresh`` is copied over the file a run fixes."""
    walls = []
    for _ in range(runs):
        if fresh is not None:
            shutil.copyfile(fresh, cwd / "fixed.md")
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):  # 0 clean, 1 problems found; anything else failed
            sys.exit(f"{' '.join(command)} exited with {result.returncode}: {result.stderr!r}")
    return statistics.median(walls)


def filmlint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "filmlint", "check", "--no-cache", *args]


def reporter_seconds(film: Path, runs: int) -> dict[str, float]:
    """The best time of ``runs`` runs of each reporter alone on the problems of ``film``."""
    from filmlint import lint_paths
    from filmlint.reporters import FORMATS, Report, get_reporter

    diagnostics = lint_paths([film])
    seconds = {}
    for name in FORMATS:
        write = get_reporter(name)
        walls = []
        for _ in range(runs):
            report = Report(diagnostics, 1, root=film.parent)  # no lines split by a run before
            start = time.perf_counter()
            write(report, io.StringIO())
            walls.append(time.perf_counter() - start)
        seconds[name] = min(walls)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--problems", type=int, default=16_000, help="problems in the file")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    args = parser.parse_args()
    # Exit 1 means "problems found" and also "no module named filmlint": make sure it runs.
    subprocess.run([sys.executable, "-m", "filmlint", "--version"], check=True)
    from filmlint.reporters import FORMATS

    print(f"{args.problems:,} problems in one file, median of {args.runs} run(s)")
    with tempfile.TemporaryDirectory(prefix="filmlint-formats-") as temporary:
        root = Path(temporary)
        film, quarter = root / "film.md", root / "quarter.md"
        write_film(film, args.problems)
        write_film(quarter, args.problems // 4)
        output = ["--output-file", os.devnull]
        walls = {
            name: median_wall(
                filmlint_command(film.name, "--format", name, *output), root, args.runs
            )
            for name in FORMATS
        }
        walls["--fix"] = median_wall(
            filmlint_command("fixed.md", "--fix", *output), root, args.runs, fresh=film
        )
        concise = walls["concise"]
        print(f"\n  {'command':<12} {'wall':>9} {'/ concise':>10}")
        for name, wall in walls.items():
            print(f"  {name:<12} {wall:7.2f} s {wall / concise:9.2f}x")
        print(f"\n  {'reporter alone':<16} {'N/4':>10} {'N':>10} {'growth':>8}")
        quarters, wholes = reporter_seconds(quarter, args.runs), reporter_seconds(film, args.runs)
        for name in FORMATS:
            small, large = quarters[name], wholes[name]
            print(
                f"  {name:<16} {small * 1000:7.0f} ms {large * 1000:7.0f} ms "
                f"{large / max(small, 1e-9):7.1f}x"
            )
        print(f"\nTargets (within {TARGET:g}x of concise)")
        for name, wall in walls.items():
            if name != "concise":
                ratio = wall / concise
                verdict = "met" if ratio <= TARGET else "NOT met"
                print(f"  {name} {ratio:.2f}x: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
