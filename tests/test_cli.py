"""The command end to end, as a user runs it: output, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID, film, run_cli, run_cli_process


def test_examples_show_real_problems_and_exit_1() -> None:
    result = run_cli("check", "--no-cache", "examples", cwd=ROOT)  # no cache left in the checkout
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "examples/films/cleo-from-5-to-7-1962.md:4:1: FL101 [unknown-key] error: unknown key 'directer'; did you mean 'director'? (unsafe fix available: --unsafe-fixes)"
        in lines
    )
    assert not any("the-piano-1993.md" in line for line in lines)


def test_clean_file_exits_0(tmp_path: Path) -> None:
    (tmp_path / "alien.md").write_text(VALID, encoding="utf-8")
    result = run_cli("check", str(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "All checks passed (1 file)\n",
        "",
    )


def test_no_paths_lints_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "bad.markdown").write_text("no front matter\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "bad.md").write_text("no front matter\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not markdown\n", encoding="utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "films/bad.markdown:1:1: FL003 [missing-front-matter] error: no front matter: the file must start with a '---' line",
        "1 problem (1 error, 0 warnings) in 1 of 1 file",
    ]


def test_git_ignored_files_are_skipped(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "wip.md").write_text("no front matter\n", encoding="utf-8")
    (tmp_path / "ok.md").write_text(VALID, encoding="utf-8")
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0


def test_json_format_is_the_documented_contract(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(VALID.replace('status: "published"', "status: gone"), encoding="utf-8")
    result = run_cli("check", "--format", "json", str(bad))
    assert result.returncode == 1
    (item,) = json.loads(result.stdout)
    assert item == {
        "path": str(bad),
        "line": 7,
        "column": 9,
        "end_line": 7,
        "end_column": 13,
        "code": "FL104",
        "rule": "invalid-value",
        "severity": "error",
        "message": 'gone is not allowed here; use one of: "draft", "published"'.replace(
            "gone", '"gone"'
        ),
        "fix": None,
    }


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "--select", "no-such-rule"], "no rule is named or coded 'no-such-rule'"),
        (["check", "--select", ""], "--select: expected rule names, codes or prefixes"),
        (["check", "--ignore", " , "], "--extend-ignore: expected rule names, codes or prefixes"),
        (["check", "--extend-select", ","], "--extend-select: expected rule names, codes or"),
        (["check", "--schema", "missing.json"], "cannot read schema"),
        (["check", "--config", "missing.toml"], "cannot read missing.toml"),
        (["rule", "no-such-rule"], "no rule is named or coded"),
        (
            ["rule", "contry-code"],
            "'contry-code' (see 'filmlint rules'); did you mean 'country-code'?",
        ),
        (["rule", "fl2010"], "did you mean 'FL201'?"),
        (["check", "--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_key_is_named(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text('selekt = ["ALL"]\n', encoding="utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "filmlint.toml: selekt: unknown key" in result.stderr


def test_rules_and_rule_pages() -> None:
    listing = run_cli("rules").stdout
    assert "FL101  unknown-key" in listing
    for selector in ("unknown-key", "FL101", "fl101"):
        page = run_cli("rule", selector)
        assert page.returncode == 0
        assert page.stdout.startswith("# unknown-key (FL101)\n")
        assert "Bad:" in page.stdout


WARNING_ONLY = VALID.replace('title: "Alien"', 'title: ""')  # a "schema" problem


@pytest.mark.parametrize(
    ("config", "args", "code", "summary"),
    [
        pytest.param("", [], 1, "1 problem (1 error, 0 warnings) in 1 of 2 files", id="error"),
        pytest.param(
            '[rules.schema]\nseverity = "warning"\n',
            [],
            0,
            "1 problem (0 errors, 1 warning) in 1 of 2 files",
            id="configured as a warning: exit 0",
        ),
        pytest.param(
            '[rules.schema]\nseverity = "warning"\n',
            ["--strict"],
            1,
            "1 problem (0 errors, 1 warning) in 1 of 2 files",
            id="--strict fails on warnings",
        ),
        pytest.param(
            "",
            ["--exit-zero"],
            0,
            "1 problem (1 error, 0 warnings) in 1 of 2 files",
            id="--exit-zero",
        ),
        pytest.param(
            '[rules.schema]\nseverity = "warning"\n',
            ["--strict", "--exit-zero"],
            0,
            "1 problem (0 errors, 1 warning) in 1 of 2 files",
            id="--exit-zero beats --strict",
        ),
    ],
)
def test_severity_and_exit_codes(
    tmp_path: Path, config: str, args: list[str], code: int, summary: str
) -> None:
    (tmp_path / "filmlint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "bad.md").write_text(WARNING_ONLY, encoding="utf-8")
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    result = run_cli("check", *args, cwd=tmp_path)
    assert result.returncode == code
    severity = "warning" if "warning" in config else "error"
    line = f"bad.md:2:8: FL100 [schema] {severity}: must not be empty"
    assert result.stdout.splitlines() == [line, summary]
    json_result = run_cli("check", "--format", "json", *args, cwd=tmp_path)
    (item,) = json.loads(json_result.stdout)
    assert (json_result.returncode, item["severity"]) == (code, severity)


def test_exit_2_beats_exit_zero(tmp_path: Path) -> None:
    result = run_cli("check", "--exit-zero", "--select", "nope", cwd=tmp_path)
    assert result.returncode == 2


def test_quiet_shows_problems_without_summary(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(WARNING_ONLY, encoding="utf-8")
    assert (
        run_cli("check", "-q", cwd=tmp_path).stdout
        == "bad.md:2:8: FL100 [schema] error: must not be empty\n"
    )
    (tmp_path / "bad.md").write_text(VALID, encoding="utf-8")
    assert run_cli("check", "--quiet", cwd=tmp_path).stdout == ""


def test_machine_formats_have_no_summary(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(WARNING_ONLY, encoding="utf-8")
    result = run_cli("check", "--format", "json-lines", cwd=tmp_path)
    assert [json.loads(line)["code"] for line in result.stdout.splitlines()] == ["FL100"]


def test_statistics_count_per_rule(tmp_path: Path) -> None:
    bad = VALID.replace('title: "Alien"', 'title: ""\nyear: "1"\nwriter: x\nactor: y')
    (tmp_path / "a.md").write_text(bad, encoding="utf-8")
    (tmp_path / "b.md").write_text(bad.replace('year: "1"\n', ""), encoding="utf-8")
    result = run_cli("check", "--statistics", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "4  FL101  unknown-key",
        "2  FL100  schema",
        "1  FL103  invalid-type",
        "7 problems (7 errors, 0 warnings) in 2 of 2 files",
    ]


def test_statistics_refuses_formats_it_cannot_join(tmp_path: Path) -> None:
    result = run_cli("check", "--statistics", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    assert "--statistics works with the concise, full and json formats only" in result.stderr


def test_output_file_holds_the_report_and_summary(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(WARNING_ONLY, encoding="utf-8")
    result = run_cli("check", "--output-file", "report.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        "1 problem (1 error, 0 warnings) in 1 of 1 file"
    )


#: Runs whose output depends on the process state run_cli sets up: folder, environment,
#: argv, streams, exit by argparse.
SAME_IN_A_PROCESS = [
    pytest.param(["check"], {}, id="folder"),
    pytest.param(["check", "--format", "full"], {"FORCE_COLOR": "1"}, id="colour from env"),
    pytest.param(["check"], {"GITHUB_ACTIONS": "true"}, id="github from env"),
    pytest.param(["check", "--select", "nope"], {}, id="usage error"),
    pytest.param(["check", "--format", "xml"], {}, id="argparse exit"),
    pytest.param(["--version"], {}, id="version"),
    pytest.param(["rule", "FL101"], {}, id="rule page"),
    pytest.param(
        ["check", "--quiet"], {"PYTHONIOENCODING": "ascii:backslashreplace"}, id="encoding"
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "env"), SAME_IN_A_PROCESS)
def test_run_cli_gives_what_a_real_process_gives(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    (tmp_path / "bad.md").write_text(film('directör: "x"\n'), encoding="utf-8")  # not ASCII
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    real = run_cli_process(*args, cwd=tmp_path, env=env)
    here = run_cli(*args, cwd=tmp_path, env=env)
    assert (here.returncode, here.stdout, here.stderr) == (
        real.returncode,
        real.stdout,
        real.stderr,
    )


def test_run_cli_leaves_this_process_as_it_was(tmp_path: Path) -> None:
    before = (Path.cwd(), dict(os.environ), sys.argv[:], sys.path[:], sys.stdout, sys.stderr)
    result = run_cli("check", cwd=tmp_path, env={"GITHUB_ACTIONS": "true", "PYTHONPATH": "x"})
    assert result.returncode == 0
    after = (Path.cwd(), dict(os.environ), sys.argv[:], sys.path[:], sys.stdout, sys.stderr)
    assert after == before


def test_sarif_gives_a_translation_mismatch_its_base_as_a_related_location(
    tmp_path: Path,
) -> None:
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
        '[collections.films]\ninclude = ["films/*.md"]\n'
    )
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "alien.md").write_text(film("imdbRating: 8.5\n"), encoding="utf-8")
    (tmp_path / "films" / "alien-en.md").write_text(film("imdbRating: 8.4\n"), encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "sarif", "films", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (mismatch,) = json.loads(result.stdout)["runs"][0]["results"]
    assert mismatch["ruleId"] == "FL404"
    (related,) = mismatch["relatedLocations"]
    location = related["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "films/alien.md", "uriBaseId": "%SRCROOT%"}
    line = film("imdbRating: 8.5\n").splitlines().index("imdbRating: 8.5") + 1
    assert location["region"] == {"startLine": line, "startColumn": 13}
    assert "8.5" in related["message"]["text"]
