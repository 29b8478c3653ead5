"""Cheaper forms of checks a one-file run makes, against the forms they replace: the same
answer for every input, only without what the old form loaded or compiled."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from filmlint.rules import script_variant

#: script-variant's former test for a character from the first CJK block on.
_FROM_CJK = re.compile("[\u2e80-\U0010ffff]")

#: Text around the boundary of the first CJK block, with ASCII, surrogates and the top plane.
_AROUND_CJK = st.text(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0x7F),
        st.characters(min_codepoint=0x2E70, max_codepoint=0x2E90),
        st.characters(),
    )
)


@given(_AROUND_CJK)
def test_may_have_han_answers_as_the_pattern_did(text: str) -> None:
    assert script_variant._may_have_han(text) == (_FROM_CJK.search(text) is not None)


def test_may_have_han_at_the_boundary() -> None:
    assert not script_variant._may_have_han("abc\u2e7f")
    assert script_variant._may_have_han("abc\u2e80")
    assert script_variant._may_have_han("\U0010ffff")
    assert not script_variant._may_have_han("")
