"""translation-missing: a film without one of its expected language versions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import filmlint
from filmlint.engine.settings import parse_config

FILM = "---\ntitle: 1\nyear: 1979\n---\n"


def missing(
    folder: Path, locale: dict[str, object], *names: str, options: dict[str, object] | None = None
) -> list[tuple[str, int, str]]:
    settings = {"locale": locale, "select": ["FL401"]}
    if options is not None:
        settings["rules"] = {"translation-missing": options}
    config = parse_config(settings, folder / "filmlint.toml")
    paths = [folder / name for name in names] or [folder]
    return [
        (Path(d.path).relative_to(folder).as_posix(), d.line, d.message)
        for d in filmlint.Linter(config).lint_paths(paths).diagnostics
    ]


SUFFIXES = {"default": "zh-Hans", "suffixes": {"en": "en", "fr": "fr"}}


def test_a_missing_translation_is_named_on_the_base(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a_en.md").write_text(FILM, encoding="utf-8")
    assert missing(tmp_path, SUFFIXES) == [
        ("a.md", 1, f"no fr version of this film: {tmp_path / 'a_fr.md'} does not exist")
    ]


@pytest.mark.parametrize(
    ("beside", "expected"),
    [
        ([], "c-en.md"),  # no translation to go by: "-"
        (["a.en.md", "b.en.md"], "c.en.md"),  # as Hugo names them
        (["a_en.md", "b.en.md", "b_fr.md"], "c_en.md"),  # the most
        (["a_en.md", "b-en.md"], "c-en.md"),  # a tie with "-": "-"
        (["c.fr.md"], "c.en.md"),  # the film's own translation is one of those beside it
    ],
)
def test_a_missing_path_is_spelt_as_the_translations_beside_it(
    tmp_path: Path, beside: list[str], expected: str
) -> None:
    for name in ["a.md", "b.md", "c.md", *beside]:
        (tmp_path / name).write_text(FILM, encoding="utf-8")
    found = [message for path, _, message in missing(tmp_path, SUFFIXES) if path == "c.md"]
    assert f"no en version of this film: {tmp_path / expected} does not exist" in found


HUGO = 'baseURL = "https://example.org/"\n[languages.zh]\nweight = 1\n'
#: A site generator's configuration (its path and text) and how a version is spelt where no
#: translation beside the file shows a separator.
SITES = {
    "no generator": ({}, "-"),
    "hugo.toml": ({"hugo.toml": HUGO}, "."),
    "hugo.yaml, its folder": ({"config/_default/hugo.yaml": "title: x\n"}, "."),
    "Hugo's older config.toml": ({"config.toml": HUGO}, "."),
    "config.yaml with Hugo's default": ({"config.yaml": "defaultContentLanguage: zh\n"}, "."),
    "another tool's config.toml": ({"config.toml": "[tool]\nlanguage = 1\n"}, "-"),
}


@pytest.mark.parametrize(("site", "separator"), SITES.values(), ids=list(SITES))
@pytest.mark.parametrize(
    ("others", "film", "expected"),
    [
        ([], "films/c.md", "films/c{}en.md"),
        ([], "films/c/index.md", "films/c/index{}en.md"),  # a page bundle
        (["films/b/index.md", "films/b/index.en.md"], "films/c/index.md", "films/c/index{}en.md"),
        (["films/a.md", "films/a-en.md"], "films/c.md", "films/c-en.md"),  # as those beside it
        (["films/a.md", "films/a_en.md"], "films/c.md", "films/c_en.md"),
    ],
)
def test_where_no_translation_beside_it_shows_one_the_site_s_separator_is_taken(
    tmp_path: Path,
    site: dict[str, str],
    separator: str,
    others: list[str],
    film: str,
    expected: str,
) -> None:
    """Hugo reads a translation only as ``film.en.md`` (``index.en.md`` in a bundle, whose
    folder never holds one until it exists)."""
    for name, text in [*site.items(), *[(other, FILM) for other in [film, *others]]]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    locale = {"default": "zh-Hans", "suffixes": {"en": "en"}}
    assert missing(tmp_path, locale, "films") == [
        (
            film,
            1,
            f"no en version of this film: {tmp_path / expected.format(separator)} does not exist",
        )
    ]


@pytest.mark.parametrize(
    ("locale", "locales", "said"),
    [
        pytest.param(SUFFIXES, ["zh-Hans", "EN", "Fr"], ["EN", "Fr"], id="locales"),
        pytest.param(
            {"default": "zh-Hans", "suffixes": {"en": "EN", "fr": "fR"}},
            ["zh-Hans", "en", "fr"],
            ["en", "fr"],
            id="locale settings",
        ),
    ],
)
def test_a_missing_path_is_found_whatever_the_case_of_its_tag(
    tmp_path: Path, locale: dict[str, object], locales: list[str], said: list[str]
) -> None:
    """BCP 47 tags are case-insensitive: ``EN`` in ``locales`` is the settings' ``en``."""
    (tmp_path / "a.md").write_text(FILM, encoding="utf-8")
    assert missing(tmp_path, locale, options={"locales": locales}) == [
        ("a.md", 1, f"no {tag} version of this film: {tmp_path / name} does not exist")
        for tag, name in zip(said, ["a-en.md", "a-fr.md"], strict=True)
    ]


def lang(tag: str) -> str:
    return f"---\nlang: {tag}\ntitle: 1\n---\n"


@pytest.mark.parametrize(
    ("files", "locales", "reported", "said"),
    [
        pytest.param(
            {"alien-english.md": lang("en")},
            ["zh-Hans", "en"],
            "alien-english.md",
            "no base version (zh-Hans) of this film: its locale settings give it no other "
            "path than this file's",
            id="its locale from its front matter",
        ),
        pytest.param(
            {"alien-en.md": lang("zh-Hans")},
            ["zh-Hans", "en"],
            "alien-en.md",
            "no en version of this film: its locale settings give it no other path than this "
            "file's",
            id="a base named as a translation",
        ),
        pytest.param(
            {"-en.md": FILM},
            ["zh-Hans", "en"],
            "-en.md",
            "no base version (zh-Hans) of this film: its locale settings give it no other "
            "path than this file's",
            id="a name that is its suffix alone",
        ),
        pytest.param(
            {"alien.md": lang("en"), "alien-en.md": lang("fr")},
            ["zh-Hans", "fr", "en"],
            "alien-en.md",
            "no base version (zh-Hans) of this film: its locale settings give it no other "
            "path than that of {folder}/alien.md, the film's en version",
            id="another version's path",
        ),
    ],
)
def test_a_missing_version_is_never_placed_at_a_version_s_own_path(
    tmp_path: Path, files: dict[str, str], locales: list[str], reported: str, said: str
) -> None:
    """Not "alien-english.md exists, but is excluded ...": it is the file reporting it."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    locale = {**SUFFIXES, "key": "lang"}
    assert missing(tmp_path, locale, options={"locales": locales}) == [
        (reported, 1, said.format(folder=tmp_path))
    ]


def test_a_set_without_its_base_is_reported_on_a_translation(tmp_path: Path) -> None:
    (tmp_path / "a-en.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a-fr.md").write_text(FILM, encoding="utf-8")
    assert missing(tmp_path, SUFFIXES) == [
        (
            "a-en.md",
            1,
            f"no base version (zh-Hans) of this film: {tmp_path / 'a.md'} does not exist",
        )
    ]


def test_a_locale_in_a_folder(tmp_path: Path) -> None:
    for folder in ("zh", "en"):
        (tmp_path / folder / "films").mkdir(parents=True)
    (tmp_path / "zh" / "films" / "a.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "zh" / "films" / "b.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "en" / "films" / "a.md").write_text(FILM, encoding="utf-8")
    locale = {"default": "zh-Hans", "folders": {"zh": "zh-Hans", "en": "en"}}
    assert missing(tmp_path, locale) == [
        (
            "zh/films/b.md",
            1,
            f"no en version of this film: {tmp_path / 'en' / 'films' / 'b.md'} does not exist",
        )
    ]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        pytest.param(FILM, 0, id="LF"),
        pytest.param(FILM.replace("\n", "\r\n"), 0, id="CRLF"),
        pytest.param("\ufeff" + FILM, 1, id="after a BOM"),
        pytest.param("---\n{title: 1, year: 1979}\n---\n", 0, id="flow mapping"),
        pytest.param("---\n# a comment first\n\nyear: 1979\n---\n", 0, id="comment first"),
    ],
)
def test_a_missing_version_is_reported_at_the_opening_delimiter(
    tmp_path: Path, text: str, start: int
) -> None:
    """A finding about the file as a whole: its opening ``---``, on the first line, whatever
    the front matter begins with; a BOM takes no column."""
    (tmp_path / "a.md").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "a_en.md").write_text(FILM, encoding="utf-8")
    config = parse_config({"locale": SUFFIXES, "select": ["FL401"]}, tmp_path / "filmlint.toml")
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line, d.column, d.end_line, d.end_column) for d in found] == [
        ("a.md", 1, 1, 1, 4)
    ]
    (reference,) = filmlint.Linter(config).file_result(str(tmp_path / "a.md")).gathered
    assert (reference.start, reference.end, reference.data_path) == (start, start + 3, ())
    assert text[reference.start : reference.end] == "---"


def test_one_locale_checks_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(FILM, encoding="utf-8")
    assert missing(tmp_path, {"default": "en"}) == []


def test_a_partial_run_reports_only_on_the_version_that_carries_it(tmp_path: Path) -> None:
    """Without a base, the first version (by locale) carries the film's missing versions,
    whichever files a run names: a run that names another reports nothing."""
    (tmp_path / "a-en.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a-fr.md").write_text(FILM, encoding="utf-8")
    assert [name for name, _, _ in missing(tmp_path, SUFFIXES, "a-fr.md")] == []
    assert [name for name, _, _ in missing(tmp_path, SUFFIXES, "a-en.md")] == ["a-en.md"]


def test_a_version_that_exists_but_is_excluded_is_said_to_be_so(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a_en.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a_fr.md").write_text(FILM, encoding="utf-8")
    settings = {"locale": SUFFIXES, "select": ["FL401"], "exclude": ["*_fr.md"]}
    config = parse_config(settings, tmp_path / "filmlint.toml")
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line, d.message) for d in found] == [
        (
            "a.md",
            1,
            f"no fr version of this film is linted with it: {tmp_path / 'a_fr.md'} exists, but "
            "is excluded, in another collection, or has no front matter to read",
        )
    ]


@pytest.mark.parametrize(
    "base", ["---\ntitle: [\n---\n", "---\n- a list\n---\n", "no front matter\n", "\xff\n"]
)
def test_a_base_that_cannot_be_read_is_not_said_to_be_excluded(tmp_path: Path, base: str) -> None:
    (tmp_path / "a.md").write_bytes(base.encode("latin-1"))
    (tmp_path / "a_en.md").write_text(FILM, encoding="utf-8")
    config = parse_config({"locale": SUFFIXES, "select": ["FL401"]}, tmp_path / "filmlint.toml")
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    (message,) = [d.message for d in found if d.message.startswith("no base version")]
    assert message.endswith(
        f"{tmp_path / 'a.md'} exists, but is excluded, in another collection, or has no "
        "front matter to read"
    )


#: A version whose front matter cannot be read, and the problem that says so.
UNREADABLE = [
    ("---\ntitle: [\n---\n", "yaml-syntax"),
    ("---\n- a list\n---\n", "front-matter-type"),
    ("no front matter\n", "missing-front-matter"),
    ("\xff\n", "file-encoding"),
]


@pytest.mark.parametrize(("version", "told"), UNREADABLE)
def test_a_version_that_cannot_be_read_is_told_by_its_own_problem_alone(
    tmp_path: Path, version: str, told: str
) -> None:
    """Its film does not also lack it: not in a run that lints it, and not in one that names
    the base alone (which reads the version to tell, and reports on the base what a run of
    every file reports there)."""
    (tmp_path / "a.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a_en.md").write_text(FILM, encoding="utf-8")
    (tmp_path / "a_fr.md").write_bytes(version.encode("latin-1"))
    config = parse_config({"locale": SUFFIXES, "select": ["FL0", "FL401"]}, tmp_path / "x.toml")
    linter = filmlint.Linter(config)
    whole = linter.lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.rule) for d in whole] == [("a_fr.md", told)]
    assert linter.lint_paths([tmp_path / "a.md"]).diagnostics == []


def test_the_missing_path_is_where_the_run_context_places_versions(tmp_path: Path) -> None:
    """``finish`` asks the run where a version would be (``RunContext.versions``); a context
    that cannot say (a library's own) still gets the missing locale named."""
    from filmlint.api import RunContext
    from filmlint.rules import translation_missing

    for name in ("a.md", "a_en.md"):
        (tmp_path / name).write_text(FILM, encoding="utf-8")
    config = parse_config({"locale": SUFFIXES, "select": ["FL401"]}, tmp_path / "filmlint.toml")
    linter = filmlint.Linter(config)
    gathered = [
        reference
        for name in ("a.md", "a_en.md")
        for reference in linter.file_result(str(tmp_path / name)).gathered
    ]
    options = linter.settings.options["translation-missing"]
    base = RunContext(locales=("zh-Hans", "en", "fr"), default_locale="zh-Hans")
    placed = {"zh-Hans": "there/a.md", "en": "there/a_en.md", "fr": "there/a_fr.md"}
    for context, said in [
        (base, "its locale settings place no fr file beside it"),
        (replace(base, versions=lambda _: placed), "there/a_fr.md does not exist"),
    ]:
        (problem,) = translation_missing.finish(gathered, options, context)
        assert problem.reference.file == str(tmp_path / "a.md")
        assert said in problem.message


def keyed(value: str | None) -> str:
    return FILM if value is None else f"---\ntranslationKey: {value}\ntitle: 1\n---\n"


@pytest.mark.parametrize(
    ("base_key", "translation_key", "said"),
    [
        pytest.param(
            "alien",
            None,
            {
                "a.md": "no en version of this film: no file with translationKey: 'alien' in en "
                "({folder}/a-en.md has no translationKey that names a film)",
                "a-en.md": "no base version (zh-Hans) of this film: {folder}/a.md exists, but is "
                "in the set of translationKey: 'alien', and this file has no translationKey "
                "that names a film",
            },
            id="the translation has none",
        ),
        pytest.param(
            "alien",
            "other",
            {
                "a.md": "no en version of this film: no file with translationKey: 'alien' in en "
                "({folder}/a-en.md has translationKey: 'other')",
                "a-en.md": "no base version (zh-Hans) of this film: no file with translationKey: "
                "'other' in zh-Hans ({folder}/a.md has translationKey: 'alien')",
            },
            id="keys that differ",
        ),
        pytest.param(
            '" "',
            "1979",
            {
                "a.md": "no en version of this film: {folder}/a-en.md exists, but is in the set "
                "of translationKey: '1979', and this file has no translationKey that names a film",
                "a-en.md": "no base version (zh-Hans) of this film: no file with translationKey: "
                "'1979' in zh-Hans ({folder}/a.md has no translationKey that names a film)",
            },
            id="a blank key and a number",
        ),
        pytest.param("1.50", "1.50", {}, id="one key"),
    ],
)
def test_with_a_key_a_version_in_another_set_is_said_to_be_so(
    tmp_path: Path, base_key: str, translation_key: str | None, said: dict[str, str]
) -> None:
    """Not "excluded, in another collection, or has no front matter": the key it has, or
    lacks, puts the other file in another set."""
    (tmp_path / "a.md").write_text(keyed(base_key), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(keyed(translation_key), encoding="utf-8")
    locale = {"default": "zh-Hans", "suffixes": {"en": "en"}}
    found = missing(tmp_path, locale, options={"key": "translationKey"})
    assert sorted(found) == [
        (name, 1, message.format(folder=tmp_path)) for name, message in sorted(said.items())
    ]


def test_with_a_key_an_excluded_version_of_the_same_key_is_said_to_be_excluded(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.md").write_text(keyed("alien"), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(keyed("alien"), encoding="utf-8")
    settings = {
        "locale": {"default": "zh-Hans", "suffixes": {"en": "en"}},
        "select": ["FL401"],
        "exclude": ["*-en.md"],
        "rules": {"translation-missing": {"key": "translationKey"}},
    }
    config = parse_config(settings, tmp_path / "filmlint.toml")
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [d.message for d in found] == [
        f"no en version of this film is linted with it: {tmp_path / 'a-en.md'} exists, but "
        "is excluded, in another collection, or has no front matter to read"
    ]


#: A front matter that each reading rule the parser applies reports.
READ_BY_THE_PARSER = {
    "yaml-syntax": "---\ntitle: [\n---\n",
    "duplicate-key": "---\ntitle: a\ntitle: b\n---\n",
    "missing-front-matter": "no front matter\n",
    "front-matter-type": "---\n- a list\n---\n",
    "unsupported-tag": "---\ntitle: !!python/object x\n---\n",
    "nesting-depth": "---\ntitle: " + "[" * 150 + "]" * 150 + "\n---\n",
    "alias-expansion": "---\na: &a ["
    + "1," * 9
    + "1]\n"
    + "".join(
        f"{n}: &{n} [" + f"*{p}," * 9 + f"*{p}]\n" for p, n in zip("abcd", "bcde", strict=True)
    )
    + "f: [*e, *e, *e]\n---\n",
}


@pytest.mark.parametrize(("rule", "text"), sorted(READ_BY_THE_PARSER.items()))
def test_the_problems_that_leave_no_front_matter_are_those_the_rule_knows(
    rule: str, text: str
) -> None:
    """``_UNREAD``: a version with one of them is in no set (its problem says why); one with
    another still is. The reading rules the parser does not apply (file-encoding,
    unreadable-file) come before any front matter is read."""
    from filmlint.frontmatter.parser import parse_document
    from filmlint.rules import reading, translation_missing

    document, findings = parse_document(text, "a.md")
    assert rule in {f.rule for f in findings}
    assert (document.data is None) is (rule in translation_missing._UNREAD)
    by_the_reader = {r.name for r in reading.RULES} - set(READ_BY_THE_PARSER)
    assert by_the_reader == {"file-encoding", "unreadable-file"}
    assert by_the_reader <= translation_missing._UNREAD
