"""Compare an output with its golden file in tests/data/golden/.

``FILMLINT_UPDATE_GOLDEN=1 python -m pytest`` rewrites the golden files (and the generated
rule pages, the rule table and the configuration reference of docs/) that differ, and still fails those tests: review the diff, then run the tests
again without it. A run with the variable set can therefore never pass on a wrong output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden"
UPDATE = os.environ.get("FILMLINT_UPDATE_GOLDEN") == "1"


def assert_golden(path: Path, actual: str) -> None:
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if actual == expected:
        return
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        pytest.fail(
            f"rewrote {path.name}: review the change, then run without FILMLINT_UPDATE_GOLDEN"
        )
    assert actual == expected, (
        f"{path.name} differs from the output; if the change is intended, regenerate it with "
        "FILMLINT_UPDATE_GOLDEN=1 and review the diff"
    )


def assert_golden_section(path: Path, name: str, actual: str) -> None:
    """Like ``assert_golden`` for the part of a file between ``<!-- NAME:start -->`` and
    ``<!-- NAME:end -->`` (each on a line of its own); the rest of the file stays as it is."""
    text = path.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->\n"
    assert text.count(start) == text.count(end) == 1, f"{path.name} lacks one {start.strip()}"
    before, rest = text.split(start)
    expected, after = rest.split(end)
    if actual == expected:
        return
    if UPDATE:
        path.write_text(before + start + actual + end + after, encoding="utf-8", newline="")
        pytest.fail(
            f"rewrote {name} in {path.name}: review the change, then run without FILMLINT_UPDATE_GOLDEN"
        )
    assert actual == expected, (
        f"{name} in {path.name} differs from the output; if the change is intended, regenerate "
        "it with FILMLINT_UPDATE_GOLDEN=1 and review the diff"
    )
