"""The shortcuts of script-variant and untranslated-text against the exact tests they stand
for: one scan at C speed must find what a test of each character would, on every character
or on generated text mixing scripts, so that a shortcut cannot drift from the rule."""

# Full-width and look-alike characters are what these tests are about.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import film, lint
from filmlint.engine.settings import parse_config
from filmlint.rulekit import han_variants, markdown, scripts
from filmlint.rules import script_variant

HANS_ONLY = sorted(han_variants._only("Hans"))
HANT_ONLY = sorted(han_variants._only("Hant"))


@cache
def every_character() -> str:
    """Each code point once, surrogates included, in order."""
    return "".join(map(chr, range(0x110000)))


#: Pieces of film text: Han of both scripts and of both, kana, Latin with accents, Cyrillic,
#: Hangul, ASCII and CJK punctuation, Markdown code spans and links, line breaks.
PIECES = st.one_of(
    st.sampled_from(HANS_ONLY),
    st.sampled_from(HANT_ONLY),
    st.sampled_from("人大中一了的是后里著台群"),
    st.sampled_from("ひらがなカタカナー"),
    st.sampled_from("AaZzéÉœßṃ"),
    st.sampled_from("Анна한국"),
    st.sampled_from(" .,!?'\"-—“”…·，。、「」！？\u3000（）"),
    st.sampled_from(["`代码`", "[链接](https://example.com/電影)", "<https://例子.com>", "\n"]),
    st.characters(),
)
MIXED = st.lists(PIECES, max_size=40).map("".join)
#: Such text as a YAML value can hold (a file is UTF-8: no surrogates, no control characters).
VALUES = st.lists(
    st.one_of(PIECES.filter(lambda piece: len(piece) != 1 or piece.isprintable() or piece == "\n")),
    max_size=40,
).map("".join)


@pytest.mark.parametrize("script", ["Hans", "Hant"])
def test_the_class_of_forms_holds_every_character_of_the_set_and_no_other(script: Any) -> None:
    found = han_variants._only_pattern(script).findall(every_character())
    assert sorted(found) == sorted(han_variants._only(script))


def _exact_wrong_forms(text: str, variant: han_variants.Variant) -> list[int]:
    """``wrong_forms`` as a test of each character against the set."""
    only = han_variants._only("Hans" if variant == "Hant" else "Hant")
    profiles = han_variants._TRADITIONAL_PROFILES if variant == "Hant" else ("t2s",)
    return [
        index
        for index, char in enumerate(text)
        if char in only and han_variants._changed_by_all(char, profiles)
    ]


@pytest.mark.parametrize("judged", [0, han_variants._CHARSET_FIRST.count])
@given(text=MIXED)
def test_wrong_forms_are_those_a_test_of_each_character_finds(judged: int, text: str) -> None:
    """By the charset (the first texts of a process) and by the class (those after)."""
    for variant in ("Hans", "Hant"):
        han_variants._CHARSET_FIRST.taken = judged
        assert han_variants.wrong_forms(text, variant) == _exact_wrong_forms(text, variant)


@pytest.mark.parametrize("script", ["Hans", "Hant"])
def test_the_charset_writes_no_form_of_the_script_alone_but_those_listed(script: Any) -> None:
    """As the installed zhon's sets say; with another release than the one they were derived
    from, they are not used at all."""
    if not han_variants._charsets_hold():
        pytest.skip(
            f"zhon is not {han_variants._CHARSETS_ZHON}, which _CHARSETS was derived from: "
            "every text is searched with the class; derive them again (charset_exceptions)"
        )
    written = han_variants._CHARSETS[script][1]
    first, last = han_variants._IDEOGRAPHS
    assert all(first <= char <= last for char in han_variants._only(script))
    assert han_variants.charset_exceptions(script) == "".join(sorted(written))


def test_with_another_zhon_release_every_text_is_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(han_variants, "_CHARSETS_ZHON", "0.0")
    han_variants._charsets_hold.cache_clear()
    try:
        assert _may_hold("\u4e2d\u6587", "Hant")
        assert han_variants.wrong_forms("\u4e2d\u96fb", "Hans") == [1]
    finally:
        monkeypatch.undo()
        han_variants._charsets_hold.cache_clear()


@pytest.fixture
def by_charsets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The charsets used whatever zhon release is installed: the texts below hold no form
    whose listing a release could change."""
    monkeypatch.setattr(han_variants, "_charsets_hold", lambda: True)


def _may_hold(text: str, script: Any) -> bool:
    han_variants._CHARSET_FIRST.taken = 0  # by the charset, however many texts came before
    return han_variants._may_hold(text, script)


@pytest.mark.parametrize("script", ["Hans", "Hant"])
def test_a_text_holding_a_form_of_the_script_alone_may_hold_one(script: Any) -> None:
    for char in han_variants._only(script):
        for text in (char, f"A\u2014{char}\u00b7", f"\U0001f3ac{char}\ud800"):
            assert _may_hold(text, script), (script, char)


@given(MIXED)
@example("\u4e2d\u6587\u00b7\u2014\U0001f3ac\u00e9")  # what GB 2312 and Big5 cannot write
@example("\u4e2d\x00")
def test_a_text_that_may_not_hold_a_form_holds_none(text: str) -> None:
    for script in ("Hans", "Hant"):
        if not _may_hold(text, script):
            assert han_variants._only_pattern(script).search(text) is None


@pytest.mark.usefixtures("by_charsets")
def test_a_long_text_is_searched_with_the_class_not_told_by_its_charset() -> None:
    """Each character a charset cannot write costs a call of Python: a megabyte of them would
    take seconds, where the class takes milliseconds."""
    written_whole = "\u4e2d" * (han_variants._CHARSET_FIRST.longest + 1)
    assert not _may_hold(written_whole[1:], "Hant")
    assert _may_hold(written_whole, "Hant")  # not encoded: said nothing, searched
    hostile = "\u00f6" * 1_000_000 + "\u96fb"
    han_variants._CHARSET_FIRST.taken = 0
    assert han_variants.wrong_forms(hostile, "Hans") == [1_000_000]


def test_a_long_text_is_judged_plainly_han_by_the_class() -> None:
    scripts._HAN_FIRST.taken = 0
    assert scripts.plainly_han("\u4e2d" * (scripts._HAN_FIRST.longest + 1))
    assert scripts._HAN_FIRST.taken == 0
    assert scripts.plainly_han("\u4e2d")
    assert scripts._HAN_FIRST.taken == 1


@pytest.mark.usefixtures("by_charsets")
def test_plain_chinese_with_dashes_and_dots_is_told_by_its_charset() -> None:
    assert not _may_hold("\u514b\u91cc\u65af\u00b7\u8bfa\u5170\u2014\u7535\u5f71", "Hant")
    assert not _may_hold("\u514b\u91cc\u65af\u00b7\u8afe\u862d\u2014\u96fb\u5f71", "Hans")
    assert _may_hold("\u96fb\u5f71", "Hant")  # Traditional forms in a Simplified text
    assert _may_hold("\u7535\u5f71", "Hans")  # and the other way round


def test_may_have_han_on_every_character() -> None:
    # the characters from U+2E80 on, and only those
    han = script_variant._from_first_cjk().findall(every_character())
    assert "".join(han) == every_character()[0x2E80:]
    # what plainly_latin accepts is before them all
    outside = scripts._outside_plain_latin()
    assert max(char for char in every_character()[:0x2E80] if not outside.match(char)) < "\u2e80"


@given(MIXED)
def test_may_have_han_is_a_character_from_the_first_cjk_block_on(text: str) -> None:
    assert script_variant._may_have_han(text) == (text != "" and max(text) >= "\u2e80")


def _plainly_han_by_table(text: str) -> bool:
    scripts._HAN_FIRST.taken = 0  # by the table, however many texts came before
    return scripts.plainly_han(text)


def test_plainly_han_by_table_on_every_character() -> None:
    """The table's verdict on each character is the class's."""
    outside = scripts._outside_plain_han()
    below = every_character()[:0x10000].translate(scripts._plain_han_table())
    assert [i for i, mark in enumerate(below) if mark == "\1"] == [
        ord(char) for char in outside.findall(every_character()[:0x10000])
    ]
    assert set(below) == {"\0", "\1"}
    for code in (0x10000, 0x1FFFF, 0x20000, 0x2A6D6, 0x3CFFF, 0x3D000, 0x10FFFF):
        assert _plainly_han_by_table(chr(code)) == (outside.search(chr(code)) is None), hex(code)


@pytest.mark.parametrize("judged", [0, scripts._HAN_FIRST.count])
@given(text=MIXED)
@example(text="\u4e2d\x00\x01\U00020000")
@example(text="\u4e2d\U0001f3ac")
def test_plainly_han_by_the_table_and_by_the_class(judged: int, text: str) -> None:
    scripts._HAN_FIRST.taken = judged
    assert scripts.plainly_han(text) == (scripts._outside_plain_han().search(text) is None)


#: Scripts of the languages a film is commonly translated to, with Latin allowed.
ALLOWED = [
    frozenset({scripts.LATIN}),
    frozenset({scripts.LATIN, scripts.HAN}),
    frozenset({scripts.LATIN, scripts.HAN, "Bopo"}),
    frozenset({scripts.LATIN, scripts.HAN, "Hira", "Kana"}),
    frozenset({scripts.LATIN, "Hang", scripts.HAN}),
    frozenset({scripts.LATIN, "Cyrl"}),
]


@pytest.mark.parametrize("allowed", ALLOWED)
def test_foreign_text_is_the_punctuation_or_a_character_of_no_allowed_script(
    allowed: frozenset[str],
) -> None:
    """One class in place of "the punctuation, or none of the scripts": the same characters."""
    import regex

    scripts_allowed = "".join(rf"\p{{sc={code}}}" for code in sorted(allowed | scripts.NEUTRAL))
    either = regex.compile(f"[{scripts.CJK_PUNCTUATION}]|[^{scripts_allowed}]")
    pattern = scripts.foreign_text(allowed, True)
    assert pattern.findall(every_character()) == either.findall(every_character())


@given(MIXED)
def test_plainly_latin_text_has_nothing_foreign_in_any_file(text: str) -> None:
    if scripts.plainly_latin(text):
        for allowed in ALLOWED:
            for punctuation in (True, False):
                assert scripts.foreign_text(allowed, punctuation).search(text) is None


LOCALES = {"default": "zh-Hans", "suffixes": {"en": "en", "ja": "ja", "tw": "zh-Hant"}}


@given(st.lists(VALUES.filter(lambda text: text.strip() != ""), min_size=1, max_size=6))
def test_untranslated_text_reports_each_value_a_search_of_it_finds(items: list[str]) -> None:
    """The values are searched as one text first: each value with a foreign character, and
    only those, is still reported, as a search of that value alone finds."""
    config = parse_config({"locale": LOCALES}, None)
    yaml = "genre:\n" + "".join(f"  - {json.dumps(item, ensure_ascii=False)}\n" for item in items)
    for path, locale in (("a-en.md", "en"), ("a.md", "zh-Hans"), ("a-ja.md", "ja")):
        written = scripts.locale_scripts(locale)
        assert written is not None
        pattern = scripts.foreign_text(written | {scripts.LATIN}, not written & scripts.CJK)
        expected = [9 + index for index, item in enumerate(items) if pattern.search(item)]
        found = lint(film(yaml), path, config=config, select=["untranslated-text"])
        assert [d.line for d in found] == expected


@given(st.lists(VALUES.filter(lambda text: text.strip() != ""), min_size=1, max_size=6))
def test_script_variant_reports_each_value_its_own_judging_finds(items: list[str]) -> None:
    """The values are judged as one text first: each value with a wrong form, and only
    those, is still reported."""
    config = parse_config({"locale": LOCALES}, None)
    yaml = "genre:\n" + "".join(f"  - {json.dumps(item, ensure_ascii=False)}\n" for item in items)
    variants: list[tuple[str, han_variants.Variant]] = [
        ("a-tw.md", "Hant"),
        ("a.md", "Hans"),
        ("a-ja.md", "Jpan"),
    ]
    for path, variant in variants:
        expected = [
            9 + i for i, item in enumerate(items) if han_variants.wrong_forms(item, variant)
        ]
        found = lint(film(yaml), path, config=config, select=["script-variant"])
        assert [d.line for d in found] == expected


#: Markdown: prose, and what is skipped (often the first mark of its line, or of the whole
#: body) or its pieces, on lines ended by every kind of line break.
PROSE = st.lists(st.sampled_from([*HANS_ONLY[:50], "A", "zé", " ", "  ", ".", "，", "。", ":"]))
CONSTRUCT = st.sampled_from(
    [
        *("```", "   ```py", "~~~", "  ~~~~", "`code`", "``a`b``", "<!-- note -->", "<!--"),
        *("<https://例子.com/a>", "[链接](https://example.com/電影 'title')", "](", "]: "),
        *("https://example.com/a", "ftp+x.y://h", "a.b-c://x", "www.example.com", "x:"),
        *("[ref]: https://example.com", "   [ref]: /a", "[", "]", "<", "`", "://", "www."),
        *("\\`", "\\\\`", "\\", "\\``", "``"),
    ]
)
LINE = st.lists(st.one_of(PROSE.map("".join), CONSTRUCT, PIECES), max_size=4).map("".join)
BREAK = st.sampled_from(["\n", "\r", "\r\n", "\n\n", "\r\n  \r\n", "\n   "])
MARKDOWN = st.lists(st.tuples(LINE, BREAK), max_size=8).map(
    lambda lines: "".join(line + end for line, end in lines)
)


@given(MARKDOWN)
@example("一部 www.example.com 电影")
@example("一部\n   ```\n代码\n```")
@example("一部 http://example.com/电影")
@example("一部\r\n  [ref]: /电影")
@example("一部 <!-- 代码")
@example("一部 [链接](/电影)")
@example("一部 `代码`")
@example("一部 \\\\`代码`")
@example("一部\n ~~~\n代码")
def test_skipped_spans_are_those_of_the_pattern_tried_from_the_start(body: str) -> None:
    """Searched from the line of the first mark, the scheme of a URL taken whole, the closing
    run of a code span looked up: the spans of the pattern tried at every character, with a
    scheme read back letter by letter and a code span's closer searched by the engine."""
    assert markdown.skipped_spans(body) == [m.span() for m in _everywhere(body).finditer(body)]


#: A code span whole, its closing run searched by the engine from each opener: the reference
#: for the opener ``markdown._skipped()`` matches and the closer ``skipped_spans`` looks up.
WHOLE_CODE_SPAN = (
    r"(?P<ticks>`*)(?!`)"
    r"(?:(?!(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r|\n)).)+?(?<!`)`(?P=ticks)(?!`)"
)


def _everywhere(body: str) -> re.Pattern[str]:
    pattern = markdown._skipped("\r" in body)
    source = pattern.pattern.replace("*+://", "*://")
    assert source.count(r"(?P<ticks>`*)(?!`)") == 1
    return re.compile(source.replace(r"(?P<ticks>`*)(?!`)", WHOLE_CODE_SPAN), pattern.flags)


#: Bodies of prose in several scripts among what is skipped.
FOREIGN_MARKDOWN = st.lists(
    st.tuples(st.lists(st.one_of(LINE, PIECES), max_size=3).map("".join), BREAK), max_size=8
).map(lambda lines: "".join(line + end for line, end in lines))


@given(FOREIGN_MARKDOWN)
def test_untranslated_text_reports_in_the_body_what_each_paragraph_holds(body: str) -> None:
    """Skipped spans searched from the first mark, paragraphs before the first foreign
    character passed over: each paragraph's first foreign character outside the spans found
    by the pattern tried at every character, and only those."""
    from filmlint.frontmatter.parser import parse_document
    from filmlint.rules import untranslated_text

    options = {name: option.default for name, option in untranslated_text.OPTIONS.items()}
    for locale in ("en", "zh-Hans", "ja", "ru"):
        document, _ = parse_document(film() + body, "a.md")
        document.locale = locale
        text = document.text[document.body_start :]
        written = scripts.locale_scripts(locale)
        assert written is not None
        pattern = scripts.foreign_text(written | {scripts.LATIN}, not written & scripts.CJK)
        skips = markdown.Skips(match.span() for match in _everywhere(text).finditer(text))
        expected = [
            found
            for start, end in markdown.paragraphs(text)
            if (found := skips.first_outside(pattern, text, start, end)) is not None
        ]
        problems = untranslated_text.check(document, options)
        assert [p.part[0] for p in problems if p.part is not None] == expected


_HAN_TEXTS = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    | st.sampled_from("臺灣香港國語滑鼠軟體 \n-·"),
    max_size=12,
)


@given(st.lists(_HAN_TEXTS, max_size=8))
@example(["滑鼠", "台灣", "新西蘭", "朝鮮"])  # phrases that a profile may rewrite
@example(["a\nb", "臺"])  # a text holding a line break
def test_each_text_is_simplified_together_as_it_is_alone(texts: list[str]) -> None:
    assert han_variants.simplified_each(texts) == [han_variants.simplified(t) for t in texts]
