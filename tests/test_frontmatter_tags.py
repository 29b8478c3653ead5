"""Tags are checked wherever they are written (values, keys, inside a key), placed at the
tag itself; a standard tag on a value it cannot tag is reported, and the value read as
written, never turned into a value the file does not hold."""

from __future__ import annotations

import math
from typing import Any

import pytest

from filmlint.frontmatter.parser import parse_document


def parsed(yaml: str) -> tuple[str, Any, list[tuple[str, str]]]:
    """The file, its data, and each finding as (rule, the text it spans)."""
    text = f"---\n{yaml}\n---\nBody.\n"
    document, findings = parse_document(text)
    return text, document.data, [(f.rule, text[f.start : f.end]) for f in findings]


#: (a value's YAML, the data read, whether its tag cannot tag it)
TAGGED_VALUES: list[tuple[str, Any, bool]] = [
    ("!!int 12", 12, False),
    ("!!int -0x1F", -31, False),
    ("!!int 1_000", 1000, False),
    ("!!int '7'", 7, False),
    ("!!int abc", "abc", True),
    ("!!int 1.5", "1.5", True),
    ("!!int +-5", "+-5", True),
    ('!!int ""', "", True),
    ("!!float 1.5", 1.5, False),
    ("!!float 5", 5.0, False),
    ("!!float -.INF", -math.inf, False),
    ("!!float 1e3", 1000.0, False),
    ("!!float x", "x", True),
    ("!!float abc.inf", "abc.inf", True),
    ("!!float infinity", "infinity", True),
    ("!!bool true", True, False),
    ("!!bool No", False, False),
    ("!!bool yes", True, False),
    ("!!bool maybe", "maybe", True),
    ("!!bool 1", "1", True),
    ("!!null ~", None, False),
    ("!!null NULL", None, False),
    ('!!null ""', None, False),
    ("!!null x", "x", True),
    ("!!null Alien", "Alien", True),
    ("!!timestamp 1979-05-25", "1979-05-25", False),
    ("!!timestamp 2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00", False),
    ("!!timestamp 1979-05-25x", "1979-05-25x", True),
    ("!!timestamp 1979", "1979", True),
    ("!!str 5", "5", False),
    ("!!str [a]", ["a"], True),
    ("!!int {a: 1}", {"a": 1}, True),
    ("!!map abc", "abc", True),
    ("!!map [a]", ["a"], True),
    ("!!map {a: 1}", {"a": 1}, False),
    ("!!seq abc", "abc", True),
    ("!!seq {a: 1}", {"a": 1}, True),
    ("!!seq [a]", ["a"], False),
]


@pytest.mark.parametrize(("yaml", "value", "misfit"), TAGGED_VALUES)
@pytest.mark.parametrize("before", ["", "&x "], ids=["", "anchored"])
def test_a_standard_tag_that_cannot_tag_its_value_is_reported(
    yaml: str, value: Any, misfit: bool, before: str
) -> None:
    tag = yaml.split()[0]
    _, data, findings = parsed(f"v: {before}{yaml}")
    assert findings == ([("unsupported-tag", tag)] if misfit else [])
    read = data["v"]
    assert read == value or (isinstance(value, float) and math.isnan(value) and math.isnan(read))
    assert type(read) is type(value)


@pytest.mark.parametrize(
    ("yaml", "value", "misfit"), [case for case in TAGGED_VALUES if isinstance(case[1], str)]
)
def test_a_standard_tag_on_a_key_is_checked_as_on_a_value(
    yaml: str, value: str, misfit: bool
) -> None:
    _, data, findings = parsed(f"? {yaml}\n: 1")
    tag = yaml.split()[0]
    assert findings == ([("unsupported-tag", tag)] if misfit else [])
    assert list(data) == [value]


#: (front matter, the tags reported, each as the text its finding spans)
TAGS_ANYWHERE = [
    ("title: !foo x", ["!foo"]),
    ("!foo title: x", ["!foo"]),
    ("!!python/object/apply:os.system extra: 1", ["!!python/object/apply:os.system"]),
    ("title: !!python/object/apply:os.system ['echo']", ["!!python/object/apply:os.system"]),
    ("&k !foo title: x", ["!foo"]),
    ("!foo &k title: x", ["!foo"]),
    ("title: &a !foo x", ["!foo"]),
    ("title: !<tag:example.com,2000:x> x", ["!<tag:example.com,2000:x>"]),
    ("!<tag:example.com,2000:x> title: x", ["!<tag:example.com,2000:x>"]),
    ("? !foo title\n: x", ["!foo"]),
    ("? [!foo a, !bar b]\n: x", ["!foo", "!bar"]),
    ("? {!foo a: !!int b}\n: x", ["!foo", "!!int"]),
    ("a: &a !foo x\n? [*a, *a]\n: 1", ["!foo"]),
    ("title: !foo\n  x", ["!foo"]),
    ("m: !foo\n  b: 1", ["!foo"]),
    ("m: &m !foo\n  - b", ["!foo"]),
    ("!foo\ntitle: x", ["!foo"]),
    ("m: !!seq\n  b: 1", ["!!seq"]),
    ("list: [!foo,bar x]", ["!foo,bar"]),
    ("!!str title: !!str x", []),
]


@pytest.mark.parametrize(("yaml", "tags"), TAGS_ANYWHERE)
def test_tags_are_reported_wherever_written_at_the_whole_tag(yaml: str, tags: list[str]) -> None:
    _, _, findings = parsed(yaml)  # a node met twice (an alias) is told once when placed
    assert sorted(set(findings)) == sorted(("unsupported-tag", tag) for tag in tags)
