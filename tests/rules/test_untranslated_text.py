"""untranslated-text: text in a script the file's language is not written in."""

# Full-width and look-alike characters are what these tests are about.
# ruff: noqa: RUF001

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import film, lint
from filmlint.engine.settings import parse_config
from filmlint.rulekit import scripts
from filmlint.rules import load_registry
from readme import multilingual_example
from test_rule_docs import example, film_with

LOCALES = {
    "default": "zh-Hans",
    "suffixes": {"en": "en", "fr": "fr", "ja": "ja", "tw": "zh-Hant", "ko": "ko", "ru": "ru"},
}
RULE = ["untranslated-text"]


def found(
    text: str, path: str, options: dict[str, Any] | None = None
) -> list[tuple[int, int, int, str]]:
    table: dict[str, Any] = {"locale": LOCALES}
    if options is not None:
        table["rules"] = {"untranslated-text": options}
    config = parse_config(table, None)
    return [
        (d.line, d.column, d.end_column, d.message)
        for d in lint(text, path, config=config, select=RULE)
    ]


# film() puts the extra YAML on line 8, after the required keys.
@pytest.mark.parametrize(
    ("path", "yaml", "expected"),
    [
        (  # flow style, the corpus's mistake
            "a-en.md",
            'sourceUrl: [{ platform: "豆瓣", url: "https://movie.douban.com/subject/1/" }]',
            [(8, 26, 27, "Han text in an English (en) file: '豆瓣'")],
        ),
        (  # block style, plain scalar
            "a-en.md",
            "sourceUrl:\n  - platform: 豆瓣\n    url: https://movie.douban.com/subject/1/",
            [(9, 15, 16, "Han text in an English (en) file: '豆瓣'")],
        ),
        (  # single-quoted, in the middle of the value
            "a-en.md",
            "genre: ['Drama', 'Horror ホラー']",
            [(8, 26, 27, "Katakana text in an English (en) file: 'ホラー'")],
        ),
        (
            "a-en.md",
            "cast:\n  - Sigourney Weaver\n  - Сигурни Уивер",
            [(10, 5, 6, "Cyrillic text in an English (en) file: 'Сигурни Уивер'")],
        ),
        (  # full-width punctuation is pasted CJK text
            "a-en.md",
            'awards: ["Best Picture。"]',
            [(8, 23, 24, "CJK punctuation in an English (en) file: '。'")],
        ),
        (
            "a-fr.md",
            'genre: ["Science-fiction", "科幻"]',
            [(8, 29, 30, "Han text in a French (fr) file: '科幻'")],
        ),
        (
            "a-ja.md",
            'genre: ["SF", "공포 영화"]',
            [(8, 16, 17, "Hangul text in a Japanese (ja) file: '공포 영화'")],
        ),
        (
            "a.md",
            'genre: ["科幻", "ホラー"]',
            [(8, 16, 17, "Katakana text in a Chinese (zh-Hans) file: 'ホラー'")],
        ),
        (
            "a-ru.md",
            'genre: ["ужасы", "恐怖"]',
            [(8, 19, 20, "Han text in a Russian (ru) file: '恐怖'")],
        ),
        (  # one problem per value, at its first character in another script
            "a-en.md",
            'genre: ["Horror 恐怖 and ホラー"]',
            [(8, 17, 18, "Han text in an English (en) file: '恐怖'")],
        ),
        (  # the excerpt is cut
            "a-en.md",
            'awards: ["奥斯卡最佳视觉效果奖、土星奖最佳科幻电影、土星奖最佳女主角"]',
            [
                (
                    8,
                    11,
                    12,
                    "Han text in an English (en) file: '奥斯卡最佳视觉效果奖、土星奖最佳科幻电影、土星…'",
                )
            ],
        ),
        (  # a value written with escapes: the escape of its first character is the place
            "a-en.md",
            'genre: ["\\u8c46\\u74e3"]',
            [(8, 10, 16, "Han text in an English (en) file: '豆瓣'")],
        ),
        # The file's own scripts, Latin names, and neutral characters are right.
        ("a.md", 'cast: ["Sigourney Weaver", "西格妮·韦弗"]', []),
        ("a.md", 'awards: ["奥斯卡最佳视觉效果奖（1980）"]', []),
        ("a-ja.md", 'genre: ["ホラー", "恐怖映画", "ＳＦ"]', []),
        ("a-tw.md", 'genre: ["ㄎㄜ ㄏㄨㄢˋ", "科幻"]', []),
        ("a-ko.md", 'genre: ["공포", "恐怖"]', []),
        ("a-ru.md", 'genre: ["ужасы", "Horror"]', []),
        ("a-en.md", 'awards: ["Best Picture — 1980 “Oscar” ½ ©"]', []),
        # Fields that are not translated, and the original title, are not judged.
        ("a-en.md", 'originalTitle: "异形"\ncountry: "美国"\ndescriptionEn: "异形"', []),
        ("a-en.md", 'originalTitle: "孤味"\ngenre: ["孤味"]', []),
        (  # the original title inside a value is accepted, the rest is judged
            "a-en.md",
            'originalTitle: "孤味"\nawards: ["孤味 won 大奖"]',
            [(9, 18, 19, "Han text in an English (en) file: '大奖'")],
        ),
    ],
)
def test_values(path: str, yaml: str, expected: list[tuple[int, int, int, str]]) -> None:
    assert found(film(yaml), path) == expected


def test_crlf_positions_are_those_of_lf() -> None:
    yaml = "sourceUrl:\n  - platform: 豆瓣\n    url: https://movie.douban.com/subject/1/"
    text = film(yaml) + "\nIt ends in Chinese.结论。\n"
    assert found(text.replace("\n", "\r\n"), "a-en.md") == found(text, "a-en.md")
    assert [row[:2] for row in found(text, "a-en.md")] == [(9, 15), (14, 20)]


BODY = """\
Para one has `豆瓣` in code, ``双`反引号`` too, and a [link](https://zh.example/豆瓣).

```
代码块

更多代码
```

<!-- 注释 -->
Bare URL https://zh.wikipedia.org/wiki/异形 and <https://zh.example/豆>.

[1]: https://zh.example/参考

A [豆瓣](https://movie.douban.com/) link text is prose.

It ends in Chinese.结论。And again 结论。
"""


def test_body_paragraphs() -> None:
    text = film() + BODY
    # BODY starts on line 10, after film()'s "Body."
    assert found(text, "a-en.md") == [
        (23, 4, 5, "Han text in an English (en) file: '豆瓣'"),
        (25, 20, 21, "Han text in an English (en) file: '结论。'"),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_body_lines_end_at_lf_crlf_or_a_lone_cr(newline: str) -> None:
    # after BODY, a ~~~ block and a reference definition's title: code, not text
    text = film() + BODY + "\n~~~\n豆瓣\n~~~\n[2]: /a '参考'\nafter the code 异形\n"
    assert found(text.replace("\n", newline), "a-en.md") == [
        (23, 4, 5, "Han text in an English (en) file: '豆瓣'"),
        (25, 20, 21, "Han text in an English (en) file: '结论。'"),
        (31, 16, 17, "Han text in an English (en) file: '异形'"),
    ]


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("a.md", "一部电影（Alien）。\n\nRidley Scott 执导。\n", []),
        (
            "a.md",
            "达科斯タ独特的视觉\n",
            [(11, 4, 5, "Katakana text in a Chinese (zh-Hans) file: 'タ'")],
        ),
        ("a-en.md", "The film’s *孤味* (Gu Wei).\n", []),  # the original title
        ("a-en.md", "# 标题\n", [(11, 3, 4, "Han text in an English (en) file: '标题'")]),
        (  # backslash-escaped backticks are text, not a code span
            "a-en.md",
            "The label \\`豆瓣\\` was left.\n",
            [(11, 13, 14, "Han text in an English (en) file: '豆瓣'")],
        ),
        ("a-en.md", "The label \\\\`豆瓣` is code.\n", []),  # an escaped backslash
        (  # a heading, the paragraph after it and each list item: a report each
            "a-en.md",
            "## 剧情\nThe crew of the 诺斯特罗莫号.\n- A: 雷德利\n- B: 丹\n",
            [
                (11, 4, 5, "Han text in an English (en) file: '剧情'"),
                (12, 17, 18, "Han text in an English (en) file: '诺斯特罗莫号'"),
                (13, 6, 7, "Han text in an English (en) file: '雷德利'"),
                (14, 6, 7, "Han text in an English (en) file: '丹'"),
            ],
        ),
        (  # a footnote's text is prose, not a link reference definition
            "a-en.md",
            "[^1]: 美国上映日期。\n",
            [(11, 7, 8, "Han text in an English (en) file: '美国上映日期。'")],
        ),
    ],
)
def test_body_cases(path: str, body: str, expected: list[tuple[int, int, int, str]]) -> None:
    # line 8: the original title; 10: film()'s body "Body."; 11: ``body``
    assert found(film('originalTitle: "孤味"') + body, path) == expected


@pytest.mark.parametrize(
    ("options", "path", "yaml", "body", "count"),
    [
        ({"body": False}, "a-en.md", "", "结论。\n", 0),
        ({"cjk-punctuation": False}, "a-en.md", 'awards: ["Best Picture。"]', "", 0),
        ({"fields": ["genre"]}, "a-en.md", 'awards: ["大奖"]\ngenre: ["恐怖"]', "", 1),
        ({"original-title": "titleEn"}, "a-en.md", 'titleEn: "孤味"\ngenre: ["孤味"]', "", 0),
        ({"original-title": "titleEn"}, "a-en.md", 'originalTitle: "孤味"\ngenre: ["孤味"]', "", 1),
    ],
)
def test_options(options: dict[str, Any], path: str, yaml: str, body: str, count: int) -> None:
    assert len(found(film(yaml) + body, path, options)) == count


def test_latin_may_be_refused() -> None:
    text = film('cast: ["Sigourney Weaver", "西格妮·韦弗"]')
    rows = found(text, "a.md", {"allow-latin": False})
    assert (8, 9, 10, "Latin text in a Chinese (zh-Hans) file: 'Sigourney Weaver'") in rows
    assert (10, 1, 2, "Latin text in a Chinese (zh-Hans) file: 'Body'") in rows


@pytest.mark.parametrize("locale", [None, "tlh", "x-private"])
def test_files_of_no_known_language_are_not_checked(locale: str | None) -> None:
    table: dict[str, Any] = {} if locale is None else {"locale": {"default": locale}}
    text = film('genre: ["恐怖", "ホラー", "ужасы"]') + "结论。\n"
    assert lint(text, "a.md", config=parse_config(table, None), select=RULE) == []


FOREIGN = "豆瓣ホラひら한국ЖжΩשا𠀀"
#: Latin letters and neutral characters; no quote, so a single-quoted value is verbatim.
LATIN = st.text(st.sampled_from("abcXYZ éü,.;:!?()-—“”’…0129 ー"), max_size=30)


@settings(deadline=None)  # the first example loads the tables
@given(LATIN, st.sampled_from(FOREIGN), LATIN)
def test_the_first_foreign_character_is_the_place(before: str, char: str, after: str) -> None:
    value = before + char + after
    text = film(f"genre: ['{value}']")
    ((line, column, end, message),) = found(text, "a-en.md")
    assert (line, column, end) == (8, 10 + len(before), 11 + len(before))
    assert message.startswith(f"{scripts.script_name(scripts.script_of(char))} text in ")


@settings(deadline=None)  # the first example loads the tables
@given(LATIN, st.text(st.sampled_from(FOREIGN + "，。"), min_size=1, max_size=10), LATIN)
def test_text_in_code_spans_and_urls_is_never_reported(before: str, code: str, after: str) -> None:
    # full-width punctuation ends a bare URL: only letters in its path
    path = code.replace("，", "").replace("。", "")
    body = f"{before} `{code}` https://a.example/{path} [x](/{code}) {after}\n"
    if "`" in before + after:
        return  # a stray backtick makes another code span
    assert found(film() + body, "a-en.md") == []


def test_corpus(corpus: Path) -> None:
    """The real corpus with the README's configuration: every finding checked by hand."""
    config = parse_config(multilingual_example(), None)
    diagnostics = filmlint.lint_paths([corpus], config=config, select=RULE)
    rows = {(Path(d.path).name, d.line, d.message) for d in diagnostics}
    expected = {
        # the platform label left untranslated
        ("anatomy-of-a-fall-2023-en.md", 21, "Han text in an English (en) file: '豆瓣'"),
        ("little-big-women-2020-en.md", 21, "Han text in an English (en) file: '豆瓣'"),
        ("mulan-1998-en.md", 21, "Han text in an English (en) file: '豆瓣'"),
        ("skater-girl-2021-en.md", 21, "Han text in an English (en) file: '豆瓣'"),
        # Chinese left at the end of an English body, or inside a sentence
        ("the-woman-king-2022-en.md", 29, "Han text in an English (en) file: '结论。'"),
        ("thelma-and-louise-en.md", 29, "Han text in an English (en) file: '结论。'"),
        ("wadjda-2012-en.md", 29, "Han text in an English (en) file: '结论。'"),
        ("wendy-and-lucy-2008-en.md", 29, "Han text in an English (en) file: '结论。'"),
        ("whale-rider-2002-en.md", 29, "Han text in an English (en) file: '结论。'"),
        ("the-witch-2015-en.md", 29, "Han text in an English (en) file: '基进'"),
        # "the 주인공 (protagonist)": Korean for the Chinese original's 主人公
        (
            "the-diary-of-a-teenage-girl-2015-en.md",
            31,
            "Hangul text in an English (en) file: '주인공'",
        ),
        # "达科斯タ" for 达科斯塔 (DaCosta): a katakana タ in Chinese
        ("the-marvels-2023.md", 29, "Katakana text in a Chinese (zh-Hans) file: 'タ'"),
    }
    known = {name for name, _, _ in expected}
    assert {row for row in rows if row[0] in known} == expected
    # the original title quoted in English text is not reported
    assert not any(name == "little-big-women-2020-en.md" and line > 21 for name, line, _ in rows)


def test_docs_examples() -> None:
    doc = load_registry()["untranslated-text"].doc
    assert [row[3][:8] for row in found(film_with(example(doc, "Bad")), "film-en.md")] == [
        "Han text"
    ]
    assert found(film_with(example(doc, "Good")), "film-en.md") == []
