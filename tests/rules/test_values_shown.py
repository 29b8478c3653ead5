"""country-code and language-code show a value's invisible characters escaped: a value with a
zero-width space reads, raw, as the valid value without it ("'US' is not an ISO 3166-1
code")."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

import pytest

import filmlint
from conftest import front
from filmlint.api import shown

#: Categories of the characters one cannot see: controls, format characters, spaces.
INVISIBLE = ("Cc", "Cf", "Zs")


@cache
def characters(category: str) -> tuple[str, ...]:
    """Every character of the category, but the space, which anyone sees in a message."""
    found = (chr(code) for code in range(sys.maxunicode + 1))
    return tuple(c for c in found if unicodedata.category(c) == category and c != " ")


def escaped(char: str) -> str:
    code = ord(char)
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char)
    return named or (
        f"\\x{code:02x}"
        if code <= 0xFF
        else f"\\u{code:04x}"
        if code <= 0xFFFF
        else f"\\U{code:08x}"
    )


def yaml_escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@pytest.mark.parametrize("category", INVISIBLE)
@pytest.mark.parametrize(
    ("field", "rule", "value"),
    [("country", "country-code", "U{}S"), ("language", "language-code", "e{}n")],
)
def test_invisible_characters_are_shown_escaped(
    category: str, field: str, rule: str, value: str
) -> None:
    """Each character of the category inside a value: one list item each, one file."""
    chars = characters(category)
    items = "".join(f'\n  - "{value.format(yaml_escaped(c))}"' for c in chars)
    found = filmlint.lint_text(front(f"{field}:{items}"), "film.md", select=[rule])
    assert len(found) == len(chars)
    for char, diagnostic in zip(chars, found, strict=True):
        assert diagnostic.message.startswith(f"'{value.format(escaped(char))}' is not ")
        assert diagnostic.message.isprintable(), diagnostic.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US", "'US'"),
        ("United States", "'United States'"),
        ("Côte d'Ivoire", "'Côte d'Ivoire'"),  # quotes stay single, as messages write them
        ("C:\\films", "'C:\\films'"),  # a backslash stays one
        ("US\u200b", "'US\\u200b'"),
        ("\ufeffGB", "'\\ufeffGB'"),
        ("a\tb\nc", "'a\\tb\\nc'"),
        ("美\u3000国", "'美\\u3000国'"),
        ("x\U000e0001y", "'x\\U000e0001y'"),  # not "\ue0001": U+E000 and a "1"
    ],
)
def test_shown(text: str, expected: str) -> None:
    assert shown(text) == expected
