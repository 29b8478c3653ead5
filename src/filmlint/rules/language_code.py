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
- a language name ("english", "Français", "中文"): its tag ("en", "fr", "zh"), with an
  unsafe fix (a name may stand for more than one tag);
- several languages in one string, names or tags between commas, slashes or "and"
  ("English, French", "英语、法语", "zh-Hans/en"): the tag of each, as the list to write
  (`["en", "fr"]`), with no fix (no one tag stands for them all);
- a repeated variant or extension ("de-1901-1901", RFC 5646 forbids it): said, with no fix;
- an unknown subtag ("en-QQQ"; also codes outside the registry that some tools accept,
  such as "eng" or "en-UK") or a malformed tag ("en--US", "en-"): said, with no fix, since
  the tag meant is not certain.

A list of tags is checked item by item.

Bad:

    language: "english"
    contentLanguage: ["zh_CN", "EN"]

Good:

    language: "en"
    contentLanguage: ["zh-CN", "en"]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
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
    several = _several(value)
    if several is not None:
        listed = ", ".join(f'"{tag}"' for tag in several)
        return (
            f"{shown(value)} is several languages, not one BCP 47 tag; write each as a tag, "
            f"in a list: [{listed}]",
            None,  # a list where a string stood: which fields allow one is the schema's say
            "unsafe",
        )
    # an empty subtag ("en-", "-en") makes a malformed tag, not a name: langcodes reads "En";
    # nor is a value with separators one name: langcodes reads "English, French" as "en"
    named = None
    if not _has_empty_subtag(normalised) and len(_parts(value)) < 2:
        named = _tag_named(value.strip())
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


def _several(value: str) -> list[str] | None:
    """The tags of the languages ``value`` lists, when it holds several, each a tag or a
    language name ("English, French", "zh-Hans/en"); None when it is not such a list."""
    parts = _parts(value)
    if len(parts) < 2:
        return None
    tags = []
    for part in parts:
        tag = canonical_case(part) if is_well_formed(part) and is_registered(part) else None
        tag = tag or _tag_named(part)
        if tag is None:
            return None
        tags.append(tag)
    return tags


def _has_empty_subtag(text: str) -> bool:
    """Whether ``text`` (subtags joined by "-") starts or ends with "-", or doubles it."""
    return "" in text.split("-")


def _tag_named(name: str) -> str | None:
    """The tag of a language name in any language ("english", "Deutsch", "中文"), or None."""
    letters = name.replace("-", "").replace(" ", "")  # langcodes reads "ko-" as "ko"
    if len(letters) < 3 and letters.isascii():  # two letters are a code, not a name
        return None
    import langcodes

    try:
        language = langcodes.find(name)
    except (LookupError, ValueError):
        return None
    return str(language)
