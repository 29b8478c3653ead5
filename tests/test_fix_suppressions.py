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


@dataclass(frozen=True)
class Rendered:
    """A block list with its comments: the front matter, the line each comment stands on (in
    the order the comments were given) and the line of each item."""

    text: str
    comment_lines: tuple[int, ...]
    item_lines: tuple[int, ...]


def render(words: list[str], comments: list[Comment]) -> Rendered:
    """The block list, each item's line tagged ``# iN`` after whatever comment ends it."""
    lines = ["contentLanguage:"]
    comment_lines = [0] * len(comments)
    item_lines = []
    for index, word in enumerate(words):
        ending = ""
        for number, comment in enumerate(comments):
            if comment.at == index and comment.own_line:
                comment_lines[number] = len(lines)
                lines.append(f"  {comment.text()}")
        for number, comment in enumerate(comments):
            if comment.at == index and not comment.own_line:
                comment_lines[number] = len(lines)
                ending += f"  {comment.text()}"
        item_lines.append(len(lines))
        lines.append(f"  - {word}{ending}  # i{index}")
    for number, comment in enumerate(comments):
        if comment.at == len(words):
            comment_lines[number] = len(lines)
            lines.append(f"  {comment.text()}")
    text = front("title: x\n" + "\n".join(lines))
    return Rendered(text, tuple(comment_lines), tuple(item_lines))


def silences(
    number: int, comments: list[Comment], rendered: Rendered, item: int, rule: str
) -> bool:
    """Whether comment ``number`` silences ``rule`` on item ``item``'s line, as the docs say:
    by the lines they stand on (the line below a comment may be another comment's)."""
    comment, line = comments[number], rendered.comment_lines[number]
    at = rendered.item_lines[item]
    if comment.rule not in ("", rule):
        return False
    if comment.kind == "disable-line":
        return at == line
    if comment.kind == "disable-next-line":
        return at == line + 1
    if comment.kind != "disable" or at < line:
        return False
    enables = sorted(
        (
            (enable_line, enable)
            for enable_line, enable in zip(rendered.comment_lines, comments, strict=True)
            if enable.kind == "enable" and enable_line > line
        ),
        key=lambda pair: pair[0],
    )
    for enable_line, enable in enables:  # the first ``enable`` after it that names it or all
        if enable.rule in ("", comment.rule):
            return at < enable_line
        if comment.rule == "" and enable.rule == rule:  # taken out of "every rule" from there
            return at < enable_line
    return True


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
@example(  # the line below the first comment is the second one's, not the second item's
    words=["en", "en"],
    comments=[
        Comment("disable-next-line", "", 0, own_line=False),
        Comment("disable-next-line", "language-code", 1, own_line=True),
    ],
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
    rendered = render(words, comments)
    text = rendered.text
    fixed, remaining = filmlint.fix_text(text, "film.md", unsafe=unsafe, select=RULES)
    # What the fixed text holds, the comments read as plain ones; silenced by hand.
    plain = filmlint.lint_text(fixed.replace("filmlint:", "note:"), "film.md", select=RULES)
    lines = fixed.splitlines()
    expected = set()
    for d in plain:
        tag = re.search(r"# i(\d+)$", lines[d.line - 1])
        item = None if tag is None else int(tag[1])
        if item is None or not any(
            silences(number, comments, rendered, item, d.rule) for number in range(len(comments))
        ):
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
