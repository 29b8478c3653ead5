"""A path is taken as named, as git and ruff take it: the files of a symlinked folder get the
configuration, collection, locale and per-file-ignores of where they are named, not of where
the link points; and that whatever spelling of the site the current folder was entered by."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import REQUIRED, film, front, run_cli
from filmlint import load_config

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


SHARED_CONFIG = """\
schema = "schemas/site.json"
cache-dir = ".site_cache"
exclude = ["src/content/films/drafts/"]
[collections.films]
include = ["src/content/films/**"]
"""


def linked_sites(tmp_path: Path, name: str) -> list[Path]:
    """Two sites whose ``name`` is a symlink to one configuration in ``shared/``, which
    names a schema, a cache folder and globs, relative paths each site holds itself."""
    shared = tmp_path / "shared"
    shared.mkdir()
    text = SHARED_CONFIG
    if name == "pyproject.toml":
        text = "[tool.filmlint]\n" + text.replace("[collections", "[tool.filmlint.collections")
    (shared / name).write_text(text, encoding="utf-8")
    sites = []
    for site in (tmp_path / "site", tmp_path / "other"):
        (site / FILMS / "drafts").mkdir(parents=True)
        (site / "schemas").mkdir()
        (site / "schemas" / "site.json").write_text('{"type": "object"}', encoding="utf-8")
        (site / name).symlink_to(f"../shared/{name}")
        for film_path in (f"{FILMS}/a.md", f"{FILMS}/drafts/b.md"):
            (site / film_path).write_text(front(REQUIRED + 'country: "USA/UK"\n'), "utf-8")
        sites.append(site)
    return sites


@pytest.mark.parametrize("name", ["filmlint.toml", "pyproject.toml"])
@pytest.mark.parametrize("where", ["tmp", "site"])
def test_a_symlinked_configuration_belongs_to_the_folder_of_the_link(
    tmp_path: Path, name: str, where: str
) -> None:
    """As in ruff: a configuration shared by symlinks is each site's own, its schema, cache
    folder and globs starting from the site, whatever the current folder."""
    site, other = linked_sites(tmp_path, name)
    cwd = tmp_path if where == "tmp" else site
    named = [str(site), str(other)] if where == "tmp" else [".", str(other)]
    checked = run_cli("check", "--output-format", "json", *named, cwd=cwd)
    found = sorted(
        Path(cwd, problem["path"]).resolve().relative_to(tmp_path.resolve()).as_posix()
        for problem in json.loads(checked.stdout)
    )
    assert (checked.returncode, found) == (1, [f"other/{FILMS}/a.md", f"site/{FILMS}/a.md"])
    assert (site / ".site_cache").is_dir() and (other / ".site_cache").is_dir()
    assert not (tmp_path / "shared" / ".site_cache").exists()
    files = [str(site / FILMS / "a.md"), str(site / FILMS / "drafts" / "b.md")]
    shown = run_cli("check", "--show-files", *files, cwd=cwd).stdout.splitlines()
    config = Path(os.path.relpath(site / name, cwd)).as_posix()
    assert [line.split(": ", 1)[1] for line in shown] == [
        f"{config}, collection films",
        f"skipped: excluded by 'src/content/films/drafts/' in {config}",
    ]
    forced = run_cli("check", "--no-cache", "--config", str(site / name), str(site), cwd=cwd)
    assert forced.returncode == 1, forced.stderr
    assert load_config(site / name).root == site.resolve()
