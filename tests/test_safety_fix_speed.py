"""A refused fix costs a few attempts, not one per fix of its batch (which made a long list
of fixes cubic), and the fixes kept are those the one-at-a-time way kept."""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples
from filmlint.diagnostics import Diagnostic, Edit, Fix, Problem, Severity
from filmlint.engine import fixer as fixer_module
from filmlint.engine.fixer import (
    Fixer,
    _change_outside,
    _non_overlapping,
    _overlap,
    _Targets,
)
from filmlint.engine.linter import Linter
from filmlint.frontmatter.document import Document
from filmlint.rulekit.declaration import Registry, Rule
from filmlint.rules import reading, structure


def topics_film(count: int) -> str:
    items = "".join(f"  - a{index}\n" for index in range(count))
    return f"---\ntitle: x\ntopics:\n{items}---\nBody.\n"


def linter(bad: set[int]) -> Linter:
    """A rule fixing every item ``aN`` to ``bN``: a good fix names the item it changes, a bad
    one (an index in ``bad``) names the title instead, so the check refuses it."""

    def check(document: Document, options: object) -> Iterable[Problem]:
        for index in range(len(document.data["topics"])):
            old = f"  - a{index}\n"
            start = document.text.find(old)
            if start < 0:
                continue
            edit = Edit(start + 4, start + len(old) - 1, f"b{index}")
            path = ("title",) if index in bad else ("topics", index)
            yield Problem(path, f"a{index}", fix=Fix(f"b{index}", (edit,)))

    rule = Rule("test-fix", "FL990", "Made-up fixes.", "", check=check)
    registry = Registry([*reading.RULES, *structure.RULES, rule])
    return Linter(registry=registry, select=["test-fix"])


def attempts_while(action: object, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each batch tried (each try parses the whole text)."""
    sizes: list[int] = []
    attempt = fixer_module._attempt

    def counted(
        document: Document, findings: list[object], chosen: list[Diagnostic], registry: object
    ) -> object:
        sizes.append(len(chosen))
        return attempt(document, findings, chosen, registry)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer_module, "_attempt", counted)
    action()  # type: ignore[operator]
    return sizes


@pytest.mark.parametrize("count", [64, 512])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_one_refused_fix_costs_a_few_attempts(
    monkeypatch: pytest.MonkeyPatch, count: int, where: str
) -> None:
    bad = {"first": 0, "middle": count // 2, "last": count - 1}[where]
    fixer = Fixer(linter({bad}), max_passes=1)
    text = topics_film(count)
    results = []
    sizes = attempts_while(lambda: results.append(fixer.fix_text(text)), monkeypatch)
    (result,) = results
    assert len(result.fixed) == count - 1
    assert [r.diagnostic.message for r in result.rejected] == [f"a{bad}"]
    # A whole batch, a bisection to the culprit, the culprit alone, the rest: never one a fix.
    assert len(sizes) <= 2 * math.ceil(math.log2(count)) + 3, sizes


@settings(max_examples=examples(40), deadline=None)
@given(data=st.data())
def test_the_fixes_kept_are_exactly_the_good_ones(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 40))
    bad = data.draw(st.sets(st.integers(0, count - 1), max_size=count))
    result = Fixer(linter(bad), max_passes=1).fix_text(topics_film(count))
    assert sorted(d.message for d in result.fixed) == sorted(
        f"a{i}" for i in range(count) if i not in bad
    )
    assert sorted(r.diagnostic.message for r in result.rejected) == sorted(f"a{i}" for i in bad)
    for index in range(count):
        assert (f"  - a{index}\n" in result.text) is (index in bad)


def _slow_non_overlapping(candidates: list[Diagnostic]) -> list[Diagnostic]:
    """What ``_non_overlapping`` did before, comparing each edit with every edit taken."""
    taken: list[Edit] = []
    chosen: list[Diagnostic] = []
    for d in sorted(candidates, key=lambda d: min(e.start for e in d.fix.edits)):  # type: ignore[union-attr]
        edits = d.fix.edits  # type: ignore[union-attr]
        if not any(_overlap(a, b) for a in edits for b in taken):
            taken.extend(edits)
            chosen.append(d)
    return chosen


SPANS = st.tuples(st.integers(0, 30), st.integers(0, 4)).map(lambda p: (p[0], p[0] + p[1]))
#: A fix's edits, which never overlap one another (a fix whose edits do is refused first).
FIX_SPANS = st.lists(SPANS, min_size=1, max_size=3).filter(
    lambda spans: (
        not any(
            _overlap(Edit(*a, ""), Edit(*b, ""))
            for i, a in enumerate(spans)
            for b in spans[i + 1 :]
        )
    )
)


@settings(max_examples=examples(150), deadline=None)
@given(fixes=st.lists(FIX_SPANS, max_size=12))
def test_choosing_fixes_by_bisection_chooses_as_comparing_every_pair(
    fixes: list[list[tuple[int, int]]],
) -> None:
    diagnostics = [
        Diagnostic(
            "f", 1, 1, 1, 1, "FL990", "test-fix", Severity.ERROR, str(index),
            Fix(str(index), tuple(Edit(start, end, "") for start, end in spans)),
        )
        for index, spans in enumerate(fixes)
    ]  # fmt: skip
    assert _non_overlapping(diagnostics) == _slow_non_overlapping(diagnostics)


def _fits_by_enumeration(before: list[str], after: list[str], targeted: set[int]) -> bool:
    """Whether removing some set of targeted items leaves ``after``, a targeted item kept
    changing freely: every set tried, as the fixer once did for short lists."""
    missing = len(before) - len(after)
    if missing < 0:
        return False
    for removed in map(set, combinations(sorted(targeted), missing)):
        kept = [i for i in range(len(before)) if i not in removed]
        if all(i in targeted or before[i] == after[j] for j, i in enumerate(kept)):
            return True
    return False


ITEMS = st.lists(st.sampled_from("abc"), max_size=9)


@settings(max_examples=examples(300), deadline=None)
@given(before=ITEMS, data=st.data())
def test_a_changed_list_is_judged_as_trying_every_set_of_removals(
    before: list[str], data: st.DataObject
) -> None:
    indexes = st.integers(0, len(before) - 1) if before else st.nothing()
    targeted = data.draw(st.sets(indexes, max_size=len(before)))
    # Mostly ``before`` less some items, sometimes with others changed, sometimes any list.
    kept = data.draw(st.lists(st.booleans(), min_size=len(before), max_size=len(before)))
    shortened = [item for item, keep in zip(before, kept, strict=True) if keep]
    changed = st.lists(st.sampled_from("abcx"), min_size=len(shortened), max_size=len(shortened))
    after = data.draw(st.one_of(st.just(shortened), changed, st.lists(st.sampled_from("abcx"))))
    targets = _Targets.of(("topics", i) for i in targeted)
    change = _change_outside({"topics": before}, {"topics": after}, targets, ())
    assert (change is None) is _fits_by_enumeration(before, after, targeted)


#: Lists with more targeted items (``T``) than the sets of removals once tried: what a fix
#: changed (``T`` made ``t``), and whether only targeted items went or changed.
LONG = ["T"] * 1_200


@pytest.mark.parametrize(
    ("before", "after", "fits"),
    [
        (LONG, ["t"], True),
        ([*LONG, "x"], ["t", "x"], True),
        (["x", *LONG], ["x", *LONG[:600]], True),
        ([*LONG[:600], "x", *LONG[:600]], ["t", "x", "t"], True),
        ([*LONG, "x"], ["t", "y"], False),  # an untargeted item changed
        (["x", *LONG], LONG[:600], False),  # an untargeted item went
        ([*LONG, "x"], [*LONG, "x", "x"], False),  # an item came
    ],
)
def test_a_long_list_is_judged_without_trying_every_set_of_removals(
    before: list[str], after: list[str], fits: bool
) -> None:
    targets = _Targets.of(("topics", i) for i, item in enumerate(before) if item == "T")
    change = _change_outside({"topics": before}, {"topics": after}, targets, ())
    assert change == (None if fits else ("topics",))


@pytest.mark.parametrize("count", [1_500, 3_000])
def test_a_long_list_of_fixed_duplicates_is_fixed_in_a_few_attempts(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Each item has a case fix and all but the first are duplicates: more targeted items
    than the sets of removals once tried, past which every batch failed and was bisected."""
    items = "  - EN\n" * count
    text = f"---\ntitle: x\ncontentLanguage:\n{items}---\nBody.\n"
    attempt = fixer_module._attempt
    tried: list[int] = []

    def counted(
        document: Document, findings: list[object], chosen: list[Diagnostic], registry: object
    ) -> object:
        tried.append(len(chosen))
        if len(tried) > 12:  # a bisection per fix; stop before it takes minutes
            pytest.fail(f"more than 12 attempts: {tried}")
        return attempt(document, findings, chosen, registry)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer_module, "_attempt", counted)
    fixed, remaining = filmlint.fix_text(text, "a.md", select=["duplicate-item", "language-code"])
    assert fixed == "---\ntitle: x\ncontentLanguage:\n  - en\n---\nBody.\n"
    assert remaining == []
