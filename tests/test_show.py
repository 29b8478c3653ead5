"""``--show-settings`` and ``--show-files``: plain, stable text about what a run would do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VALID, examples, run_cli, throwaway_folder
from project_sites import SITE_LINTED, build_site


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    site = build_site(tmp_path)
    with (site / "filmlint.toml").open("a", encoding="utf-8") as config:
        config.write(
            '\n[collections.blog.rules.unknown-key]\nseverity = "warning"\n'
            '\n[rules.country-code]\naccept = ["code", "name"]\n'
        )
    return tmp_path


def test_show_files_lists_what_would_be_linted_with_its_settings(repository: Path) -> None:
    result = run_cli("check", "--show-files", cwd=repository)
    assert result.returncode == 0
    expected = [
        f"{name}: site/filmlint.toml, collection {name.split('/')[3]}" for name in SITE_LINTED
    ]
    assert result.stdout.splitlines() == expected


def test_show_files_says_why_a_named_file_is_skipped(repository: Path) -> None:
    (repository / "notes.md").write_text(VALID, encoding="utf-8")
    result = run_cli(
        "check",
        "--show-files",
        "notes.md",
        "site/README.md",
        "site/src/content/films/drafts/wip.md",
        cwd=repository,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "notes.md: defaults (no configuration file)",
        "site/README.md: skipped: in no collection of site/filmlint.toml",
        "site/src/content/films/drafts/wip.md: skipped: excluded by "
        "'src/content/films/drafts/' in site/filmlint.toml",
    ]


def test_show_settings_says_where_each_setting_comes_from(repository: Path) -> None:
    result = run_cli("check", "--show-settings", "site/src/content/blog/new-en.md", cwd=repository)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "file: site/src/content/blog/new-en.md",
        "configuration: site/filmlint.toml",
        "collection: blog ([collections.blog])",
        "locale: en (suffix 'en', locale.suffixes)",
        "schema: site/schemas/blog.schema.json (collections.blog.schema)",
    ]
    assert lines[5].startswith("rules: ") and lines[5].endswith(" active")
    assert "  FL101 unknown-key warning  (collections.blog.rules.unknown-key.severity)" in lines
    assert '    accept = ["code", "name"]  (rules.country-code.accept)' in lines
    assert "  FL104 invalid-value error" in lines


def test_show_settings_locale_from_a_folder_the_default_and_the_files_key(
    repository: Path,
) -> None:
    films = repository / "site" / "src" / "content" / "films"

    def locale(name: str) -> str:
        result = run_cli("check", "--show-settings", name, cwd=repository)
        (line,) = [line for line in result.stdout.splitlines() if line.startswith("locale: ")]
        return line

    assert locale("site/src/content/films/fr/a.md") == "locale: fr (folder 'fr', locale.folders)"
    assert locale("site/src/content/films/a.md") == "locale: zh-Hans (default, locale.default)"
    config = repository / "site" / "filmlint.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[locale]\n", '[locale]\nkey = "lang"\n'),
        encoding="utf-8",
    )
    (films / "tagged-en.md").write_text(VALID.replace("---\nBody", "lang: ja\n---\nBody"), "utf-8")
    assert locale("site/src/content/films/tagged-en.md") == (
        "locale: ja (the file's 'lang' key, locale.key)"
    )


def test_show_settings_of_a_skipped_file_without_configuration_and_forced(
    repository: Path,
) -> None:
    skipped = run_cli("check", "--show-settings", "site/README.md", cwd=repository)
    assert skipped.stdout == (
        "file: site/README.md\nskipped: in no collection of site/filmlint.toml\n"
    )
    plain = run_cli("check", "--show-settings", "a.md", cwd=repository)
    assert plain.stdout.splitlines()[1:4] == [
        "configuration: defaults (no configuration file)",
        "locale: none (no locale is configured)",
        "schema: film (shipped with filmlint)",
    ]
    forced = run_cli(
        "check",
        "--show-settings",
        "site/src/content/films/x.md",
        "--config",
        "site/filmlint.toml",
        "--schema",
        "site/schemas/blog.schema.json",
        cwd=repository,
    )
    assert forced.stdout.splitlines()[1:5] == [
        "configuration: site/filmlint.toml",
        "collection: films ([collections.films])",
        "locale: zh-Hans (default, locale.default)",
        "schema: site/schemas/blog.schema.json (--schema)",
    ]


#: A film that breaks each rule selected below: unknown-key, missing-key and country-code.
BROKEN = "---\ntitle: X\nrating: 11\ncountry: 美国\n---\nBody.\n"
SELECTED = 'select = ["FL101", "FL102", "FL201"]\n'


@pytest.mark.parametrize(
    ("config", "args"),
    [
        pytest.param("", (), id="none"),
        pytest.param('[per-file-ignores]\n"*.md" = ["FL201"]\n', (), id="by-name"),
        pytest.param('[per-file-ignores]\n"films/" = ["FL1"]\n', (), id="by-prefix-folder"),
        pytest.param('[per-file-ignores]\n"!films/a.md" = ["FL101"]\n', (), id="negated-miss"),
        pytest.param('[per-file-ignores]\n"!films/b.md" = ["FL101"]\n', (), id="negated-hit"),
        pytest.param(
            '[per-file-ignores]\n"a.md" = ["FL101"]\n"films/*" = ["country-code"]\n',
            (),
            id="two-globs",
        ),
        pytest.param("", ("--per-file-ignores", "./films/a.md:FL102"), id="cli"),
        pytest.param("", ("--per-file-ignores", "!b.md:FL101,FL102"), id="cli-negated"),
        pytest.param(
            '[per-file-ignores]\n"a.md" = ["FL201"]\n',
            ("--per-file-ignores", "films/*.md:unknown-key"),
            id="config-and-cli",
        ),
    ],
)
def test_show_settings_lists_as_active_the_rules_a_check_of_the_file_runs(
    tmp_path: Path, config: str, args: tuple[str, ...]
) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "a.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "filmlint.toml").write_text(SELECTED + config, encoding="utf-8")
    check = run_cli("check", "--no-cache", "--output-format", "concise", *args, cwd=tmp_path)
    reported = {line.split()[1] for line in check.stdout.splitlines() if ": FL" in line}
    shown = run_cli("check", "--show-settings", "films/a.md", *args, cwd=tmp_path)
    lines = shown.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("rules: ")))
    active = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        if not line.startswith("    "):  # a rule's, not its options'
            active.append(line.split()[0])
    assert lines[start] == f"rules: {len(active)} active"
    assert set(active) == reported
    turned_off = {"FL101", "FL102", "FL201"} - reported
    schema_off = turned_off >= {"FL101", "FL102"}  # the film's schema rules, here
    assert any(line.startswith("schema: none (per-file-ignores") for line in lines) == schema_off
    for code in turned_off:  # each with the glob that turns it off
        assert any(line.startswith(f"  {code} ") and "per-file-ignores '" in line for line in lines)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("", "none (no locale is configured)"),
        (
            'suffixes = { en = "en" }',
            "none (its name ends in no suffix of locale.suffixes; locale.default is not set)",
        ),
        (
            'folders = { en = "en" }',
            "none (no folder of its path is in locale.folders; locale.default is not set)",
        ),
        (
            'key = "lang"\nfolders = { en = "en" }\nsuffixes = { fr = "fr" }',
            "none (its 'lang' key holds no language tag; no folder of its path is in "
            "locale.folders; its name ends in no suffix of locale.suffixes; "
            "locale.default is not set)",
        ),
        ('default = "zh-Hans"\nsuffixes = { en = "en" }', "zh-Hans (default, locale.default)"),
    ],
)
def test_show_settings_says_why_a_file_has_no_locale(
    tmp_path: Path, locale: str, expected: str
) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "a.md").write_text(VALID, encoding="utf-8")
    (tmp_path / "filmlint.toml").write_text(f"[locale]\n{locale}\n", encoding="utf-8")
    shown = run_cli("check", "--show-settings", "films/a.md", cwd=tmp_path)
    assert f"locale: {expected}" in shown.stdout.splitlines()


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param(
            '[rules.FL201]\naccept = ["code", "name"]\n',
            '    accept = ["code", "name"]  (rules.FL201.accept)',
            id="by code",
        ),
        pytest.param(
            '[rules.fl201]\nseverity = "warning"\n',
            "  FL201 country-code warning  (rules.fl201.severity)",
            id="by code in lower case",
        ),
        pytest.param(
            '[rules.country-code]\naccept = ["name"]\n\n[collections.films]\ninclude = ["**"]\n\n'
            '[collections.films.rules.FL201]\naccept = ["code", "name"]\n',
            '    accept = ["code", "name"]  (collections.films.rules.FL201.accept)',
            id="a collection's table by code over the top level's by name",
        ),
        pytest.param(
            '[rules.FL201]\nsplit = "/"\n\n[collections.films]\ninclude = ["**"]\n\n'
            '[collections.films.rules.country-code]\naccept = ["code", "name"]\n',
            '    split = "/"  (rules.FL201.split)',
            id="the top level's option by code beside a collection's by name",
        ),
    ],
)
def test_show_settings_says_which_table_sets_an_option_whatever_names_its_rule(
    tmp_path: Path, config: str, expected: str
) -> None:
    (tmp_path / "filmlint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "film.md").write_text(VALID, encoding="utf-8")
    result = run_cli("check", "--show-settings", "film.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout.splitlines()


#: Characters that must never reach the terminal as they are: line breaks (which would forge
#: a line), escape, bidi controls, and an undecodable byte of a file name.
HOSTILE = st.sampled_from(["\n", "\r", "\x1b", "\u202e", "\u2028", "\x85", "\udcff"])


@settings(max_examples=examples(40), deadline=None)
@given(
    name=st.lists(st.one_of(HOSTILE, st.sampled_from("ab é花 -")), min_size=1, max_size=8).map(
        "".join
    ),
    # A TOML key holds any character but a lone surrogate.
    collection=st.lists(
        st.one_of(HOSTILE.filter(str.isascii), st.sampled_from("ab\u202e\u2028")),
        min_size=1,
        max_size=4,
    ).map("".join),
)
def test_show_files_and_settings_say_one_fact_a_line_whatever_the_names(
    tmp_path_factory: pytest.TempPathFactory, name: str, collection: str
) -> None:
    """A file or collection name holding a line break or a control character is shown
    escaped, as a check shows it: one line a fact, none forged, nothing that steers the
    terminal."""
    site = throwaway_folder(tmp_path_factory, "show")
    (site / "films").mkdir()
    key = json.dumps(collection)  # a TOML basic string is a JSON string here
    (site / "filmlint.toml").write_text(
        f'[collections.{key}]\ninclude = ["films/**"]\n', encoding="utf-8"
    )
    film = site / "films" / f"{name}.md"
    try:
        film.write_text(VALID, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        return  # a name this file system cannot hold
    for option in (["--show-files"], ["--show-settings", f"films/{name}.md"]):
        shown = run_cli("check", *option, cwd=site, text=False)
        assert shown.returncode == 0, shown.stderr
        lines = shown.stdout.decode().split("\n")
        assert lines[-1] == ""  # each line ends with a line break, the last one too
        assert all(line.isprintable() for line in lines), lines
        if option == ["--show-files"]:
            assert len(lines) == 2, lines  # the one file: one line


#: Named paths: whether a check lints them (a name that does not exist is reported,
#: unreadable-file, whatever the globs say of it; one that exists, as they say), and whether
#: --show-settings says the file is missing because only that makes it linted.
NAMED = {
    "a file in a collection": ("films/alien.md", True, False),
    "a file in no collection": ("notes.md", False, False),
    "an excluded file": ("films/drafts/wip.md", False, False),
    "a symlink to nothing, in no collection": ("dangling.md", False, False),
    "a missing file in a collection": ("films/nope.md", True, False),
    "a missing file in no collection": ("typo.md", True, True),
    "a missing excluded file": ("films/drafts/nope.md", True, True),
    "a missing file in a missing folder": ("gone/nope.md", True, True),
}


@pytest.mark.parametrize(("name", "linted", "missing"), NAMED.values(), ids=NAMED)
def test_show_settings_and_show_files_agree_with_what_a_check_lints(
    tmp_path: Path, name: str, linted: bool, missing: bool
) -> None:
    (tmp_path / "filmlint.toml").write_text(
        'exclude = ["films/drafts/"]\n[collections.films]\ninclude = ["films/**"]\n',
        encoding="utf-8",
    )
    (tmp_path / "films" / "drafts").mkdir(parents=True)
    for existing in ("films/alien.md", "notes.md", "films/drafts/wip.md"):
        (tmp_path / existing).write_text(VALID, encoding="utf-8")
    (tmp_path / "dangling.md").symlink_to("nowhere.md")

    check = run_cli("check", name, cwd=tmp_path)
    assert ("no files linted" not in check.stderr) is linted, check.stdout + check.stderr
    (files,) = run_cli("check", "--show-files", name, cwd=tmp_path).stdout.splitlines()
    settings = run_cli("check", "--show-settings", name, cwd=tmp_path).stdout.splitlines()
    assert ("skipped: " not in files) is linted
    assert ("skipped: " not in settings[1]) is linted
    if not linted:
        assert files.split(": ", 1)[1] == settings[1]  # the same reason
        return
    shown = dict(line.split(": ", 1) for line in settings[1:] if not line.startswith(" "))
    where = shown["configuration"]  # the same configuration and collection
    if "collection" in shown:
        where += ", collection " + shown["collection"].split()[0]
    assert files == f"{name}: {where}"
    told = shown.get("missing")
    assert told == ("no such file; a check reports it (unreadable-file)" if missing else None)
