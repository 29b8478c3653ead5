"""The real corpus's known files, and a larger copy of it such as a site grows into: every
film also in French (its English file, renamed, findings and all) and new films in three
languages. Tests over a corpus assert what they know about the files they know, and must
pass on both: the larger copy is what a newer copy of the same site looks like."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from conftest import ROOT
from filmlint.diagnostics import Diagnostic

#: The files of the corpus these tests were written against (names only).
KNOWN = frozenset((ROOT / "tests" / "data" / "corpus-files.txt").read_text("utf-8").split())

#: New films of the larger copy: slug, title, year, and the rating they give.
NEW_FILMS = [
    ("the-orchard-keeper-2031", "The Orchard Keeper", 2031, '"7.9"'),
    ("salt-and-lanterns-2032", "Salt and Lanterns", 2032, '"N/A"'),  # a real-looking mistake
    ("a-map-of-tides-2033", "A Map of Tides", 2033, '"6.4"'),
]

_NEW_FILM = """\
---
title: "{title}"
director: "Generated Director"
description: "{description}"
releaseDate: {year}-03-08
year: {year}
country: "FR"
duration: "101 minutes"
topics: ["Bodily Autonomy"]
status: "published"
doubanRating: {rating}
sourceUrl: [
  {{ platform: "IMDB", url: "https://www.imdb.com/title/tt{imdb}/" }},
  {{ platform: "Douban", url: "https://movie.douban.com/subject/{douban}/" }}
]
---

{body}
"""

_DESCRIPTIONS = {
    "": ("一部为测试而写的生成影片。", "生成的正文。"),
    "-en": ("A generated film, written for the tests only.", "A generated body."),
    "-fr": ("Un film généré, écrit pour les tests.", "Un texte généré."),
}


def build_larger_copy(corpus: Path, target: Path) -> Path:
    """``corpus`` copied to ``target`` with a French version of each film that has an
    English one, and the new films in Chinese, English and French."""
    shutil.copytree(corpus, target)
    for english in sorted(corpus.glob("*-en.md")):
        french = target / (english.name.removesuffix("-en.md") + "-fr.md")
        french.write_bytes(english.read_bytes())
    for number, (slug, title, year, rating) in enumerate(NEW_FILMS):
        for suffix, (description, body) in _DESCRIPTIONS.items():
            text = _NEW_FILM.format(
                title=title,
                description=description,
                year=year,
                rating=rating,
                imdb=f"{9100000 + number:07d}",
                douban=f"{39100000 + number}",
                body=body,
            )
            (target / f"{slug}{suffix}.md").write_text(text, encoding="utf-8")
    return target


def known_files(corpus: Path) -> list[Path]:
    """The known files in ``corpus``, all of which must be there, in order of name."""
    present = {path.name for path in corpus.glob("*.md")}
    assert present >= KNOWN, f"known files missing from {corpus}: {sorted(KNOWN - present)[:5]}"
    return [corpus / name for name in sorted(KNOWN)]


def in_known_files(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of the known files."""
    return [d for d in diagnostics if d.path is not None and Path(d.path).name in KNOWN]
