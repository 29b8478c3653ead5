"""The real films of a public site are all clean under the default configuration."""

from __future__ import annotations

from pathlib import Path

import filmlint


def test_real_corpus_is_clean(corpus: Path) -> None:
    files = sorted(corpus.glob("*.md"))
    assert len(files) == 192
    assert filmlint.lint_paths(files, select=["FL0", "FL1"]) == []
