"""Shared test helpers: lint a text and get compact (line, column, rule) rows."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import filmlint
from filmlint.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("FILMLINT_CORPUS", ROOT.parent / "shared" / "corpus" / "femres-films"))

#: The required keys of a film, with values that break no rule.
REQUIRED = """\
title: "Alien"
director: "Ridley Scott"
description: "A crew meets a creature."
releaseDate: 1979-05-25
topics: ["Bodily Autonomy"]
status: "published"
"""


def front(yaml: str, body: str = "Body.\n") -> str:
    """A film file with ``yaml`` (dedented) as front matter."""
    return "---\n" + textwrap.dedent(yaml).strip("\n") + "\n---\n" + body


def film(extra: str = "") -> str:
    """A valid film file with the YAML lines ``extra`` added to its front matter."""
    return front(REQUIRED + extra)


VALID = film()


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m filmlint ARGS`` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "filmlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, **(env or {})},
    )


def rows(text: str, path: str | None = None, **kwargs: object) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.rule) for d in filmlint.lint_text(text, path, **kwargs)]  # type: ignore[arg-type]


def lint(text: str, path: str | None = None, **kwargs: object) -> list[Diagnostic]:
    return filmlint.lint_text(text, path, **kwargs)  # type: ignore[arg-type]


#: Variables that change filmlint's output (format, colour): only the tests about them set them.
OUTPUT_VARIABLES = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")


@pytest.fixture(autouse=True)
def plain_output_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run the same inside GitHub Actions (which sets GITHUB_ACTIONS) as anywhere."""
    for name in OUTPUT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (set FILMLINT_CORPUS)")
    return CORPUS
