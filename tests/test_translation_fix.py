"""--fix on a translation alone: its base is read as context, as a check reads it, so the
unsafe fix of translation-mismatch can take the base's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from filmlint.engine.project import Project

CONFIG = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'


def film(body: str) -> str:
    return f'---\ntitle: "A"\n{body}---\n'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "alien.md").write_text(film("year: 1979\nimdbRating: 8.5\n"), encoding="utf-8")
    (tmp_path / "alien-en.md").write_text(film("year: 2004\nimdbRating: 8.5\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fixing_a_translation_alone_takes_the_base_value(site: Path) -> None:
    run = Project(select=["FL4"]).fix(["alien-en.md"], unsafe=True)
    assert [result.path for result in run.results] == ["alien-en.md"]  # the base is not fixed
    (result,) = run.results
    assert result.text == film("year: 1979\nimdbRating: 8.5\n")
    assert [d.rule for d in result.fixed] == ["translation-mismatch"]
    assert run.diagnostics == []


def test_without_unsafe_fixes_the_mismatch_remains_on_the_named_file_only(site: Path) -> None:
    run = Project(select=["FL4"]).fix(["alien-en.md"])
    assert [(d.path, d.line, d.rule) for d in run.diagnostics] == [
        ("alien-en.md", 3, "translation-mismatch")
    ]
    assert run.results[0].text == run.results[0].original


def test_check_fix_unsafe_fixes_writes_only_the_named_translation(site: Path) -> None:
    base = (site / "alien.md").read_bytes()
    result = run_cli("check", "--fix", "--unsafe-fixes", "--select", "FL4", "alien-en.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "alien-en.md").read_text(encoding="utf-8") == film(
        "year: 1979\nimdbRating: 8.5\n"
    )
    assert (site / "alien.md").read_bytes() == base
