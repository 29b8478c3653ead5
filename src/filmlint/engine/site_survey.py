"""Reading an existing site to infer its configuration: collections, locales, how it writes
countries, and a draft JSON Schema per collection (what ``filmlint init`` writes).

Everything is inferred from what the files show, and only where the evidence is plain; each
step has its module (``site_reading``, ``site_languages``, ``site_locales``,
``site_collections`` and ``draft_schemas``, ``site_countries``), tied together here. Nothing
here writes a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmlint.engine import site_collections, site_countries, site_locales, site_reading
from filmlint.engine.site_generators import declared_default
from filmlint.engine.site_model import CollectionPlan, Locales, SiteFile

#: Rules that group a film's versions, and so take the set key (their ``key`` option).
SET_RULES = ("translation-missing", "translation-mismatch")


@dataclass(frozen=True)
class SiteSurvey:
    folder: Path
    files: tuple[SiteFile, ...]
    #: Markdown files without front matter (POSIX paths from ``folder``).
    plain: tuple[str, ...]
    collections: tuple[CollectionPlan, ...]
    #: The locales of every collection, when they all agree (the top-level ``[locale]``);
    #: else none, each collection having its own.
    locales: Locales
    #: Options of country-code that differ from its defaults.
    country_options: Mapping[str, Any]
    #: The front-matter key naming each film's set of versions, when the files use one.
    set_key: str | None

    def own_locales(self) -> dict[str, Locales]:
        """The collections whose locales are not the top level's, by name: their own."""
        return {
            c.name: c.locales
            for c in self.collections
            if c.locales != self.locales and c.locales.table()
        }


def survey_site(folder: Path) -> SiteSurvey:
    """Read every Markdown file under ``folder`` (skipping hidden folders, ``node_modules``
    and what git ignores) and infer the site's configuration."""
    files: list[SiteFile] = []
    plain: list[str] = []
    for relative, file in site_reading.read_site(folder):
        if file is None:
            plain.append(relative)
        else:
            files.append(file)
    # Locale folders are found site-wide: a collection is the folder they are in.
    set_key = site_locales.set_key(files)
    folders = site_locales.locale_folders(
        files, {f.relative for f in files}, site_locales.counterparts(files, set_key)
    )
    declared = declared_default(folder)
    collections = tuple(site_collections.collections(files, plain, folders, set_key, declared))
    kinds = [c.locales for c in collections]
    locales = kinds[0] if kinds and all(k == kinds[0] for k in kinds) else Locales()
    return SiteSurvey(
        folder,
        tuple(files),
        tuple(plain),
        collections,
        locales,
        site_countries.country_options(files),
        set_key,
    )
