"""Files read only for context (the language versions of the files named) go through the
cheap path: only the gathers of the rules that read translations run on them, and a file's
diagnostics are the same whether its versions are named with it or read for context."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import filmlint
from filmlint.diagnostics import Problem
from filmlint.engine.cache import ResultCache
from filmlint.engine.project import Project
from filmlint.engine.rule_runner import RuleRunner
from filmlint.engine.settings import parse_config
from filmlint.frontmatter.document import Document
from filmlint.rulekit.declaration import Registry, rule_from_object
from filmlint.rules import load_registry

LOCALE = {"default": "zh-Hans", "suffixes": {"en": "en"}}


def film(year: int, extra: str = "") -> str:
    return f'---\ntitle: "Tide Lines"\nyear: {year}\ncountry: "FR"\n{extra}---\n\nText.\n'


def counting_registry(calls: list[str]) -> Registry:
    """Every built-in rule and one that records each file it checks."""

    def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
        calls.append(Path(document.path or "").name)
        return iter(())

    counter = SimpleNamespace(
        NAME="call-counter", CODE="XX999", __doc__="Counts its calls.", check=check
    )
    return Registry([*load_registry(), rule_from_object(counter, "tests")])


def site(folder: Path, *, fixable: bool = False) -> filmlint.Config:
    """A base and its translation whose years differ: written alike (``fixable``), the fix
    would take the base's, which is then read in full (its problems keep a fix from taking
    it); written differently, there is no fix, and the base is read only for context."""
    (folder / "tide.md").write_text(film(1999), encoding="utf-8")
    translated = film(2001) if fixable else film(2001).replace("2001", '"2001"')
    (folder / "tide-en.md").write_text(translated, encoding="utf-8")
    return parse_config({"locale": LOCALE}, folder / "filmlint.toml")


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
def test_a_context_file_is_not_checked_by_the_other_rules(tmp_path: Path, cached: bool) -> None:
    config = site(tmp_path)
    calls: list[str] = []
    linter = filmlint.Linter(config, registry=counting_registry(calls))
    cache = ResultCache(tmp_path / ".cache") if cached else None
    found = linter.lint_paths([tmp_path / "tide-en.md"], cache=cache).diagnostics
    assert calls == ["tide-en.md"]
    # The base was read all the same: the translation is judged against it.
    mismatch = [d for d in found if d.rule == "translation-mismatch"]
    assert [(Path(d.path).name, d.line) for d in mismatch] == [("tide-en.md", 3)]
    assert {Path(d.path).name for d in found} == {"tide-en.md"}


def test_a_context_base_a_fix_would_take_a_value_of_is_checked_in_full_once(
    tmp_path: Path,
) -> None:
    config = site(tmp_path, fixable=True)
    calls: list[str] = []
    linter = filmlint.Linter(config, registry=counting_registry(calls))
    found = linter.lint_paths([tmp_path / "tide-en.md"]).diagnostics
    assert calls == ["tide-en.md", "tide.md"]
    (mismatch,) = [d for d in found if d.rule == "translation-mismatch"]
    assert mismatch.fix is not None
    assert {Path(d.path).name for d in found} == {"tide-en.md"}


def test_a_context_file_linted_before_is_taken_from_the_cache(tmp_path: Path) -> None:
    config = site(tmp_path)
    calls: list[str] = []
    linter = filmlint.Linter(config, registry=counting_registry(calls))
    cache = ResultCache(tmp_path / ".cache")
    both = linter.lint_paths([tmp_path], cache=cache).diagnostics
    assert sorted(calls) == ["tide-en.md", "tide.md"]
    calls.clear()
    linter = filmlint.Linter(config, registry=counting_registry(calls))
    alone = linter.lint_paths([tmp_path / "tide-en.md"], cache=cache).diagnostics
    assert calls == []
    assert alone == [d for d in both if d.path.endswith("tide-en.md")]


def test_the_fixer_reads_context_files_through_the_cheap_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = site(tmp_path)
    checked: list[str] = []
    problems = RuleRunner.problems

    def recording(self: RuleRunner, document: Document) -> Any:
        if self.checks:  # the context reader has no check to run
            checked.append(Path(document.path or "").name)
        return problems(self, document)

    monkeypatch.setattr(RuleRunner, "problems", recording)
    run = Project(config=config).fix([tmp_path / "tide-en.md"])
    assert checked == ["tide-en.md"]
    assert [d.rule for d in run.diagnostics if d.rule.startswith("translation")] == [
        "translation-mismatch"
    ]


#: Variations of a film's versions: years that agree or not, a suppression comment in the
#: base over the compared value, a YAML error, a base that is missing.
BASES = [
    film(1999),
    film(2001),
    film(1999).replace("year: 1999", "year: 1999  # filmlint: disable-line translation-mismatch"),
    film(1999).replace("year: 1999", "year: [1999"),
    film(1999, 'language: "xx-nope"\nunknown-field: 1\n'),
    None,
]
TRANSLATIONS = [film(2001), film(1999), film(1999, 'country: "Nowhere"\n'), "no front matter\n"]


@pytest.mark.parametrize(
    ("base", "translation", "separator"),
    list(itertools.product(range(len(BASES)), range(len(TRANSLATIONS)), "-._")),
)
def test_a_files_diagnostics_do_not_depend_on_its_versions_being_named(
    tmp_path: Path, base: int, translation: int, separator: str
) -> None:
    """Whichever separator the translation's name puts before its suffix: the base's name
    cannot tell it (``tide-fr.md`` is another film, ``fr`` being no locale here)."""
    config = parse_config({"locale": LOCALE}, tmp_path / "filmlint.toml")
    base_text = BASES[base]
    if base_text is not None:
        (tmp_path / "tide.md").write_text(base_text, encoding="utf-8")
    english = f"tide{separator}en.md"
    (tmp_path / english).write_text(TRANSLATIONS[translation], encoding="utf-8")
    (tmp_path / "tide-fr.md").write_text(TRANSLATIONS[-1 - translation], encoding="utf-8")
    every = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    for name in ("tide.md", english, "tide-fr.md"):
        if not (tmp_path / name).exists():
            continue
        alone = filmlint.Linter(config).lint_paths([tmp_path / name]).diagnostics
        assert alone == [d for d in every if Path(d.path).name == name], name
