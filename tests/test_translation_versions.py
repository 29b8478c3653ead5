"""The paths of a file's language versions (``PathPolicy.versions``), which a run asks for
every file, on generated paths: the same as spelt out with ``os.path`` step by step (names
of dots, several dots, no extension, doubled slashes, suffixes inside names)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.engine.paths import PathPolicy
from filmlint.engine.settings import parse_config
from filmlint.rulekit.declaration import Registry

SUFFIXES = {"en": "en", "fr": "fr", "pt-br": "pt-BR"}
_TABLE: dict[str, Any] = {"locale": {"default": "zh-Hans", "suffixes": SUFFIXES}}
POLICY = PathPolicy(parse_config(_TABLE, None), Registry([]))

segments = st.sampled_from(["a", "b", ".", "-", "_", "en", "fr", "pt-br", ".md"])
names = st.lists(segments, min_size=1, max_size=6).map("".join) | st.sampled_from(
    ["..md", ".md", "-en.md", "a-en", "..-en.md", ".-en.md", "a.b-en.md", "film.en.md", "x_fr"]
)
paths = st.builds(
    lambda folders, slash, name: slash.join([*folders, name]),
    st.lists(st.sampled_from(["films", "en", "a.b", ".."]), max_size=2),
    st.sampled_from(["/", "//"]),
    names,
)


def _spelt_out(policy: PathPolicy, path: str) -> tuple[str, dict[str, str]]:
    """``versions`` for a site whose locales are named by suffixes alone, with ``os.path``."""
    folder, name = os.path.split(path)
    stem, extension = os.path.splitext(name)  # noqa: PTH122
    unlocalized, separator = path, "-"
    found = next(
        (
            ending
            for endings, _ in policy._suffixes
            for ending in endings
            if stem.endswith(ending) and len(stem) > len(ending)
        ),
        None,
    )
    if found is not None:
        bare = stem[: -len(found)] + extension
        unlocalized = os.path.join(folder, bare) if folder else bare  # noqa: PTH118
        separator = found[0]
    stem, extension = os.path.splitext(unlocalized)  # noqa: PTH122
    versions = {"zh-Hans": unlocalized}
    for suffix, tag in SUFFIXES.items():
        versions[tag] = stem + separator + suffix + extension
    return unlocalized, versions


@settings(max_examples=examples(500), deadline=None)
@given(paths)
def test_versions_are_the_path_without_its_suffix_and_with_each_other(path: str) -> None:
    assert POLICY.versions(path) == _spelt_out(POLICY, path)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(paths, max_size=6))
def test_other_versions_are_the_versions_not_among_the_names(names: list[str]) -> None:
    """Worked out from the name alone where no locale folder is configured: the same paths,
    in the same order, as each name's ``versions`` give."""
    expected = {
        version: None
        for name in names
        for version in POLICY.versions(name)[1].values()
        if version not in names
    }
    assert POLICY.other_versions(names) == list(expected)
    # A run plans its sets with its versions: each name's path without its locale, and
    # its locale as the name gives it.
    assert POLICY.sets_and_versions(names) == (
        [POLICY.unlocalized(n) for n in names],
        list(expected),
        {n: POLICY.locale_source(n) for n in names},
    )
