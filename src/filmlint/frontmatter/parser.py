"""Split a Markdown file's front matter from its body and read it into data and a source map.

The YAML is composed with ruamel.yaml's C-backed parser: nodes carry code-point marks, and
the data is built from those same nodes in one walk, so nothing is parsed twice. The data is
JSON-compatible (dates become ISO strings) and never holds arbitrary Python objects.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from filmlint.diagnostics import Finding
from filmlint.frontmatter import loader
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.scalars import (
    TAG_KINDS,
    TAG_PREFIX,
    SelfReference,
    key_of,
    scalar_value,
    tag_fits,
)
from filmlint.frontmatter.sourcemap import KeyTable, SourceMap
from filmlint.rule_names import (
    ALIAS_EXPANSION,
    DUPLICATE_KEY,
    FILE_ENCODING,
    FRONT_MATTER_TYPE,
    MISSING_FRONT_MATTER,
    NESTING_DEPTH,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
)
from filmlint.text.decoding import BOM
from filmlint.text.positions import LINE_BREAK, LineIndex, line_number

if TYPE_CHECKING:
    from filmlint.frontmatter.properties import Properties

#: Deeper front matter is refused: the C composer recurses on the C stack, and so would
#: anything that walks the data. Aliases can nest data deeper than its text: checked on both.
MAX_DEPTH = 100
#: Aliases that stand for more values than this are an alias bomb, not a film. Values written
#: out are not counted: their number is bounded by the file's size, as their cost is.
MAX_EXPANDED_NODES = 100_000

#: A line of three or more dashes and blanks, which opens or closes front matter (the rule of
#: python-frontmatter, with the line breaks of CommonMark and YAML: LF, CRLF and a lone CR).
_DELIMITER = re.compile(rf"-{{3,}}[^\S\r\n]*(?:{LINE_BREAK.pattern}|\Z)")
_TAG = TAG_PREFIX
_STR = TAG_PREFIX + "str"
#: ``str(node.tag)`` without building a new string when the resolver gave the tag (inlined
#: as ``_RESOLVED.get(id(ctag)) or str(ctag)``: it runs for every node).
_RESOLVED = loader.RESOLVED_TAG_TEXTS
_MERGE = TAG_PREFIX + "merge"
_MAP, _SEQ = TAG_PREFIX + "map", TAG_PREFIX + "seq"
_STANDARD_TAGS = frozenset(
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


class Split:
    __slots__ = ("body_start", "yaml_end", "yaml_start")

    def __init__(self, yaml_start: int, yaml_end: int, body_start: int) -> None:
        self.yaml_start = yaml_start
        self.yaml_end = yaml_end
        self.body_start = body_start


def split_front_matter(text: str) -> Split | None:
    """Find the ``---`` block at the top of ``text``, or None when it has none or it is open."""
    opening = _DELIMITER.match(text, 1 if text.startswith(BOM) else 0)
    if opening is None:
        return None
    closing = _closing_delimiter(text, opening.end())
    if closing is None:
        return None
    return Split(opening.end(), closing.start(), closing.end())


def _closing_delimiter(text: str, start: int) -> re.Match[str] | None:
    """The first delimiter line from ``start`` (a line start) on; ``str.find`` does the
    scanning, several times faster than a regular expression that looks behind each dash."""
    found = text.find("---", start)
    while found != -1:
        if found == start or text[found - 1] in "\r\n":
            delimiter = _DELIMITER.match(text, found)
            if delimiter is not None:
                return delimiter
        found = text.find("---", found + 1)
    return None


def parse_document(text: str, path: str | None = None) -> tuple[Document, list[Finding]]:
    split = split_front_matter(text)
    if split is None:
        document = Document(path, text, None, SourceMap(text, None, {}, 0), 0, 0, len(text))
        message = "file is empty" if not text.strip(BOM) else _missing_message(text)
        return document, [Finding(MISSING_FRONT_MATTER, message, 0, 0)]
    yaml_text = text[split.yaml_start : split.yaml_end]
    # libyaml's reader drops a BOM that starts its input (a concatenation can leave one after
    # the opening ``---``) and counts no mark for it: the marks count from the character after.
    base = split.yaml_start + 1 if yaml_text.startswith(BOM) else split.yaml_start
    findings: list[Finding] = []
    root = _compose(text, base, yaml_text, findings)
    data: Any = None
    tables: dict[int, KeyTable] = {}
    lists: list[list[Any]] | None = None
    if root is not None:
        builder = _Builder(text, base, yaml_text, findings)
        try:
            data = builder.build(root)
        except _Refused as refused:
            findings[:] = [refused.finding]
        else:
            tables, lists = builder.tables, builder.lists
            if builder.through_aliases > MAX_EXPANDED_NODES:
                findings[:] = [builder.alias_bomb_finding()]
                data = None
    elif not findings:
        findings.append(Finding(MISSING_FRONT_MATTER, "front matter is empty", 0, 0))
    if root is not None and not isinstance(data, dict) and (data is not None or not findings):
        # A null (``~``, ``null``, a bare anchor) is a single value too, not nothing: every
        # rule would skip the file, which would pass. (Refused, it is None with its finding.)
        kind = "a list" if isinstance(data, list) else "a single value"
        kind += " (null)" if data is None else ""
        start = base + root.start_mark.index
        findings.append(
            Finding(
                FRONT_MATTER_TYPE, f"front matter is {kind}, not a mapping of keys", start, start
            )
        )
        data = None
    if data is None:
        root, tables = None, {}
    source_map = SourceMap(text, root, tables, base, split.body_start, split.yaml_end)
    document = Document(
        path, text, data, source_map, split.yaml_start, split.yaml_end, split.body_start
    )
    if data is not None:
        document.lists = lists
    return document, findings


def _missing_message(text: str) -> str:
    if _DELIMITER.match(text, 1 if text.startswith(BOM) else 0):
        return "front matter is not closed: no '---' line ends it"
    return "no front matter: the file must start with a '---' line"


def _compose(text: str, base: int, yaml_text: str, findings: list[Finding]) -> Node | None:
    """The node tree of ``yaml_text``, whose marks count from ``base`` in ``text``, or None
    with a finding."""
    try:
        too_deep = _too_deep(yaml_text)
        if too_deep is not None:
            offset = base + too_deep
            message = f"front matter is nested more than {MAX_DEPTH} levels deep"
            findings.append(Finding(NESTING_DEPTH, message, offset, offset + 1))
            return None
        node = loader.compose(yaml_text)
    except MarkedYAMLError as error:
        findings.append(_syntax_finding(error, text, base, yaml_text))
        return None
    except ReaderError as error:  # the one error without a mark: a character YAML refuses
        findings.append(_refused_character_finding(error, base, yaml_text))
        return None
    except YAMLError as error:  # none is known to come here: at the front matter, then
        findings.append(Finding(YAML_SYNTAX, " ".join(str(error).split()), base, base))
        return None
    except UnicodeEncodeError as error:  # a str from a program, not a file, can hold one
        offset = _offset_in_text(base, yaml_text, error.start)
        message = f"text has a lone surrogate (U+{ord(text[offset]):04X}), which is not a character"
        findings.append(Finding(FILE_ENCODING, message, offset, offset + 1))
        return None
    return node


def _offset_in_text(base: int, yaml_text: str, index: int) -> int:
    """Where ``yaml_text[index]`` is in the file, for errors that give no mark: ``base`` is
    past a BOM that starts ``yaml_text``, which ``index`` counts."""
    return base + index - (1 if yaml_text.startswith(BOM) else 0)


def _refused_character_finding(error: ReaderError, base: int, yaml_text: str) -> Finding:
    """A character outside YAML's printable set, at its place: libyaml gives the offset in
    the UTF-8 bytes of ``yaml_text``, not in code points."""
    raw = yaml_text.encode("utf-8", "surrogatepass")  # a lone surrogate before it counts one
    index = len(raw[: error.position].decode("utf-8", "surrogatepass"))
    offset = _offset_in_text(base, yaml_text, index)
    code: int = error.character
    kind = "noncharacter" if code in (0xFFFE, 0xFFFF) else "control character"
    escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    message = (
        f"{kind} U+{code:04X} is not allowed in YAML (a double-quoted string can hold it as "
        f"the escape {escape})"
    )
    return Finding(YAML_SYNTAX, message, offset, offset + 1)


def _syntax_finding(error: MarkedYAMLError, text: str, base: int, yaml_text: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    offset = base + (mark.index if mark is not None else 0)
    problem = error.problem or error.context or "invalid YAML"
    if error.context and error.problem and error.context_mark is not None:
        line = line_number(text, base + error.context_mark.index)
        message = f"{problem} ({error.context} at line {line})"
    else:
        message = problem
    unclosed = _last_multiline_quote(yaml_text)
    if unclosed is not None:
        message += f"; is the quote opened at line {line_number(text, base + unclosed)} closed?"
    # A BOM left inside by a concatenation is invisible, but YAML reads it as indentation at a
    # line's start: say where it is. From ``base``: one starting the YAML was dropped unread.
    bom = text.rfind(BOM, base, offset + 1)
    if bom != -1:
        message += f"; an invisible U+FEFF (byte order mark) is at line {line_number(text, bom)}"
    return Finding(YAML_SYNTAX, message, offset, offset + 1)


def _last_multiline_quote(yaml_text: str) -> int | None:
    """Where the last quoted scalar before a syntax error starts, if it spans lines.

    An unclosed quote swallows the lines after it, so the parser fails lines later; pointing
    at the quote is what a person needs. Only runs on files that already failed.
    """
    last = None
    try:
        for event in loader.parse(yaml_text):
            if type(event).__name__ == "ScalarEvent":
                last = event
    except YAMLError:
        pass
    if last is None or last.style not in ("'", '"') or last.start_mark.line == last.end_mark.line:
        return None
    index: int = last.start_mark.index
    return index


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
        for event in loader.parse(yaml_text):
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


def _self_alias(yaml_text: str) -> tuple[int, int] | None:
    """The span of the first alias inside the value its anchor names, or None.

    A composed alias is its anchor's node, which keeps no trace of the alias's place; the
    events do. Only runs on front matter that refers to itself.
    """
    latest: dict[str, int] = {}  # anchor name -> its latest definition (an event number)
    open_collections: list[int] = []
    for number, event in enumerate(loader.parse(yaml_text)):
        name = type(event).__name__
        if name == "AliasEvent":
            if latest.get(event.anchor, -1) in open_collections:
                return event.start_mark.index, event.end_mark.index
            continue
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            latest[anchor] = number
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            open_collections.append(number)
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            open_collections.pop()
    return None


def _first_alias(yaml_text: str) -> tuple[int, int] | None:
    """The span of the first alias written as a value (not in a key, which is not expanded),
    or None. A composed alias is its anchor's node: only the events keep its place."""
    open_collections: list[list[int]] = []  # each: [is a mapping, children met, in a key]
    for event in loader.parse(yaml_text):
        name = type(event).__name__
        if name in ("SequenceEndEvent", "MappingEndEvent"):
            open_collections.pop()
            continue
        if name not in ("AliasEvent", "ScalarEvent", "SequenceStartEvent", "MappingStartEvent"):
            continue
        in_key = False
        if open_collections:
            parent = open_collections[-1]
            in_key = bool(parent[2] or (parent[0] and parent[1] % 2 == 0))
            parent[1] += 1
        if name == "AliasEvent" and not in_key:
            return event.start_mark.index, event.end_mark.index
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            open_collections.append([name == "MappingStartEvent", 0, in_key])
    return None


class _Refused(Exception):
    """Front matter whose data is not built, and the finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


#: A memo entry while its node is being built: meeting it again means the node holds itself.
_BUILDING: tuple[Any, int] = (None, 0)


class _Builder:
    """Builds JSON-compatible data from composed nodes, reporting duplicate keys and odd tags.

    A composed alias is the very node of its anchor, so values are shared through a memo and
    an alias bomb costs no memory; ``expanded`` counts the nodes as a validator would see them.
    A value that holds itself through an alias has no finite data, and one nested deeper than
    MAX_DEPTH once aliases are expanded would exhaust the stack of what reads it: both are
    refused. Without aliases the data is as deep as the text, which was checked already, and
    no node is met twice: a text without ``*`` (no alias) keeps no memo.

    Each node is built by one call that reads its tag once, as the text of a resolved tag
    when it is one; a plain string, the common case, takes no further step.
    """

    def __init__(self, text: str, base: int, yaml_text: str, findings: list[Finding]) -> None:
        self._text = text
        self._base = base
        self._yaml_text = yaml_text
        self._findings = findings
        #: Each node's (value, expanded size), by node id; None when nothing is an alias.
        self._memo: dict[int, tuple[Any, int]] | None = {} if "*" in yaml_text else None
        self._aliased = False
        self._lines: LineIndex | None = None
        #: Where the properties of nodes are written, once a tag is reported.
        self._properties: dict[int, Properties] | None = None
        #: How many collections the walk is inside: an alias to an anchor defined in a key
        #: (which the walk does not enter) brings that anchor's nesting in.
        self._depth = 0
        self.expanded = 0
        #: The values aliases stand for, counted as often as they are met.
        self.through_aliases = 0
        #: The key table of each mapping, by node id, for the source map.
        self.tables: dict[int, KeyTable] = {}
        #: Each list built (``Document.lists``).
        self.lists: list[list[Any]] = []

    def build(self, root: Node) -> Any:
        try:
            value = self._value(root)
        except SelfReference:
            raise _Refused(self._self_reference_finding()) from None
        if self._aliased:
            self._height(root, {}, 0)
        return value

    def alias_bomb_finding(self) -> Finding:
        found = _first_alias(self._yaml_text) or (0, 0)
        start, end = self._base + found[0], self._base + found[1]
        message = (
            f"aliases expand to more than {MAX_EXPANDED_NODES:,} values; refusing to read them"
        )
        return Finding(ALIAS_EXPANSION, message, start, end)

    def _self_reference_finding(self) -> Finding:
        found = _self_alias(self._yaml_text)
        assert found is not None  # a value can only hold itself through an alias inside it
        start, end = found
        alias = self._text[self._base + start : self._base + end]
        message = f"alias '{alias}' refers to itself: it is inside the value its anchor names"
        return Finding(ALIAS_EXPANSION, message, self._base + start, self._base + end)

    def _value(self, node: Node) -> Any:
        memo = self._memo
        if memo is not None:
            known = memo.get(id(node))
            if known is not None:
                return self._again(node, known)
            start = self.expanded
        self.expanded += 1
        ctag = node.ctag
        tag = _RESOLVED.get(id(ctag)) or str(ctag)
        if type(node) is ScalarNode:
            if tag == _STR:
                value: Any = node.value
            elif self._refused_tag(node, tag):
                value = node.value  # read as written: never turned into what it is not
            else:
                value = scalar_value(node, tag)
        else:
            if tag != (_MAP if type(node) is MappingNode else _SEQ):
                self._refused_tag(node, tag)
            if memo is not None:
                memo[id(node)] = _BUILDING
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(self._too_deep_finding(node))
            if type(node) is MappingNode:
                value = self._mapping(node)
            else:
                value = [self._value(item) for item in node.value]
                self.lists.append(value)
            self._depth -= 1
        if memo is not None:
            memo[id(node)] = (value, self.expanded - start)
        return value

    def _again(self, node: Node, known: tuple[Any, int]) -> Any:
        """The value of a node met before, through an alias, counted again."""
        if known is _BUILDING:
            raise SelfReference
        self._aliased = True
        value, size = known
        self.expanded += size
        self.through_aliases += size
        return value

    def _mapping(self, node: MappingNode) -> dict[str, Any]:
        """A mapping's data, and its key table: the first of duplicate keys, then the keys
        of the mappings merged into it, which explicit keys override, as YAML says."""
        data: dict[str, Any] = {}
        table: KeyTable = {}
        merged: list[tuple[Node, Any]] = []  # each merged node, with its value
        for key_node, value_node in node.value:
            value = self._value(value_node)
            key_ctag = key_node.ctag
            key_tag = _RESOLVED.get(id(key_ctag)) or str(key_ctag)
            if type(key_node) is ScalarNode and key_tag == _STR:
                key = key_node.value
            elif key_tag == _MERGE and type(key_node) is ScalarNode:
                if type(value_node) is SequenceNode:
                    for item in value_node.value:
                        self._check_merged(item, key_node)
                    merged.extend(zip(value_node.value, value, strict=True))
                else:
                    self._check_merged(value_node, key_node)
                    merged.append((value_node, value))
                continue
            else:
                key = self._key(key_node, key_tag)
            if key in table:
                self._report_duplicate(key, key_node, table[key][0])
                continue
            table[key] = (key_node, value_node)
            data[key] = value
        for source, source_data in merged:
            source_table = self.tables[id(source)]  # a mapping (``_check_merged``)
            for key, pair in source_table.items():
                if key not in table:
                    table[key] = pair
                    data[key] = source_data[key]
        self.tables[id(node)] = table
        return data

    def _key(self, node: Node, tag: str) -> str:
        """A key's text; its tags are checked as those of values are (a key is not built as
        a value, so each node of a list or mapping used as a key is checked here)."""
        if type(node) is ScalarNode:
            return str(node.value) if self._refused_tag(node, tag) else key_of(node, tag)
        seen: set[int] = set()  # an alias is its anchor's node: each node is checked once
        pending = [node]
        while pending:
            inner = pending.pop()
            if id(inner) in seen:
                continue
            seen.add(id(inner))
            self._refused_tag(inner, _RESOLVED.get(id(inner.ctag)) or str(inner.ctag))
            if type(inner) is SequenceNode:
                pending.extend(inner.value)
            elif type(inner) is MappingNode:
                pending.extend(n for pair in inner.value for n in pair)
        return key_of(node, tag)

    def _check_merged(self, node: Node, key_node: Node) -> None:
        """Refuse a merged value that is not a mapping, as YAML loaders do: at the value, or
        at the ``<<`` when the value is an alias (its node is written elsewhere, before) or
        is not written at all."""
        if type(node) is MappingNode:
            return
        empty = node.start_mark.index == node.end_mark.index
        written = node.start_mark.index >= key_node.end_mark.index and not empty
        at = node if written else key_node
        start = self._base + at.start_mark.index
        end = self._base + at.end_mark.index
        while end > start and self._text[end - 1] in " \t\r\n\x85\u2028\u2029":
            end -= 1
        if type(node) is SequenceNode:
            kind = "a list"
        else:
            kind = "no value" if empty else f"the scalar {_shown(node.value)}"
        message = (
            f"the merge key '<<' takes a mapping or a list of mappings, found {kind}; "
            "write a mapping (or an alias of one) there"
        )
        raise _Refused(Finding(YAML_SYNTAX, message, start, max(end, start + 1)))

    def _height(self, node: Node, heights: dict[int, int], depth: int) -> int:
        """How deep the data of ``node`` (``depth`` levels down) nests once aliases are
        expanded; each node's height is worked out once. Refuses the first node that is
        deeper than MAX_DEPTH, or holds data that is."""
        known = heights.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise _Refused(self._too_deep_finding(node))
        height = 0
        if isinstance(node, SequenceNode):
            height = 1 + max(
                (self._height(item, heights, depth + 1) for item in node.value), default=0
            )
        elif isinstance(node, MappingNode):
            height = 1
            for key_node, value_node in node.value:
                value_height = self._height(value_node, heights, depth + 1)
                if str(key_node.tag) != _MERGE:
                    height = max(height, 1 + value_height)
                elif isinstance(value_node, MappingNode):  # its keys become this mapping's
                    height = max(height, value_height)
                else:  # a list of mappings to merge
                    height = max(height, value_height - 1)
        if height > MAX_DEPTH:
            raise _Refused(self._too_deep_finding(node))
        heights[id(node)] = height
        return height

    def _too_deep_finding(self, node: Node) -> Finding:
        start = self._base + node.start_mark.index
        message = (
            f"front matter is nested more than {MAX_DEPTH} levels deep here, once its aliases "
            "are expanded"
        )
        return Finding(NESTING_DEPTH, message, start, start + 1)

    def _line(self, offset: int) -> int:
        if self._lines is None:
            self._lines = LineIndex(self._text)
        return self._lines.position(offset)[0]

    def _report_duplicate(self, key: str, node: Node, first: Node) -> None:
        start = self._base + node.start_mark.index
        line = self._line(self._base + first.start_mark.index)
        message = f"duplicate key '{key}' (first defined at line {line})"
        self._findings.append(
            Finding(DUPLICATE_KEY, message, start, self._base + node.end_mark.index)
        )

    def _refused_tag(self, node: Node, tag: str) -> bool:
        """Report the tag of ``node`` when it is not a standard one, or is a standard one
        written on a value it cannot tag (``!!int abc``, ``!!str [a]``), which YAML loaders
        refuse; whether it was reported. A resolved tag always fits its node."""
        if tag not in _STANDARD_TAGS:
            self._report_tag(node, tag)
            return True
        if type(node) is ScalarNode:
            fits = id(node.ctag) in _RESOLVED or tag_fits(node.value, tag)
        else:
            fits = tag == (_MAP if type(node) is MappingNode else _SEQ)
        if not fits:
            self._report_misfit(node, tag)
        return not fits

    def _tag_span(self, node: Node) -> tuple[int, int]:
        """The span of a node's tag, which its marks start at or after (past an anchor)."""
        if self._properties is None:
            from filmlint.frontmatter.properties import node_properties  # for a tag reported

            self._properties = node_properties(self._yaml_text)
        index = node.start_mark.index
        properties = self._properties.get(index)
        start, end = properties.tag if properties and properties.tag else (index, index + 1)
        return self._base + start, self._base + end

    def _report_tag(self, node: Node, tag: str) -> None:
        shown = tag.replace(_TAG, "!!")
        message = f"tag '{shown}' is not allowed in front matter; its value is read as plain data"
        self._findings.append(Finding(UNSUPPORTED_TAG, message, *self._tag_span(node)))

    def _report_misfit(self, node: Node, tag: str) -> None:
        """A standard tag on a value that is not of its kind (``!!int abc``): YAML loaders
        refuse it; filmlint reads the value as written."""
        shown = tag.replace(_TAG, "!!")
        kind = TAG_KINDS[tag]
        if type(node) is ScalarNode:
            found = _shown(node.value)
        else:
            found = "a mapping" if type(node) is MappingNode else "a list"
        message = (
            f"tag '{shown}' cannot apply to {found}, which is not {kind}; write {kind}, "
            "or remove the tag (the value is read as written)"
        )
        self._findings.append(Finding(UNSUPPORTED_TAG, message, *self._tag_span(node)))


#: Characters of a scalar a message shows; the rest is cut ("…").
_SHOWN = 40


def _shown(text: str) -> str:
    """A scalar's text, quoted and short, for a message."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted if len(quoted) <= _SHOWN else quoted[: _SHOWN - 2] + '…"'
