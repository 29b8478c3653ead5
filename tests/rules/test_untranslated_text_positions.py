"""untranslated-text and script-variant place a problem at its character in every scalar style.

A value written as a block scalar, over several lines or with escapes is not spelled verbatim
in the file: the problem is still at the line and column of the character (or of the escape
that spells it), not at the value's start.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import lint
from filmlint.engine.settings import parse_config

LOCALES = {"default": "en", "suffixes": {"tw": "zh-Hant"}}
#: Where the offending character goes while the file is written, then replaced by it.
MARK = "\x00"
#: (file, rule, the offending character): Han text in English, a Simplified form in zh-Hant.
CASES = [("a-en.md", "untranslated-text", "豆"), ("a-tw.md", "script-variant", "这")]
STYLES = ["plain", "single", "double", "|", "|-", "|+", "|2", ">", ">-", ">2", "| # note 豆"]

words = st.lists(st.from_regex(r"[a-z'\"]{1,6}", fullmatch=True), min_size=1, max_size=12)


def _escaped(word: str, style: str) -> str:
    if style == "single":
        return word.replace("'", "''")
    if style == "double":
        return word.replace('"', '\\"')
    return word


def _value(
    style: str, lines: list[list[str]], escape: bool, blank: bool, char: str
) -> tuple[str, str]:
    """The YAML of ``description: ...`` with ``MARK`` where the character is spelled, and the
    spelling of the character."""
    spelled = f"\\u{ord(char):04X}" if escape and style == "double" else char
    texts = [" ".join(_escaped(word, style) for word in line) for line in lines]
    if style in ("plain", "single", "double"):
        quote = {"plain": "", "single": "'", "double": '"'}[style]
        joiner = "\n\n  " if blank else "\n  "
        if style == "double" and escape:
            joiner = " \\\n  "  # an escaped line break
        return f"description: {quote}{joiner.join(texts)}{quote}\n", spelled
    indent = "  " if not style.endswith("2") else "   "  # content more indented than required
    joiner = f"\n\n{indent}" if blank else f"\n{indent}"
    return f"description: {style}\n{indent}{joiner.join(texts)}\n", spelled


@settings(max_examples=150, deadline=None)
@given(
    case=st.sampled_from(CASES),
    style=st.sampled_from(STYLES),
    lines=st.lists(words, min_size=1, max_size=4),
    where=st.tuples(st.integers(0, 3), st.integers(0, 12), st.booleans()),
    escape=st.booleans(),
    blank=st.booleans(),
)
def test_problem_is_at_its_character(
    case: tuple[str, str, str],
    style: str,
    lines: list[list[str]],
    where: tuple[int, int, bool],
    escape: bool,
    blank: bool,
) -> None:
    path, rule, char = case
    lines = [["Film", *lines[0]], *lines[1:]]  # a plain value never reads as a bool or null
    row, column, glued = where
    line = lines[min(row, len(lines) - 1)]
    index = min(column, len(line) - 1)
    line[index] = line[index] + MARK if glued else MARK
    yaml, spelled = _value(style, lines, escape, blank, char)
    marked = f"---\ntitle: Alien\n{yaml}---\nBody.\n"
    offset = marked.index(MARK)
    expected = (marked.count("\n", 0, offset) + 1, offset - marked.rfind("\n", 0, offset))
    text = marked.replace(MARK, spelled)
    table: dict[str, Any] = {"locale": LOCALES}
    found = lint(text, path, config=parse_config(table, None), select=[rule])
    assert [(d.line, d.column) for d in found] == [expected], text
