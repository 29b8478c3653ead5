"""``--fix`` writes a file only over what it read, never a read-only file or a hard link, and
through a symlink to its target."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import VALID, front, run_cli, throwaway_folder
from filmlint import cli
from filmlint.engine.fixer import Fixer, NotWritten, _writable, write_fixed
from filmlint.engine.linter import Linter
from filmlint.text.atomic import ChangedMeanwhile, write_atomically
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE

#: A film with one safe fix: a duplicate topic.
FIXABLE = VALID.replace('["Bodily Autonomy"]', '["Bodily Autonomy", "Bodily Autonomy"]')
FIXED = VALID


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(throwaway_folder(tmp_path_factory, "key")))


def fix(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *paths: str
) -> tuple[int, str, str]:
    """``filmlint check --fix PATHS`` in this process (so a test can step in between the
    read and the write)."""
    monkeypatch.chdir(folder)
    (folder / "filmlint.toml").write_text("", encoding="utf-8")
    code = cli.main(["check", "--fix", *paths])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_fix_is_written_when_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "alien.md").write_text(FIXABLE, encoding="utf-8")
    code, _, err = fix(tmp_path, capsys, monkeypatch, "alien.md")
    assert (code, err) == (0, "Fixed 1 problem in 1 file\n")
    assert (tmp_path / "alien.md").read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace("Body.", "Body, edited."), id="another line"),
        pytest.param(lambda text: FIXED, id="the same fix"),
        pytest.param(lambda text: text + "\n", id="one byte more"),
        pytest.param(lambda text: text.replace("Alien", "Alieñ"), id="same length in chars"),
        pytest.param(lambda text: "", id="emptied"),
    ],
)
def test_an_edit_saved_while_fixing_is_not_overwritten(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    edit: object,
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text(FIXABLE, encoding="utf-8")
    saved = edit(FIXABLE)  # type: ignore[operator]
    finish = Fixer.finish

    def save_then_finish(self: Fixer, *args: object, **kwargs: object) -> object:
        # The run phase (the network's turn) comes between the read and the write.
        film.write_text(saved, encoding="utf-8")
        return finish(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Fixer, "finish", save_then_finish)
    code, _, err = fix(tmp_path, capsys, monkeypatch, "alien.md", "other.md")
    assert code == 2
    assert "filmlint: error: alien.md changed while filmlint was fixing it; not written\n" in err
    assert film.read_text(encoding="utf-8") == saved
    assert other.read_text(encoding="utf-8") == FIXED  # the other file is still fixed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alien.md", "filmlint.toml", "other.md"]


@given(read=st.binary(max_size=64), now=st.binary(max_size=64), new=st.binary(max_size=64))
def test_an_atomic_write_happens_only_over_what_was_read(
    tmp_path_factory: pytest.TempPathFactory, read: bytes, now: bytes, new: bytes
) -> None:
    folder = throwaway_folder(tmp_path_factory, "atomic")
    path = folder / "film.md"
    path.write_bytes(now)
    if read == now:
        write_atomically(path, new, unless_changed_from=read)
        assert path.read_bytes() == new
    else:
        with pytest.raises(ChangedMeanwhile):
            write_atomically(path, new, unless_changed_from=read)
        assert path.read_bytes() == now
    assert [p.name for p in folder.iterdir()] == ["film.md"]


def test_a_file_deleted_or_replaced_while_fixing_is_not_written(tmp_path: Path) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    result = Fixer(Linter()).fix_file(film)
    assert result.changed
    film.unlink()
    with pytest.raises(FileNotFoundError):
        write_fixed(result)
    assert not film.exists()
    film.write_text(FIXABLE.replace("Alien", "Aliens"), encoding="utf-8")  # another file now
    with pytest.raises(NotWritten, match="changed while filmlint was fixing it"):
        write_fixed(result)
    assert film.read_text(encoding="utf-8") == FIXABLE.replace("Alien", "Aliens")


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o440, 0o555, 0o000])
def test_a_read_only_file_is_left_alone(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    mode: int,
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    film.chmod(mode)
    if mode == 0o000 and not os.access(film, os.R_OK):
        pytest.skip("this user cannot read a file of mode 000 either")
    try:
        code, _, err = fix(tmp_path, capsys, monkeypatch, "alien.md")
        assert code == 2
        assert "filmlint: error: alien.md is read-only; not written\n" in err
        assert stat.S_IMODE(film.stat().st_mode) == mode
        film.chmod(0o600)
        assert film.read_text(encoding="utf-8") == FIXABLE
    finally:
        film.chmod(0o600)


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o200, 0o222])
def test_a_writable_file_is_fixed_and_keeps_its_mode(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    mode: int,
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    film.chmod(mode)
    if not os.access(film, os.R_OK):
        film.chmod(0o600)
        pytest.skip("this user cannot read the file")
    code, _, _ = fix(tmp_path, capsys, monkeypatch, "alien.md")
    assert code == 0
    assert stat.S_IMODE(film.stat().st_mode) == mode
    film.chmod(0o600)
    assert film.read_text(encoding="utf-8") == FIXED


def _status(mode: int, uid: int, gid: int) -> os.stat_result:
    return os.stat_result((stat.S_IFREG | mode, 0, 0, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
@pytest.mark.parametrize(
    ("mode", "owner", "group", "writable"),
    [
        (0o644, True, False, True),
        (0o444, True, False, False),
        (0o464, True, True, False),  # the owner's bits decide for the owner, not the group's
        (0o464, False, True, True),
        (0o646, False, False, True),
        (0o644, False, False, False),  # another user's file: not replaced
        (0o644, False, True, False),
    ],
)
def test_writable_by_mode_bits_for_a_user(
    monkeypatch: pytest.MonkeyPatch, mode: int, owner: bool, group: bool, writable: bool
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(os, "getegid", lambda: 1000)
    monkeypatch.setattr(os, "getgroups", lambda: [1000])
    status = _status(mode, 1000 if owner else 2000, 1000 if group else 2000)
    assert _writable(status) is writable


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
@pytest.mark.parametrize(
    ("mode", "writable"),
    [(0o444, False), (0o000, False), (0o004, False), (0o200, True), (0o002, True)],
)
def test_writable_by_mode_bits_for_root(
    monkeypatch: pytest.MonkeyPatch, mode: int, writable: bool
) -> None:
    """``os.access`` says root may write anything; the mode bits say what the owner meant."""
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert _writable(_status(mode, 1000, 1000)) is writable


def test_a_hard_link_is_not_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "archive").mkdir()
    os.link(film, tmp_path / "archive" / "alien.md")
    code, _, err = fix(tmp_path, capsys, monkeypatch, "alien.md")
    assert code == 2
    assert "filmlint: error: alien.md has 2 hard links, which writing it would split" in err
    assert film.stat().st_nlink == 2
    assert film.read_text(encoding="utf-8") == FIXABLE
    assert film.samefile(tmp_path / "archive" / "alien.md")


@pytest.mark.parametrize("relative", [True, False])
def test_a_symlink_keeps_pointing_at_its_fixed_target(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    relative: bool,
) -> None:
    (tmp_path / "films").mkdir()
    target = tmp_path / "films" / "alien.md"
    target.write_text(FIXABLE, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "alien.md"
    link.symlink_to(Path("films/alien.md") if relative else target)
    code, _, _ = fix(tmp_path, capsys, monkeypatch, "alien.md")
    assert code == 0
    assert link.is_symlink()
    assert link.readlink() == (Path("films/alien.md") if relative else target)
    assert target.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "films").iterdir()) == ["alien.md"]


def _read_only(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    film.chmod(0o444)


def _hard_linked(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.link(film, film.with_name("archived.txt"))


def _edited_meanwhile(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    finish = Fixer.finish

    def save_then_finish(self: Fixer, *args: object, **kwargs: object) -> object:
        film.write_text(FIXABLE.replace("Body.", "Body, edited."), encoding="utf-8")
        return finish(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Fixer, "finish", save_then_finish)


def _failing_write(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("filmlint.engine.fixer.write_atomically", refuse)


@pytest.mark.parametrize(
    "unwritable", [_read_only, _hard_linked, _edited_meanwhile, _failing_write]
)
def test_a_file_not_written_keeps_its_problems_in_the_report(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    unwritable: Callable[[Path, pytest.MonkeyPatch], None],
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    unwritable(film, monkeypatch)
    try:
        code, out, err = fix(tmp_path, capsys, monkeypatch, "alien.md")
    finally:
        film.chmod(0o600)
    assert code == 2
    assert "not written" in err or "cannot write alien.md" in err
    assert "FL204 [duplicate-item]" in out  # as a check of the file on disk reports it
    assert "All checks passed" not in out
    assert "Fixed" not in err


@pytest.mark.parametrize("spelling", ["link", "absolute"])
def test_a_file_named_twice_is_fixed_once(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    if spelling == "link":
        (tmp_path / "link.md").symlink_to("alien.md")
        other = "link.md"
    else:
        other = str(film)
    code, _, err = fix(tmp_path, capsys, monkeypatch, "alien.md", other)
    assert code == 0
    if spelling == "link":  # a file of its own to the run, found the same when written
        first, second = sorted(["alien.md", other])  # the run's order
        assert f"filmlint: {second} is the same file as {first}: written once\n" in err
    else:  # one file to the run from the start (test_discovery_names)
        assert "same file" not in err
    assert err.endswith("Fixed 1 problem in 1 file\n")
    assert film.read_text(encoding="utf-8") == FIXED


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root gives files away"
)
@pytest.mark.parametrize("owner", [(1000, 1000), (1000, 0), (0, 1000), (4321, 8765)])
def test_a_fixed_file_keeps_its_owner_and_group(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    owner: tuple[int, int],
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    os.chown(film, *owner)
    code, _, _ = fix(tmp_path, capsys, monkeypatch, "alien.md")
    assert code == 0
    assert film.read_text(encoding="utf-8") == FIXED
    assert (film.stat().st_uid, film.stat().st_gid) == owner


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root gives files away"
)
def test_a_file_whose_owner_cannot_be_kept_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    os.chown(film, 1000, 1000)

    def refused(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refused)  # what a user who is not root is told
    code, _, err = fix(tmp_path, capsys, monkeypatch, "alien.md")
    assert code == 2
    assert "its owner and group (1000:1000) cannot be kept" in err
    assert film.read_text(encoding="utf-8") == FIXABLE
    assert [p.name for p in tmp_path.iterdir() if p.name != "filmlint.toml"] == ["alien.md"]


@pytest.mark.parametrize(
    "replace",
    [
        pytest.param(lambda film: (film.unlink(), film.mkdir()), id="a folder"),
        pytest.param(lambda film: (film.unlink(), os.mkfifo(film)), id="a FIFO"),
    ],
)
def test_a_file_replaced_by_something_else_while_fixing_is_not_written_and_said_so(
    tmp_path: Path, replace: Callable[[Path], object]
) -> None:
    film = tmp_path / "alien.md"
    film.write_text(FIXABLE, encoding="utf-8")
    result = Fixer(Linter()).fix_file(film)
    replace(film)
    with pytest.raises(NotWritten, match=r"alien\.md is no longer a regular file; not written"):
        write_fixed(result)


def _sites_with_a_shared_film(folder: Path, text: str, a_rules: str, b_rules: str) -> None:
    """``A/x.md`` linted with rules ``a_rules``, and ``B/x.md``, a symlink to it, with
    ``b_rules``."""
    for site, rules in (("A", a_rules), ("B", b_rules)):
        (folder / site).mkdir()
        (folder / site / "filmlint.toml").write_text(f"select = [{rules}]\n", encoding="utf-8")
    (folder / "A" / "x.md").write_text(text, encoding="utf-8")
    (folder / "B" / "x.md").symlink_to("../A/x.md")


@pytest.mark.parametrize("names", [["A/x.md", "B/x.md"], ["B/x.md", "A/x.md"]])
def test_a_file_named_twice_under_other_settings_is_fixed_by_one_name_only(
    tmp_path: Path, names: list[str]
) -> None:
    """Each name fixes it otherwise: the file's own name's fixes are written, the other's
    are not, which fails the run, and the file is linted again as written under each name."""
    text = front('title: "A"\nimdbRating: "7.40"\ntopics: [a, a]\n')
    _sites_with_a_shared_film(tmp_path, text, '"rating-format"', '"duplicate-item"')
    result = run_cli("check", "--no-cache", "--fix", *names, cwd=tmp_path)
    assert result.returncode == 2
    assert (tmp_path / "A" / "x.md").read_text(encoding="utf-8") == text.replace("7.40", "7.4")
    assert result.stdout == (
        "B/x.md:4:13: FL204 [duplicate-item] error: duplicate of 'a' on line 4\n"
        "1 problem (1 error, 0 warnings) in 1 of 2 files\n"
        "1 fixable with --fix\n"
    )
    assert result.stderr == (
        "filmlint: error: B/x.md is the same file as A/x.md, whose settings fix it otherwise:"
        " the fixes of B/x.md are not written; fix it in a run of its own\n"
        "Fixed 1 problem in 1 file\n"
    )


def test_a_name_with_nothing_to_fix_is_linted_again_after_another_name_fixed_it(
    tmp_path: Path,
) -> None:
    """Its problems are placed in the text its file holds now, not in the one it read."""
    text = front('title: "A"\ntopics:\n  - a\n  - a\ndirecter: X\n')
    _sites_with_a_shared_film(tmp_path, text, '"duplicate-item"', '"unknown-key"')
    result = run_cli("check", "--no-cache", "--fix", "A/x.md", "B/x.md", cwd=tmp_path)
    assert (tmp_path / "A" / "x.md").read_text(encoding="utf-8") == text.replace("  - a\n", "", 1)
    assert result.stdout.splitlines()[0].startswith("B/x.md:5:1: FL101 [unknown-key]")
    assert result.stderr == "Fixed 1 problem in 1 file\n"
    assert result.returncode == 1


#: What each selection's safe fixes make of ``SHARED``: ``unknown-key`` finds nothing in it.
SHARED = front('title: "A"\nimdbRating: "7.40"\ntopics: [a, a]\n')
FIXED_BY = {
    "rating-format": SHARED.replace('"7.40"', '"7.4"'),
    "duplicate-item": SHARED.replace("[a, a]", "[a]"),
    "unknown-key": SHARED,
}


def _share(folder: Path, how: str, own: str, other: str) -> None:
    """The film ``own/films/x.md`` named ``other/films/x.md`` too, each site with its own
    ``filmlint.toml``: through a symlink, or a hard link (two names that are both the file's
    own place). A name through a linked folder is the same name to the run: it is taken
    once (test_discovery_names)."""
    (folder / own / "films").mkdir(parents=True)
    (folder / own / "films" / "x.md").write_text(SHARED, encoding="utf-8")
    (folder / other / "films").mkdir(parents=True)
    if how == "symlink":
        (folder / other / "films" / "x.md").symlink_to(f"../../{own}/films/x.md")
    else:
        os.link(folder / own / "films" / "x.md", folder / other / "films" / "x.md")


@pytest.mark.parametrize("how", ["symlink", "hard link"])
@pytest.mark.parametrize("own_first", [True, False], ids=["own name first", "link first"])
@pytest.mark.parametrize(
    ("own_rules", "other_rules"),
    [
        pytest.param("rating-format", "duplicate-item", id="each fixes it otherwise"),
        pytest.param("unknown-key", "duplicate-item", id="only the other fixes it"),
        pytest.param("duplicate-item", "unknown-key", id="only its own name fixes it"),
        pytest.param("rating-format", "rating-format", id="both fix it alike"),
    ],
)
def test_a_file_is_written_only_with_the_fixes_of_the_name_that_holds_it(
    tmp_path: Path, how: str, own_first: bool, own_rules: str, other_rules: str
) -> None:
    """The name that holds the file is its first that is its own place (for hard links, its
    first), changed or not: another name's fixes are never written in its stead, and when
    they differ from the holder's the run fails."""
    own, other = ("A", "B") if own_first else ("B", "A")  # names are taken in sorted order
    _share(tmp_path, how, own, other)
    for site, rules in ((own, own_rules), (other, other_rules)):
        (tmp_path / site / "filmlint.toml").write_text(f'select = ["{rules}"]\n', "utf-8")
    names = {own: f"{own}/films/x.md", other: f"{other}/films/x.md"}
    holder = own if how != "hard link" or own_first else other
    second = other if holder == own else own
    rules = {own: own_rules, other: other_rules}
    held, lost = FIXED_BY[rules[holder]], FIXED_BY[rules[second]]
    clash = lost not in (SHARED, held)
    result = run_cli("check", "--no-cache", "--fix", *sorted(names.values()), cwd=tmp_path)
    split = how == "hard link" and held != SHARED  # writing it would split the two names
    written = SHARED if split else held
    assert (tmp_path / own / "films" / "x.md").read_text(encoding="utf-8") == written
    message = (
        f"filmlint: error: {names[second]} is the same file as {names[holder]}, whose settings"
        f" fix it otherwise: the fixes of {names[second]} are not written; fix it in a run of"
        " its own\n"
    )
    assert (message in result.stderr) == clash, result.stderr
    assert ("Fixed 1 problem in 1 file" in result.stderr) == (written != SHARED)
    assert result.returncode == (2 if clash or split else 0), (result.stdout, result.stderr)
