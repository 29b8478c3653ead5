"""Schema patterns (``pattern``, ``patternProperties``) matched in time linear in the text.

python-jsonschema matches them with ``re``, which backtracks: ``^(a+)+$`` against a long
``aaa…b`` would not finish. jsonschema-rs reads a pattern as JSON Schema says, as an
ECMA-262 regular expression (``\\d`` and ``\\w`` are ASCII, ``$`` is the end of the text),
and matches it with Rust's linear-time regex engine; lookaround and backreferences, which no
linear engine has, run in a backtracking engine with a step limit. The error walk uses it
for one pattern at a time, so it agrees with the compiled check.

No pattern is ever matched with Python's ``re``: one jsonschema-rs cannot read (``\\Z``,
atomic groups: Python's syntax, not ECMA-262's) is an ``UnusablePattern``, which the schema's
loading reports as a configuration error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from filmlint.schema.compiled_validator import load_jsonschema_rs
from filmlint.schema.references import DATA_KEYWORDS, NAME_MAPS

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

#: The keyword of the error for a value whose match took too many steps to decide.
TOO_COSTLY = "pattern-too-costly"


class UnusablePattern(Exception):
    """A pattern that cannot be matched in linear time (not ECMA-262 as jsonschema-rs reads
    it, or jsonschema-rs is not installed)."""


def check_usable(pattern: str) -> None:
    """Raise ``UnusablePattern`` unless ``pattern`` can be matched (compiled once, cached)."""
    _matcher(pattern)


def patterns_in(schema: Any, *, names: bool = False) -> Iterator[str]:
    """Every pattern in ``schema``: the values of ``pattern``, the keys of
    ``patternProperties``; none in data (``examples``, ``const``...). ``names``: the keys of
    ``schema`` are names (of properties, definitions), not keywords."""
    if isinstance(schema, list):
        for item in schema:
            yield from patterns_in(item)
        return
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if names:
            yield from patterns_in(value)
            continue
        if key == "pattern" and isinstance(value, str):
            yield value
        elif key == "patternProperties" and isinstance(value, dict):
            yield from (each for each in value if isinstance(each, str))
        if key not in DATA_KEYWORDS:
            yield from patterns_in(value, names=key in NAME_MAPS)


def search(pattern: str, text: str) -> bool | None:
    """Whether ``pattern`` matches somewhere in ``text``; None when it could not be decided
    within the backtracking engine's step limit."""
    return _matcher(pattern)(text)


@cache
def _matcher(pattern: str) -> Callable[[str], bool | None]:
    try:
        load_jsonschema_rs()  # without email.utils
        import jsonschema_rs
    except ImportError:  # a backtracking engine is never given untrusted text
        raise UnusablePattern("jsonschema-rs, which matches patterns, is not installed") from None
    try:
        compiled = jsonschema_rs.validator_for({"pattern": pattern})
    except (jsonschema_rs.ValidationError, ValueError):  # not ECMA-262: Python's syntax
        raise UnusablePattern("jsonschema-rs cannot read it as ECMA-262") from None
    undecided = (
        jsonschema_rs.ValidationErrorKind.BacktrackLimitExceeded,
        jsonschema_rs.ValidationErrorKind.RegexEngineFailure,
    )

    def matches(text: str) -> bool | None:
        error = next(compiled.iter_errors(text), None)
        if error is None:
            return True
        return None if isinstance(error.kind, undecided) else False

    return matches


# python-jsonschema's keywords that match patterns, with the same errors, matching as above.
# A key whose match cannot be decided counts as not matching.


def pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string"):
        return
    found = search(pattern, instance)
    if found is None:
        message = f"takes too many steps to match against the pattern {pattern!r}"
        yield ValidationError(message, validator=TOO_COSTLY)
    elif not found:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for key_pattern, subschema in patterns.items():
        for key, value in instance.items():
            if search(key_pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=key_pattern)


def additional_properties(
    validator: Any, additional: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    extras = additional_keys(instance, schema)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        shown = ", ".join(repr(extra) for extra in sorted(extras, key=str))
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            patterns = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{shown} {verb} not match any of the regexes: {patterns}")
        else:
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(
                f"Additional properties are not allowed ({shown} {verb} unexpected)"
            )


def additional_keys(instance: dict[str, Any], schema: Any) -> list[str]:
    """The keys of ``instance`` that neither ``properties`` nor ``patternProperties`` name."""
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    patterns = schema.get("patternProperties", {}) if isinstance(schema, dict) else {}
    return [
        key
        for key in instance
        if key not in properties and not any(search(p, key) for p in patterns)
    ]


#: The keywords above, by name, for ``jsonschema.validators.extend``.
KEYWORDS = {
    "pattern": pattern,
    "patternProperties": pattern_properties,
    "additionalProperties": additional_properties,
}
