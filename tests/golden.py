"""Compare an output with its golden file in tests/data/golden/.

``FILMLINT_UPDATE_GOLDEN=1 python -m pytest`` rewrites the golden files (and the generated
rule pages) that differ, and still fails those tests: review the diff, then run the tests
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
