"""``--output-file`` never replaces a file the run reads, however it is named: the run stops
with exit 2 before linting, and the file keeps its bytes. A report file that is none of them
is written as asked."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import front, run_cli, run_stdin

#: A film with a problem a safe fix mends (a rating written ``07.40``), so that ``--fix``
#: would write it before the report.
FIXABLE = front('title: "Alien"\nimdbRating: "07.40"\n')


def _site(root: Path) -> None:
    (root / "filmlint.toml").write_text("", encoding="utf-8")
    (root / "other.toml").write_text("", encoding="utf-8")
    (root / "films").mkdir()
    (root / "films" / "a.md").write_text(FIXABLE, encoding="utf-8")
    (root / "films" / "b.md").write_text(FIXABLE, encoding="utf-8")


def _symlink(root: Path) -> str:
    (root / "report.txt").symlink_to(Path("films") / "a.md")
    return "report.txt"


def _hard_link(root: Path) -> str:
    os.link(root / "films" / "a.md", root / "report.txt")
    return "report.txt"


def _pyproject(root: Path) -> str:
    (root / "filmlint.toml").unlink()
    (root / "pyproject.toml").write_text("[tool.filmlint]\n", encoding="utf-8")
    return "pyproject.toml"


#: The report file named (made by the callable, from the site's root) and the arguments
#: of the run.
CASES: dict[str, tuple[Callable[[Path], str], list[str]]] = {
    "the file named": (lambda root: "films/a.md", ["check", "films/a.md"]),
    "a file found in a folder named": (lambda root: "films/b.md", ["check", "films"]),
    "spelt with ./ and ..": (lambda root: "./films/../films/a.md", ["check", "films/a.md"]),
    "its absolute path": (lambda root: str(root / "films" / "a.md"), ["check", "films"]),
    "a symlink to it": (_symlink, ["check", "films"]),
    "a hard link to it": (_hard_link, ["check", "films"]),
    "with --fix": (lambda root: "films/a.md", ["check", "--fix", "films/a.md"]),
    "with --diff": (lambda root: "films/a.md", ["check", "--diff", "films/a.md"]),
    "the configuration": (lambda root: "filmlint.toml", ["check", "films"]),
    "pyproject.toml": (_pyproject, ["check", "films"]),
    "the configuration --config names": (
        lambda root: "other.toml",
        ["check", "--config", "other.toml", "films"],
    ),
}


@pytest.mark.parametrize(("named", "args"), CASES.values(), ids=CASES.keys())
def test_a_report_over_a_file_the_run_reads_is_refused_and_the_file_kept(
    tmp_path: Path, named: Callable[[Path], str], args: list[str]
) -> None:
    _site(tmp_path)
    report = named(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    result = run_cli(*args, "--output-file", report, cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write the report to " in result.stderr
    assert "which this run reads" in result.stderr
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_a_report_over_the_file_a_text_on_stdin_is_linted_as_is_refused(tmp_path: Path) -> None:
    _site(tmp_path)
    result = run_stdin(
        "check", "--stdin-filename", "films/a.md", "--output-file", "films/a.md",
        stdin=FIXABLE.encode(), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert (tmp_path / "films" / "a.md").read_text(encoding="utf-8") == FIXABLE


@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_a_report_file_the_run_does_not_read_is_written(tmp_path: Path, existing: bool) -> None:
    _site(tmp_path)
    if existing:
        (tmp_path / "report.md").write_text("the last report\n", encoding="utf-8")
    result = run_cli("check", "films", "--output-file", "report.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "write the rating '07.40'" in (tmp_path / "report.md").read_text(encoding="utf-8")
