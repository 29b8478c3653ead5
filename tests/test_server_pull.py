"""``filmlint server``'s diagnostics to a client that pulls them and to one that cannot, the
server driven in process, message by message, as its reader hands messages to it: a client
that pulls is pushed none (it keeps pushed and pulled problems apart, and would show each
twice), and is asked to pull again when a change it cannot see changes them, if it can be
asked; a client that cannot pull is pushed them, and never asked."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

import filmlint.server
from conftest import film
from filmlint.server import build_server

PULL = types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities())
REFRESH = types.WorkspaceClientCapabilities(
    diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
)
PUSHED = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
REFRESHED = types.WORKSPACE_DIAGNOSTIC_REFRESH


class Messages:
    """What the in-process server writes: each message, its header dropped."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.sent.append(json.loads(data.split(b"\r\n\r\n", 1)[1]))

    def close(self) -> None:
        pass

    def methods(self) -> list[str]:
        """The methods of the notifications and requests sent since the last call."""
        found = [each["method"] for each in self.sent if "method" in each]
        self.sent.clear()
        return found


async def drive(tmp_path: Path, capabilities: types.ClientCapabilities) -> dict[str, Any]:
    """Open the English version of a film whose base is on disk, change it in the editor,
    save it, change its base and then the configuration on disk, pull, and close it: the
    methods the server sent after each step, and the codes pulled."""
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
        '[collections.films]\ninclude = ["films/*.md"]\n'
    )
    (tmp_path / "films").mkdir()
    base, english = tmp_path / "films" / "alien.md", tmp_path / "films" / "alien-en.md"
    base.write_text(film("imdbRating: 8.5\n"))
    server = build_server()
    protocol = server.protocol
    messages = Messages()
    protocol.set_writer(messages)
    protocol._handle_request(1, types.INITIALIZE, types.InitializeParams(capabilities))
    uri = english.as_uri()
    steps: dict[str, Any] = {}

    async def step(name: str, method: str, params: Any) -> None:
        messages.methods()
        protocol._handle_notification(method, params)
        await asyncio.sleep(0.1)  # past the debounce
        steps[name] = messages.methods()

    identifier = types.TextDocumentIdentifier(uri)
    await step(
        "open",
        types.TEXT_DOCUMENT_DID_OPEN,
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "markdown", 1, film("imdbRating: 8.4\n"))
        ),
    )
    await step(
        "change",
        types.TEXT_DOCUMENT_DID_CHANGE,
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(2, uri),
            [types.TextDocumentContentChangeWholeDocument(film("imdbRating: 8.3\n"))],
        ),
    )
    await step("save", types.TEXT_DOCUMENT_DID_SAVE, types.DidSaveTextDocumentParams(identifier))
    base.write_text(film("imdbRating: 8.2\n"))
    await step(
        "base on disk",
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(base.as_uri(), types.FileChangeType.Changed)]
        ),
    )
    config = tmp_path / "filmlint.toml"
    config.write_text('ignore = ["duration-format"]\n' + config.read_text())
    await step(
        "configuration on disk",
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]
        ),
    )
    messages.methods()
    protocol._handle_request(
        2, types.TEXT_DOCUMENT_DIAGNOSTIC, types.DocumentDiagnosticParams(identifier)
    )
    await asyncio.sleep(0)
    (answer,) = [each for each in messages.sent if each.get("id") == 2]
    steps["pulled"] = [item["code"] for item in answer["result"]["items"]]
    await step("close", types.TEXT_DOCUMENT_DID_CLOSE, types.DidCloseTextDocumentParams(identifier))
    return steps


# Each client: what each step sends it. Refresh support without pull is nothing to use.
CLIENTS = [
    ("cannot pull", types.ClientCapabilities(), PUSHED, []),
    ("cannot pull, can refresh", types.ClientCapabilities(workspace=REFRESH), PUSHED, []),
    ("pulls", types.ClientCapabilities(text_document=PULL), None, []),
    (
        "pulls, can be asked to again",
        types.ClientCapabilities(text_document=PULL, workspace=REFRESH),
        None,
        [REFRESHED],
    ),
]


@pytest.mark.parametrize(
    ("capabilities", "pushed", "refreshed"), [c[1:] for c in CLIENTS], ids=[c[0] for c in CLIENTS]
)
def test_a_client_that_pulls_is_pushed_nothing_and_asked_to_pull_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capabilities: types.ClientCapabilities,
    pushed: str | None,
    refreshed: list[str],
) -> None:
    monkeypatch.setattr(filmlint.server, "DEBOUNCE", 0.01)
    steps = asyncio.run(drive(tmp_path, capabilities))
    push = [pushed] if pushed else []
    assert steps == {
        "open": push,
        "change": push,
        "save": push,
        # The English version's problem changes with its base, which the editor does not see.
        "base on disk": push + refreshed,
        "configuration on disk": push + refreshed,
        "pulled": ["FL404"],  # pulled alike by every client
        "close": push,  # an empty set, to a client that does not pull
    }
