"""Whatever values a film holds, the rules report problems and never fail."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import front, lint

FIELDS = ["imdbRating", "doubanRating", "duration", "year", "releaseDate", "posterImage"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "https://x.com:" + "9" * 5000,  # more digits than int() reads
            "https://[::1",
            "http://",
            "//",
            "2h 19m",
            "N/A",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["platform", "url", "x"]), children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from([*FIELDS, "sourceUrl", "topics"]), values, max_size=6))
def test_rules_never_fail(fields: dict[str, object]) -> None:
    yaml = "\n".join(f"{key}: {json.dumps(value)}" for key, value in fields.items())
    for diagnostic in lint(front(yaml)):
        assert diagnostic.line >= 1 and diagnostic.column >= 1
