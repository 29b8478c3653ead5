"""The floor: the least a front matter checker can do, as a bare script.

Read each file, split off the front matter, load it with a C YAML loader (PyYAML's
CSafeLoader on libyaml), validate it with python-jsonschema against the same schema, and
print ``path:line:column: message`` for each error. No rules, no configuration, one process.

    python benchmarks/floor.py SCHEMA FILE_OR_FOLDER ...
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

_DELIMITER = re.compile(r"^-{3,}\s*$", re.MULTILINE)


class _Loader(yaml.CSafeLoader):
    """libyaml's safe loader, dates kept as text (what JSON Schema's "date" format reads)."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _node_at(node: Any, path: Any) -> Any:
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(step)), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step]
    return node


def check(path: Path, validator: Any, out: list[str]) -> None:
    text = path.read_text("utf-8")
    opening = _DELIMITER.match(text)
    closing = _DELIMITER.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        out.append(f"{path}:1:1: no front matter")
        return
    first_line = text.count("\n", 0, opening.end()) + 1
    loader = _Loader(text[opening.end() : closing.start()])
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        out.append(f"{path}:{line}:{(mark.column if mark else 0) + 1}: {error}")
        return
    finally:
        loader.dispose()
    for error in validator.iter_errors(data):
        mark = _node_at(node, error.absolute_path).start_mark
        out.append(f"{path}:{first_line + mark.line}:{mark.column + 1}: {error.message}")


def main(argv: list[str]) -> int:
    schema = json.loads(Path(argv[0]).read_text("utf-8"))
    validator = validator_for(schema)(schema, format_checker=FormatChecker())
    files = sorted(
        f
        for name in argv[1:]
        for f in (Path(name).rglob("*.md") if Path(name).is_dir() else [Path(name)])
    )
    out: list[str] = []
    for path in files:
        check(path, validator, out)
    sys.stdout.write("".join(line + "\n" for line in out))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
