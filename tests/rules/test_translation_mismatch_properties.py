"""translation-mismatch as a property: generated translation sets (two to four locales,
values in block or flow style, LF or CRLF). A mismatch is reported exactly where a
translation's value differs from the base's, at its position, never where they agree (a
rating by its number: "7.7" and "7.70" agree); the unsafe fix makes every field it may fix
agree with the base."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.engine.project import Project
from filmlint.engine.settings import parse_config

SUFFIXES = {"en": "en", "fr": "fr", "ja": "ja"}
RULE = "translation-mismatch"

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
#: Each scalar field with values as YAML spells them, all in one style across a set (a
#: plain, double- or single-quoted scalar), so that the base's spelling fits a translation.
scalars = {
    "year": st.integers(1895, 2030).map(str),
    # A rating written with or without a trailing zero: the same number either way.
    "imdbRating": st.tuples(st.integers(1, 9), st.integers(0, 9), st.sampled_from(["", "0"])).map(
        lambda t: f"{t[0]}.{t[1]}{t[2]}"
    ),
    "posterImage": words.map(lambda w: f"https://img.test/{w}.jpg"),
    "originalTitle": st.lists(words, min_size=1, max_size=3).map(" ".join),
}
topic_lists = st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=4, unique=True)


@dataclass(frozen=True)
class Version:
    scalars: dict[str, str]
    topics: list[str]


@st.composite
def translation_sets(draw: st.DrawFn) -> tuple[list[str], list[Version], dict[str, str], str]:
    """Locales (the base first), one version each, each field's quoting, and the line break."""
    locales = [
        "zh-Hans",
        *draw(st.lists(st.sampled_from(sorted(SUFFIXES)), min_size=1, unique=True)),
    ]
    base = Version({k: draw(v) for k, v in scalars.items()}, draw(topic_lists))
    versions = [base]
    for _ in locales[1:]:
        values = {k: draw(st.sampled_from([base.scalars[k], draw(v)])) for k, v in scalars.items()}
        # The same topics in another order agree; another list may not.
        topics = draw(st.sampled_from([base.topics, base.topics[::-1], draw(topic_lists)]))
        versions.append(Version(values, topics))
    quotes = {k: draw(st.sampled_from(["", '"', "'"])) for k in scalars if k != "year"}
    return locales, versions, {"year": "", **quotes}, draw(st.sampled_from(["\n", "\r\n"]))


def render(
    version: Version, quotes: dict[str, str], flow: bool
) -> tuple[str, dict[str, tuple[int, int]]]:
    """The file's text (LF) and the line and column of each field's value."""
    lines = ["---"]
    places = {}
    for key, value in version.scalars.items():
        places[key] = (len(lines) + 1, len(key) + 3)
        lines.append(f"{key}: {quotes[key]}{value}{quotes[key]}")
    if flow:
        places["topics"] = (len(lines) + 1, len("topics: ") + 1)
        lines.append("topics: [" + ", ".join(version.topics) + "]")
    else:
        lines.append("topics:")
        places["topics"] = (len(lines) + 1, 3)  # a block list starts at its first item
        lines.extend(f"  - {topic}" for topic in version.topics)
    return "\n".join([*lines, "---", "Body.", ""]), places


def name(locale: str) -> str:
    return "film.md" if locale == "zh-Hans" else f"film-{SUFFIXES[locale]}.md"


@settings(max_examples=examples(200), deadline=None)
@given(translation_sets(), st.booleans())
def test_mismatches_exactly_where_a_translation_differs_and_the_fix_agrees(
    generated: tuple[list[str], list[Version], dict[str, str], str], flow: bool
) -> None:
    locales, versions, quotes, newline = generated
    base = versions[0]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        expected = set()
        for locale, version in zip(locales, versions, strict=True):
            text, places = render(version, quotes, flow)
            (folder / name(locale)).write_text(
                text.replace("\n", newline), encoding="utf-8", newline=""
            )
            if version is base:
                continue
            for key, value in version.scalars.items():
                if not same(key, value, base.scalars[key]):
                    expected.add((name(locale), key, *places[key]))
            if set(version.topics) != set(base.topics):
                expected.add((name(locale), "topics", *places["topics"]))
        config = parse_config(
            {"locale": {"default": "zh-Hans", "suffixes": SUFFIXES}, "select": [RULE]},
            folder / "filmlint.toml",
        )
        project = Project(config=config)
        found = project.lint([folder]).diagnostics
        assert {
            (Path(d.path).name, d.data_path[0] if d.data_path else None, d.line, d.column)
            for d in found
        } == expected
        assert all(d.rule == RULE for d in found)

        for result in project.fix([folder], unsafe=True).results:
            if result.changed:
                Path(result.path or "").write_text(result.text, encoding="utf-8", newline="")
        left = Project(config=config).lint([folder]).diagnostics
        # Every scalar compared as written now agrees; topics (a set) and ratings (numbers)
        # have no fix.
        assert {(Path(d.path).name, d.line) for d in left} == {
            (file, line) for file, key, line, _ in expected if key in NO_FIX
        }


#: Fields whose mismatch has no fix: a set, and numbers (which spelling would it take?).
NO_FIX = ("topics", "imdbRating")


def same(key: str, value: str, base: str) -> bool:
    return float(value) == float(base) if key == "imdbRating" else value == base


#: A source as (platform, url): "豆瓣" and "Douban" name one platform in two languages.
source_items = st.tuples(
    st.sampled_from([None, "IMDB", "Douban", "豆瓣"]), st.sampled_from(["a", "b", "c"])
)
source_lists = st.lists(source_items, min_size=1, max_size=4)


def source_list(items: list[tuple[str | None, str]]) -> str:
    lines = ["---", "sourceUrl:"]
    for platform, url in items:
        named = "" if platform is None else f'platform: "{platform}", '
        lines.append(f'  - {{ {named}url: "{url}" }}')
    return "\n".join([*lines, "---", ""])


def platform_index(items: list[tuple[str | None, str]], platform: str | None) -> int | None:
    """The index of the one item of ``items`` with ``platform`` (None: none, or several)."""
    found = [index for index, (named, _) in enumerate(items) if named == platform]
    return found[0] if platform is not None and len(found) == 1 else None


Sources = list[tuple[str | None, str]]


@st.composite
def source_pairs(draw: st.DrawFn) -> tuple[Sources, Sources, bool]:
    """A base's sources and its translation's: any, or some of the base's in any order (then
    True)."""
    base = draw(source_lists)
    if draw(st.booleans()):
        return base, draw(st.permutations(base))[: draw(st.integers(1, len(base)))], True
    return base, draw(source_lists), False


@settings(max_examples=examples(300), deadline=None)
@given(source_pairs())
def test_a_list_item_is_told_only_the_url_of_the_base_item_it_corresponds_to(
    generated: tuple[Sources, Sources, bool],
) -> None:
    """A fix never writes into an item of the translation's list a url that the base holds
    at another item than its own: the one of the same platform (one in each list), else the
    one at the same place of a list as long. A translation that lists some of the base's
    sources, in any order, agrees."""
    base, translated, copied = generated
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "film.md").write_text(source_list(base), encoding="utf-8")
        (folder / "film-en.md").write_text(source_list(translated), encoding="utf-8")
        config = parse_config(
            {"locale": {"default": "zh-Hans", "suffixes": SUFFIXES}, "select": [RULE]},
            folder / "filmlint.toml",
        )
        found = Project(config=config).lint([folder]).diagnostics
    if copied:
        assert found == []
    for diagnostic in found:
        assert diagnostic.data_path is not None and diagnostic.fix is not None
        _, index, _ = diagnostic.data_path
        assert isinstance(index, int)
        written = diagnostic.fix.edits[0].content
        platform = translated[index][0]
        there = platform_index(base, platform)
        if there is not None and platform_index(translated, platform) is not None:
            assert base[there][1] == written
        else:
            assert len(base) == len(translated) and base[index][1] == written
