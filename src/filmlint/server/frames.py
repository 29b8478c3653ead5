"""The client's messages, read from the base protocol's frames: header lines up to a blank
line, then a body of ``Content-Length`` bytes.

pygls's reader took only the exact header ``Content-Length: N``; after any other spelling it
read no body, the body was glued to the next header line, and no header matched again: the
server went deaf to every later message, ``exit`` too. Here header names are
case-insensitive and the space around the value optional (as in HTTP, which the base
protocol follows); a frame without a usable length is logged and skipped, and the next
``Content-Length`` header is found even with a bad frame's body glued before it.

A length too large is found out as well: a body is read as its bytes come, and a
``Content-Length`` header line in it, or one it ends inside of, cannot be part of a JSON
body (JSON has no raw line break within a string, nor a bare word outside one): the frame
is skipped, and reading goes on at that header, without waiting for bytes the client never
sends.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Literal

from pygls.exceptions import JsonRpcException

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from pygls.protocol import JsonRPCProtocol

__all__ = ["FrameReader", "content_length", "read_messages"]

logger = logging.getLogger(__name__)

#: A ``Content-Length`` header at the end of a line, whatever precedes it (a bad frame's
#: body has no line break of its own, and may hold a header's text: the last one is taken);
#: its value as written, to say why it is refused.
_LENGTH = re.compile(rb".*content-length[ \t]*:[ \t]*(\S*)[ \t]*\r?\n?", re.IGNORECASE | re.DOTALL)
_DIGITS = re.compile(rb"[0-9]+")
#: A whole ``Content-Length`` header line in what was read as a body, or one that a body's
#: end and the line after it make: no JSON text holds one, or ends with a part of one.
_HEADER_IN_BODY = re.compile(rb"content-length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n", re.IGNORECASE)
_HEADER_AT_END = re.compile(rb"content-length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n\Z", re.IGNORECASE)
#: Bytes of a body searched again with the next part read, for a header split between the
#: two; and the bytes of a body's end read with the line after it.
_TAIL = 128
#: A body is read in parts of at most this many bytes: a huge length claimed by a bad
#: header must not allocate its size at once.
_CHUNK = 1 << 20

ErrorHandler = Callable[[Exception, type[JsonRpcException]], Any]


class FrameReader:
    """The client's input, read in ``executor``'s threads: lines, and bodies read as their
    bytes come; bytes read past a frame's end are put back, to be read first."""

    def __init__(self, stdin: IO[bytes], executor: Executor | None = None) -> None:
        self._stdin = stdin
        self._executor = executor
        #: What has come so far, without waiting for more (``read`` where there is none).
        self._read_some: Callable[[int], bytes] = getattr(stdin, "read1", stdin.read)
        self._back = b""

    async def readline(self) -> bytes:
        """The next line with its line break; less at the end of the input, b"" after it."""
        back, self._back = self._back, b""
        end = back.find(b"\n") + 1
        if end:
            self._back = back[end:]
            return back[:end]
        return back + await self._run(self._stdin.readline)

    async def body(self, length: int) -> bytes | Literal[False] | None:
        """``length`` bytes; None when the input ends first; False when they hold the next
        frame's header (the length was too large): the frame is skipped, the header put
        back. Read in one go in a thread (a large body comes in many parts)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._body, length)

    def _body(self, length: int) -> bytes | Literal[False] | None:
        body = bytearray()
        while len(body) < length:
            part = self._some(min(length - len(body), _CHUNK))
            if not part:
                return None
            start = max(len(body) - _TAIL, 0)
            body += part
            header = _header_in(body, start)
            if header is not None:
                self._back = bytes(body[header:]) + self._back
                logger.warning(
                    "skipped a frame whose Content-Length (%d) runs into the next frame: %r",
                    length,
                    bytes(body[:header]),
                )
                return False
        return bytes(body)

    def _some(self, limit: int) -> bytes:
        """At most ``limit`` bytes, as many as have come (at least one); b"" at the end."""
        if self._back:
            part, self._back = self._back[:limit], self._back[limit:]
            return part
        return self._read_some(limit)

    async def _run(self, read: Callable[[], bytes]) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._executor, read)


def _header_in(body: bytearray, start: int) -> int | None:
    """Where a whole ``Content-Length`` header line begins in ``body`` from ``start``. The
    name is looked for as plain bytes first: a regular expression that ignores case scans
    a large body several times slower."""
    lowered = bytes(body[start:]).lower()
    at = lowered.find(b"content-length")
    while at >= 0:
        if _HEADER_IN_BODY.match(lowered, at):
            return start + at
        at = lowered.find(b"content-length", at + 1)
    return None


def content_length(line: bytes) -> int | bytes | None:
    """The length a header line gives; its value (bytes) when it is not a length; None when
    the line is no ``Content-Length`` header."""
    match = _LENGTH.fullmatch(line)
    if match is None:
        return None
    value = match.group(1)
    return int(value) if _DIGITS.fullmatch(value) else value


async def read_messages(
    stop: threading.Event,
    reader: FrameReader,
    protocol: JsonRPCProtocol,
    error_handler: ErrorHandler,
) -> None:
    """Hand each message the client sends to ``protocol`` until ``stop`` is set or the input
    ends (also within a frame)."""
    tail = b""
    while not stop.is_set():
        length = await _frame_length(reader, tail)
        if length is None:
            return
        body = await reader.body(length)
        if body is None:
            return
        if body is False:
            tail = b""
            continue
        tail = body[-_TAIL:]
        _handle(body, protocol, error_handler)


async def _frame_length(reader: FrameReader, tail: bytes) -> int | None:
    """The body length of the next frame with a usable header (frames without one are
    logged and skipped); None at the end of the input. ``tail``: the end of the last body,
    which may hold the start of this header (its length was too large)."""
    seen: list[bytes] = []
    length: int | None = None
    while True:
        line = await reader.readline()
        if not line:
            return None
        if tail:  # only the first line can go on from the body
            started = _HEADER_AT_END.search(tail + line)
            if started is not None and started.start() < len(tail):
                line = tail + line
                logger.warning("a frame's body ran into the next frame's header: %r", line)
            tail = b""
        if line.strip():
            seen.append(line)
            found = content_length(line)
            if found is not None:
                length = found if isinstance(found, int) else None
            continue
        if length is not None:
            return length
        if seen:
            logger.warning("skipped a frame without a valid Content-Length header: %r", seen)
        seen = []


def _handle(body: bytes, protocol: JsonRPCProtocol, error_handler: ErrorHandler) -> None:
    """pygls's handling of one body: a message it cannot read or handle is logged."""
    try:
        message = json.loads(body, object_hook=protocol.structure_message)
        protocol.handle_message(message)
    except Exception as error:
        logger.exception("Unable to handle message")
        error_handler(error, JsonRpcException)
