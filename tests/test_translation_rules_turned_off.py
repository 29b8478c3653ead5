"""A file that turns a translation rule off (``per-file-ignores``, a suppression comment) is
still a version of its film, and nothing is told on it: translation-missing counts it, and
tells a version missing from its film on the next version that has the rule on;
translation-mismatch still compares translations with a base that per-file-ignores name,
but not with what a suppression comment in the base covers."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from contextlib import chdir
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples, film, run_cli
from filmlint import Linter
from filmlint.engine import parallel
from filmlint.engine.cache import ResultCache

MISSING, MISMATCH = "translation-missing", "translation-mismatch"
RULES = [MISSING, MISMATCH]
LOCALES = """\
[locale]
default = "zh-Hans"
suffixes = { en = "en", fr = "fr" }
"""
#: The same, with sets named by a front-matter key: judged in the run phase, not streamed.
BY_KEY = LOCALES + "".join(f'\n[rules.{rule}]\nkey = "translationKey"\n' for rule in RULES)

#: How a file turns rules off: by the configuration, by a comment for the whole file, or by a
#: comment on its year (translation-mismatch only: the year is what differs).
HOW = ("per-file-ignores", "disable-file", "disable-line")


def film_text(stem: str, year: int, how: str | None = None, rules: tuple[str, ...] = ()) -> str:
    """A film of the set ``stem`` (its translation key too), its year on line 9, turning
    ``rules`` off ``how``."""
    named = " ".join(rules)
    text = f'translationKey: "{stem}"\nyear: {year}'
    if how == "disable-line":
        text += f"  # filmlint: disable-line {named}"
    if how == "disable-file":
        text += f"\n# filmlint: disable-file {named}"
    return film(text + "\n")


def film_of(name: str) -> str:
    """The film a file of ``films/`` is a version of: its name without locale or extension."""
    return name.removesuffix(".md").removesuffix("-en").removesuffix("-fr")


def write_site(
    root: Path,
    config: str,
    years: Mapping[str, int],
    turned_off: Mapping[str, tuple[str, tuple[str, ...]]],
) -> None:
    """``years``: each file's year, by its name in ``films/``; ``turned_off``: the files that
    turn rules off, with how and which."""
    ignores = {name: rules for name, (how, rules) in turned_off.items() if how == HOW[0]}
    table = "".join(f'"films/{name}" = {list(rules)!r}\n' for name, rules in ignores.items())
    text = config + (f"\n[per-file-ignores]\n{table}" if table else "")
    (root / "filmlint.toml").write_text(text.replace("'", '"'), encoding="utf-8")
    films = root / "films"
    films.mkdir()
    for name, year in years.items():
        how, rules = turned_off.get(name, (None, ()))
        text = film_text(film_of(name), year, None if how == HOW[0] else how, rules)
        (films / name).write_text(text, encoding="utf-8")


Row = tuple[str, int, str, str]


def found(
    root: Path, *, jobs: int = 1, cache: Path | None = None, named: str = "films"
) -> list[Row]:
    """The translation rules' diagnostics of a run over the site (or the ``named`` path):
    file, line, rule, message."""
    with chdir(root):
        run = Linter(select=RULES).lint_paths(
            [named], jobs=jobs, cache=None if cache is None else ResultCache(cache)
        )
    return [(Path(d.path).name, d.line, d.rule, d.message) for d in run.diagnostics]


YEARS = {"a.md": 1979, "a-en.md": 2004, "a-fr.md": 1979, "b.md": 1986, "b-en.md": 1986}
#: What the site reports with every rule on.
ALL_ON = [
    ("a-en.md", 9, MISMATCH, "year is 2004 here but 1979 in the base films/a.md:9"),
    ("b.md", 1, MISSING, "no fr version of this film: films/b-fr.md does not exist"),
]


TurnedOff = dict[str, tuple[str, tuple[str, ...]]]
#: How files turn the rules off, and what the site then reports.
CASES: dict[str, tuple[TurnedOff, list[Row]]] = {
    "all on": ({}, ALL_ON),
    # A base without translation-missing is still the base of its translations.
    "base ignores missing": ({"a.md": ("per-file-ignores", (MISSING,))}, ALL_ON),
    "base disables missing": ({"a.md": ("disable-file", (MISSING,))}, ALL_ON),
    # per-file-ignores on a base hide what is told on it alone (translation-mismatch tells
    # nothing there); a comment in it takes what it covers out of the comparison.
    "base ignores mismatch": ({"a.md": ("per-file-ignores", (MISMATCH,))}, ALL_ON),
    "base disables both": ({"a.md": ("disable-file", (MISMATCH, MISSING))}, ALL_ON[1:]),
    "base disables its year": ({"a.md": ("disable-line", (MISMATCH,))}, ALL_ON[1:]),
    # A translation without them: nothing is told on it, and it is no missing version.
    "translation ignores both": (
        {"a-en.md": ("per-file-ignores", (MISMATCH, MISSING))},
        ALL_ON[1:],
    ),
    "translation disables both": (
        {"a-en.md": ("disable-file", (MISMATCH, MISSING))},
        ALL_ON[1:],
    ),
    "translation disables its year": ({"a-en.md": ("disable-line", (MISMATCH,))}, ALL_ON[1:]),
    # A missing version is told on the next version of its film that has the rule on.
    "base ignores missing, told on a translation": (
        {"b.md": ("per-file-ignores", (MISSING,))},
        [ALL_ON[0], ("b-en.md", 1, MISSING, ALL_ON[1][3])],
    ),
    "every version turns missing off": (
        {"b.md": ("disable-file", (MISSING,)), "b-en.md": ("per-file-ignores", (MISSING,))},
        ALL_ON[:1],
    ),
}


@pytest.mark.parametrize("config", [LOCALES, BY_KEY], ids=["sets by path", "sets by key"])
@pytest.mark.parametrize(("turned_off", "expected"), CASES.values(), ids=CASES)
def test_a_file_turning_a_rule_off_is_still_a_version_of_its_film(
    tmp_path: Path,
    config: str,
    turned_off: TurnedOff,
    expected: list[Row],
) -> None:
    write_site(tmp_path, config, YEARS, turned_off)
    assert found(tmp_path) == expected
    # The same from the result cache: a file's values keep whether they are shown.
    assert found(tmp_path, cache=tmp_path / "cache") == expected
    assert found(tmp_path, cache=tmp_path / "cache") == expected


@pytest.mark.parametrize("turned_off", [case for case, _ in CASES.values()], ids=CASES)
@pytest.mark.parametrize("named", ["a.md", "a-en.md", "b-en.md"])
def test_a_run_naming_one_file_tells_on_it_what_a_whole_run_tells_of_its_film(
    tmp_path: Path, turned_off: TurnedOff, named: str
) -> None:
    """As a pre-commit hook names the staged file alone: what is told on it is what the
    whole run tells on it, its mismatches and, when it carries them, its film's missing
    versions (runs that name parts of a site tell each problem once)."""
    write_site(tmp_path, LOCALES, YEARS, turned_off)
    whole, alone = found(tmp_path), found(tmp_path, named=f"films/{named}")
    assert alone == [row for row in whole if row[0] == named]


@pytest.mark.slow  # starts worker processes
def test_worker_processes_judge_the_files_turning_rules_off_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker judges the sets of its files, and sends what is shown of them."""
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 2)
    turned_off = {
        "a.md": ("disable-file", (MISSING,)),
        "b.md": ("per-file-ignores", (MISSING,)),
    }
    write_site(tmp_path, LOCALES, YEARS, turned_off)
    expected = [ALL_ON[0], ("b-en.md", 1, MISSING, ALL_ON[1][3])]
    assert found(tmp_path, jobs=2) == expected


SUFFIXES = ("", "-en", "-fr")
#: A version of a film: absent, or its year and how it turns which rules off (if it does).
turning_off = st.sampled_from(HOW[:2]).flatmap(
    lambda how: st.tuples(st.just(how), st.sampled_from([(MISSING,), (MISMATCH,), tuple(RULES)]))
) | st.just(("disable-line", (MISMATCH,)))
version = st.none() | st.tuples(st.sampled_from([1979, 2004]), st.none() | turning_off)
site_films = st.lists(
    st.tuples(version, version, version).filter(lambda versions: any(versions)),
    min_size=1,
    max_size=3,
)


@settings(max_examples=examples(100), deadline=None)
@given(films=site_films, config=st.sampled_from([LOCALES, BY_KEY]))
@example(films=[((1979, ("per-file-ignores", (MISSING,))), (2004, None), None)], config=LOCALES)
def test_turning_rules_off_in_files_changes_only_what_is_told_on_them_or_compared(
    films: list[tuple[tuple[int, tuple[str, tuple[str, ...]] | None] | None, ...]], config: str
) -> None:
    """Mismatches are those of the site with every rule on, but on the files that turn
    translation-mismatch off, or whose base does with a comment (the year is all that
    differs); each missing version is told on the first version of its film (base, en, fr)
    that has translation-missing on, and on none if no version does."""
    years: dict[str, int] = {}
    turned_off: dict[str, tuple[str, tuple[str, ...]]] = {}
    for number, versions in enumerate(films):
        for suffix, present in zip(SUFFIXES, versions, strict=True):
            if present is not None:
                name = f"f{number}{suffix}.md"
                years[name] = present[0]
                if present[1] is not None:
                    turned_off[name] = present[1]
    with tempfile.TemporaryDirectory() as folder:
        all_on, some_off = Path(folder) / "all-on", Path(folder) / "some-off"
        for root, off in ((all_on, {}), (some_off, turned_off)):
            root.mkdir()
            write_site(root, config, years, off)
        before, after = found(all_on), found(some_off)

    def off(name: str, rule: str, *, commented: bool = False) -> bool:
        how, rules = turned_off.get(name, ("", ()))
        return rule in rules and not (commented and how == "per-file-ignores")

    expected = []
    for row in before:
        versions = [f"{film_of(row[0])}{suffix}.md" for suffix in SUFFIXES]
        if row[2] == MISMATCH:
            if not off(row[0], MISMATCH) and not off(versions[0], MISMATCH, commented=True):
                expected.append(row)
            continue
        told = [name for name in versions if name in years and not off(name, MISSING)]
        if told:
            expected.append((told[0], row[1], MISSING, row[3]))
    assert sorted(after) == sorted(expected)


@pytest.mark.parametrize("how", ["per-file-ignores", "disable-file", "disable-line"])
def test_a_translation_turning_the_mismatch_off_is_not_fixed(tmp_path: Path, how: str) -> None:
    """``--fix --unsafe-fixes`` takes the base's value only where the mismatch is told."""
    write_site(tmp_path, LOCALES, YEARS, {"a-en.md": (how, (MISMATCH,))})
    translation = tmp_path / "films" / "a-en.md"
    before = translation.read_bytes()
    result = run_cli("check", "--select", "FL404", "--fix", "--unsafe-fixes", "films", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert translation.read_bytes() == before
