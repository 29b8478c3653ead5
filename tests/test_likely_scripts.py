"""The likely-scripts table answers as langcodes and the registry do, for every tag it takes
on, and leaves the rest to them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langcodes.data_dicts import LIKELY_SUBTAGS, NORMALIZED_MACROLANGUAGES

from filmlint.rulekit import likely_scripts, scripts
from filmlint.rulekit.likely_scripts import TABLE, build_table, table_from

#: Languages the table knows, those with a macrolanguage, and some it does not know.
LANGUAGES = sorted(
    {key.split("-")[0] for key in LIKELY_SUBTAGS}
    | set(NORMALIZED_MACROLANGUAGES)
    | {"und", "iw", "mo", "tl", "zz", "qaa", "xyz"}
)
SCRIPTS = ["Latn", "Hans", "Hant", "Cyrl", "Arab", "Jpan", "Kore", "Deva", "Zzzz", "Qaaa"]
REGIONS = ["US", "GB", "CN", "TW", "HK", "MO", "BR", "PT", "RS", "DE", "419", "001", "DD", "XK"]


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    return build_table()


def test_shipped_table_is_built_from_installed_langcodes_and_language_data(
    table: dict[str, Any],
) -> None:
    assert json.loads(TABLE.read_text(encoding="utf-8")) == table


@given(
    st.sampled_from(LANGUAGES),
    st.none() | st.sampled_from(SCRIPTS),
    st.none() | st.sampled_from(REGIONS),
)
def test_a_tag_the_table_takes_on_gets_langcodes_answer(
    language: str, script: str | None, region: str | None
) -> None:
    tag = "-".join(part for part in (language, script, region) if part is not None)
    answer = likely_scripts.likely(tag)
    if answer is not None:
        assert answer == scripts.likely_by_langcodes(tag)


def test_every_key_of_the_likely_subtags_gets_langcodes_answer() -> None:
    taken = [(key, likely_scripts.likely(key)) for key in sorted(LIKELY_SUBTAGS)]
    taken = [(key, answer) for key, answer in taken if answer is not None]
    assert len(taken) > len(LIKELY_SUBTAGS) // 2
    disagreements = [
        (key, answer, scripts.likely_by_langcodes(key))
        for key, answer in taken
        if answer != scripts.likely_by_langcodes(key)
    ]
    assert disagreements == []


@pytest.mark.parametrize(
    "tag",
    ["en", "en-US", "zh", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-CN", "ja", "ko", "fr",
     "pt-BR", "es-419", "sr-Latn", "cmn-Hans", "de-CH", "und-Arab"],
)  # fmt: skip
def test_common_tags_are_taken_on(tag: str) -> None:
    assert likely_scripts.likely(tag) is not None


@pytest.mark.parametrize(
    "tag", ["EN", "zh-hans", "zh_Hant", "en-US-x-private", "de-CH-1996", "iw", "i-klingon", "x"]
)
def test_other_tags_are_left_to_langcodes(tag: str) -> None:
    assert likely_scripts.likely(tag) is None


def test_the_registry_scripts_are_the_registrys(table: dict[str, Any]) -> None:
    assert likely_scripts.registry_scripts() == likely_scripts.parsed_registry_scripts()
    assert table["scripts"]["Hans"] == "Han (Simplified variant)"


@pytest.mark.parametrize("package", ["langcodes", "language_data"])
def test_a_stale_table_is_not_used(package: str, table: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "table.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    assert table_from(path) is not None
    path.write_text(json.dumps({**table, package: "0.0.0"}), encoding="utf-8")
    assert table_from(path) is None


@pytest.mark.parametrize("content", [None, "{not json", "[]", '{"likely": {}}'])
def test_an_unreadable_table_is_not_used(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "table.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert table_from(path) is None


@pytest.mark.slow  # a fresh interpreter: what a run on a Chinese file loads
def test_the_scripts_of_common_languages_load_neither_langcodes_nor_the_registry() -> None:
    code = (
        "import sys\n"
        "from filmlint.rulekit.scripts import locale_scripts\n"
        "found = [sorted(locale_scripts(t)) for t in ('zh-Hans', 'zh-TW', 'ja', 'en')]\n"
        "print(found, 'langcodes' in sys.modules, 'language_data.util' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("] ")[-1].split() == ["False", "False"]
    assert "[['Hani'], ['Bopo', 'Hani'], ['Hani', 'Hira', 'Kana'], ['Latn']]" in done.stdout


@pytest.mark.slow  # a fresh interpreter: the module run
def test_module_run_writes_the_shipped_table(tmp_path: Path) -> None:
    output = tmp_path / "likely-scripts.json"
    subprocess.run(
        [sys.executable, "-m", "filmlint.rulekit.likely_scripts", str(output)], check=True
    )
    assert output.read_bytes() == TABLE.read_bytes()
