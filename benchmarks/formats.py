"""How each output format and --fix cope with many problems in one file.

    python benchmarks/formats.py [--problems N] [--one-line N] [--runs N] [--formats NAME,NAME]

Writes a film whose topics list repeats one item N + 1 times (default N = 16,000): N
duplicate-item problems, each with a safe fix, all in one file; and the same with N/4 and
with none. Then, for every output format, the median wall time of --runs runs of `filmlint
check FILE --no-cache --format F`, and of `filmlint check COPY --no-cache --fix` on a fresh
copy each run, all run in turns: at N against the concise format (target: within 3x), and
the growth of each command's CPU time (user + sys: steadier than wall time on a busy
machine) from N/4 to N problems once the time of the file with none (start-up and fixed
costs) is taken off: linear is 4x, quadratic 16x (target: at most 6x).
Then the best time of each reporter alone, in this process, on the problems of N/4 and of N
duplicates: a format linear in the problems grows about 4x (less on sizes too small to time).
Last, the same on --one-line M problems (default 4,000) and M/4 all on one line, a flow list
whose items each follow an emoji: a format that works out each problem's column from the
start of its line (SARIF's UTF-16 columns) grows 16x there (target: at most 6x).
And the N duplicates written on one line (``topics: [Drama, Drama, ...]``), linted and
fixed in this process at N/4 and N: the time per problem at N over that at N/4, which is
about 1 when linear and 4 when each problem reads the whole line (target: at most 2).
Then a block list of N + 1 ``EN``, each with a case fix and all but the first duplicates,
fixed in this process at N/4 and N (target: at most 2 again). More targeted items than the
fixer's check of a shortened list once tried to match made every batch fail and be bisected
(2,000 items: 57 s).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET = 3.0
#: Growth from N/4 to N problems that still counts as linear (4x, with room for noise).
GROWTH = 6.0
#: A reporter's time below this on the smaller film is too short to tell a growth from noise.
TIMEABLE = 0.01
#: Time per problem at N over that at N/4 that still counts as linear (1x, with room for noise).
PER_PROBLEM = 2.0
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


def write_one_line_film(path: Path, problems: int) -> None:
    """The problems on one line, each after an astral character: the line grows with them."""
    items = ", ".join(['"\U0001f600 Drama"'] * (problems + 1))
    path.write_text(f"{HEAD[:-1]} [{items}]\n---\nBody.\n", encoding="utf-8")


def timed(command: Sequence[str], cwd: Path, fresh: Path | None = None) -> tuple[float, float]:
    """The wall and CPU time (user + sys) of one run; ``fresh`` is copied over the file a
    run fixes."""
    if fresh is not None:
        shutil.copyfile(fresh, cwd / "fixed.md")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 0 clean, 1 problems found; anything else failed
        sys.exit(f"{' '.join(command)} exited with {result.returncode}: {result.stderr!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def median_times(
    films: Sequence[Path], root: Path, runs: int, formats: Sequence[str]
) -> list[dict[str, tuple[float, float]]]:
    """For each film, the median wall and CPU time of each format's command and of --fix,
    all run in turns (every command on every film, then again) so that load falls on all
    alike."""
    output = ["--output-file", os.devnull]
    times: list[dict[str, list[tuple[float, float]]]] = [{} for _ in films]
    for _ in range(runs):
        for film, found in zip(films, times, strict=True):
            for name in formats:
                command = filmlint_command(film.name, "--format", name, *output)
                found.setdefault(name, []).append(timed(command, root))
            command = filmlint_command("fixed.md", "--fix", *output)
            found.setdefault("--fix", []).append(timed(command, root, fresh=film))
    return [
        {
            name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
            for name, t in found.items()
        }
        for found in times
    ]


def filmlint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "filmlint", "check", "--no-cache", *args]


def reporter_seconds(film: Path, runs: int, formats: Sequence[str]) -> dict[str, float]:
    """The best time of ``runs`` runs of each reporter alone on the problems of ``film``."""
    from filmlint import lint_paths
    from filmlint.reporters import Report, get_reporter

    diagnostics = lint_paths([film])
    seconds = {}
    for name in formats:
        write = get_reporter(name)
        walls = []
        for _ in range(runs):
            report = Report(diagnostics, 1, root=film.parent)  # no lines split by a run before
            start = time.perf_counter()
            write(report, io.StringIO())
            walls.append(time.perf_counter() - start)
        seconds[name] = min(walls)
    return seconds


def print_reporter_growth(
    small_film: Path, large_film: Path, runs: int, formats: Sequence[str]
) -> dict[str, float | None]:
    """Prints each reporter's best time on the problems of both films and its growth from
    the first to the second, and returns the growths (None: too short to time)."""
    smalls = reporter_seconds(small_film, runs, formats)
    larges = reporter_seconds(large_film, runs, formats)
    growths: dict[str, float | None] = {}
    for name in formats:
        small, large = smalls[name], larges[name]
        growths[name] = large / small if small >= TIMEABLE else None
        shown = f"{large / max(small, 1e-9):7.1f}x" + ("" if growths[name] else " (too short)")
        print(f"  {name:<16} {small * 1000:7.0f} ms {large * 1000:7.0f} ms {shown}")
    return growths


def one_line_film(problems: int) -> str:
    return HEAD.replace("topics:\n", "topics: [") + "Drama, " * problems + "Drama]\n---\nBody.\n"


def one_line_seconds(problems: int, runs: int) -> dict[str, float]:
    """The best time of ``runs`` runs of linting and of fixing a film whose one-line topics
    list repeats one item ``problems`` + 1 times."""
    from filmlint import fix_text, lint_text

    text = one_line_film(problems)
    calls = {"lint": lambda: lint_text(text, "film.md"), "fix": lambda: fix_text(text, "film.md")}
    seconds = {}
    for name, call in calls.items():
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            walls.append(time.perf_counter() - start)
        seconds[name] = min(walls)
    return seconds


def print_one_line(problems: int, runs: int) -> None:
    from filmlint import fix_text

    fix_text(one_line_film(1), "film.md")  # loads the rules: not a cost of the first size
    small_count = max(problems // 4, 1)
    small, large = one_line_seconds(small_count, runs), one_line_seconds(problems, runs)
    print(f"\n  {'one-line list':<16} {'N/4':>10} {'N':>10} {'per problem N : N/4':>21}")
    ratios = {}
    for name in small:
        ratios[name] = (large[name] / problems) / (small[name] / small_count)
        print(
            f"  {name:<16} {small[name] * 1000:7.0f} ms {large[name] * 1000:7.0f} ms "
            f"{ratios[name]:20.2f}x"
        )
    print(f"\nTargets (one-line list: time per problem at N over N/4, at most {PER_PROBLEM:g}x)")
    for name, ratio in ratios.items():
        print(f"  {name} {ratio:.2f}x: " + ("met" if ratio <= PER_PROBLEM else "NOT met"))


def fixed_duplicates_film(problems: int) -> str:
    """A block list whose every item has a case fix and all but the first are duplicates."""
    return (
        HEAD.replace("topics:\n", "contentLanguage:\n")
        + "  - EN\n" * (problems + 1)
        + ("---\nBody.\n")
    )


def fix_seconds(text: str, runs: int) -> float:
    """The best time of ``runs`` runs of fixing ``text`` in this process."""
    from filmlint import fix_text

    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        fix_text(text, "film.md")
        walls.append(time.perf_counter() - start)
    return min(walls)


def print_fixed_duplicates(problems: int, runs: int) -> None:
    fix_seconds(fixed_duplicates_film(1), 1)  # loads the rules
    small_count = max(problems // 4, 1)
    small = fix_seconds(fixed_duplicates_film(small_count), runs)
    large = fix_seconds(fixed_duplicates_film(problems), runs)
    ratio = (large / problems) / (small / small_count)
    print(f"\n  {'case-fixed dups':<16} {'N/4':>10} {'N':>10} {'per problem N : N/4':>21}")
    print(f"  {'fix':<16} {small * 1000:7.0f} ms {large * 1000:7.0f} ms {ratio:20.2f}x")
    target = f"time per problem at N over N/4, at most {PER_PROBLEM:g}x"
    print(f"\nTargets (case-fixed duplicates: {target})")
    print(f"  fix {ratio:.2f}x: " + ("met" if ratio <= PER_PROBLEM else "NOT met"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--problems", type=int, default=16_000, help="problems in the file")
    parser.add_argument(
        "--one-line", type=int, default=4_000, help="problems on one line, for the reporters alone"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument(
        "--formats", help="the formats to time, comma-separated (default: all; concise always)"
    )
    args = parser.parse_args()
    # Exit 1 means "problems found" and also "no module named filmlint": make sure it runs.
    subprocess.run([sys.executable, "-m", "filmlint", "--version"], check=True)
    from filmlint.reporters import FORMATS

    chosen = FORMATS if args.formats is None else {"concise", *args.formats.split(",")}
    formats = [name for name in FORMATS if name in chosen]
    if unknown := set(chosen) - set(FORMATS):
        sys.exit(f"no such format: {', '.join(sorted(unknown))}")
    print(f"{args.problems:,} problems in one file, median of {args.runs} run(s)")
    with tempfile.TemporaryDirectory(prefix="filmlint-formats-") as temporary:
        root = Path(temporary)
        film, quarter, clean = root / "film.md", root / "quarter.md", root / "clean.md"
        write_film(film, args.problems)
        write_film(quarter, args.problems // 4)
        write_film(clean, 0)
        times, quarter_times, clean_times = median_times(
            [film, quarter, clean], root, args.runs, formats
        )
        walls = {name: w for name, (w, _) in times.items()}
        concise = walls["concise"]
        print(f"\n  {'command':<12} {'wall':>9} {'/ concise':>10}")
        for name, seconds in walls.items():
            print(f"  {name:<12} {seconds:7.2f} s {seconds / concise:9.2f}x")
        print(f"\n  {'reporter alone':<16} {'N/4':>10} {'N':>10} {'growth':>8}")
        print_reporter_growth(quarter, film, args.runs, formats)
        line, line_quarter = root / "line.md", root / "line-quarter.md"
        write_one_line_film(line, args.one_line)
        write_one_line_film(line_quarter, args.one_line // 4)
        print(f"\n  {'reporter alone,':<16} {args.one_line:,} problems on one line")
        print(f"  {'one line':<16} {'M/4':>10} {'M':>10} {'growth':>8}")
        line_growths = print_reporter_growth(line_quarter, line, args.runs, formats)
        print(f"\n  {'command CPU time':<16} {'none':>9} {'N/4':>9} {'N':>9} {'growth':>8}")
        growths: dict[str, float | None] = {}
        for name, (_, whole) in times.items():
            fixed, small = clean_times[name][1], quarter_times[name][1]
            # Below this the N/4 problems cost too little to time against the start-up.
            growths[name] = (whole - fixed) / (small - fixed) if small - fixed > 0.03 else None
            shown = f"{growths[name]:7.1f}x" if growths[name] is not None else "    n/a"
            print(f"  {name:<16} {fixed:7.2f} s {small:7.2f} s {whole:7.2f} s {shown}")
        print("\nTargets (CPU time from N/4 to N problems, the file without any taken off)")
        for name, growth in growths.items():
            if growth is None:
                print(f"  {name} growth: N/4 problems too few to time (raise --problems)")
            else:
                print(
                    f"  {name} growth {growth:.1f}x (linear 4x; target <= {GROWTH:g}x): "
                    + ("met" if growth <= GROWTH else "NOT met")
                )
        print("\nTargets (reporters alone, from M/4 to M problems on one line)")
        for name, growth in line_growths.items():
            if growth is None:
                print(f"  {name} one-line growth: too short to time (raise --one-line)")
                continue
            print(
                f"  {name} one-line growth {growth:.1f}x (linear 4x, quadratic 16x; target <= "
                f"{GROWTH:g}x): " + ("met" if growth <= GROWTH else "NOT met")
            )
        print(f"\nTargets (within {TARGET:g}x of concise)")
        for name, seconds in walls.items():
            if name != "concise":
                ratio = seconds / concise
                verdict = "met" if ratio <= TARGET else "NOT met"
                print(f"  {name} {ratio:.2f}x: {verdict}")
    print_one_line(args.problems, args.runs)
    print_fixed_duplicates(args.problems, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
