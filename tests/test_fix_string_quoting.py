"""A fix that writes a string writes one that reads back as exactly that string, to YAML 1.2
(filmlint) and YAML 1.1 readers (Jekyll's Psych, PyYAML, python-frontmatter) alike: quoted
when its scalar's style would read it otherwise, the rest of the file untouched."""

from __future__ import annotations

from typing import Any

import pytest
import yaml  # PyYAML, YAML 1.1: python-frontmatter (a test dependency) reads with it
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, front
from filmlint.diagnostics import Edit
from filmlint.engine.fixer import apply_edits
from filmlint.engine.settings import parse_config
from filmlint.frontmatter.parser import parse_document
from filmlint.rulekit.edits import replace_string

#: Words a YAML 1.1 or 1.2 reader takes for something else when plain, and text a quote
#: style cannot hold as it is.
TRICKY = [
    *("NO", "no", "No", "yes", "Y", "n", "on", "OFF", "true", "null", "~", ""),
    *("Côte d'Ivoire", 'say "hi"', "a\\b", "a: b", "a #b", "#x", "- x", "[x]", "{x}"),
    *("1.5", "0x1F", "1_000", "1:30", "2001-12-14", ".inf", "&a", "*a", "!x", "@x", "%x"),
    *(" lead", "trail ", "tab\tin", "en", "zh-Hant", "es-419", "GB"),
]
REPLACEMENTS = st.one_of(
    st.sampled_from(TRICKY), st.text(st.sampled_from("aNoY '\"\\:#-,[]{}é\t1."), max_size=8)
)
#: (original value, how it is written) in each style; plain ones read as strings.
WRITTEN = [("UK", "UK"), ("x y", "x y"), ("UK", "'UK'"), ("it's", '"it\'s"'), ("UK", '"UK"')]
#: Where the scalar stands: a block mapping's value, a flow list's item, a block list's item.
PLACES = ["country: {}\n", "country: [{}, b]\n", "country:\n  - {}\n  - b\n"]


def read_11(text: str) -> Any:
    return yaml.safe_load(text.split("---\n")[1])


def replaced_string(text: str, new_text: str, part: tuple[int, int] | None) -> str:
    document, _ = parse_document(text)
    path: tuple[str | int, ...] = ("country",)
    if isinstance(document.data["country"], list):
        path = ("country", 0)
    edit = replace_string(document, path, new_text, part)
    assert isinstance(edit, Edit)
    return apply_edits(text, [edit])


@settings(max_examples=examples(400), deadline=None)
@given(
    written=st.sampled_from(WRITTEN),
    place=st.sampled_from(PLACES),
    new_text=REPLACEMENTS,
    data=st.data(),
)
def test_a_replaced_string_reads_back_exactly(
    written: tuple[str, str], place: str, new_text: str, data: st.DataObject
) -> None:
    value, spelled = written
    text = f"---\ntitle: x\n{place.format(spelled)}---\nBody.\n"
    start = data.draw(st.integers(0, len(value)))
    part = data.draw(st.sampled_from([None, (start, data.draw(st.integers(start, len(value))))]))
    expected = new_text if part is None else value[: part[0]] + new_text + value[part[1] :]
    fixed = replaced_string(text, new_text, part)

    document, findings = parse_document(fixed)
    assert findings == []
    for data_read in (document.data, read_11(fixed)):
        country = data_read["country"]
        assert (country[0] if isinstance(country, list) else country) == expected, fixed
        assert data_read["title"] == "x"
        assert not isinstance(country, list) or country[1:] == ["b"]


CODES_AND_NAMES = parse_config({"rules": {"country-code": {"accept": ["name"]}}}, None)


@pytest.mark.parametrize(
    ("yaml_text", "rule", "config", "expected"),
    [
        ("country: Norway", "country-code", None, {"country": "NO"}),
        ("country: [Norway, 'Norway']", "country-code", None, {"country": ["NO", "NO"]}),
        ("country: 'CI'", "country-code", CODES_AND_NAMES, {"country": "Côte d'Ivoire"}),
        ("language: Norwegian", "language-code", None, {"language": "no"}),
        ("language: 'Norwegian'", "language-code", None, {"language": "no"}),
        (
            "contentLanguage: [Norwegian, English]",
            "language-code",
            None,
            {"contentLanguage": ["no", "en"]},
        ),
        ("contentLanguage:\n  - Norwegian", "language-code", None, {"contentLanguage": ["no"]}),
    ],
)
def test_code_fixes_write_strings_yaml_11_reads_as_such(
    yaml_text: str, rule: str, config: Any, expected: dict[str, Any]
) -> None:
    text = front(f"title: x\n{yaml_text}")
    fixed, _ = filmlint.fix_text(text, "film.md", unsafe=True, config=config, select=[rule])
    assert fixed != text
    got = read_11(fixed)
    assert {key: got[key] for key in expected} == expected, fixed
    document, _ = parse_document(fixed)
    assert {key: document.data[key] for key in expected} == expected
