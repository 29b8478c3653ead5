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


#: Where a distribution's metadata folder lies, by layout: the ``sys.path`` entry (under the
#: test's folder) and the metadata folder in it. The quick look must agree with
#: importlib.metadata on each: those it reads, and those it does not.
LAYOUTS = {
    "dist-info": ("site", "quiet_title-1.0.dist-info"),
    "egg-info": ("site", "quiet_title.egg-info"),
    "unzipped egg": ("quiet_title-1.0-py3.11.egg", "EGG-INFO"),
    "dist-info in capitals": ("site", "Quiet_Title-1.0.DIST-INFO"),
    "unzipped egg in capitals": ("Quiet_Title-1.0.EGG", "EGG-INFO"),
    "EGG-INFO outside an egg": ("site", "EGG-INFO"),
    "egg-info in an egg's name": ("quiet_title-1.0.egg-info.d", "EGG-INFO"),
}
#: The layouts importlib.metadata reads (its ``Lookup``).
READ = {
    "dist-info",
    "egg-info",
    "unzipped egg",
    "dist-info in capitals",
    "unzipped egg in capitals",
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("declares", [True, False], ids=["plugin", "no plugin"])
def test_the_quick_look_agrees_with_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, declares: bool
) -> None:
    from importlib.metadata import entry_points

    entry, metadata = LAYOUTS[layout]
    info = tmp_path / entry / metadata
    info.mkdir(parents=True)
    (info / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: quiet-title\nVersion: 1.0\n")
    group = "filmlint.rules" if declares else "console_scripts"
    (info / "entry_points.txt").write_text(f"[{group}]\nquiet-title = quiet_title\n")
    (tmp_path / entry / "quiet_title.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path / entry)])
    listed = bool(entry_points(group="filmlint.rules"))
    assert listed is (declares and layout in READ)
    assert _may_have_plugins() is listed
    assert (load_registry().get("XT001") is not None) is listed
