"""Which rules a ``select`` and an ``ignore`` leave on: as in ruff, each rule goes by the most
specific selector that names it, and by ``ignore`` where the two are as specific."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.cli import main
from filmlint.engine.settings import selected_rules
from filmlint.rules import load_registry

REGISTRY = load_registry()
ALL = {rule.name for rule in REGISTRY}
FL2 = {rule.name for rule in REGISTRY if rule.code.startswith("FL2")}


def _on(select: list[str], ignore: list[str]) -> set[str]:
    return selected_rules(REGISTRY, tuple(select), tuple(ignore), "test")


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["ALL"], [], ALL),
        (["ALL"], ["FL2"], ALL - FL2),
        (["FL2"], ["FL201"], FL2 - {"country-code"}),
        (["FL2"], ["country-code"], FL2 - {"country-code"}),
        # The narrower selector wins, whichever list it is in:
        (["FL201"], ["FL2"], {"country-code"}),
        (["country-code"], ["ALL"], {"country-code"}),
        (["FL20"], ["FL2"], FL2),
        (["FL2", "FL201"], ["FL20"], {"country-code"}),
        (["ALL"], ["FL2", "FL20"], ALL - FL2),
        # As narrow: ignore wins, and a name is as narrow as its code.
        (["FL2"], ["FL2"], set()),
        (["FL201"], ["country-code"], set()),
        (["country-code"], ["fl201"], set()),
        (["all"], ["ALL"], set()),
        ([], ["FL2"], set()),
    ],
)
def test_the_more_specific_selector_decides(
    select: list[str], ignore: list[str], expected: set[str]
) -> None:
    assert _on(select, ignore) == expected


SELECTORS = st.sampled_from(
    ["ALL", "FL", "FL1", "FL10", "FL2", "FL20", "FL4", "FL201", "country-code", "FL404"]
)


@settings(max_examples=examples(500))  # a pure function: cheap examples
@given(st.lists(SELECTORS, max_size=5), st.lists(SELECTORS, max_size=5))
@example(["country-code"], ["FL2", "FL"])
def test_a_rule_named_alone_goes_by_that_list(select: list[str], ignore: list[str]) -> None:
    on = _on(select, ignore)
    assert on == _on(select[::-1], ignore[::-1])  # the order within a list does not count
    for rule in REGISTRY:
        named = {rule.name, rule.code}
        if named & set(ignore):
            assert rule.name not in on
        elif named & set(select):
            assert rule.name in on
        elif not any(rule.code.startswith(s) or s == "ALL" for s in select):
            assert rule.name not in on  # nothing selects it
    # Without an ignore, it is what select names.
    picked = {rule.name for selector in select for rule in REGISTRY.matching(selector)}
    assert _on(select, []) == picked


def test_a_configuration_and_the_command_line_each_decide_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The configuration's narrower select wins over its own ignore; the command line's
    --ignore is applied after it, as ruff applies a later layer."""
    (tmp_path / "filmlint.toml").write_text(
        'select = ["FL201", "FL1"]\nignore = ["FL2", "FL101"]\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(
        "---\ntitle: A\ncountry: Narnia\nlanguage: xx-!!\nrating: 11\n---\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)

    def codes(*args: str) -> set[str]:
        main(["check", "--no-cache", "--output-format", "concise", *args, "a.md"])
        out = capsys.readouterr().out
        return {line.split()[1] for line in out.splitlines() if ": FL" in line}

    found = codes()
    assert "FL201" in found
    assert not {"FL101", "FL202", "FL203"} & found
    assert "FL201" not in codes("--ignore", "FL2")
    assert codes("--select", "FL201,FL2", "--ignore", "FL2") == {"FL201"}
