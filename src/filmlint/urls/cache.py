"""The on-disk cache of URL outcomes: one JSON file, read once per run, written atomically.

Entries expire per result class (``ttl-hours``). A damaged file is read as empty (the caller
is told why) and replaced at the next write. Writing merges with what is on disk then, so two
runs that finish close together both keep their results.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from filmlint.text.atomic import write_atomically
from filmlint.urls.outcome import Outcome

FORMAT_VERSION = 1
HOUR = 3600.0


class CacheError(Exception):
    """The cache file exists but cannot be read as a cache."""


class UrlCache:
    def __init__(self, path: Path, ttl_hours: Mapping[str, float]) -> None:
        self.path = path
        self._ttl = {key: hours * HOUR for key, hours in ttl_hours.items()}
        self._entries: dict[str, Outcome] = {}
        self._new: dict[str, Outcome] = {}

    def load(self) -> None:
        """Read the file (a missing one is an empty cache); CacheError when it is damaged."""
        self._entries = _read(self.path)

    def fresh(self, url: str, now: float | None = None) -> Outcome | None:
        """The stored outcome of ``url`` if its time to live has not run out."""
        outcome = self._entries.get(url)
        if outcome is None or outcome.status == "refused":
            return None
        age = (time.time() if now is None else now) - outcome.checked
        return outcome if 0 <= age < self._ttl.get(outcome.ttl_key, 0.0) else None

    def put(self, url: str, outcome: Outcome) -> None:
        if outcome.status != "refused":  # depends on this run's resolver and options
            self._entries[url] = outcome
            self._new[url] = outcome

    def save(self) -> None:
        """Write the new outcomes, merged into the file as it is now, atomically."""
        if not self._new:
            return
        try:
            merged = _read(self.path)
        except CacheError:
            merged = {}
        for url, outcome in self._new.items():
            old = merged.get(url)
            if old is None or old.checked <= outcome.checked:
                merged[url] = outcome
        now = time.time()
        longest = max(self._ttl.values(), default=0.0)
        kept = {url: o for url, o in merged.items() if now - o.checked < longest}
        _write(self.path, _dump(kept.items()))
        self._new.clear()


def _read(path: Path) -> dict[str, Outcome]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise CacheError(f"cannot read {path}: {error}") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise CacheError(f"{path} is not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise CacheError(f"{path} is not a filmlint URL cache (version {FORMAT_VERSION})")
    urls = data.get("urls")
    if not isinstance(urls, dict):
        raise CacheError(f"{path} has no 'urls' table")
    entries = {}
    for url, stored in urls.items():
        outcome = Outcome.from_json(stored)
        if outcome is not None:
            entries[url] = outcome
    return entries


def _dump(entries: Iterable[tuple[str, Outcome]]) -> str:
    urls = {url: outcome.to_json() for url, outcome in sorted(entries)}
    return json.dumps({"version": FORMAT_VERSION, "urls": urls}, indent=1, ensure_ascii=False)


def _write(path: Path, text: str) -> None:
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
        # As pytest does for its cache: the folder keeps itself out of git.
        (path.parent / ".gitignore").write_text("# created by filmlint\n*\n", encoding="utf-8")
    write_atomically(path, (text + "\n").encode("utf-8"))
