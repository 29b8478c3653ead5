"""A file's locale: the configured default, or the tag of its name's suffix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import filmlint
from conftest import front, run_cli
from filmlint.engine.settings import parse_config

SITE = {
    "locale": {
        "default": "zh-Hans",
        "suffixes": {"en": "en", "fr": "fr", "ja": "ja", "tw": "zh-Hant", "-zh-tw": "zh-TW"},
    }
}


@pytest.mark.parametrize(
    ("path", "locale"),
    [
        ("alien-1979.md", "zh-Hans"),
        ("alien-1979-en.md", "en"),
        ("alien-1979.en.md", "en"),
        ("alien-1979_en.md", "en"),
        ("films/alien-1979-fr.markdown", "fr"),
        ("films/en/alien-1979.md", "zh-Hans"),  # folders do not count
        ("alien-1979-tw.md", "zh-Hant"),
        ("alien-1979-zh-tw.md", "zh-TW"),  # the longest suffix wins
        ("alien-ten.md", "zh-Hans"),  # "ten" ends in "en", but not in "-en"
        ("alien-1979-EN.md", "zh-Hans"),  # suffixes are matched as written
        ("en.md", "zh-Hans"),
        (None, "zh-Hans"),
    ],
)
def test_locale_of(path: str | None, locale: str) -> None:
    assert filmlint.Linter(parse_config(SITE, None)).paths.locale_of(path) == locale


def test_no_locale_configured() -> None:
    linter = filmlint.Linter(filmlint.Config())
    assert (linter.paths.locale_of("film-en.md"), linter.paths.locale_of(None)) == (None, None)


@pytest.mark.parametrize(
    ("path", "errors"),
    [
        ("alien-1979.md", []),
        ("alien-1979-ja.md", [(2, 10)]),  # Chinese name in a Japanese file
        ("alien-1979-en.md", [(2, 10)]),
    ],
)
def test_rules_read_names_in_the_files_locale(path: str, errors: list[tuple[int, int]]) -> None:
    table = {**SITE, "rules": {"country-code": {"accept": ["name"]}}}
    config = parse_config(table, None)
    found = filmlint.lint_text(front("country: 美国"), path, config=config, select=["FL201"])
    assert [(d.line, d.column) for d in found] == errors


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"locale": {"default": "zh_CN"}}, "locale.default: expected a BCP 47 tag, got 'zh_CN'"),
        ({"locale": {"default": 1}}, "locale.default: expected a BCP 47 tag, got 1"),
        (
            {"locale": {"suffixes": {"en": "en_GB"}}},
            "locale.suffixes.en: expected a BCP 47 tag, got 'en_GB'",
        ),
        ({"locale": {"languages": {}}}, "locale.languages: unknown key"),
    ],
)
def test_bad_locale_configuration_is_named(table: dict[str, object], message: str) -> None:
    with pytest.raises(filmlint.ConfigError, match=message):
        parse_config(table, None)


def test_command_line_uses_the_locale_of_each_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.filmlint]\n"
        'select = ["country-code"]\n'
        "[tool.filmlint.locale]\n"
        'default = "zh-Hans"\n'
        'suffixes = { en = "en", tw = "zh-Hant" }\n'
        "[tool.filmlint.rules.country-code]\n"
        'accept = ["code", "name"]\n'
        'split = "/"\n',
        encoding="utf-8",
    )
    films = tmp_path / "films"
    films.mkdir()
    for name, country in [
        ("piano.md", "新西兰 / 澳大利亚"),
        ("piano-en.md", "New Zealand / 澳大利亚"),
        ("piano-tw.md", "紐西蘭 / 澳洲"),
    ]:
        (films / name).write_text(front(f'country: "{country}"'), encoding="utf-8")
    result = run_cli("check", "--quiet", "films", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "films/piano-en.md:2:25: FL201 [country-code] error: "
        "'澳大利亚' is not an ISO 3166-1 code or a country name"
    ]


def test_a_policy_remembers_only_the_paths_asked_last() -> None:
    """Memory stays flat in the number of files: answers are right for every path, asked in
    any order, while the memos hold a bounded number of paths."""
    config = parse_config({**SITE, "per-file-ignores": {"old/*.md": ["FL201"]}}, None)
    policy = filmlint.Linter(config).paths
    paths = [f"{folder}/film-{n}{suffix}.md" for n in range(2000) for folder in ("old", "new")
             for suffix in ("", "-en")]  # fmt: skip
    for _ in range(2):  # the second round asks paths long forgotten
        for path in paths:
            english = path.endswith("-en.md")
            assert policy.locale_of(path) == ("en" if english else "zh-Hans")
            assert policy.versions(path)[0] == path.replace("-en.md", ".md")
            assert bool(policy.ignored_for(path)) == path.startswith("old/")
    # The memos are private: their size is what this test is about.
    memos = (policy._locale_by_path, policy._ignored_by_path)
    assert all(len(memo._found) <= 256 for memo in memos)


@pytest.mark.parametrize("where", ["", "collections.c."])
@pytest.mark.parametrize(
    ("suffixes", "message"),
    [
        ({"": "en"}, "suffixes.: expected a file-name suffix (such as 'en'), got ''"),
        ({"-": "en"}, "suffixes.-: expected a file-name suffix (such as 'en'), got '-'"),
        ({".": "en"}, "suffixes..: expected a file-name suffix"),
        ({"_-.": "en"}, "suffixes._-.: expected a file-name suffix"),
        ({"en/x": "en"}, "suffixes.en/x: expected a file-name suffix"),
        ({"-en\\x": "en"}, "suffixes.-en\\x: expected a file-name suffix"),
        ({"en": "en", "-en": "en-GB"}, "suffixes.-en: the same suffix as "),
        ({".fr": "fr", "_fr": "fr"}, "suffixes._fr: the same suffix as "),
    ],
)
def test_a_suffix_that_is_no_name_ending_is_an_error(
    where: str, suffixes: dict[str, str], message: str
) -> None:
    """As a folder name that is not one folder is: it would make the paths of versions
    that are no file's (film-.md, film-en/x.md)."""
    locale = {"default": "zh-Hans", "suffixes": suffixes}
    table = {"collections": {"c": {"include": ["a"], "locale": locale}}} if where else {}
    with pytest.raises(
        filmlint.ConfigError, match="^config: " + re.escape(where + "locale." + message)
    ):
        parse_config(table or {"locale": locale}, None)


@pytest.mark.parametrize("written", ["en", "-en", ".en", "_en"])
def test_a_suffix_is_written_with_its_separator_or_without(written: str) -> None:
    config = parse_config({"locale": {"suffixes": {written: "en"}}}, None)
    assert config.locale_suffixes == {"en": "en"}
    assert filmlint.Linter(config).paths.locale_of("films/a_en.md") == "en"


@pytest.mark.parametrize("suffix", ["", "-en", "en/x"])
def test_a_configuration_built_by_hand_takes_bare_suffixes(suffix: str) -> None:
    with pytest.raises(filmlint.ConfigError, match=r"^Config: locale_suffixes: expected"):
        filmlint.Config(locale_suffixes={suffix: "en"})
