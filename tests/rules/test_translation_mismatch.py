"""translation-mismatch: a translation's shared fields against its base, across files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, run_cli, throwaway_folder
from filmlint.api import parse_front_matter
from filmlint.engine.project import Project
from filmlint.engine.settings import parse_config

LOCALE = {"default": "zh-Hans", "suffixes": {"en": "en"}}
BLOCK = 'year: {year}\ntopics:\n  - "A"\n  - "{topic}"\nduration: "{minutes}{unit}"\n'
FLOW = 'year: {year}\ntopics: ["A", "{topic}"]\nduration: "{minutes}{unit}"\n'


def film(body: str, newline: str = "\n") -> str:
    return ("---\n" + body + "---\n").replace("\n", newline)


def lint(
    folder: Path,
    *names: str,
    locale: dict[str, object] = LOCALE,
    fields: dict[str, str] | None = None,
) -> list[filmlint.Diagnostic]:
    """The diagnostics of the translation rules (``fields``: translation-mismatch's option,
    None for its default)."""
    settings: dict[str, object] = {"locale": locale, "select": ["FL4"]}
    if fields is not None:
        settings["rules"] = {"translation-mismatch": {"fields": fields}}
    config = parse_config(settings, folder / "filmlint.toml")
    paths = [folder / name for name in names] or [folder]
    return filmlint.Linter(config).lint_paths(paths).diagnostics


def mismatches(diagnostics: list[filmlint.Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [
        (Path(d.path).name, d.line, d.column, d.message)
        for d in diagnostics
        if d.rule == "translation-mismatch"
    ]


@pytest.mark.parametrize("style", [BLOCK, FLOW], ids=["block", "flow"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_each_kind_of_field_in_block_and_flow_style(
    tmp_path: Path, style: str, newline: str
) -> None:
    base = style.format(year=1979, topic="B", minutes=117, unit="分钟")
    (tmp_path / "alien.md").write_text(film(base, newline), encoding="utf-8", newline="")
    same = style.format(year=1979, topic="B", minutes=117, unit=" minutes")
    (tmp_path / "alien-en.md").write_text(film(same, newline), encoding="utf-8", newline="")
    assert mismatches(lint(tmp_path)) == []

    other = style.format(year=2004, topic="C", minutes=118, unit=" minutes")
    (tmp_path / "alien-en.md").write_text(film(other, newline), encoding="utf-8", newline="")
    found = mismatches(lint(tmp_path))
    base_file = str(tmp_path / "alien.md")
    topics_line = 4 if style is BLOCK else 3  # a block list starts at its first item
    assert [(name, line, column) for name, line, column, _ in found] == [
        ("alien-en.md", 2, 7),
        ("alien-en.md", topics_line, 9 if style is FLOW else 3),
        ("alien-en.md", 6 if style is BLOCK else 4, 11),
    ]
    assert found[0][3] == f"year is 2004 here but 1979 in the base {base_file}:2"
    assert found[1][3] == (
        f"topics differ from the base {base_file}:{topics_line}: 'C' only here; 'B' only in the base"
    )
    assert found[2][3].startswith("duration is 118 minutes here but 117分钟 in the base")


def test_related_location_in_json_and_sarif_and_the_unsafe_fix(tmp_path: Path) -> None:
    (tmp_path / "alien.md").write_text(film('title: "异形"\nyear: 1979\n'), encoding="utf-8")
    translation = tmp_path / "alien-en.md"
    translation.write_text(film('title: "Alien"\nyear: 2004\n'), encoding="utf-8")
    (diagnostic,) = [d for d in lint(tmp_path) if d.rule == "translation-mismatch"]
    record = diagnostic.to_dict()
    assert record["related"] == [
        {
            "path": str(tmp_path / "alien.md"),
            "line": 3,
            "column": 7,
            "message": "the base's year: 1979",
        }
    ]
    assert record["fix"]["applicability"] == "unsafe"
    assert record["fix"]["edits"][0]["content"] == "1979"


def test_a_json_line_without_related_locations_has_no_related_key() -> None:
    (diagnostic,) = filmlint.lint_text("---\ntitle: 1\n---\n", "film.md", select=["FL103"])
    assert "related" not in diagnostic.to_dict()
    assert json.dumps(diagnostic.to_dict())


def test_values_written_differently_get_no_fix(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(film('imdbRating: "8.5"\n'), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film("imdbRating: 8.2\n"), encoding="utf-8")
    (diagnostic,) = [d for d in lint(tmp_path) if d.rule == "translation-mismatch"]
    assert diagnostic.fix is None


def test_the_same_value_written_as_a_string_or_a_number_agrees(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(film('imdbRating: "8.5"\nyear: 1979\n'), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film('imdbRating: 8.5\nyear: "1979"\n'), encoding="utf-8")
    assert mismatches(lint(tmp_path)) == []


def test_a_single_locale_compares_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(film("year: 1979\n"), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film("year: 2004\n"), encoding="utf-8")
    assert lint(tmp_path, locale={"default": "en"}) == []


def test_a_locale_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "films" / "en").mkdir(parents=True)
    (tmp_path / "films" / "a.md").write_text(film("year: 1979\n"), encoding="utf-8")
    (tmp_path / "films" / "en" / "a.md").write_text(film("year: 2004\n"), encoding="utf-8")
    found = lint(tmp_path, locale={"default": "zh-Hans", "folders": {"en": "en"}})
    assert [(d.path, d.rule) for d in found] == [
        (str(tmp_path / "films" / "en" / "a.md"), "translation-mismatch")
    ]


def test_a_front_matter_translation_key(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(film('translationKey: "alien"\nyear: 1979\n'), encoding="utf-8")
    (tmp_path / "alien-en.md").write_text(
        film('translationKey: "alien"\nyear: 2004\n'), encoding="utf-8"
    )
    config = parse_config(
        {
            "locale": LOCALE,
            "select": ["FL4"],
            "rules": {"translation-mismatch": {"key": "translationKey"}},
        },
        tmp_path / "filmlint.toml",
    )
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.rule) for d in found if d.rule == "translation-mismatch"] == [
        ("alien-en.md", "translation-mismatch")
    ]


def test_a_partial_run_reads_the_base_and_reports_on_named_files_only(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(film("year: 1979\n"), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film("year: 2004\n"), encoding="utf-8")
    (tmp_path / "b.md").write_text(film("year: 1980\n"), encoding="utf-8")
    run = Project(select=["FL4"]).lint([tmp_path / "a-en.md"])
    assert [(Path(d.path).name, d.rule) for d in run.diagnostics] == [
        ("a-en.md", "translation-mismatch")
    ]
    assert run.files == 1
    # The base named alone: nothing on the translation, nothing missing.
    assert Project(select=["FL4"]).lint([tmp_path / "a.md"]).diagnostics == []


def test_the_cache_follows_a_change_to_the_base(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(film("year: 1979\n"), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film("year: 2004\n"), encoding="utf-8")
    first = Project(select=["FL4"]).lint([tmp_path / "a-en.md"], use_cache=True)
    assert len(first.diagnostics) == 1
    (tmp_path / "a.md").write_text(film("year: 2004\n"), encoding="utf-8")
    assert Project(select=["FL4"]).lint([tmp_path / "a-en.md"], use_cache=True).diagnostics == []


def test_a_suppression_comment_silences_one_field_of_a_translation(tmp_path: Path) -> None:
    """A file with a suppression comment is gathered value by value; the others, one value
    per file: both are compared alike and reported at each field's place."""
    (tmp_path / "a.md").write_text(film("year: 1979\nimdbRating: 8.5\n"), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(
        film("year: 2004  # filmlint: disable-line translation-mismatch\nimdbRating: 8.4\n"),
        encoding="utf-8",
    )
    config = parse_config({"locale": LOCALE, "select": ["FL4", "FL901"]}, tmp_path / "x.toml")
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line, d.column, d.rule) for d in found] == [
        ("a-en.md", 3, 13, "translation-mismatch")
    ]
    assert found[0].message == f"imdbRating is 8.4 here but 8.5 in the base {tmp_path / 'a.md'}:3"


def test_a_suppressed_base_value_is_not_compared(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        film("year: 1979  # filmlint: disable-line translation-mismatch\nimdbRating: 8.5\n"),
        encoding="utf-8",
    )
    (tmp_path / "a-en.md").write_text(film("year: 2004\nimdbRating: 8.4\n"), encoding="utf-8")
    config = parse_config({"locale": LOCALE, "select": ["FL4", "FL901"]}, tmp_path / "x.toml")
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line, d.rule) for d in found] == [
        ("a-en.md", 3, "translation-mismatch")
    ]


#: (base's country, translation's country, the translation's locale suffix, whether they agree)
COUNTRIES = [
    ('"美国"', '"United States"', "en", True),
    ('"美国"', '"USA"', "en", True),
    ('"美国"', '"us"', "en", True),  # a code, in any case
    ('"美国/英国"', '"UK/US"', "en", True),
    ('"美国 / 英国"', '"UK, USA"', "en", True),  # any separator, in any order
    ('"美国、英国"', '["United Kingdom", "United States"]', "en", True),  # a list
    ('["美国", "英国"]', '"USA/UK"', "en", True),
    ('"美國"', '"USA"', "en", True),  # the base's name in the other script of Chinese
    ('"苏联"', '"Soviet Union"', "en", True),  # a former country
    ('"韩国"', '"South Korea"', "en", True),
    ('"美国"', '"美國"', "tw", True),  # Traditional Chinese names the same country
    ('"Korea, Republic of"', '"KR"', "en", True),  # a name with a comma, whole
    ('"Frnace"', '"frnace"', "en", True),  # no country: compared as written, any case
    # A name left in the base's language (country-code reports it in the English file)
    ('"美国"', '"美国"', "en", True),
    ('"美国/英国"', '"USA/英国"', "en", True),
    ('["美国"]', '"美国"', "en", True),
    ('"美国"', '"美国/火星"', "en", False),  # Mars is no country in either language
    ('"美国"', '"France"', "en", False),
    ('"美国/英国"', '"USA"', "en", False),  # one country fewer
    ('"美国/火星"', '"USA/Mars"', "en", False),  # a part that names no country, as text
    ('"Frnace"', '"France"', "en", False),
    ('"美国"', '"美国/英国"', "tw", False),
]


@pytest.mark.parametrize(("base", "translated", "suffix", "agree"), COUNTRIES)
def test_country_is_compared_by_its_iso_codes(
    tmp_path: Path, base: str, translated: str, suffix: str, agree: bool
) -> None:
    (tmp_path / "a.md").write_text(film(f"country: {base}\n"), encoding="utf-8")
    (tmp_path / f"a-{suffix}.md").write_text(film(f"country: {translated}\n"), encoding="utf-8")
    locale = {"default": "zh-Hans", "suffixes": {"en": "en", "tw": "zh-Hant"}}
    found = mismatches(lint(tmp_path, locale=locale))
    if agree:
        assert found == []
    else:
        shown = json.loads(translated) if translated.startswith('"') else translated
        assert found == [
            (
                f"a-{suffix}.md",
                2,
                10,
                f"country is {shown} here but {json.loads(base)} in the base {tmp_path / 'a.md'}:2",
            )
        ]


@pytest.mark.parametrize(
    ("base", "translated", "agree"),
    [
        ('"美国"', '"美國"', True),  # the English base's Chinese name, read in Chinese
        ('"美国/France"', '"美國/法國"', True),
        ('"美国"', '"法國"', False),
    ],
)
def test_a_bases_name_its_language_does_not_know_is_read_in_the_translations(
    tmp_path: Path, base: str, translated: str, agree: bool
) -> None:
    """An English base that writes a Chinese name (country-code reports it there) names the
    country a Traditional Chinese version names."""
    (tmp_path / "a.md").write_text(film(f"country: {base}\n"), encoding="utf-8")
    (tmp_path / "a-tw.md").write_text(film(f"country: {translated}\n"), encoding="utf-8")
    locale = {"default": "en", "suffixes": {"tw": "zh-Hant"}}
    found = mismatches(lint(tmp_path, locale=locale))
    assert [name for name, *_ in found] == ([] if agree else ["a-tw.md"])


def test_a_country_mismatch_has_no_fix(tmp_path: Path) -> None:
    """Taking the base's names would write Chinese into the English file."""
    (tmp_path / "a.md").write_text(film('country: "美国"\n'), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film('country: "France"\n'), encoding="utf-8")
    (diagnostic,) = [d for d in lint(tmp_path) if d.rule == "translation-mismatch"]
    assert diagnostic.fix is None


#: A rating in the base and in its translation, as written, and whether they are one rating.
RATINGS = [
    ('"7.70"', '"7.7"', True),
    ("7.7", '"7.70"', True),
    ('"8.50"', '"8.4"', False),
    ('"8.5"', "8.4", False),
    ('"N/A"', '"N/A"', True),
    ('"N/A"', '"7.0"', False),
]


@pytest.mark.parametrize(("base", "translated", "agree"), RATINGS)
@pytest.mark.parametrize("field", ["imdbRating", "doubanRating"])
def test_a_rating_is_compared_by_its_number_and_a_fix_run_settles(
    tmp_path: Path, field: str, base: str, translated: str, agree: bool
) -> None:
    """ "7.70" and "7.7" are one rating (rating-format rewrites the first); a fix never copies
    the base's spelling, which the next run's safe fix would undo: fixing the translation
    alone, as a hook does, changes it once at most."""
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(film(f"year: 1979\n{field}: {base}\n"), encoding="utf-8")
    translation = tmp_path / "a-en.md"
    translation.write_text(film(f"year: 1979\n{field}: {translated}\n"), encoding="utf-8")
    assert (mismatches(lint(tmp_path)) == []) is agree
    args = ("check", "--no-cache", "--fix", "--unsafe-fixes", "a-en.md")
    run_cli(*args, cwd=tmp_path)
    once = translation.read_text(encoding="utf-8")
    run_cli(*args, cwd=tmp_path)
    assert translation.read_text(encoding="utf-8") == once
    config = parse_config({"locale": LOCALE}, tmp_path / "filmlint.toml")
    left = filmlint.Linter(config).lint_paths([translation]).diagnostics
    assert [d.message for d in left if d.fix is not None and d.fix.applicability == "safe"] == []


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        (("zh-Hans", "en"), [("the-alien.md", 4)]),
        (("zh-Hans", "zh-Hans"), []),  # one locale: nothing to compare
        (("en", "fr"), []),  # no version in the default locale: no base to compare with
    ],
    ids=["two locales", "one locale", "no base"],
)
def test_locales_named_by_the_front_matter_alone_are_compared(
    tmp_path: Path, languages: tuple[str, str], expected: list[tuple[str, int]]
) -> None:
    """With ``locale.key`` and no suffix or folder, the settings list only the default: the
    files' own keys say which locales there are, and versions linked by ``translationKey``
    are compared."""
    for name, language, year in [
        ("alien.md", languages[0], 1979),
        ("the-alien.md", languages[1], 2004),
    ]:
        body = f"lang: {language}\ntranslationKey: alien\nyear: {year}\n"
        (tmp_path / name).write_text(film(body), encoding="utf-8")
    config = parse_config(
        {
            "locale": {"default": "zh-Hans", "key": "lang"},
            "rules": {"translation-mismatch": {"key": "translationKey"}},
            "select": ["FL404"],
        },
        tmp_path / "filmlint.toml",
    )
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(Path(d.path).name, d.line) for d in found] == expected


def sources(items: list[tuple[str | None, str]]) -> str:
    """A ``sourceUrl`` list of (platform, url): an item without a platform has none."""
    lines = ["sourceUrl:"]
    for platform, url in items:
        named = "" if platform is None else f'platform: "{platform}", '
        lines.append(f'  - {{ {named}url: "{url}" }}')
    return "\n".join(lines) + "\n"


#: A base's sources and its translation's, each (platform, url), and what is reported: each
#: translation item's index with the index of the base's item whose url it is told to take. "豆瓣" and "Douban" name
#: one platform in two languages: the rule cannot pair them by it.
LISTS = {
    "fewer": ([("IMDB", "i"), ("豆瓣", "d")], [("Douban", "d")], []),
    "fewer, another url": ([("IMDB", "i"), ("豆瓣", "d")], [("Douban", "x")], []),
    "fewer, another url, its platform": ([("IMDB", "i"), ("Douban", "d")], [("Douban", "x")], [(0, 1)]),
    "more": ([("IMDB", "i")], [("IMDB", "i"), ("Douban", "d")], []),
    "more, another url": ([("IMDB", "i")], [("Douban", "d"), ("IMDB", "x")], [(1, 0)]),
    "more, no platform": ([(None, "i")], [(None, "x"), (None, "i")], []),
    "reordered": ([("IMDB", "i"), ("豆瓣", "d")], [("Douban", "d"), ("IMDB", "i")], []),
    "reordered, another url": (
        [("IMDB", "i"), ("豆瓣", "d")], [("Douban", "d"), ("IMDB", "x")], [(1, 0)]
    ),
    "reordered, both other urls": (
        [("IMDB", "i"), ("豆瓣", "d")], [("Douban", "y"), ("IMDB", "x")], [(1, 0)]
    ),
    "same places, another url": (
        [("IMDB", "i"), ("豆瓣", "d")], [("IMDB", "i"), ("Douban", "x")], [(1, 1)]
    ),
    "urls swapped between platforms": (
        [("IMDB", "i"), ("Douban", "d")], [("IMDB", "d"), ("Douban", "i")], [(0, 0), (1, 1)]
    ),
    "a url duplicated": ([("IMDB", "i"), ("豆瓣", "d")], [("IMDB", "i"), ("Douban", "i")], [(1, 1)]),
    "a url duplicated in the base": ([("a", "i"), ("b", "i")], [("c", "i")], []),
    "a platform twice": ([("IMDB", "i"), ("IMDB", "j")], [("IMDB", "x")], []),
    "no platform, same length": ([(None, "i"), (None, "d")], [(None, "x"), (None, "d")], [(0, 0)]),
    "no platform, fewer": ([(None, "i"), (None, "d")], [(None, "x")], []),
    "no platform, reordered": ([(None, "i"), (None, "d")], [(None, "d"), (None, "i")], []),
    "no platform, one moved": ([(None, "i"), (None, "d")], [(None, "x"), (None, "i")], []),
    "no platform, a duplicate": ([(None, "i"), (None, "i")], [(None, "i"), (None, "x")], [(1, 1)]),
    "no platform, duplicated": ([(None, "i"), (None, "d")], [(None, "d"), (None, "d")], [(0, 0)]),
}  # fmt: skip


@pytest.mark.parametrize(("base", "translated", "expected"), LISTS.values(), ids=list(LISTS))
def test_a_list_item_is_compared_with_the_base_item_it_corresponds_to(
    tmp_path: Path,
    base: list[tuple[str | None, str]],
    translated: list[tuple[str | None, str]],
    expected: list[tuple[int, int]],
) -> None:
    """By a key naming one item in each (platform), else by value anywhere in the base's
    list, else at the same place of a list as long; the fix takes that item's url, never
    another's."""
    (tmp_path / "a.md").write_text(film(sources(base)), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film(sources(translated)), encoding="utf-8")
    found = [d for d in lint(tmp_path) if d.rule == "translation-mismatch"]
    assert [(d.data_path, d.fix.edits[0].content if d.fix else None) for d in found] == [
        (("sourceUrl", index, "url"), base[there][1]) for index, there in expected
    ]
    for diagnostic, (index, there) in zip(found, expected, strict=True):
        shown, url = translated[index][1], base[there][1]
        assert diagnostic.message.startswith(f"sourceUrl[{index}].url is {shown} here but {url} ")
        assert diagnostic.related[0].line == 3 + there
        assert diagnostic.related[0].message == f"the base's sourceUrl[{there}].url: {url}"


@pytest.mark.parametrize(
    ("base", "translated", "expected"),
    [
        (["a", "b"], ["b"], []),
        (["a", "b"], ["a", "c"], [(1, "b")]),
        (["a", "b"], ["b", "a"], []),
        (["a", "b"], ["c", "a"], []),  # "a" moved: the base's first item is taken
        (["a", "a"], ["a", "c"], [(1, "a")]),
        (["a"], ["a", "c"], []),
    ],
)
def test_a_list_of_scalars_is_compared_item_by_item_as_it_corresponds(
    tmp_path: Path, base: list[str], translated: list[str], expected: list[tuple[int, str]]
) -> None:
    (tmp_path / "a.md").write_text(film(f"tags: {json.dumps(base)}\n"), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film(f"tags: {json.dumps(translated)}\n"), encoding="utf-8")
    config = parse_config(
        {
            "locale": LOCALE,
            "select": ["FL404"],
            "rules": {"translation-mismatch": {"fields": {"tags[*]": "same"}}},
        },
        tmp_path / "filmlint.toml",
    )
    found = filmlint.Linter(config).lint_paths([tmp_path]).diagnostics
    assert [(d.data_path, d.fix.edits[0].content if d.fix else None) for d in found] == [
        (("tags", index), value) for index, value in expected
    ]


#: Plain scalars the parser (YAML 1.2) reads as strings and a YAML 1.1 reader (Jekyll's)
#: as booleans, numbers, dates, or the merge and value keys.
PLAIN_NOT_STRINGS_IN_YAML_1_1 = [
    *("no", "No", "NO", "off", "Off", "OFF", "on", "On", "ON", "yes", "Yes", "YES"),
    *("y", "Y", "n", "N", "12:30", "1:20:30", "190:20:30.15", "1:30.5", "2001-12-14", "<<", "="),
]  # fmt: skip


def yaml_1_1_readings(text: str) -> list[object]:
    """What YAML 1.1 readers make of ``text``: PyYAML's and ruamel.yaml's in 1.1 mode (an
    error when they cannot construct it)."""
    import yaml
    from ruamel.yaml import YAML

    ruamel = YAML(typ="safe", pure=True)
    ruamel.version = (1, 1)
    readings: list[object] = []
    for load in (yaml.safe_load, ruamel.load):
        try:
            readings.append(load(text))
        except Exception as error:  # a ConstructorError (<<, =): no string either
            readings.append(type(error).__name__)
    return readings


@pytest.mark.parametrize("word", PLAIN_NOT_STRINGS_IN_YAML_1_1)
def test_a_fix_writes_the_base_string_as_yaml_1_1_readers_read_it_too(
    tmp_path: Path, word: str
) -> None:
    """The base's plain scalar is a string; copied plain, a YAML 1.1 reader (Jekyll's) would
    read another type: the fix quotes it where it must, in a block mapping and in a flow
    list alike (where a plain scalar may hold no colon)."""
    fields = ["originalTitle"] if ":" in word else ["originalTitle", "tags[*]"]
    expected: dict[str, str | list[str]] = {"originalTitle": word, "tags": [word]}
    translated: dict[str, str | list[str]] = {"originalTitle": "Foo", "tags": ["Foo"]}
    if ":" in word:
        del expected["tags"], translated["tags"]

    def written(values: dict[str, str | list[str]]) -> str:
        plain = {k: v if isinstance(v, str) else f"[{', '.join(v)}]" for k, v in values.items()}
        return "".join(f"{key}: {value}\n" for key, value in plain.items())

    base = written(expected)
    assert parse_front_matter(film(base)).data == expected
    assert any(reading != expected for reading in yaml_1_1_readings(base))
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
        "[rules.translation-mismatch.fields]\n"
        + "".join(f'"{field}" = "same"\n' for field in fields),
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text(film(base), encoding="utf-8")
    translation = tmp_path / "a-en.md"
    translation.write_text(film(written(translated)), encoding="utf-8")
    args = ("check", "--no-cache", "--fix", "--unsafe-fixes", "--select", "FL404", "a-en.md")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    fixed = translation.read_text(encoding="utf-8")
    assert parse_front_matter(fixed).data == expected
    assert yaml_1_1_readings(fixed.split("---\n")[1]) == [expected, expected]


#: A base's value and its translation's, differing, with whether the unsafe fix takes the
#: base's: never when another rule finds a problem at the base's value (the fix would copy
#: it, and the base's own fix would then change the translation back); ``fields``: the
#: rule's option, when not the default; ``rule``: the rule that finds the base's problem.
BASE_PROBLEMS = {
    "language-code": ('contentLanguage: "zh_cn"', 'contentLanguage: "en"', None, "language-code"),
    "url-format": (
        'posterImage: "htp://img.example/a.jpg"',
        'posterImage: "https://img.example/a.jpg"',
        None,
        "url-format",
    ),
    "url-format in a list": (
        'sourceUrl:\n  - platform: "IMDb"\n    url: "imdb.com/title/tt1"',
        'sourceUrl:\n  - platform: "IMDb"\n    url: "https://www.imdb.com/title/tt1"',
        None,
        "url-format",
    ),
    "type": ('year: "nineteen"', 'year: "1979"', None, "invalid-type"),
    "not allowed": ('status: "drafty"', 'status: "draft"', None, "invalid-value"),
    "rating-format": (
        'imdbRating: "7.70"',
        'imdbRating: "8.1"',
        {"imdbRating": "same"},
        "rating-format",
    ),
}
#: The same, the base's value fine: the fix is offered as ever, a problem of the base's
#: elsewhere (another field) notwithstanding.
BASE_FINE = {
    "fine": ('contentLanguage: "zh-CN"', 'contentLanguage: "en"', None, None),
    "fine year": ("year: 1979", "year: 2004", None, None),
    "problem elsewhere": (
        'contentLanguage: "zh_cn"\nyear: 1979',
        'contentLanguage: "zh_cn"\nyear: 2004',
        None,
        "language-code",
    ),
    "url problem elsewhere": (
        'posterImage: "htp://img.example/a.jpg"\nyear: 1979',
        'posterImage: "htp://img.example/a.jpg"\nyear: 2004',
        None,
        "url-format",
    ),
}


def _versions(
    folder: Path, base: str, translated: str, fields: dict[str, str] | None, how: str
) -> filmlint.Config:
    """Two versions of a film in ``folder``, of one set by path or by a front-matter key."""
    key = 'translationKey: "a"\n' if how == "key" else ""
    (folder / "a.md").write_text(film(f'title: "异形"\n{key}{base}\n'), encoding="utf-8")
    (folder / "a-en.md").write_text(film(f'title: "Alien"\n{key}{translated}\n'), encoding="utf-8")
    options: dict[str, object] = {}
    if fields is not None:
        options["fields"] = fields
    if how == "key":
        options["key"] = "translationKey"
    rules = {"rules": {"translation-mismatch": options}} if options else {}
    return parse_config({"locale": LOCALE, **rules}, folder / "filmlint.toml")


@pytest.mark.parametrize("how", ["path", "key", "translation named alone"])
@pytest.mark.parametrize(
    ("base", "translated", "fields", "rule", "fixed"),
    [(*case, False) for case in BASE_PROBLEMS.values()]
    + [(*case, True) for case in BASE_FINE.values()],
    ids=[*BASE_PROBLEMS, *BASE_FINE],
)
def test_no_fix_takes_a_base_value_another_rule_finds_a_problem_at(
    tmp_path: Path,
    base: str,
    translated: str,
    fields: dict[str, str] | None,
    rule: str | None,
    fixed: bool,
    how: str,
) -> None:
    """By path, sets are judged as the file phase goes (``StreamedSets``); by key, in the run
    phase; the translation named alone reads its base only for context."""
    config = _versions(tmp_path, base, translated, fields, "key" if how == "key" else "path")
    linter = filmlint.Linter(config)
    every = linter.lint_paths([tmp_path]).diagnostics
    if rule is not None:  # the base's problem is there to be found
        assert rule in [d.rule for d in every if d.path.endswith("a.md")]
    named = [tmp_path / "a-en.md"] if how == "translation named alone" else [tmp_path]
    found = [d for d in linter.lint_paths(named).diagnostics if d.rule == "translation-mismatch"]
    assert [Path(d.path).name for d in found] == ["a-en.md"]
    assert (found[0].fix is not None) is fixed
    assert found[0].message.endswith(f"in the base {tmp_path / 'a.md'}:{found[0].related[0].line}")


@pytest.mark.parametrize("how", ["path", "key", "translation named alone"])
@pytest.mark.parametrize("silencing", ["suppression comment", "per-file-ignores"])
@pytest.mark.parametrize(
    ("base", "translated", "fields", "rule"), BASE_PROBLEMS.values(), ids=list(BASE_PROBLEMS)
)
@pytest.mark.parametrize("cache", [False, True], ids=["cold", "from the cache"])
def test_no_fix_takes_a_base_value_whose_problem_is_silenced(
    tmp_path: Path,
    base: str,
    translated: str,
    fields: dict[str, str] | None,
    rule: str,
    silencing: str,
    how: str,
    cache: bool,
) -> None:
    """The base's problem kept out of its report (a suppression comment around the value,
    or per-file-ignores for the base alone) is still a problem the fix would copy into the
    translation, where nothing silences it; the cache keeps what a result silenced."""
    if silencing == "suppression comment":
        base = f"# filmlint: disable {rule}\n{base}\n# filmlint: enable {rule}"
    _versions(tmp_path, base, translated, fields, "key" if how == "key" else "path")
    toml = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
    if silencing == "per-file-ignores":
        toml += f'[per-file-ignores]\n"a.md" = ["{rule}"]\n'
    toml += "[rules.translation-mismatch]\n"
    if how == "key":
        toml += 'key = "translationKey"\n'
    if fields is not None:
        toml += f"fields = {json.dumps(fields)}\n".replace('":', '" =')
    (tmp_path / "filmlint.toml").write_text(toml, encoding="utf-8")
    named = [tmp_path / "a-en.md"] if how == "translation named alone" else [tmp_path]
    if cache:  # a first run writes each file's result; the second reads them
        Project().lint(named, use_cache=True)
    every = Project().lint(named, use_cache=cache).diagnostics
    on_base = {d.rule for d in every if Path(d.path).name == "a.md"}
    assert not on_base & {rule, "unused-suppression"}  # silenced, by a comment that is used
    found = [d for d in every if d.rule == "translation-mismatch"]
    assert [Path(d.path).name for d in found] == ["a-en.md"]
    assert found[0].fix is None


#: Values of fields compared as written ("same"): fine ones, and ones another rule finds a
#: problem with (a tag's separator or case, a URL's scheme, a status not allowed, a type).
SAME_VALUES = {
    "contentLanguage": ['"zh-CN"', '"zh_cn"', '"en"', '"EN"', '"zh-hans"'],
    "posterImage": [
        '"https://img.example/a.jpg"',
        '"htp://img.example/a.jpg"',
        '"img.example/a.jpg"',
    ],
    "status": ['"draft"', '"published"', '"drafty"'],
    "year": ["1979", '"1979"', '"nineteen"'],
}
#: The rules that find those problems, as a base silences them.
SILENCED = ["language-code", "url-format", "invalid-value", "invalid-type"]
FILM_KEYS = (
    'title: "Alien"\ndirector: "Ridley Scott"\ndescription: "A crew meets a creature."\n'
    'releaseDate: 1979-05-25\ntopics: ["Bodily Autonomy"]\n'
)


def _film_with(field: str, value: str, comment: str = "") -> str:
    status = "" if field == "status" else 'status: "published"\n'
    return f"---\n{FILM_KEYS}{status}{comment}{field}: {value}\n---\nBody.\n"


def _translation_problems(folder: Path, field: str) -> set[str]:
    """The rules, translation-mismatch aside, with a problem at ``field`` of the translation."""
    config = filmlint.load_config(folder / "filmlint.toml")
    return {
        d.rule
        for d in filmlint.Linter(config).lint_paths([folder]).diagnostics
        if Path(d.path).name == "a-en.md"
        and d.rule != "translation-mismatch"
        and (d.data_path or ())[:1] == (field,)
    }


@settings(max_examples=examples(200), deadline=None)
@given(data=st.data())
def test_the_unsafe_fix_brings_no_new_problem_into_the_translation(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Whatever the two values and however the base silences its problems, taking the
    base's value leaves the translation with no problem at the field that it did not have."""
    field = data.draw(st.sampled_from(sorted(SAME_VALUES)), label="field")
    base, translated = data.draw(
        st.lists(st.sampled_from(SAME_VALUES[field]), min_size=2, max_size=2, unique=True),
        label="values",
    )
    silencing = data.draw(st.sampled_from(["none", "comment", "per-file-ignores"]))
    folder = throwaway_folder(tmp_path_factory, "fix")
    config = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
    if silencing == "per-file-ignores":
        config += f'[per-file-ignores]\n"a.md" = {json.dumps(SILENCED)}\n'
    (folder / "filmlint.toml").write_text(config, encoding="utf-8")
    comment = f"# filmlint: disable-next-line {','.join(SILENCED)}\n"
    base_text = _film_with(field, base, comment if silencing == "comment" else "")
    (folder / "a.md").write_text(base_text, encoding="utf-8")
    (folder / "a-en.md").write_text(_film_with(field, translated), encoding="utf-8")
    before = _translation_problems(folder, field)
    run_cli("check", "--no-cache", "--fix", "--unsafe-fixes", "a-en.md", cwd=folder)
    assert _translation_problems(folder, field) <= before
    assert (folder / "a.md").read_text(encoding="utf-8") == base_text  # only named files


@pytest.mark.parametrize("how", ["path", "key"])
@pytest.mark.parametrize("named", [("a-en.md",), (".",)], ids=["translation", "both"])
def test_unsafe_fixes_then_fixes_reach_a_fixed_point(
    tmp_path: Path, how: str, named: tuple[str, ...]
) -> None:
    """Fixing the translation alone (a hook) with unsafe fixes, then everything: the second
    run changes nothing of what the first wrote."""
    _versions(tmp_path, 'contentLanguage: "zh_cn"', 'contentLanguage: "en"', None, how)
    key = '\n[rules.translation-mismatch]\nkey = "translationKey"\n' if how == "key" else ""
    (tmp_path / "filmlint.toml").write_text(
        f'[locale]\ndefault = "zh-Hans"\nsuffixes = {{ en = "en" }}\n{key}', encoding="utf-8"
    )
    run_cli("check", "--no-cache", "--fix", "--unsafe-fixes", *named, cwd=tmp_path)
    translation = (tmp_path / "a-en.md").read_text(encoding="utf-8")
    assert "zh_cn" not in translation
    for args in (("--unsafe-fixes", *named), (".",)):
        before = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
        run_cli("check", "--no-cache", "--fix", *args, cwd=tmp_path)
        after = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
        if args == (".",):  # the base's own problem is fixed, the translation left as it is
            assert after["a-en.md"] == before["a-en.md"]
        else:
            assert after == before


def test_worker_processes_judge_a_base_s_problems_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filmlint.engine import parallel

    for index in range(12):
        films = tmp_path / f"f{index:02}"
        films.mkdir()
        problem = index % 2 == 0
        base = 'contentLanguage: "zh_cn"' if problem else 'contentLanguage: "zh-CN"'
        _versions(films, base, 'contentLanguage: "en"', None, "path")
    config = parse_config({"locale": LOCALE}, tmp_path / "filmlint.toml")
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 2)
    runs = [filmlint.Linter(config).lint_paths([tmp_path], jobs=jobs) for jobs in (1, 2)]
    fixes = [
        [(d.path, d.fix is not None) for d in run.diagnostics if d.rule == "translation-mismatch"]
        for run in runs
    ]
    assert fixes[0] == fixes[1]
    assert [fix for _, fix in fixes[0]] == [False, True] * 6


@pytest.mark.parametrize("items", [10, 400])
@pytest.mark.parametrize(
    "fields", [None, {"**.url": "same"}], ids=["default fields", "a pattern walked"]
)
def test_each_version_is_read_once_however_many_of_its_items_differ(
    tmp_path: Path, items: int, fields: dict[str, str] | None
) -> None:
    """A translation whose every ``sourceUrl`` item differs from the base's: each document is
    read, and its compared fields found, once for the set, not once for each item (which
    made a translation of 2,000 differing items take 13 s). The default fields' items are
    looked up without a walk; a pattern such as ``**.url`` is walked, once a document."""
    from filmlint.rulekit import compared_lines
    from filmlint.rules import translation_mismatch as rule

    base = [(f"P{i}", f"https://example.org/{i}") for i in range(items)]
    translated = [(platform, url + "x") for platform, url in base]
    (tmp_path / "a.md").write_text(film(sources(base)), encoding="utf-8")
    (tmp_path / "a-en.md").write_text(film(sources(translated)), encoding="utf-8")
    reads: list[str] = []
    walks = 0
    document, found_fields = rule._document, compared_lines.found_fields

    def read(member: object, context: object) -> object:
        reads.append(member.file)  # type: ignore[attr-defined]
        return document(member, context)  # type: ignore[arg-type]

    def walked(data: object, wanted: object) -> object:
        nonlocal walks
        walks += 1
        return found_fields(data, wanted)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rule, "_document", read)
        patch.setattr(compared_lines, "found_fields", walked)  # as each file is gathered
        patch.setattr(rule, "found_fields", walked)  # as a document is read to place a field
        found = mismatches(lint(tmp_path, fields=fields))
    assert len(found) == items
    assert sorted(Path(name).name for name in reads) == ["a-en.md", "a.md"]
    assert walks <= 4  # each file gathered, then each document once as the set is judged
