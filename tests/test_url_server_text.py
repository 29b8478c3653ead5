"""Text from servers and files: outcomes keep it exactly (machine formats and the cache carry
it as sent), and what the URL check itself prints on stderr shows control characters as
escapes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlint.urls.progress import printable
from http_servers import RawHttpServer, film, run

# What a terminal would act on: C0 and C1 controls, DEL, bidirectional overrides and isolates.
UNSAFE = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]] + [
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
# What an HTTP reason phrase or header value can carry at all (no NUL, CR or LF), as the
# client decodes it (UTF-8).
SENDABLE = [c for c in UNSAFE if c not in "\x00\r\n"]


@pytest.fixture
def raw_server() -> Iterator[RawHttpServer]:
    started = RawHttpServer().start()
    yield started
    started.stop()


def cached_detail(folder: Path, url: str) -> Any:
    return json.loads((folder / "cache" / "urls.json").read_text())["urls"][url]["detail"]


@pytest.mark.parametrize("char", SENDABLE, ids=lambda c: f"U+{ord(c):04X}")
def test_a_reason_phrase_is_kept_exactly(
    tmp_path: Path, raw_server: RawHttpServer, char: str
) -> None:
    reason = f"Not{char}[31mFound"
    raw_server.answers["/p"] = f"HTTP/1.1 404 {reason}\r\n".encode()
    url = raw_server.url("/p")
    (found,) = run(tmp_path, {"film.md": film(url)})
    assert found.message == f"URL is broken: 404 {reason}"
    assert cached_detail(tmp_path, url) == f"404 {reason}"


@pytest.mark.parametrize("header", ["x-amzn-waf-action", "cf-mitigated"])
@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x9b", "\u202e"], ids=ascii)
def test_a_challenge_header_value_is_kept_exactly(
    tmp_path: Path, raw_server: RawHttpServer, header: str, char: str
) -> None:
    value = f"chal{char}]0;title{char}lenge"
    raw_server.answers["/p"] = f"HTTP/1.1 403 Forbidden\r\n{header}: {value}\r\n".encode()
    url = raw_server.url("/p")
    (found,) = run(tmp_path, {"film.md": film(url)})
    detail = f"403 Forbidden, {header}: {value}"
    assert found.message == f"URL not verified: the server refuses scripted clients ({detail})"
    assert cached_detail(tmp_path, url) == detail


def test_a_redirect_location_is_shown_as_the_url_it_names(
    tmp_path: Path, raw_server: RawHttpServer
) -> None:
    raw_server.answers["/p"] = b"HTTP/1.1 302 Found\r\nLocation: ftp://films.example/a\x1bb\r\n"
    (found,) = run(tmp_path, {"film.md": film(raw_server.url("/p"))})
    assert found.message == (
        "URL is broken: redirects to ftp://films.example/a%1Bb, which is not an http(s) URL"
    )


def test_what_the_check_prints_on_stderr_is_escaped(tmp_path: Path) -> None:
    folder = "cache\x1b[2J\u202e"
    (tmp_path / folder).mkdir()
    # A cache file filmlint wrote, cut short: damaged, so ignored with a warning naming it.
    (tmp_path / folder / "urls.json").write_bytes(b'{\n "format": "filmlint-url-cache"')
    status = io.StringIO()
    files = {"film.md": film("https://films.example/")}
    run(tmp_path, files, network=False, status=status, cache=f"{folder}/urls.json")
    text = status.getvalue()
    assert "ignoring the URL cache" in text
    assert "cache\\x1b[2J\\u202e" in text
    assert not any(char in text for char in UNSAFE if char != "\n")


@given(st.text())
def test_printable_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = printable(text)
    assert not any(char in shown for char in UNSAFE)
    assert not any("\ud800" <= char <= "\udfff" for char in shown)


# Also escaped: the Arabic letter mark, the left-to-right and right-to-left marks, and the
# line and paragraph separators.
MARKS = "\u061c\u200e\u200f\u2028\u2029"


@given(
    st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=UNSAFE + list(MARKS)))
)
def test_printable_leaves_other_text_alone(text: str) -> None:
    assert printable(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("\r\t", "\\r\\t"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x7f\x85", "\\x7f\\x85"),
        ("\u202eevil", "\\u202eevil"),
        ("caf\udce9", "caf\\xe9"),  # the undecodable byte of a file name
    ],
)
def test_printable_escapes(text: str, shown: str) -> None:
    assert printable(text) == shown


#: Bytes a server may send that are not UTF-8: one byte of Latin-1, a lone continuation byte,
#: a truncated sequence, an overlong form.
NOT_UTF8 = [b"\xe9", b"\x80", b"\xe2\x82", b"\xc0\xaf"]


@pytest.mark.parametrize("raw", NOT_UTF8, ids=lambda raw: raw.hex())
@pytest.mark.parametrize("where", ["reason", "x-amzn-waf-action", "cf-mitigated"])
def test_bytes_that_are_not_utf8_are_shown_and_stored_as_escapes(
    tmp_path: Path, raw_server: RawHttpServer, raw: bytes, where: str
) -> None:
    if where == "reason":
        raw_server.answers["/p"] = b"HTTP/1.1 404 Not" + raw + b"Found\r\n"
    else:
        header = where.encode()
        raw_server.answers["/p"] = b"HTTP/1.1 403 Forbidden\r\n" + header + b": c" + raw + b"\r\n"
    url = raw_server.url("/p")
    (found,) = run(tmp_path, {"film.md": film(url)})
    escaped = "".join(f"\\x{byte:02x}" for byte in raw)
    assert escaped in found.message
    assert escaped in cached_detail(tmp_path, url)  # the cache was written, and holds it


@pytest.mark.parametrize("raw", NOT_UTF8, ids=lambda raw: raw.hex())
def test_a_location_with_bytes_that_are_not_utf8_leads_to_them_percent_encoded(
    tmp_path: Path, raw_server: RawHttpServer, raw: bytes
) -> None:
    raw_server.answers["/p"] = b"HTTP/1.1 301 Moved\r\nLocation: /new/caf" + raw + b"\r\n"
    raw_server.answers["/new/caf" + "".join(f"%{byte:02X}" for byte in raw)] = (
        b"HTTP/1.1 200 OK\r\n"
    )
    (found,) = run(tmp_path, {"film.md": film(raw_server.url("/p"))})
    encoded = "".join(f"%{byte:02X}" for byte in raw)
    assert found.message.endswith(f"moved permanently to {raw_server.url('/new/caf' + encoded)}")


MARKER = b"SERVER-CHOSEN-MARKER"
HEAD_REFUSED = b"HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
#: The longest message a network error may give (the fixed words, and the URL's host at most).
MESSAGE_MAX = 120

# (case, {method: answer}): answers aiohttp cannot parse, each quoting the marker.
BROKEN_ANSWERS: list[tuple[str, dict[str, bytes]]] = [
    (
        "body after a HEAD answer",
        {"HEAD": b"HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n" + MARKER * 3500},
    ),
    ("bad status line", {"HEAD": b"HTTP/1.1 2x0 " + MARKER + b"\r\n\r\n"}),
    ("status line of garbage", {"HEAD": b"\x1b[2J\x00" + MARKER * 100 + b"\r\n\r\n"}),
    ("invalid header", {"HEAD": b"HTTP/1.1 200 OK\r\n" + MARKER + b" no colon\r\n\r\n"}),
    ("header too long", {"HEAD": b"HTTP/1.1 200 OK\r\nX-Long: " + MARKER * 1000 + b"\r\n\r\n"}),
    ("bad chunk size", {"HEAD": HEAD_REFUSED, "GET": CHUNKED + MARKER + b"\r\nab\r\n0\r\n\r\n"}),
    ("truncated chunked body", {"HEAD": HEAD_REFUSED, "GET": CHUNKED + b"100;" + MARKER + b"\r\n"}),
    (
        "body shorter than its length",
        {
            "HEAD": HEAD_REFUSED,
            "GET": b"HTTP/1.1 200 OK\r\nX-Note: " + MARKER + b"\r\nContent-Length: 9\r\n\r\n",
        },
    ),
    # Closed before the headers ended: aiohttp's error then holds the headers read so far.
    (
        "closed mid-header",
        {"HEAD": b"HTTP/1.1 200 OK\r\nSet-Cookie: session=" + MARKER + b"\r\nContent-"},
    ),
    ("closed after a header", {"HEAD": b"HTTP/1.1 200 OK\r\nX-Note: " + MARKER + b"\r\n"}),
    ("closed in the status line", {"HEAD": b"HTTP/1.1 200 " + MARKER}),
    ("closed after the status line", {"HEAD": b"HTTP/1.1 404 " + MARKER + b"\r\n"}),
    (
        "closed mid-header of a GET",
        {"HEAD": HEAD_REFUSED, "GET": b"HTTP/1.1 200 OK\r\nX-Note: " + MARKER + b"\r\nX-"},
    ),
]


@pytest.mark.parametrize(
    "answers", [case[1] for case in BROKEN_ANSWERS], ids=[case[0] for case in BROKEN_ANSWERS]
)
def test_a_broken_answer_gives_a_short_message_without_the_servers_bytes(
    tmp_path: Path, raw_server: RawHttpServer, answers: dict[str, bytes]
) -> None:
    for method, answer in answers.items():
        raw_server.verbatim[method, "/p"] = answer
    url = raw_server.url("/p")
    (found,) = run(tmp_path, {"film.md": film(url)}, retries=0)
    assert found.message.startswith("URL is broken: "), found.message
    assert len(found.message) <= MESSAGE_MAX, found.message
    assert found.message.isprintable()
    assert MARKER.decode() not in found.message
    # The cache keeps that message's detail, and nothing else the server sent.
    assert found.message == f"URL is broken: {cached_detail(tmp_path, url)}"
    assert MARKER not in (tmp_path / "cache" / "urls.json").read_bytes()
