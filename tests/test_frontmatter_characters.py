"""Characters the YAML reader refuses or drops, placed exactly.

A character outside YAML's printable set is a syntax error at that character, with a one-line
message. A BOM that starts the YAML (a concatenation left it after the opening ``---``) is
dropped by the reader, which counts no position for it: every position after it must still
be the file's.
"""

from __future__ import annotations

import re

import pytest
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


# --- a stray BOM --------------------------------------------------------------------------

BOM = "\ufeff"
#: A film whose one problem (with its fix) is on the YAML's first line, and one where it is on
#: its last.
TYPO_FIRST = (
    "---\nstatus: publised\n" + REQUIRED.replace('status: "published"\n', "") + "---\nBody.\n"
)
TYPO_LAST = "---\n" + REQUIRED.replace('status: "published"', "status: publised") + "---\nBody.\n"


def problems(text: str) -> list[tuple[str, str, str, str | None]]:
    """Each problem's rule, the text its span covers, its message, and the text its fix
    replaces (None without a fix), all read through the lines people see."""
    lines = lines_people_see(text)
    found = []
    for d in filmlint.lint_text(text):
        assert d.line == d.end_line
        covered = lines[d.line - 1][d.column - 1 : d.end_column - 1]
        fixed = None
        if d.fix is not None:
            (edit,) = d.fix.edits
            fixed = text[edit.start : edit.end]
            assert (edit.start_position, edit.end_position) == (
                (d.line, d.column),
                (d.line, d.end_column),
            )
        found.append((d.rule, covered, d.message, fixed))
    return found


@pytest.mark.parametrize("film", [TYPO_FIRST, TYPO_LAST], ids=["first line", "last line"])
@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("---\n", "---\n" + BOM, id="starting the YAML"),
        pytest.param("---\n", BOM + "---\n" + BOM, id="starting the file and the YAML"),
        pytest.param("Ridley", "Rid" + BOM + "ley", id="inside a value"),
        pytest.param("topics: [", "topics: [" + BOM, id="inside a flow list"),
        pytest.param("topics", "# from the old site" + BOM + "\ntopics", id="in a comment"),
        pytest.param("Body", BOM + "Body", id="starting the body"),
    ],
)
def test_a_stray_bom_moves_no_position_and_keeps_the_fix(film: str, old: str, new: str) -> None:
    expected = problems(film)
    assert [(rule, covered, fixed) for rule, covered, _, fixed in expected] == [
        ("invalid-value", "publised", "publised")
    ]
    assert problems(film.replace(old, new, 1)) == expected


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        pytest.param("---\n", "---\n" + BOM + BOM, 3, 1, id="two starting the YAML"),
        pytest.param("director", BOM + "director", 4, 2, id="starting a later line"),
        pytest.param('"Alien"', '"Alien"' + BOM, 3, 15, id="after a quoted value"),
    ],
)
def test_a_stray_bom_that_breaks_the_yaml_is_named(
    old: str, new: str, line: int, column: int
) -> None:
    text = TYPO_FIRST.replace(old, new, 1)
    (diagnostic,) = filmlint.lint_text(text)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("yaml-syntax", line, column)
    bom_line = len(lines_people_see(text[: text.rindex(BOM)]))
    assert diagnostic.message.endswith(
        f"; an invisible U+FEFF (byte order mark) is at line {bom_line}"
    )


@pytest.mark.parametrize(
    ("character", "rule"), [("\x1b", "yaml-syntax"), ("\ud800", "file-encoding")]
)
def test_a_character_the_reader_refuses_after_a_stray_bom_is_placed(
    character: str, rule: str
) -> None:
    # The reader's errors have no mark, only an offset that counts the BOM it dropped.
    text = TYPO_FIRST.replace("Ridley", "Rid" + character + "ley").replace(
        "---\n", "---\n" + BOM, 1
    )
    (diagnostic,) = filmlint.lint_text(text)
    line, column = position_of(text, text.index(character))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == (rule, line, column)
    assert (diagnostic.end_line, diagnostic.end_column) == (line, column + 1)
