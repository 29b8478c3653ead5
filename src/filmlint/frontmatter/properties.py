"""Where the properties (anchor and tag) of the nodes of a front matter are written.

A node's marks start at its first property (``&a !!map {...}`` starts at ``&``), so a
problem with its tag, or with the start of its content, is placed from the scanner's tokens,
which place each property. Read only for a front matter that needs it.
"""

from __future__ import annotations

from typing import NamedTuple

from ruamel.yaml.error import YAMLError

from filmlint.frontmatter import loader


class Properties(NamedTuple):
    """Of a node written with properties: the span of its tag (None without one) and where
    its content starts (its ``{`` or ``[``, its text), as indexes into the YAML text."""

    tag: tuple[int, int] | None
    content: int


def node_properties(yaml_text: str) -> dict[int, Properties]:
    """The properties of each node that has some, by the index its marks start at (its
    first property's)."""
    found: dict[int, Properties] = {}
    start: int | None = None
    tag: tuple[int, int] | None = None
    try:
        for token in loader.tokens(yaml_text):
            kind = type(token).__name__
            if kind in ("AnchorToken", "TagToken"):
                if start is None:
                    start = token.start_mark.index
                if kind == "TagToken":
                    tag = (token.start_mark.index, token.end_mark.index)
            elif start is not None:
                found[start] = Properties(tag, token.start_mark.index)
                start, tag = None, None
    except YAMLError:  # the text was composed, so it scans: what is found so far is kept
        pass
    return found
