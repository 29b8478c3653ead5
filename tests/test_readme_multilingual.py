"""docs/configuration.md's "A multilingual site": its configuration, as written there, on the film it
describes gives the findings it shows, and the related location of the JSON output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

SOURCE = '  - { platform: "%s", url: "https://movie.douban.com/subject/1300868/" }\n'
#: The film in four of the five languages of the configuration (no French version).
VERSIONS = {
    "alien-1979.md": ("异形", 1979, "豆瓣"),
    "alien-1979-en.md": ("Alien", 2004, "豆瓣"),
    "alien-1979-ja.md": ("エイリアン", 1979, "Douban"),
    "alien-1979-tw.md": ("异形", 1979, "豆瓣"),
}


def section() -> str:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    start = text.index("## A multilingual site")
    end = text.find("\n## ", start)
    return text[start : end if end >= 0 else None]


def blocks(kind: str) -> list[str]:
    return re.findall(rf"^```{kind}\n(.*?)^```", section(), re.MULTILINE | re.DOTALL)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(blocks("toml")[0], encoding="utf-8")
    (tmp_path / "films").mkdir()
    for name, (title, year, platform) in VERSIONS.items():
        text = f'---\ntitle: "{title}"\nyear: {year}\nsourceUrl:\n{SOURCE % platform}---\n'
        (tmp_path / "films" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_findings_shown_are_those_of_a_run(site: Path) -> None:
    (shown,) = blocks("text")
    command, *lines = shown.splitlines()
    result = run_cli(*command.removeprefix("$ filmlint ").split(), "--no-cache")
    assert result.returncode == 1, result.stderr
    found = [line for line in result.stdout.splitlines() if line.startswith("films/")]
    assert sorted(found) == sorted(lines)
    assert {line.split(" [")[1].split("]")[0] for line in lines} == {
        "translation-missing",
        "translation-mismatch",
        "untranslated-text",
        "script-variant",
    }


def test_the_related_location_shown_is_that_of_the_json_output(site: Path) -> None:
    (shown,) = blocks("json")
    result = run_cli("check", "--select", "FL404", "--output-format", "json", "--no-cache", "films")
    (record,) = json.loads(result.stdout)
    assert json.loads("{" + shown + "}")["related"] == record["related"]
