"""Every kind of line break, and positions that point at the right text (issue 12).

filmlint counts lines as CommonMark, git and editors do: LF, CRLF and a lone CR. The YAML
parser also breaks lines at NEL, U+2028 and U+2029; there, filmlint keeps counting columns on
the same line, so a position still points at the text it names.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import REQUIRED, VALID
from filmlint.frontmatter.parser import parse_document, split_front_matter

#: Line breaks for filmlint, CommonMark and YAML.
BREAKS = ("\n", "\r\n", "\r")
#: Line breaks for the YAML parser only.
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def filmlint_lines(text: str) -> list[str]:
    """The lines people see (the spec, written independently of filmlint's code)."""
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def text_at(text: str, line: int, column: int) -> str:
    return filmlint_lines(text)[line - 1][column - 1 :]


@st.composite
def films(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A film whose front matter mixes every line break, between keys and inside values, with
    unknown keys among the required ones; and those unknown keys, in file order."""
    entries = REQUIRED.splitlines()
    unknown = [f"zz{n}" for n in range(draw(st.integers(1, 4)))]
    inner_break = st.sampled_from(BREAKS + YAML_ONLY_BREAKS)
    for key in unknown:
        style = draw(st.sampled_from(["plain", "double", "single", "flow", "folded"]))
        b = draw(inner_break)
        value = {
            "plain": f"a{b}  b",  # a continuation line: the value folds
            "double": f'"a{b}b"',
            "single": f"'a{b}{b}b'",
            "flow": f"[a,{b}  b]",
            "folded": f">{b}  a{b}  b",
        }[style]
        entries.insert(draw(st.integers(0, len(entries))), f"{key}: {value}")
    separators = [draw(st.sampled_from(BREAKS + YAML_ONLY_BREAKS)) for _ in entries[1:]]
    yaml = entries[0] + "".join(s + e for s, e in zip(separators, entries[1:], strict=True))
    opening, closing = draw(st.sampled_from(BREAKS)), draw(st.sampled_from(BREAKS))
    text = "---" + opening + yaml + closing + "---" + closing + "Body" + closing
    if draw(st.booleans()):
        text = "\ufeff" + text
    order = sorted(unknown, key=lambda k: text.index(f"{k}: "))
    return text, order


@given(films())
@settings(deadline=None)
def test_every_position_points_at_its_text(case: tuple[str, list[str]]) -> None:
    text, unknown = case
    diagnostics = filmlint.lint_text(text)
    assert [d.rule for d in diagnostics] == ["unknown-key"] * len(unknown), diagnostics
    for key, diagnostic in zip(unknown, diagnostics, strict=True):
        assert diagnostic.message.startswith(f"unknown key '{key}'")
        assert text_at(text, diagnostic.line, diagnostic.column).startswith(f"{key}:")
        assert diagnostic.end_line == diagnostic.line
        assert diagnostic.end_column == diagnostic.column + len(key)


@given(films(), st.sampled_from(BREAKS + YAML_ONLY_BREAKS))
@settings(deadline=None)
def test_a_duplicate_key_names_the_line_people_see(
    case: tuple[str, list[str]], separator: str
) -> None:
    text, unknown = case
    first = unknown[0]
    closing = re.search(r"(\r\n|\r|\n)---(\r\n|\r|\n)", text)
    assert closing is not None
    text = text[: closing.start()] + separator + f"{first}: again" + text[closing.start() :]
    (duplicate,) = [d for d in filmlint.lint_text(text) if d.rule == "duplicate-key"]
    assert text_at(text, duplicate.line, duplicate.column).startswith(f"{first}: again")
    named = re.search(r"first defined at line (\d+)", duplicate.message)
    assert named is not None
    assert int(named[1]) == len(filmlint_lines(text[: text.index(f"{first}: ")]))


@given(st.sampled_from(BREAKS), st.booleans())
@settings(deadline=None)
def test_front_matter_is_found_with_any_line_break(newline: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + VALID.replace("\n", newline)
    document, findings = parse_document(text)
    assert findings == []
    assert document.data["title"] == "Alien"
    assert text[document.body_start :] == "Body." + newline


def test_an_old_mac_file_is_linted_with_exact_positions() -> None:
    text = VALID.replace('title: "Alien"', 'title: "Alien"\nyear: "1979"').replace("\n", "\r")
    ((line, column, rule),) = [(d.line, d.column, d.rule) for d in filmlint.lint_text(text)]
    assert (line, column, rule) == (3, 7, "invalid-type")


def test_a_syntax_error_after_a_yaml_only_break_names_the_line_people_see() -> None:
    text = '---\ntitle: x\u2028bad: "Alien\nmore: y\n---\n'
    (diagnostic,) = filmlint.lint_text(text)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("yaml-syntax", 4, 1)
    # YAML sees the quote on its third line (after U+2028); people see it on the second.
    assert "quoted scalar at line 2)" in diagnostic.message


def split_as_before(text: str) -> tuple[int, int, int] | None:
    """How front matter was split with python-frontmatter's delimiter pattern, which sees
    LF and CRLF line ends (not a lone CR)."""
    from frontmatter.default_handlers import YAMLHandler

    boundary = YAMLHandler.FM_BOUNDARY
    start = 1 if text.startswith("\ufeff") else 0
    if not boundary.match(text[start:]):
        return None

    def line_end(offset: int) -> int:
        found = re.compile(r"\r\n|\r|\n|\Z").search(text, offset)
        assert found is not None
        return found.end()

    yaml_start = line_end(start)
    closing = boundary.search(text, yaml_start)
    if closing is None:
        return None
    return yaml_start, closing.start(), line_end(closing.start())


@given(
    st.lists(
        st.sampled_from(["---", "----", "-", "--", " ", "\t", "\x0c", "\n", "\r\n", "x", ": "]),
        max_size=20,
    ).map("".join),
    st.booleans(),
)
@settings(deadline=None)
def test_without_a_lone_cr_front_matter_is_split_as_before(text: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + text
    split = split_front_matter(text)
    found = None if split is None else (split.yaml_start, split.yaml_end, split.body_start)
    assert found == split_as_before(text)
