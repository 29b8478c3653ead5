"""Which configuration file a run reads: the nearest filmlint.toml, or pyproject.toml with a
[tool.filmlint] table, searched upward from the starting folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from filmlint.engine.settings import ConfigError, find_config_file

TOOL_TABLE = '[tool.filmlint]\nselect = ["ALL"]\n'
NO_TOOL_TABLE = '[project]\nname = "site"\n'
ONLY_A_DEPENDENCY = '[project]\nname = "site"\ndependencies = ["filmlint>=0.1"]\n'
BROKEN = '[tool.filmlint\nselect = "ALL"\n'


@pytest.mark.parametrize(
    ("files", "found"),
    [
        ({"filmlint.toml": ""}, "filmlint.toml"),
        ({"site/pyproject.toml": TOOL_TABLE}, "site/pyproject.toml"),
        ({"site/pyproject.toml": NO_TOOL_TABLE, "filmlint.toml": ""}, "filmlint.toml"),
        ({"site/pyproject.toml": ONLY_A_DEPENDENCY, "filmlint.toml": ""}, "filmlint.toml"),
        ({"site/filmlint.toml": "", "site/pyproject.toml": TOOL_TABLE}, "site/filmlint.toml"),
        ({"site/pyproject.toml": TOOL_TABLE, "filmlint.toml": ""}, "site/pyproject.toml"),
        ({"site/pyproject.toml": NO_TOOL_TABLE}, None),
    ],
)
def test_nearest_configuration_file(
    tmp_path: Path, files: dict[str, str], found: str | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    start = tmp_path / "site" / "films"
    start.mkdir(parents=True)
    result = find_config_file(start)
    # Folders above tmp_path are not the test's: only a file inside it counts.
    inside = result if result is not None and tmp_path in result.parents else None
    assert inside == (None if found is None else tmp_path / found)


@pytest.mark.parametrize("broken", [BROKEN, '[tool.filmlint]\nselect = ["ALL"\n'])
def test_a_pyproject_naming_filmlint_that_is_not_toml_is_an_error(
    tmp_path: Path, broken: str
) -> None:
    """Not skipped for the configuration above it: the settings it meant would give way to
    others in silence."""
    (tmp_path / "filmlint.toml").write_text("", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "pyproject.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site/pyproject\.toml: invalid TOML: "):
        find_config_file(tmp_path / "site")


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_pyproject_without_filmlint_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(NO_TOOL_TABLE, encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from filmlint.engine.settings import load_config; "
        "load_config(start=Path.cwd()); print('tomllib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout == "False\n"
