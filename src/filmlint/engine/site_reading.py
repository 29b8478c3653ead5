"""Reading a site's Markdown files: each one's front matter, and the language its text (or,
with too little text, its front matter's prose) looks written in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from filmlint.engine.files import discover
from filmlint.engine.settings import MAX_FILE_SIZE
from filmlint.engine.site_languages import MIN_LETTERS, guess_language, letters
from filmlint.engine.site_model import SiteFile
from filmlint.frontmatter.parser import parse_document, split_front_matter
from filmlint.rulekit.fields import find_strings
from filmlint.rules import load_registry
from filmlint.text.decoding import decode
from filmlint.text.reading import UnreadableFile, read_bytes

#: The rule whose fields hold a film's translated text.
TRANSLATED_RULE = "untranslated-text"
#: The start of a URL or a path: a string that carries no language.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|www\.|\.{0,2}/", re.ASCII)


def read_site(folder: Path) -> Iterable[tuple[str, SiteFile | None]]:
    """Each Markdown file's path from ``folder``, and the file when it has front matter."""
    for path in discover([folder]):
        # Named from ``folder`` as found, not resolved: a symlink may point outside it.
        relative = Path(path).relative_to(folder).as_posix()
        try:
            text, bad_encoding = decode(read_bytes(path, MAX_FILE_SIZE))
        except (OSError, UnreadableFile):
            continue  # check reports it; it says nothing about the site
        if bad_encoding is not None:
            continue
        if split_front_matter(text) is None:
            yield relative, None
            continue
        document, _ = parse_document(text, path)
        if isinstance(document.data, dict) and document.data:
            body = text[document.body_start :]
            sample = body if letters(body) else _language_text(document.data)
            yield relative, SiteFile(relative, document.data, guess_language(sample))


def _language_text(data: Mapping[str, Any]) -> str:
    """The text of front matter that carries its language: the values untranslated-text
    reads (titles, descriptions, names, awards), else every string that is prose, not a
    URL, code or id (``https://...``, ``Bodily-Autonomy``, ``tt0078748``)."""
    translated = " ".join(value for _, value in find_strings(dict(data), _translated_fields()))
    if letters(translated) >= MIN_LETTERS:
        return translated
    return " ".join(value for value in _strings(data) if _is_prose(value))


@cache
def _translated_fields() -> tuple[str, ...]:
    """untranslated-text's default fields: read once, not once a file (building the rules'
    registry costs half a millisecond)."""
    return tuple(load_registry()[TRANSLATED_RULE].options["fields"].default)


def _is_prose(value: str) -> bool:
    """Whether a string is words, not a URL, path or token: it has a space, or letters that
    are not ASCII (a Chinese title needs no space)."""
    if _URL.match(value):
        return False
    return " " in value.strip() or any(c.isalpha() and not c.isascii() for c in value)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
