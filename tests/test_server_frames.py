"""The language server's frame reader (``filmlint.server.frames``), in-process: whatever is
wrong with the header of a frame (its length too short or too large, not a number, missing),
each well-framed message after it is handed on, in order, however the bytes arrive."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.server.frames import FrameReader, read_messages


class Trickle(io.BytesIO):
    """Input that comes at most ``step`` bytes at a time, as a pipe may give it."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self.step = step

    def read1(self, size: int = -1) -> bytes:
        return super().read1(self.step if size < 0 else min(size, self.step))


class Collecting:
    """A protocol that keeps the messages it is handed."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    def structure_message(self, data: Any) -> Any:
        return data

    def handle_message(self, message: Any) -> None:
        self.messages.append(message)


def handed_on(data: bytes, step: int) -> list[Any]:
    protocol = Collecting()
    reader = FrameReader(Trickle(data, step))
    asyncio.run(read_messages(threading.Event(), reader, protocol, lambda *_: None))  # type: ignore[arg-type]
    return protocol.messages


Framing = Callable[[bytes], bytes]
#: Headers a frame is read by: each message is handed on.
GOOD: dict[str, Framing] = {
    "usual": lambda body: b"Content-Length: %d\r\n\r\n" % len(body) + body,
    "lower-case": lambda body: b"content-length: %d\r\n\r\n" % len(body) + body,
    "no-space": lambda body: b"Content-Length:%d\r\n\r\n" % len(body) + body,
    "another-header-first": lambda body: (
        b"Content-Type: application/vscode-jsonrpc\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    ),
}


def bad(draw: st.DrawFn) -> Framing:
    """A header that does not give the body's length."""
    kind = draw(st.sampled_from(["short", "large", "huge", "not-a-number", "none"]))
    if kind == "short":
        less = draw(st.integers(1, 200))
        return lambda body: b"Content-Length: %d\r\n\r\n" % max(len(body) - less, 0) + body
    if kind == "large":
        more = draw(st.integers(1, 200))
        return lambda body: b"Content-Length: %d\r\n\r\n" % (len(body) + more) + body
    if kind == "huge":
        return lambda body: b"Content-Length: 999999999999\r\n\r\n" + body
    if kind == "not-a-number":
        return lambda body: b"Content-Length: abc\r\n\r\n" + body
    return lambda body: b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + body


#: Text in a message that looks like a frame's header (a JSON string escapes its breaks).
TEXTS = st.one_of(st.text(max_size=20), st.just("}Content-Length: 12\r\n\r\n{"))


@st.composite
def frames(draw: st.DrawFn) -> tuple[bytes, list[Any]]:
    """Frames, some with a bad header; the messages of the good ones."""
    data, good = b"", []
    for number in range(draw(st.integers(1, 6))):
        message = {"jsonrpc": "2.0", "id": number, "params": draw(TEXTS)}
        body = json.dumps(message).encode()
        if draw(st.booleans()):
            data += GOOD[draw(st.sampled_from(sorted(GOOD)))](body)
            good.append(message)
        else:
            data += bad(draw)(body)
    return data, good


@settings(max_examples=examples(300))
@given(frames(), st.integers(1, 64))
def test_each_well_framed_message_is_handed_on_after_any_bad_header(
    sent: tuple[bytes, list[Any]], step: int
) -> None:
    data, good = sent
    assert handed_on(data, step) == good
