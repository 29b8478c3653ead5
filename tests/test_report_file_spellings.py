"""How the report's file may be named: only in spellings that a file name passed alone (as
pre-commit passes the staged names, without ``--``) cannot take, so that no staged file
becomes the report's target."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID, run_cli

REFUSED = {
    "attached to -o": ["-oreport.txt"],
    "a staged -o.md": ["-o.md"],
    "attached with =": ["-o=report.txt"],
    "ending a cluster": ["-qoreport.txt"],
    "ending a longer cluster": ["-vqo.md"],
    "an abbreviation with =": ["--output-fil=report.txt"],
    "an abbreviation": ["--output-fi", "report.txt"],
}

ACCEPTED = {
    "-o FILE": ["-o", "report.txt"],
    "--output-file FILE": ["--output-file", "report.txt"],
    "--output-file=FILE": ["--output-file=report.txt"],
    "after a cluster of flags": ["-q", "-o", "report.txt"],
    "a cluster ending in -o": ["-qo", "report.txt"],
}


def _site(tmp_path: Path) -> Path:
    (tmp_path / "alien.md").write_text(VALID, encoding="utf-8")
    (tmp_path / ".md").write_text("kept\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("spelling", REFUSED.values(), ids=REFUSED)
def test_a_report_file_joined_to_its_option_is_a_usage_error(
    tmp_path: Path, spelling: list[str]
) -> None:
    site = _site(tmp_path)
    result = run_cli("check", *spelling, "alien.md", cwd=site)
    assert result.returncode == 2, result.stderr
    assert "name the report's file as -o FILE or --output-file FILE" in result.stderr
    assert "filmlint check -- " in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".md", "alien.md"]  # nothing written
    assert (site / ".md").read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("spelling", ACCEPTED.values(), ids=ACCEPTED)
def test_a_report_file_in_a_word_of_its_own_is_written(tmp_path: Path, spelling: list[str]) -> None:
    site = _site(tmp_path)
    result = run_cli("check", *spelling, "alien.md", cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "report.txt").is_file()
    assert (site / ".md").read_text(encoding="utf-8") == "kept\n"


def test_a_file_named_like_the_option_is_linted_after_the_separator(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "-o.md").write_text("no front matter\n", encoding="utf-8")
    result = run_cli("check", "--", "-o.md", cwd=site)
    assert result.returncode == 1
    assert result.stdout.startswith("-o.md:1:1: FL003 [missing-front-matter]")
    assert (site / ".md").read_text(encoding="utf-8") == "kept\n"


def test_an_unknown_option_says_how_to_name_such_a_file(tmp_path: Path) -> None:
    result = run_cli("check", "-notes.md", cwd=_site(tmp_path))
    assert result.returncode == 2
    assert "filmlint check -- -notes.md" in result.stderr
