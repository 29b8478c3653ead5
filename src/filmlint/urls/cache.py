"""The on-disk cache of URL outcomes: one JSON file, read once per run, written atomically.

Entries expire per result class (``ttl-hours``). Each entry is sealed with the user's key
(``filmlint.text.owned_files``): an entry from another machine, user or clone, or edited by
hand, counts as absent, so a committed cache cannot mark a broken URL "ok". An answer found
at a non-public address (``private``) counts as absent for a run that does not allow such
addresses, as the address guard would have refused it. A damaged file is
read as empty (the caller is told why) and replaced at the next write. Writing merges with
what is on disk then, under a lock (a file beside the cache, there only while a run writes),
so two runs that finish together both keep their results.

The file is written only where there is none yet or where one that filmlint wrote is: any
other file at that path (``cache = "notes.md"``) is neither read nor replaced (``CacheRefused``).
A missing folder for it is made, and tagged, as the result cache's is.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from filmlint.rulekit.declaration import RuleError
from filmlint.text.atomic import write_atomically
from filmlint.text.owned_files import (
    NotOwned,
    claim_folder,
    named_folder,
    seal,
    sealed_by,
    user_key,
)
from filmlint.text.reading import read_regular
from filmlint.urls.outcome import Outcome

FORMAT = "filmlint-url-cache"
#: 3: an answer found at a non-public address says so (``private``); version 2's did not, so
#: none of them can be told apart, and all are dropped.
FORMAT_VERSION = 3
HOUR = 3600.0
#: The option that names the file, for messages.
SETTING = "rules.url-reachable.cache"
#: How every URL cache filmlint wrote begins (this version's, then version 1's, unsealed):
#: a file cut short is still known as one.
_OPENINGS = (b'{\n "format": "' + FORMAT.encode() + b'"', b'{\n "version": 1,\n "urls": {')
_SEAL = "seal"
#: What a URL cache's lock file holds, to be known as filmlint's (``filmlint clean``).
LOCK_TEXT = b"filmlint: the lock of a URL cache beside it, while a run writes it\n"
#: How long a save waits for another run's to end (milliseconds, as a rule), in seconds.
LOCK_WAIT = 5.0
_LOCK_POLL = 0.01


class CacheError(Exception):
    """The cache file is filmlint's but cannot be read (damaged): it counts as empty."""


class CacheRefused(RuleError):
    """A file that filmlint did not write is where the cache should be: a configuration
    error, as the cache would replace it."""


class UrlCache:
    def __init__(
        self,
        path: Path,
        ttl_hours: Mapping[str, float],
        setting: str = SETTING,
        *,
        allow_private: bool = False,
    ) -> None:
        """``setting``: how messages name the option that gives ``path`` (with the
        configuration file it is written in, when known). ``allow_private``: whether this
        run may use answers found at non-public addresses (``allow-private-addresses``)."""
        # The folder it names: a path through ``..`` after a missing folder makes no folder.
        self.path = named_folder(path.parent) / path.name
        self.setting = setting
        self.allow_private = allow_private
        self._ttl = {key: hours * HOUR for key, hours in ttl_hours.items()}
        self._entries: dict[str, Outcome] = {}
        self._new: dict[str, Outcome] = {}

    def load(self) -> None:
        """Read the file (a missing one is an empty cache, as is one without the user's key).

        CacheError when it is damaged; CacheRefused when it is not a URL cache filmlint wrote.
        """
        self._entries = _read(self.path, self.setting)

    def fresh(self, url: str, now: float | None = None) -> Outcome | None:
        """The stored outcome of ``url`` if its time to live has not run out, and if this
        run may use it: one found at a non-public address only while they are allowed."""
        outcome = self._entries.get(url)
        if outcome is None or outcome.status == "refused":
            return None
        if outcome.private and not self.allow_private:
            return None
        age = (time.time() if now is None else now) - outcome.checked
        return outcome if 0 <= age < self._ttl.get(outcome.ttl_key, 0.0) else None

    def put(self, url: str, outcome: Outcome) -> None:
        if outcome.status != "refused":  # depends on this run's resolver and options
            self._entries[url] = outcome
            self._new[url] = outcome

    def save(self) -> None:
        """Write the new outcomes, merged into the file as it is now, atomically.

        OSError when it cannot be written; CacheRefused when a file that is not filmlint's
        took its place meanwhile.
        """
        if not self._new:
            return
        key = user_key()
        folder = self.path.parent
        if not os.path.lexists(folder):  # a dangling symlink is there too
            with contextlib.suppress(NotOwned):  # made meanwhile: a new file may go in it
                claim_folder(folder, self.setting)
        with _locked(self.path):  # a save of another run between read and replace would be lost
            try:
                merged = _read(self.path, self.setting)
            except CacheError:
                merged = {}
            for url, outcome in self._new.items():
                old = merged.get(url)
                if old is None or old.checked <= outcome.checked:
                    merged[url] = outcome
            now = time.time()
            longest = max(self._ttl.values(), default=0.0)
            kept = {url: o for url, o in merged.items() if now - o.checked < longest}
            text = _dump(kept.items(), key)
            write_atomically(self.path, (text + "\n").encode("utf-8"))
        self._new.clear()


def lock_path(path: Path) -> Path:
    """The lock file of the URL cache at ``path``, there only while a run saves it."""
    return path.with_name(f".{path.name}.lock")


def is_url_cache_lock(path: Path) -> bool:
    """Whether ``path`` is a regular file that filmlint wrote as a URL cache's lock (one a
    killed run left)."""
    try:
        return path.name.endswith(".lock") and _opening(path, len(LOCK_TEXT) + 1) == LOCK_TEXT
    except OSError:
        return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the lock of the URL cache at ``path`` while the context lasts, made beside it
    only when ``path`` is one of filmlint's or nothing (a save refuses anything else).

    Without it, as every save went before, when it cannot be had within ``LOCK_WAIT``
    seconds or at all (Windows, which has no flock; a file system without locks; something
    other than a file at its path): a save of another run at that very moment may then be
    lost, and only costs that run's URLs being asked again.
    """
    if sys.platform == "win32" or (os.path.lexists(path) and not is_url_cache(path)):
        yield
        return
    lock = lock_path(path)
    held = _take(lock, time.monotonic() + LOCK_WAIT)
    try:
        yield
    finally:
        if held is not None:
            descriptor, ours = held
            if ours:  # while still locked: a run waiting on this file then makes a new one
                with contextlib.suppress(OSError):
                    lock.unlink()
            os.close(descriptor)


def _take(lock: Path, deadline: float) -> tuple[int, bool] | None:
    """Lock the file ``lock``, made if missing, by ``deadline``: its descriptor, and whether
    it is filmlint's to remove (made by this run, or left by a killed one). None when it
    cannot be had."""
    while time.monotonic() < deadline:
        try:
            opened = _open_lock(lock)
        except OSError:  # not a regular file, or no folder that can be written
            return None
        if opened is None:  # removed meanwhile by the run that held it
            continue
        descriptor, made = opened
        try:
            if not _flock(descriptor, deadline):
                os.close(descriptor)
                return None
            # The run that held it removes it before letting go, and the next run to come
            # makes a new one, which does not wait for this: only the file still there counts.
            locked, now = os.fstat(descriptor), os.lstat(lock)
            if (now.st_dev, now.st_ino) == (locked.st_dev, locked.st_ino):
                return descriptor, made or os.pread(descriptor, len(LOCK_TEXT) + 1, 0) == LOCK_TEXT
        except FileNotFoundError:  # the lstat: removed
            pass
        except OSError:  # a file system without locks
            os.close(descriptor)
            return None
        os.close(descriptor)
    return None


def _flock(descriptor: int, deadline: float) -> bool:
    """Lock ``descriptor`` exclusively, waiting until ``deadline`` at most: whether it was."""
    import fcntl  # POSIX only; a save on Windows never gets here

    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_LOCK_POLL)


def _open_lock(lock: Path) -> tuple[int, bool] | None:
    """A descriptor of the regular file ``lock`` (never a symlink's target), and whether it
    was made just now, holding ``LOCK_TEXT``; None when it was there but is gone."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(lock, flags, 0o644)
    except FileExistsError:
        try:
            descriptor = os.open(lock, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise OSError(f"{lock} is not a regular file") from None
        return descriptor, False
    try:
        os.write(descriptor, LOCK_TEXT)
    except OSError:
        os.close(descriptor)
        lock.unlink()
        raise
    return descriptor, True


def answered_urls(path: Path) -> frozenset[str] | None:
    """The URLs the cache file at ``path`` holds an answer other than "ok" for, fresh or not
    (only those can be reported offline); empty when there is no file. None when it cannot
    be read (``UrlCache.load`` says why)."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return frozenset()
    except OSError:
        return None
    seen = (status.st_ino, status.st_size, status.st_mtime_ns)
    known = _answered.get(path)
    if known is not None and known[0] == seen:
        return known[1]
    try:
        entries = _read(path)
    except (CacheError, CacheRefused):
        return None
    answered = frozenset(url for url, outcome in entries.items() if outcome.status != "ok")
    _answered[path] = (seen, answered)
    return answered


#: What ``answered_urls`` last read from each file, with the file's inode, size and time:
#: every linter of a run (one per configuration, one per worker process) asks.
_answered: dict[Path, tuple[tuple[int, int, int], frozenset[str]]] = {}


def is_url_cache(path: Path) -> bool:
    """Whether ``path`` is a regular file that filmlint wrote as a URL cache (any version,
    damaged or not)."""
    try:
        return _opening(path, max(map(len, _OPENINGS))).startswith(_OPENINGS)
    except OSError:
        return False


def _opening(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of the regular file at ``path``; OSError for anything else."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return stream.read(size)


def _read(path: Path, setting: str = SETTING) -> dict[str, Outcome]:
    try:
        status = path.lstat()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise CacheError(f"cannot read {path}: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise _refused(path, "it is not a regular file", setting)
    try:
        raw = read_regular(path)  # a FIFO swapped in since the lstat does not block
    except OSError as error:
        raise CacheError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = json.loads(raw)
    except RecursionError:  # nested deeper than the parser's stack: no cache of ours
        raise CacheError(f"{path} is not valid JSON (nested too deep)") from None
    except ValueError as error:
        if raw.startswith(_OPENINGS):
            raise CacheError(f"{path} is not valid JSON ({error})") from None
        raise _refused(path, "it is not a URL cache filmlint wrote", setting) from None
    if not _is_ours(data):
        raise _refused(path, "it is not a URL cache filmlint wrote", setting)
    if data.get("version") != FORMAT_VERSION:
        return {}  # an earlier version's, unsealed: nothing in it can be trusted
    urls = data.get("urls")
    if not isinstance(urls, dict):
        raise CacheError(f"{path} has no 'urls' table")
    try:
        key = user_key()
    except OSError:
        return {}
    entries = {}
    for url, stored in urls.items():
        if isinstance(stored, dict):
            stored = dict(stored)
            claimed = stored.pop(_SEAL, None)
            # The seal first: what an edit put in a field is never read (a number too large
            # for a float, say).
            if isinstance(claimed, str) and sealed_by(key, _sealed_bytes(url, stored), claimed):
                outcome = Outcome.from_json(stored)
                if outcome is not None:
                    entries[url] = outcome
    return entries


def _is_ours(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if data.get("format") == FORMAT:
        return True
    return data.get("version") == 1 and isinstance(data.get("urls"), dict)


def _refused(path: Path, why: str, setting: str) -> CacheRefused:
    return CacheRefused(
        f"{setting}: {path} exists and {why}; it is neither read nor replaced: name a file "
        f"that does not exist yet"
    )


def _sealed_bytes(url: str, stored: Mapping[str, Any]) -> bytes:
    """What an entry's seal covers: its URL and its fields, in one canonical spelling (a
    lone surrogate, which only an edit can put in the file, is sealed as it is: the seal then
    fails, rather than the encoding)."""
    fields = json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{url}\0{fields}".encode("utf-8", "surrogatepass")


def _dump(entries: Iterable[tuple[str, Outcome]], key: bytes) -> str:
    urls = {}
    for url, outcome in sorted(entries):
        stored = outcome.to_json()
        urls[url] = {**stored, _SEAL: seal(key, _sealed_bytes(url, stored))}
    document = {"format": FORMAT, "version": FORMAT_VERSION, "urls": urls}
    return json.dumps(document, indent=1, ensure_ascii=False)
