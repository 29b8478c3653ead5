"""The command line as users of ruff, yamllint and check-jsonschema expect it: option names,
environment variables, severities and colour, and plain messages for their mistakes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import VALID, run_cli
from filmlint.reporters import FORMATS
from filmlint.version import __version__

#: One schema error (an unknown key, with an unsafe fix) and one valid file.
BAD = VALID.replace("director:", "directer:")
SGR = re.compile("\x1b\\[[0-9;]*m")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = run_cli(flag)
    assert (result.returncode, result.stdout) == (0, f"filmlint {__version__}\n")


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_output_format_format_and_the_environment_give_the_same_report(
    site: Path, output_format: str
) -> None:
    named = run_cli("check", "--no-cache", "--output-format", output_format, cwd=site)
    alias = run_cli("check", "--no-cache", "--format", output_format, cwd=site)
    environment = run_cli(
        "check", "--no-cache", cwd=site, env={"FILMLINT_OUTPUT_FORMAT": output_format}
    )
    assert named.returncode == 1
    assert named.stdout == alias.stdout == environment.stdout


def test_the_option_beats_the_environment_and_a_bad_variable_is_a_usage_error(
    site: Path,
) -> None:
    result = run_cli(
        "check", "--output-format", "json", cwd=site, env={"FILMLINT_OUTPUT_FORMAT": "concise"}
    )
    assert json.loads(result.stdout)[0]["rule"] == "unknown-key"
    bad = run_cli("check", cwd=site, env={"FILMLINT_OUTPUT_FORMAT": "xml"})
    assert bad.returncode == 2
    assert "FILMLINT_OUTPUT_FORMAT='xml' is not a format" in bad.stderr


#: How --statistics is written by where the format comes from: a default (the variable, or
#: GITHUB_ACTIONS) it cannot be written in gives way to its table; only an explicit
#: --output-format it cannot join is a usage error.
STATISTICS_TABLE = "1  FL101  unknown-key"
STATISTICS_FORMAT_SOURCES = [
    pytest.param([], {}, STATISTICS_TABLE, id="no format"),
    pytest.param([], {"GITHUB_ACTIONS": "true"}, STATISTICS_TABLE, id="GITHUB_ACTIONS"),
    *(
        pytest.param([], {"FILMLINT_OUTPUT_FORMAT": name}, STATISTICS_TABLE, id=f"variable {name}")
        for name in ("github", "sarif", "junit", "gitlab", "json-lines", "concise", "full")
    ),
    pytest.param(
        [],
        {"FILMLINT_OUTPUT_FORMAT": "github", "GITHUB_ACTIONS": "true"},
        STATISTICS_TABLE,
        id="variable github in GitHub Actions",
    ),
    pytest.param([], {"FILMLINT_OUTPUT_FORMAT": "json"}, '"code": "FL101"', id="variable json"),
    pytest.param(
        ["--output-format", "concise"],
        {"FILMLINT_OUTPUT_FORMAT": "github"},
        STATISTICS_TABLE,
        id="option beats the variable",
    ),
    pytest.param(["--output-format", "github"], {}, None, id="option github"),
    pytest.param(
        ["--output-format", "sarif"],
        {"FILMLINT_OUTPUT_FORMAT": "concise"},
        None,
        id="option sarif over the variable",
    ),
]


@pytest.mark.parametrize(("options", "env", "shown"), STATISTICS_FORMAT_SOURCES)
def test_statistics_fall_back_from_a_default_format_but_not_from_an_option(
    site: Path, options: list[str], env: dict[str, str], shown: str | None
) -> None:
    result = run_cli("check", "--no-cache", "--statistics", *options, cwd=site, env=env)
    if shown is None:
        assert result.returncode == 2
        assert "--statistics works with the concise, full and json formats only" in result.stderr
        return
    assert result.returncode == 1, result.stderr
    assert shown in result.stdout


def test_output_file_short_option_and_a_missing_folder(site: Path) -> None:
    written = run_cli("check", "-o", "report.txt", cwd=site)
    assert written.returncode == 1
    assert "[unknown-key] error:" in (site / "report.txt").read_text(encoding="utf-8")
    missing = run_cli("check", "--output-file", "no/such/report.txt", cwd=site)
    assert missing.returncode == 2
    assert missing.stderr == (
        "filmlint: error: cannot write the report to no/such/report.txt: no folder no/such\n"
    )
    assert "internal error" not in missing.stderr


def test_an_unknown_option_shows_the_usage_of_its_command(site: Path) -> None:
    result = run_cli("check", "--bogus", cwd=site)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: filmlint check ")
    assert "filmlint check: error: unrecognized arguments: --bogus" in result.stderr


def test_concise_lines_say_the_severity(site: Path) -> None:
    (site / "filmlint.toml").write_text(
        '[rules.unknown-key]\nseverity = "warning"\n', encoding="utf-8"
    )
    result = run_cli("check", "--no-cache", cwd=site)
    first = result.stdout.splitlines()[0]
    assert first.startswith("bad.md:") and " FL101 [unknown-key] warning: unknown key" in first


@pytest.mark.parametrize("output_format", ["concise", "full"])
def test_color_always_never_and_the_environment(site: Path, output_format: str) -> None:
    def check(*flags: str, env: dict[str, str] | None = None) -> str:
        args = ("check", "--no-cache", "--format", output_format, *flags)
        return run_cli(*args, cwd=site, env=env).stdout

    plain = check()  # captured output is no terminal
    assert SGR.search(plain) is None
    coloured = check("--color", "always", env={"NO_COLOR": "1"})
    assert "\x1b[1;31merror" in coloured or "\x1b[1;31mFL101" in coloured
    assert SGR.sub("", coloured) == plain
    assert SGR.search(check(env={"FORCE_COLOR": "1"})) is not None
    assert SGR.search(check("--color", "never", env={"FORCE_COLOR": "1"})) is None
    assert SGR.search(check(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})) is None


def test_a_coloured_report_in_a_file_only_when_asked(site: Path) -> None:
    run_cli("check", "-o", "plain.txt", cwd=site, env={"FORCE_COLOR": "1"})
    run_cli("check", "-o", "colour.txt", "--color", "always", cwd=site)
    assert SGR.search((site / "plain.txt").read_text(encoding="utf-8")) is None
    assert SGR.search((site / "colour.txt").read_text(encoding="utf-8")) is not None


def test_extend_ignore_adds_to_the_configuration(site: Path) -> None:
    (site / "filmlint.toml").write_text('ignore = ["schema"]\n', encoding="utf-8")
    result = run_cli("check", "--no-cache", "--extend-ignore", "unknown-key", cwd=site)
    assert (result.returncode, result.stdout) == (0, "All checks passed (2 files)\n")
    both = run_cli("check", "--no-cache", "--ignore", "FL2", "--extend-ignore", "FL101", cwd=site)
    assert both.returncode == 0


def test_the_summary_says_what_is_fixable(site: Path) -> None:
    result = run_cli("check", "--no-cache", cwd=site)
    assert result.stdout.splitlines()[-1] == "1 fixable with --unsafe-fixes"
    unsafe = run_cli("check", "--no-cache", "--unsafe-fixes", cwd=site)
    assert unsafe.stdout.splitlines()[-1] == "1 fixable with --fix"


def test_diff_without_changes_says_so(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    result = run_cli("check", "--diff", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "No changes\n")
    quiet = run_cli("check", "--diff", "--quiet", cwd=tmp_path)
    assert quiet.stderr == ""


@pytest.mark.parametrize("flag", ["--output-format", "--format"])
def test_rules_as_json(flag: str) -> None:
    result = run_cli("rules", flag, "json")
    assert result.returncode == 0
    rules = {rule["name"]: rule for rule in json.loads(result.stdout)}
    rating = rules["rating-format"]
    assert {key: rating[key] for key in ("code", "severity", "origin")} == {
        "code": "FL203",
        "severity": "error",
        "origin": "filmlint",
    }
    assert rating["summary"]
    assert rating["options"]["allow"]["default"] == []
    assert all(set(rule) == set(rating) for rule in rules.values())
    text = run_cli("rules")
    assert len(text.stdout.splitlines()) == len(rules)
