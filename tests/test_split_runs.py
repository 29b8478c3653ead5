"""Runs that name parts of a site, as pre-commit's do when it splits a long list of staged
files into several runs of the hook (even with ``require_serial``): together they report
what one run over the whole site reports, each problem once. Which version of a film
carries its missing versions does not depend on which files a run names."""

from __future__ import annotations

from collections import Counter
from contextlib import chdir
from pathlib import Path

import pytest

from conftest import film
from filmlint import Linter

SUFFIXES = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en", fr = "fr" }\n'
BY_KEY = SUFFIXES + "".join(
    f'\n[rules.{rule}]\nkey = "translationKey"\n'
    for rule in ("translation-missing", "translation-mismatch")
)
CONFIGS = {"suffixes": SUFFIXES, "translation key": BY_KEY}
RULES = ["translation-missing", "translation-mismatch"]

#: Each film's versions (by suffix) with their years: every shape of a set that lacks one.
FILMS: dict[str, dict[str, int]] = {
    "all": {"": 1979, "-en": 1979, "-fr": 1979},
    "no-fr": {"": 1979, "-en": 1979},
    "no-en-mismatch": {"": 1979, "-fr": 1980},
    "no-base": {"-en": 1979, "-fr": 1979},
    "base-only": {"": 1979},
    "en-only": {"-en": 1979},
    "fr-only": {"-fr": 1979},
}

Row = tuple[str, int, str, str]


def write_site(root: Path, config: str) -> list[str]:
    """The site's files, in the order pre-commit names them (sorted)."""
    (root / "filmlint.toml").write_text(config, encoding="utf-8")
    films = root / "films"
    films.mkdir()
    for stem, versions in FILMS.items():
        for suffix, year in versions.items():
            text = film(f'translationKey: "{stem}"\nyear: {year}\n')
            (films / f"{stem}{suffix}.md").write_text(text, encoding="utf-8")
    return sorted(f"films/{path.name}" for path in films.iterdir())


def reported(root: Path, names: list[str]) -> list[Row]:
    with chdir(root):
        run = Linter(select=RULES).lint_paths(names, jobs=1)
    return [(d.path, d.line, d.rule, d.message) for d in run.diagnostics]


@pytest.mark.parametrize("config", CONFIGS.values(), ids=CONFIGS)
def test_two_runs_that_split_the_files_report_what_one_run_does(
    tmp_path: Path, config: str
) -> None:
    names = write_site(tmp_path, config)
    whole = Counter(reported(tmp_path, names))
    assert any(row[2] == "translation-missing" for row in whole)
    assert max(whole.values()) == 1
    for cut in range(1, len(names)):
        split = Counter(reported(tmp_path, names[:cut]) + reported(tmp_path, names[cut:]))
        assert split == whole, f"split before {names[cut]}"
