"""Benchmark of url-reachable's online check against local servers with a fixed latency.

Serves ``--urls`` distinct URLs spread over ``--hosts`` loopback hosts (127.0.0.1,
127.0.0.2, ...: Linux routes all of 127.0.0.0/8 to the loopback interface), each host its
own server, each answer ``--latency`` seconds late. Lints one film file per URL online, then
again from the cache, and prints:

- the time of the file phase (reading and parsing, the same in both runs);
- the time of the online check, the ideal time the limits allow, and their ratio;
- the time of the cached check, and its share of the online one.

The ideal is the largest of the bounds the limits set: all requests through ``concurrency``
slots; one host's requests through its ``host-concurrency`` slots; one host's requests
started ``host-delay`` apart.

    python benchmarks/url_check.py [--urls 2000] [--hosts 50] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import sys
import tempfile
import time
from multiprocessing.synchronize import Event
from pathlib import Path

from aiohttp import web

from filmlint import Config, Linter


def serve(hosts: int, port: int, latency: float, ready: Event) -> None:
    """Run one server per host in this process until it is terminated."""

    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(latency)
        return web.Response(text="ok")

    async def main() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for host in range(1, hosts + 1):
            await web.TCPSite(runner, f"127.0.0.{host}", port, backlog=512).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def film(url: str, index: int) -> str:
    return (
        f'---\ntitle: "Film {index}"\ndirector: "Someone"\ndescription: "A film."\n'
        f'releaseDate: 2001-01-01\ntopics: ["Bodily Autonomy"]\nstatus: "published"\n'
        f'sourceUrl:\n  - {{ platform: "IMDB", url: "{url}" }}\n---\nBody.\n'
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per answer")
    parser.add_argument("--port", type=int, default=18733)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--host-concurrency", type=int, default=2)
    parser.add_argument("--host-delay", type=float, default=0.0)
    args = parser.parse_args()

    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(args.hosts, args.port, args.latency, ready), daemon=True
    )
    server.start()
    if not ready.wait(30):
        print("the servers did not start", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            urls = [
                f"http://127.0.0.{i % args.hosts + 1}:{args.port}/film/{i}"
                for i in range(args.urls)
            ]
            for index, url in enumerate(urls):
                (root / f"film-{index:05}.md").write_text(film(url, index), encoding="utf-8")
            options = {
                "mode": "online",
                "allow-private-addresses": True,
                "concurrency": args.concurrency,
                "host-concurrency": args.host_concurrency,
                "host-delay": args.host_delay,
            }
            config = Config(root=root, rules={"url-reachable": options})
            linter = Linter(config, select=["url-reachable"], status=sys.stderr)
            files = sorted(root.glob("*.md"))

            started = time.perf_counter()
            results = [linter.file_result(path) for path in files]
            parsing = time.perf_counter() - started

            timings = []
            for _run in range(2):
                started = time.perf_counter()
                diagnostics = linter.finish(results)
                timings.append(time.perf_counter() - started)
                if diagnostics:
                    print(f"unexpected: {diagnostics[0]}", file=sys.stderr)
                    return 1
    finally:
        server.terminate()
        server.join()

    per_host = math.ceil(args.urls / args.hosts)
    ideal = max(
        args.urls * args.latency / args.concurrency,
        math.ceil(per_host / args.host_concurrency) * args.latency,
        (per_host - 1) * args.host_delay,
    )
    online, cached = timings
    print(f"{args.urls} URLs on {args.hosts} hosts, {args.latency * 1000:g} ms each")
    print(f"file phase (read, parse, gather): {parsing:.2f} s")
    print(f"online check: {online:.2f} s; ideal for the limits: {ideal:.2f} s")
    print(f"ratio: {online / ideal:.2f} (target: below 1.5)")
    print(f"cached check: {cached:.3f} s")
    print(f"cached / online: {cached / online:.1%} (target: below 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
