"""Only regular files are read, and at most max-file-size bytes of them: a FIFO, a device or a
folder that cannot be listed is an unreadable-file problem, never a hang or a flood."""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VALID, examples, run_cli, run_cli_process, throwaway_folder
from filmlint import Config, ConfigError, Linter
from filmlint.diagnostics import Diagnostic
from filmlint.engine.cache import ResultCache
from filmlint.engine.settings import MAX_FILE_SIZE, parse_config
from filmlint.reporters import FORMATS
from filmlint.text import reading
from filmlint.urls.cache import is_url_cache

#: Long enough for any of these runs; a read that blocks or floods fails instead of hanging.
TIMEOUT = 30


def unreadable(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [
        (Path(d.path).name, d.line, d.column, d.message)
        for d in diagnostics
        if d.rule == "unreadable-file"
    ]


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO named like a film; whoever blocks on it is let go when the test ends."""
    path = tmp_path / "fifo.md"
    os.mkfifo(path)
    yield path
    # A reader blocked in open() is released by a writer that opens and closes; without a
    # reader, opening fails and nothing was blocked.
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def within_timeout(function: Callable[[], Any]) -> Any:
    """``function()``, run in a thread: a call that blocks fails the test instead of hanging."""
    outcome: list[Any] = []
    worker = threading.Thread(target=lambda: outcome.append(function()), daemon=True)
    worker.start()
    worker.join(TIMEOUT)
    assert not worker.is_alive(), "the call blocked"
    return outcome[0]


def run_limited(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``filmlint ARGUMENTS`` in a process of its own, with a memory limit and a timeout: a
    regression that reads without end fails, it does not take the machine's memory."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return run_cli_process(*arguments, cwd=cwd, timeout=TIMEOUT, preexec_fn=limit_memory)


def test_a_fifo_named_on_the_command_line_is_reported_not_read(tmp_path: Path, fifo: Path) -> None:
    (tmp_path / "film.md").write_text(VALID, encoding="utf-8")
    result = within_timeout(
        lambda: run_cli("check", "--no-cache", "fifo.md", "film.md", cwd=tmp_path)
    )
    assert result.stdout.splitlines()[0] == (
        "fifo.md:1:1: FL009 [unreadable-file] error: not a regular file: FIFO"
    )
    assert result.returncode == 1


def test_a_walked_fifo_is_reported_and_the_fix_does_not_block(tmp_path: Path, fifo: Path) -> None:
    (tmp_path / "film.md").write_text(VALID, encoding="utf-8")
    for extra in ([], ["--fix"]):
        result = within_timeout(partial(run_cli, "check", "--no-cache", *extra, ".", cwd=tmp_path))
        assert (
            "fifo.md:1:1: FL009 [unreadable-file] error: not a regular file: FIFO" in result.stdout
        )
        assert result.returncode == 1


@pytest.mark.slow
@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_reported_in_a_real_process(
    tmp_path: Path, fifo: Path, target: str
) -> None:
    """In a process of its own, with a memory limit: a regression fails, it does not take the
    machine's memory."""
    (tmp_path / "x.md").symlink_to(target)
    result = run_limited(["check", "--no-cache", "x.md", "fifo.md"], tmp_path)
    assert result.stdout.splitlines()[:2] == [
        "fifo.md:1:1: FL009 [unreadable-file] error: not a regular file: FIFO",
        "x.md:1:1: FL009 [unreadable-file] error: not a regular file: character device",
    ]
    assert result.returncode == 1


def test_a_fifo_swapped_in_after_the_check_does_not_block(
    tmp_path: Path, fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is opened without blocking and checked again once open."""
    regular = tmp_path / "film.md"
    regular.write_text(VALID, encoding="utf-8")
    real_stat = os.stat
    monkeypatch.setattr(
        "filmlint.text.reading.os.stat",
        lambda path, *a, **k: real_stat(regular if path == str(fifo) else path),
    )
    found = within_timeout(lambda: Linter().lint_file(str(fifo)))
    assert unreadable(found) == [("fifo.md", 1, 1, "not a regular file: FIFO")]


def test_a_stat_given_by_the_caller_is_checked_again_once_open(tmp_path: Path, fifo: Path) -> None:
    """The result cache hands over the stat it made: a FIFO swapped in since is still found
    out on the open descriptor, and not read."""
    regular = tmp_path / "film.md"
    regular.write_text(VALID, encoding="utf-8")
    stale = regular.stat()
    found = within_timeout(lambda: reading.read_file(fifo, MAX_FILE_SIZE, stale))
    assert not isinstance(found, bytes)
    assert found.message == "not a regular file: FIFO"
    assert reading.read_file(regular, MAX_FILE_SIZE, stale) == regular.read_bytes()


def test_a_run_with_a_cache_stats_each_file_once_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"film-{index}.md" for index in range(3)]
    for name in names:
        (tmp_path / name).write_text(VALID, encoding="utf-8")
    stated: list[str] = []
    real_stat = os.stat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path).endswith(".md"):
            stated.append(Path(path).name)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr("filmlint.text.reading.os.stat", counted)
    monkeypatch.setattr("filmlint.engine.cache_keys.os.stat", counted)
    linter = Linter()
    cache = ResultCache(tmp_path / ".filmlint_cache")
    for name in names:
        assert linter.file_result(str(tmp_path / name), cache).diagnostics == []
    assert stated == names


def test_a_folder_that_cannot_be_listed_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk returns such a folder among the files; reading it gives the listing's error."""
    folder = tmp_path / "locked"
    folder.mkdir()
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        # A descriptor (removing the test's temporary folder lists one) is listed as usual.
        if not isinstance(path, int) and os.fspath(path) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("filmlint.text.reading.os.scandir", scandir)
    assert unreadable(Linter().lint_file(str(folder))) == [
        ("locked", 1, 1, "cannot read folder: Permission denied")
    ]


def test_a_missing_file_keeps_the_system_reason(tmp_path: Path) -> None:
    assert unreadable(Linter().lint_file(str(tmp_path / "gone.md"))) == [
        ("gone.md", 1, 1, "cannot read file: No such file or directory")
    ]


def test_a_socket_is_not_opened(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert unreadable(Linter().lint_file(str(path))) == [
            ("s.md", 1, 1, "not a regular file: socket")
        ]


@settings(max_examples=examples(30), deadline=None)
@given(limit=st.integers(1, 4096), extra=st.integers(-3, 3))
def test_a_file_is_read_up_to_the_limit_and_no_further(
    tmp_path_factory: pytest.TempPathFactory, limit: int, extra: int
) -> None:
    size = max(0, limit + extra)
    path = throwaway_folder(tmp_path_factory, "sizes") / "film.md"
    path.write_bytes(b"x" * size)
    read = reading.read_file(path, limit)
    if size <= limit:
        assert read == b"x" * size
    else:
        assert not isinstance(read, bytes)
        assert read.message == f"file is larger than max-file-size ({reading.size_text(limit)})"


@pytest.mark.parametrize(("limit", "whole"), [(1024, False), (4096, True)])
def test_a_file_that_grew_after_the_check_is_read_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, whole: bool
) -> None:
    path = tmp_path / "film.md"
    path.write_bytes(b"x" * 2000)

    def stale(real: Callable[..., os.stat_result]) -> Callable[..., os.stat_result]:
        def call(*args: Any, **kwargs: Any) -> os.stat_result:
            values = list(real(*args, **kwargs))
            values[stat.ST_SIZE] = 10  # as it was when checked
            return os.stat_result(values)

        return call

    monkeypatch.setattr("filmlint.text.reading.os.stat", stale(os.stat))
    monkeypatch.setattr("filmlint.text.reading.os.fstat", stale(os.fstat))
    read = reading.read_file(path, limit)
    if whole:
        assert read == b"x" * 2000
    else:
        assert not isinstance(read, bytes)
        assert read.message == "file is larger than max-file-size (1 KiB)"


@settings(max_examples=examples(30), deadline=None)
@given(content=st.binary(max_size=300), piece=st.integers(1, 16), extra=st.integers(-2, 2))
def test_a_file_read_in_short_pieces_is_read_whole(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, piece: int, extra: int
) -> None:
    # The system may return fewer bytes than asked for (a network file system, a signal).
    path = throwaway_folder(tmp_path_factory, "pieces") / "film.md"
    path.write_bytes(content)
    limit = max(1, len(content) + extra)
    real_read = os.read
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "filmlint.text.reading.os.read", lambda fd, count: real_read(fd, min(count, piece))
        )
        read = reading.read_file(path, limit)
    if len(content) <= limit:
        assert read == content
    else:
        assert not isinstance(read, bytes)
        assert read.message.startswith("file is larger than max-file-size")


@pytest.mark.parametrize(
    ("size", "text"),
    [(MAX_FILE_SIZE, "10 MiB"), (1536, "1536 bytes"), (2048, "2 KiB"), (1 << 30, "1 GiB")],
)
def test_sizes_are_shown_as_configured(size: int, text: str) -> None:
    assert reading.size_text(size) == text


def test_max_file_size_is_configured_and_reported_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text("max-file-size = 1024\n", encoding="utf-8")
    (tmp_path / "big.md").write_text(VALID + "x" * 1024, encoding="utf-8")
    (tmp_path / "film.md").write_text(VALID, encoding="utf-8")
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert result.stdout.splitlines()[0] == (
        "big.md:1:1: FL009 [unreadable-file] error: file is larger than max-file-size (1 KiB)"
    )
    assert result.returncode == 1


def test_a_lower_limit_is_not_hidden_by_the_cache(tmp_path: Path) -> None:
    film = tmp_path / "film.md"
    film.write_text(VALID, encoding="utf-8")
    os.utime(film, ns=(0, 0))  # settled: the cache may trust its size and time
    cache = tmp_path / "cache"
    assert (
        Linter(Config(root=tmp_path)).lint_paths([film], cache=ResultCache(cache)).diagnostics == []
    )
    small = Config(root=tmp_path, max_file_size=16)
    found = Linter(small).lint_paths([film], cache=ResultCache(cache)).diagnostics
    assert unreadable(found) == [("film.md", 1, 1, "file is larger than max-file-size (16 bytes)")]


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10 MiB", [1]])
def test_a_bad_max_file_size_is_a_configuration_error(value: Any) -> None:
    with pytest.raises(ConfigError, match=r"^filmlint.toml: max-file-size: expected a number"):
        parse_config({"max-file-size": value}, None, prefix="filmlint.toml")


def test_the_default_limit_is_generous() -> None:
    assert parse_config({}, None).max_file_size == MAX_FILE_SIZE == 10 * 1024 * 1024
    assert parse_config({"max-file-size": 5}, None).max_file_size == 5


# What the report reads again to show a file's lines: what the linter read, nothing more


def _oversized(path: Path) -> None:
    (path.parent / "filmlint.toml").write_text("max-file-size = 1024\n", encoding="utf-8")
    path.write_text(VALID + "x" * 2048, encoding="utf-8")


#: Files the linter refuses to read (an unreadable-file problem), made at the path given. The
#: device is /dev/null: a report that opens it fails without reading it without end.
REFUSED = {
    "FIFO": os.mkfifo,
    "character device": partial(os.symlink, "/dev/null"),
    "over max-file-size": _oversized,
}


class _Opens:
    """The names of the files this process opens inside ``watched()``, by ``open`` or
    ``os.open``: an audit hook sees every way of opening. Added once per process, as a hook
    cannot be taken away."""

    hooked = False
    names: list[str] | None = None

    @classmethod
    def note(cls, event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and cls.names is not None and isinstance(args[0], (str, os.PathLike)):
            cls.names.append(Path(args[0]).name)

    @classmethod
    @contextlib.contextmanager
    def watched(cls) -> Iterator[list[str]]:
        if not cls.hooked:
            sys.addaudithook(cls.note)
            cls.hooked = True
        cls.names = names = []
        try:
            yield names
        finally:
            cls.names = None


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("make", REFUSED.values(), ids=REFUSED)
def test_the_report_never_opens_a_file_the_linter_refused(
    tmp_path: Path, make: Callable[[Path], None], output_format: str
) -> None:
    """The formats that show a file's lines (full, sarif, gitlab) show none of a file that
    is not read: a FIFO would block them, a device read without end."""
    make(tmp_path / "refused.md")
    command = ["check", "--no-cache", "--jobs", "1", "--format", output_format, "refused.md"]
    try:
        with _Opens.watched() as opened:
            result = within_timeout(lambda: run_cli(*command, cwd=tmp_path))
    finally:  # a reader blocked in open() is let go
        with contextlib.suppress(OSError):
            os.close(os.open(tmp_path / "refused.md", os.O_WRONLY | os.O_NONBLOCK))
    assert "FL009" in result.stdout
    assert "refused.md" not in opened
    assert result.returncode == 1


# Files a user names, read whole: schemas, configuration files, the cache's key and tag

#: Each way of naming a file that filmlint reads: where the file is, the command, the files
#: beside it, and what the error says before the kind of file.
NAMED_FILES = {
    "--schema": ("s.json", ["check", "--no-cache", "--schema", "s.json"], {}, "schema s.json"),
    "schema in filmlint.toml": (
        "s.json",
        ["check", "--no-cache"],
        {"filmlint.toml": 'schema = "s.json"\n'},
        "s.json",
    ),
    "a $ref in the schema": (
        "s.json",
        ["check", "--no-cache", "--schema", "r.json"],
        {"r.json": '{"$ref": "s.json"}'},
        "s.json",
    ),
    "--config": ("c.toml", ["check", "--no-cache", "--config", "c.toml"], {}, "c.toml"),
    "init's pyproject.toml": ("pyproject.toml", ["init", "."], {}, "pyproject.toml"),
}
#: A device stands for every kind of file that is neither regular nor a FIFO.
KINDS = {"FIFO": os.mkfifo, "character device": partial(os.symlink, "/dev/zero")}


def named_site(folder: Path, case: str, make: Callable[[Path], None]) -> tuple[list[str], str]:
    """A film and the named file, made by ``make``: the command, and the error it expects."""
    name, command, files, named = NAMED_FILES[case]
    (folder / "film.md").write_text(VALID, encoding="utf-8")
    for other, text in files.items():
        (folder / other).write_text(text, encoding="utf-8")
    make(folder / name)
    return [*command, "film.md"] if command[0] == "check" else command, named


@pytest.mark.parametrize("case", NAMED_FILES)
def test_a_named_fifo_is_an_error_not_a_hang(tmp_path: Path, case: str) -> None:
    command, named = named_site(tmp_path, case, os.mkfifo)
    try:
        result = within_timeout(lambda: run_cli(*command, cwd=tmp_path))
    finally:  # a reader blocked in open() is let go
        with contextlib.suppress(OSError):
            os.close(os.open(tmp_path / NAMED_FILES[case][0], os.O_WRONLY | os.O_NONBLOCK))
    assert f"{named}: not a regular file: FIFO" in result.stderr
    assert "internal error" not in result.stderr
    assert result.returncode == 2


@pytest.mark.slow
@pytest.mark.parametrize("case", NAMED_FILES)
def test_a_named_device_is_an_error_in_a_real_process(tmp_path: Path, case: str) -> None:
    """With a memory limit and a timeout: a regression fails, it does not take the machine's
    memory."""
    command, named = named_site(tmp_path, case, KINDS["character device"])
    result = run_limited(command, tmp_path)
    assert f"{named}: not a regular file: character device" in result.stderr
    assert result.returncode == 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_cache_folder_whose_tag_is_not_a_file_is_not_filmlints(tmp_path: Path, kind: str) -> None:
    (tmp_path / "film.md").write_text(VALID, encoding="utf-8")
    (tmp_path / "filmlint.toml").write_text('cache-dir = "cache"\n', encoding="utf-8")
    (tmp_path / "cache").mkdir()
    KINDS[kind](tmp_path / "cache" / "CACHEDIR.TAG")
    try:
        result = within_timeout(lambda: run_cli("check", "film.md", cwd=tmp_path))
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(tmp_path / "cache" / "CACHEDIR.TAG", os.O_WRONLY | os.O_NONBLOCK))
    assert "is not a cache folder filmlint made" in result.stderr
    assert result.returncode == 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_that_is_not_a_file_is_replaced(tmp_path: Path, kind: str) -> None:
    (tmp_path / "film.md").write_text(VALID, encoding="utf-8")
    folder = tmp_path / "keys"
    folder.mkdir()
    KINDS[kind](folder / "key")
    try:
        result = within_timeout(
            lambda: run_cli(
                "check", "film.md", cwd=tmp_path, env={"FILMLINT_CACHE_KEY_DIR": str(folder)}
            )
        )
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(folder / "key", os.O_WRONLY | os.O_NONBLOCK))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISREG((folder / "key").lstat().st_mode)


def test_a_fifo_is_not_taken_for_a_url_cache(fifo: Path) -> None:
    """``filmlint clean`` asks of what it finds in a cache folder (a FIFO swapped in since
    it looked)."""
    assert within_timeout(lambda: is_url_cache(fifo)) is False
