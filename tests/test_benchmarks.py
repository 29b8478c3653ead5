"""The floor script the benchmark compares filmlint with finds errors where filmlint does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID

yaml = pytest.importorskip("yaml")


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
