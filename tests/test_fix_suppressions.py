"""A fix never changes which lines a suppression comment covers: removing the line under a
``disable-next-line`` (or a line holding an ``enable``) would silence a problem no fix
touched. Such a fix is not applied, and is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import example, given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, front
from filmlint.engine.fixer import Fixer

RULES = ["duplicate-item", "language-code"]
#: Duplicates are likely; a problem with a safe fix, an unsafe one and none.
WORDS = ["en", "en", "EN", "english-US", "zz-!"]


@dataclass(frozen=True)
class Comment:
    """A suppression comment at item ``at``: on its own line before it, or ending its line."""

    kind: str
    rule: str  # "" for every rule
    at: int
    own_line: bool

    def text(self) -> str:
        return f"# filmlint: {self.kind} {self.rule}".rstrip()


def render(words: list[str], comments: list[Comment]) -> str:
    """The block list, each item's line tagged ``# iN`` after whatever comment ends it."""
    lines = ["contentLanguage:"]
    for index, word in enumerate(words):
        here = [c for c in comments if c.at == index]
        lines += [f"  {c.text()}" for c in here if c.own_line]
        ending = "".join(f"  {c.text()}" for c in here if not c.own_line)
        lines.append(f"  - {word}{ending}  # i{index}")
    lines += [f"  {c.text()}" for c in comments if c.at == len(words)]
    return front("title: x\n" + "\n".join(lines))


def silences(comment: Comment, others: list[Comment], item: int, rule: str) -> bool:
    """Whether ``comment`` silences ``rule`` on item ``item``'s line, as the docs say."""
    if comment.rule not in ("", rule):
        return False
    if comment.kind == "disable-line":
        return not comment.own_line and item == comment.at
    if comment.kind == "disable-next-line":
        return item == comment.at + (0 if comment.own_line else 1)
    if comment.kind != "disable" or item < comment.at:
        return False
    for enable in others:  # the first ``enable`` after it that names it or every rule
        if enable.kind != "enable" or place(enable) <= place(comment):
            continue
        if enable.rule in ("", comment.rule):
            return item < enable.at
        if comment.rule == "" and enable.rule == rule:  # taken out of "every rule" from there
            return item < enable.at
    return True


def place(comment: Comment) -> tuple[int, int]:
    """Where a comment stands in the text: before its item's line, or at its end."""
    return (comment.at, 0 if comment.own_line else 1)


COMMENTS = st.builds(
    Comment,
    kind=st.sampled_from(
        ["disable-next-line", "disable-next-line", "disable-line", "disable", "enable"]
    ),
    rule=st.sampled_from(["", "language-code", "duplicate-item"]),
    at=st.integers(0, 6),
    own_line=st.booleans(),
)


@settings(max_examples=examples(300), deadline=None)
@example(  # the removed duplicate's line is the one the comment covers
    words=["en", "en", "zz-!"],
    comments=[Comment("disable-next-line", "language-code", 1, own_line=True)],
    unsafe=False,
)
@example(  # the removed duplicate's line ends the range
    words=["en", "zz-!", "en", "zz-!"],
    comments=[Comment("disable", "", 0, own_line=True), Comment("enable", "", 2, own_line=False)],
    unsafe=False,
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=2, max_size=6),
    comments=st.lists(COMMENTS, max_size=2),
    unsafe=st.booleans(),
)
def test_a_fix_leaves_each_suppression_on_the_lines_it_covered(
    words: list[str], comments: list[Comment], unsafe: bool
) -> None:
    # Only the first directive of a comment counts: one comment at the end of a line.
    ends = [c for c in comments if not c.own_line]
    comments = [c for c in comments if c.at <= len(words) and (c.own_line or c is ends[0])]
    comments = [c for c in comments if c.own_line or c.at < len(words)]
    text = render(words, comments)
    fixed, remaining = filmlint.fix_text(text, "film.md", unsafe=unsafe, select=RULES)
    # What the fixed text holds, the comments read as plain ones; silenced by hand.
    plain = filmlint.lint_text(fixed.replace("filmlint:", "note:"), "film.md", select=RULES)
    lines = fixed.splitlines()
    expected = set()
    for d in plain:
        tag = re.search(r"# i(\d+)$", lines[d.line - 1])
        if tag is None or not any(silences(c, comments, int(tag[1]), d.rule) for c in comments):
            expected.add((d.rule, d.line, d.message))
    assert {(d.rule, d.line, d.message) for d in remaining} == expected, (text, fixed)


def test_the_line_under_a_disable_next_line_is_not_removed() -> None:
    text = front(
        "title: x\ncontentLanguage:\n  - en\n  # filmlint: disable-next-line language-code\n"
        "  - en\n  - english-US\n"
    )
    result = Fixer(filmlint.Linter(select=RULES)).fix_text(text, "film.md")
    assert result.text == text
    (rejected,) = result.rejected
    assert rejected.diagnostic.rule == "duplicate-item"
    assert rejected.reason == "a suppression comment would cover other lines"
    shown = [(d.rule, d.line) for d in result.file_result.diagnostics]
    assert shown == [("duplicate-item", 6), ("language-code", 7)]
