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
ruamel.yaml's C composer (libyaml; nodes carry line:column marks) through a composer class
whose resolver table is built once (ruamel.yaml's own resolver and safe constructor, as
``YAML`` builds them, cost more than the rest together), build the data from those same
nodes, each scalar by its resolved tag (dates kept as text), and ask jsonschema-rs
``is_valid``: one line ``path: invalid`` for an invalid file, no messages. It is what any
checker that can report positions must do at least: filmlint composes with marks and builds
its data from the same nodes too.

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
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.tag import Tag

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


def _implicit_table() -> dict[str | None, list[tuple[Tag, re.Pattern[str]]]]:
    """The implicit resolvers of the default YAML version by a scalar's first character
    (None: any), one shared tag object each."""
    table: dict[str | None, list[tuple[Tag, re.Pattern[str]]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if _DEFAULT_YAML_VERSION in versions:
            shared = _TAGS.setdefault(tag, Tag(suffix=tag))
            # ruamel.yaml compiled it (reading .pattern does) without the re.UNICODE that
            # .flags then shows: with its own flags, re's cache returns it, not a new compile.
            pattern = re.compile(regexp.pattern, regexp.flags & ~re.UNICODE)
            for character in [None] if first is None else first:
                table.setdefault(character, []).append((shared, pattern))
    return table


_TAGS: dict[str, Tag] = {}
_IMPLICIT = _implicit_table()
#: Those for any first character, also appended to each character's own.
_ANYWHERE = _IMPLICIT.pop(None, [])
_IMPLICIT = {character: [*entries, *_ANYWHERE] for character, entries in _IMPLICIT.items()}
_STR = _TAGS.setdefault("tag:yaml.org,2002:str", Tag(suffix="tag:yaml.org,2002:str"))
_SEQ, _MAP = Tag(suffix="tag:yaml.org,2002:seq"), Tag(suffix="tag:yaml.org,2002:map")
_TEXT = {id(tag): text for text, tag in _TAGS.items()}
#: YAML's spellings of the floats Python spells otherwise.
_FLOATS = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}


class _FloorComposer(CParser):  # type: ignore[misc]
    """libyaml's parser and composer, calling back into a resolver table built once: what
    ``filmlint.frontmatter.loader`` does, written again so that a baseline does not load
    the package it is measured against (importing it costs 60 ms, ruamel.yaml's 18)."""

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> Tag:
        if kind is ScalarNode:
            if implicit[0] and value is not None:
                for tag, pattern in _IMPLICIT.get(value[:1], _ANYWHERE):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, parent: Node | None, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _data(node: Node) -> Any:
    """The data of a node: mappings and lists as such, each scalar by its tag."""
    if isinstance(node, MappingNode):
        return {_data(key): _data(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [_data(item) for item in node.value]
    value = node.value
    tag = _TEXT.get(id(node.ctag)) or str(node.tag)
    if tag.endswith(":int"):
        return int(value.replace("_", ""), 0) if value[:2] in ("0x", "0o") else int(value)
    if tag.endswith(":float"):
        return float(_FLOATS.get(value.lower(), value))
    if tag.endswith(":bool"):
        return value.lower() == "true"
    if tag.endswith(":null"):
        return None
    return value  # a string, or a date as its text


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
        try:
            node = _FloorComposer(front).get_single_node()
            data = _data(node) if node is not None else None
        except (YAMLError, ValueError, TypeError) as error:  # a list as a key: TypeError
            out.append(f"{path}: {one_line(error)}")
            continue
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
