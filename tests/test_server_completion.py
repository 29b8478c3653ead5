"""Completion's reading of half-typed front matter: the data path at the cursor, from the
block structure of the lines above it, over generated nested mappings and lists; and the
schema walked along a path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlint.diagnostics import DataPath
from filmlint.server.completion import field_matches, place_at, schemas_at

KEYS = st.from_regex(r"[a-z][a-zA-Z]{0,6}", fullmatch=True)
SCALARS = st.from_regex(r"[a-z0-9][a-z0-9 ]{0,6}[a-z0-9]", fullmatch=True)


def values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    inner = values(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(KEYS, inner, min_size=1, max_size=3),
    )


@dataclass(frozen=True)
class Spot:
    """A place in the rendered YAML: its line, the column after the typed text, and what
    ``place_at`` should say there."""

    line: int
    column: int
    kind: str
    path: DataPath
    prefix: str


def render(data: Any, path: DataPath, indent: int, lines: list[str], spots: list[Spot]) -> None:
    """Block YAML for ``data`` at ``indent``, noting each key's and plain value's place."""
    if isinstance(data, dict):
        for key, value in data.items():
            _entry(f"{' ' * indent}", key, value, path, indent, lines, spots)
    else:
        for index, value in enumerate(data):
            _item(" " * indent, value, (*path, index), indent, lines, spots)


def _entry(lead, key, value, path, indent, lines, spots, kind="key") -> None:
    spots.append(Spot(len(lines), len(lead) + len(key), kind, path, key))
    if isinstance(value, str):
        spots.append(
            Spot(len(lines), len(lead) + len(key) + 2 + len(value), "value", (*path, key), value)
        )
        lines.append(f"{lead}{key}: {value}")
    else:
        lines.append(f"{lead}{key}:")
        render(value, (*path, key), indent + 2, lines, spots)


def _item(lead, value, path, indent, lines, spots) -> None:
    if isinstance(value, str):
        spots.append(Spot(len(lines), len(lead) + 2 + len(value), "item", path, value))
        lines.append(f"{lead}- {value}")
    elif isinstance(value, dict):
        first, *rest = value.items()
        _entry(f"{lead}- ", first[0], first[1], path, indent + 2, lines, spots, kind="item")
        for key, inner in rest:
            _entry(" " * (indent + 2), key, inner, path, indent + 2, lines, spots)
    else:
        lines.append(f"{lead}-")
        render(value, path, indent + 2, lines, spots)


@given(
    st.dictionaries(KEYS, values(3), min_size=1, max_size=4),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.data(),
)
def test_the_place_at_a_key_or_value_is_its_data_path(
    data: dict[str, Any], newline: str, draw: st.DataObject
):
    lines: list[str] = []
    spots: list[Spot] = []
    render(data, (), 0, lines, spots)
    spot = draw.draw(st.sampled_from(spots))
    yaml = newline.join(lines) + newline
    offset = sum(len(line) + len(newline) for line in lines[: spot.line]) + spot.column
    place = place_at(yaml, offset)
    assert place is not None
    # A key on a "- " line may start a mapping item or be a scalar item: the schema decides.
    assert (place.kind, place.path, place.prefix) == (spot.kind, spot.path, spot.prefix)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_keys_written_are_those_of_the_cursors_mapping_only(newline: str) -> None:
    yaml = "title: x\nsourceUrl:\n  - platform: a\n    u\n  - platform: b\n    url: c\n"
    yaml = yaml.replace("\n", newline)
    place = place_at(yaml, yaml.index(f"    u{newline}") + 5)
    assert place is not None and place.path == ("sourceUrl", 0)
    assert place.written == {"platform"}


def test_a_flow_lists_item_is_at_its_index() -> None:
    yaml = 'country: ["US", "G'
    place = place_at(yaml, len(yaml))
    assert place is not None and (place.kind, place.path, place.prefix) == (
        "value",
        ("country", 1),
        "G",
    )


def test_nothing_inside_a_block_scalar_or_a_comment() -> None:
    assert place_at("title: |\n  some text\n  mo", 25) is None
    assert place_at("title: x  # a co", 16) is None


def test_the_schema_along_a_path_follows_references_and_alternatives() -> None:
    schema = {
        "properties": {
            "sourceUrl": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "country": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/list"}]},
        },
        "$defs": {
            "source": {"properties": {"url": {"type": "string", "description": "Where."}}},
            "list": {"type": "array", "items": {"enum": ["US", "GB"]}},
        },
    }
    (url,) = schemas_at(schema, ("sourceUrl", 0, "url"))
    assert url["description"] == "Where."
    assert [each.get("enum") for each in schemas_at(schema, ("country", 2))] == [["US", "GB"]]
    assert schemas_at(schema, ("nothing",)) == []


def test_field_patterns_name_a_field_and_the_items_of_its_list() -> None:
    assert field_matches(["country"], ("country",))
    assert field_matches(["country"], ("country", 3))
    assert not field_matches(["country"], ("countryOld",))
    assert field_matches(["sourceUrl[*].url"], ("sourceUrl", 1, "url"))
    assert field_matches(["**.lang"], ("a", 0, "lang"))
    assert not field_matches(["sourceUrl[*].url"], ("sourceUrl", 1, "platform"))
