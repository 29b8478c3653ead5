"""bench.py --instructions: counts of instructions under valgrind's callgrind, which repeat
exactly where CPU time drifts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location(
    "instructions", ROOT / "benchmarks" / "instructions.py"
)
assert spec is not None and spec.loader is not None
instructions = importlib.util.module_from_spec(spec)
sys.modules["instructions"] = instructions  # its dataclass looks its module up
spec.loader.exec_module(instructions)

pytestmark = [
    pytest.mark.slow,  # a program under valgrind
    pytest.mark.skipif(not instructions.available(), reason="valgrind is not installed"),
]


def test_a_count_repeats_exactly_and_grows_with_the_work(tmp_path: Path) -> None:
    python = [sys.executable, "-c"]
    idle = instructions.count([*python, "pass"], tmp_path)
    assert idle == instructions.count([*python, "pass"], tmp_path)
    assert instructions.count([*python, "sum(range(1_000_000))"], tmp_path) > idle + 10**6


def test_a_failing_command_is_an_error_not_a_count(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited with 3"):
        instructions.count([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)


def test_counts_run_each_case_after_its_preparation(tmp_path: Path) -> None:
    marker = tmp_path / "made"
    script = f"import pathlib, sys; sys.exit(0 if pathlib.Path({str(marker)!r}).exists() else 3)"
    found = instructions.counts(
        [
            instructions.Counted("idle", [sys.executable, "-c", "pass"], tmp_path),
            instructions.Counted(
                "prepared", [sys.executable, "-c", script], tmp_path, marker.touch
            ),
        ],
        processes=2,
    )
    assert list(found) == ["idle", "prepared"]
    assert all(count > 0 for count in found.values())
