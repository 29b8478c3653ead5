"""The files an editor has open, linted as ``filmlint check`` lints a site: each with its
nearest configuration and collection, and through the run phase with the other language
versions of its film (the editor's text of those that are open, the disk's of the others),
so that a translation mismatch shows in every open version as any of them changes.

Each open file's last lint is kept for its version, and each file phase's result for the text
it was of (an editor version, or a file's size and time on disk): hover and code actions
reuse a lint, and typing in one version does not parse the others again. A closed file is
read only for what the translation rules gather from it (``Linter.context_result``), and
nothing is kept for it but that result while an open version reads it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from filmlint.diagnostics import Diagnostic
from filmlint.engine.files import MARKDOWN_SUFFIXES, NOT_WALKED
from filmlint.engine.group_runs import diagnostics_in_full
from filmlint.engine.linter import Linter, unreadable_result
from filmlint.engine.project import FileSettings, Project, Skipped
from filmlint.engine.results import FileResult
from filmlint.engine.settings import CONFIG_FILES
from filmlint.errors import ConfigError
from filmlint.rulekit.declaration import RuleError
from filmlint.schema.validation import SchemaChecker, SchemaLoadError
from filmlint.text.decoding import decode
from filmlint.text.reading import read_file, too_large

__all__ = ["SETUP_ERRORS", "Linted", "OpenFile", "SiteLinter", "is_config_file", "shown_from"]

#: What a broken setup raises when a file's settings are built or its lint finishes: a
#: configuration file that cannot be read or holds a bad value, or a schema it names that
#: cannot be loaded (``ConfigError``); a rule plugin that cannot be loaded, or a rule that
#: refuses its settings (``RuleError``). ``filmlint check`` stops on each alike, with its
#: message.
SETUP_ERRORS = (ConfigError, RuleError)


@dataclass(frozen=True)
class OpenFile:
    """A file as the editor has it: its path, the version of its text, and the text."""

    path: str
    version: int | None
    text: str


@dataclass(frozen=True, eq=False)
class Linted:
    """A file's diagnostics for one version of its text, the linter that found them, and the
    text they are placed in: the editor's, or the disk's as decoded (of a file that is not
    UTF-8 text, only what precedes the fault)."""

    version: int | None
    linter: Linter
    diagnostics: list[Diagnostic]
    text: str


def is_config_file(path: str) -> bool:
    """Whether ``path`` may be a configuration file (``filmlint.toml``, ``pyproject.toml``)."""
    return os.path.basename(path) in CONFIG_FILES  # noqa: PTH119


class SiteLinter:
    """Lints open files with their settings and their language versions (see the module)."""

    def __init__(self, shown_file: Callable[[str], str] = str) -> None:
        """``shown_file``: how a message names a file other than the one it is on."""
        self._shown_file = shown_file
        #: Every schema file seen so far (``schemas``): kept across resets, since a file a
        #: schema refers to is known only while the schema loads, and one that breaks it
        #: must still be seen when it is mended.
        self._schema_files: set[str] = set()
        self.reset()

    def reset(self) -> None:
        """Forget every configuration, linter and result: a configuration file changed."""
        self.project = Project(network=False)
        self._linted: dict[str, Linted] = {}
        #: A file phase's result by path: its linter, the text's stamp, the result.
        self._results: dict[str, tuple[Linter, Hashable, FileResult]] = {}
        #: The schema each linter's files are checked against (``schema_for``).
        self._checkers: dict[Linter, SchemaChecker | None] = {}

    def settings_for(self, path: str) -> FileSettings[Linter] | None:
        """The settings of the file at ``path``; None when it is not linted (in no collection,
        excluded, a configuration file). A broken setup raises one of ``SETUP_ERRORS``."""
        if is_config_file(path):
            return None
        try:
            settings = self.project.settings_for(path)
        except SchemaLoadError as error:
            self._schema_failed(error)
            raise
        return None if isinstance(settings, Skipped) else settings

    def lint(self, file: OpenFile, opened: Mapping[str, OpenFile]) -> Linted | None:
        """The diagnostics of ``file``, open in the editor (in ``opened``, by path, with the
        others open), linted again only when its text or what it was judged with has
        changed; None when it is not linted. A broken setup raises one of
        ``SETUP_ERRORS``."""
        last = self._linted.get(file.path)
        if last is not None and last.version == file.version:
            return last
        settings = self.settings_for(file.path)
        if settings is None:
            return None
        own = self._result(settings.linter, file.path, opened)
        found = self._run(settings, file, opened, own)
        linted = self._linted[file.path] = Linted(file.version, settings.linter, found, file.text)
        return linted

    def lint_closed(self, path: str, opened: Mapping[str, OpenFile]) -> Linted | None:
        """The diagnostics of a file the editor has not opened, read from disk as ``filmlint
        check`` reads it (one that is not UTF-8 text, or not a regular file, is reported as
        such), with the open files; None when it is not linted, not there, or a folder
        (which ``check`` walks). Nothing is kept. A broken setup raises one of
        ``SETUP_ERRORS``."""
        settings = self.settings_for(path)
        if settings is None or not os.path.lexists(path) or Path(path).is_dir():
            return None
        linter = settings.linter
        read = read_file(path, linter.config.max_file_size)
        if isinstance(read, bytes):
            text, own = decode(read)[0], linter.bytes_result(read, path)
        else:  # the linter reads it again, to say why it cannot be read
            text, own = "", linter.file_result(path)
        found = self._run(settings, OpenFile(path, None, text), opened, own)
        return Linted(None, linter, found, text)

    def lint_text(
        self, settings: FileSettings[Linter], file: OpenFile, opened: Mapping[str, OpenFile]
    ) -> list[Diagnostic]:
        """The diagnostics of a text for ``file``'s path that the editor does not have (an
        edit being considered), with the file's language versions; nothing is kept."""
        return self._run(settings, file, opened, None)

    def _run(
        self,
        settings: FileSettings[Linter],
        file: OpenFile,
        opened: Mapping[str, OpenFile],
        own: FileResult | None,
    ) -> list[Diagnostic]:
        linter = settings.linter
        if own is None:
            own = editor_result(linter, file)
        context: dict[str, FileResult] = {}
        for name in self._context(settings, file.path, opened):
            result = self._result(linter, name, opened)
            if result is not None:
                context[name] = result
        results = [own, *context.values()]

        def in_full(name: str) -> Sequence[Diagnostic]:
            # An open version's result is its text's in full; a closed one's, the context
            # reader's (``_result``).
            return context[name].found() if name in opened else diagnostics_in_full(linter, name)

        return linter.finish(
            results,
            offline=True,
            context_only=frozenset(context),
            read_in_full=in_full,
            shown_file=self._shown_file,
        )

    def _context(
        self, settings: FileSettings[Linter], path: str, opened: Mapping[str, OpenFile]
    ) -> list[str]:
        """The other language versions of ``path``: on disk, and open but not yet saved."""
        linter = settings.linter
        if not linter.rules.reads_translations:
            return []
        on_disk = self.project.context_files(settings, [path])
        names = {os.path.abspath(name): None for name in on_disk}  # noqa: PTH100
        names.pop(path, None)
        for other in opened:
            if other != path and other not in names and self._versions(settings, path, other):
                names[other] = None
        return list(names)

    def _versions(self, settings: FileSettings[Linter], one: str, other: str) -> bool:
        """Whether the files at ``one`` and ``other`` may be versions of one film."""
        linter = settings.linter
        try:
            if not linter.rules.reads_translations or (
                self.project.settings_for(other) is not settings
            ):
                return False
        except SETUP_ERRORS:  # another configuration, broken: its file says so
            return False
        if linter.rules.translations_by_key:
            return True  # any file of the collection may name the same set
        # One film's versions are one path without its locale (a suffix, a folder anywhere).
        return linter.paths.unlocalized(one) == linter.paths.unlocalized(other)

    def _result(
        self, linter: Linter, path: str, opened: Mapping[str, OpenFile]
    ) -> FileResult | None:
        """The file phase's result for ``path``: of the editor's text when it is open, else
        of the disk's, only what the rules that read translations gather from it (a closed
        file is read only to judge the open ones); None when it is neither open nor on disk."""
        file = opened.get(path)
        stamp: Hashable
        if file is not None:
            stamp = ("editor", file.version)
        else:
            try:
                stat = os.stat(path)  # noqa: PTH116
            except OSError:
                return None
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        kept = self._results.get(path)
        if kept is not None and kept[0] is linter and kept[1] == stamp:
            return kept[2]
        result = editor_result(linter, file) if file else linter.context_result(path)
        self._results[path] = (linter, stamp, result)
        return result

    def affected(self, path: str, opened: Mapping[str, OpenFile]) -> list[str]:
        """The open files, besides ``path``, whose diagnostics a change of ``path`` may change
        (its other language versions); their last lints are dropped."""
        try:
            settings = self.settings_for(path)
        except SETUP_ERRORS:
            return []
        if settings is None:
            return []
        found = [
            other for other in opened if other != path and self._versions(settings, path, other)
        ]
        for other in found:
            self._linted.pop(other, None)
        return found

    def changed_on_disk(self, path: str) -> None:
        """Forget what was read of ``path`` (its stamp may not change within the clock's
        resolution)."""
        self._results.pop(path, None)

    def forget_lints(self) -> None:
        """Drop every open file's last lint, and keep what the file phase found: the next lint
        judges each file with its versions again, naming them as it now does."""
        self._linted.clear()

    def forget(self, path: str) -> None:
        """The file was closed: its lint and its editor text's result are dropped."""
        self._linted.pop(path, None)
        self._results.pop(path, None)

    def schemas(self) -> set[str]:
        """The schema files of the configurations read so far: those they name, at the top
        level or in a collection (also one that cannot be loaded, which the user is about to
        mend), and the local files the schemas refer to (``$ref``), which are part of the
        schema as much as its own file is (also one that is missing or broken); and those of
        the configurations read before the last reset."""
        named = (
            each.schema
            for config in self.project.configs()
            for each in (config, *(collection.config for collection in config.collections))
        )
        checkers = [linter.rules.schema for linter in self.project.linters()]
        referenced = (
            path
            for checker in [*checkers, *self._checkers.values()]
            if checker is not None
            for path in checker.paths
        )
        self._schema_files.update(
            os.path.abspath(path)  # noqa: PTH100
            for path in (*named, *referenced)
            if path is not None
        )
        return set(self._schema_files)

    def _schema_failed(self, error: SchemaLoadError) -> None:
        """Note the files of a schema that cannot be loaded (``schemas``): also a file one
        of its references names that is not there yet, whose creation is the schema's
        change."""
        self._schema_files.update(os.path.abspath(path) for path in error.paths)  # noqa: PTH100

    def files_at(self, path: str, opened: Mapping[str, OpenFile]) -> list[str]:
        """The files a change reported at ``path`` stands for: the file itself or, for a
        folder (a watcher reports a folder deleted, or moved in, as one event for the folder
        alone), every file under it that matters here: those known (open, read as another
        version, configuration and schema files) and, when it is a folder on disk now, the
        Markdown, configuration and schema files in it (walked as ``filmlint check`` walks a
        folder: no hidden folder, no ``node_modules``)."""
        inside = os.path.join(path, "")  # noqa: PTH118
        schemas = self.schemas()
        configs = [str(config.path) for config in self.project.configs() if config.path]
        known = (*opened, *self._results, *configs, *schemas)
        found = dict.fromkeys(
            each for each in map(os.path.abspath, known) if each.startswith(inside)
        )
        if os.path.isdir(path):  # noqa: PTH112
            for parent, folders, names in os.walk(path):
                folders[:] = [f for f in folders if not f.startswith(".") and f != NOT_WALKED]
                for name in names:
                    each = os.path.join(parent, name)  # noqa: PTH118
                    if name.endswith(MARKDOWN_SUFFIXES) or is_config_file(name) or each in schemas:
                        found[each] = None
            return list(found)
        return list(found) or [path]

    def schema_for(self, linter: Linter) -> dict[str, Any] | None:
        """The schema the linter's files are checked against (loaded once per linter, even
        when no schema rule is active); None when it cannot be loaded."""
        if linter not in self._checkers:
            checker = linter.rules.schema
            if checker is None:
                try:
                    checker = SchemaChecker.load(linter.options.schema or linter.config.schema)
                except SchemaLoadError as error:
                    self._schema_failed(error)
                    checker = None
            self._checkers[linter] = checker
        checker = self._checkers[linter]
        return checker.schema if checker is not None else None


def shown_from(path: str, folders: Iterable[str]) -> str:
    """``path`` as a message names it: from the innermost of ``folders`` that holds it, as
    an editor shows a workspace's files; as it is when none does. Names are compared as
    the system compares them (without case on Windows)."""
    file = PurePath(path)
    holding = [f for f in folders if file != PurePath(f) and file.is_relative_to(f)]
    if not holding:
        return path
    return os.path.relpath(path, max(holding, key=len))


def editor_result(linter: Linter, file: OpenFile) -> FileResult:
    """The file phase for the editor's text of ``file``: a text larger than
    ``max-file-size`` once saved is not linted, as ``filmlint check`` reads no such file."""
    limit = linter.config.max_file_size
    if utf8_size(file.text, limit) > limit:
        return unreadable_result(linter, too_large(limit), file.path)
    return linter.text_result(file.text, file.path)


def utf8_size(text: str, limit: int) -> int:
    """The size of ``text`` in UTF-8, as saved; exact only when it is near ``limit``: a
    text under a quarter of it, or over it in code points, is not encoded."""
    if len(text) > limit or 4 * len(text) <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def text_of(path: str, opened: Mapping[str, OpenFile]) -> str | None:
    """The editor's text of ``path`` when it is open, else the disk's (None: unreadable)."""
    file = opened.get(path)
    if file is not None:
        return file.text
    try:
        return decode(Path(path).read_bytes())[0]
    except OSError:
        return None
