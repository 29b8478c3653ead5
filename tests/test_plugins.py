"""A third-party rule, installed with pip as a real package, is used like a built-in one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import VALID, run_cli

# pip installs the plugins once per worker that runs the module (the fixture is the module's).
pytestmark = [pytest.mark.slow]

PLUGIN_MODULE = '''\
"""Words that must not appear in a film's text, such as notes left for later.

Bad:

    title: "TODO title"

Good:

    title: "Alien"
"""

from filmlint.diagnostics import Problem, Severity
from filmlint.rulekit.fields import fields_option, find_all
from filmlint.rulekit.declaration import Option

NAME = "forbidden-words"
CODE = "EX001"
SEVERITY = Severity.ERROR
OPTIONS = {
    "fields": fields_option(["title", "description"], "Text fields to search."),
    "words": Option(["TODO"], "Words that must not appear."),
}


def check(document, options):
    for path, value in find_all(document.data, options["fields"]):
        if isinstance(value, str):
            for word in options["words"]:
                start = value.find(word)
                while start >= 0:
                    end = start + len(word)
                    yield Problem(path, f"forbidden word {word!r}", part=(start, end))
                    start = value.find(word, end)
'''


def pyproject(name: str, module: str) -> str:
    return textwrap.dedent(
        f"""\
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "{name}"
        version = "1.0.0"

        [project.entry-points."filmlint.rules"]
        {name} = "{module}"

        [tool.hatch.build.targets.wheel]
        packages = ["{module}"]
        """
    )


def install(root: Path, packages: dict[str, str]) -> dict[str, Path]:
    """Write a plugin package under ``root`` for each name and code of ``packages`` (its module
    named as the package, in snake case), pip-install them all at once (one pip run costs a
    second), and give each its own folder: the folder of each name.

    ``pip install --target`` installs into a temporary folder and moves each of its entries into
    the target; here each package's entries (its module and its ``dist-info``) are then moved on
    into a folder of its own, so that a broken plugin is alone on the import path."""
    sources = []
    for name, code in packages.items():
        module = name.replace("-", "_")
        source = root / name
        (source / module).mkdir(parents=True)
        (source / "pyproject.toml").write_text(pyproject(name, module), encoding="utf-8")
        (source / module / "__init__.py").write_text(code, encoding="utf-8")
        sources.append(str(source))
    target = root / "installed"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run(
        [*pip, "--no-build-isolation", "--target", str(target), *sources],
        check=True,
        capture_output=True,
    )
    folders = {}
    for name in packages:
        module = name.replace("-", "_")
        folder = root / f"{name}-installed"
        folder.mkdir()
        for entry in (module, f"{module}-1.0.0.dist-info"):
            (target / entry).rename(folder / entry)
        assert list(folder.glob(f"{module}-1.0.0.dist-info/entry_points.txt"))
        folders[name] = folder
    assert not list(target.iterdir())  # nothing installed that a plugin's folder lacks
    return folders


#: Plugins that cannot be loaded: one that fails to import, one that declares no code.
BROKEN_IMPORT = 'raise ImportError("needs libfilm, which is not installed")\n'
BROKEN_DECLARATION = 'NAME = "half-rule"\n\ndef check(document, options):\n    return []\n'


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The folder each plugin is installed in, by package name."""
    return install(
        tmp_path_factory.mktemp("plugins"),
        {
            "filmlint-forbidden-words": PLUGIN_MODULE,
            "filmlint-broken": BROKEN_IMPORT,
            "filmlint-half-rule": BROKEN_DECLARATION,
        },
    )


@pytest.fixture
def plugin(installed: dict[str, Path]) -> Path:
    return installed["filmlint-forbidden-words"]


def run(path_entry: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command line, with the plugin's folder on the import path."""
    return run_cli(*args, cwd=cwd, env={"PYTHONPATH": str(path_entry)})


#: A film with a plugin problem ("TODO", 2:15) and a built-in one (the repeated topic, 6:29).
FILM = VALID.replace('"Alien"', '"Alien TODO"').replace(
    '["Bodily Autonomy"]', '["Bodily Autonomy", "Bodily Autonomy"]'
)
PLUGIN_LINE = "film.md:2:15: EX001 [forbidden-words] error: forbidden word 'TODO'"
BUILTIN_LINE = (
    "film.md:6:29: FL204 [duplicate-item] error: duplicate of 'Bodily Autonomy' on line 6"
)
ONE_ERROR = "1 problem (1 error, 0 warnings) in 1 of 1 file"
#: duplicate-item has a safe fix; forbidden-words has none.
ONE_FIXABLE = "1 fixable with --fix"


@pytest.fixture
def films(tmp_path: Path) -> Path:
    (tmp_path / "film.md").write_text(FILM, encoding="utf-8")
    return tmp_path


def test_listed_with_its_origin(plugin: Path) -> None:
    result = run(plugin, "rules")
    assert result.returncode == 0, result.stderr
    assert (
        "EX001  forbidden-words       error    Words that must not appear in a film's text, "
        "such as notes left for later.  (filmlint-forbidden-words)"
    ) in result.stdout.splitlines()


@pytest.mark.parametrize("selector", ["forbidden-words", "EX001", "ex001"])
def test_documented(plugin: Path, selector: str) -> None:
    result = run(plugin, "rule", selector)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "# forbidden-words (EX001)\n\nWords that must not appear in a film's text"
    )
    assert "From plugin: filmlint-forbidden-words\n" in result.stdout
    assert '  words = ["TODO"]\n      Words that must not appear.\n' in result.stdout


def test_reports_at_exact_positions(plugin: Path, films: Path) -> None:
    result = run(plugin, "check", "film.md", cwd=films)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        PLUGIN_LINE,
        BUILTIN_LINE,
        "2 problems (2 errors, 0 warnings) in 1 of 1 file",
        ONE_FIXABLE,
    ]


@pytest.mark.parametrize(
    ("flag", "selector", "expected"),
    [
        ("--select", "forbidden-words", [PLUGIN_LINE, ONE_ERROR]),
        ("--select", "EX001", [PLUGIN_LINE, ONE_ERROR]),
        ("--ignore", "forbidden-words", [BUILTIN_LINE, ONE_ERROR, ONE_FIXABLE]),
        ("--ignore", "EX001", [BUILTIN_LINE, ONE_ERROR, ONE_FIXABLE]),
    ],
)
def test_selected_and_ignored_by_name_and_code(
    plugin: Path, films: Path, flag: str, selector: str, expected: list[str]
) -> None:
    result = run(plugin, "check", flag, selector, "film.md", cwd=films)
    assert result.stdout.splitlines() == expected


def test_ignored_in_the_configuration(plugin: Path, films: Path) -> None:
    (films / "filmlint.toml").write_text('ignore = ["EX001"]\n', encoding="utf-8")
    result = run(plugin, "check", "film.md", cwd=films)
    assert result.stdout.splitlines() == [BUILTIN_LINE, ONE_ERROR, ONE_FIXABLE]


def test_configured_by_its_rule_table(plugin: Path, films: Path) -> None:
    (films / "pyproject.toml").write_text(
        '[tool.filmlint.rules.forbidden-words]\nwords = ["Bodily", "crew"]\nseverity = "warning"\n'
        'fields = ["topics[*]", "description"]\n',
        encoding="utf-8",
    )
    result = run(plugin, "check", "--select", "EX001", "film.md", cwd=films)
    assert result.returncode == 0  # warnings only
    assert result.stdout.splitlines() == [
        "film.md:4:17: EX001 [forbidden-words] warning: forbidden word 'crew'",
        "film.md:6:11: EX001 [forbidden-words] warning: forbidden word 'Bodily'",
        "film.md:6:30: EX001 [forbidden-words] warning: forbidden word 'Bodily'",
        "3 problems (0 errors, 3 warnings) in 1 of 1 file",
    ]


def test_bad_option_names_the_key(plugin: Path, films: Path) -> None:
    (films / "filmlint.toml").write_text("[rules.EX001]\nwords = 3\n", encoding="utf-8")
    result = run(plugin, "check", "film.md", cwd=films)
    assert result.returncode == 2
    assert result.stderr == (
        "filmlint: error: filmlint.toml: rules.EX001.words: expected a list of strings, got 3\n"
    )


@pytest.mark.parametrize(
    ("package", "message"),
    [
        pytest.param(
            "filmlint-broken",
            "filmlint: error: cannot load rule plugin 'filmlint_broken' (filmlint-broken): "
            "needs libfilm, which is not installed\n",
            id="fails to import",
        ),
        pytest.param(
            "filmlint-half-rule",
            "filmlint: error: rule plugin 'filmlint_half_rule' (filmlint-half-rule): "
            "rule filmlint_half_rule lacks CODE\n",
            id="lacks a code",
        ),
    ],
)
def test_broken_plugin_exits_2_naming_it(
    installed: dict[str, Path], tmp_path: Path, package: str, message: str
) -> None:
    broken = installed[package]
    for args in (["rules"], ["check", str(tmp_path)]):
        result = run(broken, *args)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
