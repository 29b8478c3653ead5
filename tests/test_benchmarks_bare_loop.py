"""The bare loop of benchmarks/bare_loop.py splits front matter as filmlint does: the baseline
the issue sets must do the same work, no less."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
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


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--processes forks")
def test_bare_loop_in_two_processes_prints_what_one_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    films = {
        "a.md": "---\ntitle: A\n---\n",
        "b.md": "no front matter\n",
        "c.md": "---\ntitle: [\n---\n",
        "d.md": "---\ntitle: D\nyear: soon\n---\n",
        "e.md": "---\ntitle: E\n---\n",
    }
    for name, text in films.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    schema = str(ROOT / "src" / "filmlint" / "schemas" / "film.schema.json")
    found = []
    for processes in ("1", "2", "3"):
        status = BARE_LOOP.main(["--processes", processes, schema, str(tmp_path)])
        found.append((status, capsys.readouterr().out))
    assert found[0][0] == 1
    named = [line.split(": ")[0] for line in found[0][1].splitlines()]
    assert {str(tmp_path / name) for name in ("b.md", "c.md", "d.md")} <= set(named)
    assert named == sorted(named)  # in the order of the files, whichever process linted them
    assert found[1] == found[0]
    assert found[2] == found[0]


SCALARS = st.sampled_from(
    [
        *("1979", "-3", "0x1F", "0o17", "007", "8.5", "-1.5e3", ".inf", "-.Inf", "1_000"),
        *("true", "False", "null", "~", "", "1979-05-25", "2004-05-06 10:00:00"),
        *('"1979"', "'x'", "yes", "plain text", "美国", "!!str 12", "!!int '3'", "[a, 2]"),
        *("{k: v}", "2004-05-06T10:00:00Z"),
    ]
)


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "year", "1"]), SCALARS),
        max_size=4,
        unique_by=lambda pair: pair[0],  # the loader refuses a key twice; the floor need not
    )
)
def test_the_floor_builds_the_data_the_bare_loop_loads(pairs: list[tuple[str, str]]) -> None:
    """The physical floor's own resolver and data, built once rather than as ruamel.yaml's
    loader builds them for each document, give what that loader gives (dates as text)."""
    front = "".join(f"{key}: {scalar}\n" for key, scalar in pairs)
    node = BARE_LOOP._FloorComposer(front).get_single_node()
    floor = BARE_LOOP._data(node) if node is not None else None
    assert floor == BARE_LOOP._yaml().load(front), front


def test_the_floor_builds_the_data_the_bare_loop_loads_from_the_corpus(corpus: Path) -> None:
    loader = BARE_LOOP._yaml()
    for path in sorted(corpus.glob("*.md")):
        front = BARE_LOOP.split(path.read_text(encoding="utf-8"))
        if front is None:
            continue
        node = BARE_LOOP._FloorComposer(front).get_single_node()
        assert BARE_LOOP._data(node) == loader.load(front), path
