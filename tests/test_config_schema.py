"""The shipped JSON Schema of the configuration agrees with the reader: what one accepts the
other accepts (the documentation's examples, good tables), what one refuses the other refuses (a
table of bad configurations), and it knows every key and every built-in rule's options."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT
from filmlint import Config, ConfigError
from filmlint.engine.settings import _COLLECTION_KEYS, _LOCALE_KEYS, _TOP_LEVEL_KEYS
from filmlint.rules import load_registry
from readme import toml_blocks

SCHEMA = json.loads((ROOT / "schemas" / "filmlint.config.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
REGISTRY = load_registry()


def readme_configurations() -> list[dict[str, Any]]:
    """Every configuration in the documentation's TOML blocks: ``[tool.filmlint]`` tables, and
    blocks that say they are a ``filmlint.toml``."""
    found = []
    for block in toml_blocks():  # the documentation pages'
        table = tomllib.loads(block)
        if "filmlint" in table.get("tool", {}):
            found.append(table["tool"]["filmlint"])
        elif block.startswith("# filmlint.toml\n"):
            found.append(table)
    return found


def reader_accepts(table: dict[str, Any]) -> bool:
    try:
        config = Config.from_dict(table)
    except ConfigError:
        return False
    from filmlint.engine.settings import RuleSettings

    for settings in (config, *(c.config for c in config.collections)):
        try:
            RuleSettings.resolve(settings, REGISTRY)
        except ConfigError:
            return False
    return True


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", ["filmlint.config.schema.json", "film.schema.json"])
def test_no_object_of_a_shipped_schema_names_a_key_twice(name: str) -> None:
    # JSON parsers keep the last of two equal keys in silence: an edit to the first is lost.
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert len(set(keys)) == len(keys), sorted({k for k in keys if keys.count(k) > 1})
        return dict(pairs)

    json.loads((ROOT / "schemas" / name).read_text("utf-8"), object_pairs_hook=unique)


def test_the_package_ships_it() -> None:
    from importlib import resources

    shipped = resources.files("filmlint").joinpath("schemas", "filmlint.config.schema.json")
    assert json.loads(shipped.read_text("utf-8")) == SCHEMA


def test_it_knows_every_key_the_reader_knows() -> None:
    defs = SCHEMA["$defs"]
    assert set(SCHEMA["properties"]) == set(_TOP_LEVEL_KEYS)
    assert set(defs["collection"]["properties"]) == set(_COLLECTION_KEYS)
    assert set(defs["locale"]["properties"]) == set(_LOCALE_KEYS)


def _described(node: Any, where: str = "") -> list[str]:
    """Paths of the properties that have no description (none should)."""
    missing = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            has_own = "description" in sub
            target = sub.get("$ref", "").removeprefix("#/$defs/")
            if not has_own and "description" not in SCHEMA["$defs"].get(target, {}):
                missing.append(f"{where}/{name}")
        for key, sub in node.items():
            if key != "properties" and isinstance(sub, dict):
                missing += _described(sub, f"{where}/{key}")
    return missing


def test_every_key_has_a_description() -> None:
    assert _described(SCHEMA) == []


@pytest.mark.parametrize(
    "rule", [r for r in REGISTRY if r.origin == "filmlint"], ids=lambda r: r.name
)
def test_it_knows_every_built_in_rules_options(rule: Any) -> None:
    table = SCHEMA["$defs"]["rule-" + rule.name]
    assert set(table["properties"]) == {"severity", *rule.options}
    for name, option in rule.options.items():
        assert table["properties"][name]["description"] == option.help
        assert reader_accepts({"rules": {rule.name: {name: option.default}}})
        assert VALIDATOR.is_valid({"rules": {rule.name: {name: option.default}}}), name


def test_every_readme_configuration_is_accepted_by_both() -> None:
    configurations = readme_configurations()
    assert len(configurations) >= 4
    assert any("collections" in table for table in configurations)
    for table in configurations:
        assert reader_accepts(table), table
        assert list(VALIDATOR.iter_errors(table)) == [], table


GOOD: list[dict[str, Any]] = [
    {},
    {"schema": "film"},
    {"locale": {"folders": {"zh-tw": "zh-Hant"}, "key": "locale"}},
    {"collections": {"films": {"include": ["films/**", "!films/drafts/**"]}}},
    {"collections": {"a": {"include": ["a/"], "locale": {}, "rules": {"FL201": {}}}}},
    {"rules": {"country-code": {"severity": "warning", "accept": ["code", "name"]}}},
    {"per-file-ignores": {"legacy/*.md": ["FL2"]}},
    {"exclude": ["/films/", "!**/.drafts/", "a.b/...md", "..x.md"]},
    {"locale": {"suffixes": {"-en": "en", ".fr": "fr", "zh-tw": "zh-Hant", "x.y": "ja"}}},
]


@pytest.mark.parametrize("table", GOOD, ids=json.dumps)
def test_good_configurations_are_accepted_by_both(table: dict[str, Any]) -> None:
    assert reader_accepts(table)
    assert VALIDATOR.is_valid(table)


BAD: list[dict[str, Any]] = [
    {"selct": ["ALL"]},
    {"select": "ALL"},
    {"exclude": [""]},
    {"exclude": ["# a comment"]},
    {"schema": 1},
    {"max-file-size": 0},
    {"max-file-size": 1.5},
    {"cache-dir": []},
    {"locale": {"default": "not a tag"}},
    {"locale": {"suffixes": {"en": 1}}},
    {"locale": {"folders": {"en/us": "en"}}},
    {"locale": {"folders": {"..": "en"}}},
    {"locale": {"key": ""}},
    {"locale": {"suffixes": {"": "en"}}},
    {"locale": {"suffixes": {"-": "en"}}},
    {"locale": {"suffixes": {"en/x": "en"}}},
    {"locale": {"keys": "lang"}},
    {"rules": {"country-code": []}},
    {"rules": {"country-code": {"accept": "code"}}},
    {"rules": {"country-code": {"accept": ["codes"]}}},
    {"rules": {"country-code": {"acept": ["code"]}}},
    {"rules": {"duplicate-item": {"ignore-case": "yes"}}},
    {"rules": {"duration-format": {"max": "600"}}},
    {"rules": {"date-consistency": {"severity": "fatal"}}},
    {"rules": {"url-reachable": {"mode": "sometimes"}}},
    {"collections": []},
    {"exclude": ["./films/**"]},
    {"exclude": ["films/../x.md"]},
    {"exclude": ["films/.."]},
    {"exclude": ["films//x.md"]},
    {"per-file-ignores": {"!./legacy/*.md": ["FL2"]}},
    {"collections": {"films": {"include": ["/./films/"]}}},
    {"collections": {"films": {}}},
    {"collections": {"films": {"include": []}}},
    {"collections": {"films": {"include": "films/**"}}},
    {"collections": {"films": {"include": ["films/**"], "cache-dir": "x"}}},
    {"collections": {"films": {"include": ["films/**"], "locale": {"default": "??"}}}},
    {
        "collections": {
            "films": {"include": ["films/**"], "rules": {"rating-format": {"fields": 1}}}
        }
    },
]


@pytest.mark.parametrize("table", BAD, ids=json.dumps)
def test_bad_configurations_are_refused_by_both(table: dict[str, Any]) -> None:
    assert not reader_accepts(table)
    assert not VALIDATOR.is_valid(table)
