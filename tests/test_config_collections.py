"""Collections and the other settings of a content repository: parsed, checked (bad keys
named by their key path), and globs matched as .gitignore matches them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import run_cli
from filmlint import Config, ConfigError, Linter, load_config
from filmlint.engine.files import matches_any
from filmlint.engine.init_writer import render_toml
from filmlint.engine.overrides import Overrides, parse_per_file_ignore
from filmlint.engine.project import Project
from filmlint.engine.resolution import Skipped
from filmlint.engine.settings import Collection, RuleSettings
from filmlint.rules import load_registry

ROOT = Path("/site")
SITE: dict[str, Any] = {
    "select": ["ALL"],
    "ignore": ["url-reachable"],
    "schema": "schemas/site.json",
    "locale": {"default": "zh-Hans", "suffixes": {"en": "en"}},
    "rules": {"country-code": {"split": "/", "severity": "warning"}},
    "collections": {
        "films": {
            "include": ["src/content/films/**"],
            "exclude": ["**/drafts/**"],
            "schema": "film",
            "rules": {"country-code": {"accept": ["code", "name"]}},
        },
        "blog": {
            "include": ["src/content/blog/**", "news/*.md"],
            "schema": "schemas/blog.json",
            "select": ["FL2"],
            "ignore": [],
            "locale": {"default": "en"},
        },
        "everything-else-in-src": {"include": ["src/**"]},
    },
}


def site() -> Config:
    return Config.from_dict(SITE, root=ROOT)


@pytest.mark.parametrize(
    ("relative", "collection"),
    [
        ("src/content/films/alien-1979.md", "films"),
        ("src/content/films/en/alien-1979.md", "films"),
        ("src/content/films/drafts/alien-1979.md", "everything-else-in-src"),  # excluded
        ("src/content/blog/post.md", "blog"),
        ("news/post.md", "blog"),
        ("news/2024/post.md", None),  # * stays within a folder
        ("src/README.md", "everything-else-in-src"),
        ("README.md", None),
        ("content/films/alien-1979.md", None),  # include globs with / are anchored
        ("src/content/films", "everything-else-in-src"),  # "films/**": what is inside it
    ],
)
def test_a_file_belongs_to_the_first_collection_that_includes_it(
    relative: str, collection: str | None
) -> None:
    found = site().collection_for(relative)
    assert (found.name if found else None) == collection


def test_collections_keep_their_order_and_globs() -> None:
    films, blog, rest = site().collections
    assert [c.name for c in (films, blog, rest)] == list(SITE["collections"])
    assert (films.include, films.exclude) == (("src/content/films/**",), ("**/drafts/**",))
    assert (rest.include, rest.exclude) == (("src/**",), ())


def test_a_collections_settings_replace_or_merge_the_top_levels() -> None:
    top = site()
    films, blog, rest = (c.config for c in top.collections)
    assert top.schema == ROOT / "schemas/site.json"
    assert films.schema is None  # "film": the shipped schema
    assert blog.schema == ROOT / "schemas/blog.json"
    assert rest.schema == top.schema
    assert (blog.select, blog.ignore) == (("FL2",), ())
    assert (films.select, films.ignore) == (top.select, top.ignore)
    # rules: merged option by option over the top level's
    assert films.rules["country-code"] == {
        "split": "/",
        "severity": "warning",
        "accept": ["code", "name"],
    }
    assert rest.rules == top.rules == SITE["rules"]
    # locale: the whole table replaced (no suffixes left from the top level)
    assert (blog.locale_default, blog.locale_suffixes) == ("en", {})
    assert (films.locale_default, films.locale_suffixes) == ("zh-Hans", {"en": "en"})
    for config in (films, blog, rest):
        assert config.collections == ()
        assert (config.root, config.path, config.exclude) == (top.root, top.path, top.exclude)


def test_a_configuration_without_collections_has_none() -> None:
    config = Config.from_dict({}, root=ROOT)
    assert (config.collections, config.collection_for("films/a.md")) == ((), None)


def test_from_dict_reads_what_a_file_holds(tmp_path: Path) -> None:
    import json

    # TOML inline tables and arrays written from the same table (JSON is valid TOML here).
    lines = [f"{key} = {json.dumps(value)}" for key, value in SITE.items() if key != "rules"]
    lines = [line for line in lines if not line.startswith(("locale", "collections"))]
    lines += [
        'locale = { default = "zh-Hans", suffixes = { en = "en" } }',
        '[rules.country-code]\nsplit = "/"\nseverity = "warning"',
        '[collections.films]\ninclude = ["src/content/films/**"]\nexclude = ["**/drafts/**"]',
        'schema = "film"\n[collections.films.rules.country-code]\naccept = ["code", "name"]',
        '[collections.blog]\ninclude = ["src/content/blog/**", "news/*.md"]',
        'schema = "schemas/blog.json"\nselect = ["FL2"]\nignore = []',
        '[collections.blog.locale]\ndefault = "en"',
        '[collections.everything-else-in-src]\ninclude = ["src/**"]',
    ]
    (tmp_path / "filmlint.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_file = load_config(tmp_path / "filmlint.toml")
    from_dict = Config.from_dict(SITE, root=tmp_path)
    assert from_file.path == tmp_path / "filmlint.toml"
    assert _without_path(from_dict) == _without_path(from_file)


def _without_path(config: Config) -> Config:
    """The settings, wherever they were read from."""
    collections = tuple(replace(c, config=replace(c.config, path=None)) for c in config.collections)
    return replace(config, path=None, collections=collections)


def test_from_dict_defaults_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = Config.from_dict({"exclude": ["drafts/**"]})
    assert (config.root, config.path, config.exclude) == (tmp_path, None, ("drafts/**",))
    with pytest.raises(TypeError, match=r"^Config.from_dict\(\) takes the table as a mapping"):
        Config.from_dict([("exclude", [])])  # type: ignore[arg-type]


BAD: list[tuple[dict[str, Any], str]] = [
    ({"collections": []}, "collections: expected a table"),
    ({"collections": {"films": "src/**"}}, "collections.films: expected a table"),
    ({"collections": {"films": {}}}, "collections.films.include: missing"),
    (
        {"collections": {"films": {"include": []}}},
        "collections.films.include: expected a non-empty",
    ),
    (
        {"collections": {"films": {"include": "src/**"}}},
        "collections.films.include: expected a list",
    ),
    ({"collections": {"films": {"include": [1]}}}, "collections.films.include: expected a list"),
    ({"collections": {"films": {"include": [""]}}}, "collections.films.include: not a valid glob"),
    ({"collections": {"films": {"include": ["!"]}}}, "collections.films.include: not a valid glob"),
    (
        {"collections": {"films": {"include": ["a"], "exclude": ["#x"]}}},
        "collections.films.exclude: not a valid glob",
    ),
    (
        {"collections": {"films": {"include": ["a"], "paths": ["a"]}}},
        "collections.films.paths: unknown key",
    ),
    (
        {"collections": {"films": {"include": ["a"], "cache-dir": "x"}}},
        "collections.films.cache-dir: unknown key",
    ),
    (
        {"collections": {"films": {"include": ["a"], "schema": 1}}},
        "collections.films.schema: expected a path",
    ),
    (
        {"collections": {"films": {"include": ["a"], "select": "ALL"}}},
        "collections.films.select: expected a list",
    ),
    (
        {"collections": {"films": {"include": ["a"], "locale": {"default": "??"}}}},
        "collections.films.locale.default: expected a BCP 47 tag",
    ),
    (
        {"collections": {"films": {"include": ["a"], "locale": {"folders": {"en": 1}}}}},
        "collections.films.locale.folders.en: expected a BCP 47 tag",
    ),
    (
        {"collections": {"films": {"include": ["a"], "rules": {"country-code": []}}}},
        "collections.films.rules.country-code: expected a table of options",
    ),
    ({"exclude": ["[z-a]"]}, "exclude: not a valid glob"),
    ({"per-file-ignores": {"": ["FL201"]}}, "per-file-ignores.: not a valid glob"),
    ({"schema": ["film"]}, "schema: expected a path"),
]


@pytest.mark.parametrize(("table", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_keys_are_named_by_their_key_path(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match="^config: " + re.escape(message)):
        Config.from_dict(table)


REGISTRY = load_registry()


#: Bad rule settings of a collection (``films``), with what the error says.
COLLECTION_RULE_ERRORS: list[tuple[dict[str, Any], str]] = [
    (
        {"rules": {"country-code": {"accept": 3}}},
        "collections.films.rules.country-code.accept: expected a list of strings",
    ),
    (
        {"rules": {"country-code": {"severity": "fatal"}}},
        "collections.films.rules.country-code.severity: expected 'error' or 'warning'",
    ),
    ({"rules": {"country-code": {"acept": []}}}, "collections.films.rules.country-code.acept"),
    ({"rules": {"no-such-rule": {}}}, "collections.films.rules.no-such-rule: no such rule"),
    (
        {"rules": {"country-code": {"split": "|"}, "FL201": {"split": "/"}}},
        "collections.films.rules.FL201: country-code is configured in "
        "collections.films.rules.country-code already; use one table",
    ),
    (
        {"rules": {"FL201": {}, "fl201": {}}},
        "collections.films.rules.fl201: country-code is configured in "
        "collections.films.rules.FL201 already",
    ),
    ({"select": ["nope"]}, "collections.films.select: no rule is named or coded 'nope'"),
    ({"ignore": ["no-such"]}, "collections.films.ignore: no rule is named or coded 'no-such'"),
]


@pytest.mark.parametrize(("table", "message"), COLLECTION_RULE_ERRORS)
def test_a_collections_bad_rule_settings_are_named_by_its_key_path(
    table: dict[str, Any], message: str
) -> None:
    config = Config.from_dict({"collections": {"films": {"include": ["a/**"], **table}}})
    with pytest.raises(ConfigError, match=re.escape(message)):
        RuleSettings.resolve(config.collections[0].config, REGISTRY)


@pytest.mark.parametrize(("table", "message"), COLLECTION_RULE_ERRORS)
@pytest.mark.parametrize("run", ["check", "lint_paths", "Project"])
def test_a_collections_bad_rule_settings_are_reported_when_none_of_its_files_is_linted(
    tmp_path: Path, table: dict[str, Any], message: str, run: str
) -> None:
    """Judged whenever the configuration is read, as the top level's are: not only when a
    run names a file of the collection (a pre-commit run names a few staged files)."""
    settings = {
        "collections": {
            "films": {"include": ["films/**"], **table},  # no file: there is no films/
            "notes": {"include": ["notes/**"]},
        }
    }
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    if run == "check":
        (tmp_path / "filmlint.toml").write_text(render_toml(settings), encoding="utf-8")
        for named in (["notes/a.md"], []):
            found = run_cli("check", "--no-cache", *named, cwd=tmp_path)
            assert found.returncode == 2, (named, found.stdout)
            assert found.stderr.startswith("filmlint: error: filmlint.toml: collections.films.")
            assert message in found.stderr
        return
    config = Config.from_dict(settings, root=tmp_path)
    with pytest.raises(ConfigError, match=re.escape(message)):
        if run == "Project":
            Project(config=config)
        else:
            Linter(config, select=["FL101"]).lint_paths([tmp_path / "notes"])


def test_a_top_level_bad_option_is_named_at_the_top_level_in_a_collection() -> None:
    table = {
        "rules": {"country-code": {"split": 1}},
        "collections": {"films": {"include": ["a/**"], "rules": {"country-code": {}}}},
    }
    config = Config.from_dict(table).collections[0].config
    with pytest.raises(ConfigError, match=r"^config: rules\.country-code\.split: expected"):
        RuleSettings.resolve(config, REGISTRY)


def test_a_collections_options_reach_its_rules() -> None:
    films = site().collections[0].config
    settings = Linter(films, registry=REGISTRY).settings
    assert settings.options["country-code"]["accept"] == ["code", "name"]
    assert settings.options["country-code"]["split"] == "/"
    assert str(settings.severity["country-code"]) == "warning"


SPELLINGS = ["country-code", "FL201", "fl201"]


@pytest.mark.parametrize("collection_spelling", SPELLINGS)
@pytest.mark.parametrize("top_spelling", SPELLINGS)
def test_a_collections_rule_table_merges_whichever_spelling_each_level_uses(
    top_spelling: str, collection_spelling: str
) -> None:
    """By name at one level and by code at the other, the tables merge as two tables of the
    same name do: option by option, the collection's winning."""
    table = {
        "rules": {top_spelling: {"split": "/", "severity": "warning", "accept": ["code"]}},
        "collections": {
            "films": {"include": ["a/**"], "rules": {collection_spelling: {"accept": ["name"]}}}
        },
    }
    settings = RuleSettings.resolve(Config.from_dict(table).collections[0].config, REGISTRY)
    assert settings.options["country-code"]["split"] == "/"
    assert settings.options["country-code"]["accept"] == ["name"]
    assert str(settings.severity["country-code"]) == "warning"


@pytest.mark.parametrize(
    ("top", "collection", "message"),
    [
        (
            {"country-code": {"split": "/"}},
            {"FL201": {"accept": 3}},
            "config: collections.films.rules.FL201.accept: expected a list of strings",
        ),
        (
            {"FL201": {"split": 1}},
            {"country-code": {}},
            "config: rules.FL201.split: expected a string",
        ),
        (
            {"country-code": {"split": "|"}, "FL201": {"split": "/"}},
            {"FL201": {"accept": ["name"]}},
            "config: rules.FL201: country-code is configured in rules.country-code already",
        ),
        (
            {"country-code": {}},
            {"country-code": {}, "FL201": {}},
            "config: collections.films.rules.FL201: country-code is configured in "
            "collections.films.rules.country-code already",
        ),
    ],
    ids=["collection's option", "top level's option", "twice at the top", "twice in it"],
)
def test_merged_rule_tables_are_named_at_the_level_that_wrote_them(
    top: dict[str, Any], collection: dict[str, Any], message: str
) -> None:
    table = {"rules": top, "collections": {"films": {"include": ["a/**"], "rules": collection}}}
    config = Config.from_dict(table).collections[0].config
    with pytest.raises(ConfigError, match="^" + re.escape(message)):
        RuleSettings.resolve(config, REGISTRY)


# --- globs: .gitignore's matching, for exclude, per-file-ignores and collections


@pytest.mark.parametrize(
    ("glob", "matching", "not_matching"),
    [
        ("drafts/**", ["drafts/a.md", "drafts/x/a.md"], ["x/drafts/a.md", "drafts.md"]),
        ("**/drafts/**", ["drafts/a.md", "x/y/drafts/a.md"], ["x/drafts.md"]),
        ("*.tmp.md", ["a.tmp.md", "x/y/a.tmp.md"], ["a.md", "tmp.md"]),
        ("legacy/*.md", ["legacy/a.md"], ["legacy/x/a.md", "x/legacy/a.md"]),
        ("drafts", ["drafts/a.md", "x/drafts/a.md", "x/drafts"], ["drafts.md", "x/mydrafts/a.md"]),
        ("drafts/", ["drafts/a.md", "x/drafts/a.md"], ["drafts", "x/drafts"]),
        ("/top.md", ["top.md"], ["x/top.md"]),
        ("film-?.md", ["film-a.md", "x/film-b.md"], ["film-ab.md", "film-/.md"]),
        ("a/**/b.md", ["a/b.md", "a/x/y/b.md"], ["x/a/b.md"]),
        ("[ab].md", ["a.md", "x/b.md"], ["c.md"]),
    ],
)
def test_globs_match_as_gitignore_does(
    glob: str, matching: list[str], not_matching: list[str]
) -> None:
    config = Config.from_dict({"collections": {"c": {"include": [glob]}}}, root=ROOT)
    for relative in matching:
        assert config.collection_for(relative), (glob, relative)
        assert matches_any(str(ROOT / relative), (glob,), ROOT), (glob, relative)
    for relative in not_matching:
        assert not config.collection_for(relative), (glob, relative)
        assert not matches_any(str(ROOT / relative), (glob,), ROOT), (glob, relative)


def test_a_negated_glob_takes_a_path_back() -> None:
    globs = ("drafts/**", "!drafts/keep.md")
    assert matches_any("/site/drafts/a.md", globs, ROOT)
    assert not matches_any("/site/drafts/keep.md", globs, ROOT)


NAME = st.sampled_from(["a", "b", "films", "en", "x.md", "a.md"])


@given(st.lists(NAME, min_size=1, max_size=5), st.lists(NAME, min_size=1, max_size=3))
def test_a_folder_glob_covers_everything_under_it(folder: list[str], below: list[str]) -> None:
    """The class of ``exclude = ["films/**"]`` or ``["films/"]``: every path under the folder
    matches, at any depth, and no path beside it does."""
    anchored = "/".join(folder)
    for glob in (anchored + "/**", anchored + "/", "/" + anchored):
        assert matches_any("/site/" + "/".join([*folder, *below]), (glob,), ROOT)
        assert not matches_any("/site/" + "/".join([*folder[:-1], "z" + folder[-1]]), (glob,), ROOT)


def test_exclude_applies_to_walked_files(tmp_path: Path) -> None:
    for relative in ("films/a.md", "films/drafts/b.md", "drafts/c.md", "x/d.tmp.md"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "filmlint.toml").write_text('exclude = ["drafts/", "*.tmp.md"]\n', "utf-8")
    found = [f for f, settings in Project().files([tmp_path]) if not isinstance(settings, Skipped)]
    assert [Path(f).relative_to(tmp_path).as_posix() for f in found] == ["films/a.md"]


def test_per_file_ignores_use_the_same_globs() -> None:
    table = {"per-file-ignores": {"drafts/": ["FL201"], "!drafts/x.md": []}}
    linter = Linter(Config.from_dict(table, root=ROOT), registry=REGISTRY)
    assert linter.paths.ignored_for("/site/x/drafts/a.md") == {"country-code"}
    assert linter.paths.ignored_for("/site/films/a.md") == frozenset()


# --- globs that cannot compile, or could match nothing: refused when read, by key


#: Globs the glob library refuses or reads as matching nothing, and globs no relative path
#: can match, each with what the error says.
BAD_GLOBS = [
    ("", "is empty"),
    ("#draft.md", "is a comment in gitignore syntax"),
    ("[z-a].md", "bad character range"),
    ("films\\", "Invalid git pattern"),
    ("/", "matches no path as a .gitignore line"),
    ("films/[.md", "matches no path as a .gitignore line (write '\\[' for a '[')"),
    ("!films/x.md", "takes back what a glob before it matched"),
    ("./films/**", "has a '.' segment, which no path has (globs match paths from the"),
    ("films/../films/x.md", "has a '..' segment"),
    ("../films/x.md", "globs match the paths inside the configuration's folder only"),
    ("films//x.md", "has an empty segment"),
    ("/site/films/x.md", "is an absolute path (globs match paths from the configuration's"),
]


def _where_globs_go(glob: str) -> list[tuple[dict[str, Any], str]]:
    """Each place a configuration holds globs, with ``glob`` there and the key it is at."""
    places = [
        ({"exclude": [glob]}, "exclude"),
        ({"collections": {"c": {"include": [glob]}}}, "collections.c.include"),
        ({"collections": {"c": {"include": ["a"], "exclude": [glob]}}}, "collections.c.exclude"),
        # Negated, the key is matched without its "!": the rest is what must compile.
        ({"per-file-ignores": {"!" + glob: ["FL201"]}}, f"per-file-ignores.!{glob}"),
    ]
    if not glob.startswith("!"):  # a key's own "!" negates it: "!films/x.md" is one
        places.append(({"per-file-ignores": {glob: ["FL201"]}}, f"per-file-ignores.{glob}"))
    return places


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [(table, key, message) for glob, message in BAD_GLOBS for table, key in _where_globs_go(glob)],
)
def test_a_bad_glob_is_named_by_its_key_wherever_it_is(
    table: dict[str, Any], key: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        Config.from_dict(table, root=ROOT)
    assert str(raised.value).startswith(f"config: {key}: not a valid glob: ")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("glob", "written"),
    [
        ("./films/**", "films/**"),
        ("./x.md", "/x.md"),  # anchored, as "./" anchored it
        ("!./films/keep.md", "!films/keep.md"),
        ("films/../films/x.md", "films/x.md"),
        ("films//drafts/", "films/drafts/"),
        ("./", "**/"),
        ("/site/films/", "/films/"),
        ("!/site/films/x.md", "!/films/x.md"),
    ],
)
def test_a_glob_that_cannot_match_says_what_to_write(glob: str, written: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(f": write {written!r}")):
        Config.from_dict({"exclude": ["a", glob]}, root=ROOT)


def test_globs_that_can_match_are_kept() -> None:
    globs = ["/films/**", "films/", "**/drafts/", "\\#x.md", "\\!x.md", "a", "!a/b.md", "/site.md"]
    assert Config.from_dict({"exclude": globs}, root=ROOT).exclude == tuple(globs)


GLOB_TEXT = st.text(st.sampled_from("!#[]\\/*?.a- "), max_size=8)


@given(GLOB_TEXT)
@example("./ ")  # "/ " from the current folder: a glob of nothing, refused when read
def test_a_glob_read_is_a_glob_matched_without_fail(glob: str) -> None:
    """The class of ``"!#draft.md"``: whatever a configuration or --per-file-ignores
    accepts, matching files with it never fails (it would fail every file, as an internal
    error)."""
    paths = ["/site/films/a.md", "/site/#a.md", "/site/!a.md", "/elsewhere/a.md"]
    tables = [table for table, _ in _where_globs_go(glob)]
    tables.append({"collections": {"c": {"include": ["a", glob]}}})
    for table in tables:
        try:
            config = Config.from_dict(table, root=ROOT)
        except ConfigError:
            continue
        policy = Linter(config, registry=REGISTRY).paths
        for path in paths:
            policy.ignored_by(path)
            config.collection_for(path.removeprefix("/site/"))
            if config.exclude:
                matches_any(path, config.exclude, ROOT)
    try:
        parse_per_file_ignore(f"{glob}:FL201")
    except ValueError:
        return
    added = Overrides(per_file_ignores=((glob, ("FL201",)),), folder=ROOT)
    policy = Linter(added.apply(Config(root=ROOT)), registry=REGISTRY).paths
    for path in paths:
        policy.ignored_by(path)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Config(exclude=("#x",)), "Config: exclude: not a valid glob: '#x' is a comment"),
        (
            lambda: Config(per_file_ignores=(("!#x", ("FL201",)),)),
            "Config: per_file_ignores: '!#x': not a valid glob: '#x' is a comment",
        ),
        (
            lambda: Collection("c", ("[z-a]",), (), Config()),
            "Collection: include: not a valid glob: bad character range",
        ),
        (lambda: Collection("c", ("a",), "b", Config()), "Collection: exclude: expected a tuple"),
    ],
)
def test_a_configuration_built_by_hand_is_checked_as_a_file_is(build: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        build()


def test_a_collection_built_by_hand_takes_lists() -> None:
    collection = Collection("c", ["a/**"], [], Config())  # type: ignore[arg-type]
    assert (collection.include, collection.exclude) == (("a/**",), ())
