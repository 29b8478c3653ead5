"""One run over groups of files, each group with its own linter (a configuration and
collection of its own): each group's file phase (worker processes, the result cache of its
configuration's folder), then its run phase; one list of diagnostics, sorted.

A group may carry files read only for context: the language versions of its named files
that a rule judging translations needs (the pre-commit hook names only the staged files).
They go through the file phase (the result cache makes that cheap) and their references
reach the run phase, but nothing is reported on them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from filmlint.diagnostics import Diagnostic
from filmlint.engine.cache import ResultCache
from filmlint.engine.parallel import FileLinter, file_results
from filmlint.engine.resolution import FileSettings, Resolver
from filmlint.engine.results import FileResult, LintRun
from filmlint.engine.settings import Config


class GroupLinter(FileLinter, Protocol):
    """What a group needs of its linter: the file phase, the run phase and its settings."""

    @property
    def config(self) -> Config: ...

    def finish(
        self,
        results: Sequence[FileResult],
        *,
        offline: bool = False,
        context_only: frozenset[str] = frozenset(),
    ) -> list[Diagnostic]: ...

    def translation_files(self, names: Sequence[str]) -> list[str]: ...

    @property
    def translations_by_key(self) -> bool: ...


G = TypeVar("G", bound=GroupLinter)


def run_groups(resolver: Resolver[G], paths: Iterable[str | Path]) -> list[Group]:
    """The groups of the files under ``paths``, each with the language versions of its files
    that are not among them and share its settings, as context only."""
    return [
        (settings.linter, names, context_files(resolver, settings, names))
        for settings, names in resolver.groups(paths).items()
    ]


def context_files(
    resolver: Resolver[G], settings: FileSettings[G], names: Sequence[str]
) -> list[str]:
    """The language versions of ``names`` that are not among them and share their settings:
    what a group reads only to judge its named files. When versions are found by a
    front-matter key, the path cannot tell them: every other file of the collection is read
    (walked from its configuration's folder; the result cache makes a warm run cheap)."""
    linter = settings.linter
    if linter.translations_by_key:
        named = {os.path.realpath(name) for name in names}
        folder = os.path.relpath(linter.config.root)
        return [
            os.path.relpath(name)  # ../films/x.md, walked from the site, is x.md from here
            for name, found in resolver.files([folder])
            if found is settings and os.path.realpath(name) not in named
        ]
    versions = linter.translation_files(names)
    return [name for name in versions if resolver.settings_for(name) is settings]


#: A group: its linter, the files to report on, and the files read only for context.
Group = tuple[GroupLinter, Sequence[str], Sequence[str]]


def lint_groups(
    groups: Sequence[Group],
    *,
    jobs: int,
    use_cache: bool = False,
    cache: ResultCache | None = None,
) -> LintRun:
    """Both phases over each group of files with its linter. ``use_cache``: reuse and keep
    results in the cache folder of each group's configuration; ``cache``: in this one."""
    caches: dict[Path, _RunCache] = {}
    diagnostics: list[Diagnostic] = []
    for linter, names, context in groups:
        group_cache = cache
        if cache is None and use_cache:
            folder = linter.config.cache_folder
            group_cache = caches.get(folder) or caches.setdefault(folder, _RunCache(folder))
        found = [
            result
            for result in file_results(linter, [*names, *context], jobs=jobs, cache=group_cache)
            if result.diagnostics or result.gathered  # most files: nothing to keep
        ]
        diagnostics.extend(linter.finish(found, context_only=frozenset(context)))
    for run_cache in caches.values():
        run_cache.save_once()
    if len(groups) > 1:  # each group's are sorted already
        diagnostics.sort(key=Diagnostic.sort_key)
    return LintRun(diagnostics, sum(len(names) for _, names, _ in groups))


class _RunCache(ResultCache):
    """A configuration's result cache shared by its groups (collections): read once, by
    the first group's file phase, and written once, at the end of the run."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self._loaded = False

    def load(self) -> None:
        if not self._loaded:
            super().load()
            self._loaded = True

    def save(self) -> None:
        """Not after each group's file phase: ``save_once`` saves at the end of the run."""

    def save_once(self) -> None:
        super().save()
