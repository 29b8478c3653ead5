"""The configuration examples of the documentation pages, read as the tests use them."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from conftest import ROOT

#: The pages whose TOML examples configure filmlint (``docs/`` and the rule index).
PAGES = sorted([*(ROOT / "docs").glob("*.md"), ROOT / "docs" / "rules" / "index.md"])


def toml_blocks() -> list[str]:
    """Every TOML block of the documentation pages, in page order."""
    return [
        block
        for page in PAGES
        for block in re.findall(
            r"^```toml\n(.*?)^```", page.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
        )
    ]


def toml_examples() -> list[dict[str, Any]]:
    """The ``[tool.filmlint]`` tables of the pages' TOML blocks that configure filmlint."""
    tables = [tomllib.loads(block).get("tool", {}).get("filmlint") for block in toml_blocks()]
    return [table for table in tables if table is not None]


def multilingual_example() -> dict[str, Any]:
    """The configuration for a multilingual site, as a ``[tool.filmlint]`` table."""
    (table,) = [table for table in toml_examples() if "locale" in table]
    return table
