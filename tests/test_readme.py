"""The README's first screen links into the documentation site, and the site documents every
rule, every option and every configuration key, truly."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from filmlint.engine.settings import _TOP_LEVEL_KEYS, RuleSettings, parse_config
from filmlint.rules import load_registry
from readme import toml_examples

README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES_PAGE = (ROOT / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
REGISTRY = load_registry()


def test_readme_keeps_the_two_commands_and_an_example_of_output() -> None:
    assert "pip install . && filmlint check examples/" in README
    assert "pip install -e '.[test,docs]' && python -m pytest" in README
    assert "FL101 [unknown-key] error: unknown key 'directer'" in README


def test_readme_draws_the_layers_as_the_development_page_does() -> None:
    """The README's Development section shows the layers in five lines, as the page does."""
    development = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    drawing = re.compile(r"\n```\n(version, .*?)```\n", re.DOTALL)
    (layers,) = drawing.findall(README)
    assert len(layers.splitlines()) == 5
    assert drawing.findall(development) == [layers]


def test_readme_links_name_pages_that_exist() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if "://" not in link]
    assert "docs/configuration.md" in local
    for link in local:
        assert (ROOT / link).is_file(), link


@pytest.mark.parametrize("rule", list(REGISTRY), ids=lambda rule: rule.name)
def test_every_rule_is_in_the_rules_table(rule: object) -> None:
    assert f"\n| `{rule.name}` | {rule.code} | " in RULES_PAGE  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("rule", "option"),
    [(rule.name, option) for rule in REGISTRY for option in rule.options],
)
def test_every_rule_option_is_documented(rule: str, option: str) -> None:
    assert f"\n| `{rule}` | `{option}` | " in RULES_PAGE


@pytest.mark.parametrize("key", _TOP_LEVEL_KEYS)
def test_every_top_level_key_is_documented(key: str) -> None:
    assert f"\n| `{key}` |" in CONFIGURATION or f"\n| `{key}." in CONFIGURATION


def test_configuration_examples_are_valid() -> None:
    examples = toml_examples()
    assert len(examples) >= 2
    for table in examples:
        config = parse_config(table, ROOT / "pyproject.toml")
        RuleSettings.resolve(config, REGISTRY)
