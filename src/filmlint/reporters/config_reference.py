"""The configuration reference of the documentation site: one table row per key of
``schemas/filmlint.config.schema.json``, so the page cannot drift from the schema editors use.

Keys are written as dotted paths (``collections.NAME.include``); ``NAME`` stands for a key
the user chooses. A ``$ref`` is expanded at its first use only: a later use (a collection's
``locale``) is one row that names the key it shares its keys with. A rule's ``severity``
is listed once, for ``rules.NAME``, not for each rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

Schema = Mapping[str, Any]

#: Where a resolved node records the name of the definition it came from.
_DEF = "x-definition"
#: Definitions whose name says more than their JSON type.
_NAMED_KINDS = {"tag": "language tag", "glob": "glob"}


def config_reference(schema: Schema) -> str:
    """A Markdown table of every configuration key: its type and what it does."""
    walk = _Walk(schema)
    lines = ["| key | type | meaning |", "|---|---|---|"]
    for key, kind, meaning in walk.rows(schema, ""):
        lines.append(f"| `{key}` | {kind} | {_cell(meaning)} |")
    return "\n".join(lines) + "\n"


class _Walk:
    def __init__(self, root: Schema) -> None:
        self.root = root
        self.expanded: dict[str, str] = {}  # $ref -> the key it was first expanded at

    def resolve(self, node: Schema) -> Schema:
        """The node with its ``$ref`` followed; the node's own description wins."""
        ref = node.get("$ref")
        if ref is None:
            return node
        target = self.root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        own = {k: v for k, v in node.items() if k != "$ref"}
        return {**target, _DEF: ref.rsplit("/", 1)[-1], **own}

    def rows(self, node: Schema, prefix: str) -> Iterator[tuple[str, str, str]]:
        generic = node.get("additionalProperties")
        generic_props: Mapping[str, Any] = {}
        if isinstance(generic, Mapping) and prefix:
            # A table of user-named keys (collections.NAME, rules.NAME): its keys first, so
            # named entries below can leave out what they share with it.
            generic_props = self.resolve(generic).get("properties", {})
            yield from self.entry(generic, f"{prefix}NAME")
        for name, child in node.get("properties", {}).items():
            sub = self.resolve(child).get("properties", {})
            shared = {k for k, v in sub.items() if generic_props.get(k) == v}
            if shared and shared == set(sub):
                continue  # a rule without options: rules.NAME covers it
            yield from self.entry(child, f"{prefix}{name}", skip=shared)

    def entry(
        self, child: Schema, key: str, skip: set[str] | frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, str, str]]:
        ref = child.get("$ref")
        node = self.resolve(child)
        description = str(node.get("description", ""))
        has_keys = "properties" in node or (
            isinstance(node.get("additionalProperties"), Mapping)
            and "properties" in self.resolve(node["additionalProperties"])
        )
        if not has_keys:
            yield key, _kind(node, self), description
            return
        if ref is not None and ref in self.expanded:
            same = self.expanded[ref]
            yield key, "table", f"{description} The same keys as `{same}`.".strip()
            return
        if ref is not None:
            self.expanded[ref] = key
        if not key.endswith("NAME") or "properties" not in node:
            yield key, "table", description
        filtered = {
            **node,
            "properties": {k: v for k, v in node.get("properties", {}).items() if k not in skip},
        }
        yield from self.rows(filtered, f"{key}.")


def _kind(node: Schema, walk: _Walk) -> str:
    """The value a key takes, in a few words."""
    if node.get(_DEF) in _NAMED_KINDS:
        return _NAMED_KINDS[node[_DEF]]
    if "enum" in node:
        return " or ".join(f'`"{value}"`' for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = walk.resolve(node.get("items", {}))
        return f"list of {_kind(items, walk)}"
    if kind == "object":
        values = node.get("additionalProperties")
        if isinstance(values, Mapping):
            return f"table of {_kind(walk.resolve(values), walk)}"
        return "table"
    return {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}.get(
        str(kind), "value"
    )


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")
