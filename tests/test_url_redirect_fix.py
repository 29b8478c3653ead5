"""url-reachable's fix for a moved URL writes the new URL so that the YAML reads it back
exactly, whatever the URL holds and however its value is written; and a run that fixed does
not call a fix it refused fixable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REQUIRED, examples, run_cli
from filmlint.engine.fixer import apply_edits
from filmlint.engine.placement import references
from filmlint.frontmatter.parser import parse_document
from filmlint.rules.url_reachable import _problem
from filmlint.urls.outcome import Outcome
from http_servers import FAST, HttpServer, redirect

OLD = "http://films.example/p"
#: Where a URL stands, with ``{}`` for its written value.
PLACES = {
    "block": ("posterImage: {}\n", ("posterImage",)),
    "flow": ("sourceUrl:\n  - {{ platform: 'Site', url: {} }}\n", ("sourceUrl", 0, "url")),
}
STYLES = {"plain": OLD, "single": f"'{OLD}'", "double": f'"{OLD}"'}
#: Every place in every style, but plain in a flow mapping: libyaml reads no colon there.
WRITTEN = sorted({(p, s) for p in PLACES for s in STYLES} - {("flow", "plain")})
#: What a YAML scalar needs escaped or quoted somewhere, and what a Location may hold.
AWKWARD = ["'", "''", '"', "\\", "#", " #", ": ", ":", " ", ",", "[", "]", "{", "}", "é", "電影"]
TAILS = st.lists(
    st.one_of(st.sampled_from(AWKWARD), st.text(st.characters(exclude_categories=("Cs",)))),
    max_size=6,
).map("".join)


def film(place: str, style: str) -> tuple[str, tuple[str | int, ...]]:
    line, path = PLACES[place]
    return f"---\n{REQUIRED}{line.format(STYLES[style])}---\nBody.\n", path


@settings(max_examples=examples(300))
@given(st.sampled_from(WRITTEN), TAILS)
@example(("flow", "single"), "a''b")
@example(("flow", "single"), "wiki/Schindler's_List")
@example(("block", "plain"), "a: b #c")
@example(("block", "plain"), "x:")
@example(("flow", "double"), 'a"b\\c\n')
def test_the_moved_url_reads_back_exactly_and_nothing_else_changes(
    written: tuple[str, str], tail: str
) -> None:
    text, path = film(*written)
    moved = "http://films.example/" + tail
    document, _ = parse_document(text)
    (reference,) = references(document, "film.md", [("url-reachable", [(path, OLD)])])
    problem = _problem(reference, Outcome("redirected", "301", 0.0, moved))
    assert problem.fix is not None
    fixed = apply_edits(text, problem.fix.edits)
    after, findings = parse_document(fixed)
    assert findings == []
    expected = parse_document(text)[0].data
    parent = expected
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = moved
    assert after.data == expected
    # Only the value's own text changed: all before and after it is as it was.
    assert fixed.startswith(text[: reference.start])
    assert fixed.endswith(text[reference.end :])


@pytest.fixture
def server() -> Iterator[HttpServer]:
    started = HttpServer().start()
    yield started
    started.stop()


def test_a_moved_url_with_an_apostrophe_is_fixed_in_a_single_quoted_value(
    tmp_path: Path, server: HttpServer
) -> None:
    server.routes["/p1"] = redirect(301, "/wiki/Schindler's_List")
    server.routes["/p2"] = redirect(301, "/a''b")
    text = (
        f"---\n{REQUIRED}posterImage: '{server.url('/p1')}'\n"
        f"sourceUrl:\n  - {{ platform: 'Site', url: '{server.url('/p2')}' }}\n---\nBody.\n"
    )
    (tmp_path / "film.md").write_text(text, encoding="utf-8")
    options = "\n".join(f"{key} = {json.dumps(value)}" for key, value in FAST.items())
    (tmp_path / "filmlint.toml").write_text(
        f'select = ["url-reachable"]\n[rules.url-reachable]\nmode = "online"\n{options}\n'
    )
    result = run_cli("check", "--no-cache", "--fix", "--unsafe-fixes", "film.md", cwd=tmp_path)
    assert "fix not applied" not in result.stderr
    data = parse_document((tmp_path / "film.md").read_text(encoding="utf-8"))[0].data
    assert data["posterImage"] == server.url("/wiki/Schindler's_List")
    assert data["sourceUrl"][0]["url"] == server.url("/a''b")
