"""Benchmark of ``filmlint server`` driven over stdio by pygls's client, on a typical film
file in a site with one collection and two locales (its base version on disk). Prints:

- the time of a ``textDocument/diagnostic`` request right after a ``didChange`` (median,
  target under 30 ms), beside a bare ``lint_text`` call of the same texts in this process,
  measured interleaved in the same run;
- the delay from ``didChange`` to the ``publishDiagnostics`` of that version, the debounce
  included;
- the server's memory (RSS) after a warm-up and after ``--edits`` more edits, each pulled,
  and their ratio (target: no growth beyond 10%).

    python benchmarks/server.py [--requests 300] [--delays 20] [--edits 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from filmlint.engine.project import FileSettings, Project
from filmlint.server import DEBOUNCE

CONFIG = """\
[locale]
default = "zh-Hans"
suffixes = { en = "en" }

[collections.films]
include = ["films/*.md"]
"""

#: A film as a site keeps it: some thirty lines of front matter, then a body.
FILM = """\
---
title: "The Bench"
titleEn: "The Bench"
originalTitle: "Le Banc"
director: ["Ana Example", "Ben Example"]
description: "Two strangers share a bench for one afternoon, {n} times."
descriptionEn: "Two strangers share a bench for one afternoon."
posterImage: "/images/films/the-bench.jpg"
releaseDate: "2019-09-14"
year: 2019
country: ["FR", "BE"]
duration: "104 min"
language: "{language}"
contentLanguage: ["fr", "nl"]
genre: ["Drama"]
cast: ["Claire Example", "David Example", "Eva Example"]
topics: ["Bodily Autonomy", "Work", "Friendship"]
awards: ["Festival prize"]
status: "published"
imdbRating: 7.1
doubanRating: "7.4"
sourceUrl:
  - platform: "IMDb"
    url: "https://www.imdb.com/title/tt0000001/"
  - platform: "Douban"
    url: "https://movie.douban.com/subject/1000001/"
---
A long afternoon on a bench.
"""


def text(n: int) -> str:
    """Edit ``n``: a new description, and every other edit a language code to fix."""
    return FILM.format(n=n, language="EN" if n % 2 else "en")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Bench:
    def __init__(self, client: LanguageClient, uri: str) -> None:
        self.client, self.uri, self.version = client, uri, 1
        self.published: dict[int, float] = {}

    def change(self, content: str) -> float:
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=content)],
            )
        )
        return time.perf_counter()

    async def pull(self) -> int:
        report = await self.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(self.uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return len(report.items)


async def run(arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "filmlint.toml").write_text(CONFIG)
        (site / "films").mkdir()
        (site / "films" / "the-bench.md").write_text(text(0))  # the base, on disk
        path = site / "films" / "the-bench-en.md"
        settings = Project(network=False).settings_for(path)
        assert isinstance(settings, FileSettings)
        bare = settings.linter

        client = LanguageClient("filmlint-bench", "1")
        bench = Bench(client, path.as_uri())

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
        def published(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                bench.published.setdefault(params.version, time.perf_counter())

        await client.start_io(sys.executable, "-m", "filmlint", "server")
        assert client._server is not None  # started above
        pid = client._server.pid
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
        )
        client.initialized(types.InitializedParams())
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(
                    uri=path.as_uri(), language_id="markdown", version=1, text=text(1)
                )
            )
        )

        for n in range(arguments.warm_ups):  # warm-up: imports, schema, caches
            bench.change(text(n))
            await bench.pull()
            bare.lint_text(text(n), str(path))

        requests, lints = [], []
        for n in range(arguments.requests):  # interleaved: a request, then a bare call
            started = bench.change(text(n))
            await bench.pull()
            requests.append(time.perf_counter() - started)
            started = time.perf_counter()
            bare.lint_text(text(n), str(path))  # alone: without its base, as one file
            lints.append(time.perf_counter() - started)
        request, lint = statistics.median(requests), statistics.median(lints)
        print(
            f"diagnostic request after didChange: median {request * 1000:.1f} ms "
            f"(target < 30 ms), p90 {sorted(requests)[len(requests) * 9 // 10] * 1000:.1f} ms"
        )
        print(
            f"bare lint_text of the same texts:   median {lint * 1000:.1f} ms "
            f"(the difference, protocol and context included: {(request - lint) * 1000:.1f} ms)"
        )

        delays = []
        for n in range(arguments.delays):
            started = bench.change(text(n))
            version = bench.version
            while version not in bench.published:
                await asyncio.sleep(0.002)
            delays.append(bench.published[version] - started)
        print(
            f"didChange to publishDiagnostics: median {statistics.median(delays) * 1000:.0f} ms "
            f"(debounce {DEBOUNCE * 1000:.0f} ms included)"
        )

        for n in range(arguments.rss_warm_ups):
            bench.change(text(n))
            await bench.pull()
        warm = rss_kib(pid)
        for n in range(arguments.edits):
            bench.change(text(n))
            await bench.pull()
        after = rss_kib(pid)
        print(
            f"server RSS: {warm / 1024:.1f} MiB after warm-up, {after / 1024:.1f} MiB after "
            f"{arguments.edits} edits: {after / warm - 1:+.1%} (target: at most +10%)"
        )

        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()  # type: ignore[no-untyped-call]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--delays", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10_000)
    # Fewer for a smoke run (the tests): edits before the timings, and before the first RSS.
    parser.add_argument("--warm-ups", type=int, default=50)
    parser.add_argument("--rss-warm-ups", type=int, default=500)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
