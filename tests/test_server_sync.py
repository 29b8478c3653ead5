"""``filmlint server``'s copy of an open document: incremental changes applied by LSP's
rules, whatever characters the text holds and wherever the client puts a position, in
the position encoding the client chose. The server is driven in process, message by
message, as its reader hands messages to it."""

from __future__ import annotations

import asyncio
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from conftest import examples
from filmlint.server import build_server

#: Every kind of line break (LSP's own: LF, CRLF, CR; ``str.splitlines``'s others, which
#: LSP counts as text), astral characters (two UTF-16 units, four UTF-8 bytes) and others.
ALPHABET = [
    *("a", "b", " ", ":", "\u00e9", "\u6f22", "\U0001f3ac", "\U00020000"),
    *("\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"),
]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join)
ENCODINGS = [kind.value for kind in types.PositionEncodingKind]
#: LSP's line breaks, the only ones.
LSP_BREAK = re.compile(r"\r\n|\r|\n")


def lsp_lines(text: str) -> list[tuple[int, str]]:
    """Each LSP line's start offset and text (without its break)."""
    starts = [0, *(match.end() for match in LSP_BREAK.finditer(text))]
    ends = [match.start() for match in LSP_BREAK.finditer(text)] + [len(text)]
    return [(start, text[start:end]) for start, end in zip(starts, ends, strict=True)]


def width(text: str, encoding: str) -> int:
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    size = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    return len(text.encode(codec, "surrogatepass")) // size


def reference_offset(text: str, position: types.Position, encoding: str) -> int:
    """The offset LSP means: a character past its line's end is the line's end."""
    start, line = lsp_lines(text)[position.line]
    count = 0
    for index, char in enumerate(line):
        if count >= position.character:
            return start + index
        count += width(char, encoding)
    return start + len(line)


def reference_apply(
    text: str, change: types.TextDocumentContentChangePartial, encoding: str
) -> str:
    start = reference_offset(text, change.range.start, encoding)
    end = reference_offset(text, change.range.end, encoding)
    return text[:start] + change.text + text[end:]


@st.composite
def positions(draw: st.DrawFn, text: str, encoding: str) -> types.Position:
    """A position at a character boundary of a line, or past its end (clamped by LSP)."""
    lines = lsp_lines(text)
    number = draw(st.integers(0, len(lines) - 1))
    line = lines[number][1]
    at = draw(st.integers(0, len(line)))
    past = draw(st.sampled_from([0, 0, 1, 2, 50]))
    return types.Position(number, width(line[:at], encoding) + (past if at == len(line) else 0))


@st.composite
def changes(draw: st.DrawFn, text: str, encoding: str) -> types.TextDocumentContentChangePartial:
    one, other = draw(positions(text, encoding)), draw(positions(text, encoding))
    start, end = sorted([one, other], key=lambda p: reference_offset(text, p, encoding))
    return types.TextDocumentContentChangePartial(types.Range(start, end), draw(TEXTS))


class _Sink:
    """Where the in-process server writes its messages: nowhere."""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


async def servers_text(
    encoding: str, text: str, steps: list[list[types.TextDocumentContentChangePartial]]
) -> str:
    """The server's text of a document opened with ``text`` and changed by ``steps`` (one
    didChange each), its positions in ``encoding``."""
    server = build_server()
    protocol = server.protocol
    protocol.set_writer(_Sink())
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[encoding])
    )
    protocol._handle_request(1, types.INITIALIZE, types.InitializeParams(capabilities))
    assert server.encoding == encoding
    uri = "untitled:Untitled-1"  # linted by no one: only its text matters here
    protocol._handle_notification(
        types.TEXT_DOCUMENT_DID_OPEN,
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text)),
    )
    for version, step in enumerate(steps, start=2):
        protocol._handle_notification(
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri), list(step)
            ),
        )
    document = server.workspace.get_text_document(uri)
    assert document.version == len(steps) + 1
    return document.source


@settings(max_examples=examples(300))
@given(st.sampled_from(ENCODINGS), TEXTS, st.data())
def test_incremental_changes_give_the_editors_text(
    encoding: str, text: str, data: st.DataObject
) -> None:
    editor = text
    steps: list[list[types.TextDocumentContentChangePartial]] = []
    for _ in range(data.draw(st.integers(1, 4))):
        step = []  # a step's changes apply one after the other, each to the text before
        for _ in range(data.draw(st.integers(1, 2))):
            change = data.draw(changes(editor, encoding))
            editor = reference_apply(editor, change, encoding)
            step.append(change)
        steps.append(step)
    assert asyncio.run(servers_text(encoding, text, steps)) == editor


def test_a_position_past_a_lines_end_is_its_end_before_any_line_break() -> None:
    # The cases LSP spells out, in UTF-16: no text between CR and LF, none before the end.
    cases = {
        ("abc\ndef\n", 0, 4): "abcX\ndef\n",
        ("abc\r\ndef\r\n", 0, 4): "abcX\r\ndef\r\n",
        ("abc\ndef", 1, 10): "abc\ndefX",
        ("abc\ndef", 1, 4): "abc\ndefX",
        ("a\u2028b\ncd", 1, 0): "a\u2028b\nXcd",
    }
    for (text, line, character), expected in cases.items():
        at = types.Position(line, character)
        change = types.TextDocumentContentChangePartial(types.Range(at, at), "X")
        assert asyncio.run(servers_text("utf-16", text, [[change]])) == expected
