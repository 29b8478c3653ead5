"""``filmlint check --fix`` and friends, end to end: bytes written, files left alone, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import ROOT, VALID, run_cli

# A film with two unsafe fixes, spelt with CRLF, a BOM, comments, flow lists and no final
# line break.
BEFORE = (
    "\ufeff---\r\n"
    "title: 'Alien'   # the 1979 one\r\n"
    "directer: Ridley Scott\r\n"
    'description: "A crew meets a creature."\r\n'
    "\r\n"
    "releaseDate: 1979-05-25\r\n"
    "topics: [ Bodily Autonomy ]\r\n"
    'status: "publised"\r\n'
    "---\r\n"
    "Body, with directer and publised left alone.\r\n"
    "No final line break."
)
AFTER = BEFORE.replace("directer: ", "director: ").replace('"publised"', '"published"')
CLEO = "examples/films/cleo-from-5-to-7-1962.md"


def write(path: Path, text: str, mode: int = 0o644) -> Path:
    path.write_bytes(text.encode("utf-8"))
    path.chmod(mode)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # long ago: a rewrite would show
    return path


def test_fix_writes_only_the_edits_and_keeps_the_mode(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE, mode=0o640)
    result = run_cli("check", "--fix", "--unsafe-fixes", str(film))
    assert film.read_bytes() == AFTER.encode("utf-8")
    assert film.stat().st_mode & 0o777 == 0o640
    assert (result.returncode, result.stdout) == (0, "All checks passed (1 file)\n")
    assert result.stderr == "Fixed 2 problems in 1 file\n"
    assert list(tmp_path.iterdir()) == [film]  # no temporary file left


def test_files_no_fix_touches_are_not_rewritten(tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.md", VALID)
    unfixable = write(tmp_path / "bad.md", VALID.replace("1979-05-25", "1979-13-45"))
    unsafe_only = write(tmp_path / "unsafe.md", BEFORE)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (clean, unfixable, unsafe_only)}
    result = run_cli("check", "--fix", str(tmp_path))
    assert result.returncode == 1
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in before} == before
    assert result.stderr == ""


def test_safe_fixes_only_without_unsafe_fixes_and_a_hint(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE)
    result = run_cli("check", "--fix", str(film))
    assert film.read_bytes() == BEFORE.encode("utf-8")
    assert result.stdout.splitlines() == [
        f"{film}:3:1: FL101 [unknown-key] error: unknown key 'directer'; did you mean"
        " 'director'? (unsafe fix available: --unsafe-fixes)",
        f'{film}:8:9: FL104 [invalid-value] error: "publised" is not allowed here; use one of:'
        ' "draft", "published" (did you mean "published"?) (unsafe fix available: --unsafe-fixes)',
        "2 problems (2 errors, 0 warnings) in 1 of 1 file",
        "2 fixable with --unsafe-fixes",
    ]


def test_check_with_unsafe_fixes_has_no_hint(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE)
    result = run_cli("check", "--unsafe-fixes", str(film))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 4
    assert result.stdout.splitlines()[-1] == "2 fixable with --fix"
    assert "unsafe fix available" not in result.stdout
    assert result.stderr == ""


def test_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE)
    # As bytes: the diff keeps the file's line breaks.
    result = run_cli("check", "--diff", "--unsafe-fixes", str(film), text=False)
    assert result.returncode == 1
    assert film.read_bytes() == BEFORE.encode("utf-8")
    assert film.stat().st_mtime_ns == 1_000_000_000
    assert result.stdout.decode("utf-8").replace("\r", "␍") == (
        f"--- {film}\n+++ {film}\n@@ -1,11 +1,11 @@\n"
        " \ufeff---␍\n"
        " title: 'Alien'   # the 1979 one␍\n"
        "-directer: Ridley Scott␍\n"
        "+director: Ridley Scott␍\n"
        ' description: "A crew meets a creature."␍\n'
        " ␍\n"
        " releaseDate: 1979-05-25␍\n"
        " topics: [ Bodily Autonomy ]␍\n"
        '-status: "publised"␍\n'
        '+status: "published"␍\n'
        " ---␍\n"
        " Body, with directer and publised left alone.␍\n"
        " No final line break.\n"
        "\\ No newline at end of file\n"
    )
    assert result.stderr == b"Would fix 2 problems in 1 file\n"
    clean = write(tmp_path / "alien.md", AFTER)
    nothing = run_cli("check", "--diff", "--unsafe-fixes", str(clean))
    assert (nothing.returncode, nothing.stdout, nothing.stderr) == (0, "", "No changes\n")


def test_diff_marks_a_last_line_without_a_break(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", VALID.replace("published", "publised").rstrip("\n"))
    result = run_cli("check", "--diff", "--unsafe-fixes", str(film))
    assert result.returncode == 1
    assert result.stdout.endswith(
        '-status: "publised"\n+status: "published"\n ---\n Body.\n\\ No newline at end of file\n'
    )


@pytest.mark.parametrize(
    ("flags", "code", "stderr"),
    [
        pytest.param([], 0, "Fixed 2 problems in 1 file\n", id="fix-only"),
        pytest.param(
            ["--exit-non-zero-on-fix"], 1, "Fixed 2 problems in 1 file\n", id="exit-non-zero"
        ),
        pytest.param(
            ["--show-fixes"],
            0,
            "Fixed in {film}:\n"
            "  FL101 [unknown-key] rename 'directer' to 'director'\n"
            '  FL104 [invalid-value] replace "publised" with "published"\n'
            "Fixed 2 problems in 1 file\n",
            id="show-fixes",
        ),
    ],
)
def test_fix_only(tmp_path: Path, flags: list[str], code: int, stderr: str) -> None:
    film = write(tmp_path / "alien.md", BEFORE.replace("1979-05-25", "1979-13-45"))
    result = run_cli("check", "--fix-only", "--unsafe-fixes", *flags, str(film))
    assert (result.returncode, result.stdout, result.stderr) == (
        code,
        "",
        stderr.format(film=film),
    )
    assert film.read_bytes().decode("utf-8") == AFTER.replace("1979-05-25", "1979-13-45")
    again = run_cli("check", "--fix-only", "--unsafe-fixes", *flags, str(film))
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_fix_with_exit_non_zero_then_clean(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE)
    args = ("check", "--fix", "--unsafe-fixes", "--exit-non-zero-on-fix", str(film))
    assert run_cli(*args).returncode == 1
    assert run_cli(*args).returncode == 0


def test_fix_reports_the_remaining_problems_of_the_fixed_text_as_json(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE.replace("1979-05-25", "1979-13-45"))
    result = run_cli("check", "--fix", "--unsafe-fixes", "--format", "json", str(film))
    assert result.returncode == 1
    assert [(d["line"], d["column"], d["rule"]) for d in json.loads(result.stdout)] == [
        (6, 14, "schema")
    ]


#: An alias that is a duplicate item too has a fix (removing it) that would let a rename of
#: its anchor's key through: ignored where what is tested is that rename.
NOT_THE_DUPLICATE = ("--ignore", "duplicate-item")


def test_a_fix_that_would_change_other_data_is_reported_and_not_applied(tmp_path: Path) -> None:
    # An anchored mapping is used twice: renaming its key would change both items.
    text = VALID.replace(
        "---\nBody", "sourceUrl:\n  - &imdb {platfrom: IMDb, url: x}\n  - *imdb\n---\nBody"
    )
    film = write(tmp_path / "alien.md", text)
    result = run_cli("check", "--fix", "--unsafe-fixes", *NOT_THE_DUPLICATE, str(film))
    assert result.returncode == 1
    assert film.read_text(encoding="utf-8") == text
    assert result.stderr == (
        f"{film}:9:12: FL101 [unknown-key] fix not applied: "
        "it would change other data (sourceUrl/1)\n"
    )


# An anchored mapping is used twice: renaming its key (an unsafe fix) would change both items.
SHARED_ANCHOR = VALID.replace(
    "---\nBody", "sourceUrl:\n  - &imdb {platfrom: IMDb, url: x}\n  - *imdb\n---\nBody"
)


@pytest.mark.parametrize(
    ("flags", "last_line"),
    [
        pytest.param(("--unsafe-fixes",), "1 fixable with --fix", id="check"),
        pytest.param(("--fix",), "1 fixable with --unsafe-fixes", id="fix, unsafe not allowed"),
        pytest.param(("--fix", "--unsafe-fixes"), "2 problems (", id="fix, refused"),
    ],
)
def test_a_refused_fix_is_not_called_fixable(
    tmp_path: Path, flags: tuple[str, ...], last_line: str
) -> None:
    film = write(tmp_path / "alien.md", SHARED_ANCHOR)
    result = run_cli("check", *flags, *NOT_THE_DUPLICATE, str(film))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith(last_line)


def test_fix_writes_through_a_symlink(tmp_path: Path) -> None:
    film = write(tmp_path / "alien.md", BEFORE)
    link = tmp_path / "link.md"
    link.symlink_to(film.name)
    assert run_cli("check", "--fix", "--unsafe-fixes", str(link)).returncode == 0
    assert link.is_symlink()
    assert film.read_bytes() == AFTER.encode("utf-8")


def test_example_film_fixed_by_the_command(tmp_path: Path) -> None:
    film = write(tmp_path / "cleo.md", (ROOT / CLEO).read_text(encoding="utf-8"))
    result = run_cli("check", "--fix", "--unsafe-fixes", "--show-fixes", str(film))
    assert "rename 'directer' to 'director'" in result.stderr
    assert "directer" not in film.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        pytest.param(["--fix"], 1, id="errors remain"),
        pytest.param(["--fix", "--exit-zero"], 0, id="exit-zero"),
        pytest.param(["--fix", "--exit-non-zero-on-fix", "--exit-zero"], 0, id="exit-zero wins"),
        pytest.param(["--diff", "--exit-zero"], 0, id="diff with exit-zero"),
    ],
)
def test_exit_zero_with_fixes(tmp_path: Path, flags: list[str], code: int) -> None:
    film = write(tmp_path / "alien.md", BEFORE.replace("1979-05-25", "1979-13-45"))
    assert run_cli("check", "--unsafe-fixes", *flags, str(film)).returncode == code


def test_fix_applies_the_safe_fixes_of_the_rules(tmp_path: Path) -> None:
    lines = VALID.replace('topics: ["Bodily Autonomy"]\n', "").splitlines(keepends=True)
    extra = [
        "topics:\r\n",
        "  - Bodily Autonomy\r\n",
        "  - Female Gaze   # second\r\n",
        "  - 'Bodily Autonomy'  # again\r\n",
        "genre: [Drama, Drama, Sci-Fi]\r\n",
        'imdbRating: "8.50"\r\n',
        "language: en_us\r\n",
    ]
    before = "".join(line.replace("\n", "\r\n") for line in lines[:-2]) + "".join(extra)
    before += "---\r\nBody.\r\n"
    film = write(tmp_path / "alien.md", before)
    result = run_cli("check", "--fix", "--show-fixes", str(film))
    assert film.read_bytes().decode("utf-8") == (
        before.replace("  - 'Bodily Autonomy'  # again\r\n", "")
        .replace("[Drama, Drama, Sci-Fi]", "[Drama, Sci-Fi]")
        .replace('"8.50"', '"8.5"')
        .replace("en_us", "en-US")
    )
    assert result.returncode == 0, result.stdout
    assert result.stderr.endswith("Fixed 4 problems in 1 file\n")
