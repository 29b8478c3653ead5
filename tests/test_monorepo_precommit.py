"""The issue's "done when": a site in a subfolder of a larger repository, committed from the
repository's root through the real pre-commit program. Each staged file is linted with its
nearest configuration and its collection's schema, the README and the drafts are skipped,
and one summary is printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from precommit_helpers import content_repository, git, run_pre_commit
from project_sites import SITE_FILES, SITE_LINTED, SITE_PROBLEMS, build_site

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")

# The hook environment pre-commit builds is shared by every pre-commit test (`hooks`, in
# conftest.py).
pytestmark = [pytest.mark.slow]


def test_a_commit_from_the_root_lints_the_site_with_its_own_configuration(
    hooks: tuple[Path, str, Path], tmp_path: Path
) -> None:
    hooks_repo, rev, home = hooks
    repo = content_repository(tmp_path / "monorepo", hooks_repo, rev, ["filmlint"])
    build_site(repo)
    (repo / "tools").mkdir()
    (repo / "tools" / "build.py").write_text("print('not Markdown')\n", encoding="utf-8")
    git(repo, "add", "-A")

    result = run_pre_commit(repo, home, *SITE_FILES, "tools/build.py")
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout
    for path, line, rule in SITE_PROBLEMS:
        assert f"{path}:{line}:" in output and f"[{rule}]" in output, (path, rule)
    # Only those: with the defaults, the README (no front matter) and every English and
    # French paragraph would be reported too, and the posts against the film schema.
    assert output.count(": FL") == len(SITE_PROBLEMS), output
    for skipped in ("README.md", "drafts/wip.md", "node_modules"):
        assert skipped not in output
    # One process (require_serial): one summary for every file.
    assert output.count(" problems (") == 1
    assert f"11 problems (3 errors, 8 warnings) in 5 of {len(SITE_LINTED)} files" in output


def test_a_clean_commit_passes(hooks: tuple[Path, str, Path], tmp_path: Path) -> None:
    hooks_repo, rev, home = hooks
    repo = content_repository(tmp_path / "monorepo", hooks_repo, rev, ["filmlint"])
    build_site(repo)
    git(repo, "add", "-A")
    clean = ["site/README.md", "site/src/content/films/alien.md", "site/src/content/blog/hello.md"]
    result = run_pre_commit(repo, home, *clean)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
