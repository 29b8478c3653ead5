"""A file named several ways on one command line (relative, absolute, through ``..``, inside
a folder also named) is linted and reported once, under its plainest name, as ruff does; a
symlink is a file of its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.cli import main
from filmlint.engine.files import discover

FILES = ("films/a.md", "films/b.md", "films/en/c.md")


def _site(root: Path) -> None:
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("---\ntitle: A\nrating: 11\n---\n", encoding="utf-8")


def _spellings(name: str, root: Path) -> list[str]:
    folder, _, file = name.rpartition("/")
    back = f"{folder}/../{folder.rpartition('/')[2]}/{file}"  # films/en/../en/c.md
    return [name, f"./{name}", str(root / name), back, str(root / back)]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _site(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        (["films", "films/a.md"], list(FILES)),
        (["films/a.md", "{root}/films/a.md"], ["films/a.md"]),
        (["{root}/films/a.md", "films/../films/a.md"], ["films/../films/a.md"]),
        (["{root}/films", "films"], list(FILES)),
        (["{root}/films/en", "films/en/c.md"], ["films/en/c.md"]),
        (["films/en/../a.md", "films/b.md"], ["films/b.md", "films/en/../a.md"]),
    ],
)
def test_each_file_once_under_its_plainest_name(
    site: Path, named: list[str], expected: list[str]
) -> None:
    found = discover(Path(name.format(root=site)) for name in named)
    assert found == sorted(name.format(root=site) for name in expected)


@settings(max_examples=examples(100))
@given(st.lists(st.tuples(st.sampled_from(FILES), st.integers(0, 4)), min_size=1, max_size=8))
def test_any_spellings_give_one_name_per_file(
    tmp_path_factory: pytest.TempPathFactory, named: list[tuple[str, int]]
) -> None:
    root = tmp_path_factory.mktemp("site")
    _site(root)
    old = Path.cwd()
    os.chdir(root)
    try:
        found = discover(Path(_spellings(name, root)[way]) for name, way in named)
    finally:
        os.chdir(old)
    files = {name for name, _ in named}
    assert len(found) == len(files)
    assert {os.path.realpath(root / name) for name in found} == {
        os.path.realpath(root / name) for name in files
    }
    for name, way in named:  # a plain spelling wins whenever one was given
        if way in (0, 1) and name in files:
            assert name in found


def test_a_symlink_is_a_file_of_its_own(site: Path) -> None:
    (site / "films" / "link.md").symlink_to("a.md")
    assert discover([Path("films/a.md"), Path("films/link.md")]) == [
        "films/a.md",
        "films/link.md",
    ]


def test_check_counts_and_reports_the_file_once(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "films/a.md",
            str(site / "films/a.md"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert str(site) not in out
    assert out.count("films/a.md:3:1: FL101") == 1
    assert "in 1 of 1 file" in out


@pytest.fixture
def linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``site/a.md``, ``store/a.md``, ``site/link.md`` (a symlink to ``site/a.md``), and two
    folders in ``site``: ``plain`` (a folder) and ``films`` (a symlink to ``store/films``);
    the current folder is ``site``."""
    for name in ("site/a.md", "site/plain/b.md", "store/a.md", "store/films/b.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(VALID_TEXT.format(name=name), encoding="utf-8")
    (tmp_path / "site" / "films").symlink_to("../store/films", target_is_directory=True)
    (tmp_path / "site" / "link.md").symlink_to("a.md")
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path / "site"


VALID_TEXT = "---\ntitle: {name}\n---\n"

#: Spellings, and the file each names: ``films/..`` is ``store`` (the system resolves ".."
#: after the link), a symlink to a file is a file of its own, a file in a symlinked folder
#: is the file stored there.
SPELLINGS = {
    "a.md": "site/a.md",
    "./a.md": "site/a.md",
    "{site}/a.md": "site/a.md",
    "plain/../a.md": "site/a.md",
    "{site}/plain/../a.md": "site/a.md",
    "films/../a.md": "store/a.md",
    "{site}/films/../a.md": "store/a.md",
    "../store/a.md": "store/a.md",
    "link.md": "site/link.md",
    "{site}/link.md": "site/link.md",
    "films/b.md": "store/films/b.md",
    "../store/films/b.md": "store/films/b.md",
}


@pytest.mark.parametrize("first", list(SPELLINGS))
@pytest.mark.parametrize("second", list(SPELLINGS))
def test_names_are_told_apart_by_the_file_they_open(linked: Path, first: str, second: str) -> None:
    found = discover(Path(name.format(site=linked)) for name in (first, second))
    files = {SPELLINGS[first], SPELLINGS[second]}
    assert len(found) == len(files)
    assert {SPELLINGS[name.replace(str(linked), "{site}")] for name in found} == files


def test_a_file_through_a_symlinked_folder_and_its_own_name_is_another(
    linked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--no-cache", "--show-files", "a.md", "films/../a.md", "link.md"])
    out = capsys.readouterr().out
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "a.md",
        "films/../a.md",
        "link.md",
    ]
