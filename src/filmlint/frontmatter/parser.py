"""Split a Markdown file's front matter from its body and read it into data and a source map.

The YAML is composed with ruamel.yaml's C-backed parser: nodes carry code-point marks, and
the data is built from those same nodes in one walk, so nothing is parsed twice. The data is
JSON-compatible (dates become ISO strings) and never holds arbitrary Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import YAMLHandler
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from filmlint.diagnostics import Finding
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.scalars import TAG_PREFIX, key_of, scalar_value
from filmlint.frontmatter.sourcemap import KeyTable, SourceMap
from filmlint.rule_names import (
    ALIAS_EXPANSION,
    DUPLICATE_KEY,
    FRONT_MATTER_TYPE,
    MISSING_FRONT_MATTER,
    NESTING_DEPTH,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
)
from filmlint.text.decoding import BOM
from filmlint.text.positions import line_end, line_number

#: Deeper front matter is refused before composing: the C composer recurses on the C stack.
MAX_DEPTH = 100
#: More nodes than this after expanding aliases is an alias bomb, not a film.
MAX_EXPANDED_NODES = 100_000

_YAML = YAML(typ="safe", pure=False)
#: python-frontmatter defines what front matter is: its handler detects the opening line, and
#: its delimiter pattern finds the closing one.
_HANDLER = YAMLHandler()
_BOUNDARY = _HANDLER.FM_BOUNDARY
_TAG = TAG_PREFIX
_MERGE = TAG_PREFIX + "merge"
_STANDARD_TAGS = frozenset(
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


@dataclass(frozen=True, slots=True)
class Split:
    yaml_start: int
    yaml_end: int
    body_start: int


def split_front_matter(text: str) -> Split | None:
    """Find the ``---`` block at the top of ``text``, or None when it has none or it is open.

    python-frontmatter's delimiter decides whether there is front matter and where it ends;
    the offsets are taken from line ends here, because its pattern may swallow blank lines.
    """
    start = 1 if text.startswith(BOM) else 0
    if not _HANDLER.detect(text[start:]):  # `^` would not match at a BOM's end
        return None
    yaml_start = line_end(text, start)
    closing = _BOUNDARY.search(text, yaml_start)
    if closing is None:
        return None
    return Split(yaml_start, closing.start(), line_end(text, closing.start()))


def parse_document(text: str, path: str | None = None) -> tuple[Document, list[Finding]]:
    split = split_front_matter(text)
    if split is None:
        document = Document(path, text, None, SourceMap(text, None, {}, 0), 0, 0, len(text))
        message = "file is empty" if not text.strip(BOM) else _missing_message(text)
        return document, [Finding(MISSING_FRONT_MATTER, message, 0, 0)]
    yaml_text = text[split.yaml_start : split.yaml_end]
    base = split.yaml_start
    findings: list[Finding] = []
    first_line = line_number(text, base)
    root = _compose(yaml_text, base, first_line, findings)
    data: Any = None
    tables: dict[int, KeyTable] = {}
    if root is not None:
        builder = _Builder(base, first_line, findings)
        data = builder.build(root)
        tables = builder.tables
        if builder.expanded > MAX_EXPANDED_NODES:
            findings[:] = [builder.alias_bomb_finding()]
            data = None
    elif not findings:
        findings.append(Finding(MISSING_FRONT_MATTER, "front matter is empty", 0, 0))
    if data is not None and not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        start = base + root.start_mark.index if root is not None else 0
        findings.append(
            Finding(
                FRONT_MATTER_TYPE, f"front matter is {kind}, not a mapping of keys", start, start
            )
        )
        data = None
    if data is None:
        root, tables = None, {}
    source_map = SourceMap(text, root, tables, base, split.body_start)
    document = Document(
        path, text, data, source_map, split.yaml_start, split.yaml_end, split.body_start
    )
    return document, findings


def _missing_message(text: str) -> str:
    start = 1 if text.startswith(BOM) else 0
    if _HANDLER.detect(text[start:]):
        return "front matter is not closed: no '---' line ends it"
    return "no front matter: the file must start with a '---' line"


def _compose(yaml_text: str, base: int, first_line: int, findings: list[Finding]) -> Node | None:
    too_deep = _too_deep(yaml_text)
    if too_deep is not None:
        offset = base + too_deep
        message = f"front matter is nested more than {MAX_DEPTH} levels deep"
        findings.append(Finding(NESTING_DEPTH, message, offset, offset + 1))
        return None
    try:
        node: Node | None = _YAML.compose(yaml_text)
    except MarkedYAMLError as error:
        findings.append(_syntax_finding(error, yaml_text, base, first_line))
        return None
    except YAMLError as error:  # errors without a mark, e.g. from the reader
        findings.append(Finding(YAML_SYNTAX, str(error).strip(), base, base))
        return None
    return node


def _syntax_finding(error: MarkedYAMLError, yaml_text: str, base: int, first_line: int) -> Finding:
    mark = error.problem_mark or error.context_mark
    offset = base + (mark.index if mark is not None else 0)
    problem = error.problem or error.context or "invalid YAML"
    if error.context and error.problem and error.context_mark is not None:
        message = f"{problem} ({error.context} at line {first_line + error.context_mark.line})"
    else:
        message = problem
    unclosed = _last_multiline_quoted_line(yaml_text)
    if unclosed is not None:
        message += f"; is the quote opened at line {first_line + unclosed} closed?"
    return Finding(YAML_SYNTAX, message, offset, offset + 1)


def _last_multiline_quoted_line(yaml_text: str) -> int | None:
    """The line (0-based) of the last quoted scalar before a syntax error, if it spans lines.

    An unclosed quote swallows the lines after it, so the parser fails lines later; pointing
    at the quote is what a person needs. Only runs on files that already failed.
    """
    last = None
    try:
        for event in _YAML.parse(yaml_text):
            if type(event).__name__ == "ScalarEvent":
                last = event
    except YAMLError:
        pass
    if last is None or last.style not in ("'", '"') or last.start_mark.line == last.end_mark.line:
        return None
    line: int = last.start_mark.line
    return line


def _too_deep(yaml_text: str) -> int | None:
    """The offset where nesting exceeds MAX_DEPTH, or None.

    Each level of nesting needs one of ``[{-:?``, so a text with few of them is shallow and
    skips the event walk; only a suspicious text pays for it.
    """
    indicators = sum(yaml_text.count(c) for c in "[{-:?")
    if indicators <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in _YAML.parse(yaml_text):
            name = type(event).__name__
            if name in ("SequenceStartEvent", "MappingStartEvent"):
                depth += 1
                if depth > MAX_DEPTH:
                    index: int = event.start_mark.index
                    return index
            elif name in ("SequenceEndEvent", "MappingEndEvent"):
                depth -= 1
    except YAMLError:
        return None  # composing will report the syntax error at its place
    return None


class _Builder:
    """Builds JSON-compatible data from composed nodes, reporting duplicate keys and odd tags.

    A composed alias is the very node of its anchor, so values are shared through a memo and
    an alias bomb costs no memory; ``expanded`` counts the nodes as a validator would see them.
    """

    def __init__(self, base: int, first_line: int, findings: list[Finding]) -> None:
        self._base = base
        self._first_line = first_line
        self._findings = findings
        self._memo: dict[int, tuple[Any, int]] = {}
        self._first_alias: Node | None = None
        self.expanded = 0
        #: The key table of each mapping, by node id, for the source map.
        self.tables: dict[int, KeyTable] = {}

    def build(self, root: Node) -> Any:
        value, self.expanded = self._value(root)
        return value

    def alias_bomb_finding(self) -> Finding:
        node = self._first_alias
        start = self._base + (node.start_mark.index if node is not None else 0)
        message = (
            f"aliases expand to more than {MAX_EXPANDED_NODES:,} values; refusing to read them"
        )
        return Finding(ALIAS_EXPANSION, message, start, start + 1)

    def _value(self, node: Node) -> tuple[Any, int]:
        memo = self._memo.get(id(node))
        if memo is not None:
            if self._first_alias is None:
                self._first_alias = node
            return memo
        tag = str(node.tag)  # a new string on each access: taken once
        if tag not in _STANDARD_TAGS:
            self._report_tag(node)
        if isinstance(node, ScalarNode):
            result: tuple[Any, int] = (scalar_value(node, tag), 1)
        elif isinstance(node, SequenceNode):
            items = [self._value(item) for item in node.value]
            result = ([v for v, _ in items], 1 + sum(n for _, n in items))
        else:
            assert isinstance(node, MappingNode)
            result = self._mapping(node)
        self._memo[id(node)] = result
        return result

    def _mapping(self, node: MappingNode) -> tuple[dict[str, Any], int]:
        """A mapping's data, and its key table: the first of duplicate keys, then the keys
        of the mappings merged into it, which explicit keys override, as YAML says."""
        data: dict[str, Any] = {}
        table: KeyTable = {}
        size = 1
        merged: list[Node] = []
        for key_node, value_node in node.value:
            value, count = self._value(value_node)
            size += count
            key_tag = str(key_node.tag)
            if key_tag == _MERGE:
                merged.extend(
                    value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                )
                continue
            key = key_of(key_node, key_tag)
            if key in table:
                self._report_duplicate(key, key_node, table[key][0])
                continue
            table[key] = (key_node, value_node)
            data[key] = value
        for source in merged:
            source_table = self.tables.get(id(source))
            if source_table is None:  # a merged value that is not a mapping brings no keys
                continue
            source_data = self._memo[id(source)][0]
            for key, pair in source_table.items():
                if key not in table:
                    table[key] = pair
                    data[key] = source_data[key]
        self.tables[id(node)] = table
        return data, size

    def _report_duplicate(self, key: str, node: Node, first: Node) -> None:
        start = self._base + node.start_mark.index
        line = self._first_line + first.start_mark.line
        message = f"duplicate key '{key}' (first defined at line {line})"
        self._findings.append(
            Finding(DUPLICATE_KEY, message, start, self._base + node.end_mark.index)
        )

    def _report_tag(self, node: Node) -> None:
        start = self._base + node.start_mark.index
        tag = str(node.tag).replace(_TAG, "!!")
        message = f"tag '{tag}' is not allowed in front matter; its value is read as plain data"
        self._findings.append(Finding(UNSUPPORTED_TAG, message, start, start + 1))
