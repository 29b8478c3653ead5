"""Whatever is edited between runs, a run from the result cache reports what a run without it
reports, in one process or in workers, and a run naming one file reports on it what the
whole run does, however its path is spelt: versions of a film changed (often to a text of
the same size), removed, written back as they were, with their translation sets named by
path, by folder or by a front-matter key."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import examples, film, throwaway_folder
from filmlint.diagnostics import Diagnostic
from filmlint.engine import parallel
from filmlint.engine.project import Project

#: Each layout: its locale settings, and where the base and the English version of film
#: ``name`` are.
LAYOUTS = {
    "suffixes": (
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n',
        lambda name: (f"films/{name}.md", f"films/{name}-en.md"),
    ),
    "folders": (
        '[locale]\ndefault = "zh-Hans"\nfolders = { zh = "zh-Hans", en = "en" }\n',
        lambda name: (f"films/zh/{name}.md", f"films/en/{name}.md"),
    ),
    "key": (
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
        '[rules.translation-mismatch]\nkey = "translationKey"\n'
        '[rules.translation-missing]\nkey = "translationKey"\n',
        lambda name: (f"films/{name}.md", f"films/{name}-en.md"),
    ),
}
FILMS = ("alien", "heat")
#: What a version may say: the compared fields (a year of the same size as another, a
#: rating written two ways), a suppression, a set's key, a line YAML refuses, no front matter.
LINES = st.sampled_from(
    [
        "year: 1979\n",
        "year: 1980\n",
        "imdbRating: 8.5\n",
        'imdbRating: "8.50"\n',
        "year: 1980  # filmlint: disable-line translation-mismatch\n",
        "translationKey: alien\n",
        "translationKey: heat\n",
        'country: "US"\n',
        'country: "美国"\n',
        "topics: [\n",
    ]
)
TEXTS = st.one_of(
    st.lists(LINES, max_size=3, unique=True).map(lambda lines: film("".join(lines))),
    st.just("No front matter.\n"),
)
#: How a run names a file: as found, from the working folder, or through its folder's parent.
SPELLINGS: dict[str, Callable[[Path], str]] = {
    "absolute": str,
    "relative": os.path.relpath,
    "dotted": lambda path: str(
        Path(os.path.relpath(path.parent.parent), "..", path.parent.parent.name, *path.parts[-2:])
    ),
}
#: One version's text after an edit: None, removed.
EDITS = st.tuples(st.sampled_from(FILMS), st.booleans(), st.one_of(st.none(), TEXTS))


def told(diagnostics: list[Diagnostic], messages: bool = True) -> list[tuple[object, ...]]:
    """What was reported, each file by its real path; ``messages``: with the messages, which
    name other files as the run named them."""
    return sorted(
        (os.path.realpath(d.path), d.line, d.column, d.end_line, d.end_column, d.rule, d.fix)
        + ((d.message,) if messages else ())
        for d in diagnostics
    )


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.sampled_from(sorted(LAYOUTS)),
    st.dictionaries(st.tuples(st.sampled_from(FILMS), st.booleans()), TEXTS, min_size=1),
    st.lists(st.lists(EDITS, min_size=1, max_size=3), min_size=1, max_size=3),
    st.sampled_from(sorted(SPELLINGS)),
)
# With sets named by a front-matter key, a run that names some files reads the collection's
# others as it finds them: a file without the key, named by an absolute path or through its
# folder's parent, was in a set of its own, and its translation-missing said so; and two
# versions in one locale carried the set's missing versions by their paths as spelt.
@example(
    layout="key",
    first={("alien", True): film()},
    rounds=[[("alien", False, film())]],
    spelling="absolute",
)
@example(
    layout="key",
    first={("alien", False): film(), ("alien", True): film()},
    rounds=[[("alien", True, film("year: 1980\n"))]],
    spelling="dotted",
)
@example(
    layout="key",
    first={("alien", True): film("translationKey: heat\n")},
    rounds=[[("heat", True, film("translationKey: heat\n"))]],
    spelling="dotted",
)
# A version whose front matter cannot be read is told by its own problem, not as missing:
# a run naming its base by an absolute path asked for it by that spelling, the run having
# found it by another, and said it was missing.
@example(
    layout="key",
    first={("alien", True): film("topics: [\n")},
    rounds=[[("alien", False, film())]],
    spelling="absolute",
)
def test_a_run_from_the_cache_reports_what_a_run_without_it_reports(
    tmp_path_factory: pytest.TempPathFactory,
    layout: str,
    first: dict[tuple[str, bool], str],
    rounds: list[list[tuple[str, bool, str | None]]],
    spelling: str,
) -> None:
    config, where = LAYOUTS[layout]
    root = throwaway_folder(tmp_path_factory, "site")
    (root / "filmlint.toml").write_text(config, encoding="utf-8")

    def write(name: str, english: bool, text: str | None) -> None:
        path = root / where(name)[english]
        if text is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for (name, english), text in first.items():
        write(name, english, text)
    films = root / "films"
    Project().lint([films], use_cache=True)  # the cache the next runs start from
    for edits in rounds:
        for name, english, text in edits:
            write(name, english, text)
        uncached = Project().lint([films]).diagnostics
        expected = told(uncached)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(parallel, "FILES_PER_WORKER", 1)  # a worker for each file or two
            in_workers = Project().lint([films], use_cache=True, jobs=2).diagnostics
        assert told(in_workers) == expected
        assert told(Project().lint([films], use_cache=True).diagnostics) == expected
        spelt, placed = SPELLINGS[spelling], told(uncached, messages=False)
        for path in sorted(films.rglob("*.md")):
            named = Project().lint([spelt(path)], use_cache=True).diagnostics
            on_it = [d for d in placed if d[0] == os.path.realpath(path)]
            assert told(named, messages=False) == on_it
