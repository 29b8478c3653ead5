"""Validate front matter data against a JSON Schema (``filmlint.schema.messages`` phrases the
errors as problems).

python-jsonschema, which gives the detailed errors, is imported only when a file has one (or
when the compiled check cannot be used): a run over valid files never loads it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from filmlint.diagnostics import Problem
from filmlint.errors import ConfigError
from filmlint.schema.compiled_validator import load_jsonschema_rs
from filmlint.schema.references import (
    BadReference,
    References,
    check_pointers,
    identified,
    registry_of,
)
from filmlint.text.reading import read_regular

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from referencing import Registry

DEFAULT_SCHEMA = "film.schema.json"
#: Formats checked by python-jsonschema's own tests (none needs an extra package).
_FORMATS = ("date", "email", "ipv4", "ipv6", "regex")
#: Formats checked by filmlint's tests (RFC 3339, RFC 4122), in both the compiled check and
#: the walk. Any other format (uri, hostname, duration...) is not checked (documented).
_OWN_FORMATS = ("date-time", "time", "uuid")


class SchemaLoadError(ConfigError):
    """The schema cannot be read or is not a valid JSON Schema: the configuration (or the
    ``schema`` argument) names one that cannot be used.

    ``paths``: the local files the schema was read from or was to be, its own and those its
    references name (also one that cannot be read: once created or mended, the schema may
    load)."""

    def __init__(self, message: str, paths: Sequence[FilePath] = ()) -> None:
        super().__init__(message)
        self.paths = tuple(paths)


#: Keywords that jsonschema-rs reads exactly as the walk does (formats are checked by
#: python-jsonschema's own functions in both, patterns by jsonschema-rs's in both: see
#: ``filmlint.schema.patterns``). A schema with any other keyword, or with a ``$ref`` that
#: leaves the document, is checked by the walk alone.
_SAME_IN_BOTH = frozenset(
    {
        "$schema", "$id", "$comment", "$defs", "definitions", "$ref", "title", "description",
        "default", "examples", "deprecated", "readOnly", "writeOnly", "type", "enum", "const",
        "required", "properties", "additionalProperties", "items", "prefixItems", "allOf",
        "anyOf", "oneOf", "not", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minProperties", "maxProperties", "format", "pattern", "patternProperties",
    }
)  # fmt: skip
#: Drafts whose keywords the two read alike (draft 4 differs, e.g. on whether 1.0 is an integer).
_RECENT_DRAFTS = frozenset(
    {
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2019-09/schema",
    }
)
#: python-jsonschema's test for the ``date`` format, which both validators use (tested).
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
#: Keywords whose value is a mapping of names to subschemas, or one subschema or a list.
_SCHEMA_MAPS = ("$defs", "definitions", "properties", "patternProperties")
_SCHEMA_VALUES = ("additionalProperties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "not")


class SchemaChecker:
    """A compiled schema; ``check`` yields one problem per validation error.

    Most files are valid, so a fast compiled validator (jsonschema-rs, when installed and the
    schema's keywords mean the same to it) first says whether a file has any error at all;
    only a file that has one takes python-jsonschema's detailed walk, whose errors give the
    messages and paths. ``fast=False`` always takes the walk.
    """

    def __init__(
        self, schema: dict[str, Any], *, fast: bool = True, source: FilePath | None = None
    ) -> None:
        """``source``: the file the schema was read from; its relative references are files
        beside it. Every reference is resolved now (``SchemaLoadError`` if one cannot be)."""
        self._schema = identified(schema, source)
        self._registry: Registry[Any] | None = None
        files: dict[str, Any] = {}
        #: The files read to load the schema: its own and those its references name.
        self.paths: tuple[FilePath, ...] = () if source is None else (source,)
        self._walker: Validator | None = None
        try:  # every judgement of the schema is made here, once: checking files makes none
            _check_shape(self._schema)
            _check_patterns(self._schema)
            walk: type[Validator] | None = None
            if not check_pointers(self._schema):
                walk = _check_against_meta_schema(self._schema)  # before following references
                references = References(self._schema)
                self._registry, files = references.registry, references.files
                self.paths += tuple(references.paths)
                for contents in files.values():
                    _check_shape(contents)
                    _check_patterns(contents)
            self._is_valid = _fast_validity_check(self._schema) if fast else None
            if self._is_valid is None:
                self._walker = self._make_walker(walk or _check_against_meta_schema(self._schema))
        except (BadReference, _Refused) as error:
            name = "schema" if source is None else f"schema {source}"
            named = error.paths if isinstance(error, BadReference) else ()
            raise SchemaLoadError(f"{name}: {error}", (*self.paths, *named)) from None
        #: Identifies the schema's content and that of the files it refers to (for the
        #: result cache).
        self.digest = hashlib.sha256(
            json.dumps(
                [schema, files] if files else schema, sort_keys=True, ensure_ascii=False
            ).encode()
        ).hexdigest()

    @property
    def schema(self) -> dict[str, Any]:
        """The schema as loaded (read it, never change it)."""
        return self._schema

    @property
    def fast(self) -> bool:
        """Whether valid data is recognised by the compiled validator."""
        return self._is_valid is not None

    @classmethod
    def load(cls, path: FilePath | None = None, *, fast: bool = True) -> SchemaChecker:
        """The schema at ``path``, or the film schema shipped with filmlint."""
        own = () if path is None else (path,)
        try:
            text = _shipped_schema_text() if path is None else read_regular(path).decode("utf-8")
            schema = json.loads(text)
        except (OSError, UnicodeDecodeError) as error:
            why = error.strerror if isinstance(error, OSError) and error.strerror else error
            raise SchemaLoadError(f"cannot read schema {path}: {why}", own) from None
        except json.JSONDecodeError as error:
            raise SchemaLoadError(f"schema {path} is not JSON: {error}", own) from None
        except RecursionError:
            raise SchemaLoadError(f"schema {path} is nested too deeply", own) from None
        if not isinstance(schema, dict):
            raise SchemaLoadError(f"schema {path} is not a JSON object", own)
        return cls(schema, fast=fast, source=path)

    def check(self, data: Any) -> list[Problem]:
        if self._is_valid is not None and self._is_valid(data):
            return []
        if self._walker is None:  # the compiled check accepted the schema when it was loaded
            from jsonschema.validators import validator_for

            self._walker = self._make_walker(validator_for(self._schema))
        from filmlint.schema.messages import phrased  # only for data with an error

        return phrased(self._walker.iter_errors(data))

    def _make_walker(self, cls: type[Validator]) -> Validator:
        """python-jsonschema's validator of class ``cls`` (the schema's draft's); it matches
        patterns in linear time and has every reference it can follow at hand."""
        from jsonschema import FormatChecker
        from jsonschema.validators import extend

        from filmlint.schema import patterns

        registry = self._registry if self._registry is not None else registry_of(self._schema)
        linear = extend(cls, patterns.KEYWORDS)  # type: ignore[no-untyped-call]
        linear.descend = _placed_false(linear.descend)  # a class of its own: no other changes
        formats = FormatChecker(_FORMATS)
        for name in _OWN_FORMATS:
            formats.checks(name)(_format_check(name))
        validator: Validator = linear(self._schema, registry=registry, format_checker=formats)
        return validator


def _placed_false(descend: Callable[..., Iterator[ValidationError]]) -> Any:
    """``descend`` that places a ``false`` subschema's error at the value it refuses:
    python-jsonschema drops the value's path (and the subschema's) for one, which would put
    the error at the mapping or list that holds the value."""
    from jsonschema.exceptions import ValidationError

    def placed(
        self: Validator,
        instance: Any,
        schema: Any,
        path: str | int | None = None,
        schema_path: str | int | None = None,
        resolver: Any = None,
    ) -> Iterator[ValidationError]:
        if schema is not False:
            yield from descend(self, instance, schema, path, schema_path, resolver)
            return
        error = ValidationError("no value is allowed here", instance=instance, schema=schema)
        if path is not None:
            error.path.appendleft(path)
        if schema_path is not None:
            error.schema_path.appendleft(schema_path)
        yield error

    return placed


class _Refused(Exception):
    """What is wrong with a schema (the loading names the file)."""


#: Nesting of mappings and lists a schema may have: validators recurse once (or more) per
#: level, and a deeper schema would exhaust Python's stack.
MAX_DEPTH = 64


def _check_shape(schema: Any) -> None:
    """Refuse a ``$schema`` that is not a URI's text, and a schema nested too deeply."""
    if isinstance(schema, dict) and not isinstance(schema.get("$schema", ""), str):
        raise _Refused("'$schema' must be a string, the URI of a draft")
    pending = [(schema, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _Refused(f"nested too deeply (over {MAX_DEPTH} levels)")
        children = value.values() if isinstance(value, dict) else value
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def _check_patterns(schema: Any) -> None:
    """Refuse a pattern that cannot be matched in linear time (see ``patterns``)."""
    from filmlint.schema.patterns import UnusablePattern, check_usable, patterns_in

    for pattern in patterns_in(schema):
        try:
            check_usable(pattern)
        except UnusablePattern as error:
            raise _Refused(f"the pattern {pattern!r} cannot be used: {error}") from None


def _check_against_meta_schema(schema: dict[str, Any]) -> type[Validator]:
    """The validator class for ``schema``'s draft, once the schema has passed its meta-schema
    (its patterns read as the walk and the compiled check read them)."""
    from jsonschema import FormatChecker
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for

    cls: type[Validator] = validator_for(schema)
    formats = FormatChecker(())
    formats.checkers = {**cls.FORMAT_CHECKER.checkers, "regex": (_is_usable_pattern, ())}
    try:
        cls.check_schema(schema, format_checker=formats)  # type: ignore[call-arg]
    except SchemaError as error:
        raise _Refused(f"not a valid JSON Schema: {error.message}") from None
    return cls


def _is_usable_pattern(instance: object) -> bool:
    from filmlint.schema.patterns import UnusablePattern, check_usable

    if not isinstance(instance, str):
        return True
    try:
        check_usable(instance)
    except UnusablePattern:
        return False
    return True


def _shipped_schema_text() -> str:
    try:  # as a plain file, which it is once installed: importlib.resources costs more
        return (FilePath(__file__).parent.parent / "schemas" / DEFAULT_SCHEMA).read_text("utf-8")
    except OSError:  # installed in a zip archive
        from importlib import resources

        return resources.files("filmlint").joinpath("schemas", DEFAULT_SCHEMA).read_text("utf-8")


def _fast_validity_check(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """jsonschema-rs's ``is_valid`` for ``schema``, or None when it may judge differently."""
    formats: set[str] = set()
    draft = schema.get("$schema", next(iter(_RECENT_DRAFTS)))
    if not (isinstance(draft, str) and draft.rstrip("#") in _RECENT_DRAFTS):
        return None
    if not _same_in_both(schema, formats):
        return None
    try:
        load_jsonschema_rs()  # without email.utils
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: the detailed walk does it all
        return None
    try:
        if not jsonschema_rs.meta.is_valid(schema):
            return None  # the walk's meta-schema check will say what is wrong
        compiled = jsonschema_rs.validator_for(
            schema,
            validate_formats=True,
            formats={name: _format_check(name) for name in formats},
            retriever=_never_retrieve,  # every reference is inside the schema (see above)
        )
    except Exception:  # a schema it cannot compile is still checked, by the walk
        return None

    def is_valid(data: Any) -> bool:
        try:
            return bool(compiled.is_valid(data))
        except Exception:  # data it cannot take (e.g. a huge integer): let the walk decide
            return False

    return is_valid


def _never_retrieve(uri: str) -> Any:
    raise LookupError(f"{uri} is not fetched: schemas are never fetched over the network")


def _format_check(name: str) -> Callable[[Any], bool]:
    """The test of a ``format`` that the walk applies too."""
    if name == "date":
        return _is_date
    if name in _OWN_FORMATS:
        from filmlint.schema import formats

        return formats.CHECKS[name]
    if name in _FORMATS:
        from jsonschema import FormatChecker

        return partial(FormatChecker((name,)).conforms, format=name)
    return lambda instance: True  # a format the walk does not check


def _is_date(instance: Any) -> bool:
    """python-jsonschema's ``date`` format, without importing it."""
    if not isinstance(instance, str):
        return True
    try:
        return bool(_DATE.fullmatch(instance) and datetime.date.fromisoformat(instance))
    except ValueError:
        return False


def _same_in_both(schema: Any, formats: set[str]) -> bool:
    """Whether every keyword of ``schema`` is in ``_SAME_IN_BOTH``; collects format names."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not _SAME_IN_BOTH.issuperset(schema):
        return False
    ref = schema.get("$ref")
    if ref is not None and not (isinstance(ref, str) and ref.startswith("#")):
        return False
    if isinstance(schema.get("format"), str):
        formats.add(schema["format"])
    for keyword in _SCHEMA_MAPS:
        named = schema.get(keyword, {})
        if not isinstance(named, dict) or not all(
            _same_in_both(sub, formats) for sub in named.values()
        ):
            return False
    for keyword in _SCHEMA_VALUES:
        value = schema.get(keyword, True)
        subschemas = value if isinstance(value, list) else [value]
        if not all(_same_in_both(sub, formats) for sub in subschemas):
            return False
    return True
