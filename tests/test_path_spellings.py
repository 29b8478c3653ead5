"""A run judges a site the same however its paths are spelt (``.``, ``../site``, an absolute
path, ``films/../films``, from the site or from a folder above or below it): the findings,
with paths taken from the site, are those of ``check .`` run in the site."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

import filmlint
from conftest import film
from filmlint.engine.paths import PathPolicy
from filmlint.engine.settings import Config
from filmlint.rulekit.declaration import Registry
from test_versions_in_folders import chdir

#: Each kind of site: its configuration and its films (a missing version, a mismatched year
#: between a base and its translation, and a complete set).
SITES = {
    "locale folders": (
        '[locale]\ndefault = "zh-Hans"\nfolders = { en = "en" }\n',
        {
            "films/alien.md": 1979,
            "films/en/alien.md": 1979,
            "films/heat.md": 1995,
            "films/en/heat.md": 1996,
            "films/ran.md": 1985,
            "films/en/solo.md": 2018,
        },
    ),
    "locale folders above the films": (
        '[locale]\ndefault = "zh-Hans"\nfolders = { en = "en" }\n',
        {
            "films/alien.md": 1979,
            "en/films/alien.md": 1979,
            "films/heat.md": 1995,
            "en/films/heat.md": 1996,
            "films/ran.md": 1985,
        },
    ),
    "locale suffixes": (
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n',
        {
            "films/alien.md": 1979,
            "films/alien-en.md": 1979,
            "films/heat.md": 1995,
            "films/heat-en.md": 1996,
            "films/ran.md": 1985,
        },
    ),
    "translation keys": (
        '[locale]\ndefault = "zh-Hans"\nfolders = { en = "en" }\n'
        '[rules.translation-missing]\nkey = "translationKey"\n'
        '[rules.translation-mismatch]\nkey = "translationKey"\n',
        {
            "films/alien.md": 1979,
            "films/en/the-alien.md": 1979,
            "films/heat.md": 1995,
            "films/en/heat-1995.md": 1996,
            "films/ran.md": 1985,
        },
    ),
}

#: A current folder (from the site) and a spelling of the site from there; "{site}" is its
#: absolute path.
SPELLINGS = [
    pytest.param(".", "{site}", id="absolute"),
    pytest.param(".", "../site", id="dotdot-site"),
    pytest.param(".", "./films/..", id="films-dotdot"),
    pytest.param(".", "films/../.", id="films-dotdot-dot"),
    pytest.param("films", "..", id="from-films-dotdot"),
    pytest.param("films", "../../site", id="from-films-dotdot-dotdot-site"),
    pytest.param("..", "site", id="from-above"),
    pytest.param("..", "site/../site", id="from-above-site-dotdot-site"),
    pytest.param("..", "./site/films/../", id="from-above-dot-site-films-dotdot"),
]


def build(root: Path, config: str, films: dict[str, int]) -> Path:
    site = root.resolve() / "site"
    site.mkdir()
    (site / "filmlint.toml").write_text(config, encoding="utf-8")
    for name, year in films.items():
        key = Path(name).stem.split("-")[0].replace("the", "alien")
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(film(f"year: {year}\ntranslationKey: {key}\n"), encoding="utf-8")
    return site


def findings(site: Path, cwd: Path, spelling: str) -> list[tuple[str, int, int, str, str]]:
    """What a run of ``spelling`` from ``cwd`` finds, each file and each path in a message
    written from the site (as a run in the site writes them)."""
    with chdir(cwd):
        found = filmlint.lint_paths([spelling.format(site=site)])
        return sorted(
            (_from_site(d.path, site), d.line, d.column, d.rule, _paths_from_site(d.message, site))
            for d in found
        )


def _from_site(path: str, site: Path) -> str:
    """``path``, named from the current folder, written from ``site``."""
    return os.path.relpath(os.path.abspath(path), site)  # noqa: PTH100 (as named, not resolved)


def _paths_from_site(message: str, site: Path) -> str:
    """``message`` with each Markdown file's path it names written from ``site``."""
    return re.sub(r"[^\s:']+\.md", lambda found: _from_site(found[0], site), message)


@pytest.mark.parametrize("kind", list(SITES))
@pytest.mark.parametrize(("cwd", "spelling"), SPELLINGS)
def test_a_site_is_judged_the_same_however_its_path_is_spelt(
    tmp_path: Path, kind: str, cwd: str, spelling: str
) -> None:
    config, films = SITES[kind]
    site = build(tmp_path, config, films)
    expected = findings(site, site, ".")
    assert any(row[3] == "translation-missing" for row in expected)  # the site tells sets apart
    assert findings(site, site / cwd, spelling) == expected


@pytest.mark.parametrize("spelling", ["../site/", "{site}/", "films/../", "./films/../"])
def test_versions_named_under_another_spelling_are_not_read_again(
    tmp_path: Path, spelling: str
) -> None:
    """A run names each film's versions that exist under its own spelling: none of them is
    added to be read for context under its plain name (it would be read twice, and be in
    its set twice); the sets are the plain run's."""
    config, films = SITES["locale folders"]
    site = build(tmp_path, config, films)
    policy = PathPolicy(Config.from_dict(tomllib.loads(config), root=site), Registry([]))
    spelt = [spelling.format(site=site) + name for name in films]
    absolute = spelling.startswith("{")
    with chdir(site):
        plain = policy.sets_and_versions(list(films))
        plan = policy.sets_and_versions(spelt)

    def as_spelt(name: str) -> str:
        return str(site / name) if absolute else name

    assert plain.versions == ["films/solo.md"]  # the base of films/en/solo.md: not there
    assert plan.versions == [as_spelt(version) for version in plain.versions]
    assert plan.sets == [as_spelt(name) for name in plain.sets]
