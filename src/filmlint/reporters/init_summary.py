"""What ``filmlint init`` tells: what it inferred from the site, and what it wrote."""

from __future__ import annotations

from filmlint.engine.init_writer import InitPlan, render_toml, schema_reference
from filmlint.engine.site_model import Locales
from filmlint.engine.site_survey import SET_RULES, SiteSurvey
from filmlint.reporters import plural
from filmlint.reporters.display import printable

#: Said of a default that no file's place shows (every file in a locale folder, say).
_CHOSEN = (
    "{}(no base locale shows: {} is the most files' locale, so translations are compared"
    " with its version; set {}locale.default to compare with another)"
)


#: Said of a default that no file's place shows, which the site's generator declares.
_DECLARED = "{}(no base locale shows: {} is the default language {} declares)"


def describe_survey(survey: SiteSurvey, plan: InitPlan) -> str:
    """Lines for people: the collections with their file counts and schemas, the locales,
    the rule options, and the files written."""
    lines = [f"Read {plural(len(survey.files), 'Markdown file')} with front matter."]
    lines.append("Collections:")
    for collection in survey.collections:
        schema = schema_reference(collection.name, film=collection.film)
        kind = "the film schema shipped with filmlint" if collection.film else "a draft to review"
        lines.append(
            f"  {collection.name}: {', '.join(collection.include)} "
            f"({plural(len(collection.files), 'file')}); schema {schema} ({kind})"
        )
    own = survey.own_locales()
    if survey.locales.table():
        lines.append("Locales:")
        lines.extend(_locale_lines(survey.locales, "  ", ""))
    elif own:
        lines.append("Locales, each collection its own (their languages differ):")
        for name, locales in own.items():
            lines.append(f"  {name}:")
            lines.extend(_locale_lines(locales, "    ", f"collections.{name}."))
    else:
        lines.append("Locales: none found (the rules that read a file's language stay off)")
    if survey.country_options:
        lines.append("Options of country-code:")
        lines.extend("  " + line for line in render_toml(survey.country_options).splitlines())
    if survey.set_key is not None:
        lines.append(
            f"Versions of a film: the files with the same {survey.set_key}"
            f" (key of {' and '.join(SET_RULES)})"
        )
    for path in [*plan.schemas, plan.config_path]:
        lines.append(f"Wrote {path}")
    return "".join(printable(line) + "\n" for line in lines)


def _locale_lines(locales: Locales, indent: str, where: str) -> list[str]:
    """A ``[locale]`` table as written, and why its default when init chose it."""
    lines = [indent + line for line in render_toml(locales.table()).splitlines()]
    if locales.chosen_default:
        lines.append(_CHOSEN.format(indent, locales.default, where))
    elif locales.declared_by is not None:
        lines.append(_DECLARED.format(indent, locales.default, locales.declared_by))
    return lines
