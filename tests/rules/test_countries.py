"""rulekit.countries: one country, whatever the code, language or script that names it."""

from __future__ import annotations

import gettext
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.rulekit import countries


def _named(catalogue: str | None) -> dict[str, str]:
    """Each country's preferred name in a catalogue, where that name names it back and holds
    no separator (a name like "Bonaire, Sint Eustatius and Saba" is only read whole)."""
    tag = catalogue.replace("_", "-") if catalogue else "en"
    named = {}
    table = countries.tables(catalogue)[0]
    for key in sorted({country.key for country in countries.codes().values()}):
        name = table.preferred(key)
        assert name is not None, key  # every current country has one
        found = countries.resolve(name, tag)
        if found is not None and found.key == key and not set(countries.SEPARATORS) & set(name):
            named[key] = name
    return named


CHINESE, ENGLISH = _named("zh_CN"), _named(None)
BOTH = sorted(set(CHINESE) & set(ENGLISH))


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(st.sampled_from(BOTH), min_size=1, max_size=4, unique=True),
    st.randoms(use_true_random=False),
    st.sampled_from(["/", ", ", " / ", "、", ";", "|"]),
)
def test_a_set_of_countries_is_the_same_in_every_language(
    keys: list[str], shuffle: random.Random, separator: str
) -> None:
    chinese = "/".join(CHINESE[key] for key in keys)
    order = list(keys)
    shuffle.shuffle(order)
    english = separator.join(ENGLISH[key] for key in order)
    codes = separator.join(key.lower() for key in order)
    expected = tuple(sorted(keys))
    assert countries.keys(chinese, "zh-Hans") == expected
    assert countries.keys(english, "en") == expected
    assert countries.keys(codes, "en") == expected
    # A Traditional Chinese file reads the Simplified names too (script-variant says so).
    assert countries.keys(chinese, "zh-Hant") == expected


@pytest.mark.parametrize(
    ("value", "tag", "keys"),
    [
        ("USA", "en", ("US",)),
        ("美国", "zh-Hans", ("US",)),
        ("美國", "zh-Hans", ("US",)),
        ("アメリカ", "ja", ("US",)),
        ("Royaume-Uni", "fr", ("GB",)),
        ("Korea, Republic of", "en", ("KR",)),  # whole, before splitting at the comma
        ("Tchécoslovaquie", "fr", ("CSHH",)),
        ("东德/西德", "zh-Hans", ("DDDE", "DE")),
        ("USA/Atlantis", "en", ("US", "atlantis")),  # the part that names no country, folded
        ("  ", "en", ()),
        ("美国//英国", "zh-Hans", ("GB", "US")),  # an empty part names nothing
    ],
)
def test_keys(value: str, tag: str, keys: tuple[str, ...]) -> None:
    assert countries.keys(value, tag) == keys


def _natural_order(name: str) -> list[str]:
    """ "Korea, Republic of" written as people write it: "Republic of Korea"; "Congo, The
    Democratic Republic of the" as "The Democratic Republic of the Congo" and without "The"."""
    head, _, tail = name.partition(", ")
    if not tail.endswith((" of", " of the")):
        return []
    natural = f"{tail} {head}"
    return [natural, natural.removeprefix("The ")]


def _every_name(catalogue: str) -> list[tuple[str, str]]:
    """(alpha-2 code, name) for each ISO 3166-1 name, official name and common name of the
    catalogue's language (pycountry's own translations), and each English inverted name in
    its natural order."""
    import pycountry

    translate = (
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [catalogue]).gettext
        if catalogue != "en"
        else str
    )
    names = []
    for record in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(record, attribute, None)
            if name is not None:
                names.append((record.alpha_2, translate(name)))
                if catalogue == "en":
                    names.extend((record.alpha_2, form) for form in _natural_order(name))
    return names


@pytest.mark.parametrize("catalogue", ["en", "fr", "de", "es", "ja", "zh_CN"])
def test_every_name_of_a_country_names_it_and_no_other(catalogue: str) -> None:
    """Accepted as that country, or at worst suggested as it: never read nor suggested as
    another ("Republic of Korea" was close to "Republic of Kenya")."""
    table = None if catalogue == "en" else catalogue
    wrong = []
    for code, name in _every_name(catalogue):
        found = countries.by_name(name, table)
        keys = {found[0].key} if found else {c.key for c, _ in countries.close_names(name, table)}
        if keys != {code}:
            wrong.append((name, code, keys))
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "keys"),
    [
        ("Republic of Korea", {"KR"}),
        ("republic of korea", {"KR"}),
        ("Democratic Republic of the Congo", {"CD"}),
        ("State of Palestine", {"PS"}),
        ("Kingdom of the Netherlands", {"NL"}),
        ("United Mexican States", {"MX"}),
        ("Federated States of Micronesia", {"FM"}),
        ("Republic of China", set()),  # not an ISO name, and not "Republic of Chad" misspelt
        ("Republic of Kenia", {"KE"}),  # misspelt: suggested
        ("Republic of Congo", {"CG"}),  # "the" left out: suggested
        ("Frnace", {"FR"}),
        ("Untied Sates", {"US"}),
        ("Unitedstates", {"US"}),
        ("South Sudn", {"SS"}),
        ("Souht Korea", {"KR"}),
        ("North Sudan", set()),  # not "South Sudan" misspelt
        ("Greater Britain", set()),
        ("Republic of Iran", set()),  # Iran is a country: not "Republic of Iraq" misspelt
        ("Republic of Australia", set()),  # nor "Republic of Austria"
        ("Russia Federation", {"RU"}),  # Russia is the same country
        ("SanM arino", {"SM"}),
        ("Sao Tom eand Principe", {"ST"}),
    ],
)
def test_official_names_and_misspellings(value: str, keys: set[str]) -> None:
    found = countries.by_name(value, None)
    suggested = {c.key for c, _ in countries.close_names(value, None)}
    assert ({found[0].key} if found else suggested) == keys


_ENGLISH_NAMES = sorted(
    {name for _, name in _every_name("en") if len(name) >= 8 and name.isascii()}
)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.sampled_from(_ENGLISH_NAMES),
    st.sampled_from(
        [
            *["Republic of", "Kingdom of", "State of", "Democratic Republic of", "South"],
            *["Federal Republic of", "Islamic Republic of", "People's Republic of", "North"],
        ]
    ),
)
def test_a_title_before_a_name_never_suggests_another_country(name: str, title: str) -> None:
    """ "Republic of China" is no misspelling of "Republic of Chad": a name with a title is
    read as that name's country or another's exact name, or suggested as that country, or
    not at all."""
    short = name.split(", ")[0]
    of = countries.by_name(short, None)
    value = f"{title} {short}"
    if countries.by_name(value, None) is not None:
        return  # a real name ("Republic of Kenya"), whatever it names
    for country, written in countries.close_names(value, None):
        # the name's own country, or one whose name holds it ("Democratic Republic of the
        # Congo" for "Democratic Republic of Congo")
        same = of is not None and country.key == of[0].key
        assert same or set(_words(short)) <= set(_words(written)), (value, written)


@settings(max_examples=examples(200), deadline=None)
@given(st.sampled_from(_ENGLISH_NAMES), st.integers(min_value=0), st.sampled_from("swdi"))
def test_a_typo_in_a_long_name_suggests_its_country(name: str, at: int, edit: str) -> None:
    """One letter swapped, changed, dropped or doubled in a name of eight letters or more."""
    at %= len(name) - 1
    typo = {
        "s": name[:at] + name[at + 1] + name[at] + name[at + 2 :],
        "w": name[:at] + ("x" if name[at] != "x" else "y") + name[at + 1 :],
        "d": name[:at] + name[at + 1 :],
        "i": name[:at] + name[at] + name[at:],
    }[edit]
    code = countries.by_name(name, None)
    assert code is not None
    if countries.by_name(typo, None) is not None:
        return  # another real name, or the same one again
    new_words = set(_words(typo)) - set(_words(name))
    if any(countries.by_name(word, None) for word in new_words):
        return  # "America Samoa", "Dominica Republic": not clearly a typo
    suggested = {c.key for c, _ in countries.close_names(typo, None)}
    assert code[0].key in suggested, (typo, suggested)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", countries.fold(text))


_NAME_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ["\x00", " ", "\u0301", "\u0308", "e", "E", "\u00df", "\u1e9e", "\u212b", "\u3000", "\u7f8e"]
)


@given(st.lists(st.text(_NAME_CHARACTERS, max_size=8), max_size=6))
def test_names_folded_together_fold_as_each_alone(texts: list[str]) -> None:
    """Combining marks next to the join, case folding that lengthens a text, spaces, and a
    NUL of a text's own: folded in one pass, each text folds as it folds alone."""
    assert countries.fold_each(texts) == [countries.fold(text) for text in texts]


def test_every_chinese_name_holding_a_separator_has_a_shape_read_off_the_catalogues() -> None:
    """What lets a list ("英国/美国", "英国、美国") skip the tables of every Chinese catalogue
    and script: each name of them that holds a separator, in either script, has a shape
    ``_chinese_shapes`` read without building them."""
    names = set(countries._chinese())
    for catalogue in countries._CHINESE_CATALOGUES:
        names.update(countries._names(catalogue).by_name)
    listed = [name for name in names if not countries._SEPARATOR_SET.isdisjoint(name)]
    assert listed  # "博奈尔、圣尤斯特歇斯岛和萨巴" at least
    assert {countries._shape(name) for name in listed} <= countries._chinese_shapes()


@given(
    st.text(
        st.sampled_from([*countries.SEPARATORS, *"英國美国朝鮮鲜聖圣島岛萨薩巴奈爾尔和台臺灣湾 ·"]),
        max_size=12,
    )
)
def test_a_text_in_the_other_script_has_the_shape_it_has_in_simplified(text: str) -> None:
    """``_chinese_shapes`` holds names as written: a text matches one of ``_chinese`` by its
    Simplified form, which must keep its length and its separators where they are."""
    assert countries._shape(countries._simplified(text)) == countries._shape(text)


@pytest.mark.parametrize(
    ("value", "keys", "every_table"),
    [
        ("英国/美国", ("GB", "US"), False),
        ("比利时 / 法国", ("BE", "FR"), False),
        ("英国; 美國", ("GB", "US"), False),  # 美國: as zh_TW writes it
        ("英国; 朝鮮", ("GB", "KP"), True),  # 朝鮮: as no catalogue writes it
        ("英国、美国", ("GB", "US"), False),  # a separator some names hold, not there
        (
            "英国、美国、法国、德国、意大利、日本、中国、印度",
            ("CN", "DE", "FR", "GB", "IN", "IT", "JP", "US"),
            False,
        ),
        ("博奈尔、聖尤斯特歇斯島和萨巴", ("BQ",), True),
    ],
)
def test_a_list_of_chinese_names_is_read_whole_only_where_a_name_could_be(
    value: str, keys: tuple[str, ...], every_table: bool
) -> None:
    countries._chinese.cache_clear()
    countries.keys.cache_clear()
    assert countries.keys(value, "zh-Hans") == keys
    assert (countries._chinese.cache_info().currsize == 1) == every_table


@pytest.mark.parametrize(
    "tag",
    ["zh-Hans", "zh-Hant", "zh-hans", "zh-HANT-CN", "zh-Hans-HK", "zh-Hant-SG", "cmn-Hans",
     "yue-Hans", "wuu-Hant", "sr-Latn", "sr-latn-RS", "sr-Latn-BA", "zh-Hans-TW"],
)  # fmt: skip
def test_a_script_subtag_that_picks_a_catalogue_is_the_script_langcodes_reads(tag: str) -> None:
    """``catalogue_for`` takes such a subtag as the tag's script without the likely-subtags
    table: langcodes, which that table answers for, keeps a script a tag names."""
    assert countries._written_script(tag) == tag.split("-")[1].lower()
