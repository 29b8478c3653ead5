"""Checks of structure and types, made by validating the data against the JSON Schema.

The schema check reports them; these are their names, codes and pages.
"""

from __future__ import annotations

from filmlint.api import Rule
from filmlint.rule_names import INVALID_TYPE, INVALID_VALUE, MISSING_KEY, SCHEMA, UNKNOWN_KEY

RULES: tuple[Rule, ...] = (
    Rule.declared(
        SCHEMA,
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
        table_summary="other JSON Schema constraints",
    ),
    Rule.declared(
        UNKNOWN_KEY,
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
        table_summary="a key the schema does not allow",
    ),
    Rule.declared(
        MISSING_KEY,
        "FL102",
        """
A key that the schema requires is missing.

A key is required always (`required`), or when another key is there (`dependentRequired`, or
`required` in `dependentSchemas`): the message then names that key. Each missing key is
reported once, however many of these require it.

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
        table_summary="a required key that is missing",
    ),
    Rule.declared(
        INVALID_TYPE,
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
        table_summary="a value of the wrong type",
    ),
    Rule.declared(
        INVALID_VALUE,
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
        table_summary="a value not among those allowed",
    ),
)
