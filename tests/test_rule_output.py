"""What a rule's ``check`` and ``finish`` yield, taken as the run keeps it: plain types, or the rule's bug
(an internal-error naming it), never a crash further on, in the cache or a reporter."""

from __future__ import annotations

import enum
import io
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import front
from filmlint import Config, Linter
from filmlint.api import (
    DataPath,
    Edit,
    Fix,
    Problem,
    Reference,
    ReferenceProblem,
    RelatedLocation,
    RunContext,
    Severity,
)
from filmlint.diagnostics import Diagnostic
from filmlint.engine import rule_output
from filmlint.engine.cache import ResultCache
from filmlint.reporters import FORMATS, Report, get_reporter
from filmlint.rulekit.declaration import Registry, rule_from_object
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE


class Label(str):
    """A plugin's string of its own type."""


class Offset(enum.IntEnum):
    ONE = 1


EDIT = Edit(6, 7, "B")

#: What a check yields for `title: "A"`, and the Problem the run keeps (the same fields, of
#: plain types), or what its internal-error says.
SHAPES: dict[str, tuple[Any, Problem | str]] = {
    "plain": (Problem(("title",), "m"), Problem(("title",), "m")),
    "a message of a str subclass": (Problem(("title",), Label("m")), Problem(("title",), "m")),
    "a rule of a str subclass": (
        Problem(("title",), "m", rule=Label("plugin-rule")),
        Problem(("title",), "m", rule="plugin-rule"),
    ),
    "a path as a list": (Problem(["title"], "m"), Problem(("title",), "m")),  # type: ignore[arg-type]
    "a part of IntEnums": (
        Problem(("title",), "m", part=(Offset.ONE, Offset.ONE)),
        Problem(("title",), "m", part=(1, 1)),
    ),
    "a fix of subclasses": (
        Problem(("title",), "m", fix=Fix(Label("f"), (Edit(Offset.ONE, 7, Label("B")),))),
        Problem(("title",), "m", fix=Fix("f", (Edit(1, 7, "B"),))),
    ),
    "not a Problem": ("m", "yielded a 'str', not a Problem"),
    "a message not a string": (Problem(("title",), 5), "a problem's message: a 'int'"),  # type: ignore[arg-type]
    "a path of a float": (Problem(("title", 0.5), "m"), "with a step of type 'float'"),
    "a target unknown": (Problem(("title",), "m", target="nope"), "target is 'nope'"),  # type: ignore[arg-type]
    "a severity as text": (Problem(("title",), "m", severity="error"), "severity is a 'str'"),  # type: ignore[arg-type]
    "a part of one offset": (Problem(("title",), "m", part=(1,)), "not a pair of offsets"),  # type: ignore[arg-type]
    "a part of text": (Problem(("title",), "m", part=("1", 2)), "a part's start: a 'str'"),  # type: ignore[arg-type]
    "a fix as text": (Problem(("title",), "m", fix="B"), "fix is a 'str', not a Fix"),  # type: ignore[arg-type]
    "a fix of a list": (Problem(("title",), "m", fix=Fix("f", [EDIT])), "edits are a 'list'"),  # type: ignore[arg-type]
    "an edit of text": (Problem(("title",), "m", fix=Fix("f", ("B",))), "edit is a 'str'"),  # type: ignore[arg-type]
    "an edit's end true": (
        Problem(("title",), "m", fix=Fix("f", (Edit(6, True, "B"),))),
        "an edit's end: a 'bool'",
    ),
    "an applicability unknown": (
        Problem(("title",), "m", fix=Fix("f", (EDIT,), "maybe")),  # type: ignore[arg-type]
        "applicability is 'maybe'",
    ),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_problem_is_taken_with_plain_types_or_refused(shape: str) -> None:
    yielded, expected = SHAPES[shape]
    if isinstance(expected, str):
        with pytest.raises(TypeError, match=expected.replace("(", r"\(").replace(")", r"\)")):
            rule_output.problems([yielded])
        return
    [taken] = rule_output.problems([yielded])
    assert taken == expected
    assert _types(taken) == _types(expected)


def test_a_plain_problem_is_taken_as_it_is() -> None:
    problem = Problem(("cast", 0), "m", part=(0, 1), fix=Fix("f", (EDIT,)))
    assert rule_output.problems([problem])[0] is problem


def _types(problem: Problem) -> list[type]:
    """The types of every field of ``problem`` and of what it holds."""
    fix = problem.fix
    edits = fix.edits if fix is not None else ()
    return [
        type(problem.message),
        *([type(problem.rule)] if problem.rule is not None else []),
        *map(type, problem.path),
        *map(type, problem.part or ()),
        *([type(fix.message)] if fix is not None else []),
        *(type(value) for edit in edits for value in (edit.start, edit.end, edit.content)),
    ]


def plugin_runs(tmp_path: Path, **functions: Any) -> list[Diagnostic]:
    """The one diagnostic each of a cold and a warm run (with a result cache) makes on a
    film with `title: "A"`, with a plugin rule of these ``functions`` (and internal-error)
    selected; each also written in every output format."""
    plugin = types.SimpleNamespace(
        __name__="plugin", __doc__="A plugin.", NAME="plugin-rule", CODE="FL990",
        SEVERITY=Severity.WARNING, **functions,
    )  # fmt: skip
    films = tmp_path / "films"
    films.mkdir()
    (films / "a.md").write_text(front('title: "A"'))
    linter = Linter(
        Config(), select=["plugin-rule", "internal-error"],
        registry=Registry([rule_from_object(plugin, "tests")]),
    )  # fmt: skip
    found = []
    for _ in range(2):
        run = linter.lint_paths([films], cache=ResultCache(tmp_path / "cache"))
        [diagnostic] = run.diagnostics
        for output in FORMATS:
            written = io.StringIO()
            get_reporter(output)(Report(run.diagnostics, run.files), written)
            assert diagnostic.message in written.getvalue()
        found.append(diagnostic)
    return found


def assert_internal_error(found: Diagnostic, prefix: str, expected: str) -> None:
    assert found.rule == "internal-error"
    assert found.message.startswith(f"rule plugin-rule (tests) failed{prefix}: TypeError: ")
    assert expected in found.message


@pytest.mark.parametrize("shape", SHAPES)
def test_whatever_a_check_yields_the_run_goes_on_through_the_cache_and_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "key"))
    yielded, expected = SHAPES[shape]

    def check(document: Any, options: Mapping[str, Any]) -> Iterator[Any]:
        yield yielded

    for found in plugin_runs(tmp_path, check=check):
        if isinstance(expected, str):
            assert_internal_error(found, "", expected)
        else:
            assert (found.rule, found.message, type(found.message)) == ("plugin-rule", "m", str)


RELATED = RelatedLocation("films/b.md", 2, 8, "the base")

#: What a finish yields about the reference it is given (a function of it), and the message
#: and related locations of the diagnostic the run makes of it, or what its internal-error
#: says.
FINISHED: dict[
    str, tuple[Callable[[Reference], Any], tuple[str, tuple[RelatedLocation, ...]] | str]
] = {
    "plain": (lambda r: ReferenceProblem(r, "m", related=(RELATED,)), ("m", (RELATED,))),
    "a message of a str subclass": (lambda r: ReferenceProblem(r, Label("m")), ("m", ())),
    "related as a list": (lambda r: ReferenceProblem(r, "m", related=[RELATED]), ("m", (RELATED,))),
    "related of subclasses": (
        lambda r: ReferenceProblem(
            r, "m", related=(RelatedLocation(Label("films/b.md"), Offset.ONE, 8, Label("x")),)
        ),
        ("m", (RelatedLocation("films/b.md", 1, 8, "x"),)),
    ),
    "not a ReferenceProblem": (lambda r: "m", "yielded a 'str', not a ReferenceProblem"),
    "a reference of text": (lambda r: ReferenceProblem("a.md", "m"), "reference is a 'str'"),
    "a message not a string": (lambda r: ReferenceProblem(r, 5), "a problem's message: a 'int'"),
    "a severity as text": (
        lambda r: ReferenceProblem(r, "m", severity="error"),
        "severity is a 'str'",
    ),
    "a fix as text": (lambda r: ReferenceProblem(r, "m", fix="B"), "fix is a 'str', not a Fix"),
    "related as text": (lambda r: ReferenceProblem(r, "m", related="b.md"), "are a 'str'"),
    "a related location of text": (
        lambda r: ReferenceProblem(r, "m", related=("b.md",)),
        "a related location is a 'str'",
    ),
    "a related line of text": (
        lambda r: ReferenceProblem(r, "m", related=(RelatedLocation("b.md", "2", 8, "x"),)),
        "a related location's line: a 'str'",
    ),
}


@pytest.mark.parametrize("shape", FINISHED)
def test_whatever_a_finish_yields_the_run_goes_on_through_the_cache_and_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "key"))
    made, expected = FINISHED[shape]

    def gather(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
        yield ("title",), "A"

    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
    ) -> Iterator[Any]:
        yield made(references[0])

    for found in plugin_runs(tmp_path, gather=gather, finish=finish):
        if isinstance(expected, str):
            assert_internal_error(found, " in the run phase", expected)
        else:
            assert (found.rule, found.message, found.related) == ("plugin-rule", *expected)
            assert [type(found.message), *(type(r.line) for r in found.related)] == [
                str,
                *(int for _ in found.related),
            ]


#: Each field's values: plain, of a subclass (taken as the plain value), or of a wrong type.
PLAIN_TEXT = st.text(max_size=3)
PLAIN_NUMBER = st.integers(0, 9)
SUBCLASSED = {str: PLAIN_TEXT.map(Label), int: st.sampled_from(list(Offset))}
WRONG = st.sampled_from([None, 1.5, b"x", True, ["x"], object()])
FIELDS = ["message", "step", "part", "edit", "content", "fix message", "path"]


@st.composite
def problems_drawn(draw: st.DrawFn, subclassed: str = "", wrong: str = "") -> Problem:
    """A Problem built as a plugin might: its fields plain, but the one ``subclassed``
    names, of a subclass (a list, for the path), and the one ``wrong`` names, of a wrong
    type."""

    def value(field: str, kind: type) -> Any:
        if field == wrong:
            return draw(WRONG.filter(lambda value: value is not None or field != "step"))
        plain = PLAIN_TEXT if kind is str else PLAIN_NUMBER
        return draw(SUBCLASSED[kind] if field == subclassed else plain)

    steps = [draw(PLAIN_TEXT | PLAIN_NUMBER) for _ in range(draw(st.integers(0, 2)))]
    steps.append(value("step", draw(st.sampled_from([str, int]))))
    part = (
        (value("part", int), draw(PLAIN_NUMBER))
        if draw(st.booleans())
        or "part"
        in (
            subclassed,
            wrong,
        )
        else None
    )
    edits = [Edit(draw(PLAIN_NUMBER), draw(PLAIN_NUMBER), draw(PLAIN_TEXT))]
    edits.append(Edit(value("edit", int), draw(PLAIN_NUMBER), value("content", str)))
    fix = Fix(value("fix message", str), tuple(edits))
    path = list(steps) if subclassed == "path" else tuple(steps)
    return Problem(path, value("message", str), part=part, fix=fix)  # type: ignore[arg-type]


@given(
    st.sampled_from(["", *FIELDS]).flatmap(
        lambda field: st.lists(problems_drawn(field), max_size=3)
    )
)
def test_problems_of_subclasses_are_taken_as_plain_types(given_problems: list[Problem]) -> None:
    taken = rule_output.problems(given_problems)
    assert taken == [
        Problem(tuple(p.path), p.message, part=p.part, fix=p.fix) for p in given_problems
    ]
    for problem in taken:
        assert type(problem.path) is tuple
        assert all(t in (str, int) for t in _types(problem))


@given(
    st.lists(problems_drawn(), max_size=2),
    st.sampled_from(FIELDS[:-1]).flatmap(lambda field: problems_drawn(wrong=field)),
    st.lists(problems_drawn(), max_size=2),
)
def test_a_problem_with_a_field_of_a_wrong_type_is_refused(
    before: list[Problem], wrong: Problem, after: list[Problem]
) -> None:
    with pytest.raises(TypeError):
        rule_output.problems([*before, wrong, *after])
