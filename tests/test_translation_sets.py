"""Translation sets across a run: which files are read, and how often."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.diagnostics import Reference
from filmlint.engine import linter as linter_module
from filmlint.engine.project import Project
from filmlint.frontmatter import parser as parser_module
from filmlint.frontmatter.parser import parse_document
from filmlint.rulekit import translation_sets
from filmlint.rules import translation_mismatch

CONFIG = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en", fr = "fr" }\n'


def film(year: int) -> str:
    return f'---\ntitle: "A"\nyear: {year}\n---\n'


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file is read, by its resolved path."""
    counted: Counter[str] = Counter()
    read_file = linter_module.read_file

    def counting(path: str | Path, limit: int, found: os.stat_result | None = None) -> object:
        counted[str(Path(path).resolve())] += 1
        return read_file(path, limit, found)

    monkeypatch.setattr(linter_module, "read_file", counting)
    return counted


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "filmlint.toml").write_text(CONFIG, encoding="utf-8")
    films = tmp_path / "films"
    films.mkdir()
    for stem in ("alien", "heat"):
        for suffix, year in (("", 1979), ("-en", 2004), ("-fr", 1979)):
            (films / f"{stem}{suffix}.md").write_text(film(year), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("named", "sets", "reported"),
    [
        (["films"], ["alien", "heat"], ["films/alien-en.md", "films/heat-en.md"]),
        (["films/alien-en.md"], ["alien"], ["films/alien-en.md"]),
        (["films/alien-en.md", "films/alien.md"], ["alien"], ["films/alien-en.md"]),
        (
            ["films/alien-en.md", "films/alien.md", "films/alien-fr.md", "films/heat-fr.md"],
            ["alien", "heat"],
            ["films/alien-en.md"],
        ),
        (
            ["films/heat.md", "films/alien-fr.md", "./films/alien-en.md"],
            ["alien", "heat"],
            ["films/alien-en.md"],
        ),
    ],
    ids=["folder", "translation", "with-base", "three-and-another", "spelt-otherwise"],
)
def test_every_file_is_read_once_named_or_read_for_context(
    site: Path, reads: Counter[str], named: list[str], sets: list[str], reported: list[str]
) -> None:
    """Each version of a named file's film is read once: named, or as context; a base read
    for context whose year a fix would take (alien-en.md's) once more, in full, for what
    the other rules find at that value."""
    run = Project(select=["FL4"]).lint(named, jobs=1)
    base = site / "films" / "alien.md"
    in_full = not any(base.resolve().is_relative_to((site / name).resolve()) for name in named)
    assert reads == {
        str((site / "films" / f"{stem}{suffix}.md").resolve()): 1
        + (in_full and stem == "alien" and suffix == "")
        for stem in sets
        for suffix in ("", "-en", "-fr")
    }
    assert [Path(d.path).as_posix() for d in run.diagnostics] == reported


def test_a_run_in_one_process_parses_each_file_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field that differs from the base's is placed in the document the file phase parsed,
    not in its text parsed again: each set is judged right after its last file. The kept
    documents are as many as the largest set judged yet in the process (none in a worker
    process, which judges no set), so the count is of a second run."""
    monkeypatch.setattr(translation_mismatch, "_gathered", translation_mismatch._Gathered())
    first = Project(select=["FL4"]).lint(["films"], jobs=1)
    parsed: Counter[str | None] = Counter()
    parse = parser_module.parse_document

    def counting(text: str, path: str | None = None) -> object:
        parsed[path] += 1
        return parse(text, path)

    monkeypatch.setattr(parser_module, "parse_document", counting)
    second = Project(select=["FL4"]).lint(["films"], jobs=1)
    assert [(d.path, d.line, d.column, d.message) for d in second.diagnostics] == [
        (d.path, d.line, d.column, d.message) for d in first.diagnostics
    ]
    assert [Path(d.path).name for d in second.diagnostics] == ["alien-en.md", "heat-en.md"]
    assert sorted(parsed.values()) == [1] * 6


KEYED = CONFIG + "".join(
    f'[rules.{rule}]\nkey = "translationKey"\n'
    for rule in ("translation-missing", "translation-mismatch")
)


def keyed_film(key: str, year: int) -> str:
    return f'---\ntranslationKey: "{key}"\nyear: {year}\n---\n'


@pytest.fixture
def keyed_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sets named by a front-matter key, whose files' names say nothing of one another."""
    (tmp_path / "filmlint.toml").write_text(KEYED, encoding="utf-8")
    films = tmp_path / "films"
    films.mkdir()
    (films / "yixing.md").write_text(keyed_film("alien", 1979), encoding="utf-8")
    (films / "alien-en.md").write_text(keyed_film("alien", 2004), encoding="utf-8")
    (films / "alien-fr.md").write_text(keyed_film("alien", 1979), encoding="utf-8")
    (films / "re-xue.md").write_text(keyed_film("heat", 1995), encoding="utf-8")
    (films / "heat-en.md").write_text(keyed_film("heat", 1996), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "films")  # named from inside the site
    return tmp_path


@pytest.mark.parametrize("named", [["alien-en.md"], ["alien-en.md", "./yixing.md"]])
def test_a_partial_run_with_keyed_sets_reads_the_collection_once(
    keyed_site: Path, reads: Counter[str], named: list[str]
) -> None:
    """The path cannot tell a keyed set's members: every file of the collection is read,
    once (the base read for context, whose year a fix would take, once more in full), and
    only the named ones are reported on."""
    run = Project(select=["FL4"]).lint(named, jobs=1)
    films = keyed_site / "films"
    again = str((films / "yixing.md").resolve()) if "./yixing.md" not in named else None
    assert reads == {
        str(path.resolve()): 1 + (str(path.resolve()) == again) for path in films.glob("*.md")
    }
    assert [(d.path, d.rule) for d in run.diagnostics] == [("alien-en.md", "translation-mismatch")]
    assert run.diagnostics[0].message.endswith(" in the base yixing.md:3")
    assert run.files == len(named)


def test_a_partial_fix_with_keyed_sets_takes_the_base_value(keyed_site: Path) -> None:
    run = Project(select=["FL4"]).fix(["alien-en.md"], unsafe=True)
    assert [(r.path, r.text) for r in run.results] == [("alien-en.md", keyed_film("alien", 1979))]
    assert run.diagnostics == []


@settings(max_examples=examples(300), deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('ab美",\\\x1f\n')), max_size=8),
    st.text(alphabet=st.sampled_from(list('ab美",\\\x1f\n')), max_size=8),
    st.text(max_size=5),
)
def test_a_value_names_a_set_as_its_first_line_reads(key: str, other: str, body: str) -> None:
    """``opening`` (a prefix, not decoded) says what ``named_set`` reads, of a value made by
    ``encode``: the set of its key, and no other."""
    document = parse_document("---\na: 1\n---\n", "films/a.md")[0]
    document.locale = "en"
    value = translation_sets.encode(key, document, body)
    assert translation_sets.named_set(value) == key
    assert value.startswith(translation_sets.opening(key))
    assert value.startswith(translation_sets.opening(other)) == (other == key)


def _head_as_json_reads_it(value: str) -> tuple[str, object, int] | None:
    cut = value.find("\n")
    try:
        found, end = json.JSONDecoder().raw_decode(value)
    except ValueError:
        return None
    if cut >= 0 and end == cut and isinstance(found, list) and len(found) == 2:
        return (found[0], found[1], cut) if isinstance(found[0], str) else None
    return None


_HEAD_PARTS = st.text(alphabet=st.sampled_from(list('ab美", \\\x1f\u2028\ud800[]')), max_size=6)


@settings(max_examples=examples(500), deadline=None)
@given(
    st.one_of(
        st.builds(lambda k, t, b: f'["{k}","{t}"]\n{b}', _HEAD_PARTS, _HEAD_PARTS, _HEAD_PARTS),
        st.builds(lambda k, t: f"[{json.dumps(k)}, {json.dumps(t)}]\nx", _HEAD_PARTS, _HEAD_PARTS),
        _HEAD_PARTS,
    )
)
def test_a_value_s_set_and_locale_are_what_json_reads_in_its_first_line(value: str) -> None:
    """The set and locale of a value are read without the JSON decoder where its first line
    holds no escape: on any first line, what the decoder reads, or nothing where it cannot."""
    assert translation_sets._head(value) == _head_as_json_reads_it(value)


@settings(max_examples=examples(500), deadline=None)
@given(
    _HEAD_PARTS,
    st.lists(
        st.one_of(
            st.builds(lambda t, b: (t, b), _HEAD_PARTS, _HEAD_PARTS),  # a locale as encode writes
            st.builds(lambda t, b: (None, f'{t}"]\n{b}'), _HEAD_PARTS, _HEAD_PARTS),  # any tail
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_a_set_s_members_are_read_after_its_opening_as_from_the_whole_line(
    key: str, values: list[tuple[str | None, str]]
) -> None:
    """The members of a set whose values all begin with its opening: each with the locale
    and body its whole first line gives, or an error where that line names no set."""
    opening = translation_sets.opening(key)
    references = []
    for locale, rest in values:
        if locale is None:
            value = opening + rest
        else:
            document = parse_document("---\na: 1\n---\n", "films/a.md")[0]
            document.locale = locale
            value = translation_sets.encode(key, document, rest)
        references.append(Reference("translation-missing", value, "films/a.md", 0, 0, 1, 1, 1, 1))
    heads = [_head_as_json_reads_it(reference.value) for reference in references]
    if None in heads:
        with pytest.raises(ValueError, match="not a value of a translation set"):
            translation_sets.members_of_set(references, key)
        return
    members = translation_sets.members_of_set(references, key)
    assert [(m.locale, m.start) for m in members] == [
        (head[1], head[2] + 1) for head in heads if head is not None
    ]


def by_path(name: str | None, key_option: str) -> str | None:
    """A set's name as ``set_key`` gives it: with a ``key`` option, a file without the key is
    in the set of its path spelt absolute (one file, one set, however a run names it)."""
    if name is None or not key_option or not name.startswith("path:"):
        return name
    return "path:" + os.path.abspath(name.removeprefix("path:"))  # noqa: PTH100


@pytest.mark.parametrize(
    ("yaml", "key_option", "expected"),
    [
        pytest.param("title: Alien\n", "", "path:films/alien.md", id="a mapping: by path"),
        pytest.param("{}\n", "", "path:films/alien.md", id="an empty mapping: by path"),
        pytest.param("translationKey: alien\n", "translationKey", "key:alien", id="by key"),
        pytest.param("title: Alien\n", "translationKey", "path:films/alien.md", id="no key"),
        pytest.param("- Alien\n", "", None, id="a list: no set"),
        pytest.param("- translationKey\n", "translationKey", None, id="a list, with key"),
        pytest.param("Alien\n", "", None, id="a scalar: no set"),
    ],
)
def test_a_file_s_set_is_named_only_for_a_mapping(
    yaml: str, key_option: str, expected: str | None
) -> None:
    document = parse_document(f"---\n{yaml}---\n", "films/alien-en.md")[0]
    document.locale, document.unlocalized_path = "en", "films/alien.md"
    assert translation_sets.set_key(document, {"key": key_option}) == by_path(expected, key_option)
    document.locale = None
    assert translation_sets.set_key(document, {"key": key_option}) is None


LONG = "1" * 5000  # more digits than Python converts to text


@pytest.mark.parametrize(
    ("value", "named"),
    [
        pytest.param('"alien"', "key:alien", id="a string"),
        pytest.param("1979", "key:1979", id="an int"),
        pytest.param('"1979"', "key:1979", id="a quoted int"),
        pytest.param("0x7B3", "key:1971", id="an int in hex: its digits"),
        pytest.param("&year 1979", "key:1979", id="an anchored int"),
        pytest.param(LONG, f"key:{LONG}", id="a long int: as written"),
        pytest.param("1.50", "key:1.50", id="a float: as written"),
        pytest.param("!!float 1", "key:1", id="a tagged float: as written"),
        pytest.param("1e3", "key:1e3", id="a float with an exponent"),
        pytest.param("2024-01-01", "key:2024-01-01", id="a date"),
        pytest.param("true", "path:films/alien.md", id="a bool"),
        pytest.param("null", "path:films/alien.md", id="null"),
        pytest.param("[1979]", "path:films/alien.md", id="a list"),
        pytest.param("{a: 1}", "path:films/alien.md", id="a mapping"),
        pytest.param('""', "path:films/alien.md", id="an empty string"),
        pytest.param('"  "', "path:films/alien.md", id="spaces"),
    ],
)
def test_a_translation_key_names_its_set_as_text(value: str, named: str) -> None:
    """As Hugo reads the key: text; a value that is no text, nor a number, names no set."""
    text = f"---\ntranslationKey: {value}\ntitle: Alien\n---\n"
    document = parse_document(text, "films/alien-en.md")[0]
    document.locale, document.unlocalized_path = "en", "films/alien.md"
    assert translation_sets.set_key(document, {"key": "translationKey"}) == by_path(named, "key")


@pytest.mark.parametrize(
    ("base", "translation", "one_set"),
    [
        pytest.param("1979", "1979", True, id="ints"),
        pytest.param("1979", '"1979"', True, id="an int and a quoted int"),
        pytest.param("1.50", '"1.50"', True, id="a float and its text"),
        pytest.param("1.50", "1.5", False, id="floats written otherwise"),
        pytest.param("2024-01-01", '"2024-01-01"', True, id="a date and its text"),
        pytest.param("true", "true", False, id="bools"),
        pytest.param("null", "null", False, id="nulls"),
        pytest.param("[1979]", "[1979]", False, id="lists"),
        pytest.param('""', '""', False, id="empty strings"),
        pytest.param('" "', '" "', False, id="spaces"),
    ],
)
def test_files_whose_keys_are_alike_as_text_are_one_set(
    tmp_path: Path, base: str, translation: str, one_set: bool
) -> None:
    """``alien.md`` and ``film-en.md`` are one set only by their key: then the translation's
    year differs from the base's, and no version is missing."""
    keyed = KEYED.replace(', fr = "fr"', "")  # two locales: only the base is expected
    (tmp_path / "filmlint.toml").write_text(keyed, encoding="utf-8")
    for name, value, year in (("alien.md", base, 1979), ("film-en.md", translation, 2004)):
        text = f"---\ntranslationKey: {value}\nyear: {year}\n---\n"
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = Project(select=["FL4"]).lint([tmp_path], jobs=1).diagnostics
    expected = (
        [("film-en.md", "translation-mismatch")]
        if one_set
        else [("alien.md", "translation-missing"), ("film-en.md", "translation-missing")]
    )
    assert [(Path(d.path).name, d.rule) for d in found] == expected


_LINES = st.text(alphabet=st.sampled_from(list("ab\n\x1f")), max_size=6)


@settings(max_examples=examples(500), deadline=None)
@given(_LINES, _LINES.map(lambda text: text.replace("\n", "")), st.integers(0, 8))
def test_a_member_s_first_line_is_told_without_copying_it(
    value: str, line: str, start: int
) -> None:
    """``first_line_is`` says what comparing ``first_line()`` would, wherever the body starts
    (at the value's end too: an empty body), for any line without a line break."""
    reference = Reference("translation-mismatch", value, "films/a.md", 0, 0, 1, 1, 1, 1)
    member = translation_sets.Member(reference, "en", min(start, len(value)))
    assert member.first_line_is(line) == (member.first_line() == line)
