"""The one place where a path into the data becomes a span of the file.

Lines are indexed on the first position asked: a clean file never pays for them. A lookup
walks the composed nodes along the path, which is as deep as the path is long, through the
key tables the parser recorded while building the data, so merge keys (``<<``) are resolved
once, in one place, for the data and for its positions alike.

``place``, which run-level rules use for every value they gather, reads a value's line and
column off libyaml's marks instead, the one exception to ``text.positions``' rule: only where
they are the same as the line index would give (no NEL, LS, PS or BOM in the front matter),
else it asks the index too; its end's line and column are counted from there. A rule that
places a value only if it must keeps its ``spot`` (a string slice and three numbers) and
derives the place later with ``places.placed``, the function ``place`` uses.
"""

from __future__ import annotations

from typing import Any, Literal

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from filmlint.diagnostics import DataPath
from filmlint.frontmatter import loader, spelling
from filmlint.frontmatter.places import Place, Spot, placed
from filmlint.frontmatter.properties import Properties, node_properties
from filmlint.text.positions import LineIndex, line_number, yaml_line_end

Target = Literal["value", "key", "start", "item"]
#: Blanks and YAML line breaks: a block scalar's span ends on the next line, without them.
_TRAILING = " \t\r\n\x85\u2028\u2029"
#: A mapping's keys as the data has them (the first of duplicates, merged keys included),
#: each with its key node and value node.
KeyTable = dict[str, tuple[Node, Node]]
#: Characters on which libyaml's line and column disagree with ``text.positions``: line
#: breaks there are not (NEL, LS, PS), and a BOM, which its marks may not count as a column.
#: None is ASCII, so an ASCII stretch holds none. Otherwise looked for one by one:
#: ``str.find`` skips a character a text cannot hold (a Latin-1 text holds no LS), where a
#: regular expression's character class reads every one.
_MARK_UNSAFE = ("\x85", "\u2028", "\u2029", "\ufeff")
#: The parser's events that each stand for one node.
_NODE_EVENTS = frozenset(("AliasEvent", "ScalarEvent", "SequenceStartEvent", "MappingStartEvent"))


class SourceMap:
    """Spans (code-point offsets into the whole file) of the values of a front matter."""

    __slots__ = (
        "_aliases",
        "_base",
        "_first_line",
        "_indexed",
        "_lines",
        "_properties",
        "_root",
        "_root_keys",
        "_scanned",
        "_tables",
        "_text",
        "_unsafe",
        "_yaml_end",
    )

    def __init__(
        self,
        text: str,
        root: Node | None,
        tables: dict[int, KeyTable],
        base: int,
        end: int | None = None,
        yaml_end: int | None = None,
    ) -> None:
        """``tables``: the key table of each mapping under ``root``, by node id; ``end``: where
        the front matter ends; lines past it are indexed only if asked; ``yaml_end``: where
        its YAML ends (the text ``root`` was composed from is ``text[base:yaml_end]``)."""
        self._text = text
        self._root = root
        #: The key table of the root when it is a mapping (else empty): most values asked for
        #: are at a top-level key. Looked up by a path's step as it is (an int finds nothing).
        self._root_keys: dict[Any, tuple[Node, Node]] = (
            tables.get(id(root), {}) if root is not None else {}
        )
        self._tables = tables
        self._base = base
        self._lines: LineIndex | None = None
        self._indexed = len(text) if end is None else end
        #: The line of ``base`` when the parser's marks may give exact positions (it starts a
        #: line past the first), 0 when they do not, None until asked.
        self._first_line: int | None = None
        #: How far from ``base`` the text is known to hold no character on which libyaml and
        #: ``text.positions`` disagree, and where the first such character is, once found.
        self._scanned = base
        self._unsafe: int | None = None
        self._yaml_end = yaml_end
        #: Where each list item written as an alias stands, once asked: see ``alias_span``.
        self._aliases: dict[tuple[int, int], tuple[int, int]] | None = None
        #: Where nodes' anchors and tags are written, once asked: see ``_content_start``.
        self._properties: dict[int, Properties] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        if self._lines is None or offset > self._indexed:
            if offset > self._indexed:  # past the front matter: index the whole file
                self._indexed = len(self._text)
            self._lines = LineIndex(self._text, self._indexed)
        return self._lines.position(offset)

    def place(self, path: DataPath, *, with_content: bool = True) -> Place:
        """``span(path)``, the positions of its ends and ``content_span(path)`` (None
        without ``with_content``), in one walk and, when the front matter allows, from the
        parser's marks: no line index is built. Run-level rules place every value they
        gather, so this is kept lean."""
        return placed(self.spot(path, with_content=with_content))

    def spot(self, path: DataPath, *, with_content: bool = True) -> Spot:
        """What ``place`` derives the value's place from (``placed``): what a run-level rule
        keeps of a value to place it only if it must, a string slice and three numbers."""
        pair = self._root_keys.get(path[0]) if len(path) == 1 else None
        if pair is not None:
            node = pair[1]
            content = self._content_span(node) if with_content else None
        else:
            found = self._walk(path)
            if found is None:
                return (0, *self.position(0), "", None)
            node = found[1]
            whole = len(found[0]) == len(path)
            content = self._content_span(node) if whole and with_content else None
        mark, base = node.start_mark, self._base
        start = base + mark.index
        source = self._text[start : base + node.end_mark.index].rstrip(_TRAILING)
        first_line = self._first_line
        if first_line is None:
            first_line = self._mark_line()
        if first_line and self._marks_exact(start):
            return (start, first_line + mark.line, mark.column + 1, source, content)
        return (start, *self.position(start), source, content)

    def _mark_line(self) -> int:
        """The line of the front matter's first line when marks may give exact positions,
        else 0: it must start a line past the first (a BOM's line)."""
        if self._first_line is None:
            base, text = self._base, self._text
            line = line_number(text, base) if base and text[base - 1] in "\n\r" else 0
            self._first_line = line if line > 1 else 0
        return self._first_line

    def _marks_exact(self, offset: int) -> bool:
        """Whether the parser's mark at ``offset`` gives its line and column: no character
        before it on which libyaml and ``text.positions`` disagree. Only the text up to the
        furthest offset asked is read (a run-level rule places a few values of a file)."""
        if self._unsafe is not None:
            return offset <= self._unsafe
        scanned = self._scanned
        if offset <= scanned:
            return True
        text, first = self._text, offset
        if text[scanned:offset].isascii():  # none of them is (most keys before a value)
            self._scanned = offset
            return True
        for unsafe in _MARK_UNSAFE:
            at = text.find(unsafe, scanned, first)  # only before the first found yet
            if at != -1:
                first = at
        if first < offset:
            self._unsafe = first
            return False
        self._scanned = offset
        return True

    def node(self, path: DataPath) -> Node | None:
        """The value node at ``path``, or None when the path leads nowhere."""
        found = self._walk(path)
        return found[1] if found is not None and len(found[0]) == len(path) else None

    def span(
        self, path: DataPath, target: Target = "value", part: tuple[int, int] | None = None
    ) -> tuple[int, int]:
        """The span of the value (or key, or start) at ``path``; with ``target="item"``,
        where the list item at ``path`` stands (``alias_span``), else its value's span.

        When the path leads nowhere, the span of the deepest value on the way is given, so a
        problem is never without a place.
        """
        found = self._walk(path)
        if found is None:
            return 0, 0
        walked, node, key_node = found
        if len(walked) < len(path):
            return self._node_span(node)
        if target == "key" and key_node is not None:
            return self._node_span(key_node)
        if target == "start":
            return self._start_span(node)
        if part is not None and isinstance(node, ScalarNode):
            return self._part_span(node, part)
        if target == "item":
            return self.alias_span(path) or self._node_span(node)
        return self._node_span(node)

    def alias_span(self, path: DataPath) -> tuple[int, int] | None:
        """The span of the alias (``*name``) written for the list item at ``path``; None when
        the item is written out, or ``path`` names no list item.

        A composed alias is its anchor's node, so every other span of it is the anchor's
        value's: a problem with the value is told once, there. A problem with the item's place
        in its list (a duplicate) is not about that value; the parser's events keep where the
        alias stands, and are read again once, only for a front matter that has an alias.
        """
        if not path or type(path[-1]) is not int:
            return None
        parent = self.node(path[:-1])
        if not isinstance(parent, SequenceNode):
            return None
        if self._aliases is None:
            self._aliases = self._alias_items()
        return self._aliases.get((id(parent), path[-1]))

    def _alias_items(self) -> dict[tuple[int, int], tuple[int, int]]:
        """The span of each list item written as an alias, by (id of its list's node, index).

        The events are matched to the composed nodes one for one: the composer made a node
        (or took an anchor's) for each scalar, alias and collection event, in this order.
        """
        yaml_text = self._text[self._base : self._yaml_end]
        found: dict[tuple[int, int], tuple[int, int]] = {}
        if self._root is None or "*" not in yaml_text:
            return found
        open_nodes: list[tuple[Node, list[int]]] = []  # each with how many children it had
        for event in loader.parse(yaml_text):
            kind = type(event).__name__
            if kind in ("SequenceEndEvent", "MappingEndEvent"):
                open_nodes.pop()
                continue
            if kind not in _NODE_EVENTS:
                continue
            node = self._root
            if open_nodes:
                parent, seen = open_nodes[-1]
                index = seen[0]
                seen[0] += 1
                if isinstance(parent, SequenceNode):
                    node = parent.value[index]
                    if kind == "AliasEvent":
                        start, end = event.start_mark.index, event.end_mark.index
                        found[(id(parent), index)] = (self._base + start, self._base + end)
                else:  # a mapping's events alternate key and value
                    node = parent.value[index // 2][index % 2]
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                open_nodes.append((node, [0]))
        return found

    def part_length(self, path: DataPath) -> int | None:
        """How many code points a ``part`` of the value at ``path`` may span (``span``): its
        string's; None when the path names no scalar (a part is not used there)."""
        found = self._walk(path)
        if found is None or len(found[0]) < len(path) or not isinstance(found[1], ScalarNode):
            return None
        return len(found[1].value)

    def content_span(
        self, path: DataPath, target: Literal["value", "key"] = "value"
    ) -> tuple[int, int] | None:
        """The span of a string's text inside its quotes, when the source spells it verbatim.

        Replacing that span changes the value (or with ``target="key"``, the key) and keeps
        the quoting style; None when it is not a scalar or is written with escapes or line
        folding.
        """
        found = self._walk(path)
        if found is None or len(found[0]) < len(path):
            return None
        node = found[2] if target == "key" else found[1]
        return None if node is None else self._content_span(node)

    def _content_span(self, node: Node) -> tuple[int, int] | None:
        if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
            return None
        value: str = node.value
        start = self._base + node.start_mark.index + (1 if node.style in ("'", '"') else 0)
        if self._text[start : start + len(value)] != value:
            return None
        return start, start + len(value)

    def scalar_spans(self) -> list[tuple[int, int]]:
        """Spans of every scalar, keys included, in file order: text where '#' is not a comment.

        A block scalar's span starts on the line after its ``|`` or ``>`` header (as YAML
        breaks lines), since a comment may follow the header.
        """
        spans: list[tuple[int, int]] = []
        seen: set[int] = set()
        stack = [self._root] if self._root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:  # an alias is its anchor's node: visit it once
                continue
            seen.add(id(node))
            if isinstance(node, ScalarNode):
                start = self._base + node.start_mark.index
                if node.style in ("|", ">"):
                    start = yaml_line_end(self._text, start)
                spans.append((start, self._base + node.end_mark.index))
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, MappingNode):
                stack.extend(n for pair in node.value for n in pair)
        spans.sort()
        return spans

    def _walk(self, path: DataPath) -> tuple[DataPath, Node, Node | None] | None:
        node = self._root
        if node is None:
            return None
        key_node: Node | None = None
        for depth, step in enumerate(path):
            child = self._child(node, step)
            if child is None:
                return path[:depth], node, key_node
            key_node, node = child
        return path, node, key_node

    def _child(self, node: Node, step: str | int) -> tuple[Node | None, Node] | None:
        """The (key node, value node) that ``step`` leads to from ``node``."""
        if isinstance(node, SequenceNode):
            if isinstance(step, int) and 0 <= step < len(node.value):
                return None, node.value[step]
            return None
        if not isinstance(node, MappingNode):
            return None
        return self._tables[id(node)].get(str(step))

    def _node_span(self, node: Node) -> tuple[int, int]:
        start = self._base + node.start_mark.index
        end = self._base + node.end_mark.index
        while end > start and self._text[end - 1] in _TRAILING:
            end -= 1
        return start, end

    def _start_span(self, node: Node) -> tuple[int, int]:
        if isinstance(node, (MappingNode, SequenceNode)):
            if node.flow_style or not node.value:
                start = self._content_start(node)
                return start, start + 1
            first = node.value[0]
            return self._node_span(first[0] if isinstance(first, tuple) else first)
        return self._node_span(node)

    def _content_start(self, node: Node) -> int:
        """Where a node's content starts (a flow mapping's ``{``): its marks start at its
        anchor or tag when it has one (``&a !!map {...}``)."""
        start: int = self._base + node.start_mark.index
        if self._text[start : start + 1] not in ("&", "!") or self._yaml_end is None:
            return start
        if self._properties is None:
            self._properties = node_properties(self._text[self._base : self._yaml_end])
        properties = self._properties.get(node.start_mark.index)
        return start if properties is None else self._base + properties.content

    def _part_span(self, node: ScalarNode, part: tuple[int, int]) -> tuple[int, int]:
        """The span of ``value[part[0]:part[1]]``: where the source spells it, its escapes
        included; the whole value's span only when the part starts with layout the parser
        made (a folded line break), which is spelled nowhere."""
        start = self._base + node.start_mark.index + (1 if node.style in ("'", '"') else 0)
        value: str = node.value
        if node.style not in ("|", ">") and self._text[start : start + len(value)] == value:
            return start + part[0], start + part[1]  # spelled verbatim: most values
        whole = self._node_span(node)
        found = spelling.part_span(self._text, *whole, node.style, value, part)
        return whole if found is None else found
