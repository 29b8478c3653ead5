"""A site whose default locale sits at the top and whose translations sit in locale folders
(``films/a.md`` beside ``films/en/a.md`` or ``en/films/a.md``): a run naming a file reads its
versions in the folders where they exist, so it judges the file as a run over the whole site
does."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, film
from filmlint.engine.paths import PathPolicy
from filmlint.engine.settings import Config
from filmlint.rulekit.declaration import Registry

TABLE = {"locale": {"default": "zh-Hans", "folders": {"en": "en", "fr": "fr"}}}
CONFIG = """\
[locale]
default = "zh-Hans"
folders = { en = "en", fr = "fr" }
"""
TRANSLATION_RULES = ["translation-missing", "translation-mismatch"]


def write_film(path: Path, year: int = 1979) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(film(f"year: {year}\n"), encoding="utf-8")


@contextmanager
def chdir(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.mark.parametrize(
    ("existing", "named", "cwd", "expected"),
    [
        # the nearest folder to the file first
        (
            ["content/films/en/a.md", "content/en/films/a.md"],
            "content/films/a.md",
            ".",
            {"en": "content/films/en/a.md"},
        ),
        (["content/en/films/a.md"], "content/films/a.md", ".", {"en": "content/en/films/a.md"}),
        (["en/content/films/a.md"], "content/films/a.md", ".", {"en": "en/content/films/a.md"}),
        # each locale where it is; none where nothing exists (nothing places it)
        (
            ["content/en/films/a.md", "content/films/fr/a.md"],
            "content/films/a.md",
            ".",
            {"en": "content/en/films/a.md", "fr": "content/films/fr/a.md"},
        ),
        ([], "content/films/a.md", ".", {}),
        # a folder, not a file, is no version
        (["content/en/films/a.md/"], "content/films/a.md", ".", {}),
        # named from a folder below the site: as relative to the current folder
        (["en/content/films/a.md"], "films/a.md", "content", {"en": "../en/content/films/a.md"}),
        (["content/en/films/a.md"], "films/a.md", "content", {"en": "en/films/a.md"}),
    ],
)
def test_a_file_in_no_locale_folder_reads_its_versions_where_they_are(
    tmp_path: Path, existing: list[str], named: str, cwd: str, expected: dict[str, str]
) -> None:
    site = tmp_path / "site"
    for name in existing:
        if name.endswith("/"):
            (site / name).mkdir(parents=True)
        else:
            write_film(site / name)
    write_film(site / "content" / "films" / "a.md")
    policy = PathPolicy(Config.from_dict(TABLE, root=site), Registry([]))
    with chdir(site / cwd):
        assert policy.other_versions([named]) == list(expected.values())
        assert policy.sets_and_versions([named]) == ([named], list(expected.values()), {})
        # What a file gathers is cached with it: its versions as the path alone gives them.
        assert policy.versions(named) == (named, {"zh-Hans": named})


def test_a_file_outside_the_site_finds_no_version_in_its_folders(tmp_path: Path) -> None:
    write_film(tmp_path / "elsewhere" / "en" / "a.md")
    write_film(tmp_path / "elsewhere" / "a.md")
    policy = PathPolicy(Config.from_dict(TABLE, root=tmp_path / "site"), Registry([]))
    assert policy.other_versions([str(tmp_path / "elsewhere" / "a.md")]) == []


#: Where a translation may sit, for the base content/films/NAME.md: its folder inserted
#: before the name, before "films", before "content".
PLACES = [
    lambda folder, name: f"content/films/{folder}/{name}",
    lambda folder, name: f"content/{folder}/films/{name}",
    lambda folder, name: f"{folder}/content/films/{name}",
]
#: A version of one film: absent, or at one of the places with one of two years.
version = st.none() | st.tuples(st.sampled_from(range(len(PLACES))), st.sampled_from([1979, 2004]))
site_films = st.lists(
    st.tuples(st.booleans(), st.sampled_from([1979, 2004]), version, version),
    min_size=1,
    max_size=3,
)


def rows(diagnostics: list[filmlint.Diagnostic], site: Path) -> set[tuple[str, int, int, str, str]]:
    return {
        (Path(d.path).resolve().relative_to(site).as_posix(), d.line, d.column, d.rule, d.message)
        for d in diagnostics
    }


@settings(max_examples=examples(100), deadline=None)
@given(site_films)
def test_a_run_naming_one_file_judges_it_as_a_whole_run_does(
    films: list[tuple[bool, int, tuple[int, int] | None, tuple[int, int] | None]],
) -> None:
    """The mismatches on a file are the same; so are the versions said to be missing from
    its film, reported on the same version of it (its base, else its first) in both."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder).resolve() / "site"
        site.mkdir()
        (site / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
        files: list[str] = []
        for number, (has_base, year, english, french) in enumerate(films):
            name = f"film{number}.md"
            if has_base:
                files.append(f"content/films/{name}")
                write_film(site / files[-1], year)
            for locale, placed in (("en", english), ("fr", french)):
                if placed is not None:
                    files.append(PLACES[placed[0]](locale, name))
                    write_film(site / files[-1], placed[1])
        with chdir(site):
            whole = rows(filmlint.lint_paths(["."], select=TRANSLATION_RULES), site)
            for name in files:
                alone = rows(filmlint.lint_paths([name], select=TRANSLATION_RULES), site)
                assert mismatches(alone) == {r for r in mismatches(whole) if r[0] == name}, name
                on_it = {r for r in whole if r[0] == name}
                assert missing(alone) == missing(on_it), name
                # Named from its own folder, or from one above it: judged the same (the
                # messages name the other files as the current folder reaches them).
                for cwd in ((site / name).parent, (site / name).parent.parent):
                    with chdir(cwd):
                        named = os.path.relpath(site / name)
                        found = rows(filmlint.lint_paths([named], select=TRANSLATION_RULES), site)
                    assert places(found) == places(alone), (name, cwd)


def places(found: set[tuple[str, int, int, str, str]]) -> set[tuple[str, int, int, str]]:
    return {row[:4] for row in found}


def mismatches(found: set[tuple[str, int, int, str, str]]) -> set[tuple[str, int, int, str, str]]:
    return {row for row in found if row[3] == "translation-mismatch"}


def missing(found: set[tuple[str, int, int, str, str]]) -> set[tuple[str, int, int, str]]:
    """Each film's missing versions (by the film's file name), and where in a file of the
    film it is said."""
    return {
        (Path(row[0]).name, row[1], row[2], row[4])
        for row in found
        if row[3] == "translation-missing"
    }
