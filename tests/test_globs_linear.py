"""Globs are matched in time linear in the path (RE2), with .gitignore's meaning as pathspec
gives it: a glob from a configuration or a command line never makes a run hang."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pathspec import GitIgnoreSpec

from conftest import examples, film, run_cli_process
from filmlint.engine.files import GlobError, glob_spec

# --- The same meaning as pathspec's own matching through Python's re

#: Pieces of globs: names, wildcards, classes, escapes, separators.
_PIECES = st.sampled_from(
    ["a", "b", "ab", "*", "**", "?", "[ab]", "[!a]", "\\*", "/", "é", "\udcff"]
)
_GLOBS = st.builds(
    lambda negated, anchored, pieces, folder: (
        "!" * negated + "/" * anchored + "".join(pieces) + "/" * folder
    ),
    st.booleans(),
    st.booleans(),
    st.lists(_PIECES, min_size=1, max_size=7),
    st.booleans(),
).filter(lambda glob: not glob.startswith("!") or len(glob) > 1)
#: Paths of few characters (the reference backtracks: long ones would take it minutes),
#: a byte that is not UTF-8 among them (a lone surrogate).
_PATHS = st.lists(
    st.text(st.sampled_from("ab*é\udcff"), min_size=1, max_size=5), min_size=1, max_size=4
).map("/".join)


def _reference(globs: tuple[str, ...]) -> GitIgnoreSpec | None:
    try:
        return GitIgnoreSpec.from_lines(globs, backend="simple")
    except ValueError:
        return None


def _matched(globs: tuple[str, ...], path: str) -> bool:
    reference = _reference(globs)
    assert reference is not None
    return bool(reference.match_file(path))


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(_GLOBS, min_size=1, max_size=3).map(tuple), _PATHS)
def test_globs_match_as_pythons_re_does(globs: tuple[str, ...], path: str) -> None:
    reference = _reference(globs)
    try:
        compiled = glob_spec(globs)
    except GlobError:
        # Refused for a reason of its own (a glob that matches nothing, or a "!" first),
        # or by pathspec, whatever it is matched with.
        if reference is not None:
            assert reference.patterns[0].include is False or any(
                p.regex is None for p in reference.patterns
            )
        return
    # A lone surrogate is U+FFFD to RE2, in globs and paths alike: the same answer.
    matched = _matched(globs, path)
    assert compiled.match(path) is matched
    deciding = compiled.deciding(path)
    if not matched:
        assert deciding is None
        return
    assert deciding is not None
    assert not globs[deciding].startswith("!")
    assert _matched(globs[deciding : deciding + 1], path)
    assert not any(
        not glob.startswith("!") and _matched((glob,), path) for glob in globs[deciding + 1 :]
    )


def test_no_globs_match_nothing() -> None:
    assert glob_spec(()).match("films/alien.md") is False
    assert glob_spec(()).deciding("films/alien.md") is None


def test_a_class_holding_a_bracket_compiles_without_a_warning() -> None:
    """Python's re warns of "[[" (a possible nested set in a future version)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        globs = glob_spec(("[[a]x.md",))
    assert caught == []
    assert globs.match("[x.md") and globs.match("ax.md") and not globs.match("bx.md")


def test_a_glob_typed_with_a_byte_that_is_not_utf8_matches_the_name_with_it() -> None:
    """A command line's bytes that are not UTF-8 reach a glob as lone surrogates, as they
    reach a file's name: each is one character, whichever way it is matched."""
    assert glob_spec(("films/\udcff.md",)).match("films/\udcff.md")
    assert glob_spec(("films/\udcff*",)).match("films/\udcffx.md")
    assert not glob_spec(("films/\udcff.md",)).match("films/x.md")
    assert glob_spec(("films/?.md",)).match("films/\udcff.md")


def test_the_glob_that_excludes_is_the_last_that_matches() -> None:
    globs = ("drafts/**", "!drafts/keep.md", "*.md")
    assert glob_spec(globs).deciding("drafts/old.md") == 2
    assert glob_spec(globs).deciding("drafts/keep.md") == 2
    assert glob_spec(globs[:2]).deciding("drafts/keep.md") is None
    assert glob_spec(globs[:2]).deciding("drafts/old.md") == 0


# --- Globs that backtrack without end in Python's re


#: Each glob with a path it does not match, 60 characters or more, and one it does: with
#: Python's re, the second took 11 s against 30 a's, and four times as long for each two more.
HOSTILE = [
    ("*a" * 15 + "b", "a" * 60, "a" * 60 + "b"),
    ("*a" * 25 + "b", "a" * 200, "a" * 200 + "b"),
    ("**/a/" * 12 + "b", "a/" * 60 + "c", "a/" * 60 + "b"),
    ("*?" * 20 + "b", "x" * 120, "x" * 120 + "b"),
    ("[a]*" * 20 + "b", "a" * 120, "a" * 120 + "b"),
    ("*é" * 20 + "b", "é" * 120, "é" * 120 + "b"),
]


def test_hostile_globs_are_matched_at_once() -> None:
    """In a process of its own, with a deadline: a glob that backtracks fails the test
    rather than hang the suite."""
    script = textwrap.dedent(
        """
        import sys
        from filmlint.engine.files import glob_spec
        for glob, unmatched, matched in eval(sys.argv[1]):
            assert not glob_spec((glob,)).match(unmatched), glob
            assert glob_spec((glob,)).match(matched), glob
        print("done")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, repr(HOSTILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout == "done\n", done.stderr


def test_a_glob_too_long_for_re2_is_a_configuration_error() -> None:
    with pytest.raises(GlobError, match=r"characters\) is too long to compile"):
        glob_spec(("*a" * 12_000 + "b",))
    with pytest.raises(GlobError, match=r"^2 globs together are too long to compile"):
        glob_spec(("*a" * 12_000 + "b", "films/"))


@pytest.mark.slow
def test_a_hostile_exclude_does_not_hang_a_run(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text(f'exclude = ["{"*a" * 25}b"]\n', encoding="utf-8")
    films = tmp_path / ("a" * 120)
    films.mkdir()
    (films / f"{'a' * 120}.md").write_text(film('year: "1979"\n'), encoding="utf-8")
    done = run_cli_process("check", "--no-cache", ".", cwd=tmp_path, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "[invalid-type]" in done.stdout
    assert "in 1 of 1 file" in done.stdout
