"""The pipeline: per file, read, parse, validate, run the rules, place and filter problems;
then, once per run, the rules' run-level phase over what the files gathered.

A run has two phases. The file phase (``file_result``, ``text_result``) is single-pass and
shares nothing between files: its result, a picklable ``FileResult``, can come from a worker
process or a per-file cache. The run phase (``finish``) takes every file's result and adds
the diagnostics of rules that judge across files (``url-reachable``: each URL once).

``lint_paths`` does both phases, the file phase in worker processes (``filmlint.engine.parallel``)
and from the result cache (``filmlint.engine.cache``) when asked. ``lint_text``, ``lint_bytes`` and
``lint_file`` do both for one file but never touch the network: url-reachable reports what
its cache already knows. A library user who wants online checks builds
``Linter(config, network=True)`` and calls ``lint_paths``, or collects ``file_result``s and
calls ``finish`` once.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from filmlint.diagnostics import (
    Diagnostic,
    Finding,
    Fix,
    Position,
    Problem,
    Reference,
    ReferenceProblem,
)
from filmlint.engine.files import discover, glob_regex, matches_any
from filmlint.engine.settings import Config, RuleSettings, selected_rules
from filmlint.engine.suppressions import has_suppressions, read_suppressions
from filmlint.rule_names import (
    SCHEMA,
    SCHEMA_RULES,
    UNREADABLE_FILE,
    UNUSED_SUPPRESSION,
)
from filmlint.rulekit.declaration import Registry, Rule, RunContext
from filmlint.rules import load_registry
from filmlint.schema.validation import SchemaChecker
from filmlint.text.decoding import decode
from filmlint.text.positions import LineIndex

if TYPE_CHECKING:
    from filmlint.engine.cache import ResultCache
    from filmlint.frontmatter.document import Document


class RuleCrash(Exception):
    """A rule raised instead of yielding problems: a bug in that rule."""

    def __init__(self, rule: Rule, path: str, error: Exception) -> None:
        super().__init__(
            f"rule {rule.name} ({rule.origin}) failed on {path}: {type(error).__name__}: {error}"
        )
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process, it is pickled back to the parent with its message.
        return (_rebuilt_crash, (str(self), self.rule))


def _rebuilt_crash(message: str, rule: Rule) -> RuleCrash:
    crash = RuleCrash.__new__(RuleCrash)
    Exception.__init__(crash, message)
    crash.rule = rule
    return crash


@dataclass(frozen=True)
class FileResult:
    """What the file phase found in one file: its diagnostics, and the references its
    run-level rules gathered (empty for most files and rules)."""

    diagnostics: list[Diagnostic]
    gathered: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class LintRun:
    diagnostics: list[Diagnostic]
    files: int


@dataclass(frozen=True)
class LinterSpec:
    """How a linter was built: picklable, so a worker process builds one for the file phase."""

    config: Config
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    schema: Path | None

    def build(self) -> Linter:
        return Linter(self.config, select=self.select, ignore=self.ignore, schema=self.schema)


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
    ) -> None:
        """``network``: True goes online whatever the rules' options say, False never does,
        None follows them. ``status``: a stream for progress and summaries (None: silent)."""
        self.config = config or Config()
        #: None when built with a registry of its own, which worker processes cannot rebuild.
        self.spec = (
            LinterSpec(self.config, tuple(select) if select else None, tuple(ignore), schema)
            if registry is None
            else None
        )
        self.registry = registry or load_registry()
        self.settings = RuleSettings.resolve(
            self.config,
            self.registry,
            select=tuple(select) if select else None,
            ignore=tuple(ignore),
        )
        self._active = frozenset(rule.name for rule in self.settings.active)
        self._checks = [(r, self.settings.options[r.name]) for r in self.settings.active if r.check]
        self._gathers = [
            (r, self.settings.options[r.name]) for r in self.settings.active if r.gather
        ]
        self.context = RunContext(root=self.config.root, network=network, status=status)
        needs_schema = not self._active.isdisjoint(SCHEMA_RULES)
        self._schema = SchemaChecker.load(schema or self.config.schema) if needs_schema else None
        where = self.config.path.name if self.config.path else "config"
        self._per_file_ignores = [
            (glob_regex(glob), selected_rules(self.registry, rules, (), where))
            for glob, rules in self.config.per_file_ignores
        ]
        self._ignored_by_path: dict[str, frozenset[str]] = {}
        self._contexts: dict[str, str] = {}
        self._resolved_root = self.config.root.resolve()
        # Longest suffix first; each as the name endings it matches (film-en, film.en, film_en).
        self._suffixes = [
            (("-" + suffix, "." + suffix, "_" + suffix), tag)
            for suffix, tag in sorted(
                self.config.locale_suffixes.items(), key=lambda kv: -len(kv[0])
            )
        ]

    def lint_paths(
        self, paths: Iterable[Path], *, jobs: int = 1, cache: ResultCache | None = None
    ) -> LintRun:
        """Both phases over the Markdown files in ``paths``: the file phase in ``jobs``
        worker processes when there are many files, reusing the results in ``cache`` of
        files that have not changed."""
        from filmlint.engine.parallel import file_results

        files = discover(paths, self.config.exclude, self.config.root)
        found = [
            result
            for result in file_results(self, files, jobs=jobs, cache=cache)
            if result.diagnostics or result.gathered  # most files: nothing to keep
        ]
        return LintRun(self.finish(found), len(files))

    def lint_file(self, path: Path) -> list[Diagnostic]:
        return self.finish([self.file_result(path)], offline=True)

    def lint_bytes(self, raw: bytes, path: str) -> list[Diagnostic]:
        return self.finish([self.bytes_result(raw, path)], offline=True)

    def lint_text(self, text: str, path: str | None = None) -> list[Diagnostic]:
        return self.finish([self.text_result(text, path)], offline=True)

    def file_result(self, path: str | Path, cache: ResultCache | None = None) -> FileResult:
        """The file phase for one file on disk, or its result from ``cache`` when there."""
        if cache is None:
            read = self._read(path)
            return read if isinstance(read, FileResult) else self.bytes_result(read, str(path))
        found = self._from_cache(path, cache)
        if isinstance(found, FileResult):
            return found
        read, key = found
        result = self.bytes_result(read, str(path))
        cache.put(key, result)
        return result

    def cached_result(self, path: str | Path, cache: ResultCache) -> FileResult | None:
        """The result of a file from ``cache``, without linting it; None when absent."""
        found = self._from_cache(path, cache)
        return found if isinstance(found, FileResult) else None

    def _from_cache(self, path: str | Path, cache: ResultCache) -> FileResult | tuple[bytes, str]:
        """The file's cached result, or its bytes and cache key when it has none.

        A file whose size and modification time are those recorded for its path in this run
        context is not even read (as git and ruff do); a change of either makes it read and
        hashed again.
        """
        name = str(path)
        context = self.cache_context()
        try:
            stat = os.stat(name)  # noqa: PTH116 (pathlib's stat is slower)
        except OSError:
            stat = None
        if stat is not None:
            known = cache.key_for_stat(context, name, stat.st_mtime_ns, stat.st_size)
            result = cache.get(known, name) if known is not None else None
            if result is not None:
                return result
        read = self._read(path)
        if isinstance(read, FileResult):
            return read
        key = self.cache_key(name, read)
        if stat is not None and _settled(stat.st_mtime_ns):
            cache.put_stat(context, name, stat.st_mtime_ns, stat.st_size, key)
        result = cache.get(key, name)
        return result if result is not None else (read, key)

    def _read(self, path: str | Path) -> bytes | FileResult:
        """The file's bytes, or the result that reports why they cannot be read."""
        try:
            with open(path, "rb") as stream:  # noqa: PTH123 (pathlib's read_bytes is slower)
                return stream.read()
        except OSError as error:
            reason = error.strerror or str(error)
            finding = Finding(UNREADABLE_FILE, f"cannot read file: {reason}", 0, 0)
            return self._result([finding], str(path), "")

    def bytes_result(self, raw: bytes, path: str) -> FileResult:
        text, bad_encoding = decode(raw)
        if bad_encoding is not None:
            return self._result([bad_encoding], path, text)
        return self.text_result(text, path)

    def text_result(self, text: str, path: str | None = None) -> FileResult:
        from filmlint.frontmatter.parser import parse_document  # ruamel.yaml: not for cached files

        return self.document_result(*parse_document(text, path))

    def document_result(self, document: Document, findings: list[Finding]) -> FileResult:
        """The file phase for a parsed text; ``findings`` are the parser's (left as they are)."""
        path = document.path or "<text>"
        gathered: tuple[Reference, ...] = ()
        if document.data is not None:
            document.locale = self.locale_of(document.path)
            findings = [*findings, *self._place(document, self._problems(document))]
            gathered = self._gather(document, path)
        return self._result(findings, path, document.text, document, gathered)

    def finish(self, results: Sequence[FileResult], *, offline: bool = False) -> list[Diagnostic]:
        """The run phase: every file's diagnostics and those of the run-level rules, sorted.

        ``offline=True`` keeps this call off the network whatever the linter was built with.
        """
        diagnostics = [d for result in results for d in result.diagnostics]
        if self._gathers:
            context = replace(self.context, network=False) if offline else self.context
            for rule, options in self._gathers:
                references = [
                    r for result in results for r in result.gathered if r.rule == rule.name
                ]
                if not references:
                    continue
                assert rule.finish is not None
                try:
                    problems = list(rule.finish(references, options, context))
                except Exception as error:
                    raise RuleCrash(rule, "the run", error) from error
                diagnostics.extend(self._run_diagnostic(rule, p) for p in problems)
        diagnostics.sort(key=Diagnostic.sort_key)
        return diagnostics

    def cache_key(self, path: str, raw: bytes) -> str:
        """Names a file's cached result: a hash of everything the result depends on.

        The file's bytes, its path as named (rules and diagnostics see it), what the path
        decides (locale, per-file-ignores: both resolved, as they depend on the working
        folder too) and the run's settings (``settings_digest``).
        """
        locale = self.locale_of(path) or ""
        ignored = ",".join(sorted(self._ignored_for(path)))
        # NUL separates the parts: no path, tag or rule name holds one.
        digest = hashlib.sha256(f"{self.settings_digest}\0{path}\0{locale}\0{ignored}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def cache_context(self) -> str:
        """A hash of all that maps a path, as named, to what its result depends on besides
        the file's bytes (``cache_key``): the settings, the locale and per-file-ignores
        configured, and the folders that relative paths and globs are resolved from. Within
        one context a path alone names the file's last known key."""
        cwd = os.getcwd()  # noqa: PTH109 (a library's caller may change it between runs)
        context = self._contexts.get(cwd)
        if context is None:
            config = self.config
            parts = [
                self.settings_digest,
                config.locale_default,
                sorted(config.locale_suffixes.items()),
                config.per_file_ignores,
                str(self._resolved_root),
                cwd,
            ]
            text = json.dumps(parts, default=repr)
            context = self._contexts[cwd] = hashlib.sha256(text.encode()).hexdigest()
        return context

    @cached_property
    def settings_digest(self) -> str:
        """A hash of what every file's result depends on: filmlint's version, the rules that
        run (with their plugin's version), their options and severities, and the schema."""
        from filmlint.version import __version__

        rules = []
        for rule in self.settings.active:
            origin = rule.origin if rule.origin == "filmlint" else _plugin_version(rule.origin)
            options = self.settings.options[rule.name]
            severity = self.settings.severity[rule.name].value
            rules.append([rule.name, rule.code, origin, options, severity])
        schema = self._schema.digest if self._schema is not None else None
        text = json.dumps([__version__, rules, schema], sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()

    def locale_of(self, path: str | None) -> str | None:
        """The BCP 47 tag configured for a file, from its name's suffix (``film-en.md``)."""
        if path is not None and self._suffixes:
            stem = os.path.splitext(os.path.basename(path))[0]  # noqa: PTH119, PTH122 (speed)
            for endings, tag in self._suffixes:
                if stem.endswith(endings):
                    return tag
        return self.config.locale_default

    def _problems(self, document: Document) -> list[tuple[str, Problem]]:
        """(rule name, problem) pairs; a schema problem yields to a rule's on the same value."""
        found: list[tuple[str, Problem]] = []
        for rule, options in self._checks:
            try:
                found.extend((rule.name, p) for p in rule.check(document, options))  # type: ignore[misc]
            except Exception as error:
                raise RuleCrash(rule, document.path or "<text>", error) from error
        schema_problems = self._schema.check(document.data) if self._schema is not None else []
        if schema_problems:
            from filmlint.schema.fixes import with_fixes  # only for data with schema errors

            claimed = {p.path for _, p in found if p.target == "value"}
            for problem in with_fixes(schema_problems, document):
                name = problem.rule or SCHEMA
                if not (problem.target == "value" and problem.path in claimed):
                    found.append((name, problem))
        return found

    def _gather(self, document: Document, path: str) -> tuple[Reference, ...]:
        if not self._gathers:
            return ()
        ignored = self._ignored_for(path)
        source_map = document.source_map
        references = []
        for rule, options in self._gathers:
            if rule.name in ignored:
                continue
            assert rule.gather is not None
            try:
                found = list(rule.gather(document, options))
            except Exception as error:
                raise RuleCrash(rule, path, error) from error
            for data_path, value in found:
                start, end = source_map.span(data_path)
                line, column = source_map.position(start)
                end_line, end_column = source_map.position(end)
                content = source_map.content_span(data_path)
                references.append(
                    Reference(
                        rule.name,
                        value,
                        path,
                        start,
                        end,
                        line,
                        column,
                        end_line,
                        end_column,
                        content,
                        data_path,
                    )
                )
        return tuple(references)

    def _run_diagnostic(self, rule: Rule, problem: ReferenceProblem) -> Diagnostic:
        reference = problem.reference
        return Diagnostic(
            path=reference.file,
            line=reference.line,
            column=reference.column,
            end_line=reference.end_line,
            end_column=reference.end_column,
            code=rule.code,
            rule=rule.name,
            severity=problem.severity or self.settings.severity[rule.name],
            message=problem.message,
            fix=problem.fix and _placed(problem.fix, _position_in(reference)),
            data_path=reference.data_path,
        )

    @staticmethod
    def _place(document: Document, problems: list[tuple[str, Problem]]) -> Iterable[Finding]:
        source_map = document.source_map
        for rule, problem in problems:
            start, end = source_map.span(problem.path, problem.target, problem.part)
            yield Finding(
                rule, problem.message, start, end, problem.severity, problem.fix, problem.path
            )

    def _result(
        self,
        findings: list[Finding],
        path: str,
        text: str,
        document: Document | None = None,
        gathered: tuple[Reference, ...] = (),
    ) -> FileResult:
        ignored = self._ignored_for(path)
        kept = [f for f in findings if f.rule in self._active and f.rule not in ignored]
        if document is not None and has_suppressions(document):
            kept, gathered = self._suppress(document, kept, ignored, gathered)
        return FileResult(self._diagnostics(kept, path, text, document), gathered)

    def _diagnostics(
        self, kept: list[Finding], path: str, text: str, document: Document | None
    ) -> list[Diagnostic]:
        if not kept:
            return []
        position = (
            document.source_map.position if document is not None else LineIndex(text).position
        )
        diagnostics = []
        for finding in kept:
            line, column = position(finding.start)
            end_line, end_column = position(finding.end)
            rule = self.registry[finding.rule]
            diagnostics.append(
                Diagnostic(
                    path=path,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column,
                    code=rule.code,
                    rule=rule.name,
                    severity=finding.severity or self.settings.severity[rule.name],
                    message=finding.message,
                    fix=finding.fix and _placed(finding.fix, position),
                    data_path=finding.data_path,
                )
            )
        diagnostics.sort(key=Diagnostic.sort_key)
        return diagnostics

    def _suppress(
        self,
        document: Document,
        findings: list[Finding],
        ignored: frozenset[str],
        gathered: tuple[Reference, ...],
    ) -> tuple[list[Finding], tuple[Reference, ...]]:
        """Drop the findings and references that suppression comments cover; report the
        unused comments.

        A suppression that covers a gathered value (a URL) keeps it out of the run phase, so
        it is used whatever that phase would have found: the file phase cannot wait for it.
        """
        suppressions = read_suppressions(document, self.registry)
        kept = suppressions.apply(findings)
        if gathered:
            marks = [Finding(r.rule, r.value, r.start, r.end) for r in gathered]
            left = {id(mark) for mark in suppressions.apply(marks)}
            gathered = tuple(r for r, mark in zip(gathered, marks, strict=True) if id(mark) in left)
        if UNUSED_SUPPRESSION in self._active and UNUSED_SUPPRESSION not in ignored:
            kept.extend(suppressions.unused(lambda r: r in self._active and r not in ignored))
        return kept, gathered

    def _ignored_for(self, path: str) -> frozenset[str]:
        """The rules per-file-ignores turns off for ``path`` (asked for by the cache key, the
        gathering and the result of the same file: resolving a path costs system calls)."""
        if not self._per_file_ignores:
            return frozenset()
        absolute = os.path.abspath(path)  # noqa: PTH100 (a relative path follows the cwd)
        ignored = self._ignored_by_path.get(absolute)
        if ignored is None:
            names: set[str] = set()
            for pattern, rules in self._per_file_ignores:
                if matches_any(path, [pattern], self._resolved_root):
                    names.update(rules)
            ignored = self._ignored_by_path[absolute] = frozenset(names)
        return ignored


#: A file modified this recently may change again within the clock's resolution unseen, so
#: its size and time are not trusted to stand for its content (git's "racy" files).
_RACY_NS = 2_000_000_000


def _settled(mtime_ns: int) -> bool:
    return time.time_ns() - mtime_ns > _RACY_NS


def _plugin_version(distribution: str) -> str:
    """The installed version of a plugin's distribution (importlib.metadata: only then)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{distribution} {version(distribution)}"
    except PackageNotFoundError:
        return distribution


def _placed(fix: Fix, position: Callable[[int], Position]) -> Fix:
    """``fix`` with the line and column of each edit's ends."""
    edits = tuple(
        replace(e, start_position=position(e.start), end_position=position(e.end))
        for e in fix.edits
    )
    return replace(fix, edits=edits)


def _position_in(reference: Reference) -> Callable[[int], Position]:
    """Line and column of an offset inside a gathered value, without the file's text.

    A value an edit can replace verbatim is on one line (a string spelt over several lines is
    folded, so not verbatim); offsets elsewhere are clamped to the value's ends.
    """

    def position(offset: int) -> Position:
        if offset <= reference.start:
            return reference.line, reference.column
        if offset >= reference.end or reference.line != reference.end_line:
            return reference.end_line, reference.end_column
        return reference.line, reference.column + offset - reference.start

    return position


_DEFAULT: list[Linter] = []


def default_linter() -> Linter:
    """A linter with the default configuration, built on first use and then reused."""
    if not _DEFAULT:
        _DEFAULT.append(Linter())
    return _DEFAULT[0]
