"""A content repository: each file linted with its nearest configuration and its collection;
exclude applies to named files; node_modules is never walked; one linter per group."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filmlint
from conftest import VALID, run_cli, throwaway_folder
from filmlint.engine import resolution
from filmlint.engine.project import Project
from filmlint.engine.resolution import FileSettings, Resolver, Skipped
from filmlint.engine.settings import Config
from project_sites import SITE_LINTED, SITE_PROBLEMS, build_site


def rows(stdout: str) -> list[tuple[str, int, str]]:
    found = []
    for line in stdout.splitlines():
        if ": FL" in line:
            path, line_number, _, rest = line.split(":", 3)
            found.append((path, int(line_number), rest.split("[")[1].split("]")[0]))
    return found


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    build_site(tmp_path)
    return tmp_path


def test_from_the_repository_root_the_site_uses_its_own_configuration(repository: Path) -> None:
    result = run_cli("check", "--no-cache", cwd=repository)
    assert result.returncode == 1, result.stderr
    assert rows(result.stdout) == SITE_PROBLEMS
    assert f"in 5 of {len(SITE_LINTED)} files\n" in result.stdout


def test_named_files_are_skipped_as_walked_ones_are(repository: Path) -> None:
    """As pre-commit runs it: every staged Markdown file named, the README, a draft and a
    dependency's file among them."""
    from project_sites import SITE_FILES

    result = run_cli("check", "--no-cache", *SITE_FILES, cwd=repository)
    assert rows(result.stdout) == SITE_PROBLEMS
    assert f"in 5 of {len(SITE_LINTED)} files\n" in result.stdout


def test_from_inside_the_site_paths_are_named_from_there(repository: Path) -> None:
    site = repository / "site"
    result = run_cli("check", "--no-cache", "src", cwd=site)
    assert rows(result.stdout) == [(p.removeprefix("site/"), n, r) for p, n, r in SITE_PROBLEMS]


def test_config_forces_one_configuration_for_every_file(repository: Path) -> None:
    (repository / "empty.toml").write_text("", encoding="utf-8")
    result = run_cli(
        "check", "--no-cache", "--config", "empty.toml", "site/README.md", cwd=repository
    )
    # Without collections every Markdown file is linted: the README has no front matter.
    assert ("site/README.md", 1, "missing-front-matter") in rows(result.stdout)


def test_exclude_applies_to_a_named_file(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "wip.md").write_text("no front matter\n", encoding="utf-8")
    (tmp_path / "done.md").write_text("no front matter\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "drafts/wip.md", "done.md", cwd=tmp_path)
    assert rows(result.stdout) == [("done.md", 1, "missing-front-matter")]
    assert result.stdout.endswith("in 1 of 1 file\n")


@pytest.mark.parametrize("in_git", [False, True], ids=["plain walk", "git work tree"])
def test_walking_never_enters_node_modules(tmp_path: Path, in_git: bool) -> None:
    if in_git:
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for name in ("a.md", "node_modules/pkg/b.md", "docs/node_modules/c.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(VALID, encoding="utf-8")
    files = [name for name, _ in Project().files([tmp_path])]
    assert files == [str(tmp_path / "a.md")]
    named = tmp_path / "node_modules" / "pkg" / "b.md"
    assert [name for name, _ in Project().files([named])] == [str(named)]  # named: linted


def test_without_collections_every_markdown_file_is_linted(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text("", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Hi\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", cwd=tmp_path)
    assert rows(result.stdout) == [("README.md", 1, "missing-front-matter")]


def test_each_group_gets_one_linter_and_each_file_its_collections_schema(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    project = Project()
    run = project.lint(["site"])
    assert [(d.path, d.line, d.rule) for d in run.diagnostics] == SITE_PROBLEMS
    assert run.files == len(SITE_LINTED)
    schemas = sorted(str(linter.config.schema) for linter in project.linters())
    assert schemas == [str(repository / "site" / "schemas" / "blog.schema.json"), "None"]
    for name in SITE_LINTED:
        settings = project.settings_for(name)
        assert isinstance(settings, FileSettings)
        assert settings.config_file == repository / "site" / "filmlint.toml"
        assert settings.collection_name == name.split("/")[3]  # films or blog


def test_configurations_are_looked_up_once_per_folder_and_read_once(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[Path] = []
    read: list[Path] = []
    find, load = resolution.find_config_file, resolution.load_config
    monkeypatch.setattr(resolution, "find_config_file", lambda f: looked_up.append(f) or find(f))
    monkeypatch.setattr(resolution, "load_config", lambda p: read.append(p) or load(p))
    monkeypatch.chdir(repository)
    Project().lint(["site"])
    # site (its README), films, films/fr, films/drafts, blog: each once, for all its files
    assert len(looked_up) == len(set(looked_up)) == 5
    assert read == [repository / "site" / "filmlint.toml"]


def test_each_configuration_keeps_its_own_cache_read_and_written_once(repository: Path) -> None:
    first = run_cli("check", cwd=repository)
    cache = repository / "site" / ".filmlint_cache"
    assert sorted(p.name for p in cache.iterdir()) == [  # two collections, one database
        ".gitignore", "CACHEDIR.TAG", "results-v9.sqlite"
    ]  # fmt: skip
    assert not (repository / ".filmlint_cache").exists()
    again = run_cli("check", cwd=repository)
    assert again.stdout == first.stdout
    assert rows(again.stdout) == SITE_PROBLEMS


def test_the_library_resolves_configuration_as_the_command_line_does(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    for paths in ("site", Path("site"), ["site"], [Path("site")]):
        found = filmlint.lint_paths(paths)
        assert [(d.path, d.line, d.rule) for d in found] == SITE_PROBLEMS, paths
    run = filmlint.Linter().lint_paths("site")
    assert [(d.path, d.line, d.rule) for d in run.diagnostics] == SITE_PROBLEMS


def test_a_linter_built_with_a_configuration_forces_it(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    forced = Config.from_dict({"locale": {"default": "en"}})
    found = filmlint.Linter(forced).lint_paths(["site/src/content/films/alien.md"]).diagnostics
    assert [d.rule for d in found] == ["untranslated-text"]  # English by default, not zh-Hans
    readme = filmlint.lint_paths("site/README.md", config=forced)
    assert [d.rule for d in readme] == ["missing-front-matter"]  # no collections: linted


# The class of the resolution: any tree of folders, configurations anywhere in it.

FOLDERS = ["", "a", "a/b", "a/b/c", "d", "d/e"]
CONFIG_KINDS = st.sampled_from(["filmlint.toml", "pyproject.toml", "pyproject without tool"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(configs=st.dictionaries(st.sampled_from(FOLDERS), CONFIG_KINDS, max_size=4))
def test_each_file_gets_the_configuration_nearest_it(
    tmp_path_factory: pytest.TempPathFactory, configs: dict[str, str]
) -> None:
    root = throwaway_folder(tmp_path_factory, "tree")
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "film.md").write_text(VALID, encoding="utf-8")
    for folder, kind in configs.items():
        if kind == "filmlint.toml":
            (root / folder / kind).write_text(f'select = ["{folder or "top"}"]\n', "utf-8")
        else:
            table = "[tool.filmlint]\n" if kind == "pyproject.toml" else "[tool.other]\n"
            (root / folder / "pyproject.toml").write_text(table, encoding="utf-8")

    def nearest(folder: str) -> Path | None:
        parts = folder.split("/") if folder else []
        for depth in range(len(parts), -1, -1):
            here = "/".join(parts[:depth])
            kind = configs.get(here)
            if kind in ("filmlint.toml", "pyproject.toml"):
                return (root / here / str(kind)).resolve()
        return None

    resolver: Resolver[Config] = Resolver(lambda config: config)
    for folder in FOLDERS:
        settings_ = resolver.settings_for(root / folder / "film.md")
        assert isinstance(settings_, FileSettings)
        assert settings_.config_file == nearest(folder), folder


def test_a_skipped_file_says_why(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    project = Project()
    for path, reason in [
        ("site/README.md", "in no collection of site/filmlint.toml"),
        (
            "site/src/content/films/drafts/wip.md",
            "excluded by 'src/content/films/drafts/' in site/filmlint.toml",
        ),
    ]:
        skipped = project.settings_for(path)
        assert isinstance(skipped, Skipped) and skipped.reason == reason, path
    # A file that does not exist is placed by its path all the same.
    new = project.settings_for("site/src/content/blog/not-yet.md")
    assert isinstance(new, FileSettings) and new.collection_name == "blog"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "protocol.file.allow=always",
         *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def _repository(folder: Path, films: dict[str, str], *, commit: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _git("init", "-q", cwd=folder)
    for name, text in films.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    if commit:
        _git("add", "-A", cwd=folder)
        _git("commit", "-qm", "films", cwd=folder)


INNER = {"films/a.md": VALID, "films/drafts/b.md": VALID, ".gitignore": "drafts/\n"}


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("submodule", ["site/films/a.md", "top.md"]),
        ("submodule not checked out", ["top.md"]),
        ("repository git does not know", ["site/films/a.md", "top.md"]),
        ("repository the outer one ignores", ["top.md"]),
        ("hidden repository", ["top.md"]),
        ("repository inside a repository", ["site/films/a.md", "site/more/c.md", "top.md"]),
    ],
)
def test_a_repository_inside_the_walked_one_is_walked_as_its_git_sees_it(
    tmp_path: Path, layout: str, expected: list[str]
) -> None:
    """git lists a repository inside its work tree as one entry (a submodule, or one it does
    not know): its files are those its own git lists, its own .gitignore applied."""
    outer = tmp_path / "outer"
    _repository(outer, {"top.md": VALID}, commit=True)
    if layout.startswith("submodule"):
        _repository(tmp_path / "inner", INNER, commit=True)
        _git("submodule", "add", "-q", str(tmp_path / "inner"), "site", cwd=outer)
        if layout == "submodule not checked out":
            _git("submodule", "deinit", "-q", "-f", "site", cwd=outer)
    elif layout == "hidden repository":
        _repository(outer / ".site", INNER, commit=False)
    else:
        _repository(outer / "site", INNER, commit=False)
    if layout == "repository the outer one ignores":
        (outer / ".gitignore").write_text("site/\n", encoding="utf-8")
    if layout == "repository inside a repository":
        _repository(outer / "site" / "more", {"c.md": VALID}, commit=False)
    files = [name for name, _ in Project().files([outer])]
    assert sorted(Path(name).relative_to(outer).as_posix() for name in files) == expected


@pytest.mark.parametrize(
    ("cwd", "variables", "walked"),
    [
        (".", {}, "site"),
        (".", {"GIT_DIR": "{root}/.git"}, "site"),
        (".", {"GIT_DIR": ".git"}, "site"),
        (".", {"GIT_DIR": ".git"}, "{root}/site"),
        (".", {"GIT_DIR": ".git", "GIT_WORK_TREE": "."}, "site"),
        ("site", {"GIT_DIR": "../.git", "GIT_WORK_TREE": ".."}, "."),
        ("site", {"GIT_WORK_TREE": ".."}, "."),
        ("site/films", {"GIT_DIR": "{root}/.git", "GIT_WORK_TREE": "{root}"}, ".."),
    ],
)
def test_git_names_the_repository_as_the_variables_have_it_seen_from_the_current_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cwd: str,
    variables: dict[str, str],
    walked: str,
) -> None:
    """With GIT_DIR or GIT_WORK_TREE set, git takes relative values, and (GIT_DIR alone) the
    top of the work tree, from the current folder: the files walked are those the user's
    git sees there, .gitignore files above the folder walked and the one of a repository
    inside it applied."""
    root = tmp_path / "repository"
    _repository(root, {"site/films/a.md": VALID, "site/dist/built.md": VALID}, commit=False)
    (root / ".gitignore").write_text("dist/\n", encoding="utf-8")
    _repository(root / "site" / "inner", INNER, commit=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value.format(root=root))
    monkeypatch.chdir(root / cwd)
    files = [name for name, _ in Project().files([walked.format(root=root)])]
    found = sorted(Path(os.path.realpath(name)).relative_to(root).as_posix() for name in files)
    assert found == ["site/films/a.md", "site/inner/films/a.md"]


def test_a_folder_outside_the_work_tree_the_variables_name_is_walked_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git calls it outside the repository: the folder is walked as any other."""
    _repository(tmp_path / "repository", {".gitignore": "dist/\n"}, commit=False)
    for name in ("films/a.md", "dist/b.md"):
        (tmp_path / "other" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "other" / name).write_text(VALID, encoding="utf-8")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "repository" / ".git"))
    monkeypatch.chdir(tmp_path / "repository")
    files = [name for name, _ in Project().files([tmp_path / "other"])]
    assert files == [str(tmp_path / "other" / name) for name in ("dist/b.md", "films/a.md")]


#: A film whose year is later than its release date (FL206), in every file below.
LATE = '---\ntitle: "X"\nyear: 2004\nreleaseDate: 1979-05-25\n---\n'
COLLECTION = '[collections.films]\ninclude = ["src/content/films/**"]\nselect = ["FL206"]\n'
GLOBS = (
    'select = ["FL206"]\nexclude = ["src/content/films/drafts/**"]\n'
    '[per-file-ignores]\n"src/content/films/b.md" = ["FL206"]\n'
)
#: Each configuration forced on the films, and what it finds in them wherever it is run.
FORCED = {
    # Outside its folder: no collection includes them, and the run says why.
    "shared/collections.toml": (COLLECTION, [], True),
    # Outside its folder: neither exclude nor per-file-ignores matches them.
    "shared/globs.toml": (GLOBS, ["a.md", "b.md", "drafts/c.md"], True),
    # Inside it, however they are named: its globs match them from its folder.
    "site/globs.toml": (GLOBS, ["a.md"], False),
}
#: (current folder, films as named from there), relative to the repository's folder.
PLACES = [
    (".", "site/src/content/films"),
    ("site", "src/content/films"),
    ("site/src/content/films", "."),
    ("site/src/content/films", "a.md b.md drafts/c.md"),
    ("shared", "../site/src/content/films"),
    ("shared", "{root}/site/src/content/films"),
    (".", "elsewhere/films"),  # elsewhere is a symlink to site/src/content
    ("elsewhere", "films"),
]


@pytest.mark.parametrize("forced", list(FORCED))
@pytest.mark.parametrize(("cwd", "named"), PLACES)
@pytest.mark.parametrize("config_named", ["relative", "absolute"])
def test_a_forced_configuration_matches_the_same_files_from_every_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forced: str,
    cwd: str,
    named: str,
    config_named: str,
) -> None:
    """Its globs start from its folder: a file outside it is matched by none of them (not
    as named from the current folder), and one under it through a symlink by its real path."""
    from filmlint import cli

    _, expected, warned = FORCED[forced]
    for name in ("a.md", "b.md", "drafts/c.md"):
        path = tmp_path / "site/src/content/films" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LATE, encoding="utf-8")
    (tmp_path / "shared").mkdir()
    for name in FORCED:
        (tmp_path / name).write_text(FORCED[name][0], encoding="utf-8")
    (tmp_path / "elsewhere").symlink_to(tmp_path / "site/src/content")
    monkeypatch.chdir(tmp_path / cwd)
    config = os.path.relpath(tmp_path / forced) if config_named == "relative" else tmp_path / forced
    paths = named.format(root=tmp_path).split()
    code = cli.main(["check", "--no-cache", "--config", str(config), *paths])
    captured = capsys.readouterr()
    films = tmp_path / "site/src/content/films"
    found = sorted(
        Path(os.path.realpath(path)).relative_to(films).as_posix()
        for path, _, _ in rows(captured.out)
    )
    assert found == expected
    assert code == (1 if expected else 0)
    assert ("outside" in captured.err) == warned, captured.err
