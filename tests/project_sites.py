"""A content repository for the project tests: a site in a subfolder with its own
configuration, two collections with different schemas, translations by folder and by suffix,
a README, drafts excluded, and a node_modules folder."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import film, front

#: A paragraph in Chinese script: fine in the site's default locale (zh-Hans), untranslated
#: text in an English or French file.
CHINESE = "豆瓣 rating.\n"

SITE_CONFIG = """\
exclude = ["src/content/films/drafts/"]

[locale]
default = "zh-Hans"
suffixes = { en = "en" }
folders = { fr = "fr" }

[collections.films]
include = ["src/content/films/**"]
schema = "film"

[collections.blog]
include = ["src/content/blog/**"]
schema = "schemas/blog.schema.json"
"""

BLOG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title", "pubDate"],
    "properties": {"title": {"type": "string"}, "pubDate": {"type": "string"}},
    "additionalProperties": False,
}

#: Each file of the site (from the repository's root) and its text.
SITE_FILES = {
    "site/README.md": "# The site\n\nNo front matter here.\n",
    "site/src/content/films/alien.md": film() + CHINESE,
    "site/src/content/films/alien-en.md": film() + CHINESE,
    "site/src/content/films/fr/alien.md": film() + CHINESE,
    "site/src/content/films/bad.md": film().replace('"published"', "publised"),
    "site/src/content/films/drafts/wip.md": front("title: 1"),
    "site/src/content/blog/hello.md": front('title: "Hello"\npubDate: "2024-01-01"'),
    "site/src/content/blog/no-date.md": front('title: "Hello"\nstatus: "published"'),
    "site/node_modules/some-package/readme.md": front("title: 1"),
}

#: What linting the whole site finds: (path from the repository's root, line, rule).
SITE_PROBLEMS = [
    # Only alien has its English and French versions (translation-missing: one per locale).
    ("site/src/content/blog/hello.md", 1, "translation-missing"),
    ("site/src/content/blog/hello.md", 1, "translation-missing"),
    ("site/src/content/blog/no-date.md", 1, "translation-missing"),
    ("site/src/content/blog/no-date.md", 1, "translation-missing"),
    ("site/src/content/blog/no-date.md", 2, "missing-key"),
    ("site/src/content/blog/no-date.md", 3, "unknown-key"),
    ("site/src/content/films/alien-en.md", 10, "untranslated-text"),
    ("site/src/content/films/bad.md", 1, "translation-missing"),
    ("site/src/content/films/bad.md", 1, "translation-missing"),
    ("site/src/content/films/bad.md", 7, "invalid-value"),
    ("site/src/content/films/fr/alien.md", 10, "untranslated-text"),
]

#: The files linted: every film and post but the draft; not the README, not node_modules.
SITE_LINTED = sorted(
    name
    for name in SITE_FILES
    if "/content/" in name and "/drafts/" not in name and "node_modules" not in name
)


def build_site(repository: Path) -> Path:
    """The site's files under ``repository``; returns the site's folder."""
    for name, text in SITE_FILES.items():
        path = repository / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = repository / "site"
    (site / "filmlint.toml").write_text(SITE_CONFIG, encoding="utf-8")
    (site / "schemas").mkdir()
    (site / "schemas" / "blog.schema.json").write_text(json.dumps(BLOG_SCHEMA), encoding="utf-8")
    return site
