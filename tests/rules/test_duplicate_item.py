"""duplicate-item: the later of two equal list items, naming the first's line; its fix."""

from __future__ import annotations

import copy

import pytest

from conftest import front, lint, rows
from filmlint.engine.settings import parse_config
from filmlint.frontmatter.parser import parse_document
from filmlint.rules import duplicate_item
from fixing import apply_fix

BASE = """\
title: "Alien"
director: "Ridley Scott"
description: "A crew meets a creature."
releaseDate: 1979-05-25
status: "published"
"""

#: A film shaped like the real corpus's, whose topics repeat one (line 14).
SEED = """\
---
title: "All We Imagine As Light"
originalTitle: "All We Imagine As Light"
director: "Payal Kapadia"
description: "Three women in Mumbai, their work and their friendship."
posterImage: "https://media.femres.org/images/films/all-we-imagine-as-light-2024.jpg"
releaseDate: 2024-05-23
year: 2024
country: "IN"
duration: "118 min"
contentLanguage: "hi"
genre: ["Drama", "Romance", "Art House"]
cast: ["Kani Kusruti", "Divya Prabha", "Chhaya Kadam", "Hridhu Haroon"]
topics: ["Female Friendship", "Economic Empowerment", "Gender Politics", "Economic Empowerment"]
status: "published"
awards: ["Cannes Film Festival Grand Prix"]
imdbRating: "7.1"
doubanRating: "7.5"
sourceUrl: [
  { platform: "IMDB", url: "https://www.imdb.com/title/tt32086077/" },
  { platform: "Douban", url: "https://movie.douban.com/subject/35965772/" }
]
---
Body.
"""


def film(yaml: str) -> str:
    return front(BASE + ("" if "topics" in yaml else "topics: [x]\n") + yaml)


def test_seed_film_gives_exactly_one_diagnostic() -> None:
    (diagnostic,) = lint(SEED, "all-we-imagine-as-light-2024.md")
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (14, 74, 96)
    assert (diagnostic.code, diagnostic.rule) == ("FL204", "duplicate-item")
    assert diagnostic.message == "duplicate of 'Economic Empowerment' on line 14"
    assert diagnostic.fix is not None
    assert diagnostic.fix.message == "remove duplicate 'Economic Empowerment'"
    fixed = apply_fix(SEED, diagnostic.fix)
    assert fixed == SEED.replace(', "Economic Empowerment"]', "]")
    assert lint(fixed, "all-we-imagine-as-light-2024.md") == []


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        pytest.param("topics: [a, b, a]", [(7, 16, "duplicate of 'a' on line 7")], id="flow"),
        pytest.param(
            "topics:\n  - Drama\n  - Crime\n  - Drama",
            [(10, 5, "duplicate of 'Drama' on line 8")],
            id="block",
        ),
        pytest.param(
            "topics: [a, a, a]",
            [(7, 13, "duplicate of 'a' on line 7"), (7, 16, "duplicate of 'a' on line 7")],
            id="every repeat, each naming the first",
        ),
        pytest.param(
            "topics: ['Drama', \"Drama\", Drama]",
            [(7, 19, "duplicate of 'Drama' on line 7"), (7, 28, "duplicate of 'Drama' on line 7")],
            id="equal as data whatever the quoting",
        ),
        pytest.param("topics: [Drama, drama, 'Drama ']", [], id="case and spaces count by default"),
        pytest.param(
            "topics: [1, true, 1.0]",
            [(7, 19, "duplicate of the item on line 7")],
            id="numbers as JSON",
        ),
        pytest.param(
            'sourceUrl: [\n  { platform: "IMDB", url: "u" },\n  { url: "u", platform: "IMDB" }\n]',
            [(10, 3, "duplicate of the item on line 9")],
            id="mappings with the same keys in any order",
        ),
        pytest.param(
            "sourceUrl:\n  - platform: IMDb\n    url: u\n  - platform: IMDb\n    url: u",
            [(11, 5, "duplicate of the item on line 9")],
            id="block mappings, at the item's first key",
        ),
        pytest.param(
            'sourceUrl: [{ platform: "IMDB", url: "u" }, { platform: "Douban", url: "u" }]',
            [],
            id="mappings that differ",
        ),
        pytest.param(
            "links: {a: [x, y, x]}",
            [(8, 19, "duplicate of 'x' on line 8")],
            id="any depth by default",
        ),
        pytest.param("x: &l [a, b]\ny: *l", [], id="an aliased list is not its own duplicate"),
        pytest.param(
            "x: &l [a, a]\ny: *l",
            [(8, 11, "duplicate of 'a' on line 8")],
            id="reported once through aliases",
        ),
    ],
)
def test_duplicates(yaml: str, expected: list[tuple[int, int, str]]) -> None:
    found = lint(film(yaml), select=["duplicate-item"])
    assert [(d.line, d.column, d.message) for d in found] == expected


@pytest.mark.parametrize(
    ("options", "yaml", "expected"),
    [
        pytest.param(
            {"ignore-case": True},
            'topics: ["Economic Empowerment", "economic  EMPOWERMENT "]',
            [(7, 34, "duplicate of 'Economic Empowerment' on line 7 (ignoring case and spaces)")],
            id="ignore-case folds case and whitespace",
        ),
        pytest.param(
            {"ignore-case": True},
            "sourceUrl: [{ platform: IMDB, url: U }, { platform: imdb, url: u }]",
            [(8, 41, "duplicate of the item on line 8 (ignoring case and spaces)")],
            id="ignore-case inside mappings",
        ),
        pytest.param(
            {"ignore-case": True},
            "topics: [Straße, STRASSE]",
            [(7, 18, "duplicate of 'Straße' on line 7 (ignoring case and spaces)")],
            id="casefold, not lower",
        ),
        pytest.param(
            {"fields": ["genre"]},
            "topics: [a, a]\ngenre: [b, b]",
            [(8, 12, "duplicate of 'b' on line 8")],
            id="only the configured lists",
        ),
        pytest.param(
            {"fields": ["sourceUrl[*].tags"]},
            "topics: [a, a]\nsourceUrl: [{ platform: p, url: u, tags: [c, c] }]",
            [(8, 46, "duplicate of 'c' on line 8")],
            id="a pattern into list items",
        ),
    ],
)
def test_options(
    options: dict[str, object], yaml: str, expected: list[tuple[int, int, str]]
) -> None:
    config = parse_config({"rules": {"duplicate-item": options}}, None)
    found = lint(film(yaml), config=config, select=["duplicate-item"])
    assert [(d.line, d.column, d.message) for d in found] == expected


def test_fix_is_unsafe_when_only_equal_ignoring_case() -> None:
    config = parse_config({"rules": {"duplicate-item": {"ignore-case": True}}}, None)
    (exact,) = lint(film("topics: [a, a]"), config=config, select=["duplicate-item"])
    (folded,) = lint(film("topics: [a, A]"), config=config, select=["duplicate-item"])
    assert exact.fix is not None and exact.fix.applicability == "safe"
    assert folded.fix is not None and folded.fix.applicability == "unsafe"


def without(data: object, path: tuple[str | int, ...]) -> object:
    """``data`` with the list item at ``path`` removed."""
    result = copy.deepcopy(data)
    parent: object = result
    for step in path[:-1]:
        parent = parent[step]  # type: ignore[index]
    del parent[path[-1]]  # type: ignore[attr-defined]
    return result


@pytest.mark.parametrize(
    ("yaml", "fixed"),
    [
        pytest.param("topics: [a, b, a]", "topics: [a, b]", id="flow, last item"),
        pytest.param("topics: [a, a, b]", "topics: [a, b]", id="flow, middle item"),
        pytest.param("topics: [ a , a , b ]", "topics: [ a , b ]", id="flow with spaces"),
        pytest.param("topics: [a, b, a, ]", "topics: [a, b, ]", id="flow with a trailing comma"),
        pytest.param(
            "topics: [\n  a,  # first\n  a,  # again\n  b\n]",
            "topics: [\n  a,  # first\n  b\n]",
            id="multi-line flow: the item's line with its comment",
        ),
        pytest.param(
            "topics: [\n  a,  # first\n  a  # again\n]",
            "topics: [\n  a  # first\n]",
            id="multi-line flow, last item: its line and the comma before it",
        ),
        pytest.param(
            "topics: [\n  a,\n  a,\n]",
            "topics: [\n  a,\n]",
            id="multi-line flow, last item with its own trailing comma",
        ),
        pytest.param(
            'sourceUrl: [\n  { platform: "IMDB", url: "https://www.imdb.com/title/tt0078748/" },\n'
            '  { platform: "IMDB", url: "https://www.imdb.com/title/tt0078748/" }\n]',
            'sourceUrl: [\n  { platform: "IMDB", url: "https://www.imdb.com/title/tt0078748/" }\n]',
            id="multi-line flow list of mappings, as in the real corpus",
        ),
        pytest.param(
            'sourceUrl: [\n  { platform: "IMDB", url: "u" },\n  {\n    platform: "IMDB",\n'
            '    url: "u"\n  },\n  { platform: "Douban", url: "v" }\n]',
            'sourceUrl: [\n  { platform: "IMDB", url: "u" },\n  { platform: "Douban", url: "v" }\n]',
            id="a flow mapping over several lines",
        ),
        pytest.param(
            "topics:\n  - a\n  - b  # keep\n  - a  # again\n  - c",
            "topics:\n  - a\n  - b  # keep\n  - c",
            id="block: the whole line with its comment",
        ),
        pytest.param(
            "topics:\n- a\n# note\n- a\n",
            "topics:\n- a\n# note\n",
            id="block, unindented, a comment line before it kept",
        ),
        pytest.param(
            "sourceUrl:\n  - platform: IMDb\n    url: u\n  - platform: IMDb\n    # a comment\n"
            "    url: u\n  - platform: Douban\n    url: v",
            "sourceUrl:\n  - platform: IMDb\n    url: u\n  - platform: Douban\n    url: v",
            id="block mapping item over several lines",
        ),
        pytest.param(
            "topics:\n  -\n    a\n  -\n    a\n",
            "topics:\n  -\n    a\n",
            id="block item on the line after its dash",
        ),
        pytest.param(
            "topics:\n  - |\n    text\n  - |\n    text\n",
            "topics:\n  - |\n    text\n",
            id="block scalar item",
        ),
    ],
)
def test_fix_removes_only_the_item(yaml: str, fixed: str) -> None:
    text = film(yaml)
    (diagnostic,) = lint(text, select=["duplicate-item"])
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    result = apply_fix(text, diagnostic.fix)
    assert result == film(fixed)
    before, _ = parse_document(text)
    after, findings = parse_document(result)
    assert findings == []
    item_path = _path_of(before.data, diagnostic)
    assert after.data == without(before.data, item_path)
    assert lint(result, select=["duplicate-item"]) == []


def _path_of(data: dict[str, object], diagnostic: object) -> tuple[str | int, ...]:
    """The path of the reported item: the last item of the one list that has a duplicate."""
    for key in ("topics", "sourceUrl"):
        items = data.get(key)
        if isinstance(items, list) and len(items) > 1:
            seen: list[object] = []
            for index, item in enumerate(items):
                if item in seen:
                    return (key, index)
                seen.append(item)
    raise AssertionError(f"no duplicate for {diagnostic}")


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_fix_keeps_line_endings_and_bom(newline: str) -> None:
    text = "\ufeff" + film("topics:\n  - a\n  - a  # again\n  - b").replace("\n", newline)
    (diagnostic,) = lint(text, select=["duplicate-item"])
    assert (diagnostic.line, diagnostic.column) == (9, 5)
    assert diagnostic.fix is not None
    result = apply_fix(text, diagnostic.fix)
    assert result == text.replace(f"  - a  # again{newline}", "")


def test_no_fix_when_the_item_holds_an_anchor_used_elsewhere() -> None:
    (diagnostic,) = lint(film("topics: [a, &x a]\nother: *x"), select=["duplicate-item"])
    assert diagnostic.fix is None


@pytest.mark.parametrize(
    "items",
    [
        "[a, '{&b', '{&b']",
        '[a, "x &b", "x &b"]',
        "\n  - '[&b'\n  - '[&b'",
        "[a, b, b]  # &b is no anchor in a comment",
    ],
)
def test_an_ampersand_inside_quotes_or_a_comment_is_no_anchor(items: str) -> None:
    (diagnostic,) = lint(film(f"topics: {items}"), select=["duplicate-item"])
    assert diagnostic.fix is not None


def test_items_spelled_differently_but_equal_are_removed() -> None:
    text = film('topics: ["a", "\\x61"]')
    (diagnostic,) = lint(text, select=["duplicate-item"])
    assert diagnostic.fix is not None
    assert apply_fix(text, diagnostic.fix) == film('topics: ["a"]')


def test_selected_by_code() -> None:
    assert rows(film("genre: [a, a]"), select=["FL204"]) == [(8, 12, "duplicate-item")]


def _aliased_by_walk(document: object, path: tuple[object, ...]) -> bool:
    """``edits._aliased`` as a walk of the whole tree for one path, the way it was first
    written: the reference the remembered walk must agree with."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    source_map = document.source_map  # type: ignore[attr-defined]
    on_path = {id(source_map.node(path[:depth])) for depth in range(len(path) + 1)}
    seen: set[int] = set()
    stack = [source_map.node(())]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            if id(node) in on_path:
                return True
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(value for pair in node.value for value in pair)
    return False


@pytest.mark.parametrize(
    "yaml",
    [
        "a: &l [x, x]\nb: *l\nc: [y, y]",
        "a: {k: &l [x, x]}\nb: [*l, [z, z]]",
        "base: &b {t: [x, x]}\nfilm: {<<: *b, u: [y, y]}",
        "a: [&s x, *s, x]\nb: [q, q]",
        "a: [[x, x], [x, x]]\nb: &n {l: [1, 1]}\nc: [*n, *n]",
    ],
)
def test_the_walk_for_aliases_is_made_once_and_agrees_with_a_walk_per_list(yaml: str) -> None:
    from filmlint.rulekit import edits

    document, _ = parse_document(f"---\n{yaml}\n---\n", "film.md")
    paths: list[tuple[object, ...]] = []

    def collect(value: object, path: tuple[object, ...]) -> None:
        if isinstance(value, list):
            paths.append(path)
            for index, item in enumerate(value):
                collect(item, (*path, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(item, (*path, key))

    collect(document.data, ())
    assert paths
    for path in paths:
        assert edits._aliased(document, path) == _aliased_by_walk(document, path), path


def test_thousands_of_duplicates_beside_an_alias_are_each_fixed_without_a_walk_each() -> None:
    """A fix for each duplicate asked whether the list is used through an alias by walking
    the whole tree: 8,000 duplicates took 12 s, 16,000 over 30 s. One walk now, remembered
    for the document."""
    from filmlint.rulekit import edits

    walks = 0
    reused = edits._reused

    def counted(document: object) -> frozenset[int]:
        nonlocal walks
        before = edits._last_walked
        found = reused(document)  # type: ignore[arg-type]
        walks += edits._last_walked is not before
        return found

    items = ", ".join(["Drama"] * 3_000)
    text = f"---\nbase: &b [x]\nalso: *b\ngenre: [{items}]\n---\nA *classic* film.\n"
    document, _ = parse_document(text, "film.md")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edits, "_reused", counted)
        problems = list(duplicate_item.check(document, {"fields": ["**"], "ignore-case": False}))
    assert len(problems) == 2_999
    assert all(problem.fix is not None for problem in problems)
    assert walks == 1
