"""Discovery drops nothing silently: a folder that cannot be listed, and anything named
``*.md`` that is not a regular file, are returned for the linter to report."""

from __future__ import annotations

import builtins
import os
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import VALID
from filmlint.engine.files import discover


def films(root: Path) -> None:
    for name in ("a.md", "locked/b.md", "locked/deeper/c.md", "open/d.md"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(VALID, encoding="utf-8")


def refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path, error: OSError) -> None:
    """``os.scandir`` fails for ``folder`` alone, as chmod 000 makes it fail for a user
    (tests may run as root, whom no mode stops)."""
    scandir = os.scandir

    def failing(path: object = ".") -> object:
        # A descriptor is listed as usual: discovery never passes one, removing the test's
        # temporary folder (rmtree) does.
        if isinstance(path, int):
            return scandir(path)
        if Path(os.fsdecode(path)).resolve() == folder.resolve():  # type: ignore[arg-type]
            raise error
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", failing)


ERRORS = [
    PermissionError(13, "Permission denied"),
    OSError(5, "Input/output error"),
    OSError(40, "Too many levels of symbolic links"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.strerror)
@pytest.mark.parametrize("locked", ["locked", "locked/deeper", "."])
def test_a_folder_that_cannot_be_listed_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, locked: str
) -> None:
    monkeypatch.chdir(tmp_path)
    root = Path("films-root")
    (tmp_path / "films-root").mkdir()
    films(tmp_path / "films-root")
    folder = root / locked
    refuse_listing(monkeypatch, folder, type(error)(error.errno, error.strerror, str(folder)))
    found = discover([root])
    expected = {
        ".": ["films-root"],
        "locked": ["films-root/a.md", "films-root/locked", "films-root/open/d.md"],
        "locked/deeper": [
            "films-root/a.md",
            "films-root/locked/b.md",
            "films-root/locked/deeper",
            "films-root/open/d.md",
        ],
    }[locked]
    assert found == expected


def test_the_current_folder_that_cannot_be_listed_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    films(tmp_path)
    monkeypatch.chdir(tmp_path)
    refuse_listing(
        monkeypatch, tmp_path / "locked", PermissionError(13, "Permission denied", "locked")
    )
    assert discover([Path()]) == ["a.md", "locked", "open/d.md"]


@pytest.fixture
def never_opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every path opened meanwhile (a FIFO opened for reading blocks until a writer comes)."""
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(os.fsdecode(file) if isinstance(file, (str, bytes, os.PathLike)) else "")  # type: ignore[arg-type]
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def spy_os_open(path: object, *args: object, **kwargs: object) -> int:
        opened.append(os.fsdecode(path))  # type: ignore[arg-type]
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    yield opened


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and Unix sockets")
def test_special_files_named_md_are_returned_and_never_opened(
    tmp_path: Path, never_opened: list[str]
) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "a.md").write_text(VALID, encoding="utf-8")
    os.mkfifo(tmp_path / "films" / "fifo.md")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "films" / "socket.md"))
        try:
            os.mknod(tmp_path / "films" / "device.md", stat.S_IFCHR | 0o600, os.makedev(1, 3))
            device = ["device.md"]
        except PermissionError:  # only root makes devices
            device = []
        found = discover([tmp_path / "films"])
    names = sorted(["a.md", "fifo.md", "socket.md", *device])
    assert found == [str(tmp_path / "films" / name) for name in names]
    assert not [
        path for path in never_opened if path.endswith(("fifo.md", "socket.md", "device.md"))
    ]


def test_a_symlinked_folder_is_not_followed_into_a_loop(tmp_path: Path) -> None:
    films(tmp_path)
    (tmp_path / "open" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "open" / "self").symlink_to(tmp_path / "open", target_is_directory=True)
    found = discover([tmp_path])
    assert found == sorted(
        str(tmp_path / name) for name in ("a.md", "locked/b.md", "locked/deeper/c.md", "open/d.md")
    )


def test_a_folder_git_could_not_list_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a work tree git lists the files; what it could not read it only warns about."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake_git = bin_folder / "git"
    fake_git.write_text(
        "#!/bin/sh\n"
        "printf 'a.md\\0open/d.md\\0'\n"
        "printf \"warning: could not open directory 'locked/': Permission denied\\n\" >&2\n"
        "printf \"warning: could not open directory '.hidden/': Permission denied\\n\" >&2\n",
        encoding="utf-8",
    )
    fake_git.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    films(tmp_path / "work")
    (tmp_path / "work" / ".git").mkdir()  # a work tree, as far as discovery looks
    monkeypatch.chdir(tmp_path / "work")
    assert discover([Path()]) == ["a.md", "locked", "open/d.md"]


def recording_git(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``git`` first on PATH that notes each start and then fails as outside a work tree
    (discovery falls back to its own walk)."""
    folder.mkdir()
    log = folder / "started"
    fake_git = folder / "git"
    fake_git.write_text(f"#!/bin/sh\necho started >> '{log}'\nexit 128\n", encoding="utf-8")
    fake_git.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("GIT_DIR", raising=False)
    return log


@pytest.mark.parametrize(
    ("marker", "walked", "started"),
    [
        (None, "site", False),  # no repository anywhere above
        ("site/.git/", "site", True),  # the folder walked is the work tree
        ("site/.git/", "site/content/films", True),  # a folder deep inside one
        ("site/.git", "site/content", True),  # a linked work tree or submodule: a .git file
        ("other/.git/", "site", False),  # a repository beside it is not above it
        ("GIT_DIR", "site", True),  # the environment names the repository
    ],
)
def test_git_is_started_only_where_it_can_find_a_repository(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    marker: str | None,
    walked: str,
    started: bool,
) -> None:
    log = recording_git(tmp_path / "bin", monkeypatch)
    root = tmp_path / "tree"
    films(root / walked)
    (root / "other").mkdir()
    if marker == "GIT_DIR":
        monkeypatch.setenv("GIT_DIR", str(root / "repository.git"))
    elif marker is not None and marker.endswith("/"):
        (root / marker).mkdir()
    elif marker is not None:
        (root / marker).write_text("gitdir: ../repository.git/worktrees/site\n", encoding="utf-8")
    found = discover([root / walked])
    assert log.exists() == started
    # Whichever way the folder was listed, the files found are the same.
    assert found == sorted(
        str(root / walked / name)
        for name in ("a.md", "locked/b.md", "locked/deeper/c.md", "open/d.md")
    )


def test_a_work_tree_reached_through_a_symlink_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git looks upwards from the physical folder, and so does discovery."""
    log = recording_git(tmp_path / "bin", monkeypatch)
    films(tmp_path / "repository" / "films")
    (tmp_path / "repository" / ".git").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "films").symlink_to(tmp_path / "repository" / "films")
    discover([tmp_path / "elsewhere" / "films"])
    assert log.exists()


def test_a_run_over_a_folder_that_cannot_be_listed_does_not_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from filmlint import cli

    films(tmp_path)
    (tmp_path / "filmlint.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    refuse_listing(
        monkeypatch, tmp_path / "locked", PermissionError(13, "Permission denied", "locked")
    )
    code = cli.main(["check", "--no-cache", "."])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("locked:")
    assert "unreadable-file" in out
