"""The configuration examples of the README, read as the tests use them."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from conftest import ROOT
from filmlint.registry import Registry

#: Rules of the README's multilingual example that another part of filmlint provides; until
#: they are registered, their tables are left out so the rest of the example is still used.
LOCALIZED_RULES = ("country-code", "language-code")


def toml_examples() -> list[dict[str, Any]]:
    """The ``[tool.filmlint]`` tables of the README's TOML blocks that configure filmlint."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```toml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    tables = [tomllib.loads(block).get("tool", {}).get("filmlint") for block in blocks]
    return [table for table in tables if table is not None]


def multilingual_example(registry: Registry) -> dict[str, Any]:
    """The README's configuration for a multilingual site, as a ``[tool.filmlint]`` table."""
    (table,) = [table for table in toml_examples() if "locale" in table]
    return usable(table, registry)


def usable(table: dict[str, Any], registry: Registry) -> dict[str, Any]:
    rules = {
        name: options
        for name, options in table.get("rules", {}).items()
        if name not in LOCALIZED_RULES or registry.get(name) is not None
    }
    return {**table, "rules": rules}
