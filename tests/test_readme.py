"""The README documents every rule, every option and every configuration key, truly."""

from __future__ import annotations

import pytest

from conftest import ROOT
from filmlint.engine.settings import _TOP_LEVEL_KEYS, RuleSettings, parse_config
from filmlint.rules import load_registry
from readme import toml_examples

README = (ROOT / "README.md").read_text(encoding="utf-8")
REGISTRY = load_registry()


@pytest.mark.parametrize("rule", list(REGISTRY), ids=lambda rule: rule.name)
def test_every_rule_is_in_the_rules_table(rule: object) -> None:
    assert f"\n| `{rule.name}` | {rule.code} | " in README  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("rule", "option"),
    [(rule.name, option) for rule in REGISTRY for option in rule.options],
)
def test_every_rule_option_is_documented(rule: str, option: str) -> None:
    assert f"\n| `{rule}` | `{option}` | " in README


@pytest.mark.parametrize("key", _TOP_LEVEL_KEYS)
def test_every_top_level_key_is_documented(key: str) -> None:
    assert f"\n| `{key}` |" in README or f"\n| `{key}." in README


def test_configuration_examples_are_valid() -> None:
    examples = toml_examples()
    assert len(examples) >= 2
    for table in examples:
        config = parse_config(table, ROOT / "pyproject.toml")
        RuleSettings.resolve(config, REGISTRY)
