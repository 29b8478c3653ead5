"""Real HTTP servers on loopback addresses for the URL checks, each in a thread of its own,
and the films that name their URLs, linted with fast limits.

A test registers what each path answers; the server counts requests per path, and the most
requests it served at once, so a test can tell what the checker really sent.
"""

from __future__ import annotations

import asyncio
import io
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from filmlint import Config, Diagnostic, Linter

Handler = Callable[[web.Request, int], Awaitable[web.StreamResponse]]


class HttpServer:
    def __init__(
        self, host: str = "127.0.0.1", latency: float = 0.0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.host = host
        self.tls = tls
        self.scheme = "https" if tls is not None else "http"
        self.latency = latency
        self.port = 0
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.methods: list[tuple[str, str]] = []
        self.started: dict[str, list[float]] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.in_flight = 0
        self.most_in_flight = 0
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> HttpServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0, ssl_context=self.tls)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():  # a loop left open warns when collected
            self._loop.close()

    def url(self, path: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}{path}"

    @property
    def total(self) -> int:
        return sum(self.hits.values())

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] += 1
        self.methods.append((request.method, path))
        self.started.setdefault(path, []).append(time.monotonic())
        self.headers[path] = dict(request.headers)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            handler = self.routes.get(path)
            if handler is None:
                return web.Response(status=200)
            return await handler(request, self.hits[path])
        finally:
            self.in_flight -= 1


def answer(status: int, headers: dict[str, str] | None = None) -> Handler:
    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        return web.Response(status=status, headers=headers)

    return handler


def sequence(*handlers: Handler) -> Handler:
    """The first request gets the first answer, and so on; the last answer repeats."""

    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        return await handlers[min(count, len(handlers)) - 1](request, count)

    return handler


def redirect(status: int, location: str) -> Handler:
    return answer(status, {"Location": location})


def head_refused() -> Handler:
    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        return web.Response(status=405 if request.method == "HEAD" else 200, text="x" * 100)

    return handler


def slow(seconds: float) -> Handler:
    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.Response(status=200)

    return handler


def reset() -> Handler:
    """Close the connection with a TCP reset instead of answering."""

    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        transport = request.transport
        assert transport is not None
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        return web.Response(status=200)

    return handler


def endless() -> Handler:
    """HEAD refused; GET answers 200 with a body that never ends."""

    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        response = web.StreamResponse(status=200)
        await response.prepare(request)
        try:
            while True:
                await response.write(b"x" * 65536)
        except (ConnectionError, RuntimeError):  # the client hung up, as it should
            return response

    return handler


ITEM = '  - { platform: "IMDB", url: '
COLUMN = len(ITEM) + 1  # the URL's opening quote
FAST = {
    "allow-private-addresses": True,
    "timeout": 0.3,
    "retries": 1,
    "backoff": 0.01,
    "host-delay": 0.0,
    "retry-after-max": 0.3,
    "cache": "cache/urls.json",
}


def film(*urls: str) -> str:
    items = "".join(f'{ITEM}"{url}" }}\n' for url in urls)
    return f'---\ntitle: "Alien"\nsourceUrl:\n{items}---\nBody.\n'


def run(
    folder: Path,
    files: dict[str, str] | None = None,
    *,
    network: bool | None = True,
    status: io.StringIO | None = None,
    **options: Any,
) -> list[Diagnostic]:
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = {**FAST, **{key.replace("_", "-"): value for key, value in options.items()}}
    config = Config(root=folder, rules={"url-reachable": settings})
    linter = Linter(config, select=["url-reachable"], network=network, status=status)
    return linter.lint_paths([folder]).diagnostics


def rows(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str, str]]:
    return [(Path(d.path).name, d.line, d.column, d.severity.value, d.message) for d in diagnostics]


class RawHttpServer:
    """Answers each path with bytes given verbatim: what no well-behaved server library sends
    (control characters in a reason phrase or a header value)."""

    def __init__(self) -> None:
        self.answers: dict[str, bytes] = {}
        #: (method, path) -> the whole answer, sent as it is; then the connection closes.
        self.verbatim: dict[tuple[str, str], bytes] = {}
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> RawHttpServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._server is not None:  # on its loop: asyncio's objects are not thread-safe
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():  # a loop left open warns when collected
            self._loop.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            method, path = (part.decode("ascii") for part in head.split(b" ", 2)[:2])
            verbatim = self.verbatim.get((method, path))
            if verbatim is not None:
                writer.write(verbatim)
            else:
                writer.write(
                    self.answers.get(path, b"HTTP/1.1 200 OK\r\n")
                    + b"Connection: close\r\nContent-Length: 0\r\n\r\n"
                )
            await writer.drain()
        finally:
            writer.close()
