"""One run over groups of files, each group with its own linter (a configuration and
collection of its own): each group's file phase (worker processes, the result cache of its
configuration's folder), then its run phase; one list of diagnostics, sorted.

A group may carry files read only for context: the language versions of its named files
that a rule judging translations needs (the pre-commit hook names only the staged files).
They go through the file phase (the result cache makes that cheap) and their references
reach the run phase, but nothing is reported on them.

With a result cache, a group of at least ``RUN_ENTRY_FILES`` files keeps its diagnostics
after the run phase in a run entry, with the digest of what its files were
(``group_state``); while they are all unchanged (and the run phase does the same with the
same files: ``run_reproducible``) the next run reports those without looking up any file's
result or running the run phase.

Where translation sets are named by path, a group's files go through the file phase in the
order of their sets (a stable sort by path without locale), so that filmlint's translation
rules judge each set as soon as its last file is in (``run_phase.StreamedSets``) and the run
holds one set's references at a time, not every file's until the run phase."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from filmlint.diagnostics import Diagnostic
from filmlint.engine.cache import ResultCache
from filmlint.engine.cache_keys import CacheKeys, group_state, state_of, version_kinds
from filmlint.engine.gathered import GatheredReferences
from filmlint.engine.parallel import FileLinter, file_results
from filmlint.engine.resolution import FileSettings, Resolver
from filmlint.engine.results import FileResult, LintRun, Seen
from filmlint.engine.run_phase import StreamedSets, streams
from filmlint.engine.settings import Config
from filmlint.rulekit.declaration import RunContext

if TYPE_CHECKING:
    from filmlint.engine.paths import PathPolicy, RunPlan
    from filmlint.engine.rule_runner import RuleRunner

#: The fewest named files a group keeps a run entry for: below, its file phase from the
#: cache takes milliseconds, and a partial run (a hook's staged files) would replace the
#: entry of the run over all of them (one entry per configuration and collection).
RUN_ENTRY_FILES = 100


class GroupLinter(FileLinter, Protocol):
    """What a group needs of its linter: the file phase, the run phase and its settings."""

    @property
    def config(self) -> Config: ...

    @property
    def cache_keys(self) -> CacheKeys: ...

    def finish(
        self,
        results: Sequence[FileResult],
        *,
        offline: bool = False,
        context_only: frozenset[str] = frozenset(),
        gathered: GatheredReferences | None = None,
        streamed: StreamedSets | None = None,
    ) -> list[Diagnostic]: ...

    @property
    def context(self) -> RunContext: ...

    @property
    def spec(self) -> Callable[[], GroupLinter] | None: ...

    @property
    def rules(self) -> RuleRunner: ...

    @property
    def paths(self) -> PathPolicy: ...

    def context_result(self, path: str, cache: ResultCache | None = None) -> FileResult: ...

    @property
    def context_reader(self) -> FileLinter: ...


G = TypeVar("G", bound=GroupLinter)


class Group(Generic[G]):
    """The files of one run that share settings: those to report on (``names``), and how to
    find the files read only for context (``files``)."""

    __slots__ = ("names", "resolver", "settings")

    def __init__(self, resolver: Resolver[G], settings: FileSettings[G], names: list[str]) -> None:
        self.resolver = resolver
        self.settings = settings
        self.names = names

    @property
    def linter(self) -> G:
        return self.settings.linter

    def files(self, versions: Sequence[str]) -> list[str]:
        """The files read only for context, given the paths of the named files' other
        language versions (``version_paths``)."""
        return _context(self.resolver, self.settings, self.names, versions)

    def versions_and_files(self) -> tuple[list[str], list[str], RunPlan | None]:
        """The paths of the other language versions of the group's files that are not
        among them (whether they exist or not), the files read only for context, and the
        plan of the group's files when worked out with their versions (each one's set, its
        path without its locale: ``PathPolicy.sets_and_versions``), else None."""
        linter = self.linter
        if linter.rules.translations_by_key:  # any member may name a set's missing versions
            context = self.files(())
            return version_paths(linter, [*self.names, *context]), context, None
        if not linter.rules.reads_translations:
            return [], [], None
        plan = linter.paths.sets_and_versions(self.names)
        return plan.versions, self.files(plan.versions), plan


def run_groups(resolver: Resolver[G], paths: Iterable[str | Path]) -> list[Group[G]]:
    """The groups of the files under ``paths`` (the files read for context are found when
    the group is linted: a warm run knows them from its run entry)."""
    return [Group(resolver, settings, names) for settings, names in resolver.groups(paths).items()]


def context_files(
    resolver: Resolver[G], settings: FileSettings[G], names: Sequence[str]
) -> list[str]:
    """The language versions of ``names`` that are not among them and share their settings:
    what a group reads only to judge its named files."""
    linter = settings.linter
    versions = [] if linter.rules.translations_by_key else version_paths(linter, names)
    return _context(resolver, settings, names, versions)


class RunFiles:
    """A linter's file phase for one run, whose files ``context`` are read only to judge the
    others: those get the cheaper ``context_result`` (only what the rules that read
    translations gather)."""

    def __init__(self, linter: GroupLinter, context: frozenset[str]) -> None:
        self._linter = linter
        self._context = context
        #: Builds the same in a worker process that is not forked (None: it cannot).
        self.spec: Callable[[], RunFiles] | None = None
        if linter.spec is not None:
            self.spec = partial(_run_files, linter.spec, context)

    def file_result(self, path: str, cache: ResultCache | None = None) -> FileResult:
        if path in self._context:
            return self._linter.context_result(path, cache)
        return self._linter.file_result(path, cache)

    def settled_result(self, path: str, cache: ResultCache) -> FileResult | None:
        found = self._linter.settled_result(path, cache)
        if found is None and path in self._context:
            found = self._linter.context_reader.settled_result(path, cache)
        return found


def _run_files(spec: Callable[[], GroupLinter], context: frozenset[str]) -> RunFiles:
    return RunFiles(spec(), context)


def version_paths(linter: GroupLinter, names: Sequence[str]) -> list[str]:
    """The paths of the other language versions of ``names`` that are not among them, whether
    they exist or not (``PathPolicy.other_versions``); none when no rule that judges a file by
    its versions is active."""
    return linter.paths.other_versions(names) if linter.rules.reads_translations else []


def _context(
    resolver: Resolver[G], settings: FileSettings[G], names: Sequence[str], versions: Sequence[str]
) -> list[str]:
    """``context_files``, given the paths of the versions of ``names``. When versions are
    found by a front-matter key, the path cannot tell them: every other file of the
    collection is read (walked from its configuration's folder; the result cache makes a
    warm run cheap)."""
    linter = settings.linter
    if linter.rules.translations_by_key:
        named = {os.path.realpath(name) for name in names}
        folder = os.path.relpath(linter.config.root)
        return [
            os.path.relpath(name)  # ../films/x.md, walked from the site, is x.md from here
            for name, found in resolver.files([folder])
            if found is settings and os.path.realpath(name) not in named
        ]
    found: dict[str, None] = {}
    named = set(names)
    for version in versions:
        name = version
        if not os.path.isfile(version):  # noqa: PTH113
            # Spelt with another separator (``film.en.md``): not named, or it is no context.
            respelt = linter.paths.respelt(version)
            if respelt is None or respelt in named:
                continue
            name = respelt
        if resolver.settings_for(name) is settings:
            found[name] = None
    return list(found)


def lint_groups(
    groups: Sequence[Group[Any]],
    *,
    jobs: int,
    use_cache: bool = False,
    cache: ResultCache | None = None,
) -> LintRun:
    """Both phases over each group of files with its linter. ``use_cache``: reuse and keep
    results in the cache folder of each group's configuration; ``cache``: in this one."""
    caches: dict[Path, _RunCache] = {}
    diagnostics: list[Diagnostic] = []
    for group in groups:
        linter: GroupLinter = group.linter
        group_cache = cache
        if cache is None and use_cache:
            folder = linter.config.cache_folder
            group_cache = caches.get(folder) or caches.setdefault(
                folder, _RunCache(folder, linter.config.setting("cache-dir"))
            )
        entry = None
        if group_cache is not None and len(group.names) >= RUN_ENTRY_FILES:
            entry = _RunEntry.of(group, group_cache)
        if entry is not None and entry.known is not None:
            diagnostics.extend(entry.known)
            continue
        versions, context, plan = group.versions_and_files()
        context_only = frozenset(context)
        files, streamed = _streamed_sets(
            linter, [*group.names, *context], context_only, plan.sets if plan else ()
        )
        watched = _Watched(versions) if entry is not None else None
        planned = dict(zip(files, streamed.sets, strict=True)) if streamed is not None else {}
        sources = plan.sources if plan else None
        with linter.paths.planned(planned, sources), GatheredReferences() as gathered:
            found: list[FileResult] = []
            results = file_results(
                RunFiles(linter, context_only), files, jobs=jobs, cache=group_cache, judge=streamed
            )
            for path, result in zip(files, results, strict=True):
                if watched is not None:
                    watched.seen[path] = result.seen
                gathered.add(result.gathered)  # kept apart: a database beyond a few thousand
                if result.diagnostics or result.silenced:  # most files: nothing to keep
                    found.append(FileResult(result.diagnostics, silenced=result.silenced))
            finished = linter.finish(
                found, context_only=context_only, gathered=gathered, streamed=streamed
            )
        state = None if watched is None else watched.state(group.names, context)
        if entry is not None and state is not None and group_cache is not None:
            group_cache.put_run(entry.key, versions, state, finished)
        diagnostics.extend(finished)
    for run_cache in caches.values():
        run_cache.save_once()
    if cache is not None:
        cache.save()  # the run entries, added after each group's file phase saved the rest
    if len(groups) > 1:  # each group's are sorted already
        diagnostics.sort(key=Diagnostic.sort_key)
    return LintRun(diagnostics, sum(len(group.names) for group in groups))


def _streamed_sets(
    linter: GroupLinter, files: list[str], context_only: frozenset[str], planned: Sequence[str] = ()
) -> tuple[list[str], StreamedSets | None]:
    """The files of a group's run in the order of their translation sets, and the judge of
    those sets (``StreamedSets``): a stable sort by each file's path without its locale, so
    that a set's files are adjacent and come in the order they were. ``files`` as they are,
    and None, when no rule is streamed, or when a front-matter key may name a file's set
    (its path cannot tell it). ``planned``: the sets of the first files, already worked out."""
    rules = linter.rules
    if rules.translations_by_key or not any(streams(rule) for rule, _ in rules.gathers):
        return files, None
    unlocalized = linter.paths.unlocalized
    sets = [*planned, *(unlocalized(name) for name in files[len(planned) :])]
    order = sorted(range(len(files)), key=sets.__getitem__)
    judge = StreamedSets(
        rules.gathers,
        linter.context,
        [sets[i] for i in order],
        context_only=context_only,
        read_in_full=partial(diagnostics_in_full, linter),
    )
    return [files[i] for i in order], judge


def diagnostics_in_full(linter: GroupLinter, path: str) -> Sequence[Diagnostic]:
    """What ``linter``'s full file phase finds in a file read only for context (which went
    through its context reader's), reported or silenced."""
    return linter.file_result(path).found()


class _RunEntry:
    """A group's run entry: its key, and the diagnostics it holds when the group's files
    are as they were (else None)."""

    __slots__ = ("key", "known")

    def __init__(self, key: str, known: list[Diagnostic] | None) -> None:
        self.key = key
        self.known = known

    @classmethod
    def of(cls, group: Group[Any], cache: ResultCache) -> _RunEntry | None:
        """None when the group's run phase may not give the same diagnostics again."""
        keys = group.linter.cache_keys
        if not keys.run_reproducible:
            return None
        key = keys.run_key(group.settings.collection_name)
        cache.load()
        stored = cache.run_entry(key)
        if stored is None:
            return cls(key, None)
        context = group.files(stored.versions)
        if group_state(group.names, context, stored.versions) != stored.state:
            return cls(key, None)
        return cls(key, stored.diagnostics())


class _Watched:
    """What a group's files were as its file phase found them, for the state of its new run
    entry (``state_of``): the other versions before any file is read, then each file as its
    lookup found it before reading it (``FileResult.seen``), so the state needs no pass of
    its own over the files."""

    def __init__(self, versions: Sequence[str]) -> None:
        self.clock = time.time_ns()
        self.kinds = version_kinds(versions)
        self.seen: dict[str, Seen | None] = {}

    def state(self, names: Sequence[str], context: Sequence[str]) -> str | None:
        return state_of(names, context, self.kinds, self.seen, self.clock)


class _RunCache(ResultCache):
    """A configuration's result cache shared by its groups (collections): read once, by
    the first group's file phase, and written once, at the end of the run."""

    def __init__(self, folder: Path, setting: str) -> None:
        super().__init__(folder, setting)
        self._loaded = False

    def load(self) -> None:
        if not self._loaded:
            super().load()
            self._loaded = True

    def save(self) -> None:
        """Not after each group's file phase: ``save_once`` saves at the end of the run."""

    def save_once(self) -> None:
        super().save()
