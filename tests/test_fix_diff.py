"""``filmlint check --diff``: a unified diff that ``patch -p0`` (or ``git apply``) applies to
give the bytes ``--fix`` writes, whatever the file's line breaks, its name or the console's
encoding, with each file once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from filmlint.engine.fixer import diff_name

#: A film with one safe fix (a rating's trailing zero), its lines broken by LF.
FIXABLE = '---\ntitle: "A"\nimdbRating: "7.40"\n---\nBody.\n'


def apply_diff(diff: bytes, folder: Path) -> None:
    """Apply ``diff`` in ``folder`` as a user would: ``patch -p0``, or ``git apply`` where
    patch is not installed; neither may guess (no fuzz)."""
    patch = shutil.which("patch")
    if patch is not None:
        command = [patch, "-p0", "--batch", "--fuzz=0", "--no-backup-if-mismatch"]
    elif (git := shutil.which("git")) is not None:
        command = [git, "apply", "-p0", "-"]
    else:
        pytest.skip("neither patch nor git is installed")
    done = subprocess.run(command, input=diff, cwd=folder, capture_output=True, check=False)
    assert done.returncode == 0, (done.stdout, done.stderr, diff)
    assert not list(folder.rglob("*.rej")), diff


def diff_and_fix(tmp_path: Path, name: str, raw: bytes, *flags: str) -> tuple[bytes, bytes]:
    """The diff of file ``name`` holding ``raw`` applied to a copy, and what ``--fix`` writes
    to another: both files' bytes."""
    results = []
    for how in ("--diff", "--fix"):
        folder = tmp_path / how.strip("-")
        film = folder / name
        film.parent.mkdir(parents=True, exist_ok=True)
        film.write_bytes(raw)
        result = run_cli("check", "--no-cache", how, name, cwd=folder, text=False)
        if how == "--diff":
            assert result.returncode == 1, result.stderr
            assert result.stderr == b"Would fix 1 problem in 1 file\n"
            assert result.stdout.endswith(b"\n"), result.stdout  # LF-ended lines only
            apply_diff(result.stdout, folder)
        results.append(film.read_bytes())
    diffed, fixed = results
    assert fixed != raw
    return diffed, fixed


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(FIXABLE, id="LF"),
        pytest.param(FIXABLE.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(FIXABLE.replace("\n", "\r"), id="CR"),
        pytest.param('---\r\ntitle: "A"\rimdbRating: "7.40"\n---\r\nBody.\r', id="mixed"),
        pytest.param(FIXABLE.rstrip("\n"), id="LF, no final break"),
        pytest.param(FIXABLE.replace("\n", "\r\n").rstrip("\r\n"), id="CRLF, no final break"),
        pytest.param(FIXABLE.replace("\n", "\r").rstrip("\r"), id="CR, no final break"),
        pytest.param(FIXABLE.replace("Body.\n", ""), id="LF, no body"),
        pytest.param("\ufeff" + FIXABLE.replace("\n", "\r\n"), id="BOM, CRLF"),
        pytest.param(FIXABLE.replace("Body.", "a\rb\r\nc"), id="CR inside the body"),
        pytest.param(FIXABLE.replace("title", "#\n" * 9 + "title") + "x\n" * 9, id="far"),
    ],
)
def test_the_diff_applies_whatever_the_line_breaks(tmp_path: Path, text: str) -> None:
    diffed, fixed = diff_and_fix(tmp_path, "film.md", text.encode("utf-8"))
    assert diffed == fixed


NAMES = [
    "a film.md",
    "my films/a film.md",
    "two  spaces.md",
    " leading space.md",
    "trailing space.md ",
    "tab\there.md",
    "new\nline.md",
    'a "quoted" name.md',
    "back\\slash.md",
    "é.md",
    "电影 年华.md",
    "\u202eevil.md",  # a bidi override
    "esc\x1b[31m.md",
    "del\x7f.md",
]
if sys.platform != "darwin":  # whose file systems refuse a name that is not UTF-8
    NAMES.append(os.fsdecode(b"caf\xe9.md"))


@pytest.mark.skipif(sys.platform == "win32", reason="such names are not allowed on Windows")
@pytest.mark.parametrize("name", NAMES)
def test_the_diff_applies_whatever_the_name(tmp_path: Path, name: str) -> None:
    diffed, fixed = diff_and_fix(tmp_path, name, FIXABLE.encode("utf-8"))
    assert diffed == fixed


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("films/a.md", b"films/a.md\n"),
        ("a film.md", b"a film.md\t\n"),
        (" a.md", b'" a.md"\t\n'),
        ("a\tb.md", b'"a\\tb.md"\n'),
        ("a\nb.md", b'"a\\nb.md"\n'),
        ('"a".md', b'"\\"a\\".md"\n'),
        ("a\\b.md", b'"a\\\\b.md"\n'),
        ("é.md", b'"\\303\\251.md"\n'),
        ("\x1b.md", b'"\\033.md"\n'),
    ],
)
def test_names_in_the_headers_are_written_as_git_writes_them(name: str, header: bytes) -> None:
    assert diff_name(name) == header


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "cp1252", "latin-1"])
def test_the_diff_is_the_files_bytes_whatever_the_console(tmp_path: Path, encoding: str) -> None:
    """A diff is a document for patch: not in the console's encoding, with escapes."""
    raw = '---\ntitle: "花样年华"\ngenre: ["剧情", "剧情"]\n---\n正文 café\n'.encode()
    (tmp_path / "电影.md").write_bytes(raw)
    env = {"PYTHONIOENCODING": encoding}
    result = run_cli("check", "--no-cache", "--diff", "电影.md", cwd=tmp_path, env=env, text=False)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        b'--- "\\347\\224\\265\\345\\275\\261.md"\n'
        b'+++ "\\347\\224\\265\\345\\275\\261.md"\n'
        b"@@ -1,5 +1,5 @@\n"
        b" ---\n"
        + ' title: "花样年华"\n'.encode()
        + '-genre: ["剧情", "剧情"]\n'.encode()
        + '+genre: ["剧情"]\n'.encode()
        + b" ---\n"
        + " 正文 café\n".encode()
    )
    apply_diff(result.stdout, tmp_path)
    assert (tmp_path / "电影.md").read_bytes() == raw.replace(
        '"剧情", "剧情"'.encode(), '"剧情"'.encode()
    )


@pytest.mark.parametrize("order", ["target first", "link first"])
def test_a_file_named_twice_is_in_the_diff_once(tmp_path: Path, order: str) -> None:
    """As --fix writes it once: under its own name, which patch writes (not the link's)."""
    (tmp_path / "real.md").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "link.md").symlink_to("real.md")
    names = ["real.md", "link.md"] if order == "target first" else ["link.md", "real.md"]
    result = run_cli("check", "--no-cache", "--diff", *names, cwd=tmp_path, text=False)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count(b"+++ ") == 1
    assert result.stdout.startswith(b"--- real.md\n+++ real.md\n")
    assert result.stderr == (
        b"filmlint: link.md is the same file as real.md: shown once\n"
        b"Would fix 1 problem in 1 file\n"
    )
    apply_diff(result.stdout, tmp_path)
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == FIXABLE.replace("7.40", "7.4")


@pytest.mark.parametrize("own", ["A", "B"], ids=["own name first", "link first"])
@pytest.mark.parametrize("own_fixes", [True, False], ids=["own name fixes", "own name does not"])
def test_a_file_named_twice_under_other_settings_fails_the_diff(
    tmp_path: Path, own: str, own_fixes: bool
) -> None:
    """--fix would write its own name's fixes only (none, if they change nothing), and fail:
    so does --diff, showing those."""
    link = "B" if own == "A" else "A"
    (tmp_path / "A").mkdir()
    (tmp_path / "B").mkdir()
    own_rules = '"rating-format"' if own_fixes else '"unknown-key"'
    (tmp_path / own / "filmlint.toml").write_text(f"select = [{own_rules}]\n", "utf-8")
    (tmp_path / link / "filmlint.toml").write_text('select = ["duplicate-item"]\n', "utf-8")
    text = FIXABLE.replace("---\nBody", "topics: [a, a]\n---\nBody")
    (tmp_path / own / "x.md").write_text(text, encoding="utf-8")
    (tmp_path / link / "x.md").symlink_to(f"../{own}/x.md")
    result = run_cli("check", "--no-cache", "--diff", "B/x.md", "A/x.md", cwd=tmp_path)
    assert result.returncode == 2
    if own_fixes:
        assert result.stdout.startswith(f"--- {own}/x.md\n+++ {own}/x.md\n")
        assert result.stdout.count("+++ ") == 1
        assert '+imdbRating: "7.4"\n' in result.stdout
        assert "topics" not in result.stdout.split("@@")[-1].replace(" topics: [a, a]", "")
    else:
        assert result.stdout == ""
    assert result.stderr == (
        f"filmlint: error: {link}/x.md is the same file as {own}/x.md, whose settings fix it"
        f" otherwise: the fixes of {link}/x.md would not be written; fix it in a run of its"
        " own\n" + ("Would fix 1 problem in 1 file\n" if own_fixes else "No changes\n")
    )


def _apply_with(tool: str, diff: bytes, folder: Path, *, absolute: bool) -> None:
    """Apply ``diff`` in ``folder`` with ``patch`` or with ``git apply`` (in a git repository
    there, as a user would). A diff naming a file by its absolute path is applied as both
    tools allow: ``patch`` from ``/`` (it ignores absolute names), and ``git apply`` told
    that a path outside the repository is meant."""
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed")
    if tool == "patch":
        strip = ["-p1", "-d", "/"] if absolute else ["-p0"]
        command = [found, *strip, "--batch", "--fuzz=0", "--no-backup-if-mismatch"]
    else:
        subprocess.run([found, "init", "-q"], cwd=folder, check=True)
        command = [found, "apply", "-p0", *(["--unsafe-paths"] if absolute else []), "-"]
    done = subprocess.run(command, input=diff, cwd=folder, capture_output=True, check=False)
    assert done.returncode == 0, (done.stdout, done.stderr, diff)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
@pytest.mark.parametrize("tool", ["patch", "git"])
@pytest.mark.parametrize(
    ("name", "link", "target", "header"),
    [
        pytest.param("l.md", "l.md", "a.md", "a.md", id="a link to the file"),
        pytest.param("films/a.md", "films", "real", "real/a.md", id="a linked folder"),
        pytest.param(
            "deep/l.md", "deep/l.md", "../sub/a.md", "sub/a.md", id="a link in a subfolder"
        ),
        pytest.param("l.md", "l.md", "../outside/a.md", None, id="a file outside"),
        pytest.param("films/a.md", "films", "../outside", None, id="a folder outside"),
    ],
)
def test_a_file_named_through_a_symlink_is_named_by_its_real_path(
    tmp_path: Path, tool: str, name: str, link: str, target: str, header: str | None
) -> None:
    """patch refuses to write a symlink and git apply to write beyond one: the diff names
    the file itself, relative to the current folder, or absolute when outside it."""
    site = tmp_path / "site"
    real = (site / Path(link).parent / target).resolve()
    if real.suffix != ".md":
        real /= "a.md"
    real.parent.mkdir(parents=True, exist_ok=True)
    real.write_text(FIXABLE, encoding="utf-8")
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    (site / link).symlink_to(target)
    result = run_cli("check", "--no-cache", "--diff", name, cwd=site, text=False)
    assert result.returncode == 1, result.stderr
    shown = os.fsencode(header or str(real))
    assert result.stdout.startswith(b"--- " + shown + b"\n+++ " + shown + b"\n")
    _apply_with(tool, result.stdout, site, absolute=header is None)
    assert real.read_text(encoding="utf-8") == FIXABLE.replace("7.40", "7.4")
    assert (site / link).is_symlink()
