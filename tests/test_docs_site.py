"""The documentation site: ``mkdocs build --strict`` passes (a broken link or anchor, a page
left out of the nav, a missing output sample fails it), and its generated parts match what
they are generated from: the configuration reference the schema, the nav's rule pages
``docs/rules/`` (test_rule_catalogue checks the rule table)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from filmlint import Linter
from filmlint.engine.settings import _TOP_LEVEL_KEYS
from filmlint.reporters.config_reference import config_reference
from filmlint.rulekit.declaration import Registry, rule_from_object
from filmlint.rules import load_registry
from golden import assert_golden_section

SCHEMA = json.loads((ROOT / "schemas" / "filmlint.config.schema.json").read_text("utf-8"))
REGISTRY = load_registry()
DOCS = ROOT / "docs"


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


@pytest.mark.slow  # a real mkdocs build
def test_site_builds_strictly(tmp_path: Path) -> None:
    result = build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr  # mkdocs missing: pip install -e '.[test,docs]'
    assert (tmp_path / "site" / "rules" / "url-reachable" / "index.html").is_file()
    library = (tmp_path / "site" / "library" / "index.html").read_text("utf-8")
    for name in ("lint_text", "lint_paths", "fix_text", "Linter", "Config", "Diagnostic"):
        assert f'id="filmlint.{name}"' in library, name  # rendered from the docstrings


#: The pages of the small site, each with its heading.
SMALL_SITE = {
    "index.md": "Home",
    "fixing.md": "Fixing",
    "safety.md": "Safety",
    "output-formats.md": "Output formats",
    "rules/index.md": "Rules",
}


def broken_site(tmp_path: Path, additions: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Build the small site under the project's own mkdocs.yml (its strict mode, link
    validation, snippets, hooks and plugins), with text appended to some of its pages: what
    fails the build is that configuration, and a few pages build in a fraction of the time
    of the whole site."""
    copy = tmp_path / "project"
    config = YAML().load(ROOT / "mkdocs.yml")
    config["nav"] = list(SMALL_SITE)
    (copy / "docs").mkdir(parents=True)
    YAML().dump(config, copy / "mkdocs.yml")
    shutil.copytree(DOCS / "hooks", copy / "docs" / "hooks")
    shutil.copytree(ROOT / "tests" / "data" / "golden", copy / "tests" / "data" / "golden")
    for page, title in SMALL_SITE.items():
        (copy / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        text = f"# {title}\n\n{additions.get(page, '')}\n"
        (copy / "docs" / page).write_text(text, encoding="utf-8")
    return build(copy / "mkdocs.yml", tmp_path / "site")


@pytest.mark.slow  # a real mkdocs build
def test_a_broken_link_or_anchor_fails_the_build(tmp_path: Path) -> None:
    # One build: strict mode names every broken link before it stops.
    result = broken_site(
        tmp_path,
        {
            "index.md": "[gone](no-such-page.md)",
            "fixing.md": "[gone](safety.md#no-such-anchor)",
            "rules/index.md": "[gone](../missing.md)",
        },
    )
    assert result.returncode != 0
    complaints = ("no-such-page.md", "no-such-anchor", "missing.md")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    # Each broken link is named, and nothing else in the small site fails it.
    assert sorted(next(c for c in complaints if c in w) for w in warnings) == sorted(complaints)


@pytest.mark.slow  # a real mkdocs build
def test_a_missing_output_sample_fails_the_build(tmp_path: Path) -> None:
    result = broken_site(tmp_path, {"output-formats.md": '```text\n--8<-- "gone.txt"\n```'})
    assert result.returncode != 0
    assert "gone.txt" in result.stderr


def test_configuration_reference_is_generated_from_the_schema() -> None:
    assert_golden_section(DOCS / "configuration.md", "config-reference", config_reference(SCHEMA))


def test_nav_lists_every_rule_page_in_code_order() -> None:
    spec = importlib.util.spec_from_file_location("rule_pages", DOCS / "hooks" / "rule_pages.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    rules = hook.rule_nav(DOCS)
    built_in = sorted(
        (rule for rule in REGISTRY if rule.origin == "filmlint"), key=lambda r: r.code
    )
    assert rules == ["rules/index.md", *(f"rules/{rule.name}.md" for rule in built_in)]
    pages = {path.relative_to(DOCS).as_posix() for path in (DOCS / "rules").glob("*.md")}
    assert set(rules) == pages


def reference_keys() -> set[str]:
    return {row.split("`")[1] for row in config_reference(SCHEMA).splitlines()[2:]}


def test_reference_names_every_key_the_reader_accepts() -> None:
    keys = reference_keys()
    for key in _TOP_LEVEL_KEYS:
        assert key in keys
    for name in ("include", "exclude", "schema", "select", "ignore", "locale", "rules"):
        assert f"collections.NAME.{name}" in keys
    assert "rules.NAME.severity" in keys
    for rule in REGISTRY:
        for option in rule.options:
            assert f"rules.{rule.name}.{option}" in keys


def test_reference_expands_a_shared_definition_once() -> None:
    schema = {
        "properties": {
            "a": {"$ref": "#/$defs/t", "description": "first"},
            "b": {"$ref": "#/$defs/t", "description": "second"},
            "n": {"type": "array", "items": {"enum": ["x", "y"]}, "description": "a | b"},
        },
        "$defs": {"t": {"type": "object", "properties": {"k": {"type": "integer"}}}},
    }
    assert config_reference(schema).splitlines()[2:] == [
        "| `a` | table | first |",
        "| `a.k` | integer |  |",
        "| `b` | table | second The same keys as `a`. |",
        '| `n` | list of `"x"` or `"y"` | a \\| b |',
    ]


def test_the_plugin_page_example_is_a_working_rule(tmp_path: Path) -> None:
    """The example of "Writing a rule plugin", loaded as a plugin is, reports what it says."""
    page = (DOCS / "plugins.md").read_text("utf-8")
    (source,) = re.findall(r"^```python\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    (tmp_path / "forbidden_words.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(
        "forbidden_words", tmp_path / "forbidden_words.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule = rule_from_object(module, "filmlint-forbidden-words")
    linter = Linter(select=[rule.code], registry=Registry([*REGISTRY, rule]))
    text = '---\ntitle: "A TODO title"\n---\n'
    (found,) = linter.lint_text(text, "film.md")
    assert (found.rule, found.line, found.column, found.end_column) == (
        "forbidden-words",
        2,
        11,
        15,
    )
    assert linter.lint_text('---\ntitle: "Alien"\n---\n', "film.md") == []
