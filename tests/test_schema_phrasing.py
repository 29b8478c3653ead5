"""Schema errors a custom schema can give, each in plain words at the value (or key) it is
about."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import lint
from filmlint import Config

#: Python's reprs of a mapping or a list, which a message must not show.
PYTHON_REPR = re.compile(r"\{'|\['|'\]|'\}")


@pytest.mark.parametrize(
    ("schema", "yaml", "place", "message"),
    [
        pytest.param(
            {"propertyNames": {"pattern": "^[a-z]+$"}},
            "ok: 1\n  fine: 2\n  Bad: 3",
            (7, 3),
            "key 'Bad': does not match the pattern '^[a-z]+$'",
            id="propertyNames at the key, naming it",
        ),
        pytest.param(
            {"propertyNames": {"maxLength": 3}},
            "abc: 1\n  abcd: 2",
            (6, 3),
            "key 'abcd': must be at most 3 characters long",
            id="propertyNames, another keyword",
        ),
        pytest.param(
            {"oneOf": [{"type": "string", "minLength": 3}, {"type": "string", "maxLength": 5}]},
            "abcd",
            (4, 7),
            "matches more than one of the allowed forms",
            id="oneOf matched by several",
        ),
        pytest.param(
            {"contains": {"const": "x"}},
            "[a, b]",
            (4, 7),
            "has no item of the form the list must contain",
            id="contains",
        ),
        pytest.param(
            {"contains": {"const": "x"}, "minContains": 2},
            "[x, b]",
            (4, 7),
            "must have at least 2 items of the form the list must contain",
            id="minContains",
        ),
        pytest.param(
            {"contains": {"type": "integer"}, "maxContains": 1},
            "[1, 2]",
            (4, 7),
            "must have at most 1 item of the form the list must contain",
            id="maxContains",
        ),
    ],
)
def test_a_keyword_is_phrased_at_its_place(
    tmp_path: Path, schema: dict[str, Any], yaml: str, place: tuple[int, int], message: str
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"properties": {"meta": schema}}))
    text = f"---\ntitle: T\nyear: 1\nmeta: {yaml}\n---\n"
    if "\n" in yaml:
        text = f"---\ntitle: T\nyear: 1\nmeta:\n  {yaml}\n---\n"
    found = lint(text, config=Config(schema=path))
    assert [((d.line, d.column), d.message) for d in found] == [(place, message)]
    assert not PYTHON_REPR.search(found[0].message)
