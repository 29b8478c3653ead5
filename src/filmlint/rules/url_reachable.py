"""A URL in the front matter does not answer as it should.

Checks the URLs of the fields `url-format` looks at (`sourceUrl[*].url` and `posterImage`
by default): only `http` and `https` URLs with a host; malformed ones are `url-format`'s to
report. Each distinct URL is asked once per run and configuration (each has its own limits
and cache), however many files name it, and the answer is reported at the URL in every file
that names it:

- `broken` (error): 404, 410, other 4xx and 5xx, no such host, a redirect loop, a TLS
  failure.
- `redirected` (warning): a permanent redirect (301, 308); the message names the new URL and
  an unsafe fix puts it in place.
- `blocked` (warning): 401, 403, 418, 999, a bot challenge (a 202 with `x-amzn-waf-action`,
  a 403 with `cf-mitigated`), and 429 or 503 after the retries. IMDb and Douban answer
  scripted clients this way, so it is never an error by default.
- `timeout` (warning): no answer within `timeout` seconds, after the retries.
- "not checked: resolves to a non-public address" (warning): the URL's host, or a redirect's,
  is or resolves to a loopback, private, link-local (169.254.169.254), multicast or reserved
  address, or any other that IANA's special-purpose registries mark as not globally
  reachable. Such a URL is never contacted.
- "not checked" (warning) also when the run's `deadline-seconds` passed before the URL was
  done, or when the network looks down (below). Neither is cached: the next run asks again.

Modes: `offline` (the default) reports only what the cache already knows and never touches
the network, so a pre-commit hook stays fast and works without a network; `online` checks
every URL the cache has no fresh answer for (CI's usual setting); `off` does nothing.
`filmlint check --online` and `--offline` override the mode for one run.

Online, requests are polite: at most `concurrency` at once, `host-concurrency` to one host,
started `host-delay` seconds apart (`hosts` sets both per host). Timeouts, resets, 408, 429
and 5xx are retried `retries` times with a doubling `backoff`; nothing else is. Before a
retry, a 429's or 503's `Retry-After` pauses the whole host (at most `retry-after-max`
seconds); after the last try nothing pauses, and a retry that could not start before the
deadline is not made (the answer so far stands). HEAD is tried first and GET where a server
refuses HEAD; redirects are followed by hand, each hop's address checked. No cookies are
kept and no body is ever shown.

The whole online check ends within `deadline-seconds`: URLs not done by then are reported
"not checked", and one warning says how many. When at least 3 hosts, and at least 80% of
the hosts tried, failed the same way without any answer (DNS errors, connection refused, or
no route to the host), the network is down rather than the links: one warning says so
("network unreachable: 5 of 5 hosts failed with DNS errors; URLs not checked"), and those
URLs are reported "not checked" instead of broken. Fewer or rarer failures stay broken links.

Answers are cached in the file `cache` names (JSON, relative to the configuration file's
folder; a path that names a folder, such as `urlcache/`, is an error; its folder ignores
itself in git), for `ttl-hours` per result class: a second run on unchanged files
asks nothing that is still fresh. An answer found at a non-public address (with
`allow-private-addresses` on) is used only by runs with that option on. Runs that finish
together write it in turn (a lock file beside it, there only meanwhile), so each keeps its
answers. A damaged cache file is ignored with a warning.

A suppression comment on a URL's line (`# filmlint: disable-line url-reachable`) keeps that
URL from being checked at all.

Bad (the page is gone):

    sourceUrl:
      - { platform: "IMDB", url: "https://www.imdb.com/title/tt0000000/" }

Good:

    sourceUrl:
      - { platform: "IMDB", url: "https://www.imdb.com/title/tt0078748/" }
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Edit,
    Fix,
    Option,
    Reference,
    ReferenceProblem,
    RunContext,
    Severity,
    fields_option,
    find_all,
    string_edit,
)

if TYPE_CHECKING:
    from filmlint.api import Document
    from filmlint.urls.cache import UrlCache
    from filmlint.urls.outcome import Outcome
    from filmlint.urls.settings import CheckSettings

NAME = "url-reachable"
CODE = "FL301"
TABLE_SUMMARY = (
    "a URL that does not answer: broken (error), redirected, blocked or timed out (warnings); "
    "online only when asked, see [URL reachability](#url-reachability)"
)
TABLE_OPTIONS = "`mode`, `fields`, `cache`, limits: see [URL reachability](#url-reachability)"
SEVERITY = Severity.ERROR  # of broken URLs; the other classes are warnings

MODES = ("off", "offline", "online")
DEFAULT_TTL_HOURS = {
    "ok": 168.0,
    "redirected": 168.0,
    "broken": 24.0,
    "blocked": 6.0,
    "timeout": 1.0,
    "error": 1.0,
}
_HOST_KEYS = ("concurrency", "delay")
SUMMARY_CLASSES = ("ok", "redirected", "broken", "blocked", "timeout")


def _at_least(minimum: float) -> Any:
    def problem(value: Any) -> str | None:
        return None if value >= minimum else f"must be at least {minimum:g}"

    return problem


def _hosts_problem(hosts: Any) -> str | None:
    for host, table in hosts.items():
        if not isinstance(table, dict):
            return f"{host}: expected a table like {{ concurrency = 1, delay = 1.0 }}"
        for key, value in table.items():
            if key not in _HOST_KEYS:
                return f"{host}: unknown key {key!r} (known keys: {', '.join(_HOST_KEYS)})"
            minimum = 1 if key == "concurrency" else 0
            kind = int if key == "concurrency" else (int, float)
            if isinstance(value, bool) or not isinstance(value, kind) or value < minimum:
                return f"{host}.{key}: expected a number of at least {minimum}, got {value!r}"
    return None


def _cache_problem(path: str) -> str | None:
    if not path.strip():
        return "must not be empty"
    # A file is written there: a path naming a folder would silently name a file instead.
    last = path.replace("\\", "/").rsplit("/", 1)[-1]
    if last in ("", ".", ".."):
        folder = path.rstrip("/\\")
        return (
            f"{path!r} names a folder, not a file: write the cache file's path ({folder}/urls.json)"
        )
    return None


def _ttl_problem(ttl: Any) -> str | None:
    from filmlint.urls.outcome import TTL_KEYS  # only for a configured ttl-hours

    for key, hours in ttl.items():
        if key not in TTL_KEYS:
            return f"unknown result class {key!r} (known: {', '.join(TTL_KEYS)})"
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours < 0:
            return f"{key}: expected a number of hours, got {hours!r}"
    return None


OPTIONS = {
    "mode": Option(
        "offline",
        "off; offline: report only what the cache knows; online: check URLs "
        "(the command line's --online and --offline override this).",
        choices=MODES,
    ),
    "fields": fields_option(
        ["sourceUrl[*].url", "posterImage"], "Fields whose http(s) URLs are checked."
    ),
    "cache": Option(
        ".filmlint_cache/urls.json",
        "Cache file, relative to the configuration file's folder.",
        validate=_cache_problem,
    ),
    "ttl-hours": Option(
        DEFAULT_TTL_HOURS,
        "Hours a cached answer stays fresh, per result class (error: network failures such "
        "as no such host); classes left out keep their default.",
        validate=_ttl_problem,
    ),
    "concurrency": Option(32, "Requests at once, all hosts together.", validate=_at_least(1)),
    "host-concurrency": Option(2, "Requests at once to one host.", validate=_at_least(1)),
    "host-delay": Option(
        0.25, "Seconds between the starts of two requests to one host.", validate=_at_least(0)
    ),
    "hosts": Option(
        {},
        'Limits for particular hosts: { "www.imdb.com" = { concurrency = 1, delay = 1.0 } }.',
        validate=_hosts_problem,
    ),
    "timeout": Option(10.0, "Seconds one request may take.", validate=_at_least(0.001)),
    "retries": Option(2, "Retries after a timeout, reset, 408, 429 or 5xx.", validate=_at_least(0)),
    "backoff": Option(
        1.0, "Seconds before the first retry; doubled for each next one.", validate=_at_least(0)
    ),
    "retry-after-max": Option(
        60.0, "Longest Retry-After honoured, in seconds.", validate=_at_least(0)
    ),
    "deadline-seconds": Option(
        300.0,
        "Seconds the whole online check may take; URLs not done by then are not checked.",
        validate=_at_least(0.001),
    ),
    "max-redirects": Option(10, "Redirects followed before giving up.", validate=_at_least(0)),
    "allow-private-addresses": Option(
        False,
        "Check URLs on loopback and private addresses too (for tests and local mirrors; never "
        "on a CI that checks pull requests).",
    ),
}


def checkable(value: Any) -> bool:
    """An http(s) URL with a host that url-format finds well formed: one it reports (a host
    such as ``127.1`` or ``0x7f.1``, a bad port, a user name) is its to report, once."""
    from filmlint.rules.url_format import Url, parse_url  # loaded once a URL is gathered

    return isinstance(value, str) and isinstance(parse_url(value), Url)


def request_key(url: str) -> str:
    """What is asked and cached for a URL: the fragment never reaches the server."""
    return url.split("#", 1)[0]


def gather_options(options: Mapping[str, Any], context: RunContext) -> Mapping[str, Any] | None:
    """Offline, only URLs the URL cache holds an answer other than "ok" for can be reported:
    gather those alone, and nothing at all when there are none (no cache file, most runs).
    The set of them is part of every file's cache key, so a URL cache that learns of a
    broken URL makes the files be gathered from again."""
    mode = _mode(options, context)
    if mode == "off":
        return None
    if mode == "online":
        return options
    path = context.root / options["cache"]
    if not os.path.lexists(path):  # most runs: no URL cache, and its module is not loaded
        return None
    from filmlint.urls.cache import answered_urls

    answered = answered_urls(path)
    if answered is None:  # a cache that cannot be read: finish says why, as it always did
        return options
    return {**options, ANSWERED: answered} if answered else None


#: The key of the run's options under which ``gather_options`` puts the URLs that have an
#: answer to report (no option can be named so: option names are kebab-case words).
ANSWERED = "(answered)"


def gather(document: Document, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    answered: frozenset[str] | None = options.get(ANSWERED)
    for path, value in find_all(document.data, options["fields"]):
        if answered is not None and (
            not isinstance(value, str) or request_key(value) not in answered
        ):
            continue
        if checkable(value):
            yield path, value


def _mode(options: Mapping[str, Any], context: RunContext) -> str:
    """The configured mode, as the command line's --online or --offline overrides it."""
    mode: str = options["mode"]
    if context.network is True:
        return "online"
    if context.network is False and mode == "online":
        return "offline"
    return mode


def finish(
    references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
) -> Iterator[ReferenceProblem]:
    mode = _mode(options, context)
    if mode == "off":
        return
    from filmlint.urls.cache import SETTING, CacheError, UrlCache  # only for runs with URLs

    ttl_hours = {**DEFAULT_TTL_HOURS, **options["ttl-hours"]}
    cache = UrlCache(
        context.root / options["cache"],
        ttl_hours,
        context.setting(SETTING),
        allow_private=options["allow-private-addresses"],
    )
    try:
        cache.load()
    except CacheError as error:
        _warn(context, f"ignoring the URL cache: {error}")
    keys = [request_key(reference.value) for reference in references]
    urls = list(dict.fromkeys(keys))
    now = time.time()
    outcomes = {url: o for url in urls if (o := cache.fresh(url, now)) is not None}
    if mode == "online":
        _check_online(urls, outcomes, cache, options, context)
    for reference, key in zip(references, keys, strict=True):
        outcome = outcomes.get(key)
        if outcome is not None and outcome.status != "ok":
            yield _problem(reference, outcome)


def _check_online(
    urls: list[str],
    outcomes: dict[str, Outcome],
    cache: UrlCache,
    options: Mapping[str, Any],
    context: RunContext,
) -> None:
    from filmlint.urls.checker import check_urls  # aiohttp only for runs that go online
    from filmlint.urls.progress import Progress

    started = time.monotonic()
    cached = len(outcomes)
    todo = [url for url in urls if url not in outcomes]
    settings = settings_of(options)
    summary = None if context.quiet else context.status  # warnings go to status still
    progress = Progress(summary, len(todo))
    try:
        run = check_urls(todo, settings, lambda _url, _outcome: progress.advance())
    finally:
        progress.close()
    for url, outcome in run.outcomes.items():
        if outcome.cacheable:  # never an outage's or a deadline's "not checked"
            cache.put(url, outcome)
        outcomes[url] = outcome
    try:
        cache.save()
    except OSError as error:
        _warn(context, f"cannot write the URL cache {cache.path}: {error}")
    if run.outage is not None:
        _warn(context, f"{NAME}: {run.outage}; URLs not checked")
    if run.cut_off:
        late = f"{run.cut_off} of {len(todo)} URL{'' if len(todo) == 1 else 's'}"
        _warn(context, f"{NAME}: the {settings.deadline:g} s deadline passed; {late} not checked")
    if summary is not None:
        counts: Counter[str] = Counter(outcome.status for outcome in run.outcomes.values())
        shown = [f"{counts[name]} {name}" for name in SUMMARY_CLASSES]
        if counts["refused"]:
            shown.append(f"{counts['refused']} not checked (non-public address)")
        unchecked = f"{counts['unchecked']} not checked, " if counts["unchecked"] else ""
        plural = "" if len(urls) == 1 else "s"
        print(
            f"{NAME}: {len(urls)} URL{plural}: {len(run.outcomes) - counts['unchecked']} checked "
            f"({', '.join(shown)}), {unchecked}{cached} from cache, "
            f"{time.monotonic() - started:.1f} s",
            file=summary,
        )


def _warn(context: RunContext, message: str) -> None:
    """A run-level warning, its text made safe for a terminal (it may quote paths)."""
    from filmlint.urls.progress import printable

    context.warn(printable(message))


def settings_of(options: Mapping[str, Any]) -> CheckSettings:
    from filmlint.urls.settings import CheckSettings, HostLimits

    host = HostLimits(options["host-concurrency"], float(options["host-delay"]))
    hosts = {
        name.lower(): HostLimits(
            table.get("concurrency", host.concurrency), float(table.get("delay", host.delay))
        )
        for name, table in options["hosts"].items()
    }
    return CheckSettings(
        concurrency=options["concurrency"],
        host=host,
        hosts=hosts,
        timeout=float(options["timeout"]),
        retries=options["retries"],
        backoff=float(options["backoff"]),
        retry_after_max=float(options["retry-after-max"]),
        deadline=float(options["deadline-seconds"]),
        max_redirects=options["max-redirects"],
        allow_private=options["allow-private-addresses"],
    )


def _problem(reference: Reference, outcome: Outcome) -> ReferenceProblem:
    status, detail = outcome.status, outcome.detail
    if status == "broken":
        return ReferenceProblem(reference, f"URL is broken: {detail}")
    if status == "redirected" and outcome.location is not None:
        _, hash_mark, fragment = reference.value.partition("#")
        moved = outcome.location + hash_mark + fragment  # the server never saw it
        edit = _moved_edit(reference, moved)
        fix = None if edit is None else Fix(f"use {moved}", (edit,), "unsafe")
        message = f"URL has moved permanently to {outcome.location}"
        return ReferenceProblem(reference, message, Severity.WARNING, fix)
    if status == "blocked":
        message = f"URL not verified: the server refuses scripted clients ({detail})"
    elif status == "timeout":
        message = f"URL not verified: {detail}"
    elif status == "unchecked":
        message = f"not checked: {detail}"
    else:
        message = f"not checked: resolves to a non-public address ({detail})"
    return ReferenceProblem(reference, message, Severity.WARNING)


def _moved_edit(reference: Reference, moved: str) -> Edit | None:
    """The edit that makes the URL's value read ``moved``, escaped as its scalar's style
    needs (a Location may hold an apostrophe); None when the value is not spelt verbatim."""
    content = reference.content
    if content is None:
        return None
    # A quoted value ends one past its text, at its closing quote; a plain one with it.
    if reference.end not in (content[1], content[1] + 1):
        return None
    # libyaml reads no colon in a plain scalar inside a flow collection: a plain URL is in
    # none, and so may stay plain.
    return string_edit(content, reference.end != content[1], moved, in_flow=False)
