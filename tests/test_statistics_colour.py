"""--statistics is coloured as the other human formats are, by --color and the environment:
each code bold, red when its rule found an error, yellow when only warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import VALID, run_cli

SGR = re.compile("\x1b\\[[0-9;]*m")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    # FL101 (an error) twice, FL102 (made a warning) once.
    (tmp_path / "filmlint.toml").write_text(
        '[rules.missing-key]\nseverity = "warning"\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(VALID.replace("director:", "directer:"), encoding="utf-8")
    (tmp_path / "b.md").write_text(VALID.replace("director:", "directer:"), encoding="utf-8")
    (tmp_path / "c.md").write_text(VALID.replace('status: "published"\n', ""), encoding="utf-8")
    return tmp_path


def _statistics(site: Path, *flags: str, env: dict[str, str] | None = None) -> str:
    result = run_cli("check", "--no-cache", "--statistics", "-q", *flags, cwd=site, env=env)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_statistics_colour_follows_color_and_the_environment(site: Path) -> None:
    plain = _statistics(site)
    assert SGR.search(plain) is None
    rows = [line.split() for line in plain.splitlines()]
    assert rows[0] == ["2", "FL101", "unknown-key"]
    assert ["1", "FL102", "missing-key"] in rows
    coloured = _statistics(site, "--color", "always", env={"NO_COLOR": "1"})
    assert SGR.sub("", coloured) == plain
    assert "\x1b[1;31mFL101\x1b[0m" in coloured  # an error: red
    assert "\x1b[1;33mFL102\x1b[0m" in coloured  # warnings only: yellow
    assert SGR.search(_statistics(site, env={"FORCE_COLOR": "1"})) is not None
    assert SGR.search(_statistics(site, "--color", "never", env={"FORCE_COLOR": "1"})) is None


def test_json_statistics_are_never_coloured(site: Path) -> None:
    text = _statistics(site, "--output-format", "json", "--color", "always")
    assert SGR.search(text) is None
