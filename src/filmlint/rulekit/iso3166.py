"""pycountry's ISO 3166 tables and translations, read without importing pycountry.

``import pycountry`` asks importlib.metadata for its own version and importlib.resources for
its folders, which costs a one-file run more than the country tables it needs. The data is
pycountry's all the same, read from where pycountry reads it: the JSON files of its
``databases`` folder and the gettext catalogues of its ``locales`` folder. Records have the
attributes of pycountry's (``alpha_2``, ``name``, ``common_name`` when there is one...).
"""

from __future__ import annotations

import itertools
import json
import struct
from collections.abc import Callable
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


@cache
def translator(domain: str, catalogue: str) -> Callable[[str], str]:
    """The ``gettext`` of a catalogue of pycountry's (``"zh_CN"``), as that of
    ``gettext.translation(domain, locales_dir(), [catalogue], fallback=True)``: the message
    of the first of the catalogue's files (as ``gettext.find`` finds them) that has one, else
    the message id. Files of the usual shape are read by ``_messages``; any other, by
    gettext. Each catalogue is read once: its names are read for several tables."""
    import gettext

    files = gettext.find(domain, locales_dir(), [catalogue], all=True)
    tables = [table for file in files if (table := _messages(file)) is not None]
    if len(tables) < len(files):
        return gettext.translation(domain, locales_dir(), [catalogue], fallback=True).gettext
    messages: dict[str, str] = {}
    for table in reversed(tables):  # the first file's message wins
        messages.update(table)
    return lambda message: messages.get(message, message)


#: The first word of a little-endian GNU .mo file, and the format revisions gettext reads.
_MO_MAGIC = 0x950412DE
_MO_MAJOR_VERSIONS = (0, 1)


def _messages(file: str) -> dict[str, str] | None:
    """The messages of a GNU .mo file, as gettext's ``GNUTranslations`` reads them into its
    catalogue, when the file is of the shape pycountry's are: little-endian, UTF-8 (as its
    header, the message of the empty id, says), without plural forms, and with its ids, then
    its messages, one after another as msgfmt writes them; else None. Each message of a
    catalogue of 500 cost gettext 11,700 instructions, 5.8M for the Chinese names of the
    countries: here each table is read at once, and its strings decoded as one."""
    data = Path(file).read_bytes()
    if len(data) < 20:
        return None
    magic, version, count, ids_at, texts_at = struct.unpack_from("<5I", data)
    if magic != _MO_MAGIC or version >> 16 not in _MO_MAJOR_VERSIONS:
        return None
    try:
        ids = _strings(data, struct.unpack_from(f"<{2 * count}I", data, ids_at))
        texts = _strings(data, struct.unpack_from(f"<{2 * count}I", data, texts_at))
    except struct.error:  # a table past the end: gettext says the file is corrupt
        return None
    if ids is None or texts is None:
        return None
    messages = dict(zip(ids, texts, strict=True))  # a repeated id: the last one, as gettext
    # The header (the message of the empty id, first) says how gettext decodes the others:
    # without it, as ASCII.
    header = messages.get("") if count and ids[0] == "" else None
    return messages if header is not None and "charset=utf-8" in header.lower() else None


def _strings(data: bytes, table: tuple[int, ...]) -> list[str] | None:
    """The strings a table of (length, offset) pairs points at, decoded, when they stand one
    after another, each ended by a NUL (a plural form's NUL inside one: not so); else None."""
    lengths, offsets = table[0::2], table[1::2]
    if not lengths:
        return []
    start, end = offsets[0], offsets[-1] + lengths[-1]
    if end >= len(data):  # no NUL after the last one
        return None
    followed = itertools.accumulate((length + 1 for length in lengths[:-1]), initial=start)
    if list(followed) != list(offsets):
        return None
    run = data[start:end]
    if list(map(len, run.split(b"\x00"))) != list(lengths):
        return None
    try:
        return run.decode().split("\x00")  # a NUL is one byte in UTF-8, only ever itself
    except UnicodeDecodeError:
        return None


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
