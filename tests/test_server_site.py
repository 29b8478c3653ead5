"""The server's linting of open files with their other language versions, in process: which
text judges which file, what is reused, and what a broken configuration elsewhere does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import film
from filmlint.server.site import SETUP_ERRORS, OpenFile, SiteLinter, shown_from, utf8_size

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


#: A base's contentLanguage that language-code rejects: as written, under a comment that
#: silences it, and a fine one (the translation writes "en": only the last may be taken).
BASE_LANGUAGES = {
    "reported": ('contentLanguage: "zh_cn"\n', False),
    "silenced": (
        '# filmlint: disable-next-line language-code\ncontentLanguage: "zh_cn"\n',
        False,
    ),
    "fine": ('contentLanguage: "zh-CN"\n', True),
}


@pytest.mark.parametrize("base_open", [False, True], ids=["base on disk", "base open"])
@pytest.mark.parametrize(("written", "fixed"), BASE_LANGUAGES.values(), ids=list(BASE_LANGUAGES))
def test_no_fix_in_the_editor_takes_a_base_value_with_a_problem(
    films: Path, written: str, fixed: bool, base_open: bool
) -> None:
    """The unsafe fix takes the base's value only when the base's own file phase finds no
    problem there, reported or silenced: for a closed base as read in full, for an open one
    as the editor's text is linted."""
    (films / "alien.md").write_text(film(written))
    english = OpenFile(str(films / "alien-en.md"), 1, film('contentLanguage: "en"\n'))
    files = opened(english)
    if base_open:
        files = opened(english, OpenFile(str(films / "alien.md"), 1, film(written)))
    linted = SiteLinter().lint(english, files)
    assert linted is not None
    [found] = [d for d in linted.diagnostics if d.rule == "translation-mismatch"]
    assert (found.fix is not None) is fixed


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


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    """A site whose English versions are in a folder ``en`` beside their base, whose schema
    is in ``schemas/`` (with a file it refers to), and whose ``nested/`` folder has a
    configuration of its own."""
    (tmp_path / "filmlint.toml").write_text(
        'schema = "schemas/film.json"\n[locale]\ndefault = "zh-Hans"\nfolders = { en = "en" }\n'
        '[collections.films]\ninclude = ["films/**/*.md", "nested/**/*.md"]\n'
    )
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "film.json").write_text('{"$ref": "defs.json"}')
    (tmp_path / "schemas" / "defs.json").write_text('{"type": "object"}')
    for name in ["films/en", "films/en/.hidden", "films/en/node_modules", "nested/films"]:
        (tmp_path / name).mkdir(parents=True)
    for name in ["films/alien.md", "films/en/alien.md", "films/en/aliens.markdown"]:
        (tmp_path / name).write_text(film())
    for name in ["films/en/.hidden/x.md", "films/en/node_modules/y.md", "films/en/poster.png"]:
        (tmp_path / name).write_text(film())
    (tmp_path / "nested" / "filmlint.toml").write_text('ignore = ["language-code"]\n')
    (tmp_path / "nested" / "films" / "x.md").write_text(film())
    return tmp_path


def test_the_schema_files_are_those_named_and_those_they_refer_to(folders: Path) -> None:
    site = SiteLinter()
    base = OpenFile(str(folders / "films" / "alien.md"), 1, film())
    assert codes(site, base, opened(base)) == []
    files = {str(folders / "schemas" / "film.json"), str(folders / "schemas" / "defs.json")}
    assert site.schemas() == files
    # Still schema files once the configuration is read again and the schema cannot load
    # (a referenced file broken): a change that mends it must be seen.
    (folders / "schemas" / "defs.json").write_text("{")
    site.reset()
    with pytest.raises(SETUP_ERRORS):
        site.lint(base, opened(base))
    assert site.schemas() == files


# What a change reported at a path stands for, by what is at the path: a file (there or
# gone) is itself; a folder on disk, the Markdown, configuration and schema files in it
# (none in a hidden folder or node_modules), with the files known under it; a folder
# gone, the files known under it (open, read as another version, configurations, schemas).
FILES_AT = [
    ("films/alien.md", "present", ["films/alien.md"]),
    ("films/gone.md", "present", ["films/gone.md"]),
    ("films/en", "present", ["films/en/alien.md", "films/en/aliens.markdown"]),
    ("films/en", "deleted", ["films/en/alien.md"]),
    ("films", "deleted", ["films/alien.md", "films/en/alien.md"]),
    ("schemas", "present", ["schemas/defs.json", "schemas/film.json"]),
    ("schemas", "deleted", ["schemas/defs.json", "schemas/film.json"]),
    ("nested", "present", ["nested/filmlint.toml", "nested/films/x.md"]),
    ("nested", "deleted", ["nested/filmlint.toml", "nested/films/x.md"]),
    ("film", "deleted", ["film"]),  # a prefix of a name is not a folder of it
]


@pytest.mark.parametrize(("path", "state", "expected"), FILES_AT)
def test_a_change_of_a_folder_is_that_of_the_files_under_it(
    folders: Path, path: str, state: str, expected: list[str]
) -> None:
    site = SiteLinter()
    base = OpenFile(str(folders / "films" / "alien.md"), 1, film())
    nested = OpenFile(str(folders / "nested" / "films" / "x.md"), 1, film())
    files = opened(base, nested)
    for file in files.values():  # read: the configurations, the schema, the English version
        site.lint(file, files)
    if state == "deleted":
        for name in ["films", "schemas", "nested"]:
            shutil.rmtree(folders / name)
    found = site.files_at(str(folders / path), files)
    assert sorted(found) == sorted(str(folders / name) for name in expected)


@pytest.mark.parametrize(
    ("path", "folders", "shown"),
    [
        ("/w/site/films/a.md", ["/w/site"], "films/a.md"),
        ("/w/site/films/a.md", ["/w", "/w/site", "/w/site/notes"], "films/a.md"),  # innermost
        ("/w/site/films/a.md", ["/w/site/", "/w"], "films/a.md"),
        ("/elsewhere/a.md", ["/w/site"], "/elsewhere/a.md"),
        ("/w/site2/a.md", ["/w/site"], "/w/site2/a.md"),  # a name that begins as the folder's
        ("/w/site", ["/w/site"], "/w/site"),  # the folder itself is no file in it
        ("/a.md", ["/"], "a.md"),
        ("/w/site/a.md", [], "/w/site/a.md"),
    ],
)
def test_a_message_names_a_file_from_the_innermost_folder_that_holds_it(
    path: str, folders: list[str], shown: str
) -> None:
    assert shown_from(path, folders) == shown


_SEGMENTS = st.lists(st.sampled_from(["a", "b", "ab", "films", "é"]), min_size=1, max_size=4)


@given(_SEGMENTS, st.lists(_SEGMENTS, max_size=4))
def test_a_named_file_is_found_again_from_the_folder_it_is_named_from(
    file: list[str], folders: list[list[str]]
) -> None:
    path = "/" + "/".join(file)
    roots = ["/" + "/".join(folder) for folder in folders]
    shown = shown_from(path, roots)
    holding = [root for root in roots if path.startswith(root + "/")]
    if not holding:
        assert shown == path
    else:  # relative to the innermost, and leading back to the file from it
        assert not shown.startswith(("/", ".."))
        assert max(holding, key=len) + "/" + shown == path


def test_messages_name_other_files_as_the_site_linter_is_told(films: Path) -> None:
    english = OpenFile(str(films / "alien-en.md"), 1, film("imdbRating: 8.4\n"))
    told = []

    def shown(path: str) -> str:
        told.append(path)
        return "the base"

    linted = SiteLinter(shown).lint(english, opened(english))
    assert linted is not None
    (mismatch,) = linted.diagnostics
    assert told == [str(films / "alien.md")]
    line = film("imdbRating: 8.4\n").splitlines().index("imdbRating: 8.4") + 1
    assert mismatch.message.endswith(f"in the base the base:{line}")
