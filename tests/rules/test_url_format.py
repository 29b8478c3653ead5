"""url-format: well-formed http(s) URLs, and platform URLs that match their platform label."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, film, lint
from filmlint.engine.settings import ConfigError, RuleSettings, parse_config
from filmlint.rules import load_registry
from fixing import apply_fix

IMDB = "https://www.imdb.com/title/tt0078748/"
DOUBAN = "https://movie.douban.com/subject/1300868/"


def source(platform: str, url: str) -> str:
    """A one-entry sourceUrl whose url value starts at line 8, column 34 + len(platform)."""
    return film(f'sourceUrl: [{{ platform: "{platform}", url: "{url}" }}]')


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("IMDB", IMDB),
        ("IMDb", IMDB),
        ("imdb", "https://imdb.com/title/tt0078748"),
        ("IMDb", "https://m.imdb.com/title/tt10872600/"),
        ("IMDb", "https://www.imdb.com/title/tt0000001/"),
        ("IMDb", "https://www.imdb.com/title/tt100000000/"),
        ("IMDb", "https://www.imdb.com/title/tt0078748/reference?ref_=x#top"),
        ("Douban", DOUBAN),
        ("豆瓣", DOUBAN),
        ("Douban", "https://m.douban.com/movie/subject/1300868/"),
        ("Letterboxd", "https://letterboxd.com/film/alien/"),
        ("Criterion", "http://www.criterion.com:8080/films/1?x=%20"),
        ("Site", "https://例子.测试/路径"),
        # Past the fast path's printable ASCII: the full parse reads them.
        ("Site", "https://zh.wikipedia.org/wiki/异形"),
        ("Site", "https://example.org/films?title=Amélie#résumé"),
        ("IMDb", "https://www.imdb.com/title/tt0078748/?ref_=é"),
        ("Site", "https://[2001:db8::1]:8443/"),
        ("Site", "https://192.0.2.1/film"),
    ],
)
def test_good_source_urls(platform: str, url: str) -> None:
    assert lint(source(platform, url)) == []


@pytest.mark.parametrize(
    ("platform", "url", "part", "message"),
    [
        pytest.param(
            "IMDb",
            "https://www.imdb.com/title/tt0078748 /",
            (36, 37),
            "URL contains a space; write it as %20",
            id="space",
        ),
        pytest.param(
            "IMDb",
            "https://www.imdb.com\\\\title/tt0078748/",
            (20, 22),  # the escape that spells it
            "URL contains a backslash",
            id="backslash, escaped: at its escape",
        ),
        pytest.param(
            "Site",
            "https://example.org/a%2",
            (21, 22),
            "'%' not followed by two hex digits",
            id="broken escape",
        ),
        pytest.param(
            "Site", "ftp://example.org/", (0, 3), "scheme 'ftp' is not http or https", id="ftp"
        ),
        pytest.param(
            "Site",
            "javascript:alert(1)",
            (0, 10),
            "scheme 'javascript' is not http or https",
            id="javascript",
        ),
        pytest.param(
            "Site",
            "https:/example.org/",
            (0, 6),
            "no '//' after 'https:': the URL has no host",
            id="one slash",
        ),
        pytest.param(
            "Site",
            "www.imdb.com/title/tt0078748/",
            None,
            "not an absolute http(s) URL: it must start with https:// or http://",
            id="no scheme",
        ),
        pytest.param(
            "Site",
            "not a url",
            None,
            "not an absolute http(s) URL: it must start with https:// or http://",
            id="words, not a URL: not told to write its spaces as %20",
        ),
        pytest.param(
            "IMDb",
            "https://www.imdb.com/title/tt00338139/",
            None,
            f"not a film page on IMDb: expected a URL like {IMDB}",
            id="IMDb id of 8 digits with a stray leading zero",
        ),
        pytest.param(
            "IMDb",
            "https://www.imdb.com/title/tt\uff10\uff10\uff17\uff18\uff17\uff14\uff18/",
            None,
            f"not a film page on IMDb: expected a URL like {IMDB}",
            id="IMDb id of full-width digits",
        ),
        pytest.param(
            "Douban",
            "https://movie.douban.com/subject/\u0661\u0663\u0660\u0660/",
            None,
            f"not a film page on Douban: expected a URL like {DOUBAN}",
            id="Douban id of Arabic-Indic digits",
        ),
        pytest.param(
            "Site",
            "//example.org/a",
            None,
            "URL without a scheme: write it with https:",
            id="scheme-relative",
        ),
        pytest.param("Site", "https://", None, "URL has no host", id="no host"),
        pytest.param(
            "Site",
            "https://user:secret@example.org/",
            (8, 19),
            "URL holds a user name or password; remove it",
            id="credentials",
        ),
        pytest.param(
            "Site",
            "https://example.org:99999/",
            (19, 25),
            "invalid port '99999'",
            id="port out of range",
        ),
        pytest.param(
            "Site",
            "https://example.org:http/",
            (19, 24),
            "invalid port 'http'",
            id="port not a number",
        ),
        pytest.param(
            "Site",
            "https://example.org:" + "9" * 5000,
            (19, 5020),
            "invalid port '99999999...'",
            id="port too long to read as a number",
        ),
        pytest.param(
            "Site",
            "https://imdb/title/",
            (8, 12),
            "host 'imdb' has no domain (such as .com)",
            id="host without domain",
        ),
        pytest.param(
            "Site",
            "https://-imdb.com/",
            (8, 17),
            "invalid host name '-imdb.com'",
            id="bad host label",
        ),
        pytest.param(
            "Site", "https://300.1.1.1/", (8, 17), "invalid IP address '300.1.1.1'", id="bad IPv4"
        ),
        pytest.param(
            "Site",
            "https://[fe80::zz]/",
            (8, 18),
            "invalid IPv6 address '[fe80::zz]'",
            id="bad IPv6",
        ),
        pytest.param(
            "IMDb",
            "https://www.imdb.com/title/0078748/",
            None,
            f"not a film page on IMDb: expected a URL like {IMDB}",
            id="IMDb without tt",
        ),
        pytest.param(
            "IMDB",
            "https://www.imdb.com/name/nm0000244/",
            None,
            f"not a film page on IMDb: expected a URL like {IMDB}",
            id="IMDb person page",
        ),
        pytest.param(
            "IMDb",
            "https://www.imdb.com/title/tt123/",
            None,
            f"not a film page on IMDb: expected a URL like {IMDB}",
            id="IMDb id too short",
        ),
        pytest.param(
            "Douban",
            "https://movie.douban.com/subject/alien/",
            None,
            f"not a film page on Douban: expected a URL like {DOUBAN}",
            id="Douban id not numeric",
        ),
        pytest.param(
            "豆瓣",
            "https://book.douban.com/subject/1300868/",
            None,
            f"platform '豆瓣', but the URL is on book.douban.com; expected one like {DOUBAN}",
            id="Douban books",
        ),
        pytest.param(
            "IMDB",
            DOUBAN,
            None,
            f"platform 'IMDB', but the URL is on Douban; expected one like {IMDB}",
            id="label and URL disagree",
        ),
        pytest.param(
            "Douban",
            "https://example.org/",
            None,
            f"platform 'Douban', but the URL is on example.org; expected one like {DOUBAN}",
            id="known label, other host",
        ),
        pytest.param(
            "Letterboxd",
            IMDB,
            None,
            "the URL is on IMDb, but the platform is 'Letterboxd'",
            id="known host, other label",
        ),
    ],
)
def test_bad_source_urls(
    platform: str, url: str, part: tuple[int, int] | None, message: str
) -> None:
    (diagnostic,) = lint(source(platform, url))
    start = 34 + len(platform)  # the column of the url's opening quote
    expected_span = (
        (start + 1 + part[0], start + 1 + part[1]) if part else (start, start + len(url) + 2)
    )
    assert (diagnostic.rule, diagnostic.code, diagnostic.message) == (
        "url-format",
        "FL205",
        message,
    )
    assert (diagnostic.line, (diagnostic.column, diagnostic.end_column)) == (8, expected_span)


def test_part_positions_by_hand() -> None:
    (diagnostic,) = lint(source("IMDb", "https://www.imdb.com/title/tt0078748 /"))
    # 'sourceUrl: [{ platform: "IMDb", url: "' is 38 characters; the space is the 37th of the URL
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (8, 75, 76)


def test_block_style_and_several_entries() -> None:
    text = film(
        f"sourceUrl:\n  - platform: IMDB\n    url: {IMDB}\n  - platform: Douban\n    url: {IMDB}\n"
    )
    (diagnostic,) = lint(text)
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (12, 10, 47)
    assert (
        diagnostic.message
        == f"platform 'Douban', but the URL is on IMDb; expected one like {DOUBAN}"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param('"/images/alien.jpg"', [], id="site path"),
        pytest.param('"images/alien.jpg"', [], id="relative path"),
        pytest.param('"https://media.femres.org/images/films/alien-1979.jpg"', [], id="absolute"),
        pytest.param(
            '"https//media.example.org/alien.jpg"', [], id="a path, though it looks like a typo"
        ),
        pytest.param(
            '"//media.example.org/alien.jpg"',
            [(8, 14, "URL without a scheme: write it with https:")],
            id="scheme-relative is absolute",
        ),
        pytest.param(
            '"http:/media.example.org/alien.jpg"',
            [(8, 15, "no '//' after 'http:': the URL has no host")],
            id="malformed absolute",
        ),
        pytest.param(
            '"https://media.example.org/a b.jpg"',
            [(8, 42, "URL contains a space; write it as %20")],
            id="space in absolute",
        ),
        pytest.param(
            '"C:\\\\films\\\\alien.jpg"', [(8, 17, "URL contains a backslash")], id="a Windows path"
        ),
    ],
)
def test_poster_image_is_checked_when_absolute(
    value: str, expected: list[tuple[int, int, str]]
) -> None:
    found = lint(film(f"posterImage: {value}"))
    assert [(d.line, d.column, d.message) for d in found] == expected


def test_spaces_around_have_a_safe_fix() -> None:
    text = source("IMDb", f"  {IMDB} ")
    (diagnostic,) = lint(text)
    assert (diagnostic.line, diagnostic.column, diagnostic.message) == (
        8,
        38,
        "spaces around the URL",
    )
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    fixed = apply_fix(text, diagnostic.fix)
    assert fixed == source("IMDb", IMDB)
    assert lint(fixed) == []


def test_other_problems_win_over_spaces_around() -> None:
    (diagnostic,) = lint(source("IMDb", " https://www.imdb.com/title/x/ "))
    assert diagnostic.message.startswith("not a film page on IMDb")
    assert diagnostic.fix is None


def test_options_fields_platform_key_and_platforms() -> None:
    options = {
        "fields": ["links[*].href"],
        "path-or-url-fields": [],
        "platform-key": "site",
        "platforms": {
            "Letterboxd": {
                "labels": ["Letterboxd", "LB"],
                "host": r"letterboxd\.com",
                "path": r"/film/[a-z0-9-]+/?",
                "example": "https://letterboxd.com/film/alien/",
            }
        },
    }
    config = parse_config({"rules": {"url-format": options}}, None)
    text = film(
        'posterImage: "ftp://x"\n'
        "links:\n"
        "  - { site: lb, href: 'https://letterboxd.com/alien/' }\n"
        f"  - {{ site: IMDb, href: '{DOUBAN}' }}\n"
        "  - { site: x, href: 'https://letterboxd.com/film/alien/' }\n"
    )
    found = lint(text, config=config, select=["url-format"])
    assert [(d.line, d.column, d.message) for d in found] == [
        (
            10,
            23,
            "not a film page on Letterboxd: expected a URL like https://letterboxd.com/film/alien/",
        ),
        (12, 22, "the URL is on Letterboxd, but the platform is 'x'"),
    ]


@pytest.mark.parametrize(
    ("platforms", "error"),
    [
        (
            {"X": {"labels": ["X"], "host": "(", "path": "", "example": ""}},
            r"X\.host: not a regular expression",
        ),
        ({"X": {"labels": ["X"], "host": "x", "path": ""}}, r"X: missing key 'example'"),
        (
            {"X": {"labels": [], "host": "x", "path": "", "example": ""}},
            r"X\.labels: expected a non-empty list",
        ),
        (
            {"X": {"labels": ["X"], "host": "x", "path": "", "example": "", "hosts": ""}},
            r"X\.hosts: unknown key",
        ),
        ({"X": "x"}, r"X: expected a table"),
    ],
)
def test_bad_platform_tables_are_config_errors(platforms: object, error: str) -> None:
    config = parse_config({"rules": {"url-format": {"platforms": platforms}}}, None)
    with pytest.raises(ConfigError, match=r"rules\.url-format\.platforms: " + error):
        RuleSettings.resolve(config, load_registry())


#: Values without a scheme: words, host names and paths, with spaces and other characters
#: that are wrong inside a URL.
NOT_URLS = st.text(alphabet=st.sampled_from([*"abcxyz019 ./-_%?#@", "é", "电"]), min_size=1).filter(
    lambda value: value.strip() == value and not value.startswith("//")
)


@settings(max_examples=examples(100), deadline=None)
@given(NOT_URLS)
def test_a_value_without_a_scheme_is_said_to_be_no_url(value: str) -> None:
    (problem,) = lint(source("Site", value))
    assert problem.message == (
        "not an absolute http(s) URL: it must start with https:// or http://"
    )


@settings(max_examples=examples(100), deadline=None)
@given(st.from_regex(r"[0-9]{1,12}", fullmatch=True))
def test_imdb_ids_are_seven_digits_or_more_without_a_leading_zero(digits: str) -> None:
    url = f"https://www.imdb.com/title/tt{digits}/"
    valid = len(digits) == 7 or (len(digits) > 7 and not digits.startswith("0"))
    assert (lint(source("IMDb", url)) == []) is valid


#: What a URL must not hold, besides spaces and backslashes: control characters (C0, DEL,
#: C1) and bidirectional formatting characters (RFC 3987, section 4.1).
NOT_IN_A_URL = st.characters(categories=["Cc"]) | st.sampled_from(
    [chr(code) for code in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)


@given(
    st.sampled_from(["https://example.org/a", "https://例子.测试/路径", "https://example.org/?q="]),
    NOT_IN_A_URL,
)
def test_a_control_or_bidirectional_character_anywhere_is_reported(url: str, char: str) -> None:
    """Written as a YAML escape: the diagnostic spans the whole value (an escape's code
    points have no column of their own)."""
    (diagnostic,) = lint(source("Site", f"{url}\\u{ord(char):04x}b"))
    assert diagnostic.rule == "url-format"
    assert diagnostic.message.startswith("URL contains ")


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200f"])
def test_a_bidirectional_character_written_as_it_is_is_pointed_at(char: str) -> None:
    url = f"https://example.org/film{char}gpj.exe"
    (diagnostic,) = lint(source("Site", url))
    start = 34 + len("Site") + 1 + url.index(char)  # the url's opening quote, then the char
    assert (diagnostic.message, diagnostic.column, diagnostic.end_column) == (
        f"URL contains {char!r}",
        start,
        start + 1,
    )


ENDS_IN_A_NUMBER = "a host ending in a number is read as one"

# (host, message or None). WHATWG URL parses a host whose last label, a final dot aside, is
# a number (decimal, octal, or 0x and hex digits) as an IPv4 address: such a host is no name.
HOSTS: list[tuple[str, str, str | None]] = [
    ("name", "example.org", None),
    ("name, final dot", "example.org.", None),
    ("digits then letters", "example.1a", None),
    ("letters then digits", "example.a1", None),
    ("hex-like name", "example.0xg", None),
    ("x without 0", "example.x7f", None),
    ("digit labels before a name", "1.2.example", None),
    ("dotted decimal", "192.0.2.1", None),
    ("decimal, short", "127.1", "invalid IP address '127.1'"),
    ("octal", "0177.0.0.1", "invalid IP address '0177.0.0.1'"),
    ("decimal, final dot", "192.0.2.1.", "invalid IP address '192.0.2.1.'"),
    ("name, decimal", "example.123", f"invalid IP address 'example.123': {ENDS_IN_A_NUMBER}"),
    (
        "name, decimal, final dot",
        "example.123.",
        f"invalid IP address 'example.123.': {ENDS_IN_A_NUMBER}",
    ),
    ("name, octal", "a.b.c.017", f"invalid IP address 'a.b.c.017': {ENDS_IN_A_NUMBER}"),
    ("name, hex", "example.0x1F", f"invalid IP address 'example.0x1F': {ENDS_IN_A_NUMBER}"),
    ("name, bare 0x", "example.0X", f"invalid IP address 'example.0X': {ENDS_IN_A_NUMBER}"),
    ("hex, short", "0x7f.1", f"invalid IP address '0x7f.1': {ENDS_IN_A_NUMBER}"),
    ("hex, dotted", "0x7f.0.0.1", f"invalid IP address '0x7f.0.0.1': {ENDS_IN_A_NUMBER}"),
    ("hex alone", "0x7f000001", f"invalid IP address '0x7f000001': {ENDS_IN_A_NUMBER}"),
    ("hex, final dot", "0x7f.0.0.0x1.", f"invalid IP address '0x7f.0.0.0x1.': {ENDS_IN_A_NUMBER}"),
    # Browsers map a host first (UTS 46): full-width and other compatibility forms of digits,
    # letters and full stops are ASCII ones, and the host then ends in a number.
    ("full-width digit", "0x7f.\uff11", f"invalid IP address '0x7f.\uff11': {ENDS_IN_A_NUMBER}"),
    (
        "full-width name and number",
        "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.\uff11\uff12\uff13",
        "invalid IP address '\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.\uff11\uff12\uff13': "
        + ENDS_IN_A_NUMBER,
    ),
    (
        "full-width hex",
        "a.\uff10\uff38\uff11",
        f"invalid IP address 'a.\uff10\uff38\uff11': {ENDS_IN_A_NUMBER}",
    ),
    (
        "superscript digit",
        "example.\u00b9",
        f"invalid IP address 'example.\u00b9': {ENDS_IN_A_NUMBER}",
    ),
    ("circled digit", "example.\u2460", f"invalid IP address 'example.\u2460': {ENDS_IN_A_NUMBER}"),
    (
        "ideographic stop",
        "example\u3002123",
        f"invalid IP address 'example\u3002123': {ENDS_IN_A_NUMBER}",
    ),
    (
        "halfwidth stop",
        "example\uff61123",
        f"invalid IP address 'example\uff61123': {ENDS_IN_A_NUMBER}",
    ),
    (
        "full-width stop",
        "example\uff0e123",
        f"invalid IP address 'example\uff0e123': {ENDS_IN_A_NUMBER}",
    ),
    (
        "full-width number, final stop",
        "0x7f.\uff11\uff0e",
        f"invalid IP address '0x7f.\uff11\uff0e': {ENDS_IN_A_NUMBER}",
    ),
    ("full-width name", "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.\uff43\uff4f\uff4d", None),
    ("Arabic-Indic digits, no number to browsers", "example.\u0663", None),
    ("ideographs", "\u4f8b\u5b50.\u6d4b\u8bd5", None),
]


@pytest.mark.parametrize(("host", "message"), [h[1:] for h in HOSTS], ids=[h[0] for h in HOSTS])
def test_a_host_ending_in_a_number_is_no_name(host: str, message: str | None) -> None:
    url = f"http://{host}/film"
    found = [(d.message, d.column - 34 - len("Site") - 1) for d in lint(source("Site", url))]
    assert found == ([] if message is None else [(message, len("http://"))])


# (case, platform, URL, whether url-format reports it): a path's "." and ".." segments, also
# written with %2e, lead where browsers resolve them; the platform check reads the path so.
DOT_SEGMENTS: list[tuple[str, str, str, bool]] = [
    ("up to a person", "IMDb", "https://www.imdb.com/title/tt0078748/../../name/nm0000244/", True),
    ("escaped dots", "IMDb", "https://www.imdb.com/title/tt0078748/%2e%2e/%2E%2E/search/", True),
    ("mixed dots", "IMDb", "https://www.imdb.com/title/tt0078748/.%2e/%2e./x/", True),
    ("Douban up", "Douban", "https://movie.douban.com/subject/1300868/../../../people/123/", True),
    ("up past the root", "IMDb", "https://www.imdb.com/title/tt0078748/../../../..", True),
    ("into a film", "IMDb", "https://www.imdb.com/name/nm0000244/../../title/tt0078748/", False),
    ("within a film", "IMDb", "https://www.imdb.com/title/tt0078748/reference/../", False),
    ("a final dot", "IMDb", "https://www.imdb.com/title/tt0078748/.", False),
    ("an escaped dot", "Douban", "https://movie.douban.com/subject/1300868/%2E/", False),
    ("three dots are a name", "IMDb", "https://www.imdb.com/title/tt0078748/.../", False),
    ("dots in the query", "IMDb", "https://www.imdb.com/title/tt0078748/?next=../../name/", False),
]


@pytest.mark.parametrize(
    ("platform", "url", "reported"),
    [case[1:] for case in DOT_SEGMENTS],
    ids=[case[0] for case in DOT_SEGMENTS],
)
def test_dot_segments_lead_where_browsers_resolve_them(
    platform: str, url: str, reported: bool
) -> None:
    expected = IMDB if platform == "IMDb" else DOUBAN
    found = [d.message for d in lint(source(platform, url))]
    message = f"not a film page on {platform}: expected a URL like {expected}"
    assert found == ([message] if reported else [])


SEGMENTS = st.sampled_from(["a", "b.", "", ".", "..", "...", "%2e", "%2E", ".%2e", "%2e%2E"])


@given(st.lists(SEGMENTS, max_size=6).map(lambda segments: "/" + "/".join(segments)))
def test_dot_segments_are_removed_as_a_url_parser_removes_them(path: str) -> None:
    from yarl import URL

    from filmlint.rules.url_format import _without_dot_segments

    resolved = _without_dot_segments(path).replace("%2e", ".").replace("%2E", ".")
    assert resolved == URL("https://example.org" + path).path


@cache
def characters(category: str) -> tuple[str, ...]:
    """Every character of a Unicode category."""
    found = (chr(code) for code in range(sys.maxunicode + 1))
    return tuple(char for char in found if unicodedata.category(char) == category)


#: Where a character goes in the URL: before it, in its host, at its end.
PLACES = {"start": 0, "middle": len("https://www.imdb"), "end": len(IMDB)}
#: The format characters a URL is pasted with, invisible, which a safe fix removes.
INVISIBLE = {"\u00ad", "\u180e", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\U000e0001"}
INVISIBLE |= {chr(c) for c in (*range(0x2061, 0x2065), *range(0x206A, 0x2070))}
INVISIBLE |= {chr(c) for c in (*range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B))}
INVISIBLE |= {chr(c) for c in range(0xE0020, 0xE0080)}
#: Bidirectional formatting characters: named as they are, with no fix (removing one would
#: show another URL than the one the reader saw).
BIDI = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *"\u2066\u2067\u2068\u2069"}


@pytest.mark.parametrize("place", PLACES)
def test_every_format_character_anywhere_is_pointed_at(place: str) -> None:
    """Each Cf character, written as it is, at the start, in the middle or at the end of a
    URL: pointed at and named; the invisible ones removed by a safe fix, which leaves the
    URL it was."""
    at = PLACES[place]
    chars = characters("Cf")
    urls = [IMDB[:at] + char + IMDB[at:] for char in chars]
    text = film("sourceUrl:" + "".join(f'\n  - {{ platform: IMDb, url: "{u}" }}' for u in urls))
    found = lint(text, select=["url-format"])
    assert len(found) == len(chars)
    lines = text.split("\n")
    for char, diagnostic in zip(chars, found, strict=True):
        assert lines[diagnostic.line - 1][diagnostic.column - 1] == char
        assert diagnostic.end_column == diagnostic.column + 1
        if char in INVISIBLE:
            name = unicodedata.name(char)
            assert diagnostic.message == (
                f"URL contains an invisible character, U+{ord(char):04X} {name}; remove it"
            )
            assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
        else:
            assert diagnostic.message == f"URL contains {char!r}"
            assert diagnostic.fix is None
    fixed = text
    for diagnostic in reversed(found):
        if diagnostic.fix is not None:
            fixed = apply_fix(fixed, diagnostic.fix)
    left = {d.line for d in lint(fixed, select=["url-format"])}
    assert left == {d.line for d, char in zip(found, chars, strict=True) if char not in INVISIBLE}


@pytest.mark.parametrize("place", PLACES)
def test_every_control_character_anywhere_is_reported(place: str) -> None:
    """Each Cc character, written as a YAML escape (a file cannot hold most of them raw): a
    diagnostic names it, or the spaces around the URL that it is one of (a tab, a line
    break, which a safe fix removes as a browser drops them)."""
    at = PLACES[place]
    chars = characters("Cc")
    urls = [IMDB[:at] + f"\\x{ord(char):02x}" + IMDB[at:] for char in chars]
    text = film("sourceUrl:" + "".join(f'\n  - {{ platform: IMDb, url: "{u}" }}' for u in urls))
    found = lint(text, select=["url-format"])
    assert len(found) == len(chars)
    for char, diagnostic in zip(chars, found, strict=True):
        around = char.isspace() and place != "middle"
        expected = "spaces around the URL" if around else f"URL contains {char!r}"
        assert diagnostic.message == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://fa.wikipedia.org/wiki/\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # ZWNJ
        "https://hi.wikipedia.org/wiki/\u0915\u094d\u200d\u0937",  # ZWJ after a virama
    ],
)
def test_a_joiner_in_a_word_of_a_joining_script_is_part_of_it(url: str) -> None:
    assert lint(source("Site", url)) == []


def tags(text: str) -> str:
    """``text`` spelled in tag characters (U+E0020..U+E007E), as a flag emoji's code is."""
    return "".join(chr(0xE0000 + ord(char)) for char in text)


def flag(code: str) -> str:
    """A subdivision flag: a black flag, ``code`` in tags, CANCEL TAG."""
    return "\U0001f3f4" + tags(code) + "\U000e007f"


#: Flag emoji: a black flag, tag characters, and CANCEL TAG (England, Scotland, Wales).
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
SCOTLAND = flag("gbsct")
WALES = flag("gbwls")
BLACK_FLAG = "\U0001f3f4"
SITE = "https://example.org/"
#: Emoji ZWJ sequences (UTS #51): emoji joined by U+200D into another.
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
TRANSGENDER_FLAG = "\U0001f3f3\ufe0f\u200d\u26a7\ufe0f"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
HEALTH_WORKER = "\U0001f469\U0001f3fd\u200d\u2695\ufe0f"  # a woman, a skin tone, a staff
PIRATE_FLAG = "\U0001f3f4\u200d\u2620\ufe0f"
KISS = "\U0001f9d1\U0001f3fb\u200d\u2764\ufe0f\u200d\U0001f48b\u200d\U0001f9d1\U0001f3fc"
RAINBOW = "\U0001f308"


def assert_kept_or_fixed(url: str, named: int | None, fixed: str | None) -> None:
    """``url`` passes (``named`` None), or its first wrong character is the invisible
    ``named``, pointed at where the fix's output first differs from it, and the safe fix
    leaves ``fixed``, which passes."""
    text = source("Site", url)
    if named is None:
        assert lint(text) == []
        return
    assert fixed is not None
    (diagnostic,) = lint(text)
    name = unicodedata.name(chr(named))
    assert diagnostic.message == (
        f"URL contains an invisible character, U+{named:04X} {name}; remove it"
    )
    at = next(i for i, char in enumerate(url) if i >= len(fixed) or fixed[i] != char)
    column = 34 + len("Site") + 1 + at  # the url's opening quote, then code points
    assert (diagnostic.column, diagnostic.end_column) == (column, column + 1)
    assert text.split("\n")[diagnostic.line - 1][column - 1] == chr(named)
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    assert apply_fix(text, diagnostic.fix) == source("Site", fixed)
    assert lint(source("Site", fixed)) == []


@pytest.mark.parametrize(
    ("url", "named", "fixed"),
    [
        # a flag emoji's tags are part of it: kept, and nothing said
        (f"https://example.org/wiki/{ENGLAND}", None, None),
        (f"https://example.org/teams/{SCOTLAND}-{WALES}/", None, None),
        (f"https://example.org/a?flag={ENGLAND}{ENGLAND}#{WALES}", None, None),
        (f"{SITE}{flag('usca')}", None, None),  # California
        (f"{SITE}{flag('abc')}{flag('ab1234')}", None, None),  # 3 and 6: a region of letters
        (f"{SITE}{flag('0011')}{flag('0011234')}", None, None),  # 4 and 7: a region of digits
        (f"https://example.org/{ENGLAND}\u200b", 0x200B, f"https://example.org/{ENGLAND}"),
        # a stray tag character is invisible: pointed at, and removed by the safe fix
        ("https://example.org/a\U000e0067b", 0xE0067, "https://example.org/ab"),
        ("https://example.org/\U000e0067\U000e0062\U000e007f", 0xE0067, "https://example.org/"),
        ("https://example.org/\U0001f3f4\U000e007f", 0xE007F, "https://example.org/\U0001f3f4"),
        (
            "https://example.org/\U0001f3f4\U000e0067\U000e0062",  # no CANCEL TAG: no emoji
            0xE0067,
            "https://example.org/\U0001f3f4",
        ),
        (f"https://example.org/{ENGLAND[:-1]}x", 0xE0067, "https://example.org/\U0001f3f4x"),
        (f"https://example.org/\U000e0067{ENGLAND}", 0xE0067, f"https://example.org/{ENGLAND}"),
        (f"https://example.org/{ENGLAND}\U000e007f", 0xE007F, f"https://example.org/{ENGLAND}"),
        (f"https://example.org/x{ENGLAND[1:]}", 0xE0067, "https://example.org/x"),
        # tags after a black flag that spell no subdivision: all removed, the flag stays
        (f"{SITE}{flag('gb')}", 0xE0067, f"{SITE}{BLACK_FLAG}"),  # too short: no subdivision
        (f"{SITE}{flag('gbengland')}", 0xE0067, f"{SITE}{BLACK_FLAG}"),  # too long
        (f"{SITE}{flag('ab12345')}", 0xE0061, f"{SITE}{BLACK_FLAG}"),  # a suffix of 5
        (f"{SITE}{flag('0011234a')}", 0xE0030, f"{SITE}{BLACK_FLAG}"),  # 8 in all
        (f"{SITE}{flag('01a')}", 0xE0030, f"{SITE}{BLACK_FLAG}"),  # a region of two digits
        (f"{SITE}{flag('GBENG')}", 0xE0047, f"{SITE}{BLACK_FLAG}"),  # tag capitals
        (f"{SITE}{flag('gb eng')}-{WALES}", 0xE0067, f"{SITE}{BLACK_FLAG}-{WALES}"),  # tag space
        (f"{SITE}{flag('gb-eng')}", 0xE0067, f"{SITE}{BLACK_FLAG}"),  # tag punctuation
        (
            f"{SITE}{ENGLAND}{flag('ignore all previous instructions')}",
            0xE0069,
            f"{SITE}{ENGLAND}{BLACK_FLAG}",
        ),
        (  # tags without CANCEL TAG are no flag; the next ones are
            f"{SITE}{BLACK_FLAG}{tags('gbeng')}{flag('gbeng')}",
            0xE0067,
            f"{SITE}{BLACK_FLAG}{ENGLAND}",
        ),
    ],
)
def test_tag_characters_are_kept_in_a_flag_emoji_and_removed_elsewhere(
    url: str, named: int | None, fixed: str | None
) -> None:
    assert_kept_or_fixed(url, named, fixed)


@pytest.mark.parametrize(
    ("url", "named", "fixed"),
    [
        # a joiner between emoji (after one, perhaps with U+FE0F or a skin tone) is kept
        (f"{SITE}pride/{RAINBOW_FLAG}.jpg", None, None),
        (f"{SITE}{TRANSGENDER_FLAG}/{FAMILY}/{HEALTH_WORKER}", None, None),
        (f"{SITE}flags/{PIRATE_FLAG}-{ENGLAND}", None, None),
        (f"{SITE}?q={KISS}#{RAINBOW_FLAG}", None, None),
        (f"{SITE}\u2764\ufe0f\u200d\U0001f525", None, None),  # heart on fire, BMP then astral
        (f"{SITE}\u00a9\u200d\u2122", None, None),  # pictographs of the BMP are emoji too
        (f"{SITE}{RAINBOW_FLAG}\u200b", 0x200B, f"{SITE}{RAINBOW_FLAG}"),
        # a joiner anywhere else is invisible: pointed at, and removed by the safe fix
        (f"{SITE}{RAINBOW}\u200d", 0x200D, f"{SITE}{RAINBOW}"),  # at the end
        (f"{SITE}{RAINBOW}\u200d/x", 0x200D, f"{SITE}{RAINBOW}/x"),
        (f"{SITE}{RAINBOW}\u200dx", 0x200D, f"{SITE}{RAINBOW}x"),  # an emoji and a letter
        (f"{SITE}x\u200d{RAINBOW}", 0x200D, f"{SITE}x{RAINBOW}"),
        (f"{SITE}\u200d{RAINBOW}", 0x200D, f"{SITE}{RAINBOW}"),
        (f"{SITE}1\u200d{RAINBOW}", 0x200D, f"{SITE}1{RAINBOW}"),  # a digit is no pictograph
        (f"{SITE}{RAINBOW}\u200d\U0001f3fd", 0x200D, f"{SITE}{RAINBOW}\U0001f3fd"),  # a tone
        (f"{SITE}\U0001f3f3\u200d\u200d{RAINBOW}", 0x200D, f"{SITE}\U0001f3f3{RAINBOW}"),
        (f"{SITE}\U0001f3f3\u200b\u200d{RAINBOW}", 0x200B, f"{SITE}\U0001f3f3{RAINBOW}"),
        (f"{SITE}\U0001f3f3\u200c{RAINBOW}", 0x200C, f"{SITE}\U0001f3f3{RAINBOW}"),  # ZWNJ
        (f"{SITE}a\u200db{RAINBOW_FLAG}", 0x200D, f"{SITE}ab{RAINBOW_FLAG}"),
    ],
)
def test_a_joiner_between_emoji_is_kept_and_removed_elsewhere(
    url: str, named: int | None, fixed: str | None
) -> None:
    assert_kept_or_fixed(url, named, fixed)


#: Emoji (Extended_Pictographic), of the BMP and astral, skin tones, and tag letters and
#: digits, from which emoji sequences are built.
PICTOGRAPHS = st.sampled_from(
    [
        *"\u00a9\u2620\u2695\u26a7\u2764",
        *map(
            chr, (0x1F308, 0x1F3F3, 0x1F3F4, 0x1F466, 0x1F469, 0x1F48B, 0x1F525, 0x1F9D1, 0x1FAF0)
        ),
    ]
)
TONES = st.sampled_from(["", *map(chr, range(0x1F3FB, 0x1F400))])
EMOJI = st.builds(lambda p, v, t: p + v + t, PICTOGRAPHS, st.sampled_from(["", "\ufe0f"]), TONES)
ZWJ_SEQUENCES = st.lists(EMOJI, min_size=2, max_size=4).map("\u200d".join)
TAG_LETTERS, TAG_DIGITS = "abcdefghijklmnopqrstuvwxyz", "0123456789"
FLAGS = st.builds(
    lambda region, suffix: flag(region + suffix),
    st.text(TAG_LETTERS, min_size=2, max_size=2) | st.text(TAG_DIGITS, min_size=3, max_size=3),
    st.text(TAG_LETTERS + TAG_DIGITS, min_size=1, max_size=4),
)
NO_FLAGS = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=10).filter(
    lambda code: re.fullmatch(r"([a-z]{2}|[0-9]{3})[a-z0-9]{1,4}", code) is None
)
#: Pieces of a path, as (written, what the safe fix leaves): emoji sequences, which stay,
#: and invisible characters beside emoji, which go.
PIECES = (
    st.sampled_from(["film", "2024"]).map(lambda word: (word, word))
    | ZWJ_SEQUENCES.map(lambda emoji: (emoji, emoji))
    | FLAGS.map(lambda emoji: (emoji, emoji))
    | EMOJI.map(lambda emoji: (emoji + "\u200d", emoji))
    | EMOJI.map(lambda emoji: ("\u200d" + emoji, emoji))
    | EMOJI.map(lambda emoji: (emoji + "\u200b" + emoji, emoji + emoji))
    | st.just(("a\u200db", "ab"))
    | NO_FLAGS.map(lambda code: (flag(code), BLACK_FLAG))
    | NO_FLAGS.filter(bool).map(lambda code: (tags(code), ""))
)


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=5))
def test_emoji_sequences_survive_and_invisible_characters_around_them_go(
    pieces: list[tuple[str, str]],
) -> None:
    url = SITE + "-".join(written for written, _ in pieces)
    fixed = SITE + "-".join(left for _, left in pieces)
    if url == fixed:
        assert_kept_or_fixed(url, None, None)
        return
    first = next(i for i, char in enumerate(url) if i >= len(fixed) or fixed[i] != char)
    assert_kept_or_fixed(url, ord(url[first]), fixed)


def test_a_joiner_beside_latin_letters_is_reported() -> None:
    (diagnostic,) = lint(source("Site", "https://example.org/a\u200cb"))
    assert diagnostic.message == (
        "URL contains an invisible character, U+200C ZERO WIDTH NON-JOINER; remove it"
    )


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        pytest.param(f" \u200b{IMDB}\u2060 ", IMDB, id="with spaces around"),
        pytest.param(f"{IMDB[:10]}\u00ad{IMDB[10:]}\ufeff", IMDB, id="two"),
        pytest.param(f"\ufeff{IMDB}", IMDB, id="before the scheme"),
    ],
)
def test_invisible_characters_are_removed_by_a_safe_fix(value: str, fixed: str) -> None:
    text = source("IMDb", value)
    (diagnostic,) = lint(text)
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    assert apply_fix(text, diagnostic.fix) == source("IMDb", fixed)


@pytest.mark.parametrize(
    "value",
    ["https://\u200b", "\u200b", "https://\u200b/film", "https:\u00ad//", "https://a b\u200b"],
)
def test_no_fix_when_what_is_left_is_no_url(value: str) -> None:
    """Removing the invisible characters must leave a URL: "https://" has no host."""
    (diagnostic,) = lint(source("IMDb", value))
    assert diagnostic.fix is None


def test_no_fix_when_another_character_no_url_holds_is_there() -> None:
    (diagnostic,) = lint(source("IMDb", f"{IMDB}\u200b\u202e"))
    assert diagnostic.message.startswith("URL contains an invisible character, U+200B")
    assert diagnostic.fix is None


def test_a_poster_image_starting_with_an_invisible_character_is_checked() -> None:
    (diagnostic,) = lint(film('posterImage: "\u200bhttps://media.example.org/alien.jpg"'))
    assert diagnostic.message.startswith("URL contains an invisible character, U+200B")
