"""A parsed film file: its text, its front matter's data, and where each value stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # ruamel.yaml, which it imports, loads only where a file is parsed
    from filmlint.frontmatter.sourcemap import SourceMap


@dataclass(slots=True)
class Document:
    """A parsed film file. ``data`` is None when there is no usable front matter."""

    path: str | None
    text: str
    data: Any
    source_map: SourceMap
    #: Offsets of the YAML text between the delimiters, and of the body after them.
    yaml_start: int
    yaml_end: int
    body_start: int
    #: BCP 47 tag of the file's language, from the locale configuration.
    locale: str | None = None
    #: Set for rules that group language versions: the path without what names its locale
    #: (a folder or a suffix: ``films/x-en.md`` -> ``films/x.md``). Where each version would
    #: be, a rule's ``finish`` asks its ``RunContext`` (``versions``).
    unlocalized_path: str | None = None
    #: Every list the parser built, once each, in no particular order (some, the values of
    #: repeated keys or of overridden merged keys, may not be in ``data``): a rule that
    #: judges every list reads them without walking the data. None: not known.
    lists: list[list[Any]] | None = None
