"""Building data from nodes: a text without an alias skips the memo of shared values, and
reads the same data, findings and positions as one that keeps it."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import examples, front
from filmlint.frontmatter.parser import parse_document
from filmlint.rule_names import YAML_SYNTAX
from test_yaml_loader import _documents, _structured

KEYS = ("a", "b", "c", "d")
mappings = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 99), max_size=4)


def _flow(mapping: dict[str, int]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in mapping.items()) + "}"


def _read(text: str) -> tuple[Any, list[Any], list[tuple[int, int]]]:
    """The data, the findings, and the span of every scalar."""
    document, findings = parse_document(text)
    return document.data, findings, document.source_map.scalar_spans()


@settings(max_examples=examples(300), deadline=None)
@given(_documents | _structured)
def test_the_memo_changes_nothing(yaml: str) -> None:
    """An asterisk in a trailing comment makes the builder keep its memo of shared values
    (the text might hold an alias); the result is the same as without it. (Unless the YAML
    is broken: a syntax error may point at the end of the text, which the comment moves.)"""
    text = f"---\n{yaml}---\nBody.\n"
    plain = _read(text)
    assume(all(finding.rule != YAML_SYNTAX for finding in plain[1]))
    assert _read(f"---\n{yaml}# *\n---\nBody.\n") == plain


@settings(max_examples=examples(200), deadline=None)
@given(mappings, st.lists(mappings, min_size=1, max_size=3), st.booleans())
def test_mappings_written_in_place_merge(
    own: dict[str, int], sources: list[dict[str, int]], as_list: bool
) -> None:
    """``<<`` with mappings written in place (no alias): explicit keys win, then the first
    source that has a key, as YAML's merge key says."""
    if not as_list:
        sources = sources[:1]
    merged = ", ".join(_flow(source) for source in sources)
    lines = [f"  {key}: {value}" for key, value in own.items()]
    lines.insert(len(lines) // 2, f"  <<: [{merged}]" if as_list else f"  <<: {merged}")
    text = front("m:\n" + "\n".join(lines))
    expected = dict(own)
    for source in sources:
        for key, value in source.items():
            expected.setdefault(key, value)
    document, findings = parse_document(text)
    assert findings == []
    assert document.data == {"m": expected}
    for key, value in expected.items():
        start, end = document.source_map.span(("m", key))
        assert text[start:end] == str(value)
        start, end = document.source_map.span(("m", key), "key")
        assert text[start:end] == key
