"""Fixes as text edits that change one value of the front matter and keep every other byte.

Edits are computed from the composed nodes' spans and the file's own text, so comments,
quoting, flow or block style, indentation and line endings outside the edit stay as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from filmlint.diagnostics import DataPath, Edit, Fix
from filmlint.text.positions import content_end
from filmlint.text.positions import line_end as _line_end

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

    from filmlint.frontmatter.document import Document

Applicability = Literal["safe", "unsafe"]

# The patterns of this module are compiled on first use (re keeps them): a run that makes no
# edit, as most do, never needs them.
#: An anchor (``&name``) in removed text: another value may alias it, so it must stay.
_ANCHOR = r"(?:^|[\s\[\]{},])&[^\s\[\]{},]"
#: Quoted scalars and comments, whose text may hold an ``&`` that defines no anchor.
_NOT_NODE_PROPERTIES = r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"|(?:^|(?<=\s))#[^\r\n]*"


def replace_value(
    document: Document,
    path: DataPath,
    new_text: str,
    message: str,
    applicability: Applicability = "safe",
) -> Fix | None:
    """Replace the text of the string at ``path`` inside its quotes, keeping the quoting.

    None when the value is not spelled verbatim (escapes, folding, block scalars): the edit
    could not be made without rewriting the whole value.
    """
    span = document.source_map.content_span(path)
    if span is None:
        return None
    return Fix(message, (Edit(span[0], span[1], new_text),), applicability)


def replace_string(
    document: Document, path: DataPath, new_text: str, part: tuple[int, int] | None = None
) -> Edit | None:
    """An edit that makes the string at ``path`` read ``new_text`` exactly (with ``part``:
    its code points ``part[0]:part[1]`` replaced by ``new_text``), to YAML 1.2 and 1.1
    readers alike: quoted as ``string_edit`` decides when its style would read it otherwise
    (a plain ``NO`` is false to YAML 1.1, an apostrophe ends a single-quoted string).

    None when the value is not spelled verbatim (escapes, folding, block scalars).
    """
    from ruamel.yaml.nodes import ScalarNode  # loaded by the parser already; not at start-up

    node = document.source_map.node(path)
    content = document.source_map.content_span(path)
    if content is None or not isinstance(node, ScalarNode):
        return None
    value: str = node.value
    start, end = part if part is not None else (0, len(value))
    whole = value[:start] + new_text + value[end:]
    # In a flow collection or not, the stricter rule for a plain scalar holds in both.
    edit = string_edit(content, node.style in ("'", '"'), whole, in_flow=True)
    if edit == Edit(*content, whole):  # pasted as it is: the part alone need change
        return Edit(content[0] + start, content[0] + end, new_text)
    return edit


#: Text a plain scalar holds as a string in a flow collection and out of one: it starts with
#: a letter (no indicator), has no space (no comment), no flow indicator, quote or colon
#: (libyaml takes none in a flow collection's plain scalar); printable ASCII only, as
#: YAML 1.1 readers break lines at U+0085.
_PLAIN_STRING = r"[A-Za-z][!#-&(-+\--9;-Z^-z|~]*"
#: The same out of a flow collection, where a colon may stand but before a space or last.
_BLOCK_PLAIN_STRING = r"[A-Za-z](?:[!#-&(-+\--9;-Z^-z|~]|:(?!\Z))*"
#: Plain words the YAML 1.1 and 1.2 resolvers read as booleans or null.
_NOT_A_STRING = r"(?i:true|false|null|yes|no|on|off|y|n)"
#: Text that reads the same inside single and double quotes: no quote, no backslash.
_SAME_IN_QUOTES = r"[^'\"\\]*"


def string_edit(
    content: tuple[int, int], quoted: bool, new_text: str, *, in_flow: bool = True
) -> Edit:
    """An edit that makes a string scalar read ``new_text`` exactly, written as its text
    inside its quotes (``quoted``) or as a plain scalar at ``content``, verbatim.
    ``in_flow``: whether a plain scalar may stand in a flow collection (``[a, b]``).

    The text is pasted in as it is where the scalar's style reads it unchanged: the edit
    need not know which quote the scalar uses when ``new_text`` has none and no backslash.
    Otherwise the whole scalar is written anew, quoted as ``quoted_string`` chooses.
    """
    start, end = content
    if quoted:
        if new_text.isprintable() and re.fullmatch(_SAME_IN_QUOTES, new_text):
            return Edit(start, end, new_text)
        return Edit(start - 1, end + 1, quoted_string(new_text))
    plain = _PLAIN_STRING if in_flow else _BLOCK_PLAIN_STRING
    if re.fullmatch(plain, new_text) and not re.fullmatch(_NOT_A_STRING, new_text):
        return Edit(start, end, new_text)
    return Edit(start, end, quoted_string(new_text))


def quoted_string(text: str) -> str:
    """``text`` as a quoted YAML scalar on one line that reads back exactly: single quotes
    (a quote doubled), double ones when that spares escaping an apostrophe, or when the
    text holds a character that only an escape can write (a line break, a control)."""
    if not text.isprintable():
        return '"' + "".join(_escaped(char) for char in text) + '"'
    if "'" in text and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _escaped(char: str) -> str:
    """One character inside a double-quoted scalar."""
    if char in '"\\':
        return "\\" + char
    if char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def remove_item(
    document: Document,
    list_path: DataPath,
    index: int,
    message: str,
    applicability: Applicability = "safe",
) -> Fix | None:
    """Remove item ``index`` (not the first) of the list at ``list_path``.

    In a flow list the item goes with the comma that separates it from its neighbour (or
    with its whole line when it stands on a line of its own); in a block list its whole
    lines go. A comment on the item's own last line goes with it when those lines go; every
    other comment stays byte for byte. An item written as an alias (``*name``) is removed
    where the alias stands, not where its anchor is. None when the text is laid out in a way
    these edits cannot handle without losing another comment, when the item defines an
    anchor, or when the list is used again through an alias (``_aliased``).
    """
    from ruamel.yaml.nodes import SequenceNode  # loaded by the parser already; not at start-up

    source_map = document.source_map
    node = source_map.node(list_path)
    if not isinstance(node, SequenceNode) or not 0 < index < len(node.value):
        return None
    text = document.text
    start, end = source_map.span((*list_path, index), "item")
    item = node.value[index]
    if source_map.alias_span((*list_path, index)) is None:
        # A block collection's span runs on over the comment lines after it: not its own.
        end = _content_end(text, item, base=start - item.start_mark.index, fallback=end)
    if node.flow_style:
        last = index == len(node.value) - 1
        previous_end = source_map.span((*list_path, index - 1), "item")[1]
        edits = _flow_removal(text, start, end, previous_end, last)
    else:
        edits = _block_removal(text, start, end)
    if edits is None or any(_defines_anchor(text[e.start : e.end]) for e in edits):
        return None
    if text.find("*", document.yaml_start, document.yaml_end) != -1 and _aliased(
        document, list_path
    ):
        return None
    return Fix(message, edits, applicability)


def _aliased(document: Document, path: DataPath) -> bool:
    """Whether the value at ``path``, or one that holds it, is used again through an alias
    (``topics: &l [...]`` and ``genre: *l``): an edit inside it changes every place it is
    used, other data than the problem's, which the fixer refuses to change."""
    reused = _reused(document)
    source_map = document.source_map
    return bool(reused) and any(
        id(source_map.node(path[:depth])) in reused for depth in range(len(path) + 1)
    )


#: The document ``_reused`` walked last, and what it found: a fix for each duplicate of a
#: list asks of the same document, and a walk for each was quadratic (thousands of items).
#: The document is held, so that the ids of its nodes name no other nodes meanwhile.
_last_walked: tuple[Document, frozenset[int]] | None = None


def _reused(document: Document) -> frozenset[int]:
    """The ids of the nodes of ``document`` reached more than once from its root: a composed
    alias is its anchor's node, one node reached twice."""
    global _last_walked
    last = _last_walked
    if last is not None and last[0] is document:
        return last[1]
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    root = document.source_map.node(())
    seen: set[int] = set()
    reused: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            reused.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(value for pair in node.value for value in pair)
    found = frozenset(reused)
    _last_walked = (document, found)  # one assignment: a thread reads either pair, both whole
    return found


def _defines_anchor(removed: str) -> bool:
    return re.search(_ANCHOR, re.sub(_NOT_NODE_PROPERTIES, " ", removed)) is not None


def _content_end(text: str, node: Node, base: int, fallback: int) -> int:
    """Where the text of ``node`` ends: at the end of its last scalar or flow collection."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    key: Node | None = None
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        key, node = last if isinstance(last, tuple) else (None, last)
    if isinstance(node, ScalarNode) and node.value == "" and node.style is None:
        if key is None:  # an empty value's place is the next token's: the key's end is its own
            return fallback
        node = key
    end: int = min(base + node.end_mark.index, fallback)
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _flow_removal(
    text: str, start: int, end: int, previous_end: int, last: bool
) -> tuple[Edit, ...] | None:
    own_comma = _comma_after(text, end)
    line_start = _blank_line_start(text, start)
    after = own_comma + 1 if own_comma is not None else end
    # Its whole lines go when nothing else is on them, and no comment but one on its own line.
    # A line's end is looked for only when the item starts its line: one scan a line, not one
    # an item (a one-line list of many duplicates would take quadratic time).
    if (
        line_start is not None
        and _rest_is_comment(text, after)
        and not _comment_in(text, _line_end(text, end), _line_end(text, after))
    ):
        lines = Edit(line_start, _line_end(text, after), "")
        if not last or own_comma is not None:  # a trailing comma went with it: style kept
            return (lines,)
        separator = _comma_after(text, previous_end)
        if separator is None:
            return None
        return (Edit(separator, separator + 1, ""), lines)
    if own_comma is not None and not _comment_in(text, end, own_comma):
        if not last:
            return (Edit(start, _skip_spaces(text, after), ""),)
        if _comment_in(text, previous_end, start):  # [a, b, # note ⏎ a,]: keep the note
            return (Edit(start, _skip_spaces(text, after), ""),)
    if not last:
        return None
    if not _comment_in(text, previous_end, start):
        return (Edit(previous_end, end, ""),)
    # [a, b, # note ⏎ a]: the comma before the item goes, the note and the line stay.
    separator = _comma_after(text, previous_end)
    if separator is None or own_comma is not None:
        return None
    return (Edit(separator, separator + 1, ""), Edit(start, end, ""))


def _block_removal(text: str, start: int, end: int) -> tuple[Edit, ...] | None:
    dash = start - 1
    while dash >= 0 and text[dash] in " \t\r\n":
        dash -= 1
    if dash < 0 or text[dash] != "-":
        return None
    line_start = _blank_line_start(text, dash)
    if line_start is None or not _rest_is_comment(text, end):
        return None
    return (Edit(line_start, _line_end(text, end), ""),)


def _comment_in(text: str, start: int, end: int) -> bool:
    """Whether a comment starts between ``start`` and ``end``, text between list items (so
    any ``#`` there starts one)."""
    return "#" in text[start:end]


def _comma_after(text: str, offset: int) -> int | None:
    """The offset of the comma that follows a flow item ending at ``offset``, if any."""
    position = offset
    while position < len(text):
        char = text[position]
        if char == ",":
            return position
        if char == "#":
            position = _line_end(text, position)
        elif char in " \t\r\n":
            position += 1
        else:
            return None
    return None


def _blank_line_start(text: str, offset: int) -> int | None:
    """Where the line holding ``offset`` starts if only blanks stand before ``offset`` on it,
    else None. Reads the blanks alone, not the line (which may be long) up to them."""
    while offset > 0 and text[offset - 1] in " \t":
        offset -= 1
    return offset if offset == 0 or text[offset - 1] in "\r\n" else None


def _skip_spaces(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in " \t":
        offset += 1
    return offset


def _rest_is_comment(text: str, offset: int) -> bool:
    """Whether the line holding ``offset`` has only spaces or a comment from there on."""
    rest = text[offset : content_end(text, offset)].lstrip(" \t")
    return not rest or rest.startswith("#")
