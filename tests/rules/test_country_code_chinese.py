"""country-code: Chinese country names in files tagged by a Chinese language or by a region."""

from __future__ import annotations

import itertools

import pytest

import filmlint
from conftest import front
from filmlint.diagnostics import Diagnostic
from filmlint.engine.settings import parse_config
from filmlint.rulekit.countries import catalogue_for

#: Chinese languages tagged on their own (Cantonese, Mandarin, Literary Chinese), with and
#: without a script, and Cantonese as the extended language subtag of Chinese.
CHINESE_TAGS = ["yue", "yue-Hant", "yue-Hans", "cmn", "cmn-Hans", "cmn-Hant", "zh-yue", "lzh"]
#: The United States, the United Kingdom and Germany in both scripts, and Japan.
CHINESE_NAMES = ["美國", "美国", "英國", "英国", "德國", "德国", "日本"]
PAIRS = list(itertools.product(CHINESE_TAGS, CHINESE_NAMES))


def found(tag: str, yaml: str, rules: list[str], **options: object) -> list[Diagnostic]:
    table = {"locale": {"default": tag}, "rules": {"country-code": options}}
    config = parse_config(table, None)
    return filmlint.lint_text(front(yaml), "film.md", config=config, select=rules)


@pytest.mark.parametrize(
    ("tag", "name"),
    PAIRS,
    ids=[f"{tag}:{name}" for tag, name in PAIRS],
)
def test_chinese_names_in_chinese_languages(tag: str, name: str) -> None:
    assert found(tag, f'country: "{name}"', ["country-code"], accept=["code", "name"]) == []


@pytest.mark.parametrize(
    ("tag", "catalogue"),
    [
        ("yue", "zh_TW"),
        ("yue-Hant", "zh_TW"),
        ("yue-Hans", "zh_CN"),
        ("cmn", "zh_CN"),
        ("cmn-Hans", "zh_CN"),
        ("cmn-Hant", "zh_TW"),
        ("zh-yue", "zh_TW"),
        ("lzh", "zh_CN"),
    ],
    ids=lambda value: str(value),
)
def test_catalogue_of_a_chinese_language(tag: str, catalogue: str) -> None:
    assert catalogue_for(tag) == catalogue
