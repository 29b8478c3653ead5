"""A run without a network is an outage, not a file full of broken links: one warning, the
URLs not checked, and nothing of it cached."""

from __future__ import annotations

import dataclasses
import io
import json
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from filmlint.rules import url_reachable
from filmlint.urls.addresses import AddressInfo, Lookup
from filmlint.urls.checker import check_urls
from filmlint.urls.settings import CheckSettings
from http_servers import COLUMN, HttpServer, answer, film, rows, run

NO_SUCH_NAME = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
NO_DNS_SERVER = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def resolver(table: Mapping[str, Exception | None]) -> Lookup:
    """Names to the lookup error they raise, or (None) to 127.0.0.1."""

    async def lookup(host: str, port: int) -> list[AddressInfo]:
        error = table[host]
        if error is not None:
            raise error
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    return lookup


@pytest.fixture
def server() -> Iterator[HttpServer]:
    started = HttpServer().start()
    yield started
    started.stop()


@pytest.fixture
def use_resolver(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the rule's checks resolve names with a given table."""

    def install(table: Mapping[str, Exception | None]) -> None:
        settings_of = url_reachable.settings_of

        def with_lookup(options: Mapping[str, Any]) -> CheckSettings:
            return dataclasses.replace(settings_of(options), lookup=resolver(table))

        monkeypatch.setattr(url_reachable, "settings_of", with_lookup)

    return install


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def cached(folder: Path) -> dict[str, Any]:
    path = folder / "cache" / "urls.json"
    return json.loads(path.read_text())["urls"] if path.exists() else {}


def outage_warnings(status: io.StringIO) -> list[str]:
    return [line for line in status.getvalue().splitlines() if "network unreachable" in line]


# (failing hosts, answering hosts, an outage?): at least 3 hosts and 80% of those tried.
THRESHOLDS = [(3, 0, True), (2, 0, False), (4, 1, True), (3, 1, False), (8, 2, True), (1, 9, False)]


@pytest.mark.parametrize(("failing", "answering", "outage"), THRESHOLDS)
@pytest.mark.parametrize("error", [NO_SUCH_NAME, NO_DNS_SERVER], ids=["NONAME", "AGAIN"])
def test_an_outage_is_told_from_dead_hosts(
    tmp_path: Path,
    server: HttpServer,
    use_resolver: Any,
    failing: int,
    answering: int,
    outage: bool,
    error: Exception,
) -> None:
    server.routes["/gone"] = answer(404)
    table: dict[str, Exception | None] = {f"down-{i}.test": error for i in range(failing)}
    table |= {f"up-{i}.test": None for i in range(answering)}
    use_resolver(table)
    urls = [f"http://{host}:{server.port}/gone" for host in table]
    status = io.StringIO()
    found = run(tmp_path, {"film.md": film(*urls)}, status=status)
    by_host = {host_of(urls[d.line - 4]): d for d in found}
    assert set(by_host) == set(table)  # every URL reported, each once
    hosts = failing + answering
    for host, diagnostic in by_host.items():
        if host.startswith("up-"):  # a real answer stands, outage or not
            assert diagnostic.message == "URL is broken: 404 Not Found"
        elif outage:
            assert diagnostic.severity.value == "warning"
            assert diagnostic.message == (
                f"not checked: network unreachable: {failing} of {hosts} hosts failed with "
                "DNS errors"
            )
        else:
            assert diagnostic.message != "not checked", diagnostic.message
            assert "no such host" in diagnostic.message or "DNS lookup" in diagnostic.message
    stored = {host_of(url) for url in cached(tmp_path)}
    if outage:
        assert outage_warnings(status) == [
            f"filmlint: warning: url-reachable: network unreachable: {failing} of {hosts} hosts "
            "failed with DNS errors; URLs not checked"
        ]
        assert stored == {host for host in table if host.startswith("up-")}
        offline = run(tmp_path, network=False)  # nothing of the outage was cached
        assert {host_of(urls[d.line - 4]) for d in offline} == stored
    else:
        assert outage_warnings(status) == []
        assert stored == set(table)


def test_loopback_ports_where_nothing_listens_are_an_outage(tmp_path: Path) -> None:
    port = closed_port()
    urls = [f"http://127.0.0.{host}:{port}/film" for host in range(2, 6)]
    status = io.StringIO()
    found = run(tmp_path, {"film.md": film(*urls)}, status=status)
    message = "not checked: network unreachable: 4 of 4 hosts failed with connection refused"
    assert rows(found) == [("film.md", line, COLUMN, "warning", message) for line in range(4, 8)]
    assert outage_warnings(status) == [
        "filmlint: warning: url-reachable: network unreachable: 4 of 4 hosts failed with "
        "connection refused; URLs not checked"
    ]
    assert cached(tmp_path) == {}
    assert run(tmp_path, network=False) == []


def test_one_closed_port_among_live_hosts_stays_broken(tmp_path: Path) -> None:
    port = closed_port()
    servers = [HttpServer(f"127.0.0.{host}").start() for host in range(2, 5)]
    try:
        urls = [f"http://127.0.0.5:{port}/film", *(s.url("/film") for s in servers)]
        (found,) = run(tmp_path, {"film.md": film(*urls)})
    finally:
        for started in servers:
            started.stop()
    assert (found.line, found.severity.value) == (4, "error")
    assert found.message.startswith("URL is broken: cannot connect: ")


def test_failures_of_different_kinds_are_not_added_together(
    tmp_path: Path, use_resolver: Any
) -> None:
    port = closed_port()
    table: dict[str, Exception | None] = {"down-1.test": NO_SUCH_NAME, "down-2.test": NO_SUCH_NAME}
    table |= {"refused-1.test": None, "refused-2.test": None}
    use_resolver(table)
    found = run(tmp_path, {"film.md": film(*(f"http://{host}:{port}/" for host in table))})
    assert [d.severity.value for d in found] == ["error"] * 4


def test_check_urls_reports_the_outage(server: HttpServer) -> None:
    table: dict[str, Exception | None] = {f"down-{i}.test": NO_SUCH_NAME for i in range(4)}
    table["up.test"] = None
    settings = CheckSettings(allow_private=True, lookup=resolver(table))
    checked = check_urls([f"http://{host}:{server.port}/" for host in table], settings)
    assert checked.outage is not None
    assert (checked.outage.failed, checked.outage.hosts) == (4, 5)
    assert str(checked.outage) == "network unreachable: 4 of 5 hosts failed with DNS errors"
    statuses = {host_of(url): o.status for url, o in checked.outcomes.items()}
    assert statuses == {**{f"down-{i}.test": "unchecked" for i in range(4)}, "up.test": "ok"}
    assert checked.cut_off == 0
