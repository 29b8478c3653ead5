"""Checks made while reading a file and validating it against the schema.

They have no plugin code (the parser, the schema check and the suppression comments report
them), but like every rule
they have a stable name and code, a severity and a page of documentation.
"""

from __future__ import annotations

from filmlint.diagnostics import Severity
from filmlint.registry import Rule, first_paragraph


def _rule(name: str, code: str, doc: str, severity: Severity = Severity.ERROR) -> Rule:
    text = doc.strip("\n")
    return Rule(name=name, code=code, summary=first_paragraph(text), doc=text, severity=severity)


CORE_RULES: tuple[Rule, ...] = (
    _rule(
        "yaml-syntax",
        "FL001",
        """
The front matter is not valid YAML.

Reported at the position where the YAML parser gave up; the message says what it expected,
and where the construct it was reading began. Nothing else is checked in such a file,
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
    ),
    _rule(
        "duplicate-key",
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
    ),
    _rule(
        "missing-front-matter",
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
    ),
    _rule(
        "front-matter-type",
        "FL004",
        """
The front matter is a list or a single value, not a mapping of keys to values.

Bad:

    ---
    - title: "Alien"
    ---

Good:

    ---
    title: "Alien"
    ---
""",
    ),
    _rule(
        "unsupported-tag",
        "FL005",
        """
A YAML tag other than the standard ones (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`,
`!!timestamp`, `!!map`, `!!seq`) is used.

filmlint never constructs objects from tags (a `!!python/...` tag is reported, never run);
the tagged value is read as plain data so the rest of the file is still checked. Site
generators would reject or misread such values.

Bad:

    title: !!python/object/apply:os.system ["echo"]

Good:

    title: "Alien"
""",
    ),
    _rule(
        "nesting-depth",
        "FL006",
        """
The front matter is nested more than 100 levels deep.

Film front matter is a few levels deep; thousands of levels are an attack on YAML parsers
(they exhaust the stack). The file is refused at the level where the limit is passed.

Bad:

    tags: [[[[[[[[[[ ... ]]]]]]]]]]

Good:

    tags: [drama]
""",
    ),
    _rule(
        "alias-expansion",
        "FL007",
        """
YAML aliases expand to more than 100,000 values.

A few lines of anchors (`&a`) and aliases (`*a`) can stand for billions of values (a "billion
laughs" attack); any tool that expands them hangs or runs out of memory. filmlint counts the
expanded size without expanding and refuses such a file, reported at the first alias.

Bad:

    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    # ... and so on

Good: write the values out, or use an alias for a small shared value.
""",
    ),
    _rule(
        "file-encoding",
        "FL008",
        """
The file is not UTF-8 text: it is binary, UTF-16, or has bytes that are not valid UTF-8.

Reported at the first byte that cannot be decoded. Save the file as UTF-8 (a BOM is allowed).
""",
    ),
    _rule(
        "unreadable-file",
        "FL009",
        """
The file cannot be read: it does not exist, is a directory where a file was expected, or
permissions forbid reading it. Reported at 1:1 with the system's reason.
""",
    ),
    _rule(
        "schema",
        "FL100",
        """
The front matter breaks a constraint of the JSON Schema other than those with rules of their
own (`unknown-key`, `missing-key`, `invalid-type`, `invalid-value`): an empty string where
text is required, a date that is not a real date, a list that is too short, and so on.

The schema is `schemas/film.schema.json` unless `schema` (or `--schema`) names another.
Reported at the offending value.

Bad:

    title: ""
    releaseDate: 2024-02-30

Good:

    title: "Alien"
    releaseDate: 1979-05-25
""",
    ),
    _rule(
        "unknown-key",
        "FL101",
        """
A key that the schema does not allow (it has `additionalProperties: false`).

Usually a typo; when a known key is close, the message suggests it. Reported at the key.
When exactly one known key is closest and the mapping does not have it yet, an unsafe fix
renames the key (its quotes, value and comments stay).

Bad:

    directer: "Ridley Scott"

Good:

    director: "Ridley Scott"
""",
    ),
    _rule(
        "missing-key",
        "FL102",
        """
A key that the schema requires is missing.

Reported at the start of the mapping that lacks it: its first key, or its `{` for a flow
mapping. The film schema requires `title`, `director`, `description`, `releaseDate`,
`topics` and `status`, and `platform` and `url` in each `sourceUrl` entry.

Bad:

    sourceUrl:
      - url: "https://www.imdb.com/title/tt0078748/"

Good:

    sourceUrl:
      - platform: "IMDb"
        url: "https://www.imdb.com/title/tt0078748/"
""",
    ),
    _rule(
        "invalid-type",
        "FL103",
        """
A value of the wrong type: a list where text is expected, a string where a number is, and so
on. Where the schema allows several types, the message lists them all.

Bad:

    year: "1979"
    genre: "Horror"

Good:

    year: 1979
    genre: ["Horror"]
""",
    ),
    _rule(
        "invalid-value",
        "FL104",
        """
A value that is not one of those the schema allows (`enum` or `const`).

The message lists the allowed values and suggests the closest one. When exactly one is
closest and the value is a string written without escapes, an unsafe fix writes it in its
place, inside the same quotes.

Bad:

    status: publised

Good:

    status: published
""",
    ),
    _rule(
        "unused-suppression",
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
    ),
)
