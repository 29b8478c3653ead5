"""What translation-mismatch gathers from a file begins with its compared values, one line of
parts (JSON where a value holds a separator or a line break): it reads back as it was
written, whatever the text; and a value holding a separator or a line break is still
compared, in a real run."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.api import RunContext, find, parse_front_matter
from filmlint.engine.project import Project
from filmlint.engine.settings import parse_config
from filmlint.rulekit import compared_lines
from filmlint.rulekit.translation_sets import to_json
from filmlint.rules import translation_mismatch as rule

#: Text that often holds the line's separators and line breaks.
texts = st.text(alphabet=st.sampled_from(["a", "é", "美", "\x1f", "\x1e", "\n", "\r", '"']))
any_texts = st.one_of(texts, st.text(max_size=8))
paths = st.lists(st.one_of(any_texts, st.integers(0, 5)), min_size=1, max_size=3).map(tuple)
#: A compared value: a string, or a set's items (sorted, as the rule compares them).
compared_values = st.one_of(
    any_texts, st.lists(any_texts, max_size=4).map(lambda items: tuple(sorted(set(items))))
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(paths, compared_values), max_size=12))
def test_compared_values_read_back_as_written(fields: list[tuple[tuple[Any, ...], Any]]) -> None:
    line = compared_lines.compared_text(
        [(path, compared_lines.path_text(path), value) for path, value in fields]
    )
    assert "\n" not in line  # the first line of the body, whatever the values hold
    assert compared_lines.compared_values(line) == fields


@pytest.mark.parametrize(
    ("base", "translation", "differs"),
    [
        (r'"a\x1fb"', r'"a\x1fb"', False),
        (r'"a\x1fb"', r'"a\x1fc"', True),
        (r'"one\ntwo"', r'"one\ntwo"', False),
        (r'"one\ntwo"', r'"one\nthree"', True),
        (r'"x\x1ey"', r'"x\x1ey"', False),
        (r'"x\x1ey"', r'"xy"', True),
    ],
)
def test_a_value_with_a_separator_or_a_line_break_is_compared(
    base: str, translation: str, differs: bool
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "film.md").write_text(f"---\nyear: 1979\noriginalTitle: {base}\n---\n")
        (folder / "film-en.md").write_text(f"---\nyear: 1979\noriginalTitle: {translation}\n---\n")
        config = parse_config(
            {
                "locale": {"default": "zh-Hans", "suffixes": {"en": "en"}},
                "select": [rule.NAME],
            },
            folder / "filmlint.toml",
        )
        found = Project(config=config).lint([folder]).diagnostics
        expected = [("film-en.md", 3, 16)] if differs else []
        assert [(Path(d.path).name, d.line, d.column) for d in found] == expected


#: Few keys, so that the patterns often find something; some that JSON escapes.
_keys = st.sampled_from(["url", '名"\x1f'])
_leaves = st.one_of(st.text(max_size=3), st.integers(), st.floats(), st.booleans(), st.none())
_data = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=12,
)
_patterns = st.builds(
    lambda key, shape, name: shape.format(key=key, name=name),
    _keys.filter(lambda k: "." not in k),
    st.sampled_from(["{key}", "{key}[*].{name}", "{key}.*", "{key}[0].{name}", "**.{name}"]),
    _keys,
)

#: A front matter's data, and a ``fields`` option whose patterns often find something in it.
_front_matters = st.dictionaries(_keys, _data, max_size=4)
_field_options = st.dictionaries(_patterns, st.sampled_from(compared_lines.KINDS), max_size=4)


@settings(max_examples=examples(500), deadline=None)
@example({"url": {"url": {"url": 1}, "x": [{"url": 2}]}}, {"url[*].url": "same"})
@example({'名"\x1f': [{'名"\x1f': "a"}, 3, {"url": "b"}]}, {'名"\x1f[*].名"\x1f': "set"})
@example(  # the line writer's source holds keys and paths as literals: quotes, braces, escapes
    {"a{b}\\N": [{"c}{": "v"}, {"c}{": 2}], "x'\"y": "12 min", "t{}": ["q", "p"]},
    {"a{b}\\N[*].c}{": "same", "x'\"y": "number", "t{}": "set"},
)
# Top-level keys compared as written: strings, numbers, a bool, one missing.
@example({"url": "a", '名"\x1f': 2.5}, {"url": "same", '名"\x1f': "same"})
@example({"url": True, '名"\x1f': 2}, {"url": "same", '名"\x1f': "same"})
@example({"url": "a"}, {"url": "same", '名"\x1f': "same", "url[*].url": "same"})
@given(_front_matters, _field_options)
def test_the_fields_found_are_those_every_pattern_names(
    data: dict[str, Any], fields: dict[str, str]
) -> None:
    """The compared fields of a file, each with its data path as the compared values' line
    writes it, are what walking the data with each pattern finds, in the order of the
    patterns: the patterns ``_fields`` looks up without a walk included; what a file's
    gather compares is each of them with its compared value; and the line written straight
    from the data is the line of those, unless that is JSON or there is none."""
    expected = [
        (path, compared_lines.KINDS.index(kind), value, to_json(path))
        for pattern, kind in fields.items()
        for path, value in find(data, pattern)
    ]
    assert compared_lines.found_fields(data, fields) == expected
    compared = [
        (path, text, compared_lines.compared(kind, value, "en"))
        for path, kind, value, text in expected
    ]
    assert compared_lines.compared_fields(data, fields, "en") == compared
    line = compared_lines.compared_text(compared)
    write = compared_lines.line_writer(compared_lines.planned(fields).plan)
    written = write(data, "en", False)
    assert written == (line if compared and line.startswith(compared_lines.PART) else None)
    if written is not None:  # no separator in a value: the line without searching for one
        assert write(data, "en", True) == written


#: Pieces of a scalar's text: separators and line breaks as they are and as escapes.
_pieces = st.sampled_from(
    ["a", "美", " ", "'", '"', "#", "\x1f", "\x1e", "\n", "\r", r"\x1f", r"\u001e", r"\n", "\\"]
)
_shapes = st.sampled_from(["{v}", '"{v}"', "'{v}'", "|\n  {v}", ">\n  {v}\n\n  b", "[{v}, b]"])


def _strings(value: Any) -> Iterator[str]:
    """Every string in parsed data, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(_pieces, max_size=10).map("".join), _shapes, _shapes)
def test_a_front_matter_without_a_backslash_holds_no_separator(
    value: str, title_shape: str, topics_shape: str
) -> None:
    """What ``gather`` relies on to write a line without searching it for separators: YAML
    refuses control characters as they are, so only an escape puts one in a value."""
    title, topics = title_shape.format(v=value), topics_shape.format(v=value)
    document = parse_front_matter(f"---\noriginalTitle: {title}\ntopics: {topics}\n---\n", "a.md")
    yaml = document.text[document.yaml_start : document.yaml_end]
    if document.data is None or "\\" in yaml:
        return
    assert not any(
        compared_lines.PART in s or compared_lines.ITEM in s for s in _strings(document.data)
    )
    write = compared_lines.line_writer(compared_lines.planned(rule.DEFAULT_FIELDS).plan)
    assert write(document.data, "en", True) == write(document.data, "en", False)


@settings(max_examples=examples(500), deadline=None)
@example({"url": [{"url": 1}, 2, {"x": 3}]}, {"url[*].url": "same", "url": "set"})
@example({"url": [{"url": 1}]}, {"url.*.url": "same", "url[*].url": "number"})
@example({"url": {"a": {"url": 1}}}, {"url.*.url": "same", "url[*].url": "number"})
@given(_front_matters, _field_options)
def test_a_differing_field_is_found_by_its_path_as_among_all_fields(
    data: dict[str, Any], fields: dict[str, str]
) -> None:
    """What placing a field that differs reads of it (its kind and value), looked up by its
    path where the plan can say which field it is: what finding all fields says of it (the
    first pattern that names the path)."""
    expected: dict[tuple[Any, ...], tuple[int, Any]] = {}
    for path, kind, value, _ in compared_lines.found_fields(data, fields):
        expected.setdefault(path, (kind, value))
    read = rule._Read(fields, RunContext())
    document, member = SimpleNamespace(data=data), SimpleNamespace(file="films/a.md")
    for path, found in expected.items():
        assert read.found(member, document, path) == found  # type: ignore[arg-type]


def test_a_line_writer_is_compiled_once_its_fields_served_enough_files() -> None:
    """The first files' lines are left to the general path (None), a run of a few files
    never compiling a writer; from the file ``COMPILED_AFTER`` on, the writer writes them."""
    fields = {"year": "same", "topics": "set", "sourceUrl[*].url": "same"}
    data = {"year": 1979, "topics": ["b", "a"], "sourceUrl": [{"url": "https://a.example"}]}
    prepared = compared_lines.Prepared(compared_lines.plan_of(tuple(fields.items())))
    lines = [prepared.line(data, "en", True) for _ in range(compared_lines.COMPILED_AFTER + 1)]
    assert lines[: compared_lines.COMPILED_AFTER - 1] == [None] * (
        compared_lines.COMPILED_AFTER - 1
    )
    assert prepared.write is not None
    expected = compared_lines.compared_text(compared_lines.compared_fields(data, fields, "en"))
    assert lines[compared_lines.COMPILED_AFTER - 1 :] == [expected, expected]
    assert expected.startswith(compared_lines.PART)
