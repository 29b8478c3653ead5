"""Removing a duplicate gives the file as if the duplicate had never been written."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import lint
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


@settings(max_examples=150, deadline=None)
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
