"""The prose of a Markdown body: its paragraphs, without what is not language.

Fenced code blocks, code spans, HTML comments, URLs (bare or ``<autolinks>``), link and image
targets (``](...)``) and link reference definitions are skipped; a link's text and a
footnote's (``[^1]: ...``) are prose. A bare URL ends at a space or at a character that is
neither printable ASCII nor a letter or digit: ``https://x.org。这部电影`` is a URL followed by
prose.
A paragraph is a block of text: a run of lines between blank lines, split where a heading,
a thematic break, a list item or a block quote starts; a line ends at LF, CRLF or a lone CR, as
in CommonMark. Offsets are code points into the body.
This is a reader for checks of language, not a Markdown parser: it errs on the side of
skipping.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from itertools import pairwise
from typing import Protocol

from filmlint.text.positions import line_end, line_start


@cache
def _skipped(cr: bool = False) -> re.Pattern[str]:
    """Spans that are not prose; compiled on first use (a tenth of a one-file check's rule
    start-up), as most bodies have no mark that starts one. ``^`` starts a line after LF
    only; a body with a CR (``cr``) takes a lookbehind for any line break instead, about a
    third dearer at each character tried."""
    line_start = r"(?<![^\r\n])" if cr else "^"
    return re.compile(
        # At a line's start, a fenced code block, to its closing fence or the end of the
        # body, or a link reference definition (not a footnote's, ``[^1]: ``: its text is
        # prose, as in GFM).
        line_start + r"[ ]{0,3}(?:(?P<fence>`{3,}|~{3,})[^\r\n]*(?:\r\n|\r|\n)"
        r"(?:.*?" + line_start + r"[ ]{0,3}(?P=fence)[`~]*[ \t]*(?=[\r\n]|\Z)|.*\Z)"
        r"|\[(?!\^)[^\]\r\n]+\]:[^\r\n]*)"
        r"|<!--.*?(?:-->|\Z)"
        # A code span's opening run, as CommonMark reads one: a whole run of backticks opens
        # one unless a backslash escapes its first (an escaped backtick is text, the rest of
        # its run may open one; ``\\`` is an escaped backslash). The span starts at the
        # backslashes before the run, and with a character class: the engine rejects it at
        # most characters without trying the lookbehinds. Its closing run is found by
        # ``_CodeSpans``: a search for it from each opener would scan a paragraph again for
        # each run left open.
        r"|[`\\](?<!\\.|``)(?:(?<=\\)(?:\\\\)*[\\`]`|(?<=`))(?P<ticks>`*)(?!`)"
        r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"
        # A link target. Its destination and title stop at the next ``](``, which starts
        # the next target (a title holding one is read as text): an unclosed target is not
        # scanned to the paragraph's end from each of its followers
        # (written unrolled, a class's run between each ``]``: an alternative tried at each
        # character is half as fast).
        r"|\]\(\s*(?:<[^<>\r\n]*>|[^\s()\]]*(?:\](?!\()[^\s()\]]*)*"
        r"(?:\([^\s()\]]*(?:\](?!\()[^\s()\]]*)*\)[^\s()\]]*(?:\](?!\()[^\s()\]]*)*)*)"
        r"(?:\s+(?:\"[^\"\]]*(?:\](?!\()[^\"\]]*)*\"|'[^'\]]*(?:\](?!\()[^'\]]*)*'"
        r"|\([^()\]]*(?:\](?!\()[^()\]]*)*\)))?\s*\)"
        # A bare URL, as GFM's autolinks: its scheme starts after any character that cannot
        # be part of one, such as a Han character (Chinese puts no space before a URL), and is
        # taken whole (possessive: ':' cannot end a shorter one), so that a word is not read
        # again from each of its letters. It runs over printable ASCII but '<' and '>', and
        # letters and digits of any script (an IRI's path: ``/wiki/异形``); it ends at any
        # other character: a space, or full-width punctuation (``https://x.org。这部``).
        r"|(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*+://|www\.)[!-;=?-~\w]+",
        re.MULTILINE | re.DOTALL,
    )


#: What each span ``_skipped()`` matches holds: a fence, a comment, a code span, an autolink,
#: a link target, a bare URL (its ``://`` or ``www.``), a link reference definition.
_MARKS = ("`", "~", "<", "]", "://", "www.", "[")


class Searcher(Protocol):
    """A compiled pattern (of ``re`` or ``regex``): what ``first_outside`` needs of it."""

    def search(self, string: str, pos: int = ..., endpos: int = ...) -> _Match | None: ...


class _Match(Protocol):
    def start(self) -> int: ...


def paragraphs(body: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each paragraph of ``body``: its blocks of text, as CommonMark reads
    them, without their last line break. Blank lines end one; a heading, a thematic break (or
    a setext heading's underline) is one of its own; a list item starts one, and so does a
    block quote's first line."""
    blocks = _Blocks(body)
    blocks.line(_BLOCK_LINE.match(body), 0)
    # One scan finds both the blank lines and the lines that start a block: each is a line
    # break and what follows it.
    for found in _BREAK_AND_LINE.finditer(body):
        if found.lastgroup == "gap":
            yield from blocks.end(found.start())
            blocks = _Blocks(body, found.end())
            blocks.line(_BLOCK_LINE.match(body, found.end()), found.end())
        else:
            blocks.line(found, found.start() + (2 if body.startswith("\r\n", found.start()) else 1))
    yield from blocks.end(len(body))


#: A line that starts a block within a run of lines: its kind is the group matched (a heading
#: or a thematic break matched to the line's end).
_BLOCK = (
    r"[ ]{0,3}(?:(?P<heading>#{1,6}(?![^ \t\r\n])[^\r\n]*)"
    r"|(?P<rule>(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){2,}|=+[ \t]*)(?![^\r\n]))"
    r"|(?P<item>(?:[-+*]|[0-9]{1,9}[.)])(?![^ \t\r\n]))"
    r"|(?P<quote>>))"
)
_BLOCK_LINE = re.compile(_BLOCK)
_LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
#: A line break, then blank lines (``gap``) or a line that starts a block.
_BREAK_AND_LINE = re.compile(
    _LINE_BREAK + r"(?:(?P<gap>(?:[ \t]*" + _LINE_BREAK + r")+)|" + _BLOCK + ")"
)


class _Blocks:
    """The blocks of a run of lines between blank lines, from the lines that start one."""

    __slots__ = ("_body", "_cuts", "_quote")

    def __init__(self, body: str, start: int = 0) -> None:
        self._body = body
        self._cuts = [start]
        self._quote = -1  # the start of the line after a block quote's last

    def line(self, line: re.Match[str] | None, at: int) -> None:
        """Cut before the line starting at ``at`` that ``line`` found, and after a heading."""
        if line is None:
            return
        if line.lastgroup == "quote":
            continued = at == self._quote
            self._quote = line_end(self._body, at)
            if continued:
                return  # a block quote's lines are one block
        self._cuts.append(at)
        if line.lastgroup in ("heading", "rule"):
            self._cuts.append(line.end())

    def end(self, end: int) -> Iterator[tuple[int, int]]:
        """The blocks, the run ending at ``end``."""
        body = self._body
        self._cuts.append(end)
        for first, last in pairwise(self._cuts):
            while first < last and body[first] in "\r\n":
                first += 1
            while last > first and body[last - 1] in "\r\n":
                last -= 1
            if first < last:
                yield first, last


def skipped_spans(body: str) -> list[tuple[int, int]]:
    """The spans of ``body`` that are not prose (code, comments, URLs, link targets)."""
    # The pattern is tried at each character (about 500 instructions each); str.find finds
    # the first mark far faster, and prose often has none. A span starts on the line of its
    # first mark, after spaces, backslashes or a URL's scheme: no span starts before that
    # mark's line.
    first = min((found for mark in _MARKS if (found := body.find(mark)) >= 0), default=-1)
    if first < 0:
        return []
    line = line_start(body, first)
    pattern = _skipped("\r" in body)
    code_spans = _CodeSpans(body)
    spans: list[tuple[int, int]] = []
    position: int | None = line
    while position is not None:
        position = _scan(pattern, body, position, code_spans, spans)
    return spans


def _scan(
    pattern: re.Pattern[str],
    body: str,
    position: int,
    code_spans: _CodeSpans,
    spans: list[tuple[int, int]],
) -> int | None:
    """Add to ``spans`` those from ``position`` on; return where to search again when a match
    runs past the end of a code span (the search resumes there, as it would have had the
    pattern matched the span whole), or None at the body's end."""
    for match in pattern.finditer(body, position):
        start, end = match.span()
        if start < position:  # inside a code span
            if end <= position:
                continue
            return position
        if match.lastgroup == "ticks":
            closer = code_spans.closer(end, end - match.start("ticks") + 1)
            if closer is None:
                continue  # a run left open is text
            end = position = closer
        spans.append((start, end))
    return None


#: Where a paragraph ends, for a code span: a line break and a blank line.
_PARAGRAPH_END = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r|\n)")
_TICKS = re.compile("`+")


@lru_cache(maxsize=32)
def _closing_run(length: int) -> re.Pattern[str]:
    return re.compile(f"(?<!`)`{{{length}}}(?!`)")


class _CodeSpans:
    """The closing runs of code spans. A run is searched for from its opener, as a span is most
    often closed; once a run is left open in a paragraph, its runs of backticks are listed,
    by length, as CommonMark implementations do, so that no opener scans the paragraph
    again (a scan from each of many openers left open is quadratic)."""

    __slots__ = ("_body", "_end", "_runs")

    def __init__(self, body: str) -> None:
        self._body = body
        self._end = -1  # where the paragraph of the last opener ends
        self._runs: dict[int, list[int]] | None = None

    def closer(self, start: int, length: int) -> int | None:
        """The end of the first run of ``length`` backticks from ``start`` in its paragraph,
        or None."""
        if start >= self._end:
            gap = _PARAGRAPH_END.search(self._body, start)
            self._end = gap.start() if gap is not None else len(self._body)
            self._runs = None
        if self._runs is None:
            found = _closing_run(length).search(self._body, start, self._end)
            if found is not None:
                return found.end()
            self._runs = self._list(start)
        runs = self._runs.get(length, ())
        index = bisect_left(runs, start)
        return runs[index] + length if index < len(runs) else None

    def _list(self, start: int) -> dict[int, list[int]]:
        runs: dict[int, list[int]] = {}
        for run in _TICKS.finditer(self._body, start, self._end):
            runs.setdefault(run.end() - run.start(), []).append(run.start())
        return runs


class Skips:
    """Spans to leave out of a search, merged and sorted."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif end > start:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def covers(self, offset: int) -> bool:
        """Whether ``offset`` is inside one of the spans."""
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]

    def first_outside(self, pattern: Searcher, text: str, start: int, end: int) -> int | None:
        """The offset of the first match of ``pattern`` in ``text[start:end]`` that starts
        outside every span, or None."""
        position = start
        while position < end:
            match = pattern.search(text, position, end)
            if match is None:
                return None
            found = match.start()
            if not self.covers(found):
                return found
            position = self._ends[bisect_right(self._starts, found) - 1]
        return None


def occurrences(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """The spans of every occurrence of ``needle`` in ``text`` (none for an empty one)."""
    if not needle:
        return
    position = text.find(needle)
    while position >= 0:
        yield position, position + len(needle)
        position = text.find(needle, position + len(needle))
