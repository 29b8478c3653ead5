"""How fast filmlint is against baselines measured in the same run: issue #17's targets.

    python benchmarks/bench.py                      # 10,000 files, median of 3 runs
    python benchmarks/bench.py --quick              # a smoke run: 200 files, 1 run
    python benchmarks/bench.py --large 50000        # also the 50,000-file case (slow)
    python benchmarks/bench.py CORPUS --files N --runs N --pairs N --startup-runs N --no-peers
    python benchmarks/bench.py --quick --settle 0   # a smoke test of the script itself
    python benchmarks/bench.py --instructions 1000  # also exact counts under valgrind

Builds corpora in a temporary folder from CORPUS (default: ../shared/corpus/femres-films
beside the repository): its files as they are, and N files (--files, default 10,000) copied
under new names, each round of copies under one prefix so that a film's language versions
stay one translation set; with --large M, also M files. filmlint's modules are compiled to
bytecode first, as pip install does, and new copies are left 2.5 s to settle (the cache
trusts a file's size and time for its content only once they are 2 s old; --settle 0 for a
smoke test of the script, whose warm runs then read the files again).

On the N files, in turns (A B C ... A B C ..., so that a change of the machine's load falls
on all alike), --runs times, each figure the median:
  - `filmlint check` with every offline rule, default jobs, cold (cache removed) writing
    its cache; then a re-run from that cache (warm); then one more after one file was
    edited (every other file is looked up, every translation set judged again);
  - the same cold without the translation rules; cold with --no-cache; with --jobs 1
    --no-cache; and --jobs 1 --no-cache without the translation rules;
  - benchmarks/bare_loop.py: the bare loop (read, split, ruamel.yaml's C loader,
    jsonschema-rs, a message per error) and, with --floor, the physical floor (read,
    decode, split, libyaml compose with marks through a composer whose resolver table is
    built once, data built from the same nodes, jsonschema-rs is_valid); on several CPUs,
    the bare loop again with the files cut into one share per CPU, linted at once in forked
    processes: the speed-up this machine gives work that needs no coordination, printed
    beside the default jobs' target as its ceiling;
  - benchmarks/floor.py (PyYAML's CSafeLoader and python-jsonschema, with line:column),
    kept as the reference of earlier runs; only when PyYAML with libyaml is installed.
Each row gives wall time, CPU time (user + sys of the process and its reaped children, from
getrusage) and the peak memory of the process tree, from one more run of each case (the
timed runs are not sampled: the sampler would take a share of a core from a run of two
processes), sampled every 20 ms (the tree found again
every 250 ms, as a full scan of processes costs milliseconds) with psutil: the sum of the PSS
(proportional set size: a page shared by forked workers counts once across them) of the
process and its descendants where the platform has it (Linux), and beside it the sum of their
RSS (shared pages counted once per process: an upper bound); without PSS, the RSS sum alone;
without psutil, the largest single process (ru_maxrss).
Single-process comparisons are judged on CPU time, parallel ones and absolute targets on wall
time. A target's ratio is the median of the ratios of each round's pair (run close together),
not the ratio of the medians: on a shared virtual machine the speed drifts for seconds at a
time, by tens of percent, which a pair mostly shares.

The translation rules' target is judged on --jobs 1 --no-cache with and without them run
side by side, --pairs times: each pair at once, each run pinned to a CPU of its own, the CPUs
swapped each round, the median of each pair's CPU ratio (both runs share every spell of the
machine, which turns do not; on one CPU, the rounds in turns). So is the cache's: --jobs 1
cold writing the cache (removed before each pair) against --jobs 1 --no-cache. Beside each
such median, the bounds that hold it at 95% whatever the ratios' distribution (from 6 pairs);
a line whose bounds hold its target says so: its verdict is then the machine's drift.

Then cold and warm runs on the real files (the RSS at a few files, to show it is flat), on
M files with --large, peers when installed and not --no-peers: check-jsonschema (`pip
install check-jsonschema`; not a dependency of filmlint; given the front matter extracted to
YAML files beforehand, one run) and remark-lint-frontmatter-schema (--remark-dir, see
docs/performance.md); the start-up of a one-file run (a film in the site's default
language, then its translation: their texts load different tables) against `python -c
"import filmlint"` (and, as extra lines, `import jsonschema, ruamel.yaml`, `import
filmlint` with the libraries a run loads, and benchmarks/startup_floor.py, which does on
top of `import filmlint` only what no one-file check can leave out: the budget the target
leaves), in turns,
--startup-runs times, its target judged as the shares are, on as many pairs of the first two
run side by side;
benchmarks/server.py when it exists (not with --quick or --no-server; its lines that name a
target are repeated with the targets, as it words them); with --instructions N and valgrind
installed, the instructions (valgrind's callgrind) of the start-up measure, and of --jobs 1
with and without the translation rules and writing the cache, on N more copies in a site of
their own, and on the first round of them alone, which leaves the start-up out of what each
further file costs (benchmarks/instructions.py; the cache's share also without what OpenSSL
ran, whose SHA-256 valgrind runs without the CPU's SHA extensions); and the targets, each
"met" or "NOT met" with its figure. The machine's load average is printed at the start and
the end: on a busy machine parallel speed-ups shrink and walls grow.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "src" / "filmlint" / "schemas" / "film.schema.json"
BENCHMARKS = REPO / "benchmarks"
#: The offline rules of a real content repository: Chinese files, English ones with "-en".
CONFIG = """\
[locale]
default = "zh-Hans"
suffixes = { en = "en" }

[rules.country-code]
accept = ["code", "name"]
split = "/"
"""
REMARKRC = """\
import remarkFrontmatter from "remark-frontmatter";
import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";

export default {
  plugins: [
    remarkFrontmatter,
    [remarkLintFrontmatterSchema, { schemas: { "./remark.schema.json": ["**/*.md"] } }],
  ],
};
"""
#: The rules that judge a file by its other language versions, for the measure without them.
TRANSLATION_RULES = "translation-missing,translation-mismatch"
#: The start of the file name of OpenSSL's library, which hashes for the result cache.
OPENSSL = "libcrypto"
QUICK_FILES = 200

try:
    import psutil
except ImportError:
    psutil = None


@dataclass
class Measure:
    wall: float
    cpu: float
    #: The peak memory of the process tree: PSS summed where there is PSS, else RSS
    #: (``MEMORY``); and the peak of the RSS sum.
    mem_mb: float
    rss_mb: float
    #: Each round's wall and CPU time, in the order of the rounds (``in_turns``).
    walls: tuple[float, ...] = ()
    cpus: tuple[float, ...] = ()


def ratio(a: Measure, b: Measure, what: str = "cpu") -> float:
    """How ``a`` compares with ``b``: the median of their ratios round by round (each pair run
    close together, in the same round), which a slow spell of the machine changes far less
    than a ratio of medians; the ratio of the figures when there are no rounds."""
    pairs = list(zip(getattr(a, what + "s"), getattr(b, what + "s"), strict=True))
    if not pairs:
        return float(getattr(a, what)) / float(getattr(b, what))
    return statistics.median(x / y for x, y in pairs)


def spread(a: Measure, b: Measure, what: str = "cpu", added: bool = False) -> str:
    """The lowest and highest of the round-by-round ratios behind ``ratio``: how far the
    machine's drift moved them (a median near a target whose rounds straddle it is a coin
    toss, not a verdict). ``added``: as the share ``a`` adds to ``b``. Empty with one round."""
    pairs = zip(getattr(a, what + "s"), getattr(b, what + "s"), strict=True)
    return spread_of([x / y for x, y in pairs], added)


def spread_of(ratios: Sequence[float], added: bool = False) -> str:
    """``spread`` of ratios found round by round."""
    if len(ratios) < 2:
        return ""
    low, high = min(ratios), max(ratios)
    if added:
        return f"; rounds {low - 1:+.1%} to {high - 1:+.1%}"
    return f"; rounds {low:.2f} to {high:.2f}"


def _has_pss() -> bool:
    if psutil is None:
        return False
    try:
        return hasattr(psutil.Process().memory_full_info(), "pss")
    except psutil.Error:
        return False


HAS_PSS = _has_pss()
#: What ``Measure.mem_mb`` is.
MEMORY = (
    "PSS summed over the process tree (psutil)"
    if HAS_PSS
    else "RSS summed over the process tree (psutil; no PSS here)"
    if psutil is not None
    else "largest single process's RSS (no psutil)"
)


class _TreeRss:
    """Samples the summed PSS (where there is PSS) and RSS of a process and its descendants in
    a thread, keeping the peak of each."""

    def __init__(self, pid: int) -> None:
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self.peak = 0
        self.peak_pss = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tree = [self._root]
        found_at = 0.0
        while not self._stop.wait(0.02):
            now = time.monotonic()
            if now - found_at > 0.25:
                with contextlib.suppress(psutil.Error):
                    tree = [self._root, *self._root.children(recursive=True)]
                found_at = now
            total = pss = 0
            for process in tree:
                with contextlib.suppress(psutil.Error):  # ended since it was found
                    if HAS_PSS:
                        found = process.memory_full_info()  # /proc/PID/smaps_rollup
                        total += found.rss
                        pss += found.pss
                    else:
                        total += process.memory_info().rss
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, pss)

    def stop(self) -> tuple[float, float]:
        """The peaks in MB: of ``MEMORY``, and of the RSS sum."""
        self._stop.set()
        self._thread.join()
        rss = self.peak / 2**20
        return (self.peak_pss / 2**20 if HAS_PSS else rss), rss


def measure(command: Sequence[str], cwd: Path, rss: bool = True) -> Measure:
    """Run a command (its output thrown away): wall time, CPU time and peak memory (0 when
    not ``rss``). Exits when the command fails: no figure would mean anything."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = _TreeRss(process.pid) if rss and psutil is not None else None
    _, errors = process.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, peak_rss = sampler.stop() if sampler is not None else (0.0, 0.0)
    if rss and sampler is None:  # the largest process so far, which includes this one
        peak = peak_rss = after.ru_maxrss / 1024
    if process.returncode not in (0, 1):  # 0 clean, 1 problems found; anything else failed
        sys.exit(f"{' '.join(command)} exited with {process.returncode}: {errors.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measure(wall, cpu, peak, peak_rss)


@dataclass
class Case:
    """A command to measure, and what to do before each run (remove the cache...)."""

    name: str
    command: Sequence[str]
    before: Callable[[], None] | None = None
    rss: bool = True


def in_turns(cases: Sequence[Case], cwd: Path, runs: int) -> dict[str, Measure]:
    """The median wall and CPU time of each case over ``runs`` rounds, the cases run in
    turns, with each round's times (for ``ratio``); and the peaks of memory of one more
    round. The memory is sampled in runs of its own: the sampler's reads of /proc take a
    share of a core, which a run of two processes on two cores would lose."""
    found: dict[str, list[Measure]] = {case.name: [] for case in cases}
    for _ in range(runs):
        for case in cases:
            if case.before is not None:
                case.before()
            found[case.name].append(measure(case.command, cwd, rss=False))
    peaks: dict[str, Measure] = {}
    for case in cases:
        if case.rss:
            if case.before is not None:
                case.before()
            peaks[case.name] = measure(case.command, cwd, rss=True)
    return {
        name: Measure(
            statistics.median(m.wall for m in ms),
            statistics.median(m.cpu for m in ms),
            peaks[name].mem_mb if name in peaks else 0.0,
            peaks[name].rss_mb if name in peaks else 0.0,
            tuple(m.wall for m in ms),
            tuple(m.cpu for m in ms),
        )
        for name, ms in found.items()
    }


def side_by_side(
    a: Sequence[str],
    b: Sequence[str],
    cwd: Path,
    pairs: int,
    before: Callable[[], None] | None = None,
) -> list[float]:
    """The CPU time of ``a`` over that of ``b``, the two run at once, each pinned to a CPU of
    its own, swapping CPUs each round (``before`` each: removing a cache): one ratio a
    round. Both see the same spell of the machine, which runs in turns do not (one may fall
    on a quiet second, the next on a busy one). Empty without two CPUs to pin to."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cpus) < 2:
        return []
    ratios = []
    for index in range(pairs):
        if before is not None:
            before()
        on = (cpus[0], cpus[1]) if index % 2 == 0 else (cpus[1], cpus[0])
        processes = [
            subprocess.Popen(
                command,
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=partial(os.sched_setaffinity, 0, {cpu}),
            )
            for command, cpu in zip((a, b), on, strict=True)
        ]
        times = []
        for command, process in zip((a, b), processes, strict=True):
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):  # 0 clean, 1 problems found; anything else failed
                sys.exit(f"{' '.join(command)} exited with {code}")
            times.append(usage.ru_utime + usage.ru_stime)
        ratios.append(times[0] / times[1])
    return ratios


def median_interval(
    values: Sequence[float], confidence: float = 0.95
) -> tuple[float, float] | None:
    """Bounds that hold the median of what ``values`` sample with at least ``confidence``,
    whatever their distribution: the k-th lowest and the k-th highest value, k as large as
    the binomial law allows (of 30 values, the 10th and the 21st). A median's bounds say
    what its rounds' spread does not: whether more pairs would tell it from a target. None
    with too few values for any (5 or fewer at 95%)."""
    count = len(values)
    outside = (1 - confidence) / 2
    below = 0.0  # the chance that fewer than k of the values fall below the median
    k = 0
    while k < count and below + math.comb(count, k) / 2**count <= outside:
        below += math.comb(count, k) / 2**count
        k += 1
    if k == 0:
        return None
    ordered = sorted(values)
    return ordered[k - 1], ordered[count - k]


def share(paired: Sequence[float], a: Measure, b: Measure, turns: str) -> tuple[float, str]:
    """The share ``a`` adds to ``b`` in CPU time, and how it was measured: from the pairs
    run side by side (``side_by_side``), with the bounds of their median and the share in
    turns beside it (``turns`` names how those ran), or without pairs (one CPU) from the
    rounds in turns alone."""
    in_turns = ratio(a, b) - 1
    if not paired:
        return in_turns, f"CPU, in turns{spread(a, b, added=True)}"
    bounds = median_interval(paired)
    held = "" if bounds is None else f"; median {bounds[0] - 1:+.1%} to {bounds[1] - 1:+.1%} (95%)"
    return statistics.median(paired) - 1, (
        f"CPU, --jobs 1, {len(paired)} pair(s) run side by side, each on a CPU of its own"
        f"{held}{spread_of(paired, added=True)}; {turns} {in_turns:+.1%}"
    )


def undecided(paired: Sequence[float], limit: float) -> str:
    """A note for paired ratios whose median's bounds (``median_interval``) hold ``limit``
    (a ratio: 1.10 for a share of 10%): the verdict then says more about the machine's drift
    than about filmlint. Empty otherwise."""
    bounds = median_interval(paired)
    if bounds is None or not bounds[0] <= limit <= bounds[1]:
        return ""
    return "; its bounds hold the target: not told apart at this noise"


#: filmlint trusts a file's size and time for its content only once they are this old (the
#: cache's "racy" window): a warm run after a fresh copy would read the newest files again.
SETTLE_SECONDS = 2.5


def build_copies(originals: Sequence[Path], folder: Path, count: int) -> Path:
    folder.mkdir()
    for index in range(count):
        # Each round of copies under one prefix, so a film's language versions stay one
        # translation set (003-alien-1979.md beside 003-alien-1979-en.md).
        path = originals[index % len(originals)]
        shutil.copyfile(path, folder / f"{index // len(originals):03d}-{path.name}")
    return folder


def edits_of(path: Path) -> Callable[[], None]:
    """What gives ``path`` other bytes before each run of the warm run after an edit: one
    or two more newlines than it had, in turns (always a size other than the last run's)."""
    original = path.read_bytes()
    edits = 0

    def edit() -> None:
        nonlocal edits
        edits += 1
        path.write_bytes(original + b"\n" * (1 + edits % 2))

    return edit


def extract_front_matter(folder: Path, target: Path) -> list[str]:
    """Each file's front matter as a YAML file, for check-jsonschema (not timed)."""
    target.mkdir()
    delimiter = re.compile(r"^-{3,}\s*$", re.MULTILINE)
    names = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text("utf-8")
        opening = delimiter.match(text)
        closing = delimiter.search(text, opening.end()) if opening else None
        if opening and closing:
            name = target / (path.stem + ".yaml")
            name.write_text(text[opening.end() : closing.start()], encoding="utf-8")
            names.append(str(name))
    return names


def filmlint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "filmlint", "check", "--output-file", os.devnull, *args]


def script(name: str, *args: str) -> list[str]:
    return [sys.executable, str(BENCHMARKS / name), *args]


HEADER = (
    f"  {'':<46} {'wall':>8} {'CPU':>8} {'files/s':>9} "
    f"{'peak PSS' if HAS_PSS else 'peak RSS':>9}{' (RSS sum)' if HAS_PSS else ''}"
)


def row(name: str, files: int, m: Measure) -> str:
    line = f"  {name:<46} {m.wall:6.2f} s {m.cpu:6.2f} s {files / m.wall:9,.0f} {m.mem_mb:6.0f} MB"
    return line + (f" ({m.rss_mb:4.0f} MB)" if HAS_PSS else "")


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def has_libyaml() -> bool:
    try:
        import yaml
    except ImportError:
        return False
    return bool(getattr(yaml, "__with_libyaml__", False))


def peers(root: Path, folder: Path, files: int, remark: Path | None, cold: Measure) -> list[str]:
    lines = []
    checker = shutil.which("check-jsonschema")
    if checker is None:
        lines.append("  check-jsonschema: not installed (pip install check-jsonschema); skipped")
    else:
        yaml_files = extract_front_matter(folder, root / f"{folder.name}-yaml")
        m = measure([checker, "--schemafile", str(root / "film.schema.json"), *yaml_files], root)
        lines.append(row("check-jsonschema (pre-extracted, 1 run)", files, m))
        lines.append(f"    filmlint (default jobs, cold) speed-up: {m.wall / cold.wall:.1f}x")
    binary = remark / "node_modules" / ".bin" / "remark" if remark else None
    if binary is None or not binary.exists():
        lines.append(
            "  remark-lint-frontmatter-schema: not installed (--remark-dir, see "
            "docs/performance.md); skipped"
        )
    else:
        modules = root / "node_modules"
        if not modules.exists():
            modules.symlink_to(binary.parents[1])
            (root / ".remarkrc.mjs").write_text(REMARKRC, encoding="utf-8")
            # Its validator (ajv) has no 2020-12 meta-schema and would validate nothing: it
            # gets the same schema without "$schema" (its default draft reads these keywords).
            schema = json.loads(SCHEMA.read_text("utf-8"))
            schema.pop("$schema", None)
            (root / "remark.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        m = measure(["node", str(binary), "--quiet", "--no-stdout", folder.name], root)
        lines.append(row("remark-lint-frontmatter-schema (1 run)", files, m))
        lines.append(f"    filmlint (default jobs, cold) speed-up: {m.wall / cold.wall:.1f}x")
    return lines


def import_total(command: Sequence[str], cwd: Path) -> float:
    """The sum of the self times ``python -X importtime`` reports, in ms: what ``import``
    statements load. What ``importlib.import_module`` loads (filmlint's rules) is not in it:
    the interpreter times only the former."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    total = sum(int(m.group(1)) for m in re.finditer(r"import time:\s+(\d+) \|", done.stderr))
    return total / 1000


#: What a one-file run loads that ``import filmlint`` does not and cannot do without: ruamel.yaml
#: with its C loader, jsonschema-rs (as filmlint loads it), tomllib, argparse and sqlite3.
NEEDED = (
    "import filmlint, argparse, sqlite3, tomllib, ruamel.yaml; "
    "from filmlint.schema.compiled_validator import load_jsonschema_rs; load_jsonschema_rs()"
)


def one_files(real: Path) -> list[Path]:
    """The files the start-up is measured on: a film in the site's default language and its
    translation (``-en``), the first such pair by name; the first file when there is none.
    The two differ: a Chinese film's text loads what an English one's does not."""
    films = sorted(real.glob("*.md"))
    for film in films:
        translation = film.with_name(f"{film.stem}-en.md")
        if translation.exists():
            return [film, translation]
    return films[:1]


def startup(root: Path, one: Path, runs: int, remove_cache: Callable[[], None]) -> list[str]:
    """Start-up lines; the ratio of a one-file run to ``import filmlint`` is the last: the
    median of ``runs`` pairs run side by side, each on a CPU of its own (the rounds in turns
    beside it), as the shares are, or on one CPU from the rounds in turns."""
    lint = filmlint_command(str(one.relative_to(root)))
    startup_floor = script(
        "startup_floor.py", "filmlint.toml", SCHEMA.name, ".startup-floor.sqlite", str(one)
    )
    cases = [
        Case("one-file", lint, remove_cache, rss=False),
        Case("import filmlint", [sys.executable, "-c", "import filmlint"], rss=False),
        Case("libraries", [sys.executable, "-c", "import jsonschema, ruamel.yaml"], rss=False),
        # What no one-file run can leave out: filmlint, and the libraries a run loads.
        Case("needed", [sys.executable, "-c", NEEDED], rss=False),
        # The structure checks only: what the rules' tables (languages, countries) add.
        Case("structure", [*lint, "--select", "FL0,FL1"], remove_cache, rss=False),
        # The least any one-file check does on top of import filmlint: the budget it leaves.
        Case("floor", startup_floor, rss=False),
    ]
    found = in_turns(cases, root, runs)
    cold, base = found["one-file"], found["import filmlint"]
    paired = side_by_side(lint, cases[1].command, root, runs, remove_cache)
    floor_paired = side_by_side(startup_floor, cases[1].command, root, runs)
    startup_ratio = statistics.median(paired) if paired else ratio(cold, base)
    lines = [f"Start-up: one file ({one.name}), median of {runs} runs in turns"]
    for label, name in (
        ("filmlint check one-file.md (no cache yet)", "one-file"),
        ('python -c "import filmlint"', "import filmlint"),
        ('python -c "import jsonschema, ruamel.yaml"', "libraries"),
        ("import filmlint and the libraries a run loads", "needed"),
        ("the same run, --select FL0,FL1 (no rule tables)", "structure"),
        ("the start-up floor (benchmarks/startup_floor.py)", "floor"),
    ):
        m = found[name]
        lines.append(f"  {label:<48} {m.wall * 1000:6.0f} ms {m.cpu * 1000:6.0f} ms CPU")
    remove_cache()
    ours = import_total(["-m", "filmlint", *lint[3:]], root)
    theirs = import_total(["-c", "import filmlint"], root)
    lines.append(
        f"  python -X importtime totals: one-file run {ours:.1f} ms, "
        f"import filmlint {theirs:.1f} ms (import statements alone: not the rules)"
    )
    floor_ratio = statistics.median(floor_paired) if floor_paired else ratio(found["floor"], base)
    lines.append(
        f"  start-up floor / import filmlint {floor_ratio:.2f} (CPU, "
        + (f"{len(floor_paired)} pair(s) side by side" if floor_paired else "in turns")
        + f"): the one-file run is {startup_ratio / floor_ratio:.2f}x its floor"
    )
    bounds = median_interval(paired)
    how = f"CPU, in turns{spread(cold, base)}"
    if paired:
        held = "" if bounds is None else f"; median {bounds[0]:.2f} to {bounds[1]:.2f} (95%)"
        how = (
            f"CPU, {len(paired)} pair(s) run side by side, each on a CPU of its own{held}"
            f"{spread_of(paired)}; in turns {ratio(cold, base):.2f}"
        )
    lines.append(
        f"  one-file run / import filmlint {startup_ratio:.2f} ({one.name}; {how}; wall in turns "
        f"{ratio(cold, base, 'wall'):.2f}; {ratio(cold, found['libraries']):.2f} against "
        f"import jsonschema, ruamel.yaml; the libraries a run loads alone "
        f"{ratio(found['needed'], base):.2f}; target <= 1.5{undecided(paired, 1.5)}): "
        + verdict(startup_ratio <= 1.5)
    )
    return lines


def instruction_lines(
    root: Path,
    originals: Sequence[Path],
    ones: Sequence[Path],
    files: int,
    settle: float,
    remove_cache: Callable[[], None],
) -> list[str]:
    """Callgrind's counts for the start-up, and on ``files`` copies (a site of their own,
    with its own cache) for the translation rules and the cache: the targets that CPU time
    judges, counted exactly (``benchmarks/instructions.py`` says what a count leaves out).
    The same runs on the first round of copies alone (a smaller site of its own) give what
    each further file costs, the start-up left out: a run over many files tends to that."""
    from instructions import Counted, available, counts  # beside this script

    if not available():
        return ["Instructions: valgrind is not installed; skipped"]
    site, small = root / "instructions", root / "instructions-small"
    fewer = min(len(originals), files - 1)
    for folder, count in ((site, files), (small, fewer)):
        folder.mkdir()
        (folder / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
        build_copies(originals, folder / "films", count)
    time.sleep(settle)  # as the timed runs' copies: files in the racy window are not recorded

    def remover(folder: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(folder / ".filmlint_cache", ignore_errors=True)

    single = filmlint_command("--jobs", "1")
    per_file = {
        "jobs 1": [*single, "--no-cache", "films"],
        "no translation rules": [
            *single, "--no-cache", "--extend-ignore", TRANSLATION_RULES, "films"
        ],
        "cache": [*single, "films"],
    }  # fmt: skip
    found = counts(
        [
            *(
                Counted(
                    f"one-file {one.name}",
                    filmlint_command(str(one.relative_to(root))),
                    root,
                    remove_cache,
                )
                for one in ones
            ),
            Counted("import filmlint", [sys.executable, "-c", "import filmlint"], root),
            *(
                Counted(f"{name}{label}", command, folder, remover(folder))
                for folder, label in ((site, ""), (small, ", fewer"))
                for name, command in per_file.items()
            ),
        ],
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1,
    )

    def each(name: str, leaving_out: str = "") -> float:
        """What each file beyond the smaller site's costs (less what objects whose file name
        starts with ``leaving_out`` ran themselves)."""
        many, fewer_files = found[name], found[f"{name}, fewer"]
        if leaving_out:
            return (many.without(leaving_out) - fewer_files.without(leaving_out)) / (files - fewer)
        return (many.total - fewer_files.total) / (files - fewer)

    imported = found["import filmlint"].total
    added = found["jobs 1"].total / found["no translation rules"].total - 1
    cache = found["cache"].total / found["jobs 1"].total - 1
    added_each = each("jobs 1") / each("no translation rules") - 1
    cache_each = each("cache") / each("jobs 1") - 1
    # OpenSSL's SHA-256 runs without the CPU's SHA extensions under valgrind: many times the
    # instructions it takes on a CPU that has them (2.8 us for a 3 KB file on this one).
    cache_without = each("cache", OPENSSL) / each("jobs 1", OPENSSL) - 1
    return [
        "Instructions (valgrind's callgrind: exact, the same in every run; CPU targets)",
        *(
            f"  one-file run ({one.name}) {found[f'one-file {one.name}'].total / 1e6:,.1f}M / "
            f"import filmlint {imported / 1e6:,.1f}M: "
            f"{found[f'one-file {one.name}'].total / imported:.3f} (target <= 1.5)"
            for one in ones
        ),
        f"  translation rules add {added:+.1%} to --jobs 1 --no-cache on {files:,} files, "
        f"start-up included; {added_each:+.1%} to each file beyond {fewer:,} "
        f"({each('no translation rules') / 1e3:,.0f}k -> {each('jobs 1') / 1e3:,.0f}k; "
        "target <= 15%)",
        f"  writing the cache adds {cache:+.1%} to --jobs 1 on {files:,} files; {cache_each:+.1%} "
        f"to each file beyond {fewer:,} (target <= 10%), {cache_without:+.1%} leaving out "
        f"OpenSSL ({OPENSSL}), whose SHA-256 valgrind runs without the CPU's SHA extensions",
    ]


def server_lines() -> list[str]:
    """The language server benchmark's output, when benchmarks/server.py exists."""
    path = BENCHMARKS / "server.py"
    if not path.exists():
        return ["Language server: benchmarks/server.py not present; skipped"]
    try:
        done = subprocess.run(
            [sys.executable, str(path)], capture_output=True, text=True, check=False, timeout=900
        )
    except subprocess.TimeoutExpired:
        return ["Language server: benchmarks/server.py ran over 15 minutes; stopped"]
    if done.returncode != 0:
        return [f"Language server: benchmarks/server.py exited with {done.returncode}"]
    return ["Language server (benchmarks/server.py)", *done.stdout.rstrip().splitlines()]


def compile_bytecode() -> str:
    """Compile filmlint's modules as pip does when it installs a package: an editable install
    (or PYTHONDONTWRITEBYTECODE) would otherwise make every run compile them, which the
    libraries in the baseline, installed by pip, never do."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import compileall, pathlib, sys, filmlint; "
            "folder = pathlib.Path(filmlint.__file__).parent; "
            "sys.exit(not compileall.compile_dir(folder, quiet=1)); ",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return "bytecode: filmlint's modules could not be compiled (read-only?); runs compile them"
    return "bytecode: filmlint's modules compiled beforehand, as pip install does"


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=REPO.parent / "shared" / "corpus" / "femres-films",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--files", type=int, default=10_000, help="files in the main corpus")
    parser.add_argument(
        "--large", type=int, default=0, metavar="N", help="also cold and warm runs on N files"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip the peer tools")
    parser.add_argument(
        "--no-server", action="store_true", help="skip benchmarks/server.py (minutes)"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=20,
        help="rounds of the translation rules' and the cache's measures run side by side",
    )
    parser.add_argument(
        "--startup-runs", type=int, default=15, help="runs of each start-up measure (median)"
    )
    parser.add_argument(
        "--instructions",
        type=int,
        default=0,
        metavar="N",
        help="also count instructions with valgrind's callgrind, when installed: the start-up, "
        "and on N files the translation rules and the cache (minutes; exact where CPU time "
        "drifts)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE_SECONDS,
        metavar="SECONDS",
        help="wait for new copies to leave the cache's racy window (default %(default)s)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: at most {QUICK_FILES} files, 1 run, 1 pair, 3 start-up runs, no peers, "
        "no language server",
    )
    parser.add_argument(
        "--remark-dir",
        type=Path,
        default=os.environ.get("REMARK_DIR"),
        help="folder with node_modules holding remark-cli and the plugins (or $REMARK_DIR)",
    )
    args = parser.parse_args()
    if args.quick:
        args.files, args.runs, args.pairs = min(args.files, QUICK_FILES), 1, 1
        args.startup_runs, args.no_peers = min(args.startup_runs, 3), True
    # Exit 1 means "problems found" and also "no module named filmlint": make sure it runs.
    subprocess.run([sys.executable, "-m", "filmlint", "--version"], check=True)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"filmlint benchmark: {cpus} CPUs, Python {sys.version.split()[0]}, "
        f"median of {args.runs}; {load()}"
    )
    print(f"peak memory: {MEMORY}" + ("; the RSS sum beside it" if HAS_PSS else ""))
    print(compile_bytecode())
    originals = sorted(args.corpus.resolve().glob("*.md"))
    if not originals:
        sys.exit(f"no *.md files in {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="filmlint-bench-") as temporary:
        root = Path(temporary)
        (root / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
        shutil.copyfile(SCHEMA, root / "film.schema.json")
        real = root / "real"
        real.mkdir()
        for path in originals:
            shutil.copyfile(path, real / path.name)
        copies = build_copies(originals, root / "copies", args.files)
        cache = root / ".filmlint_cache"
        time.sleep(args.settle)

        def remove_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        files = args.files
        name = copies.name
        cases = [
            Case("cold", filmlint_command(name), remove_cache),
            Case("warm", filmlint_command(name)),
            Case("warm, one edited", filmlint_command(name), edits_of(min(copies.glob("*.md")))),
            Case(
                "cold, no translation rules",
                filmlint_command(name, "--extend-ignore", TRANSLATION_RULES),
                remove_cache,
            ),
            Case("cold, no cache", filmlint_command(name, "--no-cache")),
            Case("jobs 1", filmlint_command(name, "--no-cache", "--jobs", "1")),
            Case(
                "jobs 1, no translation rules",
                filmlint_command(
                    name, "--no-cache", "--jobs", "1", "--extend-ignore", TRANSLATION_RULES
                ),
            ),
            Case("bare loop", script("bare_loop.py", str(SCHEMA), name)),
            Case("physical floor", script("bare_loop.py", "--floor", str(SCHEMA), name)),
        ]
        if cpus is not None and cpus > 1 and hasattr(os, "fork"):
            cases.append(
                Case(
                    "bare loop, in parallel",
                    script("bare_loop.py", "--processes", str(cpus), str(SCHEMA), name),
                )
            )
        if has_libyaml():
            cases.append(Case("floor.py", script("floor.py", str(SCHEMA), name)))
        found = in_turns(cases, root, args.runs)
        single_command = filmlint_command(name, "--no-cache", "--jobs", "1")
        paired = side_by_side(
            single_command,
            [*single_command, "--extend-ignore", TRANSLATION_RULES],
            root,
            args.pairs,
        )
        # The cache's share, on one process each: its own work, not how two processes share
        # two CPUs (that is the speed-up's measure).
        cache_paired = side_by_side(
            filmlint_command(name, "--jobs", "1"), single_command, root, args.pairs, remove_cache
        )
        print(f"\n{files:,} files, every offline rule, {args.runs} run(s) in turns\n{HEADER}")
        for label, key in (
            ("filmlint check, cold, writing the cache", "cold"),
            ("  the same without the translation rules", "cold, no translation rules"),
            ("filmlint check, re-run from the cache", "warm"),
            ("  the same after one file was edited", "warm, one edited"),
            ("filmlint check, cold, --no-cache", "cold, no cache"),
            ("filmlint check --jobs 1 --no-cache", "jobs 1"),
            ("  the same without the translation rules", "jobs 1, no translation rules"),
            ("bare loop (read, split, C load, jsonschema-rs)", "bare loop"),
            ("physical floor (C compose, is_valid)", "physical floor"),
            (f"bare loop, {cpus} shares at once (forked)", "bare loop, in parallel"),
            ("floor.py (C load, python-jsonschema)", "floor.py"),
        ):
            if key in found:
                print(row(label, files, found[key]))
        if "floor.py" not in found:
            print("  floor.py: PyYAML with libyaml not installed; skipped")
        cold, warm, no_cache = found["cold"], found["warm"], found["cold, no cache"]
        single, bare, floor = found["jobs 1"], found["bare loop"], found["physical floor"]
        untranslated = found["jobs 1, no translation rules"]
        if not args.no_peers:
            for line in peers(root, copies, files, args.remark_dir, cold):
                print(line)

        sizes = [(files, copies, cold, warm)]
        sized = [(len(originals), real)]
        if args.large:
            sized.append((args.large, build_copies(originals, root / "large", args.large)))
            time.sleep(args.settle)
        for count, folder in sized:
            remove_cache()
            measured = in_turns(
                [
                    Case("cold", filmlint_command(folder.name), remove_cache),
                    Case("warm", filmlint_command(folder.name)),
                ],
                root,
                args.runs,
            )
            print(f"\n{count:,} files ({folder.name}), default jobs\n{HEADER}")
            print(row("filmlint check, cold, writing the cache", count, measured["cold"]))
            print(row("filmlint check, re-run from the cache", count, measured["warm"]))
            sizes.append((count, folder, measured["cold"], measured["warm"]))
        remove_cache()
        print()
        ones = one_files(real)
        lines = [
            line for one in ones for line in startup(root, one, args.startup_runs, remove_cache)
        ]
        print("\n".join(lines))
        if args.instructions:
            counted = instruction_lines(
                root, originals, ones, args.instructions, args.settle, remove_cache
            )
            print("\n" + "\n".join(counted))
        served = [] if args.quick or args.no_server else server_lines()
        if served:
            print("\n" + "\n".join(served))

        rss_lines = [
            f"{count:,} files {max(c.mem_mb, w.mem_mb):.0f} MB" for count, _, c, w in sizes
        ]
        largest_count, _, largest_cold, largest_warm = max(sizes, key=lambda s: s[0])
        peak = max(largest_cold.mem_mb, largest_warm.mem_mb)
        peak_rss = max(largest_cold.rss_mb, largest_warm.rss_mb)
        memory = "PSS" if HAS_PSS else "RSS"
        rss_sum = f"; RSS sum {peak_rss:.0f} MB" if HAS_PSS else ""
        bare_ratio, floor_ratio = ratio(single, bare), ratio(single, floor)
        speedup = ratio(single, no_cache, "wall")
        # What this machine gives work that needs no coordination at all: the ceiling.
        ceiling = (
            f"; the bare loop's own {ratio(bare, found['bare loop, in parallel'], 'wall'):.2f}x"
            if "bare loop, in parallel" in found
            else ""
        )
        cache_cost, cache_how = share(cache_paired, cold, no_cache, "in turns with default jobs")
        cache_how += f"; wall {ratio(cold, no_cache, 'wall') - 1:+.1%}"
        added, how = share(paired, single, untranslated, "in turns")
        cold_added = ratio(cold, found["cold, no translation rules"]) - 1
        at = "" if largest_count >= 50_000 else "; run --large 50000 for the target's size"
        print(f"\nTargets (#17) on {files:,} files; {load()}")
        print(
            "\n".join(
                [
                    f"  --jobs 1 cold / bare loop {bare_ratio:.2f} (CPU; target <= 1.0"
                    f"{spread(single, bare)}): " + verdict(bare_ratio <= 1.0),
                    f"  --jobs 1 cold / physical floor {floor_ratio:.2f} (CPU; aim <= 3.0"
                    f"{spread(single, floor)}): " + verdict(floor_ratio <= 3.0),
                    f"  default jobs ({cpus}) speed-up over --jobs 1 {speedup:.2f}x "
                    f"(wall; target >= 1.8{ceiling}{spread(single, no_cache, 'wall')}): "
                    + verdict(speedup >= 1.8),
                    f"  writing the cache adds {cache_cost:+.1%} to a cold run ({cache_how}; "
                    f"target <= 10%{undecided(cache_paired, 1.10)}): "
                    + verdict(cache_cost <= 0.10),
                    f"  peak {memory} {peak:.0f} MB at {largest_count:,} files, cold or warm "
                    f"({', '.join(rss_lines)}{rss_sum}; target <= 150 MB at 50,000{at}): "
                    + verdict(peak <= 150),
                    f"  warm run {largest_warm.wall:.2f} s at {largest_count:,} files, "
                    f"{largest_warm.wall / largest_cold.wall:.1%} of cold "
                    f"(wall; target < 1 s at 50,000{at}): " + verdict(largest_warm.wall < 1.0),
                    f"  translation rules add {added:+.1%} to a cold --jobs 1 run ({how}; "
                    f"{cold_added:+.1%} to a default cold run writing the cache, CPU; "
                    f"target <= 15%{undecided(paired, 1.15)}): " + verdict(added <= 0.15),
                    *(line for line in lines if "one-file run /" in line),
                    # Its own lines that name a target, as it words them.
                    *(f"  server: {line.strip()}" for line in served[1:] if "target" in line),
                ]
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
