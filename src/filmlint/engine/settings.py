"""Configuration: found, read and checked once per run, before any file is linted.

Read from ``filmlint.toml`` (keys at top level) or the ``[tool.filmlint]`` table of
``pyproject.toml``, in the current directory or the nearest one above it. Every unknown key
and every ill-typed value is an error that names the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmlint.diagnostics import Severity
from filmlint.engine import arguments
from filmlint.rulekit.declaration import Option, Registry, Rule
from filmlint.rulekit.langtags import is_well_formed

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
)
#: Where results are cached, under the configuration's folder, unless ``cache-dir`` says.
CACHE_DIR = ".filmlint_cache"
#: Files larger than this many bytes are not read (``unreadable-file``), unless configured.
MAX_FILE_SIZE = 10 * 1024 * 1024
_LOCALE_KEYS = ("default", "suffixes")
SEVERITY_KEY = "severity"


class ConfigError(Exception):
    """The configuration cannot be read or holds a bad key or value."""


@dataclass(frozen=True)
class Config:
    """Settings of a run, as written in the configuration file (or their defaults)."""

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

    @property
    def cache_folder(self) -> Path:
        """The folder of the per-file result cache."""
        return self.cache_dir or self.root / CACHE_DIR


def find_config_file(start: Path) -> Path | None:
    """The nearest ``filmlint.toml``, or ``pyproject.toml`` with a ``[tool.filmlint]`` table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            try:
                is_file = candidate.is_file()
            except OSError as error:  # a folder that may not be searched (not a missing file)
                raise ConfigError(f"cannot look for {candidate}: {error.strerror}") from None
            if is_file and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    if b"filmlint" not in raw:
        return False  # most pyproject.toml files: no need to parse them (or load tomllib)
    text = _decoded(raw, pyproject)  # not UTF-8: a configuration error, not a file to skip
    try:
        return "filmlint" in _parsed(text, pyproject).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    return _parsed(_decoded(raw, path), path)


def _decoded(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start + 1})") from None


def _parsed(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # only when a configuration file is read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


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
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("filmlint", {})
    return parse_config(table, path.resolve(), prefix=path.name)


def parse_config(table: Mapping[str, Any], path: Path | None, prefix: str = "config") -> Config:
    root = path.parent if path is not None else Path.cwd()
    reader = _Reader(prefix)
    reader.unknown_keys(table, _TOP_LEVEL_KEYS, "")
    locale = reader.table(table, "locale")
    reader.unknown_keys(locale, _LOCALE_KEYS, "locale.")
    suffixes = reader.table(locale, "suffixes", "locale.")
    for suffix, tag in suffixes.items():
        reader.expect(_is_tag(tag), f"locale.suffixes.{suffix}", "a BCP 47 tag", tag)
    default = locale.get("default")
    reader.expect(default is None or _is_tag(default), "locale.default", "a BCP 47 tag", default)
    per_file = reader.table(table, "per-file-ignores")
    schema = table.get("schema")
    reader.expect(schema is None or isinstance(schema, str), "schema", "a path", schema)
    cache_dir = table.get("cache-dir")
    reader.expect(cache_dir is None or isinstance(cache_dir, str), "cache-dir", "a path", cache_dir)
    max_size = table.get("max-file-size", MAX_FILE_SIZE)
    whole = isinstance(max_size, int) and not isinstance(max_size, bool)
    reader.expect(whole and max_size > 0, "max-file-size", "a number of bytes above 0", max_size)
    rules = reader.table(table, "rules")
    for name, options in rules.items():
        reader.expect(isinstance(options, dict), f"rules.{name}", "a table of options", options)
    return Config(
        path=path,
        root=root,
        select=reader.strings(table, "select", ("ALL",)),
        ignore=reader.strings(table, "ignore", ()),
        per_file_ignores=tuple(
            (glob, reader.strings(per_file, glob, (), "per-file-ignores.")) for glob in per_file
        ),
        exclude=reader.strings(table, "exclude", ()),
        schema=(root / schema) if isinstance(schema, str) else None,
        locale_default=default,
        locale_suffixes={k.lstrip("-."): v for k, v in suffixes.items()},
        rules=rules,
        cache_dir=(root / cache_dir) if isinstance(cache_dir, str) else None,
        max_file_size=max_size,
    )


def _is_tag(value: Any) -> bool:
    return isinstance(value, str) and is_well_formed(value)


class _Reader:
    def __init__(self, prefix: str) -> None:
        self._prefix = prefix

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self._prefix}: {key}: {message}")

    def expect(self, ok: bool, key: str, wanted: str, value: Any) -> None:
        if not ok:
            raise self.fail(key, f"expected {wanted}, got {value!r}")

    def unknown_keys(self, table: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in known:
                raise self.fail(where + key, f"unknown key (known keys: {', '.join(known)})")

    def table(self, table: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
        value = table.get(key, {})
        self.expect(isinstance(value, dict), where + key, "a table", value)
        return dict(value)

    def strings(
        self, table: Mapping[str, Any], key: str, default: tuple[str, ...], where: str = ""
    ) -> tuple[str, ...]:
        value = table.get(key, default)
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        self.expect(ok, where + key, "a list of strings", value)
        return tuple(value)


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

        ``select`` (from the command line) replaces the configured selection; ``ignore``
        adds to it.
        """
        where = config.path.name if config.path is not None else "config"
        chosen = selected_rules(registry, config.select, config.ignore, where)
        if select or ignore:
            picked = selected_rules(registry, select or ("ALL",), ignore, "command line")
            chosen = (picked if select else chosen) & picked
        for selectors in (glob_rules for _, glob_rules in config.per_file_ignores):
            selected_rules(registry, (), selectors, where)  # only to check the names
        options: dict[str, dict[str, Any]] = {rule.name: rule.defaults() for rule in registry}
        severity = {rule.name: rule.severity for rule in registry}
        for name, table in config.rules.items():
            rule = registry.get(name)
            if rule is None:
                raise ConfigError(f"{where}: rules.{name}: no such rule (see 'filmlint rules')")
            for key, value in table.items():
                key_path = f"rules.{name}.{key}"
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
                problem = option_problem(option, value)
                if problem:
                    raise ConfigError(f"{where}: {key_path}: {problem}")
                options[rule.name][key] = value
        active = tuple(rule for rule in registry if rule.name in chosen)
        return cls(active, options, severity)


def selected_rules(
    registry: Registry, select: tuple[str, ...], ignore: tuple[str, ...], where: str
) -> set[str]:
    """Names of the rules that ``select`` picks and ``ignore`` does not drop."""
    names: list[set[str]] = []
    for selectors in (select, ignore):
        chosen: set[str] = set()
        for selector in selectors:
            rules = registry.matching(selector)
            if not rules:
                raise ConfigError(
                    f"{where}: no rule is named or coded {selector!r} (see 'filmlint rules')"
                )
            chosen.update(rule.name for rule in rules)
        names.append(chosen)
    return names[0] - names[1]


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
