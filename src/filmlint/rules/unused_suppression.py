"""Suppression comments that silence nothing; reported by the engine's suppressions."""

from __future__ import annotations

from filmlint.api import Rule, Severity
from filmlint.rule_names import UNUSED_SUPPRESSION

RULES: tuple[Rule, ...] = (
    Rule.declared(
        UNUSED_SUPPRESSION,
        "FL901",
        """
A suppression comment that suppresses nothing, or that names an unknown rule or directive.

Suppression comments are YAML comments in the front matter:

    title: "Alien"  # filmlint: disable-line invalid-value
    # filmlint: disable-next-line unknown-key
    # filmlint: disable unknown-key   (up to "# filmlint: enable unknown-key", or the end)
    # filmlint: disable-file

They take rule names or codes, separated by commas (`unknown-key,FL104`); without any, they
cover every rule. Text after a second `#` is a free comment (`# filmlint: disable-line
FL101 # legacy key`). `disable-next-line` covers the line right below it; a `disable`
range runs from its own line to the line before its `enable`.

Once the problem is fixed, the suppression is stale and would hide the next problem of its
kind: it is reported, at the rule's name in the comment (or at the comment for a suppression
of every rule). A suppression of a rule that did not run (not selected, or ignored for the
file) is not judged. This rule cannot itself be suppressed by a comment: turn it off in the
configuration (`ignore = ["unused-suppression"]`).

Bad:

    title: "Alien"  # filmlint: disable-line unknown-key
    directer: "Ridley Scott"  # filmlint: disable-line no-such-rule

Good:

    directer: "Ridley Scott"  # filmlint: disable-line unknown-key
""",
        Severity.WARNING,
        table_summary="a `# filmlint:` comment that silences nothing or names no rule (warning)",
    ),
)
