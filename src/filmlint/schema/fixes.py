"""Fixes for schema problems: a "did you mean" made into an edit of the key or value's text.

Both are unsafe (a person should look: the close word may not be the meant one), and offered
only when the replacement fits the spelling in the file: it replaces the text inside the
quotes, so the quoting style stays, and it must read back as the same string in that style.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from filmlint.diagnostics import Edit, Fix, Problem
from filmlint.schema.messages import Suggestion

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document

# A plain scalar made of these reads back as the same string in any context (flow or block).
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_ .-]*(?<! )")
# Words a YAML 1.1 or 1.2 reader may take for a boolean or null when written plain.
_PLAIN_NOT_STRINGS = frozenset(
    ("true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf")
)


def with_fixes(problems: Iterable[Problem], document: Document) -> Iterator[Problem]:
    """The schema's problems, each suggestion that can be applied carrying its fix."""
    problems = list(problems)
    # Two unknown keys of one mapping both close to the same known key: renaming either
    # would be a guess, renaming both a duplicate key.
    renames = Counter(
        (p.path[:-1], p.replacement)
        for p in problems
        if isinstance(p, Suggestion) and p.target == "key"
    )
    for problem in problems:
        fix = None
        if isinstance(problem, Suggestion):
            if problem.target == "key":
                if renames[problem.path[:-1], problem.replacement] == 1:
                    fix = _rename_key(problem, document)
            else:
                fix = _replace_value(problem, document)
        yield problem if fix is None else replace(problem, fix=fix)


def _rename_key(problem: Suggestion, document: Document) -> Fix | None:
    if problem.replacement in problem.siblings:
        return None
    edit = _edit(problem, document, "key")
    if edit is None:
        return None
    return Fix(f"rename '{problem.path[-1]}' to '{problem.replacement}'", (edit,), "unsafe")


def _replace_value(problem: Suggestion, document: Document) -> Fix | None:
    edit = _edit(problem, document, "value")
    if edit is None:
        return None
    old = document.text[edit.start : edit.end]
    return Fix(f'replace "{old}" with "{problem.replacement}"', (edit,), "unsafe")


def _edit(problem: Suggestion, document: Document, target: Literal["key", "value"]) -> Edit | None:
    source_map = document.source_map
    span = source_map.content_span(problem.path, target)
    if span is None:
        return None
    first = document.text[source_map.span(problem.path, target)[0]]
    if not _fits(problem.replacement, first if first in ("'", '"') else ""):
        return None
    return Edit(span[0], span[1], problem.replacement)


def _fits(text: str, style: str) -> bool:
    """Whether ``text``, put between the quotes of ``style`` (``""`` for plain), reads back as
    itself."""
    if style == "'":
        return "'" not in text and "\n" not in text
    if style == '"':
        return text.isprintable() and '"' not in text and "\\" not in text
    return _PLAIN.fullmatch(text) is not None and text.lower() not in _PLAIN_NOT_STRINGS
