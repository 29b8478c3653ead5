"""A file's locale from a folder of its path and from a front-matter key, with their
precedence: key, then folder, then suffix, then default."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import filmlint
from conftest import front
from filmlint import Config
from filmlint.engine.cache import ResultCache
from filmlint.engine.linter import Linter
from filmlint.rulekit.kept_text import digest
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE

ROOT = Path("/site")
LOCALE = {
    "default": "zh-Hans",
    "suffixes": {"en": "en", "ja": "ja"},
    "folders": {"en": "en", "fr": "fr", "zh-tw": "zh-Hant"},
    "key": "lang",
}


def linter(locale: dict[str, Any] = LOCALE, root: Path = ROOT) -> Linter:
    return Linter(Config.from_dict({"locale": locale}, root=root))


@pytest.mark.parametrize(
    ("relative", "locale", "source"),
    [
        ("content/en/films/alien-1979.md", "en", "folder 'en'"),  # Hugo
        ("src/content/films/fr/alien-1979.md", "fr", "folder 'fr'"),  # Astro
        ("content/zh-tw/alien-1979.md", "zh-Hant", "folder 'zh-tw'"),
        ("content/films/alien-1979.md", "zh-Hans", "default"),
        ("content/EN/alien-1979.md", "zh-Hans", "default"),  # matched as written
        ("content/english/alien-1979.md", "zh-Hans", "default"),  # a whole segment only
        ("content/films/en.md", "zh-Hans", "default"),  # the file's own name is no folder
        ("content/en/fr/alien-1979.md", "fr", "folder 'fr'"),  # the nearest folder wins
        ("content/fr/alien-1979-en.md", "fr", "folder 'fr'"),  # folder before suffix
        ("content/films/alien-1979-ja.md", "ja", "suffix 'ja'"),
        ("en/alien-1979.md", "en", "folder 'en'"),
    ],
)
def test_locale_from_the_path(relative: str, locale: str, source: str) -> None:
    policy = linter().paths
    assert policy.locale_source(str(ROOT / relative)) == (locale, source)
    assert policy.locale_of(str(ROOT / relative)) == locale


def test_folders_count_from_the_configurations_folder(tmp_path: Path) -> None:
    site = tmp_path / "en" / "site"  # "en" above the configuration names nothing
    policy = linter(root=site).paths
    assert policy.locale_of(str(site / "films" / "a.md")) == "zh-Hans"
    assert policy.locale_of(str(site / "en" / "a.md")) == "en"
    assert policy.locale_of(str(tmp_path / "fr" / "a.md")) == "zh-Hans"  # outside the site


def test_a_relative_path_follows_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "content" / "fr").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "content")
    assert linter(root=tmp_path).paths.locale_of("fr/a.md") == "fr"


@pytest.mark.parametrize(
    ("relative", "data", "locale"),
    [
        ("content/films/a.md", {"lang": "fr"}, "fr"),  # the key wins over the default
        ("content/en/a.md", {"lang": "ja"}, "ja"),  # ... over a folder
        ("content/films/a-en.md", {"lang": "fr"}, "fr"),  # ... over a suffix
        ("content/en/a.md", {"lang": "not a tag"}, "en"),  # ill-formed: ignored
        ("content/en/a.md", {"lang": ""}, "en"),
        ("content/en/a.md", {"lang": 3}, "en"),  # not a string
        ("content/en/a.md", {"lang": ["fr"]}, "en"),
        ("content/en/a.md", {"lang": None}, "en"),
        ("content/en/a.md", {"locale": "fr"}, "en"),  # another key
        ("content/en/a.md", {"Lang": "fr"}, "en"),  # keys match as written
        ("content/en/a.md", ["lang", "fr"], "en"),  # front matter that is not a mapping
        ("content/films/a.md", {}, "zh-Hans"),
    ],
)
def test_locale_from_the_front_matter_key(relative: str, data: Any, locale: str) -> None:
    assert linter().paths.locale_for(str(ROOT / relative), data) == locale


def test_without_a_key_configured_the_front_matter_is_not_read() -> None:
    policy = linter({"default": "zh-Hans"}).paths
    assert policy.locale_for("/site/a.md", {"lang": "fr"}) == "zh-Hans"
    assert policy.locale_source(None) == ("zh-Hans", "default")
    assert linter({}).paths.locale_source("/site/a.md") == (None, "none")


SEGMENTS = st.sampled_from(["en", "fr", "zh-tw", "content", "films", "EN", "x"])


@given(st.lists(SEGMENTS, max_size=5), st.sampled_from(["a.md", "a-en.md", "a-ja.md", "en.md"]))
def test_the_folder_nearest_the_file_decides(folders: list[str], name: str) -> None:
    tagged = [LOCALE["folders"][f] for f in folders if f in LOCALE["folders"]]  # type: ignore[index]
    suffix = {"a-en.md": "en", "a-ja.md": "ja"}.get(name)
    expected = tagged[-1] if tagged else suffix or "zh-Hans"
    path = ROOT.joinpath(*folders, name)
    assert linter().paths.locale_of(str(path)) == expected


COUNTRY_NAME = "country: 美国"  # a name in zh-Hans, an error in en or fr


@pytest.mark.parametrize(
    ("relative", "yaml", "errors"),
    [
        ("content/films/a.md", COUNTRY_NAME, 0),
        ("content/en/films/a.md", COUNTRY_NAME, 1),
        ("content/en/films/a.md", f"lang: zh-Hans\n{COUNTRY_NAME}", 0),
        ("content/films/a.md", f"lang: fr\n{COUNTRY_NAME}", 1),
        ("content/films/a.md", f"lang: fr!\n{COUNTRY_NAME}", 0),
    ],
)
def test_rules_read_the_locale_so_decided(relative: str, yaml: str, errors: int) -> None:
    table = {"locale": LOCALE, "rules": {"country-code": {"accept": ["name"]}}}
    config = Config.from_dict(table, root=ROOT)
    found = filmlint.lint_text(front(yaml), str(ROOT / relative), config=config, select=["FL201"])
    assert len(found) == errors


def test_the_cache_key_follows_the_locale_key_and_folders() -> None:
    path, raw = str(ROOT / "content" / "en" / "a.md"), digest(front("lang: fr").encode())
    base = linter()
    other_key = linter({**LOCALE, "key": "locale"})
    no_key = linter({k: v for k, v in LOCALE.items() if k != "key"})
    other_folders = linter({**LOCALE, "folders": {"en": "en-GB"}})
    keys = {x.cache_keys.key(path, raw) for x in (base, other_key, no_key, other_folders)}
    assert len(keys) == 4
    contexts = {x.cache_keys.context() for x in (base, other_key, no_key, other_folders)}
    assert len(contexts) == 4
    assert base.cache_keys.key(path, raw) == linter().cache_keys.key(path, raw)


#: Paths of one site, each with what it decides: its locale and the rules ignored for it.
DECIDED = [
    ("content/films/a.md", "zh-Hans", ()),
    ("content/films/b.md", "zh-Hans", ()),
    ("content/films/a-en.md", "en", ()),
    ("content/en/films/c.md", "en", ()),
    ("content/fr/films/a.md", "fr", ()),
    ("content/fr/drafts/a.md", "fr", ("country-code",)),
    ("content/fr/drafts/b.md", "fr", ("country-code",)),
    ("content/drafts/a.md", "zh-Hans", ("country-code",)),
    ("content/drafts/old/a-ja.md", "ja", ("country-code", "url-format")),
]


def test_a_key_differs_with_what_the_path_decides_and_only_with_that() -> None:
    """One file's bytes under each path: the keys of two paths are the same exactly when
    they decide the same locale and rules ignored (the cache keeps each under its path)."""
    table = {
        "locale": LOCALE,
        "per-file-ignores": {
            "content/*/drafts/**": ["country-code"],
            "content/drafts/**": ["country-code"],
            "content/drafts/old/**": ["url-format"],
        },
    }
    keys = Linter(Config.from_dict(table, root=ROOT)).cache_keys
    raw = digest(front("title: Alien").encode())
    for path, locale, ignored in DECIDED:
        assert keys._paths.locale_of(str(ROOT / path)) == locale, path
        assert keys._paths.ignored_for(str(ROOT / path)) == frozenset(ignored), path
    for path, locale, ignored in DECIDED:
        for other, other_locale, other_ignored in DECIDED:
            same = (locale, ignored) == (other_locale, other_ignored)
            key, other_key = (keys.key(str(ROOT / name), raw) for name in (path, other))
            assert (key == other_key) == same, (path, other)
            assert key.endswith(raw)


def test_a_result_is_kept_under_the_key_of_the_folder_it_was_linted_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache makes a result's key when it writes it, maybe after the working folder has
    changed (a library's caller): the key is the one of the locale the file was linted in,
    not of the locale the same path has from the new folder."""
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "key"))
    for folder in ("en", "fr"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text(front("title: Alien"), encoding="utf-8")
    linted = linter(root=tmp_path)
    cache = ResultCache(tmp_path / "cache")
    monkeypatch.chdir(tmp_path / "en")
    linted.file_result("a.md", cache)
    monkeypatch.chdir(tmp_path / "fr")  # the same bytes at the same path, in French
    cache.save()
    again = ResultCache(tmp_path / "cache")
    again.load()
    assert linted.cached_result("a.md", again) is None
    monkeypatch.chdir(tmp_path / "en")
    assert linted.cached_result("a.md", again) is not None


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ({"folders": {"en": "e n"}}, "locale.folders.en: expected a BCP 47 tag"),
        ({"folders": {"a/b": "en"}}, "locale.folders.a/b: expected a folder name"),
        ({"folders": {"..": "en"}}, "locale.folders...: expected a folder name"),
        ({"folders": ["en"]}, "locale.folders: expected a table"),
        ({"key": ""}, "locale.key: expected a key"),
        ({"key": 1}, "locale.key: expected a key"),
        ({"keys": "lang"}, "locale.keys: unknown key"),
    ],
)
def test_bad_locale_settings_are_named(locale: dict[str, Any], message: str) -> None:
    with pytest.raises(filmlint.ConfigError, match=re.escape(message)):
        Config.from_dict({"locale": locale})
