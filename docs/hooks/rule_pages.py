"""MkDocs hook: show the options block of a rule page as the preformatted text it is.

``docs/rules/NAME.md`` is ``filmlint rule NAME`` as the terminal prints it; its options list
is indented plain text, which Markdown would run together and read as links (``[0-9]``).
"""

from __future__ import annotations

from typing import Any

_OPTIONS = "\nOptions ("


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if not page.file.src_uri.startswith("rules/") or _OPTIONS not in markdown:
        return markdown
    head, _, rest = markdown.partition(_OPTIONS)
    title, _, block = rest.partition("\n")
    return f"{head}{_OPTIONS}{title}\n\n```text\n{block.strip(chr(10))}\n```\n"
