"""Every format and output survives file names that are not UTF-8 and terminals that are not.

On Linux a file name is bytes; one that is not UTF-8 (``caf\\xe9.md`` written in Latin-1)
reaches Python as a string with a lone surrogate. Human formats show the byte as ``\\xe9``,
JSON formats carry that text, SARIF percent-encodes the byte in its URI, and JUnit stays
well-formed XML. A terminal that cannot encode the text (ASCII, Latin-1) gets escapes for
people and UTF-8 documents for machines, never a crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import front, run_cli
from filmlint.reporters import FORMATS
from filmlint.rules import load_registry

LATIN1_NAME = b"caf\xe9.md"
SHOWN = "caf\\xe9.md"  # how every format but SARIF names it
#: A film with a missing key and a key in Chinese that the schema does not know.
FILM = front('title: "花样年华"\n"片名": 1\n')
CHINESE_KEY = "片名"


@pytest.fixture
def latin1_film(tmp_path: Path) -> str:
    """A film named with a byte that is not UTF-8; its name as Python holds it."""
    try:
        fd = os.open(tmp_path / os.fsdecode(LATIN1_NAME), os.O_WRONLY | os.O_CREAT, 0o644)
    except (OSError, UnicodeError):
        pytest.skip("this file system only takes UTF-8 names")
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(FILM)
    return os.fsdecode(LATIN1_NAME)


def names_in(output_format: str, output: str) -> set[str]:
    """The file names an output gives, parsed as its consumers parse it."""
    if output_format in ("concise", "full"):
        return {line.split(":", 1)[0] for line in output.splitlines() if ".md:" in line}
    if output_format == "github":
        return {line.split("file=", 1)[1].split(",", 1)[0] for line in output.splitlines()}
    if output_format == "json":
        return {item["path"] for item in json.loads(output)}
    if output_format == "json-lines":
        return {json.loads(line)["path"] for line in output.splitlines()}
    if output_format == "gitlab":
        return {item["location"]["path"] for item in json.loads(output)}
    if output_format == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    root = ET.fromstring(output.encode("utf-8"))  # junit: must parse
    return {case.get("file", "") for case in root.iter("testcase")}


@pytest.mark.parametrize("output_format", list(FORMATS))
def test_a_file_name_that_is_not_utf8_on_stdout_and_in_an_output_file(
    tmp_path: Path, latin1_film: str, output_format: str
) -> None:
    expected = {"caf%E9.md" if output_format == "sarif" else SHOWN}
    args = ("check", latin1_film, "--no-cache", "--format", output_format)
    # A strict UTF-8 stdout, as Python has it in a UTF-8 locale, where a surrogate is fatal.
    shown = run_cli(*args, cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert (shown.returncode, shown.stderr) == (1, "")
    assert names_in(output_format, shown.stdout) == expected
    report = tmp_path / "report.out"
    written = run_cli(*args, "--output-file", str(report), cwd=tmp_path)
    assert (written.returncode, written.stderr, written.stdout) == (1, "", "")
    assert names_in(output_format, report.read_bytes().decode("utf-8")) == expected


def test_statistics_and_summary_count_a_file_name_that_is_not_utf8(
    tmp_path: Path, latin1_film: str
) -> None:
    result = run_cli("check", latin1_film, "--no-cache", "--statistics", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "5  FL102  missing-key\n"
        "1  FL101  unknown-key\n"
        "6 problems (6 errors, 0 warnings) in 1 of 1 file\n"
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_human_formats_escape_what_the_terminal_cannot_encode(
    tmp_path: Path, encoding: str
) -> None:
    (tmp_path / "film.md").write_text(FILM, encoding="utf-8")
    env = {"PYTHONIOENCODING": encoding}
    concise = run_cli("check", "film.md", "--no-cache", cwd=tmp_path, env=env)
    assert concise.returncode == 1, concise.stderr
    assert "unknown key '\\u7247\\u540d'" in concise.stdout
    full = run_cli("check", "film.md", "--no-cache", "--format", "full", cwd=tmp_path, env=env)
    assert full.returncode == 1, full.stderr
    assert 'title: "\\u82b1\\u6837\\u5e74\\u534e"' in full.stdout


#: Each output for people that is not a report (a diff is the file's bytes, whatever the
#: terminal: test_fix_diff.py): its arguments, and its exit code. The film
#: is named in Chinese, holds Chinese text and a rating a safe fix rewrites; many rules'
#: pages hold CJK or accented examples.
OTHER_OUTPUTS = {
    "--show-files": (["check", "--show-files", "."], 0),
    "--show-settings": (["check", "--show-settings", "电影.md"], 0),
    "rules": (["rules"], 0),
    **{f"rule {rule.name}": (["rule", rule.name], 0) for rule in load_registry()},
}


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize(("args", "code"), OTHER_OUTPUTS.values(), ids=OTHER_OUTPUTS)
def test_other_outputs_escape_what_the_terminal_cannot_encode(
    tmp_path: Path, args: list[str], code: int, encoding: str
) -> None:
    """As the human formats do: ``\\uXXXX`` for what the terminal cannot encode, no crash."""
    (tmp_path / "电影.md").write_text(front('title: "花样年华"\nimdbRating: "07.40"\n'), "utf-8")
    result = run_cli(*args, cwd=tmp_path, env={"PYTHONIOENCODING": encoding}, text=False)
    assert result.returncode == code, result.stderr
    assert b"error" not in result.stderr
    shown = result.stdout.decode(encoding)
    assert shown
    if args[0] == "check":
        assert "\\u7535\\u5f71.md" in shown


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab", "junit", "json-lines"])
def test_machine_formats_are_utf8_whatever_the_terminal(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "film.md").write_text(FILM, encoding="utf-8")
    args = ("check", "film.md", "--no-cache", "--format", output_format)
    result = run_cli(*args, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1, result.stderr
    assert f"'{CHINESE_KEY}'" in result.stdout  # decoded as UTF-8


@pytest.mark.slow
@pytest.mark.parametrize(
    ("encoding", "output_format", "decoding", "expected"),
    [
        ("ascii", "concise", "ascii", "unknown key '\\u7247\\u540d'"),
        ("latin-1", "full", "latin-1", 'title: "\\u82b1\\u6837\\u5e74\\u534e"'),
        ("ascii", "json", "utf-8", f'"message": "unknown key \'{CHINESE_KEY}\'"'),
        ("utf-8:strict", "concise", "utf-8", f"{SHOWN}:2:1: FL102"),
        ("utf-8:strict", "gitlab", "utf-8", '"path": "caf\\\\xe9.md"'),
    ],
)
def test_a_real_process_writes_its_report_in_any_stdout_encoding(
    tmp_path: Path,
    latin1_film: str,
    encoding: str,
    output_format: str,
    decoding: str,
    expected: str,
) -> None:
    """The real standard output, not a captured one: its encoding set as a process starts."""
    (tmp_path / "film.md").write_text(FILM, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "filmlint", "check", ".", "--no-cache", "--format", output_format],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, b"")
    assert expected in result.stdout.decode(decoding)
