"""The output-format benchmark prints every figure and target (timings themselves unchecked),
on two formats (each runs nine commands): the same code times every format."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

#: The formats timed: concise (what the others are measured against) and the one asked for.
TIMED = ["concise", "sarif"]


@pytest.mark.slow
def test_format_benchmark_prints_every_figure_and_target() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "formats.py"),
            "--problems",
            "40",
            "--one-line",
            "40",
            "--runs",
            "1",
            "--formats",
            "sarif",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "40 problems in one file, median of 1 run(s)" in lines
    walls = lines[lines.index("  command           wall  / concise") + 1 :][: len(TIMED) + 1]
    assert [row.split()[0] for row in walls] == [*TIMED, "--fix"]
    assert all(row.endswith("x") and " s " in row for row in walls)
    alone = lines[lines.index("  reporter alone          N/4          N   growth") + 1 :]
    assert [row.split()[0] for row in alone[: len(TIMED)]] == TIMED
    assert all(row.count(" ms ") == 2 for row in alone[: len(TIMED)])
    one_line = lines[lines.index("  one line                M/4          M   growth") + 1 :]
    assert [row.split()[0] for row in one_line[: len(TIMED)]] == TIMED
    line_targets = lines[
        lines.index("Targets (reporters alone, from M/4 to M problems on one line)") + 1 :
    ]
    assert [t.split()[0] for t in line_targets[: len(TIMED)]] == TIMED
    assert all(
        t.endswith((": met", ": NOT met", "(raise --one-line)")) for t in line_targets[: len(TIMED)]
    )
    targets = lines[lines.index("Targets (within 3x of concise)") + 1 :][: len(TIMED)]
    assert [t.split()[0] for t in targets] == [*TIMED, "--fix"][1:]
    assert all(t.endswith((": met", ": NOT met")) for t in targets)
    one_line = lines[
        lines.index("  one-line list           N/4          N   per problem N : N/4") + 1 :
    ]
    assert [row.split()[0] for row in one_line[:2]] == ["lint", "fix"]
    assert all(row.count(" ms ") == 2 and row.endswith("x") for row in one_line[:2])
    heading = "Targets (one-line list: time per problem at N over N/4, at most 2x)"
    verdicts = lines[lines.index(heading) + 1 :][:2]
    assert [v.split()[0] for v in verdicts] == ["lint", "fix"]
    assert all(v.endswith((": met", ": NOT met")) for v in verdicts)
    fixed = lines[lines.index("  case-fixed dups         N/4          N   per problem N : N/4") + 1]
    assert fixed.startswith("  fix ") and fixed.count(" ms ") == 2 and fixed.endswith("x")
    heading = "Targets (case-fixed duplicates: time per problem at N over N/4, at most 2x)"
    (verdict,) = lines[lines.index(heading) + 1 :]
    assert verdict.startswith("  fix ") and verdict.endswith((": met", ": NOT met"))
