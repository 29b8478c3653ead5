"""What a value's place in its file is, and how it follows from its spot, the facts
``SourceMap.spot`` reads off the parser's nodes. Not in ``sourcemap``, which loads the YAML
parser: ``filmlint.api`` gives ``placed`` to rules, and ``import filmlint`` loads no parser."""

from __future__ import annotations

from filmlint.text.positions import LINE_BREAK

#: A value's span, the line and column of its ends, and its content span (see
#: ``SourceMap.content_span``): start, end, line, column, end line, end column, content. A
#: plain tuple: run-level rules place every value they gather, and a named tuple's
#: constructor costs more than the rest of the placing.
Place = tuple[int, int, int, int, int, int, tuple[int, int] | None]
#: What a place is derived from (``placed``): the value's start, its line and column, its
#: source (the text of its span) and its content span.
Spot = tuple[int, int, int, str, tuple[int, int] | None]


def placed(spot: Spot) -> Place:
    """The place of a value from its spot: its end and the end's line and column follow
    from its source, where line breaks are counted as ``text.positions`` counts them (a span
    never starts or ends inside a CRLF)."""
    start, line, column, source, content = spot
    end = start + len(source)
    if "\n" not in source and "\r" not in source:  # one line: most values
        return (start, end, line, column, line, column + len(source), content)
    breaks = 0
    last = 0
    for match in LINE_BREAK.finditer(source):
        breaks += 1
        last = match.end()
    return (start, end, line, column, line + breaks, len(source) - last + 1, content)
