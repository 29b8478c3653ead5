"""Run filmlint's hooks through the real pre-commit program, in throwaway git repositories."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t.invalid",
    }
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def snapshot_of_this_repository(destination: Path) -> tuple[Path, str]:
    """A git repository holding this working tree's tracked files as they are now.

    pre-commit installs a hook repository from a commit; committing a copy means the hooks are
    tested as the files stand, committed or not.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() or source.is_symlink():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "snapshot")
    return destination, git(destination, "rev-parse", "HEAD")


def shared_hooks(folder: Path) -> tuple[Path, str, Path]:
    """A snapshot of this repository in ``folder`` (made by the first caller; others, in
    other processes, wait on a lock and reuse it), its commit, and a pre-commit home beside
    it."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = folder / "rev"
        if not made.exists():
            _, rev = snapshot_of_this_repository(folder / "filmlint")
            made.write_text(rev, encoding="utf-8")  # last: a snapshot cut short is not reused
    return folder / "filmlint", made.read_text(encoding="utf-8"), folder / "pre-commit-home"


def content_repository(path: Path, hooks_repo: Path, rev: str, hook_ids: list[str]) -> Path:
    """A repository of film files whose pre-commit configuration uses filmlint's hooks."""
    path.mkdir()
    git(path, "init", "-q")
    hooks = "\n".join(f"      - id: {hook}" for hook in hook_ids)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n{hooks}\n", encoding="utf-8"
    )
    return path


def pre_commit_environment(home: Path) -> dict[str, str]:
    """The variables pre-commit runs with: ``home`` its store, and pip (which installs the
    hooks' environment) leaving bytecode to be compiled as the hook imports its modules, not
    compiling every module of every dependency beforehand (half its CPU time here)."""
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "PIP_NO_COMPILE": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    return env


def run_pre_commit(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", *files],
        cwd=repo,
        env=pre_commit_environment(home),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


#: The test modules that run the hooks through pre-commit (they use conftest's ``hooks``).
HOOK_TEST_PATTERN = "test_*precommit.py"


def install_hooks(folder: Path) -> None:
    """Build the hooks' environment in the shared pre-commit home of ``folder`` (as
    ``shared_hooks`` lays it out), ahead of the tests that need it: started in the background
    when a run begins, its waits on pip and the network overlap other tests. A hook test
    that comes first waits on pre-commit's store lock, then reuses it."""
    hooks_repo, rev, home = shared_hooks(folder)
    warm = folder / "install-hooks"
    if not warm.exists():
        content_repository(warm, hooks_repo, rev, ["filmlint", "filmlint-fix"])
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install-hooks"],
        cwd=warm,
        env=pre_commit_environment(home),
        check=False,
        timeout=900,
    )


if __name__ == "__main__":
    install_hooks(Path(sys.argv[1]))
