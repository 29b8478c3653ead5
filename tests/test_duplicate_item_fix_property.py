"""Removing a duplicate gives the file as if the duplicate had never been written."""

from __future__ import annotations

import re
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, lint
from filmlint.frontmatter.parser import parse_document
from fixing import apply_fix

T = TypeVar("T")
WORDS = st.lists(
    st.sampled_from(["Drama", "Crime", "War", "Economic Empowerment", "家庭", "a-b", "x y"]),
    min_size=1,
    max_size=5,
    unique=True,
)
STYLES = ["flow", "flow-lines", "flow-lines-trailing-comma", "block"]


def spell(word: str, quoting: int) -> str:
    return [f'"{word}"', f"'{word}'", word if " " not in word else f'"{word}"'][quoting]


def render(items: list[str], quoting: list[int], notes: list[str], style: str) -> str:
    """The list as ``topics:`` in a layout people write; lists written one item per line
    have the given comments after their items."""
    spelled = [spell(item, q) for item, q in zip(items, quoting, strict=True)]
    if style == "flow":
        return "topics: [" + ", ".join(spelled) + "]\n"
    if style.startswith("flow-lines"):
        last = len(spelled) - 1
        lines = [
            f"  {item}{',' if i < last or style.endswith('comma') else ''}{note}\n"
            for i, (item, note) in enumerate(zip(spelled, notes, strict=True))
        ]
        return "topics: [\n" + "".join(lines) + "]\n"
    return "topics:\n" + "".join(
        f"  - {item}{note}\n" for item, note in zip(spelled, notes, strict=True)
    )


def film(yaml: str, newline: str) -> str:
    return f"---\ntitle: x\n{yaml}---\nBody.\n".replace("\n", newline)


def without(values: list[T], index: int) -> list[T]:
    return values[:index] + values[index + 1 :]


@settings(max_examples=examples(150), deadline=None)
@given(
    words=WORDS,
    data=st.data(),
    style=st.sampled_from(STYLES),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_fix_removes_exactly_the_duplicate(
    words: list[str], data: st.DataObject, style: str, newline: str
) -> None:
    original = data.draw(st.integers(0, len(words) - 1))
    position = data.draw(st.integers(original + 1, len(words)))
    items = [*words[:position], words[original], *words[position:]]
    size = len(items)
    quoting = data.draw(st.lists(st.integers(0, 2), min_size=size, max_size=size))
    notes = [
        f"  # note {i}" if commented else ""
        for i, commented in enumerate(
            data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
        )
    ]
    text = film(render(items, quoting, notes, style), newline)

    (diagnostic,) = lint(text, select=["duplicate-item"])
    assert diagnostic.fix is not None
    fixed = apply_fix(text, diagnostic.fix)

    expected = render(words, without(quoting, position), without(notes, position), style)
    assert fixed == film(expected, newline)
    document, findings = parse_document(fixed)
    assert findings == []
    assert document.data == {"title": "x", "topics": words}


# Comments in every position. Each comment is unique ("# cN"); after the fix every comment is
# still there byte for byte, except one that ends the line the removed item stands on alone
# (`  - Drama  # note`, `  Drama,  # note`), which may go with that line.


def flow_list(items: list[str], draw: st.DataObject) -> str:
    """``items`` as a flow list, with comments after the bracket, after items, after commas
    and before the closing bracket as ``draw`` decides; each comment ends its line."""
    comments = iter(range(1000))
    out = ["topics: ["]
    if draw.draw(st.booleans(), "comment after [") is True:
        out.append(f" # c{next(comments)}\n")
    trailing_comma = draw.draw(st.booleans(), "trailing comma")
    for index, item in enumerate(items):
        last = index == len(items) - 1
        at_line_start = out[-1].endswith("\n")
        if not at_line_start and index > 0 and draw.draw(st.booleans(), "item on a new line"):
            out.append("\n")
            at_line_start = True
        out.append(("  " if at_line_start else (" " if index > 0 else "")) + item)
        if last and not trailing_comma:
            break
        if draw.draw(st.integers(0, 4), "comment before the comma") == 0:
            out.append(f"  # c{next(comments)}\n  ")
        out.append(",")
        if draw.draw(st.booleans(), "comment after the comma") is True:
            out.append(f"  # c{next(comments)}\n")
    if draw.draw(st.booleans(), "comment before ]") is True:
        if not out[-1].endswith("\n"):
            out.append("\n")
        out.append(f"  # c{next(comments)}\n")
    out.append("]\n")
    return "".join(out)


def block_list(items: list[str], draw: st.DataObject) -> str:
    """``items`` as a block list, with comments after items and on lines of their own."""
    comments = iter(range(1000))
    out = ["topics:\n"]
    for item in items:
        if draw.draw(st.booleans(), "comment line before the item") is True:
            out.append(f"  # c{next(comments)}\n")
        note = f"  # c{next(comments)}" if draw.draw(st.booleans(), "comment after") else ""
        out.append(f"  - {item}{note}\n")
    if draw.draw(st.booleans(), "comment line after the list") is True:
        out.append(f"  # c{next(comments)}\n")
    return "".join(out)


def own_comment(text: str, item_start: int) -> str | None:
    """The comment ending the line that the item at ``item_start`` stands on alone."""
    line_start = text.rfind("\n", 0, item_start) + 1
    line_end = text.find("\n", item_start)
    line = text[line_start:line_end].rstrip("\r")
    if line[: item_start - line_start].strip(" -") or "#" not in line:
        return None
    before, _, comment = line.partition("#")
    rest = before[item_start - line_start :]
    # the item (no '#' in the words), then at most a comma
    if rest.strip().rstrip(",").count(",") or rest.strip().rstrip(",").endswith("]"):
        return None
    return "#" + comment


@settings(max_examples=examples(300), deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["Drama", "Crime", "War", "x y", "家庭"]), min_size=2, max_size=6
    ),
    data=st.data(),
    style=st.sampled_from(["flow", "block"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_the_fix_keeps_every_comment_but_the_removed_items_own(
    words: list[str], data: st.DataObject, style: str, newline: str
) -> None:
    quoting = data.draw(st.lists(st.integers(0, 2), min_size=len(words), max_size=len(words)))
    spelled = [spell(word, q) for word, q in zip(words, quoting, strict=True)]
    yaml = flow_list(spelled, data) if style == "flow" else block_list(spelled, data)
    text = film(yaml, newline)
    comments = re.findall(r"# c\d+", text)

    for diagnostic in lint(text, select=["duplicate-item"]):
        assert diagnostic.data_path is not None
        index = diagnostic.data_path[-1]
        assert isinstance(index, int) and words[index] in words[:index]
        if diagnostic.fix is None:
            assert "#" in yaml  # only a comment can stand in the way
            continue
        document, _ = parse_document(text)
        item_start = document.source_map.span(diagnostic.data_path)[0]
        own = own_comment(text, item_start)
        fixed = apply_fix(text, diagnostic.fix)
        others = [c for c in comments if own is None or own.rstrip("\r") != c]
        assert re.findall(r"# c\d+", fixed) in (comments, others), (text, fixed)
        document, findings = parse_document(fixed)
        assert findings == []
        assert document.data == {"title": "x", "topics": without(words, index)}


@pytest.mark.parametrize(
    ("yaml", "fixed"),
    [
        pytest.param(
            "genre: [Drama, Comedy, # comedy is key\n  Drama]\n",
            "genre: [Drama, Comedy # comedy is key\n  ]\n",
            id="last item after a comment: the comma before it goes",
        ),
        pytest.param(
            "genre: [Drama, Comedy, # comedy is key\n  Drama, ]\n",
            "genre: [Drama, Comedy, # comedy is key\n  ]\n",
            id="last item with a trailing comma after a comment",
        ),
        pytest.param(
            "genre:\n  - Drama  # first\n  # about Comedy\n  - Comedy\n  - Drama  # again\n"
            "  # after the list\n",
            "genre:\n  - Drama  # first\n  # about Comedy\n  - Comedy\n  # after the list\n",
            id="block: the item's line and its comment go, the comment lines after stay",
        ),
        pytest.param(
            "sourceUrl:\n  - {platform: a, url: b}\n  - platform: a\n    url: b  # own\n"
            "  # about the next key\nyear: 1979\n",
            "sourceUrl:\n  - {platform: a, url: b}\n  # about the next key\nyear: 1979\n",
            id="block mapping item: its span ends at its last value, not at the comments after",
        ),
    ],
)
def test_comments_of_other_items_stay(yaml: str, fixed: str) -> None:
    text = film(yaml, "\n")
    (diagnostic,) = lint(text, select=["duplicate-item"])
    assert diagnostic.fix is not None
    assert apply_fix(text, diagnostic.fix) == film(fixed, "\n")
