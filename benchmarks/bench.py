"""How fast filmlint is, against the floor script and the peers, on real film files.

    python benchmarks/bench.py [CORPUS] [--runs N] [--files N] [--no-peers] [--startup-runs N]

Builds two corpora in a temporary folder from CORPUS (default: ../shared/corpus/femres-films
beside the repository): its files as they are, and a copy of N files (default 10,000) under
new names (each round of copies under one prefix, so that a film's language versions stay
together). On each it runs `filmlint check` with every offline rule (cold: no cache; then a
re-run on the unchanged files, from the cache; then cold runs with and without the rules
that compare a film's language versions, in turns, for what those add) and
`benchmarks/floor.py` (read, split, C YAML load, python-jsonschema, line:column of each
error), and prints the median wall time of --runs runs, files per second, and the peak RSS
of the process tree (with psutil; without it, the largest single process). Peers run once
each, when installed (see the README): check-jsonschema (on the front matter extracted to
YAML files beforehand), and remark-cli with remark-frontmatter and
remark-lint-frontmatter-schema. Then the start-up of a one-file run against `python -c
"import jsonschema, ruamel.yaml"` (run in turns), and `python -X importtime` totals.
filmlint's modules are compiled to bytecode first, as pip install does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "schemas" / "film.schema.json"
FLOOR = REPO / "benchmarks" / "floor.py"
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

try:
    import psutil
except ImportError:
    psutil = None


@dataclass
class Measure:
    wall: float
    rss_mb: float
    code: int


def measure(command: Sequence[str], cwd: Path) -> Measure:
    """Run a command; its wall time and the peak RSS of its process tree."""
    start = time.perf_counter()
    if psutil is None:
        wrapper = (
            "import resource, subprocess, sys; "
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
        )
        done = subprocess.run(
            [sys.executable, "-c", wrapper, *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - start
        rss_kb, code = done.stdout.split()
        return Measure(wall, int(rss_kb) / 1024, int(code))
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.005)
    wall = time.perf_counter() - start
    return Measure(wall, peak / 2**20, process.returncode)


def median_run(command: Sequence[str], cwd: Path, runs: int, before: Path | None = None) -> Measure:
    """The median wall time (and the largest RSS) of ``runs`` runs; ``before`` is removed
    ahead of each (the cache, for cold runs)."""
    results = []
    for _ in range(runs):
        if before is not None:
            shutil.rmtree(before, ignore_errors=True)
        result = measure(command, cwd)
        if result.code not in (0, 1):  # 0 clean, 1 problems found; anything else failed
            sys.exit(
                f"{' '.join(command)} exited with {result.code}: no figure would mean anything"
            )
        results.append(result)
    wall = statistics.median(r.wall for r in results)
    return Measure(wall, max(r.rss_mb for r in results), results[0].code)


def build_corpora(source: Path, root: Path, count: int) -> dict[str, Path]:
    originals = sorted(source.glob("*.md"))
    if not originals:
        sys.exit(f"no *.md files in {source}")
    real = root / "real"
    copies = root / "copies"
    real.mkdir()
    copies.mkdir()
    for path in originals:
        shutil.copyfile(path, real / path.name)
    for index in range(count):
        # Each round of copies under one prefix, so a film's language versions stay one
        # translation set (003-alien-1979.md beside 003-alien-1979-en.md).
        path = originals[index % len(originals)]
        shutil.copyfile(path, copies / f"{index // len(originals):03d}-{path.name}")
    (root / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copyfile(SCHEMA, root / "film.schema.json")
    return {f"{len(originals)} files": real, f"{count:,} files": copies}


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


#: The rules that judge a file by its other language versions, for the measure without them.
TRANSLATION_RULES = "translation-missing,translation-mismatch"


def filmlint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "filmlint", "check", "--output-file", os.devnull, *args]


def row(name: str, files: int, m: Measure) -> str:
    return f"  {name:<44} {m.wall:8.2f} s {files / m.wall:10,.0f} files/s {m.rss_mb:8.0f} MB"


def peers(
    root: Path, folder: Path, files: int, remark: Path | None, filmlint_wall: float
) -> list[str]:
    lines = []
    checker = shutil.which("check-jsonschema")
    if checker is None:
        lines.append("  check-jsonschema: not installed (pip install check-jsonschema); skipped")
    else:
        yaml_files = extract_front_matter(folder, root / f"{folder.name}-yaml")
        m = measure([checker, "--schemafile", str(root / "film.schema.json"), *yaml_files], root)
        lines.append(row("check-jsonschema (pre-extracted, 1 run)", files, m))
        lines.append(f"    filmlint speed-up over check-jsonschema: {m.wall / filmlint_wall:.1f}x")
    binary = remark / "node_modules" / ".bin" / "remark" if remark else None
    if binary is None or not binary.exists():
        lines.append(
            "  remark-lint-frontmatter-schema: not installed (see README, or --remark-dir); skipped"
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
        lines.append(f"    filmlint speed-up over remark: {m.wall / filmlint_wall:.1f}x")
    return lines


def import_total(command: Sequence[str], cwd: Path) -> float:
    """The sum of the self times ``python -X importtime`` reports, in ms."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    total = sum(int(m.group(1)) for m in re.finditer(r"import time:\s+(\d+) \|", done.stderr))
    return total / 1000


def interleaved(
    commands: Sequence[Sequence[str]], cwd: Path, runs: int, cache: Path
) -> list[float]:
    """The median wall time of each command, run in turns (A B C A B C ...) so that a change of
    the machine's load during the measure falls on all of them alike; the cache is removed
    before each run."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            shutil.rmtree(cache, ignore_errors=True)
            result = measure(command, cwd)
            if result.code not in (0, 1):
                sys.exit(f"{' '.join(command)} exited with {result.code}")
            times[index].append(result.wall)
    return [statistics.median(t) for t in times]


def startup(root: Path, runs: int) -> list[str]:
    one = next((root / "real").glob("*.md"))
    cache = root / ".filmlint_cache"
    lint = filmlint_command(str(one.relative_to(root)))
    baseline = [sys.executable, "-c", "import jsonschema, ruamel.yaml"]
    # The same file with the structure checks only: what the language and country tables,
    # loaded because the file has those fields, add to the start-up.
    lean = [*lint, "--select", "FL0,FL1"]
    cold, base, structure = interleaved([lint, baseline, lean], root, runs, cache)
    ratio = cold / base
    lines = [f"Start-up: one file ({one.name}), median of {runs} runs in turns"]
    lines.append(f"  filmlint check one-file.md (no cache yet)     {cold * 1000:8.0f} ms")
    lines.append(f'  python -c "import jsonschema, ruamel.yaml"    {base * 1000:8.0f} ms')
    lines.append(
        f"  one-file run / import baseline {ratio:.2f} (target <= 1.5): "
        + ("met" if ratio <= 1.5 else "NOT met")
    )
    lines.append(
        f"  the same, --select FL0,FL1 (no rule tables)   {structure * 1000:8.0f} ms"
        f" (ratio {structure / base:.2f})"
    )
    shutil.rmtree(cache, ignore_errors=True)
    ours = import_total(["-m", "filmlint", *lint[3:]], root)
    theirs = import_total(baseline[1:], root)
    lines.append(
        f"  python -X importtime totals: filmlint one-file run {ours:.1f} ms, "
        f"import jsonschema, ruamel.yaml {theirs:.1f} ms"
    )
    return lines


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=REPO.parent / "shared" / "corpus" / "femres-films",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--files", type=int, default=10_000, help="files in the large corpus")
    parser.add_argument("--no-peers", action="store_true", help="skip the peer tools")
    parser.add_argument(
        "--startup-runs", type=int, default=15, help="runs of each start-up measure (median)"
    )
    parser.add_argument(
        "--remark-dir",
        type=Path,
        default=os.environ.get("REMARK_DIR"),
        help="folder with node_modules holding remark-cli and the plugins (or $REMARK_DIR)",
    )
    args = parser.parse_args()
    # Exit 1 means "problems found" and also "no module named filmlint": make sure it runs.
    subprocess.run([sys.executable, "-m", "filmlint", "--version"], check=True)
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"filmlint benchmark: {jobs} CPUs, Python {sys.version.split()[0]}, median of {args.runs}"
    )
    print(f"peak RSS: {'process tree (psutil)' if psutil else 'largest single process'}")
    print(compile_bytecode())
    with tempfile.TemporaryDirectory(prefix="filmlint-bench-") as temporary:
        root = Path(temporary)
        corpora = build_corpora(args.corpus.resolve(), root, args.files)
        targets: list[str] = []
        for label, folder in corpora.items():
            files = len(list(folder.glob("*.md")))
            print(f"\n{label}")
            cache = root / ".filmlint_cache"
            cold = median_run(filmlint_command(folder.name), root, args.runs, before=cache)
            warm = median_run(filmlint_command(folder.name), root, args.runs)
            floor = median_run(
                [sys.executable, str(FLOOR), str(root / "film.schema.json"), folder.name],
                root,
                args.runs,
            )
            print(row("filmlint check (every offline rule)", files, cold))
            print(row("filmlint check, re-run from the cache", files, warm))
            print(row("floor.py (read, split, C load, jsonschema)", files, floor))
            ratio = cold.wall / floor.wall
            share = warm.wall / cold.wall
            print(f"    filmlint / floor: {ratio:.2f}; re-run / cold: {share:.1%}")
            # Cold runs with and without the translation rules, in turns (A B A B ...).
            with_them, without = interleaved(
                [
                    filmlint_command(folder.name),
                    filmlint_command(folder.name, "--extend-ignore", TRANSLATION_RULES),
                ],
                root,
                args.runs,
                cache,
            )
            added = with_them / without - 1
            print(
                f"  filmlint check without the translation rules {without:8.2f} s; "
                f"with them {with_them:.2f} s: {added:+.1%}"
            )
            if folder.name == "copies":
                targets += [
                    f"  filmlint / floor {ratio:.2f} (target <= 1.0): "
                    + ("met" if ratio <= 1.0 else "NOT met"),
                    f"  filmlint peak RSS {cold.rss_mb:.0f} MB (target < 200): "
                    + ("met" if cold.rss_mb < 200 else "NOT met"),
                    f"  cache re-run {share:.1%} of cold (target < 10%): "
                    + ("met" if share < 0.10 else "NOT met"),
                    f"  translation rules add {added:+.1%} to a cold run (target <= 15%): "
                    + ("met" if added <= 0.15 else "NOT met"),
                ]
            if not args.no_peers:
                for line in peers(root, folder, files, args.remark_dir, cold.wall):
                    print(line)
            shutil.rmtree(cache, ignore_errors=True)
        print()
        lines = startup(root, args.startup_runs)
        print("\n".join(lines))
        print(f"\nTargets on the {args.files:,}-file corpus")
        print("\n".join([*targets, lines[3]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
