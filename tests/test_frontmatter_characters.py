"""Characters the YAML reader refuses, placed exactly.

A character outside YAML's printable set is a syntax error at that character, with a one-line
message.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import REQUIRED, examples


def printable(code: int) -> bool:
    """YAML 1.2's c-printable (production [1]), written from the spec."""
    return (
        code in (0x09, 0x0A, 0x0D, 0x85)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


#: What YAML refuses, but a NUL (which makes a file binary: file-encoding) and surrogates
#: (not characters: file-encoding too). Everything from U+10000 on is printable.
REFUSED = [chr(c) for c in range(0x10000) if not printable(c) and c and not 0xD800 <= c <= 0xDFFF]

#: A film with every kind of scalar and a comment, non-ASCII text (more UTF-8 bytes than
#: code points) before most places, and a body.
FILM = (
    "---\n"
    + REQUIRED.replace('"Alien"', '"Alien — エイリアン 👽"')
    + "# seen in 1979 — 👁\n"
    + "tagline: 'In space no one can hear you scream'\n"
    + "notes: |\n  Ça commence.\n  Fin.\n"
    + "crew: [Ripley, 'Dallas', \"Kane\"]\n"
    + "original:\n  title: Alien\n"
    + "---\nBody.\n"
)
YAML_START = len("---\n")
YAML_END = FILM.index("\n---\n") + 1


def lines_people_see(text: str) -> list[str]:
    """The lines of ``text`` as an editor shows them (the spec, not filmlint's code)."""
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def position_of(text: str, offset: int) -> tuple[int, int]:
    lines = lines_people_see(text[:offset])
    return len(lines), len(lines[-1]) + 1


@given(
    st.sampled_from(REFUSED),
    st.integers(YAML_START, YAML_END - 1),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
@settings(max_examples=examples(300), deadline=None)
def test_a_refused_character_is_one_yaml_syntax_problem_at_that_character(
    character: str, place: int, newline: str, bom: bool
) -> None:
    film = FILM[:place] + character + FILM[place:]
    text = ("\ufeff" if bom else "") + film.replace("\n", newline)
    (diagnostic,) = filmlint.lint_text(text)
    assert diagnostic.rule == "yaml-syntax"
    line, column = position_of(text, text.index(character))
    assert (diagnostic.line, diagnostic.column) == (line, column)
    assert (diagnostic.end_line, diagnostic.end_column) == (line, column + 1)
    message = diagnostic.message
    assert f"U+{ord(character):04X} is not allowed in YAML" in message
    assert "\n" not in message
    assert "position" not in message
    assert "<unicode string>" not in message


def test_every_refused_character_is_placed_after_wide_characters() -> None:
    place = FILM.index("👽") + 1  # after code points of 3 and 4 UTF-8 bytes
    line, column = position_of(FILM, place)
    for character in REFUSED:
        (diagnostic,) = filmlint.lint_text(FILM[:place] + character + FILM[place:])
        assert (diagnostic.rule, diagnostic.line, diagnostic.column) == (
            "yaml-syntax",
            line,
            column,
        )
        assert diagnostic.end_column == column + 1
