"""The default language a site's generator declares in its own configuration: what
``filmlint init`` takes as the base locale where the files do not show one (every version
of a film in a locale folder or with a suffix, as many in each language).

Read, in this order, from the site's folder:
- Hugo's ``defaultContentLanguage`` (a key Hugo reads in any case) at the top level of
  ``hugo.toml``, ``hugo.yaml``, ``hugo.yml``, ``hugo.json``, the older ``config.*`` names,
  and the same under ``config/_default/``;
- Astro's ``i18n.defaultLocale`` in ``astro.config.*``: JavaScript, which is not run, so
  the first ``defaultLocale`` written with a quoted value is taken.
A file that cannot be read, parsed, or that declares no well-formed tag says nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from filmlint.rulekit.langtags import canonical_case, is_well_formed
from filmlint.text.decoding import decode
from filmlint.text.reading import UnreadableFile, read_bytes

#: A configuration file larger than this is no generator's: not read.
MAX_CONFIG_SIZE = 1024 * 1024

_HUGO_NAMES = [
    f"{folder}{stem}.{ext}"
    for folder in ("", "config/_default/")
    for stem in ("hugo", "config")
    for ext in ("toml", "yaml", "yml", "json")
]
_ASTRO_NAMES = [f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs", "cts")]
_HUGO_KEY = "defaultcontentlanguage"
#: The key at the top level of a YAML configuration (not indented), with a plain or quoted
#: value: read as text, as a YAML file of Hugo's writes it, without building the whole file.
_HUGO_YAML = re.compile(
    r"""^defaultcontentlanguage[ \t]*:[ \t]*(["']?)([A-Za-z0-9_-]{1,35})\1[ \t]*(?:#.*)?$""",
    re.IGNORECASE | re.MULTILINE,
)
_ASTRO_DEFAULT = re.compile(r"""\bdefaultLocale\s*:\s*(["'`])([A-Za-z0-9_-]{1,35})\1""")


class Declared(NamedTuple):
    """A default language declared by a generator: its tag (canonical case), and the file
    that declares it (a POSIX path from the site's folder)."""

    tag: str
    file: str


#: Hugo's keys of a multilingual site, at the start of a line of TOML, YAML or JSON:
#: ``defaultContentLanguage``, or its ``languages`` table.
_HUGO_LANGUAGES = re.compile(
    r'(?im)^[ \t]*(?:"?defaultcontentlanguage"?[ \t]*[=:]|\[languages[.\]]|"?languages"?[ \t]*:)'
)


def is_hugo_site(folder: Path) -> bool:
    """Whether ``folder`` holds a Hugo configuration: a ``hugo.*`` file, Hugo's own name, or
    an older ``config.*`` that sets Hugo's languages (``config.*`` is many tools' name)."""
    for name in _HUGO_NAMES:
        if name.rpartition("/")[2].startswith("hugo."):
            if (folder / name).is_file():
                return True
            continue
        text = _text(folder / name)
        if text is not None and _HUGO_LANGUAGES.search(text):
            return True
    return False


def declared_default(folder: Path) -> Declared | None:
    """The default language the site's generator declares, or None."""
    for name in _HUGO_NAMES:
        text = _text(folder / name)
        if text is not None:
            found = _tag(_hugo_default(text, name.rpartition(".")[2]))
            if found is not None:
                return Declared(found, name)
    for name in _ASTRO_NAMES:
        text = _text(folder / name)
        match = _ASTRO_DEFAULT.search(text) if text is not None else None
        found = _tag(match.group(2)) if match is not None else None
        if found is not None:
            return Declared(found, name)
    return None


def _text(path: Path) -> str | None:
    """A configuration file's text; None when there is none that reads as UTF-8 text."""
    try:
        raw = read_bytes(path, MAX_CONFIG_SIZE)
    except (OSError, UnreadableFile):
        return None
    text, fault = decode(raw)
    return text if fault is None else None


def _hugo_default(text: str, extension: str) -> Any:
    """The value of the top-level key Hugo reads as ``defaultContentLanguage``."""
    try:
        if extension == "toml":
            import tomllib  # only for a site that has a Hugo configuration in TOML

            data: Any = tomllib.loads(text)
        elif extension == "json":
            data = json.loads(text)
        else:
            match = _HUGO_YAML.search(text)
            return match.group(2) if match is not None else None
    except ValueError:  # tomllib's and json's errors are ValueErrors
        return None
    if not isinstance(data, dict):
        return None
    return next((v for k, v in data.items() if str(k).lower() == _HUGO_KEY), None)


def _tag(value: Any) -> str | None:
    """A declared value as a tag: Hugo's language keys are written ``zh-cn``, as BCP 47
    allows; ``_`` (``zh_CN``) is read as ``-``."""
    if not isinstance(value, str):
        return None
    tag = value.strip().replace("_", "-")
    return canonical_case(tag) if tag and is_well_formed(tag) else None
