"""What names a file's cached result, and the shortcut that finds it without reading the file.

A key (``CacheKeys.key``) hashes everything a file's result depends on; a context
(``CacheKeys.context``) hashes everything that maps a path, as named, to what its result
depends on besides the file's bytes. Within one context the result cache records each
path's size, change time (``changed_ns``) and last key, so an unchanged file is not even
read; and for a group of files (``CacheKeys.run_key``), the digest of what its files were
(``group_state``) with the group's diagnostics after the run phase, so a warm run over
unchanged files neither looks up their results nor runs the run phase again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stats
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from filmlint.engine.paths import PathPolicy
from filmlint.engine.results import FileResult, Seen
from filmlint.engine.settings import Config, RuleSettings
from filmlint.rulekit.kept_text import FileBytes, digest

if TYPE_CHECKING:  # the cache module is loaded by a run that uses it
    from filmlint.engine.cache import KeyOf, Record, ResultCache

#: Hex digits of a key's first digest (``CacheKeys.key``): 128 bits.
_PREFIX_DIGITS = 32
#: A file changed this recently may change again within the clock's resolution unseen, so
#: its size and time are not trusted to stand for its content (git's "racy" files).
_RACY_NS = 2_000_000_000

#: Reads a file, given what ``os.stat`` said of it just before (None: it failed): its bytes,
#: or the result that reports why they cannot be read.
Reader = Callable[[str | Path, "os.stat_result | None"], "bytes | FileResult"]
#: Bumped when what filmlint's own rules gather changes shape (a cached result holds it):
#: a result gathered in another shape is then never read. 6: translation-mismatch keeps
#: each file's front matter instead of its fields' places; 7: translation-missing gathers
#: no paths (its ``finish`` asks ``RunContext.versions``); 8: a value kept without its
#: file's text counts the tail in characters, and checks the digest of the file's bytes;
#: 9: the translation rules gather at the front matter as a whole, placed at its opening;
#: 10: a reference says whether it is ``reported`` (the translation rules gather from a file
#: that turns them off); 11: a number as the translation key names a set (it named none);
#: 12: a result keeps the problems it silences (``FileResult.silenced``).
GATHERED_SHAPE = 12


class CacheKeys:
    """Cache keys and contexts for one linter's configuration, rules and schema."""

    def __init__(
        self,
        config: Config,
        settings: RuleSettings,
        schema_digest: str | None,
        paths: PathPolicy,
        gather_options: Mapping[str, Mapping[str, Any] | None] | None = None,
    ) -> None:
        self._config = config
        self._gather_options = gather_options or {}
        self._settings = settings
        self._schema_digest = schema_digest
        self._paths = paths
        self._contexts: dict[str, str] = {}
        self._prefixes: dict[tuple[str, frozenset[str]], str] = {}

    @cached_property
    def settings_digest(self) -> str:
        """A hash of what every file's result depends on: filmlint's version, the rules that
        run (with their plugin's version), their options and severities, the schema, and what
        the run-level rules gather with this run (``Rule.gather_options``)."""
        from filmlint.version import __version__

        rules = []
        for rule in self._settings.active:
            origin = rule.origin if rule.origin == "filmlint" else _plugin_version(rule.origin)
            options = self._settings.options[rule.name]
            severity = self._settings.severity[rule.name].value
            rules.append([rule.name, rule.code, origin, options, severity])
        parts: list[Any] = [__version__, GATHERED_SHAPE, rules, self._schema_digest]
        if self._gather_options:
            parts.append(self._gather_options)
        text = json.dumps(parts, sort_keys=True, default=_stable)
        return hashlib.sha256(text.encode()).hexdigest()

    @cached_property
    def run_reproducible(self) -> bool:
        """Whether the run phase gives the same diagnostics whenever the files are the same
        (``group_state``): its rules are filmlint's own, whose ``finish`` reads only what was
        gathered and which versions of a file exist; and none gathers with options of this
        run (``url-reachable`` online, or offline with answers to report: answers age, and
        the network changes)."""
        return all(
            rule.origin == "filmlint" for rule in self._settings.active if rule.finish
        ) and all(options is None for options in self._gather_options.values())

    def run_key(self, collection: str | None) -> str:
        """Names a group's run entry: this context (in the current folder) and the group's
        collection (two collections may have the same settings)."""
        text = json.dumps([self.context(), collection])
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def key(self, path: str, file_digest: str) -> str:
        """Names a file's cached result, with its path as named (rules and diagnostics see
        it: the cache keeps each result under its path and key): the digest of what the
        path decides under this run's settings, then the digest of the file's bytes.

        The first covers the run's settings (``settings_digest``), what the path decides
        (locale, per-file-ignores: both worked out from the path as named, which depends on
        the working folder too, as ``context`` does; not through its symlinks)
        and the front-matter key that may name the locale instead (its value is in the
        bytes). The second is ``kept_text.digest``: a value kept without its file's text is
        checked against the same digest.
        """
        return self.key_of(path)(file_digest)

    def key_of(self, path: str) -> KeyOf:
        """``key`` for ``path``, given the digest later: what the path decides is resolved
        now, while the working folder is the one the file was linted from. Its digest is
        made once for each locale and set of rules ignored (a run has a few), not for each
        file: the key is then that digest followed by the file's."""
        decided = (self._paths.locale_of(path) or "", self._paths.ignored_for(path))
        prefix = self._prefixes.get(decided)
        if prefix is None:
            locale, ignored = decided
            key = self._config.locale_key or ""
            # NUL separates the parts: no tag, key or rule name holds one.
            parts = f"{self.settings_digest}\0{locale}\0{key}\0{','.join(sorted(ignored))}"
            digest = hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()
            prefix = self._prefixes[decided] = digest[:_PREFIX_DIGITS]
        return prefix.__add__

    def context(self) -> str:
        """A hash of all that maps a path, as named, to what its result depends on besides
        the file's bytes (``key``): the settings, the locale, per-file-ignores and size
        limit configured, and the folders that relative paths and globs are resolved from.
        Within one context a path alone names the file's last known key."""
        cwd = os.getcwd()  # noqa: PTH109 (a library's caller may change it between runs)
        context = self._contexts.get(cwd)
        if context is None:
            config = self._config
            parts = [
                self.settings_digest,
                config.locale_default,
                sorted(config.locale_suffixes.items()),
                sorted(config.locale_folders.items()),
                config.locale_key,
                config.per_file_ignores,
                config.max_file_size,  # a file over it is not read, whatever its last result
                self._paths.resolved_root,
                cwd,
            ]
            text = json.dumps(parts, default=repr)
            context = self._contexts[cwd] = hashlib.sha256(text.encode()).hexdigest()
        return context

    def settled(self, path: str | Path, cache: ResultCache) -> FileResult | None:
        """The file's cached result when its size and change time are those recorded
        for its path in this run context (``lookup``'s first step): found without reading the
        file; None otherwise."""
        name = str(path)
        stat = _stat(name)
        return None if stat is None else self._settled(name, stat, cache, self.context())

    def lookup(self, path: str | Path, cache: ResultCache, read: Reader) -> FileResult | Fresh:
        """The file's cached result, or what linting it needs when it has none.

        A file whose size and change time (``changed_ns``) are those recorded for its path in
        this run context is not even read (as git does); a change of either makes it read and
        hashed again.
        """
        name = str(path)
        context = self.context()
        stat = _stat(name)
        # A cold run's database is its own: nothing in it to find, by time or by key.
        finding = cache.has_results()
        if finding and stat is not None:
            result = self._settled(name, stat, cache, context)
            if result is not None:
                return result
        raw = read(path, stat)  # the stat is not made twice
        if isinstance(raw, FileResult):
            return raw
        seen = record = None
        if stat is not None:
            seen = _seen(stat)
            changed = changed_ns(stat)
            if _settled(changed):
                record = (context, changed, stat.st_size)
        fresh = Fresh(raw, name, self.key_of(name), seen, record)
        if not finding:  # the key is made when the result is kept
            return fresh
        file = FileBytes(raw, digest(raw))
        key = fresh.key_of(file.digest)
        result = cache.get(key, name, file, record)
        if result is None:
            return fresh._replace(digest=file.digest)  # not made again when it is kept
        result.seen = seen  # a result just decoded, no one else's
        return result

    def _settled(
        self, name: str, stat: os.stat_result, cache: ResultCache, context: str
    ) -> FileResult | None:
        result = cache.settled_result(context, name, changed_ns(stat), stat.st_size)
        if result is not None:
            result.seen = _seen(stat)  # a result just decoded, no one else's
        return result


class Fresh(NamedTuple):
    """A file the cache has no result for (a ``cache.NewFile``): its bytes, its path as
    named, what makes the key of its result from their digest, what it was when looked up
    (``FileResult.seen``), what the cache is to record of it with its result (None: not
    settled, or not a file), and the digest when the lookup made it (None: made when the
    result is kept)."""

    raw: bytes
    path: str
    key_of: KeyOf
    seen: Seen | None
    record: Record | None
    digest: str | None = None


def _seen(stat: os.stat_result) -> Seen | None:
    if not stats.S_ISREG(stat.st_mode):
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def _stat(name: str) -> os.stat_result | None:
    try:
        return os.stat(name)  # noqa: PTH116 (pathlib's stat is slower)
    except OSError:
        return None


def group_state(
    names: Sequence[str], context: Sequence[str], versions: Sequence[str]
) -> str | None:
    """A digest of what a group's files are, as the stat shortcut sees them: for each file
    (named, then read for context) its path, inode, size, modification and change times
    (a change of mode, say, makes an unreadable file readable); for each other language
    version of them, whether it is a regular file, something else or nothing (the run phase
    names the missing ones, and which exist decides the context). The files stat'ed now.

    None when a file is not a settled regular file: one modified within the clock's
    resolution may change again unseen, and what is not a regular file (a folder the walk
    could not list, a FIFO) is not described by its times."""
    clock = time.time_ns()
    seen = {path: _seen_now(path) for path in (*names, *context)}
    return state_of(names, context, version_kinds(versions), seen, clock)


def version_kinds(versions: Sequence[str]) -> list[tuple[str, str]]:
    """Each of ``versions`` with what it is now, for ``state_of``: a regular file ("f"),
    something else ("o") or nothing ("-")."""
    return [(path, _kind(path)) for path in versions]


def state_of(
    names: Sequence[str],
    context: Sequence[str],
    kinds: Sequence[tuple[str, str]],
    seen: Mapping[str, Seen | None],
    clock: int,
) -> str | None:
    """``group_state`` from what each file was (``seen``, by path) when stat'ed, each after
    ``clock`` (``time.time_ns()``) and before it was read, and what each other version was
    before any was read (``version_kinds``): a file changed since is described as it was,
    which the next run finds changed."""
    settled_before = clock - _RACY_NS
    parts: list[str] = [str(len(names)), str(len(context))]
    for path in (*names, *context):
        found = seen.get(path)
        if found is None:
            return None
        inode, size, mtime_ns, ctime_ns = found
        if mtime_ns >= settled_before or ctime_ns >= settled_before:
            return None
        parts.append(f"{path}\0{inode}\0{size}\0{mtime_ns}\0{ctime_ns}")
    parts.append(str(len(kinds)))
    for path, kind in kinds:
        parts += path, kind
    # NUL separates the parts: no path holds one.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _seen_now(path: str) -> Seen | None:
    try:
        return _seen(os.stat(path))  # noqa: PTH116 (pathlib's stat is slower)
    except OSError:
        return None


def _kind(path: str) -> str:
    try:
        mode = os.stat(path).st_mode  # noqa: PTH116
    except OSError:
        return "-"
    return "f" if stats.S_ISREG(mode) else "o"


def _stable(value: Any) -> Any:
    """A value JSON cannot spell, spelt the same in every run (a set's order is not)."""
    return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else repr(value)


def changed_ns(stat: os.stat_result) -> int:
    """When a file last changed: its status change time where a write sets it and nothing
    can set it back (``touch -r`` puts back the modification time of an edited file, and the
    size may stay), else (Windows, where it is the creation time) its modification time."""
    return stat.st_ctime_ns if os.name == "posix" else stat.st_mtime_ns


def _settled(changed: int) -> bool:
    return time.time_ns() - changed > _RACY_NS


def _plugin_version(distribution: str) -> str:
    """The installed version of a plugin's distribution (importlib.metadata: only then)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{distribution} {version(distribution)}"
    except PackageNotFoundError:
        return distribution
