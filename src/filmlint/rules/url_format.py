"""A URL is malformed, or does not have the shape its platform's film pages have.

Checked offline, from the text alone (whether a URL answers is `url-reachable`'s job). A
URL must be absolute `http` or `https` with a host name (at least two labels, the last not
a number: browsers read `0x7f.1` and `example.123` as IPv4 addresses, and full-width digits
as these) or an IP address in dotted decimal, a valid port if any, no user name or password,
and no spaces, control characters (C1's too, which a YAML escape can write), bidirectional
formatting characters (which make a URL read otherwise than it goes; RFC 3987 forbids them),
other format characters, backslashes or broken `%` escapes. Spaces around it have a safe fix.
The invisible format characters that come with a pasted URL (zero-width space, soft hyphen,
word joiner, byte order mark) are pointed at and named, since no one sees them, and a
browser would request them, percent-encoded: another URL. When they are all of the URL's
wrong characters, a safe fix removes them. A zero-width joiner or non-joiner between two
letters of a script other than Latin is part of the word's spelling (Persian) and stays. So
does a zero-width joiner between two emoji (UTS #51's ZWJ sequence: the one before it
perhaps with U+FE0F or a skin tone), which joins them into another: the rainbow flag is
U+1F3F3 U+FE0F U+200D U+1F308, a family several people so joined. The tag characters of a
subdivision flag emoji stay too: a black flag U+1F3F4, then a region and subdivision code
in tag lower-case letters and digits, 3 to 7 of them (England's is "gbeng"), then U+E007F
CANCEL TAG. Any other tag character is invisible, even after a black flag (tag spaces,
capitals or punctuation, a sentence spelled in tags), and is removed with the rest.

When the URL's mapping also names its platform (the `platform-key`, e.g.
`{ platform: "IMDb", url: "..." }`) and the label or the host is one of the known
`platforms`, the two must agree and the URL must be a film page of that platform: an IMDb
title URL has a `tt` id of 7 digits, or of 8 and more without a leading zero
(`https://www.imdb.com/title/tt0078748/`, not `tt00338139`), a Douban film URL a subject id
of ASCII digits only (`https://movie.douban.com/subject/1300868/`). The path is read where
it leads, its `.` and `..` segments (`%2e` too) resolved as browsers do. Labels are matched
ignoring case, so "IMDB" and "IMDb" are the same platform.

`fields` must hold absolute URLs; `path-or-url-fields` (such as `posterImage`) may also
hold a path on the site, and are checked only when they are absolute (they have a scheme or
start with `//`).

`platforms` is a table of known platforms, each with `labels` (the names written in the
platform key), `host` and `path` (regular expressions the URL's host, in lower case, and
path must match in full) and `example` (a good URL, shown in messages). Setting it replaces
the defaults, which are printed below: copy those you keep. A site that links to Letterboxd
only would write:

    [tool.filmlint.rules.url-format.platforms.Letterboxd]
    labels = ["Letterboxd"]
    host = 'letterboxd\\.com'
    path = '/film/[a-z0-9-]+/?'
    example = "https://letterboxd.com/film/alien/"

Bad:

    sourceUrl:
      - platform: "IMDb"
        url: "https://movie.douban.com/subject/1300868/"
      - platform: "Douban"
        url: "https://movie.douban.com/subject/alien/"
    posterImage: "http:/media.example.org/alien.jpg"

Good:

    sourceUrl:
      - platform: "IMDb"
        url: "https://www.imdb.com/title/tt0078748/"
      - platform: "Douban"
        url: "https://movie.douban.com/subject/1300868/"
    posterImage: "/images/alien.jpg"
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Option,
    Problem,
    Severity,
    compile_pattern,
    fields_option,
    find_all,
    replace_value,
)

if TYPE_CHECKING:
    import regex

    from filmlint.api import Document

NAME = "url-format"
CODE = "FL205"
TABLE_SUMMARY = (
    "a malformed URL, or one that does not match its platform (IMDb `tt` ids, Douban subject "
    "ids); offline"
)
SEVERITY = Severity.ERROR

DEFAULT_PLATFORMS: dict[str, dict[str, Any]] = {
    "IMDb": {
        "labels": ["IMDb"],
        "host": r"(www\.|m\.)?imdb\.com",
        # tt and 7 digits, or 8 and more without a leading zero (tt00338139 has a stray one);
        # [0-9], as \d would take other scripts' digits too.
        "path": r"/title/tt([0-9]{7}|[1-9][0-9]{7,})(/.*)?",
        "example": "https://www.imdb.com/title/tt0078748/",
    },
    "Douban": {
        "labels": ["Douban", "豆瓣"],
        "host": r"(movie|m)\.douban\.com",
        "path": r"(/movie)?/subject/[0-9]+(/.*)?",
        "example": "https://movie.douban.com/subject/1300868/",
    },
}
_PLATFORM_KEYS = ("labels", "host", "path", "example")


def _platforms_problem(table: Any) -> str | None:
    for name, platform in table.items():
        if not isinstance(platform, dict):
            return f"{name}: expected a table with keys {', '.join(_PLATFORM_KEYS)}"
        for key in _PLATFORM_KEYS:
            if key not in platform:
                return f"{name}: missing key {key!r}"
        for key in platform:
            if key not in _PLATFORM_KEYS:
                return f"{name}.{key}: unknown key (keys: {', '.join(_PLATFORM_KEYS)})"
        labels = platform["labels"]
        if not labels or not all(isinstance(label, str) for label in labels):
            return f"{name}.labels: expected a non-empty list of strings"
        for key in ("host", "path", "example"):
            if not isinstance(platform[key], str):
                return f"{name}.{key}: expected a string"
        for key in ("host", "path"):
            try:
                re.compile(platform[key])
            except re.error as error:
                return f"{name}.{key}: not a regular expression: {error}"
    return None


OPTIONS = {
    "fields": fields_option(["sourceUrl[*].url"], "Fields that must hold an absolute URL."),
    "path-or-url-fields": fields_option(
        ["posterImage"],
        "Fields that hold a path on the site or an absolute URL; checked when absolute.",
    ),
    "platform-key": Option(
        "platform", "Key beside a URL, in the same mapping, that names its platform."
    ),
    "platforms": Option(
        DEFAULT_PLATFORMS,
        "Known platforms: labels, host and path patterns, and an example URL.",
        validate=_platforms_problem,
    ),
}


def options_problem(options: Mapping[str, Any]) -> str | None:
    """A field cannot both have to hold an absolute URL and be allowed a path (it would be
    checked, and reported, twice)."""
    paths_too = {compile_pattern(pattern) for pattern in options["path-or-url-fields"]}
    both = [pattern for pattern in options["fields"] if compile_pattern(pattern) in paths_too]
    if not both:
        return None
    return f"{both[0]!r} is in both fields and path-or-url-fields; list it in one"


#: What no URL holds, as a character class's inside: spaces, control characters (C0, DEL and
#: C1, which a YAML escape can write: "\x85"), the marks, embeddings, overrides and isolates
#: of bidirectional text, and backslashes. Other format characters (Unicode's Cf) are
#: found by their category (``_bad_positions``).
_NOT_IN_A_URL = r"\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\"
#: Format characters that are invisible and mean nothing in a URL, as a class's inside: the
#: soft hyphen, zero-width space, joiners (but in a word or between emoji), word joiner,
#: invisible operators, deprecated format controls, byte order mark, shorthand and musical
#: format controls, tag characters but in a subdivision flag (the format characters among
#: Unicode's default ignorables, the bidirectional ones aside).
#: Pasted with a URL, where no one sees them; removing them is safe, a browser would request
#: them percent-encoded, another URL.
_INVISIBLE = (
    "\u00ad\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\ufeff"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
#: The usual URL, accepted at once: http(s), a plain host name, no port, escapes or odd
#: characters. Anything else takes the slow path, which says what is wrong. Its letters are
#: spelled in both cases: with re.IGNORECASE it took four times as long to compile (each
#: class folded over all of Unicode), and let letters that fold to ASCII ones (the long s,
#: the Kelvin sign) into the scheme and the host. Its path and query are printable ASCII:
#: each class of all Unicode less ``_NOT_IN_A_URL`` took 0.35 ms to compile. A URL with
#: other characters, rare, is read by the slow path, to the same result.
_PLAIN_URL = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)"
    r'(/[!"$&->@-\[\]-~]*)?'  # printable ASCII but for % ? # and the backslash
    r"(?:[?#][!-$&-\[\]-~]*)?"  # and the query, with ? and #
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


# Plain classes, not dataclasses or named tuples, which cost a one-file run to build.
class Platform:
    __slots__ = ("example", "host", "labels", "name", "path")

    def __init__(
        self,
        name: str,
        labels: frozenset[str],
        host: re.Pattern[str],
        path: re.Pattern[str],
        example: str,
    ) -> None:
        self.name = name
        self.labels = labels
        self.host = host
        self.path = path
        self.example = example


class Url:
    """The parts of a well-formed URL that the platform checks read."""

    __slots__ = ("host", "path")

    def __init__(self, host: str, path: str) -> None:
        self.host = host
        self.path = path


#: Compiled platform tables by the identity of the option's value (one per run), which is
#: kept with them so the identity cannot be reused.
_COMPILED: dict[int, tuple[Any, Platforms]] = {}


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    data = document.data
    for path, value in find_all(data, options["fields"]):
        if isinstance(value, str):  # the schema reports values of the wrong type
            problem = _problem(document, path, value, options)
            if problem is not None:
                yield problem
    for path, value in find_all(data, options["path-or-url-fields"]):
        if isinstance(value, str) and _is_absolute(_visible(value).strip()):
            problem = _problem(document, path, value, options)
            if problem is not None:
                yield problem


def _is_absolute(url: str) -> bool:
    return url.startswith("//") or _SCHEME.match(url) is not None


def _problem(
    document: Document, path: DataPath, url: str, options: Mapping[str, Any]
) -> Problem | None:
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:  # the usual URL: no spaces around it, nothing to parse further
        return _platform_problem(document, path, _plain_url(plain), options)
    stripped = url.strip()
    lead = len(url) - len(url.lstrip())
    parsed = parse_url(stripped)
    if isinstance(parsed, Fault):
        part = (lead + parsed.start, lead + parsed.end) if parsed.end > parsed.start else None
        fix = None
        visible = _visible(url).strip() if parsed.invisible else None
        # Only when what is left is a URL: "https://" and a zero-width space has no host.
        if visible is not None and not isinstance(parse_url(visible), Fault):
            fix = replace_value(document, path, visible, "remove the invisible characters")
        return Problem(path, parsed.message, part=part, fix=fix)
    problem = _platform_problem(document, path, parsed, options)
    if problem is None and stripped != url:
        fix = replace_value(document, path, stripped, "remove the spaces around the URL")
        return Problem(path, "spaces around the URL", fix=fix)
    return problem


class Fault:
    """Why a URL is malformed, and the code points of it to point at (none: the whole);
    ``invisible``: it holds invisible characters, and no other that no URL holds."""

    __slots__ = ("end", "invisible", "message", "start")

    def __init__(self, message: str, start: int = 0, end: int = 0, invisible: bool = False) -> None:
        self.message = message
        self.start = start
        self.end = end
        self.invisible = invisible


# These are compiled on first use: only a URL off the usual path (``_PLAIN_URL``) needs
# them.
@cache
def _bad_character() -> re.Pattern[str]:
    return re.compile(f"[{_NOT_IN_A_URL}]")


@cache
def _invisible() -> re.Pattern[str]:
    return re.compile(f"[{_INVISIBLE}]")


@cache
def _flag_emoji() -> re.Pattern[str]:
    """A subdivision flag, the emoji tag sequences in use (Unicode's UTS #51, CLDR's
    subdivision ids): a black flag, a region (two tag letters or three tag digits) and a
    subdivision suffix (one to four tag letters or digits), "gbeng" for England, and CANCEL
    TAG, which ends it. Tags in lower case only: any other tag text (spaces, capitals,
    punctuation, a sentence) is no flag but a message no one sees."""
    letter, digit = "\U000e0061-\U000e007a", "\U000e0030-\U000e0039"
    return re.compile(
        f"\U0001f3f4(?:[{letter}]{{2}}|[{digit}]{{3}})[{letter}{digit}]{{1,4}}\U000e007f"
    )


@cache
def _emoji_joiner() -> regex.Pattern[str]:
    """A zero-width joiner in an emoji ZWJ sequence (UTS #51): after an emoji (perhaps with
    U+FE0F, the emoji presentation selector, or a skin tone modifier) and before one. The
    ``regex`` module knows which characters are emoji (Extended_Pictographic); it is
    imported only for a URL with a joiner, as its import costs more than checking a file."""
    import regex

    return regex.compile(
        r"(?<=\p{Extended_Pictographic}\ufe0f?[\U0001f3fb-\U0001f3ff]?)\u200d"
        r"(?=\p{Extended_Pictographic})"
    )


def _bad_positions(url: str) -> list[int]:
    """Where the characters no URL holds are, in order: those of ``_NOT_IN_A_URL``, and
    format characters (Unicode's Cf) but a zero-width joiner or non-joiner between two
    letters (or marks) of a script other than Latin, where it is part of the word's spelling
    (Persian "می‌خواهم", Indic conjuncts), a zero-width joiner between two emoji, and the tag
    characters of a subdivision flag: removing these would make another word or emoji."""
    found = [match.start() for match in _bad_character().finditer(url)]
    if url.isascii():  # no format character is: most URLs
        return found
    import unicodedata  # only off the usual path

    category = unicodedata.category
    listed = set(found)
    if "\U0001f3f4" in url:  # a flag's tags are part of the emoji, as a letter of a word
        for flag in _flag_emoji().finditer(url):
            listed.update(range(flag.start() + 1, flag.end()))
    if "\u200d" in url:  # joiners of emoji (a rainbow flag, a family) are part of them
        listed.update(joiner.start() for joiner in _emoji_joiner().finditer(url))
    for index, char in enumerate(url):
        if char.isascii() or index in listed or category(char) != "Cf":
            continue
        if char in "\u200c\u200d" and 0 < index < len(url) - 1:
            sides = (url[index - 1], url[index + 1])
            if all(not side.isascii() and category(side)[0] in "LM" for side in sides):
                continue
        found.append(index)
    return sorted(found)


def _visible(url: str) -> str:
    """``url`` without the invisible characters ``_INVISIBLE`` that ``_bad_positions``
    finds (a joiner in a word stays)."""
    if url.isascii():
        return url
    invisible = {i for i in _bad_positions(url) if _invisible().fullmatch(url[i])}
    return "".join(char for index, char in enumerate(url) if index not in invisible)


def _character_fault(url: str, bad: list[int]) -> Fault:
    """What ``parse_url`` says of the first of the characters at ``bad``, which no URL
    holds; invisible ones are named, as no one sees them."""
    at = bad[0]
    char = url[at]
    if _invisible().fullmatch(char) is None:
        what = "a backslash" if char == "\\" else "a space" if char == " " else f"{char!r}"
        advice = "; write it as %20" if char == " " else ""
        return Fault(f"URL contains {what}{advice}", at, at + 1)
    import unicodedata

    message = (
        f"URL contains an invisible character, U+{ord(char):04X} "
        f"{unicodedata.name(char, '')}; remove it"
    )
    # Removed by a safe fix when all the characters no URL holds are invisible ones.
    only_invisible = all(_invisible().fullmatch(url[i]) is not None for i in bad)
    return Fault(message, at, at + 1, invisible=only_invisible)


@cache
def _bad_escape() -> re.Pattern[str]:
    return re.compile(r"%(?![0-9A-Fa-f]{2})")


@cache
def _host_label() -> re.Pattern[str]:
    return re.compile(r"(?!-)[^\W_]([\w-]{0,61}[^\W_])?(?<!-)")


@cache
def _number_label() -> re.Pattern[str]:
    """A label the WHATWG URL parser reads as a number: ASCII digits (octal with a leading
    0) or 0x and hex digits. A host whose last label is one is parsed as an IPv4 address."""
    return re.compile(r"[0-9]+|0[Xx][0-9A-Fa-f]*")


def parse_url(url: str) -> Url | Fault:
    """The host and path of an absolute http(s) URL, or what is wrong with it."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        return _plain_url(plain)
    if not url:
        return Fault("empty URL")
    scheme = _SCHEME.match(url)
    bad = _bad_positions(url)
    # Without a scheme the value is no URL at all: say that, not what else is wrong with it;
    # but for a character no one sees before the scheme, which hides it.
    if scheme is None:
        if bad and bad[0] == 0 and not url[0].isprintable():
            return _character_fault(url, bad)
        if url.startswith("//"):
            return Fault("URL without a scheme: write it with https:")
        return Fault("not an absolute http(s) URL: it must start with https:// or http://")
    if bad:
        return _character_fault(url, bad)
    escape = _bad_escape().search(url)
    if escape is not None:
        return Fault("'%' not followed by two hex digits", escape.start(), escape.start() + 1)
    if scheme.group(1).lower() not in ("http", "https"):
        return Fault(f"scheme {scheme.group(1)!r} is not http or https", 0, scheme.end(1))
    rest = scheme.end()
    if not url.startswith("//", rest):
        return Fault(f"no '//' after '{scheme.group()}': the URL has no host", 0, rest)
    authority_start = rest + 2
    authority_end = _end_of_authority(url, authority_start)
    return _parse_authority(url, authority_start, authority_end)


def _plain_url(match: re.Match[str]) -> Url:
    return Url(match.group(1).lower().rstrip("."), match.group(2) or "")


def _end_of_authority(url: str, start: int) -> int:
    for position in range(start, len(url)):
        if url[position] in "/?#":
            return position
    return len(url)


def _parse_authority(url: str, start: int, end: int) -> Url | Fault:
    authority = url[start:end]
    if "@" in authority:
        return Fault(
            "URL holds a user name or password; remove it", start, start + authority.rindex("@")
        )
    host, port = authority, ""
    if authority.startswith("["):
        closing = authority.find("]")
        host, port = authority[: closing + 1], authority[closing + 1 :]
        if closing < 0 or (port and not port.startswith(":")):
            return Fault("malformed IPv6 address", start, end)
    elif ":" in authority:
        host, _, port = authority.partition(":")
        port = ":" + port
    if port:
        digits = port[1:]
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 5) or not (
            0 < int(digits) < 65536
        ):
            shown = digits if len(digits) <= 8 else digits[:8] + "..."
            return Fault(f"invalid port {shown!r}", start + len(host), end)
    problem = _host_problem(host)
    if problem is not None:
        return Fault(problem, start, start + len(host))
    path_end = min((i for i in (url.find("?", end), url.find("#", end)) if i >= 0), default=None)
    return Url(host.lower().rstrip("."), url[end:path_end])


def _host_problem(host: str) -> str | None:
    if not host:
        return "URL has no host"
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"invalid IPv6 address {host!r}"
        return None
    if re.fullmatch(r"[\d.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"invalid IP address {host!r}"
        return None
    if _ends_in_a_number(host):  # 0x7f.1 is 127.0.0.1 to browsers and resolvers
        return f"invalid IP address {host!r}: a host ending in a number is read as one"
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not all(_host_label().fullmatch(label) for label in labels):
        return f"invalid host name {host!r}"
    if len(labels) < 2 and host.lower() != "localhost":
        return f"host {host!r} has no domain (such as .com)"
    return None


def _ends_in_a_number(host: str) -> bool:
    """WHATWG URL's "ends in a number": the host's last label, a final dot aside, is a
    number, once mapped as browsers map a host first (UTS 46: full-width digits and letters
    to ASCII ones, full-width and ideographic full stops to dots: ``0x7f.`` and a full-width
    one is ``0x7f.1``). Only hosts off the usual path are asked: its last label starts with a
    letter."""
    import unicodedata  # only off the usual path

    name = unicodedata.normalize("NFKC", host).translate(_IDEOGRAPHIC_STOP)
    name = name[:-1] if name.endswith(".") else name
    return _number_label().fullmatch(name.rpartition(".")[2]) is not None


#: The full stop NFKC leaves alone but UTS 46 maps to ".", as the halfwidth one (U+FF61),
#: which NFKC maps to it.
_IDEOGRAPHIC_STOP = {0x3002: "."}


def _platform_problem(
    document: Document, path: DataPath, url: Url, options: Mapping[str, Any]
) -> Problem | None:
    """Platform and URL disagree, or the URL is not a film page of its platform."""
    label = _label(document.data, path, options["platform-key"])
    if label is None:
        return None
    platforms = _compiled(options["platforms"])
    by_label = platforms.by_label.get(label.strip().casefold())
    by_host = platforms.on_host(url.host)
    if by_label is None and by_host is None:
        return None
    if by_label is None:
        assert by_host is not None
        return Problem(path, f"the URL is on {by_host.name}, but the platform is {label!r}")
    if by_host is not by_label:
        on = by_host.name if by_host is not None else url.host
        return Problem(
            path,
            f"platform {label!r}, but the URL is on {on}; expected one like {by_label.example}",
        )
    if by_label.path.fullmatch(_without_dot_segments(url.path)) is None:
        return Problem(
            path, f"not a film page on {by_label.name}: expected a URL like {by_label.example}"
        )
    return None


def _without_dot_segments(path: str) -> str:
    """``path`` as browsers resolve it, where it leads: its "." and ".." segments (also
    written with %2e) removed (RFC 3986, 5.2.4; WHATWG URL's single- and double-dot path
    segments), so ``/title/tt0078748/../../name/nm0000244/`` is ``/name/nm0000244/``."""
    if "." not in path and "%" not in path:  # most paths: nothing to remove
        return path
    kept: list[str] = []
    segments = path.split("/")[1:]  # a path here is empty or starts with "/"
    for index, segment in enumerate(segments):
        dots = segment.lower().replace("%2e", ".")
        last = index == len(segments) - 1
        if dots == "..":
            if kept:
                kept.pop()
        elif dots != ".":
            kept.append(segment)
            continue
        if last:  # a final dot segment leaves the path ending in "/"
            kept.append("")
    return "/" + "/".join(kept) if segments else path


def _label(data: Any, path: DataPath, key: str) -> str | None:
    """The platform named beside the URL at ``path``, if its mapping names one."""
    parent: Any = data
    for step in path[:-1]:
        parent = parent[step]
    label = parent.get(key) if isinstance(parent, dict) else None
    return label if isinstance(label, str) else None


class Platforms:
    """A platform table, looked up by label and by host (the first platform that names
    either, in the table's order)."""

    #: Hosts remembered per table: a site links to a few hosts, a run to many at most.
    HOSTS_KEPT = 4096

    def __init__(self, platforms: tuple[Platform, ...]) -> None:
        self.by_label: dict[str, Platform] = {}
        for platform in platforms:
            for label in platform.labels:
                self.by_label.setdefault(label, platform)
        self._platforms = platforms
        self._by_host: dict[str, Platform | None] = {}

    def on_host(self, host: str) -> Platform | None:
        try:
            return self._by_host[host]
        except KeyError:
            found = next((p for p in self._platforms if p.host.fullmatch(host)), None)
            if len(self._by_host) < self.HOSTS_KEPT:
                self._by_host[host] = found
            return found


def _compiled(table: Mapping[str, Mapping[str, Any]]) -> Platforms:
    cached = _COMPILED.get(id(table))
    if cached is None or cached[0] is not table:
        platforms = tuple(
            Platform(
                name,
                frozenset(label.strip().casefold() for label in spec["labels"]),
                re.compile(spec["host"]),
                re.compile(spec["path"]),
                spec["example"],
            )
            for name, spec in table.items()
        )
        cached = _COMPILED[id(table)] = (table, Platforms(platforms))
    return cached[1]
