"""The real films of a public site: clean structure, and only true findings from the rules.

The assertions are about the files these tests know (tests/corpus_copies.py): a newer copy
of the site, with more languages and films, passes them too (the ``corpus`` fixture runs
each test on such a copy as well)."""

from __future__ import annotations

from pathlib import Path

import filmlint
from corpus_copies import in_known_files, known_files
from filmlint.engine.settings import parse_config
from readme import multilingual_example

#: The documented multilingual site's suffixes of the versions each film should have, but the base.
TRANSLATIONS = {"en": "en", "fr": "fr", "ja": "ja", "tw": "zh-Hant"}


def test_real_corpus_is_clean(corpus: Path) -> None:
    files = known_files(corpus)
    assert filmlint.lint_paths(files, select=["FL0", "FL1"]) == []


def test_real_corpus_gives_only_true_findings(corpus: Path) -> None:
    """With the documented multilingual configuration (docs/configuration.md), every rule finds only real mistakes.

    Each was checked by hand: I Will Follow has no Douban rating and says "N/A"; the English
    files of Alien (1979) and Foxy Brown (1974) give the years 2004 and 2014, where their
    Chinese files and the release dates say 1979 and 1974.
    """
    config = parse_config(multilingual_example(), corpus / "filmlint.toml")
    everything = in_known_files(filmlint.Linter(config).lint_paths([corpus]).diagnostics)
    # The documented site has English, French, Japanese and traditional-Chinese versions; the
    # known copy has the Chinese and English ones only. Each known base film lacks the
    # versions that are not in the folder (a larger copy may have some).
    missing = {
        (Path(d.path).name, d.message.split(":")[0])
        for d in everything
        if d.rule == "translation-missing"
    }
    bases = {p for p in known_files(corpus) if not p.stem.endswith("-en")}
    assert missing == {
        (base.name, f"no {tag} version of this film")
        for base in bases
        for suffix, tag in TRANSLATIONS.items()
        if not base.with_name(f"{base.stem}-{suffix}.md").exists()
    }
    diagnostics = [d for d in everything if d.rule != "translation-missing"]
    found = {(Path(d.path).name, d.line, d.column, d.rule) for d in diagnostics}
    assert found == {
        ("alien-1979-en.md", 8, 7, "date-consistency"),
        ("foxy-brown-1974-en.md", 8, 7, "date-consistency"),
        ("i-will-follow-2011-en.md", 18, 15, "rating-format"),
        ("i-will-follow-2011.md", 18, 15, "rating-format"),
        # an IMDb id with a stray zero (tt00338139)
        ("iron-jawed-angels-2004-en.md", 20, 28, "url-format"),
        ("iron-jawed-angels-2004.md", 20, 28, "url-format"),
        # text left in another script (see tests/rules/test_untranslated_text.py)
        ("anatomy-of-a-fall-2023-en.md", 21, 16, "untranslated-text"),
        ("little-big-women-2020-en.md", 21, 16, "untranslated-text"),
        ("mulan-1998-en.md", 21, 16, "untranslated-text"),
        ("skater-girl-2021-en.md", 21, 16, "untranslated-text"),
        ("the-woman-king-2022-en.md", 29, 1030, "untranslated-text"),
        ("thelma-and-louise-en.md", 29, 943, "untranslated-text"),
        ("wadjda-2012-en.md", 29, 929, "untranslated-text"),
        ("wendy-and-lucy-2008-en.md", 29, 1044, "untranslated-text"),
        ("whale-rider-2002-en.md", 29, 1001, "untranslated-text"),
        ("the-witch-2015-en.md", 29, 114, "untranslated-text"),
        ("the-diary-of-a-teenage-girl-2015-en.md", 31, 671, "untranslated-text"),
        ("the-marvels-2023.md", 29, 46, "untranslated-text"),
        # "萨繆爾" for 萨缪尔 in Simplified text (see tests/rules/test_script_variant.py)
        ("anatomy-of-a-fall-2023.md", 29, 270, "script-variant"),
        # a translation that disagrees with its base (see tests/rules/test_translation_mismatch.py)
        ("alien-1979-en.md", 8, 7, "translation-mismatch"),
        ("foxy-brown-1974-en.md", 8, 7, "translation-mismatch"),
        ("angels-wear-white-2017-en.md", 3, 16, "translation-mismatch"),
        ("legally-blonde-en.md", 18, 15, "translation-mismatch"),
        ("legally-blonde-en.md", 21, 30, "translation-mismatch"),
        ("the-joy-luck-club-en.md", 14, 9, "translation-mismatch"),
        ("wild-en.md", 14, 9, "translation-mismatch"),
    }
    assert len(diagnostics) == len(found)
