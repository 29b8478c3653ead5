"""Worker processes and the result cache change how fast results come, never what they are."""

from __future__ import annotations

import contextlib
import json
import marshal
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filmlint.version
from conftest import VALID, front, run_cli, run_cli_process, throwaway_folder
from filmlint.diagnostics import Diagnostic
from filmlint.engine import cache as cache_module
from filmlint.engine import cache_keys, cache_values
from filmlint.engine import parallel as runner
from filmlint.engine.cache import DATABASE, ResultCache
from filmlint.engine.linter import Linter
from filmlint.engine.settings import Config, parse_config
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE, user_key

LOCALE = {"default": "zh-Hans", "suffixes": {"en": "en"}}

#: One of each kind of result: clean, reading errors, schema errors, rule errors with fixes.
VARIANTS = [
    VALID,
    VALID.replace('status: "published"', "status: publised"),
    VALID.replace("releaseDate: 1979-05-25", "releaseDate: 1979-02-30"),
    VALID.replace('title: "Alien"', 'title: "Alien\n'),
    VALID.replace('director: "Ridley Scott"', 'directer: "Ridley Scott"'),
    VALID.replace('title: "Alien"', 'title: "Alien"\ntitle: "Aliens"'),
    VALID.replace("---\n", "", 1),
    front('title: "Alien"\ncountry: "UK"\ncontentLanguage: "EN"'),
    front('title: "异形"\ncountry: "英国"\ncontentLanguage: "english"'),
    VALID.replace(
        'status: "published"',
        'status: "published"\nsourceUrl:\n  - platform: "IMDb"\n'
        '    url: "https://www.imdb.com/title/tt0078748/"',
    ),
]


def config(root: Path, **table: Any) -> Config:
    return parse_config({"locale": LOCALE, **table}, root / "filmlint.toml")


def make_films(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        suffix = "-en" if index % 3 == 0 else ""
        path = folder / f"film-{index:04d}{suffix}.md"
        path.write_text(VARIANTS[index % len(VARIANTS)], encoding="utf-8")
        paths.append(path)
    (folder / f"binary-{count}.md").write_bytes(b"---\x00\xff")
    return paths


def with_fixes(diagnostics: list[Diagnostic]) -> list[tuple[Any, ...]]:
    """Diagnostics with the fields their equality ignores: the fix, its edits' positions,
    the data path."""
    return [
        (
            d,
            d.fix,
            d.data_path,
            d.fix and [(e.start_position, e.end_position) for e in d.fix.edits],
        )
        for d in diagnostics
    ]


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Caches sealed with a key of the test's, not the key of whoever runs the tests; files
    settled as soon as written (their change time cannot be set back an hour)."""
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(throwaway_folder(tmp_path_factory, "key")))
    monkeypatch.setattr(cache_keys, "_RACY_NS", 0)


@pytest.fixture
def small_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start workers for a few dozen files, so tests stay small."""
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 10)


@pytest.mark.slow  # worker processes
def test_parallel_output_equals_serial(tmp_path: Path, small_pools: None) -> None:
    make_films(tmp_path / "films", 90)
    linter = Linter(config(tmp_path))
    serial = linter.lint_paths([tmp_path / "films"], jobs=1)
    parallel = linter.lint_paths([tmp_path / "films"], jobs=3)
    assert parallel.files == serial.files == 91
    assert with_fixes(parallel.diagnostics) == with_fixes(serial.diagnostics)
    assert {d.rule for d in serial.diagnostics} >= {
        "invalid-value", "schema", "yaml-syntax", "unknown-key", "missing-key",
        "duplicate-key", "missing-front-matter", "file-encoding", "country-code", "language-code",
    }  # fmt: skip
    assert serial.diagnostics == sorted(serial.diagnostics, key=Diagnostic.sort_key)


@pytest.mark.slow  # worker processes
def test_many_files_are_linted_in_worker_processes(
    tmp_path: Path, small_pools: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker is started (it says so as it starts: on a loaded machine the parent may lint
    every file before the worker claims one, and the worker may have ended before the
    parent could see it running)."""
    files = make_films(tmp_path / "films", 40)
    started = tmp_path / "started"
    work = runner._work

    def noted(*arguments: Any) -> None:
        started.write_text(str(os.getpid()), encoding="utf-8")
        work(*arguments)

    monkeypatch.setattr(runner, "_work", noted)
    results = list(runner.file_results(Linter(config(tmp_path)), files, jobs=2, cache=None))
    assert int(started.read_text(encoding="utf-8")) != os.getpid()
    assert results == [Linter(config(tmp_path)).file_result(f) for f in files]


def test_few_files_start_no_worker(tmp_path: Path) -> None:
    files = make_films(tmp_path, 5)
    results = runner.file_results(Linter(config(tmp_path)), files, jobs=8, cache=None)
    next(results)
    assert not multiprocessing.active_children()


@pytest.mark.slow
def test_cli_output_is_the_same_with_any_number_of_jobs(tmp_path: Path) -> None:
    make_films(tmp_path / "films", 2 * runner.FILES_PER_WORKER + 20)
    # The workers run in a real process, whose stdout is a pipe they inherit (anything left
    # in its buffer at a fork would be written twice); one process's output, the same here.
    outputs = [
        run_cli("check", "--no-cache", "--jobs", "1", "films", cwd=tmp_path),
        run_cli_process("check", "--no-cache", "--jobs", "2", "films", cwd=tmp_path),
    ]
    assert outputs[0].returncode == outputs[1].returncode == 1
    assert outputs[0].stdout == outputs[1].stdout
    assert outputs[0].stdout.count("\n") > 500


# The cache


def cached_run(linter: Linter, folder: Path, cache_folder: Path, jobs: int = 1) -> Any:
    return linter.lint_paths([folder], jobs=jobs, cache=ResultCache(cache_folder))


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])  # 2: workers
def test_cache_returns_the_same_diagnostics(tmp_path: Path, small_pools: None, jobs: int) -> None:
    films = make_films(tmp_path / "films", 45)
    linter = Linter(config(tmp_path))
    fresh = linter.lint_paths([tmp_path / "films"])
    cold = cached_run(linter, tmp_path / "films", tmp_path / "cache", jobs)
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    assert all(linter.cached_result(path, cache) is not None for path in films)
    warm = cached_run(Linter(config(tmp_path)), tmp_path / "films", tmp_path / "cache", jobs)
    assert with_fixes(cold.diagnostics) == with_fixes(warm.diagnostics)
    assert with_fixes(warm.diagnostics) == with_fixes(fresh.diagnostics)


def warm_cache(tmp_path: Path, linter: Linter) -> tuple[Path, ResultCache]:
    film = tmp_path / "films" / "alien-1979.md"
    film.parent.mkdir(exist_ok=True)
    film.write_text(VARIANTS[7], encoding="utf-8")
    cached_run(linter, film.parent, tmp_path / "cache")
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    assert linter.cached_result(film, cache) is not None
    assert "country-code" in {d.rule for d in linter.lint_file(film)}
    return film, cache


def test_a_change_of_content_is_linted_again(tmp_path: Path) -> None:
    linter = Linter(config(tmp_path))
    film, cache = warm_cache(tmp_path, linter)
    film.write_text(VARIANTS[7].replace('"UK"', '"GB"'), encoding="utf-8")
    assert linter.cached_result(film, cache) is None
    rules = {d.rule for d in cached_run(linter, film.parent, tmp_path / "cache").diagnostics}
    assert "language-code" in rules
    assert "country-code" not in rules  # fixed, and not taken from the cache


def rewrite_keeping_size_and_time(film: Path, text: str) -> None:
    before = film.stat()
    film.write_text(text, encoding="utf-8")
    assert film.stat().st_size == before.st_size
    os.utime(film, ns=(before.st_atime_ns, before.st_mtime_ns))


def rules_of(linter: Linter, film: Path, tmp_path: Path) -> set[str]:
    return {d.rule for d in cached_run(linter, film.parent, tmp_path / "cache").diagnostics}


def test_a_settled_file_of_unchanged_size_and_time_is_not_read_again(tmp_path: Path) -> None:
    linter = Linter(config(tmp_path))
    film = tmp_path / "films" / "alien-1979.md"
    film.parent.mkdir()
    film.write_text(VARIANTS[7], encoding="utf-8")
    assert "country-code" in rules_of(linter, film, tmp_path)

    def found_unread() -> bool:
        cache = ResultCache(tmp_path / "cache")
        cache.load()
        return linter.settled_result(film, cache) is not None

    # The same size and change time stand for the same content (as for git): not read.
    assert found_unread()
    # A rewrite that keeps the size and puts back the modification time (``touch -r``, a
    # copy that keeps times) still moves the change time: read, and linted again.
    rewrite_keeping_size_and_time(film, VARIANTS[7].replace('"UK"', '"GB"'))
    assert not found_unread()
    assert "country-code" not in rules_of(linter, film, tmp_path)


#: What a file becomes between runs: its text and its modification time (seconds after an
#: hour ago; each change moves its change time too). Back to an earlier text, it is found by
#: its key, and recorded again as it is.
HISTORY = [
    (VARIANTS[7], 0),
    (VARIANTS[7], 1),  # touched
    (VARIANTS[7].replace('"UK"', '"GB"'), 2),  # changed, to the same size
    (VARIANTS[7], 3),  # changed back: an earlier result, under a new time
    (VARIANTS[7], 0),  # back to the first time too
    (VARIANTS[7].replace('"UK"', '"GB"'), 2),  # the size and time recorded with this text
    (VARIANTS[7].replace('"UK"', '"GB"'), 0),  # the size and time of an earlier text
    (VARIANTS[3], 3),  # another text under a time recorded before
]


def test_each_run_records_what_the_file_is_now(tmp_path: Path) -> None:
    """Whatever the file was before, the run after each change leaves a row that the next
    finds by the file's size and time alone, holding the result of its text as it is."""
    linter = Linter(config(tmp_path))
    film = tmp_path / "films" / "alien-1979.md"
    film.parent.mkdir()
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for text, seconds in HISTORY:
        film.write_text(text, encoding="utf-8")
        os.utime(film, ns=(an_hour_ago, an_hour_ago + seconds * 10**9))
        cached_run(linter, film.parent, tmp_path / "cache")
        cache = ResultCache(tmp_path / "cache")
        cache.load()
        found = linter.settled_result(film, cache)
        assert found is not None, (text, seconds)
        expected = linter.file_result(film)
        assert found.diagnostics == expected.diagnostics, (text, seconds)


def test_a_relative_path_in_another_working_folder_is_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One linter and cache, a library's caller changing folder between runs: the same
    relative name, size and time stand for another file there."""
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for folder, country in (("a", "UK"), ("b", "GB")):
        film = tmp_path / folder / "films" / "alien-1979.md"
        film.parent.mkdir(parents=True)
        film.write_text(VARIANTS[7].replace('"UK"', f'"{country}"'), encoding="utf-8")
        os.utime(film, ns=(an_hour_ago, an_hour_ago))
    linter = Linter(config(tmp_path))
    monkeypatch.chdir(tmp_path / "a")
    assert "country-code" in rules_of(linter, Path("films/alien-1979.md"), tmp_path)
    monkeypatch.chdir(tmp_path / "b")
    assert "country-code" not in rules_of(linter, Path("films/alien-1979.md"), tmp_path)


def test_per_file_ignores_follow_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("a", "b"):
        film = tmp_path / folder / "films" / "alien-1979.md"
        film.parent.mkdir(parents=True)
        film.write_text(VARIANTS[7], encoding="utf-8")
    linter = Linter(config(tmp_path, **{"per-file-ignores": {"a/**": ["country-code"]}}))
    monkeypatch.chdir(tmp_path / "a")
    assert "country-code" not in {d.rule for d in linter.lint_file(Path("films/alien-1979.md"))}
    monkeypatch.chdir(tmp_path / "b")
    assert "country-code" in {d.rule for d in linter.lint_file(Path("films/alien-1979.md"))}


def test_a_file_changed_just_now_is_read_whatever_its_size_and_time(tmp_path: Path) -> None:
    linter = Linter(config(tmp_path))
    film, _ = warm_cache(tmp_path, linter)  # written now: within the clock's resolution
    rewrite_keeping_size_and_time(film, VARIANTS[7].replace('"UK"', '"GB"'))
    assert "country-code" not in rules_of(linter, film, tmp_path)


@pytest.mark.parametrize(
    "table",
    [
        {"ignore": ["country-code"]},
        {"rules": {"country-code": {"severity": "warning"}}},
        {"rules": {"country-code": {"accept": ["code", "name"]}}},
        {"per-file-ignores": {"alien-*.md": ["language-code"]}},
        {"locale": {"default": "en"}},
    ],
)
def test_a_change_of_configuration_is_linted_again(tmp_path: Path, table: dict[str, Any]) -> None:
    film, cache = warm_cache(tmp_path, Linter(config(tmp_path)))
    assert Linter(config(tmp_path, **table)).cached_result(film, cache) is None


def test_a_change_of_path_is_linted_again(tmp_path: Path) -> None:
    film, cache = warm_cache(tmp_path, Linter(config(tmp_path)))
    moved = film.rename(film.with_name("alien-1979-en.md"))  # another locale
    assert Linter(config(tmp_path)).cached_result(moved, cache) is None


def test_a_change_of_schema_is_linted_again(tmp_path: Path) -> None:
    film, cache = warm_cache(tmp_path, Linter(config(tmp_path)))
    shipped = json.loads(
        Path(filmlint.__file__).with_name("schemas").joinpath("film.schema.json").read_text()
    )
    shipped["properties"]["title"]["description"] = "The title."
    schema = tmp_path / "film.schema.json"
    schema.write_text(json.dumps(shipped), encoding="utf-8")
    assert Linter(config(tmp_path), schema=schema).cached_result(film, cache) is None


def test_a_new_filmlint_version_lints_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    film, cache = warm_cache(tmp_path, Linter(config(tmp_path)))
    monkeypatch.setattr(filmlint.version, "__version__", "99.0.0")
    assert Linter(config(tmp_path)).cached_result(film, cache) is None


def rewrite_file(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """A damage to the database file's bytes: the disk's, or a tool's."""

    def damage(database: Path) -> None:
        database.write_bytes(change(database.read_bytes()))

    return damage


def with_sql(*statements: str) -> Callable[[Path], None]:
    """A damage made with SQL, as someone editing the database by hand would."""

    def damage(database: Path) -> None:
        with contextlib.closing(sqlite3.connect(database)) as db, db:
            for statement in statements:
                db.execute(statement)

    return damage


def resealed(value: Any) -> Callable[[Path], None]:
    """Each result replaced by ``value`` and sealed again, as filmlint would seal it: a value
    of a shape filmlint does not write."""

    def damage(database: Path) -> None:
        data = marshal.dumps(value)
        with contextlib.closing(sqlite3.connect(database)) as db, db:
            rows = list(db.execute("SELECT path, key, context, changed_ns, size FROM results"))
            db.executemany(
                "UPDATE results SET value = ?, seal = ? WHERE path = ? AND key = ?",
                [
                    (
                        data,
                        cache_module._seal(user_key(), path.decode(), key, found, data),
                        path,
                        key,
                    )
                    for path, key, *found in rows
                ],
            )

    return damage


def restated(change: Callable[[int, int], tuple[int, int]]) -> Callable[[Path], None]:
    """Each file's recorded size and time changed, and sealed again."""

    def damage(database: Path) -> None:
        with contextlib.closing(sqlite3.connect(database)) as db, db:
            rows = list(
                db.execute("SELECT path, key, context, changed_ns, size, value FROM results")
            )
            for path, key, context, changed_ns, size, value in rows:
                changed_ns, size = change(changed_ns, size)
                found = (context, changed_ns, size)
                seal = cache_module._seal(user_key(), path.decode(), key, found, value)
                db.execute(
                    "UPDATE results SET changed_ns = ?, size = ?, seal = ? WHERE path = ? AND key = ?",
                    (changed_ns, size, seal, path, key),
                )

    return damage


def other_program(database: Path) -> None:
    database.unlink()
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")


DAMAGES: dict[str, Callable[[Path], None]] = {
    # Changed on disk or by a tool: no database, or none of filmlint's.
    "cut short": rewrite_file(lambda stored: stored[: len(stored) // 2]),
    "cut to a page": rewrite_file(lambda stored: stored[:4096]),
    "garbage": rewrite_file(lambda stored: b"\x00\xff garbage" * 100),
    "a page of zeros": rewrite_file(lambda stored: stored[:4096] + bytes(4096) + stored[8192:]),
    "empty": rewrite_file(lambda stored: b""),
    "another program's database": other_program,
    "no tables": with_sql("DROP TABLE results", "DROP TABLE runs"),
    # Edited by hand: the seals no longer match, the rows count as absent.
    "results said clean": with_sql(f"UPDATE results SET value = X'{cache_values.EMPTY.hex()}'"),
    "results swapped": with_sql(
        "UPDATE results SET value = (SELECT value FROM results AS other "
        "WHERE other.key != results.key ORDER BY length(other.value) LIMIT 1)"
    ),
    "seals cut": with_sql("UPDATE results SET seal = substr(seal, 1, 8)"),
    "seals of text": with_sql("UPDATE results SET seal = 'x'"),
    # SQLite keeps any type in any column.
    "values of text": with_sql("UPDATE results SET value = CAST(value AS TEXT)"),
    "values of numbers": with_sql("UPDATE results SET value = 1"),
    "keys of numbers": with_sql("UPDATE results SET key = 1"),
    "stats swapped": with_sql(
        "UPDATE results SET (changed_ns, size) = (SELECT changed_ns, size FROM results AS other "
        "WHERE other.path != results.path ORDER BY other.path LIMIT 1)"
    ),
    "stats of no context": with_sql("UPDATE results SET context = NULL"),
    "results moved to one path": with_sql(  # but one of each key: files of the same bytes
        "UPDATE OR IGNORE results SET path = (SELECT min(path) FROM results)"
    ),
    "paths of text": with_sql("UPDATE results SET path = CAST(path AS TEXT)"),
    "stats of another time": with_sql("UPDATE results SET changed_ns = changed_ns + 1"),
    # Sealed, but not the layout filmlint writes: the rows are skipped.
    "results not a pair": resealed([]),
    "results a string": resealed("x"),
    "results of lists of text": resealed([["x"]]),
    "a severity unknown": resealed([[[1, 1, 1, 2, "FL1", "r", "fatal", "m", None, None]], {}]),
    "references cut short": resealed([[], {"url-reachable": [[5, 0, 1]]}]),
    "references of text": resealed([[], {"url-reachable": "abc"}]),
    "references not by rule": resealed([[], []]),
    "stats of another size": restated(lambda changed_ns, size: (changed_ns, size + 1)),
    "stats of time zero": restated(lambda changed_ns, size: (0, 0)),
}


@dataclass(frozen=True)
class SettledCache:
    """Films of every kind of result, settled (their size and time are recorded), what a run
    without a cache finds in them, and the cache a run over them wrote, with its key."""

    root: Path
    films: list[Path]
    fresh: list[tuple[Any, ...]]
    key_folder: Path


@pytest.fixture(scope="module")
def settled_cache(tmp_path_factory: pytest.TempPathFactory) -> SettledCache:
    """Built once: each test damages a copy of the cache."""
    root = tmp_path_factory.mktemp("settled")
    films = make_films(root / "films", 12)
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for film in (root / "films").iterdir():
        os.utime(film, ns=(an_hour_ago, an_hour_ago))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_FOLDER_VARIABLE, str(root / "key"))
        patch.setattr(cache_keys, "_RACY_NS", 0)  # just written, and settled: recorded
        linter = Linter(config(root))
        fresh = linter.lint_paths([root / "films"])
        assert any(d.code.startswith("FL2") for d in fresh.diagnostics)
        cached_run(linter, root / "films", root / "cache")
    assert sorted(p.name for p in (root / "cache").iterdir()) == [
        ".gitignore", "CACHEDIR.TAG", DATABASE
    ]  # fmt: skip
    return SettledCache(root, films, with_fixes(fresh.diagnostics), root / "key")


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_cache_is_ignored_and_replaced(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settled_cache: SettledCache,
    damage: Callable[[Path], None],
) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(settled_cache.key_folder))  # what sealed it
    shutil.copytree(settled_cache.root / "cache", tmp_path / "cache")
    linter = Linter(config(settled_cache.root))
    films = settled_cache.root / "films"
    damage(tmp_path / "cache" / DATABASE)
    again = cached_run(linter, films, tmp_path / "cache")
    assert with_fixes(again.diagnostics) == settled_cache.fresh
    # The run that found the damage wrote its results again: the next one is answered.
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    assert all(linter.cached_result(film, cache) is not None for film in settled_cache.films)
    third = cached_run(linter, films, tmp_path / "cache")
    assert with_fixes(third.diagnostics) == settled_cache.fresh


@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,  # the same examples in every run: among them, bytes that SQLite quotes
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_a_database_with_any_byte_damaged_gives_what_a_run_without_a_cache_gives(
    settled_cache: SettledCache, data: st.DataObject
) -> None:
    stored = (settled_cache.root / "cache" / DATABASE).read_bytes()
    schema = stored.find(b"CREATE TABLE")
    assert schema > 0
    # Its tables' text, which SQLite quotes in its errors, or anywhere; often a byte that is
    # not UTF-8 alone.
    offset = data.draw(
        st.sampled_from(range(schema - 16, schema + 416)) | st.integers(0, len(stored) - 1)
    )
    byte = data.draw(
        (st.sampled_from([0x80, 0x8D, 0xBF, 0xC3, 0xE9, 0xFF]) | st.integers(0, 0xFF)).filter(
            lambda b: b != stored[offset]
        )
    )
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        cache = Path(folder) / "cache"
        shutil.copytree(settled_cache.root / "cache", cache)
        (cache / DATABASE).write_bytes(stored[:offset] + bytes([byte]) + stored[offset + 1 :])
        patch.setenv(KEY_FOLDER_VARIABLE, str(settled_cache.key_folder))
        again = cached_run(Linter(config(settled_cache.root)), settled_cache.root / "films", cache)
    assert with_fixes(again.diagnostics) == settled_cache.fresh


def test_many_runs_share_one_database(tmp_path: Path) -> None:
    linter = Linter(config(tmp_path))
    films = make_films(tmp_path / "films", 12)
    for index, film in enumerate(films):  # one run per changed file
        film.write_text(VALID.replace("Alien", f"Alien {index}"), encoding="utf-8")
        cached_run(linter, film.parent, tmp_path / "cache")
        assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
            ".gitignore", "CACHEDIR.TAG", DATABASE
        ]  # fmt: skip
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    assert all(linter.cached_result(film, cache) is not None for film in films)


def test_cli_caches_under_the_config_folder_and_no_cache_skips_it(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text("", encoding="utf-8")
    make_films(tmp_path / "films", 3)
    (tmp_path / "films" / "sub").mkdir()
    first = run_cli("check", "--no-cache", ".", cwd=tmp_path / "films" / "sub")
    assert not (tmp_path / ".filmlint_cache").exists()
    second = run_cli("check", "..", cwd=tmp_path / "films" / "sub")
    third = run_cli("check", "..", cwd=tmp_path / "films" / "sub")
    assert (tmp_path / ".filmlint_cache" / "CACHEDIR.TAG").is_file()
    assert (tmp_path / ".filmlint_cache" / ".gitignore").read_text() == "*\n"
    assert first.stdout == "All checks passed (0 files)\n"  # nothing under sub/
    assert second.stdout == third.stdout != ""
    assert second.returncode == third.returncode == 1


def test_clean_removes_the_cache(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text('cache-dir = "build/lint-cache"\n', encoding="utf-8")
    make_films(tmp_path / "films", 3)
    run_cli("check", "films", cwd=tmp_path)
    assert (tmp_path / "build" / "lint-cache" / DATABASE).is_file()
    cleaned = run_cli("clean", cwd=tmp_path)
    assert (cleaned.returncode, cleaned.stdout) == (
        0,
        f"removed {tmp_path / 'build' / 'lint-cache'}\n",
    )
    assert not (tmp_path / "build" / "lint-cache").exists()
    assert run_cli("clean", cwd=tmp_path).returncode == 0


def test_clean_refuses_a_folder_that_is_not_a_cache(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text('cache-dir = "films"\n', encoding="utf-8")
    make_films(tmp_path / "films", 1)
    result = run_cli("clean", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not a filmlint cache" in result.stderr
    assert (tmp_path / "films" / "film-0000-en.md").is_file()


@pytest.mark.slow  # worker processes
def test_gathered_references_survive_workers_and_the_cache(
    tmp_path: Path, small_pools: None
) -> None:
    films = make_films(tmp_path / "films", 30)
    linter = Linter(config(tmp_path))
    serial = [linter.file_result(path) for path in films]
    assert any(result.gathered for result in serial)
    pooled = list(runner.file_results(linter, films, jobs=2, cache=ResultCache(tmp_path / "cache")))
    cache = ResultCache(tmp_path / "cache")
    cache.load()
    cached = [linter.cached_result(path, cache) for path in films]
    assert pooled == serial
    assert cached == serial  # gathered references included: URL rules see every file's URLs
    data_paths = [[r.data_path for r in result.gathered] for result in serial]
    assert [[r.data_path for r in result.gathered] for result in pooled] == data_paths
    assert [[r.data_path for r in result.gathered] for result in cached if result] == data_paths


def test_clean_keeps_a_default_folder_that_filmlint_did_not_make(tmp_path: Path) -> None:
    (tmp_path / ".filmlint_cache").mkdir()
    (tmp_path / ".filmlint_cache" / "urls.json").write_text("{}", encoding="utf-8")
    cleaned = run_cli("clean", cwd=tmp_path)
    assert cleaned.returncode == 2
    assert "is not a filmlint cache" in cleaned.stderr
    assert (tmp_path / ".filmlint_cache" / "urls.json").read_text() == "{}"
