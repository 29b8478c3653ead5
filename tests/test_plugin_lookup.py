"""The quick look for rule plugins before importlib.metadata reads the entry points."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from filmlint.rules import _may_have_plugins, load_registry

PLUGIN = '''"""Titles are not shouted."""
from filmlint.diagnostics import Problem
NAME = "quiet-title"
CODE = "XT001"
def check(document, options):
    title = document.data.get("title")
    if isinstance(title, str) and title.isupper():
        yield Problem(("title",), "the title is in capitals")
'''


def install(site: Path, entry_points: str) -> None:
    """A distribution as pip leaves it: a module, and a dist-info folder naming it."""
    (site / "quiet_title.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "quiet_title-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: quiet-title\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def test_a_plugin_is_found_and_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, "[filmlint.rules]\nquiet-title = quiet_title\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    rule = load_registry().get("XT001")
    assert rule is not None
    assert (rule.name, rule.origin, rule.summary) == (
        "quiet-title",
        "quiet-title",
        "Titles are not shouted.",
    )


@pytest.mark.parametrize(
    ("entry_points", "found"),
    [
        ("[console_scripts]\nquiet = quiet_title:main\n", False),
        ("[filmlint.rules]\nquiet-title = quiet_title\n", True),
    ],
)
def test_the_quick_look_for_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_points: str, found: bool
) -> None:
    install(tmp_path, entry_points)
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert _may_have_plugins() is found


def test_a_zip_on_the_path_is_read_the_slow_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert _may_have_plugins()
