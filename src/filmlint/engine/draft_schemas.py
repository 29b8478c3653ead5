"""A draft JSON Schema inferred from the front matter of a collection's files (what
``filmlint init`` writes where the shipped film schema does not fit)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

#: An enum is inferred for a string key with this many distinct values at most (and at
#: least two: one value seen everywhere says nothing of the others allowed) ...
_ENUM_MAX = 6
#: ... each seen this many times at least, and none longer than this.
_ENUM_REPEATS = 3
_ENUM_LENGTH = 30
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def draft_schema(name: str, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A JSON Schema (2020-12) accepting every one of ``items``: the types seen, ``required``
    for the keys every item has, an ``enum`` where a handful of values repeat. A key only
    one item has, spelt like a common key, is left out, to be reported as unknown."""
    shape = _Shape()
    for item in items:
        shape.add(dict(item))
    common = [k for k, s in shape.properties.items() if s.count > 1]
    for key in [k for k, s in shape.properties.items() if s.count == 1 and len(items) > 2]:
        if difflib.get_close_matches(key, common, n=1, cutoff=0.8):
            del shape.properties[key]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": name,
        "description": f"Drafted by 'filmlint init' from {len(items)} files; edit to suit.",
        **shape.schema(),
    }


class _Shape:
    """What the values at one place of the data have been: their types, strings, items and
    keys."""

    def __init__(self) -> None:
        self.count = 0
        self.types: set[str] = set()
        self.strings: Counter[str] = Counter()
        self.empty_string = False
        self.non_dates = False
        self.items: _Shape | None = None
        self.objects = 0
        self.properties: dict[str, _Shape] = {}

    def add(self, value: Any) -> None:
        self.count += 1
        if isinstance(value, bool):
            self.types.add("boolean")
        elif isinstance(value, int):
            self.types.add("integer")
        elif isinstance(value, float):
            self.types.add("number")
        elif value is None:
            self.types.add("null")
        elif isinstance(value, str):
            self.types.add("string")
            if len(self.strings) <= _ENUM_MAX:  # beyond: no enum, no need to count
                self.strings[value] += 1
            self.empty_string |= not value
            self.non_dates |= not _is_date(value)
        elif isinstance(value, list):
            self.types.add("array")
            self.items = self.items or _Shape()
            for item in value:
                self.items.add(item)
        elif isinstance(value, dict):
            self.types.add("object")
            self.objects += 1
            for key, item in value.items():
                self.properties.setdefault(key, _Shape()).add(item)

    def schema(self) -> dict[str, Any]:
        types = sorted(self.types - {"integer"} if "number" in self.types else self.types)
        schema: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
        if "string" in self.types:
            schema.update(self._string_keywords())
        if self.items is not None and self.items.count:
            schema["items"] = self.items.schema()
        if "object" in self.types:
            schema["properties"] = {k: s.schema() for k, s in self.properties.items()}
            required = [k for k, s in self.properties.items() if s.count == self.objects]
            if required and self.objects > 1:
                schema["required"] = required
            schema["additionalProperties"] = False
        return schema

    def _string_keywords(self) -> dict[str, Any]:
        values = self.strings
        if (
            self.types == {"string"}
            and 2 <= len(values) <= _ENUM_MAX
            and min(values.values()) >= _ENUM_REPEATS
            and max(map(len, values)) <= _ENUM_LENGTH
        ):
            return {"enum": sorted(values)}
        keywords: dict[str, Any] = {}
        if not self.empty_string:
            keywords["minLength"] = 1
        if not self.non_dates:
            keywords["format"] = "date"
        return keywords


def _is_date(value: str) -> bool:
    import datetime

    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
