"""The `filmlint` hook, run by the real pre-commit program on a repository of film files."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID
from precommit_helpers import content_repository, git, run_pre_commit

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")

# The hook environment pre-commit builds is shared by every pre-commit test (`hooks`, in
# conftest.py).
pytestmark = [pytest.mark.slow]


def test_hook_fails_on_a_bad_file_with_positions_and_passes_on_a_good_one(
    hooks: tuple[Path, str, Path], tmp_path: Path
) -> None:
    hooks_repo, rev, home = hooks
    repo = content_repository(tmp_path / "site", hooks_repo, rev, ["filmlint"])
    films = repo / "src" / "content" / "films"
    films.mkdir(parents=True)
    (films / "alien.md").write_text(VALID, encoding="utf-8")
    (films / "bad.md").write_text(
        VALID.replace('status: "published"', "status: publised"), encoding="utf-8"
    )
    (repo / "notes.txt").write_text("not a film\n", encoding="utf-8")
    git(repo, "add", "-A")

    failed = run_pre_commit(
        repo, home, "src/content/films/alien.md", "src/content/films/bad.md", "notes.txt"
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "src/content/films/bad.md:7:9: FL104 [invalid-value]" in failed.stdout
    assert "alien.md" not in failed.stdout

    passed = run_pre_commit(repo, home, "src/content/films/alien.md", "notes.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_fix_hook_fixes_the_file_fails_once_then_passes(
    hooks: tuple[Path, str, Path], tmp_path: Path
) -> None:
    hooks_repo, rev, home = hooks
    repo = content_repository(tmp_path / "site", hooks_repo, rev, ["filmlint-fix"])
    film = repo / "alien.md"
    bad = VALID.replace("---\nBody", "language: zh_cn  # Mandarin\n---\nBody").replace("\n", "\r\n")
    film.write_bytes(bad.encode("utf-8"))
    git(repo, "add", "-A")

    fixed = run_pre_commit(repo, home, "alien.md")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert "Fixed 1 problem in 1 file" in fixed.stdout
    assert film.read_bytes() == bad.replace("zh_cn", "zh-CN").encode("utf-8")

    passed = run_pre_commit(repo, home, "alien.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_a_staged_name_that_starts_like_the_output_option_writes_no_report(
    hooks: tuple[Path, str, Path], tmp_path: Path
) -> None:
    """pre-commit names the staged files without ``--``: ``-o.md`` reads as ``-o .md``,
    ``-overview.md`` as ``-o verview.md``. The hook fails, saying why, and writes nothing."""
    hooks_repo, rev, home = hooks
    repo = content_repository(tmp_path / "site", hooks_repo, rev, ["filmlint"])
    for name in (".md", "verview.md"):
        (repo / name).write_text("committed notes\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "notes", "--no-verify")
    for name in ("-o.md", "-overview.md"):
        (repo / name).write_text(VALID, encoding="utf-8")
    git(repo, "add", "--", "-o.md", "-overview.md")

    result = run_pre_commit(repo, home)  # no file named: pre-commit names the staged ones
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "name the report's file as -o FILE or --output-file FILE" in output
    assert "files were modified by this hook" not in output
    for name in (".md", "verview.md"):
        assert (repo / name).read_text(encoding="utf-8") == "committed notes\n"
    assert git(repo, "status", "--porcelain") == "A  -o.md\nA  -overview.md"
