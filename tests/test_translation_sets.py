"""Translation sets across a run: which files are read, and how often."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from filmlint.engine import linter as linter_module
from filmlint.engine.project import Project

CONFIG = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en", fr = "fr" }\n'


def film(year: int) -> str:
    return f'---\ntitle: "A"\nyear: {year}\n---\n'


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file is read, by its resolved path."""
    counted: Counter[str] = Counter()
    read_file = linter_module.read_file

    def counting(path: str | Path, limit: int) -> object:
        counted[str(Path(path).resolve())] += 1
        return read_file(path, limit)

    monkeypatch.setattr(linter_module, "read_file", counting)
    return counted


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
    films = tmp_path / "films"
    films.mkdir()
    for stem in ("alien", "heat"):
        for suffix, year in (("", 1979), ("-en", 2004), ("-fr", 1979)):
            (films / f"{stem}{suffix}.md").write_text(film(year), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("named", "sets", "reported"),
    [
        (["films"], ["alien", "heat"], ["films/alien-en.md", "films/heat-en.md"]),
        (["films/alien-en.md"], ["alien"], ["films/alien-en.md"]),
        (["films/alien-en.md", "films/alien.md"], ["alien"], ["films/alien-en.md"]),
        (
            ["films/alien-en.md", "films/alien.md", "films/alien-fr.md", "films/heat-fr.md"],
            ["alien", "heat"],
            ["films/alien-en.md"],
        ),
        (
            ["films/heat.md", "films/alien-fr.md", "./films/alien-en.md"],
            ["alien", "heat"],
            ["films/alien-en.md"],
        ),
    ],
    ids=["folder", "translation", "with-base", "three-and-another", "spelt-otherwise"],
)
def test_every_file_is_read_once_named_or_read_for_context(
    site: Path, reads: Counter[str], named: list[str], sets: list[str], reported: list[str]
) -> None:
    """Each version of a named file's film is read once: named, or as context."""
    run = Project(select=["FL4"]).lint(named, jobs=1)
    assert reads == {
        str((site / "films" / f"{stem}{suffix}.md").resolve()): 1
        for stem in sets
        for suffix in ("", "-en", "-fr")
    }
    assert [Path(d.path).as_posix() for d in run.diagnostics] == reported
