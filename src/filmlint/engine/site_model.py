"""What the steps of a site's survey (``site_survey``) share: a file of the site with its
front matter and language, how files name their locale, and a collection with its schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SiteFile:
    """A Markdown file of the site with front matter."""

    #: POSIX path from the site's folder.
    relative: str
    data: Mapping[str, Any]
    #: The BCP 47 tag its text looks written in, or None when it cannot be told.
    language: str | None


@dataclass(frozen=True)
class Locales:
    """How files name their locale (see ``[locale]`` in the configuration)."""

    default: str | None = None
    suffixes: Mapping[str, str] = field(default_factory=dict)
    folders: Mapping[str, str] = field(default_factory=dict)
    key: str | None = None
    #: Whether ``default`` was chosen for want of a base locale the files show (every file
    #: in a locale folder, or base files in no one language), as ``init``'s summary says.
    chosen_default: bool = False
    #: Where no base locale shows, the site generator's configuration file whose default
    #: language ``default`` is (``site_generators``), as ``init``'s summary says.
    declared_by: str | None = None

    def table(self) -> dict[str, Any]:
        """The ``[locale]`` table, without the keys nothing was found for."""
        table: dict[str, Any] = {}
        if self.default is not None:
            table["default"] = self.default
        if self.suffixes:
            table["suffixes"] = dict(self.suffixes)
        if self.folders:
            table["folders"] = dict(self.folders)
        if self.key is not None:
            table["key"] = self.key
        return table


@dataclass(frozen=True)
class CollectionPlan:
    """A folder of front-matter files, and the schema inferred for them."""

    name: str
    include: tuple[str, ...]
    #: Markdown files without front matter at the top of the site (README.md), when the
    #: collection takes the top folder's files.
    exclude: tuple[str, ...]
    files: tuple[SiteFile, ...]
    #: How its files name their locale, from them alone: collections may differ in language.
    locales: Locales
    #: Whether the shipped film schema fits the files (then it is used, not ``draft``).
    film: bool
    draft: dict[str, Any]
