"""Where a cold run's time goes: each stage of the file phase, in microseconds per file.

    python benchmarks/stages.py                      # 2,000 files, median of 3 rounds
    python benchmarks/stages.py --quick              # 100 files, 1 round
    python benchmarks/stages.py CORPUS --files N --runs N --format F --wall
    python benchmarks/stages.py --quick --no-warm-up  # a smoke test of the script itself

Copies N files (default 2,000) from CORPUS (default: ../shared/corpus/femres-films beside
the repository) into a temporary folder with the configuration bench.py uses, builds one
``Linter`` there, and does what ``--jobs 1 --no-cache`` does, in this process, through
filmlint's own modules, one stage at a time over every file (a pass per stage, each timed
as a whole): read (``text.reading``), decode (``text.decoding``), ``parse_document``,
locale, each rule's ``check`` by rule name, the schema, placing (schema fixes, offsets of
each problem), each run-level rule's ``gather`` (with the placing of what it gathered) and
the result (per-file-ignores, suppressions, lines and columns); then the run phase (the
run-level rules' ``finish``) and the report in one format (--format, default concise,
written to memory). Each figure is divided by the number of files.

Besides, in passes of their own: the steps of the parse (split, compose, data build, source
map: the parser's private ``_compose`` and ``_Builder``; when those change, only the split
is timed and the table says so); the result cache (each file's key and entry, saving them;
then a warm run's loading of the cache and lookup of each file); and
``Linter.file_result`` + ``finish`` + the report as filmlint runs them, file after file,
against the sum of the stages: their difference is what the stage by stage order changes
(caches kept warm by one kind of work, say) or what no stage covers.

Time is this process's CPU time (``time.process_time_ns``: a busy machine hardly changes it;
read twice a pass, so its cost, microseconds on a virtual machine, does not count), or wall
time with --wall. The garbage collector is off during a pass: a pass keeps what it makes
(documents, results) for the next stages, which a run file after file does not, and the
collector would walk it again and again as it grows; what collections cost a real run is
part of the difference above. A round,
untimed, comes first (imports, the page cache; not with --no-warm-up); each figure is the
median of --runs rounds.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from filmlint.engine import placement
from filmlint.engine.cache import ResultCache
from filmlint.engine.cache_keys import Fresh, changed_ns
from filmlint.engine.finding_filter import FindingFilter
from filmlint.engine.linter import Linter
from filmlint.engine.results import FileResult
from filmlint.engine.settings import load_config
from filmlint.frontmatter import parser
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.sourcemap import SourceMap
from filmlint.reporters import FORMATS, Report, get_reporter
from filmlint.text.decoding import decode
from filmlint.text.reading import read_file

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench import CONFIG, build_copies  # noqa: E402 (beside this script, not a package)

T = TypeVar("T")
R = TypeVar("R")


class Passes:
    """Times passes of one kind of work over many items, by stage name, in first-run order."""

    def __init__(self, clock: Callable[[], int]) -> None:
        self.clock = clock
        self.spent: dict[str, int] = {}

    def run(self, stage: str, work: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``work`` on each item, timed as one pass charged to ``stage``."""
        gc.collect()
        # A pass keeps what it makes for the next stages, which a run file after file does
        # not: the collector would walk it again and again as it grows.
        gc.disable()
        start = self.clock()
        out = [work(item) for item in items]
        self.spent[stage] = self.spent.get(stage, 0) + self.clock() - start
        gc.enable()
        return out

    def once(self, stage: str, work: Callable[[], R]) -> R:
        return self.run(stage, lambda _: work(), [None])[0]


class File:
    """One file as the stages leave it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.raw: bytes | None = None
        self.text = ""
        self.document: Document | None = None
        self.findings: list[Any] = []
        self.found: list[tuple[str, Any]] = []
        self.schema_problems: list[Any] = []
        self.references: list[Any] = []
        self.result: FileResult | None = None


def file_stages(linter: Linter, paths: Sequence[str], passes: Passes) -> list[File]:
    """The file phase of every file (``Linter.file_result`` without a cache), a stage at a
    time; files that stop early (unreadable, undecodable, no data) skip later stages."""
    files = [File(path) for path in paths]
    result = FindingFilter(linter.registry, linter.settings, linter.paths).result
    max_size = linter.config.max_file_size

    def read(file: File) -> None:
        raw = read_file(file.path, max_size)
        if isinstance(raw, bytes):
            file.raw = raw
        else:
            file.result = result([raw], file.path, "")

    def decoded(file: File) -> None:
        assert file.raw is not None
        file.text, bad_encoding = decode(file.raw)
        if bad_encoding is not None:
            file.result = result([bad_encoding], file.path, file.text)

    def parse(file: File) -> None:
        file.document, file.findings = parser.parse_document(file.text, file.path)

    def locale(file: File) -> None:
        document = file.document
        assert document is not None
        document.locale = linter.paths.locale_for(document.path, document.data)
        if runner.reads_translations:
            document.unlocalized_path = linter.paths.unlocalized(file.path)

    def placed(file: File) -> None:
        assert file.document is not None
        problems = placement.with_schema_problems(file.found, file.schema_problems, file.document)
        file.findings = [*file.findings, *placement.findings(file.document, problems)]

    def finished(file: File) -> None:
        file.result = result(
            file.findings, file.path, file.text, file.document, tuple(file.references)
        )

    runner = linter.rules
    passes.run("read", read, files)
    passes.run("decode", decoded, [f for f in files if f.result is None])
    going = [f for f in files if f.result is None]
    passes.run("parse_document", parse, going)
    with_data = [f for f in going if f.document is not None and f.document.data is not None]
    passes.run("locale", locale, with_data)
    for rule, options in runner.checks:

        def check(file: File, rule: Any = rule, options: Any = options) -> None:
            file.found.extend((rule.name, p) for p in rule.check(file.document, options))

        passes.run(f"check: {rule.name}", check, with_data)
    if runner.schema is not None:
        schema = runner.schema

        def validate(file: File) -> None:
            assert file.document is not None
            file.schema_problems = schema.check(file.document.data)

        passes.run("schema", validate, with_data)
    passes.run("placing", placed, with_data)
    # What each rule gathers with this run: url-reachable offline without a URL cache, say,
    # gathers nothing (``Rule.gather_options``).
    for rule, options in runner.gathering:
        if rule.gather is None:
            continue

        def gather(file: File, rule: Any = rule, options: Any = options) -> None:
            if rule.name in linter.paths.ignored_for(file.path):
                return
            document = file.document
            assert document is not None
            gathered = [(rule.name, list(rule.gather(document, options)))]
            file.references.extend(placement.references(document, file.path, gathered))

        passes.run(f"gather: {rule.name}", gather, with_data)
    passes.run("result (ignores, suppressions, lines)", finished, going)
    return files


def parse_steps(texts: Sequence[str], passes: Passes) -> bool:
    """The parser's own steps, a pass each (results unused); False when its private seams
    are not what this script knows."""
    splits = passes.run("split", parser.split_front_matter, texts)
    parts = [
        (text, split.yaml_start, text[split.yaml_start : split.yaml_end], split.body_start)
        for text, split in zip(texts, splits, strict=True)
        if split is not None
    ]
    try:
        roots = passes.run("compose", lambda p: parser._compose(p[0], p[1], p[2], []), parts)

        def build(item: tuple[tuple[str, int, str, int], Any]) -> dict[int, Any]:
            (text, base, yaml_text, _), root = item
            if root is None:
                return {}
            builder = parser._Builder(text, base, yaml_text, [])
            builder.build(root)
            tables: dict[int, Any] = builder.tables
            return tables

        tables = passes.run("data build", build, list(zip(parts, roots, strict=True)))
    except (AttributeError, TypeError):
        return False
    passes.run(
        "source map",
        lambda item: SourceMap(item[0][0], item[1], item[2], item[0][1], item[0][3]),
        list(zip(parts, roots, tables, strict=True)),
    )
    return True


def cache_steps(linter: Linter, files: Sequence[File], passes: Passes) -> None:
    """What the result cache adds to a cold run (each file's stat and new result, held until
    its batch is written; then the rest written: keys, values and rows), then a warm run's
    loading of the cache and lookup of each file."""
    folder = Path(linter.config.root) / ".filmlint_cache"
    shutil.rmtree(folder, ignore_errors=True)
    cache = ResultCache(folder)
    context = linter.cache_keys.context()
    keeping = linter.rules.keeping_file_text

    def put(file: File) -> None:
        assert file.raw is not None and file.result is not None
        stat = Path(file.path).stat()  # recorded so that a warm run need not read the file
        record = (context, changed_ns(stat), stat.st_size)
        new = Fresh(file.raw, file.path, linter.cache_keys.key_of(file.path), None, record)
        cache.put(file.result, new, keeping=keeping)

    read = [f for f in files if f.raw is not None]
    passes.run("cache: put, a batch written each 250", put, read)
    passes.once("cache: save, the last batch", cache.save)
    warm = ResultCache(folder)
    passes.once("warm: load the cache", warm.load)
    found = passes.run(
        "warm: look up each file", lambda f: linter.cached_result(f.path, warm), files
    )
    assert all(isinstance(result, FileResult) for result in found)


def whole(linter: Linter, paths: Sequence[str], output: str) -> None:
    """The file phase, run phase and report as filmlint runs them."""
    results = [linter.file_result(path) for path in paths]
    get_reporter(output)(Report(linter.finish(results), len(paths)), io.StringIO())


def one_round(
    linter: Linter, paths: Sequence[str], clock: Callable[[], int], output: str
) -> tuple[dict[str, int], bool]:
    """Each stage's time over every file, and whether the parser's seams held."""
    passes = Passes(clock)
    files = file_stages(linter, paths, passes)
    results = [f.result for f in files]
    assert all(r is not None for r in results)
    diagnostics = passes.once("run phase (finish)", lambda: linter.finish(results))  # type: ignore[arg-type]
    report = Report(diagnostics, len(paths))
    passes.once(f"report ({output})", lambda: get_reporter(output)(report, io.StringIO()))
    held = parse_steps([f.text for f in files if f.raw is not None], passes)
    cache_steps(linter, files, passes)
    passes.once("Linter.file_result + finish + report", lambda: whole(linter, paths, output))
    return passes.spent, held


#: Steps of the parse, timed on their own, shown indented under parse_document.
PARSE_PARTS = ("split", "compose", "data build", "source map")
#: What the result cache costs a cold run, and what a warm run does instead.
CACHE = ("cache: put, a batch written each 250", "cache: save, the last batch")
WARM = ("warm: load the cache", "warm: look up each file")
WHOLE = "Linter.file_result + finish + report"


def table(rounds: list[dict[str, int]], files: int, seams: bool) -> list[str]:
    """Microseconds per file of each stage, with its share of the sum of a cold run's."""
    per_file = {s: statistics.median(r.get(s, 0) for r in rounds) / files / 1000 for s in rounds[0]}
    cold = [s for s in per_file if s not in (*PARSE_PARTS, *CACHE, *WARM, WHOLE)]
    total = sum(per_file[s] for s in cold)

    def line(name: str, value: float | None = None, indent: int = 2) -> str:
        value = per_file.get(name, 0.0) if value is None else value
        return f"{' ' * indent}{name:<{46 - indent}} {value:9.1f} {value / total:7.1%}"

    lines = [f"  {'stage':<44} {'µs/file':>9} {'share':>7}"]
    for stage in cold:
        lines.append(line(stage))
        if stage == "parse_document":
            if not seams:
                lines.append("    (the parser's private seams changed: only the split is timed)")
            lines.extend(line(p, indent=4) for p in PARSE_PARTS if p in per_file)
    lines.append(line("sum of the stages", total))
    lines.append(line(WHOLE))
    lines.append(line("  file after file, less the sum", per_file[WHOLE] - total))
    lines.append("  the result cache")
    lines.extend(line(stage, indent=4) for stage in (*CACHE, *WARM) if stage in per_file)
    return lines


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument(
        "corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpus" / "femres-films"
    )
    arguments.add_argument("--files", type=int, default=2_000, help="files to copy and lint")
    arguments.add_argument("--runs", type=int, default=3, help="timed rounds (median)")
    arguments.add_argument("--format", default="concise", choices=FORMATS, help="report format")
    arguments.add_argument("--wall", action="store_true", help="wall time, not CPU time")
    arguments.add_argument("--quick", action="store_true", help="100 files, 1 round")
    arguments.add_argument(
        "--no-warm-up",
        dest="warm_up",
        action="store_false",
        help="no untimed round first (the first round's figures then include imports)",
    )
    args = arguments.parse_args()
    if args.quick:
        args.files, args.runs = min(args.files, 100), 1
    clock = time.perf_counter_ns if args.wall else time.process_time_ns
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
        if args.warm_up:
            one_round(linter, paths, clock, args.format)  # imports, the page cache
        rounds, seams = [], True
        for _ in range(args.runs):
            spent, held = one_round(linter, paths, clock, args.format)
            rounds.append(spent)
            seams = seams and held
        print(
            f"Stages of a cold --jobs 1 --no-cache run, {len(paths):,} files, "
            f"{'wall' if args.wall else 'CPU'} time, median of {args.runs} round(s); "
            "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        print("\n".join(table(rounds, len(paths), seams)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
