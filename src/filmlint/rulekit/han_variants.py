"""Simplified and Traditional forms of Han characters: which a text should not hold, and the
forms to write instead.

Two well-kept sources, each for what it knows: CC-CEDICT's sets of the characters written in
Simplified and in Traditional Chinese (from zhon) say whether a character is a form of one
script at all (``后`` and ``里`` are both; ``国`` is Simplified only); OpenCC's conversion
profiles say what a character becomes in each region (``着`` stays in Hong Kong, ``台`` and
``群`` in Taiwan) and give the replacement, converting whole strings so that a phrase picks
the right form (``分钟`` -> ``分鐘``, not ``分鍾``).

Judged per character, so a character both scripts write is never reported, whatever its
neighbours: a form missed is better than a correct one reported. Each source is loaded on
the first text that needs it; a text without a candidate character never loads OpenCC.
The first texts of a process are not even searched with CC-CEDICT's sets: a legacy character
set of the text's own script (GB 2312 for Simplified, Big5 for Traditional), written with
Python's C codecs, cannot hold the other script's forms but for a few (``_CHARSETS``), so a
text it writes whole has none; a one-file run then loads neither zhon nor the sets' class.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Literal

from filmlint.rulekit.first_texts import FirstTexts

#: How a file writes Han characters: its script (``Hans``, ``Hant``, ``Jpan``).
Variant = Literal["Hans", "Hant", "Jpan"]
#: OpenCC's profiles from Simplified to Traditional: the standard forms, Taiwan's, Hong Kong's.
_TRADITIONAL_PROFILES = ("s2t", "s2tw", "s2hk")
#: The profile whose forms a region's Traditional text is fixed with.
_REGION_PROFILES = {"TW": "s2tw", "HK": "s2hk", "MO": "s2hk"}
#: Japanese text must be encodable in JIS X 0213, which this codec implements.
JIS_X_0213 = "shift_jis_2004"


def wrong_forms(text: str, variant: Variant) -> list[int]:
    """Offsets of the characters of ``text`` that a ``variant`` text does not write.

    ``Hant``: Simplified-only forms no Traditional region writes; ``Hans``: Traditional-only
    forms; ``Jpan``: Simplified-only forms outside JIS X 0213 (``国`` is Japanese too).
    """
    if text.isascii():
        return []
    if variant == "Jpan":
        return _non_japanese(text)
    script: Literal["Hans", "Hant"] = "Hans" if variant == "Hant" else "Hant"
    if not _may_hold(text, script):
        return []
    candidates = [match.start() for match in _only_pattern(script).finditer(text)]
    if not candidates:
        return []  # the usual case: one scan at C speed
    if variant == "Hant":
        return [i for i in candidates if _changed_by_all(text[i], _TRADITIONAL_PROFILES)]
    return [i for i in candidates if _changed_by_all(text[i], ("t2s",))]


def expected_forms(text: str, variant: Variant, region: str | None) -> str:
    """``text`` converted to the forms of ``variant`` (and ``region``), character for
    character: the same length, the characters OpenCC leaves alone kept as they are."""
    if variant == "Hans":
        return _aligned(text, ("t2s",))
    if variant == "Hant":
        return _aligned(text, (_REGION_PROFILES.get(region or "", "s2t"),))
    return _aligned(text, ("s2t", "t2jp"))


#: The profiles ``simplified`` converts with, in turn.
_TO_SIMPLIFIED = ("tw2s", "hk2s")


def simplified(text: str) -> str:
    """``text`` in Simplified forms, from the Traditional forms of any region: Taiwan's and
    Hong Kong's own variants too (``敍`` as ``敘``, both ``叙``), which ``t2s`` leaves."""
    return _aligned(text, _TO_SIMPLIFIED)


def simplified_each(texts: Sequence[str]) -> list[str]:
    """``simplified`` of each of ``texts``, all converted in one call per profile: a table of
    a thousand names costs two calls, not two thousand. No phrase spans a line break, so
    each text converts as it would alone (texts that hold one are converted one by one)."""
    converted = list(texts)
    for profile in _TO_SIMPLIFIED:
        convert = _converter(profile)
        lines = convert("\n".join(converted)).split("\n")
        if len(lines) != len(converted):  # a text holds a line break
            lines = [_aligned(text, (profile,)) for text in converted]
        converted = [
            line if len(line) == len(text) else _aligned(text, (profile,))
            for line, text in zip(lines, converted, strict=True)
        ]
    return converted


def is_japanese(char: str) -> bool:
    """Whether Japanese text may hold ``char``: it is in JIS X 0213."""
    return _writes(JIS_X_0213, char)


def _writes(charset: str, char: str) -> bool:
    """Whether Python's codec of ``charset`` writes ``char``."""
    try:
        char.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def _non_japanese(text: str) -> list[int]:
    try:
        text.encode(JIS_X_0213)
    except UnicodeEncodeError:
        pass
    else:
        return []
    only = _only("Hans")
    return [
        index
        for index, char in enumerate(text)
        if char in only and not is_japanese(char) and _changed_by_all(char, ("s2t",))
    ]


def _changed_by_all(char: str, profiles: tuple[str, ...]) -> bool:
    return all(_converter(profile)(char) != char for profile in profiles)


def _aligned(text: str, profiles: tuple[str, ...]) -> str:
    """``text`` through each profile in turn; where a phrase changes length (a profile that
    rewrites words), character by character instead, so offsets stay those of ``text``."""
    converted = text
    for profile in profiles:
        convert = _converter(profile)
        result = convert(converted)
        if len(result) != len(converted):
            result = "".join(_one_for_one(convert, char) for char in converted)
        converted = result
    return converted


def _one_for_one(convert: Callable[[str], str], char: str) -> str:
    result = convert(char)
    return result if len(result) == 1 else char


@cache
def _converter(profile: str) -> Callable[[str], str]:
    import opencc

    converter: Any = opencc.OpenCC(f"{profile}.json")
    convert: Callable[[str], str] = converter.convert
    return convert


#: For the forms of each script alone: the legacy character set of the other script, which
#: writes none of them but those given (tests derive them from zhon's sets and the codec:
#: ``charset_exceptions``), as CC-CEDICT's sets are in the zhon release ``_CHARSETS_ZHON``.
_CHARSETS = {
    "Hant": ("gb2312", "後琊甯"),
    "Hans": (
        "big5",
        "与价优体儿党吨听啀圣坏复岭并异彝忏怀怜惊愿扑扰挂搒敳机极构"
        "栖气泞洁洒炖痹种篱网羡肮胜茧荐虫虮蚕蚝蜡触赶躗髇",
    ),
}
#: The zhon release ``_CHARSETS`` and ``_IDEOGRAPHS`` hold for: with another one installed,
#: its sets may differ, and every text is searched with the class.
_CHARSETS_ZHON = "2.1.1"
#: The blocks that hold every form of one script alone: CJK extension A to the end of the
#: unified ideographs (a test checks it).
_IDEOGRAPHS = ("\u3400", "\u9fff")
#: The texts judged by their charset before the class (``_only_pattern``) is compiled: it
#: scans about three times as fast as the codec, once it has cost 5 to 10 ms; none longer
#: than 10,000 characters (each one the charset cannot write costs a call of ``_marked``,
#: 0.75 us).
_CHARSET_FIRST = FirstTexts(256, longest=10_000)
#: The error handler ``_may_hold`` encodes with (``_marked``).
_MARKING = "filmlint.han-variants"


def _may_hold(text: str, script: Literal["Hans", "Hant"]) -> bool:
    """False when ``text`` surely holds no form of ``script`` alone: the other script's
    charset writes it whole, none of its exceptions in it. True says nothing: search."""
    if not (_charsets_hold() and _CHARSET_FIRST.take(text)):
        return True
    charset, written = _CHARSETS[script]
    if _written_anyway(written).search(text) is not None:
        return True
    # Neither charset writes a NUL byte but for the character NUL: text holding one is
    # searched, whatever it is.
    return b"\0" in text.encode(charset, _MARKING)


@cache
def _charsets_hold() -> bool:
    """Whether the installed zhon is the release ``_CHARSETS`` was derived from."""
    from filmlint.rulekit.subtags import installed_version_is

    return installed_version_is("zhon", _CHARSETS_ZHON)


def charset_exceptions(script: Literal["Hans", "Hant"]) -> str:
    """The forms of ``script`` alone that the other script's charset writes all the same,
    from the installed zhon: ``_CHARSETS``' second item, once sorted."""
    charset = _CHARSETS[script][0]
    return "".join(sorted(char for char in _only(script) if _writes(charset, char)))


@cache
def _written_anyway(characters: str) -> re.Pattern[str]:
    """A character of ``characters``: a few dozen, a class compiled in a fraction of a ms."""
    return re.compile(f"[{characters}]")


def _marked(error: UnicodeError) -> tuple[str, int]:
    """How ``_may_hold`` writes what a charset cannot: NUL for a run holding an ideograph
    (it may be a form of one script alone), nothing for any other (a dash, an accent)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    first, last = _IDEOGRAPHS
    unwritten = error.object[error.start : error.end]
    return ("\0" if any(first <= char <= last for char in unwritten) else ""), error.end


codecs.register_error(_MARKING, _marked)


@cache
def _only_pattern(script: Literal["Hans", "Hant"]) -> re.Pattern[str]:
    """A character of ``_only(script)``: a ``re`` class scans a text several times faster
    than a test of each character against the set. Consecutive characters are written as
    one range (``a-c``), fewer items for ``re`` to parse: it compiles in a millisecond or
    two, once, on the first text that has a Han character."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, _only(script))):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    items = (
        re.escape(chr(first))
        if first == last
        else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        for first, last in runs
    )
    return re.compile(f"[{''.join(items)}]")


@cache
def _only(script: Literal["Hans", "Hant"]) -> frozenset[str]:
    """CC-CEDICT's characters of one script that the other does not write."""
    from zhon import cedict

    simplified, traditional = frozenset(cedict.simplified), frozenset(cedict.traditional)
    return simplified - traditional if script == "Hans" else traditional - simplified
