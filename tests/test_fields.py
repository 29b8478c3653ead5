"""Field patterns: what each form names, and patterns checked when configuration is read."""

from __future__ import annotations

import gc

import pytest

from filmlint.engine.settings import ConfigError, RuleSettings, option_problem, parse_config
from filmlint.rulekit.fields import field_option, fields_option, find, find_all
from filmlint.rules import load_registry

DATA = {
    "title": "Alien",
    "sourceUrl": [{"platform": "IMDb", "url": "u1"}, {"platform": "Douban", "url": "u2"}],
    "links": {"home": {"url": "u3"}, "tags": ["a", ["b"]]},
}


@pytest.mark.parametrize(
    ("pattern", "paths"),
    [
        ("title", [("title",)]),
        ("sourceUrl[*].url", [("sourceUrl", 0, "url"), ("sourceUrl", 1, "url")]),
        ("sourceUrl[1].platform", [("sourceUrl", 1, "platform")]),
        ("links.*", [("links", "home"), ("links", "tags")]),
        ("missing", []),
        ("title[0]", []),
        (
            "**",
            [
                (),
                ("title",),
                ("sourceUrl",),
                ("sourceUrl", 0),
                ("sourceUrl", 0, "platform"),
                ("sourceUrl", 0, "url"),
                ("sourceUrl", 1),
                ("sourceUrl", 1, "platform"),
                ("sourceUrl", 1, "url"),
                ("links",),
                ("links", "home"),
                ("links", "home", "url"),
                ("links", "tags"),
                ("links", "tags", 0),
                ("links", "tags", 1),
                ("links", "tags", 1, 0),
            ],
        ),
        ("**.url", [("sourceUrl", 0, "url"), ("sourceUrl", 1, "url"), ("links", "home", "url")]),
        ("links.**.url", [("links", "home", "url")]),
        (
            "links.tags.**",
            [
                ("links", "tags"),
                ("links", "tags", 0),
                ("links", "tags", 1),
                ("links", "tags", 1, 0),
            ],
        ),
    ],
)
def test_find(pattern: str, paths: list[tuple[str | int, ...]]) -> None:
    assert [path for path, _ in find(DATA, pattern)] == paths


def test_find_all_gives_each_value_once() -> None:
    found = [path for path, _ in find_all(DATA, ["**.url", "sourceUrl[*].url", "**.**.url"])]
    assert found == [("sourceUrl", 0, "url"), ("sourceUrl", 1, "url"), ("links", "home", "url")]


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        (fields_option(["a"], "h"), ["a.b", "**"], None),
        (fields_option(["a"], "h"), ["a..b"], "bad field pattern 'a..b' at character 2"),
        (field_option("a", "h"), "year", None),
        (field_option("a", "h"), ".year", "bad field pattern '.year' at character 1"),
        (field_option("a", "h"), ["year"], "expected a string, got ['year']"),
    ],
)
def test_pattern_options_are_checked(option: object, value: object, problem: str | None) -> None:
    assert option_problem(option, value) == problem  # type: ignore[arg-type]


def test_bad_pattern_in_configuration_names_the_key() -> None:
    config = parse_config({"rules": {"date-consistency": {"year-field": "a[x"}}}, None)
    with pytest.raises(
        ConfigError, match=r"rules\.date-consistency\.year-field: bad field pattern"
    ):
        RuleSettings.resolve(config, load_registry())


@pytest.mark.parametrize("pattern", ["**", "sourceUrl[*].url", "**.url"])
def test_finding_fields_leaves_no_reference_cycle(pattern: str) -> None:
    """A cycle would keep each file's data alive until the cyclic collector ran."""
    gc.collect()
    gc.disable()
    try:
        assert list(find(DATA, pattern))
        assert gc.collect() == 0
    finally:
        gc.enable()
