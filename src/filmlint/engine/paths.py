"""What a file's path decides: its locale (from its name's suffix) and the rules that
per-file-ignores turn off for it."""

from __future__ import annotations

import os

from filmlint.engine.files import matches_any
from filmlint.engine.settings import Config, selected_rules
from filmlint.rulekit.declaration import Registry


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
        self.resolved_root = config.root.resolve()
        # Longest suffix first; each as the name endings it matches (film-en, film.en, film_en).
        self._suffixes = [
            (("-" + suffix, "." + suffix, "_" + suffix), tag)
            for suffix, tag in sorted(config.locale_suffixes.items(), key=lambda kv: -len(kv[0]))
        ]

    def locale_of(self, path: str | None) -> str | None:
        """The BCP 47 tag configured for a file, from its name's suffix (``film-en.md``)."""
        if path is not None and self._suffixes:
            stem = os.path.splitext(os.path.basename(path))[0]  # noqa: PTH119, PTH122 (speed)
            for endings, tag in self._suffixes:
                if stem.endswith(endings):
                    return tag
        return self.config.locale_default

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
