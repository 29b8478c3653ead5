"""A user's script that calls the library as docs/library.md says passes ``mypy --strict``:
the hints take what the documentation and the runtime take (a ``pathlib.Path`` wherever a
path is)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("mypy")

SCRIPT = """\
from pathlib import Path

import filmlint

text = "---\\ntitle: Alien\\n---\\n"
film = Path("films/alien-1979.md")
config = filmlint.Config.from_dict({"ignore": ["url-reachable"]}, root=Path("site"))
linter = filmlint.Linter(config, select=["FL2"], ignore=["FL201"])
found: list[filmlint.Diagnostic] = [
    *filmlint.lint_text(text, path=film, config=config, select=["duplicate-item"]),
    *filmlint.lint_text(text, "alien-1979.md"),
    *filmlint.fix_text(text, film, unsafe=True)[1],
    *linter.lint_text(text, film),
    *linter.lint_bytes(text.encode(), film),
    *linter.lint_file(film),
    *linter.lint_paths([film, "site"]).diagnostics,
    *filmlint.lint_paths(Path("site"), config=filmlint.load_config(Path("filmlint.toml"))),
]
rows = [d.to_dict() for d in found]
try:
    filmlint.Config(root=Path("site"))
except (filmlint.ConfigError, filmlint.RuleError) as error:
    print(error, isinstance(error, filmlint.SchemaLoadError))
"""


@pytest.mark.slow
def test_the_documented_calls_pass_mypy_strict(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(script),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={
            **os.environ,
            "MYPYPATH": str(ROOT / "src"),
        },  # this tree's filmlint, not one installed
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
