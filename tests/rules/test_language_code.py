"""language-code: BCP 47 tags, well-formed, registered and in canonical case."""

from __future__ import annotations

from typing import Any

import langcodes
import pycountry
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from language_data.names import normalize_name

import filmlint
from bcp47_registry import reference
from conftest import examples, front, run_cli
from filmlint.diagnostics import Diagnostic
from filmlint.engine.settings import parse_config
from filmlint.rulekit.langtags import canonical_case, is_well_formed
from filmlint.rules.language_code import _name_endings, _names, diagnose


def found(yaml: str, **options: Any) -> list[Diagnostic]:
    config = parse_config({"rules": {"language-code": options}}, None)
    return filmlint.lint_text(front(yaml), "film.md", config=config, select=["FL202"])


def places(yaml: str, **options: Any) -> list[tuple[Any, ...]]:
    return [(d.line, d.column, d.end_line, d.end_column, d.message) for d in found(yaml, **options)]


@pytest.mark.parametrize(
    "yaml",
    [
        "language: en",
        'contentLanguage: "bem"',
        "contentLanguage: zh-TW",
        "contentLanguage: zh-Hant",
        "contentLanguage: es-419",
        "contentLanguage: zh-Hant-TW",
        "contentLanguage: de-CH-1996",
        "contentLanguage: en-US-u-ca-gregory",
        "contentLanguage: x-klingon",
        "contentLanguage: i-klingon",
        "contentLanguage: [en, fr, ro]",
        "contentLanguage:\n  - hi\n  - en",
        "contentLanguage: 7",  # not a string: the schema's to report
    ],
)
def test_valid_tags(yaml: str) -> None:
    assert places(yaml) == []


@pytest.mark.parametrize(
    ("yaml", "expected", "replacement", "applicability"),
    [
        (
            "language: english",
            (2, 11, 2, 18, "'english' is a language name, not a BCP 47 tag; did you mean 'en'?"),
            "en",
            "unsafe",
        ),
        (
            'contentLanguage: "中文"',
            (2, 18, 2, 22, "'中文' is a language name, not a BCP 47 tag; did you mean 'zh'?"),
            "zh",
            "unsafe",
        ),
        (
            "language: zh_CN",
            (
                2,
                11,
                2,
                16,
                "'zh_CN' is not a BCP 47 tag (subtags are joined by '-'); write 'zh-CN'",
            ),
            "zh-CN",
            "safe",
        ),
        (
            "language: zh_cn",
            (
                2,
                11,
                2,
                16,
                "'zh_cn' is not a BCP 47 tag (subtags are joined by '-'); write 'zh-CN'",
            ),
            "zh-CN",
            "safe",
        ),
        (
            "language: ZH-cn",
            (2, 11, 2, 16, "'ZH-cn' is not in BCP 47 case; write 'zh-CN'"),
            "zh-CN",
            "safe",
        ),
        (
            "contentLanguage: [en, zh-hant]",
            (2, 23, 2, 30, "'zh-hant' is not in BCP 47 case; write 'zh-Hant'"),
            "zh-Hant",
            "safe",
        ),
        (
            "contentLanguage:\n  - en\n  - 'EN'",
            (4, 5, 4, 9, "'EN' is not in BCP 47 case; write 'en'"),
            "en",
            "safe",
        ),
        (
            'language: " fr"',
            (2, 11, 2, 16, "' fr' is not a BCP 47 tag (no spaces around it); write 'fr'"),
            "fr",
            "safe",
        ),
    ],
)
def test_wrong_tags_with_fixes(
    yaml: str, expected: tuple[Any, ...], replacement: str, applicability: str
) -> None:
    text = front(yaml)
    (diagnostic,) = found(yaml)
    assert (*diagnostic_place(diagnostic), diagnostic.message) == expected
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability == applicability
    (edit,) = diagnostic.fix.edits
    after = text[: edit.start] + edit.content + text[edit.end :]
    assert places(after.split("---\n")[1]) == []
    assert replacement in after


def diagnostic_place(d: Diagnostic) -> tuple[int, int, int, int]:
    return d.line, d.column, d.end_line, d.end_column


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "language: en--US",
            (
                2,
                11,
                2,
                17,
                "'en--US' is not a well-formed BCP 47 tag (such as 'en', 'zh-Hant' or 'es-419')",
            ),
        ),
        (
            "language: zz",
            (2, 11, 2, 13, "'zz' is not a valid BCP 47 tag: 'zz' is not a registered subtag here"),
        ),
        (
            "language: en-Latx",
            (
                2,
                11,
                2,
                18,
                "'en-Latx' is not a valid BCP 47 tag: 'Latx' is not a registered subtag here",
            ),
        ),
        (
            "language: en-US-foobar",
            (
                2,
                11,
                2,
                23,
                "'en-US-foobar' is not a valid BCP 47 tag: 'foobar' is not a registered subtag here",
            ),
        ),
        (
            "language: qwertyuiopasdf",
            (
                2,
                11,
                2,
                25,
                "'qwertyuiopasdf' is not a well-formed BCP 47 tag (such as 'en', 'zh-Hant' or 'es-419')",
            ),
        ),
        # an escape: placed at the whole value, and no fix since the source differs
        (
            r'language: "zh\x5FCN"',
            (
                2,
                11,
                2,
                21,
                "'zh_CN' is not a BCP 47 tag (subtags are joined by '-'); write 'zh-CN'",
            ),
        ),
    ],
)
def test_wrong_tags_without_fixes(yaml: str, expected: tuple[Any, ...]) -> None:
    (diagnostic,) = found(yaml)
    assert (*diagnostic_place(diagnostic), diagnostic.message) == expected
    assert diagnostic.fix is None


@pytest.mark.parametrize(
    ("tag", "unknown"),
    [
        # an extlang is registered with the one language it follows, one at most
        *[("en-QQQ", "QQQ"), ("en-qqq", "qqq"), ("en-abc", "abc"), ("zh-xyz", "xyz")],
        *[("de-abc-DE", "abc"), ("en-yue", "yue"), ("EN-YUE", "YUE"), ("zh-yue-cmn", "cmn")],
        *[("sh-yue", "yue"), ("zh-yue-999", "999")],
        # codes langcodes reads through CLDR's aliases, not in the registry
        *[("eng", "eng"), ("FRE", "FRE"), ("en-UK", "UK"), ("en-uk", "uk"), ("en-840", "840")],
        *[("eng-US", "eng"), ("en-Latn-UK", "UK")],
        # scripts and variants
        *[("en-Latx", "Latx"), ("en-latx", "latx"), ("de-CH-19966", "19966")],
    ],
)
def test_unregistered_subtags_are_unknown_without_fix(tag: str, unknown: str) -> None:
    assert diagnose(tag) == (
        f"'{tag}' is not a valid BCP 47 tag: '{unknown}' is not a registered subtag here",
        None,
        "unsafe",
    )


@pytest.mark.parametrize(
    "tag",
    ["en-", "-en", "en--US", "en-US-", "en_", "_en", "zh__CN", "ko-", "-", "english-", " en-"],
)
def test_empty_subtags_are_malformed_without_fix(tag: str) -> None:
    assert diagnose(tag) == (
        f"'{tag}' is not a well-formed BCP 47 tag (such as 'en', 'zh-Hant' or 'es-419')",
        None,
        "unsafe",
    )


@pytest.mark.parametrize(
    ("tag", "fixed"),
    [
        *[("ZH-YUE", "zh-yue"), ("zh_yue_HK", "zh-yue-HK"), ("SGN-ASE", "sgn-ase")],
        *[("ar-AAO", "ar-aao"), ("EN-gb", "en-GB"), ("ZH-MIN-NAN", "zh-min-nan")],
    ],
)
def test_registered_extlangs_get_a_safe_fix(tag: str, fixed: str) -> None:
    _, replacement, applicability = diagnose(tag) or ("", None, "")
    assert (replacement, applicability) == (fixed, "safe")
    assert diagnose(fixed) is None


#: Subtags of every kind, registered or not, in any case, and separators right and wrong.
_SUBTAGS = [
    *["en", "EN", "zh", "Zh", "de", "sgn", "ar", "eng", "qqq", "abc", "yue", "YUE", "cmn"],
    *["ase", "aao", "min", "nan", "Hant", "HANT", "latn", "Latx", "US", "us", "UK", "419"],
    *["999", "840", "DE", "1996", "rozaj", "foobar", "x", "u", "ca", "gregory", "", " "],
]


@settings(max_examples=examples(500), deadline=None)
@given(
    subtags=st.lists(st.sampled_from(_SUBTAGS), min_size=1, max_size=5),
    separators=st.lists(st.sampled_from(["-", "-", "-", "_", "--"]), min_size=4, max_size=4),
)
def test_accepted_tags_and_fixes_are_valid_by_the_registry(
    subtags: list[str], separators: list[str]
) -> None:
    """The rule accepts a tag only if the IANA registry validates it, and every fix it offers
    writes a tag it accepts; a safe one changes only case and separators."""
    tag = subtags[0] + "".join(s + t for s, t in zip(separators, subtags[1:], strict=False))
    wrong = diagnose(tag)
    if wrong is None:
        assert reference(tag), tag
        return
    message, replacement, applicability = wrong
    if "" in tag.strip().replace("_", "-").split("-"):  # an empty subtag: malformed
        assert "not a well-formed BCP 47 tag" in message
        assert replacement is None
    if replacement is None:
        return
    assert diagnose(replacement) is None
    if applicability == "safe":  # the same subtags, only in their case and joined by "-"
        assert replacement.lower() == tag.strip().replace("_", "-").lower()


def test_fields_option() -> None:
    assert places("language: english\nsubtitles: [en, fr_FR]", fields=["subtitles"]) == [
        (3, 17, 3, 22, "'fr_FR' is not a BCP 47 tag (subtags are joined by '-'); write 'fr-FR'")
    ]


@pytest.mark.parametrize(
    ("tag", "well_formed", "canonical"),
    [
        ("en", True, "en"),
        ("ZH-hans-cn", True, "zh-Hans-CN"),
        ("es-419", True, "es-419"),
        ("en-a-bbb-x-a-ccc", True, "en-a-bbb-x-a-ccc"),
        ("EN-GB-OED", True, "en-GB-oed"),
        ("sgn-be-fr", True, "sgn-BE-FR"),
        ("x-whatever", True, "x-whatever"),
        ("zh_CN", False, "zh_cn"),
        ("en-", False, "en-"),
        ("en-US-x", False, "en-US-x"),
        ("e", False, "e"),
    ],
)
def test_bcp47_syntax_and_case(tag: str, well_formed: bool, canonical: str) -> None:
    assert is_well_formed(tag) is well_formed
    assert canonical_case(tag) == canonical


@pytest.mark.parametrize("name", ["language-code", "FL202"])
def test_docs_page(name: str) -> None:
    result = run_cli("rule", name)
    assert result.returncode == 0
    page = result.stdout
    assert page.startswith("# language-code (FL202)\n\nA language is not a valid BCP 47 tag")
    for text in ("Bad:", 'language: "english"', "Good:", 'language: "en"'):
        assert text in page
    assert '  fields = ["language", "contentLanguage"]\n' in page


@settings(max_examples=examples(150), deadline=None)
@given(tag=st.text(alphabet=st.sampled_from("aBzZ19-_x 中"), min_size=1, max_size=14))
def test_any_value_gets_one_diagnostic_inside_it_or_none(tag: str) -> None:
    text = front(f'title: x\nlanguage: "{tag}"')
    found = filmlint.lint_text(text, "film.md", select=["FL202"])
    assert len(found) <= 1
    for d in found:
        assert (d.line, d.column, d.end_line, d.end_column) == (3, 11, 3, 13 + len(tag))
        if d.fix is not None:
            (edit,) = d.fix.edits
            fixed = text[: edit.start] + edit.content + text[edit.end :]
            assert filmlint.lint_text(fixed, "film.md", select=["FL202"]) == []


#: Languages as a string may name them: a name in some language, or a tag in any case.
LANGUAGES = {"English": "en", "Français": "fr", "中文": "zh", "Mandarin": "cmn", "EN": "en"}
LANGUAGES |= {"zh-hant": "zh-Hant", "German": "de", "español": "es", "Japanese": "ja"}
#: What people write between the languages of one string.
LANGUAGE_SEPARATORS = [", ", ",", "/", " / ", "; ", "|", " and ", " AND ", " & ", "+", "、"]
LANGUAGE_SEPARATORS += ["\uff0c", "\uff0f", "和", " et ", " und ", " y "]


@settings(max_examples=examples(200), deadline=None)
@given(
    # each language once: one named twice is one language (``test_a_language_named_twice...``)
    names=st.lists(
        st.sampled_from(sorted(LANGUAGES)), min_size=2, max_size=4, unique_by=LANGUAGES.__getitem__
    ),
    separator=st.sampled_from(LANGUAGE_SEPARATORS),
)
def test_several_languages_in_one_string_are_each_told_and_none_dropped(
    names: list[str], separator: str
) -> None:
    """No fix writes one tag for them (it would drop the others): the message lists the tag
    of every one, as the list to write."""
    value = separator.join(names)
    (diagnostic,) = found(f'contentLanguage: "{value}"')
    listed = ", ".join(f'"{LANGUAGES[name]}"' for name in names)
    assert diagnostic.message == (
        f"'{value}' is several languages, not one BCP 47 tag; write each as a tag, in a "
        f"list: [{listed}]"
    )
    assert diagnostic.fix is None


@pytest.mark.parametrize(
    "value",
    # a part that names no language: no list to suggest, and no one name of the whole
    ["English, Foo", "Foo/French", "English and Foo", "Greek, Foo", "English, Foo, French"],
)
def test_a_value_with_separators_is_never_fixed_to_one_of_its_parts(value: str) -> None:
    (diagnostic,) = found(f'contentLanguage: "{value}"')
    assert diagnostic.fix is None
    assert "is a language name" not in diagnostic.message


@pytest.mark.parametrize(
    ("tag", "what", "subtag"),
    [
        ("de-1901-1901", "variant", "1901"),
        ("DE-1901-1901", "variant", "1901"),
        ("sl-rozaj-biske-rozaj", "variant", "rozaj"),
        ("sl-Rozaj-ROZAJ", "variant", "rozaj"),
        ("de-CH-1996-1996", "variant", "1996"),
        ("en-a-bbb-a-ccc", "extension", "a"),
        ("en-u-ca-gregory-U-nu-latn", "extension", "u"),
        ("de-1901-1901-u-ca-gregory", "variant", "1901"),
    ],
)
def test_a_repeated_variant_or_extension_is_said_to_be_repeated(
    tag: str, what: str, subtag: str
) -> None:
    assert diagnose(tag) == (
        f"'{tag}' is not a valid BCP 47 tag: the {what} '{subtag}' is repeated; write it once",
        None,
        "unsafe",
    )


@pytest.mark.parametrize("tag", ["de-1901-1996", "en-a-bbb-b-ccc", "en-x-a-a", "en-a-aaa-x-a"])
def test_subtags_that_repeat_in_private_use_or_differ_are_no_repeat(tag: str) -> None:
    problem = diagnose(tag)
    assert problem is None or "repeated" not in problem[0]


def several_or_named(value: str) -> tuple[str, ...]:
    """The tags the rule says ``value`` lists, or ("name", tag) for the tag it suggests."""
    message, replacement, _ = diagnose(value) or ("", None, "")
    if "is several languages" in message:
        assert replacement is None
        return tuple(message.split("in a list: [")[1].rstrip("]").replace('"', "").split(", "))
    assert "is a language name" in message or "more than once" in message, message
    return ("name", replacement or "")


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        # languages between spaces only are a list, as between commas: no one tag is written
        *[("English French", ("en", "fr")), ("Hindi Urdu", ("hi", "ur")), ("en fr", ("en", "fr"))],
        *[("Spanish English Japanese", ("es", "en", "ja")), ("zh-Hant en", ("zh-Hant", "en"))],
        *[("Brazilian Portuguese French", ("pt-BR", "fr")), ("Français Deutsch", ("fr", "de"))],
        ("English French, German", ("en", "fr", "de")),
        # a name of several words known whole is one language
        *[("Brazilian Portuguese", ("name", "pt-BR")), ("Simplified Chinese", ("name", "zh-Hans"))],
        *[("Mandarin Chinese", ("name", "cmn")), ("Swiss German", ("name", "gsw"))],
        *[("Modern Greek", ("name", "el")), ("Latin American Spanish", ("name", "es-419"))],
        *[("Old English", ("name", "ang")), ("Norwegian Bokmål", ("name", "nb"))],
        *[
            ("Traditional Chinese", ("name", "zh-Hant")),
            ("American Sign Language", ("name", "ase")),
        ],
        # one language named twice, or a name and other words
        *[("Castilian Spanish", ("name", "es")), ("Hakka dialect", ("name", "hak"))],
        ("French language", ("name", "fr")),
    ],
)
def test_languages_between_spaces_are_a_list_and_names_of_several_words_one(
    value: str, tags: tuple[str, ...]
) -> None:
    assert several_or_named(value) == tags


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        # a name as ISO 639 writes it, turned around a comma, is the one language it names
        *[("Greek, Modern", ("name", "el")), ("Greek, Modern (1453-)", ("name", "el"))],
        *[("Greek, Ancient (to 1453)", ("name", "grc")), ("Sotho, Southern", ("name", "st"))],
        *[("Ndebele, South", ("name", "nr")), ("Sami, Northern", ("name", "se"))],
        *[("Portuguese, Brazilian", ("name", "pt-BR")), ("German, Swiss", ("name", "gsw"))],
        ("Spanish, Latin American", ("name", "es-419")),
        # languages on both sides, turned back the name of one of them: that one
        *[("Bokmål, Norwegian", ("name", "nb")), ("Chinese, Mandarin", ("name", "cmn"))],
        # languages on both sides of the comma are a list, even when turned round they name a
        # third ("Spanish Arabic" is xaa)
        *[("English, French", ("en", "fr")), ("Arabic, Spanish", ("ar", "es"))],
        *[("Latin, Hindi", ("la", "hi")), ("Greek, Italian", ("el", "it"))],
        ("Spanish, Arabic", ("es", "ar")),
    ],
)
def test_a_name_turned_around_a_comma_is_one_language_and_languages_a_list(
    value: str, tags: tuple[str, ...]
) -> None:
    assert several_or_named(value) == tags


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        # a language named with where it is spoken, as CLDR writes names, in any language
        *[("English (India)", ("name", "en-IN")), ("Portuguese (Brazil)", ("name", "pt-BR"))],
        *[("Spanish (Latin America)", ("name", "es-419")), ("English (US)", ("name", "en-US"))],
        *[("Chinese (Traditional, Taiwan)", ("name", "zh-Hant-TW"))],
        *[("Chinese (Simplified)", ("name", "zh-Hans")), ("Serbian (Latin)", ("name", "sr-Latn"))],
        # the Chinese for "English (India)", in full-width parentheses
        *[("\u82f1\u8bed\uff08\u5370\u5ea6\uff09", ("name", "en-IN"))],
        *[("anglais (Inde)", ("name", "en-IN")), ("Mandarin Chinese (Taiwan)", ("name", "cmn-TW"))],
        *[("English (Myanmar (Burma))", ("name", "en-MM"))],
        # or, in English, with a territory or its adjective first
        *[("Indian English", ("name", "en-IN")), ("Nigerian English", ("name", "en-NG"))],
        *[("Hong Kong Cantonese", ("name", "yue-HK")), ("Pakistani Urdu", ("name", "ur-PK"))],
        *[("Singaporean English", ("name", "en-SG")), ("Brazil Portuguese", ("name", "pt-BR"))],
        # an adjective that names a language, or a language read that far, is that language
        *[("Taiwanese Mandarin", ("nan", "cmn")), ("Japanese Korean", ("ja", "ko"))],
        *[("Hindi Urdu", ("hi", "ur")), ("Filipino English", ("fil", "en"))],
        # a list stays a list
        *[("Filipino, English", ("fil", "en")), ("Indian, English", ("hi", "en"))],
        # a detail that is neither script nor territory: the name read by its start, as before
        *[("English (subtitles)", ("name", "en"))],
    ],
)
def test_a_language_named_with_where_it_is_spoken_is_that_tag(
    value: str, tags: tuple[str, ...]
) -> None:
    assert several_or_named(value) == tags


@pytest.mark.parametrize("value", ["Serbian (Latin, Cyrillic)", "English (India, Kenya)"])
def test_two_scripts_or_territories_in_parentheses_make_no_tag(value: str) -> None:
    message, replacement, _ = diagnose(value) or ("", None, "")
    assert message
    assert replacement is None, message


#: Pieces of a language named with where it is spoken, and what could break reading one.
_REGIONAL_PIECES = st.sampled_from(
    [
        *["English", "Chinese", "India", "Indian", "Hong Kong", "Traditional", "Ind", "ian"],
        *["(", ")", " ", ",", "\uff08", "\uff09", "\uff0c", "\x00", "\u200b"],
    ]
)


@settings(max_examples=examples(500))
@given(st.lists(_REGIONAL_PIECES, max_size=8).map("".join))
@example("English (\x00India)")
@example("English (India\x00)")
@example("Indian\x00 English")
def test_any_regional_name_gets_one_diagnosis_or_none(value: str) -> None:
    """Whatever the pieces, a value is read without failing: a NUL, which YAML writes as
    "\\0", once made the tables of names answer with bytes that are no text."""
    wrong = diagnose(value)
    assert wrong is None or wrong[0]


@settings(max_examples=examples(200))
@given(
    name=st.sampled_from(["english", "chinese", "latin", "traditional", "india", "hong kong"]),
    kind=st.sampled_from(["language", "script", "territory"]),
    at=st.integers(0, 12),
)
def test_a_name_holding_a_nul_is_none_of_the_names(name: str, kind: str, at: int) -> None:
    """Every lookup of a name goes through ``_Names``: one with a NUL anywhere names
    nothing, and starts with no name, whatever table it is looked up in."""
    names = _names(kind)
    held = f"{name[:at]}\x00{name[at:]}"
    assert names.code(held) is None
    assert names.longest_start(held) is None
    wrong = diagnose(held.title())
    assert wrong is None or wrong[0]


#: Languages of many scripts and territories, and the languages CLDR names them in.
_CLDR_LANGUAGES = ["en", "fr", "es", "pt", "de", "ar", "zh", "ja", "ko", "hi", "sw", "ru", "yue"]


@settings(max_examples=examples(300), deadline=None)
@given(
    language=st.sampled_from(_CLDR_LANGUAGES),
    territory=st.deferred(lambda: st.sampled_from(sorted(c.alpha_2 for c in pycountry.countries))),
    named_in=st.sampled_from(["en", "zh", "fr", "de", "es"]),
)
def test_cldr_s_name_of_a_language_in_a_territory_reads_back_as_its_tag(
    language: str, territory: str, named_in: str
) -> None:
    """langcodes's display name of a tag ("English (India)", "anglais (Inde)"), read back."""
    tag = f"{language}-{territory}"
    name = langcodes.Language.get(tag).display_name(named_in)
    assume(name != "Hindi (Fiji)")  # language-data knows it whole: Fiji Hindi, "hif"
    wrong = diagnose(name)
    assert wrong is not None
    assert wrong[1:] == (tag, "unsafe"), (name, wrong)


#: Names of one word, no two of which name one language together.
ONE_WORD_NAMES = {"English": "en", "French": "fr", "Hindi": "hi", "Urdu": "ur", "Korean": "ko"}
ONE_WORD_NAMES |= {"Deutsch": "de", "español": "es", "Japanese": "ja", "Russian": "ru"}


@settings(max_examples=examples(100), deadline=None)
@given(names=st.lists(st.sampled_from(sorted(ONE_WORD_NAMES)), min_size=2, max_size=4, unique=True))
def test_names_between_spaces_are_each_told_and_none_dropped(names: list[str]) -> None:
    value = " ".join(names)
    (diagnostic,) = found(f'contentLanguage: "{value}"')
    assert diagnostic.fix is None
    assert several_or_named(value) == tuple(ONE_WORD_NAMES[name] for name in names)


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        # one language named more than once is one language, in a list or a name
        *[("Spanish, Castilian", ("name", "es")), ("English, english", ("name", "en"))],
        *[("English English French", ("en", "fr")), ("English, French, English", ("en", "fr"))],
        ("English English", ("name", "en")),
    ],
)
def test_a_language_named_twice_is_told_once(value: str, tags: tuple[str, ...]) -> None:
    assert several_or_named(value) == tags


@pytest.mark.parametrize(
    "value",
    [
        # a name read by its start, followed by another language: no one tag is the value's
        *["English French subtitles", "Chinese English subtitles", "English\u200bFrench"],
        *["English French dub", "Hindi-Urdu mix", "English. French."],
    ],
)
def test_a_name_followed_by_another_language_gets_no_fix(value: str) -> None:
    message, replacement, _ = diagnose(value) or ("", None, "")
    assert replacement is None, message


@pytest.mark.parametrize(
    "value", ["English Sign Language", "Hindi Sign Language", "Mandarin Sign Language"]
)
def test_a_name_followed_by_the_end_of_another_language_s_name_gets_no_fix(value: str) -> None:
    """A sign language language-data does not know is no spoken language: "English Sign
    Language" is not English, though it starts with its name."""
    message, replacement, _ = diagnose(value) or ("", None, "")
    assert replacement is None, message


#: The endings of language-data's names, of two words or more ("sign language"): read when
#: first drawn, not when the tests are collected.
name_endings = st.deferred(lambda: st.sampled_from(sorted(_name_endings())))


@settings(max_examples=examples(200), deadline=None)
@given(name=st.sampled_from(sorted(ONE_WORD_NAMES)), ending=name_endings)
def test_a_one_word_name_and_another_name_s_ending_never_get_the_first_name_s_tag(
    name: str, ending: str
) -> None:
    """Read by its start, a name followed by the last words of another language's name is
    never taken for the first language; it may still be a name known whole ("French Sign
    Language" is fsl), or start with a longer one ("Hindi Simi", Quechua for Hindi)."""
    value = f"{name} {ending.title()}"
    known = _names("language").longest_start(normalize_name(value))
    assume(known is None or len(known[0]) <= len(normalize_name(name)))
    _, replacement, _ = diagnose(value) or ("", None, "")
    assert replacement != ONE_WORD_NAMES[name]


@pytest.mark.parametrize(
    ("value", "tag"),
    [("English subtitles", "en"), ("English language with subtitles", "en")],
)
def test_a_name_followed_by_a_remark_keeps_its_fix(value: str, tag: str) -> None:
    assert (diagnose(value) or ("", None, ""))[1] == tag


def _spaces_around_a_comma(length: int) -> str:
    return "Greek" + " " * length + "," + " " * length + "("


#: Values of shapes whose reading as names took time growing with the square or cube of
#: their length: spaces around a comma before "(", many names, a long run of spaces.
LONG_VALUES = [
    pytest.param(_spaces_around_a_comma, id="spaces around a comma"),
    pytest.param(lambda n: " ".join(["English"] * n), id="many names"),
    pytest.param(lambda n: "English" + " " * n + "x", id="a run of spaces"),
    pytest.param(lambda n: ", ".join(["Greek, Modern"] * n), id="many inverted names"),
]


@pytest.mark.parametrize("make", LONG_VALUES)
@pytest.mark.parametrize("size", [300, 2_000, 30_000])
def test_a_value_too_long_for_names_is_read_as_a_tag_only(
    make: Any, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filmlint.rules import language_code

    value = make(size)
    assert len(value) > language_code.NAMES_LENGTH

    def no_name(*_: object, **__: object) -> None:
        raise AssertionError("a value this long is no list of names")

    monkeypatch.setattr(language_code, "_tag_named", no_name)
    diagnose.cache_clear()
    try:
        message, replacement, _ = diagnose(value) or ("", None, "")
    finally:
        diagnose.cache_clear()
    assert "not a well-formed BCP 47 tag" in message
    assert replacement is None


@settings(max_examples=examples(40), deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["English", "French", "x", "(", ",", "Greek", "Modern", " "]),
        min_size=1,
        max_size=80,
    )
)
def test_name_lookups_grow_at_most_with_the_square_of_the_words(words: list[str]) -> None:
    """A value up to ``NAMES_LENGTH`` is read as names in at most a few lookups a pair of
    its words: no run of lookups that grows with a higher power (a hang on a long value)."""
    from filmlint.rules import language_code

    value = " ".join(words)[: language_code.NAMES_LENGTH]
    calls = 0
    named = language_code._tag_named

    def counted(*args: Any, **kwargs: Any) -> str | None:
        nonlocal calls
        calls += 1
        return named(*args, **kwargs)

    diagnose.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(language_code, "_tag_named", counted)
            diagnose(value)
    finally:
        diagnose.cache_clear()
    count = len(value.split()) + value.count(",") + 2
    assert calls <= 4 * count * count
