"""A film lacks a language version: a translation the site expects, or its base.

A multilingual site keeps each film once per language: `alien-1979.md` in the default
locale (the base) beside `alien-1979-en.md`, or `content/en/films/alien-1979.md` beside
`content/zh/films/alien-1979.md`. The language versions of a film form its translation set:
the files of one collection whose paths are the same once the folder or suffix that names
the locale (`[locale]` `folders` and `suffixes`) is taken out, or, with `key =
"translationKey"`, those whose front matter gives the same value to that key. That value
is text, as Hugo reads it: an integer names the set of its digits (`translationKey: 1979`
is `translationKey: "1979"`), a float the set of its text as the YAML writes it (`1.50`,
not `1.5`), and a date is text already; a file whose key is empty or blank, true or false,
null, a list or a mapping is grouped by its path.

Each set must have a file in every expected locale: by default every locale the locale
settings name (the default, and those of `folders` and `suffixes`), so a collection whose
settings name a single locale is not checked; `locales` lists them instead. A missing
version is reported once, on the base (or, when the base is missing or turns the rule off,
on the first version there is that does not), at its front matter's opening `---` (a
finding about the file as a whole, not one of its values), with the path the missing file
would have, its suffix after the separator most translations beside it have (when none
do: `.` in a Hugo site, the only one Hugo reads, `alien-1979.en.md` or a page bundle's
`index.en.md`; else `-`):
"no en version of this film: films/alien-1979-en.md does not exist". A version whose front
matter cannot be read (`yaml-syntax`, `file-encoding`...) is not missing: its own problem
says what is wrong, in every run that lints it. A version that exists but is not linted
with the set (excluded, in another collection, or unreadable while those rules are off) is
said to be so; with `key`, so is one whose key, or lack of one, puts it in another set ("no
file with translationKey: 'alien' in en (films/alien-en.md has translationKey:
'alien-1979')"). A path that is a version of the film itself is never
named as missing: where the locale settings give no other (a file whose front matter names
its locale, `alien-english.md` with `lang: en`, has its base at its own path), the message
says so.

Files the run does not name are read to judge the ones it does (a pre-commit hook names
only the staged files), and nothing is reported on them. Which version carries the film's
missing versions does not depend on which files a run names: a run that names a translation
but not its base reports nothing missing (the base carries it, in a run that names it), so
runs that each name part of a site (pre-commit splits a long list of files into several
runs) report each missing version once. With `key`, a file's path does not tell its
versions: a run that names some files of a collection reads all of its files (once each;
the result cache makes that a lookup for the files unchanged since the last run).

In a site whose locale settings have the default zh-Hans and the suffix en for English
(see "A multilingual site" in the configuration docs):

Bad (a film in one language only):

    films/alien-1979.md

Good:

    films/alien-1979.md
    films/alien-1979-en.md
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Reference,
    ReferenceProblem,
    RunContext,
    Severity,
    parse_front_matter,
)
from filmlint.rule_names import (
    ALIAS_EXPANSION,
    FILE_ENCODING,
    FRONT_MATTER_TYPE,
    MISSING_FRONT_MATTER,
    NESTING_DEPTH,
    UNREADABLE_FILE,
    YAML_SYNTAX,
)
from filmlint.rulekit import translation_sets
from filmlint.rulekit.translation_sets import Member, one_spelling, same_tag, tag_key

if TYPE_CHECKING:
    from filmlint.api import Document
    from filmlint.rulekit.translation_sets import SetJudge

NAME = "translation-missing"
CODE = "FL401"
SEVERITY = Severity.WARNING
OPTIONS = dict(translation_sets.SET_OPTIONS)
READS_TRANSLATIONS = True

#: The reading rules whose problem leaves a file with no front matter to read: a version
#: with one is in no set.
_UNREAD = frozenset(
    [
        YAML_SYNTAX,
        MISSING_FRONT_MATTER,
        FRONT_MATTER_TYPE,
        NESTING_DEPTH,
        ALIAS_EXPANSION,
        FILE_ENCODING,
        UNREADABLE_FILE,
    ]
)


def gather(document: Document, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    key = translation_sets.set_key(document, options)
    if key is None:
        return
    # The set and the locale are all: where a missing version would be, ``finish`` asks the
    # run (``RunContext.versions``) of the few sets that lack one. Gathered at the front
    # matter as a whole, placed at its opening line, where a missing version is reported.
    yield (), translation_sets.encode(key, document)


def finish(
    references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
) -> Iterator[ReferenceProblem]:
    return translation_sets.judged(references, judge_sets(options, context))


def judge_sets(options: Mapping[str, Any], context: RunContext) -> SetJudge | None:
    """``finish`` for one set at a time; None when there are not two locales to expect."""
    expected = translation_sets.expected_locales(options, context)
    if len(expected) < 2:
        return None
    base = translation_sets.base_locale(options, context)
    expected_keys = [(tag, tag_key(tag)) for tag in expected]

    def judge(key: str, members: list[Member]) -> list[ReferenceProblem]:
        present = {tag_key(m.locale) for m in members}
        missing = [tag for tag, tag_as_key in expected_keys if tag_as_key not in present]
        if not missing:
            return []  # most sets
        reported = _carrier(members, expected)
        if reported is None or reported.file in context.context_only:
            return []  # the run that names the carrier reports it
        found = []
        for tag in missing:
            placed = _path_of(tag, members, base, context)
            if _unread(placed[0], context):
                continue  # the version's own problem says it, in every run that lints it
            message = _message(tag, base, placed, reported, key, options, context)
            found.append(ReferenceProblem(reported.reference, message))
        return found

    return judge


def _carrier(members: list[Member], expected: Sequence[str]) -> Member | None:
    """The version a set's missing versions are reported on: the base, else the first by
    locale then path, among those that do not turn the rule off. Chosen among every version
    on disk, not among those the run names, so that runs that name parts of a set (pre-commit
    splits a long list of staged files) report a missing version once, not once in each."""
    return next(
        (m for m in translation_sets.ordered(members, expected) if m.reference.reported), None
    )


def _path_of(
    tag: str, members: list[Member], base: str | None, context: RunContext
) -> tuple[str | None, Member | None]:
    """The path the version in ``tag`` would have, as the versions there are say: a
    translation first, whose name shows how this site writes suffixes (``film_en.md``).
    Never a member's own path: a file whose front matter names its locale (or whose name
    is its suffix alone) may be where the settings place another locale's version. None
    then, with the member whose path they give (None too when they give none)."""
    if context.versions is None:
        return None, None
    translations_first = sorted(
        members, key=lambda m: base is not None and same_tag(m.locale, base)
    )
    tag_as_key = tag_key(tag)
    by_path = {one_spelling(m.file): m for m in members}
    taken = None
    for member in translations_first:
        path = _placed(tag_as_key, context.versions(member.file))
        if path is not None:
            at = by_path.get(one_spelling(path))
            if at is None:
                return path, None
            taken = taken or at
    return None, taken


def _placed(tag_as_key: str, versions: Mapping[str, str]) -> str | None:
    """The path ``versions`` gives the locale whose ``tag_key`` is ``tag_as_key``: the
    settings may write its tag in another case than ``locales`` or ``base`` do."""
    return next((path for tag, path in versions.items() if tag_key(tag) == tag_as_key), None)


def _unread(path: str | None, context: RunContext) -> bool:
    """Whether the file at ``path``, one of the run's, has a problem that keeps its front
    matter from being read, as the file phase found (reported or not: a file read only for
    context is linted in full to tell)."""
    if path is None or context.diagnostics is None:
        return False
    return any(found.rule in _UNREAD for found in context.diagnostics(path))


def _message(
    tag: str,
    base: str | None,
    placed: tuple[str | None, Member | None],
    reported: Member,
    key: str,
    options: Mapping[str, Any],
    context: RunContext,
) -> str:
    is_base = base is not None and same_tag(tag, base)
    what = f"no base version ({tag})" if is_base else f"no {tag} version"
    path, taken = placed
    if path is None:
        if key.startswith("key:"):
            return f"{what} of this film: no file with {options['key']}: {key[4:]!r} in {tag}"
        if taken is not None:  # never named as missing: it is the set's own
            other = context.shown_file(taken.file)
            whose = (
                "this file's"
                if taken is reported
                else f"that of {other}, the film's {taken.locale} version"
            )
            return f"{what} of this film: its locale settings give it no other path than {whose}"
        return f"{what} of this film: its locale settings place no {tag} file beside it"
    shown = context.shown_file(path)
    if not Path(path).exists():
        return f"{what} of this film: {shown} does not exist"
    # With a key, it may be in another set: the key it has, or lacks, says why.
    read, named = _key_of(path, options["key"], context) if options["key"] else (False, None)
    name = options["key"]
    if read and key.startswith("key:") and named != key[4:]:
        has = f"{name}: {named!r}" if named is not None else f"no {name} that names a film"
        return f"{what} of this film: no file with {name}: {key[4:]!r} in {tag} ({shown} has {has})"
    if read and not key.startswith("key:") and named is not None:
        return (
            f"{what} of this film: {shown} exists, but is in the set of {name}: {named!r}, and "
            f"this file has no {name} that names a film"
        )
    return (
        f"{what} of this film is linted with it: {shown} exists, but is excluded, in "
        "another collection, or has no front matter to read"
    )


def _key_of(path: str, key: str, context: RunContext) -> tuple[bool, str | None]:
    """Whether the file at ``path`` has a front matter to read, and the film its ``key``
    names there (``translation_sets.key_named``). Read only through the run's guarded
    reader (``RunContext.read_file``; none: not read), as a kept value's text is: a path
    may name a FIFO or a device."""
    if context.read_file is None:
        return False, None
    try:
        raw = context.read_file(path)
    except OSError:
        return False, None
    try:
        text = raw.decode("utf-8")  # a BOM kept, as a linted file's text keeps it
    except UnicodeDecodeError:
        return False, None
    document = parse_front_matter(text, path)
    if type(document.data) is not dict:
        return False, None
    return True, translation_sets.key_named(document, key)
