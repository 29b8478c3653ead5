"""A rule, or filmlint itself, failed on a file; reported by the engine."""

from __future__ import annotations

from filmlint.api import Rule
from filmlint.rule_names import INTERNAL_ERROR

RULES: tuple[Rule, ...] = (
    Rule.declared(
        INTERNAL_ERROR,
        "FL999",
        """
A rule, or filmlint itself, raised an error on this file instead of checking it: a bug.

Reported at 1:1, naming the rule (and the plugin it comes from) and the error. The other
rules still check the file, and the other files are linted as usual; only the failed rule's
verdict on this file is missing. A rule that fails in the run phase (after every file was
read, as `url-reachable` does) is reported on each file whose values it had gathered.

A run with such a problem exits with code 2, whatever `--exit-zero` says, and this rule
cannot be turned off: not by `select` or `ignore`, `per-file-ignores`, nor a suppression
comment. Such a result is never cached. Report the message to the rule's authors.
""",
        table_summary="a rule, or filmlint itself, failed on the file: a bug; the run exits 2",
    ),
)
