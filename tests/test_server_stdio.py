"""``filmlint server`` as a raw client sees it over stdio: frames spelled in every way the
base protocol allows are read, a malformed one is skipped without losing the messages after
it, and ``exit`` still ends the process with its code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SERVER = [sys.executable, "-m", "filmlint", "server"]


def body(message: dict[str, object]) -> bytes:
    return json.dumps({"jsonrpc": "2.0", **message}).encode()


def framed(*messages: dict[str, object]) -> bytes:
    """Messages as a client writes them, in the usual spelling."""
    return b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body(m)), body(m)) for m in messages)


def answers(output: bytes) -> dict[object, dict[str, object]]:
    """The responses among the messages the server wrote, by id."""
    bodies = [
        json.loads(part.split(b"\r\n\r\n", 1)[1]) for part in output.split(b"Content-Length")[1:]
    ]
    return {each["id"]: each for each in bodies if "method" not in each}


def talk(messages: bytes, timeout: float = 30) -> tuple[int | None, bytes, bytes]:
    """The server's exit code, stdout and stderr after ``messages``, its stdin left open (as
    an editor leaves it): only ``exit`` ends it. None: it did not end within ``timeout``."""
    process = subprocess.Popen(
        SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdin is not None
    process.stdin.write(messages)
    process.stdin.flush()
    try:
        code: int | None = process.wait(timeout)
    except subprocess.TimeoutExpired:
        code = None
        process.kill()
    out, err = process.communicate()
    return code, out, err


INITIALIZE = {"id": 1, "method": "initialize", "params": {"capabilities": {}}}
SHUTDOWN = {"id": 2, "method": "shutdown"}
EXIT = {"method": "exit"}
HOVER = {
    "id": 3,
    "method": "textDocument/hover",
    "params": {"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}},
}


def hover(number: int) -> bytes:
    """A hover request's body (nothing to show in an untitled file: its result is null)."""
    return body({**HOVER, "id": number})


def frame(header: bytes, content: bytes) -> bytes:
    """A frame whose header is ``header`` with the body's length put in for ``%d``."""
    return (header % len(content) if b"%d" in header else header) + content


#: Headers the base protocol allows (HTTP's: names in any case, space around the value
#: optional and of any length, other headers): each frame's request is answered. All go to one server, each
#: request with an id of its own (a server process costs half a second).
READABLE = {
    "lower-case-name": b"content-length: %d\r\n\r\n",
    "no-space": b"Content-Length:%d\r\n\r\n",
    "spaces-and-tabs": b"CONTENT-LENGTH:\t %d \r\n\r\n",
    "content-type-first": (
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
    ),
    "long-space": b"Content-Length:" + b" " * 300 + b"%d" + b"\t" * 300 + b"\r\n\r\n",
    # Fields whose name or value ends in "content-length: N" give no length.
    "fields-ending-in-content-length": (
        b"X-Original-Content-Length: 3\r\nContent-Length: %d\r\n"
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8; x-content-length: 3\r\n\r\n"
    ),
}
#: Frames without a usable length, or with a wrong one, each followed by a request: each is
#: skipped, and the request after it is read.
REQUEST = hover(3)
MALFORMED = {
    "non-numeric-length": b"Content-Length: abc\r\n\r\n" + REQUEST,
    "negative-length": b"Content-Length: -5\r\n\r\n" + REQUEST,
    "no-length": b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + REQUEST,
    "no-colon": b"Content-Length 5\r\n\r\n" + REQUEST,
    "one-byte-short": b"Content-Length: %d\r\n\r\n" % (len(REQUEST) - 1) + REQUEST,
    "not-json": b"Content-Length: 5\r\n\r\nhello",
    # Too large: the body runs into the next frame's header, part of its name or value, or
    # the whole line; or past every byte sent (the server must not wait for more).
    "three-bytes-too-large": b"Content-Length: %d\r\n\r\n" % (len(REQUEST) + 3) + REQUEST,
    "into-the-next-length": b"Content-Length: %d\r\n\r\n" % (len(REQUEST) + 17) + REQUEST,
    "past-the-next-header": b"Content-Length: %d\r\n\r\n" % (len(REQUEST) + 24) + REQUEST,
    "far-too-large": b"Content-Length: 99999999\r\n\r\n" + REQUEST,
}


@pytest.mark.slow
def test_a_header_spelled_as_the_base_protocol_allows_is_read() -> None:
    ids = {name: 10 + index for index, name in enumerate(READABLE)}
    frames = b"".join(frame(READABLE[name], hover(number)) for name, number in ids.items())
    code, out, err = talk(framed(INITIALIZE) + frames + framed(SHUTDOWN, EXIT))
    assert code == 0, err.decode()
    answered = answers(out)
    assert {name: answered[number]["result"] for name, number in ids.items()} == dict.fromkeys(
        READABLE
    )
    assert answered[SHUTDOWN["id"]]["result"] is None


@pytest.mark.slow
@pytest.mark.parametrize(("ending", "code"), [([SHUTDOWN, EXIT], 0), ([EXIT], 1)])
def test_a_malformed_frame_is_skipped_and_later_messages_are_handled(
    ending: list[dict[str, object]], code: int
) -> None:
    """Each malformed frame, then a request: every request is answered, and exit ends the
    process with its code (0 after shutdown, 1 without)."""
    ids = {name: 20 + index for index, name in enumerate(MALFORMED)}
    sent = b"".join(
        MALFORMED[name] + framed({**HOVER, "id": number}) for name, number in ids.items()
    )
    returned, out, err = talk(framed(INITIALIZE) + sent + framed(*ending))
    assert returned == code, f"exit code {returned}: {err.decode()}"
    answered = answers(out)
    assert [name for name, number in ids.items() if "result" not in answered.get(number, {})] == []
    assert err  # said on stderr, where an editor shows the server's log


DIAGNOSTIC = {
    "id": 5,
    "method": "textDocument/diagnostic",
    "params": {"textDocument": {"uri": "untitled:x"}},
}
OPEN = {
    "method": "textDocument/didOpen",
    "params": {
        "textDocument": {"uri": "untitled:x", "languageId": "markdown", "version": 1, "text": ""}
    },
}
NOT_INITIALIZED, INVALID_REQUEST = -32002, -32600
#: Messages out of the lifecycle's order, and the error each request among them gets: before
#: initialize, ServerNotInitialized (a notification is dropped); after shutdown,
#: InvalidRequest. Exit is handled at any point.
LIFECYCLE = {
    "before-initialize": (
        [OPEN, DIAGNOSTIC, {**HOVER, "id": 6}, {**SHUTDOWN, "id": 7}, INITIALIZE, SHUTDOWN, EXIT],
        {5: NOT_INITIALIZED, 6: NOT_INITIALIZED, 7: NOT_INITIALIZED},
    ),
    "after-shutdown": (
        [INITIALIZE, SHUTDOWN, OPEN, DIAGNOSTIC, {**HOVER, "id": 6}, {**SHUTDOWN, "id": 7}, EXIT],
        {5: INVALID_REQUEST, 6: INVALID_REQUEST, 7: INVALID_REQUEST},
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(("messages", "errors"), LIFECYCLE.values(), ids=LIFECYCLE)
def test_a_request_out_of_the_lifecycles_order_is_answered_with_its_error(
    messages: list[dict[str, object]], errors: dict[int, int]
) -> None:
    code, out, err = talk(framed(*messages))
    assert code == 0, err.decode()
    answered = answers(out)
    for request, error in errors.items():
        found = answered[request]["error"]
        assert isinstance(found, dict) and found["code"] == error
        assert "Traceback" not in json.dumps(found)  # no internals
    assert "result" in answered[INITIALIZE["id"]] and "result" in answered[SHUTDOWN["id"]]
    assert b"Traceback" not in err  # the notification was dropped, not run
