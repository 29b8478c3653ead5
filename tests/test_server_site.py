"""The server's linting of open files with their other language versions, in process: which
text judges which file, what is reused, and what a broken configuration elsewhere does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import film
from filmlint.server.site import OpenFile, SiteLinter, utf8_size

CONFIG = (
    '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
    '[collections.films]\ninclude = ["films/*.md"]\n'
)


@pytest.fixture
def films(tmp_path: Path) -> Path:
    (tmp_path / "filmlint.toml").write_text(CONFIG)
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "alien.md").write_text(film("imdbRating: 8.5\n"))
    return tmp_path / "films"


def opened(*files: OpenFile) -> dict[str, OpenFile]:
    return {file.path: file for file in files}


def codes(site: SiteLinter, file: OpenFile, files: dict[str, OpenFile]) -> list[str]:
    linted = site.lint(file, files)
    assert linted is not None
    return [d.code for d in linted.diagnostics]


def test_an_open_version_is_judged_by_the_editors_text_of_the_other(films: Path) -> None:
    site = SiteLinter()
    english = OpenFile(str(films / "alien-en.md"), 1, film("imdbRating: 8.4\n"))
    assert codes(site, english, opened(english)) == ["FL404"]  # the base on disk: 8.5
    base = OpenFile(str(films / "alien.md"), 1, film("imdbRating: 8.4\n"))
    both = opened(english, base)
    assert site.affected(base.path, both) == [english.path]
    assert codes(site, english, both) == []
    assert codes(site, base, both) == []  # nothing is reported on the base
    # The base closed: the disk's text judges again.
    site.forget(base.path)
    assert site.affected(base.path, opened(english)) == [english.path]
    assert codes(site, english, opened(english)) == ["FL404"]


def test_a_lint_is_reused_for_its_version_until_another_version_changes(films: Path) -> None:
    site = SiteLinter()
    english = OpenFile(str(films / "alien-en.md"), 1, film("imdbRating: 8.4\n"))
    first = site.lint(english, opened(english))
    assert first is not None and site.lint(english, opened(english)) is first
    newer = OpenFile(english.path, 2, film("imdbRating: 8.5\n"))
    again = site.lint(newer, opened(newer))
    assert again is not None and again is not first and again.diagnostics == []
    assert site.affected(str(films / "alien.md"), opened(newer)) == [english.path]
    assert site.lint(newer, opened(newer)) is not again


def test_open_versions_in_locale_folders_at_other_depths_judge_each_other(
    tmp_path: Path,
) -> None:
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nfolders = { en = "en", fr = "fr" }\n'
    )
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "alien.md").write_text(film("imdbRating: 8.5\n"))
    english = OpenFile(str(tmp_path / "films" / "en" / "alien.md"), 1, film("imdbRating: 8.5\n"))
    french = OpenFile(str(tmp_path / "fr" / "films" / "alien.md"), 1, film("imdbRating: 8.4\n"))
    other = OpenFile(str(tmp_path / "films" / "en" / "aliens.md"), 1, film())
    files = opened(english, french, other)
    site = SiteLinter()
    assert site.affected(english.path, files) == [french.path]
    assert site.affected(str(tmp_path / "films" / "alien.md"), files) == [english.path, french.path]
    assert codes(site, french, files) == ["FL404"]


def test_a_broken_configuration_elsewhere_leaves_the_other_files_alone(films: Path) -> None:
    other = films.parent / "other"
    other.mkdir()
    (other / "filmlint.toml").write_text("[collections.films\n")
    site = SiteLinter()
    english = OpenFile(str(films / "alien-en.md"), 1, film("imdbRating: 8.4\n"))
    broken = OpenFile(str(other / "x.md"), 1, film())
    files = opened(english, broken)
    assert site.affected(str(films / "alien.md"), files) == [english.path]
    assert codes(site, english, files) == ["FL404"]


def test_configuration_files_are_not_linted(films: Path) -> None:
    config = OpenFile(str(films.parent / "filmlint.toml"), 1, CONFIG)
    assert SiteLinter().lint(config, opened(config)) is None


@given(st.text(), st.integers(0, 100))
def test_an_editors_text_is_over_the_size_limit_as_its_saved_bytes_would_be(
    text: str, limit: int
) -> None:
    over = utf8_size(text, limit) > limit
    assert over == (len(text.encode("utf-8", "surrogatepass")) > limit)
