"""Where a cold run's time goes: each stage of the file phase, in microseconds per file.

    python benchmarks/stages.py                      # 2,000 files, median of 3 rounds
    python benchmarks/stages.py --quick              # 100 files, 1 round
    python benchmarks/stages.py CORPUS --files N --runs N --format F

Copies N files (default 2,000) from CORPUS (default: ../shared/corpus/femres-films beside
the repository) into a temporary folder with the configuration bench.py uses, builds one
``Linter`` there, and runs what ``--jobs 1 --no-cache`` runs, in this process, stage by
stage, through filmlint's own modules: read (``engine.reading``), decode
(``text.decoding``), ``parse_document``, locale, each rule's ``check`` by rule name, the
schema, placing (schema fixes, offsets of each problem), each run-level rule's ``gather``
(with the placing of what it gathered) and the result (per-file-ignores, suppressions, lines
and columns); then the run phase (the run-level rules' ``finish``) and the report in one
format (--format, default concise, written to memory), per file.

Each round also times, in passes of their own so that the pass above does just the work of
a run: the steps of the parse (split, compose, data build, source map: the parser's private
``_compose`` and ``_Builder``; when those change, only the split is timed and the table says
so); the result cache (each file's key and entry, writing the pack; then a warm run's
reading of the packs and lookup of each file); and ``Linter.file_result`` + ``finish`` +
the report as filmlint runs them, against the sum of the stages: their difference is what
no stage covers.

A round, untimed, comes first (imports, the page cache); each figure is the median of --runs
rounds. Stages are timed by wall clock (``perf_counter_ns``, which costs a fraction of a
microsecond to read; what one lap of the timer costs is measured first and taken off each
stage it charges). This process's CPU time is read only around the whole pass (a CPU clock
reading is a system call, microseconds on a virtual machine): on a busy machine the wall
figures grow while the shares hold, so each stage is also given scaled by the pass's CPU /
wall ratio, an estimate of its CPU time.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from filmlint.engine import placement
from filmlint.engine.cache import ResultCache
from filmlint.engine.finding_filter import FindingFilter
from filmlint.engine.linter import Linter
from filmlint.engine.reading import read_file
from filmlint.engine.results import FileResult
from filmlint.engine.settings import load_config
from filmlint.frontmatter import parser
from filmlint.frontmatter.sourcemap import SourceMap
from filmlint.reporters import FORMATS, Report, get_reporter
from filmlint.text.decoding import decode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench import CONFIG, build_copies  # noqa: E402 (beside this script, not a package)

Clock = Callable[[], int]


class Stages:
    """Nanoseconds spent in each stage over one pass, in the order stages were first met."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.spent: dict[str, int] = defaultdict(int)
        self.laps: dict[str, int] = defaultdict(int)
        self._last = 0

    def start(self) -> None:
        self._last = self.clock()

    def lap(self, stage: str) -> None:
        """Charge the time since the last lap (or start) to ``stage``."""
        now = self.clock()
        self.spent[stage] += now - self._last
        self.laps[stage] += 1
        self._last = now

    def net(self, lap_cost: float) -> dict[str, int]:
        """Time per stage without what its laps cost (timer calls, bookkeeping)."""
        return {s: max(0, round(t - self.laps[s] * lap_cost)) for s, t in self.spent.items()}


def lap_cost(clock: Clock, laps: int = 20_000) -> float:
    """Nanoseconds one lap adds to the stage it charges (best of 5 tries)."""
    tries = []
    for _ in range(5):
        stages = Stages(clock)
        stages.start()
        for _ in range(laps):
            stages.lap("x")
        tries.append(stages.spent["x"] / laps)
    return min(tries)


def parse_seams(texts: Sequence[str], stages: Stages) -> bool:
    """Time the parser's own steps on each text (results unused); False when its private
    seams are not what this script knows."""
    for text in texts:
        stages.start()
        split = parser.split_front_matter(text)
        stages.lap("split")
        if split is None:
            continue
        base = split.yaml_start
        yaml_text = text[base : split.yaml_end]
        findings: list[Any] = []
        try:
            root = parser._compose(text, base, yaml_text, findings)
            stages.lap("compose")
            tables: dict[int, Any] = {}
            if root is not None:
                builder = parser._Builder(text, base, yaml_text, findings)
                builder.build(root)
                tables = builder.tables
            stages.lap("data build")
            SourceMap(text, root, tables, base, split.body_start)
            stages.lap("source map")
        except (AttributeError, TypeError):
            return False
    return True


def file_phase(
    linter: Linter, result: Callable[..., FileResult], path: str, stages: Stages
) -> tuple[FileResult, str | None]:
    """The file phase of ``path`` (as ``Linter.file_result`` without a cache), stage by
    stage; its result and the text read."""
    stages.start()
    raw = read_file(path, linter.config.max_file_size)
    stages.lap("read")
    if not isinstance(raw, bytes):
        return result([raw], path, ""), None
    text, bad_encoding = decode(raw)
    stages.lap("decode")
    if bad_encoding is not None:
        return result([bad_encoding], path, text), None
    document, findings = parser.parse_document(text, path)
    stages.lap("parse_document")
    gathered: tuple[Any, ...] = ()
    if document.data is not None:
        runner = linter.rules
        document.locale = linter.paths.locale_for(document.path, document.data)
        if runner.reads_translations:
            document.unlocalized_path, document.locale_paths = linter.paths.versions(path)
        stages.lap("locale")
        found: list[tuple[str, Any]] = []
        for rule, options in runner.checks:
            found.extend((rule.name, p) for p in rule.check(document, options))  # type: ignore[misc]
            stages.lap(f"check: {rule.name}")
        schema_problems = runner.schema.check(document.data) if runner.schema else []
        stages.lap("schema")
        problems = placement.with_schema_problems(found, schema_problems, document)
        findings = [*findings, *placement.findings(document, problems)]
        stages.lap("placing")
        ignored = linter.paths.ignored_for(path)
        references = []
        for rule, options in runner.gathers:
            if rule.name in ignored or rule.gather is None:
                continue
            references.extend(
                placement.reference(document, rule.name, path, data_path, value)
                for data_path, value in rule.gather(document, options)
            )
            stages.lap(f"gather: {rule.name}")
        gathered = tuple(references)
    done = result(findings, path, text, document, gathered)
    stages.lap("result (ignores, suppressions, lines)")
    return done, text


def cold_pass(
    linter: Linter, paths: Sequence[str], clock: Clock, output: str
) -> tuple[Stages, list[FileResult], list[str]]:
    """The file phase of every file, the run phase and the report, stage by stage: the
    work of ``whole_pass``, no more. Also the results and the texts read."""
    stages = Stages(clock)
    result = FindingFilter(linter.registry, linter.settings, linter.paths).result
    results, texts = [], []
    for path in paths:
        done, text = file_phase(linter, result, path, stages)
        results.append(done)
        if text is not None:
            texts.append(text)
    stages.start()
    diagnostics = linter.finish(results)
    stages.lap("run phase (finish)")
    get_reporter(output)(Report(diagnostics, len(paths)), io.StringIO())
    stages.lap(f"report ({output})")
    return stages, results, texts


def cache_pass(
    linter: Linter, paths: Sequence[str], results: Sequence[FileResult], stages: Stages
) -> None:
    """What the result cache adds to a cold run (each file's key, its entry, the pack
    written), then a warm run's reading of the packs and lookup of each file."""
    folder = Path(linter.config.root) / ".filmlint_cache"
    shutil.rmtree(folder, ignore_errors=True)
    cache = ResultCache(folder)
    context = linter.cache_context()
    for path, done in zip(paths, results, strict=True):
        raw = Path(path).read_bytes()
        stages.start()
        key = linter.cache_key(path, raw)
        found = Path(path).stat()  # recorded so that a warm run need not read the file
        cache.put_stat(context, path, found.st_mtime_ns, found.st_size, key)
        stages.lap("cache: key")
        cache.put(key, done)
        stages.lap("cache: entry")
    stages.start()
    cache.save()
    stages.lap("cache: write the pack")
    warm = ResultCache(folder)
    warm.load()
    stages.lap("warm: read the packs")
    for path in paths:
        assert isinstance(linter.cached_result(path, warm), FileResult)
    stages.lap("warm: look up each file")


def whole_pass(linter: Linter, paths: Sequence[str], clock: Clock, output: str) -> int:
    """Nanoseconds of the file phase, run phase and report as filmlint runs them."""
    start = clock()
    results = [linter.file_result(path) for path in paths]
    diagnostics = linter.finish(results)
    get_reporter(output)(Report(diagnostics, len(paths)), io.StringIO())
    return clock() - start


def one_round(
    linter: Linter, paths: Sequence[str], clock: Clock, output: str, lap: float
) -> tuple[dict[str, int], int, bool, float]:
    """Each stage's time over every file, ``whole_pass``'s, whether the seams held, and the
    CPU / wall ratio of the stage by stage pass."""
    cpu, wall = time.process_time_ns(), time.perf_counter_ns()
    stages, results, texts = cold_pass(linter, paths, clock, output)
    ratio = (time.process_time_ns() - cpu) / (time.perf_counter_ns() - wall)
    seams = Stages(clock)
    held = parse_seams(texts, seams)
    cache_pass(linter, paths, results, seams)
    whole = whole_pass(linter, paths, clock, output)
    return {**stages.net(lap), **seams.net(lap)}, whole, held, ratio


#: Steps of the parse, timed on their own, shown indented under parse_document.
PARSE_PARTS = ("split", "compose", "data build", "source map")
#: What the result cache costs a cold run, and what a warm run does instead.
CACHE = ("cache: key", "cache: entry", "cache: write the pack")
WARM = ("warm: read the packs", "warm: look up each file")


def table(
    passes: list[dict[str, int]], wholes: list[int], files: int, seams: bool, ratio: float
) -> list[str]:
    """Microseconds per file of each stage (and scaled by ``ratio``, CPU / wall), with its
    share of the sum of a cold run's stages."""
    per_file = {s: statistics.median(p.get(s, 0) for p in passes) / files / 1000 for s in passes[0]}
    cold = [s for s in per_file if s not in (*PARSE_PARTS, *CACHE, *WARM)]
    total = sum(per_file[s] for s in cold)

    def line(name: str, value: float | None = None, indent: int = 2, share: bool = True) -> str:
        value = per_file.get(name, 0.0) if value is None else value
        shown = f"{value / total:7.1%}" if share else ""
        return f"{' ' * indent}{name:<{46 - indent}} {value:9.1f} {value * ratio:9.1f} {shown}"

    lines = [f"  {'stage':<44} {'µs/file':>9} {'≈CPU µs':>9} {'share':>7}"]
    for stage in cold:
        lines.append(line(stage))
        if stage == "parse_document":
            if not seams:
                lines.append("    (the parser's private seams changed: only the split is timed)")
            lines.extend(line(p, indent=4) for p in PARSE_PARTS if p in per_file)
    whole = statistics.median(wholes) / files / 1000
    lines.append(line("sum of the stages", total, share=False))
    lines.append(line("Linter.file_result + finish + report", whole, share=False))
    lines.append(line("  not in any stage", whole - total))
    lines.append("  the result cache")
    lines.extend(line(stage, indent=4) for stage in (*CACHE, *WARM))
    return lines


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument(
        "corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpus" / "femres-films"
    )
    arguments.add_argument("--files", type=int, default=2_000, help="files to copy and lint")
    arguments.add_argument("--runs", type=int, default=3, help="timed rounds (median)")
    arguments.add_argument("--format", default="concise", choices=FORMATS, help="report format")
    arguments.add_argument("--quick", action="store_true", help="100 files, 1 round")
    args = arguments.parse_args()
    if args.quick:
        args.files, args.runs = min(args.files, 100), 1
    clock = time.perf_counter_ns
    originals = sorted(args.corpus.resolve().glob("*.md"))
    if not originals:
        sys.exit(f"no *.md files in {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="filmlint-stages-") as temporary:
        root = Path(temporary)
        (root / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
        build_copies(originals, root / "copies", args.files)
        os.chdir(root)
        paths = sorted(str(p.relative_to(root)) for p in (root / "copies").glob("*.md"))
        linter = Linter(load_config(root / "filmlint.toml"))
        one_round(linter, paths, clock, args.format, 0)  # imports, the page cache
        lap = lap_cost(clock)
        passes, wholes, ratios, seams = [], [], [], True
        for _ in range(args.runs):
            spent, whole, held, ratio = one_round(linter, paths, clock, args.format, lap)
            passes.append(spent)
            wholes.append(whole)
            ratios.append(ratio)
            seams = seams and held
        ratio = statistics.median(ratios)
        print(
            f"Stages of a cold --jobs 1 --no-cache run, {len(paths):,} files, wall time, "
            f"median of {args.runs} round(s); load average "
            + " ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        print(
            f"  (a timer lap's own {lap:.0f} ns taken off each stage; CPU was {ratio:.0%} "
            "of wall in the pass: ≈CPU is wall scaled by that)"
        )
        print("\n".join(table(passes, wholes, len(paths), seams, ratio)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
