"""A country is not an ISO 3166-1 code (or, when names are accepted, a known country name).

Countries written in many ways ("UK", "United Kingdom", "GB", "Great Britain") cannot be
grouped, filtered or linked by a site, and a typo ("Frnace") goes unnoticed. By default a
country must be an ISO 3166-1 alpha-2 or alpha-3 code ("US", "USA"). Case and surrounding
spaces never matter, for codes and names alike.

With `accept = ["code", "name"]` (or `["name"]`), a country may also be written as a name,
in the file's language (`[tool.filmlint.locale]`) or in English: the ISO 3166-1 names and
official names as pycountry translates them ("Royaume-Uni", "美国", "United Mexican
States"), their short forms ("Taiwan" for "Taiwan, Province of China"), the names ISO lists
inverted, in their natural order ("Republic of Korea" for "Korea, Republic of"), the short
forms people really write that ISO does not list ("UK", "USA", "America", "Turkey",
"Russia", "アメリカ", "台灣"; the table `SHORT_FORMS` in `filmlint/rulekit/countries.py`),
and former countries of ISO 3166-3 ("Czechoslovakia", "Tchécoslovaquie", "捷克斯洛伐克",
"チェコスロバキア", "Soviet Union", "East Germany"). A Chinese file's names may be in either
script ("美国" or "美國", in a zh-Hant file as in a zh-Hans one), whichever of the Chinese
catalogues (zh_CN, zh_TW, zh_HK) or short forms holds the name ("朝鲜" and "朝鮮", "中華民國"
and "中华民国"): the country is known, and `script-variant` reports the script. A language
with no names of its own takes its macrolanguage's: a Cantonese or Mandarin file (`yue`,
`cmn-Hant`) has the Chinese names.

With `split = "/"`, one string may hold several countries ("美国 / 英国", "UK/Germany"):
each part is checked on its own and reported at its own place. A list of strings is checked
item by item.

A wrong value is reported with a suggestion when one is clear, and shown with the
characters no one sees escaped (`'US\\u200b'` for "US" and a zero-width space). A country
name where only codes are accepted ("美国", "UK") is said to be a name, with the option that
accepts names and the code to write instead ("'UK' is a country name, not an ISO 3166-1
code; accept names with accept = ["code", "name"] in [rules.country-code], or write 'GB'");
a misspelt name gets the closest code or name. A misspelling is a few letters off in each
word: a name with another word in it ("Republic of China" beside "Republic of Chad",
"Republic of Iran" beside "Republic of Iraq") gets no suggestion. The suggestion comes with
an unsafe fix (it changes what the value says).

Bad (default options):

    country: "UK"
    country: "Frnace"

Good:

    country: "GB"
    country: ["GB", "DE"]

Good, with `accept = ["code", "name"]`, `split = "/"` and the locale `zh-Hans`:

    country: "美国 / 英国"
    country: "Czechoslovakia"
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Fix,
    Option,
    Problem,
    Severity,
    fields_option,
    find_strings,
    replace_string,
    shown,
)
from filmlint.rulekit import countries
from filmlint.rulekit.countries import Country

if TYPE_CHECKING:
    from filmlint.api import Document

NAME = "country-code"
CODE = "FL201"
TABLE_SUMMARY = (
    'a country that is not an ISO 3166-1 code (nor, when `accept` has `"name"`, a known name)'
)
SEVERITY = Severity.ERROR

_ACCEPT = ("code", "name")
#: What people put between countries; without `split`, the message says how to write them.
SEPARATORS = countries.SEPARATORS
#: How a message about a name, where only codes are accepted, says to accept names.
ACCEPT_NAMES_HINT = f'accept names with accept = ["code", "name"] in [rules.{NAME}]'


def _accept_problem(value: Any) -> str | None:
    return None if value else "expected at least one of 'code', 'name'"


OPTIONS = {
    "accept": Option(
        ["code"],
        "How a country may be written: 'code' (ISO 3166-1 alpha-2 or alpha-3), 'name' (a "
        "name in the file's language or in English, or a former country's name).",
        choices=_ACCEPT,
        validate=_accept_problem,
    ),
    "split": Option(
        "",
        'Separator of several countries in one string, such as "/"; empty: one country per string.',
    ),
    "fields": fields_option(
        ["country"], "Fields holding countries: a string, or a list of strings."
    ),
}


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    accept = frozenset(options["accept"])
    separator: str = options["split"]
    for path, value in find_strings(document.data, options["fields"]):
        if not value.strip():
            continue  # an empty string is the schema's to report
        for start, end in countries.parts(value, separator):
            text = value[start:end]
            if "code" in accept and countries.by_code(text) is not None:
                continue
            catalogue = countries.catalogue_for(document.locale)  # cached, as are the tables
            found = countries.by_name(text, catalogue)
            if "name" in accept and found is not None:
                continue
            message, replacement = _explain(text, accept, separator, found, catalogue)
            part = None if (start, end) == (0, len(value)) else (start, end)
            fix = _fix(document, path, (start, end), text, replacement)
            yield Problem(path, message, part=part, fix=fix)


def _explain(
    text: str,
    accept: frozenset[str],
    separator: str,
    found: tuple[Country, str] | None,
    catalogue: str | None,
) -> tuple[str, str | None]:
    """The message for a wrong country, and the replacement to offer when it is clear."""
    if not text:
        return f"empty country between '{separator}' separators", None
    wanted = {
        frozenset({"code"}): "an ISO 3166-1 code",
        frozenset({"name"}): "a country name",
    }.get(accept, "an ISO 3166-1 code or a country name")
    message = f"{shown(text)} is not {wanted}"
    if not separator and found is None and any(mark in text for mark in SEPARATORS):
        return f"{message}; for several countries, write a list or set the option 'split'", None
    if "name" not in accept:
        if found is not None:  # a first run on a site that writes names: say how to allow them
            country = found[0]
            if country.code is None:
                return (
                    f"{shown(text)} is the name of a former country (ISO 3166-3), which has no "
                    f"ISO 3166-1 code; {ACCEPT_NAMES_HINT}",
                    None,
                )
            return (
                f"{shown(text)} is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES_HINT}, "
                f"or write '{country.code}'",
                country.code,
            )
        candidates = countries.close_names(text, catalogue)
        if len(candidates) == 1:
            country = candidates[0][0]
            if country.code is None:
                return (
                    f"{message}; {country.name} is a former country (ISO 3166-3), which has "
                    f"no ISO 3166-1 code; {ACCEPT_NAMES_HINT}",
                    None,
                )
            return f"{message}; did you mean '{country.code}' ({country.name})?", country.code
        return message + _did_you_mean([c.code or c.name for c, _ in candidates]), None
    code_of = countries.by_code(text)
    if code_of is not None:  # a code, where only names are accepted
        tables = countries.tables(catalogue)
        name = next(p for t in tables if (p := t.preferred(code_of.key)) is not None)
        return f"{message}; did you mean '{name}'?", name
    candidates = countries.close_names(text, catalogue)
    if len(candidates) == 1:
        written = candidates[0][1]
        return f"{message}; did you mean '{written}'?", written
    return message + _did_you_mean([written for _, written in candidates]), None


def _did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return "; did you mean " + " or ".join(f"'{o}'" for o in options) + "?"


def _fix(
    document: Document,
    path: DataPath,
    span: tuple[int, int],
    text: str,
    replacement: str | None,
) -> Fix | None:
    """Replace exactly the part's text (the scalar quoted when it must be, to read as the
    string meant), when the source spells the string verbatim."""
    if replacement is None:
        return None
    edit = replace_string(document, path, replacement, span)
    if edit is None:
        return None
    return Fix(f"replace {shown(text)} with '{replacement}'", (edit,), "unsafe")
