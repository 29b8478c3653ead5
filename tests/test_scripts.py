"""Scripts of languages and characters, Chinese forms, and the prose of a Markdown body."""

# Full-width and look-alike characters are what these tests are about.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from filmlint.rulekit import han_variants, markdown, scripts


@pytest.mark.parametrize(
    ("tag", "written", "region", "unicode"),
    [
        ("en", "Latn", "US", {"Latn"}),
        ("fr", "Latn", "FR", {"Latn"}),
        ("ja", "Jpan", "JP", {"Hani", "Hira", "Kana"}),
        ("ko", "Kore", "KR", {"Hang", "Hani"}),
        ("zh", "Hans", "CN", {"Hani"}),
        ("zh-Hans", "Hans", "CN", {"Hani"}),
        ("zh-CN", "Hans", "CN", {"Hani"}),
        ("zh-SG", "Hans", "SG", {"Hani"}),
        ("zh-TW", "Hant", "TW", {"Hani", "Bopo"}),
        ("zh-Hant", "Hant", "TW", {"Hani", "Bopo"}),
        ("zh-HK", "Hant", "HK", {"Hani", "Bopo"}),
        ("zh-MO", "Hant", "MO", {"Hani", "Bopo"}),
        ("yue", "Hant", "HK", {"Hani", "Bopo"}),
        ("ru", "Cyrl", "RU", {"Cyrl"}),
        ("sr-Latn", "Latn", "RS", {"Latn"}),
        ("ar", "Arab", "EG", {"Arab"}),
        ("ja-Latn", "Latn", "JP", {"Latn"}),  # a script subtag wins
        ("tlh-Latn", "Latn", None, {"Latn"}),  # no likely subtags, but a script given
    ],
)
def test_scripts_of_a_language(
    tag: str, written: str, region: str | None, unicode: set[str]
) -> None:
    assert scripts.written_script(tag) == written
    assert scripts.written_region(tag) == region
    assert scripts.locale_scripts(tag) == unicode


@pytest.mark.parametrize("tag", ["tlh", "x-private", "und", "qaa", "zh-"])
def test_languages_without_a_known_script_are_not_guessed(tag: str) -> None:
    # langcodes would say Latin (from "und"): these rules must then say nothing
    assert scripts.locale_scripts(tag) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Jpan", {"Hani", "Hira", "Kana"}),  # "alias for Han + Hiragana + Katakana"
        ("Kore", {"Hang", "Hani"}),
        ("Hrkt", {"Hira", "Kana"}),
        ("Hanb", {"Hani", "Bopo"}),
        ("Jamo", {"Hang"}),  # "alias for Jamo subset of Hangul"
        ("Hans", {"Hani"}),  # "Han (Simplified variant)"
        ("Latf", {"Latn"}),  # "Latin (Fraktur variant)"
        ("Aran", {"Arab"}),
        ("Zmth", set()),  # mathematical notation: no letters of a language
        ("Qaaa", set()),  # private use
        ("Nope", set()),
    ],
)
def test_compound_scripts_expand_as_the_registry_says(code: str, expected: set[str]) -> None:
    assert scripts.unicode_scripts(code) == expected


@pytest.mark.parametrize(
    ("char", "code", "name"),
    [
        ("中", "Hani", "Han"),
        ("𠀀", "Hani", "Han"),  # CJK extension B: outside the usual \u4e00-\u9fa5
        ("々", "Hani", "Han"),
        ("あ", "Hira", "Hiragana"),
        ("ア", "Kana", "Katakana"),
        ("ｱ", "Kana", "Katakana"),  # half-width
        ("한", "Hang", "Hangul"),
        ("ㄅ", "Bopo", "Bopomofo"),
        ("ж", "Cyrl", "Cyrillic"),
        ("α", "Grek", "Greek"),
        ("ش", "Arab", "Arabic"),
        ("é", "Latn", "Latin"),
        ("Ａ", "Latn", "Latin"),  # full-width
        ("ー", "Zyyy", None),  # the long vowel mark is Common
        ("。", "Zyyy", None),
        ("·", "Zyyy", None),
        ("7", "Zyyy", None),
        ("\u0301", "Zinh", None),
        ("\ue000", "Zzzz", None),
    ],
)
def test_script_of_a_character(char: str, code: str, name: str | None) -> None:
    assert scripts.script_of(char) == code
    if name is not None:
        assert scripts.script_name(code) == name


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("en", "an English (en) file"),
        ("fr", "a French (fr) file"),
        ("zh-Hant", "a Chinese (zh-Hant) file"),
        ("ja", "a Japanese (ja) file"),
        ("ur", "an Urdu (ur) file"),
        ("uk", "a Ukrainian (uk) file"),
        ("x-private", "a x-private (x-private) file"),
    ],
)
def test_file_label(tag: str, label: str) -> None:
    assert scripts.file_of(tag) == label


@pytest.mark.parametrize(
    ("allowed", "punctuation", "text", "found"),
    [
        ({"Latn"}, True, "Douban 豆瓣", 7),
        ({"Latn"}, True, "Done。", 4),
        ({"Latn"}, True, "Done，next", 4),
        ({"Latn"}, True, "Done\u3000next", 4),  # the ideographic space
        ({"Latn"}, False, "Done。", None),
        ({"Latn"}, True, "café — “quoted” 1979… ½ ©", None),
        ({"Latn"}, True, "Ｆｕｌｌ", None),  # full-width letters are Latin
        ({"Hani"}, False, "异形 Alien", 3),
        ({"Hani", "Latn"}, False, "异形 Alien，ホラー", 9),
        ({"Hani", "Hira", "Kana"}, False, "ホラー映画、한국", 6),
    ],
)
def test_foreign_text(allowed: set[str], punctuation: bool, text: str, found: int | None) -> None:
    match = scripts.foreign_text(frozenset(allowed), punctuation).search(text)
    assert (match.start() if match else None) == found


@pytest.mark.parametrize(
    ("variant", "text", "wrong"),
    [
        ("Hant", "美国", [1]),
        ("Hant", "美國", []),
        ("Hant", "一百二十分钟", [5]),
        ("Hant", "这部电影", [0, 2]),
        ("Hant", "皇后、公里、了解、控制", []),  # forms both scripts write
        ("Hant", "台灣、着想、秘密、群眾", []),  # forms of Taiwan or Hong Kong
        ("Hant", "Alien (1979)", []),
        ("Hans", "美国", []),
        ("Hans", "以後", [1]),
        ("Hans", "萨繆爾", [1, 2]),
        ("Hans", "著名、乾隆、皇后", []),  # forms both scripts write
        ("Jpan", "这部映画", [0]),
        ("Jpan", "国語、学校、写真、気", []),  # Japanese writes these forms too
        ("Jpan", "邊", []),  # an old form, but Japanese (JIS X 0213)
        ("Jpan", "边境", [0]),
        ("Jpan", "ひらがな、カタカナ", []),
    ],
)
def test_wrong_forms(variant: han_variants.Variant, text: str, wrong: list[int]) -> None:
    assert han_variants.wrong_forms(text, variant) == wrong


@pytest.mark.parametrize(
    ("variant", "region", "text", "expected"),
    [
        ("Hant", None, "一百二十分钟", "一百二十分鐘"),  # the phrase picks 鐘, not 鍾
        ("Hant", "TW", "台湾", "臺灣"),
        ("Hant", "HK", "台湾", "台灣"),
        ("Hans", None, "以後的頭髮", "以后的头发"),
        ("Jpan", None, "这边", "這辺"),
    ],
)
def test_expected_forms(
    variant: han_variants.Variant, region: str | None, text: str, expected: str
) -> None:
    assert han_variants.expected_forms(text, variant, region) == expected


def _forms() -> tuple[frozenset[str], frozenset[str]]:
    from zhon import cedict

    return frozenset(cedict.simplified), frozenset(cedict.traditional)


SIMPLIFIED, TRADITIONAL = _forms()
SHARED = sorted(SIMPLIFIED & TRADITIONAL)


@functools.cache
def _simplified_only() -> list[str]:
    # Judged when the test that draws them first runs, not when each worker collects.
    return sorted(c for c in SIMPLIFIED - TRADITIONAL if han_variants.wrong_forms(c, "Hant") == [0])


@settings(deadline=None)  # the first example loads the tables
@given(st.text(st.sampled_from(SHARED), max_size=30))
def test_characters_both_scripts_write_are_never_wrong(text: str) -> None:
    for variant in ("Hans", "Hant"):
        assert han_variants.wrong_forms(text, variant) == []


@settings(deadline=None)  # the first example loads the tables
@given(
    st.text(st.sampled_from(SHARED), max_size=20),
    st.deferred(lambda: st.sampled_from(_simplified_only())),
    st.text(st.sampled_from(SHARED), max_size=20),
)
def test_a_simplified_only_character_is_found_where_it_is(
    before: str, wrong: str, after: str
) -> None:
    text = before + wrong + after
    assert han_variants.wrong_forms(text, "Hant") == [len(before)]
    fixed = han_variants.expected_forms(text, "Hant", None)
    assert len(fixed) == len(text) and fixed[len(before)] != wrong
    assert han_variants.wrong_forms(fixed, "Hant") == []


@pytest.mark.parametrize("profile", ["s2t", "s2tw", "s2hk"])
def test_converted_corpus_is_right_in_every_traditional_file(corpus: Path, profile: str) -> None:
    """Generated input: every Chinese file of the corpus, converted as each region writes."""
    convert = han_variants._converter(profile)
    wrong = {}
    for path in sorted(corpus.glob("*.md")):
        if not path.stem.endswith("-en"):
            text = convert(path.read_text(encoding="utf-8"))
            found = han_variants.wrong_forms(text, "Hant")
            if found:
                wrong[path.name] = "".join(text[i] for i in found)
    assert wrong == {}


@pytest.mark.parametrize(
    ("body", "paragraphs"),
    [
        ("One.\n\nTwo.\n", ["One.", "Two."]),
        ("One\nstill one.\n \t\nTwo.", ["One\nstill one.", "Two."]),
        ("One.\r\n\r\nTwo.\r\n", ["One.", "Two."]),
        ("\n\nOne.", ["One."]),
        ("", []),
        ("## Plot\nThe crew.\nStill.", ["## Plot", "The crew.\nStill."]),
        ("Text.\n# Heading\nMore.", ["Text.", "# Heading", "More."]),
        ("#hashtag\nstill one.", ["#hashtag\nstill one."]),
        ("Title\n=====\nText.", ["Title", "=====", "Text."]),
        ("Title\r---\rText.", ["Title", "---", "Text."]),
        ("Text.\n***\nMore.", ["Text.", "***", "More."]),
        ("- One\n- Two\n  still two.\n* Three", ["- One", "- Two\n  still two.", "* Three"]),
        ("Items:\n1. One\n2) Two", ["Items:", "1. One", "2) Two"]),
        ("-1 and\n+3 or 2.5.", ["-1 and\n+3 or 2.5."]),
        ("Said:\n> One\n> still one.\nLazy.", ["Said:", "> One\n> still one.\nLazy."]),
        ("    # indented code\nText.", ["    # indented code\nText."]),
    ],
    ids=[
        "blank line",
        "blank line of spaces",
        "CRLF",
        "leading blank lines",
        "empty",
        "heading then text",
        "heading inside text",
        "no heading without a space",
        "setext heading",
        "setext heading, lone CR",
        "thematic break",
        "tight list",
        "ordered list",
        "no list marker",
        "block quote",
        "indented code",
    ],
)
def test_paragraphs(body: str, paragraphs: list[str]) -> None:
    assert [body[start:end] for start, end in markdown.paragraphs(body)] == paragraphs


@pytest.mark.parametrize(
    ("body", "skipped"),
    [
        ("a `code` b", ["`code`"]),
        ("a ``co`de`` b", ["``co`de``"]),
        ("a `open\n\nb`", []),  # a code span does not cross a blank line
        ("```\ncode\n\nmore\n```\nafter", ["```\ncode\n\nmore\n```"]),
        ("~~~ python\r\ncode\r\n~~~\r\nafter", ["~~~ python\r\ncode\r\n~~~"]),
        ("~~~\r豆瓣\r~~~\rafter", ["~~~\r豆瓣\r~~~"]),  # lone CRs end lines too
        ("```\nnever closed\n\nat all", ["```\nnever closed\n\nat all"]),
        ("a <!-- note\n\nhere --> b", ["<!-- note\n\nhere -->"]),
        ("see https://a.example/路径?q=1 now", ["https://a.example/路径?q=1"]),
        ("see <https://a.example/x> now", ["<https://a.example/x>"]),
        ("[text](https://a.example/(x)) b", ["](https://a.example/(x))"]),
        ('![alt](/p.jpg "title") b', ['](/p.jpg "title")']),
        ("[1]: https://a.example/x\nb", ["[1]: https://a.example/x"]),
        ("a\r[1]: /x '标题'\rb", ["[1]: /x '标题'"]),
    ],
)
def test_skipped_spans(body: str, skipped: list[str]) -> None:
    spans = markdown.skipped_spans(body)
    assert [body[start:end] for start, end in spans if start < end] == skipped


@pytest.mark.parametrize(
    ("body", "skipped"),
    [
        ("The label \\`豆瓣\\` was left.", []),  # escaped backticks are text
        ("\\`not code`", []),
        ("a \\`x` b` c", ["` b`"]),  # the backtick after the escaped one opens a span
        ("\\\\`code` b", ["\\\\`code`"]),  # an escaped backslash, then a code span
        ("\\\\\\`not code` b", []),  # three backslashes: the last escapes the backtick
        ("\\``code` b", ["\\``code`"]),  # the rest of an escaped backtick's run opens one
        ("\\```a``` b", []),  # ... a run of two, which a run of three does not close
        ("``\\\\`code`", ["\\\\`code`"]),  # after a run that opens nothing
        ("``not code` b", []),  # a run opens whole, never from its last backticks
        ("`a``b` c", ["`a``b`"]),  # nor closes from them
        ("`a\\` b", ["`a\\`"]),  # in a code span a backslash is text
    ],
)
def test_code_spans_as_commonmark_reads_them(body: str, skipped: list[str]) -> None:
    assert [body[start:end] for start, end in markdown.skipped_spans(body)] == skipped


#: A line of Markdown, without its line break: prose with code spans (escaped or not), link
#: targets, URLs, comments and their pieces; a fence, indented or not; a link reference
#: definition; a blank line.
MARKDOWN_LINE = st.one_of(
    st.lists(
        st.sampled_from(
            [
                *("豆瓣", "text", " ", "`", "``", "\\", "\\`", "`code`", "~", "[", "]:"),
                *("[a](/b 't')", "](", ")", "'", "<https://a.example/x>", "https://a.example/x"),
                *("<!--", "-->"),
            ]
        ),
        max_size=5,
    ).map("".join),
    st.sampled_from(["```", "~~~", "````", "  ``` py", "   ~~~~", "    ```", "~~~ `x`"]),
    st.sampled_from(["[ref]: /a", "  [ref]: https://a.example '标题'", "[ref]:", "    [ref]: /a"]),
    st.sampled_from(["", " ", "\t"]),
)


def _moved(spans: Iterable[tuple[int, int]], body: str, newline: str) -> list[tuple[int, int]]:
    """``spans`` of ``body`` at their places once each LF of ``body`` is ``newline``."""
    extra = len(newline) - 1
    return [
        (start + extra * body.count("\n", 0, start), end + extra * body.count("\n", 0, end))
        for start, end in spans
    ]


@given(st.lists(MARKDOWN_LINE, max_size=10), st.booleans())
@example(["~~~", "豆瓣", "~~~", "after the code 异形"], True)
@example(["a", "[1]: /x '标题'", "b"], False)
def test_lf_crlf_and_a_lone_cr_end_lines_alike(lines: list[str], ended: bool) -> None:
    body = "\n".join(lines) + ("\n" if ended else "")
    for newline in ("\r\n", "\r"):
        other = body.replace("\n", newline)
        paragraphs = markdown.paragraphs(body)
        assert list(markdown.paragraphs(other)) == _moved(paragraphs, body, newline)
        skipped = markdown.skipped_spans(body)
        assert markdown.skipped_spans(other) == _moved(skipped, body, newline)


@settings(deadline=None)  # the first example loads the tables
@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10)), max_size=8),
    st.text(st.sampled_from("ab"), max_size=60),
)
def test_first_outside_is_the_first_match_outside_the_spans(
    spans: list[tuple[int, int]], text: str
) -> None:
    import re

    pairs = [(start, start + length) for start, length in spans]
    skips = markdown.Skips(pairs)
    expected = next(
        (i for i, char in enumerate(text) if char == "b" and not any(s <= i < e for s, e in pairs)),
        None,
    )
    assert skips.first_outside(re.compile("b"), text, 0, len(text)) == expected


def test_occurrences() -> None:
    assert list(markdown.occurrences("孤味 and 孤味", "孤味")) == [(0, 2), (7, 9)]
    assert list(markdown.occurrences("text", "")) == []


def _modules_after_a_run(tmp_path: Path, name: str, text: str, config: str) -> list[bool]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "filmlint.toml").write_text(config, encoding="utf-8")
    code = (
        "import sys, filmlint; from pathlib import Path; "
        f"config = filmlint.load_config(start=Path({str(tmp_path)!r})); "
        f"filmlint.lint_paths([Path({str(tmp_path / name)!r})], config=config); "
        "from filmlint.rulekit.likely_scripts import registry_text; "
        "print([m in sys.modules for m in ('langcodes', 'regex', 'opencc', 'zhon')]"
        " + [registry_text.cache_info().currsize > 0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    return [word == "True" for word in result.stdout.strip("[]\n").split(", ")]


LOCALES = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en", tw = "zh-Hant" }\n'


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
@pytest.mark.parametrize(
    ("name", "text", "loaded"),
    [
        # English in Latin letters and punctuation: neither the locale nor a table is read,
        # nor regex loaded for the curly quotes and dash
        (
            "a-en.md",
            "---\ntitle: Alien\n---\nIt’s a film — “Alien”.\n",
            [False, False, False, False, False],
        ),
        # Chinese in one script only: told by its legacy charset (GB 2312, Big5), neither
        # CC-CEDICT's sets nor the conversion tables; the locale's scripts come from the
        # shipped table, without langcodes; no regex for Han and punctuation alone
        # (``plainly_han``); the IANA registry (715 KB) is read only to name the language
        # of a file with a problem
        ("a.md", "---\ntitle: 异形\n---\n一部电影。\n", [False, False, False, False, False]),
        ("a-tw.md", "---\ntitle: 異形\n---\n一部電影。\n", [False, False, False, False, False]),
        ("a-tw.md", "---\ntitle: 异形\n---\n", [False, False, True, True, True]),
        # kana in a Chinese file: untranslated-text's patterns of scripts, from regex
        ("a.md", "---\ntitle: 异形\n---\nエイリアン。\n", [False, True, False, False, True]),
    ],
)
def test_a_run_loads_what_its_files_need(
    tmp_path: Path, name: str, text: str, loaded: list[bool]
) -> None:
    if not han_variants._charsets_hold():  # another zhon release: no text told by a charset
        han = any("\u4e00" <= char <= "\u9fff" for char in text)
        loaded = [*loaded[:3], loaded[3] or han, loaded[4]]
    assert _modules_after_a_run(tmp_path, name, text, LOCALES) == loaded
