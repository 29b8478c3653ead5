"""rulekit.countries: one country, whatever the code, language or script that names it."""

from __future__ import annotations

import random

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
    for key, name in countries.tables(catalogue)[0].preferred.items():
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
