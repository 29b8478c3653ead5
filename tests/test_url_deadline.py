"""Retry-After and the run's deadline: a URL check never sleeps past what it can use, and
always ends within ``deadline-seconds``, reporting what it could not finish as not checked."""

from __future__ import annotations

import email.utils
import io
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from filmlint import Config, ConfigError, Linter
from filmlint.urls.checker import LOOKUPS, _Answer, _retry_after, check_urls
from filmlint.urls.settings import CheckSettings
from http_servers import HttpServer, answer, film, rows, run
from test_url_reachable import slow_until_hung_up

NOT_CHECKED = "not checked: the run's 1 s deadline passed first"


@pytest.fixture
def server() -> Any:
    started = HttpServer().start()
    yield started
    started.stop()


def cached(folder: Path) -> dict[str, Any]:
    path = folder / "cache" / "urls.json"
    return json.loads(path.read_text())["urls"] if path.exists() else {}


def in_a_minute() -> str:
    return email.utils.formatdate(time.time() + 60, usegmt=True)


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("retry_after", ["30", "in a minute"])
@pytest.mark.parametrize("retries", [0, 1, 2])
def test_a_long_retry_after_never_makes_the_run_wait(
    tmp_path: Path, server: HttpServer, status: int, retry_after: str, retries: int
) -> None:
    header = in_a_minute() if retry_after == "in a minute" else retry_after
    paths = [f"/busy/{i}" for i in range(3)]
    for path in paths:
        server.routes[path] = answer(status, {"Retry-After": header})
    began = time.monotonic()
    found = run(
        tmp_path,
        {"film.md": film(*map(server.url, paths))},
        retries=retries,
        retry_after_max=60,
        host_concurrency=1,
        deadline_seconds=1,
    )
    elapsed = time.monotonic() - began
    assert elapsed < 1.0, elapsed
    assert {severity for _, _, _, severity, _ in rows(found)} == {"warning"}
    assert all(d.message.startswith("URL not verified: the server refuses") for d in found)
    # One request each: a retry could not start within the deadline, so none was made.
    assert [server.hits[path] for path in paths] == [1, 1, 1]


def test_without_retries_a_retry_after_does_not_hold_up_the_next_url(
    tmp_path: Path, server: HttpServer
) -> None:
    server.routes["/busy"] = answer(429, {"Retry-After": "30"})
    files = {"film.md": film(server.url("/busy"), server.url("/next"))}
    run(tmp_path, files, retries=0, retry_after_max=60, host_concurrency=1)
    assert server.started["/next"][0] - server.started["/busy"][0] < 0.25


def test_a_backoff_past_the_deadline_is_not_slept(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/p"] = answer(500)
    began = time.monotonic()
    (found,) = run(
        tmp_path, {"film.md": film(server.url("/p"))}, retries=2, backoff=30, deadline_seconds=1
    )
    assert time.monotonic() - began < 1.0
    assert found.message == "URL is broken: 500 Internal Server Error"
    assert server.hits["/p"] == 1


def test_a_retry_within_the_deadline_is_still_made(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/p"] = answer(503, {"Retry-After": "1"})
    found = run(tmp_path, {"film.md": film(server.url("/p"))}, retries=1, retry_after_max=0.2)
    assert server.hits["/p"] == 2
    assert [d.message for d in found] == [
        "URL not verified: the server refuses scripted clients (503 Service Unavailable)"
    ]


def test_the_run_ends_at_its_deadline_and_reports_the_rest_as_not_checked(
    tmp_path: Path, server: HttpServer
) -> None:
    paths = [f"/slow/{i}" for i in range(8)]
    for path in paths:
        server.routes[path] = slow_until_hung_up(0.3)
    urls = [server.url(path) for path in paths]
    status = io.StringIO()
    began = time.monotonic()
    found = run(
        tmp_path,
        {"film.md": film(*urls)},
        status=status,
        host_concurrency=1,
        timeout=5,
        deadline_seconds=1,
    )
    elapsed = time.monotonic() - began
    assert 0.9 <= elapsed < 1.6, elapsed
    unchecked = [(line, message) for _, line, _, severity, message in rows(found)]
    assert 4 <= len(unchecked) <= 6, unchecked  # about three done in 1 s, one at a time
    assert all(message == NOT_CHECKED for _, message in unchecked)
    assert {severity for _, _, _, severity, _ in rows(found)} == {"warning"}
    done = len(urls) - len(unchecked)
    lines = status.getvalue().splitlines()
    deadline = [line for line in lines if "deadline" in line]
    assert deadline == [
        f"filmlint: warning: url-reachable: the 1 s deadline passed; "
        f"{len(unchecked)} of 8 URLs not checked"
    ]
    assert (
        f"url-reachable: 8 URLs: {done} checked ({done} ok, 0 redirected, 0 broken, 0 blocked, "
        f"0 timeout), {len(unchecked)} not checked, 0 from cache" in status.getvalue()
    )
    # Only what was checked is cached: an offline run reports nothing of the rest, and the
    # next online run asks only for the rest.
    assert sorted(cached(tmp_path)) == sorted(set(urls) - {urls[line - 4] for line, _ in unchecked})
    assert run(tmp_path, network=False) == []
    for path in paths:  # answered at once now: the next run need not wait for them
        server.routes[path] = answer(200)
    before = server.total
    assert run(tmp_path, host_concurrency=4, timeout=5) == []
    assert server.total - before == len(unchecked)


def test_urls_held_up_by_a_paused_host_are_not_checked_at_the_deadline(
    tmp_path: Path, server: HttpServer
) -> None:
    server.routes["/busy"] = answer(429, {"Retry-After": "1"})
    server.routes["/next"] = slow_until_hung_up(1.0)
    files = {"film.md": film(server.url("/busy"), server.url("/next"))}
    began = time.monotonic()
    found = run(
        tmp_path,
        files,
        status=io.StringIO(),
        retries=1,
        retry_after_max=5,
        host_concurrency=1,
        timeout=5,
        deadline_seconds=1.5,
    )
    assert 1.4 <= time.monotonic() - began < 2.0
    # The pause held /next back a second; it then outlasted the deadline, and /busy's retry
    # waited behind it.
    assert server.started["/next"][0] - server.started["/busy"][0] >= 0.95
    assert server.hits["/busy"] == 1
    late = "not checked: the run's 1.5 s deadline passed first"
    assert [(line, message) for _, line, _, _, message in rows(found)] == [(4, late), (5, late)]
    assert cached(tmp_path) == {}


@pytest.mark.parametrize("value", [0, -1, "soon"])
def test_the_deadline_must_be_a_positive_number(value: Any) -> None:
    config = Config(rules={"url-reachable": {"deadline-seconds": value}})
    with pytest.raises(ConfigError, match=r"rules\.url-reachable\.deadline-seconds: "):
        Linter(config)


class SlowResolver:
    """Stands in for ``socket.getaddrinfo``: every name takes ``seconds``, then is unknown."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at_once = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, host: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.at_once += 1
            self.most_at_once = max(self.most_at_once, self.at_once)
        time.sleep(self.seconds)
        with self._lock:
            self.at_once -= 1
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def test_a_system_resolver_that_hangs_does_not_outlast_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", SlowResolver(3.0))
    began = time.monotonic()
    checked = check_urls(["http://a.test/", "http://b.test/"], CheckSettings(deadline=0.2))
    assert time.monotonic() - began < 1.2
    assert {o.status for o in checked.outcomes.values()} == {"unchecked"}
    assert checked.cut_off == 2


def test_host_names_are_looked_up_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = SlowResolver(0.05)
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    urls = [f"http://host-{i}.test/" for i in range(3 * LOOKUPS)]
    checked = check_urls(urls, CheckSettings())
    assert len(checked.outcomes) == len(urls)
    assert 1 < resolver.most_at_once <= LOOKUPS


@given(st.text() | st.sampled_from(["²", "٣", "1e3", "-5", "nan", "inf", "9" * 400]))
def test_any_retry_after_is_a_wait_within_the_cap_or_none(value: str) -> None:
    """What a server sends there is its own: digits of other scripts, superscripts, dates out
    of range. Never an error, never a wait past the cap."""
    headers = CIMultiDictProxy(CIMultiDict({"Retry-After": value}))
    wait = _retry_after(_Answer(429, "Too Many Requests", headers), cap=60.0)
    assert wait is None or 0.0 <= wait <= 60.0


#: Retry-After values no wait can be read from: dates out of range (years past 9999, days,
#: times or zones that do not exist), negative and fractional numbers, garbage.
UNREADABLE_RETRY_AFTER = [
    "01 Feb 99999999999 00:00:00 GMT",
    "Wed, 01 Feb 10000 00:00:00 GMT",
    "Wed, 01 Feb 2147483648 00:00:00 GMT",
    "Wed, 01 Feb 9223372036854775808 00:00:00 GMT",
    "Wed, 32 Oct 2015 07:28:00 GMT",
    "Wed, 21 Oct 2015 25:61:61 GMT",
    "Wed, 21 Oct 2015 07:28:00 +9999",
    "Wed, 21 Foo 2015 07:28:00 GMT",
    "-5",
    "-0",
    "1.5",
    "1e3",
    "0x10",
    "nan",
    "inf",
    "²",
    "Wed,",
    ",,,,",
    "\x00\x1b[2J",
]


@pytest.mark.parametrize("value", UNREADABLE_RETRY_AFTER, ids=ascii)
@pytest.mark.parametrize("status", [429, 503])
def test_an_unreadable_retry_after_is_no_retry_after(value: str, status: int) -> None:
    headers = CIMultiDictProxy(CIMultiDict({"Retry-After": value}))
    assert _retry_after(_Answer(status, "Busy", headers), cap=60.0) is None


@pytest.mark.parametrize(
    ("value", "wait"),
    [
        ("9" * 400, 60.0),  # past a float's range: the cap
        (str(2**64), 60.0),
        ("0", 0.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # past: no wait
        ("Fri, 31 Dec 9999 23:59:59 GMT", 60.0),  # the last date there is: the cap
        ("Fri, 31 Dec 9999 23:59:59 -0000", 60.0),  # no zone: UTC, whatever this one's
        ("Mon, 01 Jan 0001 00:00:00 -0000", 0.0),
    ],
)
def test_a_retry_after_at_the_edges_of_its_range_is_a_wait_within_the_cap(
    value: str, wait: float
) -> None:
    headers = CIMultiDictProxy(CIMultiDict({"Retry-After": value}))
    assert _retry_after(_Answer(429, "Too Many Requests", headers), cap=60.0) == wait


@given(
    day=st.integers(-1, 40),
    month=st.sampled_from(["Jan", "Feb", "Dec", "Foo"]),
    year=st.integers(-1, 10**30),
    clock=st.tuples(st.integers(-1, 99), st.integers(-1, 99), st.integers(-1, 99)),
    zone=st.sampled_from(["GMT", "UT", "-0000", "+2359", "-2400", "+9999", "EST", ""]),
)
def test_any_retry_after_date_is_a_wait_within_the_cap_or_none(
    day: int, month: str, year: int, clock: tuple[int, int, int], zone: str
) -> None:
    value = f"Wed, {day:02} {month} {year} {clock[0]:02}:{clock[1]:02}:{clock[2]:02} {zone}"
    headers = CIMultiDictProxy(CIMultiDict({"Retry-After": value}))
    wait = _retry_after(_Answer(429, "Too Many Requests", headers), cap=60.0)
    assert wait is None or 0.0 <= wait <= 60.0


@pytest.mark.parametrize("value", UNREADABLE_RETRY_AFTER[:4], ids=ascii)
def test_a_retry_after_out_of_range_leaves_the_run_and_the_other_urls_alone(
    tmp_path: Path, server: HttpServer, value: str
) -> None:
    server.routes["/busy"] = answer(429, {"Retry-After": value})
    server.routes["/gone"] = answer(404)
    found = run(tmp_path, {"film.md": film(server.url("/busy"), server.url("/gone"))})
    assert [message for *_, message in rows(found)] == [
        "URL not verified: the server refuses scripted clients (429 Too Many Requests)",
        "URL is broken: 404 Not Found",
    ]
    assert server.hits["/busy"] == 2  # retried after the backoff, as without a Retry-After
