"""A schema problem yields to a rule's on the same value, never so that the value's worst
severity drops: an error the schema finds is hidden only by a rule's error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from filmlint.diagnostics import Problem, Severity
from filmlint.engine.placement import with_schema_problems
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

    kept = with_schema_problems(list(found), checked, DOCUMENT, SEVERITY)

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
