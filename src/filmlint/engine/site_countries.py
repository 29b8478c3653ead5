"""How a site writes countries: the options of country-code its files call for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from filmlint.engine.site_model import SiteFile
from filmlint.rulekit import countries
from filmlint.rulekit.fields import find_strings
from filmlint.rules import load_registry

COUNTRY_RULE = "country-code"


def country_options(files: Sequence[SiteFile]) -> dict[str, Any]:
    """``accept`` names when most countries are not ISO 3166-1 codes; ``split`` by the
    separator most values with several countries use."""
    rule = load_registry()[COUNTRY_RULE]
    fields = rule.options["fields"].default
    values = [value for f in files for _, value in find_strings(dict(f.data), fields)]
    seen: Counter[str] = Counter()
    for value in values:
        seen.update({mark for mark in countries.SEPARATORS if mark in value})
    options: dict[str, Any] = {}
    separator = seen.most_common(1)[0][0] if seen else ""
    if separator:
        options["split"] = separator
    parts = [
        part.strip()
        for value in values
        for part in (value.split(separator) if separator else [value])
        if part.strip()
    ]
    if sum(1 for part in parts if countries.by_code(part) is None) * 2 > len(parts):
        options["accept"] = ["code", "name"]
    return options
