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


def test_counts_repeat_exactly_and_grow_with_the_work(tmp_path: Path) -> None:
    marker = tmp_path / "made"
    # Fails unless its preparation ran; then does more than the idle run.
    prepared = (
        f"import pathlib, sys; sys.exit(3) if not pathlib.Path({str(marker)!r}).exists() "
        "else sum(range(100_000))"
    )
    idle = [sys.executable, "-c", "pass"]
    found = instructions.counts(
        [
            instructions.Counted("idle", idle, tmp_path),
            instructions.Counted("idle again", idle, tmp_path),
            instructions.Counted(
                "prepared", [sys.executable, "-c", prepared], tmp_path, marker.touch
            ),
        ],
        processes=2,
    )
    assert list(found) == ["idle", "idle again", "prepared"]
    assert found["idle"] == found["idle again"] > 0
    assert found["prepared"] > found["idle"] + 100_000


def test_a_failing_command_is_an_error_not_a_count(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited with 3"):
        instructions.count([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)
