"""The floor script the benchmark compares filmlint with finds errors where filmlint does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID

yaml = pytest.importorskip("yaml")

pytestmark = pytest.mark.slow  # each test runs a script in a new process; bench.py runs many


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_floor_script_reports_schema_errors_at_their_place(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    bad = VALID.replace("releaseDate: 1979-05-25", "releaseDate: 1979-02-30").replace(
        'director: "Ridley Scott"', 'directer: "Ridley Scott"'
    )
    (tmp_path / "bad.md").write_text(bad, encoding="utf-8")
    (tmp_path / "none.md").write_text("# no front matter\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "floor.py"),
            str(ROOT / "schemas" / "film.schema.json"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    places = sorted(
        line.split(": ", 1)[0].removeprefix(str(tmp_path) + "/")
        for line in result.stdout.splitlines()
    )
    assert places == ["bad.md:2:1", "bad.md:2:1", "bad.md:5:14", "none.md:1:1"]


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_benchmark_prints_every_figure_and_target() -> None:
    """The benchmark script, end to end on the example films (a few copies, one run each)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            str(ROOT / "examples" / "films"),
            "--files", "12", "--runs", "1", "--startup-runs", "1", "--no-peers",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for measure in (
        "filmlint check (every offline rule)",
        "filmlint check, re-run from the cache",
        "filmlint check without the translation rules",
        "floor.py (read, split, C load, jsonschema)",
        "filmlint check one-file.md (no cache yet)",
        'python -c "import jsonschema, ruamel.yaml"',
    ):
        rows = [line for line in lines if measure in line]
        assert rows, measure
        assert all(any(c.isdigit() for c in row) for row in rows)
    targets = lines[lines.index("Targets on the 12-file corpus") + 1 :]
    assert [t.split("(target")[0].split()[0] for t in targets] == [
        "filmlint", "filmlint", "cache", "translation", "one-file",
    ]  # fmt: skip
    assert all(t.endswith((": met", ": NOT met")) for t in targets)
    assert "python -X importtime totals" in result.stdout
