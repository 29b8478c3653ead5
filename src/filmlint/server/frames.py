"""The client's messages, read from the base protocol's frames: header lines up to a blank
line, then a body of ``Content-Length`` bytes.

pygls's reader took only the exact header ``Content-Length: N``; after any other spelling it
read no body, the body was glued to the next header line, and no header matched again: the
server went deaf to every later message, ``exit`` too. Here header names are
case-insensitive and the space around the value optional (as in HTTP, which the base
protocol follows); a frame without a usable length is logged and skipped, and the next
``Content-Length`` header is found even with a bad frame's body glued before it. A field is
that header only when its name is exactly ``Content-Length``, at the start of a line or
right after a bad body's end (a JSON-RPC body ends with ``}`` or ``]``): another field
whose name or value ends in ``content-length: N`` gives no length.

A length too large is found out as well: a body is read as its bytes come, and a
``Content-Length`` header line in it, or one it ends inside of, cannot be part of a JSON
body (JSON has no raw line break within a string, nor a bare word outside one): the frame
is skipped, and reading goes on at that header, without waiting for bytes the client never
sends. However much space such a header has around its value, it is found.
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

#: Where a ``Content-Length`` header's name may begin: at the start of a line, or right
#: after a bad frame's body glued before it (a JSON-RPC body ends with ``}`` or ``]``, then
#: maybe JSON's whitespace). Never after other bytes: a field whose name or value merely
#: ends in ``content-length`` (``X-Original-Content-Length: 3``) gives no length.
_BODY_END = b"}]"
_JSON_SPACE = b" \t\r"
#: A ``Content-Length`` header line, a bad body maybe glued before it (it has no line break
#: of its own, and may hold a header's text: the last header is taken); its value as
#: written, to say why it is refused.
_LENGTH = re.compile(
    rb"(?:.*[}\]][ \t\r]*)?content-length[ \t]*:[ \t]*(\S*)[ \t]*\r?\n?", re.IGNORECASE | re.DOTALL
)
_DIGITS = re.compile(rb"[0-9]+")
_NAME = b"content-length"
#: A whole ``Content-Length`` header line from its name on (matched in lower case): no JSON
#: text holds one. And the start of one, which a body read too far may end with.
_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n")
_HEADER_START = re.compile(rb"content-length[ \t]*(?::[ \t]*(?:[0-9]+[ \t]*\r?)?)?")
#: The bytes a header line's start can end with: where a body ends with none of them (a
#: JSON-RPC body ends with ``}`` or ``]``), it ends inside no header.
_HEADER_BYTES = frozenset(_NAME + _NAME.upper() + b" \t\r:0123456789")
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
        # Where the line being read began. A header line is looked for in each line once its
        # break has come, from its start: however much space a header has, it is found,
        # and no byte is searched twice however many parts a line comes in.
        line = 0
        while len(body) < length:
            part = self._some(min(length - len(body), _CHUNK))
            if not part:
                return None
            body += part
            end = body.rfind(b"\n", len(body) - len(part)) + 1
            if not end:
                continue
            header = _header_in(body, line, end)
            line = end
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


def _header_in(body: bytearray, start: int, end: int) -> int | None:
    """Where the first whole ``Content-Length`` header line in the lines ``body[start:end]``
    begins (``start`` begins a line). The name is looked for as plain bytes first: a
    regular expression that ignores case scans a large body several times slower."""
    lowered = bytes(body[start:end]).lower()
    at = lowered.find(_NAME)
    while at >= 0:
        if _begins_header(lowered, at) and _HEADER.match(lowered, at):
            return start + at
        at = lowered.find(_NAME, at + 1)
    return None


def _begins_header(text: bytes, at: int) -> bool:
    """Whether a header's name may begin at ``at`` in ``text`` (which begins a line): at the
    start of a line, or after a JSON body's end."""
    if at == 0 or text[at - 1] == ord("\n"):
        return True
    before = at
    while before and text[before - 1] in _JSON_SPACE:
        before -= 1
    return before > 0 and text[before - 1] in _BODY_END


def _header_started(body: bytes) -> bytes:
    """The start of a ``Content-Length`` header line that ``body`` ends inside of (a part of
    its name at least), to be read with the line after it; b"" when there is none. It is
    looked for after the last line break or JSON body's end, however far back that is."""
    if not body or body[-1] not in _HEADER_BYTES:
        return b""
    start = max(body.rfind(b"\n"), *(body.rfind(end) for end in (b"}", b"]"))) + 1
    if start and body[start - 1] != ord("\n"):
        while start < len(body) and body[start] in _JSON_SPACE:
            start += 1
    started = body[start:]
    lowered = started.lower()
    if _NAME.startswith(lowered) or _HEADER_START.fullmatch(lowered):
        return started
    return b""


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
        tail = _header_started(body)
        _handle(body, protocol, error_handler)


async def _frame_length(reader: FrameReader, tail: bytes) -> int | None:
    """The body length of the next frame with a usable header (frames without one are
    logged and skipped); None at the end of the input. ``tail``: the start of this frame's
    first header line, which the last body ended with (its length was too large)."""
    seen: list[bytes] = []
    length: int | None = None
    while True:
        line = await reader.readline()
        if not line:
            return None
        if tail:  # only the first line can go on from the body
            if content_length(tail + line) is not None:
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
