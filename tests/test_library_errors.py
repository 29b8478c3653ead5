"""What the library raises when it cannot lint at all is exported and documented: a
``ConfigError`` (a ``SchemaLoadError`` among them) or a ``RuleError``, never a type a caller
would have to import from filmlint's insides."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import filmlint
from conftest import ROOT, VALID

LIBRARY = ROOT / "docs" / "library.md"


def test_every_setup_error_is_exported_and_documented() -> None:
    documented = LIBRARY.read_text(encoding="utf-8")
    for error in (filmlint.ConfigError, filmlint.SchemaLoadError, filmlint.RuleError):
        assert error.__name__ in filmlint.__all__
        assert f"`filmlint.{error.__name__}`" in documented
        assert f"        - {error.__name__}\n" in documented  # in the reference


def test_a_schema_that_cannot_be_loaded_is_a_configuration_error(tmp_path: Path) -> None:
    config = filmlint.Config.from_dict({"schema": "missing.json"}, root=tmp_path)
    calls: list[Callable[[], Any]] = [
        lambda: filmlint.lint_text(VALID, config=config),
        lambda: filmlint.fix_text(VALID, config=config),
        lambda: filmlint.lint_paths([], config=config),
        lambda: filmlint.Linter(config),
    ]
    for call in calls:
        with pytest.raises(filmlint.ConfigError, match=r"missing\.json") as raised:
            call()
        assert isinstance(raised.value, filmlint.SchemaLoadError)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({1: 2}, "1"),
        ({"locale": {"suffixes": {1: "en"}}}, "locale.suffixes.1"),
        ({"locale": {"folders": {None: "en"}}}, "locale.folders.None"),
        ({"per-file-ignores": {1: ["FL201"]}}, "per-file-ignores.1"),
        ({"collections": {"films": {1: 2}}}, "collections.films.1"),
        ({"rules": {1: {}}}, "rules.1"),
    ],
)
def test_a_key_that_is_not_a_string_is_named(table: dict[Any, Any], key: str) -> None:
    with pytest.raises(filmlint.ConfigError, match=f"^config: {key}: expected a string"):
        filmlint.Config.from_dict(table)


def test_a_plugin_that_cannot_be_loaded_is_a_rule_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_rules.py").write_text("import no_such_module_here\n", encoding="utf-8")
    info = tmp_path / "broken_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-rules\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[filmlint.rules]\nbroken = broken_rules\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "broken_rules", raising=False)
    for call in (filmlint.Linter, lambda: filmlint.lint_text(VALID, select=["FL201"])):
        with pytest.raises(filmlint.RuleError, match="cannot load rule plugin 'broken_rules'"):
            call()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("select", "FL1"),
        ("ignore", (1,)),
        ("root", "site"),
        ("path", "filmlint.toml"),
        ("schema", "film.schema.json"),
        ("cache_dir", ".cache"),
        ("exclude", ["drafts", 1]),
        ("per_file_ignores", "x"),
        ("per_file_ignores", (("drafts/*", "FL201"),)),
        ("rules", {"country-code": 5}),
        ("locale_default", 5),
        ("locale_default", "not a tag"),
        ("locale_suffixes", {"en": 1}),
        ("locale_folders", {1: "en"}),
        ("locale_key", ""),
        ("max_file_size", True),
        ("collections", ("films",)),
    ],
)
def test_a_config_built_by_hand_names_a_field_of_the_wrong_type(field: str, value: Any) -> None:
    with pytest.raises(filmlint.ConfigError, match=f"^Config: {field}: expected "):
        filmlint.Config(**{field: value})


def test_a_config_built_by_hand_with_the_right_types_lints() -> None:
    config = filmlint.Config(
        root=Path(),
        select=["FL2"],  # a list as well as a tuple
        per_file_ignores=(("drafts/*", ("FL201",)),),
        locale_default="en",
        rules={"duplicate-item": {"fields": ["topics"]}},
    )
    assert config.select == ("FL2",)
    assert filmlint.lint_text(VALID, config=config) == []


SELECTING: dict[str, Callable[..., Any]] = {
    "lint_text": lambda **chosen: filmlint.lint_text(VALID, **chosen),
    "fix_text": lambda **chosen: filmlint.fix_text(VALID, **chosen),
    "lint_paths": lambda **chosen: filmlint.lint_paths([], **chosen),
    "Linter": lambda **chosen: filmlint.Linter(**chosen),
}


@pytest.mark.parametrize("call", SELECTING.values(), ids=SELECTING)
@pytest.mark.parametrize("empty", [[], ()])
def test_an_empty_select_is_an_error_not_every_rule(call: Callable[..., Any], empty: Any) -> None:
    with pytest.raises(filmlint.ConfigError, match=r"^select: an empty list selects no rule"):
        call(select=empty)


@pytest.mark.parametrize("call", SELECTING.values(), ids=SELECTING)
@pytest.mark.parametrize("argument", ["select", "ignore"])
def test_a_selector_naming_no_rule_is_blamed_on_its_argument(
    call: Callable[..., Any], argument: str
) -> None:
    with pytest.raises(
        filmlint.ConfigError, match=f"^{argument}: no rule is named or coded 'nope'"
    ):
        call(**{argument: ["FL201", "nope"]})


def test_an_empty_ignore_ignores_nothing() -> None:
    assert filmlint.lint_text(VALID, ignore=[]) == filmlint.lint_text(VALID) == []
