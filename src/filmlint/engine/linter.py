"""The per-file pipeline: read, decode, parse, validate, run the rules, place and filter
problems; the run phase (``finish``) is ``filmlint.engine.run_phase``'s.

The file phase (``file_result``, ``text_result``) shares nothing between files: its result,
a picklable ``FileResult``, can come from a worker process or the result cache. A failure in
it is an ``internal-error`` on the file, never the end of the run. ``lint_text``,
``lint_bytes`` and ``lint_file`` do both phases for one file but never touch the network;
for online checks, build ``Linter(config, network=True)`` and call ``lint_paths``.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from filmlint.diagnostics import Diagnostic, Finding, Reference
from filmlint.engine import arguments, placement, run_phase
from filmlint.engine.cache_keys import CacheKeys
from filmlint.engine.crashes import (
    crash_finding,
    has_crash,
    pipeline_failed,
    with_internal_error,
)
from filmlint.engine.finding_filter import FindingFilter
from filmlint.engine.paths import PathPolicy
from filmlint.engine.results import FileResult, LintRun
from filmlint.engine.rule_runner import RuleRunner
from filmlint.engine.settings import Config, RuleSettings, check_collections
from filmlint.rule_names import UNREADABLE_FILE
from filmlint.rulekit.declaration import Registry, RunContext
from filmlint.rules import load_registry
from filmlint.schema.validation import SchemaLoadError
from filmlint.text.decoding import binary_text, decode
from filmlint.text.reading import read_bytes, read_file

if TYPE_CHECKING:
    from filmlint.engine.cache import ResultCache
    from filmlint.engine.gathered import GatheredReferences
    from filmlint.frontmatter.document import Document

__all__ = ["FileResult", "LintRun", "Linter", "LinterOptions", "default_linter"]


class Linter:
    """Lints texts and files with one configuration; build it once and reuse it."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        schema: Path | None = None,
        registry: Registry | None = None,
        network: bool | None = None,
        status: TextIO | None = None,
        quiet: bool = False,
    ) -> None:
        """``config``: None for the defaults, and for ``lint_paths`` each file's nearest
        configuration. ``network``: True goes online whatever the rules' options say, False
        never does, None follows them. ``status``: a stream for progress and summaries (None:
        silent; with ``quiet``, for warnings only)."""
        given = arguments.optional(config, Config, "Linter", "config")
        self.config = given or Config()
        #: What this linter was built with, to build the same for other configurations.
        options = LinterOptions.checked(select, ignore, schema, registry, network, status, quiet)
        self.options = options
        select, ignore = options.select, options.ignore
        self._config_given = given is not None
        #: Builds the same linter: picklable, so a worker process builds one for the file
        #: phase. None when built with a registry of its own, which it cannot rebuild.
        self.spec: Callable[[], Linter] | None = options.spec(self.config)
        self.registry = with_internal_error(options.registry or load_registry())
        settings = RuleSettings.resolve(self.config, self.registry, select=select, ignore=ignore)
        paths = PathPolicy(self.config, self.registry)
        self._assemble(settings, paths, _run_context(self.config, paths, options))
        self._context_reader: Linter | None = None

    def _assemble(self, settings: RuleSettings, paths: PathPolicy, context: RunContext) -> None:
        """The parts that run the file phase with ``settings``."""
        self.settings = settings
        self.paths = paths
        self.context = context
        self.rules = _rule_runner(settings, self.config, self.options.schema, context)
        self._filter = FindingFilter(self.registry, settings, paths)
        self._result = self._filter.result
        digest = self.rules.schema.digest if self.rules.schema is not None else None
        self.cache_keys = CacheKeys(self.config, settings, digest, paths, self.rules.gather_options)

    def lint_paths(
        self,
        paths: Iterable[str | Path] | str | Path,
        *,
        jobs: int = 1,
        cache: ResultCache | None = None,
    ) -> LintRun:
        """Both phases over the files named and the Markdown files under the folders named:
        the file phase in ``jobs`` worker processes when there are many files, reusing the
        results in ``cache`` of files that have not changed.

        Files are chosen and configured as on the command line: the configuration this
        linter was built with applies to every file (its ``exclude`` and collections too);
        built without one, each file gets its nearest configuration file (or the defaults).
        """
        from filmlint.engine.group_runs import lint_groups, run_groups  # a run over paths only
        from filmlint.engine.resolution import Resolver

        named = arguments.paths(paths, "lint_paths")
        jobs, cache = _run_arguments(jobs, cache)
        forced = self.config if self._config_given else None
        check = partial(check_collections, registry=self.registry)  # each configuration read
        resolver = Resolver(
            self.options.linter, forced=forced, defaults=self.config, seed=self, check=check
        )
        return lint_groups(run_groups(resolver, named), jobs=jobs, cache=cache)

    def lint_file(self, path: str | Path) -> list[Diagnostic]:
        return self.finish([self.file_result(arguments.path(path, "lint_file"))], offline=True)

    def lint_bytes(self, raw: bytes, path: str | os.PathLike[str]) -> list[Diagnostic]:
        raw, name = arguments.raw_bytes(raw, "lint_bytes"), arguments.path(path, "lint_bytes")
        return self.finish([self.bytes_result(raw, name)], offline=True)

    def lint_text(self, text: str, path: str | os.PathLike[str] | None = None) -> list[Diagnostic]:
        text, name = arguments.text(text, "lint_text"), arguments.optional_name(path, "lint_text")
        return self.finish([self.text_result(text, name)], offline=True)

    def file_result(self, path: str | Path, cache: ResultCache | None = None) -> FileResult:
        """The file phase for one file on disk, or its result from ``cache`` when there."""
        if cache is None:
            read = self._read(path)
            return read if isinstance(read, FileResult) else self.bytes_result(read, str(path))
        found = self.cache_keys.lookup(path, cache, self._read)
        if isinstance(found, FileResult):
            return found
        text, bad_encoding = decode(found.raw)
        result = self._decoded_result(text, bad_encoding, str(path))
        if not has_crash(result.diagnostics):  # a failure may not recur: never kept
            cache.put(result, found, keeping=self.rules.keeping_file_text)
        result.seen = found.seen  # a result just made: no second one built to carry it
        return result

    def cached_result(self, path: str | Path, cache: ResultCache) -> FileResult | None:
        """The result of a file from ``cache``, without linting it; None when absent."""
        found = self.cache_keys.lookup(path, cache, self._read)
        return found if isinstance(found, FileResult) else None

    def settled_result(self, path: str | Path, cache: ResultCache) -> FileResult | None:
        """``cached_result`` by the file's size and change time alone: never read."""
        return self.cache_keys.settled(path, cache)

    def context_result(self, path: str | Path, cache: ResultCache | None = None) -> FileResult:
        """The file phase for a file read only to judge others (a named file's translation),
        on which nothing is reported: its result from ``cache`` when there, else only what
        the rules that read translations gather from it (``context_reader``)."""
        found = self.settled_result(path, cache) if cache is not None else None  # not read twice
        return found if found is not None else self.context_reader.file_result(path, cache)

    @property
    def context_reader(self) -> Linter:
        """This linter with only the rules that read translations (their ``gather``): no
        other rule's check, no schema, no unused suppressions; suppression comments still
        mark what they cover as not ``reported``. Its results are cached under keys of
        their own (its settings are its rules)."""
        if self._context_reader is None:
            self._context_reader = _reader_of(self)
        return self._context_reader

    def _read(self, path: str | Path, found: os.stat_result | None = None) -> bytes | FileResult:
        """The file's bytes, or the result saying why they cannot be read (``found``: its stat)."""
        read = read_file(path, self.config.max_file_size, found)
        return read if isinstance(read, bytes) else self._result([read], str(path), "")

    def bytes_result(self, raw: bytes, path: str) -> FileResult:
        return self._decoded_result(*decode(raw), path)

    def text_result(self, text: str, path: str | None = None) -> FileResult:
        binary = binary_text(text)  # a NUL: binary, as a file with a NUL byte is (``decode``)
        return self._decoded_result(text if binary is None else text[: binary.start], binary, path)

    def _decoded_result(self, text: str, fault: Finding | None, path: str | None) -> FileResult:
        """``fault``: why the text is not to be linted (decoding it, or a NUL in it)."""
        if fault is not None:
            return self._result([fault], path or "<text>", text)
        from filmlint.frontmatter.parser import parse_document  # ruamel.yaml: not for cached files

        try:
            parsed = parse_document(text, path)
        except Exception as error:  # a bug of filmlint's: the file says so, the run goes on
            return self._result([crash_finding(pipeline_failed(error))], path or "<text>", text)
        return self.document_result(*parsed)

    def document_result(self, document: Document, findings: list[Finding]) -> FileResult:
        """The file phase for a parsed text; ``findings`` are the parser's (left as they are)."""
        path = document.path or "<text>"
        try:
            return self._checked(document, findings, path)
        except Exception as error:  # a bug of filmlint's: the file says so, the run goes on
            return self._result([crash_finding(pipeline_failed(error))], path, document.text)

    def _checked(self, document: Document, findings: list[Finding], path: str) -> FileResult:
        gathered: tuple[Reference, ...] = ()
        if document.data is not None:
            document.locale = self.paths.locale_for(document.path, document.data)
            if self.rules.reads_translations and document.path is not None:
                document.unlocalized_path = self.paths.unlocalized(path)
            problems, crashes = self.rules.problems(document)
            findings = [*findings, *placement.findings(document, problems), *crashes]
            if self.rules.gathering:
                ignored = self.paths.ignored_for(path)
                gathered, crashes = self.rules.gather(document, path, ignored)
                findings.extend(crashes)
        return self._result(findings, path, document.text, document, gathered)

    def finish(
        self,
        results: Sequence[FileResult],
        *,
        offline: bool = False,
        context_only: frozenset[str] = frozenset(),
        gathered: GatheredReferences | None = None,
        streamed: run_phase.StreamedSets | None = None,
        read_in_full: run_phase.ReadInFull | None = None,
        shown_file: Callable[[str], str] | None = None,
    ) -> list[Diagnostic]:
        """The run phase: every file's diagnostics and those of the run-level rules, sorted.

        ``offline=True`` keeps this call off the network whatever the linter was built with.
        ``context_only``: files read only to judge others; nothing is reported on them. The
        others as ``run_phase.finish`` takes them (``read_in_full``: by default, this one's)."""
        return run_phase.finish(
            results,
            self.rules.gathers,
            self.settings.severity,
            self.context,
            offline=offline,
            context_only=context_only,
            gathered=gathered,
            streamed=streamed,
            read_in_full=read_in_full or (lambda path: self.file_result(path).found()),
            shown_file=shown_file,
        )


@dataclass(frozen=True)
class LinterOptions:
    """A linter's arguments besides its configuration."""

    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    schema: Path | None
    registry: Registry | None
    network: bool | None
    status: TextIO | None
    quiet: bool = False

    @classmethod
    def checked(
        cls,
        select: object,
        ignore: object,
        schema: object,
        registry: object,
        network: object,
        status: object,
        quiet: object = False,
    ) -> LinterOptions:
        """``Linter``'s arguments besides its configuration, each of the type it takes (a
        ``TypeError`` that says what to pass, otherwise)."""
        return cls(
            arguments.selection(select, "Linter"),
            arguments.selectors(ignore, "Linter", "ignore") or (),
            arguments.optional_path(schema, "Linter"),
            arguments.optional(registry, Registry, "Linter", "registry"),
            arguments.optional_flag(network, "Linter", "network"),
            arguments.optional_stream(status, "Linter", "status"),
            arguments.flag(quiet, "Linter", "quiet"),
        )

    def spec(self, config: Config) -> Callable[[], Linter] | None:
        """What builds a linter of these options and ``config`` in a worker process (the
        file phase's parts: no status), or None with a registry of its own."""
        if self.registry is not None:
            return None
        return partial(
            Linter,
            config,
            select=self.select,
            ignore=self.ignore,
            schema=self.schema,
            network=self.network,
        )

    def linter(self, config: Config) -> Linter:
        """A linter built with these options and ``config`` (a collection's, another
        file's)."""
        return Linter(
            config,
            select=self.select,
            ignore=self.ignore,
            schema=self.schema,
            registry=self.registry,
            network=self.network,
            status=self.status,
            quiet=self.quiet,
        )


def _run_arguments(jobs: object, cache: object) -> tuple[int, ResultCache | None]:
    """``Linter.lint_paths``'s ``jobs`` and ``cache``, of the types it takes."""
    from filmlint.engine.cache import ResultCache  # a run over paths only

    checked = arguments.optional(cache, ResultCache, "lint_paths", "cache")
    return arguments.count(jobs, "lint_paths", "jobs"), checked


_DEFAULT: list[Linter] = []


def default_linter() -> Linter:
    """A linter with the default configuration, built on first use and then reused."""
    if not _DEFAULT:
        _DEFAULT.append(Linter())
    return _DEFAULT[0]


def _rule_runner(
    settings: RuleSettings, config: Config, schema: Path | None, context: RunContext
) -> RuleRunner:
    """The rule runner, with its schema loaded: ``schema`` (the caller's, named by its path
    alone when it cannot be) or the configuration's, named by its file and key."""
    try:
        return RuleRunner(settings, schema or config.schema, context)
    except SchemaLoadError as error:
        if schema is not None:
            raise
        raise SchemaLoadError(f"{config.setting('schema')}: {error}", error.paths) from None


def _run_context(config: Config, paths: PathPolicy, options: LinterOptions) -> RunContext:
    return RunContext(
        root=config.root,
        network=options.network,
        status=options.status,
        quiet=options.quiet,
        locales=paths.locales,
        default_locale=config.locale_default,
        locale_key=config.locale_key,
        read_file=partial(read_bytes, max_size=config.max_file_size),
        versions=paths.locale_versions,
        setting=config.setting,
    )


def _reader_of(linter: Linter) -> Linter:
    """``linter.context_reader``: a shallow copy (every attribute shared) with the file
    phase's parts rebuilt for the rules that read translations."""
    reader = copy.copy(linter)
    reader.spec = partial(_context_reader, linter.spec) if linter.spec is not None else None
    settings = linter.settings
    reading = tuple(r for r in settings.active if r.reads_translations and r.gather)
    subset = RuleSettings(reading, settings.options, settings.severity)
    reader._assemble(subset, linter.paths, linter.context)
    reader._context_reader = reader
    return reader


def _context_reader(spec: Callable[[], Linter]) -> Linter:
    """The context reader of the linter ``spec`` builds (picklable, for a worker process)."""
    return spec().context_reader


def unreadable_result(linter: Linter, why: str, path: str) -> FileResult:
    """``linter``'s file phase for a text that is not linted, as a file that cannot be read:
    only its ``unreadable-file`` problem, saying ``why`` (the language server's text of an
    open file larger than ``max-file-size``). Beside the class, which stays small."""
    return linter._result([Finding(UNREADABLE_FILE, why, 0, 0)], path, "")
