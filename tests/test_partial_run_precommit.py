"""A partial run through the real pre-commit program: the hook names only the staged
translation, reads its base from disk (as committed: pre-commit sets unstaged changes
aside), and reports the mismatch on the staged file alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import film
from precommit_helpers import content_repository, git, run_pre_commit

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")

# The hook environment pre-commit builds is shared by every pre-commit test (`hooks`, in
# conftest.py).
pytestmark = [pytest.mark.slow]

CONFIG = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'


def test_the_staged_translation_is_judged_by_its_committed_base(
    hooks: tuple[Path, str, Path], tmp_path: Path
) -> None:
    hooks_repo, rev, home = hooks
    repo = content_repository(tmp_path / "site", hooks_repo, rev, ["filmlint"])
    (repo / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
    films = repo / "films"
    films.mkdir()
    (films / "alien.md").write_text(film("imdbRating: 8.5\n"), encoding="utf-8")
    (films / "alien-en.md").write_text(film("imdbRating: 8.5\n"), encoding="utf-8")
    # A set that disagrees already, committed and left alone: not this commit's business.
    (films / "heat.md").write_text(film("imdbRating: 7.5\n"), encoding="utf-8")
    (films / "heat-en.md").write_text(film("imdbRating: 7.4\n"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "films", "--no-verify")

    (films / "alien-en.md").write_text(film("imdbRating: 8.4\n"), encoding="utf-8")
    git(repo, "add", "films/alien-en.md")
    # An unstaged edit of the base that would agree: pre-commit sets it aside, so the hook
    # judges the staged translation against the base as it is committed.
    (films / "alien.md").write_text(film("imdbRating: 8.4\n"), encoding="utf-8")

    result = run_pre_commit(repo, home)  # no file named: pre-commit names the staged ones
    output = result.stdout
    assert result.returncode == 1, output + result.stderr
    line = film("imdbRating: 8.5\n").splitlines().index("imdbRating: 8.5") + 1
    reported = [text for text in output.splitlines() if text.startswith("films/")]
    assert reported == [
        f"films/alien-en.md:{line}:13: FL404 [translation-mismatch] error: imdbRating is 8.4 "
        f"here but 8.5 in the base films/alien.md:{line}"
    ]  # a rating compares as a number: no fix takes the base's spelling
    assert "in 1 of 1 file" in output
    assert "heat" not in output
    assert (films / "alien.md").read_text(encoding="utf-8") == film("imdbRating: 8.4\n")
