"""``filmlint check -`` and ``--stdin-filename``: a text from an editor, configured as the
file it will be; with ``--fix`` the text goes back on stdout and the report on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filmlint
from conftest import VALID, film, run_stdin, throwaway_folder
from project_sites import CHINESE, build_site

BAD_STATUS = VALID.replace('"published"', "publised")
#: A mistake with a safe fix: the language tag's case and separator.
FIXABLE = film("language: zh_cn\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return build_site(tmp_path)


@pytest.mark.parametrize(
    ("name", "reported"),
    [
        ("src/content/films/new-en.md", True),  # English by its suffix
        ("src/content/films/fr/new.md", True),  # French by its folder
        ("src/content/films/new.md", False),  # the default, zh-Hans
    ],
)
def test_the_name_decides_configuration_collection_and_locale(
    site: Path, name: str, reported: bool
) -> None:
    text = (VALID + CHINESE).encode("utf-8")
    result = run_stdin("check", "-", "--stdin-filename", name, stdin=text, cwd=site)
    out = result.stdout.decode()
    assert (f"{name}:10:1: FL402 [untranslated-text]" in out) is reported
    assert result.returncode == 0  # a warning
    assert not (site / name).exists()  # it need not exist, and is not written


def test_stdin_filename_alone_reads_stdin(site: Path) -> None:
    result = run_stdin(
        "check", "--stdin-filename", "src/content/films/x.md", stdin=BAD_STATUS.encode(), cwd=site
    )
    assert result.returncode == 1
    assert b"src/content/films/x.md:7:9: FL104 [invalid-value]" in result.stdout


def test_the_name_from_another_folder_finds_that_folders_configuration(tmp_path: Path) -> None:
    build_site(tmp_path)
    text = BAD_STATUS.encode()
    blog = run_stdin(
        "check", "-", "--stdin-filename", "site/src/content/blog/x.md", stdin=text, cwd=tmp_path
    )
    # The blog's own schema: no films' status, no title requirement beyond its own.
    assert b"[unknown-key] error: unknown key 'status'" in blog.stdout


def test_without_a_name_the_current_folders_configuration_applies(tmp_path: Path) -> None:
    unnamed = run_stdin("check", "-", stdin=BAD_STATUS.encode(), cwd=tmp_path)
    assert unnamed.returncode == 1
    assert b"-:7:9: FL104 [invalid-value]" in unnamed.stdout
    (tmp_path / "filmlint.toml").write_text('ignore = ["invalid-value"]\n', encoding="utf-8")
    configured = run_stdin("check", "-", stdin=BAD_STATUS.encode(), cwd=tmp_path)
    assert configured.returncode == 0, configured.stdout
    assert b"All checks passed (1 file)" in configured.stdout


def test_fix_writes_the_fixed_text_to_stdout_and_the_report_to_stderr(site: Path) -> None:
    name = "src/content/films/new.md"
    raw = FIXABLE.replace("\n", "\r\n").encode("utf-8")
    result = run_stdin("check", "-", "--stdin-filename", name, "--fix", stdin=raw, cwd=site)
    fixed, _ = filmlint.fix_text(raw.decode(), name)
    assert result.stdout == fixed.encode("utf-8")
    assert b"zh-CN" in result.stdout and b"\r\n" in result.stdout  # fixed, line breaks kept
    assert b"Fixed 1 problem in 1 file" in result.stderr
    assert result.returncode == 0


def test_fix_reports_the_remaining_problems_on_stderr(site: Path) -> None:
    name = "src/content/films/new.md"
    raw = FIXABLE.replace('"published"', "publised").encode()
    result = run_stdin("check", "-", "--stdin-filename", name, "--fix", stdin=raw, cwd=site)
    assert result.returncode == 1
    assert b"zh-CN" in result.stdout
    assert f"{name}:7:9: FL104 [invalid-value]".encode() in result.stderr
    assert b"FL104" not in result.stdout


def test_diff_prints_the_change(site: Path) -> None:
    name = "src/content/films/new.md"
    result = run_stdin(
        "check", "-", "--stdin-filename", name, "--diff", stdin=FIXABLE.encode(), cwd=site
    )
    assert result.returncode == 1
    assert b"-language: zh_cn\n+language: zh-CN\n" in result.stdout
    assert f"--- {name}".encode() in result.stdout


@pytest.mark.parametrize("name", ["README.md", "src/content/films/drafts/x.md"])
def test_a_skipped_name_passes_the_text_through_and_reports_nothing(site: Path, name: str) -> None:
    raw = b"\xef\xbb\xbf---\r\ntitle: 1\r\n---\r\n"
    fixed = run_stdin("check", "-", "--stdin-filename", name, "--fix", stdin=raw, cwd=site)
    assert (fixed.returncode, fixed.stdout, fixed.stderr) == (0, raw, b"")
    linted = run_stdin("check", "-", "--stdin-filename", name, stdin=raw, cwd=site)
    assert (linted.returncode, linted.stdout, linted.stderr) == (0, b"", b"")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_fix_gives_back_any_text_it_does_not_change_byte_for_byte(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    """Undecodable bytes, a BOM, lone CRs, no front matter: what is not fixed comes back as
    read, whatever it is, and the run never fails with a traceback."""
    folder = throwaway_folder(tmp_path_factory, "stdin")
    result = run_stdin("check", "-", "--stdin-filename", "x.md", "--fix", stdin=raw, cwd=folder)
    assert b"Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    if b"Fixed" not in result.stderr:
        assert result.stdout == raw


def test_stdin_cannot_be_mixed_with_paths(site: Path) -> None:
    result = run_stdin("check", "-", "README.md", stdin=b"", cwd=site)
    assert result.returncode == 2
    assert b"linted alone" in result.stderr


VERSIONS_CONFIG = """\
[locale]
default = "zh-Hans"
suffixes = { en = "en" }
[collections.films]
include = ["src/content/films/**"]
schema = "film"
"""
#: A film in two languages whose ratings differ, and a translation without its base.
VERSIONS = {
    "alien.md": '---\ntitle: "异形"\ndirector: "雷德利·斯科特"\ndescription: "太空"\n'
    'releaseDate: 1979-05-25\ntopics: ["恐怖"]\nstatus: "published"\nimdbRating: "8.5"\n'
    "---\n正文。\n",
    "alien-en.md": '---\ntitle: "Alien"\ndirector: "Ridley Scott"\ndescription: "Space"\n'
    'releaseDate: 1979-05-25\ntopics: ["恐怖"]\nstatus: "published"\nimdbRating: "8.4"\n'
    "---\nBody.\n",
    "heat-en.md": '---\ntitle: "Heat"\ndirector: "Michael Mann"\ndescription: "LA"\n'
    'releaseDate: 1995-12-15\ntopics: ["crime"]\nstatus: "published"\n---\nBody.\n',
}


def versions_site(folder: Path) -> Path:
    films = folder / "src" / "content" / "films"
    films.mkdir(parents=True)
    (folder / "filmlint.toml").write_text(VERSIONS_CONFIG, encoding="utf-8")
    for name, text in VERSIONS.items():
        (films / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(VERSIONS))
@pytest.mark.parametrize("flags", [(), ("--output-format", "json")])
def test_a_piped_version_is_judged_with_the_films_other_versions(
    tmp_path: Path, name: str, flags: tuple[str, ...]
) -> None:
    site = versions_site(tmp_path)
    path = f"src/content/films/{name}"
    named = run_stdin("check", "--no-cache", *flags, path, stdin=b"", cwd=site)
    text = (site / path).read_bytes()
    piped = run_stdin("check", "--no-cache", *flags, "--stdin-filename", path, stdin=text, cwd=site)
    assert (piped.returncode, piped.stdout) == (named.returncode, named.stdout)


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_a_piped_version_is_fixed_with_the_films_other_versions(tmp_path: Path, name: str) -> None:
    on_disk, site = versions_site(tmp_path / "a"), versions_site(tmp_path / "b")
    path = f"src/content/films/{name}"
    fix = ("check", "--no-cache", "--fix", "--unsafe-fixes")
    named = run_stdin(*fix, path, stdin=b"", cwd=on_disk)
    text = (site / path).read_bytes()
    piped = run_stdin(*fix, "--stdin-filename", path, stdin=text, cwd=site)
    assert piped.stdout == (on_disk / path).read_bytes()
    assert piped.returncode == named.returncode
