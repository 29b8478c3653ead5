"""``filmlint server``: a language server over stdio (pygls), for the Markdown files an editor
has open.

It lints the editor's text, not the file on disk, with the settings of the file's nearest
configuration and collection; a file in no collection, or excluded, gets no diagnostics. A
file is judged with its film's other language versions (``filmlint.server.site``): a
translation mismatch shows in every open version, and follows their changes in the editor
and on disk (a folder deleted or moved in is a change of everything in it). A change to a
configuration file, or to a schema one names (or a file the schema refers to, also one
created after the schema named it), drops every linter built and lints the open files
again. It never goes to the network: the editor lints on every keystroke, url-reachable is
for ``filmlint check``.

Diagnostics are answered when pulled; to a client that cannot pull, they are pushed on open,
save and (debounced) change instead (one that can would show each problem twice). Code
actions offer each diagnostic's fix, a comment that disables its rule for its line, and all
safe fixes at once. Hover shows a diagnostic's rule or a key's schema description;
completion (``filmlint.server.completion``) offers the keys the schema allows where the
cursor is, an enum's values, and country codes and language tags where the rules expect them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from filmlint.diagnostics import Diagnostic, Edit, Fix, Severity
from filmlint.engine.files import MARKDOWN_SUFFIXES
from filmlint.engine.fixer import Fixer
from filmlint.engine.linter import Linter
from filmlint.engine.settings import CONFIG_FILES, paths_named_by
from filmlint.frontmatter.parser import parse_document, split_front_matter
from filmlint.reporters.rule_pages import help_uri
from filmlint.rule_names import (
    FILE_ENCODING,
    INTERNAL_ERROR,
    UNREADABLE_FILE,
    UNUSED_SUPPRESSION,
)
from filmlint.rulekit import iso3166
from filmlint.server.completion import Place, field_matches, place_at, resolved, schemas_at
from filmlint.server.frames import FrameReader, read_messages
from filmlint.server.positions import lsp_position, offset_of, units
from filmlint.server.protocol import FilmlintProtocol
from filmlint.server.site import (
    SETUP_ERRORS,
    Linted,
    OpenFile,
    SiteLinter,
    is_config_file,
    shown_from,
    text_of,
)
from filmlint.text.positions import lines_with_breaks, split_lines
from filmlint.version import __version__

__all__ = ["FIX_ALL", "FilmlintServer", "build_server", "lsp_position", "offset_of", "serve"]

#: The code action kind of "apply every safe fix" (``source.fixAll`` for filmlint alone).
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.filmlint"
#: Seconds of quiet after a change before the text is linted again.
DEBOUNCE = 0.3
#: The files whose changes on disk matter: configurations, and the films' other versions;
#: and the schemas the configurations name, each watched once a configuration names it.
WATCHED = (
    *(f"**/{name}" for name in CONFIG_FILES),
    *(f"**/*{suffix}" for suffix in MARKDOWN_SUFFIXES),
)
#: Every path, for the folders created or deleted: a watcher reports a folder deleted, or
#: moved in, as one event for the folder, which no pattern of ``WATCHED`` matches.
FOLDERS = "**/*"
_SOURCE = "filmlint"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}
#: Rules whose problems a suppression comment cannot silence, or should not.
_NOT_DISABLED = frozenset({INTERNAL_ERROR, UNUSED_SUPPRESSION})
#: Problems of a file whose text cannot all be read: nothing else is linted in it, and no
#: code action is offered for it (``filmlint check --fix`` leaves such a file alone).
_NOT_TEXT = frozenset({FILE_ENCODING, UNREADABLE_FILE})
_COUNTRY_CODE, _LANGUAGE_CODE = "country-code", "language-code"
_NUMBER = re.compile(r"[0-9]+")
logger = logging.getLogger(__name__)


class FilmlintServer(LanguageServer):
    """The language server: a ``SiteLinter`` (offline) lints the open files."""

    protocol: FilmlintProtocol

    def __init__(self) -> None:
        super().__init__("filmlint", __version__, protocol_cls=FilmlintProtocol)
        self.site = SiteLinter(self.shown_file)
        self._pending: dict[str, asyncio.TimerHandle] = {}
        #: The schema files the client was asked to watch.
        self._watched_schemas: set[str] = set()
        self.shut_down = False
        #: The process's exit code: 1 when the client said exit without shutdown first.
        self.exit_code = 0

    @property
    def encoding(self) -> str:
        return self.protocol.encoding()

    @property
    def pulls(self) -> bool:
        """Whether the client pulls diagnostics (``textDocument/diagnostic``): it is pushed
        none, since it keeps pushed and pulled ones apart and would show each problem twice;
        it is asked to pull again instead (``_refresh``)."""
        text_document = self.client_capabilities.text_document
        return text_document is not None and text_document.diagnostic is not None

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """pygls's, reading frames with ``read_messages``: pygls's reader stopped at the first
        frame whose header it did not know, and ignored every later message."""
        self._stop_event = threading.Event()
        reader = FrameReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(
                read_messages(self._stop_event, reader, self.protocol, self.report_server_error)
            )
        except BrokenPipeError:
            logger.error("Connection to the client is lost! Shutting down the server.")
        except (KeyboardInterrupt, SystemExit):  # exit: serve returns its code
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]  # pygls has no hints there

    def shown_file(self, path: str) -> str:
        """A file as a message names it: from the workspace folder it is in, as the editor
        shows it (absolute outside every folder)."""
        workspace = self.workspace
        uris = [folder.uri for folder in workspace.folders.values()] or [workspace.root_uri]
        return shown_from(path, [folder for uri in uris if uri and (folder := _fs_path(uri))])

    def opened(self) -> dict[str, OpenFile]:
        """The open files by path, as the editor has them."""
        return {
            path: OpenFile(path, document.version, document.source)
            for document in self.workspace.text_documents.values()
            if (path := _fs_path(document.uri))
        }

    def _uris(self) -> dict[str, str]:
        return {
            path: document.uri
            for document in self.workspace.text_documents.values()
            if (path := _fs_path(document.uri))
        }

    def linted(self, uri: str) -> Linted | None:
        """The last lint of ``uri``'s text, or a new one when it has changed; None when it is
        not linted. A broken setup raises one of ``SETUP_ERRORS``."""
        path = _fs_path(uri)
        if path is None:
            return None
        opened = self.opened()
        file = opened.get(path)
        # A broken configuration's message names its file as the other messages do.
        with paths_named_by(lambda named: self.shown_file(str(named))):
            try:
                if file is None:  # asked of a file the editor has not opened: its disk's text
                    return self.site.lint_closed(path, opened)
                return self.site.lint(file, opened)
            finally:  # its configuration may name a schema not yet watched, loaded or not
                self._watch_schemas()

    def usable(self, uri: str) -> Linted | None:
        """``linted``, with a broken setup as None: only diagnostics report it."""
        try:
            return self.linted(uri)
        except SETUP_ERRORS:
            return None

    def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics of the editor's text of ``uri``."""
        try:
            linted = self.linted(uri)
        except SETUP_ERRORS as error:  # the editor says what is broken, as check would
            return [_config_diagnostic(str(error))]
        if linted is None:
            return []
        lines = split_lines(linted.text)
        return [self.to_lsp(found, linted.linter, lines) for found in linted.diagnostics]

    def to_lsp(self, found: Diagnostic, linter: Linter, lines: Sequence[str]) -> types.Diagnostic:
        rule = linter.registry.get(found.rule)
        href = help_uri(rule) if rule is not None else None
        return types.Diagnostic(
            range=self._range(found, lines),
            message=found.message,
            severity=_SEVERITIES[found.severity],
            code=found.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=_SOURCE,
            related_information=self._related(found, lines) or None,
            data=found.rule,
        )

    def _range(self, found: Diagnostic, lines: Sequence[str]) -> types.Range:
        return types.Range(
            start=lsp_position(lines, found.line, found.column, self.encoding),
            end=lsp_position(lines, found.end_line, found.end_column, self.encoding),
        )

    def _related(
        self, found: Diagnostic, lines: Sequence[str]
    ) -> list[types.DiagnosticRelatedInformation]:
        """The places the diagnostic is about (a translation's base value), in LSP terms."""
        related = []
        for place in found.related:
            path = os.path.abspath(place.path)  # noqa: PTH100
            if place.path == found.path:
                where = lines
            else:
                text = text_of(path, self.opened())
                where = split_lines(text) if text is not None else [""]
            start = lsp_position(where, place.line, place.column, self.encoding)
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=from_fs_path(path) or path, range=types.Range(start, start)
                    ),
                    message=place.message,
                )
            )
        return related

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        """The rule of a diagnostic at the position, else the schema's description of the
        top-level key there."""
        uri = params.text_document.uri
        linted = self.usable(uri)
        if linted is None:
            return None
        text = linted.text
        lines = split_lines(text)
        linter = linted.linter
        for found in linted.diagnostics:
            # Only the range is needed: to_lsp would also read the related files.
            shown = self._range(found, lines)
            rule = linter.registry.get(found.rule)
            if rule is not None and _overlaps(shown, types.Range(params.position, params.position)):
                href = help_uri(rule)
                page = f"\n\n[{rule.name}]({href})" if href else ""
                return types.Hover(
                    contents=types.MarkupContent(
                        kind=types.MarkupKind.Markdown,
                        value=f"**{rule.code}** `{rule.name}`: {rule.summary}{page}",
                    ),
                    range=shown,
                )
        return self._key_hover(text, offset_of(text, params.position, self.encoding), linter)

    def _key_hover(self, text: str, offset: int, linter: Linter) -> types.Hover | None:
        parsed, _ = parse_document(text)
        if not isinstance(parsed.data, dict):
            return None
        schema = self.site.schema_for(linter)
        properties = _properties(schema)
        for key in parsed.data:
            start, end = parsed.source_map.span((key,), "key")
            if start <= offset < end and isinstance(properties.get(key), dict):
                return types.Hover(
                    contents=types.MarkupContent(
                        kind=types.MarkupKind.Markdown,
                        value=_describe(key, properties[key], schema),
                    )
                )
        return None

    def completion(self, params: types.CompletionParams) -> list[types.CompletionItem]:
        """Where a key is being typed: the keys the schema allows in that mapping, not yet
        written; where a value is: its schema's enum values, and the country codes or
        language tags the rules expect there."""
        uri = params.text_document.uri
        linted = self.usable(uri)
        if linted is None:
            return []
        text = linted.text
        offset = offset_of(text, params.position, self.encoding)
        split = split_front_matter(text)
        if split is None or not split.yaml_start <= offset <= split.yaml_end:
            return []
        place = place_at(text[split.yaml_start : split.yaml_end], offset - split.yaml_start)
        if place is None:
            return []
        schema = self.site.schema_for(linted.linter)
        found = schemas_at(schema, place.path)
        objects = [each for each in found if isinstance(each.get("properties"), dict)]
        if place.kind == "key" or (place.kind == "item" and objects):
            return _key_items(objects, schema, place)
        return [*_enum_items(found), *_code_items(linted.linter, place)]

    def publish(self, uri: str) -> None:
        """Push ``uri``'s diagnostics, to a client that does not pull them."""
        self._cancel_pending(uri)  # a direct publish makes a debounced one needless
        if self.pulls:
            return
        document = self.workspace.get_text_document(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=self.diagnostics(uri), version=document.version
            )
        )

    def publish_later(self, uri: str) -> None:
        """Publish once the text has been quiet for ``DEBOUNCE`` seconds."""
        self._cancel_pending(uri)
        if self.pulls:
            return
        self._pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.publish, uri)

    def changed(self, uri: str) -> None:
        """``uri``'s text changed in the editor (or was opened or closed): its other open
        language versions are linted again, pushed after the debounce, and a client that
        pulls is asked to pull again."""
        path = _fs_path(uri)
        if path is None:
            return
        self._lint_again(self.site.affected(path, self.opened()))

    def _lint_again(self, paths: Sequence[str]) -> None:
        uris = self._uris()
        for path in paths:
            self.publish_later(uris[path])
        if paths:
            self._refresh()

    def _refresh(self) -> None:
        """Ask a client that pulls diagnostics, when it can be asked, to pull them again:
        after a change it does not see (another version of a film, a configuration or a
        schema changed), which a client that does not pull is pushed instead."""
        if not self.pulls:
            return
        workspace = self.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace is not None else None
        if diagnostics is not None and diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)

    def files_changed(self, paths: Sequence[str]) -> None:
        """Files changed on disk: a configuration's change, or its schema's, drops every linter
        and lints each open file again; a film's, the open files that are its other language
        versions. A folder's change is that of every file under it."""
        opened = self.opened()
        changed = dict.fromkeys(each for path in paths for each in self.site.files_at(path, opened))
        schemas = self.site.schemas()
        if any(is_config_file(path) or path in schemas for path in changed):
            self.reconfigure()
            return
        affected: dict[str, None] = {}
        for path in changed:
            if path.endswith(MARKDOWN_SUFFIXES):
                self.site.changed_on_disk(path)
                affected.update(dict.fromkeys(self.site.affected(path, opened)))
        self._lint_again(list(affected))

    def folders_changed(self) -> None:
        """The workspace folders changed: the open files are linted again, their messages
        naming other files from the folders now open (``shown_file``)."""
        self.site.forget_lints()
        self._lint_again(list(self.opened()))

    def configures(self, path: str) -> bool:
        """Whether ``path`` is a configuration file, or a schema file: one a configuration
        names, or a file such a schema refers to."""
        return is_config_file(path) or path in self.site.schemas()

    def reconfigure(self) -> None:
        """Forget every configuration and linter, and lint the open files again."""
        self.site.reset()
        for uri in self._uris().values():
            self.publish(uri)
        self._refresh()

    def _cancel_pending(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()  # a no-op for the timer that is running this publish

    def forget(self, uri: str) -> None:
        self._cancel_pending(uri)
        path = _fs_path(uri)
        if path is not None:
            self.site.forget(path)
        if not self.pulls:  # a client that pulls drops a closed file's diagnostics itself
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def _watching(self) -> types.DidChangeWatchedFilesClientCapabilities | None:
        """What the client can watch, when it can be asked to."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        return watched if watched is not None and watched.dynamic_registration else None

    async def watch_files(self) -> None:
        """Ask the client to report changes of ``WATCHED`` files, when it can be asked."""
        if self._watching() is None:
            return
        folders = types.FileSystemWatcher(
            glob_pattern=FOLDERS, kind=types.WatchKind.Create | types.WatchKind.Delete
        )
        await self.client_register_capability_async(
            _watch(f"{_SOURCE}-watched-files", [*WATCHED], [folders])
        )

    def _watch_schemas(self) -> None:
        """Ask the client to report changes of the schemas named and not yet watched (a
        registration of their own: the configurations are read as files are linted)."""
        watching = self._watching()
        if watching is None:
            return
        new = self.site.schemas() - self._watched_schemas
        if not new:
            return
        self._watched_schemas |= new
        relative = bool(watching.relative_pattern_support)
        self.client_register_capability(
            _watch(
                f"{_SOURCE}-watched-schemas-{len(self._watched_schemas)}",
                [_file_glob(path, relative=relative) for path in sorted(new)],
            )
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """For each diagnostic that touches the requested range: its fix, and a comment that
        disables its rule for its line; and all safe fixes at once (``FIX_ALL``), as the
        client's ``only`` asks."""
        uri = params.text_document.uri
        linted = self.usable(uri)
        path = _fs_path(uri)
        if linted is None or path is None or any(d.rule in _NOT_TEXT for d in linted.diagnostics):
            return []
        linter = linted.linter
        text = linted.text
        lines = split_lines(text)
        only = params.context.only
        actions: list[types.CodeAction] = []
        if _wanted(only, types.CodeActionKind.QuickFix):
            for found in linted.diagnostics:
                if not _overlaps(self._range(found, lines), params.range):
                    continue
                if found.fix is not None:
                    shown = self.to_lsp(found, linter, lines)
                    actions.append(self._quick_fix(uri, found.fix, shown, lines))
                disable = self._disable_line(uri, text, found, linted)
                if disable is not None:
                    actions.append(disable)
        if _wanted(only, FIX_ALL):
            fixed = Fixer(linter).fix_text(text, path).text
            if fixed != text:
                whole = types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(
                        line=len(lines) - 1, character=units(lines[-1], self.encoding)
                    ),
                )
                actions.append(
                    types.CodeAction(
                        title="filmlint: apply all safe fixes",
                        kind=FIX_ALL,
                        edit=_workspace_edit(uri, [types.TextEdit(range=whole, new_text=fixed)]),
                    )
                )
        return actions

    def _quick_fix(
        self, uri: str, fix: Fix, shown: types.Diagnostic, lines: Sequence[str]
    ) -> types.CodeAction:
        safe = fix.applicability == "safe"
        return types.CodeAction(
            title=fix.message if safe else f"{fix.message} (unsafe)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[shown],
            is_preferred=safe,
            edit=_workspace_edit(uri, [self._text_edit(edit, lines) for edit in fix.edits]),
        )

    def _disable_line(
        self, uri: str, text: str, found: Diagnostic, linted: Linted
    ) -> types.CodeAction | None:
        """A ``# filmlint: disable-next-line RULE`` comment above the diagnostic's line, when
        it silences that diagnostic and nothing else changes (checked by linting the text
        it makes: a line inside a quoted or block value cannot take a comment)."""
        path = _fs_path(uri)
        split = split_front_matter(text)
        if found.rule in _NOT_DISABLED or path is None or split is None:
            return None
        with_breaks = lines_with_breaks(text)
        start = sum(len(line) for line in with_breaks[: found.line - 1])
        if not split.yaml_start <= start < split.yaml_end:
            return None
        line = with_breaks[found.line - 1]
        indent = line[: len(line) - len(line.lstrip(" "))]
        ending = line[len(line.rstrip("\r\n")) :] or "\n"
        comment = f"{indent}# filmlint: disable-next-line {found.rule}{ending}"
        settings = self.site.settings_for(path)
        if settings is None:
            return None
        edited = self.site.lint_text(
            settings, OpenFile(path, None, text[:start] + comment + text[start:]), self.opened()
        )
        if not _only_silenced(found, linted.diagnostics, edited):
            return None
        at = types.Position(line=found.line - 1, character=0)
        return types.CodeAction(
            title=f"filmlint: disable {found.rule} for this line",
            kind=types.CodeActionKind.QuickFix,
            edit=_workspace_edit(
                uri, [types.TextEdit(range=types.Range(at, at), new_text=comment)]
            ),
        )

    def _text_edit(self, edit: Edit, lines: Sequence[str]) -> types.TextEdit:
        # The linter gives every edit of a diagnostic its line and column.
        assert edit.start_position is not None and edit.end_position is not None
        return types.TextEdit(
            range=types.Range(
                start=lsp_position(lines, *edit.start_position, self.encoding),
                end=lsp_position(lines, *edit.end_position, self.encoding),
            ),
            new_text=edit.content,
        )


def _only_silenced(
    found: Diagnostic, before: Sequence[Diagnostic], after: Sequence[Diagnostic]
) -> bool:
    """Whether a comment line inserted above ``found``'s line took ``found`` away and
    changed no other problem: ``after`` (the edited text's problems, placed back over the
    comment) is ``before`` without ``found``."""
    expected = Counter(_result_key(each) for each in before)
    expected[_result_key(found)] -= 1
    return expected == Counter(_result_key(each, found.line) for each in after)


def _result_key(found: Diagnostic, comment: int | None = None) -> tuple[object, ...]:
    """What tells a problem from another, placed in the text without the comment line at
    ``comment`` (if any). A message may name a line (duplicate-item's "on line 12") that the
    comment shifts: its numbers are not compared, its place and its other words are."""
    start = _before_comment(found.line, found.column, comment)
    end = _before_comment(found.end_line, found.end_column, comment)
    return (found.rule, found.code, start, end, _NUMBER.sub("#", found.message))


def _before_comment(line: int, column: int, comment: int | None) -> tuple[int, int]:
    """A place in a text with a comment line inserted as line ``comment``, in the text
    without it; a place within the comment is line 0, which no other place has."""
    if comment is None or line < comment or (line == comment and column == 1):
        return (line, column)
    return (0, column) if line == comment else (line - 1, column)


def _fs_path(uri: str) -> str | None:
    """The path of a ``file:`` URI (None: another scheme), normalised as ``filmlint check``
    names a file: a client may spell ``films/x.md`` as ``films/../films/x.md``, ``films/./x.md``
    or ``films//x.md``, and its film's other versions are found by its path."""
    path = to_fs_path(uri)
    return os.path.normpath(path) if path is not None else None


def _key_items(
    objects: Sequence[dict[str, Any]], schema: dict[str, Any] | None, place: Place
) -> list[types.CompletionItem]:
    items: dict[str, types.CompletionItem] = {}
    for each in objects:
        for name, sub in each["properties"].items():
            if name in place.written or name in items or not isinstance(sub, dict):
                continue
            items[name] = types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                documentation=_description(sub, schema),
                insert_text=f"{name}: ",
            )
    return list(items.values())


def _enum_items(found: Sequence[dict[str, Any]]) -> list[types.CompletionItem]:
    values = dict.fromkeys(str(value) for each in found for value in each.get("enum", ()))
    return [
        types.CompletionItem(label=value, kind=types.CompletionItemKind.EnumMember)
        for value in values
    ]


def _code_items(linter: Linter, place: Place) -> list[types.CompletionItem]:
    """Country codes where country-code checks the value, language tags where
    language-code does (the locales the settings name first)."""
    options = linter.settings.options
    active = {rule.name for rule in linter.settings.active}
    items: list[types.CompletionItem] = []
    if _COUNTRY_CODE in active and field_matches(options[_COUNTRY_CODE]["fields"], place.path):
        by_name = "code" not in options[_COUNTRY_CODE]["accept"]
        items.extend(
            types.CompletionItem(
                label=name if by_name else code,
                kind=types.CompletionItemKind.Value,
                detail=None if by_name else name,
                filter_text=f"{code} {name}",
            )
            for code, name in _countries()
        )
    if _LANGUAGE_CODE in active and field_matches(options[_LANGUAGE_CODE]["fields"], place.path):
        first = linter.paths.locales
        items.extend(
            types.CompletionItem(
                label=tag, kind=types.CompletionItemKind.Value, sort_text=f"0{index:03}"
            )
            for index, tag in enumerate(first)
        )
        items.extend(
            types.CompletionItem(
                label=tag,
                kind=types.CompletionItemKind.Value,
                detail=name,
                sort_text=f"1{tag}",
                filter_text=f"{tag} {name}",
            )
            for tag, name in _languages()
            if tag not in first
        )
    return items


@cache
def _countries() -> tuple[tuple[str, str], ...]:
    """ISO 3166-1 alpha-2 codes and their English names."""
    return tuple((country.alpha_2, country.name) for country in iso3166.countries())


@cache
def _languages() -> tuple[tuple[str, str], ...]:
    """The two-letter language subtags (ISO 639-1) and their English names."""
    import pycountry  # only when a language tag is completed: its import is slow

    return tuple(
        (language.alpha_2, language.name)
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    )


def _properties(schema: dict[str, Any] | None) -> dict[str, Any]:
    properties = schema.get("properties") if schema is not None else None
    return properties if isinstance(properties, dict) else {}


def _description(subschema: dict[str, Any], schema: dict[str, Any] | None) -> str | None:
    description = resolved(subschema, schema).get("description")
    return description if isinstance(description, str) else None


def _describe(key: str, subschema: dict[str, Any], schema: dict[str, Any] | None) -> str:
    """Markdown for a key: its name, its type (or enum values) and its description."""
    whole = resolved(subschema, schema)
    kind = whole.get("type")
    if "enum" in whole:
        kind = " | ".join(repr(each) for each in whole["enum"])
    head = f"`{key}`" + (
        f" ({' or '.join(kind) if isinstance(kind, list) else kind})" if kind else ""
    )
    description = _description(subschema, schema)
    return f"{head}\n\n{description}" if description else head


def _config_diagnostic(message: str) -> types.Diagnostic:
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=_SOURCE,
    )


def _file_glob(path: str, *, relative: bool) -> types.GlobPattern:
    """A pattern for the file at ``path``: relative to its folder when the client reads
    such patterns, else its name in any folder (a change of another is not a schema's)."""
    file = Path(path)
    if relative:
        return types.RelativePattern(base_uri=file.parent.as_uri(), pattern=file.name)
    return f"**/{file.name}"


def _watch(
    registration: str,
    globs: list[types.GlobPattern],
    more: Sequence[types.FileSystemWatcher] = (),
) -> types.RegistrationParams:
    """The request to watch the files of ``globs`` (and ``more``), under the id
    ``registration``."""
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[*(types.FileSystemWatcher(glob_pattern=glob) for glob in globs), *more]
    )
    return types.RegistrationParams(
        registrations=[
            types.Registration(
                id=registration,
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
        ]
    )


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a client asking for ``only`` these kinds wants ``kind`` (or None: all); a
    kind covers its sub-kinds ("source.fixAll" covers ``FIX_ALL``)."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return (position.line, position.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def build_server() -> FilmlintServer:
    """The server with its features registered."""
    server = FilmlintServer()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: FilmlintServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.EXIT)
    def exit_(ls: FilmlintServer, params: None) -> None:
        # pygls exits with this code, but its start_io swallows the SystemExit: serve returns it.
        ls.exit_code = 0 if ls.shut_down else 1

    @server.feature(types.INITIALIZED)
    async def initialized(ls: FilmlintServer, params: types.InitializedParams) -> None:
        await ls.watch_files()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FilmlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FilmlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FilmlintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _fs_path(params.text_document.uri)
        if path is not None and ls.configures(path):
            ls.reconfigure()
        else:
            ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FilmlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)
        ls.changed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: FilmlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.files_changed([path for c in params.changes if (path := _fs_path(c.uri))])

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: FilmlintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.folders_changed()  # pygls has added and removed the folders already

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=_SOURCE, inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )
    def pull(
        ls: FilmlintServer, params: types.DocumentDiagnosticParams
    ) -> types.RelatedFullDocumentDiagnosticReport:
        return types.RelatedFullDocumentDiagnosticReport(
            items=ls.diagnostics(params.text_document.uri)
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: FilmlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FilmlintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" "])
    )
    def completion(
        ls: FilmlintServer, params: types.CompletionParams
    ) -> list[types.CompletionItem]:
        return ls.completion(params)

    return server


def serve() -> int:
    """Serve over stdin and stdout until the client says exit (or closes stdin); the exit
    code the protocol asks for: 1 when exit came without shutdown, else 0.

    The protocol gets its own copy of stdout's descriptor, which pygls closes at exit (the
    command line still flushes ``sys.stdout``); anything else printed goes to stderr, where
    it cannot corrupt the protocol's stream."""
    server = build_server()
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    with protocol_out, contextlib.redirect_stdout(sys.stderr):
        server.start_io(sys.stdin.buffer, protocol_out)
    return server.exit_code
