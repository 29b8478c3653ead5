"""MkDocs hook for the rule pages: the nav lists them, and their options blocks show as the
preformatted text they are.

``docs/rules/NAME.md`` is ``filmlint rule NAME`` as the terminal prints it (generated, one
per rule): the nav's "Rules" section is filled from that folder in code order, so adding a
rule adds its page with no edit here. Its options list is indented plain text, which
Markdown would run together and read as links (``[0-9]``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: A rule page's first line: ``# NAME (CODE)``.
_HEADING = re.compile(r"# \S+ \((\w+)\)")


def rule_nav(docs_dir: Path) -> list[str]:
    """The rule pages, the index first, then by rule code."""
    pages = []
    for page in (docs_dir / "rules").glob("*.md"):
        heading = _HEADING.match(page.read_text(encoding="utf-8"))
        if heading is not None:
            pages.append((heading.group(1), f"rules/{page.name}"))
    return ["rules/index.md", *(name for _, name in sorted(pages))]


def on_config(config: Any, **_: Any) -> Any:
    for entry in config["nav"]:
        if isinstance(entry, dict) and "Rules" in entry:
            entry["Rules"] = rule_nav(Path(config["docs_dir"]))
    return config


_OPTIONS = "\nOptions ("


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if not page.file.src_uri.startswith("rules/") or _OPTIONS not in markdown:
        return markdown
    head, _, rest = markdown.partition(_OPTIONS)
    title, _, block = rest.partition("\n")
    return f"{head}{_OPTIONS}{title}\n\n```text\n{block.strip(chr(10))}\n```\n"
