"""A translation disagrees with its base on a field that is the same in every language.

The film's year, its ratings, its poster, its original title, the URLs of its sources, its
topics and its countries do not change with the language of the page; when a translation
says otherwise, one of the two is wrong (`year: 2004` in `alien-1979-en.md` against `1979`
in `alien-1979.md`, a Douban URL of another film, topics that drifted after an edit to one
language). Each language version of a film (its translation set: see `translation-missing`)
is compared with the base, the version in the default locale (`base`), field by field.

`fields` maps each field (a pattern: `sourceUrl[*].url`) to how it compares:

- `same`: the value as written, as text (`8.5` and `"8.5"` are the same); lists and
  mappings item by item.
- `number`: the first number in it (`duration: "117分钟"` and `"117 minutes"` agree).
- `set`: a list as a set of its items, in any order (`topics`).
- `country`: the countries it names, as a set of ISO 3166 codes, whatever language and
  script names them in (as `country-code` reads names: codes, the names of the file's
  language or English, former countries): `"美国"` in the base and `"United States"` or
  `"USA"` in the English version agree, and so do `"美国/英国"` and `"UK, US"` (several
  countries in one string are split at `/ , ; | 、`, or written as a list). A part that
  names no country is compared as written, ignoring case.

A field the base does not have, or has at another place of a list (a translation with
fewer sources), is not compared. `releaseDate` is not compared by default: each country has
its own.

A mismatch is reported at the translation's value, naming the base's file, line and value
("year is 2004 here but 1979 in the base films/alien-1979.md:8"); the `json` output gives
the base's value as a related location (`related`), SARIF as `relatedLocations`. When both
values of a `same` field are written alike (both plain, or both in the same quotes) and
verbatim, an unsafe fix takes the base's value. Only named files are reported on; the base
is read from disk when a run does not name it.

In `films/alien-en.md`, beside `films/alien.md` that says `year: 1979`, in a site whose
locale settings have the default zh-Hans and the suffix en for English:

Bad:

    year: 2004

Good:

    year: 1979
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from filmlint.rulekit import countries, translation_sets
from filmlint.rulekit.translation_sets import Member, same_tag, where

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "translation-mismatch"
CODE = "FL404"
SEVERITY = Severity.ERROR
READS_TRANSLATIONS = True

KINDS = ("same", "number", "set", "country")
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
    "country": "country",
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
        '"number" (the first number in it), "set" (a list in any order) or "country" (the '
        "countries it names, by ISO code).",
        validate=_fields_problem,
    ),
    **translation_sets.SET_OPTIONS,
}
OPTIONS.pop("locales")  # which versions must exist is translation-missing's to say

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def gather(document: Document, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    key = translation_sets.set_key(document, options)
    data = document.data
    if key is None or not isinstance(data, Mapping) or not data:
        return
    compared: list[Any] = []  # data path, compared value; field after field
    details: list[Any] = []  # _DETAILS items a field; decoded only for a field that differs
    locale, text, place = document.locale, document.text, document.source_map.place
    for pattern, kind, steps in _plan(options["fields"]):
        if steps is None:
            found: Iterable[tuple[DataPath, Any]] = find(data, pattern)
        elif steps[0] in data:  # a top-level key, as most compared fields are
            found = ((steps, data[steps[0]]),) if len(steps) == 1 else _at(data, steps)
        else:
            continue
        for path, value in found:
            shown = value if type(value) is str else _text(value)
            value_compared = shown if kind == "same" else _compared(kind, value, shown, locale)
            compared += (path, value_compared)
            # A string's quote is read off the text: its content span is not needed.
            spot = place(path, with_content=not isinstance(value, str))
            details += _details(text, spot, value, shown, kind, value_compared)
    if not compared:
        return
    to_json = translation_sets.to_json
    if text.find("filmlint:", document.yaml_start, document.yaml_end) != -1:
        # A suppression comment may keep a value out of the run: value by value, then.
        for index in range(0, len(compared), 2):
            one = index // 2 * _DETAILS
            body = (
                f"{to_json(compared[index : index + 2])}\n{to_json(details[one : one + _DETAILS])}"
            )
            yield compared[index], translation_sets.encode(key, document, body)
    else:
        # One value per file: a run over many files keeps, sends and reads one value per
        # file, and decodes a field's details only where it differs from the base's.
        first: DataPath = (next(iter(data)),)
        body = f"{to_json(compared)}\n{to_json(details)}"
        yield first, translation_sets.encode(key, document, body)


@functools.lru_cache(maxsize=16)
def _compiled(fields: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, DataPath | None], ...]:
    """Each field's pattern and kind, with its steps when they are plain keys (looked up
    without walking the data), else None."""
    plan = []
    for pattern, kind in fields:
        steps = compile_pattern(pattern)
        plain = all(type(step) is str and step not in ("*", "**") for step in steps)
        plan.append((pattern, kind, tuple(steps) if plain and steps else None))
    return tuple(plan)


def _plan(fields: Mapping[str, str]) -> tuple[tuple[str, str, DataPath | None], ...]:
    return _compiled(tuple(fields.items()))


def _at(data: Mapping[str, Any], steps: DataPath) -> tuple[tuple[DataPath, Any], ...]:
    """The value at a path of plain keys, if there is one."""
    value: Any = data
    for step in steps:
        if not isinstance(value, dict) or step not in value:
            return ()
        value = value[step]
    return ((steps, value),)


#: Items of a field's details: see ``_details``.
_DETAILS = 5
#: How details write a value's quote: not verbatim, plain, double or single quotes.
_QUOTES = (None, "", '"', "'")
_QUOTE_INDEX = {quote: index for index, quote in enumerate(_QUOTES)}


def _details(
    text: str, place: tuple[Any, ...], value: Any, shown: str, kind: str, compared: Any
) -> tuple[Any, ...]:
    """What reporting a field needs, compactly (a run keeps it for every field of every
    file): ``start, line, column, quote, extra``. ``quote`` indexes ``_QUOTES``. ``extra``
    is 0, or a mapping of what the others do not tell: ``k`` the kind (other than "same"),
    ``o`` a set's items in their written order (indices into the compared items), ``s`` the
    value as shown (when neither the compared value nor ``o`` gives it), ``w`` its spelling
    in the source (when not as shown), ``n`` its end (when not spelt verbatim: else it
    follows from its spelling), ``e`` the end's line and column (when on another line).
    ``place`` is the value's ``SourceMap.place``."""
    start, end, line, column, end_line, end_column, content = place
    quote = _quote(text, value, start, end, content)
    if quote is None:
        spelling = None
    elif isinstance(value, str):  # spelt verbatim: its spelling is the value itself
        spelling = shown
    else:
        inset = len(quote)
        spelling = text[start + inset : end - inset]
    if kind == "same" and spelling == shown and end_line == line:
        return start, line, column, _QUOTE_INDEX[quote], 0  # most fields: nothing more
    extra: dict[str, Any] = {}
    if end_line != line:
        extra["e"] = (end_line, end_column)
    if kind != "same":
        extra["k"] = kind
    if kind == "set" and isinstance(value, list) and all(type(item) is str for item in value):
        index = {item: number for number, item in enumerate(compared)}
        extra["o"] = [index[item] for item in value]  # shows as the list itself: no "s"
    elif shown != compared:
        extra["s"] = shown
    if spelling is None:
        extra["n"] = end
    elif spelling != shown:  # a fix can replace it with the base's spelling
        extra["w"] = spelling
    return start, line, column, _QUOTE_INDEX[quote], extra or 0


def _quote(
    text: str, value: Any, start: int, end: int, content: tuple[int, int] | None
) -> str | None:
    """The quote of a scalar spelt verbatim between ``start`` and ``end`` ("" when plain),
    None when it is not (escapes, folded lines, a block scalar, a list)."""
    if isinstance(value, str):
        # What SourceMap.content_span says, read off the text: a plain scalar cannot start
        # with a quote, and a quoted one ends with its quote.
        quote = text[start : start + 1]
        if quote == '"' or quote == "'":
            return (
                quote
                if text[end - 1 : end] == quote and text[start + 1 : end - 1] == value
                else None
            )
        return "" if text[start:end] == value else None
    if isinstance(value, (list, dict)):
        return None
    return "" if content == (start, end) else None  # a number, a date: as the YAML spells it


def _shown_list(items: list[str], order: list[int]) -> str:
    """A list of strings as ``_text`` shows it, from its items' indices into ``items``."""
    return json.dumps([items[i] for i in order], ensure_ascii=False)


@dataclass(frozen=True)
class _Field:
    """One compared value of a file, decoded, with the reference to report it at."""

    reference: Reference
    kind: str
    compared: Any
    shown: str
    spelt: tuple[str, str] | None


def _field(member: Member, path: DataPath, compared: Any, index: int) -> _Field:
    """The field at ``index`` of the member's body, with a reference at its value."""
    details = json.loads(member.body.partition("\n")[2])
    start, line, column, quote_index, extra = details[index * _DETAILS : (index + 1) * _DETAILS]
    extra = extra or {}
    order = extra.get("o")
    shown = extra.get("s", compared if order is None else _shown_list(compared, order))
    quote = _QUOTES[quote_index]
    spelling = extra.get("w", shown)
    end = extra["n"] if quote is None else start + 2 * len(quote) + len(spelling)
    end_line, end_column = extra.get("e", (line, column + end - start))
    content = None if quote is None else (start + len(quote), end - len(quote))
    reference = replace(
        member.reference,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        content=content,
        data_path=path,
    )
    spelt = None if quote is None else (quote, spelling)
    return _Field(reference, extra.get("k", "same"), compared, shown, spelt)


def _table(member: Member) -> dict[DataPath, tuple[Any, int]]:
    """Each field's data path with its compared value and its index in the body."""
    compared = json.loads(member.body.partition("\n")[0])
    return {
        tuple(compared[index]): (compared[index + 1], index // 2)
        for index in range(0, len(compared), 2)
    }


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
        base_members = [m for m in bases if m.file == base_file]
        # A translation whose compared values are written as the base's agrees: most do, and
        # their values are then never decoded.
        base_table = base_members[0].body.partition("\n")[0] if len(base_members) == 1 else None
        at: dict[DataPath, tuple[Any, int, Member]] | None = None
        for member in members:
            if same_tag(member.locale, base) or member.file in context.context_only:
                continue
            if member.body.partition("\n")[0] == base_table:
                continue
            if at is None:
                at = {
                    path: (compared, index, m)
                    for m in base_members
                    for path, (compared, index) in _table(m).items()
                }
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


def _compared(kind: str, value: Any, shown: str, locale: str | None) -> Any:
    if kind == "number":
        match = _NUMBER.search(shown)
        return shown if match is None else repr(float(match.group().replace(",", ".")))
    if kind in ("set", "country"):
        items = value if isinstance(value, list) else [value]
        texts = {_text(item) for item in items}
        if kind == "country":  # "美国/英国" and "UK, US" are ["GB", "US"]
            texts = {key for text in texts for key in countries.keys(text, locale)}
        return sorted(texts)
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
