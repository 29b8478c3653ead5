"""The run entry: a warm run over unchanged files reports the diagnostics its group's last run
left, byte for byte what a run without the cache reports, and any change to the files, the
configuration or the entry itself sends it the normal way."""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import film, run_cli, translation_site
from filmlint.diagnostics import Diagnostic, Edit, Fix, RelatedLocation, Severity
from filmlint.engine import cache_keys, group_runs
from filmlint.engine.cache import DATABASE, ResultCache
from filmlint.engine.linter import Linter
from filmlint.engine.project import Project
from filmlint.reporters import FORMATS
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE

CONFIG = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
PAIRS = 4


def base(index: int) -> str:
    return film(f'country: "美国"\nyear: {1970 + index}\n')


def translation(index: int) -> str:
    return film(f'country: "US"\nyear: {1971 + index}\n')  # a year off: translation-mismatch


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site whose groups keep run entries (from four files on, every file settled at once):
    pairs of versions that disagree, and a film with no English version."""
    monkeypatch.setattr(group_runs, "RUN_ENTRY_FILES", 4)
    monkeypatch.setattr(cache_keys, "_RACY_NS", 0)
    root = tmp_path / "site"
    films = translation_site(root, CONFIG, PAIRS, base, translation)
    (films / "alone.md").write_text(base(9), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


class Spy:
    """Counts the run phases and the per-file lookups of the runs since the last ``reset``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.finished = 0
        self.looked_up = 0
        self._wrap(monkeypatch, Linter, "finish", "finished")
        self._wrap(monkeypatch, ResultCache, "settled_result", "looked_up")

    def _wrap(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str, count: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            setattr(self, count, getattr(self, count) + 1)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)

    def reset(self) -> None:
        self.finished = self.looked_up = 0

    @property
    def shortcut(self) -> bool:
        return self.finished == 0 and self.looked_up == 0


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    return Spy(monkeypatch)


def check(*args: str) -> str:
    result = run_cli("check", *args, "films")
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def runs(root: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(root / ".filmlint_cache" / DATABASE)) as db:
        return list(db.execute("SELECT * FROM runs"))


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_a_warm_run_reports_as_a_run_without_cache_in_every_format(
    site: Path, spy: Spy, output_format: str
) -> None:
    expected = check("--no-cache", "--output-format", output_format)
    assert check("--output-format", output_format) == expected  # cold: writes the entry
    spy.reset()
    assert check("--output-format", output_format) == expected
    assert spy.shortcut
    assert len(runs(site)) == 1


def touch(path: Path) -> None:
    stat = path.stat()
    os.utime(
        path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 1_000_000_000)
    )  # not in the future: settled


def rewrite(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("美国", "US"), encoding="utf-8")


def grow(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")


def configure(root: Path) -> None:
    config = root / "filmlint.toml"
    config.write_text(CONFIG + '\n[rules.country-code]\naccept = ["code", "name"]\n', "utf-8")


#: What may change between two runs, each a function of the site's folder.
CHANGES: dict[str, Callable[[Path], object]] = {
    "touched": lambda root: touch(root / "films" / "1.md"),
    "rewritten": lambda root: rewrite(root / "films" / "2.md"),
    "grown": lambda root: grow(root / "films" / "2-en.md"),
    "deleted": lambda root: (root / "films" / "3-en.md").unlink(),
    "added": lambda root: (root / "films" / "new.md").write_text(base(5), "utf-8"),
    "missing version added": lambda root: (root / "films" / "alone-en.md").write_text(
        translation(9), "utf-8"
    ),
    "missing version a folder": lambda root: (root / "films" / "alone-en.md").mkdir(),
    "configuration": configure,
    "mode changed": lambda root: (root / "films" / "0.md").chmod(0o600),
}


def stated(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The group states worked out from now on: each one stats every file of its group."""
    found: list[tuple[Any, ...]] = []
    original = group_runs.group_state

    def counted(*args: Any) -> str | None:
        found.append(args)
        return original(*args)

    monkeypatch.setattr(group_runs, "group_state", counted)
    return found


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_takes_the_normal_way_and_makes_a_new_entry(
    site: Path, spy: Spy, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check()
    CHANGES[change](site)
    expected = check("--no-cache")
    spy.reset()
    states = stated(monkeypatch)
    assert check() == expected
    assert spy.finished == 1
    # The files are stat'ed once, to compare with the entry: the new entry's state is what
    # each file's lookup found before reading it.
    assert len(states) <= 1
    spy.reset()
    assert check() == expected
    assert spy.shortcut


def during_the_file_phase(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """``change`` is made in the next run, once its file phase has read two files."""
    real = group_runs.file_results
    pending = [change]

    def changing(*args: Any, **kwargs: Any) -> Any:
        for index, result in enumerate(real(*args, **kwargs)):
            if index == 1 and pending:
                pending.pop()()
            yield result

    monkeypatch.setattr(group_runs, "file_results", changing)


def agree(path: Path) -> None:
    """The translation of pair 0 takes its base's year (the mismatch goes), its time set back
    to before the run (its change time still says)."""
    path.write_text(path.read_text(encoding="utf-8").replace("1971", "1970"), encoding="utf-8")
    touch(path)


#: A partial run (the versions of 1.md and 3.md are read for context, alone-en.md is missing).
NAMED = ["films/0-en.md", "films/0.md", "films/1.md", "films/3.md", "films/alone.md"]


@pytest.mark.parametrize(
    ("change", "seen_by_the_run"),
    [
        (lambda root: agree(root / "films" / "0-en.md"), False),  # read already
        (lambda root: rewrite(root / "films" / "3.md"), True),  # not read yet
        (
            lambda root: (root / "films" / "alone-en.md").write_text(translation(9), "utf-8"),
            False,  # named missing by the run phase
        ),
    ],
    ids=["read, then changed", "changed before its turn", "missing version made"],
)
def test_a_change_during_a_run_is_found_by_the_next(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path], object],
    seen_by_the_run: bool,
) -> None:
    """The state of a new entry describes the files as the run read them, and the missing
    versions as they were before: what changes while the run goes on is found changed."""
    during_the_file_phase(monkeypatch, lambda: change(site))
    before = run_cli("check", *NAMED).stdout
    expected = run_cli("check", "--no-cache", *NAMED).stdout
    assert (before == expected) == seen_by_the_run
    assert run_cli("check", *NAMED).stdout == expected


def test_the_entry_of_a_partial_run_is_its_own(site: Path, spy: Spy) -> None:
    """A run over some files of a group (their versions read for context) does not use the
    entry of a run over all, nor the other way round."""
    every = check()
    some = run_cli("check", *(f"films/{i}.md" for i in range(PAIRS))).stdout
    assert some != every
    spy.reset()
    assert check() == every
    assert spy.finished == 1


def test_a_file_modified_within_the_clock_resolution_keeps_no_entry(
    site: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_keys, "_RACY_NS", 2_000_000_000)
    path = site / "films" / "0.md"
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    check()
    spy.reset()
    check()
    assert spy.finished == 1
    assert runs(site) == []


def edit_runs(root: Path, sql: str) -> None:
    with contextlib.closing(sqlite3.connect(root / ".filmlint_cache" / DATABASE)) as db, db:
        db.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE runs SET value = CAST(replace(CAST(value AS TEXT), 'FL201', 'FL202') AS BLOB)",
        "UPDATE runs SET value = CAST('[]' AS BLOB)",
        "UPDATE runs SET state = replace(state, substr(state, 1, 1), 'x')",
        "UPDATE runs SET versions = CAST('[]' AS BLOB)",
        "UPDATE runs SET key = 'x' || substr(key, 2)",
        # SQLite keeps any type in any column.
        "UPDATE runs SET versions = CAST(versions AS TEXT)",
        "UPDATE runs SET value = CAST(value AS TEXT)",
        "UPDATE runs SET state = 1",
    ],
)
def test_an_entry_edited_by_hand_counts_as_absent(site: Path, spy: Spy, sql: str) -> None:
    expected = check()
    edit_runs(site, sql)
    spy.reset()
    assert check() == expected
    assert spy.finished == 1


def test_an_entry_sealed_with_another_key_counts_as_absent(
    site: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    expected = check()
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(tmp_path / "another-key"))
    spy.reset()
    assert check() == expected
    assert spy.finished == 1


def test_an_online_run_neither_uses_nor_keeps_an_entry(site: Path, spy: Spy) -> None:
    """Online, url-reachable asks the network in the run phase: never the same twice."""
    check()
    spy.reset()
    check("--online")
    check("--online")
    assert spy.finished == 2
    assert Linter(network=True).cache_keys.run_reproducible is False


def test_answers_to_report_offline_make_the_run_phase_not_reproducible(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """url-reachable offline reports the URL cache's answers, which age: no entry."""
    assert Linter().cache_keys.run_reproducible is True
    check()  # the cache folder is filmlint's; in it, a URL cache (read as patched below)
    (site / ".filmlint_cache" / "urls.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(
        "filmlint.urls.cache.answered_urls", lambda path: frozenset({"https://films.example/"})
    )
    linter = Linter()
    assert linter.rules.gather_options["url-reachable"] is not None
    assert linter.cache_keys.run_reproducible is False


def test_fixing_never_uses_an_entry(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check()
    used: list[str] = []
    original = ResultCache.run_entry

    def recorded(self: ResultCache, key: str) -> Any:
        used.append(key)
        return original(self, key)

    monkeypatch.setattr(ResultCache, "run_entry", recorded)
    run_cli("check", "--fix", "--unsafe-fixes", "films")
    assert used == []
    assert "美国" not in (site / "films" / "0.md").read_text(encoding="utf-8")
    assert check() == check("--no-cache")  # what the fixes wrote is seen


def test_a_warm_run_over_many_files_holds_no_result_of_a_file(
    site: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project()
    first = project.lint(["films"], use_cache=True)
    spy.reset()
    again = Project().lint(["films"], use_cache=True)
    assert spy.shortcut
    assert [d.to_dict() for d in again.diagnostics] == [d.to_dict() for d in first.diagnostics]
    assert again.files == first.files == 2 * PAIRS + 1


# The entry's encoding: every field of a diagnostic comes back


TEXT = st.text(max_size=8)
NUMBER = st.integers(min_value=0, max_value=10**6)
POSITION = st.none() | st.tuples(NUMBER, NUMBER)
EDITS = st.lists(st.builds(Edit, NUMBER, NUMBER, TEXT, POSITION, POSITION), max_size=2)
FIXES = st.none() | st.builds(Fix, TEXT, EDITS.map(tuple), st.sampled_from(["safe", "unsafe"]))
DATA_PATHS = st.none() | st.lists(TEXT | NUMBER, max_size=3).map(tuple)
RELATED = st.lists(st.builds(RelatedLocation, TEXT, NUMBER, NUMBER, TEXT), max_size=2).map(tuple)
DIAGNOSTICS = st.builds(
    Diagnostic,
    TEXT | st.just("films/\udcff.md"),
    NUMBER, NUMBER, NUMBER, NUMBER, TEXT, TEXT,
    st.sampled_from(list(Severity)),
    TEXT,
    FIXES,
    DATA_PATHS,
    RELATED,
)  # fmt: skip


def every_field(diagnostics: Sequence[Diagnostic]) -> list[tuple[Any, ...]]:
    """All fields, those equality leaves out (fix, data path, related) too."""
    return [tuple(getattr(d, name) for name in d.__dataclass_fields__) for d in diagnostics]


@pytest.fixture(scope="module")
def entries_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every example (a new database each costs a synchronous write or two)."""
    return tmp_path_factory.mktemp("entries") / "cache"


#: A key for each example's entry, so that none reads back an entry of another.
ENTRY_KEYS = (f"k{index}" for index in itertools.count())


@given(st.lists(DIAGNOSTICS, max_size=4), st.lists(TEXT, max_size=3))
def test_an_entry_gives_back_every_field_of_every_diagnostic(
    entries_folder: Path, diagnostics: list[Diagnostic], versions: list[str]
) -> None:
    key = next(ENTRY_KEYS)
    written = ResultCache(entries_folder)
    written.load()
    written.put_run(key, versions, "0" * 64, diagnostics)
    written.save()
    cache = ResultCache(entries_folder)
    cache.load()
    entry = cache.run_entry(key)
    cache.save()
    assert entry is not None
    assert entry.versions == versions
    assert entry.state == "0" * 64
    found = entry.diagnostics()
    assert found is not None
    assert every_field(found) == every_field(diagnostics)


KEYED = CONFIG + "".join(
    f'[rules.{rule}]\nkey = "translationKey"\n'
    for rule in ("translation-missing", "translation-mismatch")
)


def keyed_film(key: str, year: int) -> str:
    return f'---\ntranslationKey: "{key}"\nyear: {year}\n---\n'


@pytest.mark.parametrize(
    "change",
    [
        lambda films: (films / "heat-en.md").unlink(),  # a version named in a message
        lambda films: (films / "re-xue-en.md").write_text(keyed_film("heat", 1995), "utf-8"),
        lambda films: (films / "other.md").write_text(keyed_film("alien", 1979), "utf-8"),
    ],
)
def test_sets_named_by_a_key_take_the_normal_way_on_any_change(
    site: Path, spy: Spy, change: Callable[[Path], object]
) -> None:
    """Any file of the collection may be a version: a run over some files reads them all,
    and the versions a message names may be those of a file read for context."""
    (site / "filmlint.toml").write_text(KEYED, encoding="utf-8")
    films = site / "films"
    for path in films.iterdir():
        path.unlink()
    (films / "yixing.md").write_text(keyed_film("alien", 1979), encoding="utf-8")
    (films / "alien-en.md").write_text(keyed_film("alien", 2004), encoding="utf-8")
    (films / "re-xue.md").write_text(keyed_film("heat", 1995), encoding="utf-8")
    (films / "heat-en.md").write_text(keyed_film("heat", 1996), encoding="utf-8")
    named = ["films/yixing.md", "films/alien-en.md", "films/re-xue.md", "films/alien.md"]
    (films / "alien.md").write_text(keyed_film("alien", 1979), encoding="utf-8")
    first = run_cli("check", *named).stdout
    spy.reset()
    assert run_cli("check", *named).stdout == first
    assert spy.shortcut
    change(films)
    expected = run_cli("check", "--no-cache", *named).stdout
    spy.reset()
    assert run_cli("check", *named).stdout == expected
    assert spy.finished == 1
