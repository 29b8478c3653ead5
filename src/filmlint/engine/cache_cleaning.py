"""``filmlint clean``: remove what filmlint wrote into its cache folders (result databases,
URL caches, their locks, the folder's tag), and nothing else: a file filmlint did not write,
or a folder it did not make, is kept.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from filmlint.engine.cache import CacheError
from filmlint.text.owned_files import TAG_NAME, is_own_file, is_owned_folder, named_folder

if TYPE_CHECKING:
    from filmlint.engine.settings import Config


class Cleaned:
    """What ``clean`` did: the files it removed, and those it left (not filmlint's, or URL
    caches it was asked to keep, ``kept_urls`` says whether there were any). A plain class:
    a named tuple costs every run's start-up, for a command seldom run."""

    __slots__ = ("folder", "kept", "kept_urls", "removed")

    def __init__(
        self,
        removed: list[Path],
        kept: list[Path],
        kept_urls: bool = False,
        folder: Path | None = None,
    ) -> None:
        self.removed = removed
        self.kept = kept
        self.kept_urls = kept_urls
        #: The cache folder cleaned as a whole; None when files alone were.
        self.folder = folder


def clean(folder: Path, *, urls: bool = True) -> Cleaned | None:
    """Remove the files filmlint wrote into its cache folder (result databases and the packs
    of earlier versions, URL caches unless ``urls`` is false, the lock a killed run left beside
    one, its tag and .gitignore), and the folder once empty; None when there is no folder.

    CacheError when the folder is not one that filmlint made. Anything else found in it (a
    user's file, a subfolder) is kept, and so is the folder then.
    """
    folder = named_folder(folder)
    if not is_owned_folder(folder):
        if os.path.lexists(folder):  # a symlink is not filmlint's
            raise CacheError(
                f"{folder} is not a filmlint cache (it has no {TAG_NAME} of filmlint's); "
                f"nothing removed"
            )
        return None
    removed: list[Path] = []
    kept: list[Path] = []
    tag: list[Path] = []
    kept_urls = False
    for entry in sorted(folder.iterdir()):
        if entry.name == TAG_NAME and is_own_file(entry):
            tag.append(entry)  # last: a folder cut short by a failure stays filmlint's
        elif not urls and _is_url_cache(entry):
            kept.append(entry)
            kept_urls = True
        elif _wrote(entry):
            entry.unlink()
            removed.append(entry)
        else:
            kept.append(entry)
    if not kept:
        for entry in tag:
            entry.unlink()
            removed.append(entry)
        folder.rmdir()
    return Cleaned(removed, kept, kept_urls, folder)


def clean_url_cache(path: Path) -> Cleaned | None:
    """Remove the URL cache at ``path`` (``rules.url-reachable.cache``) if filmlint wrote it.

    In a folder filmlint made for it (tagged), as ``clean`` does there: everything filmlint
    wrote, and the folder once empty. In any other folder, the cache file alone, with the
    lock a killed run left beside it; a file at ``path`` that filmlint did not write is kept
    (``Cleaned.kept``). None when there is nothing at ``path`` nor a folder of filmlint's.
    """
    from filmlint.urls.cache import is_url_cache, is_url_cache_lock, lock_path  # cleaning only

    if is_owned_folder(path.parent):
        return clean(path.parent)
    removed: list[Path] = []
    kept: list[Path] = []
    if is_url_cache(path):  # a regular file, never a symlink's target
        path.unlink()
        removed.append(path)
    elif os.path.lexists(path):
        kept.append(path)
    lock = lock_path(path)
    if is_url_cache_lock(lock):
        lock.unlink()
        removed.append(lock)
    return Cleaned(removed, kept) if removed or kept else None


def url_cache_paths(config: Config) -> list[Path]:
    """Where ``config`` and each of its collections put url-reachable's URL cache, once
    each, in the order configured."""
    from filmlint.engine.settings import RuleSettings  # cleaning only
    from filmlint.rules import load_registry

    registry = load_registry()
    paths: dict[Path, None] = {}
    for each in (config, *(collection.config for collection in config.collections)):
        options = RuleSettings.resolve(each, registry).options.get("url-reachable")
        if options is not None:
            paths[each.root / options["cache"]] = None
    return list(paths)


def _is_url_cache(entry: Path) -> bool:
    from filmlint.urls.cache import is_url_cache  # only when cleaning

    return entry.is_file() and not entry.is_symlink() and is_url_cache(entry)


def _wrote(entry: Path) -> bool:
    """Whether ``entry``, in a cache folder of filmlint's, is a file that filmlint wrote."""
    from filmlint.urls.cache import is_url_cache, is_url_cache_lock  # only when cleaning

    if not entry.is_file() or entry.is_symlink():
        return False
    return bool(
        _written_names().fullmatch(entry.name)
        or is_own_file(entry)
        or is_url_cache(entry)
        or is_url_cache_lock(entry)
    )


@cache
def _written_names() -> re.Pattern[str]:
    """What filmlint names the files it writes in the folder: databases of any format with
    SQLite's companions, the packs of earlier formats, and the temporary files that a killed
    run left while writing one of those, the tag or the .gitignore (a URL cache's is known by
    its content); compiled only when cleaning. A name like a temporary file's but of another
    file (``.notes.2024-05.tmp``) is a user's."""
    named = r"results-v\d+\.sqlite|v\d+-\d+-\d+\.pack"
    return re.compile(
        rf"{named}|results-v\d+\.sqlite-(?:wal|shm|journal)"
        rf"|\.(?:{named}|CACHEDIR\.TAG|\.gitignore)\.\d+-\d+\.tmp"
    )
