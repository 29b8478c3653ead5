"""pycountry's ISO 3166 tables and translations, read without importing pycountry.

``import pycountry`` asks importlib.metadata for its own version and importlib.resources for
its folders, which costs a one-file run more than the country tables it needs. The data is
pycountry's all the same, read from where pycountry reads it: the JSON files of its
``databases`` folder and the gettext catalogues of its ``locales`` folder. Records have the
attributes of pycountry's (``alpha_2``, ``name``, ``common_name`` when there is one...).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from types import SimpleNamespace


@cache
def countries() -> tuple[SimpleNamespace, ...]:
    """ISO 3166-1, as ``pycountry.countries``: ``alpha_2``, ``alpha_3``, ``name``, and
    ``official_name`` and ``common_name`` where a country has them."""
    return _records("iso3166-1.json", "3166-1")


@cache
def historic_countries() -> tuple[SimpleNamespace, ...]:
    """ISO 3166-3, as ``pycountry.historic_countries``: former countries by ``alpha_4``."""
    return _records("iso3166-3.json", "3166-3")


def locales_dir() -> str:
    """The folder of pycountry's gettext catalogues, as ``pycountry.LOCALES_DIR``."""
    return str(_package() / "locales")


def _records(file_name: str, key: str) -> tuple[SimpleNamespace, ...]:
    with (_package() / "databases" / file_name).open(encoding="utf-8") as file:
        entries = json.load(file)[key]
    return tuple(SimpleNamespace(**entry) for entry in entries)


@cache
def _package() -> Path:
    """pycountry's folder, found as ``import pycountry`` finds it, without running it."""
    spec = find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'pycountry'", name="pycountry")
    return Path(next(iter(spec.submodule_search_locations)))
