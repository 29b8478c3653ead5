"""What linting produces: one file's result (``FileResult``, picklable, so it can come from
a worker process or the result cache) and a whole run's (``LintRun``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from filmlint.diagnostics import Diagnostic, Reference, pickled_by_fields

#: What a regular file was when the result cache looked it up, before reading it: its inode,
#: size, and modification and change times (``filmlint.engine.cache_keys.group_state``).
Seen = tuple[int, int, int, int]


@pickled_by_fields
@dataclass(slots=True)
class FileResult:
    """What the file phase found in one file: its diagnostics, the references its
    run-level rules gathered (empty for most files and rules), and the problems it found
    but does not report (``silenced``: per-file-ignores or a suppression comment turn their
    rules off there; a fix may not copy a value from under one); in a run with the result
    cache, what the file was when looked up (``seen``; None when not a regular file, or
    without the cache), which is not part of the result, and where its body begins
    (``body_start``).

    Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, five
    times the cost of building a slotted one. Not changed once it leaves whoever made it:
    the cache's lookup sets ``seen`` on a result it has just made or decoded."""

    diagnostics: list[Diagnostic]
    gathered: tuple[Reference, ...] = ()
    silenced: tuple[Diagnostic, ...] = ()
    seen: Seen | None = field(default=None, compare=False)
    #: Where the file's body begins (``Document.body_start``) when the linter made this
    #: result from a parsed text; 0 otherwise. The values of filmlint's own rules that keep
    #: file text end with the text before it, which the result cache then keeps without
    #: reading that text again to find it. Not part of the result either.
    body_start: int = field(default=0, compare=False)

    def found(self) -> list[Diagnostic]:
        """Every problem the file phase found: those it reports, then those it silenced."""
        return [*self.diagnostics, *self.silenced]


@dataclass(frozen=True)
class LintRun:
    diagnostics: list[Diagnostic]
    files: int
