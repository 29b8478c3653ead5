"""Rule documentation as outputs link to it: pages, their URLs, what reports may show, and
the rule table of the documentation site (docs/rules/index.md).

The pages of the built-in rules are checked in as ``docs/rules/NAME.md`` (a test keeps them
equal to ``filmlint rule NAME``); their URLs start from the ``Documentation`` project URL in
the package metadata. Plugin rules have no page there, so no URL.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from filmlint.reporters import RuleInfo

if TYPE_CHECKING:
    from filmlint.engine.settings import RuleSettings
    from filmlint.rulekit.declaration import Registry, Rule


@cache
def documentation_url() -> str | None:
    """The ``Documentation`` URL of ``[project.urls]``, without a trailing slash, or None."""
    from importlib.metadata import PackageNotFoundError, metadata  # slow to import: on use

    try:
        urls = metadata("filmlint").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/")
    return None


def help_uri(rule: Rule) -> str | None:
    base = documentation_url()
    if base is None or rule.origin != "filmlint":
        return None
    return f"{base}/rules/{rule.name}.md"


def rule_infos(settings: RuleSettings) -> dict[str, RuleInfo]:
    """What reports may say about each rule that runs, with its configured severity."""
    return {
        rule.name: RuleInfo(
            code=rule.code,
            name=rule.name,
            summary=rule.summary,
            help=rule.doc,
            help_uri=help_uri(rule),
            severity=settings.severity[rule.name],
        )
        for rule in settings.active
    }


def rule_page(registry: Registry, name: str) -> str:
    """A rule's documentation page: ``filmlint rule NAME`` and ``docs/rules/NAME.md``."""
    rule = registry[name]
    out = [f"# {rule.name} ({rule.code})\n\n", f"{rule.doc}\n\n"]
    out.append(f"Default severity: {rule.severity.value}")
    out.append("" if rule.origin == "filmlint" else f"\nFrom plugin: {rule.origin}")
    out.append("\n")
    if rule.options:
        out.append(f"\nOptions ([tool.filmlint.rules.{rule.name}] in pyproject.toml):\n\n")
        for option_name, option in rule.options.items():
            out.append(f"  {option_name} = {_toml(option.default)}\n      {option.help}\n")
            if option.choices:
                out.append(f"      One of: {', '.join(_toml(c) for c in option.choices)}\n")
    return "".join(out)


def rule_table(registry: Registry) -> str:
    """docs/rules/index.md's table of the built-in rules, by code: name, code, summary, options.

    The last two cells are the rule's ``table_summary`` and ``table_options`` if it declares
    them, else its summary and the names of its options.
    """
    lines = ["| rule | code | what it reports | options |", "|---|---|---|---|"]
    for rule in sorted(registry, key=lambda rule: rule.code):
        if rule.origin != "filmlint":
            continue
        summary = rule.table_summary or rule.summary
        options = rule.table_options or ", ".join(f"`{name}`" for name in rule.options)
        cells = [f"`{rule.name}`", rule.code, summary, options]
        lines.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    return str(value)
