"""Caches are trusted only when the user's own key sealed them, and the URL cache never
replaces a file that is not one."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import VALID, run_cli
from filmlint.engine import cache as cache_module
from filmlint.engine import cache_values
from filmlint.engine.cache import DATABASE, ResultCache
from filmlint.engine.linter import Linter
from filmlint.engine.settings import parse_config
from filmlint.text import owned_files
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE, TAG_NAME, seal, user_key
from filmlint.urls.cache import CacheRefused, UrlCache, _sealed_bytes
from filmlint.urls.outcome import Outcome

#: Five schema errors, each from a mistake of its own.
BAD = VALID.replace('status: "published"', "status: publised").replace(
    'title: "Alien"', "title: 1979\nrating: 11\nruntime: soon\ncolour: yes"
)
URL = "https://films.example/gone"
TTL = {"ok": 168.0, "redirected": 168.0, "broken": 24.0, "blocked": 6.0, "timeout": 1.0}


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Two users' key folders; the first is in use."""
    folders = {"A": tmp_path / "key-a", "B": tmp_path / "key-b"}
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(folders["A"]))
    return folders


def use_key(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(folder))


def film_with_url() -> str:
    return VALID.replace(
        "---\nBody", f'sourceUrl:\n  - {{ platform: "IMDB", url: "{URL}" }}\n---\nBody'
    )


# The result cache


def test_a_result_cache_made_with_another_key_is_ignored(
    tmp_path: Path, keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    film = tmp_path / "films" / "alien.md"
    film.parent.mkdir()
    film.write_text(BAD, encoding="utf-8")
    linter = Linter(parse_config({}, tmp_path / "filmlint.toml"))
    linter.lint_paths([film.parent], cache=ResultCache(tmp_path / "cache"))
    for key, known in (("B", False), ("A", True)):
        use_key(monkeypatch, keys[key])
        cache = ResultCache(tmp_path / "cache")
        cache.load()
        assert (linter.cached_result(film, cache) is not None) is known, key


#: Seals a row, given its path, key, what its file was (context, changed_ns, size) and value.
Sealer = Callable[[str, str, tuple[Any, ...], bytes], bytes]


def forge_every_row(cache: Path, sealer: Sealer) -> None:
    """What a committed cache can hold: every file's result "no problems", under a seal."""
    clean = cache_values.EMPTY
    with contextlib.closing(sqlite3.connect(cache / DATABASE)) as db, db:
        rows = list(db.execute("SELECT path, key, context, changed_ns, size FROM results"))
        db.executemany(
            "UPDATE results SET value = ?, seal = ? WHERE path = ? AND key = ?",
            [
                (clean, sealer(path.decode(), key, tuple(found), clean), path, key)
                for path, key, *found in rows
            ],
        )


def sealed_by_whoever_runs(path: str, key: str, found: tuple[Any, ...], value: bytes) -> bytes:
    return cache_module._seal(user_key(), path, key, found, value)


def test_a_cache_committed_from_another_clone_fakes_no_result(
    tmp_path: Path, keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    (clone / "films").mkdir(parents=True)
    (clone / "filmlint.toml").write_text("", encoding="utf-8")
    (clone / "films" / "alien.md").write_text(BAD, encoding="utf-8")
    honest = run_cli("check", "films", cwd=clone)
    assert honest.returncode == 1
    assert "5 problems (5 errors" in honest.stdout
    # Sealed with the key of whoever committed it (the one in use now).
    forge_every_row(clone / ".filmlint_cache", sealed_by_whoever_runs)
    # Under the key that sealed it, the forged cache would be believed...
    assert run_cli("check", "films", cwd=clone).stdout.startswith("All checks passed")
    # ...but not by anyone else, in that clone or in another one.
    use_key(monkeypatch, keys["B"])
    other = tmp_path / "other-clone"
    shutil.copytree(clone, other, symlinks=True)
    for folder in (other, clone):
        again = run_cli("check", "films", cwd=folder)
        assert (again.returncode, again.stdout) == (1, honest.stdout), folder


def test_a_row_under_a_plain_hash_is_ignored(tmp_path: Path, keys: dict[str, Path]) -> None:
    """What a seal without the user's key would be: anyone could compute it."""
    project = tmp_path / "project"
    (project / "films").mkdir(parents=True)
    (project / "filmlint.toml").write_text("", encoding="utf-8")
    (project / "films" / "alien.md").write_text(BAD, encoding="utf-8")
    assert run_cli("check", "films", cwd=project).returncode == 1

    def unkeyed(path: str, key: str, found: tuple[Any, ...], value: bytes) -> bytes:
        context, changed_ns, size = found
        text = f"r\0{path}\0{key}\0{context}\0{changed_ns}\0{size}\0"
        return hashlib.blake2b(text.encode() + value, digest_size=16).digest()

    forge_every_row(project / ".filmlint_cache", unkeyed)
    assert run_cli("check", "films", cwd=project).returncode == 1


def test_the_key_is_read_once_per_run(
    tmp_path: Path, keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "films").mkdir(parents=True)
    (project / "filmlint.toml").write_text("", encoding="utf-8")
    for index in range(3):
        (project / "films" / f"film-{index}.md").write_text(BAD, encoding="utf-8")
    reads: list[Path] = []
    read = owned_files._read_key

    def counted(path: Path) -> bytes | None:
        reads.append(path)
        return read(path)

    monkeypatch.setattr(owned_files, "_read_key", counted)
    for _ in range(2):  # the first run makes the key and writes the cache; the second reads it
        monkeypatch.setattr(owned_files, "_keys", {})
        reads.clear()
        assert run_cli("check", "films", cwd=project).returncode == 1
        assert len(reads) <= 2  # once, and once more after making it
    assert reads == [keys["A"] / "key"]


def test_the_key_is_private_and_kept(
    keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(owned_files, "_keys", {})
    key = user_key()
    path = keys["A"] / "key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys["A"].stat().st_mode) == 0o700
    assert [p.name for p in keys["A"].iterdir()] == ["key"]  # no temporary left
    monkeypatch.setattr(owned_files, "_keys", {})
    assert user_key() == key


def test_a_key_another_process_makes_meanwhile_is_taken_not_replaced(
    keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs starting at once, no key yet: one reads none, the other makes it, then the
    first finds the file. It takes that key, which the other seals with already; replacing
    it made every row the other wrote fail its seal."""
    monkeypatch.setattr(owned_files, "_keys", {})
    read = owned_files._read_key
    made: list[bytes] = []

    def none_yet(path: Path) -> bytes | None:
        if made:
            return read(path)
        monkeypatch.setattr(owned_files, "_read_key", read)  # the other process's reads
        made.append(owned_files._read_or_make_key(path))  # made just after this read
        monkeypatch.setattr(owned_files, "_read_key", none_yet)
        return None

    monkeypatch.setattr(owned_files, "_read_key", none_yet)
    assert user_key() == made[0]
    monkeypatch.setattr(owned_files, "_read_key", read)
    assert read(keys["A"] / "key") == made[0]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.chmod(0o644), id="readable by others"),
        pytest.param(lambda path: path.write_text("short"), id="damaged"),
        pytest.param(lambda path: path.write_text(""), id="empty"),
    ],
)
def test_a_key_that_cannot_be_trusted_is_replaced(
    keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch, spoil: Any
) -> None:
    monkeypatch.setattr(owned_files, "_keys", {})
    old = user_key()
    spoil(keys["A"] / "key")
    monkeypatch.setattr(owned_files, "_keys", {})
    new = user_key()
    assert new != old
    assert stat.S_IMODE((keys["A"] / "key").stat().st_mode) == 0o600


def test_the_key_lives_in_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_FOLDER_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert owned_files.key_folder() == tmp_path / "xdg" / "filmlint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert owned_files.key_folder() == tmp_path / "home" / ".cache" / "filmlint"


# The URL cache


def url_cache(path: Path) -> UrlCache:
    return UrlCache(path, TTL)


def store_broken(path: Path, *, private: bool = False) -> None:
    cache = url_cache(path)
    cache.load()
    cache.put(URL, Outcome("broken", "404 Not Found", time.time(), private=private))
    cache.save()


def offline_rows(project: Path) -> tuple[int, str]:
    result = run_cli("check", "--offline", "--select", "url-reachable", ".", cwd=project)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def url_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "filmlint.toml").write_text("", encoding="utf-8")
    (project / "alien.md").write_text(film_with_url(), encoding="utf-8")
    return project


def test_a_url_cache_made_with_another_key_is_ignored(
    url_project: Path, keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store_broken(url_project / ".filmlint_cache" / "urls.json")
    code, output = offline_rows(url_project)
    assert code == 1 and "URL is broken: 404 Not Found" in output
    use_key(monkeypatch, keys["B"])
    assert offline_rows(url_project) == (0, "All checks passed (1 file)\n")
    assert url_cache_entries(url_project / ".filmlint_cache" / "urls.json") == {}


def url_cache_entries(path: Path) -> dict[str, Outcome]:
    cache = UrlCache(path, TTL, allow_private=True)
    cache.load()
    return {URL: found} if (found := cache.fresh(URL)) is not None else {}


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda entry: {**entry, "status": "ok", "detail": "200 OK"}, id="marked ok"),
        pytest.param(lambda entry: {**entry, "checked": entry["checked"] + 1}, id="made fresher"),
        pytest.param(lambda entry: {k: v for k, v in entry.items() if k != "seal"}, id="no seal"),
        pytest.param(lambda entry: {**entry, "detail": "\ud800"}, id="a lone surrogate"),
        pytest.param(lambda entry: {**entry, "private": False}, id="made public"),
        pytest.param(
            lambda entry: {k: v for k, v in entry.items() if k != "private"}, id="private removed"
        ),
    ],
)
def test_an_edited_url_cache_entry_is_ignored(
    url_project: Path, keys: dict[str, Path], edit: Any
) -> None:
    path = url_project / ".filmlint_cache" / "urls.json"
    store_broken(path, private=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["urls"][URL] = edit(data["urls"][URL])
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    assert url_cache_entries(path) == {}


#: Any JSON value, with what only an edit puts there: lone surrogates, numbers past a
#: float's range, NaN and infinities (Python's JSON reads them).
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**400), 10**400)
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["\ud800", "a\udfff", "\udc80", "0" * 64]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(
        ["status", "detail", "checked", "location", "network_error", "private", "seal"]
    ),
    value=JSON_VALUES,
)
def test_any_value_edited_into_a_url_cache_entry_makes_it_absent_and_nothing_fail(
    url_project: Path, keys: dict[str, Path], field: str, value: Any
) -> None:
    path = url_project / ".filmlint_cache" / "urls.json"
    if not path.exists():
        store_broken(path, private=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["urls"][URL]
    assume(field not in entry or entry[field] != value or type(entry[field]) is not type(value))
    edited = {**data, "urls": {URL: {**entry, field: value}}}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "urls.json"
        copy.write_text(json.dumps(edited), encoding="utf-8")
        assert url_cache_entries(copy) == {}


def test_an_entry_moved_to_another_url_is_ignored(url_project: Path, keys: dict[str, Path]) -> None:
    path = url_project / ".filmlint_cache" / "urls.json"
    store_broken(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["urls"]["https://films.example/other"] = data["urls"].pop(URL)
    path.write_text(json.dumps(data), encoding="utf-8")
    cache = url_cache(path)
    cache.load()
    assert cache.fresh("https://films.example/other") is None


def test_an_entry_under_a_url_of_a_lone_surrogate_is_ignored(
    url_project: Path, keys: dict[str, Path]
) -> None:
    """JSON can spell a lone surrogate, which no UTF-8 holds: the entry's seal fails, and
    the others still count."""
    path = url_project / ".filmlint_cache" / "urls.json"
    store_broken(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["urls"][URL + "\udc80"] = data["urls"][URL]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, output = offline_rows(url_project)
    assert code == 1
    assert "URL is broken: 404 Not Found" in output
    assert "internal-error" not in output


def _fifo(path: Path) -> None:
    os.mkfifo(path)


#: What may already be at the path the `cache` option names; none of it a URL cache.
NOT_URL_CACHES: dict[str, Any] = {
    "a Markdown file": lambda path: path.write_text("# My notes\n", encoding="utf-8"),
    "not JSON": lambda path: path.write_text("{not json", encoding="utf-8"),
    "an empty file": lambda path: path.write_bytes(b""),
    "JSON of another tool": lambda path: path.write_text('{"urls": {}}'),
    "JSON of a later layout": lambda path: path.write_text('{"version": 2, "urls": {}}'),
    "a folder": lambda path: path.mkdir(),
    "a FIFO": _fifo,
    "a symlink to a URL cache": lambda path: (
        store_broken(path.with_name("real.json")),
        path.symlink_to(path.with_name("real.json")),
    ),
}


@pytest.mark.parametrize("make", NOT_URL_CACHES.values(), ids=NOT_URL_CACHES.keys())
@pytest.mark.parametrize("online", [False, True])
def test_a_file_that_is_not_a_url_cache_is_refused(
    url_project: Path,
    keys: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    make: Any,
    online: bool,
) -> None:
    (url_project / "filmlint.toml").write_text(
        '[rules.url-reachable]\ncache = "notes.md"\n', encoding="utf-8"
    )
    make(url_project / "notes.md")
    before = _state(url_project / "notes.md")

    def no_request(*args: object, **kwargs: object) -> None:
        raise AssertionError("a URL was asked for before the configuration was found wrong")

    monkeypatch.setattr("filmlint.urls.checker.check_urls", no_request)
    flag = "--online" if online else "--offline"
    result = run_cli("check", flag, "--select", "url-reachable", "alien.md", cwd=url_project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"rules.url-reachable.cache: {url_project / 'notes.md'} exists and" in result.stderr
    assert "neither read nor replaced" in result.stderr
    assert "Traceback" not in result.stderr
    assert _state(url_project / "notes.md") == before


def _state(path: Path) -> object:
    if path.is_symlink():
        return str(path.readlink())
    if path.is_file():
        return path.read_bytes()
    return stat.S_IFMT(path.lstat().st_mode)


def test_a_url_cache_is_written_where_there_is_none_or_one_of_filmlints(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    user_folder = tmp_path / "notes"
    user_folder.mkdir()
    for path in (tmp_path / "made" / "by" / "filmlint" / "urls.json", user_folder / "urls.json"):
        store_broken(path)  # none there: written
        store_broken(path)  # filmlint's own there: replaced
        assert url_cache_entries(path) != {}
    assert (tmp_path / "made" / "by" / "filmlint" / TAG_NAME).is_file()
    assert not (tmp_path / "made" / "by" / TAG_NAME).exists()
    assert sorted(p.name for p in user_folder.iterdir()) == ["urls.json"]  # not tagged


@pytest.mark.parametrize(
    "written", ["missing/../urls.json", "a/b/../../urls.json", "made/../urls.json", "./urls.json"]
)
def test_a_url_cache_through_dot_dot_is_written_where_its_path_leads_and_nothing_else(
    tmp_path: Path, keys: dict[str, Path], written: str
) -> None:
    """A folder named before a ``..`` is not made: the path leads past it."""
    site = tmp_path / "site"
    (site / "made").mkdir(parents=True)
    store_broken(site / written)
    assert url_cache_entries(site / "urls.json") != {}
    assert sorted(p.name for p in site.iterdir()) == ["made", "urls.json"]
    assert list((site / "made").iterdir()) == []


@pytest.mark.parametrize("version", [1, 2])
def test_a_url_cache_of_an_earlier_version_is_replaced_and_not_believed(
    tmp_path: Path, keys: dict[str, Path], version: int
) -> None:
    """Version 2's entries did not say whether they were found at a non-public address."""
    path = tmp_path / "urls.json"
    entry = {"status": "ok", "detail": "200 OK", "checked": time.time()}
    if version > 1:  # sealed as that version sealed it
        entry["seal"] = seal(user_key(), _sealed_bytes(URL, entry))
    earlier = {"format": "filmlint-url-cache", "version": version, "urls": {URL: entry}}
    if version == 1:
        earlier = {"version": 1, "urls": {URL: entry}}
    path.write_text(json.dumps(earlier, indent=1), encoding="utf-8")
    assert url_cache_entries(path) == {}
    store_broken(path)
    assert url_cache_entries(path)[URL].status == "broken"


def test_a_file_put_there_meanwhile_is_not_replaced(tmp_path: Path, keys: dict[str, Path]) -> None:
    path = tmp_path / "urls.json"
    cache = url_cache(path)
    cache.load()
    cache.put(URL, Outcome("ok", "200 OK", time.time()))
    path.write_text("# notes written while the URLs were being checked\n")
    with pytest.raises(CacheRefused):
        cache.save()
    assert path.read_text().startswith("# notes")
