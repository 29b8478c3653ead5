"""The start-up floor: the least a one-file check by filmlint can do beyond ``import filmlint``.

    python benchmarks/startup_floor.py CONFIG SCHEMA CACHE FILE

In one process: ``import filmlint`` (the start-up target's baseline, so that the floor's
ratio to it says how much of the target's budget is left), then the steps no one-file check
of a site can leave out, each in its cheapest known way: jsonschema-rs loaded as filmlint
loads it (without the standard library's email package), the command line read with
argparse, the site's configuration read with tomllib, the schema read and compiled, the
file read, split and composed with marks and validated as ``bare_loop.py --floor`` does
(its resolver table built once, as filmlint's is), and the result written to a new SQLite
file at CACHE (removed first, as a first run finds none); ``FILE: invalid`` is printed for an
invalid file, one line for each reading problem.

No rule runs, nothing is placed or reported beyond that line, the cache is one row in one
table: a one-file run that checks no more than this cannot be faster than this script.

Exit status 1 when anything was printed, as filmlint's.
"""

from __future__ import annotations

import filmlint  # noqa: F401  # the baseline, in both measures
from filmlint.schema.compiled_validator import load_jsonschema_rs

load_jsonschema_rs()  # before bare_loop imports jsonschema_rs: without email.utils

import argparse  # noqa: E402
import json  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
import tomllib  # noqa: E402
from contextlib import closing  # noqa: E402
from pathlib import Path  # noqa: E402

import jsonschema_rs  # noqa: E402
from bare_loop import physical_floor  # noqa: E402  # beside this script, on sys.path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path, help="the site's filmlint.toml")
    parser.add_argument("schema", type=Path)
    parser.add_argument("cache", type=Path, help="the SQLite file to write (replaced)")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    tomllib.loads(args.config.read_text("utf-8"))
    schema = json.loads(args.schema.read_text("utf-8"))
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    out: list[str] = []
    physical_floor([args.file], validator, out)
    args.cache.unlink(missing_ok=True)
    with closing(sqlite3.connect(args.cache)) as database:
        database.execute("CREATE TABLE results (path TEXT PRIMARY KEY, lines TEXT)")
        database.execute("INSERT INTO results VALUES (?, ?)", (str(args.file), "\n".join(out)))
        database.commit()
    sys.stdout.write("".join(line + "\n" for line in out))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
