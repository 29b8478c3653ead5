"""Configuration: found, read and checked once per run, before any file is linted.

Read from ``filmlint.toml`` (keys at top level) or the ``[tool.filmlint]`` table of
``pyproject.toml``, in the current directory or the nearest one above it, or given as a
table (``Config.from_dict``). Every unknown key and every ill-typed value is an error that
names the key. A configuration may split its files into collections, each with settings of
its own (``Collection``).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from filmlint.diagnostics import Severity
from filmlint.engine import arguments
from filmlint.engine.crashes import rule_failed
from filmlint.engine.files import GlobError, glob_spec, per_file_glob, unmatchable
from filmlint.errors import ConfigError
from filmlint.rulekit.declaration import SEVERITY_KEY, Option, Registry, Rule, RuleError
from filmlint.rulekit.langtags import is_well_formed
from filmlint.text.reading import read_regular

CONFIG_FILES = ("filmlint.toml", "pyproject.toml")
_TOP_LEVEL_KEYS = (
    "select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "schema",
    "locale",
    "rules",
    "cache-dir",
    "max-file-size",
    "collections",
)
#: Where results are cached, under the configuration's folder, unless ``cache-dir`` says.
CACHE_DIR = ".filmlint_cache"
#: Files larger than this many bytes are not read (``unreadable-file``), unless configured.
MAX_FILE_SIZE = 10 * 1024 * 1024
_LOCALE_KEYS = ("default", "suffixes", "folders", "key")
#: What a ``[collections.NAME]`` table may hold: its files, and settings replacing (``rules``:
#: merged over) the top level's.
_COLLECTION_KEYS = ("include", "exclude", "schema", "select", "ignore", "locale", "rules")
#: What may stand between a file's name and its locale suffix (``film-en``, ``film.en``,
#: ``film_zh_TW``), and so before a ``locale.suffixes`` key.
SUFFIX_SEPARATORS = "-._"
#: ``schema = "film"`` names the schema shipped with filmlint, not a file.
SHIPPED_SCHEMA = "film"


@dataclass(frozen=True)
class Config:
    """Settings of a run, as written in the configuration file (or their defaults).

    Raises ``ConfigError`` naming the first field of the wrong type, as ``from_dict`` names a
    bad key.
    """

    #: The file they were read from, and the folder relative paths and globs start from.
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    schema: Path | None = None
    locale_default: str | None = None
    locale_suffixes: Mapping[str, str] = field(default_factory=dict)
    #: ``[rules.NAME]`` tables as written; checked against each rule's options by ``RuleSettings``.
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: ``cache-dir`` as configured (relative to ``root``), or None for ``CACHE_DIR``.
    cache_dir: Path | None = None
    #: Bytes a file may hold to be read at all (``max-file-size``).
    max_file_size: int = MAX_FILE_SIZE
    #: ``locale.folders``: a folder segment of a file's path (from ``root``) to its tag.
    locale_folders: Mapping[str, str] = field(default_factory=dict)
    #: ``locale.key``: the front-matter key holding a file's own tag, which wins when valid.
    locale_key: str | None = None
    #: ``[collections.NAME]`` in the order written; empty: every Markdown file is linted.
    collections: tuple[Collection, ...] = ()
    #: Where these settings are written, for messages: "" at top level, or a collection's
    #: key path ("collections.films."), with the keys it sets itself (``own_keys``: "select",
    #: "rules.NAME", "rules.NAME.OPTION"...); every other key is the top level's.
    section: str = ""
    own_keys: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Built by hand, a field of the wrong type would fail deep inside, or on every file
        # (a str select read letter by letter). Cheap: a Config is built per configuration
        # and collection, never per file.
        for name in ("select", "ignore", "exclude"):  # a list, as Python callers write one
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))
        for name, fits, wanted in _FIELDS:
            value = getattr(self, name)
            if not fits(value):
                raise ConfigError(f"Config: {name}: expected {wanted}, got {value!r}")
        # Compiled here (once: glob_spec remembers), not first on every file, where a glob
        # that cannot compile would be an internal error. A file's were checked by name.
        _compiled(self.exclude, "Config: exclude")
        for glob, _ in self.per_file_ignores:
            _compiled((per_file_glob(glob)[0],), f"Config: per_file_ignores: {glob!r}")

    @property
    def cache_folder(self) -> Path:
        """The folder of the per-file result cache: the one ``cache-dir`` names, through any
        ``..`` and symlink before its last name (``named_folder``)."""
        from filmlint.text.owned_files import named_folder  # only for a run with a cache

        return named_folder(self.cache_dir or self.root / CACHE_DIR)

    def collection_for(self, relative: str) -> Collection | None:
        """The first collection that includes ``relative`` (a POSIX path from ``root``)."""
        for collection in self.collections:
            if collection.includes(relative):
                return collection
        return None

    def key_path(self, key: str) -> str:
        """``key`` ("rules.NAME.OPTION") as written in the configuration file."""
        return self.section + key if key in self.own_keys else key

    def setting(self, key: str) -> str:
        """``key`` as an error names it: the file it is written in, and its key path there
        ("site/filmlint.toml: collections.films.schema"); without a file, the key alone."""
        if self.path is None:
            return self.key_path(key)
        return f"{shown_path(self.path)}: {self.key_path(key)}"

    @classmethod
    def from_dict(cls, table: Mapping[str, Any], *, root: Path | str | None = None) -> Config:
        """Settings from a table with the keys of ``filmlint.toml``, as if read from a file in
        ``root`` (default: the current folder), which relative paths and globs start from.

        Raises ``ConfigError`` naming the first bad key, as for a file.
        """
        table = arguments.table(table, "Config.from_dict")
        folder = Path.cwd() if root is None else Path(arguments.path(root, "Config.from_dict"))
        return _parse(table, None, folder, "config")


@dataclass(frozen=True)
class Collection:
    """A named set of files (``[collections.NAME]``) linted with settings of their own."""

    name: str
    #: gitignore-style globs, relative to the configuration's folder.
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    #: The effective settings of its files: the top level's with this collection's applied.
    config: Config

    def __post_init__(self) -> None:
        for name in ("include", "exclude"):  # as Config takes them
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, value := tuple(value))
            if not _strings(value):
                raise ConfigError(f"Collection: {name}: expected a tuple of globs, got {value!r}")
            _compiled(value, f"Collection: {name}")

    def includes(self, relative: str) -> bool:
        """Whether a file belongs here: ``relative`` (a POSIX path from the configuration's
        folder) matches ``include`` and not ``exclude``."""
        if not glob_spec(self.include).match(relative):
            return False
        return not (self.exclude and glob_spec(self.exclude).match(relative))


def find_config_file(start: Path) -> Path | None:
    """The nearest ``filmlint.toml``, or ``pyproject.toml`` with a ``[tool.filmlint]`` table.

    One that is there but is no file that can be read (a dangling or looping symlink, a
    folder) is found all the same, for reading it to say why: skipped, it would give way
    to a configuration further up, or to the defaults, in silence."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            try:
                candidate.lstat()  # the name itself, whatever a link points at
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as error:  # a folder that may not be searched (not a missing file)
                raise ConfigError(f"cannot look for {candidate}: {error.strerror}") from None
            if name != "pyproject.toml" or _has_tool_table(candidate):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        raw = read_regular(pyproject)
    except OSError as error:  # it may hold [tool.filmlint]: not a file to skip
        raise ConfigError(
            f"cannot read {shown_path(pyproject)}: {error.strerror or error}"
        ) from None
    if b"filmlint" not in raw:
        return False  # most pyproject.toml files: no need to parse them (or load tomllib)
    text = _decoded(raw, pyproject)  # not UTF-8: a configuration error, not a file to skip
    # Invalid TOML that names filmlint is an error too: skipped, its [tool.filmlint] would
    # give way to another configuration's settings, or to none, in silence.
    return _tool_table(_parsed(text, pyproject), shown_path(pyproject)) is not None


def _tool_table(pyproject: Mapping[str, Any], prefix: str) -> dict[str, Any] | None:
    """The ``[tool.filmlint]`` table of a parsed ``pyproject.toml`` (None: it has none).

    ``tool`` or ``tool.filmlint`` written as another value (``tool.filmlint = 5``) is an
    error naming it, as a bad key inside the table is: not a table whose keys are guessed at.
    """
    reader = _Reader(prefix)
    tool = pyproject.get("tool", {})
    reader.expect(isinstance(tool, dict), "tool", "a table", tool)
    if "filmlint" not in tool:
        return None
    table = tool["filmlint"]
    reader.expect(isinstance(table, dict), "tool.filmlint", "a table", table)
    return dict(table)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = read_regular(path)
    except OSError as error:
        raise ConfigError(f"cannot read {shown_path(path)}: {error.strerror or error}") from None
    return _parsed(_decoded(raw, path), path)


def _decoded(raw: bytes, path: Path) -> str:
    # A byte order mark, which Windows editors write and TOML does not allow, is dropped as
    # taplo drops it: invisible, it would fail the first line with nothing there to see.
    skipped = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        at = skipped + error.start + 1
        raise ConfigError(f"{shown_path(path)}: not UTF-8 text (byte {at})") from None


def _parsed(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # only when a configuration file is read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown_path(path)}: invalid TOML: {error}") from None


#: How messages name a path while ``paths_named_by`` is in force (None: ``shown_path``'s way).
_PATH_NAMING: ContextVar[Callable[[Path], str] | None] = ContextVar("path_naming", default=None)


def shown_path(path: Path) -> str:
    """A path as people read it: from the current folder when inside it, else absolute; as
    ``paths_named_by`` says while it is in force."""
    naming = _PATH_NAMING.get()
    if naming is not None:
        return naming(path)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


@contextmanager
def paths_named_by(naming: Callable[[Path], str]) -> Iterator[None]:
    """Within it (in this thread or task), messages name paths with ``naming``: the language
    server, whose working folder is the editor's affair, names them from the workspace."""
    token = _PATH_NAMING.set(naming)
    try:
        yield
    finally:
        _PATH_NAMING.reset(token)


def config_file_name(config: Config) -> str:
    """The file a configuration was read from, as people read its path ("the configuration"
    for one that was not read from a file)."""
    return shown_path(config.path) if config.path is not None else "the configuration"


def load_config(path: Path | str | None = None, *, start: Path | str | None = None) -> Config:
    """Read the configuration at ``path``, or the one found from ``start`` (default: cwd)."""
    path = None if path is None else Path(arguments.path(path, "load_config"))
    start = None if start is None else Path(arguments.path(start, "load_config"))
    if path is None:
        try:
            folder = (start or Path.cwd()).resolve()
        except OSError as error:  # the current folder was removed
            raise ConfigError(f"cannot find the current folder: {error.strerror}") from None
        path = find_config_file(folder)
        if path is None:
            return Config(root=folder)
    table = _read_toml(path)
    prefix = shown_path(path.absolute())
    if path.name == "pyproject.toml":
        table = _tool_table(table, prefix) or {}
    return parse_config(table, config_location(path), prefix=prefix)


def config_location(path: Path) -> Path:
    """Where the configuration file ``path`` is, as its settings take it: its folder
    resolved, its own name not. A configuration that is a symlink (one file shared by
    several sites) belongs to the folder of the link, where it was put, as in ruff: that is
    its root, which its relative paths and globs start from, not its target's folder."""
    return path.absolute().parent.resolve() / path.name


def parse_config(table: Mapping[str, Any], path: Path | None, prefix: str = "config") -> Config:
    """Settings from a configuration file's table; ``prefix`` names the file in errors."""
    return _parse(table, path, path.parent if path is not None else Path.cwd(), prefix)


def _parse(table: Mapping[str, Any], path: Path | None, root: Path, prefix: str) -> Config:
    reader = _Reader(prefix)
    reader.unknown_keys(table, _TOP_LEVEL_KEYS, "")
    default, suffixes, folders, key = _locale(reader, reader.table(table, "locale"), "locale.")
    per_file = reader.table(table, "per-file-ignores")
    for glob in per_file:
        # Checked as it is matched: without its "!", which is the key's, not the glob's.
        reader.globs((per_file_glob(glob)[0],), "per-file-ignores." + glob, root)
    cache_dir = table.get("cache-dir")
    reader.expect(cache_dir is None or isinstance(cache_dir, str), "cache-dir", "a path", cache_dir)
    max_size = table.get("max-file-size", MAX_FILE_SIZE)
    whole = isinstance(max_size, int) and not isinstance(max_size, bool)
    reader.expect(whole and max_size > 0, "max-file-size", "a number of bytes above 0", max_size)
    top = Config(
        path=path,
        root=root,
        select=reader.strings(table, "select", ("ALL",)),
        ignore=reader.strings(table, "ignore", ()),
        per_file_ignores=tuple(
            (glob, reader.strings(per_file, glob, (), "per-file-ignores.")) for glob in per_file
        ),
        exclude=reader.globs(reader.strings(table, "exclude", ()), "exclude", root),
        schema=_schema(reader, table, "", root),
        locale_default=default,
        locale_suffixes=suffixes,
        rules=_rules(reader, table, ""),
        cache_dir=(root / cache_dir) if isinstance(cache_dir, str) else None,
        max_file_size=max_size,
        locale_folders=folders,
        locale_key=key,
    )
    collections = reader.table(table, "collections")
    return replace(
        top,
        collections=tuple(
            _collection(reader, name, value, top) for name, value in collections.items()
        ),
    )


def _locale(
    reader: _Reader, locale: Mapping[str, Any], where: str
) -> tuple[str | None, dict[str, str], dict[str, str], str | None]:
    """A ``[locale]`` table: its default tag, suffixes, folders and front-matter key."""
    reader.unknown_keys(locale, _LOCALE_KEYS, where)
    suffixes: dict[str, str] = {}
    written_as: dict[str, str] = {}  # each suffix, by the key that first wrote it
    for suffix, tag in reader.table(locale, "suffixes", where).items():
        at = f"{where}suffixes.{suffix}"
        # Written with its separator or without: "-en", ".en" and "en" are the suffix "en".
        bare = suffix.lstrip(SUFFIX_SEPARATORS)
        reader.expect(_is_suffix(bare), at, "a file-name suffix (such as 'en')", suffix)
        reader.expect(_is_tag(tag), at, "a BCP 47 tag", tag)
        if bare in written_as:
            raise reader.fail(
                at, f"the same suffix as {where}suffixes.{written_as[bare]}; write one"
            )
        written_as[bare] = suffix
        suffixes[bare] = tag
    folders = reader.table(locale, "folders", where)
    for folder, tag in folders.items():
        reader.expect(_is_folder_name(folder), f"{where}folders.{folder}", "a folder name", folder)
        reader.expect(_is_tag(tag), f"{where}folders.{folder}", "a BCP 47 tag", tag)
    default = locale.get("default")
    reader.expect(default is None or _is_tag(default), where + "default", "a BCP 47 tag", default)
    key = locale.get("key")
    reader.expect(key is None or (isinstance(key, str) and key != ""), where + "key", "a key", key)
    return default, suffixes, folders, key


def _schema(reader: _Reader, table: Mapping[str, Any], where: str, root: Path) -> Path | None:
    """``schema``: None for the shipped schema (absent, or ``"film"``), else its path."""
    schema = table.get("schema")
    if schema is None or schema == SHIPPED_SCHEMA:
        return None
    reader.expect(isinstance(schema, str), where + "schema", "a path", schema)
    return root / str(schema)


def _rules(reader: _Reader, table: Mapping[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """``[rules.NAME]`` tables, shape only: their options are checked by ``RuleSettings``."""
    rules = reader.table(table, "rules", where)
    for name, options in rules.items():
        reader.expect(
            isinstance(options, dict), f"{where}rules.{name}", "a table of options", options
        )
    return rules


def _collection(reader: _Reader, name: str, table: Any, top: Config) -> Collection:
    where = f"collections.{name}."
    reader.expect(isinstance(table, dict), where.rstrip("."), "a table", table)
    reader.unknown_keys(table, _COLLECTION_KEYS, where)
    if "include" not in table:
        raise reader.fail(where + "include", "missing: a collection's files are its include globs")
    include = reader.globs(reader.strings(table, "include", (), where), where + "include", top.root)
    reader.expect(bool(include), where + "include", "a non-empty list of globs", list(include))
    exclude = reader.globs(reader.strings(table, "exclude", (), where), where + "exclude", top.root)
    rules = _rules(reader, table, where)
    own = {key for key in ("select", "ignore", "schema", "locale") if key in table}
    own.update(f"rules.{rule}" for rule in rules)
    own.update(f"rules.{rule}.{option}" for rule, options in rules.items() for option in options)
    config = replace(
        top,
        select=reader.strings(table, "select", top.select, where),
        ignore=reader.strings(table, "ignore", top.ignore, where),
        schema=_schema(reader, table, where, top.root) if "schema" in table else top.schema,
        rules={
            rule: {**top.rules.get(rule, {}), **rules.get(rule, {})}
            for rule in {**top.rules, **rules}
        },
        section=where,
        own_keys=frozenset(own),
    )
    if "locale" in table:  # the whole table: what it leaves out is unset, not the top level's
        default, suffixes, folders, key = _locale(
            reader, reader.table(table, "locale", where), where + "locale."
        )
        config = replace(
            config,
            locale_default=default,
            locale_suffixes=suffixes,
            locale_folders=folders,
            locale_key=key,
        )
    return Collection(name, include, exclude, config)


def _compiled(globs: tuple[str, ...], where: str) -> None:
    try:
        glob_spec(globs)
    except GlobError as error:
        raise ConfigError(f"{where}: not a valid glob: {error}") from None


def _is_tag(value: Any) -> bool:
    return isinstance(value, str) and is_well_formed(value)


def _strings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def _optional_path(value: Any) -> bool:
    return value is None or isinstance(value, Path)


def _is_suffix(name: str) -> bool:
    """A ``locale.suffixes`` key without its separator: a name's ending, in one segment."""
    return name[:1] not in ("", *SUFFIX_SEPARATORS) and "/" not in name and "\\" not in name


def _is_folder_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name


def _tags(value: Any, name_fits: Callable[[str], bool]) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(key, str) and name_fits(key) and _is_tag(tag) for key, tag in value.items()
    )


def _per_file_ignores(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and _strings(pair[1])
        for pair in value
    )


def _rule_tables(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(name, str) and isinstance(options, Mapping) for name, options in value.items()
    )


#: Each field of ``Config``, whether a value fits it, and what it should be.
_FIELDS: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("path", _optional_path, "a pathlib.Path or None"),
    ("root", lambda value: isinstance(value, Path), "a pathlib.Path"),
    ("select", _strings, "a tuple of rule names, codes or prefixes"),
    ("ignore", _strings, "a tuple of rule names, codes or prefixes"),
    ("per_file_ignores", _per_file_ignores, "a tuple of (glob, tuple of rules) pairs"),
    ("exclude", _strings, "a tuple of globs"),
    ("schema", _optional_path, "a pathlib.Path or None"),
    ("locale_default", lambda value: value is None or _is_tag(value), "a BCP 47 tag or None"),
    (
        "locale_suffixes",
        lambda value: _tags(value, _is_suffix),
        "a mapping of file-name suffixes (without their separator) to BCP 47 tags",
    ),
    ("rules", _rule_tables, "a mapping of rule names to mappings of options"),
    ("cache_dir", _optional_path, "a pathlib.Path or None"),
    (
        "max_file_size",
        lambda value: isinstance(value, int) and not isinstance(value, bool) and value > 0,
        "a number of bytes above 0",
    ),
    (
        "locale_folders",
        lambda value: _tags(value, _is_folder_name),
        "a mapping of folder names to BCP 47 tags",
    ),
    (
        "locale_key",
        lambda value: value is None or (isinstance(value, str) and value != ""),
        "a key or None",
    ),
    (
        "collections",
        lambda value: isinstance(value, tuple) and all(isinstance(c, Collection) for c in value),
        "a tuple of Collection",
    ),
    ("section", lambda value: isinstance(value, str), "a str"),
    ("own_keys", lambda value: isinstance(value, frozenset), "a frozenset of str"),
)


class _Reader:
    def __init__(self, prefix: str) -> None:
        self._prefix = prefix

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self._prefix}: {key}: {message}")

    def expect(self, ok: bool, key: str, wanted: str, value: Any) -> None:
        if not ok:
            raise self.fail(key, f"expected {wanted}, got {value!r}")

    def unknown_keys(self, table: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        self.string_keys(table, where)
        for key in table:
            if key not in known:
                raise self.fail(where + key, f"unknown key (known keys: {', '.join(known)})")

    def table(self, table: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
        value = table.get(key, {})
        self.expect(isinstance(value, dict), where + key, "a table", value)
        self.string_keys(value, f"{where}{key}.")
        return dict(value)

    def string_keys(self, table: Mapping[Any, Any], where: str) -> None:
        """TOML's keys are strings; a table from ``Config.from_dict`` may hold others."""
        for key in table:
            if not isinstance(key, str):
                raise self.fail(f"{where}{key!r}", "expected a string as the key")

    def strings(
        self, table: Mapping[str, Any], key: str, default: tuple[str, ...], where: str = ""
    ) -> tuple[str, ...]:
        value = table.get(key, default)
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        self.expect(ok, where + key, "a list of strings", value)
        return tuple(value)

    def globs(self, globs: tuple[str, ...], key: str, root: Path) -> tuple[str, ...]:
        """``globs``, once they are known to compile (and compiled, for the run) and to be
        able to match a path from ``root``, the configuration's folder."""
        try:
            glob_spec(globs)
        except GlobError as error:
            raise self.fail(key, f"not a valid glob: {error}") from None
        for glob in globs:
            problem = unmatchable(glob) or _absolute(glob, root)
            if problem is not None:
                raise self.fail(key, f"not a valid glob: {problem}")
        return globs


def _absolute(glob: str, root: Path) -> str | None:
    """Why ``glob`` is the absolute path of a file under ``root`` (which, anchored at
    ``root``, it would look for under ``root`` again), with the glob to write; else None."""
    body = glob[1:] if glob.startswith("!") else glob
    if not body.startswith("/") or root.parent == root:
        return None
    for folder in dict.fromkeys((root.as_posix(), root.resolve().as_posix())):
        if body.startswith(folder + "/"):
            below = body[len(folder) :]
            relative = "!" * glob.startswith("!") + (below if below != "/" else "/**")
            return (
                f"{glob!r} is an absolute path (globs match paths from the configuration's "
                f"folder): write {relative!r}"
            )
    return None


@dataclass(frozen=True)
class RuleSettings:
    """The rules a run uses, each with its checked options and severity."""

    active: tuple[Rule, ...]
    options: Mapping[str, Mapping[str, Any]]
    severity: Mapping[str, Severity]

    @classmethod
    def resolve(
        cls,
        config: Config,
        registry: Registry,
        *,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
    ) -> RuleSettings:
        """Check the rule tables against the rules' options and work out which rules run.

        ``select`` (the argument, or the command line's) replaces the configured selection;
        ``ignore`` adds to it.
        """
        where = shown_path(config.path) if config.path is not None else "config"
        _check_configured_selectors(config, registry, where)
        chosen = selected_rules(registry, config.select, config.ignore, where)
        if select or ignore:
            # Named by the argument in errors: the command line checks its options first.
            selected_rules(registry, select or (), (), "select")
            selected_rules(registry, (), ignore, "ignore")
            picked = selected_rules(registry, select or ("ALL",), ignore, "select")
            chosen = (picked if select else chosen) & picked
        options: dict[str, dict[str, Any]] = {rule.name: rule.defaults() for rule in registry}
        severity = {rule.name: rule.severity for rule in registry}
        for rule, name_path, table in tables_by_rule(config, registry, where).values():
            for key, (value, key_path) in table.items():
                if key == SEVERITY_KEY:
                    if value not in ("error", "warning"):
                        raise ConfigError(
                            f"{where}: {key_path}: expected 'error' or 'warning', got {value!r}"
                        )
                    severity[rule.name] = Severity(value)
                    continue
                option = rule.options.get(key)
                if option is None:
                    known = ", ".join([SEVERITY_KEY, *rule.options])
                    raise ConfigError(f"{where}: {key_path}: unknown option (options: {known})")
                problem = _asked(rule, f"{where}: {key_path}", option_problem, option, value)
                if problem:
                    raise ConfigError(f"{where}: {key_path}: {problem}")
                options[rule.name][key] = value
            # Together, once each is valid: a contradiction would otherwise show only as
            # every value (or none) reported, with a message that does not say why.
            if rule.options_problem is not None:
                at = f"{where}: {name_path}"
                problem = _asked(rule, at, rule.options_problem, options[rule.name])
                if problem:
                    raise ConfigError(f"{where}: {name_path}: {problem}")
        active = tuple(rule for rule in registry if rule.name in chosen)
        return cls(active, options, severity)


def check_collections(config: Config, registry: Registry) -> None:
    """Raise ``ConfigError`` for the first bad rule setting of ``config`` or one of its
    collections (a selector or a rule table naming no rule, a bad option), as building
    their linters would: a configuration with collections is judged whole when it is read,
    not only in the collections of the files a run names (a pre-commit run names a few)."""
    if not config.collections:
        return  # its files' linter, the one linter of its top level, judges it
    RuleSettings.resolve(config, registry)
    for collection in config.collections:
        RuleSettings.resolve(collection.config, registry)


#: A rule's configured options, each with its value and its key path as written.
RuleTable = dict[str, tuple[Any, str]]


def tables_by_rule(
    config: Config, registry: Registry, where: str
) -> dict[str, tuple[Rule, str, RuleTable]]:
    """The ``[rules.NAME]`` tables of ``config`` by rule name: the rule, the key path of its
    table and its options.

    A collection's own table merges over the top level's option by option, whichever of the
    rule's name or code each level writes; within one level a rule has one table, as which
    of two would win is a guess. ``own_keys`` tells the levels apart in the merged tables."""
    spelled: dict[tuple[str, bool], str] = {}  # (rule, a collection's own) -> its table's name
    found: dict[str, tuple[Rule, str, RuleTable]] = {}
    for own in (False, True):  # the top level first: the collection's options win
        level = config.section if own else ""
        for name, table in config.rules.items():
            table_key = f"rules.{name}"
            written = {
                key: value
                for key, value in table.items()
                if (f"{table_key}.{key}" in config.own_keys) == own
            }
            if (table_key in config.own_keys) != own and not written:
                continue  # not a table of this level
            rule = registry.get(name)
            if rule is None:
                raise ConfigError(
                    f"{where}: {level}{table_key}: no such rule (see 'filmlint rules')"
                    + nearest_rule_hint(registry, name)
                )
            other = spelled.setdefault((rule.name, own), name)
            if other != name:  # by its name and its code: which table wins would be a guess
                raise ConfigError(
                    f"{where}: {level}{table_key}: {rule.name} is configured in "
                    f"{level}rules.{other} already; use one table"
                )
            merged = found[rule.name][2] if rule.name in found else {}
            merged.update(
                (key, (value, f"{level}{table_key}.{key}")) for key, value in written.items()
            )
            found[rule.name] = (rule, level + table_key, merged)
    return found


def _asked(rule: Rule, at: str, check: Callable[..., str | None], *args: Any) -> str | None:
    """What ``check``, which runs the rule's own code (``validate``, ``options_problem``),
    says of the options at ``at`` (the file and key); when it raises, a RuleError naming the
    rule and the key: a bug of the rule's, not of the configuration."""
    try:
        return check(*args)
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        raise RuleError(f"{at}: {rule_failed(rule, error, ' checking it')}") from error


def selected_rules(
    registry: Registry, select: tuple[str, ...], ignore: tuple[str, ...], where: str
) -> set[str]:
    """Names of the rules that ``select`` picks and ``ignore`` does not drop. As in ruff, a
    rule named by both goes by the more specific selector (a name or a code over ``FL20``,
    ``FL20`` over ``FL2``, any prefix over ``ALL``), and by ``ignore`` where they are as
    specific: ``select = ["FL201"]`` with ``ignore = ["FL2"]`` keeps FL201."""
    decided: dict[str, tuple[int, bool]] = {}  # each rule's most specific selector so far
    for selectors, keep in ((select, True), (ignore, False)):
        for selector in selectors:
            rules = registry.matching(selector)
            if not rules:
                raise no_rule_named(registry, selector, where)
            rank = _specificity(registry, selector)
            for rule in rules:
                known = decided.get(rule.name)
                if known is None or rank >= known[0]:  # ignore comes second: it wins a tie
                    decided[rule.name] = (rank, keep)
    return {name for name, (_, keep) in decided.items() if keep}


def _check_configured_selectors(config: Config, registry: Registry, where: str) -> None:
    """Raise ``ConfigError`` for a configured selector that names no rule, naming the file
    and the key that holds it (a collection's own ``select`` by its key path)."""
    for key in ("select", "ignore"):
        for selector in getattr(config, key):
            if not registry.matching(selector):
                raise no_rule_named(registry, selector, f"{where}: {config.key_path(key)}")
    for glob, selectors in config.per_file_ignores:
        for selector in selectors:
            if not registry.matching(selector):
                raise no_rule_named(registry, selector, f"{where}: per-file-ignores.{glob}")


def no_rule_named(registry: Registry, selector: str, where: str) -> ConfigError:
    """The error for a selector that names no rule, at ``where`` (the file and key, or the
    option or argument), with the nearest rule name or code when one is close."""
    return ConfigError(
        f"{where}: no rule is named or coded {selector!r} (see 'filmlint rules')"
        + nearest_rule_hint(registry, selector)
    )


def nearest_rule_hint(registry: Registry, written: str) -> str:
    """The hint after an error for a misspelt rule name or code ("; did you mean
    'country-code'?"), as ruff and argparse give one (difflib's closeness); "" when no rule
    is close. Only on the way to an error."""
    import difflib

    names = [rule.name for rule in registry]
    codes = [rule.code for rule in registry]
    close = difflib.get_close_matches(written.lower(), names, n=1) or (
        difflib.get_close_matches(written.upper(), codes, n=1)
    )
    return f"; did you mean {close[0]!r}?" if close else ""


def _specificity(registry: Registry, selector: str) -> int:
    """How narrowly ``selector`` names its rules: ``ALL`` least, a longer code prefix more,
    one rule's name or code most."""
    if selector.upper() == "ALL":
        return 0
    return 100 if registry.get(selector) is not None else len(selector)


def option_problem(option: Option, value: Any) -> str | None:
    """Why ``value`` does not fit ``option``, or None when it does."""
    default = option.default
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(value, bool) and isinstance(default, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float))
    elif isinstance(default, list):
        ok = isinstance(value, list) and all(_same_kind(item, default) for item in value)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        return f"expected {_kind(default)}, got {value!r}"
    if option.choices is not None:
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in option.choices]
        if bad:
            return f"{bad[0]!r} is not one of {', '.join(map(repr, option.choices))}"
    return option.validate(value) if option.validate is not None else None


def _same_kind(item: Any, default: list[Any]) -> bool:
    return not default or isinstance(item, type(default[0]))


def _kind(default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, list):
        inner = type(default[0]).__name__ if default else "value"
        return f"a list of {'string' if inner == 'str' else inner}s"
    names = {int: "an integer", float: "a number", str: "a string", dict: "a table"}
    return names.get(type(default), type(default).__name__)
