"""Whatever values a film holds, the rules report problems and never fail.

Hostile values are written as YAML text, so they are what the parser makes of them: integers
past Python's int-to-string digit limit, floats that overflow to infinity, NaN, control
characters, lone combining marks, bidirectional overrides, very long strings, deep nesting.
Every rule runs on them (with every rule selected), and each problem lies inside the file.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, front, lint

#: Every field the film schema knows, and the fields the rules look at by default.
FIELDS = [
    "title", "titleEn", "originalTitle", "director", "description", "descriptionEn",
    "posterImage", "releaseDate", "year", "country", "duration", "language",
    "contentLanguage", "genre", "cast", "topics", "awards", "status", "imdbRating",
    "doubanRating", "sourceUrl",
]  # fmt: skip

#: Scalars as YAML spells them: what the parser turns into huge, odd or special values.
HOSTILE_SCALARS = [
    "1" + "0" * 400, "1" * 5000, "-" + "9" * 4301, "0x" + "f" * 3000, "0o" + "7" * 3000,
    "1_000", "+12", "-0", "007",
    ".inf", "-.inf", ".nan", "1e400", "-1e400", "1e-400", "0.1e1", "7.45", "10.0", "1e3",
    "~", "null", "true", "false", "yes", "no", "on",
    "1979-05-25", "2024-02-30", "1979-05-25T10:00:00Z", "0000-01-01", "9999-12-31",
    '""', "''", '" "', '"\\0"', '"\\x00\\x01\\x1f\\x7f"', '"\\u202e7.4"', '"\\u0301"',
    '"\\u200b"', '"\\ufeff"', '"\\u2028\\u2029\\x85"', '"e\\u0301"', '"\\U0001F3AC"',
    '"' + "a" * 100_000 + '"', '"' + "9" * 5000 + '"', '"https://x.com:' + "9" * 5000 + '"',
    '"https://[::1"', '"http://"', '"//"', '"2h 19m"', '"N/A"', '"139分钟"', '"zh-Hant"',
]  # fmt: skip

texts = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"), max_size=30
)
scalars = st.one_of(
    st.sampled_from(HOSTILE_SCALARS),
    texts.map(lambda text: json.dumps(text)),  # double-quoted: any character, escaped
    st.integers().map(str),
    st.floats().map(lambda number: json.dumps(number).replace("Infinity", ".inf")),
)


def nested(depth: int, inner: str, flow: tuple[str, str]) -> str:
    return flow[0] * depth + inner + flow[1] * depth


values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
        | st.dictionaries(st.sampled_from(["platform", "url", "x", "1"]), children, max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs.items()) + "}"
        )
        | st.builds(nested, st.integers(1, 120), children, st.just(("[", "]")))
    ),
    max_leaves=10,
)


@settings(max_examples=examples(300), deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))
def test_every_rule_survives_every_value(fields: dict[str, Any]) -> None:
    text = front("\n".join(f"{key}: {value}" for key, value in fields.items()))
    lines = text.split("\n")
    for diagnostic in lint(text, select=["FL"]):
        assert diagnostic.rule != "internal-error", diagnostic.message
        assert 1 <= diagnostic.line <= len(lines)
        assert 1 <= diagnostic.column <= len(lines[diagnostic.line - 1]) + 1
        assert (diagnostic.line, diagnostic.column) <= (diagnostic.end_line, diagnostic.end_column)
