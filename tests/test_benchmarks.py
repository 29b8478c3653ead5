"""The benchmark scripts: the baselines find errors where filmlint does, and bench.py prints
every figure and target."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID

pytestmark = pytest.mark.slow  # each test runs a script in a new process; bench.py runs many


def test_floor_script_reports_schema_errors_at_their_place(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml")
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


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            [],
            [
                'bad.md: "1979-02-30" is not a "date"',
                'bad.md: "director" is a required property',
                "broken.md: ",
                "none.md: no front matter",
            ],
        ),
        (["--floor"], ["bad.md: invalid", "broken.md: ", "none.md: no front matter"]),
    ],
    ids=["bare loop", "physical floor"],
)
def test_bare_loop_and_floor_report_each_invalid_file(
    tmp_path: Path, mode: list[str], expected: list[str]
) -> None:
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    (tmp_path / "crlf.md").write_text(VALID.replace("\n", "\r\n"), encoding="utf-8")
    bad = VALID.replace("releaseDate: 1979-05-25", "releaseDate: 1979-02-30").replace(
        'director: "Ridley Scott"', 'directer: "Ridley Scott"'
    )
    (tmp_path / "bad.md").write_text(bad, encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (tmp_path / "none.md").write_text("# no front matter\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bare_loop.py"),
            *mode,
            str(ROOT / "src" / "filmlint" / "schemas" / "film.schema.json"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = sorted(line.removeprefix(str(tmp_path) + "/") for line in result.stdout.splitlines())
    # An unknown key is reported by the schema as a message that names it, wherever it sorts.
    lines = [line for line in lines if "directer" not in line]
    assert len(lines) == len(expected)
    assert all(line.startswith(start) for line, start in zip(lines, expected, strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID, []),
        (VALID.replace("releaseDate: 1979-05-25", "releaseDate: 1979-02-30"), ["film.md: invalid"]),
        ("---\ntitle: [\n---\n", ["film.md: "]),
        ("# no front matter\n", ["film.md: no front matter"]),
    ],
    ids=["valid", "invalid", "broken YAML", "no front matter"],
)
def test_startup_floor_checks_the_file_and_writes_its_row(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    """The start-up floor does what a one-file check must: it finds what the physical floor
    finds in the file and writes a new cache of one row, the second run as the first."""
    (tmp_path / "film.md").write_text(text, encoding="utf-8")
    (tmp_path / "filmlint.toml").write_text('[locale]\ndefault = "en"\n', encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "startup_floor.py"),
        "filmlint.toml",
        str(ROOT / "src" / "filmlint" / "schemas" / "film.schema.json"),
        cache.name,
        "film.md",
    ]
    for _ in range(2):  # the second run finds the first one's cache, and replaces it
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert result.returncode == (1 if expected else 0), result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == len(expected)
        assert all(line.startswith(start) for line, start in zip(lines, expected, strict=True))
        with contextlib.closing(sqlite3.connect(cache)) as database:
            rows = database.execute("SELECT path, lines FROM results").fetchall()
        assert rows == [("film.md", result.stdout.removesuffix("\n"))]


def test_benchmark_prints_every_figure_and_target() -> None:
    """The benchmark script, end to end on the example films (a few copies, one run each, no
    wait for the copies to settle: the warm runs read them again, which no figure here needs)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            str(ROOT / "examples" / "films"),
            "--quick", "--files", "12", "--startup-runs", "1", "--settle", "0",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for measure in (
        "filmlint check, cold, writing the cache",
        "filmlint check, re-run from the cache",
        "the same after one file was edited",
        "filmlint check, cold, --no-cache",
        "filmlint check --jobs 1 --no-cache",
        "the same without the translation rules",
        "bare loop (read, split, C load, jsonschema-rs)",
        "physical floor (C compose, is_valid)",
        "filmlint check one-file.md (no cache yet)",
        'python -c "import filmlint"',
        'python -c "import jsonschema, ruamel.yaml"',
        "import filmlint and the libraries a run loads",
        "the start-up floor (benchmarks/startup_floor.py)",
        "start-up floor / import filmlint",
    ):
        rows = [line for line in lines if measure in line]
        assert rows, measure
        assert all(any(c.isdigit() for c in row) for row in rows)
    heading = next(line for line in lines if line.startswith("Targets (#17) on 12 files"))
    targets = lines[lines.index(heading) + 1 :]
    assert [t.split()[0] for t in targets] == [
        "--jobs", "--jobs", "default", "writing", "peak", "warm", "translation", "one-file",
    ]  # fmt: skip
    assert all(t.endswith((": met", ": NOT met")) for t in targets)
    assert "python -X importtime totals" in result.stdout
    if len(os.sched_getaffinity(0)) > 1:  # the machine's own ceiling beside the speed-up
        assert any("shares at once (forked)" in line for line in lines)
        assert "the bare loop's own" in targets[2]
        # the cache's and the translation rules' shares from runs side by side, one on each CPU
        assert "1 pair(s) run side by side" in targets[3]
        assert "1 pair(s) run side by side" in targets[6]
        assert "1 pair(s) run side by side" in targets[7]  # the start-up's


def test_stages_script_times_every_stage_and_rule() -> None:
    """The per-stage profile names each stage, each active rule's check and gather (its one
    timed round, without the untimed one before it: the figures need not be warm here)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "stages.py"),
            str(ROOT / "examples" / "films"),
            "--quick",
            "--files",
            "8",
            "--no-warm-up",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = {
        line[:46].strip(): line[46:].split()
        for line in result.stdout.splitlines()
        if line.startswith("  ") and not line.startswith("  (")
    }
    for stage in (
        "read", "decode", "parse_document", "split", "locale", "schema", "placing", "result (ignores, suppressions, lines)",
        "run phase (finish)", "report (concise)", "check: country-code",
        "gather: translation-mismatch", "sum of the stages",
        "cache: put, a batch written each 250", "cache: save, the last batch",
        "warm: load the cache", "warm: look up each file",
    ):  # fmt: skip
        assert stage in rows, stage
        assert float(rows[stage][0]) >= 0
    # The parser's steps, unless its private seams changed (then the table says so).
    if "(the parser's private seams changed" not in result.stdout:
        assert {"compose", "data build", "source map"} <= rows.keys()


def test_the_start_up_is_measured_on_a_film_and_its_translation(tmp_path: Path) -> None:
    """The first film by name that has a translation, then that translation; else the first
    film."""
    for name in ("a.md", "b-en.md", "b.md", "c.md", "c-en.md"):
        (tmp_path / name).write_text(VALID, encoding="utf-8")
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench; "
        "from pathlib import Path; print(*[p.name for p in bench.one_files(Path(sys.argv[1]))])"
    )

    def chosen() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    assert chosen() == ["b.md", "b-en.md"]
    for name in ("b-en.md", "c-en.md"):
        (tmp_path / name).unlink()
    assert chosen() == ["a.md"]
