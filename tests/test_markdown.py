"""The Markdown body's skipped spans and paragraphs: what the checks of language read."""

# Full-width punctuation is among the prose generated.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlint.rulekit import markdown

#: The pattern of skipped spans before the scan of code spans and link targets was made
#: linear: a code span's closing run searched from each opener, a link target's title
#: running over everything up to its closing quote or parenthesis.
OLD_SKIPPED = (
    r"{ls}[ ]{{0,3}}(?:(?P<fence>`{{3,}}|~{{3,}})[^\r\n]*(?:\r\n|\r|\n)"
    r"(?:.*?{ls}[ ]{{0,3}}(?P=fence)[`~]*[ \t]*(?=[\r\n]|\Z)|.*\Z)"
    r"|\[[^\]\r\n]+\]:[^\r\n]*)"
    r"|<!--.*?(?:-->|\Z)"
    r"|[`\\](?<!\\.|``)(?:(?<=\\)(?:\\\\)*[\\`]`|(?<=`))(?P<ticks>`*)(?!`)"
    r"(?:(?!(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r|\n)).)+?(?<!`)`(?P=ticks)(?!`)"
    r"|<[A-Za-z][A-Za-z0-9+.-]{{1,31}}:[^\s<>]*>"
    r"|\]\(\s*(?:<[^>\r\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)


def old_skipped_spans(body: str) -> list[tuple[int, int]]:
    line_start = r"(?<![^\r\n])" if "\r" in body else "^"
    pattern = re.compile(OLD_SKIPPED.format(ls=line_start), re.MULTILINE | re.DOTALL)
    return [match.span() for match in pattern.finditer(body)]


#: Prose and the marks of code spans and link targets, with none of the shapes the old scan
#: took quadratic time on or read differently (no second ``](`` after a link target's
#: opener, no URL: their reading changed since).
PIECES = st.sampled_from(
    [
        *("电影", "A", " ", "  ", ".", "，", "`", "``", "```", "\\`", "\\\\`", "\\", "~~~"),
        *("`code`", "``a`b``", "<!-- c -->", "[链接](/a 'title')", "](", ")", "(", "'", '"'),
        *("[ref]: /a", "<", ">", "[", "]", "<a:b>", "](<a>)", "](x (t))"),
    ]
)
BREAK = st.sampled_from(["\n", "\r", "\r\n", "\n\n", "\r\n  \r\n", "\n   "])
BODIES = st.lists(st.tuples(st.lists(PIECES, max_size=5).map("".join), BREAK), max_size=8).map(
    lambda lines: "".join(line + end for line, end in lines)
)


@given(BODIES.filter(lambda body: body.count("](") <= 1))
def test_skipped_spans_are_those_of_the_old_scan(body: str) -> None:
    assert markdown.skipped_spans(body) == old_skipped_spans(body)


#: Bodies that made the old scan quadratic or worse: openers that are never closed.
ADVERSARIAL = {
    "unclosed link targets and titles": lambda n: "](x ( " * (n // 6),
    "unclosed link titles in quotes": lambda n: '](x " ' * (n // 6),
    "destinations run together": lambda n: "](x" * (n // 3),
    "unclosed pointy destinations": lambda n: "](<a " * (n // 5),
    "unclosed backtick runs of growing lengths": lambda n: "".join(
        "`" * length + " a " for length in range(1, int((2 * n) ** 0.5))
    ),
    "brackets never closed": lambda n: "[a " * (n // 3),
    "autolinks never closed": lambda n: "<a:b " * (n // 5),
    "a word that could start a scheme": lambda n: "a" * n,
    "lines of a block quote": lambda n: "> a\n" * (n // 4),
    "lines almost a thematic break": lambda n: "* * * * * * * * * x\n" * (n // 20),
}


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_an_adversarial_body_is_scanned_in_linear_time(make: Callable[[int], str]) -> None:
    """2 MB of unclosed openers, or of lines that start blocks: a tenth of a second or so,
    where a scan quadratic in them takes hours. The bound is generous, as the machine may be busy."""
    body = "豆瓣 " + make(2_000_000)
    started = time.perf_counter()
    markdown.skipped_spans(body)
    list(markdown.paragraphs(body))
    assert time.perf_counter() - started < 10


def skipped_texts(body: str) -> list[str]:
    return [body[start:end] for start, end in markdown.skipped_spans(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("詳見https://zh.wikipedia.org/wiki/异形", ["https://zh.wikipedia.org/wiki/异形"]),
        ("見www.example.com/异形。", ["www.example.com/异形"]),
        ("https://x.org，这部电影", ["https://x.org"]),
        ("見https://x.org/a。这部", ["https://x.org/a"]),
        ("（https://x.org/a）", ["https://x.org/a"]),
        ("「https://x.org/a?q=1&b=%E5」", ["https://x.org/a?q=1&b=%E5"]),
        ("See https://x.org/a, then", ["https://x.org/a,"]),  # ASCII punctuation is neutral
        ("a https://x.org/a<b>", ["https://x.org/a"]),
        ("a https://x.org/a\tb", ["https://x.org/a"]),
        ("a https://x.org/a\u3000b", ["https://x.org/a"]),  # an ideographic space
        ("notwww.example.com", []),  # a scheme or www. starts a word
        ("abchttp://x.org", ["abchttp://x.org"]),  # the scheme is the whole word
    ],
    ids=[
        "after Han",
        "www after Han",
        "before a full-width comma",
        "before a full-width full stop",
        "in full-width parentheses",
        "in corner brackets, with a query",
        "before an ASCII comma",
        "before a tag",
        "before a tab",
        "before an ideographic space",
        "www inside a word",
        "a scheme of letters",
    ],
)
def test_a_bare_url_starts_and_ends_as_gfm_autolinks(body: str, expected: list[str]) -> None:
    assert skipped_texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[^1]: 这是美国的上映日期。", []),
        ("   [^note]: 美国上映日期。", []),
        ("[^1]: 见 https://x.org/a", ["https://x.org/a"]),
        ("[1]: https://x.org/a '标题'", ["[1]: https://x.org/a '标题'"]),
        ("[a^b]: /a", ["[a^b]: /a"]),
    ],
    ids=["footnote", "indented footnote", "URL in a footnote", "link reference", "caret inside"],
)
def test_a_footnote_definition_is_text(body: str, expected: list[str]) -> None:
    assert skipped_texts(body) == expected


def old_paragraphs(body: str) -> list[tuple[int, int]]:
    """Runs of lines between blank lines: paragraphs before headings and list items were
    blocks of their own."""
    blank_lines = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[ \t]*(?:\r\n|\r(?!\n)|\n))+")
    found, start = [], 0
    for gap in blank_lines.finditer(body):
        if gap.start() > start:
            found.append((start, gap.start()))
        start = gap.end()
    if start < len(body):
        found.append((start, len(body)))
    # now without the line breaks at their ends
    return [
        (start + len(text) - len(text.lstrip("\r\n")), start + len(text.rstrip("\r\n")))
        for start, end in found
        if (text := body[start:end])
    ]


@given(
    st.lists(st.sampled_from(["电影", "A", " ", "\t", ".", "\n", "\r", "\r\n", "(", "`", "["])).map(
        "".join
    )
)
def test_paragraphs_without_blocks_are_runs_of_lines_between_blank_lines(body: str) -> None:
    expected = [(start, end) for start, end in old_paragraphs(body) if start < end]
    assert list(markdown.paragraphs(body)) == expected
