"""rating-format accepts a well-written rating at a glance: the findings are those of the full
check, which parses every rating as a number."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.frontmatter.parser import parse_document
from filmlint.rules import rating_format

RATINGS = st.one_of(
    st.from_regex(rating_format._CANONICAL, fullmatch=True),
    st.text(alphabet="0123456789.+- \u0661", max_size=6),
)
OPTIONS = {"fields": ["imdbRating"], "allow": []}


def findings(text: str) -> list[tuple[object, str, object]]:
    document, _ = parse_document(f"---\nimdbRating: {json.dumps(text)}\n---\n", "film.md")
    return [(p.path, p.message, p.fix) for p in rating_format.check(document, OPTIONS)]


@settings(max_examples=examples(300), deadline=None)
@given(text=RATINGS)
def test_the_fast_path_finds_what_the_full_check_finds(text: str) -> None:
    fast = findings(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rating_format, "_CANONICAL", re.compile(r"(?!)"))  # never matches
        assert fast == findings(text)
