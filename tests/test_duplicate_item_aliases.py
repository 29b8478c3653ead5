"""A duplicate written as an alias (``*name``) is reported where the alias stands, and its fix
removes that alias and nothing else; an item that defines an anchor is never removed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, lint
from filmlint.frontmatter.parser import parse_document
from fixing import apply_fix

WORDS = ["Drama", "War", "x y"]
#: A key before the list whose value is anchored, as ``&e``: aliases may name it too.
OUTSIDE = "extra: &e Drama\n"


@dataclass(frozen=True)
class Item:
    """A list item as written: a word (``anchor`` defines ``&aN``), or an alias."""

    word: str
    anchor: int | None = None
    alias: str | None = None

    def text(self) -> str:
        if self.alias is not None:
            return f"*{self.alias}"
        spelled = f'"{self.word}"' if " " in self.word else self.word
        return spelled if self.anchor is None else f"&a{self.anchor} {spelled}"


@st.composite
def items(draw: st.DrawFn) -> list[Item]:
    """Words, some anchored, and aliases of the anchors before them (or of ``&e``)."""
    written: list[Item] = []
    anchors: dict[str, str] = {"e": "Drama"}
    for _ in range(draw(st.integers(2, 7))):
        kind = draw(st.sampled_from(["word", "anchor", "alias"]))
        if kind == "alias":
            name = draw(st.sampled_from(sorted(anchors)))
            written.append(Item(anchors[name], alias=name))
            continue
        word = draw(st.sampled_from(WORDS))
        anchor = len(written) if kind == "anchor" else None
        written.append(Item(word, anchor))
        if anchor is not None:
            anchors[f"a{anchor}"] = word
    return written


def render(written: list[Item], style: str) -> tuple[str, list[tuple[int, int]]]:
    """``topics:`` holding the items, and each item's (line, column) in that text, 1-based."""
    texts = [item.text() for item in written]
    if style == "flow":
        places, column = [], len("topics: [") + 1
        for text in texts:
            places.append((1, column))
            column += len(text) + 2
        return "topics: [" + ", ".join(texts) + "]\n", places
    if style == "flow-lines":
        lines = "".join(f"  {text},\n" for text in texts)
        return f"topics: [\n{lines}]\n", [(2 + i, 3) for i in range(len(texts))]
    lines = "".join(f"  - {text}\n" for text in texts)
    return f"topics:\n{lines}", [(2 + i, 5) for i in range(len(texts))]


def film(yaml: str, newline: str) -> str:
    return f"---\ntitle: x\n{OUTSIDE}{yaml}---\nBody.\n".replace("\n", newline)


#: Lines before ``topics:`` in ``film``.
BEFORE = 3


@settings(max_examples=examples(300), deadline=None)
@given(
    written=items(),
    style=st.sampled_from(["flow", "flow-lines", "block"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_a_duplicate_alias_is_placed_and_removed_where_it_stands(
    written: list[Item], style: str, newline: str
) -> None:
    yaml, places = render(written, style)
    text = film(yaml, newline)
    words = [item.word for item in written]
    found = lint(text, select=["duplicate-item"])
    assert len(found) == sum(1 for i, word in enumerate(words) if word in words[:i])
    for diagnostic in found:
        assert diagnostic.data_path is not None
        index = diagnostic.data_path[-1]
        assert isinstance(index, int) and words[index] in words[:index]
        line, column = places[index]
        assert (diagnostic.line, diagnostic.column) == (BEFORE + line, column)
        if written[index].anchor is not None:
            assert diagnostic.fix is None  # another value may alias it
            continue
        assert diagnostic.fix is not None
        assert all(edit.start <= edit.end for edit in diagnostic.fix.edits)
        fixed = apply_fix(text, diagnostic.fix)
        kept = written[:index] + written[index + 1 :]
        assert fixed == film(render(kept, style)[0], newline), (text, fixed)
        document, findings = parse_document(fixed)
        assert findings == []
        assert document.data["topics"] == [item.word for item in kept]


@pytest.mark.parametrize(
    ("yaml", "place", "fixed"),
    [
        pytest.param(
            "topics: [a, &x b, c, *x]\n", (3, 22), "topics: [a, &x b, c]\n", id="last, an alias"
        ),
        pytest.param(
            "topics: [a, &x b, c, *x, b]\n",
            (3, 22),
            "topics: [a, &x b, c, b]\n",
            id="an alias before another duplicate",
        ),
        pytest.param(
            "topics:\n  - a\n  - &x b\n  - *x\n  - c\n",
            (6, 5),
            "topics:\n  - a\n  - &x b\n  - c\n",
            id="block",
        ),
    ],
)
def test_the_first_duplicate_alias(yaml: str, place: tuple[int, int], fixed: str) -> None:
    text = f"---\ntitle: x\n{yaml}---\nBody.\n"
    diagnostic = lint(text, select=["duplicate-item"])[0]
    assert (diagnostic.line, diagnostic.column) == place
    assert diagnostic.fix is not None
    assert apply_fix(text, diagnostic.fix) == f"---\ntitle: x\n{fixed}---\nBody.\n"


#: Where an anchor is defined over a list with a duplicate: on the list, on the mapping that
#: holds it, on a list item (a mapping) that holds it.
ANCHORED = {
    "list": ("X", "topics: &X [Drama, Drama, War]\n"),
    "mapping": ("X", "meta: &X\n  topics: [Drama, Drama, War]\n"),
    "item": ("X", "groups:\n  - &X\n    topics: [Drama, Drama, War]\n"),
}
#: How the anchor is used again, if it is: none, as a key's value, as a list item, merged.
USES = {
    "unused": "",
    "value": "genre: *X\n",
    "list item": "awards: [War, *X]\n",
    "merged": "other:\n  <<: *X\n",
}
ALIAS_CASES = [
    (anchored, use)
    for anchored in ANCHORED
    for use in USES
    if not (use == "merged" and anchored == "list")  # only a mapping merges
]


@pytest.mark.parametrize(("anchored", "use"), ALIAS_CASES)
def test_a_fix_is_offered_only_where_the_fixer_applies_it(anchored: str, use: str) -> None:
    """Removing an item of a list that an alias uses again (itself or a value holding it)
    would change the data where the alias stands: no fix is offered, as the fixer would
    refuse it; with the anchor unused, the fix is offered and applied."""
    text = f"---\ntitle: x\n{ANCHORED[anchored][1]}{USES[use]}---\nBody.\n"
    (diagnostic,) = lint(text, select=["duplicate-item"])
    assert (diagnostic.fix is not None) == (use == "unused")
    fixed, remaining = filmlint.fix_text(text, select=["duplicate-item"])
    assert [d.fix for d in remaining] == ([] if use == "unused" else [None])
    assert (fixed == text) == (use != "unused")
