"""One run over groups of files, each group with its own linter (a configuration and
collection of its own): each group's file phase (worker processes, the result cache of its
configuration's folder), then its run phase; one list of diagnostics, sorted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from filmlint.diagnostics import Diagnostic
from filmlint.engine.cache import ResultCache
from filmlint.engine.parallel import FileLinter, file_results
from filmlint.engine.results import FileResult, LintRun
from filmlint.engine.settings import Config


class GroupLinter(FileLinter, Protocol):
    """What a group needs of its linter: the file phase, the run phase and its settings."""

    @property
    def config(self) -> Config: ...

    def finish(
        self, results: Sequence[FileResult], *, offline: bool = False
    ) -> list[Diagnostic]: ...


def lint_groups(
    groups: Sequence[tuple[GroupLinter, Sequence[str]]],
    *,
    jobs: int,
    use_cache: bool = False,
    cache: ResultCache | None = None,
) -> LintRun:
    """Both phases over each group of files with its linter. ``use_cache``: reuse and keep
    results in the cache folder of each group's configuration; ``cache``: in this one."""
    caches: dict[Path, _RunCache] = {}
    diagnostics: list[Diagnostic] = []
    for linter, names in groups:
        group_cache = cache
        if cache is None and use_cache:
            folder = linter.config.cache_folder
            group_cache = caches.get(folder) or caches.setdefault(folder, _RunCache(folder))
        found = [
            result
            for result in file_results(linter, names, jobs=jobs, cache=group_cache)
            if result.diagnostics or result.gathered  # most files: nothing to keep
        ]
        diagnostics.extend(linter.finish(found))
    for run_cache in caches.values():
        run_cache.save_once()
    if len(groups) > 1:  # each group's are sorted already
        diagnostics.sort(key=Diagnostic.sort_key)
    return LintRun(diagnostics, sum(len(names) for _, names in groups))


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
