"""Every country and language of the real films passes country-code and language-code."""

from __future__ import annotations

from pathlib import Path

import filmlint
from corpus_copies import known_files
from filmlint.engine.settings import parse_config

#: The configuration of the site the films come from.
SITE = {
    "locale": {
        "default": "zh-Hans",
        "suffixes": {"en": "en", "fr": "fr", "ja": "ja", "tw": "zh-Hant"},
    },
    "rules": {"country-code": {"accept": ["code", "name"], "split": "/"}},
}


def test_real_countries_and_languages_are_clean(corpus: Path) -> None:
    files = known_files(corpus)
    config = parse_config(SITE, None)
    selected = ["country-code", "language-code"]
    assert filmlint.lint_paths(files, config=config, select=selected) == []


def test_real_countries_need_the_names_option(corpus: Path) -> None:
    """Without names accepted, the same files are reported, so the test above can fail."""
    files = sorted(corpus.glob("*-en.md"))
    config = parse_config({**SITE, "rules": {"country-code": {"split": "/"}}}, None)
    found = filmlint.lint_paths(files, config=config, select=["country-code"])
    assert {d.message for d in found} >= {
        "'Czechoslovakia' is the name of a former country (ISO 3166-3), which has no "
        'ISO 3166-1 code; accept names with accept = ["code", "name"] in [rules.country-code]',
        "'Taiwan' is a country name, not an ISO 3166-1 code; accept names with "
        'accept = ["code", "name"] in [rules.country-code], or write \'TW\'',
    }
