"""A country is not an ISO 3166-1 code (or, when names are accepted, a known country name).

Countries written in many ways ("UK", "United Kingdom", "GB", "Great Britain") cannot be
grouped, filtered or linked by a site, and a typo ("Frnace") goes unnoticed. By default a
country must be an ISO 3166-1 alpha-2 or alpha-3 code ("US", "USA"). Case and surrounding
spaces never matter, for codes and names alike.

With `accept = ["code", "name"]` (or `["name"]`), a country may also be written as a name,
in the file's language (`[tool.filmlint.locale]`) or in English: the ISO 3166-1 names as
pycountry translates them ("Royaume-Uni", "美国"), their short forms ("Taiwan" for "Taiwan,
Province of China"), the short forms people really write that ISO does not list ("UK",
"USA", "America", "Turkey", "Russia", "アメリカ", "台灣"; the table `SHORT_FORMS` in
`filmlint/rules/country_code.py`), and former countries of ISO 3166-3 ("Czechoslovakia",
"Tchécoslovaquie", "捷克斯洛伐克", "チェコスロバキア", "Soviet Union", "East Germany").
A Chinese file's names may be in either script ("美国" or "美國", in a zh-Hant file as in a
zh-Hans one): the country is known, and `script-variant` reports the script.

With `split = "/"`, one string may hold several countries ("美国 / 英国", "UK/Germany"):
each part is checked on its own and reported at its own place. A list of strings is checked
item by item.

A wrong value is reported with a suggestion when one is clear. A country name where only
codes are accepted ("美国", "UK") is said to be a name, with the option that accepts names
and the code to write instead ("'UK' is a country name, not an ISO 3166-1 code; accept names
with accept = ["code", "name"] in [rules.country-code], or write 'GB'"); a misspelt name
gets the closest code or name. The suggestion comes with an unsafe fix (it changes what the
value says).

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

import pathlib
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from filmlint.api import DataPath, Edit, Fix, Option, Problem, Severity, fields_option, find_strings
from filmlint.rulekit import iso3166

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
SEPARATORS = "/,;|、"
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

#: Short forms people write that ISO does not list, by pycountry catalogue ("en" for the
#: English names), to the alpha-2 code of a country or the alpha-4 code of a former one.
SHORT_FORMS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "UK": "GB",
        "U.K.": "GB",
        "Britain": "GB",
        "Great Britain": "GB",
        "U.S.": "US",
        "U.S.A.": "US",
        "America": "US",
        "Russia": "RU",
        "Turkey": "TR",  # ISO 3166-1 says "Türkiye" since 2022
        "Macedonia": "MK",
        "Swaziland": "SZ",
        "Cape Verde": "CV",
        "Ivory Coast": "CI",
        "Holland": "NL",
        "Vatican": "VA",
        "Vatican City": "VA",
        "Brunei": "BN",
        "Macau": "MO",
        "DR Congo": "CD",
        "West Germany": "DE",
        "East Germany": "DDDE",
        "Soviet Union": "SUHH",
    },
    "fr": {
        "Grande-Bretagne": "GB",
        "Allemagne de l'Ouest": "DE",
        "Allemagne de l'Est": "DDDE",
        "Union soviétique": "SUHH",
    },
    "ja": {
        "アメリカ": "US",
        "イギリス": "GB",
        "ロシア": "RU",
        "オーストラリア": "AU",
        "西ドイツ": "DE",
        "東ドイツ": "DDDE",
        "ソ連": "SUHH",
        "ソビエト連邦": "SUHH",
        "チェコスロバキア": "CSHH",
        "チェコスロヴァキア": "CSHH",
        "ユーゴスラビア": "YUCS",
    },
    "zh_CN": {
        "南韩": "KR",
        "北韩": "KP",
        "西德": "DE",
        "东德": "DDDE",
        "苏联": "SUHH",
        "捷克斯洛伐克": "CSHH",
        "南斯拉夫": "YUCS",
    },
    "zh_TW": {
        "台灣": "TW",
        "韓國": "KR",
        "俄羅斯": "RU",
        "澳洲": "AU",
        "西德": "DE",
        "東德": "DDDE",
        "蘇聯": "SUHH",
        "捷克斯洛伐克": "CSHH",
        "南斯拉夫": "YUCS",
    },
}
#: Catalogues that share another's short forms (Hong Kong writes Traditional Chinese).
_SHORT_FORMS_ALIASES = {"zh_HK": "zh_TW"}

#: Catalogues of the other script of a catalogue's language, for names written in it.
_OTHER_SCRIPT_CATALOGUES = {"zh_CN": ("zh_TW", "zh_HK"), "zh_TW": ("zh_CN",), "zh_HK": ("zh_CN",)}

#: Catalogues for BCP 47 tags whose script, not region, picks the catalogue.
_SCRIPT_CATALOGUES = {("zh", "hans"): "zh_CN", ("zh", "hant"): "zh_TW", ("sr", "latn"): "sr@latin"}


class Country(NamedTuple):
    #: Alpha-2 code of a country, alpha-4 code of a former one (ISO 3166-3).
    key: str
    #: ISO 3166-1 alpha-2 code; None for a former country.
    code: str | None
    #: English short name.
    name: str


class _Names(NamedTuple):
    #: Folded name -> (country, the name as written in the catalogue or table).
    by_name: dict[str, tuple[Country, str]]
    #: Country key -> the name to suggest for it.
    preferred: dict[str, str]


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    accept = frozenset(options["accept"])
    separator: str = options["split"]
    for path, value in find_strings(document.data, options["fields"]):
        if not value.strip():
            continue  # an empty string is the schema's to report
        for start, end in _parts(value, separator):
            text = value[start:end]
            if "code" in accept and text.upper() in _codes():
                continue
            catalogue = catalogue_for(document.locale)  # cached, as are the tables
            found = _lookup(text, _tables(catalogue))
            if found is None:  # the other script's names are only built for a Chinese miss
                found = _lookup(text, _other_script_tables(catalogue))
            if "name" in accept and found is not None:
                continue
            message, replacement = _explain(text, accept, separator, found, catalogue)
            part = None if (start, end) == (0, len(value)) else (start, end)
            fix = _fix(document, path, (start, end), text, replacement)
            yield Problem(path, message, part=part, fix=fix)


def _parts(value: str, separator: str) -> Iterator[tuple[int, int]]:
    """Spans of the separated parts of ``value``, without surrounding whitespace."""
    offset = 0
    for piece in value.split(separator) if separator else [value]:
        lead = len(piece) - len(piece.lstrip())
        yield offset + lead, offset + lead + len(piece.strip())
        offset += len(piece) + len(separator)


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
    message = f"'{text}' is not {wanted}"
    if not separator and found is None and any(mark in text for mark in SEPARATORS):
        return f"{message}; for several countries, write a list or set the option 'split'", None
    if "name" not in accept:
        if found is not None:  # a first run on a site that writes names: say how to allow them
            country = found[0]
            if country.code is None:
                return (
                    f"'{text}' is the name of a former country (ISO 3166-3), which has no "
                    f"ISO 3166-1 code; {ACCEPT_NAMES_HINT}",
                    None,
                )
            return (
                f"'{text}' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES_HINT}, "
                f"or write '{country.code}'",
                country.code,
            )
        candidates = _close_names(text, catalogue)
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
    code_of = _codes().get(text.upper())
    if code_of is not None:  # a code, where only names are accepted
        tables = _tables(catalogue)
        name = next(t.preferred[code_of.key] for t in tables if code_of.key in t.preferred)
        return f"{message}; did you mean '{name}'?", name
    candidates = _close_names(text, catalogue)
    if len(candidates) == 1:
        written = candidates[0][1]
        return f"{message}; did you mean '{written}'?", written
    return message + _did_you_mean([written for _, written in candidates]), None


def _did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return "; did you mean " + " or ".join(f"'{o}'" for o in options) + "?"


@lru_cache(maxsize=1024)
def _close_names(text: str, catalogue: str | None) -> tuple[tuple[Country, str], ...]:
    """The known names closest to a misspelt one: one when it is clear, several when tied.

    Cached: a site repeats its misspellings, and each search compares with every name.
    """
    folded = _fold(text)
    if len(folded) < 4:  # any short string is close to some code or name
        return ()
    import difflib  # only for a value that names no country

    scored: dict[str, tuple[float, Country, str]] = {}
    for table in _tables(catalogue):
        for match in difflib.get_close_matches(folded, table.by_name, n=3, cutoff=0.8):
            country, written = table.by_name[match]
            score = difflib.SequenceMatcher(None, folded, match).ratio()
            if country.key not in scored or scored[country.key][0] < score:
                scored[country.key] = (score, country, written)
    best = max((score for score, _, _ in scored.values()), default=0.0)
    return tuple((c, written) for score, c, written in scored.values() if score == best)


def _fix(
    document: Document,
    path: DataPath,
    span: tuple[int, int],
    text: str,
    replacement: str | None,
) -> Fix | None:
    """Replace exactly the part's text, when the source spells the string verbatim."""
    if replacement is None:
        return None
    content = document.source_map.content_span(path)
    if content is None:
        return None
    edit = Edit(content[0] + span[0], content[0] + span[1], replacement)
    return Fix(f"replace '{text}' with '{replacement}'", (edit,), "unsafe")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip()).casefold()


def _lookup(text: str, tables: tuple[_Names, ...]) -> tuple[Country, str] | None:
    folded = _fold(text)
    for table in tables:
        found = table.by_name.get(folded)
        if found is not None:
            return found
    return None


@cache
def _tables(catalogue: str | None) -> tuple[_Names, ...]:
    """Name tables for a file: its language's first, then English."""
    english = _names("en")
    return (english,) if catalogue is None else (_names(catalogue), english)


@cache
def _other_script_tables(catalogue: str | None) -> tuple[_Names, ...]:
    """Name tables in the other script of a file's language (Chinese only): the country is
    known whatever the script, which is script-variant's to report."""
    return tuple(_names(other) for other in _OTHER_SCRIPT_CATALOGUES.get(catalogue or "", ()))


# Tables are built once per process, on first use: a run that never checks a country never
# reads pycountry's tables (nor imports pycountry: see ``iso3166``).


@cache
def _countries() -> dict[str, Country]:
    """Every country and former country, by key."""
    countries = {
        c.alpha_2: Country(c.alpha_2, c.alpha_2, getattr(c, "common_name", None) or c.name)
        for c in iso3166.countries()
    }
    for former in iso3166.historic_countries():
        countries[former.alpha_4] = Country(former.alpha_4, None, _short(former.name)[0])
    return countries


@cache
def _codes() -> dict[str, Country]:
    """Countries by ISO 3166-1 alpha-2 and alpha-3 code."""
    countries = _countries()
    by_code = {c.alpha_2: countries[c.alpha_2] for c in iso3166.countries()}
    by_code.update((c.alpha_3, countries[c.alpha_2]) for c in iso3166.countries())
    return by_code


@cache
def _catalogues() -> frozenset[str]:
    return frozenset(entry.name for entry in pathlib.Path(iso3166.locales_dir()).iterdir())


@cache
def catalogue_for(tag: str | None) -> str | None:
    """The pycountry catalogue for a BCP 47 tag (``zh-Hant`` -> ``zh_TW``), None for English.

    Tried in order: language and region (``zh-HK`` -> ``zh_HK``), language and script, the
    language alone, then any regional catalogue of the language (``nb`` -> ``nb_NO``).
    """
    if not tag:
        return None
    subtags = tag.replace("_", "-").split("-")
    language = subtags[0].lower()
    if language == "en":
        return None
    script = next((s.lower() for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    region = next(
        (s.upper() for s in subtags[1:] if (len(s) == 2 and s.isalpha()) or s.isdigit()), None
    )
    available = _catalogues()
    candidates = [f"{language}_{region}"] if region else []
    if script is not None and (language, script) in _SCRIPT_CATALOGUES:
        candidates.append(_SCRIPT_CATALOGUES[(language, script)])
    candidates.append(language)
    candidates.extend(sorted(c for c in available if c.startswith(language + "_")))
    return next((c for c in candidates if c in available), None)


@cache
def _names(catalogue: str) -> _Names:
    """Names of countries and former countries in one catalogue's language, folded."""
    countries = _countries()
    current = _translation("iso3166-1", catalogue)
    former = _translation("iso3166-3", catalogue)
    exact: dict[str, tuple[Country, str]] = {}
    preferred: dict[str, str] = {}
    written: list[tuple[Country, str]] = []
    for record in iso3166.countries():
        country = countries[record.alpha_2]
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(record, attribute, None)
            if name is not None:
                written.append((country, current(name)))
        best = getattr(record, "common_name", None) or record.name
        preferred[country.key] = _short(current(best))[0]
    for record in iso3166.historic_countries():
        written.append((countries[record.alpha_4], former(record.name)))
    for country, name in written:
        exact.setdefault(_fold(name), (country, name))
    # "Korea, Republic of" -> "Korea", "Holy See (Vatican City State)" -> "Holy See": kept
    # when they name one country only ("Korea" names two; the "France" of "France,
    # Metropolitan" is taken).
    derived: dict[str, set[str]] = {}
    spelled: dict[str, tuple[Country, str]] = {}
    for country, name in written:
        for short in _short(name):
            folded = _fold(short)
            if folded not in exact:
                derived.setdefault(folded, set()).add(country.key)
                spelled[folded] = (country, short)
    exact.update((folded, spelled[folded]) for folded, keys in derived.items() if len(keys) == 1)
    table = SHORT_FORMS.get(_SHORT_FORMS_ALIASES.get(catalogue, catalogue), {})
    exact.update((_fold(name), (countries[key], name)) for name, key in table.items())
    return _Names(exact, preferred)


def _translation(domain: str, catalogue: str) -> Callable[[str], str]:
    """The gettext function of a pycountry catalogue; English names are the message ids."""
    if catalogue == "en":
        return str
    import gettext

    translations = gettext.translation(
        domain, iso3166.locales_dir(), languages=[catalogue], fallback=True
    )
    return translations.gettext


def _short(name: str) -> list[str]:
    """The name, or the shorter forms it holds: before a comma, or before parentheses."""
    forms = []
    if ", " in name:
        forms.append(name.split(", ", 1)[0])
    if name.endswith(")") and " (" in name:
        forms.append(name.split(" (", 1)[0])
    return forms or [name]
