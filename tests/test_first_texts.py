"""``FirstTexts``: which texts of a process a shortcut judges before a compiled class."""

from __future__ import annotations

import pytest

from filmlint.rulekit.first_texts import FirstTexts


@pytest.mark.parametrize(
    ("count", "longest", "texts", "taken"),
    [
        (2, None, ["a", "b", "c", "d"], [True, True, False, False]),
        (0, None, ["a"], [False]),
        (
            3,
            2,
            ["ab", "abc", "a", "b", "c"],
            [True, False, True, True, False],
        ),  # too long: not counted
        (1, 0, ["", "a", ""], [True, False, False]),
    ],
)
def test_the_first_texts_of_at_most_the_longest_length_are_taken(
    count: int, longest: int | None, texts: list[str], taken: list[bool]
) -> None:
    first = FirstTexts(count, longest)
    assert [first.take(text) for text in texts] == taken
    assert first.taken == sum(taken)
