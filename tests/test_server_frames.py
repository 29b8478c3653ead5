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

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.server.frames import FrameReader, content_length, read_messages


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
#: Other header fields, before or after the length: their names or values end in
#: ``content-length: N`` (they give no length), or hold it as a parameter's name.
OTHER_FIELDS = [
    b"Content-Type: application/vscode-jsonrpc\r\n",
    b"X-Original-Content-Length: 3\r\n",
    b"X-Content-Length:7\r\n",
    b"Content-Type: application/vscode-jsonrpc; charset=utf-8; x-content-length: 3\r\n",
    b"Content-Type: application/vscode-jsonrpc; content-length=3\r\n",
]
#: The space a header may have around its value (HTTP's optional whitespace): none, a
#: little, or more than a few hundred bytes.
SPACE = st.one_of(
    st.sampled_from([b"", b" ", b"\t", b" \t "]),
    st.integers(129, 400).map(lambda size: b" " * size),
)


@st.composite
def good(draw: st.DrawFn) -> Framing:
    """A header that gives the body's length, spelled in any way the base protocol allows,
    among other fields."""
    name = draw(st.sampled_from([b"Content-Length", b"content-length", b"CONTENT-LENGTH"]))
    before, after, end = draw(SPACE), draw(SPACE), draw(SPACE)
    fields = st.lists(st.sampled_from(OTHER_FIELDS), max_size=2)
    first, last = b"".join(draw(fields)), b"".join(draw(fields))
    return lambda body: (
        (first + name + before + b":" + after + b"%d" % len(body) + end + b"\r\n" + last + b"\r\n")
        + body
    )


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
    data, sent = b"", []
    for number in range(draw(st.integers(1, 6))):
        message = {"jsonrpc": "2.0", "id": number, "params": draw(TEXTS)}
        body = json.dumps(message).encode()
        if draw(st.booleans()):
            data += draw(good())(body)
            sent.append(message)
        else:
            data += bad(draw)(body)
    return data, sent


@settings(max_examples=examples(300))
@given(frames(), st.integers(1, 64))
def test_each_well_framed_message_is_handed_on_after_any_bad_header(
    sent: tuple[bytes, list[Any]], step: int
) -> None:
    data, messages = sent
    assert handed_on(data, step) == messages


#: Header lines, as read (a bad body maybe glued before one), and the length each gives:
#: None when it is no ``Content-Length`` header, its value when that is not a length.
LINES = {
    b"Content-Length: 12\r\n": 12,
    b"content-length:12\n": 12,
    b"CONTENT-LENGTH:\t 12 \r\n": 12,
    b"Content-Length: " + b" " * 300 + b"12" + b"\t" * 300 + b"\r\n": 12,
    b"Content-Length: abc\r\n": b"abc",
    b'{"id": 1}Content-Length: 12\r\n': 12,
    b'[{"id": 1}] \tContent-Length: 12\r\n': 12,
    b'"Content-Length: 3"}Content-Length: 12\r\n': 12,
    b"Content-Length 12\r\n": None,
    b"Content-Type: application/vscode-jsonrpc\r\n": None,
    b"X-Original-Content-Length: 3\r\n": None,
    b"X-Content-Length:3\r\n": None,
    b"Content-Type: application/vscode-jsonrpc; charset=utf-8; x-content-length: 3\r\n": None,
    b"Content-Type: text/plain content-length: 3\r\n": None,
    b'{"id": 1}X-Original-Content-Length: 3\r\n': None,
    b'"a"Content-Length: 3\r\n': None,
}


@pytest.mark.parametrize(("line", "length"), LINES.items())
def test_a_header_line_gives_a_length_only_when_its_name_is_content_length(
    line: bytes, length: int | bytes | None
) -> None:
    assert content_length(line) == length


SHUTDOWN = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}).encode()


@pytest.mark.parametrize("more", [1, 10, 14, 15, 100, 150, 300, 310, 321, 322])
@pytest.mark.parametrize("step", [1, 16, 4096])
def test_the_header_after_a_too_large_frame_is_found_however_much_space_it_has(
    more: int, step: int
) -> None:
    """A frame whose length runs ``more`` bytes into the next header (its name, its long
    space, its value or the blank line after it), the input in parts of ``step`` bytes."""
    spaced = b"Content-Length:" + b" " * 300 + b"%d \r\n\r\n" % len(SHUTDOWN) + SHUTDOWN
    data = b"Content-Length: %d\r\n\r\n" % (len(SHUTDOWN) + more) + SHUTDOWN + spaced
    assert handed_on(data, step) == [json.loads(SHUTDOWN)]
