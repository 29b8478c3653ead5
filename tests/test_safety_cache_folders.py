"""A cache folder is one filmlint made: it never tags, writes into or cleans a user's folder."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID, examples, run_cli, throwaway_folder
from filmlint.engine.cache import DATABASE, CacheError, ResultCache
from filmlint.engine.cache_cleaning import clean
from filmlint.engine.cache_keys import Fresh
from filmlint.engine.linter import FileResult
from filmlint.text.owned_files import KEY_FOLDER_VARIABLE, TAG, TAG_NAME, is_owned_folder
from filmlint.urls.cache import LOCK_TEXT, lock_path


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_FOLDER_VARIABLE, str(throwaway_folder(tmp_path_factory, "key")))


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every path under ``root``: a file's bytes, a symlink's target, a folder's mark."""
    found: dict[str, bytes | str] = {}
    for current, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(current, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = f"-> {path.readlink()}"
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


def project(tmp_path: Path, cache_dir: str) -> Path:
    """A project whose configuration names ``cache-dir``, with films and other user files."""
    root = tmp_path / "outer" / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "alien.md").write_text(VALID, encoding="utf-8")
    (root / "content" / "notes.txt").write_text("mine\n", encoding="utf-8")
    (root / "filmlint.toml").write_text(f"cache-dir = {cache_dir!r}\n", encoding="utf-8")
    return root


def _user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "diary.txt").write_text("private\n", encoding="utf-8")
    return folder


def _symlink_to_user_folder(tmp_path: Path) -> str:
    target = _user_folder(tmp_path)
    (tmp_path / "outer" / "project" / "link").symlink_to(target, target_is_directory=True)
    return "link"


def _symlink_to_a_cache(tmp_path: Path) -> str:
    """A link (as a clone could bring) to a folder that filmlint did make."""
    cache = tmp_path / "someone-elses-cache"
    cache.mkdir()
    (cache / TAG_NAME).write_text(TAG, encoding="utf-8")
    (cache / "diary.txt").write_text("private\n", encoding="utf-8")
    assert is_owned_folder(cache)
    (tmp_path / "outer" / "project" / "link").symlink_to(cache, target_is_directory=True)
    return "link"


def _symlink_to_the_project(tmp_path: Path, then: str) -> str:
    """``then`` after a link to the project, from a folder beside the project's."""
    (tmp_path / "outer" / "side").mkdir()
    (tmp_path / "outer" / "side" / "link").symlink_to(
        tmp_path / "outer" / "project", target_is_directory=True
    )
    return f"../side/link{then}"


def _repository(tmp_path: Path) -> str:
    (tmp_path / "outer" / "project" / ".git").mkdir()
    (tmp_path / "outer" / "project" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return "."


def _with_a_tag_that_is_a_symlink(tmp_path: Path) -> str:
    real_tag = tmp_path / "tag"
    real_tag.write_text(TAG, encoding="utf-8")
    (tmp_path / "outer" / "project" / "content" / TAG_NAME).symlink_to(real_tag)
    return "content"


#: Folders a user has, as ``cache-dir`` may name them (made once the project exists), and
#: the folder each spelling names, from ``tmp_path``, as messages name it: through ``..``
#: and links, but a link as the last name is not followed (and never filmlint's).
USER_FOLDERS: dict[str, tuple[Callable[[Path], str], str]] = {
    "the config's folder": (lambda tmp_path: ".", "outer/project"),
    "the config's folder, spelled ./": (lambda tmp_path: "./", "outer/project"),
    "the config's folder, absolute": (
        lambda tmp_path: str(tmp_path / "outer" / "project"),
        "outer/project",
    ),
    "the config's folder, through a missing folder": (lambda tmp_path: "nodir/..", "outer/project"),
    "the folder above": (lambda tmp_path: "..", "outer"),
    "the folder above, with a trailing slash": (lambda tmp_path: "../", "outer"),
    "two folders above": (lambda tmp_path: "../..", "."),
    "the films": (lambda tmp_path: "content", "outer/project/content"),
    "the films, with a trailing slash": (lambda tmp_path: "content/", "outer/project/content"),
    "the films, spelled content/.": (lambda tmp_path: "content/.", "outer/project/content"),
    "the films, through the films": (
        lambda tmp_path: "content/../content",
        "outer/project/content",
    ),
    "the films, through a missing folder in them": (
        lambda tmp_path: "content/drafts/..",
        "outer/project/content",
    ),
    "the films, through missing folders": (
        lambda tmp_path: "a/b/../../content//",
        "outer/project/content",
    ),
    "the films, absolute, through a missing folder": (
        lambda tmp_path: str(tmp_path / "outer" / "project" / "nodir" / ".." / "content"),
        "outer/project/content",
    ),
    "the films, beyond the project, through a missing folder": (
        lambda tmp_path: "../nodir/../project/content",
        "outer/project/content",
    ),
    "an absolute path to a user folder": (
        lambda tmp_path: str(_user_folder(tmp_path)),
        "elsewhere",
    ),
    "a user folder, through a missing folder": (
        lambda tmp_path: str(_user_folder(tmp_path) / "nodir" / ".."),
        "elsewhere",
    ),
    "a symlink to a user folder": (_symlink_to_user_folder, "outer/project/link"),
    "a symlink to a user folder, with a trailing slash": (
        lambda tmp_path: _symlink_to_user_folder(tmp_path) + "/",
        "outer/project/link",
    ),
    "a symlink to a cache filmlint made": (_symlink_to_a_cache, "outer/project/link"),
    "a symlink to the project": (
        lambda tmp_path: _symlink_to_the_project(tmp_path, ""),
        "outer/side/link",
    ),
    "the films, through a symlink to the project": (
        lambda tmp_path: _symlink_to_the_project(tmp_path, "/content"),
        "outer/project/content",
    ),
    # Through the link, ".." leads above the project: where the system goes, not back to
    # the folder that holds the link, as cancelling the two names would.
    "the folder above the project, through a symlink to it": (
        lambda tmp_path: _symlink_to_the_project(tmp_path, "/.."),
        "outer",
    ),
    "the project, through a symlink to it and a missing folder": (
        lambda tmp_path: _symlink_to_the_project(tmp_path, "/nodir/.."),
        "outer/project",
    ),
    "a folder holding .git": (_repository, "outer/project"),
    "a folder whose tag is a symlink": (_with_a_tag_that_is_a_symlink, "outer/project/content"),
}


@pytest.mark.parametrize("make, named", USER_FOLDERS.values(), ids=USER_FOLDERS.keys())
def test_a_user_folder_is_never_tagged_written_or_cleaned(
    tmp_path: Path, make: Callable[[Path], str], named: str
) -> None:
    """However ``cache-dir`` spells it: the folder it names is judged, not the spelling (a
    path through a missing folder and ``..`` was judged absent, then that folder made)."""
    root = project(tmp_path, "placeholder")
    cache_dir = make(tmp_path)
    (root / "filmlint.toml").write_text(f"cache-dir = {cache_dir!r}\n", encoding="utf-8")
    watched = tmp_path
    before = snapshot(watched)

    checked = run_cli("check", "content", cwd=root)
    assert checked.returncode == 2, checked.stderr
    assert checked.stdout == ""
    assert "cache-dir:" in checked.stderr
    assert "is not a cache folder filmlint made" in checked.stderr
    assert f": {os.path.normpath(tmp_path / named)} exists" in checked.stderr
    assert snapshot(watched) == before

    cleaned = run_cli("clean", cwd=root)
    assert cleaned.returncode == 2
    assert "is not a filmlint cache" in cleaned.stderr
    assert snapshot(watched) == before

    # --no-cache neither reads nor writes the folder, so the run goes on.
    assert run_cli("check", "--no-cache", "content", cwd=root).returncode == 0
    assert snapshot(watched) == before


def _link_to_a_user_folder(tmp_path: Path) -> None:
    (tmp_path / "outer" / "project" / "link").symlink_to(
        _user_folder(tmp_path), target_is_directory=True
    )


#: ``cache-dir`` spellings of a folder that does not exist yet, through ``..``, ``.`` and
#: links: the folder made (from ``tmp_path``), and only it and the missing folders above it
#: (none of those the spelling leaves by ``..``). By case: what to make first (or None), the
#: spelling, the folder made, and the folders made above it.
MISSING_FOLDERS: dict[str, tuple[Callable[[Path], None] | None, str, str, tuple[str, ...]]] = {
    "plain": (None, "lint-cache", "outer/project/lint-cache", ()),
    "with a trailing slash": (None, "lint-cache/", "outer/project/lint-cache", ()),
    "with a dot": (None, "./lint-cache/.", "outer/project/lint-cache", ()),
    "through a missing folder": (None, "nodir/../lint-cache", "outer/project/lint-cache", ()),
    "through missing folders in the films": (
        None,
        "content/drafts/old/../../../lint-cache",
        "outer/project/lint-cache",
        (),
    ),
    "in a missing folder, through another": (
        None,
        "a/../build/lint-cache",
        "outer/project/build/lint-cache",
        ("outer/project/build",),
    ),
    "above the project": (None, "../lint-cache", "outer/lint-cache", ()),
    "absolute, through a missing folder": (
        None,
        "{tmp_path}/outer/nodir/../lint-cache",
        "outer/lint-cache",
        (),
    ),
    # The link's target is where "link/.." leads: beside the user's folder, not in the
    # project that holds the link.
    "through a link, then up": (
        _link_to_a_user_folder,
        "link/../lint-cache",
        "lint-cache",
        (),
    ),
    "in a linked folder": (_link_to_a_user_folder, "link/lint-cache", "elsewhere/lint-cache", ()),
}


@pytest.mark.parametrize(
    "make, cache_dir, made, above", MISSING_FOLDERS.values(), ids=MISSING_FOLDERS.keys()
)
def test_a_missing_folder_is_made_where_its_path_leads_and_nothing_else(
    tmp_path: Path,
    make: Callable[[Path], None] | None,
    cache_dir: str,
    made: str,
    above: tuple[str, ...],
) -> None:
    root = project(tmp_path, cache_dir.format(tmp_path=tmp_path))
    if make is not None:
        make(tmp_path)
    before = snapshot(tmp_path)
    assert run_cli("check", "content", cwd=root).returncode == 0
    cache = tmp_path / made
    new = {path: found for path, found in snapshot(tmp_path).items() if path not in before}
    assert sorted(new) == sorted(
        [
            *above,
            made,
            f"{made}/{TAG_NAME}",
            f"{made}/.gitignore",
            *(
                f"{made}/{DATABASE}{suffix}"
                for suffix in ("", "-wal", "-shm")
                if (cache / f"{DATABASE}{suffix}").exists()
            ),
        ]
    )
    assert (cache / DATABASE).is_file()
    assert run_cli("check", "content", cwd=root).returncode == 0  # used again
    assert run_cli("clean", cwd=root).stdout == f"removed {cache}\n"
    assert not cache.exists()


def test_a_missing_folder_is_made_and_tagged_but_not_its_parents(tmp_path: Path) -> None:
    root = project(tmp_path, "build/lint/cache")
    assert run_cli("check", "content", cwd=root).returncode == 0
    cache = root / "build" / "lint" / "cache"
    assert (cache / TAG_NAME).read_text() == TAG
    assert (cache / ".gitignore").read_text() == "*\n"
    assert (cache / DATABASE).is_file()
    for parent in (root / "build", root / "build" / "lint"):
        assert sorted(p.name for p in parent.iterdir()) == sorted(
            ["lint"] if parent.name == "build" else ["cache"]
        )
    assert run_cli("clean", cwd=root).stdout == f"removed {cache}\n"
    assert not cache.exists()
    assert (root / "build" / "lint").is_dir()  # made on the way, but not filmlint's to remove


def test_a_folder_made_by_filmlint_is_used_again(tmp_path: Path) -> None:
    root = project(tmp_path, ".filmlint_cache")
    for _ in range(2):
        assert run_cli("check", "content", cwd=root).returncode == 0
    assert sorted(p.name for p in (root / ".filmlint_cache").iterdir()) == [
        ".gitignore", "CACHEDIR.TAG", DATABASE
    ]  # fmt: skip


def test_a_folder_made_by_an_earlier_url_cache_is_filmlints(tmp_path: Path) -> None:
    """Earlier versions' URL cache marked its folder with this .gitignore only."""
    root = project(tmp_path, ".filmlint_cache")
    (root / ".filmlint_cache").mkdir()
    (root / ".filmlint_cache" / ".gitignore").write_text("# created by filmlint\n*\n")
    assert run_cli("check", "content", cwd=root).returncode == 0
    assert run_cli("clean", cwd=root).returncode == 0
    assert not (root / ".filmlint_cache").exists()


def test_clean_removes_only_what_filmlint_wrote(tmp_path: Path) -> None:
    root = project(tmp_path, ".filmlint_cache")
    assert run_cli("check", "content", cwd=root).returncode == 0
    cache = root / ".filmlint_cache"
    (cache / "urls.json").write_text('{\n "format": "filmlint-url-cache",\n "urls": {}}\n')
    (cache / "v2-00000000000000000001-7.pack").write_bytes(b"an older format's pack")
    (cache / "v3-00000000000000000004-7.pack").write_bytes(b"the previous format's pack")
    (cache / f".v3-00000000000000000002-7.pack.{os.getpid()}-0.tmp").write_bytes(b"cut")
    (cache / "results-v3.sqlite").write_bytes(b"an older format's database")
    for suffix in ("-wal", "-shm", "-journal"):  # what SQLite leaves beside a database
        (cache / f"{DATABASE}{suffix}").write_bytes(b"")
    (cache / "mine.txt").write_text("kept\n", encoding="utf-8")
    (cache / "sub").mkdir()
    (cache / "sub" / "v3-00000000000000000003-7.pack").write_bytes(b"not at the top")

    # The URL cache is slow to build again politely: only --all removes it.
    kept_urls = run_cli("clean", cwd=root)
    assert kept_urls.returncode == 0
    assert kept_urls.stdout == (
        f"removed filmlint's files from {cache}; kept the folder, which holds: mine.txt, sub, "
        "urls.json\nkept the URL cache; 'filmlint clean --all' removes it too\n"
    )
    assert (cache / "urls.json").is_file()
    cleaned = run_cli("clean", "--all", cwd=root)
    assert cleaned.returncode == 0
    assert (
        cleaned.stdout
        == f"removed filmlint's files from {cache}; kept the folder, which holds: mine.txt, sub\n"
    )
    assert sorted(p.name for p in cache.iterdir()) == [TAG_NAME, "mine.txt", "sub"]
    assert (cache / "sub" / "v3-00000000000000000003-7.pack").is_file()


#: File names a user might keep in a cache folder; none of them is one filmlint writes.
# fmt: off
USER_NAMES = st.sampled_from(
    [
        "notes.md", "urls.json", "v3.pack", "v3-1-2.pack.bak", "x.tmp", ".x.tmp", "pack",
        "CACHEDIR", "results.sqlite", f"{DATABASE}.bak", f"{DATABASE}-wal.1", "results-v4.db",
        # shaped as a temporary file of an atomic write, but of no file filmlint writes here
        ".notes.2024-05.tmp", ".x.1-2.tmp", ".urls.json.bak.12-0.tmp", ".mine.pack.3-4.tmp",
    ]
)
# fmt: on
#: Contents, including what filmlint writes in files of other names.
USER_CONTENTS = st.sampled_from([b"", b"*\n", TAG.encode(), b"{}", b'{"version": 1, "urls": {}}'])


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(files=st.dictionaries(USER_NAMES, USER_CONTENTS, max_size=5))
def test_clean_keeps_every_file_a_user_put_in_a_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, bytes]
) -> None:
    folder = throwaway_folder(tmp_path_factory, "project") / "cache"
    cache = ResultCache(folder)
    cache.load()
    cache.put(FileResult([]), Fresh(b"", "film.md", lambda digest: "key", None, None))
    cache.save()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    cleaned = clean(folder)
    assert cleaned is not None
    assert {p.name: p.read_bytes() for p in cleaned.kept} == files
    assert not (folder / DATABASE).exists()
    assert folder.exists() == bool(files)


def test_clean_of_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    assert clean(tmp_path / "nothing") is None
    with pytest.raises(CacheError):
        clean(tmp_path)


def write_url_cache(path: Path) -> None:
    """A URL cache as an online run writes it: its folder made and tagged when missing."""
    from filmlint.urls.cache import UrlCache
    from filmlint.urls.outcome import Outcome

    cache = UrlCache(path, {"broken": 24.0})
    cache.put("https://films.example/gone", Outcome("broken", "404 Not Found", time.time()))
    cache.save()


def url_project(tmp_path: Path, cache: str, collection_cache: str | None = None) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "alien.md").write_text(VALID, encoding="utf-8")
    config = f"[rules.url-reachable]\ncache = {cache!r}\n"
    if collection_cache is not None:
        config += (
            '[collections.films]\ninclude = ["content/**"]\n'
            f"[collections.films.rules.url-reachable]\ncache = {collection_cache!r}\n"
        )
    (root / "filmlint.toml").write_text(config, encoding="utf-8")
    return root


#: (case, cache option, what the project holds besides the URL cache, the paths removed, the
#: stdout lines after the result cache's): where the URL cache may be, and what else is there.
URL_CACHE_PLACES: list[tuple[str, str, Callable[[Path], None], list[str], list[str]]] = [
    (
        "folder filmlint made",
        "data/urls.json",
        lambda root: None,
        ["data"],
        ["removed {root}/data"],
    ),
    (
        "deeper folder filmlint made",
        "a/b/urls.json",
        lambda root: None,
        ["a/b"],
        ["removed {root}/a/b"],
    ),
    (
        "the project's folder",
        "urls.json",
        lambda root: None,
        ["urls.json", ".urls.json.lock"],
        ["removed {root}/urls.json", "removed {root}/.urls.json.lock"],
    ),
    (
        "a user's folder",
        "mine/urls.json",
        lambda root: (root / "mine").mkdir() or (root / "mine" / "diary.txt").write_text("x"),
        ["mine/urls.json", "mine/.urls.json.lock"],
        ["removed {root}/mine/urls.json", "removed {root}/mine/.urls.json.lock"],
    ),
    (
        "a tagged folder with a user's file",
        "data/urls.json",
        lambda root: (
            write_url_cache(root / "data" / "x.json")
            or (root / "data" / "diary.txt").write_text("x")
        ),
        ["data/urls.json", "data/x.json", "data/.urls.json.lock", "data/.gitignore"],
        ["removed filmlint's files from {root}/data; kept the folder, which holds: diary.txt"],
    ),
]


@pytest.mark.parametrize(
    ("cache", "before", "removed", "said"),
    [case[1:] for case in URL_CACHE_PLACES],
    ids=[case[0] for case in URL_CACHE_PLACES],
)
def test_clean_all_removes_the_url_cache_where_the_configuration_puts_it(
    tmp_path: Path,
    cache: str,
    before: Callable[[Path], None],
    removed: list[str],
    said: list[str],
) -> None:
    root = url_project(tmp_path, cache)
    before(root)
    write_url_cache(root / cache)
    lock_path(root / cache).write_bytes(LOCK_TEXT)  # as a killed run leaves it
    assert run_cli("check", "content", cwd=root).returncode == 0
    files = snapshot(root)
    assert run_cli("clean", cwd=root).stdout == f"removed {root / '.filmlint_cache'}\n"
    assert (root / cache).is_file()  # the URL cache is kept without --all
    cleaned = run_cli("clean", "--all", cwd=root)
    assert cleaned.returncode == 0, cleaned.stderr
    shown = [line.format(root=root) for line in said]
    assert cleaned.stdout.splitlines() == shown
    removed = [*removed, ".filmlint_cache"]  # the result cache
    gone = {key for key in files if any(key == p or key.startswith(p + "/") for p in removed)}
    assert snapshot(root) == {key: files[key] for key in files if key not in gone}
    assert not (root / ".filmlint_cache").exists()


def test_clean_all_removes_a_collections_url_cache_too(tmp_path: Path) -> None:
    root = url_project(tmp_path, "top/urls.json", collection_cache="films/urls.json")
    write_url_cache(root / "top" / "urls.json")
    write_url_cache(root / "films" / "urls.json")
    cleaned = run_cli("clean", "--all", cwd=root)
    assert cleaned.stdout == f"removed {root / 'top'}\nremoved {root / 'films'}\n"


@pytest.mark.parametrize("what", ["a user's file", "a symlink to a URL cache", "a folder"])
def test_clean_all_keeps_what_filmlint_did_not_write_where_the_url_cache_goes(
    tmp_path: Path, what: str
) -> None:
    root = url_project(tmp_path, "urls.json")
    elsewhere = tmp_path / "elsewhere.json"
    write_url_cache(elsewhere)
    if what == "a user's file":
        (root / "urls.json").write_text('{"format": "mine"}\n', encoding="utf-8")
    elif what == "a symlink to a URL cache":
        (root / "urls.json").symlink_to(elsewhere)
    else:
        (root / "urls.json").mkdir()
    # A lock-like file that filmlint did not write.
    (root / ".urls.json.lock").write_text("mine\n", encoding="utf-8")
    files = snapshot(tmp_path)
    cleaned = run_cli("clean", "--all", cwd=root)
    assert cleaned.returncode == 0
    assert cleaned.stdout == f"kept {root / 'urls.json'}: it is not a URL cache filmlint wrote\n"
    assert snapshot(tmp_path) == files
