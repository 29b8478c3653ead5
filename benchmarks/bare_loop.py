"""The bare loop and the physical floor: the least work a front matter checker can do.

    python benchmarks/bare_loop.py SCHEMA FILE_OR_FOLDER ...           # the bare loop
    python benchmarks/bare_loop.py --floor SCHEMA FILE_OR_FOLDER ...   # the physical floor
    python benchmarks/bare_loop.py --processes 2 SCHEMA FILE_OR_FOLDER ...  # halves at once

Both run in one process, on the project's own dependencies only (ruamel.yaml with its C
extension, jsonschema-rs); each parser and validator is built once, before the loop.

The bare loop, per file: read the bytes, decode UTF-8, split off the front matter as
filmlint does (a first line of three or more dashes, up to the next such line; LF, CRLF or
a lone CR), load it with ruamel.yaml's C loader (``YAML(typ="safe", pure=False).load``,
dates kept as text, as JSON Schema's "date" format reads them), validate the data with
jsonschema-rs and print ``path: message`` for each error (no line or column).

The physical floor, per file: read, decode and split as above, compose the YAML with
ruamel.yaml's C composer (libyaml; nodes carry line:column marks) through a loader class
built once, build the data from those same nodes with the safe constructor, and ask
jsonschema-rs ``is_valid``: one line ``path: invalid`` for an invalid file, no messages. It
is what any checker that can report positions must do at least: filmlint composes with marks
and builds its data from the same nodes too.

With ``--processes N`` (where processes fork), the sorted files are cut into N contiguous
shares linted at once, the parent taking the first: how much faster this machine runs work
that needs no coordination at all in N processes, the ceiling of any parallel run's speed-up.

Exit status 1 when anything was printed, as filmlint's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema_rs
from _ruamel_yaml import CParser
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver

#: filmlint's delimiter line: three or more dashes, blanks, then a line break or the end.
_DELIMITER = re.compile(r"-{3,}[^\S\r\n]*(?:\r\n|\r|\n|\Z)")
_BOM = "\ufeff"


class _TextDates(SafeConstructor):
    """The safe constructor with dates kept as their text (a subclass: the shared table of
    SafeConstructor stays as it is)."""


_TextDates.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda constructor, node: constructor.construct_scalar(node)
)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _TextDates
    return yaml


class _FloorLoader(CParser, _TextDates, VersionedResolver):  # type: ignore[misc]
    """libyaml's parser and composer with the safe constructor, as one class built once
    (``YAML.compose`` and ``YAML.load`` build a new class of this kind on every call)."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        _TextDates.__init__(self, loader=self)
        VersionedResolver.__init__(self, version=None, loadumper=self)


def split(text: str) -> str | None:
    """The front matter's YAML text, or None when the file has none (or it is not closed)."""
    opening = _DELIMITER.match(text, 1 if text.startswith(_BOM) else 0)
    if opening is None:
        return None
    found = text.find("---", opening.end())
    while found != -1:
        if found == opening.end() or text[found - 1] in "\r\n":
            closing = _DELIMITER.match(text, found)
            if closing is not None:
                return text[opening.end() : closing.start()]
        found = text.find("---", found + 1)
    return None


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def read_front(path: Path, out: list[str]) -> str | None:
    """A file's front matter, or None with the reason added to ``out``."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        out.append(f"{path}: {one_line(error)}")
        return None
    front = split(text)
    if front is None:
        out.append(f"{path}: no front matter")
    return front


def bare_loop(files: list[Path], yaml: YAML, validator: Any, out: list[str]) -> None:
    for path in files:
        front = read_front(path, out)
        if front is None:
            continue
        try:
            data = yaml.load(front)
        except YAMLError as error:
            out.append(f"{path}: {one_line(error)}")
            continue
        try:
            out.extend(f"{path}: {error.message}" for error in validator.iter_errors(data))
        except ValueError as error:  # data jsonschema-rs cannot take (not JSON)
            out.append(f"{path}: {one_line(error)}")


def physical_floor(files: list[Path], validator: Any, out: list[str]) -> None:
    for path in files:
        front = read_front(path, out)
        if front is None:
            continue
        loader = _FloorLoader(front)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except YAMLError as error:
            out.append(f"{path}: {one_line(error)}")
            continue
        finally:
            loader.dispose()
        try:
            if not validator.is_valid(data):
                out.append(f"{path}: invalid")
        except ValueError as error:
            out.append(f"{path}: {one_line(error)}")


def in_processes(
    files: list[Path], processes: int, lint: Callable[[list[Path]], list[str]]
) -> list[str]:
    """``lint`` over contiguous shares of ``files`` at once, each share but the first in a
    forked process (the parent lints the first); the lines in the order of the files."""
    size = -(-len(files) // processes) or 1
    shares = [files[start : start + size] for start in range(0, len(files), size)]
    children: list[tuple[int, int]] = []
    for share in shares[1:]:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: lint its share, write its lines, and leave at once
            status = 1
            try:
                os.close(reader)
                with os.fdopen(writer, "w", encoding="utf-8") as pipe:
                    pipe.write("".join(line + "\n" for line in lint(share)))
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        children.append((pid, reader))
    out = lint(shares[0])
    for pid, reader in children:
        with os.fdopen(reader, encoding="utf-8") as pipe:
            out.extend(pipe.read().split("\n")[:-1])
        if os.waitpid(pid, 0)[1] != 0:
            sys.exit("a process of --processes failed")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floor", action="store_true", help="the physical floor, not the loop")
    parser.add_argument(
        "--processes", type=int, default=1, metavar="N", help="N shares at once (forked)"
    )
    parser.add_argument("schema", type=Path)
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.processes > 1 and not hasattr(os, "fork"):
        parser.error("--processes needs processes that fork")
    schema = json.loads(args.schema.read_text("utf-8"))
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    files = sorted(f for p in args.paths for f in (p.rglob("*.md") if p.is_dir() else [p]))
    yaml = None if args.floor else _yaml()

    def lint(share: list[Path]) -> list[str]:
        out: list[str] = []
        if yaml is None:
            physical_floor(share, validator, out)
        else:
            bare_loop(share, yaml, validator, out)
        return out

    out = lint(files) if args.processes <= 1 else in_processes(files, args.processes, lint)
    sys.stdout.write("".join(line + "\n" for line in out))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
