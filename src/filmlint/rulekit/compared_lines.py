"""The fields translation-mismatch compares, as each file's one line of compared values.

A field compares by its kind (``KINDS``): ``same``, the value as text; ``number``, the
first number in it; ``set``, a list's items in any order; ``country``, the ISO 3166 codes
of the countries it names. A file's compared fields (``compared_fields``) are written as
one line (``compared_text``; a function compiled for the run's ``fields`` option writes it
straight from the data, ``planned``), which a set's members compare as text: most agree
with the base without being read back (``compared_values``).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from filmlint.diagnostics import DataPath
from filmlint.rulekit import countries
from filmlint.rulekit.fields import compile_pattern, find
from filmlint.rulekit.translation_sets import to_json

KINDS = ("same", "number", "set", "country")
_SAME, _NUMBER_KIND, _SET, _COUNTRY = map(KINDS.index, ("same", "number", "set", "country"))
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

#: A compared field of a file as gathered: its data path, that path as the compared values'
#: line writes it, and its compared value.
_Compared = tuple[DataPath, str, Any]


def compared_fields(
    data: Mapping[Any, Any], fields: Mapping[str, str], locale: str | None
) -> list[_Compared]:
    """``found_fields`` of ``data`` with their compared values."""
    return [
        (path, text, compared(kind, value, locale))
        for path, kind, value, text in found_fields(data, fields)
    ]


#: A compared field of a file: its data path, the index of its kind in ``KINDS``, its value,
#: and its data path as the compared values' line writes it.
_Found = tuple[DataPath, int, Any, str]


def found_fields(data: Mapping[Any, Any], fields: Mapping[str, str]) -> list[_Found]:
    """Each compared field of ``data``, in the order of ``fields``."""
    found: list[_Found] = []
    for keys, entry in planned(fields).plan:
        if entry is None:  # top-level keys, as most compared fields are: one look-up each
            found += [(at, kind, data[key], text) for key, at, kind, text in keys if key in data]
        else:
            found += _found_by(data, entry)
    return found


def _found_by(data: Mapping[Any, Any], entry: _Planned) -> list[_Found]:
    """The fields a pattern that is not a top-level key names."""
    steps, kind, pattern, text, _ = entry
    if pattern is not None:
        return [(path, kind, value, path_text(path)) for path, value in find(data, pattern)]
    return [(path, kind, value, text) for path, value in _at(data, steps)]


#: Separators of the compared values' line: between parts, and before each item of a set.
PART, ITEM = "\x1f", "\x1e"


def compared_text(fields: Sequence[_Compared]) -> str:
    """The compared values' line: each field's data path (as JSON) and compared value (a
    string, or a set's items each after ``ITEM``) after ``PART``; JSON where a value holds
    a separator or a line break, or a set has no items, which the parts cannot tell."""
    parts = [""]  # the line begins with a separator: joined once
    items = 0
    for _, text, value in fields:
        if type(value) is str:
            parts += (text, value)
        elif value:
            parts += (text, ITEM + ITEM.join(value))
            items += len(value)
        else:  # no items: written as one item, "", would be
            break
    else:
        line = _joined(parts, items)
        if line is not None:
            return line
    return to_json([part for path, _, value in fields for part in (path, value)])


def _joined(parts: list[str], items: int, plain: bool = False) -> str | None:
    """``parts`` (the first "", then among them ``items`` items of sets) as a compared values'
    line; None when a value holds a separator or a line break, which the line could not tell
    apart. ``plain``: no value can hold a separator (translation-mismatch's gather says so),
    only a line break."""
    line = PART.join(parts)  # ``parts`` begins with "": so does the line, with a separator
    if not line or "\n" in line:  # no part (JSON tells that apart), or a line break
        return None
    if not plain and (line.count(PART) != len(parts) - 1 or line.count(ITEM) != items):
        return None
    return line


def compared_values(line: str) -> list[tuple[DataPath, Any]]:
    """The fields of a compared values' line (``compared_text``): a set's items as a sorted
    tuple, each once (the line writes them as the file lists them: two files that list
    them alike agree without this, and most do)."""
    if not line.startswith(PART):
        found = json.loads(line)
        return [
            (tuple(found[i]), found[i + 1] if type(found[i + 1]) is str else _set(found[i + 1]))
            for i in range(0, len(found), 2)
        ]
    parts = line[1:].split(PART)
    return [
        (_path_of(path), _set(value[1:].split(ITEM)) if value[:1] == ITEM else value)
        for path, value in zip(parts[::2], parts[1::2], strict=True)
    ]


def _set(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items)))


@functools.lru_cache(maxsize=256)
def path_text(path: DataPath) -> str:
    """A data path as JSON: no separator or line break in it, escaped as JSON escapes them."""
    return to_json(path)


@functools.lru_cache(maxsize=256)
def _path_of(text: str) -> DataPath:
    return tuple(json.loads(text))


#: A list or mapping as ``as_text`` shows it (``json.dumps`` with arguments builds an encoder
#: a call: this one is built once).
_sorted_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


#: How ``_found_by`` finds a field: its steps, the index of its kind in ``KINDS``, its pattern
#: when its steps are not all plain keys (then found by walking the data; else looked up), its
#: steps as the compared values' line writes them, and for ``key[*].name`` (which the line
#: writer finds in a list without a walk) the key, the name and the line's text of a found
#: item's path before and after its index (else None).
_Planned = tuple[DataPath, int, str | None, str, tuple[str, str, str, str] | None]
#: A top-level key as ``found_fields`` looks it up: the key, its steps, kind and text.
_Key = tuple[str, DataPath, int, str]
#: The fields in order, in runs: top-level keys (and None), or one other field (and no keys).
_Plan = tuple[tuple[tuple[_Key, ...], _Planned | None], ...]


def plan_of(fields: tuple[tuple[str, str], ...]) -> _Plan:
    plan: list[tuple[tuple[_Key, ...], _Planned | None]] = []
    keys: list[_Key] = []
    for pattern, kind_name in fields:
        steps = tuple(compile_pattern(pattern))
        kind, text = KINDS.index(kind_name), path_text(steps)
        plain = [type(step) is str and step not in ("*", "**") for step in steps]
        if len(steps) == 1 and plain[0]:
            keys.append((str(steps[0]), steps, kind, text))
            continue
        if keys:
            plan.append((tuple(keys), None))
            keys = []
        items = None
        if len(steps) == 3 and steps[1] == "*" and plain[0] and plain[2]:
            listed_key, name = str(steps[0]), str(steps[2])
            # JSON writes each step alone: ["sourceUrl", then the index, then ,"url"]
            before, after = path_text((listed_key,))[:-1] + ",", "," + path_text((name,))[1:]
            items = (listed_key, name, before, after)
        pattern_or_none = None if all(plain) and steps else pattern
        plan.append(((), (steps, kind, pattern_or_none, text, items)))
    if keys:
        plan.append((tuple(keys), None))
    return tuple(plan)


#: The files a ``fields`` option's line is written for by the general path before its line
#: writer is compiled: compiling costs 4.4M instructions, what the writer saves over about
#: 130 files; a run of a few files (a pre-commit hook's) never pays for it.
COMPILED_AFTER = 128


class Prepared:
    """A ``fields`` option's plan, and its line writer once compiled."""

    __slots__ = ("kinds", "plan", "uses", "write")

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.write: LineWriter | None = None
        self.uses = 0
        self.kinds = _kinds(plan)

    def line(self, data: Mapping[Any, Any], locale: str | None, plain: bool) -> str | None:
        """``data``'s compared values' line, or None where the general path must write it:
        where the line writer says so, and for the files before ``COMPILED_AFTER``;
        ``plain``: no value of ``data`` can hold a separator (``_joined``)."""
        write = self.write
        if write is None:
            self.uses += 1  # threads may miss a count: compiled a file later, then
            if self.uses < COMPILED_AFTER:
                return None
            write = self.write = line_writer(self.plan)
        return write(data, locale, plain)

    def kind_of(self, path: DataPath) -> int | None:
        """The index in ``KINDS`` of the compared field at ``path``, where the plan tells it
        without a walk; None where it cannot (``_Kinds``) or no field is there."""
        kinds = self.kinds
        if kinds is None:
            return None
        listed = len(path) == 3 and type(path[1]) is int
        return kinds.get((path[0], None, path[2]) if listed else path)


#: The kind of each field a plan finds without a walk, by its data path: a path of plain
#: keys (``year``, ``a.b``) as it is, an item of ``key[*].name`` as ``(key, None, name)``.
#: None when a pattern is walked (``**.url``): which pattern names a path is then found so.
_Kinds = dict[tuple[Any, ...], int] | None


def _kinds(plan: _Plan) -> _Kinds:
    kinds: dict[tuple[Any, ...], int] = {}
    for keys, entry in plan:
        for _, steps, kind, _ in keys:
            kinds.setdefault(steps, kind)  # two patterns of one path: the first names it
        if entry is not None:
            steps, kind, pattern, _, items = entry
            if items is not None:
                kinds.setdefault((items[0], None, items[1]), kind)
            elif pattern is None:
                kinds.setdefault(steps, kind)
            else:
                return None
    return kinds


@functools.lru_cache(maxsize=16)
def _prepared(fields: tuple[tuple[str, str], ...]) -> Prepared:
    return Prepared(plan_of(fields))


#: The ``fields`` option ``planned`` was asked for last, and what it gave: a run asks with
#: the same mapping for every file, which a look-up by its items would copy and hash each time.
_last: tuple[Mapping[str, str], Prepared] | None = None


def planned(fields: Mapping[str, str]) -> Prepared:
    global _last
    last = _last
    if last is not None and last[0] is fields:
        return last[1]
    prepared = _prepared(tuple(fields.items()))
    _last = (fields, prepared)  # one assignment: a thread reads either pair, both whole
    return prepared


#: A file's compared values' line written straight from its data and locale: what
#: ``compared_text`` writes of ``compared_fields``, or None where that is JSON (a value
#: holding a separator or a line break, a set with no items) or there is no field.
LineWriter = Callable[[Mapping[Any, Any], "str | None", bool], "str | None"]
MISSING = object()
#: The types whose ``str()`` is what ``as_text`` writes: a line writer calls no function of
#: its own for them (a bool is not one: ``as_text`` writes ``true``).
_PLAIN = frozenset([str, int, float])


def line_writer(plan: _Plan) -> LineWriter:
    """The line writer of a plan, compiled from source written for its fields, as
    ``dataclasses`` compiles a class's methods: a file's gather then runs one statement per
    field, with its key and data path as constants, where a loop over the plan would unpack
    and test each field's entry, every file (a third of the gather's instructions)."""
    namespace: dict[str, Any] = {
        "MISSING": MISSING, "as_text": as_text, "compared": compared,
        "_compared_string": _compared_string, "_found_by": _found_by, "_joined": _joined,
        "_number_of": _number_of,
        "ITEM": ITEM, "_PLAIN": _PLAIN,
    }  # fmt: skip
    source = ["def write(data, locale, plain):", " get = data.get", ' parts = [""]', " items = 0"]
    for keys, entry in plan:
        for key, _, kind, text in keys:
            source += [f" v = get({key!r}, MISSING)", " if v is not MISSING:"]
            source += [f"  {line}" for line in _adding(kind, "v", repr(text))]
        if entry is None:
            continue
        _, kind, _, _, items = entry
        name = f"_ENTRY{len(namespace)}"
        namespace[name] = entry
        walk = [f"for _, kind, w, text in _found_by(data, {name}):"]
        walk += [f" {line}" for line in _adding(None, "w", "text")]
        if items is not None:  # ``key[*].name`` in a list: its item's path round its index
            listed_key, item_name, before, after = items
            # The paths of the first items written once, not formatted again every file.
            paths = f"_PATHS{len(namespace)}"
            namespace[paths] = tuple(f"{before}{i}{after}" for i in range(_WRITTEN_PATHS))
            formatted = "f" + repr(_braced(before) + "{i}" + _braced(after))
            path = f"{paths}[i] if i < {_WRITTEN_PATHS} else {formatted}"
            source += [
                f" v = get({listed_key!r})",
                " if type(v) is list:",
                "  for i, item in enumerate(v):",
                f"   if isinstance(item, dict) and {item_name!r} in item:",
                f"    w = item[{item_name!r}]",
                *[f"    {line}" for line in _adding(kind, "w", path)],
                " else:",  # a mapping's values, say
                *[f"  {line}" for line in walk],
            ]
        else:
            source += [f" {line}" for line in walk]
    source.append(" return _joined(parts, items, plain) if len(parts) > 1 else None")
    exec(compile("\n".join(source), "<compared values line writer>", "exec"), namespace)
    writer: LineWriter = namespace["write"]
    return writer


#: How many items of a listed field (``sourceUrl[*].url``) have their paths written ahead.
_WRITTEN_PATHS = 16


def _adding(kind: int | None, value: str, path: str) -> list[str]:
    """The statements that add a found value's part (``compared_text``): its data path's
    text and its compared value; ``kind`` None: the variable ``kind`` holds it. A string or
    a number is compared without a call of ``compared`` (what it would do, inline)."""
    if kind == _SAME:
        written = f"str({value}) if type({value}) in _PLAIN else as_text({value})"
        return [f"parts += ({path}, {value} if type({value}) is str else {written})"]
    if kind == _SET:  # most lists hold strings alone: joined as they are
        return [
            f"c = {value} if type({value}) is list else compared({kind}, {value}, locale)",
            "if not c:",
            " return None",
            "try:",
            f" parts += ({path}, ITEM + ITEM.join(c))",
            "except TypeError:  # an item that is not a string",
            f" parts += ({path}, ITEM + ITEM.join(compared({kind}, c, locale)))",
            "items += len(c)",
        ]
    if kind is None:
        call = f"compared(kind, {value}, locale)"
    elif kind == _NUMBER_KIND:  # one argument: its own key in the cache
        call = f"_number_of({value}) if type({value}) is str else compared({kind}, {value}, locale)"
    else:
        call = (
            f"_compared_string({kind}, {value}, locale) if type({value}) is str"
            f" else compared({kind}, {value}, locale)"
        )
    if kind == _NUMBER_KIND:  # always a string
        return [f"parts += ({path}, {call})"]
    as_set = [
        "if not c:",
        " return None",
        f"parts += ({path}, ITEM + ITEM.join(c))",
        "items += len(c)",
    ]
    if kind is not None:  # a set's items, or countries: never a string
        return [f"c = {call}", *as_set]
    return [f"c = {call}", "if type(c) is str:", f" parts += ({path}, c)", "else:"] + [
        f" {line}" for line in as_set
    ]


def _braced(text: str) -> str:
    """Text as an f-string's literal part writes it."""
    return text.replace("{", "{{").replace("}", "}}")


def _at(data: Mapping[str, Any], steps: DataPath) -> tuple[tuple[DataPath, Any], ...]:
    """The value at a path of plain keys, if there is one."""
    value: Any = data
    for step in steps:
        if not isinstance(value, dict) or step not in value:
            return ()
        value = value[step]
    return ((steps, value),)


def as_text(value: Any) -> str:
    """A value as text: scalars as YAML spells them, lists and mappings as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    try:
        return _sorted_json(value)
    except ValueError:  # JSON writes an int subclass as int does: a long one raises
        return _sorted_json(_long_integers_described(value))


def _long_integers_described(value: Any) -> Any:
    """``value`` with each integer too long for text (the parser's ``LongInt``) as its ``str``
    ("an integer of 5,000 digits"), in lists and mappings, keys too."""
    if isinstance(value, list):
        return [_long_integers_described(item) for item in value]
    if isinstance(value, dict):
        return {
            _long_integers_described(key): _long_integers_described(item)
            for key, item in value.items()
        }
    if isinstance(value, int) and type(value) not in (int, bool):
        return str(value)
    return value


def compared(kind: int, value: Any, locale: str | None) -> Any:
    """What a field compares (``kind``: its index in ``KINDS``)."""
    if kind == _SAME:
        return value if type(value) is str else as_text(value)
    if type(value) is str:  # the same few strings in many files: worked out once each
        return _number_of(value) if kind == _NUMBER_KIND else _compared_string(kind, value, locale)
    if kind == _NUMBER_KIND:
        return _number(as_text(value))
    items = value if isinstance(value, list) else [value]
    texts = [item if type(item) is str else as_text(item) for item in items]
    if kind == _COUNTRY:  # "美国/英国" and "UK, US" are ["GB", "US"]
        return sorted({key for text in texts for key in _compared_string(kind, text, locale)})
    return texts  # a set's items as listed: ``compared_values`` reads them as a set


def same_countries(
    one: Sequence[str], one_locale: str | None, other: Sequence[str], other_locale: str | None
) -> bool:
    """Whether two versions' compared ``country`` values name the same countries once each
    part one's language names none of is read in the other's language too: a name left as
    the base writes it (``"美国"`` in an English file) still names its country, and
    country-code reports it there."""
    return _reread(one, other_locale) == _reread(other, one_locale)


def _reread(compared: Sequence[str], locale: str | None) -> list[str]:
    """A compared ``country`` value, each part that names no country read in ``locale``."""
    keys: set[str] = set()
    for part in compared:
        keys.update((part,) if countries.is_key(part) else countries.keys(part, locale))
    return sorted(keys)


@functools.lru_cache(maxsize=4096)
def _compared_string(kind: int, value: str, locale: str | None) -> Any:
    """``compared`` of a string compared as a ``set`` or a ``country``; a list as a tuple,
    as the cache shares it (JSON writes both alike). A ``number``'s is ``_number_of``'s."""
    if kind == _COUNTRY:
        return tuple(sorted(set(countries.keys(value, locale))))
    return (value,)


@functools.lru_cache(maxsize=4096)
def _number_of(value: str) -> str:
    """``compared`` of a string compared as a ``number``."""
    return _number(value)


def _number(shown: str) -> str:
    match = _NUMBER.search(shown)
    return shown if match is None else repr(float(match.group().replace(",", ".")))
