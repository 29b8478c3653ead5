"""duplicate-item finds what a plain walk of every value finds, on generated documents: the
same items, in the same order, each naming the line of the same earlier item."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.diagnostics import DataPath
from filmlint.frontmatter.parser import parse_document
from filmlint.rules import duplicate_item

TEXT = st.sampled_from(["Drama", "drama", "Drama ", "DRAMA  x", "drama x", "家庭", "", "1"])
SCALARS = st.one_of(TEXT, st.integers(0, 2), st.sampled_from([1.0, 0.5]), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.sampled_from(["topics", "cast", "url", "a", "b"]), inner, max_size=4),
    ),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(st.sampled_from(["topics", "cast", "sourceUrl", "x"]), VALUES)


def every_value(value: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, Any]]:
    """Each value and those below it, in document order: what ``**`` names."""
    yield path, value
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from every_value(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from every_value(item, (*path, key))


def key(value: Any, fold: bool) -> Hashable:
    """Equal as data: text (folded: case and runs of spaces ignored), true is not 1."""
    if isinstance(value, str):
        return " ".join(value.casefold().split()) if fold else value
    if isinstance(value, list):
        return ("list", tuple(key(item, fold) for item in value))
    if isinstance(value, dict):
        return ("map", frozenset((k, key(v, fold)) for k, v in value.items()))
    return (type(value) is bool, value)


def expected(data: Any, fold: bool) -> list[tuple[DataPath, int]]:
    """(the later item's path, the earlier item's index) for every repeated item."""
    found = []
    for path, value in every_value(data):
        if isinstance(value, list):
            first: dict[Hashable, int] = {}
            for index, item in enumerate(value):
                earlier = first.setdefault(key(item, fold), index)
                if earlier != index:
                    found.append(((*path, index), earlier))
    return found


@settings(max_examples=examples(300), deadline=None)
@given(data=DOCUMENTS, fold=st.booleans(), flow=st.booleans())
def test_findings_are_those_of_walking_every_value(data: Any, fold: bool, flow: bool) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=None if flow else 1)
    document, _ = parse_document(f"---\n{text}\n---\n", "film.md")
    options = {"fields": ["**"], "ignore-case": fold}
    problems = list(duplicate_item.check(document, options))
    source_map = document.source_map
    want = [
        (path, source_map.position(source_map.span((*path[:-1], earlier))[0])[0])
        for path, earlier in expected(document.data, fold)
    ]
    assert [p.path for p in problems] == [path for path, _ in want]
    for problem, (_, line) in zip(problems, want, strict=True):
        assert f"on line {line}" in problem.message


@settings(max_examples=examples(100), deadline=None)
@given(data=DOCUMENTS)
def test_named_fields_are_a_subset_of_every_list(data: Any) -> None:
    document, _ = parse_document(f"---\n{json.dumps(data)}\n---\n", "film.md")
    named = {"fields": ["topics", "**.cast"], "ignore-case": False}
    every = {"fields": ["**"], "ignore-case": False}
    in_named = [p.path for p in duplicate_item.check(document, named)]
    in_every = [p.path for p in duplicate_item.check(document, every)]
    assert set(in_named) <= set(in_every)
    assert all(path[0] == "topics" or "cast" in path for path in in_named)


#: YAML that shares and drops lists: an anchored list and its alias, a merged mapping whose
#: list an explicit key overrides, a repeated key whose list is dropped.
SHARED_LISTS = st.lists(
    st.sampled_from(
        [
            "a: &l [x, y]\nb: *l\n",
            "a: &l [x, x]\nb: *l\n",
            "base: &m {cast: [p, p]}\nfilm:\n  <<: *m\n  cast: [p, q]\n",
            "base: &m {cast: [p, q]}\nfilm:\n  <<: *m\n",
            "topics: [a, b]\ntopics: [c, c]\n",
            "topics: [a, A ]\n",
            "nested: [[1, 2], [1, 2]]\n",
            "nested: [{k: [v, v]}, {k: [v]}]\n",
            "plain: [1, true, 1.0]\n",
        ]
    ),
    min_size=1,
    max_size=4,
    unique=True,
)


def own_names(part: str, n: int) -> str:
    """``part`` with its top-level keys and anchors made its own (``a`` -> ``p0a``)."""
    for anchor in ("l", "m"):
        part = part.replace(f"&{anchor}", f"&{anchor}{n}").replace(f"*{anchor}", f"*{anchor}{n}")
    lines = part.splitlines(keepends=True)
    return "".join(line if line.startswith(" ") else f"p{n}{line}" for line in lines)


@settings(max_examples=examples(200), deadline=None)
@given(parts=SHARED_LISTS, fold=st.booleans())
def test_the_parsers_lists_give_what_walking_the_data_gives(parts: list[str], fold: bool) -> None:
    text = "".join(own_names(part, n) for n, part in enumerate(parts))
    document, _ = parse_document(f"---\n{text}---\n", "film.md")
    assert document.data is not None
    assert document.lists is not None
    options = {"fields": ["**"], "ignore-case": fold}
    from_lists = [(p.path, p.message) for p in duplicate_item.check(document, options)]
    document.lists = None  # what walking the data finds
    walked = [(p.path, p.message) for p in duplicate_item.check(document, options)]
    assert from_lists == walked


def test_a_repeated_item_in_an_aliased_list_is_reported_once() -> None:
    document, _ = parse_document("---\na: &l [x, x]\nb: *l\n---\n", "film.md")
    options = {"fields": ["**"], "ignore-case": False}
    assert [p.path for p in duplicate_item.check(document, options)] == [("a", 1)]
