"""Fixes: the schema's own, how they are chosen and checked, and ``fix_text``."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

import filmlint
from conftest import REQUIRED, VALID, front
from filmlint.diagnostics import Diagnostic, Edit, Fix, Problem, Severity
from filmlint.engine.fixer import Fixer, _non_overlapping, apply_edits
from filmlint.engine.linter import Linter
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.parser import parse_document
from filmlint.reporters import Report
from filmlint.reporters.json import write as write_json
from filmlint.rulekit.declaration import Registry, Rule
from filmlint.rules import reading, structure, unused_suppression

#: The required keys but the status, which the cases below write themselves.
WITHOUT_STATUS = REQUIRED.replace('status: "published"\n', "")


@pytest.mark.parametrize(
    ("yaml", "fixed"),
    [
        pytest.param(
            WITHOUT_STATUS.replace("director:", "directer:") + "status: draft\n",
            WITHOUT_STATUS + "status: draft\n",
            id="plain key",
        ),
        pytest.param(
            WITHOUT_STATUS.replace("director:", '"directer":') + "status: draft\n",
            WITHOUT_STATUS.replace("director:", '"director":') + "status: draft\n",
            id="double-quoted key keeps its quotes",
        ),
        pytest.param(
            WITHOUT_STATUS.replace("director:", "'Director':") + "status: draft\n",
            WITHOUT_STATUS.replace("director:", "'director':") + "status: draft\n",
            id="single-quoted key, case only",
        ),
        pytest.param(
            WITHOUT_STATUS
            + "status: draft\nsourceUrl:\n  - platfrom: IMDb  # note\n    url: https://www.imdb.com/title/tt0078748/\n",
            WITHOUT_STATUS
            + "status: draft\nsourceUrl:\n  - platform: IMDb  # note\n    url: https://www.imdb.com/title/tt0078748/\n",
            id="nested key, comment kept",
        ),
        pytest.param(
            WITHOUT_STATUS + "status: publised\n",
            WITHOUT_STATUS + "status: published\n",
            id="plain enum value",
        ),
        pytest.param(
            WITHOUT_STATUS + "status: 'drfat'   # soon\n",
            WITHOUT_STATUS + "status: 'draft'   # soon\n",
            id="single-quoted enum value, comment kept",
        ),
        pytest.param(
            WITHOUT_STATUS + 'status: "Published"\n',
            WITHOUT_STATUS + 'status: "published"\n',
            id="double-quoted enum value",
        ),
        pytest.param(
            WITHOUT_STATUS
            + "sourceUrl: [{platfrom: IMDb, url: 'https://www.imdb.com/title/tt0078748/'}]\nstatus: publised\n",
            WITHOUT_STATUS
            + "sourceUrl: [{platform: IMDb, url: 'https://www.imdb.com/title/tt0078748/'}]\nstatus: published\n",
            id="flow mapping key, and a value, in one pass",
        ),
    ],
)
def test_schema_fixes_change_only_the_word(yaml: str, fixed: str) -> None:
    text, remaining = filmlint.fix_text(front(yaml), unsafe=True)
    assert text == front(fixed)
    assert remaining == []


@pytest.mark.parametrize(
    "yaml",
    [
        pytest.param(
            WITHOUT_STATUS + "directer: x\nstatus: draft\n",
            id="the known key is there already",
        ),
        pytest.param(
            WITHOUT_STATUS.replace("director:", "directer:") + "diretor: x\nstatus: draft\n",
            id="two unknown keys close to one known key",
        ),
        pytest.param(WITHOUT_STATUS + "status: gone\n", id="no close value"),
        pytest.param(WITHOUT_STATUS + "status: 1\n", id="not a string"),
        pytest.param(WITHOUT_STATUS + 'status: "publi\\x73ed"\n', id="value with an escape"),
        pytest.param(WITHOUT_STATUS + "status: >\n  publised\n", id="folded block scalar"),
        pytest.param(
            WITHOUT_STATUS.replace("director:", '"direct\\u0065r":') + "status: draft\n",
            id="key with an escape",
        ),
    ],
)
def test_schema_problems_without_a_fix(yaml: str) -> None:
    text = front(yaml)
    diagnostics = filmlint.lint_text(text)
    assert diagnostics, "the case must have a problem"
    assert [d.fix for d in diagnostics] == [None] * len(diagnostics)
    assert filmlint.fix_text(text, unsafe=True) == (text, diagnostics)


def test_ambiguous_key_gets_no_fix(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(
        json.dumps({"additionalProperties": False, "properties": {"colour": {}, "colous": {}}}),
        encoding="utf-8",
    )
    linter = Linter(schema=schema)
    (diagnostic,) = linter.lint_text(front("colouz: red"))
    assert (diagnostic.rule, diagnostic.fix) == ("unknown-key", None)


def test_unsafe_fixes_need_asking() -> None:
    text = front(WITHOUT_STATUS + "status: publised\n")
    fixed, remaining = filmlint.fix_text(text)
    assert fixed == text
    assert [(d.line, d.column, d.rule) for d in remaining] == [(7, 9, "invalid-value")]


def test_fix_in_json_output_has_positions() -> None:
    text = "\ufeff---\r\n" + WITHOUT_STATUS.replace("\n", "\r\n").replace("title:", "titel:")
    text += "status: draft\r\n---\r\n"
    (diagnostic,) = filmlint.lint_text(text, "alien.md")
    stream = io.StringIO()
    write_json(Report([diagnostic], 1), stream)
    (item,) = json.loads(stream.getvalue())
    assert item["fix"] == {
        "applicability": "unsafe",
        "message": "rename 'titel' to 'title'",
        "edits": [
            {"start": {"line": 2, "column": 1}, "end": {"line": 2, "column": 6}, "content": "title"}
        ],
    }


# Fixes as a plugin rule makes them: the fixer checks each before keeping it.

Maker = Callable[[Document], Iterable[Problem]]


def _linter(make: Maker) -> Linter:
    def check(document: Document, options: object) -> Iterable[Problem]:
        return make(document)

    rule = Rule("test-fix", "FL990", "A rule with made-up fixes.", "", check=check)
    return Linter(
        registry=Registry([*reading.RULES, *structure.RULES, *unused_suppression.RULES, rule]),
        select=["test-fix"],
    )


def _replace(document: Document, old: str, new: str, path: tuple[str | int, ...]) -> Problem:
    """A problem at ``path`` whose fix replaces the first ``old`` of the text, if it is there."""
    start = document.text.index(old)
    edit = Edit(start, start + len(old), new)
    return Problem(path, f"{old} -> {new}", fix=Fix(f"write {new}", (edit,)))


def _when(old: str, new: str, path: tuple[str | int, ...]) -> Maker:
    return lambda document: [_replace(document, old, new, path)] if old in document.text else []


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(_when("Body", "Text", ("title",)), "it edits outside the front matter"),
        pytest.param(
            _when('"Alien"', '"Alien', ("title",)),
            "the front matter would no longer read as a mapping",
            id="breaks the YAML",
        ),
        pytest.param(
            _when("Ridley", "Tony", ("title",)),
            "it would change other data (director)",
            id="changes a value it is not about",
        ),
        pytest.param(
            _when("title:", "director:", ("title",)),
            "it would add a duplicate-key problem",
            id="renames a key onto another",
        ),
        pytest.param(
            _when('title: "Alien"', "title: Alien\n---\nx: y", ("title",)),
            "it would move the front matter's delimiters",
            id="closes the front matter early",
        ),
        pytest.param(
            _when('title: "Alien"', 'titles: "Aliens"', ("title",)),
            "it would change other data (titles)",
            id="renames a key and changes its value",
        ),
        pytest.param(
            lambda d: [
                Problem(
                    ("title",),
                    "x",
                    fix=Fix("x", (Edit(5, 8, "a"), Edit(7, 9, "b"))),
                )
            ],
            "its edits overlap",
            id="overlapping edits in one fix",
        ),
    ],
)
def test_a_fix_that_would_break_the_file_is_discarded(make: Maker, reason: str) -> None:
    text = VALID
    result = Fixer(_linter(make)).fix_text(text, "alien.md")
    assert result.text == text
    assert [r.reason for r in result.rejected] == [reason]
    assert [d.rule for d in result.file_result.diagnostics] == ["test-fix"]


def test_a_bad_fix_does_not_hold_back_a_good_one_in_the_same_pass() -> None:
    def make(document: Document) -> list[Problem]:
        problems = []
        if "Ridley" in document.text:
            problems.append(_replace(document, "Ridley", "Tony", ("title",)))  # wrong path
        if '"Alien"' in document.text:
            problems.append(_replace(document, '"Alien"', '"Aliens"', ("title",)))
        return problems

    result = Fixer(_linter(make)).fix_text(VALID)
    assert result.text == VALID.replace('"Alien"', '"Aliens"')
    assert [d.fix.message for d in result.fixed if d.fix] == ['write "Aliens"']
    assert [r.reason for r in result.rejected] == ["it would change other data (director)"]


def test_list_item_removal_is_allowed_only_at_the_items_targeted() -> None:
    text = VALID.replace('["Bodily Autonomy"]', '["A", "B", "A", "C"]')

    def remove_third(document: Document) -> list[Problem]:
        old = ', "A", "C"'
        return [_replace(document, old, ', "C"', ("topics", 2))] if old in document.text else []

    def remove_second_claiming_first(document: Document) -> list[Problem]:
        old = '"A", "B"'
        return [_replace(document, old, '"A"', ("topics", 0))] if old in document.text else []

    kept = Fixer(_linter(remove_third)).fix_text(text)
    assert kept.text == text.replace('"A", "C"', '"C"')
    assert kept.rejected == []
    refused = Fixer(_linter(remove_second_claiming_first)).fix_text(text)
    assert refused.text == text
    assert [r.reason for r in refused.rejected] == ["it would change other data (topics)"]


def test_passes_are_bounded() -> None:
    def shout(document: Document) -> list[Problem]:
        start = document.text.index("Alien") + len("Alien")
        return [Problem(("title",), "more", fix=Fix("add !", (Edit(start, start, "!"),)))]

    result = Fixer(_linter(shout), max_passes=10).fix_text(VALID)
    assert result.text == VALID.replace('"Alien"', '"Alien!!!!!!!!!!"')
    assert len(result.fixed) == 10


def _diagnostic(*edits: tuple[int, int], name: str = "") -> Diagnostic:
    fix = Fix(name, tuple(Edit(s, e, name) for s, e in edits))
    return Diagnostic("f", 1, 1, 1, 1, "FL990", "test-fix", Severity.ERROR, name, fix)


@pytest.mark.parametrize(
    ("fixes", "chosen"),
    [
        pytest.param({"a": [(0, 2)], "b": [(2, 4)]}, ["a", "b"], id="touching edits both go"),
        pytest.param({"a": [(0, 3)], "b": [(2, 4)]}, ["a"], id="the earlier one wins"),
        pytest.param({"b": [(2, 4)], "a": [(0, 3)]}, ["a"], id="whatever the order given"),
        pytest.param(
            {"a": [(1, 2), (8, 9)], "b": [(0, 1), (5, 9)], "c": [(3, 4)]},
            ["b", "c"],
            id="all or nothing: a clashes only by its second edit",
        ),
        pytest.param({"a": [(3, 3)], "b": [(3, 3)]}, ["a"], id="two insertions at one point"),
        pytest.param(
            {"a": [(3, 3)], "b": [(3, 5)]}, ["a"], id="insertion where a replacement starts"
        ),
        pytest.param({"a": [(1, 3)], "b": [(3, 3)]}, ["a", "b"], id="insertion where one ends"),
    ],
)
def test_non_overlapping_fixes(fixes: dict[str, list[tuple[int, int]]], chosen: list[str]) -> None:
    diagnostics = [_diagnostic(*edits, name=name) for name, edits in fixes.items()]
    assert [d.message for d in _non_overlapping(diagnostics)] == chosen


def test_apply_edits_splices_only_the_spans() -> None:
    edits = [Edit(5, 6, "X"), Edit(0, 0, ">"), Edit(2, 4, "")]
    assert apply_edits("ab\r\ncd\nef", edits) == ">abcX\nef"


def test_fixing_the_real_corpus(corpus: Path) -> None:
    """Every fix the real films get is kept, leaves the body alone and is final."""
    fixer = Fixer(Linter(), unsafe=True)
    changed = 0
    for path in sorted(corpus.glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        result = fixer.fix_text(text, path.name)
        assert result.rejected == [], path.name
        assert [d for d in result.file_result.diagnostics if d.fix is not None] == [], path.name
        before, after = parse_document(text)[0], parse_document(result.text)[0]
        assert result.text[after.body_start :] == text[before.body_start :]
        assert fixer.fix_text(result.text, path.name).text == result.text
        changed += result.changed
    assert changed > 0


def test_suppressed_problems_are_not_fixed() -> None:
    text = front(
        WITHOUT_STATUS.replace(
            'director: "Ridley Scott"', "directer: x  # filmlint: disable-line FL101"
        )
        + "status: publised\nlanguage: zh_cn  # filmlint: disable-line language-code\n"
    )
    fixed, remaining = filmlint.fix_text(text, unsafe=True)
    assert fixed == text.replace("publised", "published")
    assert remaining == []


def test_a_renamed_key_and_a_fix_inside_its_value_go_together() -> None:
    text = front(
        WITHOUT_STATUS.replace("topics:", "topcis:").replace('"]', '", "Bodily Autonomy"]')
    )
    text = text.replace("---\nBody", "status: draft\n---\nBody")
    fixer = Fixer(Linter(), unsafe=True, max_passes=1)
    result = fixer.fix_text(text)
    assert result.text == text.replace("topcis", "topics").replace(', "Bodily Autonomy"]', "]")
    assert sorted(d.rule for d in result.fixed) == ["duplicate-item", "unknown-key"]
