"""translation-mismatch keeps each file's front matter and places a compared field only when
it differs, from that text parsed again: the field it decodes then (reference, kind,
compared and shown value, quote and spelling) is what placing every field at gather gave,
the model below (``span``, ``position`` and ``content_span``). On generated
front matters: block and flow style, quotes, escapes, folded and block scalars, every line
break (CRLF, NEL, LS, PS), BOMs, each field compared in a kind drawn for it, with and
without a suppression comment (one value per field, not per file)."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.diagnostics import DataPath, Reference
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.parser import parse_document
from filmlint.rulekit import compared_lines, countries, translation_sets
from filmlint.rulekit.declaration import RunContext
from filmlint.rules import translation_mismatch as rule
from test_sourcemap_place import _paths, front_matters

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


#: How a value shows as text is not what this test is about: the rule's own.
_text = compared_lines.as_text


def _compared(kind: str, value: Any, shown: str, locale: str | None) -> Any:
    if kind == "number":
        match = _NUMBER.search(shown)
        return shown if match is None else repr(float(match.group().replace(",", ".")))
    if kind in ("set", "country"):
        texts = {_text(item) for item in (value if isinstance(value, list) else [value])}
        if kind == "country":
            texts = {key for text in texts for key in countries.keys(text, locale)}
        return tuple(sorted(texts))
    return shown


def _quote(text: str, value: Any, start: int, end: int, content: Any) -> str | None:
    if isinstance(value, str):
        quote = text[start : start + 1]
        if quote in ('"', "'"):
            return (
                quote
                if text[end - 1 : end] == quote and text[start + 1 : end - 1] == value
                else None
            )
        return "" if text[start:end] == value else None
    if isinstance(value, (list, dict)):
        return None
    return "" if content == (start, end) else None


def _model(document: Document, path: DataPath, value: Any, kind: str) -> tuple[Any, ...]:
    """The field as the rule placed and decoded it when it placed every field at gather."""
    text, source_map = document.text, document.source_map
    start, end = source_map.span(path)
    content = source_map.content_span(path)
    shown = _text(value)
    compared = _compared(kind, value, shown, document.locale)
    quote = _quote(text, value, start, end, content)
    if quote is None:
        spelt = None
    else:
        spelling = shown if isinstance(value, str) else text[start + len(quote) : end - len(quote)]
        spelt = (quote, spelling)
    reference = (
        start,
        end,
        *source_map.position(start),
        *source_map.position(end),
        None if quote is None else (start + len(quote), end - len(quote)),
        path,
    )
    return reference, kind, compared, shown, spelt


def _at(data: Any, path: DataPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _label(path: DataPath) -> str:
    label = ""
    for step in path:
        label += f"[{step}]" if isinstance(step, int) else (f".{step}" if label else step)
    return label


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A front matter (a suppression comment on its first line, or not) and the fields
    compared, each with a kind."""
    text = draw(front_matters())
    if draw(st.booleans()):
        opening = re.match("\ufeff?---(\r\n|\r|\n)", text)
        assert opening is not None
        text = f"{opening.group()}# filmlint: a comment{opening.group(1)}{text[opening.end() :]}"
    document = parse_document(text)[0]
    paths = [p for p in _paths(document.data) if p] if isinstance(document.data, dict) else []
    kinds = st.sampled_from(compared_lines.KINDS)
    return text, {_label(path): draw(kinds) for path in paths if _names(path)}


def _names(path: DataPath) -> bool:
    """Whether a field pattern names ``path`` (a key such as ``.`` cannot be written in one)."""
    try:
        return tuple(rule.compile_pattern(_label(path))) == path
    except ValueError:
        return False


@settings(max_examples=examples(300), deadline=None)
@given(cases(), st.sampled_from(["zh-Hans", "en"]), st.booleans())
def test_a_field_placed_when_it_differs_is_the_field_placed_at_gather(
    case: tuple[str, dict[str, str]], locale: str, kept: bool
) -> None:
    """``kept``: the field is placed in the document as gathered (a run in one process),
    else in the front matter's text parsed again (from a worker process or the cache)."""
    text, fields = case
    document = parse_document(text, "films/film.md")[0]
    document.locale, document.unlocalized_path = locale, "films/film.md"
    options = {"fields": fields, "key": "", "base": "", "locales": []}
    documents, rule._gathered = rule._gathered, rule._Gathered()
    try:
        if kept:
            rule._gathered.expect(["films/film.md"])  # type: ignore[list-item]
        gathered = [
            Reference(rule.NAME, value, "films/film.md", 0, 0, 1, 1, 1, 1, None, path)
            for path, value in rule.gather(document, options)
        ]
        decoded = _decoded(gathered, fields)
        front_matter = document.text[: document.body_start]
        found = rule._gathered.document(front_matter, "films/film.md")
        assert (found is document) == (kept and bool(gathered))
    finally:
        rule._gathered = documents
    data = document.data
    expected = {
        path: _model(document, path, _at(data, path), kind)
        for pattern, kind in fields.items()
        for path in [tuple(rule.compile_pattern(pattern))]
    }
    assert decoded == expected, text


def _decoded(gathered: list[Reference], fields: dict[str, str]) -> dict[DataPath, Any]:
    """Each compared field as ``_field`` places and decodes it."""
    decoded = {}
    for members in translation_sets.sets(gathered).values():
        for member in members:
            for path, compared in rule._table(member).items():
                field = rule._field(member, path, compared, rule._Read(fields, RunContext()))
                assert field is not None
                found = field.reference
                decoded[path] = (
                    (
                        found.start,
                        found.end,
                        found.line,
                        found.column,
                        found.end_line,
                        found.end_column,
                        found.content,
                        found.data_path,
                    ),
                    field.kind,
                    field.compared,
                    field.shown,
                    field.spelt,
                )
    return decoded


def test_a_document_is_kept_for_its_text_until_its_set_is_judged() -> None:
    def parsed(path: str, year: int) -> tuple[Document, str]:
        document = parse_document(f"---\nyear: {year}\n---\nBody.\n", path)[0]
        return document, document.text[: document.body_start]

    kept = rule._Gathered()
    alien, alien_text = parsed("films/alien.md", 1979)
    kept.keep(alien, alien_text)
    assert kept.document(alien_text, "films/alien.md") is None  # no set judged yet: none kept
    members = [
        translation_sets.Member(Reference(rule.NAME, "", p, 0, 0, 1, 1, 1, 1), "en", "")
        for p in ("films/alien.md", "films/alien-en.md")
    ]
    kept.expect(members)
    kept.keep(alien, alien_text)
    translation, translation_text = parsed("films/alien-en.md", 2004)
    kept.keep(translation, translation_text)
    assert kept.document(alien_text, "films/alien.md") is alien
    assert kept.document(translation_text, "films/alien-en.md") is translation
    # The file's text changed since (a language server lints it again): not that document.
    assert kept.document(translation_text, "films/alien.md") is None
    heat, heat_text = parsed("films/heat.md", 1995)
    kept.keep(heat, heat_text)  # as many as the largest set: the oldest goes
    assert kept.document(alien_text, "films/alien.md") is None
    kept.forget(members)
    assert kept.document(translation_text, "films/alien-en.md") is None
    assert kept.document(heat_text, "films/heat.md") is heat
