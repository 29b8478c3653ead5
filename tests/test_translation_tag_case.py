"""The translation rules read BCP 47 tags case-insensitively: however ``locales``, ``base``
and the locale settings case their tags, the findings are those of the canonical spelling
(the same files, places and messages, but for the case of the tags they name)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples
from filmlint.engine.settings import parse_config

TAGS = ("zh-Hans", "en", "fr")
#: A set complete and one with a differing year; one without its base; one with its base
#: alone; one without en and a differing year.
FILES = {
    "a.md": 1979,
    "a-en.md": 2004,
    "a-fr.md": 1979,
    "b-en.md": 1979,
    "b-fr.md": 1979,
    "c.md": 1979,
    "d.md": 1979,
    "d-fr.md": 2004,
}
#: A tag in a message, in any case.
_TAG = re.compile(r"(?i)\b(?:zh-hans|en|fr)\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    for name, year in FILES.items():
        (folder / name).write_text(f"---\ntitle: 1\nyear: {year}\n---\n", encoding="utf-8")
    return folder


def findings(
    folder: Path, settings_tags: dict[str, str], locales: list[str], base: str
) -> list[tuple[str, int, int, str, str]]:
    """FL401 and FL404 in ``folder``: the locale settings write each tag of ``TAGS`` as
    ``settings_tags`` says, the options as ``locales`` and ``base`` do."""
    table = {
        "locale": {
            "default": settings_tags["zh-Hans"],
            "suffixes": {"en": settings_tags["en"], "fr": settings_tags["fr"]},
        },
        "select": ["FL401", "FL404"],
        "rules": {
            "translation-missing": {"locales": locales, "base": base},
            "translation-mismatch": {"base": base},
        },
    }
    config = parse_config(table, folder / "filmlint.toml")
    return [
        (Path(d.path).name, d.line, d.column, d.code, _canonical(d.message))
        for d in filmlint.Linter(config).lint_paths([folder]).diagnostics
    ]


#: Each tag of ``TAGS`` by its case-folded spelling.
_CANONICAL = {tag.casefold(): tag for tag in TAGS}


def _canonical(text: str) -> str:
    """``text`` with each tag it names as ``TAGS`` spells it."""
    return _TAG.sub(lambda found: _CANONICAL[found[0].casefold()], text)


def _case_of(tag: str) -> st.SearchStrategy[str]:
    """``tag`` with each letter in either case."""
    upper = st.lists(st.booleans(), min_size=len(tag), max_size=len(tag))
    return upper.map(
        lambda flags: "".join(
            c.upper() if u else c.lower() for c, u in zip(tag, flags, strict=True)
        )
    )


@settings(max_examples=examples(100), deadline=None)
@given(
    settings_tags=st.fixed_dictionaries({tag: _case_of(tag) for tag in TAGS}),
    locales=st.lists(st.sampled_from(TAGS).flatmap(_case_of), max_size=4),
    base=st.sampled_from(("", *TAGS)).flatmap(_case_of),
)
def test_tags_in_any_case_find_what_their_canonical_spelling_finds(
    site: Path, settings_tags: dict[str, str], locales: list[str], base: str
) -> None:
    canonical = findings(
        site, {tag: tag for tag in TAGS}, list(map(_canonical, locales)), _canonical(base)
    )
    assert findings(site, settings_tags, locales, base) == canonical


@pytest.mark.parametrize(
    ("locales", "base"),
    [
        pytest.param(["zh-hans", "en"], "", id="locales"),
        pytest.param([], "zh-hans", id="base"),
        pytest.param(["ZH-HANS", "en", "Zh-Hans"], "zh-hans", id="both"),
    ],
)
def test_a_missing_base_is_reported_once(site: Path, locales: list[str], base: str) -> None:
    """``zh-hans`` in ``locales`` or ``base`` is the default ``zh-Hans``, not a locale more."""
    found = findings(site, {tag: tag for tag in TAGS}, locales, base)
    assert [f[-1] for f in found if f[0] == "b-en.md" and f[3] == "FL401"] == [
        f"no base version (zh-Hans) of this film: {site / 'b.md'} does not exist"
    ]
