"""The built-in rules, one module each, found by listing this package; and plugin rules,
from the ``filmlint.rules`` entry points.

A rule module declares ``NAME``, ``CODE`` and ``check`` (or ``gather`` and ``finish``)
beside its docs page (see ``filmlint.api``). A module that declares several rules whose
logic lives elsewhere (the parser's, the schema's) lists them as ``RULES`` instead.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from functools import cache, lru_cache
from typing import Any

from filmlint.rulekit.declaration import Registry, Rule, RuleError, rule_from_object

ENTRY_POINT_GROUP = "filmlint.rules"


def builtin_rules() -> list[Rule]:
    """Every rule of the modules of this package, in the order of their names."""
    rules: list[Rule] = []
    for name in _module_names():
        module = importlib.import_module(f"{__name__}.{name}")
        declared = getattr(module, "RULES", None)
        if declared is not None:
            rules.extend(declared)
        else:
            rules.append(rule_from_object(module, "filmlint"))
    return rules


@cache
def _module_names() -> tuple[str, ...]:
    """The modules of this package, listed once: they are imported once, too."""
    return tuple(sorted(module_info.name for module_info in pkgutil.iter_modules(__path__)))


def load_registry() -> Registry:
    """The built-in rules and every installed plugin rule."""
    rules = builtin_rules()
    for entry_point in _plugin_entry_points():
        origin = entry_point.dist.name if entry_point.dist is not None else entry_point.value
        try:
            loaded = entry_point.load()
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # a broken plugin must say which one it is (sys.exit too)
            raise RuleError(
                f"cannot load rule plugin {entry_point.value!r} ({origin}): {error}"
            ) from error
        try:
            rule = rule_from_object(loaded, origin)
            if rule.code.startswith("FL"):
                raise RuleError(f"rule {rule.name} has CODE {rule.code!r}: FL codes are filmlint's")
        except RuleError as error:
            raise RuleError(f"rule plugin {entry_point.value!r} ({origin}): {error}") from None
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # reading its declaration ran its code (a property)
            raise RuleError(
                f"rule plugin {entry_point.value!r} ({origin}): {type(error).__name__}: {error}"
            ) from error
        rules.append(rule)
    return Registry(rules)


def _plugin_entry_points() -> list[Any]:
    """The installed entry points of the ``filmlint.rules`` group.

    Importing importlib.metadata costs more than linting a file, and most installs have no
    plugin: a first cheap look at each distribution's ``entry_points.txt`` says whether any
    names the group, and only then does importlib.metadata read them.
    """
    if not _may_have_plugins():
        return []
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _may_have_plugins() -> bool:
    """Whether a distribution on ``sys.path`` may declare a rule plugin (when unsure: yes)."""
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as listing:
                names = _metadata_folders(entry, [e.name for e in listing])
        except NotADirectoryError:  # a zip archive: only importlib.metadata can read it
            return True
        except OSError:
            continue
        if _declares_plugins(os.path.abspath(folder), tuple(names)):  # noqa: PTH100 (speed)
            return True
    return False


def _metadata_folders(entry: str, children: list[str]) -> list[str]:
    """The children of a ``sys.path`` entry that importlib.metadata reads a distribution's
    metadata from (its ``Lookup``): a ``*.dist-info`` or ``*.egg-info``, in any case; and in
    an entry that is an ``*.egg`` folder (an unzipped egg), its ``EGG-INFO``."""
    is_egg = os.path.basename(entry).lower().endswith(".egg")  # noqa: PTH119 (speed)
    return [
        name
        for name in children
        if name.lower().endswith((".dist-info", ".egg-info"))
        or (is_egg and name.lower() == "egg-info")
    ]


@lru_cache(maxsize=64)
def _declares_plugins(folder: str, distributions: tuple[str, ...]) -> bool:
    """Whether one of ``distributions`` in ``folder`` names the group; read once for the
    same distributions (the registry is read more than once a run)."""
    group = ENTRY_POINT_GROUP.encode()
    for name in distributions:
        try:
            with open(os.path.join(folder, name, "entry_points.txt"), "rb") as stream:  # noqa: PTH118, PTH123 (speed)
                if group in stream.read():
                    return True
        except OSError:
            continue
    return False
