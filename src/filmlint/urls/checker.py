"""The HTTP client: each URL asked once, politely, through the address guard.

Politeness: at most ``concurrency`` requests at once, at most ``host_concurrency`` to one
host, and requests to one host started at least ``host_delay`` seconds apart; a
``Retry-After`` pauses the whole host. Safety: every hop's host is resolved and checked here
(``addresses``) and the connection goes to exactly the checked addresses (the resolver
handed to aiohttp only returns them), so a name cannot resolve differently between the
check and the connection. No cookies, no proxies from the environment, bodies read at most
``max_body`` bytes and never shown.

aiohttp (rather than httpx) because its connector takes a resolver object, which is what
pins connections to checked addresses, and it is the faster client at this concurrency.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import errno
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.http_exceptions import (
    BadStatusLine,
    ContentEncodingError,
    ContentLengthError,
    HttpProcessingError,
    InvalidHeader,
    LineTooLong,
    TransferEncodingError,
)
from multidict import CIMultiDictProxy
from yarl import URL

from filmlint.text.escapes import printable
from filmlint.urls.addresses import Lookup, NonPublicAddress, Resolved, literal_address, resolve
from filmlint.urls.outcome import Outcome, Status
from filmlint.urls.settings import CheckSettings, HostLimits
from filmlint.version import __version__

USER_AGENT = (
    f"Mozilla/5.0 (compatible; filmlint/{__version__}; link checker; "
    "+https://pypi.org/project/filmlint/)"
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
HEAD_REFUSED = frozenset({405, 501})
RETRIED = frozenset({408, 429})
#: Answers that say the name does not exist; other lookup failures may mend.
NO_SUCH_HOST = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)
BLOCKED = frozenset({401, 403, 405, 418, 429, 451, 503, 999})
#: Host names looked up at once.
LOOKUPS = 32

#: Failures that say more about this machine's network than about the host: the kinds an
#: outage is made of. A run is an outage when one kind hit at least OUTAGE_MIN_HOSTS hosts
#: and at least OUTAGE_SHARE of the hosts it tried (a host that answered anything counts as
#: reached), so a few dead domains among live ones stay broken links.
DNS_FAILED = "DNS errors"
REFUSED = "connection refused"
NO_ROUTE = "no route to host"
FAILURE_KINDS = (DNS_FAILED, REFUSED, NO_ROUTE)
OUTAGE_MIN_HOSTS = 3
OUTAGE_SHARE = 0.8
_CONNECT_FAILURES = {
    errno.ECONNREFUSED: REFUSED,
    errno.ENETUNREACH: NO_ROUTE,
    errno.EHOSTUNREACH: NO_ROUTE,
}


@dataclass(frozen=True, slots=True)
class Outage:
    """Most hosts failed the same way before any answer: the network, not the links, is down."""

    failed: int
    hosts: int
    #: How they failed: one of FAILURE_KINDS.
    failure: str

    def __str__(self) -> str:
        hosts = f"{self.failed} of {self.hosts} hosts"
        return f"network unreachable: {hosts} failed with {self.failure}"


@dataclass(frozen=True, slots=True)
class CheckRun:
    """What one check found: an outcome per URL, and why some URLs were not checked."""

    outcomes: dict[str, Outcome]
    #: Set when the run looks like an outage; its URLs are then ``unchecked``.
    outage: Outage | None = None
    #: URLs the deadline stopped before they were done (``unchecked`` too).
    cut_off: int = 0


def check_urls(
    urls: Sequence[str],
    settings: CheckSettings,
    on_done: Callable[[str, Outcome | None], None] | None = None,
) -> CheckRun:
    """Check each URL once, within ``settings.deadline``; ``on_done`` hears of each as it
    finishes.

    A URL the client cannot even form a request for (a bad IDNA label, say) gets no
    outcome: it is malformed, which is url-format's to report.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_check_all(urls, settings, on_done))
    # Called from async code: its loop is busy, so run ours in a thread of its own.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _check_all(urls, settings, on_done)).result()


async def _check_all(
    urls: Sequence[str],
    settings: CheckSettings,
    on_done: Callable[[str, Outcome | None], None] | None,
) -> CheckRun:
    async with _Checker(settings) as checker:

        async def one(url: str) -> _Checked | None:
            checked = await checker.check(url)
            if on_done is not None:
                on_done(url, None if checked is None else checked.outcome)
            return checked

        tasks = {url: asyncio.ensure_future(one(url)) for url in dict.fromkeys(urls)}
        if tasks:
            left = checker.deadline - asyncio.get_running_loop().time()
            _done, pending = await asyncio.wait(tasks.values(), timeout=max(left, 0.0))
            for task in pending:
                task.cancel()
            # Let the cancelled requests unwind before the session closes under them.
            await asyncio.gather(*pending, return_exceptions=True)
        outage = checker.outage()
    outcomes: dict[str, Outcome] = {}
    late = _outcome("unchecked", f"the run's {settings.deadline:g} s deadline passed first")
    cut_off = 0
    for url, task in tasks.items():
        if task.cancelled():
            outcomes[url] = late
            cut_off += 1
        elif (checked := task.result()) is not None:
            if outage is not None and checked.failure is not None:
                outcomes[url] = _outcome("unchecked", str(outage))
            else:
                outcomes[url] = checked.outcome
    return CheckRun(outcomes, outage, cut_off)


class _HostGate:
    """One host's share of the run: its concurrent slots and the spacing of its requests."""

    def __init__(self, limits: HostLimits) -> None:
        self._slots = asyncio.Semaphore(limits.concurrency)
        self._starting = asyncio.Lock()
        self._delay = limits.delay
        self._next_start = 0.0

    @asynccontextmanager
    async def turn(self, run_slots: asyncio.Semaphore) -> AsyncIterator[None]:
        """A host slot, the host's spacing, then one of the run's slots: hold for a request."""
        async with self._slots:
            async with self._starting:  # spacing counts from when a request really starts
                loop = asyncio.get_running_loop()
                while (wait := self._next_start - loop.time()) > 0:
                    await asyncio.sleep(wait)  # again: a Retry-After may have moved it
                await run_slots.acquire()
                self._next_start = loop.time() + self._delay
            try:
                yield
            finally:
                run_slots.release()

    def pause(self, seconds: float) -> None:
        """No request to this host starts for ``seconds`` (a Retry-After)."""
        resume = asyncio.get_running_loop().time() + seconds
        self._next_start = max(self._next_start, resume)


class _VettedResolver(AbstractResolver):
    """Gives aiohttp only addresses the guard has checked, so it connects to nothing else.

    Each host is looked up once per run, however many URLs name it, and at most LOOKUPS
    hosts at once: a burst of lookups is slow, and some resolvers drop it.
    """

    def __init__(self, allow_private: bool, timeout: float, lookup: Lookup | None) -> None:
        self._allow_private = allow_private
        self._timeout = timeout
        self._lookup = lookup
        self._lookups: dict[tuple[str, int], asyncio.Task[list[Resolved]]] = {}
        self._slots = asyncio.Semaphore(LOOKUPS)

    async def vet(self, host: str, port: int) -> list[Resolved]:
        """The host's checked addresses; NonPublicAddress, socket.gaierror or TimeoutError."""
        key = (host, port)
        lookup = self._lookups.get(key)
        if lookup is None:
            lookup = asyncio.ensure_future(self._look_up(host, port))
            self._lookups[key] = lookup
        return await asyncio.shield(lookup)  # one URL's cancellation is not the others'

    async def _look_up(self, host: str, port: int) -> list[Resolved]:
        async with self._slots:  # the time-out counts from the lookup, not from the queue
            found = resolve(host, port, allow_private=self._allow_private, lookup=self._lookup)
            return await asyncio.wait_for(found, self._timeout)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(
                hostname=host,
                host=entry.address,
                port=port,
                family=entry.family,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for entry in await self.vet(host, port)
        ]

    async def close(self) -> None:
        for lookup in self._lookups.values():
            lookup.cancel()
        self._lookups.clear()


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    reason: str
    headers: CIMultiDictProxy[str]

    @property
    def label(self) -> str:
        return f"{self.status} {self.reason}".strip()


@dataclass(frozen=True, slots=True)
class _Failure:
    """A request that got no answer: what to report, and whether trying again may help."""

    outcome: Outcome
    retryable: bool = False
    #: One of FAILURE_KINDS when the failure may be this machine's network's.
    kind: str | None = None
    #: No request could be formed for the URL (aiohttp refuses ``127.1``, say).
    invalid_url: bool = False


@dataclass(frozen=True, slots=True)
class _Checked:
    """One URL's outcome, and the kind of network failure that made it (FAILURE_KINDS)."""

    outcome: Outcome
    failure: str | None = None


class _Checker:
    def __init__(self, settings: CheckSettings) -> None:
        self._settings = settings
        self._global = asyncio.Semaphore(settings.concurrency)
        self._gates: dict[str, _HostGate] = {}
        self._resolver = _VettedResolver(settings.allow_private, settings.timeout, settings.lookup)
        self._session: aiohttp.ClientSession | None = None
        #: Event-loop time after which no retry starts; set when the run starts.
        self.deadline = 0.0
        self._answered: set[str] = set()  # hosts that answered anything at all
        self._failed: dict[str, str] = {}  # host -> its kind of network failure

    async def __aenter__(self) -> _Checker:
        self.deadline = asyncio.get_running_loop().time() + self._settings.deadline
        connector = aiohttp.TCPConnector(
            limit=self._settings.concurrency,
            limit_per_host=0,  # the host gates limit per host name, across ports
            resolver=self._resolver,
            use_dns_cache=False,  # the resolver keeps the vetted addresses for the run
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,  # a proxy would connect to addresses the guard never saw
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Language": "en",
            },
            timeout=aiohttp.ClientTimeout(total=self._settings.timeout),
        )
        # aiohttp silently resends an idempotent request once after a reset, past our host
        # gate and backoff; our retries replace it (aiohttp's own test client does the same).
        self._session._retry_connection = False
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            limits = self._settings.hosts.get(host, self._settings.host)
            gate = self._gates[host] = _HostGate(limits)
        return gate

    def outage(self) -> Outage | None:
        """The outage the failures so far add up to, if they do (see FAILURE_KINDS)."""
        hosts = len(self._answered | self._failed.keys())
        kinds = Counter(kind for host, kind in self._failed.items() if host not in self._answered)
        if not kinds:
            return None
        kind, failed = kinds.most_common(1)[0]
        if failed >= OUTAGE_MIN_HOSTS and failed >= OUTAGE_SHARE * hosts:
            return Outage(failed, hosts, kind)
        return None

    async def check(self, url: str) -> _Checked | None:
        """Follow the URL's redirects by hand, checking every hop's address first; the
        outcome is ``private`` when a hop was at a non-public address."""
        private: list[bool] = []  # per hop whose addresses were vetted: any non-public
        checked = await self._follow(url, private)
        if checked is not None and any(private):
            return _Checked(checked.outcome._replace(private=True), checked.failure)
        return checked

    async def _follow(self, url: str, private: list[bool]) -> _Checked | None:
        try:
            current = URL(url).with_fragment(None).with_user(None)
        except ValueError:
            return None
        seen = {current}
        moved_to: str | None = None  # where the leading permanent redirects lead
        permanent_so_far = True
        for hop in range(self._settings.max_redirects + 1):
            if current.scheme not in ("http", "https") or not current.raw_host:
                return _done("broken", f"redirects to {current}, which is not an http(s) URL")
            host = current.raw_host.lower()  # IDNA-encoded: what DNS and the hosts option use
            try:
                addresses = await self._resolver.vet(host, current.port or 0)
            except NonPublicAddress as refusal:
                via = f"redirects to {current}; " if hop else ""
                name = "" if literal_address(host) else f"{refusal.host} is "
                return _done("refused", f"{via}{name}{refusal.address}")
            except socket.gaierror as error:
                if error.errno in NO_SUCH_HOST:
                    return self._unreached(host, "broken", f"no such host ({host})")
                failed = f"DNS lookup of {host} failed: {error.strerror or error}"
                return self._unreached(host, "timeout", failed)
            except TimeoutError:
                slow = f"no DNS answer for {host} within {self._settings.timeout:g} s"
                return self._unreached(host, "timeout", slow)
            except UnicodeError as error:
                return _done("broken", f"cannot resolve {host}: {error}", network_error=True)
            except OSError as error:
                return self._unreached(host, "broken", f"cannot resolve {host}: {error}")
            private.append(not all(entry.public for entry in addresses))
            answer = await self._fetch(current, host)
            if isinstance(answer, _Failure) and answer.invalid_url:
                if not hop:  # malformed as written: url-format's to report
                    return None
                return _done("broken", f"redirects to {current}, which is not a valid URL")
            if isinstance(answer, _Failure):
                if answer.kind is not None:
                    self._failed[host] = answer.kind
                return _Checked(answer.outcome, answer.kind)
            self._answered.add(host)
            location = _location(answer.headers.get("Location", ""))
            if answer.status not in REDIRECTS or not location:
                outcome = _classify(answer)
                if outcome.status == "ok" and moved_to is not None:
                    return _done("redirected", answer.label, location=moved_to)
                return _Checked(outcome)
            try:
                target = current.join(URL(location)).with_fragment(None).with_user(None)
            except ValueError:
                return _done("broken", f"{answer.label} to an invalid URL")
            if permanent_so_far and answer.status in PERMANENT:
                moved_to = str(target)
            else:
                permanent_so_far = False
            if target in seen:
                return _done("broken", f"redirect loop ({answer.label} back to {target})")
            seen.add(target)
            current = target
        return _done("broken", f"more than {self._settings.max_redirects} redirects")

    def _unreached(self, host: str, status: Status, detail: str) -> _Checked:
        """A host name that did not resolve: a broken link, or part of an outage."""
        self._failed[host] = DNS_FAILED
        return _Checked(_outcome(status, detail, network_error=True), DNS_FAILED)

    async def _fetch(self, url: URL, host: str) -> _Answer | _Failure:
        """One hop: HEAD (GET where HEAD is refused), retried where retrying can help."""
        settings = self._settings
        gate = self._gate(host)
        method = "HEAD"
        attempt = 0
        while True:
            async with gate.turn(self._global):
                answer = await self._request(method, url)
            if isinstance(answer, _Answer) and method == "HEAD" and answer.status in HEAD_REFUSED:
                method = "GET"
                continue
            if not _worth_retrying(answer) or attempt >= settings.retries:
                return answer  # and no pause: nothing more will be asked for it
            retry_after = _retry_after(answer, settings.retry_after_max)
            wait = settings.backoff * 2**attempt if retry_after is None else retry_after
            if asyncio.get_running_loop().time() + wait >= self.deadline:
                return answer  # a retry could not start in time: this answer stands
            if retry_after is None:
                await asyncio.sleep(wait)
            else:
                gate.pause(retry_after)  # the host asked: its other URLs wait too
            attempt += 1

    async def _request(self, method: str, url: URL) -> _Answer | _Failure:
        assert self._session is not None
        try:
            async with self._session.request(method, url, allow_redirects=False) as response:
                if method == "GET":  # enough to let the connection be reused; never shown
                    await response.content.read(self._settings.max_body)
                reason = _server_text(response.reason or "")
                return _Answer(response.status, reason, response.headers)
        except TimeoutError:
            timeout = f"no answer within {self._settings.timeout:g} s"
            return _Failure(_outcome("timeout", timeout), retryable=True)
        except (aiohttp.ClientSSLError, aiohttp.ClientConnectorCertificateError) as error:
            return _Failure(_outcome("broken", f"TLS failure: {_reason(error)}"))
        except aiohttp.ClientConnectorError as error:
            refused = f"cannot connect: {_reason(error)}"
            kind = _CONNECT_FAILURES.get(error.os_error.errno or 0)
            return _Failure(_outcome("broken", refused, network_error=True), kind=kind)
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError) as error:
            return _reset(error)
        except aiohttp.ClientOSError as error:
            if error.errno in (errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED):
                return _reset(error)
            failed = f"connection failed: {_reason(error)}"
            return _Failure(_outcome("broken", failed, network_error=True))
        except aiohttp.InvalidURL:
            return _Failure(_outcome("broken", "not a valid URL"), invalid_url=True)
        except aiohttp.ClientError as error:
            return _Failure(_outcome("broken", f"bad answer: {_reason(error)}"))


def _outcome(status: Status, detail: str, **extra: Any) -> Outcome:
    return Outcome(status, detail, time.time(), **extra)


def _done(status: Status, detail: str, **extra: Any) -> _Checked:
    return _Checked(_outcome(status, detail, **extra))


def _reset(error: Exception) -> _Failure:
    reset = f"connection reset ({_reason(error)})"
    return _Failure(_outcome("broken", reset, network_error=True), retryable=True)


#: What a Location may hold as it is: printable ASCII (a "%" starts an escape already there).
_LOCATION_AS_IS = "".join(map(chr, range(0x21, 0x7F)))


def _server_text(text: str) -> str:
    """Text from a server's answer, fit to show and to store: the bytes that are not UTF-8
    (which aiohttp keeps as lone surrogates, which no UTF-8 file can hold) as escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _location(value: str) -> str:
    """A Location header as a URL: its bytes outside printable ASCII percent-encoded, as
    browsers do (URL would drop a byte that is not UTF-8, and lead to another page)."""
    return quote(value.strip().encode("utf-8", "surrogateescape"), safe=_LOCATION_AS_IS)


#: What an answer aiohttp could not parse is called, by the parser's error (most specific
#: first). The error's own text quotes the server's bytes (a status line, a header, a chunk
#: size, up to the 8 KB line limit, or the body after a HEAD answer): it is never shown.
_MALFORMED: tuple[tuple[type[HttpProcessingError], str], ...] = (
    (BadStatusLine, "invalid status line"),
    (InvalidHeader, "invalid header"),
    (LineTooLong, "line too long"),
    (TransferEncodingError, "broken chunked body"),
    (ContentLengthError, "body shorter than its Content-Length"),
    (ContentEncodingError, "body not in its Content-Encoding"),
    (HttpProcessingError, "not valid HTTP"),
)
#: The longest reason taken from an error's text (this machine's, not the server's).
REASON_MAX = 200


def _reason(error: Exception) -> str:
    """Why a request failed, short and free of what the server sent: a fixed description of
    an answer that could not be parsed or was cut short, the class of another error of
    aiohttp's; else the error's text (an OSError's: the system's or the TLS library's),
    made printable and cut to ``REASON_MAX`` characters."""
    parse_error = _parse_error(error)
    if parse_error is not None:
        return next(name for kind, name in _MALFORMED if isinstance(parse_error, kind))
    if isinstance(error, aiohttp.ServerDisconnectedError):
        # Its text is the repr of the answer read so far when the server closed mid-headers:
        # every header, cookies included.
        partial = not isinstance(error.message, str)
        return "server disconnected before its headers ended" if partial else "server disconnected"
    if not isinstance(error, OSError):
        return type(error).__name__  # aiohttp's own errors' text may quote the answer
    text = printable(str(error)) or type(error).__name__
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 3] + "..."


def _parse_error(error: BaseException) -> HttpProcessingError | None:
    """The parser's error behind ``error``, the most specific in its chain of causes:
    aiohttp raises a ClientResponseError or ClientPayloadError caused by a copy of a
    HttpProcessingError caused by the parser's own."""
    found = None
    cause: BaseException | None = error
    for _ in range(8):  # a chain of causes is short; a cycle must not hang the run
        if cause is None:
            break
        if isinstance(cause, HttpProcessingError):
            found = cause
        cause = cause.__cause__
    return found


def _worth_retrying(answer: _Answer | _Failure) -> bool:
    if isinstance(answer, _Failure):
        return answer.retryable
    return answer.status in RETRIED or 500 <= answer.status < 600


def _retry_after(answer: _Answer | _Failure, cap: float) -> float | None:
    """Seconds a 429 or 503 asks to wait (``Retry-After``: seconds or a date), capped."""
    if isinstance(answer, _Failure) or answer.status not in (429, 503):
        return None
    value = answer.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():  # "²" is a digit to isdigit, not to float
        seconds = float(value)  # past a float's range: inf, so the cap
    else:
        # A date the server wrote: out of range (year 99999999999) it raises OverflowError,
        # unreadable ValueError; either is a Retry-After not given.
        try:
            when = email.utils.parsedate_to_datetime(value)
            if when.tzinfo is None:  # "-0000": UTC, not this machine's local time
                when = when.replace(tzinfo=datetime.UTC)
            seconds = when.timestamp() - time.time()
        except (TypeError, ValueError, OverflowError):
            return None
    return min(max(seconds, 0.0), cap)


def _classify(answer: _Answer) -> Outcome:
    status, headers = answer.status, answer.headers
    # Challenges first: IMDb's WAF answers 202, which must not pass for a live page.
    waf = headers.get("x-amzn-waf-action")
    if waf:
        return _outcome("blocked", f"{answer.label}, x-amzn-waf-action: {_server_text(waf)}")
    mitigated = headers.get("cf-mitigated")
    if mitigated:
        return _outcome("blocked", f"{answer.label}, cf-mitigated: {_server_text(mitigated)}")
    if 200 <= status < 300:
        return _outcome("ok", answer.label)
    if status in BLOCKED:
        return _outcome("blocked", answer.label)
    if status == 408:
        return _outcome("timeout", answer.label)
    if status in REDIRECTS:
        return _outcome("broken", f"{answer.label} without a Location")
    return _outcome("broken", answer.label)
