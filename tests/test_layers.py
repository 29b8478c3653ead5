"""The import contracts of pyproject.toml ([tool.importlinter]) hold, and catch what they forbid.

Layers, high to low: ``__main__``, cli, reporters, engine, rules, api | urls, rulekit, schema,
frontmatter, text, diagnostics | rule_names, version. A module imports only from layers below
its own (inside functions too); ``a | b`` are siblings that do not import each other.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import grimp
import pytest
from importlinter import api as _configures_importlinter  # noqa: F401 (registers the settings)
from importlinter.application import use_cases
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

from conftest import ROOT

PYPROJECT = str(ROOT / "pyproject.toml")


def test_the_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    kept = use_cases.lint_imports(config_filename=PYPROJECT, cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out


@pytest.fixture(scope="module")
def contracts() -> dict[str, dict[str, Any]]:
    options = use_cases.read_user_options(PYPROJECT)
    assert options.session_options["root_packages"] == ["filmlint"]
    return {contract["type"]: contract for contract in options.contracts_options}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("filmlint", cache_dir=None)


def layer_modules(contract: dict[str, Any]) -> list[list[str]]:
    """The layers of the contract, high to low, each as the full names of its modules."""
    (container,) = contract["containers"]
    return [
        [f"{container}.{name.strip()}" for name in layer.split("|")] for layer in contract["layers"]
    ]


def a_module_in(graph: grimp.ImportGraph, name: str) -> str:
    """A module of the package ``name`` (a submodule, so descendants are seen to count)."""
    children = sorted(graph.find_children(name))
    return children[0] if children else name


def layers_kept(contract: dict[str, Any], graph: grimp.ImportGraph) -> bool:
    checker = LayersContract(contract["name"], {"root_packages": ["filmlint"]}, contract)
    return bool(checker.check(graph, verbose=False).kept)


@contextmanager
def with_import(
    graph: grimp.ImportGraph, importer: str, imported: str
) -> Iterator[grimp.ImportGraph]:
    """The graph with one more import, as if a line were added; taken back afterwards."""
    existed = graph.direct_import_exists(importer=importer, imported=imported)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    try:
        yield graph
    finally:
        if not existed:
            graph.remove_import(importer=importer, imported=imported)


def test_every_part_of_the_package_has_a_layer(
    contracts: dict[str, dict[str, Any]], graph: grimp.ImportGraph
) -> None:
    declared = {name for layer in layer_modules(contracts["layers"]) for name in layer}
    assert graph.find_children("filmlint") == declared


def test_every_upward_or_sibling_import_breaks_the_layers(
    contracts: dict[str, dict[str, Any]], graph: grimp.ImportGraph
) -> None:
    contract = contracts["layers"]
    layers = layer_modules(contract)
    broken_by: list[tuple[str, str]] = []
    for (high, higher_layer), (low, lower_layer) in itertools.combinations(enumerate(layers), 2):
        assert high < low
        broken_by += itertools.product(lower_layer, higher_layer)  # upwards
    for layer in layers:
        broken_by += itertools.permutations(layer, 2)  # between siblings
    assert len(broken_by) > 60
    for importer, imported in broken_by:
        with with_import(graph, a_module_in(graph, importer), a_module_in(graph, imported)) as g:
            assert not layers_kept(contract, g), f"{importer} -> {imported} was let through"
    assert layers_kept(contract, graph)


def test_a_downward_import_keeps_the_layers(
    contracts: dict[str, dict[str, Any]], graph: grimp.ImportGraph
) -> None:
    contract = contracts["layers"]
    assert layers_kept(contract, graph)
    with with_import(graph, "filmlint.reporters.concise", "filmlint.text.positions") as g:
        assert layers_kept(contract, g)


@pytest.mark.parametrize(
    ("imported", "kept"),
    [
        ("filmlint.api", True),
        ("filmlint.rule_names", True),
        ("filmlint.rulekit.langtags", True),  # a rule's own helper
        ("filmlint.rulekit.fields", False),  # re-exported by filmlint.api: use that
        ("filmlint.rulekit.declaration", False),
        ("filmlint.diagnostics", False),
        ("filmlint.frontmatter.document", False),
        ("filmlint.schema.validation", False),
        ("filmlint.text.positions", False),
    ],
)
def test_built_in_rules_use_the_rule_api(
    contracts: dict[str, dict[str, Any]], graph: grimp.ImportGraph, imported: str, kept: bool
) -> None:
    contract = contracts["forbidden"]
    checker = ForbiddenContract(contract["name"], {"root_packages": ["filmlint"]}, contract)
    with with_import(graph, "filmlint.rules.country_code", imported) as g:
        assert checker.check(g, verbose=False).kept is kept


def test_the_linter_keeps_only_the_per_file_pipeline() -> None:
    """Run-level planning (which files a run reads for context, groups, the cache's keys)
    lives beside the linter, not in it: the class stays small enough to read at once."""
    import inspect

    from filmlint.engine.linter import Linter

    assert len(inspect.getsource(Linter).splitlines()) < 200
