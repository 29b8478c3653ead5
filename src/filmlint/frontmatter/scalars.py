"""Values of YAML scalars as JSON-compatible Python data."""

from __future__ import annotations

import math
from typing import Any

from ruamel.yaml.nodes import Node, ScalarNode

TAG_PREFIX = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (
    TAG_PREFIX + name for name in ("str", "null", "bool", "int", "float")
)


def key_of(node: Node, tag: str | None = None) -> str:
    """A mapping key as a string, the way JSON (and so JSON Schema) sees it.

    ``tag`` is the node's tag when the caller has it (``node.tag`` builds a new string).
    """
    if not isinstance(node, ScalarNode):
        return str(node.value)
    value = scalar_value(node, tag)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def scalar_value(node: ScalarNode, tag: str | None = None) -> Any:
    """The JSON-compatible value of a scalar, by its resolved tag (YAML 1.2 core schema)."""
    text: str = node.value
    if tag is None:
        tag = str(node.tag)
    if tag == _STR or not tag.startswith(TAG_PREFIX):
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on", "y")
    if tag == _INT:
        return _int(text)
    if tag == _FLOAT:
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
