"""A content repository, as the command line lints it: each file with its nearest
configuration (``filmlint.engine.resolution``) and its collection, each group of files with
one ``Linter`` built for it; linting and fixing over all of them as one run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from filmlint.diagnostics import Diagnostic
from filmlint.engine import arguments
from filmlint.engine.linter import FileResult, Linter
from filmlint.engine.overrides import Overrides
from filmlint.engine.resolution import FileSettings, Resolver, Skipped
from filmlint.engine.results import LintRun
from filmlint.engine.settings import Config, check_collections, load_config
from filmlint.rulekit.declaration import RuleError
from filmlint.rules import load_registry

if TYPE_CHECKING:
    from filmlint.engine.fixer import FixResult

__all__ = ["FileSettings", "FixRun", "Project", "Skipped", "fix_bytes"]


class FixRun:
    """What fixing did: each file's fix (nothing written yet), and the diagnostics that
    remain. ``stdin``: the one text was read from stdin (``fix_bytes``), not from a file.
    A plain class: a named tuple costs the start-up of every run, fixing or not."""

    __slots__ = ("diagnostics", "results", "stdin")

    def __init__(
        self, results: list[FixResult], diagnostics: list[Diagnostic], stdin: bool = False
    ) -> None:
        self.results = results
        self.diagnostics = diagnostics
        self.stdin = stdin


class Project:
    """Resolves, for every file, its nearest configuration and its collection, and lints each
    group of files with one Linter built for it (built once per (config, collection))."""

    def __init__(
        self,
        *,
        config: Path | str | Config | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        schema: Path | str | None = None,
        network: bool | None = None,
        status: TextIO | None = None,
        overrides: Overrides | None = None,
        quiet: bool = False,
    ) -> None:
        """``config``: a configuration file or ``Config`` forced for all files (None: each
        file's nearest); ``overrides``: added to each configuration (--extend-select,
        --per-file-ignores). The others are ``Linter``'s, for every linter built."""
        if config is not None and not isinstance(config, Config):
            config = load_config(arguments.path(config, "Project"))
        self._select = arguments.selectors(select, "Project", "select") or None
        self._ignore = arguments.selectors(ignore, "Project", "ignore") or ()
        self._schema = arguments.optional_path(schema, "Project")
        self._network = network
        self._status = status
        self._quiet = arguments.flag(quiet, "Project", "quiet")
        self._overrides = overrides or Overrides()
        self._resolver: Resolver[Linter] = Resolver(
            self._linter, forced=config, check=_check_collections
        )

    def settings_for(self, path: str | Path) -> FileSettings[Linter] | Skipped:
        """The settings ``path`` is linted with, or why it is skipped (it need not exist)."""
        return self._resolver.settings_for(path)

    def named_settings(self, path: str | Path) -> FileSettings[Linter] | Skipped:
        """The settings ``path``, named on the command line, is linted with: as
        ``settings_for``, but a name that does not exist is linted (and reported as unreadable)
        whatever the globs say of it, as ``files`` and a check do."""
        return self._resolver.named_settings(path)

    def folder_settings(self, folder: str | Path = ".") -> FileSettings[Linter]:
        """The top-level settings of ``folder``'s configuration (for a text with no name)."""
        return self._resolver.folder_settings(folder)

    def files(
        self, paths: Iterable[str | Path]
    ) -> list[tuple[str, FileSettings[Linter] | Skipped]]:
        """The files under ``paths`` with their settings; named files skipped are kept."""
        return self._resolver.files(paths)

    def context_files(self, settings: FileSettings[Linter], names: Sequence[str]) -> list[str]:
        """The files a run reads only to judge ``names`` (their other language versions)."""
        from filmlint.engine.group_runs import context_files  # a run over paths only

        return context_files(self._resolver, settings, names)

    def linters(self) -> list[Linter]:
        """The linters built so far, one per (configuration, collection)."""
        return self._resolver.linters()

    def configs(self) -> list[Config]:
        """The configuration files read so far (with those whose linter could not be built)."""
        return self._resolver.configs()

    def outside(self) -> list[tuple[Config, list[str]]]:
        """The files of the runs so far outside the folder of the configuration forced on
        them, whose globs (which start there) therefore match none of them."""
        return self._resolver.outside()

    def lint(
        self, paths: Iterable[str | Path], *, jobs: int = 1, use_cache: bool = False
    ) -> LintRun:
        """Both phases over the files under ``paths``, group by group, in up to ``jobs``
        worker processes; ``use_cache``: with each configuration's result cache."""
        from filmlint.engine.group_runs import lint_groups, run_groups  # a run over paths only

        return lint_groups(run_groups(self._resolver, paths), jobs=jobs, use_cache=use_cache)

    def fix(self, paths: Iterable[str | Path], *, unsafe: bool = False) -> FixRun:
        """Each file's fixes (nothing is written), group by group, with the diagnostics that
        remain after each group's run phase. As ``lint`` does, each group reads the other
        language versions of its files as context, neither fixed nor reported on."""
        from filmlint.engine.fixer import Fixer  # only when fixing
        from filmlint.engine.group_runs import context_files

        results: list[FixResult] = []
        diagnostics: list[Diagnostic] = []
        groups = self._resolver.groups(paths)
        for settings, names in groups.items():
            linter = settings.linter
            fixer = Fixer(linter, unsafe=unsafe)
            fixed = [fixer.fix_file(name) for name in names]
            context = {
                name: linter.context_result(name)
                for name in context_files(self._resolver, settings, names)
            }
            diagnostics.extend(fixer.finish(fixed, context=context))
            results.extend(fixed)
        if len(groups) > 1:
            diagnostics.sort(key=Diagnostic.sort_key)
            results.sort(key=lambda result: result.path or "")
        return FixRun(results, diagnostics)

    def _linter(self, config: Config) -> Linter:
        return Linter(
            self._overrides.apply(config),
            select=self._select,
            ignore=self._ignore,
            schema=self._schema,
            network=self._network,
            status=self._status,
            quiet=self._quiet,
        )


def _check_collections(config: Config) -> None:
    if not config.collections:  # its one linter judges it: no registry to read here
        return
    try:
        registry = load_registry()
    except RuleError:  # a plugin that cannot be loaded: each linter built says so, as ever
        return
    check_collections(config, registry)


def fix_bytes(
    linter: Linter,
    raw: bytes,
    name: str,
    unsafe: bool = False,
    *,
    context: Mapping[str, FileResult] | None = None,
) -> FixRun:
    """Fix one text read from stdin, named ``name``; undecodable bytes are only linted.
    ``context``: the results of the files read only to judge it (its other language
    versions), by name."""
    from filmlint.engine.fixer import Fixer, FixResult  # only when fixing
    from filmlint.text.decoding import decode

    fixer = Fixer(linter, unsafe=unsafe)
    text, bad_encoding = decode(raw)
    if bad_encoding is None:
        result = fixer.fix_text(text, name)
    else:
        result = FixResult(name, "", "", linter.bytes_result(raw, name))
    result.source = raw
    return FixRun([result], fixer.finish([result], context=context), stdin=True)
