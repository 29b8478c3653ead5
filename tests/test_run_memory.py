"""A run's memory is flat in the number of files: no result is held beyond what is reported
(issue 17). Measured with tracemalloc over runs of generated files of two sizes."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from conftest import film
from filmlint import Linter
from filmlint.engine import gathered

#: Films in the smaller and the larger run, each in two languages: every file is gathered
#: from by both translation rules.
SMALL, LARGE = 60, 300
#: What a run may grow by per file: its path, in the lists of files found, named and
#: linted, and its path without its locale, by which the run orders its files (measured:
#: about 360 bytes). Held until the run phase, these small files' gathered values took
#: 1,500 bytes a file (the real corpus's, 3,800); the planning, remembering every file's
#: language versions, 630.
BYTES_PER_FILE = 500

CONFIG = """\
[locale]
default = "zh-Hans"
suffixes = { en = "en" }
"""


def _films(folder: Path, count: int) -> Path:
    folder.mkdir()
    (folder / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
    films = folder / "films"
    films.mkdir()
    for n in range(count):
        extra = f'originalTitle: "Film {n:05d}"\ncountry: "US"\nyear: 1979\n'
        (films / f"film-{n:05d}.md").write_text(film(extra), encoding="utf-8")
        (films / f"film-{n:05d}-en.md").write_text(film(extra), encoding="utf-8")
    return films


def _peak(films: Path) -> tuple[int, int]:
    """The traced peak of a run over ``films`` above what was traced before it, and how
    many diagnostics it had."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        run = Linter().lint_paths([films], jobs=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - before, len(run.diagnostics)


@pytest.mark.slow  # a measure over runs of hundreds of files, as the benchmarks take
def test_a_run_holds_no_file_s_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Beyond a few files' references, they go to the database: what grows is what is held.
    monkeypatch.setattr(gathered, "IN_MEMORY", 32)
    small, large = _films(tmp_path / "small", SMALL), _films(tmp_path / "large", LARGE)
    Linter().lint_paths([small], jobs=1)  # what loads on first use (rules' tables) is not the run's
    small_peak, small_found = _peak(small)
    large_peak, large_found = _peak(large)
    assert small_found == large_found == 0  # nothing to report: all that grows is held
    per_file = (large_peak - small_peak) / (2 * (LARGE - SMALL))
    assert per_file < BYTES_PER_FILE, f"{per_file:.0f} bytes a file"
