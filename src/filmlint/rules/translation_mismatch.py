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
    placed,
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
    paths: list[DataPath] = []
    compared: list[str] = []  # each field's data path and compared value, as JSON
    spots: list[Any] = []  # _SPOT items a field: placed only for a field that differs
    locale, spot = document.locale, document.source_map.spot
    for pattern, kind, steps, path_json in _plan(options["fields"]):
        if steps is None:
            found: Iterable[tuple[DataPath, Any]] = find(data, pattern)
        elif steps[0] in data:  # a top-level key, as most compared fields are
            found = ((steps, data[steps[0]]),) if len(steps) == 1 else _at(data, steps)
        else:
            continue
        for path, value in found:
            if type(value) is str:  # its quote is read off its source: no content span
                start, line, column, source, _ = spot(path, with_content=False)
                written = _STRING
            else:
                start, line, column, source, content = spot(path)
                written = _AS_WRITTEN if content == (start, start + len(source)) else _OTHER
            field = path_json if path_json is not None else _to_json(path)
            paths.append(path)
            if kind == "same":
                shown = value if written == _STRING else _text(value)
                compared.append(f"{field},{_string_json(shown)}")
                spots += (start, line, column, source, written)
            else:
                value_compared = _compared(kind, value, locale)
                compared.append(f"{field},{_to_json(value_compared)}")
                extra = _extra(kind, value, value_compared, written)
                spots += (start, line, column, source, extra)
    if not compared:
        return
    if document.text.find("filmlint:", document.yaml_start, document.yaml_end) != -1:
        # A suppression comment may keep a value out of the run: value by value, then.
        for index, path in enumerate(paths):
            one = index * _SPOT
            body = f"[{compared[index]}]\n{_to_json(spots[one : one + _SPOT])}"
            yield path, translation_sets.encode(key, document, body)
    else:
        # One value per file: a run over many files keeps, sends and reads one value per
        # file, and places a field only where it differs from the base's.
        first: DataPath = (next(iter(data)),)
        body = f"[{','.join(compared)}]\n{_to_json(spots)}"
        yield first, translation_sets.encode(key, document, body)


_to_json = translation_sets.to_json
#: A string as JSON, as ``_to_json`` writes it.
_string_json = translation_sets.string_json


@functools.lru_cache(maxsize=16)
def _compiled(
    fields: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, str, DataPath | None, str | None], ...]:
    """Each field's pattern and kind, with its steps when they are plain keys (looked up
    without walking the data), else None, and then the data path as JSON."""
    plan: list[tuple[str, str, DataPath | None, str | None]] = []
    for pattern, kind in fields:
        steps = compile_pattern(pattern)
        plain = all(type(step) is str and step not in ("*", "**") for step in steps)
        if plain and steps:
            plan.append((pattern, kind, tuple(steps), _to_json(steps)))
        else:
            plan.append((pattern, kind, None, None))
    return tuple(plan)


def _plan(fields: Mapping[str, str]) -> tuple[tuple[str, str, DataPath | None, str | None], ...]:
    return _compiled(tuple(fields.items()))


def _at(data: Mapping[str, Any], steps: DataPath) -> tuple[tuple[DataPath, Any], ...]:
    """The value at a path of plain keys, if there is one."""
    value: Any = data
    for step in steps:
        if not isinstance(value, dict) or step not in value:
            return ()
        value = value[step]
    return ((steps, value),)


#: Items of a field's spot: ``start, line, column, source, extra``, the value's
#: ``SourceMap.spot`` (without its content span) and ``extra``: for a field compared as
#: written ("same"), how the value is written (below); else a mapping of what the others do
#: not tell: ``k`` the kind, ``t`` how the value is written (when not a string), ``l`` a
#: list of strings compared as a set, as written (it shows as the list), ``s`` the value as
#: shown (when neither the compared value nor ``l`` gives it).
_SPOT = 5
#: How a value is written: a string (its quote read off its source), a scalar as the YAML
#: spells it (a number, a date), or neither (a list, escapes, folded lines).
_STRING, _AS_WRITTEN, _OTHER = 0, 1, 2


def _extra(kind: str, value: Any, compared: Any, written: int) -> dict[str, Any]:
    """The ``extra`` of a field not compared as written (see ``_SPOT``)."""
    extra: dict[str, Any] = {"k": kind}
    if written != _STRING:
        extra["t"] = written
    if kind == "set" and isinstance(value, list) and all(type(item) is str for item in value):
        extra["l"] = value  # shows as the list itself
    else:
        shown = value if written == _STRING else _text(value)
        if shown != compared:
            extra["s"] = shown
    return extra


def _quote(source: str, shown: str, written: int) -> str | None:
    """The quote of a scalar spelt verbatim as ``source`` ("" when plain), None when it is
    not (escapes, folded lines, a block scalar, a list)."""
    if written == _STRING:
        # What SourceMap.content_span says, read off the source: a plain scalar cannot
        # start with a quote, and a quoted one ends with its quote.
        quote = source[:1]
        if quote == '"' or quote == "'":
            return quote if source[-1:] == quote and source[1:-1] == shown else None
        return "" if source == shown else None
    return "" if written == _AS_WRITTEN else None


@dataclass(frozen=True)
class _Field:
    """One compared value of a file, decoded, with the reference to report it at."""

    reference: Reference
    kind: str
    compared: Any
    shown: str
    spelt: tuple[str, str] | None


def _field(member: Member, path: DataPath, compared: Any, index: int) -> _Field:
    """The field at ``index`` of the member's body, placed, with a reference at its value."""
    spots = json.loads(member.body.partition("\n")[2])
    start, line, column, source, extra = spots[index * _SPOT : (index + 1) * _SPOT]
    if type(extra) is int:
        kind, written, shown = "same", extra, compared
    else:
        kind, written, items = extra["k"], extra.get("t", _STRING), extra.get("l")
        shown = extra.get("s", compared if items is None else _text(items))
    _, end, _, _, end_line, end_column, _ = placed((start, line, column, source, None))
    quote = _quote(source, shown, written)
    inset = 0 if quote is None else len(quote)
    reference = replace(
        member.reference,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        content=None if quote is None else (start + inset, end - inset),
        data_path=path,
    )
    spelt = None if quote is None else (quote, source[inset : len(source) - inset])
    return _Field(reference, kind, compared, shown, spelt)


def _compared_line(member: Member) -> str:
    """The first line of the member's body: its compared values, as JSON."""
    body = member.body
    return body[: body.find("\n")]


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
        base_table = _compared_line(base_members[0]) if len(base_members) == 1 else None
        at: dict[DataPath, tuple[Any, int, Member]] | None = None
        for member in members:
            if same_tag(member.locale, base) or member.file in context.context_only:
                continue
            if _compared_line(member) == base_table:
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


def _compared(kind: str, value: Any, locale: str | None) -> Any:
    """What a field not compared as written compares: see the module's docstring."""
    if type(value) is str:  # the same few strings in many files: worked out once each
        return _compared_string(kind, value, locale)
    if kind == "number":
        return _number(_text(value))
    items = value if isinstance(value, list) else [value]
    texts = {item if type(item) is str else _text(item) for item in items}
    if kind == "country":  # "美国/英国" and "UK, US" are ["GB", "US"]
        texts = {key for text in texts for key in countries.keys(text, locale)}
    return sorted(texts)


@functools.lru_cache(maxsize=4096)
def _compared_string(kind: str, value: str, locale: str | None) -> Any:
    """``_compared`` of a string; a list as a tuple, as the cache shares it (JSON writes
    both alike)."""
    if kind == "number":
        return _number(value)
    if kind == "country":
        return tuple(sorted(set(countries.keys(value, locale))))
    return (value,)


def _number(shown: str) -> str:
    match = _NUMBER.search(shown)
    return shown if match is None else repr(float(match.group().replace(",", ".")))


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
