"""``SourceMap.place`` gives what ``span``, ``position`` and ``content_span`` give, though it
reads lines and columns off the parser's marks (the end's too, where a span ends at its end
mark): on texts with every line break the project or the YAML parser knows, BOMs, tabs, wide
and astral characters, and every kind of scalar."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.diagnostics import DataPath
from filmlint.frontmatter.parser import parse_document

#: Line breaks of ``text.positions`` (LF, CRLF, CR) and those only YAML 1.1 knows.
BREAKS = ("\n", "\r\n", "\r", "\x85", "\u2028", "\u2029")
SAFE_BREAKS = BREAKS[:3]

words = st.text(st.sampled_from(list("ab z\t1é漢字😀-.:")), min_size=1, max_size=8).map(
    lambda word: word.strip(" \t") or "x"
)
keys = st.sampled_from(["year", "title", "topics", "sourceUrl", "url", "a", "名"])
#: Scalars whose span holds more than their text: a tag, an anchor, an empty value.
TAGGED = ('!!int "12"', "!!str 12", "!!float 1", "&x 5", "!!str", "!!null ''", "")


def _lines(draw: Any, indent: str, depth: int) -> list[str]:
    lines: list[str] = []
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique=True)):
        kind = draw(
            st.sampled_from(
                [
                    *("plain", "double", "single", "folded", "block", "list", "flow", "map"),
                    *("number", "tagged"),
                ]
            )
        )
        head = f"{indent}{key}:"
        if kind == "plain":
            lines.append(f"{head} {draw(words)}")
        elif kind == "number":
            lines.append(f"{head} {draw(st.sampled_from(['1979', '8.5', '2004-05-06', 'true']))}")
        elif kind == "tagged":
            lines.append(f"{head} {draw(st.sampled_from(TAGGED))}".rstrip())
        elif kind == "double":
            escape = draw(st.sampled_from(["", "\\t", '\\"', "\\u00e9"]))
            lines.append(f'{head} "{draw(words)}{escape}"')
        elif kind == "single":
            lines.append(f"{head} '{draw(words)}'")
        elif kind == "folded":  # a plain scalar over two lines
            lines += [f"{head} {draw(words)}", f"{indent}  {draw(words)}"]
        elif kind == "block":
            lines += [f"{head} {draw(st.sampled_from(['|', '>', '|-']))}"]
            lines += [f"{indent}  {draw(words)}" for _ in range(draw(st.integers(1, 3)))]
        elif kind == "list":
            lines.append(head)
            lines += [f"{indent}  - {draw(words)}" for _ in range(draw(st.integers(1, 3)))]
        elif kind == "flow":
            items = draw(st.lists(words, min_size=0, max_size=3))
            lines.append(f"{head} [{', '.join(items)}]")
        elif depth < 2:
            lines.append(head)
            lines += _lines(draw, indent + "  ", depth + 1)
        else:
            lines.append(f"{head} {{a: {draw(words)}}}")
        if draw(st.booleans()):
            lines.append(f"{indent}# {draw(words)}")
    return lines


@st.composite
def front_matters(draw: Any, breaks: tuple[str, ...] = BREAKS) -> str:
    # One or two kinds of break between the lines of the YAML, so each kind is tried alone
    # too; the delimiter lines start and end with breaks the project knows, or there is no
    # front matter.
    used = draw(st.lists(st.sampled_from(breaks), min_size=1, max_size=2, unique=True))
    lines = _lines(draw, "", 0)
    yaml = lines[0] + "".join(draw(st.sampled_from(used)) + line for line in lines[1:])
    if draw(st.integers(0, 3)) == 0:  # a BOM inside, whose column libyaml may not count
        at = draw(st.integers(0, len(yaml)))
        yaml = yaml[:at] + "\ufeff" + yaml[at:]
    bom = "\ufeff" if draw(st.booleans()) else ""
    opening, closing = draw(st.sampled_from(SAFE_BREAKS)), draw(st.sampled_from(SAFE_BREAKS))
    return f"{bom}---{opening}{yaml}{closing}---{closing}{draw(words)}"


def _paths(value: Any, path: DataPath = ()) -> list[DataPath]:
    paths = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _paths(item, (*path, index))
    return paths


def _expected(text: str, path: DataPath) -> tuple[Any, ...]:
    source_map = parse_document(text)[0].source_map  # a fresh map: nothing indexed yet
    start, end = source_map.span(path)
    content = source_map.content_span(path)
    return (start, end, *source_map.position(start), *source_map.position(end), content)


@settings(max_examples=examples(500), deadline=None)
@given(front_matters())
def test_place_is_span_position_and_content_span(text: str) -> None:
    document = parse_document(text)[0]
    paths = [*_paths(document.data), ("missing",), ("title", 7, "x")]
    for path in paths:
        expected = _expected(text, path)
        assert document.source_map.place(path) == expected, (text, path)
        assert document.source_map.place(path, with_content=False) == (*expected[:6], None)


@settings(max_examples=examples(300), deadline=None)
@given(front_matters(), st.randoms(use_true_random=False))
def test_place_is_the_same_whatever_is_placed_first(text: str, random: Any) -> None:
    # The map reads the text for characters that make the parser's marks wrong only up to
    # the furthest value placed yet: a later value placed first must not change an earlier.
    document = parse_document(text)[0]
    paths = _paths(document.data)
    random.shuffle(paths)
    for path in paths:
        assert document.source_map.place(path) == _expected(text, path), (text, path)


@settings(max_examples=examples(100), deadline=None)
@given(front_matters(SAFE_BREAKS))
def test_place_builds_no_line_index_on_common_texts(text: str) -> None:
    document = parse_document(text)[0]
    if document.data is None or "\ufeff" in text[document.yaml_start : document.yaml_end]:
        return
    for path in _paths(document.data):
        document.source_map.place(path)
    assert document.source_map._lines is None


def test_place_counts_crlf_as_one_break() -> None:
    text = "---\r\ntopics:\r\n  - a\r\n  - b\r\ntitle: x\r\n---\r\n"
    place = parse_document(text)[0].source_map.place(("topics",))
    assert place[2:6] == (3, 3, 4, 6)


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029"])
def test_place_falls_back_where_yaml_breaks_lines_differently(odd: str) -> None:
    # NEL, LS and PS end a line for libyaml, not for the project: year's value is on line 2.
    text = f"---\ntitle: a{odd}year: 1\nb: 2\n---\n"
    source_map = parse_document(text)[0].source_map
    assert source_map.place(("year",))[2:6] == (2, 16, 2, 17)
    assert source_map.place(("b",))[2:6] == (3, 4, 3, 5)


def test_place_reads_marks_before_an_odd_break_and_falls_back_after_it() -> None:
    # A value before the odd break is placed from the marks (no line index); one after it
    # from the line index, whichever is placed first.
    text = "---\ntitle: a\nyear: 1\u2028b: 2\n---\n"
    source_map = parse_document(text)[0].source_map
    assert source_map.place(("title",))[2:6] == (2, 8, 2, 9)
    assert source_map._lines is None
    assert source_map.place(("b",))[2:6] == (3, 12, 3, 13)
    assert source_map._lines is not None
    assert source_map.place(("year",))[2:6] == (3, 7, 3, 8)


def test_place_counts_a_bom_inside_as_a_column() -> None:
    text = "---\ntitle: \ufeffa\nyear: \ufeff1\n---\n"
    assert parse_document(text)[0].source_map.place(("year",))[2:6] == (3, 7, 3, 9)
