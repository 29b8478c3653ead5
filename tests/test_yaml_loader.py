"""The composer built once gives the trees (and the errors) of a fresh ``YAML.compose``.

Trees are compared whole: each node's kind, tag, value, style, start and end marks (index,
line, column), and which nodes are one node reached twice (an anchor and its aliases).
"""

from __future__ import annotations

import gc
import json
import resource
import threading
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.tag import Tag

from conftest import CORPUS, examples
from filmlint.frontmatter import loader
from filmlint.frontmatter.parser import split_front_matter


def _marks(node: Node) -> tuple[int, ...]:
    start, end = node.start_mark, node.end_mark
    return (start.index, start.line, start.column, end.index, end.line, end.column)


def _tree(node: Node | None) -> Any:
    """Everything a node tree holds, as nested tuples; a node met again (an alias) is
    written as the number of its first visit, so shared structure is compared too."""
    visits: dict[int, int] = {}

    def walk(node: Node) -> Any:
        if id(node) in visits:
            return ("alias", visits[id(node)])
        visits[id(node)] = len(visits)
        head = (type(node).__name__, node.tag, node.anchor, _marks(node))
        if isinstance(node, ScalarNode):
            return (*head, node.style, node.value)
        if isinstance(node, MappingNode):
            items: list[Any] = [(walk(key), walk(value)) for key, value in node.value]
        else:
            items = [walk(item) for item in node.value]
        return (*head, node.flow_style, items)

    return None if node is None else walk(node)


def _outcome(compose: Callable[[str], Node | None], text: str) -> Any:
    """The tree, or the error (its kind and its whole text, marks included)."""
    try:
        return _tree(compose(text))
    except (YAMLError, UnicodeEncodeError) as error:
        return ("error", type(error).__name__, str(error))


def _fresh(text: str) -> Node | None:
    node: Node | None = YAML(typ="safe", pure=False).compose(text)
    for each in _nodes(node):
        if each.tag == _VALUE:  # YAML 1.1's "value" type, which 1.2 does not have: text
            each.tag = Tag(suffix="tag:yaml.org,2002:str")
    return node


_VALUE = "tag:yaml.org,2002:value"


def _nodes(node: Node | None) -> list[Node]:
    found: list[Node] = []
    stack = [] if node is None else [node]
    seen: set[int] = set()
    while stack:
        each = stack.pop()
        if id(each) in seen:
            continue
        seen.add(id(each))
        found.append(each)
        if isinstance(each, MappingNode):
            stack.extend(n for pair in each.value for n in pair)
        elif not isinstance(each, ScalarNode):
            stack.extend(each.value)
    return found


@pytest.mark.parametrize("text", ["=", "'='", "==", "= x"])
def test_an_equals_sign_is_text(text: str) -> None:
    """``=`` is text in the YAML 1.2 core schema (1.1's "value" type is not in it)."""
    node = loader.compose(f"key: {text}\n")
    assert isinstance(node, MappingNode)
    assert node.value[0][1].tag == "tag:yaml.org,2002:str"


def _assert_same(text: str) -> None:
    assert _outcome(loader.compose, text) == _outcome(_fresh, text), text


# Entries of a mapping, every kind of scalar the resolver tells apart among them, with
# tags, anchors and aliases (an alias before its anchor, an anchor defined twice), merge
# keys, flow and block collections, block scalars and keys that are collections.
_ENTRIES = [
    "title: Wadjda",
    "year: 2012",
    "runtime: 98.5",
    "big: 123456789012345678901234567890",
    "hex: 0x1F",
    "octal: 0o17",
    "old_octal: 017",
    "on: yes",
    "off: No",
    "flag: true",
    "flag2: False",
    "nothing: ~",
    "empty:",
    "null_word: null",
    "inf: -.inf",
    "nan: .NaN",
    "date: 2001-12-14",
    "stamp: 2001-12-14t21:59:43.10-05:00",
    "sexagesimal: 1:20",
    "equals: =",
    "tagged: !!str 2012",
    "int_tag: !!int '7'",
    "custom: !film x",
    "verbatim: !<tag:example.com,2000:x> y",
    "anchor: &a value",
    "alias: *a",
    "map_anchor: &m {k: 1, j: [2, 3]}",
    "<<: *m",
    "<<: [*m, {z: 0}]",
    "seq_anchor: &s [a, b]",
    "seq_alias: *s",
    "again: &a other",
    "list:\n- item\n- &i [1, 2.0, 'three', \"four\"]\n- *i\n- {a: b, c: d}",
    "? complex\n: value",
    "[a, b]: list key",
    "{x: y}: map key",
    "quoted: 'it''s'",
    "quoted_number: '2012'",
    'dq_bool: "true"',
    'dq: "tab\\there \\u00e9"',
    "multi: 'line one\n  line two'",
    "block: |\n  literal text\n\n  # not a comment",
    "folded: >-\n  folded\n  text",
    "# a comment",
    "unicode: 北京 — é",
    "emoji: 🎬",
    "tab:\tafter",
    "dup: 1",
    "",
]
# Lines that break a mapping, or start or end documents, or hold directives.
_OTHER_LINES = [
    "- item",
    "- *a",
    "undefined: *nowhere",
    "%YAML 1.1",
    "%TAG !f! tag:film.example,2024:",
    "fx: !f!thing v",
    "---",
    "...",
    "key: [unclosed",
    "key: {unclosed",
    "bad: 'unclosed",
    ": no key",
    "- - nested",
    "  indented: more",
    "\tstarts: with a tab",
]
# Mostly entries of one mapping, now and then a line that may break it: about half compose.
_documents = st.lists(
    st.sampled_from(_ENTRIES + _OTHER_LINES) | st.sampled_from(_ENTRIES),
    max_size=12,
).map(lambda lines: "".join(line + "\n" for line in lines))


def _render(value: Any, indent: str) -> str:
    """``value`` as block YAML (mappings and sequences nested), scalars as JSON-style text."""
    if isinstance(value, dict):
        if not value:
            return " {}\n"
        return "\n" + "".join(
            f"{indent}{json.dumps(key, ensure_ascii=False)}:{_render(item, indent + '  ')}"
            for key, item in value.items()
        )
    if isinstance(value, list):
        if not value:
            return " []\n"
        return "\n" + "".join(f"{indent}-{_render(item, indent + '  ')}" for item in value)
    if isinstance(value, str) and value and value.isprintable() and value.strip() == value:
        return f" {value}\n" if value[0].isalnum() and ": " not in value else f" '{value}'\n"
    return f" {json.dumps(value, ensure_ascii=False)}\n"


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=12),
    st.sampled_from(["yes", "No", "0x1F", "1_000", "2024-02-29", ".inf", "~", "null", "<<"]),
)
_structured = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
).map(lambda value: "root:" + _render(value, "  "))


@settings(max_examples=examples(500), deadline=None)
@given(_documents)
def test_line_soup_composes_as_fresh_yaml(text: str) -> None:
    _assert_same(text)


@settings(max_examples=examples(300), deadline=None)
@given(_structured)
def test_nested_data_composes_as_fresh_yaml(text: str) -> None:
    _assert_same(text)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_documents | _structured, min_size=2, max_size=8))
def test_documents_after_a_broken_one_compose_as_fresh_yaml(texts: list[str]) -> None:
    """Each in turn through the one composer, broken ones (syntax errors, undefined or
    duplicate anchors) among them: each outcome is a fresh loader's."""
    for text in texts:
        _assert_same(text)


def _events(parse: Callable[[str], Any], text: str) -> list[Any]:
    """Each event's kind, attributes and marks; then the error, if parsing failed."""
    out: list[Any] = []
    try:
        for event in parse(text):
            names = {n for kind in type(event).__mro__ for n in getattr(kind, "__slots__", ())}
            attributes = sorted(
                (n, repr(getattr(event, n, None))) for n in names if not n.endswith("mark")
            )
            out.append((type(event).__name__, attributes, _marks(event)))
    except YAMLError as error:
        out.append(("error", type(error).__name__, str(error)))
    return out


@settings(max_examples=examples(300), deadline=None)
@given(_documents | _structured)
def test_events_are_fresh_yaml_events(text: str) -> None:
    assert _events(loader.parse, text) == _events(YAML(typ="safe", pure=False).parse, text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n",
        "",
        "# only a comment\n",
        "%YAML 1.1\n---\non: yes\nport: 017\n",
        "a: b\n---\nc: d\n",
        "a: [1,\n",
        "a: 'x\n",
        "a: &x 1\nb: &x 2\n",
        "a: *missing\n",
        "bad: \ud800\n",
        "k: \x07\n",
    ],
)
def test_edge_documents_compose_as_fresh_yaml(text: str) -> None:
    _assert_same(text)


@pytest.mark.parametrize("first", ["a: &x 1\n", "a: &x 1\nb: [\n", "- &x [1, 2]\n- *x\n"])
def test_an_anchor_never_reaches_the_next_document(first: str) -> None:
    """An anchor of one document, even one that failed halfway, is undefined in the next."""
    _assert_same(first)
    second = "b: *x\n"
    assert _outcome(loader.compose, second) == _outcome(_fresh, second)
    assert _outcome(loader.compose, second)[:2] == ("error", "ComposerError")


def test_real_front_matter_composes_as_fresh_yaml() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (set FILMLINT_CORPUS)")
    files = sorted(CORPUS.rglob("*.md"))
    assert files
    for path in files:
        text = path.read_text("utf-8")
        split = split_front_matter(text)
        assert split is not None, path
        _assert_same(text[split.yaml_start : split.yaml_end])


def _state() -> Any:
    """Everything the composer keeps between documents: its class and its tables."""
    return (
        sorted(vars(loader._Composer)),
        {
            key: [(id(tag), str(tag), p.pattern) for tag, p in v]
            for key, v in loader._IMPLICIT.items()
        },
        list(loader._ANY_START),
    )


def _compose(text: str) -> None:
    """A document composed and dropped, or its error's message made (as ``_outcome`` does,
    without walking the tree, which only reads what the composer made)."""
    try:
        loader.compose(text)
    except YAMLError as error:
        str(error)


def test_nothing_grows_across_documents() -> None:
    texts = ["a: &x [1, 2]\nb: *x\nc: 2001-01-01\n", "a: [1,\n", "- yes\n- ~\n- 0x1\n"]
    for number in range(500):
        _outcome(loader.compose, texts[number % 3])
    before = _state()
    gc.collect()
    tracemalloc.start()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        start, _ = tracemalloc.get_traced_memory()
        for number in range(5_000):
            _compose(texts[number % 3])
        gc.collect()
        end, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _state() == before
    assert end - start < 64 * 1024  # Python objects: a leak of a node per document is more
    # libyaml's own buffers (several KiB for each parser) are freed with each parser.
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_rss
    assert grown_kib < 16 * 1024


def test_threads_compose_at_once() -> None:
    texts = [f"n: {n}\nlist: &l [a, {n}]\nagain: *l\n" for n in range(200)]
    expected = [_outcome(_fresh, text) for text in texts]
    results: dict[int, list[Any]] = {}

    def compose_all(number: int) -> None:
        results[number] = [_outcome(loader.compose, text) for text in texts]

    threads = [threading.Thread(target=compose_all, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[n] == expected for n in range(4))
