"""untranslated-text: the original title is recognised in any Unicode normalization form."""

from __future__ import annotations

import unicodedata

import pytest

import filmlint
from conftest import front
from filmlint.engine.settings import parse_config

CONFIG = parse_config({"locale": {"default": "en"}}, None)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def problems(title: str, description: str, body: str) -> list[tuple[int, int]]:
    text = front(f'originalTitle: "{title}"\ndescription: "{description}"', body)
    found = filmlint.lint_text(text, "film.md", config=CONFIG, select=["untranslated-text"])
    return [(d.line, d.column) for d in found]


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        pytest.param("ゴジラ", nfd("ゴジラ"), id="kana, title NFC, quoted NFD"),
        pytest.param(nfd("ゴジラ"), "ゴジラ", id="kana, title NFD, quoted NFC"),
        pytest.param("괴물", nfd("괴물"), id="Hangul, quoted as conjoining jamo"),
        pytest.param(nfd("괴물"), "괴물", id="Hangul, title as conjoining jamo"),
        pytest.param("Бойня", nfd("Бойня"), id="Cyrillic й, quoted NFD"),
        pytest.param("ゴジラ", "ゴジラ", id="both NFC"),
    ],
)
def test_title_in_another_form_is_not_reported(title: str, quoted: str) -> None:
    assert problems(title, f"The film {quoted} (1954).", f"Watch {quoted} tonight.\n") == []


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        pytest.param("ゴジラ", nfd("ゴジラ"), id="title NFC, quoted NFD"),
        pytest.param(nfd("ゴジラ"), "ゴジラ", id="title NFD, quoted NFC"),
        pytest.param(nfd("ゴジラ"), nfd("ゴジラ"), id="both NFD"),
    ],
)
def test_text_after_the_title_is_reported_at_its_place(title: str, quoted: str) -> None:
    description = f"{quoted} and 怪獣"
    body = f"{quoted} 怪獣 {nfd('ガ')}\n"  # NFD text after the title too
    text = front(f'originalTitle: "{title}"\ndescription: "{description}"', body)
    # 怪 in the description and in the body, its column counted in the file's code points
    expected = [
        (number, line.index("怪") + 1)
        for number, line in enumerate(text.splitlines(), 1)
        if "怪" in line
    ]
    assert problems(title, description, body) == expected
