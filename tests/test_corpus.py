"""The real films of a public site: clean structure, and only true findings from the rules."""

from __future__ import annotations

from pathlib import Path

import filmlint
from filmlint.engine.settings import parse_config
from readme import multilingual_example


def test_real_corpus_is_clean(corpus: Path) -> None:
    files = sorted(corpus.glob("*.md"))
    assert len(files) == 192
    assert filmlint.lint_paths(files, select=["FL0", "FL1"]) == []


def test_real_corpus_gives_only_true_findings(corpus: Path) -> None:
    """With the README's multilingual configuration, every rule finds only real mistakes.

    Each was checked by hand: I Will Follow has no Douban rating and says "N/A"; the English
    files of Alien (1979) and Foxy Brown (1974) give the years 2004 and 2014, where their
    Chinese files and the release dates say 1979 and 1974.
    """
    config = parse_config(multilingual_example(), corpus / "filmlint.toml")
    diagnostics = filmlint.Linter(config).lint_paths([corpus]).diagnostics
    found = {(Path(d.path).name, d.line, d.column, d.rule) for d in diagnostics}
    assert found == {
        ("alien-1979-en.md", 8, 7, "date-consistency"),
        ("foxy-brown-1974-en.md", 8, 7, "date-consistency"),
        ("i-will-follow-2011-en.md", 18, 15, "rating-format"),
        ("i-will-follow-2011.md", 18, 15, "rating-format"),
    }
    assert len(diagnostics) == len(found)
