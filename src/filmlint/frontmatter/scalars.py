"""Values of YAML scalars as JSON-compatible Python data, and mapping keys as strings."""

from __future__ import annotations

import contextlib
import decimal
import json
import math
import re
from functools import cache
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

TAG_PREFIX = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (
    TAG_PREFIX + name for name in ("str", "null", "bool", "int", "float")
)
#: Longer key text is cut ("..."): a key is a name in messages, and an alias bomb in a key
#: must not be expanded.
MAX_KEY_TEXT = 200
#: A scalar shown unquoted in a key's flow text; anything else is shown as a JSON string.
_PLAIN = re.compile(r"[\w.+/()-]+(?: [\w.+/()-]+)*")
#: Digits of the longest integer read as a number; a longer one stays text. Turning digits
#: into an int costs more than linear time, so a file of ten million digits would hang the
#: run; this many take about 30 ms.
MAX_INT_DIGITS = 100_000
#: Digits ``int()`` reads in one piece (Python refuses more than 4,300 in base 10).
_CHUNK = 4_000
#: The texts read as an integer or a number (without their ``_``, and in lower case for a
#: number); others keep their text. Patterns of the YAML core schema, as loaders read them.
_INT_TEXT = re.compile(r"[-+]?(?:0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+)")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?|[-+]?\.inf|\.nan")
_TIMESTAMP, _MERGE = TAG_PREFIX + "timestamp", TAG_PREFIX + "merge"
#: The words a ``!!bool`` may tag (those of YAML 1.1 too, which loaders still read).
_TRUE = frozenset(("true", "yes", "on", "y"))
_BOOL_WORDS = _TRUE | {"false", "no", "off", "n"}
#: What each standard tag stands for, as a message says it.
TAG_KINDS = {
    TAG_PREFIX + name: kind
    for name, kind in (
        ("str", "text"),
        ("int", "an integer"),
        ("float", "a number"),
        ("bool", "true or false"),
        ("null", "null"),
        ("timestamp", "a date or time"),
        ("map", "a mapping"),
        ("seq", "a list"),
        ("merge", "'<<'"),
    )
}


class LongInt(int):
    """An integer with more digits than Python turns into text (``sys.int_info``'s
    ``default_max_str_digits``, 4,300): ``str`` and ``repr`` describe it ("an integer of
    5,000 digits") instead of raising ValueError, so that every message that shows a value,
    python-jsonschema's among them, survives it and stays short."""

    def __repr__(self) -> str:
        return f"an integer of {digit_count(self):,} digits"

    __str__ = __repr__


def digit_count(value: int) -> int:
    """How many decimal digits ``value`` has, without turning it into text."""
    value = abs(value)
    if value == 0:
        return 1
    digits = int(math.log10(value)) + 1  # a float: one off next to a power of ten
    if value < 10 ** (digits - 1):
        return digits - 1
    return digits + 1 if value >= 10**digits else digits


def int_text(value: int) -> str:
    """``str(value)`` for an integer of any length (decimal has no digit limit)."""
    if isinstance(value, LongInt) or abs(value).bit_length() > _SAFE_BITS:
        return format(decimal.Decimal(int(value)), "f")
    return str(value)


#: Bits of the largest integer ``str`` turns into text whatever the interpreter's limit.
_SAFE_BITS = int((_CHUNK - 1) * math.log2(10))


class SelfReference(Exception):
    """A collection holds itself through an alias: it has no finite value."""


def key_of(node: Node, tag: str | None = None) -> str:
    """A mapping key as a string, the way JSON (and so JSON Schema) sees it.

    A list or mapping used as a key (``[a, b]: 1``) is shown as flow YAML, ``[a, b]``.
    ``tag`` is the node's tag when the caller has it (``node.tag`` builds a new string).
    """
    if not isinstance(node, ScalarNode):
        out: list[str] = []
        with contextlib.suppress(_Cut):
            _flow_text(node, out, set())
        text = "".join(out)
        return text if len(text) <= MAX_KEY_TEXT else text[:MAX_KEY_TEXT] + "..."
    value = scalar_value(node, tag)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(value)
    return "null" if value is None else str(value)


class _Cut(Exception):
    """The flow text of a key is longer than MAX_KEY_TEXT: the rest is not needed."""


def _flow_text(node: Node, out: list[str], holding: set[int]) -> None:
    """Append ``node`` as flow YAML to ``out``; ``holding``: the collections it is inside."""
    if len(out) > MAX_KEY_TEXT:  # each part has a character at least: the text is long enough
        raise _Cut
    if isinstance(node, ScalarNode):
        text = key_of(node)
        out.append(text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False))
        return
    if id(node) in holding:
        raise SelfReference
    holding.add(id(node))
    mapping = isinstance(node, MappingNode)
    out.append("{" if mapping else "[")
    for number, item in enumerate(node.value):
        if number:
            out.append(", ")
        if mapping:
            _flow_text(item[0], out, holding)
            out.append(": ")
            _flow_text(item[1], out, holding)
        else:
            _flow_text(item, out, holding)
    out.append("}" if mapping else "]")
    holding.discard(id(node))


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
        return text.lower() in _TRUE
    if tag == _INT:
        return _int(text)
    if tag == _FLOAT:
        return _float(text)
    return text  # timestamps keep their ISO text, which is what JSON Schema's "date" reads


@cache
def _timestamp_text() -> re.Pattern[str]:
    """A date, or a date and time, as YAML's timestamp type writes them: compiled for the
    first value tagged ``!!timestamp`` (a resolved date never asks)."""
    return re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
    )


def tag_fits(text: str, tag: str) -> bool:
    """Whether a scalar written with the standard ``tag`` is a value of that tag: YAML
    loaders refuse ``!!int abc``, ``!!bool maybe``, ``!!null x`` or a scalar tagged
    ``!!map``. (A resolved tag always fits: the resolver chose it by the text.)"""
    if tag == _NULL:
        return text in ("", "~") or text.lower() == "null"
    if tag == _BOOL:
        return text.lower() in _BOOL_WORDS
    if tag == _INT:
        return _INT_TEXT.fullmatch(text.replace("_", "")) is not None
    if tag == _FLOAT:
        return _FLOAT_TEXT.fullmatch(text.replace("_", "").lower()) is not None
    if tag == _TIMESTAMP:
        return _timestamp_text().fullmatch(text) is not None
    if tag == _MERGE:
        return text == "<<"
    return tag == _STR


def _int(text: str) -> int | str:
    digits = text.replace("_", "")
    if len(digits) > MAX_INT_DIGITS + 1 or _INT_TEXT.fullmatch(digits) is None:
        return text
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        return text
    if digits.startswith(("0o", "0x", "0b")):
        value = sign * int(digits, 0)  # bases that are powers of two have no digit limit
    else:
        value = sign * _decimal_int(digits)
    return LongInt(value) if value.bit_length() > _SAFE_BITS else value


def _decimal_int(digits: str) -> int:
    """The integer a string of decimal digits writes, however long: read in halves, each
    below ``int``'s digit limit, so that the work grows as multiplication does, not as the
    square of the length."""
    if len(digits) <= _CHUNK:
        return int(digits)
    low = _CHUNK
    while low * 2 < len(digits):
        low *= 2
    return _decimal_int(digits[:-low]) * _power_of_ten(low) + _decimal_int(digits[-low:])


@cache
def _power_of_ten(exponent: int) -> int:
    """``10**exponent``, kept: ``_decimal_int`` asks for the same few (``_CHUNK`` times a power
    of two) again and again."""
    power: int = 10**exponent
    return power


def _float(text: str) -> float | str:
    lowered = text.replace("_", "").lower()
    if _FLOAT_TEXT.fullmatch(lowered) is None:
        return text
    if lowered.endswith((".inf", ".nan")):
        return (
            -math.inf if lowered.startswith("-") else (math.nan if "nan" in lowered else math.inf)
        )
    return float(lowered)
