"""A schema problem yields to a rule's on the same value, never so that the value's worst
severity drops: an error the schema finds is hidden only by a rule's error, and only by one
that is reported (not turned off for the file or the line)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from filmlint.diagnostics import Problem, Severity
from filmlint.engine.placement import findings, with_schema_problems, yielding
from filmlint.frontmatter.parser import parse_document
from filmlint.rule_names import SCHEMA

KEYS = ("a", "b", "c")
DOCUMENT, _ = parse_document("---\na: 1\nb: 2\nc: 3\n---\n")
#: Each rule's configured severity, as a run resolves them.
SEVERITY = {"strict": Severity.ERROR, "lenient": Severity.WARNING, SCHEMA: Severity.ERROR}

severities = st.sampled_from([None, Severity.ERROR, Severity.WARNING])
rule_problems = st.lists(
    st.tuples(st.sampled_from(["strict", "lenient"]), st.sampled_from(KEYS), severities),
    max_size=4,
)
schema_problems = st.lists(st.tuples(st.sampled_from(KEYS), severities), max_size=4)


def worst(found: list[tuple[str, Problem]], key: str) -> Severity | None:
    levels = {p.severity or SEVERITY[rule] for rule, p in found if p.path == (key,)}
    return Severity.ERROR if Severity.ERROR in levels else next(iter(levels), None)


@given(rule_problems, schema_problems)
def test_yielding_never_lowers_a_values_worst_severity(
    rules: list[tuple[str, str, Severity | None]], schema: list[tuple[str, Severity | None]]
) -> None:
    found = [(rule, Problem((key,), rule, severity=level)) for rule, key, level in rules]
    checked = [Problem((key,), "invalid", severity=level, rule=SCHEMA) for key, level in schema]
    every = [*found, *((SCHEMA, p) for p in checked)]

    placed = list(findings(DOCUMENT, with_schema_problems(list(found), checked, DOCUMENT)))
    left = {id(f) for f in yielding(placed, SEVERITY)}
    kept = [pair for pair, f in zip(every, placed, strict=True) if id(f) in left]

    assert kept[: len(found)] == found  # the rules' problems are all kept, first
    for key in KEYS:
        assert worst(kept, key) == worst(every, key)
    for problem in checked:
        on_value = [level or SEVERITY[rule] for rule, key, level in rules if (key,) == problem.path]
        expected = not on_value or (
            (problem.severity or Severity.ERROR) is Severity.ERROR
            and Severity.ERROR not in on_value
        )
        assert any(p is problem for _, p in kept[len(found) :]) is expected


SCHEMA_FILE = {
    "properties": {
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "imdbRating": {"type": "number", "maximum": 10},
    }
}
#: A rule, the key of a value wrong for both it and the schema, and the schema's message.
WRONG_FOR_BOTH = [
    ("country-code", "country: Frnace", "does not match the pattern '^[A-Z]{2}$'"),
    ("rating-format", "imdbRating: 12", "must be at most 10"),
]
#: Ways to turn a rule off: (configuration lines, the value's line as written).
TURNED_OFF = {
    "ignore": ('ignore = ["{rule}"]\n', "{line}\n"),
    "per-file-ignores": ('[per-file-ignores]\n"a.md" = ["{rule}"]\n', "{line}\n"),
    "disable-line": ("", "{line}  # filmlint: disable-line {rule}\n"),
    "disable-next-line": ("", "# filmlint: disable-next-line {rule}\n{line}\n"),
}


@pytest.mark.parametrize("way", TURNED_OFF)
@pytest.mark.parametrize(("rule", "line", "message"), WRONG_FOR_BOTH)
def test_turning_a_rule_off_does_not_hide_the_schemas_problem(
    tmp_path: Path, way: str, rule: str, line: str, message: str
) -> None:
    config, written = TURNED_OFF[way]
    (tmp_path / "s.json").write_text(json.dumps(SCHEMA_FILE))
    (tmp_path / "filmlint.toml").write_text('schema = "s.json"\n' + config.format(rule=rule))
    (tmp_path / "a.md").write_text(f"---\ntitle: T\n{written.format(line=line, rule=rule)}---\n")
    result = run_cli("check", "--no-cache", "--output-format", "concise", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    assert f"FL100 [schema] error: {message}" in result.stdout
    assert f"[{rule}]" not in result.stdout


@pytest.mark.parametrize(("rule", "line", "message"), WRONG_FOR_BOTH)
def test_with_the_rule_on_its_message_alone_is_shown(
    tmp_path: Path, rule: str, line: str, message: str
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(SCHEMA_FILE))
    (tmp_path / "filmlint.toml").write_text('schema = "s.json"\n')
    (tmp_path / "a.md").write_text(f"---\ntitle: T\n{line}\n---\n")
    result = run_cli("check", "--no-cache", "a.md", cwd=tmp_path)
    assert f"[{rule}]" in result.stdout and "FL100" not in result.stdout


UNIQUE = {"properties": {"genre": {"type": "array", "uniqueItems": True}}}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("", ["3:16 FL204"]),  # once, by the most specific rule
        ('ignore = ["duplicate-item"]\n', ["3:8 FL100"]),
        ('[per-file-ignores]\n"a.md" = ["FL204"]\n', ["3:8 FL100"]),
    ],
)
def test_a_duplicate_breaking_unique_items_is_reported_once(
    tmp_path: Path, config: str, expected: list[str]
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(UNIQUE))
    (tmp_path / "filmlint.toml").write_text('schema = "s.json"\n' + config)
    (tmp_path / "a.md").write_text("---\ntitle: T\ngenre: [Drama, Drama]\n---\n")
    result = run_cli("check", "--no-cache", "--output-format", "concise", "a.md", cwd=tmp_path)
    assert re.findall(r"^a\.md:(\d+:\d+): (FL\d+)", result.stdout, re.MULTILINE) == [
        tuple(each.split(" ")) for each in expected
    ]
