"""``filmlint server``: a language server over stdio (pygls), for the Markdown files an editor
has open.

It lints the editor's text, not the file on disk, with the settings of the file's nearest
configuration and collection; a file in no collection, or excluded, gets no diagnostics. It
never goes to the network: the editor lints on every keystroke, url-reachable is for
``filmlint check``. Diagnostics are pushed on open, save and (debounced) change, and answered
when pulled; code actions offer each diagnostic's fix and all safe fixes at once. Hover shows
a diagnostic's rule or a key's schema description; completion offers the schema's keys not yet
written and an enum's values.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from filmlint.diagnostics import Diagnostic, Edit, Fix, Severity
from filmlint.engine.fixer import Fixer
from filmlint.engine.linter import Linter
from filmlint.engine.project import Project, Skipped
from filmlint.engine.settings import ConfigError
from filmlint.frontmatter.parser import parse_document, split_front_matter
from filmlint.reporters.rule_pages import help_uri
from filmlint.schema.validation import SchemaChecker, SchemaLoadError
from filmlint.text.positions import lines_with_breaks, split_lines
from filmlint.version import __version__

__all__ = ["FIX_ALL", "FilmlintServer", "lsp_position", "offset_of", "serve"]

#: The code action kind of "apply every safe fix" (``source.fixAll`` for filmlint alone).
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.filmlint"
#: Seconds of quiet after a change before the text is linted again.
DEBOUNCE = 0.3
_SOURCE = "filmlint"
#: A top-level key being typed at the start of a line, and a value after ``key: ``.
_TYPING_KEY = re.compile(r"[A-Za-z_]\w*|")
_TYPING_VALUE = re.compile(r"([A-Za-z_]\w*):[ \t]+[\"']?[^\"'#]*")
_WRITTEN_KEY = re.compile(r"^([^\s#:\-][^:\n]*):", re.MULTILINE)
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def lsp_position(
    lines: Sequence[str], line: int, column: int, encoding: str = types.PositionEncodingKind.Utf16
) -> types.Position:
    """filmlint's 1-based line and code-point column as an LSP position: 0-based, its
    character counted in ``encoding``'s code units (UTF-16 unless the client chose another).
    ``lines``: the text's lines without breaks, split as filmlint splits them. A column past
    the end of its line (a problem that takes in the line break) is the next line's start."""
    index = min(max(line - 1, 0), len(lines) - 1)
    text = lines[index]
    if column - 1 > len(text) and index + 1 < len(lines):
        return types.Position(line=index + 1, character=0)
    prefix = text[: max(column - 1, 0)]
    return types.Position(line=index, character=_units(prefix, encoding))


def offset_of(
    text: str, position: types.Position, encoding: str = types.PositionEncodingKind.Utf16
) -> int:
    """The code-point offset in ``text`` of an LSP position (the inverse of
    ``lsp_position``); a position past its line's end is the end of the line's text."""
    lines = lines_with_breaks(text)
    if position.line >= len(lines):
        return len(text)
    before = sum(len(line) for line in lines[: position.line])
    line = lines[position.line]
    content = line.rstrip("\r\n\x85\u2028\u2029\x0b\x0c")
    count = 0
    for index, char in enumerate(content):
        if count >= position.character:
            return before + index
        count += _units(char, encoding)
    return before + len(content)


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class FilmlintServer(LanguageServer):
    """The language server: one ``Project`` (offline) resolves each file's linter."""

    def __init__(self) -> None:
        super().__init__("filmlint", __version__)
        self.project = Project(network=False)
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._schemas: dict[int, dict[str, Any] | None] = {}

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def usable_linter(self, uri: str) -> Linter | None:
        """``linter_for``, with a broken configuration as None: only diagnostics report it."""
        try:
            return self.linter_for(uri)
        except ConfigError:
            return None

    def linter_for(self, uri: str) -> Linter | None:
        """The linter of the file at ``uri``; None when it is not linted (not a file, in no
        collection, excluded). A broken configuration raises ``ConfigError``."""
        path = to_fs_path(uri)
        if path is None:
            return None
        settings = self.project.settings_for(Path(path))
        return None if isinstance(settings, Skipped) else settings.linter

    def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics of the editor's text of ``uri``."""
        document = self.workspace.get_text_document(uri)
        try:
            linter = self.linter_for(uri)
        except ConfigError as error:  # the editor says where the configuration is broken
            return [_config_diagnostic(str(error))]
        if linter is None:
            return []
        lines = split_lines(document.source)
        return [
            self.to_lsp(found, linter, lines)
            for found in linter.lint_text(document.source, document.path)
        ]

    def to_lsp(self, found: Diagnostic, linter: Linter, lines: Sequence[str]) -> types.Diagnostic:
        rule = linter.registry.get(found.rule)
        href = help_uri(rule) if rule is not None else None
        return types.Diagnostic(
            range=types.Range(
                start=lsp_position(lines, found.line, found.column, self.encoding),
                end=lsp_position(lines, found.end_line, found.end_column, self.encoding),
            ),
            message=found.message,
            severity=_SEVERITIES[found.severity],
            code=found.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=_SOURCE,
            data=found.rule,
        )

    def schema_for(self, linter: Linter) -> dict[str, Any] | None:
        """The schema the linter's files are checked against (loaded once per linter, even
        when no schema rule is active); None when it cannot be loaded."""
        key = id(linter)
        if key not in self._schemas:
            checker = linter.rules.schema
            if checker is None:
                try:
                    checker = SchemaChecker.load(linter.options.schema or linter.config.schema)
                except SchemaLoadError:
                    checker = None
            self._schemas[key] = checker.schema if checker is not None else None
        return self._schemas[key]

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        """The rule of a diagnostic at the position, else the schema's description of the
        top-level key there."""
        uri = params.text_document.uri
        linter = self.usable_linter(uri)
        if linter is None:
            return None
        document = self.workspace.get_text_document(uri)
        text = document.source
        lines = split_lines(text)
        for found in linter.lint_text(text, document.path):
            shown = self.to_lsp(found, linter, lines)
            rule = linter.registry.get(found.rule)
            if rule is not None and _overlaps(
                shown.range, types.Range(params.position, params.position)
            ):
                href = help_uri(rule)
                page = f"\n\n[{rule.name}]({href})" if href else ""
                return types.Hover(
                    contents=types.MarkupContent(
                        kind=types.MarkupKind.Markdown,
                        value=f"**{rule.code}** `{rule.name}`: {rule.summary}{page}",
                    ),
                    range=shown.range,
                )
        return self._key_hover(text, offset_of(text, params.position, self.encoding), linter)

    def _key_hover(self, text: str, offset: int, linter: Linter) -> types.Hover | None:
        parsed, _ = parse_document(text)
        if not isinstance(parsed.data, dict):
            return None
        properties = _properties(self.schema_for(linter))
        for key in parsed.data:
            start, end = parsed.source_map.span((key,), "key")
            if start <= offset < end and isinstance(properties.get(key), dict):
                return types.Hover(
                    contents=types.MarkupContent(
                        kind=types.MarkupKind.Markdown,
                        value=_describe(key, properties[key], self.schema_for(linter)),
                    )
                )
        return None

    def completion(self, params: types.CompletionParams) -> list[types.CompletionItem]:
        """At the start of a top-level line of the front matter: the schema's keys not yet
        written; after ``key: `` where the key's schema has an ``enum``: its values."""
        uri = params.text_document.uri
        linter = self.usable_linter(uri)
        if linter is None:
            return []
        text = self.workspace.get_text_document(uri).source
        offset = offset_of(text, params.position, self.encoding)
        split = split_front_matter(text)
        if split is None or not split.yaml_start <= offset <= split.yaml_end:
            return []
        schema = self.schema_for(linter)
        properties = _properties(schema)
        typed = text[text.rfind("\n", 0, offset) + 1 : offset]
        if _TYPING_KEY.fullmatch(typed):
            written = set(_WRITTEN_KEY.findall(text, split.yaml_start, split.yaml_end))
            return [
                types.CompletionItem(
                    label=name,
                    kind=types.CompletionItemKind.Property,
                    documentation=_description(sub, schema),
                    insert_text=f"{name}: ",
                )
                for name, sub in properties.items()
                if name not in written
            ]
        value = _TYPING_VALUE.fullmatch(typed)
        if value is None or not isinstance(properties.get(value[1]), dict):
            return []
        return [
            types.CompletionItem(label=str(each), kind=types.CompletionItemKind.EnumMember)
            for each in _resolved(properties[value[1]], schema).get("enum", [])
        ]

    def publish(self, uri: str) -> None:
        self._pending.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=self.diagnostics(uri), version=document.version
            )
        )

    def publish_later(self, uri: str) -> None:
        """Publish once the text has been quiet for ``DEBOUNCE`` seconds."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.publish, uri)

    def forget(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """A quick fix for each diagnostic with a fix that touches the requested range, and
        all safe fixes at once (``FIX_ALL``), as the client's ``only`` asks."""
        uri = params.text_document.uri
        linter = self.usable_linter(uri)
        if linter is None:
            return []
        document = self.workspace.get_text_document(uri)
        text = document.source
        lines = split_lines(text)
        only = params.context.only
        actions: list[types.CodeAction] = []
        if _wanted(only, types.CodeActionKind.QuickFix):
            for found in linter.lint_text(text, document.path):
                if found.fix is None:
                    continue
                shown = self.to_lsp(found, linter, lines)
                if _overlaps(shown.range, params.range):
                    actions.append(self._quick_fix(uri, found.fix, shown, lines))
        if _wanted(only, FIX_ALL):
            fixed = Fixer(linter).fix_text(text, document.path).text
            if fixed != text:
                whole = types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(
                        line=len(lines) - 1, character=_units(lines[-1], self.encoding)
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


def _properties(schema: dict[str, Any] | None) -> dict[str, Any]:
    properties = schema.get("properties") if schema is not None else None
    return properties if isinstance(properties, dict) else {}


def _resolved(subschema: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any]:
    """``subschema`` with the keywords of its local ``$ref`` (``#/...``) under its own."""
    reference = subschema.get("$ref")
    if schema is None or not isinstance(reference, str) or not reference.startswith("#/"):
        return subschema
    target: Any = schema
    for step in reference[2:].split("/"):
        target = target.get(step.replace("~1", "/").replace("~0", "~"))
        if not isinstance(target, dict):
            return subschema
    return {**target, **subschema}


def _description(subschema: dict[str, Any], schema: dict[str, Any] | None) -> str | None:
    description = _resolved(subschema, schema).get("description")
    return description if isinstance(description, str) else None


def _describe(key: str, subschema: dict[str, Any], schema: dict[str, Any] | None) -> str:
    """Markdown for a key: its name, its type (or enum values) and its description."""
    resolved = _resolved(subschema, schema)
    kind = resolved.get("type")
    if "enum" in resolved:
        kind = " | ".join(repr(each) for each in resolved["enum"])
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

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FilmlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: FilmlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FilmlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FilmlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=_SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
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


def serve() -> None:
    """Serve over stdin and stdout until the client says exit.

    The protocol gets its own copy of stdout's descriptor, which pygls closes at exit (the
    command line still flushes ``sys.stdout``); anything else printed goes to stderr, where
    it cannot corrupt the protocol's stream."""
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    with protocol_out, contextlib.redirect_stdout(sys.stderr):
        build_server().start_io(sys.stdin.buffer, protocol_out)
