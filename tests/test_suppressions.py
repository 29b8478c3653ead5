"""Suppression comments: each form, rule names and codes, and the reports of stale ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import ROOT, VALID, film, rows
from filmlint.diagnostics import Finding
from filmlint.engine import suppressions
from filmlint.engine.settings import parse_config

# Two problems: an unknown key on line 3, an invalid value on line 8 (VALID's status line).
BAD = VALID.replace('director: "Ridley Scott"', 'director: "Ridley Scott"\ndirecter: "R. S."')
BAD = BAD.replace('status: "published"', "status: publised")


def edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text


DIRECTER = 'directer: "R. S."'
STATUS = "status: publised"
UNKNOWN = (4, 1, "unknown-key")
INVALID = (8, 9, "invalid-value")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(BAD, [UNKNOWN, INVALID], id="no suppression"),
        pytest.param(
            edit(BAD, (DIRECTER, DIRECTER + "  # filmlint: disable-line unknown-key")),
            [INVALID],
            id="disable-line by name",
        ),
        pytest.param(
            edit(BAD, (STATUS, STATUS + " # filmlint: disable-line fl104")),
            [UNKNOWN],
            id="disable-line by code, any case",
        ),
        pytest.param(
            edit(BAD, (DIRECTER, DIRECTER + " # filmlint: disable-line")),
            [INVALID],
            id="bare disable-line: every rule on the line",
        ),
        pytest.param(
            edit(BAD, (STATUS, "# filmlint: disable-next-line invalid-value\n" + STATUS)),
            [(4, 1, "unknown-key")],
            id="disable-next-line",
        ),
        pytest.param(
            edit(
                BAD,
                (
                    DIRECTER,
                    "# filmlint: disable unknown-key, FL104\n"
                    + DIRECTER
                    + "\n# filmlint: enable unknown-key\nextra: 1",
                ),
            ),
            [(7, 1, "unknown-key")],
            id="disable and enable: a range, codes and names mixed",
        ),
        pytest.param(
            edit(BAD, (DIRECTER, "# filmlint: disable\n" + DIRECTER)),
            [],
            id="bare disable without enable runs to the end",
        ),
        pytest.param(
            edit(
                BAD, (DIRECTER, "# filmlint: disable\n" + DIRECTER + "\n# filmlint: enable FL104")
            ),
            [(10, 9, "invalid-value")],
            id="enable of one rule after a bare disable: that rule alone comes back",
        ),
        pytest.param(
            edit(
                BAD,
                (
                    DIRECTER,
                    "# filmlint: disable\n# filmlint: enable unknown-key\n"
                    + DIRECTER
                    + "\n# filmlint: disable unknown-key",
                ),
            ),
            [(6, 1, "unknown-key"), (7, 21, "unused-suppression")],
            id="a rule enabled after a bare disable: reported until disabled again",
        ),
        pytest.param(
            edit(BAD, ("---\n", "---\n# filmlint: disable-file\n")),
            [],
            id="disable-file",
        ),
        pytest.param(
            edit(BAD, ("---\n", "---\n# filmlint: disable-file FL101\n")),
            [(9, 9, "invalid-value")],
            id="disable-file of one rule",
        ),
        pytest.param(
            edit(BAD, (DIRECTER, DIRECTER + "  # filmlint: disable-line unknown-key # old key")),
            [INVALID],
            id="text after a second hash is a free comment",
        ),
        pytest.param(
            edit(
                BAD,
                (DIRECTER, "directer: | # filmlint: disable-line unknown-key\n  R. S."),
            ),
            [(9, 9, "invalid-value")],
            id="comment after a block scalar header",
        ),
        pytest.param(
            edit(BAD, (STATUS, "# filmlint: disable-next-line invalid-value\n" + STATUS)).replace(
                "\n", "\r\n"
            ),
            [UNKNOWN],
            id="CRLF line endings",
        ),
    ],
)
def test_suppression_forms(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            edit(BAD, ('title: "Alien"', 'title: "Alien"  # filmlint: disable-line FL101')),
            [(2, 42, "unused-suppression"), UNKNOWN, INVALID],
            id="unused on a clean line, reported at the rule's name",
        ),
        pytest.param(
            edit(BAD, (DIRECTER, DIRECTER + " # filmlint: disable-line unknown-key,FL104")),
            [(4, 56, "unused-suppression"), INVALID],
            id="the unused one of two rules",
        ),
        pytest.param(
            edit(BAD, ('title: "Alien"', 'title: "Alien"  # filmlint: disable-line')),
            [(2, 17, "unused-suppression"), UNKNOWN, INVALID],
            id="unused bare suppression, reported at the comment",
        ),
        pytest.param(
            edit(BAD, ("---\n", "---\n# filmlint: disable-file missing-key\n")),
            [(2, 26, "unused-suppression"), (5, 1, "unknown-key"), (9, 9, "invalid-value")],
            id="unused disable-file",
        ),
        pytest.param(
            edit(BAD, (DIRECTER, DIRECTER + " # filmlint: disable-line unknown-kee")),
            [UNKNOWN, (4, 44, "unused-suppression"), INVALID],
            id="unknown rule name is reported, and suppresses nothing",
        ),
        pytest.param(
            edit(BAD, (DIRECTER, DIRECTER + " # filmlint: disable-lines unknown-key")),
            [UNKNOWN, (4, 31, "unused-suppression"), INVALID],
            id="unknown directive",
        ),
        pytest.param(
            edit(BAD, (STATUS, "# filmlint: enable invalid-value\n" + STATUS)),
            [UNKNOWN, (8, 20, "unused-suppression"), (9, 9, "invalid-value")],
            id="enable without disable",
        ),
        pytest.param(
            edit(
                BAD,
                (
                    STATUS,
                    "# filmlint: disable invalid-value\n# filmlint: enable invalid-value\n"
                    + STATUS,
                ),
            ),
            [UNKNOWN, (8, 21, "unused-suppression"), (10, 9, "invalid-value")],
            id="empty range",
        ),
    ],
)
def test_unused_and_unknown_suppressions(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            edit(
                BAD,
                (
                    'description: "A crew meets a creature."',
                    'description: "# filmlint: disable-file"',
                ),
            ),
            id="double-quoted",
        ),
        pytest.param(
            edit(
                BAD,
                (
                    'description: "A crew meets a creature."',
                    "description: 'x # filmlint: disable-file'",
                ),
            ),
            id="single-quoted",
        ),
        pytest.param(
            edit(
                BAD,
                (
                    'description: "A crew meets a creature."',
                    "description: |\n  A crew.\n  # filmlint: disable-file",
                ),
            ),
            id="block scalar",
        ),
        pytest.param(
            edit(
                BAD,
                (
                    'description: "A crew meets a creature."',
                    'description: "A crew,\n  # filmlint: disable-file"',
                ),
            ),
            id="multi-line quoted",
        ),
        pytest.param(
            edit(
                BAD,
                ('description: "A crew meets a creature."', "description: a#filmlint:disable-file"),
            ),
            id="plain scalar with a hash inside",
        ),
    ],
)
def test_directive_inside_a_value_is_not_a_comment(text: str) -> None:
    assert [rule for _, _, rule in rows(text)] == ["unknown-key", "invalid-value"]


def test_suppression_of_a_rule_that_did_not_run_is_not_judged() -> None:
    text = edit(BAD, ('title: "Alien"', 'title: "Alien"  # filmlint: disable-line invalid-value'))
    assert rows(text, select=["FL101", "FL901"]) == [UNKNOWN]


def test_unused_suppression_can_be_turned_off_and_suppressions_still_apply() -> None:
    text = edit(
        BAD,
        ('title: "Alien"', 'title: "Alien"  # filmlint: disable-line unknown-key'),
        (STATUS, STATUS + " # filmlint: disable-line invalid-value"),
    )
    assert rows(text, ignore=["unused-suppression"]) == [UNKNOWN]
    config = parse_config({"per-file-ignores": {"*.md": ["FL901"]}}, None)
    assert rows(text, "film.md", config=config) == [UNKNOWN]


def test_unused_suppression_is_a_warning_with_a_clear_message() -> None:
    import filmlint

    text = edit(BAD, ('title: "Alien"', 'title: "Alien"  # filmlint: disable-line FL101'))
    (first, *_) = filmlint.lint_text(text)
    assert (first.code, first.severity.value, first.message) == (
        "FL901",
        "warning",
        "unused suppression of 'unknown-key': no such problem on this line",
    )
    assert (first.line, first.column, first.end_line, first.end_column) == (2, 42, 2, 47)


def test_readme_example_silences_every_problem_and_every_comment_is_used() -> None:
    section = (ROOT / "docs" / "suppressions.md").read_text(encoding="utf-8")
    example = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", 8)]
    assert "filmlint: disable" in example
    assert rows(example + "body\n", ignore=["missing-key"]) == []
    unsuppressed = "\n".join(line.split("#")[0] for line in example.splitlines()) + "\nbody\n"
    assert len(rows(unsuppressed, ignore=["missing-key"])) == 4


class _Counted(suppressions.Suppression):
    """A suppression that counts the reads of its attributes."""

    reads = 0

    def __getattribute__(self, name: str) -> object:
        _Counted.reads += 1
        return super().__getattribute__(name)


def _unknown_keys_each_with_a_disable_line(n: int) -> str:
    return film("".join(f"k{i}: 1  # filmlint: disable-line country-code\n" for i in range(n)))


def _disables_then_one_enable_of_as_many_rules(n: int) -> str:
    lines = "# filmlint: disable FL201\n" * n
    return film(lines + "# filmlint: enable " + ",".join(["FL202"] * n) + "\n")


def _disables_of_every_rule_then_as_many_enables(n: int) -> str:
    """Each ``enable`` after the first of its rule ends nothing: it must not look at every
    range again to find so."""
    lines = "k: 1\n" + "# filmlint: disable\n" * n
    return film(lines + "# filmlint: enable FL202\n" * n)


@pytest.mark.parametrize(
    "make",
    [
        _unknown_keys_each_with_a_disable_line,
        _disables_then_one_enable_of_as_many_rules,
        _disables_of_every_rule_then_as_many_enables,
    ],
)
def test_suppression_work_grows_linearly(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[int], str]
) -> None:
    """Matching findings to comments, and an ``enable`` naming many rules, look only at the
    comments that can apply, not at all of them for each finding or each rule named."""
    monkeypatch.setattr(suppressions, "Suppression", _Counted)

    def work(n: int) -> tuple[int, int]:
        _Counted.reads = 0
        found = rows(make(n), select=["unknown-key", "unused-suppression"])
        return len(found), _Counted.reads

    (small_rows, small), (large_rows, large) = work(200), work(400)
    assert large_rows == 2 * small_rows > 0
    assert large < 2.5 * small


RULES = ("unknown-key", "invalid-value", "country-code")


@st.composite
def _suppressions(draw: st.DrawFn) -> suppressions.Suppression:
    start = draw(st.integers(0, 30))
    rule = draw(st.sampled_from((None, *RULES)))
    s = suppressions.Suppression("disable", rule, start, start + draw(st.integers(-2, 20)), (0, 0))
    if rule is None:
        s.enabled = draw(st.dictionaries(st.sampled_from(RULES), st.integers(0, 40)))
    return s


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_suppressions(), max_size=12),
    st.lists(st.tuples(st.sampled_from(RULES), st.integers(0, 40)), max_size=12),
)
def test_matching_is_each_suppression_tried_on_each_finding(
    drawn: list[suppressions.Suppression], spots: list[tuple[str, int]]
) -> None:
    findings = [Finding(rule, "m", start, start + 1) for rule, start in spots]
    expected = [f for f in findings if not any(s.covers(f) for s in drawn)]
    used = [any(s.covers(f) for f in findings) for s in drawn]
    assert suppressions.Suppressions(drawn, []).apply(findings) == expected
    assert [s.used for s in drawn] == used


_STEPS = st.lists(
    st.sampled_from(
        [
            ("disable", None),
            ("disable", "unknown-key"),
            ("disable", "rating-format"),
            ("enable", None),
            ("enable", "unknown-key"),
            ("enable", "rating-format"),
            ("key", None),
        ]
    ),
    max_size=14,
)


def _expected(steps: list[tuple[str, str | None]], first: int) -> tuple[set[int], set[int]]:
    """The lines of the unknown keys reported and of the ``enable`` comments that end nothing,
    walked line by line: a ``disable`` of every rule covers a rule until an ``enable`` of
    every rule, or of that rule alone when no ``disable`` of it is open."""
    specific: dict[str, int] = {}  # open ``disable`` comments of one rule, by rule
    every: list[set[str]] = []  # open ``disable`` comments of every rule: the rules enabled
    reported, ending_nothing = set(), set()
    for line, (kind, rule) in enumerate(steps, first):
        if kind == "key":
            silenced = specific.get("unknown-key") or any("unknown-key" not in e for e in every)
            if not silenced:
                reported.add(line)
        elif kind == "disable":
            if rule is None:
                every.append(set())
            else:
                specific[rule] = specific.get(rule, 0) + 1
        elif rule is None:
            if not specific and not every:
                ending_nothing.add(line)
            specific.clear()
            every.clear()
        elif specific.pop(rule, 0):
            pass
        elif any(rule not in e for e in every):
            for e in every:
                e.add(rule)
        else:
            ending_nothing.add(line)
    return reported, ending_nothing


@settings(max_examples=120, deadline=None)
@given(_STEPS)
def test_disable_and_enable_comments_cover_what_a_walk_of_the_lines_says(
    steps: list[tuple[str, str | None]],
) -> None:
    """An ``enable`` of a rule ends its silence once: another ``enable`` of it finds nothing
    to end, and does not stretch the silence of a ``disable`` of every rule to itself."""
    lines = [
        f"zz{index}: 1" if kind == "key" else f"# filmlint: {kind} {rule or ''}".rstrip()
        for index, (kind, rule) in enumerate(steps)
    ]
    # A known key first: a front matter of comments alone is empty (no suppressions read).
    text = "---\ntitle: Alien\n" + "".join(f"{line}\n" for line in lines) + "---\n"
    reported, ending_nothing = _expected(steps, first=3)
    found = filmlint.lint_text(text, "a.md", select=["unknown-key", "unused-suppression"])
    assert {d.line for d in found if d.rule == "unknown-key"} == reported
    assert {d.line for d in found if "has no 'disable' before it" in d.message} == ending_nothing
