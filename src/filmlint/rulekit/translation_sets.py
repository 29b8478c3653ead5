"""Translation sets: the language versions of one film in a collection, as the translation
rules gather them file by file and group them once per run.

A file's set is named by its front matter's translation key when the rules' ``key`` option
names one and the file has it (Hugo's ``translationKey``), else by its path without what
names its locale (``films/alien-en.md`` and ``films/alien.md`` are ``films/alien.md``). The
expected locales are those the locale settings name, unless the ``locales`` option lists
them; the base is the file in the default locale, unless ``base`` names another.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from filmlint.diagnostics import Reference, ReferenceProblem
from filmlint.rulekit.declaration import Option, RunContext
from filmlint.rulekit.declaration import SetJudge as SetJudge  # for the rules' judge_sets
from filmlint.rulekit.langtags import is_well_formed

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document


def _tags_problem(tags: Any) -> str | None:
    bad = [tag for tag in tags if not isinstance(tag, str) or not is_well_formed(tag)]
    return f"not BCP 47 language tags: {', '.join(map(repr, bad))}" if bad else None


def _tag_problem(tag: Any) -> str | None:
    return None if tag == "" or is_well_formed(tag) else f"not a BCP 47 language tag: {tag!r}"


#: The options both translation rules have, so that both see the same sets.
SET_OPTIONS = {
    "locales": Option(
        [],
        "The locales every film must have (BCP 47 tags; the base's whether listed or not); "
        "empty: every locale the locale settings name (default, folders, suffixes). Fewer "
        "than two: the rule does nothing.",
        validate=_tags_problem,
    ),
    "base": Option(
        "",
        "The locale of the base version, the one translations follow; empty: the locale "
        "settings' default.",
        validate=_tag_problem,
    ),
    "key": Option(
        "",
        "A front-matter key whose value names a film's set across languages (Hugo's "
        '"translationKey"); a file without it is grouped by its path without its locale.',
    ),
}


def expected_locales(options: Mapping[str, Any], context: RunContext) -> tuple[str, ...]:
    """The locales of a complete set, the base first: each once, as ``tag_key`` tells tags
    apart (``zh-hans`` in ``locales`` is the default ``zh-Hans``), as first written."""
    tags = tuple(options["locales"]) or context.locales
    base = base_locale(options, context)
    found: dict[str, str] = {}
    for tag in ([base] if base is not None else []) + list(tags):
        found.setdefault(tag_key(tag), tag)
    return tuple(found.values())


def base_locale(options: Mapping[str, Any], context: RunContext) -> str | None:
    return options["base"] or context.default_locale


def same_tag(one: str, other: str) -> bool:
    """BCP 47 tags are case-insensitive (``zh-hans`` is ``zh-Hans``)."""
    return tag_key(one) == tag_key(other)


def tag_key(tag: str) -> str:
    """A tag as ``same_tag`` compares it: equal keys, the same tag."""
    return tag.casefold()


def set_key(document: Document, options: Mapping[str, Any]) -> str | None:
    """The name of the file's set, or None when it has none (no locale, no path, or a front
    matter that is not a mapping)."""
    data = document.data
    # The parser's mappings are dicts: isinstance of an ABC runs Python code each file.
    if document.locale is None or not (type(data) is dict or isinstance(data, Mapping)):
        return None
    key = options["key"]
    if key:
        named = key_named(document, key)
        if named is not None:
            return "key:" + named
    if document.unlocalized_path is None:
        return None
    if key:
        # A run whose sets a key names reads the collection's other files by paths spelt
        # its own way (absolute, or from here): one file is one set however it is spelt.
        return path_key(one_spelling(document.unlocalized_path))
    return path_key(document.unlocalized_path)


def key_named(document: Document, key: str) -> str | None:
    """The film the front matter's ``key`` names (its set is ``"key:"`` and this), or None
    when it names none: the file is then grouped by its path."""
    value = document.data.get(key)
    if isinstance(value, str):  # most keys: nothing more to work out
        return value if value.strip() else None
    return None if value is None else _number_key(document, key, value)


def _number_key(document: Document, key: str, value: Any) -> str | None:
    """The name a number written as a set's key gives it, as Hugo reads the key (a string):
    an int by its digits (``1979``, the set of ``"1979"``), a float, or an int too long to
    show, as the YAML source writes it (``1.50``: ``str`` would say ``1.5``). None for
    another value (true, a list): no name, the file is grouped by its path."""
    kind = type(value)
    if kind is int:  # the parser's longer integers are LongInt, read as written below
        return str(value)
    if kind is bool or not isinstance(value, (int, float)):
        return None
    node = document.source_map.node((key,))
    written = getattr(node, "value", None)  # a scalar's text, without its tag or anchor
    if isinstance(written, str) and written:
        return written
    return repr(value) if kind is float else None  # no source to read it from


def path_key(unlocalized_path: str) -> str:
    """The name of the set of the files whose path without their locale is this."""
    return _BY_PATH + unlocalized_path


#: How the name of a set named by its files' path begins.
_BY_PATH = "path:"


#: JSON as compact as it goes, for the values gathered from every file of a run; what is
#: gathered holds no cycle, so the encoder does not track the lists it is inside.
to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
#: A string as ``to_json`` writes it, without the encoder's call per value around it.
string_json: Callable[[str], str] = json.encoder.encode_basestring


def encode(key: str, document: Document, *body: str) -> str:
    """A gathered value: a first line naming the file's set and locale, all a run needs to
    group files, then ``body`` (its parts joined), what the rule compares (read only where
    it must be)."""
    assert document.locale is not None
    return "".join((f"[{string_json(key)},{string_json(document.locale)}]\n", *body))


_json_value = json.JSONDecoder().raw_decode


def _head(value: str) -> tuple[str, Any, int] | None:
    """The set's key and the locale a value made by ``encode`` names (its first line is
    ``[key, locale]`` as JSON), and where that line ends; None for a value of another shape,
    as a plugin's rule may gather. Only the first line is read (the body is not copied)."""
    cut = value.find("\n")
    if cut < 0:
        return None
    line = value[:cut]
    if line.startswith('["') and line.endswith('"]') and "\\" not in line and line.isprintable():
        # Two strings without an escape (so without a quote or a control character, as
        # JSON has them), as ``encode`` writes most: read without the decoder.
        key, comma, locale = line[2:-2].partition('","')
        if comma and '"' not in key and '"' not in locale:
            return key, locale, cut
    try:
        found, end = _json_value(value)
    except ValueError:
        return None
    if end == cut and isinstance(found, list) and len(found) == 2:
        key, locale = found
        return (key, locale, cut) if isinstance(key, str) else None
    return None


def opening(key: str) -> str:
    """How a value made by ``encode`` for a file of the set ``key`` begins: a value names
    that set when it starts so (its first line need not be decoded)."""
    return f"[{string_json(key)},"


def named_set(value: str) -> str | None:
    """The key of the set a value made by ``encode`` names; None for a value of another
    shape."""
    head = _head(value)
    return None if head is None else head[0]


@dataclass(slots=True)
class Member:
    """A gathered value of one file of a set: its body starts at ``start`` in its value (read
    in place where it can be: a value ends with its file's front matter, kilobytes)."""

    reference: Reference
    locale: str
    start: int

    @property
    def file(self) -> str:
        return self.reference.file

    @property
    def body(self) -> str:
        """What the rule compares (``encode``'s ``body``)."""
        return self.reference.value[self.start :]

    def first_line(self) -> str:
        """The body's first line, without copying the rest."""
        value, start = self.reference.value, self.start
        end = value.find("\n", start)
        return value[start:] if end < 0 else value[start:end]

    def first_line_is(self, line: str) -> bool:
        """Whether ``first_line()`` is ``line`` (a line: no line break), without copying it."""
        value, end = self.reference.value, self.start + len(line)
        return value.startswith(line, self.start) and (len(value) == end or value[end] == "\n")


def sets(references: Iterable[Reference]) -> dict[str, list[Member]]:
    """The gathered values by set, in the order gathered."""
    grouped: dict[str, list[Member]] = {}
    for reference in references:
        key, member = _member(reference)
        grouped.setdefault(key, []).append(member)
    return grouped


def judged(references: Iterable[Reference], judge: SetJudge | None) -> Iterator[ReferenceProblem]:
    """What ``judge`` (a rule's ``judge_sets``; None: nothing to judge) finds in each set of
    ``references``: the rule's ``finish``."""
    if judge is None:
        return
    for key, members in sets(references).items():
        yield from judge(key, members)


def members_of_set(
    references: Iterable[Reference], key: str, begins: str | None = None
) -> list[Member]:
    """The members of a set from its values: each one's locale read after what names the set
    (``begins``: ``opening(key)``, worked out here when not given) where the value begins so,
    not from its whole first line. ValueError for a value that names another set, or none."""
    if begins is None:
        begins = opening(key)
    start = len(begins)
    found: list[Member] = []
    for reference in references:
        value = reference.value
        if value.startswith(begins):
            # The locale as ``encode`` writes most: a JSON string without an escape (so
            # without a quote, a backslash or a control character), then the line's end.
            end = value.find('"]\n', start)
            locale = value[start + 1 : end]
            if (
                end > start
                and value[start] == '"'
                and locale.isprintable()
                and '"' not in locale
                and "\\" not in locale
            ):
                found.append(Member(reference, locale, end + 3))
                continue
        named, member = _member(reference)  # escaped, or another set's: its first line decoded
        if named != key:
            raise ValueError(f"a value of {reference.file} names the set {named!r}")
        found.append(member)
    return found


def _member(reference: Reference) -> tuple[str, Member]:
    head = _head(reference.value)
    if head is None:
        raise ValueError(f"not a value of a translation set: {reference.value[:80]!r}")
    key, locale, cut = head
    return key, Member(reference, locale, cut + 1)


def ordered(members: Sequence[Member], locales: Sequence[str]) -> list[Member]:
    """``members`` in the order of ``locales`` (others last), then by path (``one_spelling``)."""
    rank = {tag_key(tag): index for index, tag in enumerate(locales)}
    return sorted(
        members, key=lambda m: (rank.get(tag_key(m.locale), len(rank)), one_spelling(m.file))
    )


def one_spelling(path: str) -> str:
    """``path`` spelt one way however a run spells it (a file it names, and the others of
    its set read from where it found them): absolute and normalized, by the string alone."""
    return os.path.abspath(path)  # noqa: PTH100 (a link is not followed)


def where(reference: Reference, context: RunContext) -> str:
    """A place as people cite it: ``films/alien.md:7`` (its file as the run shows one)."""
    return f"{context.shown_file(reference.file)}:{reference.line}"
