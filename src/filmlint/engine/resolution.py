"""Which settings each file of a content repository gets, and which files are skipped.

As ruff does, a file's configuration is the closest ``filmlint.toml`` (or ``pyproject.toml``
with ``[tool.filmlint]``) among its own folder and the folders above it, as named (not through
its symlinks), unless one is forced for all files: looked up once per folder, read once per
file. Within it, ``exclude`` skips the file (named or walked), and when the configuration has
collections the file belongs to the first that includes it, or is skipped; a file outside
the folder of a configuration forced on it is matched by none of its globs. Each
(configuration, collection) pair gets one linter, built by the caller's ``build`` (this module
knows linters only by that).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from filmlint.engine import arguments
from filmlint.engine.files import discover, folder_from, glob_spec
from filmlint.engine.settings import (
    Collection,
    Config,
    config_file_name,
    config_location,
    find_config_file,
    load_config,
    shown_path,
)

L = TypeVar("L")


# Plain classes and named tuples, not dataclasses: building a dataclass costs a one-file run
# more than half a millisecond each.


class FileSettings(Generic[L]):
    """What a file is linted with: its configuration (the file's top level; ``path`` None for
    the defaults), its collection (None: the configuration has none), and their linter.

    One per (configuration, collection): equal only to itself."""

    __slots__ = ("collection", "config", "linter")

    def __init__(self, config: Config, collection: Collection | None, linter: L) -> None:
        self.config = config
        self.collection = collection
        self.linter = linter

    @property
    def config_file(self) -> Path | None:
        return self.config.path

    @property
    def collection_name(self) -> str | None:
        return self.collection.name if self.collection is not None else None


class Skipped:
    """Why a file is not linted ("excluded by 'drafts/' in site/filmlint.toml")."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Folder:
    """What every file of one folder shares: its configuration, and the folder as a POSIX
    path from the configuration's root, ending in "/" ("" at the root; None outside it)."""

    __slots__ = ("config", "relative")

    def __init__(self, config: Config, relative: str | None) -> None:
        self.config = config
        self.relative = relative


class Resolver(Generic[L]):
    """Settings path by path; configurations, folders and linters each resolved once."""

    def __init__(
        self,
        build: Callable[[Config], L],
        *,
        forced: Config | None = None,
        defaults: Config | None = None,
        seed: L | None = None,
        check: Callable[[Config], None] | None = None,
    ) -> None:
        """``build`` makes the linter of a configuration (a collection's effective one);
        ``forced``: the configuration of every file (None: each file's nearest);
        ``defaults``: for files with no configuration file (None: ``Config()``);
        ``seed``: the linter, already built, of ``forced`` (or ``defaults``) itself;
        ``check``: judges each configuration once, as it is read (``forced`` at once),
        whichever of its collections have files in the run."""
        self._build = build
        self._check = check
        if check is not None and forced is not None:
            check(forced)
        self._forced = forced
        self._defaults = defaults
        self._folders: dict[str, _Folder] = {}
        self._configs: dict[Path, Config] = {}
        self._roots: dict[int, str] = {}
        self._outside: dict[int, tuple[Config, list[str]]] = {}
        self._settings: dict[tuple[int, str | None], FileSettings[L]] = {}
        base = forced or defaults
        if seed is not None and base is not None:
            self._settings[(id(base), None)] = FileSettings(base, None, seed)

    def settings_for(self, path: str | Path) -> FileSettings[L] | Skipped:
        """The settings ``path`` is linted with, or why it is skipped. The file need not exist."""
        name = arguments.path(path, "settings_for")
        folder = self._folder(os.path.dirname(name) or ".")  # noqa: PTH120 (speed)
        config = folder.config
        if not (config.exclude or config.collections):
            return self._linter_for(config, None)
        if folder.relative is None:
            # Outside the folder of a configuration forced on every file, even by its real
            # path: its globs start from that folder, and match nothing here, whichever
            # folder the run is started from.
            if config.collections:
                root, where = shown_path(config.root), config_file_name(config)
                return Skipped(f"outside {root}, where the globs of {where} start")
            return self._linter_for(config, None)
        relative = folder.relative + os.path.basename(name)  # noqa: PTH119 (speed)
        if config.exclude:
            deciding = glob_spec(config.exclude).deciding(relative)
            if deciding is not None:
                glob = config.exclude[deciding]
                return Skipped(f"excluded by {glob!r} in {config_file_name(config)}")
        if not config.collections:
            return self._linter_for(config, None)
        collection = config.collection_for(relative)
        if collection is None:
            return Skipped(f"in no collection of {config_file_name(config)}")
        return self._linter_for(config, collection)

    def folder_settings(self, folder: str | Path = ".") -> FileSettings[L]:
        """The top-level settings of ``folder``'s configuration, no collection: for a text
        without a path (stdin without a name), which no exclude or collection can match."""
        config = self._folder(arguments.path(folder, "folder_settings")).config
        return self._linter_for(config, None)

    def files(self, paths: Iterable[str | Path]) -> list[tuple[str, FileSettings[L] | Skipped]]:
        """The files under ``paths`` (folders walked for Markdown files) with their settings,
        sorted by name. Walked files that are skipped are left out; named ones are kept."""
        named = arguments.paths(paths, "files")
        given = {str(path) for path in named}
        found: list[tuple[str, FileSettings[L] | Skipped]] = []
        folder, shared, outside = None, None, None
        for name in discover(named):
            # Found in order of name, a folder's files come together: when its configuration
            # neither excludes nor has collections, they all share the folder's settings.
            parent = os.path.dirname(name) or "."  # noqa: PTH120 (speed)
            if parent != folder:
                folder, shared = parent, self._shared_settings(parent)
                outside = self._outside_globs(parent)
            if outside is not None:
                outside.append(name)
            settings = shared or self.settings_for(name)
            if isinstance(settings, Skipped) and name in given:
                settings = self._named(name, settings)
            if isinstance(settings, FileSettings) or name in given:
                found.append((name, settings))
        return found

    def named_settings(self, path: str | Path) -> FileSettings[L] | Skipped:
        """The settings a path named on the command line is linted with, as ``files`` gives
        them: ``settings_for``'s, but a name that does not exist is reported, whatever the
        globs say of it (``_named``)."""
        name = arguments.path(path, "named_settings")
        settings = self.settings_for(name)
        return self._named(name, settings) if isinstance(settings, Skipped) else settings

    def _named(self, name: str, skipped: Skipped) -> FileSettings[L] | Skipped:
        """The settings of a named path the globs skip: a path that does not exist is
        reported (unreadable-file) whatever the globs say of its name, with its folder's
        configuration: a mistyped path (``films`` as ``flims``) would otherwise be skipped,
        and a run that lints nothing would pass. As ruff reports it."""
        if os.path.lexists(name):
            return skipped
        folder = os.path.dirname(name) or "."  # noqa: PTH120 (as the other lookups)
        return self._linter_for(self._folder(folder).config, None)

    def groups(self, paths: Iterable[str | Path]) -> dict[FileSettings[L], list[str]]:
        """The files to lint under ``paths``, grouped by their settings, in order of name."""
        grouped: dict[FileSettings[L], list[str]] = {}
        for name, settings in self.files(paths):
            if isinstance(settings, FileSettings):
                grouped.setdefault(settings, []).append(name)
        return grouped

    def linters(self) -> list[L]:
        """The linters built so far, one per (configuration, collection)."""
        return [settings.linter for settings in self._settings.values()]

    def configs(self) -> list[Config]:
        """The configuration files read so far (with those whose linter could not be built),
        the one forced on every file first."""
        found = list(self._configs.values())
        forced = self._forced
        if forced is not None and forced.path is not None and all(c is not forced for c in found):
            found.insert(0, forced)
        return found

    def outside(self) -> list[tuple[Config, list[str]]]:
        """The files of the runs so far that are outside the folder of the configuration
        forced on them, which has globs: none of them can match those files."""
        return [(config, names) for config, names in self._outside.values() if names]

    def _outside_globs(self, folder: str) -> list[str] | None:
        """Where to note the files of ``folder``, when they are outside the folder of their
        configuration and it has globs to match them (else None)."""
        found = self._folder(folder)
        config = found.config
        if found.relative is not None or not (
            config.exclude or config.collections or config.per_file_ignores or config.locale_folders
        ):
            return None
        return self._outside.setdefault(id(config), (config, []))[1]

    def _shared_settings(self, folder: str) -> FileSettings[L] | None:
        """The settings of every file in ``folder``, when its configuration has neither
        exclude nor collections to tell them apart; else None."""
        config = self._folder(folder).config
        if config.exclude or config.collections:
            return None
        return self._linter_for(config, None)

    def _folder(self, folder: str) -> _Folder:
        """The configuration of the files in ``folder`` (as named), looked up once: from the
        folder as named and the folders above it, not through its symlinks (``folder_from``)."""
        found = self._folders.get(folder)
        if found is None:
            absolute = os.path.abspath(folder)  # noqa: PTH100 (as named, not resolved)
            config = self._forced or self._nearest(absolute)
            found = _Folder(config, folder_from(absolute, self._root(config)))
            self._folders[folder] = found
        return found

    def _nearest(self, folder: str) -> Config:
        path = find_config_file(Path(folder))
        if path is None:
            if self._defaults is None:
                self._defaults = Config()
            return self._defaults
        # One configuration however its folder is reached (through a symlink or not); a
        # configuration that is a link is the link's folder's, not its target's.
        located = config_location(path)
        config = self._configs.get(located)
        if config is None:
            config = load_config(located)
            if self._check is not None:
                self._check(config)
            self._configs[located] = config
        return config

    def _root(self, config: Config) -> str:
        root = self._roots.get(id(config))
        if root is None:
            root = self._roots[id(config)] = str(config.root.resolve())
        return root

    def _linter_for(self, config: Config, collection: Collection | None) -> FileSettings[L]:
        key = (id(config), collection.name if collection is not None else None)
        settings = self._settings.get(key)
        if settings is None:
            linter = self._build(collection.config if collection is not None else config)
            settings = self._settings[key] = FileSettings(config, collection, linter)
        return settings
