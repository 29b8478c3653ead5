"""url-reachable against real HTTP servers on loopback addresses, started by the tests."""

from __future__ import annotations

import asyncio
import io
import ipaddress
import itertools
import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from conftest import CliResult, run_cli
from filmlint import Config, ConfigError, Linter
from filmlint.rules.url_reachable import DEFAULT_TTL_HOURS
from filmlint.urls.addresses import is_public
from filmlint.urls.cache import UrlCache
from filmlint.urls.checker import check_urls
from filmlint.urls.outcome import Outcome, Status
from filmlint.urls.settings import CheckSettings
from http_servers import (
    COLUMN,
    FAST,
    Handler,
    HttpServer,
    answer,
    endless,
    film,
    head_refused,
    redirect,
    reset,
    rows,
    run,
    sequence,
)


@pytest.fixture
def server() -> Iterator[HttpServer]:
    started = HttpServer().start()
    yield started
    started.stop()


def slow_until_hung_up(seconds: float) -> Handler:
    """Answers after ``seconds``, or never once the client has hung up: a server stops
    without waiting out the answer of a request the checker gave up on."""

    async def handler(request: web.Request, count: int) -> web.StreamResponse:
        answer_at = time.monotonic() + seconds
        while (left := answer_at - time.monotonic()) > 0:
            if request.transport is None:  # the connection is gone
                return web.Response(status=200)
            await asyncio.sleep(min(left, 0.02))
        return web.Response(status=200)

    return handler


BLOCKED = "URL not verified: the server refuses scripted clients"

# (case, routes: path -> answer, expected (severity, message) or None, requests to /p)
CASES: list[tuple[str, dict[str, Any], tuple[str, str] | None, int]] = [
    ("200", {"/p": answer(200)}, None, 1),
    ("404", {"/p": answer(404)}, ("error", "URL is broken: 404 Not Found"), 1),
    ("410", {"/p": answer(410)}, ("error", "URL is broken: 410 Gone"), 1),
    ("500", {"/p": answer(500)}, ("error", "URL is broken: 500 Internal Server Error"), 2),
    ("HEAD refused", {"/p": head_refused()}, None, 2),
    ("301", {"/p": redirect(301, "/new")}, ("warning", "URL has moved permanently to {new}"), 1),
    ("308", {"/p": redirect(308, "/new")}, ("warning", "URL has moved permanently to {new}"), 1),
    ("302", {"/p": redirect(302, "/new")}, None, 1),
    ("307", {"/p": redirect(307, "/new")}, None, 1),
    (
        "301 to 404",
        {"/p": redirect(301, "/new"), "/new": answer(404)},
        ("error", "URL is broken: 404 Not Found"),
        1,
    ),
    (
        "redirect loop",
        {"/p": redirect(302, "/q"), "/q": redirect(301, "/p")},
        ("error", "URL is broken: redirect loop (301 Moved Permanently back to {p})"),
        1,
    ),
    (
        "redirect to ftp",
        {"/p": redirect(302, "ftp://example.com/film")},
        (
            "error",
            "URL is broken: redirects to ftp://example.com/film, which is not an http(s) URL",
        ),
        1,
    ),
    ("429", {"/p": answer(429)}, ("warning", f"{BLOCKED} (429 Too Many Requests)"), 2),
    ("429 Retry-After", {"/p": sequence(answer(429, {"Retry-After": "1"}), answer(200))}, None, 2),
    ("503 then 200", {"/p": sequence(answer(503), answer(200))}, None, 2),
    ("503", {"/p": answer(503)}, ("warning", f"{BLOCKED} (503 Service Unavailable)"), 2),
    (
        "202 challenge",
        {"/p": answer(202, {"x-amzn-waf-action": "challenge"})},
        ("warning", f"{BLOCKED} (202 Accepted, x-amzn-waf-action: challenge)"),
        1,
    ),
    (
        "403 challenge",
        {"/p": answer(403, {"cf-mitigated": "challenge"})},
        ("warning", f"{BLOCKED} (403 Forbidden, cf-mitigated: challenge)"),
        1,
    ),
    ("401", {"/p": answer(401)}, ("warning", f"{BLOCKED} (401 Unauthorized)"), 1),
    ("418", {"/p": answer(418)}, ("warning", f"{BLOCKED} (418 I'm a Teapot)"), 1),
    ("999", {"/p": answer(999)}, ("warning", f"{BLOCKED} (999)"), 1),
    (
        "slower than timeout",
        {"/p": slow_until_hung_up(0.8)},
        ("warning", "URL not verified: no answer within 0.3 s"),
        2,
    ),
    ("reset", {"/p": reset()}, ("error", "URL is broken: connection reset"), 2),
    ("reset then 200", {"/p": sequence(reset(), answer(200))}, None, 2),
]


@pytest.mark.parametrize(
    ("routes", "expected", "requests"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_result_classes(
    tmp_path: Path,
    server: HttpServer,
    routes: dict[str, Any],
    expected: tuple[str, str] | None,
    requests: int,
) -> None:
    server.routes.update(routes)
    found = run(tmp_path, {"film.md": film(server.url("/p"))})
    if expected is None:
        assert rows(found) == []
    else:
        severity, message = expected
        message = message.format(new=server.url("/new"), p=server.url("/p"))
        assert len(found) == 1
        name, line, column, got_severity, got_message = rows(found)[0]
        assert (name, line, column, got_severity) == ("film.md", 4, COLUMN, severity)
        assert got_message.startswith(message), got_message
        assert found[0].end_column == COLUMN + len(server.url("/p")) + 2
    assert server.hits["/p"] == requests


def test_permanent_redirect_offers_the_new_url_as_an_unsafe_fix(
    tmp_path: Path, server: HttpServer
) -> None:
    server.routes["/p"] = redirect(301, "/new")
    (found,) = run(tmp_path, {"film.md": film(server.url("/p#cast"))})
    assert found.fix is not None and found.fix.applicability == "unsafe"
    (edit,) = found.fix.edits
    text = (tmp_path / "film.md").read_text()
    assert text[edit.start : edit.end] == server.url("/p#cast")
    assert edit.content == server.url("/new#cast")


def test_retry_after_pauses_the_whole_host_up_to_the_cap(
    tmp_path: Path, server: HttpServer
) -> None:
    server.routes["/busy"] = sequence(answer(429, {"Retry-After": "30"}), answer(200))
    began = time.monotonic()
    found = run(
        tmp_path, {"film.md": film(server.url("/busy"), server.url("/other"))}, host_concurrency=1
    )
    assert found == []
    first = server.started["/busy"][0]
    assert server.started["/busy"][1] - first >= 0.28
    assert server.started["/other"][0] - first >= 0.28  # the other URL waited too
    assert time.monotonic() - began < 5  # capped by retry-after-max, not 30 s


@pytest.mark.parametrize(
    ("options", "most"),
    [
        ({"host_concurrency": 2}, 2),
        ({"host_concurrency": 4, "concurrency": 3}, 3),
        ({"hosts": {"127.0.0.1": {"concurrency": 1}}}, 1),
    ],
)
def test_concurrency_limits_hold(tmp_path: Path, options: dict[str, Any], most: int) -> None:
    # Reaching a limit above one takes overlapping requests, given time to overlap; under a
    # limit of one, any overlap at all fails, however short each request.
    server = HttpServer(latency=0.05 if most > 1 else 0.02).start()
    try:
        urls = [server.url(f"/page/{i}") for i in range(12)]
        assert run(tmp_path, {"film.md": film(*urls)}, **options) == []
        assert server.total == 12
        assert server.most_in_flight == most
    finally:
        server.stop()


def test_requests_to_one_host_are_spaced(tmp_path: Path, server: HttpServer) -> None:
    urls = [server.url(f"/page/{i}") for i in range(5)]
    run(tmp_path, {"film.md": film(*urls)}, host_delay=0.1, host_concurrency=2)
    starts = sorted(t for times in server.started.values() for t in times)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # Arrival times carry the network's and the scheduler's jitter (the first request also
    # opens a connection; a loaded machine delays one arrival and so shortens the next gap):
    # a tolerance of half the delay still fails requests that are not spaced (gaps of ~0).
    assert len(starts) == 5 and min(gaps) >= 0.05 and starts[-1] - starts[0] >= 0.35


def test_same_url_in_many_files_is_fetched_once(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/gone"] = answer(404)
    files = {f"film-{i:02}.md": film(server.url("/gone")) for i in range(25)}
    found = run(tmp_path, files)
    assert [(name, line, column) for name, line, column, _, _ in rows(found)] == [
        (f"film-{i:02}.md", 4, COLUMN) for i in range(25)
    ]
    assert server.hits["/gone"] == 1


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("::127.0.0.1", False),
        ("64:ff9b::a9fe:a9fe", False),
        ("2002:7f00:1::", False),
        ("2002:5db8:d70e::", False),  # 6to4 is deprecated: refused whatever it carries
        ("64:ff9b::5db8:d70e", True),  # NAT64 is judged by the address it carries
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),
        ("fd00:ec2::254", False),
    ],
)
def test_address_guard(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_non_public_addresses_are_refused_and_never_contacted(tmp_path: Path) -> None:
    v4 = HttpServer().start()
    v6 = HttpServer("::1").start()
    try:
        urls = [
            v4.url("/a"),
            v6.url("/b"),
            "http://169.254.169.254/latest/meta-data/",
            f"http://localhost:{v4.port}/c",
            f"http://[::ffff:127.0.0.1]:{v4.port}/d",
        ]
        found = run(tmp_path, {"film.md": film(*urls)}, allow_private_addresses=False)
        refused = "not checked: resolves to a non-public address"
        assert rows(found) == [
            ("film.md", 4, COLUMN, "warning", f"{refused} (127.0.0.1)"),
            ("film.md", 5, COLUMN, "warning", f"{refused} (::1)"),
            ("film.md", 6, COLUMN, "warning", f"{refused} (169.254.169.254)"),
            ("film.md", 7, COLUMN, "warning", f"{refused} (localhost is 127.0.0.1)"),
            ("film.md", 8, COLUMN, "warning", f"{refused} (::ffff:7f00:1)"),
        ]
        assert v4.total == 0 and v6.total == 0
    finally:
        v4.stop()
        v6.stop()


#: Hosts that spell 127.0.0.1 in the legacy numeric forms the system resolver reads (and
#: url-format reports, so url-reachable never checks them as written).
NUMERIC_LOOPBACK = ["0x7f000001", "2130706433", "127.1", "0x7f.1", "0177.0.0.1"]


@pytest.mark.parametrize("host", NUMERIC_LOOPBACK)
def test_a_numeric_form_of_a_non_public_address_is_refused(server: HttpServer, host: str) -> None:
    """The guard reads such a host as the resolver does, wherever it comes from (a redirect,
    a library caller): never contacted."""
    checked = check_urls([f"http://{host}:{server.port}/in"], CheckSettings(timeout=1.0))
    (outcome,) = checked.outcomes.values()
    assert (outcome.status, outcome.detail) == ("refused", f"{host} is 127.0.0.1")
    assert server.total == 0


def test_offline_mode_reports_from_the_cache_without_requests(
    tmp_path: Path, server: HttpServer
) -> None:
    server.routes["/gone"] = answer(404)
    files = {"film.md": film(server.url("/gone"), server.url("/fine"))}
    assert run(tmp_path, files, network=False) == []  # nothing known yet, nothing asked
    assert server.total == 0
    online = run(tmp_path, files)
    assert server.total == 2
    assert rows(run(tmp_path, network=None)) == rows(online)  # the default mode: offline
    assert rows(run(tmp_path, network=False, mode="online")) == rows(online)
    assert rows(run(tmp_path)) == rows(online)  # online again: all fresh in the cache
    assert server.total == 2
    assert rows(run(tmp_path, mode="off", network=None)) == []


def test_stale_cache_entries_are_asked_again(tmp_path: Path, server: HttpServer) -> None:
    files = {"film.md": film(server.url("/a"), server.url("/b"))}
    run(tmp_path, files)
    cache_file = tmp_path / "cache" / "urls.json"
    data = json.loads(cache_file.read_text())
    data["urls"][server.url("/a")]["checked"] -= 8 * 24 * 3600  # older than the 7 days of ok
    cache_file.write_text(json.dumps(data))
    run(tmp_path)
    assert server.hits == {"/a": 2, "/b": 1}
    assert (tmp_path / "cache" / ".gitignore").read_text().endswith("*\n")


@pytest.mark.parametrize(
    "damaged",
    [
        '{\n "format": "filmlint-url-cache",\n "ver',
        '{\n "format": "filmlint-url-cache",\n "urls": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["cut short", "nested past the parser's stack"],
)
def test_damaged_cache_is_ignored_with_a_warning(
    tmp_path: Path, server: HttpServer, damaged: str
) -> None:
    (tmp_path / "cache").mkdir()
    # A cache filmlint wrote, damaged (any other file there is refused: test_safety_caches).
    (tmp_path / "cache" / "urls.json").write_text(damaged, encoding="utf-8")
    server.routes["/gone"] = answer(410)
    status = io.StringIO()
    found = run(tmp_path, {"film.md": film(server.url("/gone"))}, status=status)
    assert rows(found) == [("film.md", 4, COLUMN, "error", "URL is broken: 410 Gone")]
    assert "filmlint: warning: ignoring the URL cache:" in status.getvalue()
    assert "is not valid JSON" in status.getvalue()
    assert (
        "url-reachable: 1 URL: 1 checked (0 ok, 0 redirected, 1 broken, 0 blocked, 0 timeout), 0 from cache"
        in status.getvalue()
    )
    stored = json.loads((tmp_path / "cache" / "urls.json").read_text())
    assert stored["urls"][server.url("/gone")]["status"] == "broken"


def test_lint_text_reports_from_the_cache(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/gone"] = answer(404)
    text = film(server.url("/gone"))
    run(tmp_path, {"film.md": text})
    config = Config(root=tmp_path, rules={"url-reachable": {**FAST, "mode": "online"}})
    found = Linter(config, select=["url-reachable"]).lint_text(text, "film.md")
    assert [(d.line, d.column, d.message) for d in found] == [
        (4, COLUMN, "URL is broken: 404 Not Found")
    ]
    assert server.hits["/gone"] == 1


def test_only_http_urls_with_a_host_are_checked(tmp_path: Path) -> None:
    text = film(
        "ftp://example.com/x",
        "https:///nohost",
        "not a url",
        "/relative.jpg",
        "http://exa mple.com/",
    )
    assert run(tmp_path, {"film.md": text}, allow_private_addresses=False) == []


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_an_offline_run_does_not_import_aiohttp(tmp_path: Path) -> None:
    (tmp_path / "film.md").write_text(film("https://www.example.com/"), encoding="utf-8")
    code = (
        "import sys, filmlint; filmlint.lint_paths([sys.argv[1]]);print('aiohttp' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "False"


def test_cli_online_and_offline(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/gone"] = answer(404)
    server.routes["/moved"] = redirect(301, "/new")
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "film.md").write_text(film(server.url("/gone"), server.url("/moved")))
    options = {**FAST, "cache": ".filmlint_cache/urls.json"}
    table = "\n".join(f"{key} = {json.dumps(value)}" for key, value in options.items())
    (tmp_path / "filmlint.toml").write_text(
        f'select = ["url-reachable"]\n[rules.url-reachable]\n{table}\n'
    )

    def check(*flags: str) -> CliResult[str]:
        return run_cli("check", "films", "--quiet", *flags, cwd=tmp_path)

    expected = (
        f"films/film.md:4:{COLUMN}: FL301 [url-reachable] error: URL is broken: 404 Not Found\n"
        f"films/film.md:5:{COLUMN}: FL301 [url-reachable] warning: URL has moved permanently to {server.url('/new')}"
        " (unsafe fix available: --unsafe-fixes)\n"
    )
    offline = check()
    assert (offline.returncode, offline.stdout) == (0, "")
    assert server.total == 0
    online = check("--online")
    assert (online.returncode, online.stdout, online.stderr) == (1, expected, "")  # quiet
    assert server.total == 3
    again = check("--offline")
    assert (again.returncode, again.stdout, again.stderr) == (1, expected, "")
    assert server.total == 3
    # The run phase's fix, from the cache: the moved URL is replaced, and nothing else.
    before = (tmp_path / "films" / "film.md").read_text()
    fixed = check("--offline", "--fix", "--unsafe-fixes")
    assert (fixed.returncode, fixed.stdout) == (1, expected.splitlines(keepends=True)[0])
    assert (tmp_path / "films" / "film.md").read_text() == before.replace(
        server.url("/moved"), server.url("/new")
    )
    assert server.total == 3


def test_tls_failure_is_broken(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",  # an elliptic-curve key: made at once, where RSA takes a fifth of a second
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = HttpServer(tls=context).start()
    try:
        (found,) = run(tmp_path, {"film.md": film(server.url("/p"))})
    finally:
        server.stop()
    assert (found.line, found.column, found.severity.value) == (4, COLUMN, "error")
    assert found.message.startswith("URL is broken: TLS failure: "), found.message


def test_connection_refused_is_broken(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    (found,) = run(tmp_path, {"film.md": film(f"http://127.0.0.1:{port}/")})
    assert (found.line, found.column, found.severity.value) == (4, COLUMN, "error")
    assert found.message.startswith("URL is broken: cannot connect: "), found.message
    stored = json.loads((tmp_path / "cache" / "urls.json").read_text())
    assert stored["urls"][f"http://127.0.0.1:{port}/"]["network_error"] is True


def test_fragments_share_one_request(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/gone"] = answer(404)
    found = run(tmp_path, {"film.md": film(server.url("/gone#cast"), server.url("/gone#crew"))})
    assert [(d.line, d.message) for d in found] == [
        (4, "URL is broken: 404 Not Found"),
        (5, "URL is broken: 404 Not Found"),
    ]
    assert server.hits["/gone"] == 1


def test_no_cookies_no_credentials_an_honest_user_agent(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/a"] = answer(200, {"Set-Cookie": "session=secret; Path=/"})
    # A URL with credentials is url-format's to report; one a redirect leads to is asked.
    with_user = server.url("/b").replace("://", "://user:password@")
    server.routes["/to-b"] = redirect(302, with_user)
    run(tmp_path, {"film.md": film(server.url("/a"), server.url("/to-b"))}, host_concurrency=1)
    assert server.hits == {"/a": 1, "/to-b": 1, "/b": 1}
    sent = server.headers["/b"]
    assert "Cookie" not in sent and "Authorization" not in sent
    assert sent["User-Agent"].startswith("Mozilla/5.0 (compatible; filmlint/")


def test_corpus_urls_are_gathered_at_their_spans(corpus: Path) -> None:
    # An online run gathers every URL (offline, only those the URL cache can answer for);
    # the file phase itself never goes online.
    linter = Linter(Config(), select=["url-reachable"], network=True)
    gathered = 0
    for path in sorted(corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        result = linter.text_result(text, str(path))
        for reference in result.gathered:
            assert text[reference.start : reference.end] == f'"{reference.value}"'
            assert reference.content is not None
            assert text[slice(*reference.content)] == reference.value
        gathered += len(result.gathered)
        assert result.diagnostics == []
    assert gathered >= 2 * len(list(corpus.glob("*.md")))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"mode": "sometimes"}, "mode: 'sometimes' is not one of 'off', 'offline', 'online'"),
        ({"concurrency": 0}, "concurrency: must be at least 1"),
        ({"host-delay": -1}, "host-delay: must be at least 0"),
        ({"hosts": {"www.imdb.com": 1}}, "hosts: www.imdb.com: expected a table like"),
        ({"hosts": {"www.imdb.com": {"speed": 1}}}, "hosts: www.imdb.com: unknown key 'speed'"),
        (
            {"hosts": {"a.org": {"concurrency": 0}}},
            "hosts: a.org.concurrency: expected a number of at least 1",
        ),
        ({"ttl-hours": {"fine": 1}}, "ttl-hours: unknown result class 'fine'"),
        ({"ttl-hours": {"ok": "long"}}, "ttl-hours: ok: expected a number of hours"),
        ({"cache": " "}, "cache: must not be empty"),
        # A file is written there: a folder's path would be taken as a file's.
        ({"cache": "urlcache/"}, "cache: 'urlcache/' names a folder, not a file: write"),
        ({"cache": "a\\"}, "cache: 'a\\\\' names a folder"),
        ({"cache": "."}, "cache: '.' names a folder"),
        ({"cache": "cache/.."}, "cache: 'cache/..' names a folder"),
        ({"fields": ["sourceUrl[*"]}, "fields: bad field pattern"),
    ],
)
def test_bad_options_name_the_key(options: dict[str, Any], message: str) -> None:
    config = Config(rules={"url-reachable": options})
    with pytest.raises(ConfigError, match=re.escape(f"rules.url-reachable.{message}")):
        Linter(config)


def test_redirects_are_followed_up_to_the_limit(tmp_path: Path, server: HttpServer) -> None:
    for step in range(5):
        server.routes[f"/r{step}"] = redirect(302, f"/r{step + 1}")
    (found,) = run(tmp_path, {"film.md": film(server.url("/r0"))}, max_redirects=3)
    assert (found.line, found.message) == (4, "URL is broken: more than 3 redirects")
    assert sorted(server.hits) == ["/r0", "/r1", "/r2", "/r3"]


def test_a_body_is_read_only_in_part(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/p"] = endless()
    assert run(tmp_path, {"film.md": film(server.url("/p"))}, timeout=2.0) == []
    assert [method for method, _ in server.methods] == ["HEAD", "GET"]


def test_a_suppressed_url_is_neither_asked_nor_reported(tmp_path: Path, server: HttpServer) -> None:
    server.routes["/gone"] = answer(404)
    text = film(server.url("/gone"), server.url("/also-gone")).replace(
        '/gone" }', '/gone" }  # filmlint: disable-line url-reachable'
    )
    server.routes["/also-gone"] = answer(404)
    found = run(tmp_path, {"film.md": text})
    assert [(d.line, d.column, d.message) for d in found] == [
        (5, COLUMN, "URL is broken: 404 Not Found")
    ]
    assert server.hits == {"/also-gone": 1}


#: URLs on this machine that url-format reports as malformed, by the server's port.
MALFORMED = [
    "http://127.1:{port}/p",
    "http://0x7f.1:{port}/p",
    "http://2130706433:{port}/p",
    "http://0x7f000001:{port}/p",
    "http://0177.0.0.1:{port}/p",
    "http://127.0.0.1.:{port}/p",
    "http://user:password@127.0.0.1:{port}/p",
    "http://127.0.0.1:{port}/p%zz",
    "http://127.0.0.1:0/p",
    "http://127.0.0.1:99999/p",
]


@pytest.mark.parametrize("allow_private", [True, False])
@pytest.mark.parametrize("template", MALFORMED)
def test_a_malformed_url_is_reported_once_by_url_format_and_never_asked(
    tmp_path: Path, server: HttpServer, template: str, allow_private: bool
) -> None:
    (tmp_path / "film.md").write_text(film(template.format(port=server.port)), encoding="utf-8")
    rules = {"url-reachable": {**FAST, "allow-private-addresses": allow_private}}
    linter = Linter(
        Config(root=tmp_path, rules=rules), select=["url-format", "url-reachable"], network=True
    )
    found = linter.lint_paths([tmp_path]).diagnostics
    assert [d.rule for d in found] == ["url-format"], [d.message for d in found]
    assert server.total == 0


def test_a_url_no_request_can_be_formed_for_gets_no_outcome(server: HttpServer) -> None:
    """aiohttp refuses a numeric host that is not in dotted decimal: as written, the URL is
    malformed (url-format's); a redirect to one is a broken link."""
    server.routes["/p"] = redirect(302, f"http://127.1:{server.port}/q")
    settings = CheckSettings(timeout=1.0, allow_private=True)
    checked = check_urls([f"http://127.1:{server.port}/q", server.url("/p")], settings)
    assert list(checked.outcomes) == [server.url("/p")]
    outcome = checked.outcomes[server.url("/p")]
    assert (outcome.status, outcome.detail) == (
        "broken",
        f"redirects to http://127.1:{server.port}/q, which is not a valid URL",
    )
    assert server.hits == {"/p": 1}


#: Answers a loopback server gives while allow-private-addresses is on, by path.
PRIVATE_ANSWERS: dict[str, Handler] = {
    "/ok": answer(200),
    "/gone": answer(404),
    "/moved": redirect(301, "/ok"),
    "/busy": answer(403),
    "/to-ok": redirect(302, "/ok"),
}


@pytest.mark.parametrize("network", [True, False], ids=["online", "offline"])
def test_answers_found_at_private_addresses_are_not_used_once_they_are_not_allowed(
    tmp_path: Path, server: HttpServer, network: bool
) -> None:
    server.routes.update(PRIVATE_ANSWERS)
    files = {"film.md": film(*map(server.url, PRIVATE_ANSWERS))}
    allowed = run(tmp_path, files)
    assert len(allowed) == 3  # gone, moved, busy: found, and cached
    asked = server.total
    refused = "not checked: resolves to a non-public address (127.0.0.1)"
    now = run(tmp_path, network=network, allow_private_addresses=False)
    assert [d.message for d in now] == ([refused] * len(PRIVATE_ANSWERS) if network else [])
    assert server.total == asked  # never contacted, and never answered from the cache
    # Allowed again, the cached answers stand: nothing is asked again.
    assert rows(run(tmp_path, network=network)) == rows(allowed)
    assert server.total == asked


def test_an_answer_is_private_when_any_hop_was_at_a_non_public_address(
    server: HttpServer,
) -> None:
    server.routes.update(PRIVATE_ANSWERS)
    urls = list(map(server.url, PRIVATE_ANSWERS))
    checked = check_urls(urls, CheckSettings(timeout=1.0, allow_private=True))
    assert {url: o.private for url, o in checked.outcomes.items()} == dict.fromkeys(urls, True)


@pytest.mark.parametrize("status", ["ok", "redirected", "broken", "blocked", "timeout"])
@pytest.mark.parametrize("private", [True, False])
@pytest.mark.parametrize("allow_private", [True, False])
def test_a_cached_answer_is_fresh_for_a_run_whose_address_policy_allows_it(
    tmp_path: Path, status: Status, private: bool, allow_private: bool
) -> None:
    path = tmp_path / "urls.json"
    outcome = Outcome(status, "detail", round(time.time(), 3), private=private)
    written = UrlCache(path, DEFAULT_TTL_HOURS, allow_private=True)
    written.put("https://films.example/", outcome)
    written.save()
    cache = UrlCache(path, DEFAULT_TTL_HOURS, allow_private=allow_private)
    cache.load()
    expected = outcome if allow_private or not private else None
    assert cache.fresh("https://films.example/") == expected


@pytest.mark.parametrize("quiet", [False, True])
def test_quiet_shows_no_summary_of_the_check_but_its_warnings(
    tmp_path: Path, server: HttpServer, quiet: bool
) -> None:
    server.routes["/gone"] = answer(404)
    (tmp_path / "film.md").write_text(film(server.url("/gone")), encoding="utf-8")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "urls.json").write_text('{\n "format": "filmlint-url-cache"')  # damaged
    table = "\n".join(f"{key} = {json.dumps(value)}" for key, value in FAST.items())
    (tmp_path / "filmlint.toml").write_text(
        f'select = ["url-reachable"]\n[rules.url-reachable]\n{table}\n'
    )
    flags = ["--quiet"] if quiet else []
    found = run_cli("check", "--online", *flags, "film.md", cwd=tmp_path)
    assert "URL is broken: 404 Not Found" in found.stdout
    assert "filmlint: warning: ignoring the URL cache:" in found.stderr
    summary = "url-reachable: 1 URL: 1 checked (0 ok, 0 redirected, 1 broken, 0 blocked, 0 timeout)"
    assert (summary in found.stderr) is not quiet
    # A library caller's run alike: its status stream gets the warnings only when quiet.
    (tmp_path / "cache" / "urls.json").write_text('{\n "format": "filmlint-url-cache"')
    status = io.StringIO()
    config = Config(root=tmp_path, rules={"url-reachable": FAST})
    linter = Linter(config, select=["url-reachable"], network=True, status=status, quiet=quiet)
    assert len(linter.lint_paths([tmp_path / "film.md"]).diagnostics) == 1
    assert "filmlint: warning: ignoring the URL cache:" in status.getvalue()
    assert (summary in status.getvalue()) is not quiet
