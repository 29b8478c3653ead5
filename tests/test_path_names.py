"""``engine.paths`` splits a path into its folder, stem and extension (and joins a folder and
a name) without os.path's functions where "/" is the only separator: on any path, what it
gives is what os.path gives."""

from __future__ import annotations

import os

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.engine.paths import joined, split_name

#: Paths rich in what splitting turns on: slashes (doubled, leading, trailing) and dots.
paths = st.text(alphabet=st.sampled_from(["/", ".", "a", "-", "e", "n", "é", " "]), max_size=14)


@settings(max_examples=examples(1000), deadline=None)
@given(paths)
@example("films/alien-en.md")
@example("/alien.md")
@example("films//alien-en.md")
@example("films/..md")
@example(".md")
@example("films/.hidden")
def test_a_path_splits_and_joins_as_os_path_does(path: str) -> None:
    folder, name = os.path.split(path)
    stem, extension = os.path.splitext(name)  # noqa: PTH122 (the reference)
    assert split_name(path) == (folder, stem, extension)
    expected = os.path.join(folder, name) if folder else name  # noqa: PTH118
    assert joined(folder, name) == expected
