"""The server reads a closed language version only for what the translation rules gather from
it (``Linter.context_result``), and judges the open version as a full read of it would."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import film
from filmlint.diagnostics import Diagnostic
from filmlint.engine.linter import Linter
from filmlint.server.site import OpenFile, SiteLinter

BY_PATH = (
    '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
    '[collections.films]\ninclude = ["films/*.md"]\n'
)
#: Versions found by a front-matter key: every other file of the collection is context.
BY_KEY = BY_PATH + '[rules.translation-mismatch]\nkey = "translationKey"\n'


def _site(folder: Path, config: str) -> Path:
    (folder / "filmlint.toml").write_text(config, encoding="utf-8")
    films = folder / "films"
    films.mkdir()
    return films


def _full_read(linter: Linter, english: OpenFile, closed: list[str]) -> list[Diagnostic]:
    """The open file's diagnostics with its closed versions read in full (all rules)."""
    results = [linter.text_result(english.text, english.path)]
    results += [linter.file_result(path) for path in closed]
    return linter.finish(results, offline=True, context_only=frozenset(closed))


@pytest.mark.parametrize("config", [BY_PATH, BY_KEY])
def test_a_closed_version_is_read_only_for_the_translation_rules(
    tmp_path: Path, config: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    films = _site(tmp_path, config)
    key = 'translationKey: "alien"\n'
    base = films / "alien.md"
    base.write_text(film(key + "imdbRating: 8.5\n"), encoding="utf-8")
    english = OpenFile(str(films / "alien-en.md"), 1, film(key + "imdbRating: 8.4\n"))
    site = SiteLinter()
    found = site.settings_for(english.path)
    assert found is not None
    reader = found.linter.context_reader
    readers: list[tuple[Linter, str]] = []
    file_result = Linter.file_result

    def spied(self: Linter, path: str | Path, cache: object = None) -> object:
        readers.append((self, str(path)))
        return file_result(self, path, cache)  # type: ignore[arg-type]

    monkeypatch.setattr(Linter, "file_result", spied)
    linted = site.lint(english, {english.path: english})
    assert linted is not None
    assert "FL404" in [d.code for d in linted.diagnostics]
    assert readers == [(reader, str(base))]


@pytest.mark.parametrize("how", ["per-file-ignores", "disable-file"])
def test_a_closed_base_turning_translation_missing_off_is_still_the_base(
    tmp_path: Path, how: str
) -> None:
    """The editor is told what a full run tells of the open translation: its mismatch, and
    no missing base."""
    ignores = '[per-file-ignores]\n"films/alien.md" = ["translation-missing"]\n'
    films = _site(tmp_path, BY_PATH + (ignores if how == "per-file-ignores" else ""))
    comment = "# filmlint: disable-file translation-missing\n" if how == "disable-file" else ""
    (films / "alien.md").write_text(film(comment + "year: 1979\n"), encoding="utf-8")
    english = OpenFile(str(films / "alien-en.md"), 1, film("year: 2004\n"))
    linted = SiteLinter().lint(english, {english.path: english})
    assert linted is not None
    assert [(d.rule, d.line) for d in linted.diagnostics if d.code.startswith("FL4")] == [
        ("translation-mismatch", 8)
    ]


#: Values the translation rules compare, by field (each one also not there at all).
VALUES = {
    "imdbRating": ["8.4", "8.5", '"high"'],
    "year": ["1979", "1980"],
    "country": ['"US"', '"United States / UK"', "[US, GB]"],
    "duration": ['"117 min"', '"120 min"'],
    "originalTitle": ['"Alien"', '"Alien!"'],
}
#: A comment before a line: none, a suppression of the mismatch, or of another rule.
COMMENTS = [
    "",
    "# filmlint: disable-next-line translation-mismatch\n",
    "# filmlint: disable-next-line FL101\n",
]


@st.composite
def front_matter_lines(draw: st.DrawFn) -> str:
    """Some of the compared fields, each once, each perhaps after a suppression comment,
    perhaps with a key no rule but unknown-key reports."""
    lines = ['translationKey: "a"\n']
    for field, values in VALUES.items():
        value = draw(st.sampled_from([None, *values]))
        if value is not None:
            lines.append(draw(st.sampled_from(COMMENTS)) + f"{field}: {value}\n")
    if draw(st.booleans()):
        lines.append("unknownKey: 1\n")
    return "".join(lines)


#: Whole texts of a closed base that is not a valid film.
BROKEN_BASES = st.sampled_from(
    [
        b"no front matter\n",
        b"---\nyear: [\n---\n",
        b"---\n- a list\n---\n",
        b"---\ntitle: \xff\n---\n",
        b"",
    ]
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A site of each configuration, its base version rewritten by each example."""
    return {
        config: _site(tmp_path_factory.mktemp(name), config)
        for name, config in (("by-path", BY_PATH), ("by-key", BY_KEY))
    }


@settings(max_examples=50, deadline=None)
@given(
    config=st.sampled_from([BY_PATH, BY_KEY]),
    base=st.one_of(
        front_matter_lines().map(lambda lines: film(lines).encode()),
        BROKEN_BASES,
    ),
    english_lines=front_matter_lines(),
)
def test_an_open_version_is_judged_as_by_a_full_read_of_the_closed_one(
    sites: dict[str, Path], config: str, base: bytes, english_lines: str
) -> None:
    films = sites[config]
    (films / "a.md").write_bytes(base)
    english = OpenFile(str(films / "a-en.md"), 1, film(english_lines))
    site = SiteLinter()
    found = site.settings_for(english.path)
    assert found is not None
    linted = site.lint(english, {english.path: english})
    assert linted is not None
    assert linted.diagnostics == _full_read(found.linter, english, [str(films / "a.md")])


@pytest.mark.parametrize("config", [BY_PATH, BY_KEY], ids=["by-path", "by-key"])
@pytest.mark.parametrize(
    ("on_disk", "in_editor", "fixed"),
    [
        ('"zh_cn"', None, False),  # closed, with a problem: read in full, no fix
        ('"zh-CN"', None, True),
        ('"zh-CN"', '"zh_cn"', False),  # open: its editor text is what counts
        ('"zh_cn"', '"zh-CN"', True),
    ],
)
def test_a_base_value_with_a_problem_gives_the_open_translation_no_fix(
    tmp_path: Path, config: str, on_disk: str, in_editor: str | None, fixed: bool
) -> None:
    films = _site(tmp_path, config)
    key = 'translationKey: "alien"\n'
    base = films / "alien.md"
    base.write_text(film(f"{key}contentLanguage: {on_disk}\n"), encoding="utf-8")
    english = OpenFile(str(films / "alien-en.md"), 1, film(f'{key}contentLanguage: "en"\n'))
    opened = {english.path: english}
    if in_editor is not None:
        opened[str(base)] = OpenFile(str(base), 1, film(f"{key}contentLanguage: {in_editor}\n"))
    linted = SiteLinter().lint(english, opened)
    assert linted is not None
    (mismatch,) = [d for d in linted.diagnostics if d.rule == "translation-mismatch"]
    assert (mismatch.fix is not None) is fixed
