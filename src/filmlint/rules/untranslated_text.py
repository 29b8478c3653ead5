"""Text in a script the file's language is not written in: a label or sentence left untranslated.

A translation keeps, now and then, a piece of the text it was made from: the platform label
"豆瓣" in an English file, a Chinese sentence at the end of an English paragraph, kana in a
Chinese description. Each translatable value (`fields`) and each paragraph of the Markdown body
(`body`; a heading and a list item are paragraphs of their own) is checked against the scripts
of the file's language, from its locale (`[tool.filmlint.locale]`; files without one are not
checked): Han, kana or Hangul in an English or French file, kana in a Chinese one, Hangul in a
Japanese one, Cyrillic in an English one. Punctuation, digits, spaces and symbols belong to no
language and never count, except full-width CJK punctuation (、。「」) in a file whose language
writes no CJK script: the sign of pasted text (`cjk-punctuation`). Latin letters are accepted
in every file (`allow-latin`): names and titles stay in Latin letters in Chinese, Japanese or
Russian text.

The film's original title (`original-title`) is in its own language in every version: where
it is quoted, in a value or a paragraph, it is not reported, in any Unicode normalization
form (NFC or NFD); the rest of the text still is.
In the body, code (fenced blocks and spans), HTML comments, URLs and link targets are not
text of the language and are skipped. A URL needs no space around it, as Chinese and Japanese
write none: it ends at a space or at a character that is neither printable ASCII nor a letter
or digit, so that in `見https://x.org/wiki/异形。这部` only `見` and `。这部` are text.

A value or a paragraph is reported once, at its first character in another script, with the
text found. There is no fix: only a translator can write the missing words.

In an English file (`film-en.md`, with the suffix `en` for English):

Bad:

    sourceUrl: [{ platform: "豆瓣", url: "https://movie.douban.com/subject/1300868/" }]

Good:

    sourceUrl: [{ platform: "Douban", url: "https://movie.douban.com/subject/1300868/" }]
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from filmlint.api import Option, Problem, Severity, field_option, fields_option, find, find_strings
from filmlint.rulekit import scripts

if TYPE_CHECKING:
    from filmlint.api import Document
    from filmlint.rulekit.markdown import Searcher

NAME = "untranslated-text"
CODE = "FL402"
SEVERITY = Severity.WARNING

#: The film schema's fields written in the file's language.
TRANSLATABLE = ["title", "description", "director", "cast", "genre", "awards"]
OPTIONS = {
    "fields": fields_option(
        [*TRANSLATABLE, "sourceUrl[*].platform"],
        "Fields whose text is in the file's language: strings, or lists of strings.",
    ),
    "body": Option(True, "Check the paragraphs of the Markdown body too."),
    "allow-latin": Option(
        True, "Accept Latin letters in every file (names and titles in Latin letters)."
    ),
    "cjk-punctuation": Option(
        True,
        "Count full-width CJK punctuation (、。「」) as CJK text in a file whose language "
        "writes no CJK script.",
    ),
    "original-title": field_option(
        "originalTitle", "Field holding the film's original title, accepted wherever quoted."
    ),
}

#: Longest excerpt quoted in a message, in code points.
EXCERPT = 24


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    locale = document.locale
    if locale is None:
        return
    values = list(find_strings(document.data, options["fields"]))
    # The values searched as one text first, the usual case being nothing foreign: a line
    # break, neutral in every file, keeps two values apart.
    joined = "\n".join(text for _, text in values)
    body = document.text[document.body_start :] if options["body"] else ""
    allow_latin: bool = options["allow-latin"]
    if allow_latin:
        if scripts.plainly_latin(body):
            body = ""  # nothing foreign in it: not searched again
        if not body and scripts.plainly_latin(joined):
            return  # Latin and punctuation only: right in any language (nothing loaded)
        if (
            scripts.written_script(locale) in scripts.HAN_WRITING
            and scripts.plainly_han(joined)
            and scripts.plainly_han(body)
        ):
            return  # Han, Latin and punctuation only, in a Chinese or Japanese file: no regex
    written = scripts.locale_scripts(locale)
    if written is None:
        return
    allowed = written | {scripts.LATIN} if allow_latin else written
    cjk_punctuation = options["cjk-punctuation"] and not written & scripts.CJK
    pattern = scripts.foreign_text(allowed, cjk_punctuation)
    in_values = pattern.search(joined) is not None
    in_body = pattern.search(body) if body else None
    if not in_values and in_body is None:
        return
    # Only for foreign text: a run of files without any never imports the Markdown reader.
    from filmlint.rulekit import markdown

    titles = _original_titles(document.data, options["original-title"])
    label = scripts.file_of(locale)
    for path, text in values if in_values else ():
        if allow_latin and text.isascii():
            continue
        match = pattern.search(text)
        if match is None:
            continue
        found: int | None = match.start()
        quoted = [span for title in titles for span in _occurrences(text, title)]
        if quoted:
            found = markdown.Skips(quoted).first_outside(pattern, text, 0, len(text))
        if found is not None:
            message = _message(text, found, len(text), pattern, label)
            yield Problem(path, message, part=(found, found + 1))
    if in_body is not None:
        spans = markdown.skipped_spans(body)
        spans.extend(span for title in titles for span in _occurrences(body, title))
        skips = markdown.Skips(spans)
        for start, end in markdown.paragraphs(body):
            if end <= in_body.start():
                continue  # nothing foreign before the first foreign character
            found = skips.first_outside(pattern, body, start, end)
            if found is not None:
                message = _message(body, found, end, pattern, label)
                yield Problem((), message, target="body", part=(found, found + 1))


def _original_titles(data: Any, pattern: str) -> list[str]:
    """The original titles, NFC: quoted in another normalization form (NFD text pasted from
    macOS file names), a title is the same title."""
    import unicodedata  # as ``countries.fold``: for foreign text only

    return [
        unicodedata.normalize("NFC", title)
        for _, title in find(data, pattern)
        if isinstance(title, str) and title.strip()
    ]


def _occurrences(text: str, title: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are ``title`` (NFC) once NFC-normalized."""
    import unicodedata

    from filmlint.rulekit import markdown  # as in ``check``

    if unicodedata.is_normalized("NFC", text):  # most text: compared as it is
        return list(markdown.occurrences(text, title))
    if title not in unicodedata.normalize("NFC", text):
        return []  # not there: the text is not cut in pieces
    pieces = _nfc_pieces(text)
    starts = list(itertools.accumulate((len(piece) for _, _, piece in pieces), initial=0))
    normalized = "".join(piece for _, _, piece in pieces)
    spans = []
    for start, end in markdown.occurrences(normalized, title):
        first = bisect.bisect_right(starts, start) - 1  # the pieces the occurrence is in
        last = bisect.bisect_right(starts, end - 1) - 1
        spans.append((pieces[first][0], pieces[last][1]))
    return spans


def _nfc_pieces(text: str) -> list[tuple[int, int, str]]:
    """``text`` cut where NFC composes nothing across the cut, each piece with its span and
    its NFC form: their forms make the text's, and an offset in it finds its piece."""
    import unicodedata

    pieces: list[tuple[int, int, str]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index < len(text):
            if unicodedata.combining(text[index]):
                continue  # a combining mark belongs with the character before it
            both = unicodedata.normalize("NFC", text[start : index + 1])
            if both != unicodedata.normalize("NFC", text[start:index]) + unicodedata.normalize(
                "NFC", text[index]
            ):
                continue  # composes with the piece (Hangul jamo)
        pieces.append((start, index, unicodedata.normalize("NFC", text[start:index])))
        start = index
    return pieces


def _message(text: str, found: int, end: int, pattern: Searcher, label: str) -> str:
    script = scripts.script_of(text[found])
    kind = "CJK punctuation" if script in scripts.NEUTRAL else f"{scripts.script_name(script)} text"
    return f"{kind} in {label}: {_excerpt(text, found, end, pattern)!r}"


def _excerpt(text: str, start: int, end: int, pattern: Searcher) -> str:
    """The foreign text from ``start``, up to the line's end or the next allowed letter,
    without the spaces and ASCII punctuation after it; cut to ``EXCERPT`` code points."""
    position = start
    last = start
    while position < end and position - start <= EXCERPT and text[position] not in "\r\n":
        char = text[position]
        if pattern.search(char) is not None:
            last = position
        elif scripts.script_of(char) not in scripts.NEUTRAL:
            break
        elif not (char.isascii() or char.isspace()):
            last = position  # a mark of the text's own, such as the long vowel ー
        position += 1
    excerpt = text[start : last + 1]
    return excerpt if len(excerpt) <= EXCERPT else excerpt[: EXCERPT - 1] + "…"
