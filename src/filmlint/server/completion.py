"""Where the cursor is in half-typed front matter, and what the schema allows there.

Text being typed rarely parses, so the place is read from the block structure of the lines
above the cursor (their indentation, ``- `` items and ``key:`` entries): the data path of the
mapping whose key is being typed, or of the value being typed (``sourceUrl[0].url``,
``country[1]`` in a block or flow list). The schema is then walked along that path, through
local ``$ref`` and ``anyOf``/``oneOf``/``allOf`` alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from filmlint.diagnostics import DataPath
from filmlint.rulekit.fields import ANY, ANY_DEPTH, compile_pattern
from filmlint.text.positions import line_end, line_start, split_lines

__all__ = ["Place", "field_matches", "place_at", "resolved", "schemas_at"]

#: A key at a line's column, then its colon (a colon ends a key only before a blank or the end).
_KEY = re.compile(r"(\"[^\"]*\"|'[^']*'|[^\s#\-\"'\[\]{},:][^#]*?)[ \t]*:(?=[ \t]|$)")
#: What a key being typed looks like, and the start of a scalar being typed (maybe quoted).
_TYPING_KEY = re.compile(r"[A-Za-z_][\w-]*|")
_TYPING_SCALAR = re.compile(r"[\"']?([^\"'#,\[\]{}]*)")
#: How deep the schema's references and alternatives are followed (a schema may recurse).
_DEPTH = 8


@dataclass(frozen=True)
class Place:
    """The cursor's place: a key of the mapping at ``path`` (``key``), the value at ``path``
    (``value``), or a list item at ``path`` that is either (``item``: the schema decides).
    ``written``: the keys the mapping has already (for ``key`` and ``item``)."""

    kind: Literal["key", "value", "item"]
    path: DataPath
    prefix: str
    written: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Token:
    """A ``- `` (``key`` None) or a ``key:`` of a block line, at its 0-based column."""

    column: int
    key: str | None


def _tokens(line: str) -> tuple[list[_Token], int, str | None]:
    """The dashes and key of a block line, the column after them, and the text after the
    key's colon (None when the line has no key)."""
    column = len(line) - len(line.lstrip(" "))
    tokens: list[_Token] = []
    while line.startswith("-", column) and (column + 1 == len(line) or line[column + 1] in " \t"):
        tokens.append(_Token(column, None))
        column += 1
        while column < len(line) and line[column] in " \t":
            column += 1
    match = _KEY.match(line, column)
    if match is None:
        return tokens, column, None
    key = match.group(1)
    if key[:1] in "\"'":
        key = key[1:-1]
    tokens.append(_Token(column, key))
    return tokens, match.end(), line[match.end() :].strip()


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _container(above: Sequence[str], column: int) -> DataPath | None:
    """The data path of the collection holding an entry that starts at ``column``, read from
    the lines ``above`` it (nearest last); None when the lines do not nest it."""
    steps: list[str | int] = []
    threshold = column
    counting = -1  # the items above the entry at ``threshold``, while it is a list item
    for line in reversed(above):
        if not _is_content(line):
            continue
        tokens, _, rest = _tokens(line)
        if not tokens:
            if len(line) - len(line.lstrip(" ")) < threshold:
                return None  # a scalar's text less indented: no block structure to follow
            continue
        first = tokens[0]
        if first.column >= threshold:
            if counting >= 0 and first.column == threshold and first.key is None:
                counting += 1
            continue
        for token in reversed([t for t in tokens if t.column < threshold]):
            if counting >= 0:
                steps.insert(0, counting)
                counting = -1
            if token.key is None:
                counting = 0
            elif token is tokens[-1] and rest:
                return None  # ``key: value`` holds no lines below it
            else:
                steps.insert(0, token.key)
            threshold = token.column
    if counting >= 0:
        steps.insert(0, counting)  # a document that is a list
    return tuple(steps)


def _items_before(above: Sequence[str], column: int) -> int:
    """How many items of the list at ``column`` are above a new one."""
    count = 0
    for line in reversed(above):
        if not _is_content(line):
            continue
        tokens, _, _ = _tokens(line)
        if not tokens:
            continue
        if tokens[0].column < column:
            break
        if tokens[0].column == column and tokens[0].key is None:
            count += 1
    return count


def _written(above: Sequence[str], below: Sequence[str], column: int) -> frozenset[str]:
    """The keys at ``column`` of the mapping around the cursor's line: up to the line that
    opens it (its ``- key:`` counts), down to the first line less indented."""
    keys: set[str] = set()
    for lines, opening in ((reversed(above), True), (below, False)):
        for line in lines:
            if not _is_content(line):
                continue
            tokens, _, _ = _tokens(line)
            if not tokens:
                continue
            if tokens[0].column < column and not opening:
                break
            keys.update(t.key for t in tokens if t.column == column and t.key is not None)
            if tokens[0].column < column:
                break
    return frozenset(keys)


def place_at(yaml: str, offset: int) -> Place | None:
    """The place at ``offset`` of ``yaml`` (the front matter's text, without its fences);
    None where nothing can be offered (a comment, a closed quote, lines that do not nest)."""
    start = line_start(yaml, offset)
    typed = yaml[start:offset]
    # Lines end where the editor's do (LF, CRLF or a lone CR), not at str.splitlines' breaks.
    above = split_lines(yaml[:start])
    below = split_lines(yaml[line_end(yaml, offset) :])
    tokens, after, rest = _tokens(typed)
    container = _container(above, tokens[0].column if tokens else after)
    if container is None:
        return None
    if rest is not None:  # ``key: value`` being typed
        *dashes, key = tokens
        assert key.key is not None
        return _value_place((*_item_path(container, above, dashes), key.key), rest)
    remainder = typed[after:]
    if not tokens:  # a key at the line's indentation
        if _TYPING_KEY.fullmatch(remainder) is None:
            return None
        return Place("key", container, remainder, _written(above, below, after))
    scalar = _TYPING_SCALAR.fullmatch(remainder)
    if scalar is None:
        return None
    # A new item's keys are those below it; one after ``- `` alone has none yet.
    return Place(
        "item",
        _item_path(container, above, tokens),
        scalar.group(1),
        _written([], below, after),
    )


def _item_path(container: DataPath, above: Sequence[str], dashes: Sequence[_Token]) -> DataPath:
    """The path of what follows ``dashes`` (``- - ``): the first an item of the list at
    ``container``, after those above it; each other the first item of a list of its own."""
    if not dashes:
        return container
    return (*container, _items_before(above, dashes[0].column), *(0 for _ in dashes[1:]))


def _value_place(path: DataPath, rest: str) -> Place | None:
    """The value after ``key: ``: a scalar, or an item of a flow list (``[a, b, |``)."""
    if rest.startswith("["):
        inside = rest[1:]
        if "]" in inside:
            return None
        index = inside.count(",")
        scalar = _TYPING_SCALAR.fullmatch(inside[inside.rfind(",") + 1 :].lstrip())
        return None if scalar is None else Place("value", (*path, index), scalar.group(1))
    scalar = _TYPING_SCALAR.fullmatch(rest)
    return None if scalar is None else Place("value", path, scalar.group(1))


def resolved(subschema: Mapping[str, Any], schema: Mapping[str, Any] | None) -> dict[str, Any]:
    """``subschema`` with the keywords of its local ``$ref`` (``#/...``) under its own."""
    reference = subschema.get("$ref")
    if schema is None or not isinstance(reference, str) or not reference.startswith("#/"):
        return dict(subschema)
    target: Any = schema
    for step in reference[2:].split("/"):
        target = target.get(step.replace("~1", "/").replace("~0", "~"))
        if not isinstance(target, dict):
            return dict(subschema)
    return {**target, **subschema}


def _alternatives(
    subschema: Mapping[str, Any], schema: Mapping[str, Any], depth: int = 0
) -> Iterator[dict[str, Any]]:
    """``subschema`` resolved, and each of its ``anyOf``/``oneOf``/``allOf`` alternatives."""
    if depth > _DEPTH:
        return
    whole = resolved(subschema, schema)
    if "$ref" in whole and whole.get("$ref") != subschema.get("$ref"):
        yield from _alternatives(whole, schema, depth + 1)  # a reference to a reference
        return
    yield whole
    for keyword in ("anyOf", "oneOf", "allOf"):
        for each in whole.get(keyword, ()):
            if isinstance(each, Mapping):
                yield from _alternatives(each, schema, depth + 1)


def schemas_at(schema: Mapping[str, Any] | None, path: DataPath) -> list[dict[str, Any]]:
    """The schemas that may apply to the value at ``path``, each resolved."""
    if schema is None:
        return []
    found = list(_alternatives(schema, schema))
    for step in path:
        inner: list[dict[str, Any]] = []
        for each in found:
            if isinstance(step, str):
                properties = each.get("properties")
                sub = properties.get(step) if isinstance(properties, Mapping) else None
            else:
                sub = each.get("items")
            if isinstance(sub, Mapping):
                inner.extend(_alternatives(sub, schema))
        found = inner
    return found


def field_matches(patterns: Sequence[str], path: DataPath) -> bool:
    """Whether a rule's field patterns name the value at ``path``: the field itself, or an
    item of a list the field holds (as ``find_strings`` reads "a string, or a list")."""
    candidates = [path, path[:-1]] if path and isinstance(path[-1], int) else [path]
    return any(
        _matches(compile_pattern(pattern), candidate)
        for pattern in patterns
        for candidate in candidates
    )


def _matches(steps: tuple[str | int, ...], path: DataPath) -> bool:
    if not steps:
        return not path
    head = steps[0]
    if head == ANY_DEPTH:
        return any(_matches(steps[1:], path[index:]) for index in range(len(path) + 1))
    if not path:
        return False
    return (head == ANY or head == path[0]) and _matches(steps[1:], path[1:])
