"""Cheaper forms of checks a one-file run makes, against the forms they replace: the same
answer for every input, only without what the old form loaded or compiled."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from filmlint.rulekit import countries, iso3166, scripts
from filmlint.rules import script_variant

#: script-variant's former test for a character from the first CJK block on.
_FROM_CJK = re.compile("[\u2e80-\U0010ffff]")

#: Text around the boundary of the first CJK block, with ASCII, surrogates and the top plane.
_AROUND_CJK = st.text(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0x7F),
        st.characters(min_codepoint=0x2E70, max_codepoint=0x2E90),
        st.characters(),
    )
)


@given(_AROUND_CJK)
def test_may_have_han_answers_as_the_pattern_did(text: str) -> None:
    assert script_variant._may_have_han(text) == (_FROM_CJK.search(text) is not None)


@given(
    st.text(
        st.one_of(
            st.characters(min_codepoint=0, max_codepoint=0x7F),
            # combining marks, precomposed letters, case that folds to several letters
            st.sampled_from("\u0301\u0308\u00e9\u00df\u0130\u212b\u1e9e\uff21 "),
            st.characters(),
        )
    )
)
def test_a_name_folds_as_nfc_did_without_loading_the_tables_for_ascii(text: str) -> None:
    assert countries.fold(text) == unicodedata.normalize("NFC", text.strip()).casefold()


def test_may_have_han_at_the_boundary() -> None:
    assert not script_variant._may_have_han("abc\u2e7f")
    assert script_variant._may_have_han("abc\u2e80")
    assert script_variant._may_have_han("\U0010ffff")
    assert not script_variant._may_have_han("")


def _latin_or_neutral() -> regex.Pattern[str]:
    """What untranslated-text's first look finds foreign in a Latin-script file, without the
    cheap test in front of it."""
    return scripts.foreign_text(frozenset({scripts.LATIN}), True)


def test_every_character_plainly_latin_is_latin_or_neutral_to_regex() -> None:
    foreign = _latin_or_neutral()
    plain = [chr(c) for c in range(0x110000) if scripts.plainly_latin(chr(c))]
    assert len(plain) > 3000  # the blocks named, not an empty class
    assert [c for c in plain if foreign.search(c)] == []


@given(st.text(st.characters(max_codepoint=0x2FFF, exclude_categories=["Cs"])))
def test_a_text_plainly_latin_has_nothing_foreign(text: str) -> None:
    if scripts.plainly_latin(text):
        assert _latin_or_neutral().search(text) is None


def _han_latin_or_neutral() -> regex.Pattern[str]:
    """What untranslated-text finds foreign in a Chinese file, Latin accepted, without the
    cheap test in front of it."""
    return scripts.foreign_text(frozenset({scripts.HAN, scripts.LATIN}), False)


def test_every_character_plainly_han_is_han_latin_or_neutral_to_regex() -> None:
    plain = "".join(chr(c) for c in range(0x110000) if scripts.plainly_han(chr(c)))
    assert len(plain) > 150_000  # the blocks named, not an empty class
    assert _han_latin_or_neutral().search(plain) is None


@given(st.text(st.characters(max_codepoint=0x3FFFF, exclude_categories=["Cs"])))
def test_a_text_plainly_han_has_nothing_foreign(text: str) -> None:
    if scripts.plainly_han(text):
        assert _han_latin_or_neutral().search(text) is None


@pytest.mark.parametrize("code", sorted(scripts.HAN_WRITING))
def test_each_script_said_to_write_han_does(code: str) -> None:
    assert scripts.HAN in scripts.unicode_scripts(code)


def test_plainly_han_leaves_kana_hangul_and_other_scripts_to_regex() -> None:
    # A Chinese name with a middle dot, full-width punctuation, digits and a Latin word.
    chinese = (
        "\u963f\u5f7c\u5bdf\u90a6\u00b7\u97e6\u62c9\uff0c\u300c\u597d\u300d\uff081999\uff09Film"
    )
    assert scripts.plainly_han(chinese)
    # Hiragana, katakana (full and half width), Hangul and its tone mark, Cyrillic, Greek.
    for text in ("\u3072", "\u30ab", "\uff76", "\ud55c", "\u302e", "\u0410", "\u03a9"):
        assert not scripts.plainly_han(text), text


def test_plainly_latin_leaves_other_scripts_to_regex() -> None:
    assert scripts.plainly_latin("Caf\u00e9 \u2014 \u201cAm\u00e9lie\u201d, 5\u20ac \u2605")
    for text in (
        "\u03a9mega",
        "\u2126",
        "\u02ea",
        "\u0410\u043d\u043d\u0430",
        "\u7f8e\u56fd",
        "\u3001",
    ):
        assert not scripts.plainly_latin(text)


def test_iso3166_reads_the_records_pycountry_has() -> None:
    import pycountry

    assert [vars(r) for r in iso3166.countries()] == [dict(c) for c in pycountry.countries]
    historic = [dict(c) for c in pycountry.historic_countries]
    assert [vars(r) for r in iso3166.historic_countries()] == historic
    assert iso3166.locales_dir() == pycountry.LOCALES_DIR


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_iso3166_reads_without_importing_pycountry() -> None:
    code = (
        "import sys; from filmlint.rulekit import iso3166; "
        "print(len(iso3166.countries()), 'pycountry' in sys.modules, "
        "'importlib.metadata' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split()[1:] == ["False", "False"]
    assert int(result.stdout.split()[0]) > 200


#: Characters each side of every edge of the plainly Latin blocks, and of the two ranges
#: looked at first (``scripts._OUTSIDE_MOSTLY``).
_EDGES = [
    "\u02e9", "\u02ea", "\u02eb", "\u02ec", "\u036f", "\u0370", "\u1dff", "\u1e00",
    "\u1eff", "\u1f00", "\u1fff", "\u206f", "\u2070", "\u2125", "\u2126", "\u2127",
    "\u27ff", "\u2800", "\u28ff", "\u2900", "\u2bff", "\u2c00",
]  # fmt: skip
#: A character outside the plainly Latin blocks, written out: what ``plainly_latin`` answers.
_FULL_CLASS = re.compile(
    "[^\x00-\u02e9\u02ec-\u036f\u1e00-\u1eff\u2000-\u2125\u2127-\u27ff\u2900-\u2bff]"
)


_PLAIN_OR_NOT = st.text(
    st.sampled_from(["a", "\u00e9", "\u2014", "\u201c", "\u7f8e", "\u3001", *_EDGES]),
    max_size=6,
)


@given(st.lists(st.tuples(_PLAIN_OR_NOT, st.booleans()), max_size=12))
def test_plainly_latin_answers_each_text_in_any_order(texts: list[tuple[str, bool]]) -> None:
    """Its memo of the texts judged last: repeated texts, equal ones that are other objects
    (as each rule's slice of a body is), and texts of the same length told apart."""
    for text, copied in texts:
        asked = "".join(list(text)) if copied else text
        assert scripts.plainly_latin(asked) == (_FULL_CLASS.search(text) is None)


def _judged(text: str, *, with_the_table: bool) -> bool:
    """``scripts._is_plain_latin`` before it switches to the whole class's table, or after."""
    first = scripts._LATIN_FIRST
    before = first.taken
    first.taken = first.count if with_the_table else 0
    try:
        return scripts._is_plain_latin(text)
    finally:
        first.taken = before


@pytest.mark.parametrize("with_the_table", [False, True])
def test_every_character_of_the_first_planes_is_judged_as_the_whole_class_judges_it(
    with_the_table: bool,
) -> None:
    chars = [chr(c) for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF]
    judged = [c for c in chars if _judged(c, with_the_table=with_the_table)]
    assert judged == [c for c in chars if _FULL_CLASS.search(c) is None]


@given(
    st.lists(st.sampled_from(["a", "\u00e9", "\u1ec7", "\u2192", *_EDGES]), max_size=60),
    st.booleans(),
)
def test_plainly_latin_is_the_whole_class_however_many_characters_are_looked_up(
    chars: list[str], with_the_table: bool
) -> None:
    """Past a few characters outside the two ranges looked at first (Vietnamese letters,
    arrows), the text is searched for the whole class: the answer is the same either way,
    and the same once the whole class's table is built."""
    text = "".join(chars) + "\u00e9"  # never ASCII: the class is asked
    assert _judged(text, with_the_table=with_the_table) == (_FULL_CLASS.search(text) is None)


def test_vietnamese_text_is_plainly_latin_and_a_late_foreign_character_is_found() -> None:
    text = "Ti\u1ebfng Vi\u1ec7t c\u00f3 d\u1ea5u. " * 20
    for with_the_table in (False, True):
        assert _judged(text, with_the_table=with_the_table)
        assert not _judged(text + "\u7f8e", with_the_table=with_the_table)
        assert not _judged(text + "\u02ea", with_the_table=with_the_table)


def test_the_whole_class_is_built_only_after_many_texts() -> None:
    """A run of a few files never pays for the table; a long run builds it once."""
    first = scripts._LATIN_FIRST
    before = first.taken
    scripts._outside_plain_latin.cache_clear()
    try:
        first.taken = 0
        for _ in range(first.count):
            assert scripts._is_plain_latin("caf\u00e9 \u2014 \u201cdone\u201d")
        assert scripts._outside_plain_latin.cache_info().currsize == 0
        assert scripts._is_plain_latin("caf\u00e9")
        assert scripts._outside_plain_latin.cache_info().currsize == 1
    finally:
        first.taken = before


def test_every_catalogue_of_pycountrys_reads_as_gettext_reads_it() -> None:
    import gettext

    files = sorted(Path(iso3166.locales_dir()).glob("*/LC_MESSAGES/iso3166-[13].mo"))
    assert len(files) > 100
    for file in files:
        with file.open("rb") as stream:
            expected = gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
        assert iso3166._messages(str(file)) == expected, file


@pytest.mark.parametrize("catalogue", ["zh_CN", "zh_TW", "fr", "ja", "pt_BR", "nb_NO", "xx"])
def test_a_catalogue_translates_as_gettext_translates(catalogue: str) -> None:
    import gettext

    theirs = gettext.translation(
        "iso3166-1", iso3166.locales_dir(), [catalogue], fallback=True
    ).gettext
    ours = iso3166.translator("iso3166-1", catalogue)
    names = [getattr(c, a, "") for c in iso3166.countries() for a in ("name", "common_name")]
    for name in [*names, "Nowhere", ""]:
        assert ours(name) == theirs(name)


def _mo(
    entries: list[tuple[bytes, bytes]],
    *,
    magic: int = 0x950412DE,
    texts_first: bool = False,
    ids_backwards: bool = False,
) -> bytes:
    """A GNU .mo file of ``entries`` (sorted by id, as msgfmt writes them); its strings laid
    out as msgfmt lays them out (the ids, then the texts, each after the one before), or
    with the texts first, or with the ids from the last to the first."""
    count, ids_at = len(entries), 28
    texts_at = ids_at + 8 * count
    at = texts_at + 8 * count
    ids, texts, blob = [0] * (2 * count), [0] * (2 * count), b""
    id_order = range(count - 1, -1, -1) if ids_backwards else range(count)
    for table, order, part in (
        [(texts, range(count), 1), (ids, id_order, 0)]
        if texts_first
        else [(ids, id_order, 0), (texts, range(count), 1)]
    ):
        for index in order:
            string = entries[index][part]
            table[2 * index : 2 * index + 2] = [len(string), at + len(blob)]
            blob += string + b"\x00"
    endian = "<" if magic == 0x950412DE else ">"
    header = struct.pack(f"{endian}7I", 0x950412DE, 0, count, ids_at, texts_at, 0, 0)
    tables = struct.pack(f"{endian}{4 * count}I", *ids, *texts)
    return header + tables + blob


UTF8 = (b"", b"Content-Type: text/plain; charset=UTF-8\n")


@pytest.mark.parametrize(
    ("entries", "big_endian", "read"),
    [
        ([UTF8, (b"France", b"Frankreich")], False, True),
        ([UTF8, (b"France", "Франция".encode())], True, False),  # big-endian: gettext's
        ([UTF8, (b"one\x00many", b"un\x00des")], False, False),  # plural forms
        ([(b"", b"Content-Type: text/plain; charset=ISO-8859-1\n"), (b"a", b"\xe9")], False, False),
        ([(b"France", b"Frankreich")], False, False),  # no header: gettext decodes as ASCII
        ([UTF8, (b"France", b"Fran\x00kreich")], False, False),  # a NUL in a text
        ([UTF8, (b"Chad", "Tchad (État)".encode()), (b"France", b"Frankreich")], False, True),
    ],
)
@pytest.mark.parametrize("texts_first", [False, True])
def test_a_catalogue_of_another_shape_is_left_to_gettext(
    tmp_path: Path,
    entries: list[tuple[bytes, bytes]],
    big_endian: bool,
    read: bool,
    texts_first: bool,
) -> None:
    import gettext

    file = tmp_path / "x.mo"
    magic = 0xDE120495 if big_endian else 0x950412DE
    file.write_bytes(_mo(entries, magic=magic, texts_first=texts_first))
    with file.open("rb") as stream:
        expected = gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
    messages = iso3166._messages(str(file))
    assert (messages is not None) == read
    if messages is not None:
        assert messages == expected


@pytest.mark.parametrize("count", [1, 2, 40])
@pytest.mark.parametrize("ids_backwards", [False, True])
def test_a_catalogue_translates_as_gettext_however_its_strings_lie(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, ids_backwards: bool
) -> None:
    """Strings are read in one piece where each follows the one before, as msgfmt writes
    them; ids written from the last to the first are left to gettext: both translate alike."""
    import gettext

    entries = [UTF8, *((f"id{n:02}".encode(), f"text {n}".encode()) for n in range(count))]
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "d.mo").write_bytes(_mo(entries, ids_backwards=ids_backwards))
    assert (iso3166._messages(str(folder / "d.mo")) is None) == ids_backwards
    monkeypatch.setattr(iso3166, "locales_dir", lambda: str(tmp_path))
    ours = iso3166.translator.__wrapped__("d", "xx")  # not the cached one: a folder of its own
    theirs = gettext.translation("d", str(tmp_path), ["xx"]).gettext
    for message in [*(key.decode() for key, _ in entries[1:]), "absent", ""]:
        assert ours(message) == theirs(message)
