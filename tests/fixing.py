"""Apply a diagnostic's fix to a text, as a fixer would: edits from the end backwards."""

from __future__ import annotations

from filmlint.diagnostics import Fix


def apply_fix(text: str, fix: Fix) -> str:
    edits = sorted(fix.edits, key=lambda edit: edit.start, reverse=True)
    for edit, following in zip(edits, [None, *edits], strict=False):
        assert following is None or edit.end <= following.start, "edits overlap"
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text
