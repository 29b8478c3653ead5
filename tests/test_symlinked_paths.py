"""A path is taken as named, as git and ruff take it: the files of a symlinked folder get the
configuration, collection, locale and per-file-ignores of where they are named, not of where
the link points; and that whatever spelling of the site the current folder was entered by."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import REQUIRED, film, front, run_cli

CONFIG = """\
[locale]
default = "zh-Hans"
folders = { en = "en" }
[collections.films]
include = ["src/content/films/**"]
"""
#: A film and its English version, which disagree on a field translation-mismatch compares.
BASE, TRANSLATION = film("imdbRating: 8.5\n"), film("imdbRating: 7.0\n")
FILMS = "src/content/films"


def astro_site(tmp_path: Path, target: str, config: str = CONFIG) -> Path:
    """A site (a git work tree) whose ``src/content/films`` is a symlink to its films:
    ``inside`` the site (``data/films``) or ``outside`` it (a shared folder)."""
    site = tmp_path / "site"
    (site / "src" / "content").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    (site / "filmlint.toml").write_text(config, encoding="utf-8")
    (site / "README.md").write_text("# A site\n", encoding="utf-8")
    stored = site / "data" / "films" if target == "inside" else tmp_path / "shared" / "films"
    (stored / "en").mkdir(parents=True)
    (stored / "a.md").write_text(BASE, encoding="utf-8")
    (stored / "en" / "a.md").write_text(TRANSLATION, encoding="utf-8")
    link = "../../data/films" if target == "inside" else str(stored)
    (site / FILMS).symlink_to(link, target_is_directory=True)
    return site


#: How the films are named: from where (the site, or a symlink to it), and as what. ``{site}``
#: is the site as the current folder was entered.
NAMINGS = {
    "the linked folder": ("site", FILMS),
    "a file through the link": ("site", f"{FILMS}/en/a.md"),
    "from the site entered through a symlink": ("alias", FILMS),
    "an absolute path through both links": ("alias", "{site}/" + FILMS + "/en/a.md"),
}


@pytest.mark.parametrize("target", ["inside", "outside"])
@pytest.mark.parametrize("naming", list(NAMINGS))
def test_files_named_through_a_symlinked_folder_are_configured_as_named(
    tmp_path: Path, target: str, naming: str
) -> None:
    site = astro_site(tmp_path, target)
    (tmp_path / "alias").symlink_to(site, target_is_directory=True)
    entered, named = NAMINGS[naming]
    cwd = tmp_path / entered
    named = named.format(site=cwd)
    english = f"{named}/en/a.md" if named == FILMS else named
    expected = [f"{FILMS}/a.md", english] if named == FILMS else [english]

    shown = run_cli("check", "--show-files", named, cwd=cwd)
    assert shown.stdout.splitlines() == [
        f"{name}: filmlint.toml, collection films" for name in expected
    ]
    settings = run_cli("check", "--show-settings", english, cwd=cwd).stdout.splitlines()
    assert settings[1:4] == [
        "configuration: filmlint.toml",
        "collection: films ([collections.films])",
        "locale: en (folder 'en', locale.folders)",
    ]
    # Linted, and its base found beside it as named (translation-mismatch reads it).
    checked = run_cli("check", "--no-cache", "--output-format", "json", named, cwd=cwd)
    base = english.replace("/en/a.md", "/a.md")
    mismatches = [
        (problem["path"], [related["path"] for related in problem["related"]])
        for problem in json.loads(checked.stdout)
        if problem["rule"] == "translation-mismatch"
    ]
    assert (checked.returncode, mismatches) == (1, [(english, [base])]), checked.stdout


def test_per_file_ignores_match_the_path_as_named(tmp_path: Path) -> None:
    config = '[per-file-ignores]\n"src/content/films/**" = ["country-code"]\n'
    site = astro_site(tmp_path, "inside", config)
    (site / "data" / "films" / "b.md").write_text(
        front(REQUIRED + 'country: "USA/UK"\n'), encoding="utf-8"
    )
    for cached in ([], ["--no-cache"]):  # the cache's key says the same as a fresh run
        checked = run_cli("check", *cached, f"{FILMS}/b.md", cwd=site)
        assert (checked.returncode, checked.stdout) == (0, "All checks passed (1 file)\n")
        # Its target, named itself, is not under the glob.
        stored = run_cli("check", *cached, "data/films/b.md", cwd=site)
        assert "country-code" in stored.stdout


def test_a_run_that_lints_no_file_warns(tmp_path: Path) -> None:
    """As ruff warns: the walk does not follow the link, and data/films is in no collection."""
    site = astro_site(tmp_path, "inside")
    warning = "filmlint: warning: no files linted (none found, or all excluded or in no collection)"
    for args in (["check"], ["check", "README.md"], ["check", "--fix"]):
        result = run_cli(*args, cwd=site)
        assert (result.returncode, result.stderr) == (0, warning + "\n"), args
    assert run_cli("check", "--quiet", cwd=site).stderr == ""
    linted = run_cli("check", "--no-cache", f"{FILMS}/a.md", cwd=site)
    assert linted.stderr == ""
