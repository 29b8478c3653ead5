"""A list item is equal to an earlier item of the same list.

A topic, genre or cast member listed twice shows twice on the page and counts twice in
every tally, and two identical `sourceUrl` entries give two identical links. Reported at the
later item, naming the line of the first; the safe fix removes the later item: in a flow
list with its comma, in a block list with its whole line (or lines), and nothing else. A
comment at the end of the removed item's own line (`- Drama  # again`) goes with that line;
every other comment stays as written, one after the comma before the item included (`[Drama,
Comedy, # note` / `Drama]` becomes `[Drama, Comedy # note` / `]`). No fix is offered when
the item defines an anchor (`&name`), which another value may use; when the list, or a
value that holds it, is used again through an alias (`topics: &l [...]` and `genre: *l`),
as the edit would change that other value too; or when a comment stands where the edit
would have to remove it (between the item and its comma). An item written as an alias
(`*name`) is reported, and removed, where the alias stands.

Items are compared as data: `"Drama"` and `'Drama'` are equal, and two mappings are equal
when they have the same keys and values in any order. With `ignore-case`, text is compared
case-insensitively and with runs of whitespace counted as one space ("economic  empowerment"
repeats "Economic Empowerment"); the fix is then unsafe, as it drops a spelling.

By default every list at any depth is checked (`fields = ["**"]`); name fields to check
only those lists (`fields = ["topics", "genre", "cast"]`).

Bad:

    topics: ["Economic Empowerment", "Labor Rights", "Economic Empowerment"]
    sourceUrl:
      - platform: "IMDb"
        url: "https://www.imdb.com/title/tt0078748/"
      - platform: "IMDb"
        url: "https://www.imdb.com/title/tt0078748/"

Good:

    topics: ["Economic Empowerment", "Labor Rights"]
    sourceUrl:
      - platform: "IMDb"
        url: "https://www.imdb.com/title/tt0078748/"
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from filmlint.api import (
    DataPath,
    Option,
    Problem,
    Severity,
    fields_option,
    find_all,
    remove_item,
)
from filmlint.rule_names import DUPLICATE_ITEM

if TYPE_CHECKING:
    from filmlint.api import Document

#: The default field pattern: every list at any depth.
EVERY_LIST = "**"

NAME = DUPLICATE_ITEM
CODE = "FL204"
TABLE_SUMMARY = "a list item equal to an earlier one, naming its line; safe fix removes it"
SEVERITY = Severity.ERROR
OPTIONS = {
    "fields": fields_option(
        [EVERY_LIST], "Lists to check, as field patterns; `**` is every list at any depth."
    ),
    "ignore-case": Option(
        False, "Compare text ignoring case and counting runs of whitespace as one space."
    ),
}


def check(document: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    fold: bool = options["ignore-case"]
    fields: list[str] = options["fields"]
    lists = document.lists if fields == [EVERY_LIST] else None
    if lists is not None and not any(_may_repeat(items, fold) for items in lists):
        return  # the usual document: the data need not be walked for the lists' places
    reported: set[tuple[int, int]] = set()  # an aliased list is reached by several paths
    for path, value in _lists(document.data, fields):
        if not isinstance(value, list) or not _may_repeat(value, fold):
            continue
        first: dict[Hashable, int] = {}
        for index, item in enumerate(value):
            earlier = first.setdefault(_key(item, fold), index)
            if earlier == index:
                continue
            span = document.source_map.span((*path, index), "item")
            if span not in reported:
                reported.add(span)
                yield _problem(document, path, value, earlier, index, fold)


def _lists(data: Any, fields: list[str]) -> Iterator[tuple[DataPath, Any]]:
    """The values the patterns name; for the default ``**`` only the lists, found without
    visiting the scalars (most of a document) one by one."""
    if fields == [EVERY_LIST]:
        found: list[tuple[DataPath, list[Any]]] = []
        _collect_lists(data, (), found)
        return iter(found)
    return find_all(data, fields)


def _collect_lists(value: Any, path: DataPath, found: list[tuple[DataPath, list[Any]]]) -> None:
    # In document order, as ``**`` gives them; a module function, as in rulekit.fields.
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                _collect_lists(item, (*path, key), found)
    elif isinstance(value, list):
        found.append((path, value))
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                _collect_lists(item, (*path, index), found)


def _may_repeat(items: list[Any], fold: bool) -> bool:
    """Whether two items of the list are equal as data (False: all differ)."""
    if len(items) < 2 or (not fold and _distinct(items)):
        return False  # the usual list: text items (or flat mappings), all different
    return len({_key(item, fold) for item in items}) < len(items)


def _distinct(items: list[Any]) -> bool:
    """Whether no two items are equal in Python, a mapping of scalars compared by its items;
    their keys then differ too (keys only split what Python calls equal, as true and 1), so
    none need be built."""
    if not (items and isinstance(items[0], dict)):  # a list of mappings would raise at once
        try:
            return len(set(items)) == len(items)
        except TypeError:  # a mapping or list among them
            pass
    try:
        flat = {frozenset(item.items()) if isinstance(item, dict) else item for item in items}
    except TypeError:  # a list, or a mapping holding one
        return False
    return len(flat) == len(items)


def _problem(
    document: Document, path: DataPath, items: list[Any], earlier: int, index: int, fold: bool
) -> Problem:
    source_map = document.source_map
    line = source_map.position(source_map.span((*path, earlier), "item")[0])[0]
    first, item = items[earlier], items[index]
    exact = not fold or _key(first, False) == _key(item, False)
    if isinstance(first, str):
        message = f"duplicate of {first!r} on line {line}"
        title = f"remove duplicate {item!r}"
    else:
        message = f"duplicate of the item on line {line}"
        title = "remove the duplicate item"
    if not exact:
        message += " (ignoring case and spaces)"
    fix = remove_item(document, path, index, title, "safe" if exact else "unsafe")
    return Problem((*path, index), message, target="item", fix=fix)


def _key(value: Any, fold: bool) -> Hashable:
    """A hashable form of an item, equal for items that are equal as data."""
    if isinstance(value, str):
        return " ".join(value.casefold().split()) if fold else value
    if isinstance(value, list):
        return ("list", tuple(_key(item, fold) for item in value))
    if isinstance(value, dict):
        return ("map", frozenset((key, _key(item, fold)) for key, item in value.items()))
    if isinstance(value, bool):  # true is not 1, though Python says they are equal
        return ("bool", value)
    return ("scalar", value)  # numbers (1 and 1.0 are equal, as in JSON) and null
