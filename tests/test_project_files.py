"""Files shipped beside the code: rule pages, the GitHub Action and the pre-commit hooks."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from filmlint.reporters.rule_pages import documentation_url, help_uri, rule_page
from filmlint.rules import load_registry
from golden import assert_golden

RULE_DOCS = ROOT / "docs" / "rules"
BUILT_IN = [rule for rule in load_registry() if rule.origin == "filmlint"]


def _yaml(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [rule.name for rule in BUILT_IN])
def test_rule_page_is_in_sync(name: str) -> None:
    assert_golden(RULE_DOCS / f"{name}.md", rule_page(load_registry(), name))


def test_no_page_without_a_rule() -> None:
    pages = [p.stem for p in RULE_DOCS.glob("*.md") if p.name != "index.md"]  # the rule table
    assert sorted(pages) == sorted(r.name for r in BUILT_IN)


def test_help_uri_links_the_page_from_the_documentation_url() -> None:
    base = documentation_url()
    assert base is not None and not base.endswith("/")
    rule = load_registry()["unknown-key"]
    assert help_uri(rule) == f"{base}/rules/unknown-key.md"
    relative = "rules/unknown-key.md"
    assert (ROOT / "docs" / relative).is_file()


def test_action_installs_itself_and_runs_filmlint_with_its_inputs() -> None:
    action = _yaml(ROOT / "action.yml")
    assert isinstance(action, dict)
    assert {"name", "description", "inputs", "runs"} <= action.keys()
    inputs = action["inputs"]
    assert set(inputs) == {"paths", "config", "format", "online", "args", "python-version"}
    assert all("description" in spec for spec in inputs.values())
    assert inputs["format"]["default"] == "github"
    assert inputs["online"]["default"] == "false"
    runs = action["runs"]
    assert runs["using"] == "composite"
    steps = runs["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert steps[0]["with"]["python-version"] == "${{ inputs.python-version }}"
    assert steps[0]["with"]["update-environment"] is False  # the job's Python stays its own
    scripts = [step for step in steps if "run" in step]
    assert scripts and all(step.get("shell") == "bash" for step in scripts)
    install, lint = scripts
    assert re.search(r'pip install (--quiet )?"\$GITHUB_ACTION_PATH"', install["run"])
    assert 'filmlint-venv/bin/filmlint" check' in lint["run"]
    # Every input reaches the run step through the environment, never pasted into the script
    # (an input holding quotes or `$(...)` must not become shell code).
    script = "\n".join(step["run"] for step in scripts)
    assert "${{" not in script
    env = lint["env"]
    for name in ("paths", "config", "format", "online", "args"):
        variable = next(k for k, v in env.items() if v == f"${{{{ inputs.{name} }}}}")
        # Read as a value, or split into words by name (paths and args).
        assert re.search(rf"(\${{?|split_input ){variable}\b", lint["run"]), name
    assert '--format "$FILMLINT_FORMAT"' in lint["run"]
    assert '"$FILMLINT_ONLINE" = "true"' in lint["run"]


def test_pre_commit_hooks() -> None:
    hooks = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"filmlint", "filmlint-online", "filmlint-fix"}
    plain, online, fix = by_id["filmlint"], by_id["filmlint-online"], by_id["filmlint-fix"]
    assert online["entry"] == plain["entry"] == "filmlint check"
    assert online["args"] == ["--online"]
    assert fix["entry"] == "filmlint check --fix --exit-non-zero-on-fix"
    same = ("language", "types", "require_serial")
    assert {k: online[k] for k in same} == {k: fix[k] for k in same} == {k: plain[k] for k in same}
    # Runs one after another: one writer of the URL and result caches at a time.
    assert plain["require_serial"] is True
    assert set(plain) == set(fix) == set(online) - {"args"}


def _action_script(tmp_path: Path) -> tuple[str, Path]:
    """The action's lint step, and a runner folder whose filmlint records its arguments."""
    action = _yaml(ROOT / "action.yml")
    assert isinstance(action, dict)
    script: str = action["runs"]["steps"][-1]["run"]
    program = tmp_path / "runner" / "filmlint-venv" / "bin" / "filmlint"
    program.parent.mkdir(parents=True)
    program.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\n', encoding="utf-8")
    program.chmod(0o755)
    (program.parent / "python").symlink_to(sys.executable)  # splits the inputs into words
    return script, tmp_path / "runner"


@pytest.mark.parametrize(
    ("inputs", "argv"),
    [
        pytest.param(
            {"paths": ".", "config": "", "format": "github", "online": "false", "args": ""},
            ["check", "--format", "github", "--", "."],
            id="defaults",
        ),
        pytest.param(
            {
                "paths": "content/films\nmy films",
                "config": "ci/filmlint.toml",
                "format": "sarif",
                "online": "true",
                "args": "--strict --output-file report.sarif",
            },
            [
                "check",
                "--format",
                "sarif",
                "--config",
                "ci/filmlint.toml",
                "--online",
                "--strict",
                "--output-file",
                "report.sarif",
                "--",
                "content/films",
                "my",
                "films",
            ],
            id="every input",
        ),
        pytest.param(
            {
                "paths": "$(touch pwned) `id`",
                "config": "",
                "format": "github",
                "online": "no",
                "args": "",
            },
            ["check", "--format", "github", "--", "$(touch", "pwned)", "`id`"],
            id="inputs are never run as shell code",
        ),
        pytest.param(
            {
                "paths": "\"site/My Films\" 'notes/a b.md'\nsite/films/it\\'s.md",
                "config": "",
                "format": "github",
                "online": "false",
                "args": '--output-file "my report.txt" --per-file-ignores "a b/*.md:FL101"',
            },
            [
                "check",
                "--format",
                "github",
                "--output-file",
                "my report.txt",
                "--per-file-ignores",
                "a b/*.md:FL101",
                "--",
                "site/My Films",
                "notes/a b.md",
                "site/films/it's.md",
            ],
            id="quoted words keep their spaces",
        ),
        pytest.param(
            {"paths": "", "config": "", "format": "github", "online": "false", "args": "-q"},
            ["check", "--format", "github", "-q", "--"],
            id="no paths",
        ),
    ],
)
def test_action_passes_its_inputs_to_filmlint(
    tmp_path: Path, inputs: dict[str, str], argv: list[str]
) -> None:
    import os
    import subprocess

    script, runner = _action_script(tmp_path)
    record = tmp_path / "argv.txt"
    env = {
        "PATH": os.environ["PATH"],
        "RUNNER_TEMP": str(runner),
        "RECORD": str(record),
        **{f"FILMLINT_{k.upper()}": v for k, v in inputs.items()},
    }
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    assert record.read_text(encoding="utf-8").splitlines() == argv
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("name", ["paths", "args"])
def test_action_fails_on_an_input_with_an_unclosed_quote(tmp_path: Path, name: str) -> None:
    import os
    import subprocess

    script, runner = _action_script(tmp_path)
    record = tmp_path / "argv.txt"
    inputs = {"paths": ".", "config": "", "format": "github", "online": "false", "args": ""}
    inputs[name] = '"site/My Films'
    env = {
        "PATH": os.environ["PATH"],
        "RUNNER_TEMP": str(runner),
        "RECORD": str(record),
        **{f"FILMLINT_{k.upper()}": v for k, v in inputs.items()},
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"FILMLINT_{name.upper()} cannot be split into words: No closing quotation" in (
        result.stderr
    )
    assert not record.exists()  # filmlint never ran on half an input
