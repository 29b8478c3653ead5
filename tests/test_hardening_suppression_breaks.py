"""A suppression comment ends where YAML ends it: at NEL (U+0085), LINE SEPARATOR (U+2028) and
PARAGRAPH SEPARATOR (U+2029) too, which are not line breaks to filmlint, git or editors."""

from __future__ import annotations

import pytest

from conftest import film, lint

YAML_ONLY_BREAKS = ["\x85", "\u2028", "\u2029"]


def rules(text: str) -> list[tuple[int, str, str]]:
    return [(d.line, d.rule, d.message) for d in lint(text, "film.md")]


@pytest.mark.parametrize("brk", YAML_ONLY_BREAKS, ids=repr)
def test_what_follows_a_yaml_line_break_is_not_the_comments_rule_list(brk: str) -> None:
    # "year : 1979" is the next YAML line: a key, not the rules "year", ":" and "1979".
    text = film(f'directer: "Ridley Scott"  # filmlint: disable-line unknown-key{brk}year : 1979\n')
    assert rules(text) == []


@pytest.mark.parametrize("brk", YAML_ONLY_BREAKS, ids=repr)
def test_a_directive_after_a_yaml_line_break_is_its_own_comment(brk: str) -> None:
    # The first comment ends at the break; the directive is the next YAML line's comment.
    text = film(
        f'genre: ["Drama"]  # a note{brk}directer: "R"  # filmlint: disable-line unknown-key\n'
    )
    assert rules(text) == []


@pytest.mark.parametrize("brk", YAML_ONLY_BREAKS, ids=repr)
def test_a_bare_directive_ended_by_a_yaml_line_break_covers_every_rule(brk: str) -> None:
    # Without rules before the break, the directive covers every rule, as at a line end.
    text = film(f"# filmlint: disable-file{brk}directer : 1\n")
    assert rules(text) == []
    assert rules(film("directer : 1\n")) != []


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", *YAML_ONLY_BREAKS], ids=repr)
def test_an_unknown_rule_before_the_break_is_still_reported_at_its_place(brk: str) -> None:
    text = film(f"# filmlint: disable-file no-such-rule{brk}year: 1979\n")
    [(line, rule, message)] = rules(text)
    assert (line, rule) == (8, "unused-suppression")
    assert message == "unknown rule 'no-such-rule' in suppression (see 'filmlint rules')"
