"""Names of the rules that are reported outside a rule module: by the decoder, the parser,
the schema check and the engine. A misspelt constant fails at import; a misspelt string
would silently drop a whole class of findings."""

from __future__ import annotations

YAML_SYNTAX = "yaml-syntax"
DUPLICATE_KEY = "duplicate-key"
MISSING_FRONT_MATTER = "missing-front-matter"
FRONT_MATTER_TYPE = "front-matter-type"
UNSUPPORTED_TAG = "unsupported-tag"
NESTING_DEPTH = "nesting-depth"
ALIAS_EXPANSION = "alias-expansion"
FILE_ENCODING = "file-encoding"
UNREADABLE_FILE = "unreadable-file"

SCHEMA = "schema"
UNKNOWN_KEY = "unknown-key"
MISSING_KEY = "missing-key"
INVALID_TYPE = "invalid-type"
INVALID_VALUE = "invalid-value"

#: Named by the schema check: its problem with a list's duplicates yields to this rule's.
DUPLICATE_ITEM = "duplicate-item"

UNUSED_SUPPRESSION = "unused-suppression"
INTERNAL_ERROR = "internal-error"

#: Rules reported by the schema check; a plugin rule on the same value is more specific.
SCHEMA_RULES = frozenset({SCHEMA, UNKNOWN_KEY, MISSING_KEY, INVALID_TYPE, INVALID_VALUE})
