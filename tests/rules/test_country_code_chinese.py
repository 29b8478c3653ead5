"""country-code: Chinese country names in files tagged by a Chinese language, and names
suggested in the script of the file's tag (explicit, or likely for its region)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import front
from filmlint.diagnostics import Diagnostic
from filmlint.engine.settings import parse_config
from filmlint.rulekit.countries import catalogue_for

#: Chinese languages tagged on their own (Cantonese, Mandarin, Literary Chinese), with and
#: without a script, and Cantonese as the extended language subtag of Chinese.
RULE = "country-code"
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


def suggested(tag: str, code: str) -> tuple[str, str]:
    """The name country-code suggests for ``code`` where only names are accepted, and the
    file its fix writes."""
    text = front(f'country: "{code}"')
    config = parse_config({"locale": {"default": tag}, "rules": {RULE: {"accept": ["name"]}}}, None)
    (diagnostic,) = filmlint.lint_text(text, "film.md", config=config, select=[RULE])
    assert diagnostic.fix is not None
    for edit in sorted(diagnostic.fix.edits, key=lambda e: -e.start):
        text = text[: edit.start] + edit.content + text[edit.end :]
    name = diagnostic.message.rsplit("did you mean ", 1)[1].split("'")[1]
    return name, text


#: The United States in each script.
IN_SCRIPT = {"Hant": "美國", "Hans": "美国"}


@pytest.mark.parametrize(
    ("tag", "script"),
    [
        ("zh-MO", "Hant"),  # Traditional by its likely script: no Macau catalogue
        ("zh-HK", "Hant"),
        ("zh-Hant-HK", "Hant"),
        ("zh-TW", "Hant"),
        ("zh-Hant", "Hant"),
        ("zh-Hant-CN", "Hant"),  # the script, not the region
        ("zh-Hans-HK", "Hans"),
        ("zh-Hans-MO", "Hans"),
        ("zh-Hans-TW", "Hans"),
        ("zh-CN", "Hans"),
        ("zh-SG", "Hans"),
        ("zh", "Hans"),
        ("yue", "Hant"),
        ("cmn-Hant", "Hant"),
    ],
    ids=lambda value: str(value),
)
def test_suggested_name_follows_the_script(tag: str, script: str) -> None:
    assert suggested(tag, "US")[0] == IN_SCRIPT[script]


@settings(max_examples=60, deadline=None)
@given(
    tag=st.sampled_from(["zh-MO", "zh-HK", "zh-TW", "zh-Hans-HK", "zh-Hans-TW", "zh-Hant-CN"]),
    code=st.sampled_from(["US", "GB", "DE", "FR", "JP", "KR", "RU", "AU", "IT", "ES", "CN"]),
)
def test_fixed_name_is_in_the_files_script(tag: str, code: str) -> None:
    _, text = suggested(tag, code)
    config = parse_config({"locale": {"default": tag}}, None)
    assert filmlint.lint_text(text, "film.md", config=config, select=["script-variant"]) == []
