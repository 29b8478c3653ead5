"""The client's messages, read from the base protocol's frames: header lines up to a blank
line, then a body of ``Content-Length`` bytes.

pygls's reader took only the exact header ``Content-Length: N``; after any other spelling it
read no body, the body was glued to the next header line, and no header matched again: the
server went deaf to every later message, ``exit`` too. Here header names are
case-insensitive and the space around the value optional (as in HTTP, which the base
protocol follows); a frame without a usable length is logged and skipped, and the next
``Content-Length`` header is found even with a bad frame's body glued before it.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcException

if TYPE_CHECKING:
    from pygls.io_ import AsyncReader
    from pygls.protocol import JsonRPCProtocol

__all__ = ["content_length", "read_messages"]

logger = logging.getLogger(__name__)

#: A ``Content-Length`` header at the end of a line, whatever precedes it (a bad frame's
#: body has no line break of its own); its value as written, to say why it is refused.
_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\S*)[ \t]*\r?\n?\Z", re.IGNORECASE)
_DIGITS = re.compile(rb"[0-9]+")
#: A body is read in parts of at most this many bytes: a huge length claimed by a bad
#: header must not allocate its size at once.
_CHUNK = 1 << 20

ErrorHandler = Callable[[Exception, type[JsonRpcException]], Any]


def content_length(line: bytes) -> int | bytes | None:
    """The length a header line gives; its value (bytes) when it is not a length; None when
    the line is no ``Content-Length`` header."""
    match = _LENGTH.search(line)
    if match is None:
        return None
    value = match.group(1)
    return int(value) if _DIGITS.fullmatch(value) else value


async def read_messages(
    stop: threading.Event,
    reader: AsyncReader,
    protocol: JsonRPCProtocol,
    error_handler: ErrorHandler,
) -> None:
    """Hand each message the client sends to ``protocol`` until ``stop`` is set or the input
    ends (also within a frame)."""
    while not stop.is_set():
        length = await _frame_length(reader)
        if length is None:
            return
        body = await _body(reader, length)
        if body is None:
            return
        _handle(body, protocol, error_handler)


async def _frame_length(reader: AsyncReader) -> int | None:
    """The body length of the next frame with a usable header (frames without one are
    logged and skipped); None at the end of the input."""
    seen: list[bytes] = []
    length: int | None = None
    while True:
        line = await reader.readline()
        if not line:
            return None
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


async def _body(reader: AsyncReader, length: int) -> bytes | None:
    """``length`` bytes of the input; None when it ends first."""
    parts: list[bytes] = []
    left = length
    while left:
        part = await reader.readexactly(min(left, _CHUNK))
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _handle(body: bytes, protocol: JsonRPCProtocol, error_handler: ErrorHandler) -> None:
    """pygls's handling of one body: a message it cannot read or handle is logged."""
    try:
        message = json.loads(body, object_hook=protocol.structure_message)
        protocol.handle_message(message)
    except Exception as error:
        logger.exception("Unable to handle message")
        error_handler(error, JsonRpcException)
