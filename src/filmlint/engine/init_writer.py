"""Writing the configuration ``filmlint init`` inferred: ``filmlint.toml``, or a
``[tool.filmlint]`` table appended to an existing ``pyproject.toml`` (the rest of it kept
byte for byte, which the result is read back to confirm), and the draft schemas beside it.
Nothing that exists is overwritten without ``force``; every file is written atomically, and
only once all of them are ready.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmlint.engine.settings import CONFIG_FILES, SHIPPED_SCHEMA
from filmlint.engine.site_model import CollectionPlan, Locales
from filmlint.engine.site_survey import SET_RULES, SiteSurvey
from filmlint.text.atomic import write_atomically
from filmlint.text.reading import UnreadableFile, read_regular
from filmlint.text.toml_tables import tables

#: Folder of the draft schemas, beside the configuration.
SCHEMA_FOLDER = "filmlint-schemas"
_FILMLINT_TOML, _PYPROJECT = CONFIG_FILES
#: Tables written as inline tables: they map names to tags.
_INLINE = frozenset({"suffixes", "folders"})
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)


class InitError(Exception):
    """The configuration cannot be written (one exists, or pyproject.toml cannot be read)."""


@dataclass(frozen=True)
class InitPlan:
    """What ``init`` writes: the configuration file's new content, and the draft schemas."""

    config_path: Path
    config_bytes: bytes
    #: The content the configuration file was read with (None: a new file).
    original: bytes | None
    schemas: Mapping[Path, bytes]
    #: The configuration, as ``filmlint.toml`` keys.
    table: Mapping[str, Any]


def configuration_table(survey: SiteSurvey) -> dict[str, Any]:
    """The inferred configuration, with the keys of ``filmlint.toml``."""
    table: dict[str, Any] = {}
    if survey.locales.table():
        table["locale"] = survey.locales.table()
    rules: dict[str, Any] = {}
    if survey.country_options:
        rules["country-code"] = dict(survey.country_options)
    if survey.set_key is not None:
        rules.update({rule: {"key": survey.set_key} for rule in SET_RULES})
    if rules:
        table["rules"] = rules
    own = survey.own_locales()
    table["collections"] = {c.name: _collection_table(c, own) for c in survey.collections}
    return table


def _collection_table(collection: CollectionPlan, own: Mapping[str, Locales]) -> dict[str, Any]:
    table: dict[str, Any] = {"include": list(collection.include)}
    if collection.exclude:
        table["exclude"] = list(collection.exclude)
    table["schema"] = schema_reference(collection.name, film=collection.film)
    if collection.name in own:
        table["locale"] = own[collection.name].table()
    return table


def schema_reference(collection: str, *, film: bool) -> str:
    """``schema`` for a collection: the shipped film schema, or its draft's path."""
    return SHIPPED_SCHEMA if film else f"{SCHEMA_FOLDER}/{collection}.schema.json"


def plan_init(survey: SiteSurvey, *, force: bool = False) -> InitPlan:
    """Where and what to write for ``survey``'s site; InitError when a configuration or a
    schema is there already (unless ``force``) or there is nothing to configure."""
    if not survey.collections:
        raise InitError(f"found no Markdown file with front matter in {survey.folder}")
    folder = survey.folder
    table = configuration_table(survey)
    heading = f"filmlint configuration inferred by 'filmlint init' from {_files(survey)}"
    toml_path, pyproject = folder / _FILMLINT_TOML, folder / _PYPROJECT
    if toml_path.exists() or toml_path.is_symlink() or not pyproject.exists():
        if toml_path.exists() and not force:
            raise InitError(f"{toml_path} exists; use --force to replace it")
        text = f"# {heading}.\n\n" + render_toml(table)
        config_path, config_bytes, original = toml_path, text.encode(), None
    else:
        try:
            original = read_regular(pyproject)
        except UnreadableFile as error:
            raise InitError(f"cannot read {pyproject}: {error}") from None
        config_path = pyproject
        config_bytes = _appended(pyproject, original, table, heading, force=force)
    config_path = _through_link(config_path)
    schemas = {
        _through_link(folder / schema_reference(c.name, film=False)): _json(c.draft)
        for c in survey.collections
        if not c.film
    }
    existing = [path for path in schemas if path.exists()]
    if existing and not force:
        raise InitError(f"{existing[0]} exists; use --force to replace it")
    return InitPlan(config_path, config_bytes, original, schemas, table)


def _through_link(path: Path) -> Path:
    """Where writing ``path`` lands: a symlink's target (the link stays, as ``--fix`` keeps
    it). InitError for a link to nothing: its target's folder may not be the one meant."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    if not target.exists():
        raise InitError(f"{path} is a symlink to {target}, which does not exist; nothing written")
    return target


def write_init(plan: InitPlan) -> None:
    """Write the schemas, then the configuration that names them."""
    for path, data in plan.schemas.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    mode, owner = 0o644, None
    if plan.original is not None:
        status = plan.config_path.stat()
        mode, owner = status.st_mode & 0o777, (status.st_uid, status.st_gid)
    write_atomically(
        plan.config_path, plan.config_bytes, mode, unless_changed_from=plan.original, owner=owner
    )


def _files(survey: SiteSurvey) -> str:
    count = len(survey.files)
    return f"{count} file" if count == 1 else f"{count} files"


def _json(schema: Mapping[str, Any]) -> bytes:
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode()


def _appended(
    path: Path, original: bytes, table: Mapping[str, Any], heading: str, *, force: bool
) -> bytes:
    """``original`` (a pyproject.toml) with ``[tool.filmlint]`` appended, in its line
    breaks; with ``force``, the tables of an existing one are removed first. A byte order
    mark, which the configuration reader skips, is kept before the TOML and left out of it."""
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    body = original[len(bom) :]
    try:
        text = body.decode()
        existing = _read(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InitError(f"{path} is not valid TOML ({error}); fix it first") from None
    kept = body
    if "filmlint" in _tool(existing):
        if not force:
            raise InitError(f"{path} has a [tool.filmlint] table; use --force to replace it")
        kept = _without_own_tables(text).encode()
        if "filmlint" in _tool(_written(path, kept)):
            raise InitError(
                f"{path} sets tool.filmlint outside its own tables; remove it, then run init"
            )
    newline = b"\r\n" if b"\r\n" in body else b"\n"
    rendered = f"# {heading}.\n" + render_toml(table, ("tool", "filmlint"))
    if not kept or kept.endswith(newline * 2):
        separator = b""  # a blank line before the table, as between the others
    elif kept.endswith(newline):
        separator = newline
    else:
        separator = newline * 2
    result = kept + separator + rendered.replace("\n", newline.decode()).encode()
    _check_kept(path, existing, result, table)
    return bom + result


def _without_own_tables(text: str) -> str:
    """``text`` without its ``[tool.filmlint...]`` tables (with the comments right above
    their headers), every other character kept."""
    kept: list[str] = []
    at = 0
    for table in tables(text):
        if table.key[:2] == ("tool", "filmlint"):
            kept.append(text[at : table.start])
            at = table.end
    kept.append(text[at:])
    return "".join(kept)


def _check_kept(
    path: Path, existing: Mapping[str, Any], result: bytes, table: Mapping[str, Any]
) -> None:
    """InitError unless ``result`` holds all that ``existing`` does outside tool.filmlint,
    and ``table`` as tool.filmlint: a last check that nothing of other tools is lost."""
    written = _written(path, result)
    if _others(written) != _others(existing) or _tool(written).get("filmlint") != _read(
        render_toml(table)
    ):
        raise InitError(
            f"cannot write [tool.filmlint] into {path} without changing the rest of it;"
            " the file is left as it was"
        )


def _written(path: Path, content: bytes) -> dict[str, Any]:
    """``content``, about to be written to ``path``, read as TOML; InitError if it is not."""
    try:
        return _read(content.decode())
    except tomllib.TOMLDecodeError as error:
        raise InitError(
            f"cannot write [tool.filmlint] into {path}: the result would not be valid TOML"
            f" ({error}); the file is left as it was"
        ) from None


def _read(text: str) -> dict[str, Any]:
    # Floats as written: equal to themselves even when NaN, so documents compare as text does.
    return tomllib.loads(text, parse_float=str)


def _tool(document: Mapping[str, Any]) -> Mapping[str, Any]:
    tool = document.get("tool")
    return tool if isinstance(tool, dict) else {}


def _others(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` without tool.filmlint (and without ``tool`` when nothing else is in it)."""
    others = dict(document)
    if isinstance(others.get("tool"), dict):
        tool = {key: value for key, value in others["tool"].items() if key != "filmlint"}
        others["tool"] = tool
        if not tool:
            del others["tool"]
    return others


def render_toml(table: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """``table`` as TOML, under the table ``prefix`` (``tool.filmlint``) when given: its
    plain keys first, then a ``[header]`` per subtable."""
    lines: list[str] = []
    _render(table, prefix, lines, always=bool(prefix))
    return "\n".join(lines).strip("\n") + "\n"


def _render(
    table: Mapping[str, Any], header: tuple[str, ...], lines: list[str], *, always: bool
) -> None:
    plain = {k: v for k, v in table.items() if not _is_subtable(k, v)}
    if plain or always or not table:  # an empty table is written, to be read back
        if header:
            lines.append(f"[{'.'.join(map(_key, header))}]")
        lines.extend(f"{_key(k)} = {_value(k, v)}" for k, v in plain.items())
        lines.append("")
    for key, value in table.items():
        if _is_subtable(key, value):
            _render(value, (*header, key), lines, always=False)


def _is_subtable(key: str, value: Any) -> bool:
    return isinstance(value, Mapping) and key not in _INLINE


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(key, item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(k, v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _string(text: str) -> str:
    # JSON's escapes are TOML's, but for DEL, which TOML wants escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
