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
from filmlint.rulekit.countries import catalogue_for, resolve, tables
from filmlint.rulekit.han_variants import expected_forms

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


#: Chinese files of each script and region that has a catalogue of its own.
CHINESE_FILES = ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "yue"]
#: Names, each in both scripts, that one catalogue or short-form table only writes, in one
#: script: zh_CN's "朝鲜" (zh_TW says "北韓"), zh_TW's table's "中華民國", zh_HK's "新西蘭".
BOTH_SCRIPTS = [
    ("朝鲜", "朝鮮"),
    ("中华民国", "中華民國"),
    ("新西兰", "新西蘭"),
    ("台湾", "臺灣"),
    ("北韩", "北韓"),
    ("苏联", "蘇聯"),
    ("叙利亚", "敍利亞"),  # Hong Kong's variant of 敘
]
SCRIPT_CASES = [(tag, name) for tag in CHINESE_FILES for pair in BOTH_SCRIPTS for name in pair]


@pytest.mark.parametrize(("tag", "name"), SCRIPT_CASES, ids=[f"{t}:{n}" for t, n in SCRIPT_CASES])
def test_a_name_is_known_in_either_script_in_every_chinese_file(tag: str, name: str) -> None:
    assert found(tag, f'country: "{name}"', ["country-code"], accept=["code", "name"]) == []


def test_every_chinese_name_in_every_script_names_its_country_in_every_chinese_file() -> None:
    """Every name of the Chinese catalogues and tables, as written and converted to each
    script and region's forms, names the same country in a file of each."""
    wrong = []
    for catalogue in ("zh_CN", "zh_TW", "zh_HK"):
        for name, (country, _) in tables(catalogue)[0].by_name.items():
            if name.isascii():
                continue
            forms = {name, expected_forms(name, "Hans", None)}
            forms |= {expected_forms(name, "Hant", region) for region in (None, "TW", "HK")}
            for form, tag in itertools.product(forms, CHINESE_FILES):
                named = resolve(form, tag)
                if named is None or named.key != country.key:
                    wrong.append((catalogue, name, form, tag))
    assert wrong == []
