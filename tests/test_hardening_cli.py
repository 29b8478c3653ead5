"""The command's last holes: a reader that closes the pipe, internal errors on every exit
path, and text from files (names, keys) printed on stderr by the fix path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REQUIRED, examples, film, front, run_cli, run_cli_process, throwaway_folder
from filmlint.diagnostics import Problem
from filmlint.reporters import FORMATS
from filmlint.rules import rating_format

# --- A reader that stops reading


def films_with_problems(folder: Path, count: int) -> None:
    folder.mkdir()
    for index in range(count):
        # Two decimals: a problem without a fix; "7.40": one with a safe fix.
        text = film(f'imdbRating: "{index % 9}.55"\ndoubanRating: "7.40"\n')
        (folder / f"film-{index:03}.md").write_text(text, encoding="utf-8")


def run_into_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``filmlint ARGS`` writing stdout into a pipe whose reader is gone before it starts."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(
            [sys.executable, "-m", "filmlint", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            check=False,
            env={**os.environ, "GITHUB_ACTIONS": ""},
        )
    finally:
        os.close(writer)


def assert_quiet(stderr: str) -> None:
    for sign in ("BrokenPipeError", "Traceback", "internal error", "Exception ignored"):
        assert sign not in stderr, stderr


#: Each command, and what it exits with when its reader is there.
COMMANDS = [
    *[(["check", "--no-cache", "--format", name, "films"], 1) for name in FORMATS],
    (["check", "--no-cache", "--statistics", "films"], 1),
    (["check", "--no-cache", "--diff", "films"], 1),
    (["check", "--no-cache", "--exit-zero", "films"], 0),
    (["rules"], 0),
    (["rule", "country-code"], 0),
    (["clean"], 0),
    (["--help"], 0),
    (["check", "--help"], 0),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "code"), COMMANDS, ids=lambda a: " ".join(a) if isinstance(a, list) else str(a)
)
def test_a_closed_pipe_is_no_error_and_the_run_keeps_its_own_exit_code(
    tmp_path: Path, args: list[str], code: int
) -> None:
    films_with_problems(tmp_path / "films", 3)
    if args == ["clean"]:  # a cache to remove, so that clean has something to say
        assert run_cli("check", "films", cwd=tmp_path).returncode == 1
    result = run_into_closed_pipe(args, tmp_path)
    assert_quiet(result.stderr)
    assert result.returncode == code, result.stderr


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_closed_pipe_still_shows_the_internal_error_and_exits_2(
    tmp_path: Path,
) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "film.md").write_text(film(), encoding="utf-8")
    # A config that fails to load: the error goes to stderr, which is open.
    (tmp_path / "filmlint.toml").write_text("[rules\n", encoding="utf-8")
    result = run_into_closed_pipe(["check", "films"], tmp_path)
    assert result.returncode == 2
    assert "filmlint: error:" in result.stderr
    assert "BrokenPipeError" not in result.stderr


def read_one_line_then_close(args: list[str], cwd: Path, **kwargs: Any) -> tuple[str, int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "filmlint", *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "GITHUB_ACTIONS": ""},
        **kwargs,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read() if process.stderr is not None else ""
    return line, process.wait(timeout=60), stderr


@pytest.mark.slow
def test_head_1_on_a_long_report_exits_with_the_runs_code(tmp_path: Path) -> None:
    films_with_problems(tmp_path / "films", 400)  # a report far longer than a pipe holds
    line, code, stderr = read_one_line_then_close(
        ["check", "--no-cache", "--jobs", "1", "films"], tmp_path, stderr=subprocess.PIPE
    )
    assert line.startswith("films")
    assert code == 1
    assert_quiet(stderr)


@pytest.mark.slow
def test_head_1_on_stdout_and_stderr_together_still_writes_the_fixes(tmp_path: Path) -> None:
    films_with_problems(tmp_path / "films", 400)
    line, code, _ = read_one_line_then_close(
        ["check", "--no-cache", "--jobs", "1", "--fix", "--show-fixes", "films"],
        tmp_path,
        stderr=subprocess.STDOUT,
    )
    assert line
    assert code == 1  # the ratings of two decimals have no fix: problems remain
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "films").iterdir()]
    assert len(texts) == 400
    assert all('doubanRating: "7.4"\n' in text for text in texts)


# --- A standard stream closed when the run starts


#: A closed stream is the command line's to handle, whatever the format: a human format that
#: shows source lines and a machine one (each case is a process of its own, ~0.5 s).
CLOSED_STREAM_FORMATS = ("full", "sarif")


def run_with_closed(
    descriptor: int, args: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """``filmlint ARGS`` started with ``descriptor`` closed (1 as ``>&-``, 2 as ``2>&-`` leave
    it), for which Python sets ``sys.stdout`` or ``sys.stderr`` to None."""
    return run_cli_process(*args, cwd=cwd, timeout=60, preexec_fn=partial(os.close, descriptor))


@pytest.mark.slow
@pytest.mark.parametrize("output_format", CLOSED_STREAM_FORMATS)
def test_a_report_into_a_file_needs_no_stdout(tmp_path: Path, output_format: str) -> None:
    films_with_problems(tmp_path / "films", 2)
    args = ["check", "--no-cache", "--format", output_format, "films"]
    result = run_with_closed(1, [*args, "-o", "report"], tmp_path)
    assert_quiet(result.stderr)
    assert result.returncode == 1
    assert (tmp_path / "report").read_text(encoding="utf-8") == run_cli(*args, cwd=tmp_path).stdout


@pytest.mark.slow
@pytest.mark.parametrize("output_format", CLOSED_STREAM_FORMATS)
def test_with_stderr_closed_stdout_holds_the_report_alone(
    tmp_path: Path, output_format: str
) -> None:
    """A run that warns (no files linted): the warning goes nowhere, not into the report."""
    (tmp_path / "empty").mkdir()
    args = ["check", "--no-cache", "--format", output_format, "empty"]
    result = run_with_closed(2, args, tmp_path)
    expected = run_cli(*args, cwd=tmp_path)
    assert "no files linted" in expected.stderr
    assert result.stdout == expected.stdout
    assert result.returncode == expected.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("output_format", CLOSED_STREAM_FORMATS)
def test_a_report_to_a_closed_stdout_is_an_error(tmp_path: Path, output_format: str) -> None:
    films_with_problems(tmp_path / "films", 2)
    result = run_with_closed(
        1, ["check", "--no-cache", "--format", output_format, "films"], tmp_path
    )
    assert result.stderr == "filmlint: error: cannot write to stdout: it is closed\n"
    assert result.returncode == 2


#: Commands whose whole output goes to stdout.
STDOUT_COMMANDS = {
    "--show-files": ["check", "--show-files", "films"],
    "--show-settings": ["check", "--show-settings", "films/film-000.md"],
    "--diff": ["check", "--no-cache", "--diff", "films"],
    "rules": ["rules"],
    "rule": ["rule", "country-code"],
}


@pytest.mark.slow
@pytest.mark.parametrize("args", STDOUT_COMMANDS.values(), ids=STDOUT_COMMANDS)
def test_output_to_a_closed_stdout_is_an_error(tmp_path: Path, args: list[str]) -> None:
    films_with_problems(tmp_path / "films", 1)
    result = run_with_closed(1, args, tmp_path)
    assert result.stderr == "filmlint: error: cannot write to stdout: it is closed\n"
    assert result.returncode == 2


# --- Internal errors on every exit path


def crashing_check(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
    """rating-format's check, raising on the file called crash.md."""
    problems = RATING_CHECK(document, options)
    if document.path is not None and Path(document.path).name == "crash.md":
        raise ValueError("boom")
    yield from problems


RATING_CHECK = rating_format.check

EXIT_PATHS = [
    [],
    ["--exit-zero"],
    ["--statistics"],
    ["--statistics", "--exit-zero"],
    ["--fix"],
    ["--fix", "--exit-zero"],
    ["--fix", "--exit-non-zero-on-fix"],
    ["--fix", "--show-fixes"],
    ["--fix-only"],
    ["--fix-only", "--exit-zero"],
    ["--fix-only", "--exit-non-zero-on-fix"],
    ["--diff"],
    ["--diff", "--exit-zero"],
    ["--fix", "--unsafe-fixes", "--quiet"],
]


@pytest.mark.parametrize("extra", EXIT_PATHS, ids=lambda e: " ".join(e) or "check")
def test_an_internal_error_exits_2_on_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    monkeypatch.setattr(rating_format, "check", crashing_check)
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "crash.md").write_text(film(), encoding="utf-8")
    (folder / "fixable.md").write_text(film('imdbRating: "7.40"\n'), encoding="utf-8")
    result = run_cli("check", "--no-cache", *extra, "films", cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "internal-error" in result.stderr
    if "--fix" in extra or "--fix-only" in extra:  # the other file is fixed all the same
        assert 'imdbRating: "7.4"' in (folder / "fixable.md").read_text(encoding="utf-8")


# --- Text from files, printed on stderr (and in --diff's headers)

#: What a file name or key may hold that a terminal acts on or reads as a line break.
HOSTILE = ["\n", "\r", "\x1b[31m", "\x07", "\x7f", "\x85", "\u2028", "\u202e", "\t", "\x9b"]
#: Control, bidi-control and Unicode line-break characters: none may reach the output raw.
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def yaml_escaped(text: str) -> str:
    """``text`` as the body of a YAML double-quoted string, every character spelt plainly."""
    return "".join(c if c.isalnum() or c in "[]-_ " else f"\\u{ord(c):04x}" for c in text)


#: A file name (without ".md") and a key, with the characters above among others.
HOSTILE_NAMES = st.lists(st.sampled_from([*HOSTILE, "a", "é", " "]), min_size=1, max_size=6)
HOSTILE_KEYS = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3)


# A run costs ten times what one more file in it does: each example lints two to four files
# at once, so that ten examples try more names and keys than twenty of one file did.
@settings(
    max_examples=examples(50),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    films=st.lists(
        st.tuples(HOSTILE_NAMES.map("".join), HOSTILE_KEYS.map("".join)),
        min_size=2,
        max_size=4,
        unique_by=lambda film: film[0],
    )
)
def test_hostile_names_and_keys_print_no_control_character(
    tmp_path_factory: pytest.TempPathFactory, films: list[tuple[str, str]]
) -> None:
    folder = throwaway_folder(tmp_path_factory, "films")
    # "direct<key>or" is close enough to "director" to be renamed by a fix.
    required = REQUIRED.replace('director: "Ridley Scott"\n', "")
    texts = {
        folder / f"{name}.md": front(
            f'{required}"direct{yaml_escaped(key)}or": "Ridley Scott"\nimdbRating: "7.40"\n'
        )
        for name, key in films
    }
    for args in (
        ["--diff"],
        ["--statistics"],
        ["--fix", "--unsafe-fixes", "--show-fixes"],
        [],
    ):
        for path, text in texts.items():
            path.write_text(text, encoding="utf-8")
        # As bytes: text mode would turn a carriage return into a line break, unseen.
        result = run_cli("check", "--no-cache", *args, str(folder), text=False)
        stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
        assert result.returncode in (0, 1), (args, stderr)
        for line in (stdout + stderr).split("\n"):
            if line.startswith(("--- ", "+++ ")):  # a diff's header: a name with a space ends
                line = line.removesuffix("\t")  # with a tab, as GNU diff writes it
            assert UNPRINTABLE.search(line) is None, (args, line)
        if "--show-fixes" in args:
            assert stderr.count("Fixed in ") == len(films), stderr
