"""BCP 47 (RFC 5646) language tags: well-formedness and canonical case, without any registry.

Checking the syntax here, rather than with langcodes, keeps configuration reading free of
heavy imports, and is stricter: langcodes also reads ``zh_CN`` as a tag, BCP 47 does not.
Whether the subtags are registered is ``filmlint.rulekit.subtags``' job, on langcodes' data.
"""

from __future__ import annotations

import re
from functools import cache

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, extlangs
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATE_USE = rf"x(?:-{_ALNUM}{{1,8}})+"
#: Irregular grandfathered tags: registered, but outside the tag syntax.
_IRREGULAR = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|"
    "i-pwn|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de"
)


@cache
def _well_formed() -> re.Pattern[str]:
    # Compiled on first use: a configuration without locales does not pay for it.
    return re.compile(rf"(?:{_LANGTAG}|{_PRIVATE_USE}|{_IRREGULAR})", re.IGNORECASE | re.ASCII)


def is_well_formed(tag: str) -> bool:
    """Whether ``tag`` follows the syntax of RFC 5646 (any case; subtags joined by ``-``)."""
    return is_plain(tag) or _well_formed().fullmatch(tag) is not None


def is_plain(tag: str) -> bool:
    """Whether ``tag`` is a language with a script, a region or both (``en``, ``zh-Hans``,
    ``es-419``): well-formed, told without the full grammar's pattern, whose compiling
    costs a one-file check as much as its rules' start-up."""
    language, *rest = tag.split("-")
    if not (2 <= len(language) <= 3 and language.isascii() and language.isalpha()):
        return False
    if rest and len(rest[0]) == 4 and rest[0].isascii() and rest[0].isalpha():
        rest = rest[1:]  # the script
    if rest and _is_region(rest[0]):
        rest = rest[1:]
    return not rest


def _is_region(subtag: str) -> bool:
    return subtag.isascii() and (
        (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())
    )


def canonical_case(tag: str) -> str:
    """``tag`` in the case RFC 5646 recommends: ``zh-Hant-TW``, ``es-419``, ``en-a-bbb-x-cc``.

    Lower case, except regions (upper) and scripts (title) before any singleton subtag.
    """
    subtags = tag.lower().split("-")
    for index in range(1, len(subtags)):
        subtag = subtags[index]
        if len(subtags[index - 1]) == 1:  # after a singleton everything stays lower case
            break
        if len(subtag) == 2:
            subtags[index] = subtag.upper()
        elif len(subtag) == 4 and subtag.isalpha():
            subtags[index] = subtag.title()
    return "-".join(subtags)
