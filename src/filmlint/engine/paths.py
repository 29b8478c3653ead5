"""What a file's path decides: its locale (from a folder of its path or its name's suffix,
unless its front matter names one), the paths of its other language versions, and the rules
that per-file-ignores turn off for it."""

from __future__ import annotations

import _thread  # its Lock, without threading's import (start-up)
import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from filmlint.engine.files import matches_any, path_from, per_file_glob
from filmlint.engine.settings import SUFFIX_SEPARATORS, Config, selected_rules, shown_path
from filmlint.rulekit.declaration import Registry
from filmlint.rulekit.langtags import is_well_formed

_Value = TypeVar("_Value")


#: Where "/" is the only separator, paths are split without os.path's functions, which cost
#: about 5k instructions a call: a run splits each of its paths three times or more.
_SLASH_ONLY = os.sep == "/" and os.altsep is None


def split_name(path: str) -> tuple[str, str, str]:
    """``os.path.split`` of ``path``, its name then split as ``os.path.splitext`` splits it:
    the folder, the stem and the extension."""
    if _SLASH_ONLY and "//" not in path:
        slash = path.rfind("/")
        # The folder as os.path.split gives it: "" for none, "/" for the root.
        folder = "" if slash < 0 else path[:slash] or "/"
        name = path[slash + 1 :]
    else:
        folder, name = os.path.split(path)
    dot = name.rfind(".")
    if dot > 0 and name[:dot].lstrip("."):  # leading dots are not an extension (``.md``)
        return folder, name[:dot], name[dot:]
    return folder, name, ""


def joined(folder: str, name: str) -> str:
    """``os.path.join(folder, name)`` of a folder from ``split_name`` and a name, or the name
    alone when there is no folder."""
    if not folder:
        return name
    if _SLASH_ONLY:
        return folder + name if folder.endswith("/") else f"{folder}/{name}"
    return os.path.join(folder, name)  # noqa: PTH118 (the same as the line above, elsewhere)


class _RecentMemo(Generic[_Value]):
    """Answers for the paths asked last. A file is asked about a few times in a row (its
    cache key, its gathering, its result): remembering only the last ones keeps memory flat
    however many files a run has, where a memo of every path would grow with them.

    A library's caller may share one linter between threads: eviction holds a lock, as two
    threads evicting at once would both pick the same oldest key."""

    __slots__ = ("_found", "_lock", "_size")

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._found: dict[str, _Value] = {}
        self._lock = _thread.allocate_lock()

    def get(self, key: str) -> _Value | None:
        return self._found.get(key)  # one dict lookup: atomic, no lock needed

    def put(self, key: str, value: _Value) -> _Value:
        with self._lock:
            if len(self._found) >= self._size:
                del self._found[next(iter(self._found))]  # the oldest
            self._found[key] = value
        return value


#: A file's locale as its path gives it, and why (``PathPolicy.locale_source``).
LocaleSource = tuple[str | None, str]


def _negation(glob: str) -> tuple[tuple[str], bool]:
    """A per-file-ignores glob as the globs ``matches_any`` takes, and whether it is negated
    (``files.per_file_glob``, which the configuration checked)."""
    body, negated = per_file_glob(glob)
    return (body,), negated


class RunPlan(NamedTuple):
    """What a run works out from the paths of the files it names, before linting them
    (``PathPolicy.sets_and_versions``)."""

    #: Each file's path without its locale.
    sets: list[str]
    #: The other language versions of the files that are not among them.
    versions: list[str]
    #: Each file's ``locale_source``, where its name alone tells it (no locale folders).
    sources: dict[str, LocaleSource]


class PathPolicy:
    """The locale and per-file-ignores of a configuration, asked path by path."""

    def __init__(self, config: Config, registry: Registry) -> None:
        self.config = config
        where = shown_path(config.path) if config.path else "config"
        self._per_file_ignores = [
            (*_negation(glob), selected_rules(registry, rules, (), where), glob)
            for glob, rules in config.per_file_ignores
        ]
        self._ignored_by_path: _RecentMemo[frozenset[str]] = _RecentMemo()
        self._locale_by_path: _RecentMemo[LocaleSource] = _RecentMemo()
        self._separator_in: _RecentMemo[str] = _RecentMemo(16)  # folders listed for it
        self._hugo_site: bool | None = None  # looked for when first asked (_site_separator)
        #: The configuration's folder, resolved; a path is taken from it as named
        #: (``files.folder_from``), as the configuration was found for it.
        self.resolved_root = str(config.root.resolve())
        # Longest suffix first; each as the name endings it matches (film-en, film.en, film_en),
        # with the locale source it gives (``locale_source``).
        self._suffixes = [
            (("-" + suffix, "." + suffix, "_" + suffix), (tag, f"suffix {suffix!r}"))
            for suffix, tag in sorted(config.locale_suffixes.items(), key=lambda kv: -len(kv[0]))
        ]
        #: Every tag the settings name, the default first.
        self.locales = tuple(
            dict.fromkeys(
                tag
                for tag in (
                    config.locale_default,
                    *config.locale_folders.values(),
                    *config.locale_suffixes.values(),
                )
                if tag is not None
            )
        )
        # The first folder and suffix that name each tag: where its version of a file is.
        self._folder_of: dict[str, str] = {}
        for folder, tag in config.locale_folders.items():
            self._folder_of.setdefault(tag, folder)
        self._suffix_of: dict[str, str] = {}
        for suffix, tag in config.locale_suffixes.items():
            self._suffix_of.setdefault(tag, suffix)
        #: Where no locale folder names a file's locale: each locale a version is placed in,
        #: with its suffix (None: the default's, the path without a suffix), as ``locales``
        #: orders them.
        self._by_suffix = [
            (tag, self._suffix_of.get(tag))
            for tag in self.locales
            if tag in self._suffix_of or tag == config.locale_default
        ]
        #: ``unlocalized`` of each file of the runs in progress, as they planned it, and
        #: ``locale_source`` of those they named, where their names alone tell it.
        self._planned: Mapping[str, str] = {}
        self._planned_sources: Mapping[str, LocaleSource] = {}

    def locale_for(self, path: str | None, data: Any) -> str | None:
        """A file's BCP 47 tag: its front matter's ``locale.key`` when that holds a
        well-formed tag (anything else there is left to the rules), else its path's."""
        key = self.config.locale_key
        if key is not None and isinstance(data, Mapping):
            value = data.get(key)
            if isinstance(value, str) and is_well_formed(value):
                return value
        return self.locale_of(path)

    def locale_of(self, path: str | None) -> str | None:
        """The BCP 47 tag configured for a file's path (``locale_source``'s tag)."""
        return self.locale_source(path)[0]

    def locale_source(self, path: str | None) -> LocaleSource:
        """The tag a file's path gives it and why: ``folder 'en'`` (the segment nearest the
        file among ``locale.folders``), ``suffix 'en'`` (``film-en.md``), ``default``, or
        ``none``."""
        if path is None:
            return self._default()
        if not self.config.locale_folders:  # the name alone tells, whatever the cwd
            return self._planned_sources.get(path) or self._from_name(path)
        absolute = os.path.abspath(path)  # noqa: PTH100 (a relative path follows the cwd)
        found = self._locale_by_path.get(absolute)
        if found is None:
            found = self._from_folder(path) or self._from_name(path)
            self._locale_by_path.put(absolute, found)
        return found

    def _from_folder(self, path: str) -> tuple[str, str] | None:
        found = self._locale_folder(path)
        if found is None:
            return None
        segment = found[1]
        return self.config.locale_folders[segment], f"folder {segment!r}"

    def _locale_folder(self, path: str) -> tuple[int, str] | None:
        """The folder of ``path`` nearest the file among ``locale.folders``: how many levels
        above the file it is (1: the file's own) and its name; None when there is none."""
        if not self.config.locale_folders:
            return None
        relative = path_from(path, self.resolved_root)
        if relative is None:
            return None  # outside the configuration's folder: its folders name nothing
        for depth, segment in enumerate(reversed(relative.split("/")[:-1]), start=1):
            if segment in self.config.locale_folders:
                return depth, segment
        return None

    def _from_name(self, path: str) -> LocaleSource:
        if self._suffixes:
            stem = split_name(path)[1]
            for endings, source in self._suffixes:
                if stem.endswith(endings):
                    return source
        return self._default()

    def _default(self) -> LocaleSource:
        default = self.config.locale_default
        return default, "default" if default is not None else "none"

    @contextlib.contextmanager
    def planned(
        self, sets: Mapping[str, str], sources: Mapping[str, LocaleSource] | None = None
    ) -> Iterator[None]:
        """While a run lints its files, ``unlocalized`` answers with ``sets`` (each file's)
        and ``locale_source`` with ``sources``, which the run worked out to plan
        (``sets_and_versions``): each file's is asked for again as it is linted. Forgotten
        after, not to hold every path of a run."""
        # Runs at once in threads (a library's caller) replace each other's: the answers
        # only save work, and each method works out any it does not find.
        self._planned, self._planned_sources = sets, sources or {}
        try:
            yield
        finally:
            self._planned, self._planned_sources = {}, {}

    def unlocalized(self, path: str) -> str:
        """``versions(path)[0]``, the path without what names its locale (a run orders its
        files by it, and gathers from each by it)."""
        found = self._planned.get(path)
        if found is not None:
            return found
        if not self.config.locale_folders:
            return self._without_suffix(path)[0]
        return self.versions(path)[0]

    def locale_versions(self, path: str) -> dict[str, str]:
        """The path of ``path``'s version in each locale of the settings (``versions``), one
        that is not there spelt as the translations beside it are (``spelt_as_beside``):
        what a rule names as a missing version."""
        return {tag: self.spelt_as_beside(v) for tag, v in self.versions(path)[1].items()}

    def spelt_as_beside(self, version: str) -> str:
        """``version``, a path ``versions`` gives (its locale's suffix after "-"), as a file
        that exists with another separator (``respelt``); if none does, with the separator
        most translations in its folder have (``film.en.md`` on a site that writes them so),
        or where none has one, the site's (``_site_separator``): the path a missing version
        should be created at. Its folder is listed once for the versions asked about next."""
        if os.path.lexists(version):
            return version
        folder, stem, extension = split_name(version)
        for endings, _ in self._suffixes:
            if stem.endswith(endings[0]) and len(stem) > len(endings[0]):
                existing = self.respelt(version)
                if existing is not None:
                    return existing
                bare, suffix = stem[: -len(endings[0])], endings[0][1:]
                return joined(folder, bare + self._separator_beside(folder) + suffix + extension)
        return version

    def _separator_beside(self, folder: str) -> str:
        """The separator before a locale suffix that most names in ``folder`` have ("-" on a
        tie with it); the site's when none has one (a page bundle's ``index.md`` alone in
        its folder, say)."""
        found = self._separator_in.get(folder)
        if found is None:
            found = self._most_used_separator(folder) or self._site_separator()
            self._separator_in.put(folder, found)
        return found

    def _most_used_separator(self, folder: str) -> str | None:
        """That of ``_separator_beside``, or None when no name in ``folder`` has a suffix."""
        try:
            names = os.listdir(folder or ".")  # noqa: PTH208 (plain strings, as paths are here)
        except OSError:
            return None
        counts = dict.fromkeys(SUFFIX_SEPARATORS, 0)
        for name in names:
            stem = os.path.splitext(name)[0]  # noqa: PTH122 (speed)
            for endings, _ in self._suffixes:
                ending = next((e for e in endings if stem.endswith(e) and len(stem) > len(e)), None)
                if ending is not None:
                    counts[ending[0]] += 1
                    break
        if not any(counts.values()):
            return None
        return max(counts, key=lambda separator: (counts[separator], separator == "-"))

    def _site_separator(self) -> str:
        """The separator of a suffix where no translation shows one: "." in a Hugo site (a
        Hugo configuration in the configuration's folder), the only one Hugo reads as a
        translation's (``alien.en.md``, ``index.en.md``); else "-"."""
        if self._hugo_site is None:
            from filmlint.engine.site_generators import is_hugo_site  # asked of few runs

            self._hugo_site = is_hugo_site(self.config.root)
        return "." if self._hugo_site else "-"

    def versions(self, path: str) -> tuple[str, dict[str, str]]:
        """``path`` (as named; with locale folders, a path through "." or ".." as
        ``_versions_as_named`` names it) without the folder or suffix that names its locale,
        and the path of its version in each locale of the settings (a locale that neither a folder
        like the file's nor a suffix places is left out). Only the path decides: what a
        file gathers from it is cached with the file (``other_versions`` looks on disk).
        Worked out and not remembered: a run asks about each of its files once to plan, and
        remembering them all would hold every file's versions at once."""
        parts = path.split("/") if self.config.locale_folders else []
        if parts and ("." in parts or ".." in parts):
            # ../site/films/a.md, x/../x/films/a.md: the set and versions of the plain path,
            # which every spelling of a file shares, named from the current folder.
            return self._versions_as_named(path, self.versions(os.path.abspath(path)))  # noqa: PTH100
        folder_index = self._folder_index(path, parts) if parts else None
        if folder_index is None:  # the name alone tells: every site without locale folders
            named = self._without_suffix(path)
            return named[0], dict(self._by_name(*named[:4]))
        if folder_index < 0:  # named from inside its locale folder: the name lacks the folder
            return self._versions_as_named(path, self.versions(os.path.abspath(path)))  # noqa: PTH100
        unlocalized = "/".join(parts[:folder_index] + parts[folder_index + 1 :])
        stem, extension = os.path.splitext(unlocalized)  # noqa: PTH122 (speed)
        paths: dict[str, str] = {}
        for tag in self.locales:
            folder, suffix = self._folder_of.get(tag), self._suffix_of.get(tag)
            if folder is not None:
                paths[tag] = "/".join([*parts[:folder_index], folder, *parts[folder_index + 1 :]])
            elif suffix is not None:
                paths[tag] = f"{stem}-{suffix}{extension}"
            elif tag == self.config.locale_default:
                paths[tag] = unlocalized
        return unlocalized, paths

    @staticmethod
    def _through_dots(path: str) -> bool:
        """Whether ``path`` has a "." or ".." segment (``versions`` spells its set plainly)."""
        return "./" in path and any(part in (".", "..") for part in path.split("/"))

    @staticmethod
    def _plainly(path: str) -> str:
        """``path`` as ``_versions_as_named`` spells a path: absolute, or the shortest path
        from the current folder."""
        absolute = os.path.abspath(path)  # noqa: PTH100
        return absolute if os.path.isabs(path) else os.path.relpath(absolute)  # noqa: PTH117

    @staticmethod
    def _versions_as_named(
        path: str, versions: tuple[str, dict[str, str]]
    ) -> tuple[str, dict[str, str]]:
        """``versions`` of ``path`` named as the shortest paths from the current folder
        (when ``path`` is relative), so that each file of a set, however it is reached, gives
        the set the same name."""
        if os.path.isabs(path):  # noqa: PTH117
            return versions
        unlocalized, paths = versions

        def shortest(named: str) -> str:
            return os.path.relpath(os.path.abspath(named))  # noqa: PTH100

        return shortest(unlocalized), {tag: shortest(version) for tag, version in paths.items()}

    def _existing_in_folder(self, path: str, folder: str) -> str | None:
        """The first file that exists among ``path`` with ``folder`` inserted before its
        name, before its folder, and so on up to the configuration's folder; named as
        ``path`` is (relative to the current folder, when it is)."""
        relative = path_from(path, self.resolved_root)
        if relative is None:
            return None  # outside the configuration's folder: its folders name nothing
        segments = relative.split("/")
        parts = path.split("/")
        # Inserted into the path as named where its last segments are the relative path's
        # (films/a.md -> films/en/a.md); else from the configuration's folder.
        as_named = parts[-len(segments) :] == segments
        for index in range(len(segments) - 1, -1, -1):
            inserted = [*segments[:index], folder, *segments[index:]]
            if as_named:
                candidate = "/".join([*parts[: len(parts) - len(segments)], *inserted])
            else:
                candidate = os.path.join(self.resolved_root, *inserted)  # noqa: PTH118
                if not os.path.isabs(path):  # noqa: PTH117
                    candidate = os.path.relpath(candidate)
            if os.path.isfile(candidate):  # noqa: PTH113 (speed)
                return candidate
        return None

    def _folder_index(self, path: str, parts: list[str]) -> int | None:
        """Where in ``parts`` the folder that names the file's locale is, if one does; -1 when
        it is above the first of them (``a.md`` named from inside ``films/en``)."""
        found = self._locale_folder(path)
        if found is None:
            return None
        depth, segment = found
        index = len(parts) - 1 - depth
        if index < 0:
            return -1
        # A path named with "." or ".." may differ from its normal form.
        return index if parts[index] == segment else None

    def _by_name(
        self, unlocalized: str, separator: str, stem: str, extension: str
    ) -> Iterator[tuple[str, str]]:
        """Each locale a suffix (or none, the default's) places a version in, with its path,
        given ``_without_suffix`` of a file's path."""
        for tag, suffix in self._by_suffix:
            yield tag, unlocalized if suffix is None else stem + separator + suffix + extension

    def _without_suffix(self, path: str) -> tuple[str, str, str, str, LocaleSource]:
        """``path`` without its locale suffix, the separator before it ("-" if none), and
        ``os.path.splitext`` of the path without it, read off its name's (asked for every
        file of a run, twice: ``splitext`` reads only what follows the last slash); and the
        locale source its name gives (``_from_name``: a name that is its suffix alone, say
        ``-en.md``, is in that locale and has no suffix to take out)."""
        folder, stem, extension = split_name(path)
        source: LocaleSource | None = None
        for endings, found in self._suffixes:
            if not stem.endswith(endings):
                continue
            source = source or found
            for ending in endings:
                if stem.endswith(ending) and len(stem) > len(ending):
                    bare = stem[: -len(ending)]
                    name = bare + extension
                    unlocalized = joined(folder, name)
                    # A name of dots before its extension is all stem to splitext (``..md``).
                    kept = extension if bare.strip(".") else ""
                    cut = len(unlocalized) - len(kept)
                    return unlocalized, ending[0], unlocalized[:cut], kept, source
        return path, "-", path[: len(path) - len(extension)], extension, source or self._default()

    def respelt(self, version: str) -> str | None:
        """``version``, a path ``versions`` gives (its locale's suffix after "-"), as a file
        that exists with another separator the suffix may take (``film.en.md``,
        ``film_en.md``), if there is one: the name of a base cannot tell which its
        translations use."""
        folder, stem, extension = split_name(version)
        for endings, _ in self._suffixes:
            if stem.endswith(endings[0]) and len(stem) > len(endings[0]):
                bare = stem[: -len(endings[0])]
                for ending in endings[1:]:
                    candidate = joined(folder, bare + ending + extension)
                    if os.path.isfile(candidate):  # noqa: PTH113 (speed)
                        return candidate
                return None
        return None

    def other_versions(self, names: Sequence[str]) -> list[str]:
        """The paths of the other language versions of ``names`` that are not among them,
        whether they exist or not: those that exist, a rule that judges a file by its versions
        must read too; those that do not, it may name as missing. In a locale with a folder,
        where ``versions`` places no file that exists (or nothing: a file in no locale
        folder, a default locale at the top beside ``films/en/a.md``), the first that exists
        of the path without its locale with the folder inserted, nearest the file first."""
        return self.sets_and_versions(names).versions

    def sets_and_versions(self, names: Sequence[str]) -> RunPlan:
        """``unlocalized`` of each of ``names``, ``other_versions(names)``, and where no
        locale folder is configured the ``locale_source`` of each name: a run plans them
        before its file phase, and each asks the same of every path."""
        named = set(names)
        found: dict[str, None] = {}
        sets: list[str] = []
        sources: dict[str, LocaleSource] = {}
        if not self.config.locale_folders:  # the name alone tells: ``versions`` without its dict
            by_suffix = self._by_suffix
            for name in names:
                unlocalized, separator, stem, extension, source = self._without_suffix(name)
                sets.append(unlocalized)
                sources[name] = source
                for _, suffix in by_suffix:  # ``_by_name``, without a generator per file
                    other = unlocalized if suffix is None else stem + separator + suffix + extension
                    if other not in named:
                        found[other] = None
            return RunPlan(sets, list(found), sources)
        # A name through "." or ".." gives its versions plainly spelt: each is named so.
        named.update(self._plainly(name) for name in names if self._through_dots(name))
        for name in names:
            unlocalized, paths = self.versions(name)
            sets.append(unlocalized)
            for tag in self.locales:
                version, folder = paths.get(tag), self._folder_of.get(tag)
                if folder is not None and (version is None or not os.path.isfile(version)):  # noqa: PTH113
                    version = self._existing_in_folder(unlocalized, folder) or version
                if version is not None and version not in named:
                    found[version] = None
        return RunPlan(sets, list(found), sources)

    def ignored_for(self, path: str) -> frozenset[str]:
        """The rules per-file-ignores turns off for ``path`` (asked for by the cache key, the
        gathering and the result of the same file: resolving a path costs system calls)."""
        if not self._per_file_ignores:
            return frozenset()
        absolute = os.path.abspath(path)  # noqa: PTH100 (a relative path follows the cwd)
        ignored = self._ignored_by_path.get(absolute)
        if ignored is None:
            ignored = self._ignored_by_path.put(absolute, frozenset(self.ignored_by(path)))
        return ignored

    def ignored_by(self, path: str) -> dict[str, list[str]]:
        """Each rule per-file-ignores turns off for ``path``, with the globs that turn it
        off, as configured (``ignored_for`` remembers its keys for each file)."""
        found: dict[str, list[str]] = {}
        for globs, negated, rules, glob in self._per_file_ignores:
            if matches_any(path, globs, self.resolved_root) != negated:
                for rule in rules:
                    found.setdefault(rule, []).append(glob)
        return found
