"""Phrase python-jsonschema's validation errors as problems: one per error, in plain words,
with the rule that names its kind (unknown-key, missing-key, invalid-type, invalid-value) and
the close replacement of a misspelt key or value when there is one.

Imported only when a file has a schema error: most files have none.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from filmlint.diagnostics import Problem
from filmlint.frontmatter.scalars import LongInt, digit_count
from filmlint.rule_names import (
    DUPLICATE_ITEM,
    INVALID_TYPE,
    INVALID_VALUE,
    MISSING_KEY,
    SCHEMA,
    UNKNOWN_KEY,
)
from filmlint.schema.patterns import additional_keys

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

#: Keywords whose value maps names to subschemas: a name in a schema path after one is not
#: a keyword.
_NAME_MAPS = (
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
)
#: Keywords whose subschema applies when the key it is named after is there (draft 7 and
#: older: ``dependencies``, which also takes a list of keys, as ``dependentRequired`` does).
_DEPENDENT = ("dependentSchemas", "dependencies")
#: Keywords whose subschemas apply to the value itself, not to a part of it.
_IN_PLACE = frozenset({"allOf", "anyOf", "oneOf", "then", "else", "$ref", "$dynamicRef"})
#: How alike (difflib's ratio) a word and a suggestion must be.
_CUTOFF = 0.6
#: Characters of a key, or of a value's JSON text, a message shows; the rest is cut ("…").
MAX_KEY_SHOWN = 80
MAX_VALUE_SHOWN = 40
#: Characters of a message python-jsonschema phrased (it holds the value, whole).
MAX_MESSAGE = 200
_JSON_TYPES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}
_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def phrased(errors: Iterable[ValidationError]) -> list[Problem]:
    """The problems of the errors, each said once."""
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    for error in errors:
        for problem in _problems(error):
            key = (problem.path, problem.target, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return _without_typo_twins(_missing_once(problems))


@dataclass(frozen=True, slots=True)
class _MissingKey(Problem):
    """A missing-key problem that remembers which key is missing, and the keys whose
    presence requires it (none: the schema requires it whatever else is there)."""

    key: str = ""
    required_by: tuple[str, ...] = ()


def _missing(path: tuple[Any, ...], key: str, required_by: tuple[str, ...] = ()) -> _MissingKey:
    if required_by:
        names = [f"'{_cut(name, MAX_KEY_SHOWN)}'" for name in required_by]
        them = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        verb = "requires" if len(names) == 1 else "require"
        message = f"missing key '{_cut(key, MAX_KEY_SHOWN)}', which {them} {verb}"
    else:
        message = f"missing required key '{key}'"
    return _MissingKey(
        path, message, target="start", rule=MISSING_KEY, key=key, required_by=required_by
    )


def _missing_once(problems: list[Problem]) -> list[Problem]:
    """One problem per missing key, where the first told of it was: ``required``,
    ``dependentRequired`` and a ``required`` in ``dependentSchemas`` may each say it. A key
    required outright is said so; else the keys that require it are named together."""
    missing: dict[tuple[Any, ...], list[_MissingKey]] = {}
    for problem in problems:
        if isinstance(problem, _MissingKey):
            missing.setdefault((problem.path, problem.key), []).append(problem)
    if all(len(same) == 1 for same in missing.values()):
        return problems
    merged: list[Problem] = []
    for problem in problems:
        if not isinstance(problem, _MissingKey):
            merged.append(problem)
            continue
        same = missing.pop((problem.path, problem.key), None)
        if same is None:  # told already
            continue
        by: list[str] = []
        for each in same:
            if not each.required_by:  # required whatever else is there
                by = []
                break
            by.extend(name for name in each.required_by if name not in by)
        merged.append(_missing(problem.path, problem.key, tuple(by)))
    return merged


@dataclass(frozen=True, slots=True)
class ListProblem(Problem):
    """A schema problem with a list that a rule's problem with one of its items says more
    precisely: ``items_rule``'s (a duplicate that breaks ``uniqueItems``: duplicate-item's).
    Placing reads ``items_rule`` off any problem that has it: this module, and the class,
    load only for data with an error."""

    items_rule: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion(Problem):
    """An unknown-key or invalid-value problem with the one close replacement for it.

    ``replacement`` is the known key or allowed value; ``siblings`` are the keys of the
    mapping holding the problem (a renamed key must not collide with one of them).
    """

    replacement: str = ""
    siblings: tuple[str, ...] = ()


def _without_typo_twins(problems: list[Problem]) -> list[Problem]:
    """Drop "missing 'director'" where "unknown 'directer'" says it: one typo, one problem."""
    unknown = [p.path for p in problems if p.rule == UNKNOWN_KEY]

    def misspelt(problem: Problem) -> bool:
        return isinstance(problem, _MissingKey) and any(
            u[:-1] == problem.path and closest(u[-1], [problem.key]) is not None for u in unknown
        )

    return [p for p in problems if not misspelt(p)] if unknown else problems


def _problems(error: ValidationError) -> Iterator[Problem]:
    key = _named_key(error)
    if key is not None:  # the key breaks propertyNames: said of the key, at the key
        for problem in _value_problems(error):
            message = f"key '{_cut(key, MAX_KEY_SHOWN)}': {problem.message}"
            yield Problem((*problem.path, key), message, target="key", rule=SCHEMA)
        return
    yield from _value_problems(error)


def _named_key(error: ValidationError) -> str | None:
    """The key an error is about when it breaks ``propertyNames`` (python-jsonschema gives
    the mapping's path and the key as the instance), else None."""
    steps = list(error.relative_schema_path)
    for step, keyword in zip(steps, _keywords(steps), strict=True):
        if step == "propertyNames" and keyword and isinstance(error.instance, str):
            return error.instance
    return None


def _keywords(steps: Sequence[Any]) -> list[bool]:
    """Which steps of a schema path are keywords: not a name a keyword maps (a property
    named "properties"), nor an index."""
    kinds: list[bool] = []
    name_next = False
    for step in steps:
        keyword = not name_next and not isinstance(step, int)
        kinds.append(keyword)
        name_next = keyword and step in _NAME_MAPS
    return kinds


def _value_problems(error: ValidationError) -> Iterator[Problem]:
    # anyOf / oneOf: the alternatives' errors; a oneOf that several match has none
    if error.context or error.validator == "oneOf":
        yield from _alternatives(error)
        return
    path = tuple(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    expected: Any = error.validator_value
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, dict):
        known = _known_keys(error.schema)
        for key in _unknown_keys(error, instance):
            shown, unique = _key_suggestion(key, known)
            message = f"unknown key '{_cut(key, MAX_KEY_SHOWN)}'" + (
                f"; did you mean '{shown}'?" if shown else ""
            )
            if shown is not None and unique:
                yield Suggestion(
                    (*path, key),
                    message,
                    target="key",
                    rule=UNKNOWN_KEY,
                    replacement=shown,
                    siblings=tuple(instance),
                )
            else:
                yield Problem((*path, key), message, target="key", rule=UNKNOWN_KEY)
    elif keyword == "required" and expected is True and path:  # draft 3: in the key's schema
        yield _missing(path[:-1], str(path[-1]))
    elif keyword == "required" and isinstance(instance, dict):
        by = _required_by(error)
        for key in expected:
            if key not in instance:
                yield _missing(path, key, by)
    elif keyword in ("dependentRequired", "dependencies") and isinstance(instance, dict):
        for present, needed in expected.items():
            keys = [needed] if isinstance(needed, str) else needed  # draft 3: one key, as text
            if present in instance and isinstance(keys, list):
                yield from (_missing(path, key, (present,)) for key in keys if key not in instance)
    elif error.schema is False:  # a subschema of false: no value is allowed here
        yield _refused(error, path)
    elif keyword == "type":
        yield Problem(path, _type_message(expected, instance), rule=INVALID_TYPE)
    elif keyword in ("enum", "const"):
        choices = [expected] if keyword == "const" else list(expected)
        best, unique = _ranked(instance, choices)
        message = _enum_message(instance, choices, best)
        if unique and isinstance(instance, str) and isinstance(best, str):
            yield Suggestion(path, message, rule=INVALID_VALUE, replacement=best)
        else:
            yield Problem(path, message, rule=INVALID_VALUE)
    elif keyword == "uniqueItems":  # duplicate-item names the duplicate: it says it better
        message = _generic_message(error)
        yield ListProblem(path, message, rule=SCHEMA, items_rule=DUPLICATE_ITEM)
    else:
        yield Problem(path, _generic_message(error), rule=SCHEMA)


def _refused(error: ValidationError, path: tuple[Any, ...]) -> Problem:
    """The problem of a value a ``false`` subschema refuses: of the key, when that subschema
    is the key's own (``properties``, ``patternProperties``) or applies for the key being
    there (``dependentSchemas``), else of the value."""
    steps = list(error.absolute_schema_path)
    keyword = len(steps) > 1 and _keywords(steps)[-2]
    parent = steps[-2] if keyword else None
    if parent in ("properties", "patternProperties") and path:
        message = f"key '{_cut(str(path[-1]), MAX_KEY_SHOWN)}' is not allowed here"
        return Problem(path, message, target="key", rule=SCHEMA)
    if parent in _DEPENDENT and isinstance(error.instance, dict):
        key = str(steps[-1])
        message = f"key '{_cut(key, MAX_KEY_SHOWN)}' is not allowed here"
        return Problem((*path, key), message, target="key", rule=SCHEMA)
    return Problem(path, "is not allowed here", rule=SCHEMA)


def _required_by(error: ValidationError) -> tuple[str, ...]:
    """The key whose presence applies the ``required`` that ``error`` breaks, when it is in
    a ``dependentSchemas`` (or draft 7's ``dependencies``) subschema for the same mapping."""
    steps = list(error.absolute_schema_path)[:-1]  # the last is "required"
    kinds = _keywords(steps)
    for index in range(len(steps) - 2, -1, -1):
        if kinds[index] and steps[index] in _DEPENDENT:
            rest = zip(steps[index + 2 :], kinds[index + 2 :], strict=True)
            if all(not keyword or step in _IN_PLACE for step, keyword in rest):
                return (str(steps[index + 1]),)
            return ()
    return ()


def _alternatives(error: ValidationError) -> Iterator[Problem]:
    """The problems of a failed anyOf/oneOf: all types it allows when none takes the value's
    type; the problems of the one form that takes it; else its best-matching form's."""
    path = tuple(error.absolute_path)
    context = error.context or []
    here = [e for e in context if tuple(e.absolute_path) == path]
    if here and all(e.validator == "type" for e in here) and len(here) == len(context):
        allowed: list[str] = []
        for e in here:
            value: Any = e.validator_value
            types = value if isinstance(value, list) else [value]
            allowed.extend(t for t in types if t not in allowed)
        yield Problem(path, _type_message(allowed, error.instance), rule=INVALID_TYPE)
        return
    if error.validator == "oneOf" and not context:
        yield Problem(path, "matches more than one of the allowed forms", rule=SCHEMA)
        return
    # The forms that take a value of this type judge it: a list is judged by the list form,
    # whose problem is with an item, not by the text form's "expected a string".
    fitting = [branch for branch in _branches(context) if not any(map(_wrong_type, branch))]
    if len(fitting) == 1:
        for branch_error in fitting[0]:
            yield from _problems(branch_error)
        return
    from jsonschema.exceptions import best_match

    best = best_match([e for branch in fitting for e in branch] or context)
    if best is None:
        yield Problem(path, _generic_message(error), rule=SCHEMA)
    else:
        yield from _problems(best)


def _branches(context: list[ValidationError]) -> list[list[ValidationError]]:
    """The errors of an anyOf/oneOf's alternatives, grouped by alternative."""
    grouped: dict[Any, list[ValidationError]] = {}
    for e in context:
        branch = e.relative_schema_path[0] if e.relative_schema_path else None
        grouped.setdefault(branch, []).append(e)
    return list(grouped.values())


def _wrong_type(error: ValidationError) -> bool:
    """Whether ``error`` says its alternative does not take the value's type at all: a type
    error at the value itself, or a nested anyOf/oneOf none of whose forms takes it."""
    if error.relative_path:
        return False
    if error.validator == "type":
        return True
    return (
        error.validator in ("anyOf", "oneOf")
        and bool(error.context)
        and all(any(map(_wrong_type, b)) for b in _branches(error.context or []))
    )


def _known_keys(schema: Any) -> list[str]:
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return list(properties)


def _unknown_keys(error: ValidationError, instance: dict[str, Any]) -> list[str]:
    return additional_keys(instance, error.schema)  # patterns matched as the validator does


def _key_suggestion(key: str, known: Sequence[str]) -> tuple[str | None, bool]:
    """The known key most like ``key`` (ignoring case if need be), and whether it is the only
    one that close."""
    best, unique = _ranked(key, known)
    if best is None:
        lowered, unique = _ranked(key.lower(), [k.lower() for k in known])
        best = next((k for k in known if k.lower() == lowered), None)
    return best, unique


def closest(value: Any, choices: Sequence[Any]) -> Any | None:
    """The allowed value most like ``value``, when one is clearly close."""
    return _ranked(value, choices)[0]


def _ranked(value: Any, choices: Sequence[Any]) -> tuple[Any | None, bool]:
    """The choice most like ``value`` (as difflib.get_close_matches picks it), and whether no
    other choice is as close."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(str(value))
    scored: list[tuple[float, str, int]] = []
    for index, choice in enumerate(choices):
        matcher.set_seq1(str(choice))
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            score = matcher.ratio()
            if score >= _CUTOFF:
                scored.append((score, str(choice), index))
    if not scored:
        return None, False
    scored.sort(reverse=True)
    unique = len(scored) == 1 or scored[1][0] < scored[0][0]
    return choices[scored[0][2]], unique


def _describe(value: Any) -> str:
    kind = _JSON_TYPES.get(type(value), "an integer" if isinstance(value, int) else "a value")
    if isinstance(value, (dict, list)) or value is None:
        return kind
    shown = _shown(value)
    return shown if shown.startswith("an integer of ") else f"{kind} ({shown})"


def _shown(value: Any) -> str:
    """``value`` as JSON, short: a long string cut, an integer too long to show counted
    (Python cannot even turn one of over 4,300 digits into text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if isinstance(value, LongInt) or abs(value) >= 10**MAX_VALUE_SHOWN:
            return f"an integer of {digit_count(value):,} digits"
        return str(value)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # a list or mapping holding an integer Python cannot write
        return _JSON_TYPES.get(type(value), "a value")
    return _cut(text, MAX_VALUE_SHOWN)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_message(expected: Any, instance: Any) -> str:
    types = expected if isinstance(expected, list) else [expected]
    names = [_TYPE_NAMES.get(t, str(t)) for t in types]
    wanted = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"expected {wanted}, found {_describe(instance)}"


def _enum_message(instance: Any, choices: list[Any], suggestion: Any | None) -> str:
    shown = ", ".join(_shown(c) for c in choices[:8])
    if len(choices) > 8:
        shown += ", ..."
    message = f"{_shown(instance)} is not allowed here; use one of: {shown}"
    if suggestion is not None:
        message += f" (did you mean {_shown(suggestion)}?)"
    return message


def _generic_message(error: ValidationError) -> str:
    keyword, limit, instance = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword in ("minimum", "maximum") and schema.get(f"exclusiveM{keyword[1:]}") is True:
        keyword = f"exclusiveM{keyword[1:]}"  # draft 4: a flag beside the limit
    # A list that items: false (or additionalItems: false) ends after its fixed items.
    fixed = len(schema.get("prefixItems" if keyword == "items" else "items", []))
    messages = {
        "minLength": "must not be empty"
        if limit == 1
        else f"must be at least {limit} characters long",
        "maxLength": f"must be at most {limit} characters long",
        "minItems": "must not be an empty list"
        if limit == 1
        else f"must have at least {limit} items",
        "maxItems": f"must have at most {limit} items",
        "items": _at_most(fixed),
        "additionalItems": _at_most(fixed),
        "unevaluatedItems": "has items that the schema does not allow here",
        "minimum": f"must be at least {limit}",
        "maximum": f"must be at most {limit}",
        "exclusiveMinimum": f"must be greater than {limit}",
        "exclusiveMaximum": f"must be less than {limit}",
        "pattern": f"does not match the pattern {limit!r}",
        "format": f"{_shown(instance)} is not a valid {limit}",
        "uniqueItems": "list items must be unique",
        "minProperties": f"must have at least {limit} keys",
        "maxProperties": f"must have at most {limit} keys",
        "multipleOf": f"must be a multiple of {limit}",
        "divisibleBy": f"must be a multiple of {limit}",
        "disallow": _disallowed(limit),
        "not": "is not allowed here",
        "contains": "has no item of the form the list must contain",
        "minContains": f"must have at least {_items(limit)} of the form the list must contain",
        "maxContains": f"must have at most {_items(limit)} of the form the list must contain",
    }
    return messages.get(str(keyword)) or _cut(error.message, MAX_MESSAGE)


def _disallowed(types: Any) -> str:
    """Draft 3's ``disallow``: types (or schemas) the value must not be."""
    names = types if isinstance(types, list) else [types]
    if not all(isinstance(name, str) and name in _TYPE_NAMES for name in names):
        return "is not allowed here"
    shown = [_TYPE_NAMES[name] for name in names]
    return "must not be " + (
        shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    )


def _at_most(count: int) -> str:
    return "must be an empty list" if count == 0 else f"must have at most {_items(count)}"


def _items(count: Any) -> str:
    return "1 item" if count == 1 else f"{count} items"
