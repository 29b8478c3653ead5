"""Checks made while reading a file and parsing its front matter.

The parser reports them (it has no plugin code), but like every rule they have a stable name
and code, a severity and a page of documentation.
"""

from __future__ import annotations

from filmlint.api import Rule
from filmlint.rule_names import (
    ALIAS_EXPANSION,
    DUPLICATE_KEY,
    FILE_ENCODING,
    FRONT_MATTER_TYPE,
    MISSING_FRONT_MATTER,
    NESTING_DEPTH,
    UNREADABLE_FILE,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
)

RULES: tuple[Rule, ...] = (
    Rule.declared(
        YAML_SYNTAX,
        "FL001",
        """
The front matter is not valid YAML, or YAML loaders refuse it.

Reported at the position where the YAML parser gave up; the message says what it expected,
and where the construct it was reading began. A merge key (`<<`) whose value is not a
mapping or a list of mappings (`<<: 5`) is refused by YAML loaders: it is reported at that
value, or at the `<<` when the value is an alias. Nothing else is checked in such a file,
because its data is unknown.

Bad:

    ---
    title: "Alien
    director: Ridley Scott
    ---

Good:

    ---
    title: "Alien"
    director: Ridley Scott
    ---
""",
        table_summary="front matter that is not valid YAML",
    ),
    Rule.declared(
        DUPLICATE_KEY,
        "FL002",
        """
A key appears twice in the same mapping.

YAML forbids it, and site generators disagree on which value wins (some keep the first,
some the last, some fail the build). Reported at the second key; filmlint keeps the first
value for its other checks.

Bad:

    title: "Alien"
    title: "Aliens"

Good:

    title: "Alien"
""",
        table_summary="a key given twice in one mapping",
    ),
    Rule.declared(
        MISSING_FRONT_MATTER,
        "FL003",
        """
The file has no front matter: it is empty, does not start with a `---` line, the block is
never closed, or the block is empty.

Reported at 1:1. A film file starts with a line `---`, then YAML, then another `---` line,
then the Markdown body.

Bad:

    # Alien
    A film by Ridley Scott.

Good:

    ---
    title: "Alien"
    ---
    # Alien
""",
        table_summary="no front matter, or an unclosed or empty one",
    ),
    Rule.declared(
        FRONT_MATTER_TYPE,
        "FL004",
        """
The front matter is a list or a single value, not a mapping of keys to values. A null
(`~`, `null`, an anchor alone) is a single value too: such a file has no keys to check.

Bad:

    ---
    - title: "Alien"
    ---

Good:

    ---
    title: "Alien"
    ---
""",
        table_summary="front matter that is a list or a single value",
    ),
    Rule.declared(
        UNSUPPORTED_TAG,
        "FL005",
        """
A YAML tag other than the standard ones (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`,
`!!timestamp`, `!!map`, `!!seq`) is used, or a standard tag on a value it cannot tag.

Tags are checked on keys as on values. A standard tag cannot tag a value of another kind
(`!!int abc`, `!!bool maybe`, `!!null x`, `!!str [a]`): YAML loaders refuse such a value.
filmlint never constructs objects from tags (a `!!python/...` tag is reported, never run);
the tagged value is read as plain data (a value its standard tag cannot tag, as written) so
the rest of the file is still checked. Reported at the tag. Site generators would reject or
misread such values.

Bad:

    title: !!python/object/apply:os.system ["echo"]

Good:

    title: "Alien"
""",
        table_summary="tags such as `!!python/...` (never run)",
    ),
    Rule.declared(
        NESTING_DEPTH,
        "FL006",
        """
The front matter is nested more than 100 levels deep, as written or once its aliases are
expanded.

Film front matter is a few levels deep; thousands of levels are an attack on YAML parsers
(they exhaust the stack), and on any tool that reads the data. The file is refused at the
level where the limit is passed: for nesting made by aliases, at the first value that is too
deep once they are expanded.

Bad:

    tags: [[[[[[[[[[ ... ]]]]]]]]]]

Good:

    tags: [drama]
""",
        table_summary="nesting deeper than 100 levels",
    ),
    Rule.declared(
        ALIAS_EXPANSION,
        "FL007",
        """
YAML aliases expand to more than 100,000 values, or an alias refers to itself.

A few lines of anchors (`&a`) and aliases (`*a`) can stand for billions of values (a "billion
laughs" attack); any tool that expands them hangs or runs out of memory. filmlint counts the
values the aliases stand for without expanding them and refuses such a file, reported at the
first alias. Values written out are not counted: the file's size bounds them.

An alias inside the very value its anchor names (`a: &a [1, *a]`, or `<<: *a` in the mapping
`&a` names) stands for a value without end: the file is refused, reported at that alias.

Bad:

    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    # ... and so on

Good: write the values out, or use an alias for a small shared value.
""",
        table_summary="aliases that expand to more than 100,000 values",
    ),
    Rule.declared(
        FILE_ENCODING,
        "FL008",
        """
The file is not UTF-8 text: it is binary, UTF-16, or has bytes that are not valid UTF-8.

Reported at the first byte that cannot be decoded, or for a binary file at its first NUL byte,
wherever it is. Save the file as UTF-8 (a BOM is allowed).
""",
        table_summary="a file that is not UTF-8",
    ),
    Rule.declared(
        UNREADABLE_FILE,
        "FL009",
        """
The file cannot be read: it does not exist, permissions forbid reading it, it is not a regular
file, or it is larger than `max-file-size` (10 MiB unless configured). Reported at 1:1 with
the reason.

Only regular files are read (a link is followed to its target): a FIFO, a socket or a device
named `*.md` (a link to `/dev/zero`, say) is reported as "not a regular file" and never
opened, as it could block the run or never end. A folder that cannot be listed is reported
with the system's reason.
""",
        table_summary="a file that cannot be read",
    ),
)
