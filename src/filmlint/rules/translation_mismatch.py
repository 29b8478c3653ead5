"""A translation disagrees with its base on a field that is the same in every language.

The film's year, its ratings, its poster, its original title, the URLs of its sources and
its topics do not change with the language of the page; when a translation says otherwise,
one of the two is wrong (`year: 2004` in `alien-1979-en.md` against `1979` in
`alien-1979.md`, a Douban URL of another film, topics that drifted after an edit to one
language). Each language version of a film (its translation set: see `translation-missing`)
is compared with the base, the version in the default locale (`base`), field by field.

`fields` maps each field (a pattern: `sourceUrl[*].url`) to how it compares:

- `same`: the value as written, as text (`8.5` and `"8.5"` are the same); lists and
  mappings item by item.
- `number`: the first number in it (`duration: "117分钟"` and `"117 minutes"` agree).
- `set`: a list as a set of its items, in any order (`topics`).

A field the base does not have, or has at another place of a list (a translation with
fewer sources), is not compared. `releaseDate` is not compared by default: each country has
its own; nor is `country`, whose names are translated ("美国" / "USA"): give it `set` when
every version writes ISO codes.

A mismatch is reported at the translation's value, naming the base's file, line and value
("year is 2004 here but 1979 in the base films/alien-1979.md:8"); the `json` output gives
the base's value as a related location (`related`), SARIF as `relatedLocations`. When both
values are written alike (both plain, or both in the same quotes) and verbatim, an unsafe
fix takes the base's value. Only named files are reported on; the base is read from disk
when a run does not name it.

In `films/alien-en.md`, beside `films/alien.md` that says `year: 1979`, in a site whose
locale settings have the default zh-Hans and the suffix en for English:

Bad:

    year: 2004

Good:

    year: 1979
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Edit,
    Fix,
    Option,
    Reference,
    ReferenceProblem,
    RelatedLocation,
    RunContext,
    Severity,
    compile_pattern,
    find,
)
from filmlint.rulekit import translation_sets
from filmlint.rulekit.translation_sets import Member, same_tag, where

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "translation-mismatch"
CODE = "FL404"
SEVERITY = Severity.ERROR
READS_TRANSLATIONS = True

KINDS = ("same", "number", "set")
DEFAULT_FIELDS = {
    "year": "same",
    "imdbRating": "same",
    "doubanRating": "same",
    "posterImage": "same",
    "contentLanguage": "same",
    "status": "same",
    "originalTitle": "same",
    "sourceUrl[*].url": "same",
    "topics": "set",
    "duration": "number",
}
#: Longest value a message quotes.
SHOWN = 60


def _fields_problem(fields: Any) -> str | None:
    for pattern, kind in fields.items():
        try:
            compile_pattern(pattern)
        except ValueError as error:
            return f"{pattern!r}: {error}"
        if kind not in KINDS:
            return f"{pattern!r}: unknown comparison {kind!r} (known: {', '.join(KINDS)})"
    return None


OPTIONS = {
    "fields": Option(
        DEFAULT_FIELDS,
        'Fields that are the same in every language, each with how it compares: "same", '
        '"number" (the first number in it) or "set" (a list in any order).',
        validate=_fields_problem,
    ),
    **translation_sets.SET_OPTIONS,
}
OPTIONS.pop("locales")  # which versions must exist is translation-missing's to say

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def gather(document: Document, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    key = translation_sets.set_key(document, options)
    if key is None or not isinstance(document.data, Mapping) or not document.data:
        return
    text, source_map, to_json = document.text, document.source_map, translation_sets.to_json
    compared: list[list[Any]] = []  # [data path, compared value] by field
    details: list[list[Any]] = []  # see _field; what repeats another value is left out
    for pattern, kind in options["fields"].items():
        for path, value in find(document.data, pattern):
            start, end = source_map.span(path)
            content = source_map.content_span(path)
            shown = _text(value)
            value_compared = _compared(kind, value, shown)
            quote = spelling = None
            if content is not None:  # verbatim: the base's spelling can replace another's
                quote = text[start] if start < content[0] else ""
                spelling = text[content[0] : content[1]]
            compared.append([path, value_compared])
            details.append(
                [
                    kind,
                    None if shown == value_compared else shown,
                    quote,
                    None if spelling == shown else spelling,
                    start,
                    end,
                    *source_map.position(start),
                    *source_map.position(end),
                    None if content is None else [content[0] - start, end - content[1]],
                ]
            )
    if not compared:
        return
    if _may_suppress(document):
        # Value by value, so that a suppression comment can keep one out of the run.
        for one, more in zip(compared, details, strict=True):
            body = f"{to_json([one])}\n{to_json([more])}"
            yield one[0], translation_sets.encode(key, document, body)
    else:
        # One value per file: a run over many files keeps, sends and reads one value per
        # file, and decodes a field's details only where it differs from the base's.
        first: DataPath = (next(iter(document.data)),)
        body = f"{to_json(compared)}\n{to_json(details)}"
        yield first, translation_sets.encode(key, document, body)


def _may_suppress(document: Document) -> bool:
    """Whether the front matter may hold a suppression comment (``# filmlint: ...``)."""
    return document.text.find("filmlint:", document.yaml_start, document.yaml_end) != -1


@dataclass(frozen=True)
class _Field:
    """One compared value of a file, decoded, with the reference to report it at."""

    reference: Reference
    kind: str
    compared: Any
    shown: str
    spelt: list[str] | None


def _field(member: Member, path: DataPath, compared: Any, index: int) -> _Field:
    """The field at ``index`` of the member's body, with a reference at its value."""
    details = json.loads(member.body.partition("\n")[2])[index]
    kind, shown, quote, spelling, start, end, line, column, end_line, end_column, inset = details
    shown = compared if shown is None else shown
    reference = replace(
        member.reference,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        content=None if inset is None else (start + inset[0], end - inset[1]),
        data_path=path,
    )
    spelt = None if quote is None else [quote, shown if spelling is None else spelling]
    return _Field(reference, kind, compared, shown, spelt)


def _table(member: Member) -> dict[DataPath, tuple[Any, int]]:
    """Each field's data path with its compared value and its index in the body."""
    compared = json.loads(member.body.partition("\n")[0])
    return {tuple(path): (value, index) for index, (path, value) in enumerate(compared)}


def finish(
    references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
) -> Iterator[ReferenceProblem]:
    base = translation_sets.base_locale(options, context)
    if base is None or len({*context.locales, base}) < 2:
        return  # a single language: nothing to compare
    for members in translation_sets.sets(references).values():
        bases = [m for m in members if same_tag(m.locale, base)]
        if not bases:
            continue  # translation-missing says so
        base_file = min(m.file for m in bases)
        at = {
            path: (compared, index, m)
            for m in bases
            if m.file == base_file
            for path, (compared, index) in _table(m).items()
        }
        for member in members:
            if same_tag(member.locale, base) or member.file in context.context_only:
                continue
            for path, (compared, index) in _table(member).items():
                original = at.get(path)
                if original is not None and original[0] != compared:
                    yield _problem(
                        _field(member, path, compared, index),
                        _field(original[2], path, original[0], original[1]),
                    )


def _problem(translated: _Field, original: _Field) -> ReferenceProblem:
    reference, base = translated.reference, original.reference
    label = _label(reference.data_path)
    if translated.kind == "set":
        here, there = set(translated.compared), set(original.compared)
        parts = []
        if here - there:
            parts.append(f"{_items(here - there)} only here")
        if there - here:
            parts.append(f"{_items(there - here)} only in the base")
        message = f"{label} differ from the base {where(base)}: {'; '.join(parts)}"
    else:
        shown, base_shown = _short(translated.shown), _short(original.shown)
        message = f"{label} is {shown} here but {base_shown} in the base {where(base)}"
    related = RelatedLocation(
        base.file, base.line, base.column, f"the base's {label}: {_short(original.shown)}"
    )
    fix = _fix(translated, original)
    return ReferenceProblem(reference, message, fix=fix, related=(related,))


def _fix(translated: _Field, original: _Field) -> Fix | None:
    """Take the base's value, when both are written verbatim and alike."""
    spelt, base_spelt, content = translated.spelt, original.spelt, translated.reference.content
    if content is None or spelt is None or base_spelt is None or spelt[0] != base_spelt[0]:
        return None
    if translated.kind != "same":
        return None
    return Fix(f"take the base's value {base_spelt[1]}", (Edit(*content, base_spelt[1]),), "unsafe")


def _text(value: Any) -> str:
    """A value as text: scalars as YAML spells them, lists and mappings as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _compared(kind: str, value: Any, shown: str) -> Any:
    if kind == "number":
        match = _NUMBER.search(shown)
        return shown if match is None else repr(float(match.group().replace(",", ".")))
    if kind == "set":
        items = value if isinstance(value, list) else [value]
        return sorted({_text(item) for item in items})
    return shown


def _label(path: DataPath) -> str:
    """``sourceUrl[1].url``: a data path as the field patterns write it."""
    label = ""
    for step in path:
        label += f"[{step}]" if isinstance(step, int) else (f".{step}" if label else step)
    return label or "the front matter"


def _items(items: set[str]) -> str:
    return ", ".join(repr(_short(item)) for item in sorted(items))


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
