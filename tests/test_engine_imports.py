"""The engine's modules import one another without a cycle (imports inside functions
included), importing filmlint loads neither the YAML parser nor the result cache, and a check
of one file loads no module it does not need."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import filmlint

PACKAGE = Path(filmlint.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The filmlint modules ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & modules


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_engine_modules_import_without_a_cycle() -> None:
    paths = {module_name(p): p for p in (PACKAGE / "engine").glob("*.py")}
    modules = set(paths)
    graph = {name: imports_of(path, modules) - {name} for name, path in paths.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


#: Loaded by neither ``import filmlint`` nor a library's lint of one text: sqlite3 serves
#: the result cache and a run's references beyond what memory holds.
NOT_AT_IMPORT = ("filmlint.engine.cache", "filmlint.engine.parallel", "sqlite3")


def _loaded_after(code: str) -> list[str]:
    """The YAML parser's modules and those of ``NOT_AT_IMPORT`` that ``code`` loads."""
    code += (
        "; import sys; print(*sorted(m for m in sys.modules "
        f"if m.startswith('ruamel') or m in {NOT_AT_IMPORT!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_importing_filmlint_loads_no_parser_no_cache_and_no_sqlite() -> None:
    assert _loaded_after("import filmlint") == []


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_linting_one_text_loads_no_cache_and_no_sqlite() -> None:
    code = "import filmlint; filmlint.Linter().lint_text('---\\ntitle: x\\n---\\n', 'x.md')"
    loaded = _loaded_after(code)
    assert loaded != [] and all(name.startswith("ruamel") for name in loaded)


#: Never loaded by a check of one file that needs none of them: urllib.request (with
#: http.client, ssl and email's parser) is for schema references to files and URL checks;
#: regex for text in a script other than Latin; pycountry's own import asks
#: importlib.metadata for its version, and plugins are looked up without it; the rest serve
#: other commands and options, and url-reachable's outcomes those of a URL cache (there is
#: none). jsonschema-rs reads its build time through email.utils, which loads socket,
#: random and base64: it is loaded without it.
NOT_FOR_ONE_FILE = (
    "urllib.request",
    "http.client",
    "ssl",
    "email.parser",
    "email.utils",
    "socket",
    "regex",
    "pycountry",
    "importlib.metadata",
    "traceback",
    "multiprocessing",
    "filmlint.engine.explain",
    "filmlint.engine.fixer",
    "filmlint.reporters.rule_pages",
    "filmlint.reporters.sarif",
    "filmlint.urls.checker",
    "filmlint.urls.outcome",
)

ONE_FILM = """\
---
title: "Am\u00e9lie"
director: "Jean-Pierre Jeunet"
country: "France"
year: 2001
---

It\u2019s a film \u2014 \u201cAm\u00e9lie\u201d \u2014 set in Montmartre.
"""


def _modules_after_a_check(folder: Path, *args: str) -> dict[str, bool]:
    code = (
        "import os, sys; from filmlint.cli import main; "
        f"code = main(['check', '--output-file', os.devnull, *{list(args)!r}]); "
        "print(code, *(m in sys.modules for m in sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *NOT_FOR_ONE_FILE],
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    )
    code, *loaded = result.stdout.split()
    assert code in ("0", "1"), result.stderr
    return dict(zip(NOT_FOR_ONE_FILE, (word == "True" for word in loaded), strict=True))


def _site(folder: Path, text: str) -> None:
    """A French site with English versions, whose country-code accepts names."""
    (folder / "filmlint.toml").write_text(
        '[locale]\ndefault = "fr"\nsuffixes = { en = "en" }\n\n'
        '[rules.country-code]\naccept = ["code", "name"]\n',
        encoding="utf-8",
    )
    (folder / "film-en.md").write_text(text, encoding="utf-8")


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_check_of_one_file_loads_only_what_it_needs(tmp_path: Path) -> None:
    _site(tmp_path, ONE_FILM)
    for args in (["film-en.md"], ["--no-cache", "film-en.md"]):
        loaded = _modules_after_a_check(tmp_path, *args)
        assert [name for name, is_loaded in loaded.items() if is_loaded] == []


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_guard_sees_a_module_a_check_loads(tmp_path: Path) -> None:
    # A title in Cyrillic in an English file needs regex: the check above would see it.
    _site(tmp_path, ONE_FILM.replace("Am\u00e9lie", "\u0410\u043c\u0435\u043b\u0438", 1))
    assert _modules_after_a_check(tmp_path, "--no-cache", "film-en.md")["regex"]
