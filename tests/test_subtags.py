"""subtags: the shipped table gives langcodes' verdict on well-formed tags, without langcodes,
made strict by the IANA registry: every subtag as written is registered (RFC 5646 validity)."""

from __future__ import annotations

import itertools
import json
import string
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from bcp47_registry import iana, reference
from filmlint.rulekit.langtags import is_well_formed
from filmlint.rulekit.subtags import (
    TABLE,
    build_table,
    checker_from,
    installed_version_is,
    is_registered,
)

#: Tags most sites use: decided without importing langcodes.
COMMON = [
    "en",
    "zh",
    "zh-Hans",
    "zh-CN",
    "en-US",
    "es-419",
    "yue",
    "pt-BR",
    "sr-Latn-RS",
    "de-CH-1996",
]
#: Common languages, and codes that langcodes replaces (he, id, sr-Latn, sr-ME, no language).
LANGUAGES = [
    *["en", "zh", "es", "fr", "de", "ja", "ko", "pt", "ru", "ar", "hi", "it", "nl", "sv", "pl"],
    *["tr", "he", "fa", "uk", "vi", "th", "id", "ms", "sr", "hr", "yue", "sw", "ta", "bn"],
    *["iw", "in", "sh", "cnr", "und"],
]
#: Codes that langcodes merges with a following extlang (zh-yue is yue), or not.
MACROLANGUAGES = ["zh", "ar", "ms", "no", "sgn", "und", "sh", "cmn", "en"]
MADE_UP_SCRIPTS = ["Abcd", "Latx", "Qqqq"]
MADE_UP_REGIONS = ["AA", "QQ", "XK", "ZZ", "000", "999"]
MADE_UP_VARIANTS = ["abcde", "madeup", "1234", "9abc", "oxenfree", "12345678"]
LETTERS = string.ascii_lowercase


def shipped_table() -> dict[str, Any]:
    """The shipped table, or a skip when it was built from another langcodes than installed."""
    table: dict[str, Any] = json.loads(TABLE.read_text("utf-8"))
    installed = version("langcodes")
    if table["langcodes"] != installed:
        pytest.skip(
            f"the table was built from langcodes {table['langcodes']}, {installed} is installed: "
            "regenerate it with `python -m filmlint.rulekit.subtags`"
        )
    return table


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    return build_table()


@pytest.fixture(scope="module")
def verdict(
    table: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], bool]:
    """The verdict of a table built from the installed langcodes, as shipped when up to date."""
    path = tmp_path_factory.mktemp("table") / "bcp47-subtags.json"
    path.write_text(json.dumps(table), "utf-8")
    return checker_from(path)


def registered(table: dict[str, Any]) -> list[str]:
    return [prefix + last for prefix, lasts in table["subtags"].items() for last in lasts]


def scripts(table: dict[str, Any]) -> list[str]:
    return [*(s for s in registered(table) if len(s) == 4 and s.isalpha()), *MADE_UP_SCRIPTS]


def regions(table: dict[str, Any]) -> list[str]:
    in_table = (
        s
        for s in registered(table)
        if (len(s) == 2 and s.isupper()) or (len(s) == 3 and s.isdigit())
    )
    replaced = (key.upper() for key in table["region_replacements"])  # DD, SU, 062
    return [*in_table, *replaced, *MADE_UP_REGIONS]


def variants(table: dict[str, Any]) -> list[str]:
    in_table = (s for s in registered(table) if s.islower() and (len(s) > 4 or s[0].isdigit()))
    return [*in_table, *MADE_UP_VARIANTS]


def joined(*subtags: list[str]) -> list[str]:
    """Every tag made of one subtag of each list, in order: joined(["en"], ["US", "GB"])."""
    return ["-".join(choice) for choice in itertools.product(*subtags)]


def two_and_three_letters(table: dict[str, Any]) -> list[str]:
    return [
        "".join(code) for length in (2, 3) for code in itertools.product(LETTERS, repeat=length)
    ]


def with_scripts(table: dict[str, Any]) -> list[str]:
    return [*joined(LANGUAGES, scripts(table)), *joined(LANGUAGES, scripts(table), ["CN"])]


def with_regions(table: dict[str, Any]) -> list[str]:
    return [*joined(LANGUAGES, regions(table)), *joined(LANGUAGES, ["Latn"], regions(table))]


def with_variants(table: dict[str, Any]) -> list[str]:
    return [
        *joined(LANGUAGES, variants(table)),
        *joined(LANGUAGES, ["CH"], variants(table)),
        *["sl-rozaj-biske", "sl-rozaj-biske-1994", "de-CH-1901-1996", "ja-Latn-hepburn"],
    ]


def with_extlangs(table: dict[str, Any]) -> list[str]:
    # every three letters after y, h, m and w, as in zh-yue, zh-hak, ar-mey, zh-wuu
    extlangs = [a + b + c for a in "yhmw" for b in LETTERS for c in LETTERS]
    return [
        *joined(MACROLANGUAGES, [*extlangs, "cmn", "gan", "min", "nan", "bok", "nyn", "ase"]),
        *["zh-yue-HK", "zh-yue-Hant-HK", "zh-cmn-Hans-CN", "zh-min-Hans", "no-bok-NO"],
        "zh-yue-419",  # langcodes reads 419 as a second extlang here
        *["zh-yue-cmn", "zh-yue-yue", "sh-yue", "sgn-ase-bfi", "und-ibe", "und-ibe-419"],
        *["zh-abc-def", "zh-abc-def-ghi", "zh-abc-def-ghi-419", "zh-min-nan-TW"],
    ]


def iana_extlangs(table: dict[str, Any]) -> list[str]:
    """Each registered extlang after its language, another one and none; with a region after
    it (which langcodes reads as a second extlang), a script, or a second extlang."""
    pairs = [(prefix, extlang) for extlang, prefix in iana()["extlang"].items()]
    return [
        *(f"{prefix}-{extlang}" for prefix, extlang in pairs),
        *(f"{other}-{extlang}" for _, extlang in pairs for other in ("en", "zh", "und", "sgn")),
        *joined(["zh-yue", "ar-aao", "sgn-ase", "en-qqq"], ["HK", "419", "999", "840", "UK"]),
        *joined(["zh-yue", "zh-cmn", "ms-zlm"], ["Hant", "cmn", "yue-cmn", "x-yue", "1996"]),
    ]


def not_in_registry(table: dict[str, Any]) -> list[str]:
    """Codes langcodes reads through CLDR's aliases, which the registry does not hold."""
    return [
        *["eng", "fre", "ger", "chi", "zho", "deu", "root", "en-UK", "en-840", "en-999"],
        *["en-DD", "en-BU", "en-SU", "en-062", "en-Latn-UK", "eng-US", "en-uk", "EN-UK"],
        *["sgn-us", "und-hakka", "und-saaho", "aa-saaho", "und-aaland", "zh-min-nan-TW"],
    ]


def grandfathered(table: dict[str, Any]) -> list[str]:
    whole = list(table["whole_tags"])  # i-klingon, en-gb-oed, zh-min-nan, art-lojban, sgn-us
    return [
        *whole,
        *(tag.upper() for tag in whole),
        *["EN-gb-OED", "I-Klingon", "en-GB-oxendict", "zh-min-nan-Hant", "art-lojban-x-foo"],
        *["no-bok-x-nb", "sgn-US-x-asl", "und-hepburn-heploc-x-a"],
    ]


def private_use(table: dict[str, Any]) -> list[str]:
    return [
        *["x-foo", "X-KLINGON", "x-a-b-c", "x-12345678", "en-x-foo", "en-US-x-1-2"],
        *["und-x-private", "zz-x-foo", "qaa", "qtz-Latn", "en-Qaaa", "en-QM", "en-XA"],
    ]


def duplicates(table: dict[str, Any]) -> list[str]:
    return [
        *["de-1901-1901", "de-CH-1901-1901", "sl-rozaj-biske-rozaj", "en-1996-x-1996"],
        *["en-a-bbb-a-ccc", "en-a-bbb-b-ccc", "en-u-ca-gregory-u-nu-latn", "zh-yue-x-yue"],
        *["en-US-u-ca-gregory-t-ja-x-u-foo", "en-t-en-us-u-ca-gregory", "en-u-ca-gregory-x-u-u"],
    ]


def mixed_case(table: dict[str, Any]) -> list[str]:
    tags = [*COMMON, *duplicates(table), "zh-yue-Hant-HK", "sh-qu", "iw-il", "de-dd", "x-foo"]
    alternating = ("".join(c.upper() if i % 2 else c for i, c in enumerate(t)) for t in tags)
    return [*(t.upper() for t in tags), *(t.swapcase() for t in tags), *alternating]


SAMPLES = [
    two_and_three_letters,
    with_scripts,
    with_regions,
    with_variants,
    with_extlangs,
    iana_extlangs,
    not_in_registry,
    grandfathered,
    private_use,
    duplicates,
    mixed_case,
]


def test_shipped_table_is_built_from_installed_langcodes(table: dict[str, Any]) -> None:
    assert shipped_table() == table


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.__name__)
def test_verdict_of_langcodes_and_the_registry(
    sample: Callable[[dict[str, Any]], list[str]],
    table: dict[str, Any],
    verdict: Callable[[str], bool],
) -> None:
    tags = sample(table)
    assert [tag for tag in tags if not is_well_formed(tag)] == []
    disagreements = [(tag, verdict(tag)) for tag in tags if verdict(tag) != reference(tag)]
    assert disagreements == []


@pytest.mark.parametrize(
    ("tag", "valid"),
    [
        *[("en-qqq", False), ("en-QQQ", False), ("en-abc", False), ("de-abc-DE", False)],
        *[("zh-xyz", False), ("en-yue", False), ("zh-yue-cmn", False), ("sh-yue", False)],
        *[("zh-yue", True), ("zh-yue-HK", True), ("zh-yue-419", True), ("zh-yue-999", False)],
        *[("sgn-ase", True), ("ar-aao", True), ("zh-min-nan", True), ("zh-min-nan-TW", False)],
        *[("eng", False), ("en-UK", False), ("en-840", False), ("en-GB", True), ("iw", True)],
        *[("en-DD", True), ("x-foo", True), ("i-klingon", True), ("en-x-qqq", True)],
    ],
)
def test_subtags_as_written_are_registered(tag: str, valid: bool) -> None:
    shipped_table()
    assert is_registered(tag) is valid
    assert checker_from(Path("/nonexistent/table.json"))(tag) is valid  # built on first use


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_common_tags_are_decided_without_langcodes() -> None:
    shipped_table()
    script = (
        "import sys\n"
        "from filmlint.rulekit.subtags import is_registered\n"
        f"print(all(is_registered(tag) for tag in {COMMON!r}), 'langcodes' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]


@pytest.mark.parametrize(
    ("recorded", "registered"),
    [
        (version("langcodes"), False),  # the table decides: it registers nothing
        ("0.0.0", True),  # stale: a table built from the installed langcodes decides
    ],
)
def test_a_stale_table_leaves_the_verdict_to_a_fresh_one(
    recorded: str, registered: bool, table: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "table.json"
    path.write_text(json.dumps({**table, "langcodes": recorded, "subtags": {}}), "utf-8")
    assert checker_from(path)("en") is registered


@pytest.mark.parametrize("content", [None, "{not json", "[]", '{"subtags": {}}'])
def test_an_unreadable_table_leaves_the_verdict_to_a_fresh_one(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "table.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert checker_from(path)("en") is True
    assert checker_from(path)("jp") is False


@pytest.mark.parametrize(
    ("candidate", "expected"), [(version("langcodes"), True), ("0.0.0", False)]
)
def test_installed_langcodes_version_as_importlib_metadata_tells(
    candidate: str, expected: bool
) -> None:
    assert installed_version_is("langcodes", candidate) is expected


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_module_run_writes_the_shipped_table(tmp_path: Path) -> None:
    shipped_table()
    output = tmp_path / "bcp47-subtags.json"
    subprocess.run([sys.executable, "-m", "filmlint.rulekit.subtags", str(output)], check=True)
    assert output.read_bytes() == TABLE.read_bytes()
