"""``--show-settings`` and ``--show-files``: what a project would do with files, as plain,
stable text (one fact a line), for people checking their configuration. Every line is
``printable``: a file name, a collection name or a glob holding a line break or a control
character cannot forge a line or steer the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from filmlint.engine.linter import Linter
from filmlint.engine.project import Project
from filmlint.engine.resolution import Skipped
from filmlint.engine.settings import (
    Config,
    RuleTable,
    shown_path,
    tables_by_rule,
)
from filmlint.rule_names import INTERNAL_ERROR, SCHEMA_RULES
from filmlint.rulekit.declaration import SEVERITY_KEY
from filmlint.rulekit.langtags import is_well_formed
from filmlint.text.decoding import decode
from filmlint.text.escapes import printable
from filmlint.text.reading import read_file


def describe_settings(project: Project, path: str | Path) -> str:
    """The settings the file at ``path`` gets (it need not exist), and where each comes from:
    those a check naming it uses, which reports a name that does not exist whatever the
    globs say of it."""
    name = str(path)
    settings = project.named_settings(name)
    lines = [f"file: {name}"]
    if isinstance(settings, Skipped):
        lines.append(f"skipped: {settings.reason}")
        return _text(lines)
    if isinstance(project.settings_for(name), Skipped):  # only because it does not exist
        lines.append("missing: no such file; a check reports it (unreadable-file)")
    lines.append(f"configuration: {_config_name(settings.config)}")
    collection = settings.collection
    if collection is not None:
        lines.append(f"collection: {collection.name} ([collections.{collection.name}])")
    linter = settings.linter
    lines.append(f"locale: {_locale(linter, name)}")
    off = _turned_off(linter, name)
    lines.append(f"schema: {_schema(linter, off)}")
    lines.extend(_rules(linter, off))
    return _text(lines)


def _text(lines: Iterable[str]) -> str:
    return "".join(printable(line) + "\n" for line in lines)


def _turned_off(linter: Linter, name: str) -> dict[str, list[str]]:
    """The rules per-file-ignores turn off for the file, each with the globs that do, as a
    check of it filters its findings (``FindingFilter``: internal-error is always reported)."""
    ignored = linter.paths.ignored_by(name)
    return {rule: globs for rule, globs in ignored.items() if rule != INTERNAL_ERROR}


def _rules(linter: Linter, off: Mapping[str, list[str]]) -> list[str]:
    """Each rule a check of the file runs, with its severity and options (what the
    configuration sets is followed by the key that sets it); then each rule selected but
    turned off for this file (``off``), with the globs that turn it off."""
    config, rule_settings = linter.config, linter.settings
    # As the linter read them: each rule's tables merged, whether named by name or by code
    # (read once already: no error left to name a file in).
    tables = tables_by_rule(config, linter.registry, "configuration")
    active = [rule for rule in rule_settings.active if rule.name not in off]
    lines = [f"rules: {len(active)} active"]
    for rule in active:
        configured = tables[rule.name][2] if rule.name in tables else {}
        line = f"  {rule.code} {rule.name} {rule_settings.severity[rule.name].value}"
        lines.append(line + _set_by(SEVERITY_KEY, configured))
        for option, value in rule_settings.options[rule.name].items():
            line = f"    {option} = {json.dumps(value, ensure_ascii=False)}"
            lines.append(line + _set_by(option, configured))
    turned_off = [rule for rule in rule_settings.active if rule.name in off]
    if turned_off:
        lines.append(f"rules turned off for this file: {len(turned_off)}")
    for rule in turned_off:
        globs = ", ".join(f"per-file-ignores {glob!r}" for glob in off[rule.name])
        lines.append(f"  {rule.code} {rule.name}  ({globs})")
    return lines


def _set_by(key: str, configured: RuleTable) -> str:
    """Where the configuration sets ``key`` of a rule (its key path), if it does."""
    return f"  ({configured[key][1]})" if key in configured else ""


def describe_files(project: Project, paths: Iterable[str | Path]) -> str:
    """One line a file: each file that would be linted with its configuration and
    collection, and each file named but skipped with why."""
    lines = []
    for name, settings in project.files(paths):
        if isinstance(settings, Skipped):
            lines.append(f"{name}: skipped: {settings.reason}")
            continue
        where = _config_name(settings.config)
        if settings.collection is not None:
            where += f", collection {settings.collection.name}"
        lines.append(f"{name}: {where}")
    return _text(lines)


def _locale(linter: Linter, name: str) -> str:
    """The file's locale, and which setting decided it (``locale.key`` first, then
    ``locale.folders``, ``locale.suffixes``, ``locale.default``)."""
    config = linter.config
    key = config.locale_key
    if key is not None:
        tag = _tag_in_file(name, key, config.max_file_size)
        if tag is not None:
            return f"{tag} (the file's {key!r} key, {config.key_path('locale.key')})"
    tag, how = linter.paths.locale_source(name)
    if tag is None:
        return f"none ({_why_no_locale(config)})"
    setting = _LOCALE_SETTINGS[how.split()[0]]
    return f"{tag} ({how}, {config.key_path(setting)})"


def _why_no_locale(config: Config) -> str:
    """Why the settings give a file no locale: none is configured, or what is configured
    does not place it (``_locale`` has found none)."""
    if not (config.locale_key or config.locale_folders or config.locale_suffixes):
        return "no locale is configured"
    reasons = []
    if config.locale_key is not None:
        reasons.append(f"its {config.locale_key!r} key holds no language tag")
    if config.locale_folders:
        reasons.append(f"no folder of its path is in {config.key_path('locale.folders')}")
    if config.locale_suffixes:
        reasons.append(f"its name ends in no suffix of {config.key_path('locale.suffixes')}")
    return "; ".join([*reasons, f"{config.key_path('locale.default')} is not set"])


#: The setting behind each way ``PathPolicy.locale_source`` decides a locale.
_LOCALE_SETTINGS = {
    "folder": "locale.folders",
    "suffix": "locale.suffixes",
    "default": "locale.default",
}


def _tag_in_file(name: str, key: str, limit: int) -> str | None:
    """The well-formed tag the file at ``name`` holds under ``key``, if it can be read."""
    from filmlint.frontmatter.parser import parse_document

    read = read_file(name, limit)
    if not isinstance(read, bytes):
        return None
    text, bad_encoding = decode(read)
    if bad_encoding is not None:
        return None
    data = parse_document(text, name)[0].data
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and is_well_formed(value) else None


def _schema(linter: Linter, off: Mapping[str, list[str]]) -> str:
    if linter.rules.schema is None:
        return "none (no schema rule is active)"
    if all(rule.name in off for rule in linter.settings.active if rule.name in SCHEMA_RULES):
        return "none (per-file-ignores turn its rules off for this file)"
    if linter.options.schema is not None:
        return f"{shown_path(linter.options.schema)} (--schema)"
    if linter.config.schema is not None:
        return f"{shown_path(linter.config.schema)} ({linter.config.key_path('schema')})"
    return "film (shipped with filmlint)"


def _config_name(config: Config) -> str:
    if config.path is None:
        return "defaults (no configuration file)"
    return shown_path(config.path)
