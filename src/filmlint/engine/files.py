"""Which files a run lints: the files named, and the Markdown files under the folders named.

Folders are walked for ``*.md`` and ``*.markdown``, skipping hidden paths and, inside a git
work tree, what git ignores. A file named explicitly is always linted.

Nothing is dropped without a word: a folder that cannot be listed is returned as a path (the
linter's read reports why), and so is anything named ``*.md`` that is not a regular file (a
FIFO, a socket, a device), which the walk never opens. Symlinked folders are not followed,
so a link to a folder above cannot make the walk loop.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")


def discover(
    paths: Iterable[Path], exclude: Iterable[str] = (), root: Path | None = None
) -> list[str]:
    """The files to lint, sorted by name and without repeats; missing paths are kept (to be
    reported). Plain strings, as ``open`` and ``os.stat`` take them: pathlib costs
    microseconds per call, times every file of a large repository."""
    excluded = [glob_regex(g) for g in exclude]
    base = (root or Path.cwd()).resolve()
    found: set[str] = set()
    for path in paths:
        if path.is_dir():
            found.update(f for f in _walk(path) if not _is_excluded(f, excluded, base))
        else:
            found.add(str(path))
    return sorted(found)


def _is_excluded(path: str, patterns: list[re.Pattern[str]], root: Path) -> bool:
    if not patterns:
        return False
    return matches_any(path, patterns, root)


def matches_any(path: str, patterns: list[re.Pattern[str]], root: Path) -> bool:
    """Whether a glob matches the path relative to ``root``, a resolved path (or, without
    '/', any tail of it)."""
    try:
        relative = Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        relative = Path(path).as_posix()
    return any(p.fullmatch(relative) for p in patterns)


@cache
def glob_regex(glob: str) -> re.Pattern[str]:
    """A glob as a regex: ``*`` and ``?`` stay in one path segment, ``**`` crosses them.

    A glob without ``/`` matches a file name at any depth, as in ``.gitignore``.
    """
    parts: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        elif glob[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif glob[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(glob[index]))
            index += 1
    body = "".join(parts)
    if "/" not in glob.rstrip("/"):
        body = "(?:.*/)?" + body
    return re.compile(body.rstrip("/") + "(?:/.*)?")


def _walk(folder: Path) -> list[str]:
    listed = _git_files(folder)
    if listed is None:
        listed = _plain_walk(folder)
    # As pathlib would name them: "films/a.md", not "./films/a.md".
    prefix = "" if str(folder) == "." else os.path.join(folder, "")  # noqa: PTH118
    return [prefix + name if name != "." else str(folder) for name in listed]


#: How git (in the C locale) says that it skipped a folder it could not list.
_UNLISTED = re.compile(rb"^warning: could not open directory '(.*)': ", re.MULTILINE)


def _git_files(folder: Path) -> list[str] | None:
    """Markdown files under ``folder`` that git does not ignore, and folders it could not
    list, relative to it; None outside git."""
    import subprocess  # only when walking a folder

    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},  # untranslated warnings
        )
    except OSError:  # no git on this machine
        return None
    if result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    unlisted = [
        found.decode("utf-8", "surrogateescape").rstrip("/")
        for found in _UNLISTED.findall(result.stderr)
    ]
    return [
        name
        for name in names
        if _is_markdown(name)
        and not _hidden(name)
        # --cached lists deleted files
        and os.path.lexists(os.path.join(folder, name))  # noqa: PTH118
    ] + [name for name in unlisted if not _hidden(name)]


def _plain_walk(folder: Path) -> list[str]:
    names: list[str] = []

    def unlisted(error: OSError) -> None:
        names.append(Path(error.filename).relative_to(folder).as_posix())

    # Not following symlinked folders: one pointing above would make the walk endless.
    for current, dirs, files in os.walk(folder, onerror=unlisted):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(current).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        names.extend(prefix + f for f in files if _is_markdown(f) and not f.startswith("."))
    return names


def _is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/"))
