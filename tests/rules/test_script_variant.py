"""script-variant: Simplified forms in Traditional text, Traditional in Simplified, Chinese in Japanese."""

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
from filmlint.rules import load_registry
from fixing import apply_fix
from readme import multilingual_example
from test_rule_docs import example, film_with

LOCALES = {
    "default": "zh-Hans",
    "suffixes": {"tw": "zh-TW", "hk": "zh-HK", "hant": "zh-Hant", "ja": "ja", "en": "en"},
}
RULE = ["script-variant"]


def diagnostics(text: str, path: str, options: dict[str, Any] | None = None) -> list[Any]:
    table: dict[str, Any] = {"locale": LOCALES}
    if options is not None:
        table["rules"] = {"script-variant": options}
    return lint(text, path, config=parse_config(table, None), select=RULE)


def found(text: str, path: str) -> list[tuple[int, int, int, str]]:
    return [(d.line, d.column, d.end_column, d.message) for d in diagnostics(text, path)]


# film() puts the extra YAML on line 8.
@pytest.mark.parametrize(
    ("path", "yaml", "expected", "fixed"),
    [
        (
            "a-hant.md",
            'country: "美国"',
            (8, 12, "Simplified Chinese form '国' in a Chinese (zh-Hant) file: write '國'"),
            'country: "美國"',
        ),
        (  # the phrase picks the form: 分鐘, not 分鍾
            "a-hant.md",
            "duration: 117分钟\ngenre: [剧情]",
            (9, 9, "Simplified Chinese form '剧' in a Chinese (zh-Hant) file: write '劇'"),
            "duration: 117分钟\ngenre: [劇情]",
        ),
        (  # several in one value: one problem, one fix for all
            "a-tw.md",
            "cast:\n  - '西格妮·韦弗'\n  - Tom Skerritt",
            (9, 10, "Simplified Chinese form '韦' in a Chinese (zh-TW) file: write '韋'"),
            "cast:\n  - '西格妮·韋弗'\n  - Tom Skerritt",
        ),
        (  # Taiwan's forms for the fix (爲 is OpenCC's standard form)
            "a-tw.md",
            'awards: ["为了"]',
            (8, 11, "Simplified Chinese form '为' in a Chinese (zh-TW) file: write '為'"),
            'awards: ["為了"]',
        ),
        (  # Hong Kong's forms for the fix
            "a-hk.md",
            'genre: ["台湾电影"]',
            (
                8,
                11,
                "Simplified Chinese form '湾' in a Chinese (zh-HK) file: write '灣' (and 1 more)",
            ),
            'genre: ["台灣電影"]',
        ),
        (
            "a.md",
            'awards: ["奥斯卡最佳視覺效果獎"]',
            (
                8,
                16,
                "Traditional Chinese form '視' in a Chinese (zh-Hans) file: write '视' (and 2 more)",
            ),
            'awards: ["奥斯卡最佳视觉效果奖"]',
        ),
        (
            "a-ja.md",
            'genre: ["这部映画"]',
            (8, 10, "Chinese form '这' in a Japanese (ja) file: write '這'"),
            'genre: ["這部映画"]',
        ),
        (  # Japanese forms (t2jp) for the fix
            "a-ja.md",
            "genre: [边境, 恐怖]",
            (8, 9, "Chinese form '边' in a Japanese (ja) file: write '辺'"),
            "genre: [辺境, 恐怖]",
        ),
        (  # a value with escapes is reported at its escape, without a fix
            "a-hant.md",
            'country: "\\u7f8e\\u56fd"',
            (8, 17, "Simplified Chinese form '国' in a Chinese (zh-Hant) file: write '國'"),
            None,
        ),
    ],
)
def test_values(path: str, yaml: str, expected: tuple[int, int, str], fixed: str | None) -> None:
    text = film(yaml)
    (diagnostic,) = diagnostics(text, path)
    assert (diagnostic.line, diagnostic.column, diagnostic.message) == expected
    assert (diagnostic.rule, diagnostic.code) == ("script-variant", "FL403")
    if fixed is None:
        assert diagnostic.fix is None
    else:
        assert diagnostic.fix is not None and diagnostic.fix.applicability == "unsafe"
        result = apply_fix(text, diagnostic.fix)
        assert result == film(fixed)
        assert found(result, path) == []


@pytest.mark.parametrize(
    ("path", "yaml"),
    [
        ("a-hant.md", 'genre: ["科幻", "恐怖"]\ncountry: "美國/英國"'),
        ("a-tw.md", 'genre: ["台灣", "著名", "秘密", "群眾"]'),  # Taiwan's forms
        ("a-tw.md", 'genre: ["着想", "羣"]'),  # Hong Kong's forms: any Traditional region's
        ("a-hant.md", 'awards: ["皇后", "公里", "了解", "控制"]'),  # forms both scripts write
        ("a.md", 'awards: ["著名", "乾隆", "皇后", "美国"]'),
        ("a-ja.md", 'genre: ["国語", "学校", "写真", "邊"]'),  # JIS X 0213 forms
        ("a-en.md", 'genre: ["剧情", "劇情"]'),  # no Han script in English: untranslated-text's
        ("a-hant.md", "originalTitle: 异形"),  # not a translated field
    ],
)
def test_right_forms(path: str, yaml: str) -> None:
    assert found(film(yaml), path) == []


def test_crlf_and_block_scalars() -> None:
    text = film("genre:\n  - |\n    一部电影。\n    美国。\n")
    rows = found(text, "a-hant.md")
    assert rows == found(text.replace("\n", "\r\n"), "a-hant.md")
    # reported at the first wrong character, on the block scalar's first line
    assert rows == [
        (
            10,
            7,
            8,
            "Simplified Chinese form '电' in a Chinese (zh-Hant) file: write '電' (and 1 more)",
        )
    ]
    (diagnostic,) = diagnostics(text, "a-hant.md")
    assert diagnostic.fix is None  # a block scalar is not rewritten


BODY = """\
一部美國電影，`代码`不算，[链接](https://example.com/电影)的目标也不算。

```
代码块
```

这部电影是[美国](https://example.com/)的。
"""


def test_body_paragraphs_are_reported_without_a_fix() -> None:
    text = film() + BODY  # BODY starts on line 10
    rows = diagnostics(text, "a-tw.md")
    assert [(d.line, d.column, d.message) for d in rows] == [
        (10, 16, "Simplified Chinese form '链' in a Chinese (zh-TW) file: write '鏈' (and 1 more)"),
        (16, 1, "Simplified Chinese form '这' in a Chinese (zh-TW) file: write '這' (and 2 more)"),
    ]
    assert all(d.fix is None for d in rows)
    assert diagnostics(text, "a-tw.md", {"body": False}) == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_body_lines_end_at_lf_crlf_or_a_lone_cr(newline: str) -> None:
    # after BODY, a ~~~ block and a reference definition's title: code, not text
    text = film() + BODY + "\n~~~\n这\n~~~\n[2]: /a '这'\n這部電影说\n"
    assert found(text.replace("\n", newline), "a-tw.md")[2:] == [
        (22, 5, 6, "Simplified Chinese form '说' in a Chinese (zh-TW) file: write '說'")
    ]


def test_body_escaped_backticks_open_no_code_span() -> None:
    # on line 10: the first 这 is between escaped backticks, the second in a code span
    text = film() + "標籤\\`这\\`不是代碼，\\\\`这`是。\n"
    assert found(text, "a-tw.md") == [
        (10, 5, 6, "Simplified Chinese form '这' in a Chinese (zh-TW) file: write '這'")
    ]


# On line 10, after film()'s YAML; the URLs' paths hold Simplified forms.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("詳見https://zh.wikipedia.org/wiki/异形\n", []),
        ("維基百科：https://zh.wikipedia.org/wiki/异形\n", []),
        ("詳見www.example.com/异形。\n", []),
        ("詳見 https://example.com/1/，这部电影很好看。\n", [(10, 27, 28, "这")]),
        ("詳見https://example.com/异形。这部电影\n", [(10, 26, 27, "这")]),
        ("（https://example.com/异形）这部\n", [(10, 25, 26, "这")]),
    ],
    ids=[
        "after Han text",
        "after a full-width colon",
        "www after Han text",
        "before a full-width comma",
        "before a full-width full stop",
        "in full-width parentheses",
    ],
)
def test_body_urls_need_no_space_around_them(
    body: str, expected: list[tuple[int, int, int, str]]
) -> None:
    rows = found(film() + body, "a-tw.md")
    assert [(line, start, end, message.split("'")[1]) for line, start, end, message in rows] == (
        expected
    )


def test_fields_option() -> None:
    text = film('genre: ["剧情"]\nawards: ["大奖"]')
    assert [d.line for d in diagnostics(text, "a-hant.md", {"fields": ["awards"]})] == [9]


@pytest.mark.parametrize("locale", [None, "ko", "tlh", "en"])
def test_other_files_are_not_checked(locale: str | None) -> None:
    table: dict[str, Any] = {} if locale is None else {"locale": {"default": locale}}
    text = film('genre: ["剧情", "劇情", "这"]') + "这部電影\n"
    assert lint(text, "a.md", config=parse_config(table, None), select=RULE) == []


TRADITIONAL_TEXT = st.text(st.sampled_from("人大中一不了的是在有台灣電影著名"), max_size=12)
SIMPLIFIED_ONLY = st.sampled_from("国电这边长发钟严们说东车门问头实")


@settings(deadline=None)  # the first example loads the tables
@given(TRADITIONAL_TEXT, SIMPLIFIED_ONLY, TRADITIONAL_TEXT)
def test_a_simplified_form_is_reported_where_it_is_and_fixed(
    before: str, wrong: str, after: str
) -> None:
    text = film(f'genre: ["{before}{wrong}{after}"]')
    (diagnostic,) = diagnostics(text, "a-hant.md")
    assert (diagnostic.line, diagnostic.column) == (8, 10 + len(before))
    assert diagnostic.fix is not None
    fixed = apply_fix(text, diagnostic.fix)
    assert found(fixed, "a-hant.md") == []
    # only the wrong character changed
    assert len(fixed) == len(text)
    assert [i for i, (a, b) in enumerate(zip(text, fixed, strict=True)) if a != b] == [
        text.index('genre: ["') + 9 + len(before)
    ]


def test_corpus(corpus: Path) -> None:
    """The Chinese files of the real corpus: one Traditional name left in Simplified text."""
    config = parse_config(multilingual_example(), None)
    rows = {
        (Path(d.path).name, d.line, d.message)
        for d in filmlint.lint_paths([corpus], config=config, select=RULE)
    }
    # "萨繆爾" for 萨缪尔 (Samuel)
    expected = (
        "anatomy-of-a-fall-2023.md",
        29,
        "Traditional Chinese form '繆' in a Chinese (zh-Hans) file: write '缪' (and 1 more)",
    )
    assert expected in rows
    assert not any(name == "alien-1979.md" for name, _, _ in rows)


def test_country_names_in_the_other_script_are_a_script_problem_only() -> None:
    table = {
        "locale": {"default": "zh-Hant"},
        "rules": {"country-code": {"accept": ["code", "name"], "split": "/"}},
    }
    found = lint(film('country: "美国/英国"'), "a.md", config=parse_config(table, None))
    assert {d.rule for d in found} == {"script-variant"}


def test_docs_examples() -> None:
    doc = load_registry()["script-variant"].doc
    assert [d.rule for d in diagnostics(film_with(example(doc, "Bad")), "film-tw.md")] == [
        "script-variant"
    ] * 2
    assert diagnostics(film_with(example(doc, "Good")), "film-hant.md") == []


class _Offset(int):
    """An offset that counts the comparisons made with it."""

    compared = 0

    def __lt__(self, other: object) -> bool:
        _Offset.compared += 1
        return int(self) < other  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        _Offset.compared += 1
        return int(self) >= other  # type: ignore[operator]


@pytest.mark.parametrize("paragraph", ["這部電影講述了一個故事。", "這\n\n`這`部"])
def test_body_work_grows_linearly_with_paragraphs(
    monkeypatch: pytest.MonkeyPatch, paragraph: str
) -> None:
    """Each paragraph's forms are found without going through those of every paragraph."""
    from filmlint.rulekit import han_variants

    wrong_forms = han_variants.wrong_forms
    monkeypatch.setattr(
        han_variants,
        "wrong_forms",
        lambda text, variant: [_Offset(offset) for offset in wrong_forms(text, variant)],
    )

    def work(n: int) -> tuple[int, int]:
        _Offset.compared = 0
        rows = diagnostics(film() + f"{paragraph}\n\n" * n, "a.md")
        return len(rows), _Offset.compared

    (small_rows, small), (large_rows, large) = work(300), work(600)
    assert large_rows == 2 * small_rows > 0
    assert large < 2.5 * small
