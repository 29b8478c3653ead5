"""A translation disagrees with its base on a field that is the same in every language.

The film's year, its ratings, its poster, its original title, the URLs of its sources, its
topics and its countries do not change with the language of the page; when a translation
says otherwise, one of the two is wrong (`year: 2004` in `alien-1979-en.md` against `1979`
in `alien-1979.md`, a Douban URL of another film, topics that drifted after an edit to one
language). Each language version of a film (its translation set: see `translation-missing`,
which says how a `key` such as `translationKey: 1979` names one) is compared with the base,
the version in the default locale (`base`), field by field.

`fields` maps each field (a pattern: `sourceUrl[*].url`) to how it compares:

- `same`: the value as written, as text (`8.5` and `"8.5"` are the same); lists and
  mappings item by item.
- `number`: the first number in it (`duration: "117分钟"` and `"117 minutes"` agree; ratings
  too: `"7.7"` and `"7.70"` are one rating, whichever of them rating-format would rewrite).
- `set`: a list as a set of its items, in any order (`topics`).
- `country`: the countries it names, as a set of ISO 3166 codes, whatever language and
  script names them in (as `country-code` reads names: codes, the names of the file's
  language or English, former countries): `"美国"` in the base and `"United States"` or
  `"USA"` in the English version agree, and so do `"美国/英国"` and `"UK, US"` (several
  countries in one string are split at `/ , ; | 、`, or written as a list). A part that
  names no country in its version's language is read in the other version's too (`"美国"`
  left in the English version names the United States there as well: country-code reports
  it); one that names none in either is compared as written, ignoring case.

A field the base does not have is not compared. An item of a list (`sourceUrl[*].url`) is
compared with the base's item it corresponds to: the one with the same value of a key that
names one item in each list (`platform: "IMDB"`); else, when the base has its value at an
item not paired so, none (it agrees: a translation with fewer sources, or in another
order); else the item at the same place of a list as long. An item that corresponds to
none (in a list of another length, its platform in another language: `"Douban"` and
`"豆瓣"`) is not compared. `releaseDate` is not compared by default: each country has its
own.

A mismatch is reported at the translation's value, naming the base's file, line and value
("year is 2004 here but 1979 in the base films/alien-1979.md:8"); the `json` output gives
the base's value as a related location (`related`), SARIF as `relatedLocations`. When both
values of a `same` field are written alike (both plain, or both in the same quotes) and
verbatim, an unsafe fix takes the base's value: a string quoted where YAML 1.1 readers such
as Jekyll's would read it otherwise (a plain `no` is false to them), any other value as the
base spells it (a `number` has none: the base's spelling may be one another rule rewrites,
and the next fix would undo it). Nor is a fix offered when another rule finds a problem at
the base's value (`contentLanguage: "zh_cn"`, which language-code rewrites as `"zh-CN"`; a
URL url-format rejects; a value of the wrong type), even one that a suppression comment or
`per-file-ignores` keep out of the base's report: it would copy the problem, and fixing the
base would then change the translation back. Only named files are reported on; the base
is read from disk when a run does not name it. A translation that turns the rule off
(`per-file-ignores`, a suppression comment) is told nothing. A base that `per-file-ignores`
turns it off for is still compared with; a suppression comment in the base takes what it
covers out of the comparison (its year, say: no translation's year is compared with it).

In `films/alien-en.md`, beside `films/alien.md` that says `year: 1979`, in a site whose
locale settings have the default zh-Hans and the suffix en for English:

Bad:

    year: 2004

Good:

    year: 1979
"""

from __future__ import annotations

import _thread  # its Lock, without threading's import (start-up)
import functools
from collections.abc import Iterator, Mapping, Sequence
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
    parse_front_matter,
    placed,
    string_edit,
)
from filmlint.rulekit import kept_text, translation_sets
from filmlint.rulekit.compared_lines import (
    KINDS,
    MISSING,
    as_text,
    compared_fields,
    compared_text,
    compared_values,
    found_fields,
    planned,
    same_countries,
)
from filmlint.rulekit.translation_sets import Member, tag_key, where

if TYPE_CHECKING:
    from filmlint.api import Document
    from filmlint.rulekit.translation_sets import SetJudge

NAME = "translation-mismatch"
CODE = "FL404"
SEVERITY = Severity.ERROR
READS_TRANSLATIONS = True
#: Each value ends with its file's front matter, all of its text before the body: the cache
#: cuts it off by that length (``FileResult.body_start``) and keeps it by reference (``_field``).
KEEPS_FILE_TEXT = True

DEFAULT_FIELDS = {
    "year": "same",
    "imdbRating": "number",
    "doubanRating": "number",
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

#: The index of the ``country`` kind in ``KINDS``, as compared values' plans name kinds.
_COUNTRY = KINDS.index("country")

#: How a value is written: a string (its quote read off its source), a scalar as the YAML
#: spells it (a number, a date), or neither (a list, escapes, folded lines).
_STRING, _AS_WRITTEN, _OTHER = 0, 1, 2


def gather(document: Document, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    key = translation_sets.set_key(document, options)
    data = document.data
    if key is None or not data:  # no set, or an empty mapping: nothing to compare
        return
    # The front matter's text follows, to place a field that differs from the base's (few
    # do): placing every field of every file cost more than all the rest.
    front_matter = document.text[: document.body_start]
    if document.text.find("filmlint:", document.yaml_start, document.yaml_end) != -1:
        # A suppression comment may keep a value out of the run: value by value, then.
        fields = compared_fields(data, options["fields"], document.locale)
        if fields:
            _gathered.keep(document, front_matter)
        for field in fields:
            body = f"{compared_text([field])}\n{front_matter}"
            yield field[0], translation_sets.encode(key, document, body)
        return
    # One value per file: a run over many files keeps, sends and reads one value per file,
    # and places a field only where it differs from the base's. A separator can only be
    # written as an escape (YAML refuses control characters as they are): without a
    # backslash in the front matter, the line needs no search for them.
    plain = document.text.find("\\", document.yaml_start, document.yaml_end) == -1
    line = planned(options["fields"]).line(data, document.locale, plain)
    if line is None:
        fields = compared_fields(data, options["fields"], document.locale)
        if not fields:
            return
        line = compared_text(fields)
    _gathered.keep(document, front_matter)
    # At the front matter as a whole: a field that differs is placed when judged (``_field``).
    yield (), translation_sets.encode(key, document, line, "\n", front_matter)


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


class _Field:
    """One compared value of a file, decoded, with the reference to report it at."""

    __slots__ = ("compared", "flow", "kind", "reference", "shown", "spelt", "string")

    def __init__(
        self,
        reference: Reference,
        kind: str,
        compared: Any,
        shown: str,
        spelt: tuple[str, str] | None,
        *,
        string: bool,
        flow: bool,
    ) -> None:
        self.reference = reference
        self.kind = kind
        self.compared = compared
        self.shown = shown
        self.spelt = spelt
        #: Whether the value is a string, and whether it stands in a flow collection: how a
        #: fix writes the base's string there.
        self.string = string
        self.flow = flow


def _document(member: Member, context: RunContext) -> Document | None:
    """The member's front matter, parsed from its text (as gathered, when kept); None when
    that text is no longer there to read (see ``_field``)."""
    body = member.body
    tail = body[body.find("\n") + 1 :]
    front_matter = kept_text.resolve(tail, member.file, context.read_file)
    return None if front_matter is None else _parsed(front_matter, member.file)


class _Read:
    """The documents of a set's members as one judgement reads them: each once, with its
    compared fields by data path. A translation with thousands of differing list items
    (``sourceUrl``) asked for both documents, and all their fields, for each item."""

    __slots__ = ("_by_path", "_documents", "context", "fields")

    def __init__(self, fields: Mapping[str, str], context: RunContext) -> None:
        self.fields = fields
        self.context = context
        self._documents: dict[str, Document | None] = {}
        self._by_path: dict[str, dict[DataPath, tuple[int, Any]]] = {}

    def document(self, member: Member) -> Document | None:
        """``_document`` of ``member``, read once (each member of a file holds its text)."""
        file = member.file
        if file not in self._documents:
            self._documents[file] = _document(member, self.context)
        return self._documents[file]

    def found(self, member: Member, document: Document, path: DataPath) -> tuple[int, Any]:
        """The kind and value of the compared field at ``path`` of ``member``'s document:
        looked up where the fields' plan can say which field it is, else of all its fields
        found (once a document)."""
        kind = planned(self.fields).kind_of(path)
        if kind is not None:
            value: Any = document.data
            for step in path:
                value = _child(value, step)
            if value is not MISSING:
                return kind, value
        by_path = self._by_path.get(member.file)
        if by_path is None:
            found = found_fields(document.data, self.fields)
            by_path = self._by_path[member.file] = {at: (k, v) for at, k, v, _ in reversed(found)}
        return by_path[path]


def _field(member: Member, path: DataPath, compared: Any, read: _Read) -> _Field | None:
    """The member's field at ``path``, placed from its front matter's text (parsed again:
    only for a field that differs), with a reference at its value. None when that text is
    no longer there to read: the result cache kept the value without it (it is the file's),
    and the file has changed since (the next run lints it again)."""
    document = read.document(member)
    if document is None:
        return None
    kind, value = read.found(member, document, path)
    is_string = type(value) is str
    spot = document.source_map.spot(path, with_content=not is_string)
    start, line, column, source, content = spot
    if is_string:
        written = _STRING
    else:
        written = _AS_WRITTEN if content == (start, start + len(source)) else _OTHER
    shown = value if is_string else as_text(value)
    _, end, _, _, end_line, end_column, _ = placed(spot)
    quote = _quote(source, shown, written)
    inset = 0 if quote is None else len(quote)
    gathered = member.reference
    reference = Reference(
        gathered.rule,
        gathered.value,
        gathered.file,
        start,
        end,
        line,
        column,
        end_line,
        end_column,
        None if quote is None else (start + inset, end - inset),
        path,
        gathered.reported,
    )
    spelt = None if quote is None else (quote, source[inset : len(source) - inset])
    parent = document.source_map.node(path[:-1])
    flow = bool(getattr(parent, "flow_style", False))
    return _Field(reference, KINDS[kind], compared, shown, spelt, string=is_string, flow=flow)


class _Gathered:
    """The documents of the files gathered last, by path, with their front matter's text.

    A set is judged right after its last file is gathered, in the process that linted it: a
    field that differs is then placed in the document as the file phase parsed it, not in
    its text parsed again. Only as many are kept as the largest set judged in this process
    (none before the first is judged): each one kept holds a parse's objects alive.
    """

    def __init__(self) -> None:
        self._documents: dict[str, tuple[str, Document]] = {}
        self._size = 0
        self._lock = _thread.allocate_lock()  # a library's caller may lint in threads at once

    def keep(self, document: Document, front_matter: str) -> None:
        if not self._size or document.path is None:
            return
        with self._lock:
            documents = self._documents
            documents.pop(document.path, None)  # kept anew: the newest last
            documents[document.path] = (front_matter, document)
            if len(documents) > self._size:
                del documents[next(iter(documents))]

    def expect(self, members: Sequence[Member]) -> None:
        """A set of these files is judged: keep as many documents from now on."""
        self._size = max(self._size, len(members))

    def forget(self, members: Sequence[Member]) -> None:
        """Their set is judged: their documents are not needed again."""
        with self._lock:
            for member in members:
                self._documents.pop(member.file, None)

    def document(self, front_matter: str, path: str) -> Document | None:
        """The document kept for ``path``, if its front matter's text is this."""
        kept = self._documents.get(path)
        return kept[1] if kept is not None and kept[0] == front_matter else None


_gathered = _Gathered()


def _parsed(front_matter: str, path: str) -> Document:
    """The document of a front matter's text: as gathered, when kept (``_Gathered``), else
    parsed again. The front matter begins the file's text: both place every value alike."""
    return _gathered.document(front_matter, path) or _parsed_again(front_matter, path)


@functools.lru_cache(maxsize=8)
def _parsed_again(front_matter: str, path: str) -> Document:
    """A front matter's text parsed again (a base with several differing translations, or
    several fields, is parsed once)."""
    return parse_front_matter(front_matter, path)


def _table(member: Member) -> dict[DataPath, Any]:
    """Each field's data path with its compared value."""
    return dict(compared_values(member.first_line()))


def finish(
    references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
) -> Iterator[ReferenceProblem]:
    return translation_sets.judged(references, judge_sets(options, context))


def judge_sets(options: Mapping[str, Any], context: RunContext) -> SetJudge | None:
    """``finish`` for one set at a time; None when a single language is all there is (the
    settings name one, and no ``locale.key`` lets a file name another)."""
    base = translation_sets.base_locale(options, context)
    if base is None:
        return None
    base_key = tag_key(base)
    if context.locale_key is None and {tag_key(tag) for tag in context.locales} <= {base_key}:
        return None  # a single language, however its tag is cased: nothing to compare
    fields = options["fields"]

    def judge(_key: str, members: list[Member]) -> list[ReferenceProblem]:
        _gathered.expect(members)
        try:
            return _mismatches(members, base_key, fields, context)
        finally:
            _gathered.forget(members)

    return judge


def _mismatches(
    members: list[Member], base_key: str, fields: Mapping[str, str], context: RunContext
) -> list[ReferenceProblem]:
    """What differs from the base (its locale as ``tag_key`` has it) in a set."""
    bases: list[Member] = []
    translations: list[Member] = []
    for member in members:
        if tag_key(member.locale) == base_key:
            bases.append(member)
        elif member.reference.reported:  # one that turns the rule off is told nothing
            translations.append(member)
    if not bases:
        return []  # translation-missing says so
    if len(bases) > 1:  # several files in the base's locale: the first path is the base
        base_file = min((m.file for m in bases), key=translation_sets.one_spelling)
        bases = [m for m in bases if m.file == base_file]
    # A translation whose compared values are written as the base's agrees: most do, and
    # their values are then never decoded.
    base_line = bases[0].first_line() if len(bases) == 1 else None
    context_only = context.context_only
    at: dict[DataPath, tuple[Any, Member]] | None = None
    # A file with a suppression comment is gathered value by value: its values are
    # compared together, as its lists' items are paired with the base's together.
    tables: dict[str, dict[DataPath, tuple[Any, Member]]] = {}
    for member in translations:
        if base_line is not None and member.first_line_is(base_line):
            continue
        if member.reference.file in context_only:
            continue
        table = tables.setdefault(member.reference.file, {})
        table.update((path, (compared, member)) for path, compared in _table(member).items())
    found: list[ReferenceProblem] = []
    if not tables:
        return found
    read = _Read(fields, context)
    for table in tables.values():
        if at is None:
            at = {path: (compared, m) for m in bases for path, compared in _table(m).items()}
        counterparts: _Counterparts | None = None
        for path, (compared, member) in table.items():
            base_path: DataPath | None = path
            if int in map(type, path):  # an item of a list: its counterpart's
                if counterparts is None:
                    counterparts = _Counterparts(table, at, member, bases[0], read)
                base_path = counterparts.of(path)
            original = None if base_path is None else at.get(base_path)
            if original is not None and original[0] != compared:
                assert base_path is not None
                if _countries_alike(path, (compared, member), original, fields):
                    continue
                translated = _field(member, path, compared, read)
                base_field = _field(original[1], base_path, original[0], read)
                if translated is not None and base_field is not None:
                    found.append(_problem(translated, base_field, context))
    return found


def _countries_alike(
    path: DataPath,
    translated: tuple[Any, Member],
    base: tuple[Any, Member],
    fields: Mapping[str, str],
) -> bool:
    """Whether the ``country`` field at ``path`` of a translation names the base's countries,
    each read in the other's language too (``same_countries``); both are (compared value,
    member)."""
    if planned(fields).kind_of(path) != _COUNTRY:
        return False
    (value, member), (base_value, base_member) = translated, base
    return same_countries(value, member.locale, base_value, base_member.locale)


#: A file's compared values by data path, each with the member that gathered it.
_Table = Mapping[DataPath, tuple[Any, Member]]


class _Counterparts:
    """The base's counterpart of each item of a translation's lists (see the module's
    docstring): its lists and the base's are read from their front matter, only for a
    translation that differs from the base."""

    def __init__(
        self, table: _Table, base_table: _Table, member: Member, base: Member, read: _Read
    ) -> None:
        self._tables = (table, base_table)
        self._members = (member, base)
        self._read = read
        self._data: tuple[Any, Any] | None = None
        self._pairs: dict[tuple[DataPath, DataPath, DataPath], dict[int, int]] = {}

    def of(self, path: DataPath) -> DataPath | None:
        """The base's path of the value at ``path`` in the translation, each list's index
        the base's item it corresponds to; None when an item has none."""
        if self._data is None:
            documents = [self._read.document(m) for m in self._members]
            if documents[0] is None or documents[1] is None:
                return None
            self._data = (documents[0].data, documents[1].data)
        here, there = self._data
        base_path: list[Any] = []
        for position, step in enumerate(path):
            base_step: Any = step
            if type(step) is int and isinstance(here, list):
                if not isinstance(there, list):
                    return None
                key = (path[:position], tuple(base_path), path[position + 1 :])
                pairs = self._pairs.get(key)
                if pairs is None:
                    pairs = self._pairs[key] = _paired(here, there, key, *self._tables)
                base_step = pairs.get(step)
                if base_step is None:
                    return None
            here, there = _child(here, step), _child(there, base_step)
            base_path.append(base_step)
        return tuple(base_path)


def _child(node: Any, step: Any) -> Any:
    """The value at ``step`` of a list or mapping; ``MISSING`` when there is none."""
    if isinstance(node, list):
        return node[step] if type(step) is int and 0 <= step < len(node) else MISSING
    return node.get(step, MISSING) if isinstance(node, dict) else MISSING


def _paired(
    items: list[Any],
    base_items: list[Any],
    paths: tuple[DataPath, DataPath, DataPath],
    table: _Table,
    base_table: _Table,
) -> dict[int, int]:
    """The index of the base's item that each item of a translation's list corresponds to
    (none: not compared); ``paths``: the list's path in each file, and the compared value's
    path in an item. In turn: the base's item with the same value of a key that names one
    item in each list (``platform: "IMDB"``); none for an item whose value the base has at an
    item not paired yet (at the same place first), which that item then takes; the item at
    the same place of a list as long, unless paired or taken."""
    prefix, base_prefix, inner = paths
    paired = _paired_by_key(items, base_items, inner[0] if inner else None)
    taken = set(paired.values())
    # An inner list's values are not the item's: its items are paired in turn.
    valued = not any(type(step) is int for step in inner)

    def value(of: _Table, path: DataPath) -> Any:
        found = of.get(path) if valued else None
        return MISSING if found is None else found[0]

    values = [value(table, (*prefix, index, *inner)) for index in range(len(items))]
    base_values = [
        value(base_table, (*base_prefix, index, *inner)) for index in range(len(base_items))
    ]
    agreeing: set[int] = set()
    for same_place in (True, False):
        for index, held in enumerate(values):
            if held is MISSING or index in paired or index in agreeing:
                continue
            places = [index] if same_place else range(len(base_items))
            there = next(
                (
                    i
                    for i in places
                    if i < len(base_values) and i not in taken and base_values[i] == held
                ),
                None,
            )
            if there is not None:
                agreeing.add(index)
                taken.add(there)
    if len(items) == len(base_items):
        for index in range(len(items)):
            if index not in paired and index not in agreeing and index not in taken:
                paired[index] = index
    return paired


def _paired_by_key(items: list[Any], base_items: list[Any], compared: Any) -> dict[int, int]:
    """The items of two lists of mappings paired by a key (not ``compared``) whose value
    names one item in each; an item two keys would pair with different items, or that
    another item's key pairs with the same one, is not paired."""
    claims: dict[int, set[int]] = {}
    keys = {k for item in items if isinstance(item, dict) for k in item if k != compared}
    for key in keys:
        base_named = _named_by(base_items, key)
        for value, index in _named_by(items, key).items():
            if value in base_named:
                claims.setdefault(index, set()).add(base_named[value])
    paired = {index: next(iter(claim)) for index, claim in claims.items() if len(claim) == 1}
    taken: dict[int, int] = {}
    for there in paired.values():
        taken[there] = taken.get(there, 0) + 1
    return {index: there for index, there in paired.items() if taken[there] == 1}


def _named_by(items: list[Any], key: Any) -> dict[Any, int]:
    """Each value of ``key`` (a string or an integer) that one mapping of ``items`` alone has,
    with that item's index."""
    seen: dict[Any, int | None] = {}
    for index, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else None
        if type(value) is str or type(value) is int:
            seen[value] = None if value in seen else index
    return {value: index for value, index in seen.items() if index is not None}


def _problem(translated: _Field, original: _Field, context: RunContext) -> ReferenceProblem:
    reference, base = translated.reference, original.reference
    label = _label(reference.data_path)
    if translated.kind == "set":
        here, there = set(translated.compared), set(original.compared)
        parts = []
        if here - there:
            parts.append(f"{_items(here - there)} only here")
        if there - here:
            parts.append(f"{_items(there - here)} only in the base")
        message = f"{label} differ from the base {where(base, context)}: {'; '.join(parts)}"
    else:
        shown, base_shown = _short(translated.shown), _short(original.shown)
        message = f"{label} is {shown} here but {base_shown} in the base {where(base, context)}"
    # The base's item of a list may be at another place (paired by a key, say).
    base_label = _label(base.data_path)
    related = RelatedLocation(
        base.file, base.line, base.column, f"the base's {base_label}: {_short(original.shown)}"
    )
    fix = _fix(translated, original, context)
    return ReferenceProblem(reference, message, fix=fix, related=(related,))


def _fix(translated: _Field, original: _Field, context: RunContext) -> Fix | None:
    """Take the base's value, when both are written verbatim and alike: a string so that it
    reads as that string to YAML 1.2 and 1.1 readers alike (a plain ``no`` is false to 1.1
    readers: quoted then), any other value spelt as the base spells it. None when the base's
    value has a problem of its own (``_has_problem``)."""
    spelt, base_spelt, content = translated.spelt, original.spelt, translated.reference.content
    if content is None or spelt is None or base_spelt is None or spelt[0] != base_spelt[0]:
        return None
    if translated.kind != "same" or _has_problem(original.reference, context):
        return None
    if original.string:
        edit = string_edit(content, spelt[0] != "", original.shown, in_flow=translated.flow)
    else:
        edit = Edit(*content, base_spelt[1])
    return Fix(f"take the base's value {base_spelt[1]}", (edit,), "unsafe")


def _has_problem(value: Reference, context: RunContext) -> bool:
    """Whether the file phase found a problem (any rule's, any severity) at a base's value:
    taken, it would be copied, and the fix of the base's (``zh_cn`` to ``zh-CN``) would then
    change the translation back in the next run."""
    told = context.diagnostics
    if told is None:
        return False
    start, end = (value.line, value.column), (value.end_line, value.end_column)
    for diagnostic in told(value.file):
        at = (diagnostic.line, diagnostic.column)
        # Overlapping it; an empty span, at or within it.
        if at < end and (start < (diagnostic.end_line, diagnostic.end_column) or at == start):
            return True
    return False


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
