"""--extend-select and --per-file-ignores: added to each configuration, as ruff adds them;
the command line's globs start from the current folder, whatever the configuration's."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.cli import main
from filmlint.engine.files import glob_spec
from filmlint.engine.overrides import Overrides, parse_per_file_ignore, rebase_glob
from filmlint.engine.settings import Config

FILM = "---\ntitle: X\nrating: 11\n---\n"  # FL102 (missing keys) and FL101 (unknown key)


def _site(tmp_path: Path, select: str = '["FL102"]') -> Path:
    site = tmp_path / "site"
    (site / "films").mkdir(parents=True)
    (site / "filmlint.toml").write_text(f"select = {select}\n", encoding="utf-8")
    (site / "films" / "a.md").write_text(FILM, encoding="utf-8")
    (site / "films" / "b.md").write_text(FILM, encoding="utf-8")
    return site


def _codes(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, set[tuple[str, str]]]:
    code = main(["check", "--no-cache", "--output-format", "concise", *args])
    lines = capsys.readouterr().out.splitlines()
    found = {(line.split(":")[0], line.split()[1]) for line in lines if ": FL" in line}
    return code, found


def test_extend_select_adds_to_the_configured_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_site(tmp_path))
    _, plain = _codes(capsys, "films")
    assert {code for _, code in plain} == {"FL102"}
    _, extended = _codes(capsys, "--extend-select", "FL101", "films")
    assert {code for _, code in extended} == {"FL101", "FL102"}
    # With --select, which replaces the configured selection, it extends that one.
    _, both = _codes(capsys, "--select", "FL104", "--extend-select", "unknown-key", "films")
    assert {code for _, code in both} == {"FL101"}


def test_extend_select_is_remembered_by_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_site(tmp_path))
    for extra, expected in (([], {"FL102"}), (["--extend-select", "FL101"], {"FL101", "FL102"})):
        main(["check", "--output-format", "concise", *extra, "films"])
        lines = capsys.readouterr().out.splitlines()
        assert {line.split()[1] for line in lines if ": FL" in line} == expected


@pytest.mark.parametrize(
    ("where", "glob", "named"),
    [
        ("site", "films/a.md", "films"),
        ("site", "a.md", "films"),
        ("site/films", "/a.md", "."),
        ("site/films", "a.md", "."),
        (".", "site/films/a.md", "site"),
        (".", "*/films/a*", "site"),
        (".", "**/a.md", "site"),
    ],
)
def test_per_file_ignores_globs_start_from_the_current_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    glob: str,
    named: str,
) -> None:
    _site(tmp_path, '["FL101", "FL102"]')
    monkeypatch.chdir(tmp_path / where)
    _, found = _codes(capsys, "--per-file-ignores", f"{glob}:FL102,unknown-key", named)
    files = {Path(name).name for name, _ in found}
    assert files == {"b.md"}  # a.md's two rules are off; b.md keeps both
    assert {code for _, code in found} == {"FL101", "FL102"}


def test_per_file_ignores_add_to_the_configured_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, '["FL101", "FL102"]')
    with (site / "filmlint.toml").open("a", encoding="utf-8") as toml:
        toml.write('[per-file-ignores]\n"b.md" = ["FL101"]\n')
    monkeypatch.chdir(site)
    _, found = _codes(capsys, "--per-file-ignores", "a.md:FL102", "--per-file-ignores", "b*:FL102")
    assert {(Path(name).name, code) for name, code in found} == {("a.md", "FL101")}


MEANT = "(see 'filmlint rules'); did you mean 'country-code'?"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--extend-select", "FL777"], "--extend-select: no rule is named or coded 'FL777'"),
        (["--select", "FL101,FL777"], "--select: no rule is named or coded 'FL777'"),
        (["--ignore", "nope"], "--ignore: no rule is named or coded 'nope'"),
        (["--per-file-ignores", "*.md:nope"], "--per-file-ignores: no rule is named"),
        (["--per-file-ignores", "films/*.md"], "expected GLOB:RULE[,RULE...]"),
        (["--per-file-ignores", ":FL101"], "expected GLOB:RULE[,RULE...]"),
        (["--per-file-ignores", "#x:FL101"], "is a comment in gitignore syntax"),
        # Checked as matched, without the "!" that negates it.
        (["--per-file-ignores", "!#x:FL101"], "not a valid glob: '#x' is a comment"),
        (["--per-file-ignores", "!:FL101"], "not a valid glob: '' is empty"),
        (["--per-file-ignores", "![z-a]:FL101"], "not a valid glob: bad character range"),
        (["--per-file-ignores", "!!x.md:FL101"], "'!x.md' takes back what a glob before it"),
        (["--per-file-ignores", "films/[.md:FL101"], "'films/[.md' matches no path"),
        # Paths that no "." or ".." it names folders by can make relative.
        (["--per-file-ignores", "films//*.md:FL101"], "has an empty segment"),
        (["--per-file-ignores", "*/../a.md:FL101"], "has a '..' segment"),
        # A misspelt rule: the option, then the nearest rule's name or code.
        (["--select", "contry-code"], f"--select: no rule is named or coded 'contry-code' {MEANT}"),
        (
            ["--ignore", "FL2011"],
            "--ignore: no rule is named or coded 'FL2011' (see 'filmlint rules'); did you mean 'FL201'?",
        ),
        (
            ["--extend-select", "country_code"],
            f"--extend-select: no rule is named or coded 'country_code' {MEANT}",
        ),
        (
            ["--per-file-ignores", "*.md:contry-code"],
            f"--per-file-ignores: no rule is named or coded 'contry-code' {MEANT}",
        ),
    ],
)
def test_bad_values_are_usage_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(_site(tmp_path))
    try:
        code = main(["check", *args, "films"])
    except SystemExit as exit_:  # argparse's own errors
        code = int(exit_.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("option", ["", "--show-settings=films/a.md"])
@pytest.mark.parametrize("key", ["!#draft.md", "!!draft.md", "![z-a]", "!./films/*.md"])
def test_a_configured_negated_glob_that_cannot_be_matched_is_a_configuration_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    option: str,
    key: str,
) -> None:
    site = _site(tmp_path)
    with (site / "filmlint.toml").open("a", encoding="utf-8") as config:
        config.write(f"[per-file-ignores]\n'{key}' = ['FL102']\n")
    monkeypatch.chdir(site)
    assert main(["check", "--no-cache", *filter(None, [option]), "films"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"filmlint: error: filmlint.toml: per-file-ignores.{key}: not a valid glob"
    )
    assert "internal error" not in err


def test_parse_keeps_colons_of_the_glob() -> None:
    assert parse_per_file_ignore("a:b/*.md: FL101 , FL102") == ("a:b/*.md", ("FL101", "FL102"))


def test_overrides_leave_a_configuration_alone_when_empty(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    assert Overrides(folder=tmp_path).apply(config) is config


# Property: a command line glob, rebased to a configuration's folder, matches exactly the
# files under it that the glob matches from the current folder (below, at, or above it).
_NAMES = ["a", "b", "ab", "[a]"]  # a folder named as a glob would read it otherwise
_SEGMENTS = st.sampled_from(["a", "b", "ab", "*", "a*", "?", "**", "[ab]"])


@st.composite
def _globs(draw: st.DrawFn) -> str:
    segments = draw(st.lists(_SEGMENTS, min_size=1, max_size=4))
    glob = "/".join(segments)
    if draw(st.booleans()):
        glob = "/" + glob
    if draw(st.booleans()):
        glob += "/"
    return glob


_PATHS = st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5).map("/".join)
_FOLDERS = st.lists(st.sampled_from(_NAMES), min_size=0, max_size=2)


def _matched(globs: list[str], relative: str) -> bool:
    return any(glob_spec((glob,)).match(relative) for glob in globs)


@settings(max_examples=examples(2000))  # cheap examples, and many shapes of glob
@given(glob=_globs(), file=_PATHS, root_part=_FOLDERS, folder_part=_FOLDERS, up=st.booleans())
@example(glob="**/b", file="a/b", root_part=["a"], folder_part=[], up=True)  # ** past the root
@example(glob="a/", file="a/b", root_part=["a"], folder_part=[], up=True)  # a folder holding it
@example(glob="b/a*", file="a", root_part=[], folder_part=["b"], up=False)  # inside the root
@example(glob="b/*", file="[a]/b/a", root_part=[], folder_part=["[a]"], up=False)  # "[a]" named
@example(glob="b/*", file="a/b/a", root_part=[], folder_part=["[a]"], up=False)  # not "a"
def test_rebased_globs_match_what_the_glob_matches_from_the_current_folder(
    glob: str, file: str, root_part: list[str], folder_part: list[str], up: bool
) -> None:
    base = PurePosixPath("/repo")
    if up:  # the current folder above the configuration's
        folder, root = base, base.joinpath(*root_part)
    else:  # the configuration's folder, or one inside it
        root, folder = base, base.joinpath(*folder_part)
    path = root / file
    assume(not folder.is_relative_to(path))  # a file, not a folder holding the current one
    rebased = rebase_glob(glob, Path(str(folder)), Path(str(root)))
    if "/" not in glob.rstrip("/"):  # a name: at any depth, wherever the current folder is
        expected = _matched([glob], path.relative_to(root).as_posix())
    else:
        try:
            from_folder = path.relative_to(folder).as_posix()
        except ValueError:  # outside the current folder: out of an anchored glob's reach
            expected = False
        else:
            expected = _matched([glob], from_folder)
    assert _matched(rebased, path.relative_to(root).as_posix()) == expected, rebased


def test_a_configuration_beside_the_current_folder_is_reached_only_by_names() -> None:
    folder, root = Path("/repo/docs"), Path("/repo/site")
    assert rebase_glob("a.md", folder, root) == ["a.md"]
    assert rebase_glob("films/a.md", folder, root) == []


def _spelt_site(tmp_path: Path, per_file_ignores: str = "") -> Path:
    """A site whose three films each break FL102: films/keep.md, films/legacy.md and
    legacy/a.md; ``per_file_ignores``, a TOML table's lines, in its configuration."""
    site = tmp_path.resolve() / "site"
    for name in ("films/keep.md", "films/legacy.md", "legacy/a.md"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(FILM, encoding="utf-8")
    table = f"[per-file-ignores]\n{per_file_ignores}\n" if per_file_ignores else ""
    (site / "filmlint.toml").write_text(f'select = ["FL102"]\n{table}', encoding="utf-8")
    return site


#: The films of ``_spelt_site``.
_ALL = {"films/keep.md", "films/legacy.md", "legacy/a.md"}


@pytest.mark.parametrize(
    ("where", "glob", "ignored"),
    [
        # The same files, however the glob names the folders it starts from.
        ("site", "films/legacy.md", {"films/legacy.md"}),
        ("site", "./films/legacy.md", {"films/legacy.md"}),
        ("site", "films/../films/legacy.md", {"films/legacy.md"}),
        ("site", "./legacy/*.md", {"legacy/a.md"}),
        ("site", "{site}/legacy/*.md", {"legacy/a.md"}),
        ("site", "{site}/films/", {"films/keep.md", "films/legacy.md"}),
        ("site", "/films/*.md", {"films/keep.md", "films/legacy.md"}),  # anchored at site
        ("site/legacy", "../legacy/*.md", {"legacy/a.md"}),
        ("site/legacy", "../films/legacy.md", {"films/legacy.md"}),
        ("site/legacy", "./*.md", {"legacy/a.md"}),
        ("site/legacy", "{site}/films/*.md", {"films/keep.md", "films/legacy.md"}),
        (".", "./site/films/legacy.md", {"films/legacy.md"}),
        (".", "site/./legacy/a.md", {"legacy/a.md"}),
        (".", "{site}/../site/legacy/a.md", {"legacy/a.md"}),
        (".", "{tmp}/elsewhere/*.md", set()),  # another folder: no file of the site
        # Negated, as in ruff: the rules are off in every file the glob does not match.
        ("site", "!films/keep.md", {"films/legacy.md", "legacy/a.md"}),
        ("site", "!./films/keep.md", {"films/legacy.md", "legacy/a.md"}),
        ("site", "!{site}/films/keep.md", {"films/legacy.md", "legacy/a.md"}),
        ("site", "!keep.md", {"films/legacy.md", "legacy/a.md"}),
        ("site", "!films/", {"legacy/a.md"}),
        ("site/legacy", "!../films/*.md", {"legacy/a.md"}),
        ("site/legacy", "!*.md", set()),
        ("site/films", "!/keep.md", {"films/legacy.md", "legacy/a.md"}),
        (".", "!site/films/keep.md", {"films/legacy.md", "legacy/a.md"}),
        (".", "!elsewhere/*.md", _ALL),  # it reaches no file of the site: every file
    ],
)
def test_per_file_ignores_globs_match_what_they_name_however_spelt(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    glob: str,
    ignored: set[str],
) -> None:
    site = _spelt_site(tmp_path)
    monkeypatch.chdir(tmp_path / where)
    spelt = glob.format(site=site, tmp=tmp_path.resolve())
    code, found = _codes(capsys, "--per-file-ignores", f"{spelt}:FL102", str(site))
    reported = {Path(name).relative_to(site).as_posix() for name, _ in found}
    assert reported == _ALL - ignored
    assert code == (1 if reported else 0)


@pytest.mark.parametrize(
    ("key", "ignored"),
    [
        ("films/legacy.md", {"films/legacy.md"}),
        ("!films/keep.md", {"films/legacy.md", "legacy/a.md"}),
        ("!keep.md", {"films/legacy.md", "legacy/a.md"}),
        ("!films/", {"legacy/a.md"}),
        ("!**/*.md", set()),
        ("!nothing/*.md", _ALL),
    ],
)
def test_a_configured_negated_glob_turns_rules_off_where_it_does_not_match(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: str,
    ignored: set[str],
) -> None:
    site = _spelt_site(tmp_path, f'"{key}" = ["FL102"]')
    monkeypatch.chdir(site)
    _, found = _codes(capsys, ".")
    assert {Path(name).as_posix() for name, _ in found} == _ALL - ignored


def test_a_negated_glob_that_reaches_a_site_several_ways_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """From above the site, ``**/films/keep.md`` is ``/**/films/keep.md`` or ``/films/keep.md``
    from it: no one glob says "neither"."""
    site = _spelt_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert (
        main(["check", "--no-cache", "--per-file-ignores", "!**/films/keep.md:FL102", str(site)])
        == 2
    )
    err = capsys.readouterr().err
    assert "'!**/films/keep.md' reaches the files of site/filmlint.toml in several ways" in err
