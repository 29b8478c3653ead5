"""What a file's path decides: its locale (from a folder of its path or its name's suffix,
unless its front matter names one) and the rules that per-file-ignores turn off for it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from filmlint.engine.files import matches_any, relative_path
from filmlint.engine.settings import Config, selected_rules
from filmlint.rulekit.declaration import Registry
from filmlint.rulekit.langtags import is_well_formed


class PathPolicy:
    """The locale and per-file-ignores of a configuration, asked path by path."""

    def __init__(self, config: Config, registry: Registry) -> None:
        self.config = config
        where = config.path.name if config.path else "config"
        self._per_file_ignores = [
            ((glob,), selected_rules(registry, rules, (), where))
            for glob, rules in config.per_file_ignores
        ]
        self._ignored_by_path: dict[str, frozenset[str]] = {}
        self._locale_by_path: dict[str, tuple[str | None, str]] = {}
        self.resolved_root = config.root.resolve()
        # Longest suffix first; each as the name endings it matches (film-en, film.en, film_en).
        self._suffixes = [
            (("-" + suffix, "." + suffix, "_" + suffix), suffix, tag)
            for suffix, tag in sorted(config.locale_suffixes.items(), key=lambda kv: -len(kv[0]))
        ]

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

    def locale_source(self, path: str | None) -> tuple[str | None, str]:
        """The tag a file's path gives it and why: ``folder 'en'`` (the segment nearest the
        file among ``locale.folders``), ``suffix 'en'`` (``film-en.md``), ``default``, or
        ``none``."""
        if path is None:
            return self._default()
        absolute = os.path.abspath(path)  # noqa: PTH100 (a relative path follows the cwd)
        found = self._locale_by_path.get(absolute)
        if found is None:
            found = self._locale_by_path[absolute] = self._from_folder(path) or self._from_name(
                path
            )
        return found

    def _from_folder(self, path: str) -> tuple[str, str] | None:
        if not self.config.locale_folders:
            return None
        relative = relative_path(path, self.resolved_root)
        if relative.startswith(("../", "/")) or relative == "..":
            return None  # outside the configuration's folder: its folders name nothing
        for segment in reversed(relative.split("/")[:-1]):
            tag = self.config.locale_folders.get(segment)
            if tag is not None:
                return tag, f"folder {segment!r}"
        return None

    def _from_name(self, path: str) -> tuple[str | None, str]:
        if self._suffixes:
            stem = os.path.splitext(os.path.basename(path))[0]  # noqa: PTH119, PTH122 (speed)
            for endings, suffix, tag in self._suffixes:
                if stem.endswith(endings):
                    return tag, f"suffix {suffix!r}"
        return self._default()

    def _default(self) -> tuple[str | None, str]:
        default = self.config.locale_default
        return default, "default" if default is not None else "none"

    def ignored_for(self, path: str) -> frozenset[str]:
        """The rules per-file-ignores turns off for ``path`` (asked for by the cache key, the
        gathering and the result of the same file: resolving a path costs system calls)."""
        if not self._per_file_ignores:
            return frozenset()
        absolute = os.path.abspath(path)  # noqa: PTH100 (a relative path follows the cwd)
        ignored = self._ignored_by_path.get(absolute)
        if ignored is None:
            names: set[str] = set()
            for globs, rules in self._per_file_ignores:
                if matches_any(path, globs, self.resolved_root):
                    names.update(rules)
            ignored = self._ignored_by_path[absolute] = frozenset(names)
        return ignored
