"""The public API for rule authors: everything a rule module imports from filmlint.

A rule is a module (as in yamllint) that declares, beside its ``check`` generator::

    from filmlint.api import Document, Option, Problem, Severity, fields_option, find_all

    NAME = "duplicate-item"          # stable, kebab-case
    CODE = "FL204"                   # stable, unique
    SEVERITY = Severity.ERROR        # default; configurable per rule
    OPTIONS = {"fields": fields_option(["topics"], "Lists to look at.")}

    def check(document: Document, options) -> Iterator[Problem]: ...

and whose docstring is its documentation page (first line: the summary). A rule that must see
every file before it judges any declares ``gather`` and ``finish`` instead (see ``Rule``).
Built-in rules import nothing of filmlint but this module (and their own helpers); plugins
are registered under the ``filmlint.rules`` entry point group.
"""

from __future__ import annotations

from filmlint.diagnostics import (
    DataPath,
    Edit,
    Fix,
    Problem,
    Reference,
    ReferenceProblem,
    RelatedLocation,
    Severity,
)
from filmlint.frontmatter.document import Document
from filmlint.frontmatter.places import placed
from filmlint.rulekit.declaration import Option, Rule, RunContext
from filmlint.rulekit.edits import remove_item, replace_string, replace_value, string_edit
from filmlint.rulekit.fields import (
    compile_pattern,
    field_option,
    fields_option,
    find,
    find_all,
    find_strings,
)
from filmlint.text.escapes import shown


def parse_front_matter(text: str, path: str | None = None) -> Document:
    """``text`` parsed as filmlint parses a file: its front matter's data, and where each
    value stands. For a run-level rule that keeps the front matter's text of a file to place
    its values only where it must (most files need none placed)."""
    from filmlint.frontmatter.parser import parse_document  # the YAML parser: only if asked

    return parse_document(text, path)[0]


__all__ = [
    "DataPath",
    "Document",
    "Edit",
    "Fix",
    "Option",
    "Problem",
    "Reference",
    "ReferenceProblem",
    "RelatedLocation",
    "Rule",
    "RunContext",
    "Severity",
    "compile_pattern",
    "field_option",
    "fields_option",
    "find",
    "find_all",
    "find_strings",
    "parse_front_matter",
    "placed",
    "remove_item",
    "replace_string",
    "replace_value",
    "shown",
    "string_edit",
]
