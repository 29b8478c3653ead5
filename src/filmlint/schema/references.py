"""Every schema a schema refers to, read when it is loaded: local files yes, the network never.

python-jsonschema fetches a ``$ref`` it does not know over HTTP, for every file and with no
timeout. Here each reference the schema can reach is resolved once, when the schema is
loaded: to the schema itself, to the meta-schemas bundled with jsonschema, or to a JSON file
on disk (a relative reference in a schema read from a file is relative to that file). Any
other reference (``https://…``, a missing file, a ``#/$defs/x`` that is not there) is a
``BadReference`` naming the reference. The registry handed to the validator then holds
everything it can be asked for, and nothing to retrieve.

A schema whose references are all JSON Pointers into itself (the film schema's) is checked
without the ``referencing`` library, which costs more to import than the whole check.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from filmlint.text.reading import UnreadableFile, read_regular

if TYPE_CHECKING:
    from referencing import Registry, Resource, Specification
    from referencing._core import Resolver  # not exported, but what lookups return

#: Keywords whose value is a reference (2020-12, 2019-09, and older drafts' ``$ref``).
_REFERENCE_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")
#: Keywords that give a subschema a base URI or a name of its own.
_NAMING_KEYWORDS = ("$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor")


class BadReference(Exception):
    """A reference that leads to nothing on this machine."""

    #: The local files references named before this one failed, read or not (a missing
    #: one may yet be created): set by ``References``.
    paths: tuple[FilePath, ...] = ()


def identified(schema: dict[str, Any], source: FilePath | None) -> dict[str, Any]:
    """The schema as validated: one read from a file is identified by the file's URI (unless
    it has an id of its own), so that its relative references lead to files beside it."""
    if source is None or _own_id(schema) is not None:
        return schema
    keyword = "id" if _is_draft4_or_older(schema) else "$id"
    return {keyword: source.resolve().as_uri(), **schema}


def check_pointers(schema: dict[str, Any]) -> bool:
    """Whether every reference in ``schema`` is a JSON Pointer into it, and all lead to a
    subschema, none in a cycle.

    False when the schema has another kind of reference (``References`` resolves those);
    raises ``BadReference`` for a pointer to nothing, to a value that is not a schema, or
    one that leads back to the schema holding it.
    """
    refs: list[tuple[dict[str, Any], str]] = []
    if not _pointer_refs(schema, refs, top=True):
        return False
    edges: dict[int, list[tuple[str, Any]]] = {}
    for holder, ref in refs:
        target = _pointed_at(schema, ref[1:])
        if target is _NOTHING:
            raise BadReference(f"cannot resolve reference {ref!r}: it points to nothing")
        _check_is_schema(ref, target)
        edges.setdefault(id(holder), []).append((ref, target))
    _check_no_cycle([holder for holder, _ in refs], edges)
    return True


#: Keywords whose subschemas apply to the value the schema holding them applies to.
_IN_PLACE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas")
#: Keywords whose value maps names to subschemas.
NAME_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
#: Keywords whose value is data, never a schema (a ``$ref`` in them is not a reference).
DATA_KEYWORDS = ("examples", "const", "enum", "default")


def _check_is_schema(ref: str, target: Any) -> None:
    if not isinstance(target, (dict, bool)):
        raise BadReference(
            f"cannot resolve reference {ref!r}: it points to a JSON {_json_kind(target)}, "
            "not a schema"
        )


def _in_place(schema: dict[str, Any]) -> Iterator[Any]:
    """The subschemas of ``schema`` that apply to the same value as it does."""
    for keyword in _IN_PLACE:
        value = schema.get(keyword)
        if isinstance(value, list):
            yield from value
        elif keyword == "dependentSchemas" and isinstance(value, dict):
            yield from value.values()
        elif value is not None:
            yield value


def _check_no_cycle(starts: list[Any], edges: dict[int, list[tuple[str, Any]]]) -> None:
    """Raise ``BadReference`` for a reference that leads back to where it was followed from
    without descending into the data: a validator would follow it forever. ``edges``: each
    schema's references (by the schema's id), with the schema each resolves to."""
    done: set[int] = set()
    for start in starts:
        if id(start) in done:
            continue
        # Depth first: (schema, its successors still to visit); on_path holds the schemas
        # being visited, with the reference followed to reach each.
        on_path: dict[int, str | None] = {id(start): None}
        stack = [(start, _successors(start, edges))]
        while stack:
            node, successors = stack[-1]
            step = next(successors, None)
            if step is None:
                stack.pop()
                del on_path[id(node)]
                done.add(id(node))
                continue
            ref, target = step
            if id(target) in on_path:
                closing = ref or next(r for r in reversed(on_path.values()) if r)
                raise BadReference(
                    f"reference {closing!r} is in a cycle: it leads back to the schema that "
                    "holds it without going into the data"
                )
            if id(target) not in done and isinstance(target, dict):
                on_path[id(target)] = ref
                stack.append((target, _successors(target, edges)))


def _successors(
    schema: dict[str, Any], edges: dict[int, list[tuple[str, Any]]]
) -> Iterator[tuple[str | None, Any]]:
    """The schemas applied to the same value as ``schema``: its in-place subschemas (no
    reference) and the targets of its references."""
    for sub in _in_place(schema):
        if isinstance(sub, dict):
            yield None, sub
    yield from edges.get(id(schema), [])


def registry_of(schema: dict[str, Any]) -> Registry[Any]:
    """The registry of a schema that refers only to itself (see ``check_pointers``)."""
    from referencing import Registry

    root = _specification(schema).create_resource(schema)
    registry: Registry[Any] = Registry().with_resource(root.id() or "", root)
    return registry


class References:
    """The registry of a schema, with every reference it reaches resolved when it is made."""

    def __init__(self, schema: dict[str, Any]) -> None:
        from jsonschema_specifications import REGISTRY as BUNDLED  # type: ignore[import-untyped]
        from referencing import Registry

        self._specification = _specification(schema)
        self._files: dict[str, Resource[Any]] = {}
        #: The local files read for references, as paths.
        self.paths: list[FilePath] = []
        #: The local files references name, also one that cannot be read.
        self._named: list[FilePath] = []
        root = self._specification.create_resource(schema)
        root_uri = root.id() or ""
        retrieving: Registry[Any] = Registry(retrieve=self._read_local)  # type: ignore[call-arg]
        resolver = BUNDLED.combine(retrieving.with_resource(root_uri, root)).resolver(root_uri)
        #: Each walked schema's references (by the schema's id), with what they resolve to.
        self._edges: dict[int, list[tuple[str, Any]]] = {}
        try:
            walked = self._check_all(resolver, root_uri, root)
            _check_no_cycle(walked, self._edges)
        except BadReference as error:
            error.paths = tuple(self._named)
            raise
        #: What the validator is given: no way to retrieve anything more.
        self.registry: Registry[Any] = Registry().with_resources(
            [(root_uri, root), *self._files.items()]
        )

    @property
    def files(self) -> dict[str, Any]:
        """The contents of each local file referred to, by URI (for the result cache's key)."""
        return {uri: resource.contents for uri, resource in sorted(self._files.items())}

    def _check_all(
        self, resolver: Resolver[Any], base: str, root: Resource[Any]
    ) -> list[dict[str, Any]]:
        """Resolve every reference reachable from ``root``, each place once; the schemas
        walked."""
        from referencing.exceptions import Unresolvable

        pending = [(resolver, base, root)]
        walked: dict[int, dict[str, Any]] = {}
        while pending:
            for resolver, base, found in _with_subresources(*pending.pop()):
                contents = found.contents
                if not isinstance(contents, dict) or id(contents) in walked:
                    continue
                walked[id(contents)] = contents
                for keyword in _REFERENCE_KEYWORDS:
                    ref = contents.get(keyword)
                    if not isinstance(ref, str):
                        continue
                    try:
                        resolved = resolver.lookup(ref)
                    except Unresolvable as error:
                        raise self._error(ref, base, error) from None
                    _check_is_schema(ref, resolved.contents)
                    self._edges.setdefault(id(contents), []).append((ref, resolved.contents))
                    target = self._specification.create_resource(resolved.contents)
                    target_base = urldefrag(urljoin(base, ref)).url
                    pending.append((resolved.resolver, target_base, target))
        return list(walked.values())

    def _read_local(self, uri: str) -> Resource[Any]:
        """A file a reference names, read once; anything not on disk is refused."""
        from urllib.request import url2pathname  # with http.client and email: only for a file

        from referencing import Resource
        from referencing.exceptions import NoSuchResource

        if uri in self._files:
            return self._files[uri]
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
        path = FilePath(url2pathname(parts.path))
        self._named.append(path)
        try:
            contents = json.loads(read_regular(path).decode("utf-8"))
        except UnreadableFile as error:
            raise _Unreadable(f"cannot read {path}: {error}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise _Unreadable(f"cannot read {path}: {error.__class__.__name__}") from None
        except json.JSONDecodeError as error:
            raise _Unreadable(f"{path} is not JSON: {error}") from None
        except RecursionError:
            raise _Unreadable(f"{path} is nested too deeply") from None
        if not isinstance(contents, (dict, bool)):
            raise _Unreadable(f"{path} is not a schema (a JSON {_json_kind(contents)})")
        resource = Resource.from_contents(contents, default_specification=self._specification)
        self._files[uri] = resource
        self.paths.append(path)
        return resource

    def _error(self, ref: str, base: str, error: Exception) -> BadReference:
        from referencing.exceptions import NoSuchAnchor, PointerToNowhere

        uri, fragment = urldefrag(urljoin(base, ref))
        where = _shown(uri) if uri and uri != base else "the schema"
        unreadable = error.__cause__.__cause__ if error.__cause__ is not None else None
        if isinstance(error, PointerToNowhere):
            reason = f"'#{fragment}' points to nothing in {where}"
        elif isinstance(error, NoSuchAnchor):
            reason = f"there is no anchor {fragment!r} in {where}"
        elif isinstance(unreadable, _Unreadable):
            reason = str(unreadable)
        elif urlsplit(uri).scheme == "file":
            reason = f"{_shown(uri)} cannot be read"
        else:
            reason = f"{uri} is not a local file, and schemas are never fetched over the network"
        return BadReference(f"cannot resolve reference {ref!r}: {reason}")


class _Unreadable(Exception):
    """A local file that a reference names cannot be read as JSON."""


def _with_subresources(
    resolver: Resolver[Any], base: str, resource: Resource[Any]
) -> Iterator[tuple[Resolver[Any], str, Resource[Any]]]:
    """``resource`` and every subschema inside it, each with its resolver and base URI."""
    pending = [(resolver, base, resource)]
    while pending:
        resolver, base, resource = pending.pop()
        yield resolver, base, resource
        for sub in resource.subresources():
            own = sub.id()
            pending.append((resolver.in_subresource(sub), urljoin(base, own or ""), sub))


def _pointer_refs(
    value: Any, refs: list[tuple[dict[str, Any], str]], *, top: bool = False, names: bool = False
) -> bool:
    """Collect the references anywhere in ``value`` but in data (``examples``, ``const``...),
    each with the mapping that holds it; False at the first one that is not a JSON Pointer
    into the document, or at an id or anchor below the top (they change what a pointer
    means). Looks at every other value, not only at subschemas: a false alarm only costs the
    exact check. ``names``: the keys of ``value`` are names (of properties, definitions), not
    keywords."""
    if isinstance(value, list):
        return all(_pointer_refs(item, refs) for item in value)
    if not isinstance(value, dict):
        return True
    for key, item in value.items():
        if isinstance(item, str):
            if key in _REFERENCE_KEYWORDS:
                if not (item == "#" or item.startswith("#/")):
                    return False
                refs.append((value, item))
            elif key in _NAMING_KEYWORDS and not top:
                return False
        elif (names or key not in DATA_KEYWORDS) and not _pointer_refs(
            item, refs, names=not names and key in NAME_MAPS
        ):
            return False
    return True


#: What ``_pointed_at`` gives for a pointer that leads nowhere.
_NOTHING = object()


def _pointed_at(document: Any, pointer: str) -> Any:
    """The value the JSON Pointer (from a URI fragment, so percent-encoded) leads to, or
    ``_NOTHING``."""
    value = document
    if not pointer:
        return value
    for token in pointer[1:].split("/"):
        step = unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return _NOTHING
    return value


def _json_kind(value: Any) -> str:
    return {list: "list", str: "string", bool: "boolean", dict: "object"}.get(
        type(value), "number" if isinstance(value, (int, float)) else "null"
    )


def _specification(schema: dict[str, Any]) -> Specification[Any]:
    from referencing.jsonschema import DRAFT202012, specification_with

    dialect = schema.get("$schema")
    found: Specification[Any] = specification_with(
        dialect if isinstance(dialect, str) else "", default=DRAFT202012
    )
    return found


def _own_id(schema: dict[str, Any]) -> Any:
    return schema.get("id") if _is_draft4_or_older(schema) else schema.get("$id")


def _is_draft4_or_older(schema: dict[str, Any]) -> bool:
    dialect = schema.get("$schema")
    return isinstance(dialect, str) and any(f"draft-0{n}/schema" in dialect for n in (3, 4))


def _shown(uri: str) -> str:
    """A file URI as a path, any other URI as it is."""
    from urllib.request import url2pathname  # costly to import: only for a message

    parts = urlsplit(uri)
    return url2pathname(parts.path) if parts.scheme == "file" else uri
