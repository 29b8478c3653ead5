"""The translation rules judge a set as soon as its last file is in (``StreamedSets``): a
run's files are ordered by set, and the diagnostics are those of the run phase over every
reference (the file phase's order as it was, ``GatheredReferences`` holding them all)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, film
from filmlint import Config, Linter
from filmlint.diagnostics import Reference, ReferenceProblem, Severity
from filmlint.engine import group_runs, parallel
from filmlint.engine.gathered import GatheredReferences, set_key
from filmlint.engine.results import FileResult
from filmlint.engine.run_phase import StreamedSets
from filmlint.engine.settings import load_config
from filmlint.rulekit import translation_sets
from filmlint.rulekit.declaration import Registry, Rule, RuleError, RunContext
from filmlint.rules import translation_mismatch, translation_missing

SUFFIX = """\
[locale]
default = "zh-Hans"
suffixes = { en = "en" }
"""
TOP_FOLDERS = """\
[locale]
default = "zh-Hans"
folders = { en = "en", fr = "fr", zh = "zh-Hans" }
"""
COLLECTION_FOLDERS = """\
[locale]
default = "zh-Hans"
folders = { en = "en", fr = "fr" }
"""
BY_KEY = f"""{SUFFIX}
[rules.translation-missing]
key = "translationKey"

[rules.translation-mismatch]
key = "translationKey"
"""

#: Site layouts: the configuration, each file's year (None: a film without one), and the
#: paths a run names. Each has sets whose files are not adjacent in the order found, sets
#: with a differing year (translation-mismatch) and sets with a version missing.
LAYOUTS: dict[str, tuple[str, dict[str, int | None], list[str]]] = {
    "suffix -en": (
        SUFFIX,
        {
            "films/a-b.md": 1979,
            "films/a-en.md": 1980,
            "films/a.md": 1979,
            "films/b-en.md": 1986,
            "films/b.md": 1986,
            "films/c.md": 1991,  # no en version
            "films/d-en.md": 2001,  # a set with a missing base
            "films/e-en.md": None,
            "films/e.md": 2004,
        },
        ["films"],
    ),
    "locale folders at the top": (
        TOP_FOLDERS,
        {
            "en/films/a.md": 1979,
            "en/films/b.md": 1986,
            "en/films/c.md": 1990,
            "fr/films/a.md": 1980,
            "fr/films/b.md": 1986,
            "zh/films/a.md": 1979,
            "zh/films/b.md": 1986,
            "zh/films/c.md": 1990,
            "zh/films/d.md": 2001,
        },
        ["en", "fr", "zh"],
    ),
    "locale folders in the collection": (
        COLLECTION_FOLDERS,
        {
            "films/a.md": 1979,
            "films/b.md": 1986,
            "films/en/a.md": 1979,
            "films/en/b.md": 1987,
            "films/en/c.md": 1990,
            "films/fr/a.md": 1979,
            "films/fr/b.md": 1986,
            "films/fr/c.md": 1991,
        },
        ["films"],
    ),
    "default at the top, an en folder": (
        COLLECTION_FOLDERS.replace(', fr = "fr"', ""),
        {
            "films/a.md": 1979,
            "films/b.md": 1986,
            "films/c.md": 1990,
            "en/films/a.md": 1980,
            "en/films/c.md": 1990,
            "films/en/b.md": 1986,
            "films/en/d.md": 2001,
        },
        ["films", "en"],
    ),
    # The base turns translation-missing off: the named translation carries its film's.
    "a partial run naming one file": (
        SUFFIX.replace('en = "en"', 'en = "en", fr = "fr"')
        + '\n[per-file-ignores]\n"films/a.md" = ["translation-missing"]\n',
        {
            "films/a-en.md": 1980,
            "films/a.md": 1979,
            "films/b-en.md": 1986,
            "films/b-fr.md": 1986,
            "films/b.md": 1986,
        },
        ["films/a-en.md"],
    ),
}


def _site(folder: Path, config: str, years: Mapping[str, int | None]) -> None:
    (folder / "filmlint.toml").write_text(config, encoding="utf-8")
    for name, year in years.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(film("" if year is None else f"year: {year}\n"), encoding="utf-8")


Run = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """A run's diagnostics as the json format writes them, and the judges of its groups
    (``judges``), streamed or not (``stream=False``: every reference to the run phase)."""
    judges: list[StreamedSets | None] = []
    streamed_sets = group_runs._streamed_sets

    def recorded(linter: Any, files: list[str], context_only: frozenset[str], *planned: Any) -> Any:
        found = streamed_sets(linter, files, context_only, *planned)
        judges.append(found[1])
        return found

    def lint(paths: list[str], *, stream: bool = True, **options: Any) -> list[dict[str, Any]]:
        judges.clear()
        with monkeypatch.context() as patch:
            if stream:
                patch.setattr(group_runs, "_streamed_sets", recorded)
            else:
                patch.setattr(group_runs, "_streamed_sets", lambda _, files, *__: (files, None))
            linter = options.pop("linter", None) or Linter()
            diagnostics = linter.lint_paths(paths, **options).diagnostics
        return [d.to_dict() for d in diagnostics]

    lint.judges = judges  # type: ignore[attr-defined]
    return lint


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_streamed_run_reports_what_the_run_phase_would(
    layout: str, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, years, named = LAYOUTS[layout]
    _site(tmp_path, config, years)
    monkeypatch.chdir(tmp_path)
    expected = run(named, stream=False)
    streamed = run(named)
    (judge,) = run.judges  # type: ignore[attr-defined]
    assert judge is not None
    judged = ["translation-mismatch", "translation-missing", "url-reachable"]
    assert [r for r in judged if judge.outcome(r) is not None] == judged[:2]
    assert judge.most_held > 0
    assert judge.held == 0
    assert streamed == expected
    assert {"translation-missing", "translation-mismatch"} <= {d["rule"] for d in expected}


def test_sets_named_by_a_front_matter_key_wait_for_the_run_phase(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(tmp_path, BY_KEY, {})
    films = tmp_path / "films"
    films.mkdir()
    for name, key, year in [("x.md", "a", 1979), ("y-en.md", "a", 1980), ("z.md", "b", 1986)]:
        (films / name).write_text(film(f"translationKey: {key}\nyear: {year}\n"), "utf-8")
    monkeypatch.chdir(tmp_path)
    found = run(["films"])
    assert run.judges == [None]  # type: ignore[attr-defined]
    assert found == run(["films"], stream=False)
    assert [(d["path"], d["rule"]) for d in found if d["rule"].startswith("translation")] == [
        ("films/y-en.md", "translation-mismatch"),
        ("films/z.md", "translation-missing"),
    ]


@pytest.mark.slow  # starts worker processes
def test_a_run_with_workers_reports_the_same(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, years, named = LAYOUTS["locale folders at the top"]
    _site(tmp_path, config, years)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 2)
    assert run(named, jobs=2) == run(named, stream=False, jobs=1)


class _TwoPartError(Exception):
    """An error that pickles but cannot be unpickled: its constructor wants two arguments."""

    def __init__(self, what: str, where: str) -> None:
        super().__init__(f"{what} in {where}")


@pytest.mark.slow  # starts worker processes
def test_a_rule_failing_in_a_worker_fails_on_each_of_its_files(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever it raised: the error reaches the parent as something it can be given."""
    parent = os.getpid()

    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[ReferenceProblem]:
        if os.getpid() != parent:
            raise _TwoPartError("a bug", "a worker")
        time.sleep(0.01)  # the parent is slow: the worker judges sets
        yield from translation_missing.finish(references, options, context)

    rule = replace(_rule(translation_missing.NAME, finish), options=translation_missing.OPTIONS)
    config, years, named = LAYOUTS["suffix -en"]
    _site(tmp_path, config, years)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 2)
    found = run(named, jobs=2, linter=Linter(registry=_film_rules(rule)))
    failed = [d for d in found if d["rule"] == "internal-error"]
    assert [d["path"] for d in failed] == [
        f"films/{n}" for n in sorted(Path(p).name for p in years)
    ]
    assert "_TwoPartError: a bug in a worker" in failed[0]["message"]


# The set each value names is the one its path names, whatever the path.

_SEGMENTS = st.sampled_from(["films", "en", "fr", "zh", "a", "en-fr", ".", "x.en"])
_NAMES = st.sampled_from(["a", "a-en", "a.fr", "a_en", "-en", "a-en-fr", "..", "b-zh"])
_PATHS = st.builds(
    lambda folders, name, extension: "/".join([*folders, name + extension]),
    st.lists(_SEGMENTS, max_size=3),
    _NAMES,
    st.sampled_from([".md", ".markdown", ""]),
)
_LOCALE_TABLES = [
    {"default": "zh-Hans", "suffixes": {"en": "en", "fr": "fr"}},
    {"folders": {"en": "en", "zh": "zh-Hans"}},
    {"default": "zh-Hans", "folders": {"en": "en"}, "suffixes": {"fr": "fr"}},
    {"key": "lang", "folders": {"en": "en"}},
]


@settings(max_examples=examples(200), deadline=None)
@given(
    path=_PATHS,
    locale=st.sampled_from(_LOCALE_TABLES),
    lang=st.sampled_from(["", "lang: de\n", "lang: 12\n"]),
)
def test_every_value_names_the_set_its_path_names(
    path: str, locale: dict[str, Any], lang: str
) -> None:
    config = Config.from_dict({"locale": locale})
    linter = Linter(config, select=["translation-missing", "translation-mismatch"])
    result = linter.text_result(film(lang + "year: 1979\n"), path)
    unlocalized = linter.paths.versions(path)[0]
    for reference in result.gathered:
        key = set_key(reference)
        assert key is not None
        assert key == translation_sets.path_key(unlocalized)


# The judge, given files in the order of their sets.

_FILE_NAMES = st.builds(
    lambda folder, name, suffix: f"{folder}{name}{suffix}.md",
    st.sampled_from(["", "films/", "films/en/", "en/films/", "zh/"]),
    st.sampled_from(["a", "b", "a-b", "c"]),
    st.sampled_from(["", "-en", "-fr"]),
)
_CONFIGS = [
    {"locale": {"default": "zh-Hans", "suffixes": {"en": "en", "fr": "fr"}}},
    {"locale": {"default": "zh-Hans", "folders": {"en": "en", "zh": "zh-Hans"}}},
]


def _rule(name: str, finish: Any, *, reads_translations: bool = True) -> Rule:
    """A run-level rule of filmlint's (``origin``): its values are a set's, as its
    translation rules' are; a set is judged by ``finish`` given its references."""

    def judge_sets(options: Mapping[str, Any], context: RunContext) -> Any:
        return lambda _key, members: finish([m.reference for m in members], options, context)

    return Rule(
        name=name,
        code="FL998" if reads_translations else "FL997",
        summary=name,
        doc=name,
        severity=Severity.WARNING,
        gather=translation_missing.gather,
        finish=finish,
        reads_translations=reads_translations,
        judge_sets=judge_sets,
    )


def _recorder(batches: list[list[Reference]]) -> Rule:
    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[ReferenceProblem]:
        batches.append(list(references))
        return iter(())

    return _rule("recorder", finish)


@settings(max_examples=examples(100), deadline=None)
@given(
    files=st.lists(_FILE_NAMES, unique=True, max_size=20),
    counts=st.lists(st.integers(0, 3), min_size=20, max_size=20),
    table=st.sampled_from(_CONFIGS),
)
def test_each_set_is_judged_once_whole_in_the_order_gathered(
    files: list[str], counts: list[int], table: dict[str, Any]
) -> None:
    batches: list[list[Reference]] = []
    other = _rule("other", lambda *_: iter(()), reads_translations=False)
    rules = [_recorder(batches), other]
    linter = Linter(Config.from_dict(table), registry=Registry(rules))
    ordered, judge = group_runs._streamed_sets(linter, files, frozenset())
    assert judge is not None
    assert sorted(ordered) == sorted(files)
    references = {
        name: _references(linter, name, count) for name, count in zip(files, counts, strict=False)
    }
    for index, name in enumerate(ordered):
        others = judge.judged(index, FileResult([], tuple(references[name]))).gathered
        assert others == tuple(r for r in references[name] if r.rule == "other")
    assert judge.held == 0
    # What the run phase is given, from the references in the order of ``files``.
    with GatheredReferences(in_memory=sys.maxsize) as held:
        for name in files:
            held.add(references[name])
        expected = list(held.batches("recorder", by_set=True))
    assert batches == expected
    assert judge.most_held == max(map(len, expected), default=0)  # one set open at a time
    assert len({set_key(batch[0]) for batch in batches}) == len(batches)


def _references(linter: Linter, path: str, count: int) -> list[Reference]:
    """``count`` values of the recorder naming the set of ``path``, one of another rule."""
    key = json.dumps(["path:" + linter.paths.versions(path)[0], "en"])
    made = [_reference("recorder", f"{key}\n{path} {n}", path) for n in range(count)]
    return [*made, _reference("other", path, path)]


def _reference(rule: str, value: str, path: str) -> Reference:
    return Reference(rule, value, path, 0, 1, 1, 1, 1, 2, None, ("title",))


def test_a_value_naming_another_set_fails_the_rule_on_each_of_its_files() -> None:
    batches: list[list[Reference]] = []
    linter = Linter(Config.from_dict(_CONFIGS[0]), registry=Registry([_recorder(batches)]))
    files = ["films/a.md", "films/a-en.md", "films/b.md", "films/c.md"]
    ordered, judge = group_runs._streamed_sets(linter, files, frozenset())
    assert judge is not None
    references = {name: _references(linter, name, 1)[:1] for name in files}
    stray = json.dumps(["path:films/a.md", "en"]) + "\nstray"
    references["films/b.md"].append(_reference("recorder", stray, "films/b.md"))
    for index, name in enumerate(ordered):
        judge.judged(index, FileResult([], tuple(references[name])))
    outcome = judge.outcome("recorder")
    assert outcome is not None
    assert isinstance(outcome.error, ValueError)
    assert list(outcome.files) == ["films/a.md", "films/a-en.md", "films/b.md", "films/c.md"]
    assert outcome.problems == []
    assert len(batches) == 1  # set a, judged before b's file came; none after


# A rule that fails while streamed.


def _failing(calls: list[int], fail_at: int, error: Exception) -> Rule:
    """translation-missing, which raises ``error`` when given its ``fail_at``th set."""

    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[ReferenceProblem]:
        calls.append(len(references))
        if len(calls) == fail_at:
            raise error
        yield from translation_missing.finish(references, options, context)

    return replace(_rule(translation_missing.NAME, finish), options=translation_missing.OPTIONS)


def _film_rules(first: Rule) -> Registry:
    mismatch = Rule(
        name=translation_mismatch.NAME,
        code=translation_mismatch.CODE,
        summary="",
        doc="",
        options=translation_mismatch.OPTIONS,
        gather=translation_mismatch.gather,
        finish=translation_mismatch.finish,
        reads_translations=True,
        judge_sets=translation_mismatch.judge_sets,
    )
    return Registry([first, mismatch])


def _failing_on_the_second_set(
    error: Exception, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Linter, list[int], list[str], dict[str, int | None]]:
    """A site whose first rule fails on the second set it is given with ``error``: its
    linter, the sets it was given (appended), the files named and their years."""
    config, years, named = LAYOUTS["suffix -en"]
    _site(tmp_path, config, years)
    monkeypatch.chdir(tmp_path)
    calls: list[int] = []
    return Linter(registry=_film_rules(_failing(calls, 2, error))), calls, named, years


@pytest.mark.parametrize("stream", [True, False])
def test_a_rule_failing_on_its_second_set_fails_on_each_of_its_files(
    stream: bool, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linter, calls, named, years = _failing_on_the_second_set(
        KeyError("a bug"), tmp_path, monkeypatch
    )
    found = run(named, stream=stream, linter=linter)
    assert len(calls) == 2  # not given the sets after
    assert [(d["path"], d["rule"]) for d in found if d["rule"] != "translation-mismatch"] == [
        (f"films/{name}", "internal-error") for name in sorted(Path(p).name for p in years)
    ]
    assert "a bug" in found[0]["message"]
    assert {d["rule"] for d in found} == {"internal-error", "translation-mismatch"}


@pytest.mark.parametrize("stream", [True, False])
def test_a_rule_refusing_its_settings_stops_the_run_as_in_the_run_phase(
    stream: bool, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linter, calls, named, _ = _failing_on_the_second_set(
        RuleError("no such cache"), tmp_path, monkeypatch
    )
    with pytest.raises(RuleError, match="no such cache"):
        run(named, stream=stream, linter=linter)
    assert len(calls) == 2  # the sets after it were not given to it


def test_a_large_run_holds_one_set_at_a_time(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(tmp_path, TOP_FOLDERS.replace(', fr = "fr"', ""), {})
    text = "---\ntitle: x\nyear: {}\n---\n"
    for folder in ["en/films", "zh/films"]:  # a set's files 1,500 files apart, as found
        (tmp_path / folder).mkdir(parents=True)
    for n in range(1500):  # 3,000 files
        (tmp_path / "en/films" / f"{n:04d}.md").write_text(text.format(1979), "utf-8")
        (tmp_path / "zh/films" / f"{n:04d}.md").write_text(text.format(1979 + n % 2), "utf-8")
    monkeypatch.chdir(tmp_path)
    linter = Linter(load_config(), select=["translation-missing", "translation-mismatch"])
    found = run(["en", "zh"], linter=linter)
    (judge,) = run.judges  # type: ignore[attr-defined]
    assert judge is not None
    largest = max(
        sum(
            len(linter.file_result(f"{folder}/films/{n:04d}.md").gathered)
            for folder in ["en", "zh"]
        )
        for n in (0, 1)
    )
    assert 0 < judge.most_held <= 2 * largest
    assert judge.held == 0
    assert len(found) == 750  # the sets of odd numbers: a year differs
