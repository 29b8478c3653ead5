"""Fixing, as a property: generated films in every spelling YAML allows, with injected mistakes.

Each film is built from pieces; a mistake is a piece with a wrong and a right spelling and
an applicability. The text with the right spellings of the fixes applied is exactly what
``fix_text`` must return: every other byte (comments, quoting, flow or block style, blank
lines, line breaks, BOM, body) stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples
from filmlint.frontmatter.parser import parse_document

FIXED_RULES = {
    "unknown-key",
    "invalid-value",
    "language-code",
    "country-code",
    "duplicate-item",
    "rating-format",
}

# Misspellings that are each close to exactly one key of the film schema.
KEY_TYPOS: dict[str, list[str]] = {
    "title": ["titel", "tilte", "TITLE"],
    "director": ["directer", "dirctor", "Director"],
    "description": ["descripton", "desciption"],
    "releaseDate": ["releaseDat", "relaseDate"],
    "topics": ["topcis", "topic"],
    "status": ["stauts", "statsu"],
    "genre": ["genres", "gnre"],
    "cast": ["casts"],
}


@dataclass(frozen=True)
class Piece:
    """Text of the film; a mistake has its fixed spelling and whether the fix is safe."""

    text: str
    fixed: str | None = None
    safe: bool = False


@dataclass(frozen=True)
class Film:
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def fixed(self, unsafe: bool) -> str:
        return "".join(
            p.fixed if p.fixed is not None and (unsafe or p.safe) else p.text for p in self.pieces
        )


WORD = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzÉéèàçñ中文電影"), min_size=1, max_size=8
)
# Anything but control characters (a double-quoted scalar could not hold them unescaped).
ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
    min_size=1,
    max_size=20,
)
TEXT = st.one_of(ANY_TEXT, st.lists(WORD, min_size=1, max_size=3).map(" ".join))
# Plain scalars: a letter, then letters, digits, '_' and '-', single spaces between words.
_PLAIN_SAFE = re.compile(r"[^\W\d_](?:[\w-]| (?=[\w-]))*")
_NOT_PLAIN = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def styles_for(*values: str) -> list[str]:
    """Quoting styles that can hold each of ``values`` verbatim (no escapes)."""
    styles = ["'"]
    if all(v.isprintable() and '"' not in v and "\\" not in v for v in values):
        styles.append('"')
    if all(_PLAIN_SAFE.fullmatch(v) and v.lower() not in _NOT_PLAIN for v in values):
        styles.append("")
    return styles


def quoted(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


@st.composite
def scalar(draw: st.DrawFn, value: str) -> list[Piece]:
    """``value`` in any quoting style that can hold it (with escapes if need be)."""
    style = draw(st.sampled_from(["'", '"', *([""] if "" in styles_for(value) else [])]))
    return [Piece(quoted(value, style))]


@st.composite
def mistake(draw: st.DrawFn, right: str, wrongs: list[tuple[str, bool]]) -> list[Piece]:
    """``right``, or one of its ``(wrong spelling, safe fix)`` in a style holding both."""
    wrong = draw(st.none() | st.sampled_from(wrongs)) if wrongs else None
    if wrong is None:
        return draw(scalar(right))
    style = draw(st.sampled_from(styles_for(right, wrong[0])))
    return [Piece(style), Piece(wrong[0], right, wrong[1]), Piece(style)]


# Each right value with its misspellings, and whether their fix is safe.
STATUS = {
    "published": [("publised", False), ("pubished", False), ("publishd", False)],
    "draft": [("darft", False), ("Draft", False)],
}
LANGUAGES = {
    "zh-CN": [("zh_cn", True), ("zh_CN", True), ("ZH-cn", True)],
    "en": [("EN", True), ("english", False)],
    "fr-FR": [("fr_FR", True), ("Fr-fr", True)],
    "zh-Hant-TW": [("zh_hant_tw", True)],
    "de": [("German", False)],
}
COUNTRIES = {
    "GB": [("UK", False), ("United Kingdom", False), ("uk", False)],
    "FR": [("France", False)],
    "HK": [("Hong Kong", False)],
    "US": [],
}
RATINGS = {
    "7.4": [("7.40", True), (" 7.4 ", True)],
    "6.5": [("6.50", True), ("6.5 ", True)],
    "8": [("8 ", True)],
}
LISTS = {
    "contentLanguage": st.sampled_from(sorted(LANGUAGES)),
    "country": st.sampled_from(sorted(COUNTRIES)),
}
OPTIONAL = ["genre", "cast", "language", "contentLanguage", "country", "imdbRating"]


CODED = {"status": STATUS, "language": LANGUAGES, "contentLanguage": LANGUAGES}
CODED.update(country=COUNTRIES, imdbRating=RATINGS)


def value_of(key: str, value: str) -> st.SearchStrategy[list[Piece]]:
    """``value`` of ``key``, misspelt or not when ``key`` takes codes."""
    return mistake(value, CODED[key][value]) if key in CODED else scalar(value)


def single(key: str) -> st.SearchStrategy[list[Piece]]:
    if key == "releaseDate":
        return st.sampled_from([[Piece("1979-05-25")], [Piece("'2019-09-18'")]])
    values = st.sampled_from(sorted(CODED[key])) if key in CODED else TEXT
    return values.flatmap(lambda v: value_of(key, v))


@st.composite
def films(draw: st.DrawFn) -> Film:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    flow = draw(st.booleans())
    comments = draw(st.booleans())
    pieces: list[Piece] = []
    add = pieces.append
    if draw(st.booleans()):
        add(Piece("\ufeff"))
    add(Piece("---" + nl))

    keys = ["title", "director", "description", "releaseDate", "topics", "status"]
    keys += draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    keys = draw(st.permutations(keys))

    def comment() -> str:
        return draw(st.sampled_from(["", "  # note", " # directer publised"])) if comments else ""

    def key_pieces(key: str) -> list[Piece]:
        typos = [(typo, False) for typo in KEY_TYPOS.get(key, [])]
        return draw(mistake(key, typos)) if typos else draw(scalar(key))

    def value_pieces(key: str) -> list[Piece]:
        listed = key in ("topics", "genre", "cast") or (
            key in ("director", "contentLanguage", "country") and draw(st.booleans())
        )
        if not listed:
            return draw(single(key))
        # Different values (as a duplicate check compares them), so that no fix makes two
        # items the same.
        values = draw(
            st.lists(LISTS.get(key, TEXT), min_size=1, max_size=3, unique_by=str.casefold)
        )
        # Repeats of earlier items (of text, whose spelling no other fix changes), each in
        # a quoting style of its own: removed with their comma, or their whole line.
        sequence = [(v, False) for v in values]
        if key not in CODED:
            for _ in range(draw(st.integers(0, 2))):
                earlier = draw(st.integers(0, len(sequence) - 1))
                at = draw(st.integers(earlier + 1, len(sequence)))
                sequence.insert(at, (sequence[earlier][0], True))
        items = [
            (draw(scalar(v)) if repeat else draw(value_of(key, v)), repeat)
            for v, repeat in sequence
        ]
        if flow or draw(st.booleans()):
            gap = draw(st.sampled_from(["", " "]))
            joined = [Piece("[" + gap)]
            for index, (pieces_of_item, repeat) in enumerate(items):
                if repeat:
                    text = "".join(p.text for p in pieces_of_item)
                    joined.append(Piece(", " + text, "", safe=True))
                else:
                    joined.extend([Piece(", ")] * (index > 0) + pieces_of_item)
            return [*joined, Piece(gap + "]")]
        block: list[Piece] = []
        for pieces_of_item, repeat in items:
            if repeat:
                text = "".join(p.text for p in pieces_of_item)
                block.append(Piece(nl + "  - " + text + comment(), "", safe=True))
            else:
                block.extend([Piece(nl + "  - "), *pieces_of_item, Piece(comment())])
        return block

    if flow:
        add(Piece("{"))
        for index, key in enumerate(keys):
            if index:
                add(Piece("," + (comment() + nl + "  " if draw(st.booleans()) else " ")))
            pieces.extend([*key_pieces(key), Piece(": "), *value_pieces(key)])
        add(Piece("}" + comment() + nl))
    else:
        for key in keys:
            if comments and draw(st.booleans()):
                add(Piece(draw(st.sampled_from(["# a comment", "", "#directer: x"])) + nl))
            pieces.extend(key_pieces(key))
            values = value_pieces(key)
            if values[0].text.startswith(nl):  # a block list, its comments on its lines
                pieces.extend([Piece(":"), *values, Piece(nl)])
            else:
                pieces.extend([Piece(": "), *values, Piece(comment() + nl)])
    add(Piece("---" + nl))
    body = draw(st.lists(st.sampled_from(["Body.", "", "---", "directer: x", "status: publised"])))
    add(Piece(nl.join(body) + (nl if draw(st.booleans()) else "")))
    return Film(tuple(pieces))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(films())
def test_fixing_changes_exactly_the_mistakes(film: Film) -> None:
    text = film.text
    assert parse_document(text)[0].data is not None, text
    for unsafe in (False, True):
        fixed, remaining = filmlint.fix_text(text, unsafe=unsafe)
        assert fixed == film.fixed(unsafe)
        before, after = parse_document(text)[0], parse_document(fixed)[0]
        assert fixed[after.body_start :] == text[before.body_start :]
        if unsafe:
            assert not [d for d in remaining if d.rule in FIXED_RULES]
        assert filmlint.fix_text(fixed, unsafe=unsafe)[0] == fixed
