"""url-reachable gathers, per file, only what its run phase can report: offline, the URLs
the URL cache holds an answer other than "ok" for, and nothing when it holds none. The
results are those of gathering every URL, and the result cache never hides an answer that
the URL cache learnt after a file's result was cached."""

from __future__ import annotations

import re
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, throwaway_folder
from filmlint import Config, Linter
from filmlint.diagnostics import Diagnostic
from filmlint.engine.cache import ResultCache
from filmlint.rulekit.declaration import RuleError, rule_from_object
from filmlint.rules.url_format import Fault, parse_url
from filmlint.rules.url_reachable import DEFAULT_TTL_HOURS, checkable
from filmlint.urls.cache import FORMAT_VERSION, UrlCache
from filmlint.urls.outcome import Outcome
from http_servers import COLUMN, FAST, film

GONE = "https://gone.example.org/film"
MOVED = "https://moved.example.org/film"
SLOW = "https://slow.example.org/film"
FINE = "https://fine.example.org/film"
UNKNOWN = "https://unknown.example.org/film"
NEW_HOME = "https://example.org/new-home"


def write_url_cache(folder: Path, outcomes: dict[str, Outcome]) -> None:
    """A URL cache as an online run writes it (sealed with the user's key)."""
    cache = UrlCache(folder / FAST["cache"], DEFAULT_TTL_HOURS)
    for url, outcome in outcomes.items():
        cache.put(url, outcome)
    cache.save()


def answers(now: float | None = None) -> dict[str, Outcome]:
    now = time.time() if now is None else now
    return {
        GONE: Outcome("broken", "404 Not Found", now),
        MOVED: Outcome("redirected", "301 Moved Permanently", now, NEW_HOME),
        SLOW: Outcome("timeout", "no answer within 10 s", now),
        FINE: Outcome("ok", "200 OK", now),
    }


def linter(folder: Path, network: bool | None = None, **options: Any) -> Linter:
    config = Config(root=folder, rules={"url-reachable": {**FAST, **options}})
    return Linter(config, select=["url-reachable"], network=network)


def with_fixes(found: list[Diagnostic]) -> list[tuple[Any, ...]]:
    return [(Path(d.path).name, d.line, d.column, d.severity, d.message, d.fix) for d in found]


def run_cached(folder: Path, films: Path) -> list[Diagnostic]:
    return linter(folder).lint_paths([films], cache=ResultCache(folder / "results")).diagnostics


def test_offline_without_a_url_cache_gathers_nothing(tmp_path: Path) -> None:
    text = film(GONE, MOVED, FINE)
    assert linter(tmp_path).text_result(text, "film.md").gathered == ()
    assert linter(tmp_path).lint_text(text, "film.md") == []
    # Online, or offline with a URL cache that knows none of them but ok answers: the same.
    assert len(linter(tmp_path, network=True).text_result(text, "film.md").gathered) == 3
    empty = tmp_path / FAST["cache"]
    empty.parent.mkdir()
    empty.write_text(
        f'{{"format": "filmlint-url-cache", "version": {FORMAT_VERSION}, "urls": {{}}}}'
    )
    assert linter(tmp_path).text_result(text, "film.md").gathered == ()
    write_url_cache(tmp_path, {FINE: answers()[FINE]})
    assert linter(tmp_path).text_result(text, "film.md").gathered == ()


def test_off_gathers_nothing_and_online_overrides_it(tmp_path: Path) -> None:
    write_url_cache(tmp_path, answers())
    text = film(GONE)
    assert linter(tmp_path, mode="off").text_result(text, "film.md").gathered == ()
    gathered = linter(tmp_path, network=True, mode="off").text_result(text, "film.md").gathered
    assert [r.value for r in gathered] == [GONE]


def test_offline_gathers_only_urls_with_an_answer_to_report(tmp_path: Path) -> None:
    write_url_cache(tmp_path, answers())
    text = film(FINE, f"{GONE}#cast", UNKNOWN, MOVED, "ftp://gone.example.org/film")
    gathered = linter(tmp_path).text_result(text, "film.md").gathered
    assert [r.value for r in gathered] == [f"{GONE}#cast", MOVED]
    found = linter(tmp_path).lint_text(text, "film.md")
    assert [(d.line, d.column, d.message) for d in found] == [
        (5, COLUMN, "URL is broken: 404 Not Found"),
        (7, COLUMN, f"URL has moved permanently to {NEW_HOME}"),
    ]
    fix = found[1].fix
    assert fix is not None and [edit.content for edit in fix.edits] == [NEW_HOME]


def test_a_url_cache_that_appears_is_answered_from_a_warm_result_cache(tmp_path: Path) -> None:
    films = tmp_path / "films"
    films.mkdir()
    (films / "alien.md").write_text(film(GONE, FINE), encoding="utf-8")
    (films / "heat.md").write_text(film(MOVED), encoding="utf-8")
    assert run_cached(tmp_path, films) == []
    results = ResultCache(tmp_path / "results")
    results.load()
    assert linter(tmp_path).cached_result(films / "alien.md", results) is not None  # warm

    write_url_cache(tmp_path, {GONE: answers()[GONE]})
    assert [(Path(d.path).name, d.message) for d in run_cached(tmp_path, films)] == [
        ("alien.md", "URL is broken: 404 Not Found")
    ]
    # The URL cache learns one answer more: the files are gathered from again.
    write_url_cache(tmp_path, {MOVED: answers()[MOVED]})
    assert [(Path(d.path).name, d.message) for d in run_cached(tmp_path, films)] == [
        ("alien.md", "URL is broken: 404 Not Found"),
        ("heat.md", f"URL has moved permanently to {NEW_HOME}"),
    ]
    # And a URL cache that goes away leaves nothing to report, cached or not.
    (tmp_path / FAST["cache"]).unlink()
    assert run_cached(tmp_path, films) == []


def test_a_damaged_url_cache_still_gets_every_url_and_its_warning(tmp_path: Path) -> None:
    path = tmp_path / FAST["cache"]
    path.parent.mkdir()
    path.write_text('{\n "format": "filmlint-url-cache",\n "ver', encoding="utf-8")
    current = linter(tmp_path)
    result = current.text_result(film(GONE, FINE), "film.md")
    assert len(result.gathered) == 2
    with pytest.warns(UserWarning, match="ignoring the URL cache"):
        assert current.finish([result]) == []


def test_worker_processes_gather_as_their_parent(tmp_path: Path) -> None:
    spec = linter(tmp_path, network=True).spec
    assert spec is not None
    assert len(spec().text_result(film(GONE), "film.md").gathered) == 1


def test_gather_options_needs_gather() -> None:
    declared = SimpleNamespace(
        NAME="x", CODE="FL999", check=lambda d, o: [], gather_options=lambda o, c: None
    )
    with pytest.raises(RuleError, match="gather_options without gather"):
        rule_from_object(declared, "test")


def test_a_rule_whose_gather_options_raise_gathers_everything(tmp_path: Path) -> None:
    from filmlint.engine.rule_runner import RuleRunner
    from filmlint.engine.settings import RuleSettings

    def broken(options: Any, context: Any) -> None:
        raise ValueError("a bug")

    calls: list[str] = []

    def gather(document: Any, options: Any) -> list[Any]:
        calls.append(options["fields"])
        return []

    declared = SimpleNamespace(
        NAME="x",
        CODE="FL999",
        gather=gather,
        finish=lambda r, o, c: [],
        gather_options=broken,
        OPTIONS={},
    )
    rule = rule_from_object(declared, "test")
    settings = RuleSettings((rule,), {"x": {"fields": "all"}}, {})
    runner = RuleRunner(settings, None)
    assert runner.gathering == [(rule, {"fields": "all"})]
    assert runner.gather_options == {"x": {"fields": "all"}}


# Generated files: any URLs of the pool, any fragments, with and without a URL cache; the
# reference gathers every URL (as an online run does) and judges offline.

POOL = [GONE, MOVED, SLOW, FINE, UNKNOWN, "http://gone.example.org:8080/x", "ftp://x.org/f"]
urls = st.lists(
    st.tuples(st.sampled_from(POOL), st.sampled_from(["", "#cast", "#"])).map("".join),
    max_size=5,
)


def reference_diagnostics(folder: Path, texts: list[str]) -> list[Diagnostic]:
    gathering_all = linter(folder, network=True)
    results = [gathering_all.text_result(t, f"film{i}.md") for i, t in enumerate(texts)]
    return gathering_all.finish(results, offline=True)


@settings(max_examples=examples(100), deadline=None)
@given(
    files=st.lists(urls, min_size=1, max_size=4),
    known=st.sets(st.sampled_from([GONE, MOVED, SLOW, FINE, POOL[5]])),
    stale=st.booleans(),
)
def test_offline_results_are_those_of_gathering_every_url(
    tmp_path_factory: pytest.TempPathFactory, files: list[list[str]], known: set[str], stale: bool
) -> None:
    folder = throwaway_folder(tmp_path_factory, "site")
    every = {**answers(time.time() - (30 * 24 * 3600 if stale else 0))}
    every[POOL[5]] = Outcome("blocked", "403 Forbidden", every[GONE].checked)
    if known:
        write_url_cache(folder, {url: every[url] for url in known})
    texts = [film(*group) for group in files]
    current = linter(folder)
    found = current.finish([current.text_result(t, f"film{i}.md") for i, t in enumerate(texts)])
    assert with_fixes(found) == with_fixes(reference_diagnostics(folder, texts))


def checkable_by_parsing(value: object) -> bool:
    """What url-reachable checks, by urlsplit and url-format: an http(s) URL with a host,
    which url-format does not report as malformed."""
    if not isinstance(value, str) or not value or re.search(r"\s", value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    return not isinstance(parse_url(value), Fault)


URLISH = st.one_of(
    st.tuples(
        st.sampled_from(["http://", "HTTPS://", "ftp://", "http:/", "https://user@", ""]),
        st.text(alphabet="aZ09.-_:[]@/?#%\u212a \u0131\x01", max_size=12),
    ).map("".join),
    st.text(max_size=12),
)


@settings(max_examples=examples(500), deadline=None)
@given(value=URLISH)
def test_checkable_is_what_urlsplit_and_url_format_say(value: str) -> None:
    assert checkable(value) == checkable_by_parsing(value)
