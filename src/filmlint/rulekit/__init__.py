"""What rules are built from: declarations, options, field patterns, edits, language tags.

Rule authors import it through ``filmlint.api``."""
