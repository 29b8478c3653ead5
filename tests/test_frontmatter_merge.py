"""Merge keys (``<<``) are resolved once: the data and the source map always agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode

from conftest import front
from filmlint.frontmatter.parser import parse_document
from filmlint.frontmatter.scalars import scalar_value

KEYS = ("a", "b", "c", "d")
mappings = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 99), max_size=4)


@st.composite
def merging_documents(draw: st.DrawFn) -> tuple[str, dict[str, int]]:
    """Anchored mappings, each maybe merging earlier ones, and ``m`` merging some of them;
    with the mapping ``m`` must read to, by YAML's rules worked out here independently."""
    resolved: list[dict[str, int]] = []
    lines = []
    for n, own in enumerate(draw(st.lists(mappings, min_size=1, max_size=4))):
        sources = draw(st.lists(st.integers(0, n - 1), max_size=2)) if n else []
        lines.append(f"base{n}: &m{n}")
        lines.extend(_block(own, sources))
        value = dict(own)
        for source in sources:
            for key, item in resolved[source].items():
                value.setdefault(key, item)
        resolved.append(value)
    own = draw(mappings)
    sources = draw(st.lists(st.integers(0, len(resolved) - 1), min_size=1, max_size=3))
    lines.append("m:")
    lines.extend(_block(own, sources))
    expected = dict(own)
    for source in sources:
        for key, item in resolved[source].items():
            expected.setdefault(key, item)
    return front("\n".join(lines)), expected


def _block(own: dict[str, int], sources: list[int]) -> list[str]:
    lines = [f"  {key}: {value}" for key, value in own.items()]
    if sources:
        merged = ", ".join(f"*m{s}" for s in sources)
        lines.insert(len(lines) // 2, f"  <<: [{merged}]")
    if not lines:
        lines = ["  {}"]
    return lines


@given(merging_documents())
@settings(deadline=None)
def test_merged_keys_read_and_placed_alike(case: tuple[str, dict[str, int]]) -> None:
    text, expected = case
    document, findings = parse_document(text)
    assert findings == []
    assert document.data["m"] == expected
    source_map = document.source_map
    for key, value in expected.items():
        node = source_map.node(("m", key))
        assert isinstance(node, ScalarNode) and scalar_value(node) == value
        start, end = source_map.span(("m", key), "key")
        assert text[start:end] == key
        start, end = source_map.span(("m", key))
        assert text[start:end] == str(value)
    missing = next((k for k in KEYS if k not in expected), None)
    if missing is not None:
        assert source_map.node(("m", missing)) is None


#: (front matter, what the refusal spans, or None when it merges)
MERGED_VALUES = [
    ("<<: 5", "5"),
    ("<<: ~", "~"),
    ('<<: "x"', '"x"'),
    ("<<: [a, b]", "a"),
    ('<<: [{a: 1}, "x"]', '"x"'),
    ("<<: [{a: 1}, [b]]", "[b]"),
    ("<<:\nb: 1", "<<"),
    ("m:\n  <<:\n  b: 1", "<<"),
    ("s: &s 5\n<<: *s", "<<"),
    ("l: &l [b]\n<<: *l", "<<"),
    ("l: &l [{a: 1}, 2]\nm:\n  <<: *l", "<<"),
    ("m:\n  <<:\n    - {a: 1}\n    - x", "x"),
    ("<<: {a: 1}", None),
    ("<<: [{a: 1}, {b: 2}]", None),
    ("<<: []", None),
    ("b: &b {a: 1}\n<<: *b", None),
    ("b: &b {a: 1}\n<<: [*b, {c: 1}]", None),
]


@pytest.mark.parametrize(("yaml", "refused"), MERGED_VALUES)
def test_a_merged_value_that_is_not_a_mapping_is_refused_where_it_is(
    yaml: str, refused: str | None
) -> None:
    """YAML loaders refuse such a file (the site build fails): a yaml-syntax finding at the
    value, or at the ``<<`` when the value is an alias or missing, and no data."""
    text = f"---\n{yaml}\n---\n"
    document, findings = parse_document(text)
    if refused is None:
        assert findings == []
        assert isinstance(document.data, dict)
        return
    assert [(f.rule, text[f.start : f.end]) for f in findings] == [("yaml-syntax", refused)]
    assert "takes a mapping or a list of mappings" in findings[0].message
    assert document.data is None
