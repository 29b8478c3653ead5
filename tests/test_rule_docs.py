"""Each rule's docs page: printed by `filmlint rule`, with examples that do what they say."""

from __future__ import annotations

import re
import textwrap
import tomllib

import pytest

from conftest import film_with, lint, run_cli
from filmlint.reporters.rule_pages import rule_page
from filmlint.rules import load_registry

RULES = ["rating-format", "duplicate-item", "url-format", "date-consistency", "duration-format"]
CODES = {
    "rating-format": "FL203",
    "duplicate-item": "FL204",
    "url-format": "FL205",
    "date-consistency": "FL206",
    "duration-format": "FL207",
}
#: Each bad example shows this many problems, one per wrong value.
BAD_EXAMPLE_PROBLEMS = {
    "rating-format": 2,
    "duplicate-item": 2,
    "url-format": 3,
    "date-consistency": 1,
    "duration-format": 1,
}


def example(doc: str, label: str) -> str:
    """The indented block after the line ``label:`` in a docs page, dedented."""
    match = re.search(rf"^{label}:\n\n((?:    .*\n|\n)+)", doc + "\n", re.MULTILINE)
    assert match is not None, f"no {label} example"
    return textwrap.dedent(match.group(1)).strip("\n")


@pytest.mark.parametrize("name", RULES)
def test_page(name: str) -> None:
    registry = load_registry()
    rule = registry[name]
    assert rule.code == CODES[name]
    text = rule_page(registry, name)
    assert text.startswith(f"# {name} ({CODES[name]})\n\n{rule.summary}")
    assert "\nBad:\n" in text and "\nGood:\n" in text
    assert f"Options ([tool.filmlint.rules.{name}] in pyproject.toml):" in text
    for option in rule.options:
        assert f"\n  {option} = " in text


@pytest.mark.parametrize("name", RULES)
def test_printed_defaults_are_valid_toml_of_the_defaults(name: str) -> None:
    registry = load_registry()
    printed = dict(re.findall(r"^  (\S+) = (.*)$", rule_page(registry, name), re.MULTILINE))
    for option_name, option in registry[name].options.items():
        parsed = tomllib.loads(f"value = {printed[option_name]}")["value"]
        assert parsed == option.default


@pytest.mark.parametrize("name", RULES)
def test_bad_example_is_reported_and_good_example_is_clean(name: str) -> None:
    doc = load_registry()[name].doc
    bad = lint(film_with(example(doc, "Bad")))
    assert [d.rule for d in bad] == [name] * BAD_EXAMPLE_PROBLEMS[name]
    assert lint(film_with(example(doc, "Good"))) == []


def test_rule_command_prints_the_page_by_name_and_code() -> None:
    by_name = run_cli("rule", "url-format")
    by_code = run_cli("rule", "fl205")
    assert by_name.returncode == by_code.returncode == 0
    assert by_name.stdout == by_code.stdout
    assert by_name.stdout.startswith("# url-format (FL205)\n\nA URL is malformed")
    assert '  platform-key = "platform"\n' in by_name.stdout
    listing = run_cli("rules").stdout.splitlines()
    for name in RULES:
        assert any(line.startswith(f"{CODES[name]}  {name} ") for line in listing)
