"""The configuration examples of the README, read as the tests use them."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from conftest import ROOT


def toml_examples() -> list[dict[str, Any]]:
    """The ``[tool.filmlint]`` tables of the README's TOML blocks that configure filmlint."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```toml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    tables = [tomllib.loads(block).get("tool", {}).get("filmlint") for block in blocks]
    return [table for table in tables if table is not None]


def multilingual_example() -> dict[str, Any]:
    """The README's configuration for a multilingual site, as a ``[tool.filmlint]`` table."""
    (table,) = [table for table in toml_examples() if "locale" in table]
    return table
