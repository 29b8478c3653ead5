"""Bad input of every kind gives one coded diagnostic at an exact place, quickly."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VALID, examples, film, front, lint, rows
from filmlint.frontmatter.parser import parse_document

BILLION_LAUGHS = front(
    """
    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
    h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
    i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
    """
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [(1, 1, "missing-front-matter")], id="empty file"),
        pytest.param("# Alien\n", [(1, 1, "missing-front-matter")], id="no front matter"),
        pytest.param("---\ntitle: x\n", [(1, 1, "missing-front-matter")], id="unterminated"),
        pytest.param("---\n---\nbody\n", [(1, 1, "missing-front-matter")], id="empty block"),
        pytest.param(
            "---\n# only a comment\n---\n", [(1, 1, "missing-front-matter")], id="comment only"
        ),
        pytest.param("---\n- a\n- b\n---\n", [(2, 1, "front-matter-type")], id="list"),
        pytest.param("---\njust text\n---\n", [(2, 1, "front-matter-type")], id="scalar"),
        pytest.param("---\ntitle: [a, b\n---\n", [(3, 1, "yaml-syntax")], id="unclosed flow list"),
        pytest.param(
            "---\ntitle: a\n  bad: indent\n---\n", [(3, 6, "yaml-syntax")], id="bad indent"
        ),
        pytest.param(
            VALID.replace('status: "published"', 'status: "published"\ntitle: "Again"'),
            [(8, 1, "duplicate-key")],
            id="duplicate key at the second one",
        ),
        pytest.param(
            VALID.replace('title: "Alien"', 'title: !!python/object/apply:os.system ["true"]'),
            [(2, 8, "unsupported-tag"), (2, 8, "invalid-type")],
            id="python tag is reported, never run",
        ),
    ],
)
def test_bad_input(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert rows(text) == expected


NULLS = ["null", "Null", "NULL", "~", "!!null", '!!null ""', "&a", "&a ~", "null # nothing"]
SINGLE_VALUES = [*NULLS, "5", "-1.5", "true", "no", "2001-12-14", '"x: y"', "'text'", "|\n  block"]


@settings(max_examples=examples(200))
@given(st.sampled_from(SINGLE_VALUES), st.sampled_from(["", "&x ", "# c\n"]))
def test_a_single_value_is_never_front_matter(value: str, before: str) -> None:
    """Whatever the value (a null too: every rule would skip it, and the file would pass),
    the file has one problem: its front matter is not a mapping, at the value."""
    if before == "&x " and value.startswith("&"):
        value = value[3:] or "~"  # one anchor a node
    found = lint(f"---\n{before}{value}\n---\nbody\n")
    assert [(d.rule, d.line) for d in found] == [("front-matter-type", 3 if "#" in before else 2)]
    assert ("(null)" in found[0].message) == (value in NULLS or value == "~")


def test_valid_file_has_no_diagnostic() -> None:
    assert lint(VALID) == []


def test_duplicate_key_names_the_first_line() -> None:
    text = VALID.replace('status: "published"', 'status: "published"\ntitle: "Again"')
    (diagnostic,) = lint(text)
    assert "line 2" in diagnostic.message
    assert (diagnostic.end_line, diagnostic.end_column) == (8, 6)


def test_crlf_and_bom_positions() -> None:
    text = "\ufeff" + VALID.replace("\n", "\r\n")
    text = text.replace('title: "Alien"', 'title: "异形"\r\nyear: "1979"')
    assert rows(text) == [(3, 7, "invalid-type")]


def test_bom_on_first_line_is_not_a_column() -> None:
    text = "\ufeff---\ntitle: [\n---\n"
    assert rows(text) == [(3, 1, "yaml-syntax")]


def test_cjk_value_before_the_offending_one_counts_code_points() -> None:
    text = VALID.replace('title: "Alien"', 'title: "异形"\nyear: { 异: 形 }')
    assert rows(text) == [(3, 7, "invalid-type")]


def test_not_utf8_is_placed_at_the_bad_byte() -> None:
    from filmlint.engine.linter import default_linter

    raw = '---\ntitle: "é'.encode() + b'\xff"\n---\n'
    (diagnostic,) = default_linter().lint_bytes(raw, "x.md")
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("file-encoding", 2, 10)


@pytest.mark.parametrize(
    ("raw", "word"),
    [(b"---\ntitle: a\x00\n---\n", "binary"), ("---\n".encode("utf-16"), "UTF-16")],
)
def test_binary_and_utf16_files(raw: bytes, word: str) -> None:
    from filmlint.engine.linter import default_linter

    (diagnostic,) = default_linter().lint_bytes(raw, "x.md")
    assert diagnostic.rule == "file-encoding"
    assert word in diagnostic.message


#: A film with a safe fix to make (its language's case), and where a NUL may be put in it.
FIXABLE = VALID.replace("---\nBody", 'language: "EN"\n---\nBody')
NUL_PLACES = {
    "first": 0,
    "in a value": FIXABLE.index("Alien") + 2,
    "in a key": FIXABLE.index("director") + 3,
    "in the body": FIXABLE.index("Body") + 1,
    "last": len(FIXABLE),
}


@pytest.mark.parametrize("at", NUL_PLACES.values(), ids=NUL_PLACES)
def test_a_text_with_a_nul_is_binary_as_a_file_with_a_nul_byte_is(at: int) -> None:
    from filmlint.engine.fixer import Fixer
    from filmlint.engine.linter import default_linter

    text = FIXABLE[:at] + "\x00" + FIXABLE[at:]
    linter = default_linter()
    (diagnostic,) = linter.lint_text(text, "x.md")
    assert diagnostic == linter.lint_bytes(text.encode(), "x.md")[0]
    assert diagnostic.rule == "file-encoding" and "binary" in diagnostic.message
    line = text.count("\n", 0, at) + 1
    assert (diagnostic.line, diagnostic.column) == (line, at - text.rfind("\n", 0, at))
    fixed = Fixer(linter).fix_text(text, "x.md")  # nothing fixed, as in such a file
    assert fixed.text == text
    assert fixed.file_result.diagnostics == [diagnostic]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param(BILLION_LAUGHS, "alias-expansion", id="alias bomb"),
        pytest.param(front("a: " + "[" * 50_000 + "]" * 50_000), "nesting-depth", id="deep flow"),
        pytest.param(
            "---\n" + "".join("  " * i + "- \n" for i in range(2_000)) + "---\n",
            "nesting-depth",
            id="deep block",
        ),
        pytest.param(
            front("a: " + "{b: " * 5_000 + "1" + "}" * 5_000), "nesting-depth", id="deep mappings"
        ),
    ],
)
def test_hostile_yaml_is_refused_fast(text: str, rule: str) -> None:
    started = time.perf_counter()
    found = rows(text)
    elapsed = time.perf_counter() - started
    assert [r for _, _, r in found] == [rule]
    assert elapsed < 1.0, f"took {elapsed:.2f}s"


def test_dates_are_strings_for_the_schema() -> None:
    document, findings = parse_document(VALID)
    assert findings == []
    assert document.data["releaseDate"] == "1979-05-25"


def test_merge_keys_are_read() -> None:
    document, _ = parse_document(front("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3"))
    assert document.data["m"] == {"x": 1, "y": 3}
    assert document.source_map.position(document.source_map.span(("m", "x"))[0]) == (2, 14)


def test_body_and_front_matter_offsets_are_exact() -> None:
    text = "\ufeff---  \r\n\r\ntitle: a\r\n---\r\nBody\r\n"
    document, _ = parse_document(text)
    assert text[document.yaml_start : document.yaml_end] == "\r\ntitle: a\r\n"
    assert text[document.body_start :] == "Body\r\n"


def test_unclosed_quote_points_back_at_the_quote() -> None:
    text = front('title: "Alien\ndirector: Ridley Scott\ntopics: ["Horror"]\nstatus: draft')
    (diagnostic,) = lint(text)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("yaml-syntax", 4, 11)
    assert diagnostic.message.endswith("is the quote opened at line 2 closed?")


def test_positions_past_the_front_matter_are_still_right() -> None:
    text = front("title: a", body="one\r\ntwo\nthree 异形\n")
    document, _ = parse_document(text)
    source_map = document.source_map
    assert source_map.position(text.index("title")) == (2, 1)
    assert source_map.position(text.index("three") + 6) == (6, 7)
    assert source_map.position(text.index("title")) == (2, 1)


IMDB = '{url: "https://www.imdb.com/title/tt0078748/"}'
#: The doubling alias bomb, its first alias on its second line ("a1: &a1 [*a0, *a0]").
DOUBLING = "\n".join(
    ["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
)
BLOCK_BOMB = "\n".join(
    ["b0: &b0 [x, x]"] + [f"b{i}: &b{i}\n  - *b{i - 1}\n  - *b{i - 1}" for i in range(1, 30)]
)


@pytest.mark.parametrize(
    ("extra", "rule", "span"),
    [
        pytest.param(
            'year: !!python/object/apply:os.system ["echo"]',
            "unsupported-tag",
            (8, 7, 8, 38),
            id="unsupported-tag spans the whole tag",
        ),
        pytest.param(
            "year: &a !foo 1979", "unsupported-tag", (8, 10, 8, 14), id="tag after an anchor"
        ),
        pytest.param(
            "year: !foo &a 1979", "unsupported-tag", (8, 7, 8, 11), id="tag before an anchor"
        ),
        pytest.param(
            "year: !!int abc", "unsupported-tag", (8, 7, 8, 12), id="standard tag it cannot tag"
        ),
        pytest.param("!foo year: 1979", "unsupported-tag", (8, 1, 8, 5), id="tag on a key"),
        pytest.param(f"sourceUrl: [ {IMDB} ]", "missing-key", (8, 14, 8, 15), id="flow mapping"),
        pytest.param(
            f"sourceUrl: [ &m {IMDB} ]", "missing-key", (8, 17, 8, 18), id="anchored flow mapping"
        ),
        pytest.param(
            f"sourceUrl: [ !!map {IMDB} ]", "missing-key", (8, 20, 8, 21), id="tagged flow mapping"
        ),
        pytest.param(
            f"sourceUrl: [ !!map &m {IMDB} ]",
            "missing-key",
            (8, 23, 8, 24),
            id="tag and anchor before a flow mapping",
        ),
        pytest.param(
            f"sourceUrl:\n  - !!map\n    {IMDB}",
            "missing-key",
            (10, 5, 10, 6),
            id="tag on the line before a flow mapping",
        ),
        pytest.param(
            "sourceUrl:\n  - &m\n    url: x",
            "missing-key",
            (10, 5, 10, 8),
            id="anchored block mapping at its first key",
        ),
        pytest.param(DOUBLING, "alias-expansion", (9, 10, 9, 13), id="alias bomb, flow"),
        pytest.param(BLOCK_BOMB, "alias-expansion", (10, 5, 10, 8), id="alias bomb, block"),
    ],
)
def test_a_node_with_properties_is_placed_at_what_the_problem_names(
    extra: str, rule: str, span: tuple[int, int, int, int]
) -> None:
    """An anchor or tag starts the node's marks; a problem with the tag spans the tag, one
    with a flow mapping's keys is at its brace, an alias bomb at its first alias."""
    found = [
        (d.line, d.column, d.end_line, d.end_column) for d in lint(film(extra)) if d.rule == rule
    ]
    assert found == [span]
