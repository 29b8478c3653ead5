"""Chinese characters in the other script: Simplified in Traditional text, and the reverse.

A Traditional Chinese version made from a Simplified one, by hand or by a converter that
missed some characters, keeps Simplified forms ("美国", "分钟" for "美國", "分鐘"); a
Simplified one keeps Traditional forms ("後", "繆"); Japanese text gets Chinese forms Japanese
never writes ("这", "边" for "這", "辺"). The file's locale (`[tool.filmlint.locale]`; files
without one are not checked) says which script its Han characters are in: `zh-Hant`,
`zh-TW`, `zh-HK`, `zh-MO` write Traditional, `zh-Hans`, `zh-CN`, `zh-SG` and `zh` Simplified,
`ja` Japanese forms.

Characters are judged one by one, by two well-kept sources: CC-CEDICT's sets of Simplified and
Traditional characters (a character both write, such as 人, 后 or 里, is never reported) and
OpenCC's conversion tables, which also know the forms of each region: 台, 着, 秘 and 群 are written
in Taiwan or Hong Kong and accepted in every Traditional file. In Japanese text, a character is
reported when it is a Simplified-only form and outside JIS X 0213, the character set of
Japanese (国 is Japanese too). Each translatable value (`fields`, countries written as names
among them) and each paragraph of the Markdown body (`body`; a heading and a list item are
paragraphs of their own) is reported once, at its first wrong character, naming the form to
write; code, URLs and link targets in the body are skipped. A URL needs no space around it: it
ends at a space or at a character that is neither printable ASCII nor a letter or digit
(`https://x.org/wiki/异形。这部`: the text starts at the full-width full stop).

A value gets an unsafe fix: its wrong characters, and only those, replaced by the forms
OpenCC gives for the file's region, in the context of the whole value (`分钟` -> `分鐘`).
Unsafe, as a conversion table can pick the wrong one of two forms (`发` is `發` or `髮`).
Paragraphs of the body are not fixed: filmlint's fixes change the front matter only.

The default severity is a warning: the tables cannot tell a quotation or a name written in
the other script on purpose.

In a Traditional Chinese file (`film-tw.md`, with the suffix `tw` for `zh-Hant`):

Bad:

    title: "异形"
    country: "美国"

Good:

    title: "異形"
    country: "美國"
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from filmlint.api import Option, Problem, Severity, fields_option, find_strings, replace_value
from filmlint.rulekit import scripts

if TYPE_CHECKING:
    from filmlint.api import Document, Fix
    from filmlint.rulekit.han_variants import Variant

NAME = "script-variant"
CODE = "FL403"
SEVERITY = Severity.WARNING

OPTIONS = {
    "fields": fields_option(
        [
            "title",
            "description",
            "director",
            "cast",
            "genre",
            "awards",
            "sourceUrl[*].platform",
            "country",
        ],
        "Fields whose text is in the file's language: strings, or lists of strings.",
    ),
    "body": Option(True, "Check the paragraphs of the Markdown body too."),
}

#: The last character before the first CJK block (U+2E80), where Han characters start.
_BEFORE_CJK = "\u2e7f"
_VARIANTS: Mapping[str, Variant] = {"Hans": "Hans", "Hant": "Hant", "Jpan": "Jpan"}
_WRONG_KIND = {"Hans": "Traditional Chinese", "Hant": "Simplified Chinese", "Jpan": "Chinese"}
_EXPECTED_KIND = {"Hans": "Simplified", "Hant": "Traditional", "Jpan": "Japanese"}


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    locale = document.locale
    if locale is None:
        return
    values = list(find_strings(document.data, options["fields"]))
    # The values judged as one text first, the usual case being nothing wrong: characters
    # are judged one by one, and a line break is never wrong.
    joined = "\n".join(text for _, text in values)
    body = document.text[document.body_start :] if options["body"] else ""
    in_body = _may_have_han(body)
    if not (in_body or _may_have_han(joined)):
        return  # nothing loaded for text without a Han character
    variant = _VARIANTS.get(scripts.written_script(locale) or "")
    if variant is None:
        return
    # Only for Han text: a run of files without any never imports the character tables.
    from filmlint.rulekit import han_variants

    region = scripts.written_region(locale)
    for path, text in values if han_variants.wrong_forms(joined, variant) else ():
        wrong = han_variants.wrong_forms(text, variant)
        if wrong:
            expected = han_variants.expected_forms(text, variant, region)
            message = _message(text, wrong, expected, variant, locale)
            fix = _fix(document, path, text, wrong, expected, variant)
            yield Problem(path, message, part=(wrong[0], wrong[0] + 1), fix=fix)
    if in_body:
        yield from _body_problems(body, variant, region, locale)


def _may_have_han(text: str) -> bool:
    """False when ``text`` has no character from the first CJK block (U+2E80) on."""
    # Plainly Latin text (accents, curly quotes, dashes) is told by a class untranslated-text
    # compiles anyway, so that a run of English files never compiles the second one.
    return not (text.isascii() or scripts.plainly_latin(text)) and (
        _from_first_cjk().search(text) is not None
    )


@cache
def _from_first_cjk() -> re.Pattern[str]:
    """A character from the first CJK block on. Written as the class of the characters
    before it: ``re`` fills a table entry for each character of a class's ranges below
    U+10000, and this side has 11,904 of them (half a millisecond), the other 53,632."""
    return re.compile(f"[^\x00-{_BEFORE_CJK}]")


def _body_problems(
    body: str, variant: Variant, region: str | None, locale: str
) -> Iterator[Problem]:
    from filmlint.rulekit import han_variants  # as in ``check``

    in_body = han_variants.wrong_forms(body, variant)
    if not in_body:
        return  # the usual case: the Markdown is not even read, nor its reader loaded
    from filmlint.rulekit import markdown

    skips = markdown.Skips(markdown.skipped_spans(body))
    in_prose = [offset for offset in in_body if not skips.covers(offset)]  # sorted
    for start, end in markdown.paragraphs(body):
        # A paragraph's forms found by bisection: scanning them all for each paragraph made
        # a long Traditional text take time in (paragraphs x forms).
        low = bisect.bisect_left(in_prose, start)
        high = bisect.bisect_left(in_prose, end, low)
        if high > low:
            paragraph = body[start:end]
            wrong = [offset - start for offset in in_prose[low:high]]
            expected = han_variants.expected_forms(paragraph, variant, region)
            message = _message(paragraph, wrong, expected, variant, locale)
            first = start + wrong[0]
            yield Problem((), message, target="body", part=(first, first + 1))


def _message(text: str, wrong: list[int], expected: str, variant: Variant, locale: str) -> str:
    """What is wrong, in a file named as messages name it: only a file with a problem asks for
    its language's name, which the IANA registry's 715 KB of text gives."""
    label = scripts.file_of(locale)
    first = wrong[0]
    more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
    form = expected[first]
    advice = (
        f"write {form!r}" if form != text[first] else f"write its {_EXPECTED_KIND[variant]} form"
    )
    return f"{_WRONG_KIND[variant]} form {text[first]!r} in {label}: {advice}{more}"


def _fix(
    document: Document,
    path: tuple[str | int, ...],
    text: str,
    wrong: list[int],
    expected: str,
    variant: Variant,
) -> Fix | None:
    """Replace the wrong characters, and only those, when each has a form to write."""
    from filmlint.rulekit import han_variants  # as in ``check``

    chars = list(text)
    for index in wrong:
        form = expected[index]
        if form == text[index] or (variant == "Jpan" and not han_variants.is_japanese(form)):
            return None
        chars[index] = form
    fixed = "".join(chars)
    return replace_value(document, path, fixed, f"write {fixed!r}", "unsafe")
