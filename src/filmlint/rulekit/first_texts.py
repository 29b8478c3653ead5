"""The first texts of a process, judged by a shortcut that needs nothing compiled.

A class of thousands of characters costs ``re`` milliseconds to compile, which a one-file run
pays in full, and then scans faster than any shortcut: so a shortcut judges the first texts
of a process, and the compiled class the rest (and any text too long for the shortcut).
"""

from __future__ import annotations


class FirstTexts:
    """Which texts a shortcut judges: the first ``count`` of a process, each of at most
    ``longest`` characters (None: any length)."""

    __slots__ = ("count", "longest", "taken")

    def __init__(self, count: int, longest: int | None = None) -> None:
        self.count = count
        self.longest = longest
        #: The texts the shortcut has judged so far.
        self.taken = 0

    def take(self, text: str) -> bool:
        """Whether the shortcut judges ``text`` (counted, if so)."""
        if self.taken >= self.count or (self.longest is not None and len(text) > self.longest):
            return False
        self.taken += 1  # threads racing here only move the switch by a text or two
        return True
