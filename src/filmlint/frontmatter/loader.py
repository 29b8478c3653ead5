"""libyaml's composer as one class built once, with the YAML 1.2 core schema's resolver.

``YAML(typ="safe", pure=False).compose`` builds a new loader class on every call, fills a
new resolver table for it, looks the YAML version up through three failed attribute reads
for every scalar, and records every document in ``YAML.doc_infos``, which only grows. Here
the class and the table are built once, at import, and shared read-only (so threads may
compose at once). What is made per document is the C parser alone, which libyaml binds to
one input: no state, such as an anchor or a document left half read by an error, can pass
from one document to the next.

The trees are those of ``YAML.compose``: the same tags (the 1.2 core schema; like it, a
``%YAML 1.1`` directive does not change how scalars resolve), values, styles and marks, but
for a plain ``=``, which is text here and 1.1's "value" type there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ruamel.yaml.clib: libyaml
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

_ImplicitTable = dict[str | None, tuple[tuple[Tag, re.Pattern[str]], ...]]
#: Types of YAML 1.1 that ruamel.yaml resolves under 1.2 too, which its core schema does not
#: have: there a plain ``=`` is text, not the "value" key of 1.1.
_NOT_IN_YAML_1_2 = frozenset({"tag:yaml.org,2002:value", "tag:yaml.org,2002:yaml"})


def _implicit_table() -> tuple[_ImplicitTable, tuple[tuple[Tag, re.Pattern[str]], ...]]:
    """The implicit resolvers of the default version by a scalar's first character (as
    ``VersionedResolver`` keeps them), each pattern compiled; and those for any first
    character, already appended to each entry."""
    table: dict[str | None, list[tuple[Tag, re.Pattern[str]]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if _DEFAULT_YAML_VERSION not in versions or tag in _NOT_IN_YAML_1_2:
            continue
        shared = _SHARED_TAGS.setdefault(tag, Tag(suffix=tag))
        # ruamel.yaml compiled it (reading .pattern does) with the flags a str pattern is
        # given, without re.UNICODE: with those, re's cache returns it, not a second compile.
        pattern = re.compile(regexp.pattern, regexp.flags & ~re.UNICODE)
        for character in [None] if first is None else first:
            table.setdefault(character, []).append((shared, pattern))
    anywhere = tuple(table.pop(None, []))
    return {key: (*entries, *anywhere) for key, entries in table.items()}, anywhere


_STR: Tag = BaseResolver.DEFAULT_SCALAR_TAG
_SEQ: Tag = BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP: Tag = BaseResolver.DEFAULT_MAPPING_TAG
#: One Tag object for each tag the resolver gives.
_SHARED_TAGS: dict[str, Tag] = {str(tag): tag for tag in (_STR, _SEQ, _MAP)}
_IMPLICIT, _ANY_START = _implicit_table()
#: The text of each resolved tag, by the id of its shared object (which lives as long as the
#: process): ``str(node.ctag)`` builds a new string through two Python methods on each call.
#: A node's ``ctag`` that is not here was written in the YAML (``!!int "3"``, ``!film``).
RESOLVED_TAG_TEXTS: dict[int, str] = {id(tag): text for text, tag in _SHARED_TAGS.items()}


class _Composer(CParser):  # type: ignore[misc]  # a C extension type, untyped
    """libyaml's C composer with the resolver that it calls back into for untagged nodes.

    Resolved tags are shared objects, one per tag, whose text RESOLVED_TAG_TEXTS holds.
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> Tag:
        """The tag of an untagged node: ``implicit`` is (plain, quoted) for a scalar."""
        if kind is ScalarNode:
            if implicit[0]:
                assert value is not None
                for tag, pattern in _IMPLICIT.get(value[:1], _ANY_START):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, parent: Node | None, index: Any) -> None:
        """Path resolvers are not used: there is no path to follow."""

    def ascend_resolver(self) -> None:
        """Path resolvers are not used: there is no path to follow."""


def compose(yaml_text: str) -> Node | None:
    """The node tree of the one document in ``yaml_text``; None when it has no document.

    Raises ruamel.yaml's errors as ``YAML.compose`` does, and UnicodeEncodeError for a
    lone surrogate.
    """
    node: Node | None = _Composer(yaml_text).get_single_node()
    return node


def parse(yaml_text: str) -> Iterator[Any]:
    """The parsing events of ``yaml_text``, as ``YAML.parse`` gives them (ruamel.yaml's
    ``Event`` subclasses, whose attributes differ by kind)."""
    parser = CParser(yaml_text)
    while parser.check_event():
        yield parser.get_event()


def tokens(yaml_text: str) -> Iterator[Any]:
    """The scanner's tokens of ``yaml_text`` (ruamel.yaml's ``Token`` subclasses): unlike the
    nodes and events, they place a node's anchor and tag each on its own."""
    parser = CParser(yaml_text)
    while parser.check_token():
        yield parser.get_token()
