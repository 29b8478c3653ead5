"""country-code: ISO 3166-1 codes, and names in the file's language, at exact positions."""

from __future__ import annotations

import gettext
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, front, run_cli
from filmlint.diagnostics import Diagnostic
from filmlint.engine.settings import Config, parse_config
from filmlint.rulekit.countries import SHORT_FORMS, catalogue_for

LOCALE = {"default": "zh-Hans", "suffixes": {"en": "en", "fr": "fr", "ja": "ja", "tw": "zh-Hant"}}

#: How a message about a name, where only codes are accepted, says to accept names.
ACCEPT_NAMES = 'accept names with accept = ["code", "name"] in [rules.country-code]'


def config(**options: Any) -> Config:
    rules = {"country-code": options} if options else {}
    return parse_config({"locale": LOCALE, "rules": rules}, None)


NAMES = config(accept=["code", "name"], split="/")


def found(yaml: str, path: str = "film.md", cfg: Config | None = None) -> list[Diagnostic]:
    return filmlint.lint_text(front(yaml), path, config=cfg or config(), select=["country-code"])


def places(yaml: str, path: str = "film.md", cfg: Config | None = None) -> list[tuple[Any, ...]]:
    return [(d.line, d.column, d.end_line, d.end_column, d.message) for d in found(yaml, path, cfg)]


def fixed(text: str, diagnostic: Diagnostic) -> str:
    assert diagnostic.fix is not None
    for edit in sorted(diagnostic.fix.edits, key=lambda e: -e.start):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


@pytest.mark.parametrize(
    "yaml",
    [
        'country: "GB"',
        "country: USA",
        "country: usa",  # case does not matter
        'country: " FR "',  # nor do surrounding spaces
        "country: [US, GBR, de]",
        "country:\n  - NZ\n  - AU",
        "title: no country at all",
        "country: 1979",  # not a string: the schema's to report
        'country: ""',  # empty: the schema's to report
    ],
)
def test_codes_accepted_by_default(yaml: str) -> None:
    assert places(yaml) == []


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            'country: "UK"',
            [
                (
                    2,
                    10,
                    2,
                    14,
                    f"'UK' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES}, or write 'GB'",
                )
            ],
        ),
        (
            "country: France",
            [
                (
                    2,
                    10,
                    2,
                    16,
                    f"'France' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES}, or write 'FR'",
                )
            ],
        ),
        (
            'country: [US, "Untied States", gb]',
            [
                (
                    2,
                    15,
                    2,
                    30,
                    "'Untied States' is not an ISO 3166-1 code; did you mean 'US' (United States)?",
                )
            ],
        ),
        (
            "country:\n  - FR\n  - Frnace",
            [(4, 5, 4, 11, "'Frnace' is not an ISO 3166-1 code; did you mean 'FR' (France)?")],
        ),
        (
            "country: Czechoslovakia",
            [
                (
                    2,
                    10,
                    2,
                    24,
                    "'Czechoslovakia' is the name of a former country (ISO 3166-3), which has "
                    f"no ISO 3166-1 code; {ACCEPT_NAMES}",
                )
            ],
        ),
        ("country: XQ", [(2, 10, 2, 12, "'XQ' is not an ISO 3166-1 code")]),
        (
            'country: "US/GB"',
            [
                (
                    2,
                    10,
                    2,
                    17,
                    "'US/GB' is not an ISO 3166-1 code; for several countries, write a list "
                    "or set the option 'split'",
                )
            ],
        ),
    ],
)
def test_wrong_codes(yaml: str, expected: list[tuple[Any, ...]]) -> None:
    assert places(yaml) == expected


@pytest.mark.parametrize(
    ("path", "country"),
    [
        ("film.md", "美国 / 英国"),
        ("film.md", "德国/美国"),
        ("film.md", "捷克斯洛伐克"),
        ("film.md", "台湾 / 中国 / 韩国 / 俄罗斯 / 土耳其"),
        ("film.md", "USA / Czechoslovakia / FR"),  # English names and codes too
        ("film-en.md", "UK/Germany"),
        ("film-en.md", "Turkey / France / Germany"),
        ("film-en.md", "USA / America / United States / South Korea / Russia / Taiwan"),
        ("film-en.md", "Czechoslovakia / Soviet Union / East Germany / Yugoslavia"),
        ("film-en.md", "  new zealand  /TÜRKIYE"),
        ("film.fr.md", "États-Unis / Tchécoslovaquie / Royaume-Uni / Russie"),
        ("film-ja.md", "アメリカ / イギリス / チェコスロバキア / 韓国"),
        ("film-tw.md", "台灣 / 美國 / 英國 / 捷克斯洛伐克"),
        # a name in the other script of a Chinese file's language: script-variant's to report
        ("film-tw.md", "美国 / 英国 / 法国"),
        ("film-tw.md", "苏联 / 南韩 / 东德"),  # the short forms of the other script too
        ("film.md", "美國 / 台灣 / 蘇聯"),
    ],
)
def test_names_in_the_files_language_or_english(path: str, country: str) -> None:
    assert places(f'country: "{country}"', path, NAMES) == []


@pytest.mark.parametrize(
    ("path", "yaml", "expected"),
    [
        # a misspelt part in the middle of the string, after CJK characters
        (
            "film.md",
            'country: "美国 / Frnace / 英国"',
            [
                (
                    2,
                    16,
                    2,
                    22,
                    "'Frnace' is not an ISO 3166-1 code or a country name; did you mean 'France'?",
                )
            ],
        ),
        (
            "film.md",
            'country: "美国/英格兰"',
            [(2, 14, 2, 17, "'英格兰' is not an ISO 3166-1 code or a country name")],
        ),
        # a Chinese name in an English file
        (
            "film-en.md",
            "country: USA/美国",
            [(2, 14, 2, 16, "'美国' is not an ISO 3166-1 code or a country name")],
        ),
        # nor in a Japanese file: only Chinese reads the names of its other script
        (
            "film-ja.md",
            "country: 美国",
            [(2, 10, 2, 12, "'美国' is not an ISO 3166-1 code or a country name")],
        ),
        (
            "film-en.md",
            'country: "Korea"',  # names two countries
            [(2, 10, 2, 17, "'Korea' is not an ISO 3166-1 code or a country name")],
        ),
        (
            "film-en.md",
            'country: ["UK", "Germany / Frnace"]',
            [
                (
                    2,
                    28,
                    2,
                    34,
                    "'Frnace' is not an ISO 3166-1 code or a country name; did you mean 'France'?",
                )
            ],
        ),
        (
            "film-en.md",
            'country: "USA/"',
            [(2, 15, 2, 15, "empty country between '/' separators")],
        ),
        # an escape: the part runs from its first character to its last, the escape included
        (
            "film-en.md",
            r'country: "USA/Fr\x6Eace"',
            [
                (
                    2,
                    15,
                    2,
                    24,
                    "'Frnace' is not an ISO 3166-1 code or a country name; did you mean 'France'?",
                )
            ],
        ),
    ],
)
def test_wrong_names(path: str, yaml: str, expected: list[tuple[Any, ...]]) -> None:
    assert places(yaml, path, NAMES) == expected


@pytest.mark.parametrize(
    ("value", "codes_only", "names"),
    [
        (
            "Republic of Korea",  # the ISO name "Korea, Republic of" in its natural order
            (
                f"'Republic of Korea' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES}, "
                "or write 'KR'",
                "KR",
            ),
            None,
        ),
        (
            "Kingdom of the Netherlands",  # official names
            (
                f"'Kingdom of the Netherlands' is a country name, not an ISO 3166-1 code; "
                f"{ACCEPT_NAMES}, or write 'NL'",
                "NL",
            ),
            None,
        ),
        (
            "United Mexican States",
            (
                f"'United Mexican States' is a country name, not an ISO 3166-1 code; "
                f"{ACCEPT_NAMES}, or write 'MX'",
                "MX",
            ),
            None,
        ),
        (
            "Republic of China",  # not "Republic of Chad" misspelt
            ("'Republic of China' is not an ISO 3166-1 code", None),
            ("'Republic of China' is not an ISO 3166-1 code or a country name", None),
        ),
        (
            "Republic of Iran",  # nor "Republic of Iraq"
            ("'Republic of Iran' is not an ISO 3166-1 code", None),
            ("'Republic of Iran' is not an ISO 3166-1 code or a country name", None),
        ),
        (
            "Republic of Kenia",  # misspelt
            ("'Republic of Kenia' is not an ISO 3166-1 code; did you mean 'KE' (Kenya)?", "KE"),
            (
                "'Republic of Kenia' is not an ISO 3166-1 code or a country name; "
                "did you mean 'Republic of Kenya'?",
                "Republic of Kenya",
            ),
        ),
    ],
)
def test_official_names_are_known_and_never_suggest_another_country(
    value: str,
    codes_only: tuple[str, str | None],
    names: tuple[str, str | None] | None,
) -> None:
    for cfg, expected in ((config(), codes_only), (NAMES, names)):
        found_here = found(f'country: "{value}"', "film-en.md", cfg)
        if expected is None:
            assert found_here == []
            continue
        (diagnostic,) = found_here
        replacement = diagnostic.fix.edits[0].content.strip('"') if diagnostic.fix else None
        assert (diagnostic.message, replacement) == expected


def test_only_names_suggests_the_name_in_the_files_language() -> None:
    only_names = config(accept=["name"])
    assert places("country: US", "film.md", only_names) == [
        (2, 10, 2, 12, "'US' is not a country name; did you mean '美国'?")
    ]
    assert places("country: GB", "film-en.md", only_names) == [
        (2, 10, 2, 12, "'GB' is not a country name; did you mean 'United Kingdom'?")
    ]


@pytest.mark.parametrize(
    ("path", "yaml", "cfg", "result", "title"),
    [
        ("film.md", 'country: "UK"', None, 'country: "GB"', "replace 'UK' with 'GB'"),
        ("film.md", "country: UK  # comment", None, "country: GB  # comment", None),
        ("film.md", "country: [US, 'Frnace']", None, "country: [US, 'FR']", None),
        (
            "film.md",
            'country: "美国 / Frnace / 英国"',
            NAMES,
            'country: "美国 / France / 英国"',
            "replace 'Frnace' with 'France'",
        ),
    ],
)
def test_fixes_replace_exactly_the_part(
    path: str, yaml: str, cfg: Config | None, result: str, title: str | None
) -> None:
    text = front(yaml)
    (diagnostic,) = filmlint.lint_text(text, path, config=cfg or config(), select=["FL201"])
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability == "unsafe"
    assert title is None or diagnostic.fix.message == title
    assert fixed(text, diagnostic) == front(result)


@pytest.mark.parametrize(
    "yaml",
    [
        r'country: "U\x4B"',  # escapes: the source does not spell the value
        "country: >-\n  UK",  # folded
        "country: XQ",  # no suggestion
        "country: Korea",
    ],
)
def test_no_fix_when_unclear_or_not_verbatim(yaml: str) -> None:
    (diagnostic,) = found(yaml)
    assert diagnostic.fix is None


def test_fields_option_picks_other_fields() -> None:
    cfg = config(fields=["production[*].country"])
    assert places("country: UK\nproduction:\n  - country: DE\n  - country: UK", cfg=cfg) == [
        (
            5,
            14,
            5,
            16,
            f"'UK' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES}, or write 'GB'",
        )
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"accept": ["codes"]}, "rules.country-code.accept: 'codes' is not one of 'code', 'name'"),
        ({"accept": []}, "rules.country-code.accept: expected at least one of 'code', 'name'"),
        ({"split": 1}, "rules.country-code.split: expected a string, got 1"),
        ({"fields": ["a..b"]}, "rules.country-code.fields: bad field pattern"),
    ],
)
def test_bad_options_are_named(options: dict[str, Any], message: str) -> None:
    with pytest.raises(filmlint.ConfigError, match=message.replace(".", r"\.")):
        filmlint.Linter(config(**options))


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_country_tables_are_read_only_when_a_country_is_checked() -> None:
    # pycountry's data is read without importing pycountry (its import is the costlier part)
    script = (
        "import sys, filmlint\n"
        "from filmlint.rulekit import iso3166\n"
        "filmlint.lint_text('---\\ntitle: x\\n---\\n')\n"
        "print(iso3166.countries.cache_info().currsize, 'langcodes' in sys.modules)\n"
        "filmlint.lint_text('---\\ncountry: UK\\n---\\n')\n"
        "print(iso3166.countries.cache_info().currsize, 'pycountry' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False", "1", "False"]


@pytest.mark.parametrize("name", ["country-code", "FL201", "fl201"])
def test_docs_page(name: str) -> None:
    result = run_cli("rule", name)
    assert result.returncode == 0
    page = result.stdout
    assert page.startswith("# country-code (FL201)\n\nA country is not an ISO 3166-1 code")
    for text in ("Bad (default options):", 'country: "UK"', "Good:", 'country: "GB"'):
        assert text in page
    assert "Options ([tool.filmlint.rules.country-code] in pyproject.toml):" in page
    assert '  accept = ["code"]\n' in page
    assert '  split = ""\n' in page
    assert '  fields = ["country"]\n' in page


@settings(max_examples=examples(150), deadline=None)
@given(
    country=st.text(alphabet=st.sampled_from("aAzZéÜ美国英/ -_.,'\\\"\t"), min_size=1, max_size=16),
    locale_suffix=st.sampled_from(["", "-en", "-fr", "-ja", "-tw"]),
)
def test_any_value_gets_diagnostics_inside_it(country: str, locale_suffix: str) -> None:
    escaped = country.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    text = front(f'title: x\ncountry: "{escaped}"')
    for cfg in (config(), NAMES):
        for d in filmlint.lint_text(text, f"film{locale_suffix}.md", config=cfg, select=["FL201"]):
            assert (d.line, d.end_line) == (3, 3)
            assert 10 <= d.column <= d.end_column <= 12 + len(escaped)
            if d.fix is not None:
                (edit,) = d.fix.edits
                assert text[edit.start : edit.end] in country


@pytest.mark.parametrize(
    ("catalogue", "path"),
    [
        ("en", "film-en.md"),
        ("fr", "film-fr.md"),
        ("ja", "film-ja.md"),
        ("zh_CN", "film.md"),
        ("zh_TW", "film-tw.md"),
    ],
)
def test_every_short_form_is_accepted_in_its_language(catalogue: str, path: str) -> None:
    names = " / ".join(SHORT_FORMS[catalogue])
    assert places(f'country: "{names}"', path, NAMES) == []


@pytest.mark.parametrize(
    ("tag", "catalogue"),
    [
        ("zh-Hans", "zh_CN"),
        ("zh-Hant", "zh_TW"),
        ("zh-Hant-HK", "zh_HK"),
        ("zh-TW", "zh_TW"),
        ("zh", "zh_CN"),
        ("zh-Hans-SG", "zh_CN"),
        ("fr-CA", "fr"),
        ("pt-BR", "pt_BR"),
        ("nb", "nb_NO"),
        ("sr-Latn", "sr@latin"),
        ("ja", "ja"),
        ("en", None),
        ("en-GB", None),
        ("tlh", None),
        (None, None),
    ],
)
def test_catalogue_for_a_locale(tag: str | None, catalogue: str | None) -> None:
    assert catalogue_for(tag) == catalogue


#: pycountry catalogues of each script of Chinese.
SIMPLIFIED, TRADITIONAL = ("zh_CN",), ("zh_TW", "zh_HK")


def _catalogue_names(catalogue: str) -> list[str]:
    """Every ISO 3166-1 name in a pycountry catalogue, as it translates them."""
    import pycountry

    translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [catalogue]).gettext
    return [translate(record.name) for record in pycountry.countries]


@pytest.mark.parametrize(
    ("locale", "catalogues"),
    [
        (locale, catalogues)
        for locales, catalogues in (
            (("zh-Hant", "zh-TW", "zh-HK", "zh-Hant-HK"), SIMPLIFIED),
            (("zh-Hans", "zh-CN", "zh", "zh-Hans-SG"), TRADITIONAL),
        )
        for locale in locales
    ],
)
def test_every_name_of_the_other_script_is_a_known_country(
    locale: str, catalogues: tuple[str, ...]
) -> None:
    cfg = parse_config(
        {"locale": {"default": locale}, "rules": {"country-code": {"accept": ["code", "name"]}}},
        None,
    )
    names = [name for catalogue in catalogues for name in _catalogue_names(catalogue)]
    assert any(not name.isascii() for name in names)  # the catalogues are translated
    assert places(f"country: {json.dumps(names, ensure_ascii=False)}", "film.md", cfg) == []
    # where only codes are accepted, the name is known well enough to say its code
    code_only = parse_config({"locale": {"default": locale}}, None)
    united_states = "美国" if catalogues == SIMPLIFIED else "美國"
    assert places(f"country: {united_states}", "film.md", code_only) == [
        (
            2,
            10,
            2,
            12,
            f"'{united_states}' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES}, "
            "or write 'US'",
        )
    ]
