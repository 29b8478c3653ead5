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

needs_valgrind = pytest.mark.skipif(
    not instructions.available(), reason="valgrind is not installed"
)


@pytest.mark.slow  # a program under valgrind
@needs_valgrind
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
    assert found["idle"].total == found["idle again"].total > 0
    assert found["prepared"].total > found["idle"].total + 100_000
    for counted in found.values():  # each instruction in one object, once
        assert sum(counted.by_object.values()) == counted.total
    python = found["prepared"].total - found["prepared"].without("libpython")
    assert python > found["idle"].total - found["idle"].without("libpython") + 100_000


@pytest.mark.slow  # a program under valgrind
@needs_valgrind
def test_a_failing_command_is_an_error_not_a_count(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited with 3"):
        instructions.count([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)


#: A callgrind profile as valgrind 3.19 writes one: names given once with an id, then by the
#: id alone; a callee's object first named in a call; the inclusive cost of each call; a
#: position without a count (nothing ran there).
PROFILE = """\
# callgrind format
version: 1
positions: line
events: Ir
summary: 1111

ob=(1) /usr/lib/libcrypto.so.3
fl=(1) ???
fn=(1) sha256_block
0 500
+2 100
cob=(2) /usr/lib/libc.so.6
cfn=(2) memcpy
calls=3 0
0 40

ob=(2)
fn=(2)
0 40
* 1

ob=(3) /usr/lib/libpython3.11.so
fn=(3) eval
0 400
+1
cob=(1)
cfn=(1)
calls=1 0
0 600
-1 70
"""


def test_each_object_counts_what_its_own_functions_ran() -> None:
    ran = instructions.by_object(PROFILE.splitlines())
    assert ran == {
        "/usr/lib/libcrypto.so.3": 600,
        "/usr/lib/libc.so.6": 41,
        "/usr/lib/libpython3.11.so": 470,
    }
    counted = instructions.Instructions(sum(ran.values()), ran)
    assert counted.total == 1111
    assert counted.without("libcrypto") == 511
    assert counted.without("libpython") == 641
