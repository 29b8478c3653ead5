"""What a run-level rule gathers is part of a cached result: when filmlint's rules gather in
another shape (``GATHERED_SHAPE``), every cached result's key changes, so a result gathered
in the old shape is never read."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmlint.engine import cache_keys
from filmlint.engine.linter import Linter
from filmlint.engine.settings import parse_config
from filmlint.rulekit import kept_text


def _key(folder: Path) -> str:
    config = parse_config(
        {"locale": {"default": "zh-Hans", "suffixes": {"en": "en"}}}, folder / "filmlint.toml"
    )
    digest = kept_text.digest(b"---\nyear: 1979\n---\n")
    return Linter(config).cache_keys.key("films/alien-en.md", digest)


def test_a_new_gathered_shape_changes_every_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _key(tmp_path)
    assert _key(tmp_path) == before
    monkeypatch.setattr(cache_keys, "GATHERED_SHAPE", cache_keys.GATHERED_SHAPE + 1)
    assert _key(tmp_path) != before
