"""A language is not a valid BCP 47 tag, such as "en", "bem", "zh-TW", "zh-Hant" or "es-419".

Sites use the tag for `lang` attributes, hreflang links and search filters; browsers and
search engines only understand BCP 47 (RFC 5646). A tag must be well-formed (subtags joined
by `-`, never `_`), made of registered subtags (checked with langcodes against the IANA
registry, each subtag as written: an extlang only after the language it is registered for,
as in "zh-yue"), and written in the recommended case: language lower case, script title
case, region upper case ("zh-Hant-TW").

What is wrong is said, with the tag to write when it is clear (and the value shown with
the characters no one sees escaped: `'en\\u200b'` for "en" and a zero-width space):

- wrong case or `_` as separator ("ZH-cn", "zh_CN"): the same tag written right ("zh-CN"),
  with a safe fix;
- a language name ("english", "Français", "中文", "Swiss German"), also as ISO 639 writes
  it, turned around a comma ("Greek, Modern", "Greek, Ancient (to 1453)"): its tag ("en",
  "fr", "zh", "gsw", "el", "grc"), with an unsafe fix (a name may stand for more than one
  tag); so is a language named with where it is spoken, as CLDR names them, the territory
  and the script in parentheses, in any language ("English (India)", "Chinese
  (Traditional, Taiwan)": "en-IN", "zh-Hant-TW"), or in English a territory or its
  adjective first ("Indian English", "Hong Kong Cantonese": "en-IN", "yue-HK"; an adjective
  that is itself a language's name, as "Taiwanese", reads as that language);
- several languages in one string, names or tags between commas, slashes, "and" or only
  spaces ("English, French", "English French", "英语、法语", "zh-Hans/en"): the tag of each,
  as the list to write (`["en", "fr"]`), with no fix (no one tag stands for them all). A
  name of several words is one language ("Brazilian Portuguese"), and so is a name turned
  around a comma, unless a language follows the comma and the name turned back is not one
  of the two ("Bokmål, Norwegian" is "nb"; "Arabic, Spanish" lists two). A
  language named more than once is one ("Spanish, Castilian": "es", unsafe fix). A name
  followed by another language and other words ("English French subtitles") gets no fix,
  and so does one followed by the last words of other languages' names, which names a
  language language-data does not know ("English Sign Language" is not English);
- a repeated variant or extension ("de-1901-1901", RFC 5646 forbids it): said, with no fix;
- an unknown subtag ("en-QQQ"; also codes outside the registry that some tools accept,
  such as "eng" or "en-UK") or a malformed tag ("en--US", "en-"): said, with no fix, since
  the tag meant is not certain.

A list of tags is checked item by item. A value of more than 160 characters is read as a
tag only, never as language names.

Bad:

    language: "english"
    contentLanguage: ["zh_CN", "EN"]

Good:

    language: "en"
    contentLanguage: ["zh-CN", "en"]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from filmlint.api import (
    Fix,
    Problem,
    Severity,
    fields_option,
    find_strings,
    replace_string,
    shown,
)
from filmlint.rulekit.langtags import canonical_case, is_well_formed
from filmlint.rulekit.subtags import is_registered

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "language-code"
CODE = "FL202"
TABLE_SUMMARY = "a language that is not a valid BCP 47 tag in canonical case"
SEVERITY = Severity.ERROR

OPTIONS = {
    "fields": fields_option(
        ["language", "contentLanguage"],
        "Fields holding BCP 47 tags: a string, or a list of strings.",
    ),
}

_Safety = Literal["safe", "unsafe"]
#: The longest value read as language names, not only as a tag: a list of a dozen names fits.
#: A longer one is no list a person writes, and reading it as names would take time that
#: grows with the square of its length or more (every run of its words is a candidate name).
NAMES_LENGTH = 160


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    for path, value in find_strings(document.data, options["fields"]):
        if not value:
            continue  # an empty string is the schema's to report
        wrong = diagnose(value)
        if wrong is None:
            continue
        message, replacement, applicability = wrong
        fix = None
        edit = replace_string(document, path, replacement) if replacement is not None else None
        if edit is not None:
            fix = Fix(f"replace {shown(value)} with '{replacement}'", (edit,), applicability)
        yield Problem(path, message, fix=fix)


@lru_cache(maxsize=4096)
def diagnose(value: str) -> tuple[str, str | None, _Safety] | None:
    """Why ``value`` is not a valid tag, the tag to write instead (or None), and how safe
    writing it is; None for a valid tag. Cached: a site repeats its few tags in every file.
    """
    if is_well_formed(value) and is_registered(value):
        canonical = canonical_case(value)
        if canonical == value:
            return None
        return f"{shown(value)} is not in BCP 47 case; write '{canonical}'", canonical, "safe"
    normalised = value.strip().replace("_", "-")
    if normalised != value and is_well_formed(normalised) and is_registered(normalised):
        canonical = canonical_case(normalised)
        why = "subtags are joined by '-'" if "_" in value else "no spaces around it"
        return f"{shown(value)} is not a BCP 47 tag ({why}); write '{canonical}'", canonical, "safe"
    # A value too long for a list of names is read as a tag only: reading it as names takes
    # time that grows with the square of its length, or more.
    as_names = len(value) <= NAMES_LENGTH
    # a name known whole is one language, whatever it holds: "Greek, Modern" is not a list
    named = None
    if as_names and not _has_empty_subtag(normalised):
        named = _tag_of_whole_name(value.strip()) or _tag_of_regional_name(value.strip())
    parts = _parts(value) if as_names else []
    several = _several(parts) if named is None and as_names else None
    once = None  # the one language all the parts of a list name ("Spanish, Castilian")
    if several is not None and len(several) == 1:
        once, several = several[0], None
    if several is not None:
        listed = ", ".join(f'"{tag}"' for tag in several)
        return (
            f"{shown(value)} is several languages, not one BCP 47 tag; write each as a tag, "
            f"in a list: [{listed}]",
            None,  # a list where a string stood: which fields allow one is the schema's say
            "unsafe",
        )
    # an empty subtag ("en-", "-en") makes a malformed tag, not a name: langcodes reads "En";
    # nor is a value with separators one name (unless known whole, above): langcodes reads
    # "English, French" as "en"
    if named is None and as_names and not _has_empty_subtag(normalised):
        if len(parts) < 2:
            named = _tag_named(value.strip())
        elif once is not None:
            return (
                f"{shown(value)} names one language more than once, not a BCP 47 tag; did you "
                f"mean '{once}'?",
                once,
                "unsafe",
            )
    if named is not None:
        return (
            f"{shown(value)} is a language name, not a BCP 47 tag; did you mean '{named}'?",
            named,
            "unsafe",
        )
    if not is_well_formed(value):
        return (
            f"{shown(value)} is not a well-formed BCP 47 tag (such as 'en', 'zh-Hant' or 'es-419')",
            None,
            "unsafe",
        )
    repeated = _repeated_subtag(value)
    if repeated is not None:
        what, subtag = repeated
        return (
            f"{shown(value)} is not a valid BCP 47 tag: the {what} '{subtag}' is repeated; "
            "write it once",
            None,
            "unsafe",
        )
    unknown = _unknown_subtag(value)
    where = f": {shown(unknown)} is not a registered subtag here" if unknown else ""
    return f"{shown(value)} is not a valid BCP 47 tag{where}", None, "unsafe"


def _unknown_subtag(tag: str) -> str | None:
    """The first subtag that makes the tag invalid, before any extension."""
    subtags = tag.split("-")
    for end in range(1, len(subtags) + 1):
        if len(subtags[end - 1]) == 1:  # a singleton: what follows is not registered
            return None
        if not is_registered("-".join(subtags[:end])):
            return subtags[end - 1]
    return None


def _repeated_subtag(tag: str) -> tuple[str, str] | None:
    """A variant or an extension's singleton the well-formed ``tag`` holds twice (in any
    case), which RFC 5646 forbids (sections 2.2.5 and 2.2.6), as ``("variant", subtag)`` or
    ``("extension", singleton)``; each is registered, so no subtag is unknown."""
    seen: set[str] = set()
    in_extensions = False
    for index, subtag in enumerate(tag.lower().split("-")):
        if subtag == "x":
            return None  # private use: anything may follow, repeats too
        if len(subtag) == 1:
            in_extensions = True
            what = "extension"
        elif in_extensions or index == 0:
            continue
        elif len(subtag) >= 5 or (len(subtag) == 4 and subtag[0].isdigit()):
            what = "variant"
        else:
            continue
        if subtag in seen:
            return what, subtag
        seen.add(subtag)
    return None


#: What people put between the languages of one string ("English, French", "英语、法语",
#: "English and Mandarin"), full-width forms too; the words only between spaces.
_SEPARATOR = r"\s*(?:[,;/|+&、\uff0c\uff1b\uff0f]|[和与與及])\s*|\s+(?:and|et|und|y)\s+"


def _parts(value: str) -> list[str]:
    """The non-empty parts of ``value`` between separators of languages."""
    import re  # only for a value that is no valid tag

    return [part for part in re.split(_SEPARATOR, value.strip(), flags=re.IGNORECASE) if part]


def _several(parts: list[str]) -> list[str] | None:
    """The tags of the languages the ``parts`` of a value (``_parts``) name, each a tag or a
    language name ("English, French", "zh-Hans/en"), or names or tags between spaces only
    ("English French", "en fr"), each once; None when a part names no language."""
    tags: list[str] = []
    for part in parts:
        found = _tags_in(part)
        if found is None:
            return None
        tags += found
    return list(dict.fromkeys(tags)) or None  # each language once: "Spanish, Castilian" is one


def _tags_in(part: str) -> list[str] | None:
    """The tag of the language ``part`` (of a list) is or names, or the tags of the languages
    it names between spaces; None when it names none."""
    if is_well_formed(part) and is_registered(part):
        return [canonical_case(part)]
    tag = _tag_of_whole_name(part)
    if tag is not None:
        return [tag]
    spaced = _spaced(part)
    if spaced is not None:
        return spaced
    tag = _tag_named(part)  # a name and more words: "French language", "Hakka dialect"
    return None if tag is None else [tag]


def _spaced(text: str) -> list[str] | None:
    """The tags of the different languages ``text`` names one after another between spaces,
    as tags ("en fr") or as names ("English French", "Brazilian Portuguese Hindi"); None
    unless it names two or more. A run of words is one name only when known whole, so real
    names of several words stay one ("Swiss German"); a name given twice ("Castilian
    Spanish") is one language."""
    words = text.split()
    if len(words) < 2:
        return None
    if all(is_well_formed(word) and is_registered(word) for word in words):
        tags = [canonical_case(word) for word in words]
    else:  # names only: as tags, English words would count too ("new", "the" are registered)
        tags = []
        start = 0
        while start < len(words):
            for end in range(len(words), start, -1):  # the longest name first
                tag = _tag_of_words(" ".join(words[start:end]))
                if tag is not None:
                    break
            else:
                return None
            tags.append(tag)
            start = end
    return tags if len(set(tags)) > 1 else None


def _has_empty_subtag(text: str) -> bool:
    """Whether ``text`` (subtags joined by "-") starts or ends with "-", or doubles it."""
    return "" in text.split("-")


def _tag_of_whole_name(text: str) -> str | None:
    """The tag of the language ``text`` names whole, or None: no name followed by more words,
    unlike ``_tag_named`` ("English French" is no name). A comma is read as ISO 639 writes
    names, turned around it ("Greek, Modern" is "Modern Greek"). When a language follows the
    comma, the name turned back must be the language of one side ("Bokmål, Norwegian" is
    "nb", "Chinese, Mandarin" "cmn"), or the value lists two: "Spanish, Arabic", though
    "Arabic Spanish" is a name (of a third language)."""
    if "," not in text:
        return _tag_named(text, whole=True)
    inverted = _inverted(text)
    if inverted is None:
        return None
    head, tail, note = inverted
    turned = _tag_named(f"{tail} {head} {note}", whole=True)
    after = _tag_of_words(tail)
    if after is not None and turned not in (after, _tag_of_words(head)):
        return None
    return turned


#: A language's name followed by its script or territory, or both, in parentheses (ASCII or
#: full width, as Chinese writes them), as CLDR writes names: "Chinese (Traditional,
#: Taiwan)"; a territory's name may hold parentheses of its own ("Myanmar (Burma)").
_DETAILED = r"(?P<name>[^()\uff08\uff09]+?)\s*[(\uff08](?P<details>.+)[)\uff09]"
#: What separates the details in the parentheses (full-width commas too).
_DETAILS = r"\s*[,\uff0c\u3001]\s*"
#: The most letters an adjective of a territory adds to its name ("India" + "n").
_ADJECTIVE_ENDING = 3


def _tag_of_regional_name(text: str) -> str | None:
    """The tag of a language named with where it is spoken: its territory and script in
    parentheses after its name ("English (India)", "Chinese (Traditional, Taiwan)"), or a
    territory's name or adjective before it ("Indian English", "Hong Kong Cantonese"). None
    for text of another shape, or a tag that is not registered."""
    import re  # only for a value that is no valid tag

    detailed = re.fullmatch(_DETAILED, text)
    if detailed is not None:
        code = _tag_of_words(detailed["name"])
        details = re.split(_DETAILS, detailed["details"].strip())
        return None if code is None else _with_details(code, details)
    words = text.split()
    if not all(word.isalpha() for word in words):
        return None  # "Filipino, English" lists two languages
    for cut in range(len(words) - 1, 0, -1):  # the longest territory first
        territory = _territory_before(" ".join(words[:cut]))
        if territory is not None:
            code = _tag_of_words(" ".join(words[cut:]))
            return None if code is None else _with_details(code, [], territory)
    return None


def _with_details(code: str, details: list[str], territory: str | None = None) -> str | None:
    """The tag of the language ``code`` with the script or territory each of ``details``
    names (and ``territory``), once each; None when one names neither, or the tag made
    is not registered."""
    import langcodes
    from language_data.names import normalize_name

    found = {"script": None, "territory": territory}
    for detail in details:
        key = normalize_name(detail)
        # A territory first: "Japan" is also a script's name in some language.
        for kind, names in (("territory", _names("territory")), ("script", _names("script"))):
            named = names.code(key)
            if named is not None and found[kind] is None:
                found[kind] = named
                break
        else:
            return None
    language = langcodes.Language.get(code)
    if language.script is not None and found["script"] is not None:
        return None  # a script named twice ("Serbian Latin (Cyrillic)"): no one tag
    if language.territory is not None and found["territory"] is not None:
        return None
    tag = str(
        langcodes.Language.make(
            language=language.language,
            extlangs=language.extlangs,
            script=found["script"] or language.script,
            territory=found["territory"] or language.territory,
        )
    )
    return tag if is_well_formed(tag) and is_registered(tag) else None


def _territory_before(words: str) -> str | None:
    """The territory that ``words``, before a language's name, name or describe, as English
    puts them there: its English name ("Hong Kong"), or a word that adds a few letters to
    one and is no English name of a language that far ("Indian", of "India"); None
    otherwise ("Japanese" and "Taiwanese" name languages)."""
    from language_data.names import normalize_name

    key = normalize_name(words)
    territories, languages = _names("territory", "en"), _names("language", "en")
    territory = territories.code(key)
    if territory is not None:
        return territory
    start = territories.longest_start(key)
    if start is None or len(start[0]) < 4:
        return None
    if len(key) - len(start[0]) > _ADJECTIVE_ENDING or not key.isalpha():
        return None
    named = languages.longest_start(key)
    if named is not None and len(named[0]) >= len(start[0]):
        return None
    return start[1]


def _inverted(text: str) -> tuple[str, str, str] | None:
    """A name as ISO 639 writes it, turned around one comma, with a note in parentheses
    after it ("Greek, Modern", "Greek, Ancient (to 1453)"): its head, tail and note ("" when
    none); None for text of another shape."""
    head, _, rest = text.partition(",")
    tail, parenthesis, note = rest.partition("(")
    head, tail = head.strip(), tail.strip()
    if not head or not tail or "," in rest:
        return None
    if parenthesis and (note[-1:] != ")" or "(" in note or ")" in note[:-1]):
        return None
    return head, tail, parenthesis + note


def _tag_of_words(text: str) -> str | None:
    """The tag of the language ``text`` names: known whole when it is several words, or as
    langcodes reads one word ("Hindi" is known only by its start, "Hind")."""
    return _tag_named(text, whole=" " in text.strip())


def _tag_named(name: str, *, whole: bool = False) -> str | None:
    """The tag of a language name in any language ("english", "Deutsch", "中文"), or None.

    Read as ``langcodes.find`` reads it, from language-data's names: a known name, else
    (unless ``whole``) the longest known name of four letters or more that it starts with
    ("Hakka dialect" is "hak"; so "English French" would be "en").
    """
    letters = name.replace("-", "").replace(" ", "")  # langcodes reads "ko-" as "ko"
    if len(letters) < 3 and letters.isascii():  # two letters are a code, not a name
        return None
    from language_data.names import normalize_name

    names = _names("language")
    key = normalize_name(name)
    code = names.code(key)
    if code is None:
        if whole:
            return None
        start = names.longest_start(key)
        if start is None or len(start[0]) < 4:
            return None
        known, code = start
        rest = key[len(known) :]
        if _another_language_starts(rest, code, names):
            return None  # "English French subtitles" names two: neither is the one
        if " ".join(_words(rest[_past_word(rest) :])) in _name_endings():
            return None  # "English Sign Language": a language known to be another, unnamed
    if "-" not in code:
        return code
    import langcodes  # a code of several subtags, such as "pt-BR": as langcodes writes it

    return str(langcodes.Language.get(code))


def _past_word(rest: str) -> int:
    """Where ``rest`` (of a normalised name, after a name) leaves the word the name ends in
    ("hind" is a name: "i urdu" leaves it at 1)."""
    start = 0
    while start < len(rest) and rest[start].isalnum():
        start += 1
    return start


def _words(text: str) -> list[str]:
    """The words of ``text``: its letters and digits, split at anything else."""
    return "".join(c if c.isalnum() else " " for c in text).split()


@cache
def _name_endings() -> frozenset[str]:
    """The last words of language-data's names, two or more of them, of the names longer
    than those (``"sign language"``, of ``"korean sign language"``): what follows a known
    name with such words is the name of another language, one language-data does not know
    ("English Sign Language" is no English), not a name and a remark ("French language",
    "English subtitles"). Read on first use: only a value read by its start asks."""
    endings: set[str] = set()
    for name in _names("language"):  # every name it holds
        words = _words(name)
        endings.update(" ".join(words[first:]) for first in range(1, len(words) - 1))
    return frozenset(endings)


def _another_language_starts(rest: str, code: str, names: _Names) -> bool:
    """Whether ``rest`` (of a normalised name, after a name of the language ``code``) starts,
    after the rest of its word and what is no letter or digit (spaces, invisible
    characters), with the name of another language, as ``_tag_named`` reads one: "english
    french" and "hindi urdu" ("hind" is a name) are no one name."""
    start = _past_word(rest)
    while start < len(rest) and not rest[start].isalnum():
        start += 1
    following = names.longest_start(rest[start:]) if start < len(rest) else None
    return following is not None and len(following[0]) >= 4 and following[1] != code


class _Names:
    """language-data's names of one kind, by name as ``normalize_name`` writes it, each with
    the code it names: every lookup of a name goes through here. A name holding a NUL is
    none of them (no name holds one, and marisa-trie answers it with bytes that are no
    text: YAML writes one as "\\0")."""

    __slots__ = ("_trie",)

    def __init__(self, trie: Any) -> None:
        self._trie = trie

    def code(self, name: str) -> str | None:
        """The code ``name`` names, if it is one of these names."""
        if "\x00" in name or name not in self._trie:
            return None
        return self._value(name)

    def longest_start(self, text: str) -> tuple[str, str] | None:
        """The longest of these names that ``text`` starts with, and its code."""
        starts = [] if "\x00" in text else self._trie.prefixes(text)
        return (starts[-1], self._value(starts[-1])) if starts else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie)

    def _value(self, name: str) -> str:
        from language_data.names import get_trie_value

        return str(get_trie_value(self._trie, name))


@cache
def _names(kind: str, named_in: str = "und") -> _Names:
    """language-data's names of each ``kind`` ("language", "script", "territory") in the
    language ``named_in`` ("und": in every language it knows, what ``langcodes.find`` looks
    in), read on first use."""
    from language_data.names import load_trie
    from language_data.util import data_filename

    return _Names(load_trie(data_filename(f"trie/{named_in}/name_to_{kind}.marisa")))
