"""The language a text looks written in (a language is the script that dominates a file's
text), and the locale a suffix or folder name gives the files written in it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

from filmlint.rulekit.han_variants import wrong_forms
from filmlint.rulekit.langtags import canonical_case, is_well_formed
from filmlint.rulekit.scripts import locale_scripts, written_script
from filmlint.rulekit.subtags import is_registered

#: Letters sampled from a file to guess its language.
_SAMPLE = 4000
#: Fewest letters a text needs for its language to be guessed.
MIN_LETTERS = 10
#: Scripts a file's language is guessed from; a Latin text is taken as English.
_SCRIPTS = ("Latn", "Hani", "Hira", "Kana", "Hang", "Cyrl", "Grek", "Arab", "Hebr")
_LATIN_LANGUAGE = "en"
#: Scripts written in words of several letters: each word counts as a Han character does.
_WORD_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Arab", "Hebr", "Hang"})


@cache
def _script_pattern() -> Any:
    import regex

    # A script written in words is matched a word at a time, the others a character.
    return regex.compile(
        "|".join(
            rf"(?P<{code}>\p{{sc={code}}}{'+' if code in _WORD_SCRIPTS else ''})"
            for code in _SCRIPTS
        )
    )


def letters(text: str) -> int:
    import regex

    return len(regex.findall(r"\p{L}", text[:_SAMPLE]))


def guess_language(text: str) -> str | None:
    """The language ``text`` looks written in, by the script most of its words are in (a
    Han or kana character counts as one, carrying about as much as a word does): Han alone
    is Chinese (``zh-Hant`` when Traditional-only forms outnumber Simplified-only ones, else
    ``zh-Hans``), Han with kana Japanese, Hangul Korean, Latin English; None when the text
    has too few letters or is in another script."""
    sample = text[:_SAMPLE]
    counts: Counter[str] = Counter()
    letters = 0
    for match in _script_pattern().finditer(sample):
        counts[match.lastgroup] += 1
        letters += len(match.group())
    if letters < MIN_LETTERS:
        return None
    total = sum(counts.values())
    kana = counts["Hira"] + counts["Kana"]
    cjk = counts["Hani"] + kana + counts["Hang"]
    if cjk >= counts["Latn"] and cjk * 2 >= total:
        if counts["Hang"] * 2 >= cjk:
            return "ko"
        if kana * 20 >= cjk:  # a kana or two quoted in Chinese is not Japanese
            return "ja"
        simplified_only = len(wrong_forms(sample, "Hant"))
        traditional_only = len(wrong_forms(sample, "Hans"))
        return "zh-Hant" if traditional_only > simplified_only else "zh-Hans"
    if counts["Latn"] * 2 >= total:
        return _LATIN_LANGUAGE
    return None


def tag_for(name: str, guesses: Iterable[str | None]) -> str | None:
    """The tag for a suffix or folder ``name``, or None when it names no locale its files
    are written in: the name itself when it is a registered tag written in the script its
    files are in (``fr``); their language when the name is a region that writes it so (a
    suffix ``tw`` of Traditional Chinese files is ``zh-Hant``, not Twi); else None (``ii``,
    Sichuan Yi, ending the name of a Chinese sequel)."""
    guessed = majority(guesses)
    named = registered_tag(name)
    if guessed is None:
        return named
    if named is not None and _same_writing(named, guessed):
        # A bare "zh" says nothing of the script the text shows: "zh-Hans" does.
        return guessed if guessed.startswith(named + "-") else named
    regional = f"{guessed.split('-')[0]}-{name.replace('_', '-')}"
    if is_well_formed(regional) and is_registered(regional) and _same_writing(regional, guessed):
        return guessed
    return None


def registered_tag(name: str) -> str | None:
    """``name`` (a suffix or folder) as a registered tag in canonical case, or None; ``_``
    is read as ``-``: gettext and Java write ``zh_TW``."""
    tag = name.replace("_", "-")
    return canonical_case(tag) if is_well_formed(tag) and is_registered(tag) else None


def _same_writing(named: str, guessed: str) -> bool:
    if guessed.startswith("zh"):  # Simplified and Traditional: told apart by the script
        return written_script(named) == written_script(guessed)
    guessed_scripts, named_scripts = locale_scripts(guessed), locale_scripts(named)
    return bool(guessed_scripts and named_scripts and guessed_scripts == named_scripts)


def majority(values: Iterable[str | None]) -> str | None:
    """The value most of ``values`` have (not None), or None when none has a majority."""
    counted = Counter(values)
    total = sum(counted.values())
    value, count = max(counted.items(), key=lambda kv: kv[1], default=(None, 0))
    return value if count * 2 > total else None
