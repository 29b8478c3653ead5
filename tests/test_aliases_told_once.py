"""A value reached by several paths (aliases of one anchor, a merge key) is one value in the
file: a problem with it is told once, however many fields name it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, lint

BASE = 'title: "A"\ndirector: "B"\ndescription: "C"\ntopics: ["x"]\nstatus: "published"\n'
#: Fields of one rule, and a value that rule refuses in each.
BAD = {
    "rating-format": (["imdbRating", "doubanRating"], "11"),
    "language-code": (["language", "contentLanguage"], '"xx-!!"'),
}


@settings(max_examples=examples(100))
@given(st.sampled_from(sorted(BAD)), st.integers(1, 2), st.booleans())
def test_an_anchored_bad_value_is_told_once(rule: str, aliases: int, merged: bool) -> None:
    fields, value = BAD[rule]
    named = [fields[0], *fields[1 : 1 + aliases]]
    lines = [f"{named[0]}: &v {value}", *(f"{field}: *v" for field in named[1:])]
    text = BASE + "\n".join(lines) + "\n"
    if merged:  # and once more through a merge key
        text = f"{BASE}{lines[0]}\n<<: {{{fields[-1]}: *v}}\n"
    found = [(d.rule, d.line, d.column, d.message) for d in lint(f"---\n{text}---\n")]
    assert len(found) == len(set(found))
    assert sum(1 for f in found if f[0] == rule) == 1
