"""The bare loop of benchmarks/bare_loop.py splits front matter as filmlint does: the baseline
the issue sets must do the same work, no less."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from filmlint.frontmatter.parser import split_front_matter


def _bare_loop() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bare_loop", ROOT / "benchmarks" / "bare_loop.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BARE_LOOP = _bare_loop()
#: Pieces that make and break delimiter lines: dashes, blanks, each line break, a BOM.
PIECES = st.sampled_from(
    ["---", "----", "-", "--", " ", "\t", "\n", "\r\n", "\r", "\ufeff", "a: 1", "x", "---x"]
)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_bare_loop_finds_the_front_matter_filmlint_finds(text: str) -> None:
    split = split_front_matter(text)
    expected = None if split is None else text[split.yaml_start : split.yaml_end]
    assert BARE_LOOP.split(text) == expected


def test_bare_loop_splits_a_film() -> None:
    text = "\ufeff---\r\ntitle: x\r\n--- \r\nBody.\r\n"
    assert BARE_LOOP.split(text) == "title: x\r\n"
