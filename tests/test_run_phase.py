"""The rules' run-level phase: gather per file, finish once per run over all files."""

from __future__ import annotations

import enum
import json
import pickle
import re
import types
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import front
from filmlint import Config, Linter
from filmlint.diagnostics import DataPath, Reference, ReferenceProblem, Severity
from filmlint.engine import gathered
from filmlint.engine.cache import ResultCache
from filmlint.engine.linter import FileResult
from filmlint.rulekit.declaration import Registry, RuleError, RunContext, rule_from_object
from filmlint.rules import reading, structure, unused_suppression
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE


def _gather(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    for index, item in enumerate(document.data.get("cast", [])):
        yield ("cast", index), item


def _finish(
    references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
) -> Iterator[ReferenceProblem]:
    files: dict[str, set[str]] = {}
    for reference in references:
        files.setdefault(reference.value, set()).add(reference.file)
    for reference in references:
        if len(files[reference.value]) == 1:
            yield ReferenceProblem(reference, f"{reference.value} is in one file only")


PLUGIN = types.SimpleNamespace(
    __name__="cast_elsewhere",
    __doc__="A cast member found in no other file.",
    NAME="cast-elsewhere",
    CODE="FL990",
    SEVERITY=Severity.WARNING,
    gather=_gather,
    finish=_finish,
)


def _linter(**config: Any) -> Linter:
    rule = rule_from_object(PLUGIN, "tests")
    return Linter(Config(**config), select=["cast-elsewhere"], registry=Registry([rule]))


def test_finish_sees_every_file_and_reports_at_each_reference(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(front('cast: ["Sigourney Weaver", "Ian Holm"]'))
    (tmp_path / "b.md").write_text(front('title: "Aliens"\ncast: ["Sigourney Weaver"]'))
    found = _linter().lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line, d.column, d.code, d.message) for d in found] == [
        ("a.md", 2, 28, "FL990", "Ian Holm is in one file only")
    ]
    assert found[0].severity is Severity.WARNING


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["plain", "after a BOM"])
def test_a_value_about_the_whole_file_is_placed_at_its_opening_delimiter(
    tmp_path: Path, bom: str
) -> None:
    """``()``, the front matter as a whole: placed at its opening ``---``, not at the
    mapping the front matter is (a span of every line of it)."""
    whole = types.SimpleNamespace(
        **{**vars(PLUGIN), "gather": lambda document, options: iter([((), "whole")])}
    )
    rule = rule_from_object(whole, "tests")
    linter = Linter(Config(), select=["cast-elsewhere"], registry=Registry([rule]))
    (tmp_path / "a.md").write_text(bom + front('title: "Aliens"\nyear: 1986'), encoding="utf-8")
    (reference,) = linter.file_result(str(tmp_path / "a.md")).gathered
    start = len(bom)
    assert (reference.start, reference.end, reference.data_path) == (start, start + 3, ())
    assert (reference.line, reference.column, reference.end_line, reference.end_column) == (
        1, 1, 1, 4
    )  # fmt: skip
    found = linter.lint_paths([tmp_path / "a.md"]).diagnostics
    assert [(d.line, d.column, d.end_line, d.end_column) for d in found] == [(1, 1, 1, 4)]


def test_per_file_ignores_keep_a_file_out_of_the_run_phase(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(front('cast: ["Ian Holm"]'))
    (tmp_path / "b.md").write_text(front('cast: ["Ian Holm"]'))
    linter = _linter(root=tmp_path, per_file_ignores=(("b.md", ("cast-elsewhere",)),))
    found = linter.lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line, d.column) for d in found] == [("a.md", 2, 8)]


def test_file_results_are_picklable() -> None:
    result = _linter().text_result(front('cast: ["Ian Holm"]'), "a.md")
    assert result.gathered == (
        Reference("cast-elsewhere", "Ian Holm", "a.md", 11, 21, 2, 8, 2, 18, (12, 20)),
    )
    assert pickle.loads(pickle.dumps(result)) == result
    assert isinstance(result, FileResult)


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        (("gather", "finish"), "lacks check (or gather and finish)"),
        (("finish",), "has one of gather and finish without the other"),
    ],
)
def test_a_run_phase_needs_both_functions(drop: tuple[str, ...], message: str) -> None:
    broken = types.SimpleNamespace(**{k: v for k, v in vars(PLUGIN).items() if k not in drop})
    with pytest.raises(RuleError, match=re.escape(message)):
        rule_from_object(broken, "tests")


def test_a_suppression_keeps_a_value_out_of_the_run_phase(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        front(
            """
            cast:
              - "Ian Holm"  # filmlint: disable-line cast-elsewhere
              - "John Hurt"
            director: "Ridley Scott"  # filmlint: disable-line cast-elsewhere
            """
        )
    )
    rule = rule_from_object(PLUGIN, "tests")
    linter = Linter(
        Config(), select=["cast-elsewhere", "unused-suppression"], registry=_with_core(rule)
    )
    found = linter.lint_paths([tmp_path]).diagnostics
    assert [(d.line, d.column, d.rule) for d in found] == [
        (4, 5, "cast-elsewhere"),
        (5, 52, "unused-suppression"),
    ]


def _with_core(rule: Any) -> Registry:
    return Registry([*reading.RULES, *structure.RULES, *unused_suppression.RULES, rule])


def _set_plugin(calls: list[list[str]], *, fail_at: int | None = None) -> types.SimpleNamespace:
    """A rule that judges a file by its translation set (``READS_TRANSLATIONS``): it gathers
    the set its ``film`` names, as the translation rules write it, and reports each file of a
    set with one file only; it raises at its ``fail_at``th call."""

    def gather(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
        yield ("film",), json.dumps([document.data["film"], "en"]) + "\n" + document.path

    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[ReferenceProblem]:
        calls.append([r.value.partition("\n")[2] for r in references])
        if len(calls) == fail_at:
            raise ValueError("a bug")
        films = {r.value.partition("\n")[0] for r in references}
        for reference in references:
            if len(references) == 1 or len(films) > 1:
                yield ReferenceProblem(reference, "alone")

    return types.SimpleNamespace(
        __name__="film_sets",
        __doc__="A film with one file.",
        NAME="film-sets",
        CODE="FL991",
        SEVERITY=Severity.WARNING,
        READS_TRANSLATIONS=True,
        gather=gather,
        finish=finish,
    )


def _film_files(folder: Path) -> None:
    for name, film in [("a.md", "b"), ("b.md", "a"), ("c.md", "a"), ("d.md", "c"), ("e.md", "b")]:
        (folder / name).write_text(front(f'film: "{film}"'))


@pytest.fixture(params=["in memory", "spilled"])
def spill(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways a run keeps its references: held, or in a database from the first one."""
    if request.param == "spilled":
        monkeypatch.setattr(gathered, "IN_MEMORY", 0)


@pytest.mark.usefixtures("spill")
def test_a_rule_reading_translations_is_given_one_set_at_a_time(tmp_path: Path) -> None:
    _film_files(tmp_path)
    calls: list[list[str]] = []
    rule = rule_from_object(_set_plugin(calls), "tests")
    linter = Linter(Config(), select=["film-sets"], registry=Registry([rule]))
    found = linter.lint_paths([tmp_path]).diagnostics
    named = [[Path(p).name for p in call] for call in calls]
    assert named == [["b.md", "c.md"], ["a.md", "e.md"], ["d.md"]]  # sets a, b, c
    assert [(Path(d.path).name, d.message) for d in found] == [("d.md", "alone")]


@pytest.mark.usefixtures("spill")
def test_a_rule_reading_translations_is_given_the_files_that_turn_it_off(tmp_path: Path) -> None:
    """A file that ignores or disables the rule is still one of its set's files: the rule
    gets its value, not ``reported``, and what it reports there is not shown."""
    _film_files(tmp_path)
    (tmp_path / "e.md").write_text(front('# filmlint: disable-file film-sets\nfilm: "b"'))
    plugin = _set_plugin([])
    gather, finish = plugin.gather, plugin.finish
    seen: list[tuple[str, bool]] = []

    def about_the_file(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
        # At the file as a whole: a suppression comment does not keep it out of the set.
        return (((), value) for _, value in gather(document, options))

    def recording(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[ReferenceProblem]:
        seen.extend((Path(r.file).name, r.reported) for r in references)
        return finish(references, options, context)

    plugin.gather, plugin.finish = about_the_file, recording
    ignores = (("d.md", ("film-sets",)),)
    linter = Linter(
        Config(root=tmp_path, per_file_ignores=ignores),
        select=["film-sets"],
        registry=Registry([rule_from_object(plugin, "tests")]),
    )
    found = linter.lint_paths([tmp_path]).diagnostics
    assert sorted(seen) == [
        ("a.md", True), ("b.md", True), ("c.md", True), ("d.md", False), ("e.md", False),
    ]  # fmt: skip
    assert found == []  # d.md is alone in its set, and turns the rule off


@pytest.mark.usefixtures("spill")
def test_a_rule_that_fails_on_a_later_set_fails_on_every_file(tmp_path: Path) -> None:
    _film_files(tmp_path)
    calls: list[list[str]] = []
    rule = rule_from_object(_set_plugin(calls, fail_at=3), "tests")
    linter = Linter(Config(), select=["film-sets"], registry=Registry([rule]))
    found = linter.lint_paths([tmp_path]).diagnostics
    assert len(calls) == 3
    # What it found in the sets before ("d.md" alone is the last) is not reported either.
    assert [(Path(d.path).name, d.rule) for d in found] == [
        (name, "internal-error") for name in ("a.md", "b.md", "c.md", "d.md", "e.md")
    ]
    assert "a bug" in found[0].message


class Label(str):
    """A plugin's string of its own type."""


class Step(enum.IntEnum):
    FIRST = 0


#: What a plugin's ``gather`` yields for a file whose ``cast`` is ["Ian Holm"], and what
#: the run makes of it: the pairs ``finish`` is given, or what the file's internal-error
#: says. Subclasses of str and int are kept as those types, a list path as a tuple; anything
#: else is the rule's bug.
GATHERED_SHAPES: dict[str, tuple[list[Any], list[tuple[DataPath, str]] | str]] = {
    "plain": ([(("cast", 0), "Ian Holm")], [(("cast", 0), "Ian Holm")]),
    "a value of a str subclass": ([(("cast", 0), Label("Ian Holm"))], [(("cast", 0), "Ian Holm")]),
    "steps of subclasses": ([((Label("cast"), Step.FIRST), "x")], [(("cast", 0), "x")]),
    "about the whole file": ([((), "x")], [((), "x")]),
    "a data path as a list": ([(["cast", 0], "x")], [(("cast", 0), "x")]),
    "a value not a string": ([(("cast", 0), 5)], "gathered at ('cast', 0): a 'int', not a str"),
    "a value of bytes": ([(("cast",), b"x")], "gathered at ('cast',): a 'bytes', not a str"),
    "a data path as a string": ([("cast", "x")], "data path of type 'str'"),
    "a step of another type": ([(("cast", 0.5), "x")], "a step of type 'float'"),
    "a step true or false": ([(("cast", True), "x")], "a step of type 'bool'"),
    "not a pair": (["cast"], "ValueError"),
}


@pytest.mark.usefixtures("spill")
@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "cache"])
@pytest.mark.parametrize("shape", GATHERED_SHAPES)
def test_what_a_rule_gathers_is_kept_as_plain_strings_and_paths_or_is_its_bug(
    tmp_path: Path, shape: str, cached: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "key"))
    yielded, expected = GATHERED_SHAPES[shape]
    seen: list[list[tuple[DataPath, str, type, tuple[type, ...]]]] = []

    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[ReferenceProblem]:
        seen.append(
            [
                (r.data_path, r.value, type(r.value), tuple(map(type, r.data_path)))
                for r in references
            ]
        )
        return iter(())

    plugin = types.SimpleNamespace(
        **{**vars(PLUGIN), "gather": lambda document, options: iter(yielded), "finish": finish}
    )
    films = tmp_path / "films"
    films.mkdir()
    (films / "a.md").write_text(front('cast: ["Ian Holm"]'))
    registry = _with_core(rule_from_object(plugin, "tests"))
    linter = Linter(Config(), select=["cast-elsewhere", "internal-error"], registry=registry)
    cache = ResultCache(tmp_path / "cache") if cached else None
    runs = [linter.lint_paths([films], cache=cache).diagnostics for _ in range(2 if cached else 1)]
    for found in runs:
        if isinstance(expected, str):
            assert [d.rule for d in found] == ["internal-error"]
            assert found[0].message.startswith("rule cast-elsewhere (tests) failed: ")
            assert expected in found[0].message
        else:
            assert found == []
    if not isinstance(expected, str):
        plain = [(path, value, str, tuple(type(step) for step in path)) for path, value in expected]
        assert seen == [plain] * len(runs)
