"""Writing systems: the scripts a language is written in, and the script of a character.

Scripts are ISO 15924 codes (``Latn``, ``Hani``, ``Hira``), as in BCP 47 tags and as the
``regex`` module's ``\\p{sc=...}`` reads them from the Unicode Character Database. A
language's script comes from CLDR's likely subtags (langcodes: ``ja`` is written ``Jpan``,
``zh-TW`` ``Hant``); a script that is no Unicode script of its own is expanded by what the
IANA subtag registry (shipped by language-data) says of it: ``Jpan`` is an "alias for Han +
Hiragana + Katakana", ``Hans`` the "Simplified variant" of Han.

Nothing heavy is loaded on import, and most runs load neither langcodes nor the registry:
``filmlint.rulekit.likely_scripts`` answers from a table built from them, for the tags and
scripts it covers. langcodes is loaded for any other tag; the registry, to name a language.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from filmlint.rulekit.first_texts import FirstTexts

if TYPE_CHECKING:
    import regex

LATIN = "Latn"
HAN = "Hani"
#: Never text of a language: punctuation, digits, spaces and symbols (Common), combining
#: marks (Inherited), and code points of no script (unassigned, private use).
NEUTRAL = frozenset({"Zyyy", "Zinh", "Zzzz"})
#: The scripts of Chinese, Japanese and Korean.
CJK = frozenset({HAN, "Hira", "Kana", "Hang", "Bopo"})
#: Full-width punctuation and symbols typed with CJK input methods (、。「」): Common
#: script, so they never count by their script; letters and digits are left out.
CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffee"
#: Scripts a language's script also brings along, beyond what the registry says: Traditional
#: Chinese annotates readings in Bopomofo (the registry's ``Hanb``, "Han + Bopomofo").
_ALSO_WRITTEN = {"Hant": "Hanb"}
#: Scripts tried first when naming a character's script (any other is found in the registry).
_LIKELY = ("Zyyy", "Zinh", LATIN, HAN, "Hira", "Kana", "Hang", "Cyrl", "Grek", "Arab", "Hebr")

#: How the registry describes an alias and a variant (compiled on first use: re keeps them).
_ALIAS = r"\(alias for (.+)\)"
_VARIANT = r"\(.*\bvariant\)"


def written_script(tag: str) -> str | None:
    """The ISO 15924 script a BCP 47 tag is written in: its script subtag, else CLDR's
    likely script for it (``zh-TW``: ``Hant``). None for a tag langcodes cannot read, and
    for a language CLDR knows no script of (langcodes would guess Latin)."""
    return _likely(tag)[0]


def written_region(tag: str) -> str | None:
    """The region of a tag, or CLDR's likely region for it (``zh-Hant``: ``TW``)."""
    return _likely(tag)[1]


@cache
def _likely(tag: str) -> tuple[str | None, str | None]:
    # Imported on first use, as in ``language_name`` and ``_registry_scripts``: a run of
    # plainly Latin text (``plainly_latin``) asks no locale for its scripts.
    from filmlint.rulekit import likely_scripts

    known = likely_scripts.likely(tag)  # most tags: no langcodes to import
    return known if known is not None else likely_by_langcodes(tag)


def likely_by_langcodes(tag: str) -> tuple[str | None, str | None]:
    """``_likely`` as langcodes itself answers it."""
    import langcodes
    from langcodes.data_dicts import LIKELY_SUBTAGS

    try:
        language = langcodes.Language.get(tag)
    except ValueError:
        return None, None
    if language.language not in LIKELY_SUBTAGS:
        return language.script, language.territory
    likely = language.maximize()
    return likely.script, likely.territory


@cache
def locale_scripts(tag: str) -> frozenset[str] | None:
    """The Unicode scripts text in the language ``tag`` is written in, or None when unknown.

    ``en``: ``{Latn}``; ``ja``: ``{Hani, Hira, Kana}``; ``zh-Hant``: ``{Hani, Bopo}``.
    """
    script = written_script(tag)
    if script is None:
        return None
    scripts = unicode_scripts(script)
    also = _ALSO_WRITTEN.get(script)
    return scripts | unicode_scripts(also) if also is not None else scripts


@cache
def unicode_scripts(code: str) -> frozenset[str]:
    """The Unicode scripts an ISO 15924 code stands for: itself when it is one, the scripts
    of an alias (``Jpan``, ``Kore``, ``Hrkt``), the base of a variant (``Hans``, ``Latf``);
    empty for a code of no letters (``Zmth``) or an unknown one."""
    # The registry first: Unicode has a value Hrkt too, which no character has any more.
    description = _registry_scripts().get(code, "")
    alias = re.search(_ALIAS, description)
    if alias is not None:
        names = [name.rsplit(" of ", 1)[-1] for name in alias.group(1).split(" + ")]
    elif re.search(_VARIANT, description):
        names = [_short_name(description)]
    else:
        return frozenset({code}) if is_unicode_script(code) else frozenset()
    return frozenset(code for name in names for code in _codes_named(name))


def script_name(code: str) -> str:
    """The English name of a script, as the registry gives it: ``Hani`` is "Han"."""
    description = _registry_scripts().get(code)
    return _short_name(description) if description is not None else code


def script_of(char: str) -> str:
    """The ISO 15924 code of a character's Unicode script (``Zzzz`` for none)."""
    for code in (*_LIKELY, *_registry_scripts()):
        pattern = _script_pattern(code)
        if pattern is not None and pattern.match(char):
            return code
    return "Zzzz"


def is_unicode_script(code: str) -> bool:
    """Whether ``code`` is a value of the Unicode Script property (not an alias or variant)."""
    return _script_pattern(code) is not None


@cache
def _script_pattern(code: str) -> regex.Pattern[str] | None:
    import regex

    if not re.fullmatch(r"[A-Z][a-z]{3}", code):
        return None
    try:
        return regex.compile(rf"\p{{sc={code}}}")
    except regex.error:
        return None


def plainly_latin(text: str) -> bool:
    """True when every character of ``text`` is Latin or neutral, found without loading
    ``regex`` (its import costs a one-file run more than checking the file): English or French
    text with its accents, curly quotes, dashes and symbols. False says nothing: ask
    ``foreign_text``."""
    if text.isascii():
        return True
    # Two rules ask about each file's body in turn: the second answer is the first's (a
    # comparison of equal texts costs a copy's worth, a search of one twenty times that).
    for seen, answer in _recently_judged:
        if seen == text:
            return answer
    answer = _is_plain_latin(text)
    _recently_judged.append((text, answer))
    if len(_recently_judged) > _JUDGED_KEPT:
        del _recently_judged[0]
    return answer


#: The last texts beyond ASCII ``plainly_latin`` judged, with its answers (each entry a
#: tuple, added whole: threads that judge at once only lose a memo).
_recently_judged: list[tuple[str, bool]] = []
_JUDGED_KEPT = 4


#: The blocks whose characters are all Latin, Common or Inherited to the ``regex`` module
#: (tests check each one), as (first, last) code points: Latin-1 to the spacing modifier
#: letters but two Bopomofo tone marks, combining marks, Latin Extended Additional,
#: punctuation and symbols (letterlike ones but the Greek ohm sign) up to the Braille
#: patterns and after.
_PLAIN_LATIN = (
    (0x0000, 0x02E9),
    (0x02EC, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x2125),
    (0x2127, 0x27FF),
    (0x2900, 0x2BFF),
)
#: The two tone marks inside the first block of ``_OUTSIDE_MOSTLY``.
_TONE_MARKS = ("\u02ea", "\u02eb")
#: A character outside where most plainly Latin text stays: ASCII to the combining marks
#: (the two tone marks aside), and general punctuation (curly quotes, dashes). A class of
#: two ranges, which ``re`` compiles in a sixth of the time of one of all of
#: ``_PLAIN_LATIN`` (whose table has an entry for each character of its ranges).
_OUTSIDE_MOSTLY = re.compile("[^\x00-\u036f\u2000-\u206f]")


def _is_plain_latin(text: str) -> bool:
    """Whether every character of ``text`` is in ``_PLAIN_LATIN``. The first texts
    (``_LATIN_FIRST``) are searched for ``_OUTSIDE_MOSTLY``, the few characters
    found past its two ranges (an arrow, a star) looked up one by one, and past
    ``_ONE_BY_ONE`` of them (Vietnamese, say) the text is searched for the whole class; the
    texts after them, for the whole class at once: its table takes re half a millisecond to
    build, which a run of a few files does not repay, and then searches a third faster."""
    if not _LATIN_FIRST.take(text):
        return _outside_plain_latin().search(text) is None
    found = _OUTSIDE_MOSTLY.search(text)
    for _ in range(_ONE_BY_ONE):
        if found is None:
            return not any(mark in text for mark in _TONE_MARKS)
        code = ord(found.group())
        if not _in_blocks(code, _PLAIN_LATIN):
            return False
        found = _OUTSIDE_MOSTLY.search(text, found.end())
    return _outside_plain_latin().search(text) is None


_ONE_BY_ONE = 16
#: The texts searched without the whole class's table.
_LATIN_FIRST = FirstTexts(256)


@cache
def _outside_plain_latin() -> re.Pattern[str]:
    return _outside(_PLAIN_LATIN)


def _outside(blocks: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    """A character outside ``blocks`` (first and last code points)."""
    ranges = "".join(f"{chr(first)}-{chr(last)}" for first, last in blocks)
    return re.compile(f"[^{ranges}]")


#: The scripts whose text holds Han (``unicode_scripts`` of each has ``HAN``): a text
#: ``plainly_han`` has nothing foreign in a file written in one of them, Latin accepted.
HAN_WRITING = frozenset({HAN, "Hans", "Hant", "Hanb", "Jpan", "Kore"})
#: The blocks whose characters are all Han, Latin, Common or Inherited to the ``regex``
#: module, or of no script (tests check each one): ``_PLAIN_LATIN``, then CJK radicals,
#: symbols and punctuation (but Hangul's two tone marks), the unified ideographs and their
#: extension A, compatibility ideographs and forms, full-width ASCII and its symbols, and
#: the planes of the further extensions.
_PLAIN_HAN = (
    *_PLAIN_LATIN,
    (0x2E80, 0x302D),
    (0x3030, 0x303F),
    (0x3400, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF65),
    (0xFFE0, 0xFFEE),
    (0x20000, 0x3CFFF),
)


def plainly_han(text: str) -> bool:
    """True when every character of ``text`` is Han, Latin or neutral, found without loading
    ``regex``: Chinese text with its full-width punctuation, and names and digits in Latin.
    False says nothing: ask ``foreign_text``."""
    if text.isascii():
        return True
    if not _HAN_FIRST.take(text):
        return _outside_plain_han().search(text) is None
    # Each character below U+10000 as 0 (in a block) or 1 (not); one above, left as it is.
    rest = text.translate(_plain_han_table()).replace("\0", "")
    return all(char > "\uffff" and _in_blocks(ord(char), _PLAIN_HAN) for char in rest)


#: The texts ``plainly_han`` judges by ``str.translate`` before it compiles its class, which
#: costs 2.5 ms (30,000 characters) and then scans 8 times as fast; none longer than 50,000
#: characters (32 ns a character: more than the compiling).
_HAN_FIRST = FirstTexts(32, longest=50_000)


@cache
def _outside_plain_han() -> re.Pattern[str]:
    return _outside(_PLAIN_HAN)


@cache
def _plain_han_table() -> bytearray:
    """``str.translate``'s table of the characters below U+10000: 0 for one of a block of
    ``_PLAIN_HAN``, 1 for any other (built in a tenth of a millisecond)."""
    table = bytearray(b"\1") * 0x10000
    for first, last in _PLAIN_HAN:
        if first < 0x10000:
            table[first : last + 1] = bytes(min(last, 0xFFFF) - first + 1)
    return table


def _in_blocks(code: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(first <= code <= last for first, last in blocks)


@cache
def foreign_text(allowed: frozenset[str], cjk_punctuation: bool) -> regex.Pattern[str]:
    """A pattern matching one character of a script not in ``allowed`` (nor neutral), and
    with ``cjk_punctuation`` one of the full-width punctuation of CJK typing."""
    import regex

    codes = sorted(allowed | NEUTRAL)
    if not cjk_punctuation:
        scripts = "".join(rf"\p{{sc={code}}}" for code in codes)
        return regex.compile(f"[^{scripts}]")
    # One class, the punctuation taken out of the scripts it belongs to, rather than
    # "[punctuation]|[^scripts]": regex scans an alternation, or a class with a difference
    # for every script, at half the speed, so only the scripts holding some of it get one.
    punctuation = _characters_of(CJK_PUNCTUATION)
    items = [
        rf"[\p{{sc={code}}}--[{CJK_PUNCTUATION}]]"
        if (pattern := _script_pattern(code)) is not None and pattern.search(punctuation)
        else rf"\p{{sc={code}}}"
        for code in codes
    ]
    return regex.compile("[^" + "".join(items) + "]", regex.VERSION1)


def _characters_of(ranges: str) -> str:
    """Each character of a class written as ranges (``a-z``) and single characters."""
    return "".join(
        chr(code)
        for first, last, single in re.findall(r"(.)-(.)|(.)", ranges, re.DOTALL)
        for code in (range(ord(first), ord(last) + 1) if first else (ord(single),))
    )


@cache
def language_name(tag: str) -> str:
    """The English name of the tag's language, as the registry gives it: ``zh-TW`` is
    "Chinese". The tag itself when the registry has no such language."""
    from filmlint.rulekit import likely_scripts

    language = tag.split("-", 1)[0].lower()
    record = re.search(
        rf"^Type: language\nSubtag: {re.escape(language)}\nDescription: ([^\n]*)",
        likely_scripts.registry_text(),
        re.MULTILINE,
    )
    return record.group(1) if record is not None else tag


def file_of(tag: str) -> str:
    """How messages name a file in the language ``tag``: "an English (en) file"."""
    name = language_name(tag)
    # "an Urdu", but "a Ukrainian", "a Uyghur": said with a consonant
    vowel = name[:1] in "AEIO" or (name[:1] == "U" and name[1:2] not in ("k", "y"))
    return f"{'an' if vowel else 'a'} {name} ({tag}) file"


def _short_name(description: str) -> str:
    """ "Han (Hanzi, Kanji, Hanja)" -> "Han"."""
    return description.split(" (", 1)[0]


def _codes_named(name: str) -> list[str]:
    """The Unicode script codes whose registry name is ``name`` (``Han``: ``Hani``)."""
    return [
        code
        for code, description in _registry_scripts().items()
        if _short_name(description) == name and is_unicode_script(code)
    ]


@cache
def _registry_scripts() -> dict[str, str]:
    """Each script subtag of the IANA registry, with its (first) description: from the
    shipped table when it was built from the installed registry, else read."""
    from filmlint.rulekit import likely_scripts

    shipped = likely_scripts.registry_scripts()
    return shipped if shipped is not None else likely_scripts.parsed_registry_scripts()
