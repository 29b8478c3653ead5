"""Field lookups against a plain reading of the patterns, on generated data and patterns:
the top-level key and a name in each item of a list (``sourceUrl[*].url``) looked up
without a walk, the values of several patterns given once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from filmlint.rulekit.fields import ANY, ANY_DEPTH, compile_pattern, find, find_all, find_strings

KEYS = ["title", "cast", "url", "sourceUrl"]
VALUE = st.recursive(
    st.one_of(st.text(max_size=3), st.integers(0, 3), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=12,
)
#: Patterns of the shape looked up without a walk, often: a name in each item of a list.
ITEMS = st.sampled_from(["sourceUrl[*].url", "cast[*].title", "url[*].url"])
#: Front matter is a mapping, mostly of the keys the patterns name.
DATA = st.one_of(st.dictionaries(st.sampled_from(KEYS), VALUE, min_size=2), VALUE)
STEP = st.sampled_from([*KEYS, "*", "**", "[0]", "[1]", "[*]"])
PATTERN = st.lists(STEP, min_size=1, max_size=3).map(
    lambda steps: "".join(
        step if step.startswith("[") or index == 0 else f".{step}"
        for index, step in enumerate(steps)
    )
)


def _every(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    items = enumerate(value) if isinstance(value, list) else ()
    for key, item in value.items() if isinstance(value, dict) else items:
        yield from _every(item, (*path, key))


def _walk(value: Any, steps: tuple[Any, ...], path: tuple[Any, ...]) -> Iterator[Any]:
    if not steps:
        yield path, value
        return
    step, rest = steps[0], steps[1:]
    if step == ANY_DEPTH:
        for inner_path, inner in list(_every(value, path)):
            yield from _walk(inner, rest, inner_path)
    elif step == ANY:
        items = enumerate(value) if isinstance(value, list) else ()
        for key, item in value.items() if isinstance(value, dict) else items:
            yield from _walk(item, rest, (*path, key))
    elif isinstance(step, int):
        if isinstance(value, list) and step < len(value):
            yield from _walk(value[step], rest, (*path, step))
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest, (*path, step))


def _reference(data: Any, patterns: list[str]) -> list[tuple[tuple[Any, ...], Any]]:
    seen: set[tuple[Any, ...]] = set()
    found = []
    for pattern in patterns:
        for path, value in _walk(data, compile_pattern(pattern), ()):
            if path not in seen:
                seen.add(path)
                found.append((path, value))
    return found


@given(DATA, st.lists(st.one_of(st.sampled_from(KEYS), ITEMS, PATTERN), max_size=5))
def test_find_all_gives_what_the_patterns_name_once_in_their_order(
    data: Any, patterns: list[str]
) -> None:
    assert list(find_all(data, patterns)) == _reference(data, patterns)


@given(DATA, st.lists(st.one_of(st.sampled_from(KEYS), ITEMS, PATTERN), max_size=5))
def test_find_strings_gives_the_strings_and_string_items(data: Any, patterns: list[str]) -> None:
    expected = []
    for path, value in _reference(data, patterns):
        if isinstance(value, str):
            expected.append((path, value))
        elif isinstance(value, list):
            expected.extend(
                ((*path, i), item) for i, item in enumerate(value) if isinstance(item, str)
            )
    assert list(find_strings(data, patterns)) == expected


@example({"sourceUrl": {"a": {"url": 1}}}, "sourceUrl[*].url")  # the items of a mapping
@example({"sourceUrl": [{"url": 1}, 2, {"title": 3}, {"url": 4}]}, "sourceUrl[*].url")
@given(DATA, st.one_of(st.sampled_from(KEYS), ITEMS, PATTERN))
def test_find_gives_what_the_pattern_names_by_every_route(data: Any, pattern: str) -> None:
    assert list(find(data, pattern)) == list(_walk(data, compile_pattern(pattern), ()))
