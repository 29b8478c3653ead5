"""Countries by ISO 3166 code or by name: what `country-code` checks and what
`translation-mismatch` compares (the same film's "美国" and "USA" name one country).

A country is written as an ISO 3166-1 alpha-2 or alpha-3 code ("US", "USA"), or as a name in
the file's language or in English: the ISO 3166-1 names and official names as pycountry
translates them ("Royaume-Uni", "美国", "United Mexican States"), their short forms ("Taiwan"
for "Taiwan, Province of China"), the inverted ones in their natural order ("Republic of
Korea"), the short forms people write that ISO does not list (`SHORT_FORMS`: "UK",
"アメリカ", "台灣"), and former countries of ISO 3166-3 ("Czechoslovakia"). A Chinese file's
names may be those of any Chinese catalogue or table, in either script. Case, Unicode
normalization and surrounding spaces never matter.

Tables are built once per process, on first use: a run that never reads a country never
reads pycountry's tables (nor imports pycountry: see ``iso3166``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache

from filmlint.rulekit import iso3166

#: What people put between countries in one string ("美国/英国", "UK, Germany").
SEPARATORS = "/,;|、"

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

#: The Chinese catalogues: a Chinese file may write the names of any, in either script.
_CHINESE_CATALOGUES = ("zh_CN", "zh_TW", "zh_HK")

#: Catalogues for BCP 47 tags whose script, not region, picks the catalogue.
_SCRIPT_CATALOGUES = {("zh", "hans"): "zh_CN", ("zh", "hant"): "zh_TW", ("sr", "latn"): "sr@latin"}


class Country:
    __slots__ = ("code", "key", "name")

    def __init__(self, key: str, code: str | None, name: str) -> None:
        #: Alpha-2 code of a country, alpha-4 code of a former one (ISO 3166-3).
        self.key = key
        #: ISO 3166-1 alpha-2 code; None for a former country.
        self.code = code
        #: English short name.
        self.name = name


class Names:
    """The country names of one catalogue."""

    __slots__ = ("by_name", "catalogue")

    def __init__(self, by_name: dict[str, tuple[Country, str]], catalogue: str) -> None:
        #: Folded name -> (country, the name as written in the catalogue or table).
        self.by_name = by_name
        self.catalogue = catalogue

    def preferred(self, key: str) -> str | None:
        """The name to suggest for the country ``key``; None for a former country. Worked
        out when first asked (a suggestion is rare; the names are looked up in every run)."""
        return _preferred(self.catalogue).get(key)


def parts(value: str, separator: str) -> Iterator[tuple[int, int]]:
    """Spans of the parts of ``value`` between ``separator``s (the whole value when it is
    empty), without surrounding whitespace."""
    offset = 0
    for piece in value.split(separator) if separator else [value]:
        lead = len(piece) - len(piece.lstrip())
        yield offset + lead, offset + lead + len(piece.strip())
        offset += len(piece) + len(separator)


def is_key(text: str) -> bool:
    """Whether ``text`` is a country's key as ``keys`` gives it (not the folded text of a
    part that names none)."""
    return text in _countries()


def by_code(text: str) -> Country | None:
    """The country whose ISO 3166-1 alpha-2 or alpha-3 code ``text`` is, in any case."""
    return codes().get(text.strip().upper())


def by_name(text: str, catalogue: str | None) -> tuple[Country, str] | None:
    """The country a name in the catalogue's language or English names, with the name as
    the tables write it; for a Chinese catalogue, a name of any Chinese catalogue or table,
    as one writes it, else in the other script (``_chinese``). Each table is built only
    for a name the ones before it do not know (a table costs a one-file check as much as a
    rule's start-up: most names are found in the file's language)."""
    folded = fold(text)
    for catalogue_names in _file_catalogues(catalogue):
        found = _names(catalogue_names).by_name.get(folded)
        if found is not None:
            return found
    if catalogue in _CHINESE_CATALOGUES and not folded.isascii():
        if not _SEPARATOR_SET.isdisjoint(folded) and _shape(folded) not in _chinese_shapes():
            # "英国/美国", "英国、美国": no Chinese name holds those separators where it does
            # (a list, read part by part)
            return None
        for other in _CHINESE_CATALOGUES:  # as another catalogue writes it, if one does
            found = _names(other).by_name.get(folded) if other != catalogue else None
            if found is not None:
                return found
        return _chinese().get(_simplified(folded))
    return None


_SEPARATOR_SET = frozenset(SEPARATORS)


#: A name's length, and each separator it holds with where: ``_shape``.
_Shape = tuple[int, tuple[tuple[int, str], ...]]


def _shape(folded: str) -> _Shape:
    return len(folded), tuple((i, char) for i, char in enumerate(folded) if char in _SEPARATOR_SET)


@cache
def _chinese_shapes() -> frozenset[_Shape]:
    """The shapes of the names of the Chinese catalogues and short-form tables that hold a
    separator ("、" in "博奈尔、圣尤斯特歇斯岛和萨巴"), folded: a text holding a separator
    names a country whole in one of them, in either script, only if it has one of these.
    Read off the catalogues' names without building their tables (which, with ``_chinese``,
    cost a run 96M instructions, 92M for "英国、美国"); a name in the other script has its
    shape, as the conversion is character for character and leaves separators alone."""
    names: list[str] = []
    for catalogue in _CHINESE_CATALOGUES:
        written = [name for _, name in _written(catalogue)]
        written += SHORT_FORMS.get(_SHORT_FORMS_ALIASES.get(catalogue, catalogue), {})
        for name in written:
            if not _SEPARATOR_SET.isdisjoint(name):
                names += [name, *_short(name), *_uninverted(name)]
    return frozenset(_shape(folded) for folded in fold_each(names))


@cache
def _chinese() -> dict[str, tuple[Country, str]]:
    """The names of every Chinese catalogue and short-form table, by their Simplified form.

    Either script is then known whichever table writes the name, in whichever script: only
    zh_CN writes "朝鲜" (zh_TW says "北韓"), yet "朝鮮" is the same name; only zh_TW's
    table writes "中華民國"; only zh_HK writes "新西蘭". Converting the name, not looking
    it up in the other script's catalogues, is what makes the promise hold. A form that
    names two countries is left out.
    """
    found: dict[str, tuple[Country, str]] = {}
    keys: dict[str, set[str]] = {}
    from filmlint.rulekit import han_variants

    named = [
        (folded, entry)
        for catalogue in _CHINESE_CATALOGUES
        for folded, entry in _names(catalogue).by_name.items()
        if not folded.isascii()  # an English name a catalogue leaves untranslated
    ]
    for simplified, (_, entry) in zip(
        han_variants.simplified_each([folded for folded, _ in named]), named, strict=True
    ):
        found.setdefault(simplified, entry)
        keys.setdefault(simplified, set()).add(entry[0].key)
    return {name: entry for name, entry in found.items() if len(keys[name]) == 1}


def _simplified(text: str) -> str:
    from filmlint.rulekit import han_variants

    return han_variants.simplified(text)


def _file_catalogues(catalogue: str | None) -> tuple[str, ...]:
    """The catalogues of a file's name tables: its language's first, then English."""
    return ("en",) if catalogue is None else (catalogue, "en")


def resolve(text: str, tag: str | None) -> Country | None:
    """The country ``text`` names, as a code or as a name in the language of the BCP 47 tag
    ``tag`` (or English); None when it names none."""
    found = by_code(text)
    if found is not None:
        return found
    named = by_name(text, catalogue_for(tag))
    return named[0] if named is not None else None


@lru_cache(maxsize=4096)
def keys(value: str, tag: str | None) -> tuple[str, ...]:
    """The countries a string names, as the sorted set of their keys (alpha-2 codes, alpha-4
    for former countries): the whole string as one country, else each part between any of
    `SEPARATORS`; a part that names no country is kept as its folded text.

    Cached: a site writes the same few countries again and again.
    """
    whole = resolve(value, tag)
    if whole is not None:
        return (whole.key,)
    found = set()
    for piece in _any_separator().split(value):
        if piece.strip():
            country = resolve(piece, tag)
            found.add(country.key if country is not None else fold(piece))
    return tuple(sorted(found))


@cache
def _any_separator() -> re.Pattern[str]:
    """Any of ``SEPARATORS``; compiled on first use (a class with "、" takes re a table of
    65,536 characters), as most values name one country whole."""
    return re.compile(f"[{re.escape(SEPARATORS)}]")


def fold(text: str) -> str:
    """A name as the tables key it: NFC, without surrounding spaces, case-folded."""
    if text.isascii():  # NFC already: most names, and no Unicode tables imported for them
        return text.strip().casefold()
    import unicodedata

    return unicodedata.normalize("NFC", text.strip()).casefold()


def fold_each(texts: list[str]) -> list[str]:
    """``fold`` of each of ``texts``, in one pass: NUL joins them, which never combines with
    a neighbour, so NFC and case folding leave each part as they leave it alone."""
    joined = "\x00".join(text.strip() for text in texts)
    if joined.count("\x00") != len(texts) - 1:  # a NUL of a text's own (no catalogue has one)
        return [fold(text) for text in texts]
    if not joined.isascii():
        import unicodedata

        joined = unicodedata.normalize("NFC", joined)
    return joined.casefold().split("\x00")


@lru_cache(maxsize=1024)
def close_names(text: str, catalogue: str | None) -> tuple[tuple[Country, str], ...]:
    """The known names closest to a misspelt one: one when it is clear, several when tied.

    A name is a misspelling of another only when each of its words is the other's or a
    misspelling of it, and none names another country: "Republic of China" is close to
    "Republic of Chad" letter by letter, but another name, not a typo of it; nor is
    "Republic of Iran" one of "Republic of Iraq".

    Cached: a site repeats its misspellings, and each search compares with every name.
    """
    folded = fold(text)
    if len(folded) < 4:  # any short string is close to some code or name
        return ()
    import difflib  # only for a value that names no country

    scored: dict[str, tuple[float, Country, str]] = {}
    for table in tables(catalogue):
        for match in difflib.get_close_matches(folded, table.by_name, n=3, cutoff=0.8):
            country, written = table.by_name[match]
            if not _misspelt(folded, match) or _names_another(folded, match, country, catalogue):
                continue
            score = difflib.SequenceMatcher(None, folded, match).ratio()
            if country.key not in scored or scored[country.key][0] < score:
                scored[country.key] = (score, country, written)
    best = max((score for score, _, _ in scored.values()), default=0.0)
    return tuple((c, written) for score, c, written in scored.values() if score == best)


def _misspelt(text: str, name: str) -> bool:
    """Whether ``text`` may be ``name`` misspelt: word by word, each a few edits from the
    other (words of three letters or fewer, such as "of" or "the", may be left out), or,
    for a space missing or misplaced ("Unitedstates", "SanM arino"), all words joined, an
    edit apart. "Republic of China" is neither for "Republic of Chad".
    """
    words, name_words = re.findall(r"\w+", text), re.findall(r"\w+", name)
    long_words, long_name_words = _long(words), _long(name_words)
    if len(long_words) == len(long_name_words) and all(map(_typo_of, long_words, long_name_words)):
        return True
    return _typo_of("".join(words), "".join(name_words), budget=1)


def _names_another(text: str, match: str, country: Country, catalogue: str | None) -> bool:
    """Whether a word of ``text`` that ``match`` lacks is the name of another country than
    ``country`` ("Iran" in "Republic of Iran", close to "Republic of Iraq")."""
    words = set(re.findall(r"\w+", text)) - set(re.findall(r"\w+", match))
    return any(
        found[0].key != country.key
        for word in words
        for table in tables(catalogue)
        if (found := table.by_name.get(word)) is not None
    )


def _long(words: list[str]) -> list[str]:
    return [word for word in words if len(word) > 3] or words


def _typo_of(word: str, other: str, budget: int = 0) -> bool:
    """Whether two words are at most ``budget`` edits apart (by default one for every four
    letters, one at least), an edit being a letter added, removed, changed or swapped with
    the next ("Frnace")."""
    budget = budget or max(1, max(len(word), len(other)) // 4)
    if abs(len(word) - len(other)) > budget:
        return False
    # optimal string alignment distance, row by row
    before: list[int] = []
    previous = list(range(len(other) + 1))
    for i, char in enumerate(word, 1):
        current = [i]
        for j, other_char in enumerate(other, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other_char))
            if i > 1 and j > 1 and char == other[j - 2] and word[i - 2] == other_char:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1] <= budget


@cache
def tables(catalogue: str | None) -> tuple[Names, ...]:
    """Name tables for a file: its language's first, then English."""
    return tuple(_names(name) for name in _file_catalogues(catalogue))


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
def codes() -> dict[str, Country]:
    """Countries by ISO 3166-1 alpha-2 and alpha-3 code."""
    countries = _countries()
    found = {c.alpha_2: countries[c.alpha_2] for c in iso3166.countries()}
    found.update((c.alpha_3, countries[c.alpha_2]) for c in iso3166.countries())
    return found


@cache
def _catalogues() -> frozenset[str]:
    return frozenset(os.listdir(iso3166.locales_dir()))  # noqa: PTH208 (names: no Path each)


@cache
def catalogue_for(tag: str | None) -> str | None:
    """The pycountry catalogue for a BCP 47 tag (``zh-Hant`` -> ``zh_TW``), None for English.

    A language without catalogues of its own takes its macrolanguage's (``yue``, ``cmn`` ->
    ``zh``). Tried in order: language and region (``zh-HK`` -> ``zh_HK``) when the region
    writes the tag's script, language and script (the tag's, else its likely one: ``yue``
    and ``zh-MO`` are written ``Hant``), the language alone, then any regional catalogue of
    the language (``nb`` -> ``nb_NO``).
    """
    if not tag:
        return None
    subtags = tag.replace("_", "-").split("-")
    if subtags[0].lower() == "en":
        return None
    available = _catalogues()
    language = _catalogue_language(subtags[0].lower(), available)
    written = subtags[1].lower() if len(subtags) > 1 else ""
    # A script subtag that picks a catalogue is the tag's script (langcodes keeps it): no
    # likely subtags to read, the table of which costs a one-file run as much as the names.
    joined = "-".join(subtags)
    script = written if (language, written) in _SCRIPT_CATALOGUES else _written_script(joined)
    region = next(
        (s.upper() for s in subtags[1:] if (len(s) == 2 and s.isalpha()) or s.isdigit()), None
    )
    candidates = [f"{language}_{region}"] if region and _writes(language, region, script) else []
    if script is not None and (language, script) in _SCRIPT_CATALOGUES:
        candidates.append(_SCRIPT_CATALOGUES[(language, script)])
    candidates.append(language)
    candidates.extend(sorted(c for c in available if c.startswith(language + "_")))
    return next((c for c in candidates if c in available), None)


def _writes(language: str, region: str, script: str | None) -> bool:
    """Whether the region's catalogue of ``language`` is in ``script``: Hong Kong's Chinese
    names are Traditional, no names for a ``zh-Hans-HK`` file."""
    return script is None or _written_script(f"{language}-{region}") in (script, None)


def _written_script(tag: str) -> str | None:
    """The script of a tag, lower case: its script subtag, else its likely one (CLDR's, as
    script-variant reads it)."""
    from filmlint.rulekit import scripts

    script = scripts.written_script(tag)
    return script.lower() if script is not None else None


def _catalogue_language(language: str, available: frozenset[str]) -> str:
    """``language``, or its macrolanguage (the IANA registry's) when pycountry has no
    catalogue for it but has one for the macrolanguage: Cantonese and Mandarin files take
    the Chinese names."""
    if any(c == language or c.startswith((language + "_", language + "@")) for c in available):
        return language
    from filmlint.rulekit import likely_scripts

    record = re.search(
        rf"^Subtag: {re.escape(language)}\n(?:[^%\n][^\n]*\n)*?Macrolanguage: ([a-z]+)$",
        likely_scripts.registry_text(),
        re.MULTILINE,
    )
    return record.group(1) if record is not None else language


@cache
def _names(catalogue: str) -> Names:
    """Names of countries and former countries in one catalogue's language, folded."""
    countries = _countries()
    written = _written(catalogue)
    exact: dict[str, tuple[Country, str]] = {}
    for folded, entry in zip(fold_each([name for _, name in written]), written, strict=True):
        exact.setdefault(folded, entry)  # the first country to write a name keeps it
    # "Korea, Republic of" -> "Korea" and "Republic of Korea", "Holy See (Vatican City
    # State)" -> "Holy See": kept when they name one country only ("Korea" names two; the
    # "France" of "France, Metropolitan" is taken). Other names have no form but their own.
    forms = [
        (country, short)
        for country, name in written
        if ", " in name or name.endswith(")")
        for short in _short(name) + _uninverted(name)
    ]
    derived: dict[str, set[str]] = {}
    spelled: dict[str, tuple[Country, str]] = {}
    folded_forms = fold_each([short for _, short in forms])
    for folded, (country, short) in zip(folded_forms, forms, strict=True):
        if folded not in exact:
            derived.setdefault(folded, set()).add(country.key)
            spelled[folded] = (country, short)
    exact.update((folded, spelled[folded]) for folded, keys in derived.items() if len(keys) == 1)
    table = SHORT_FORMS.get(_SHORT_FORMS_ALIASES.get(catalogue, catalogue), {})
    exact.update((fold(name), (countries[key], name)) for name, key in table.items())
    return Names(exact, catalogue)


def _written(catalogue: str) -> list[tuple[Country, str]]:
    """Each country's names (name, official name, common name) and each former country's,
    as the catalogue writes them, in the order of pycountry's tables."""
    countries = _countries()
    current = _translation("iso3166-1", catalogue)
    former = _translation("iso3166-3", catalogue)
    written = [
        (countries[record.alpha_2], current(name))
        for record in iso3166.countries()
        for attribute in ("name", "official_name", "common_name")
        if (name := vars(record).get(attribute)) is not None
    ]
    written += [
        (countries[record.alpha_4], former(record.name)) for record in iso3166.historic_countries()
    ]
    return written


@cache
def _preferred(catalogue: str) -> dict[str, str]:
    """The name to suggest for each country, by key, in a catalogue's language: its common
    name, else its name, without what follows a comma or stands in parentheses."""
    countries = _countries()
    current = _translation("iso3166-1", catalogue)
    return {
        countries[record.alpha_2].key: _short(
            current(getattr(record, "common_name", None) or record.name)
        )[0]
        for record in iso3166.countries()
    }


def _translation(domain: str, catalogue: str) -> Callable[[str], str]:
    """The gettext function of a pycountry catalogue; English names are the message ids."""
    if catalogue == "en":
        return str
    return iso3166.translator(domain, catalogue)


def _uninverted(name: str) -> list[str]:
    """The name in its natural order, when a catalogue inverts it to sort it: "Korea,
    Republic of" -> "Republic of Korea", "Congo, The Democratic Republic of the" -> "The
    Democratic Republic of the Congo" and "Democratic Republic of the Congo", "Corée,
    République de" -> "République de Corée". Only a part after the comma that ends with a
    small word ("of", "the", "de") was moved there; "Virgin Islands, British" and
    "Taiwan, Province of China" are left alone."""
    head, comma, tail = name.partition(", ")
    last = tail.split()[-1] if tail.strip() else ""
    if not comma or ", " in tail or not (last.isalpha() and last.islower()):
        return []
    natural = f"{tail} {head}"
    first, _, rest = natural.partition(" ")
    return [natural, rest] if first == "The" and rest else [natural]


def _short(name: str) -> list[str]:
    """The name, or the shorter forms it holds: before a comma, or before parentheses."""
    forms = []
    if ", " in name:
        forms.append(name.split(", ", 1)[0])
    if name.endswith(")") and " (" in name:
        forms.append(name.split(" (", 1)[0])
    return forms or [name]
