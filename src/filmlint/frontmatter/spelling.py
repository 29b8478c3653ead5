"""Where a character of a scalar's string is spelled in the source, in every scalar style.

YAML changes only layout between a scalar's source and its string (indentation, line
folding, chomping: spaces, tabs and line breaks) and, in quoted styles, spells some
characters as escapes (``''``, ``\\"``, ``\\u8C46``). So the characters of the string other
than layout are the characters the source's spellings produce, in the same order: the n-th
of them in the string is the n-th produced, and is placed at the spelling that produced it,
the character itself or its escape. Only placing a problem in a value the source does not
spell verbatim comes here.
"""

from __future__ import annotations

from collections.abc import Iterator

from ruamel.yaml.scanner import Scanner

from filmlint.text.positions import yaml_line_end

#: Spaces, tabs and YAML line breaks: what the parser may add, drop or change in a string.
LAYOUT = frozenset(" \t\r\n\x85\u2028\u2029")
#: A spelling: where it starts and ends in the source, and the text it produces.
Spelling = tuple[int, int, str]
_REPLACEMENTS: dict[str, str] = Scanner.ESCAPE_REPLACEMENTS
_CODES: dict[str, int] = Scanner.ESCAPE_CODES


def part_span(
    text: str, start: int, end: int, style: str | None, value: str, part: tuple[int, int]
) -> tuple[int, int] | None:
    """The source span of ``value[part[0]:part[1]]``, the string of the scalar spelled in
    ``text[start:end]`` (its node's span, properties included): from the spelling of its first
    character to that of its last. None when that first character is layout, which has no
    spelling of its own, or when the source does not produce the string (not expected)."""
    first, last = part[0], max(part[0], part[1] - 1)
    if first >= len(value) or value[first] in LAYOUT:
        return None
    spellings = [
        spelling
        for spelling in _spellings(text, start, end, style or "")
        if spelling[2] and spelling[2] not in LAYOUT
    ]
    if _letters("".join(s[2] for s in spellings)) != _letters(value):
        return None
    opening = spellings[_ordinal(value, first)]
    if part[1] <= first:  # an empty part (between two separators): where it is
        return opening[0], opening[0]
    closing = opening if value[last] in LAYOUT else spellings[_ordinal(value, last)]
    return opening[0], closing[1]


def _letters(text: str) -> str:
    """``text`` without layout."""
    return "".join(char for char in text if char not in LAYOUT)


def _ordinal(value: str, index: int) -> int:
    """How many characters of ``value`` before ``index`` are not layout."""
    return sum(char not in LAYOUT for char in value[:index])


def _spellings(text: str, start: int, end: int, style: str) -> Iterator[Spelling]:
    """Each spelling of the scalar's source after its properties (anchor, tag) and header."""
    position = _after_properties(text, start, end)
    if style in ("|", ">"):
        position = yaml_line_end(text, position)  # a comment may follow the header
    elif style in ("'", '"'):
        position += 1
        end -= 1  # the closing quote
    if style == '"':
        yield from _double_quoted(text, position, end)
        return
    while position < end:
        if style == "'" and text.startswith("''", position):
            yield position, position + 2, "'"
            position += 2
        else:
            yield position, position + 1, text[position]
            position += 1


def _after_properties(text: str, position: int, end: int) -> int:
    """Past the anchor and tag a node's start may hold (``&name !!str "..."``): a scalar
    never starts with ``&`` or ``!``, which are indicators."""
    while position < end and text[position] in "&!":
        while position < end and text[position] not in LAYOUT:
            position += 1
        while position < end and text[position] in LAYOUT:
            position += 1
    return position


def _double_quoted(text: str, position: int, end: int) -> Iterator[Spelling]:
    while position < end:
        char = text[position]
        if char != "\\":
            yield position, position + 1, char
            position += 1
            continue
        code = text[position + 1 : position + 2]
        if code in _REPLACEMENTS:
            yield position, position + 2, _REPLACEMENTS[code]
            position += 2
        elif code in _CODES:
            digits = _CODES[code]
            hexadecimal = text[position + 2 : position + 2 + digits]
            yield position, position + 2 + digits, chr(int(hexadecimal, 16))
            position += 2 + digits
        else:  # an escaped line break: produces nothing
            position += 1
