"""Values of YAML scalars as JSON-compatible Python data."""

from __future__ import annotations

import math
from typing import Any

from ruamel.yaml.nodes import Node, ScalarNode

TAG_PREFIX = "tag:yaml.org,2002:"


def key_of(node: Node) -> str:
    """A mapping key as a string, the way JSON (and so JSON Schema) sees it."""
    if not isinstance(node, ScalarNode):
        return str(node.value)
    value = scalar_value(node)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def scalar_value(node: ScalarNode) -> Any:
    """The JSON-compatible value of a scalar, by its resolved tag (YAML 1.2 core schema)."""
    text: str = node.value
    tag = str(node.tag)
    if tag == TAG_PREFIX + "str" or not tag.startswith(TAG_PREFIX):
        return text
    if tag == TAG_PREFIX + "null":
        return None
    if tag == TAG_PREFIX + "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == TAG_PREFIX + "int":
        return _int(text)
    if tag == TAG_PREFIX + "float":
        return _float(text)
    return text  # timestamps keep their ISO text, which is what JSON Schema's "date" reads


def _int(text: str) -> int | str:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    try:
        if digits.startswith(("0o", "0x", "0b")):
            return sign * int(digits, 0)
        return sign * int(digits)
    except ValueError:
        return text


def _float(text: str) -> float | str:
    lowered = text.replace("_", "").lower()
    if lowered.endswith((".inf", ".nan")):
        return (
            -math.inf if lowered.startswith("-") else (math.nan if "nan" in lowered else math.inf)
        )
    try:
        return float(lowered)
    except ValueError:
        return text
