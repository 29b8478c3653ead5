"""Options that are each valid but contradict each other (``min`` above ``max``) are a
configuration error, reported as a bad option is: exit 2, one line naming the file and the
rule's table, before any file is linted; by ``check``, ``--show-settings`` and the server."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import CliResult, film, run_cli
from filmlint import Config, ConfigError, Linter
from filmlint.rulekit.declaration import Option, Registry, RuleError, rule_from_object
from filmlint.rules import load_registry
from filmlint.server.site import SiteLinter

FILM = film("duration: 139\n")

#: A rule's table (as written under ``[rules.TABLE]``), and the error it is refused with
#: (after "rules.TABLE: "), or None when it is accepted.
CASES: list[tuple[str, str, str | None]] = [
    ("duration-format", "min = 500\nmax = 10", "min (500) is more than max (10)"),
    ("duration-format", "min = 1001", "min (1001) is more than max (1000)"),
    ("duration-format", "max = 0", "min (1) is more than max (0)"),
    ("FL207", "min = 200\nmax = 100", "min (200) is more than max (100)"),
    ("duration-format", "min = 139\nmax = 139", None),
    ("duration-format", "min = 60\nmax = 240", None),
    (
        "date-consistency",
        'release-field = "year"',
        "release-field and year-field both name 'year'",
    ),
    (
        "date-consistency",
        'release-field = "made.year"\nyear-field = "made.year"',
        "release-field and year-field both name 'made.year'",
    ),
    ("date-consistency", 'release-field = "premiere"\nyear-field = "made.year"', None),
    (
        "url-format",
        'fields = ["posterImage"]',
        "'posterImage' is in both fields and path-or-url-fields; list it in one",
    ),
    (
        "url-format",
        'path-or-url-fields = ["posterImage", "sourceUrl.*.url"]',
        "'sourceUrl[*].url' is in both fields and path-or-url-fields; list it in one",
    ),
    ("url-format", 'fields = ["posterImage"]\npath-or-url-fields = []', None),
    ("url-format", 'fields = ["sourceUrl[*].url", "trailer"]', None),
    (
        "translation-missing",  # the base is expected whether listed or not
        'locales = ["en", "fr"]\nbase = "zh-Hans"',
        None,
    ),
    ("translation-missing", 'locales = ["zh-Hans", "en"]\nbase = "zh-hans"', None),
    ("translation-missing", 'locales = ["en", "fr"]', None),
    ("translation-missing", 'base = "en"', None),
    ("translation-mismatch", 'base = "en"', None),  # it has no locales to hold the base
]


def project(folder: Path, config: str) -> Path:
    (folder / "filmlint.toml").write_text(config, encoding="utf-8")
    (folder / "film.md").write_text(FILM, encoding="utf-8")
    return folder


def refused(result: CliResult[str], line: str) -> None:
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"filmlint: error: {line}\n",
    )


@pytest.mark.parametrize(
    ("table", "options", "problem"), CASES, ids=[f"{t}:{o}" for t, o, _ in CASES]
)
def test_options_are_checked_together(
    tmp_path: Path, table: str, options: str, problem: str | None
) -> None:
    folder = project(tmp_path, f"[rules.{table}]\n{options}\n")
    result = run_cli("check", "--no-cache", "film.md", cwd=folder)
    if problem is None:
        assert (result.returncode, result.stderr) == (0, "")
    else:
        refused(result, f"filmlint.toml: rules.{table}: {problem}")


def test_each_option_is_checked_alone_first(tmp_path: Path) -> None:
    folder = project(tmp_path, '[rules.duration-format]\nmin = "500"\nmax = 10\n')
    result = run_cli("check", "--no-cache", "film.md", cwd=folder)
    refused(result, "filmlint.toml: rules.duration-format.min: expected an integer, got '500'")


def test_a_collection_is_named_when_its_options_meet_the_top_levels(tmp_path: Path) -> None:
    config = (
        "[rules.duration-format]\nmin = 500\n"
        '[collections.films]\ninclude = ["*.md"]\n'
        "[collections.films.rules.duration-format]\nmax = 10\n"
    )
    result = run_cli("check", "--no-cache", "film.md", cwd=project(tmp_path, config))
    refused(
        result,
        "filmlint.toml: collections.films.rules.duration-format: min (500) is more than max (10)",
    )


CONTRADICTION = "[rules.duration-format]\nmin = 500\nmax = 10\n"
SAID = "filmlint.toml: rules.duration-format: min (500) is more than max (10)"


def test_show_settings_refuses_them_too(tmp_path: Path) -> None:
    result = run_cli("check", "--show-settings", "film.md", cwd=project(tmp_path, CONTRADICTION))
    refused(result, SAID)


def test_the_server_refuses_them_too(tmp_path: Path) -> None:
    path = str(project(tmp_path, CONTRADICTION) / "film.md")
    with pytest.raises(ConfigError) as raised:
        SiteLinter().settings_for(path)
    assert str(raised.value).endswith(SAID)


def ranged(**declared: object) -> SimpleNamespace:
    """A plugin rule whose two options must agree."""
    return SimpleNamespace(
        NAME="ranged",
        CODE="EX001",
        OPTIONS={"least": Option(1, "Least."), "most": Option(9, "Most.")},
        check=lambda document, options: iter(()),
        **declared,
    )


def test_a_plugin_declares_its_own_check_of_its_options_together() -> None:
    plugin = ranged(
        options_problem=lambda o: "least is above most" if o["least"] > o["most"] else None
    )
    registry = Registry([*load_registry(), rule_from_object(plugin, "tests")])
    with pytest.raises(ConfigError, match=r"^config: rules\.ranged: least is above most$"):
        Linter(Config.from_dict({"rules": {"ranged": {"least": 10}}}), registry=registry)
    Linter(Config.from_dict({"rules": {"ranged": {"least": 9}}}), registry=registry)


def test_a_check_of_the_options_that_cannot_be_called_is_a_rule_error() -> None:
    with pytest.raises(RuleError, match="not callable"):
        rule_from_object(ranged(options_problem="least <= most"), "tests")
