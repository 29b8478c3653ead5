"""Which files a run lints: the files named, and the Markdown files under the folders named.

Folders are walked for ``*.md`` and ``*.markdown``, skipping hidden paths, ``node_modules``
folders (a site's dependencies, never its content) and, inside a git work tree, what git
ignores. Which of the files found are linted is the configuration's to say
(``filmlint.engine.project``).

Nothing is dropped without a word: a folder that cannot be listed is returned as a path (the
linter's read reports why), and so is anything named ``*.md`` that is not a regular file (a
FIFO, a socket, a device), which the walk never opens. Symlinked folders are not followed,
so a link to a folder above cannot make the walk loop.
"""

from __future__ import annotations

import os
import posixpath
import re
import warnings
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from filmlint.text.escapes import surrogates

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: A folder that walking never enters (named files in it are linted).
NOT_WALKED = "node_modules"


def discover(paths: Iterable[Path]) -> list[str]:
    """The files to lint, sorted by name and without repeats; missing paths are kept (to be
    reported). Plain strings, as ``open`` and ``os.stat`` take them: pathlib costs
    microseconds per call, times every file of a large repository. Which of them a
    configuration excludes is decided file by file, with the file's nearest configuration
    (``filmlint.engine.resolution``)."""
    found: set[str] = set()
    named = 0
    for path in paths:
        named += 1
        if path.is_dir():
            found.update(_walk(path))
        else:
            found.add(str(path))
    # One folder walked names each file once (symlinked folders are not entered).
    if named > 1 and len(found) > 1:
        found = _once_each(found)
    return sorted(found)


def _once_each(names: Iterable[str]) -> set[str]:
    """``names`` with one name for each file named by several (``a.md``, ``/site/a.md``,
    ``x/../a.md``), as ruff does: the one written most plainly. Told apart by the file each
    opens: its folder's identity (``films/../a.md`` is not ``a.md`` when ``films`` is a
    symlink, as the system resolves ``..`` after the link) and its own name, not followed
    (a symlink is a file of its own to report on, as in ruff)."""
    plainest: dict[tuple[object, str], str] = {}
    folders: dict[str, object] = {}
    for name in names:
        folder, base = os.path.split(name)
        if base in ("", ".", ".."):  # not a file's own name: the folder it names
            folder, base = name, ""
        where = folders.get(folder)
        if where is None:
            where = folders[folder] = _identity(folder or ".")
        key = (where, base)
        kept = plainest.get(key)
        if kept is None or _plainness(name) < _plainness(kept):
            plainest[key] = name
    return set(plainest.values())


def _identity(folder: str) -> object:
    """What tells a folder apart from others: its device and inode, or (missing, or not
    searchable) its absolute path as written."""
    try:
        found = os.stat(folder)  # noqa: PTH116 (plain strings)
    except OSError:
        return os.path.abspath(folder)  # noqa: PTH100
    return found.st_dev, found.st_ino


def _plainness(name: str) -> tuple[bool, bool, int, str]:
    """How a name of a file sorts among others of the same file: relative and without
    ``..`` first, then the shortest."""
    return os.path.isabs(name), ".." in name, len(name), name  # noqa: PTH117


class GlobError(ValueError):
    """A glob that is not one: empty, a gitignore comment, a pattern pathspec refuses, or
    one too large for RE2 to compile."""


class Globs:
    """Globs compiled as ``.gitignore`` lines (``glob_spec``), matched in time linear in the
    path's length: by RE2, which never backtracks. Python's ``re`` took 11 s to find that
    ``*a*a...*b`` (25 stars) does not match 30 a's, and four times as long for each two more.
    """

    __slots__ = ("_globs", "_spec")

    def __init__(self, globs: tuple[str, ...], spec: GitIgnoreSpec | None) -> None:
        self._globs = globs
        self._spec = spec  # None: no globs, nothing matched (pathspec not even imported)

    def match(self, path: str) -> bool:
        """Whether ``path`` (a POSIX path from the globs' folder) is matched."""
        if self._spec is None:
            return False
        return bool(self._spec.match_file(_as_read(path)))

    def deciding(self, path: str) -> int | None:
        """The index of the last glob that matches ``path`` and takes none back, when the
        globs match it; None when they do not. (pathspec's own index depends on how it
        matches: RE2 and Python's ``re`` name different globs.)"""
        if not self.match(path):
            return None
        return next(
            index
            for index in reversed(range(len(self._globs)))
            if not self._globs[index].startswith("!")
            and glob_spec(self._globs[index : index + 1]).match(path)
        )


@cache
def glob_spec(globs: tuple[str, ...]) -> Globs:
    """Globs compiled as ``.gitignore`` lines are (compiled once, then shared): ``*`` and
    ``?`` stay in one path segment, ``**`` crosses them, a glob without ``/`` (but at its
    end) matches a name at any depth, one ending in ``/`` only folders (and what is in
    them), a match of a folder is a match of everything in it, and ``!`` takes a path back.

    Raises ``GlobError`` for a glob that would silently match nothing or cannot compile.
    """
    if not globs:  # most configurations: pathspec and RE2 are not imported for them
        return Globs(globs, None)
    for glob in globs:
        if not glob.strip():
            raise GlobError(f"{glob!r} is empty")
        if glob.startswith("#"):
            raise GlobError(f"{glob!r} is a comment in gitignore syntax (write '\\#')")
    import re2  # type: ignore[import-untyped]
    from pathspec import GitIgnoreSpec

    try:
        with warnings.catch_warnings():
            # pathspec compiles each glob with Python's re as well, which warns of a "[[" as
            # a possible nested set: noise on stderr about a glob that RE2 reads fine.
            warnings.simplefilter("ignore", FutureWarning)
            spec = GitIgnoreSpec.from_lines(map(_as_read, globs), backend="re2")
    except (ValueError, re.error) as error:  # pathspec's own errors are ValueErrors
        raise GlobError(str(error)) from None
    except re2.error:  # over RE2's memory for a compiled pattern
        raise GlobError(f"{_listed(globs)} too long to compile") from None
    for glob, pattern in zip(globs, spec.patterns, strict=True):
        # pathspec keeps a line it reads as matching nothing ("/", an unclosed "[") as a
        # pattern without a regex: a glob that would be dropped in silence.
        if pattern.regex is None:
            hint = " (write '\\[' for a '[')" if "[" in glob else ""
            raise GlobError(f"{glob!r} matches no path as a .gitignore line{hint}")
    if spec.patterns and spec.patterns[0].include is False:
        raise GlobError(
            f"{globs[0]!r} takes back what a glob before it matched, and none comes before it"
            " (write '\\!' for a name that starts with '!')"
        )
    return Globs(globs, spec)


def _as_read(text: str) -> str:
    """A glob or a path as RE2 reads it, UTF-8: a name's byte that is not UTF-8 (a lone
    surrogate, as Python decodes it) is U+FFFD, one character to ``?`` and ``*`` as before,
    in a path and in a glob typed on a command line alike (a configuration, UTF-8, can only
    name it so, or ``escaped`` as ``?``)."""
    return text if text.isascii() else surrogates().sub("\ufffd", text)


def _listed(globs: tuple[str, ...]) -> str:
    """Globs as a message names them: the one, or how many (a long glob shortened)."""
    if len(globs) > 1:
        return f"{len(globs)} globs together are"
    glob = globs[0]
    return f"{glob[:40]!r}... ({len(glob):,} characters) is" if len(glob) > 60 else f"{glob!r} is"


def per_file_glob(key: str) -> tuple[str, bool]:
    """A per-file-ignores key as the glob it matches, and whether it is negated: as in ruff,
    ``!films/keep.md`` turns its rules off in every file it does not match (a gitignore
    line alone, it would match nothing). The glob is what ``glob_spec`` must compile."""
    if key.startswith("!"):
        return key[1:], True
    return key, False


def unmatchable(glob: str, folder: str = "the configuration's folder") -> str | None:
    """Why ``glob`` (one that compiles) can match no path that globs are matched against
    (a POSIX path from ``folder``, as named: no ".", ".." or empty segment), with what to
    write instead; None when it can. A glob's "!", its leading "/" (anchored at the folder)
    and its final "/" (folders only) are not segments."""
    body = glob[1:] if glob.startswith("!") else glob
    inner = body[1:] if body.startswith("/") else body
    inner = inner[:-1] if inner.endswith("/") else inner
    segments = inner.split("/")
    if ".." in segments:
        found = "a '..'"
    elif "." in segments:
        found = "a '.'"
    elif "" in segments:
        found = "an empty"
    else:
        return None
    problem = f"{glob!r} has {found} segment, which no path has"
    plain = posixpath.normpath(inner).lstrip("/")
    if plain == ".." or plain.startswith("../"):
        return problem + f": globs match the paths inside {folder} only"
    if plain == ".":
        plain = "**"  # the folder itself: everything in it
    # Anchored as written: a glob with a "/" before its end matches from the folder only.
    anchored = body.startswith("/") or ("/" in inner and "/" not in plain)
    written = "!" * glob.startswith("!") + "/" * anchored + plain + "/" * body.endswith("/")
    return problem + f" (globs match paths from {folder}): write {written!r}"


#: What a glob reads as more than a character (``glob_spec``): escaped to match itself.
_GLOB_CHARACTERS = re.compile(r"[\\*?\[]")


def escaped(path: str) -> str:
    """``path`` (a POSIX path from a configuration's folder, as a folder or file is named)
    as a glob that matches it as named: ``[lang]`` is a folder's name, not a character
    class, and a leading ``!`` or ``#`` neither takes a path back nor starts a comment. A
    byte of a name that is not UTF-8, which a configuration file cannot hold, is ``?``."""
    glob = _GLOB_CHARACTERS.sub(lambda found: "\\" + found[0], path)
    glob = surrogates().sub("?", glob)
    return "\\" + glob if glob.startswith(("!", "#")) else glob


def path_from(path: str, root: str | Path) -> str | None:
    """``path`` as a POSIX path from ``root`` (an absolute folder), taken as named
    (``folder_from``); None when it is outside."""
    folder, name = os.path.split(os.path.abspath(path))  # noqa: PTH100 (speed)
    inside = folder_from(folder, os.fspath(root))
    return None if inside is None else inside + name


def matches_any(path: str, globs: tuple[str, ...], root: str | Path) -> bool:
    """Whether ``globs`` match ``path``, taken relative to ``root`` (an absolute folder):
    never when it is outside, whichever folder the run is started from."""
    inside = path_from(path, root)
    return inside is not None and glob_spec(globs).match(inside)


def folder_from(folder: str, root: str) -> str | None:
    """``folder`` (absolute, as named) as a POSIX path from ``root`` (absolute), ending in
    "/" ("" for ``root`` itself); None when it is not inside.

    Taken as named, as git and ruff take a path: its folders as written, made absolute
    without following symlinks, so that a symlinked collection folder is matched by where
    it is named, not by where its files are stored. ``root`` may be spelt otherwise than
    ``folder``'s folders (a configuration's is stored resolved; a checkout or ``/tmp`` may
    be reached through a symlink): then the folder of ``folder`` that is ``root`` decides.
    Else, when ``folder`` is under ``root`` only through a symlink among its folders (a
    file named from elsewhere, under a link into the root), its real path from ``root``
    (``root`` then resolved); None when not even that is inside."""
    below = _spelt_below(folder, root)
    return below if below is not None else _folder_through_links(folder, root)


def _spelt_below(folder: str, root: str) -> str | None:
    """``folder_from`` where ``folder`` is spelt under ``root``; None where it is not."""
    if folder == root:
        return ""
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not folder.startswith(prefix):
        return None
    below = folder[len(prefix) :]
    return (below if os.sep == "/" else below.replace(os.sep, "/")) + "/"


@lru_cache(maxsize=1024)
def _folder_through_links(folder: str, root: str) -> str | None:
    """``folder_from`` where ``folder`` is not spelt under ``root``: the nearest of its folders
    that is ``root`` itself (the same file), and the names below it; else its real path
    under ``root`` (resolved). A few ``stat`` calls, made once per folder for the process
    (as a resolver looks up each folder's configuration once): a checkout named through a
    symlink sends every file of a run here."""
    try:
        wanted = os.stat(root)  # noqa: PTH116 (plain strings)
    except OSError:
        return None
    below: list[str] = []
    current = folder
    while True:
        try:
            if os.path.samestat(os.stat(current), wanted):  # noqa: PTH116
                return "".join(name + "/" for name in reversed(below))
        except OSError:  # missing, or not searchable: not the root
            pass
        parent, name = os.path.split(current)
        if parent == current:
            break
        below.append(name)
        current = parent
    return _spelt_below(os.path.realpath(folder), root)


def _walk(folder: Path) -> list[str]:
    listed = _git_files(folder)
    if listed is None:
        listed = _plain_walk(folder)
    # As pathlib would name them: "films/a.md", not "./films/a.md".
    prefix = "" if str(folder) == "." else os.path.join(folder, "")  # noqa: PTH118
    return [prefix + name if name != "." else str(folder) for name in listed]


#: How git (in the C locale) says that it skipped a folder it could not list.
_UNLISTED = re.compile(rb"^warning: could not open directory '(.*)': ", re.MULTILINE)


#: The variables that name the repository, or its work tree, instead of the folders above.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE")


def _work_tree(folder: Path, environment: bool = True) -> tuple[str, dict[str, str]] | None:
    """The folder of the repository git finds for ``folder``, and the variables git is to be
    run with; None outside git. ``environment``: as the variables ``GIT_DIR`` and
    ``GIT_WORK_TREE`` name it, when set (False: a repository inside, found as its own git
    would). Without them, the nearest folder holding a ``.git`` (a folder, or a file in a
    linked work tree or submodule): starting git costs milliseconds per folder walked; most
    folders outside a work tree (temporary ones, unpacked archives) are answered by a few
    ``lstat`` calls instead."""
    if environment and any(name in os.environ for name in _GIT_LOCATION):
        try:
            cwd = os.getcwd()  # noqa: PTH109 (plain strings)
        except OSError:  # the current folder was removed: git could not start there
            return None
        named = _named_repository(cwd, *map(os.environ.get, _GIT_LOCATION))
        if named is None:
            return None
        git_dir, top = named
        if folder_from(os.path.realpath(folder), top) is None:
            return None  # git would call it outside the repository
        # Absolute, and the top as git takes it from the current folder: run from the folder
        # walked, git would read a relative GIT_DIR from there, and take the folder itself
        # for the top of the work tree (never reading the .gitignore files above it).
        return top, {"GIT_DIR": git_dir, "GIT_WORK_TREE": top}
    current = os.path.realpath(folder)  # as git finds it: from the physical folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):  # noqa: PTH118
            return current, {}
        parent = os.path.dirname(current)  # noqa: PTH120
        if parent == current:
            return None
        current = parent


@lru_cache(maxsize=16)
def _named_repository(
    cwd: str, git_dir: str | None, work_tree: str | None
) -> tuple[str, str] | None:
    """The repository (absolute) and the top of its work tree (resolved) that git finds
    from ``cwd`` with ``GIT_DIR`` and ``GIT_WORK_TREE`` as they are (the arguments are the
    key of the cache): as a user's git command does, with ``core.worktree`` and relative
    values read as git reads them. None when git finds no work tree (a bare repository)."""
    import subprocess

    try:
        result = subprocess.run(
            ["git", "rev-parse", "--absolute-git-dir", "--show-toplevel"],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    lines = result.stdout.decode("utf-8", "surrogateescape").split("\n")
    if result.returncode != 0 or len(lines) != 3 or lines[2]:
        return None
    return lines[0], os.path.realpath(lines[1])


def _git_files(folder: Path, environment: bool = True) -> list[str] | None:
    """Markdown files under ``folder`` that git does not ignore, and folders it could not
    list, relative to it; None outside git. A repository inside it (a submodule, or one
    git does not know) is walked as its own git sees it: git lists it as one entry."""
    found_tree = _work_tree(folder, environment)
    if found_tree is None:
        return None
    root, variables = found_tree
    import subprocess  # only when walking a folder in a work tree

    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}  # untranslated warnings
    if not environment:  # a repository inside: not the one the variables name
        for name in _GIT_LOCATION:
            env.pop(name, None)
    env.update(variables)
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            check=False,
            env=env,
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
    found = [
        name
        for name in names
        if _is_markdown(name)
        and not _skipped(name)
        # --cached lists deleted files
        and os.path.lexists(os.path.join(folder, name))  # noqa: PTH118
    ]
    for inner in _repositories(folder, names, root):
        listed = _git_files(folder / inner, environment=False)
        found += [f"{inner}/{name}" for name in _plain_walk(folder / inner) if listed is None]
        found += [f"{inner}/{name}" for name in listed or ()]
    return found + [name for name in unlisted if not _skipped(name)]


def _repositories(folder: Path, names: list[str], root: str) -> list[str]:
    """The repositories inside ``folder`` that git listed as one entry each, among its
    ``names``: one it does not know as ``name/``; a submodule as ``name``, which only a
    repository with a ``.gitmodules`` has (only there is each other entry looked at)."""
    inner = [name[:-1] for name in names if name.endswith("/")]
    if root and os.path.lexists(os.path.join(root, ".gitmodules")):  # noqa: PTH118
        inner += [name for name in names if name and not name.endswith("/")]
    return [
        name
        for name in inner
        if not _skipped(name)
        and not _is_markdown(name)
        and (folder / name).is_dir()
        and not (folder / name).is_symlink()
    ]


def _plain_walk(folder: Path) -> list[str]:
    names: list[str] = []

    def unlisted(error: OSError) -> None:
        names.append(Path(error.filename).relative_to(folder).as_posix())

    # Not following symlinked folders: one pointing above would make the walk endless.
    for current, dirs, files in os.walk(folder, onerror=unlisted):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != NOT_WALKED)
        relative = Path(current).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        names.extend(prefix + f for f in files if _is_markdown(f) and not f.startswith("."))
    return names


def _is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def _skipped(relative: str) -> bool:
    """Whether a path found under a walked folder is hidden or in a ``node_modules``."""
    return any(part.startswith(".") or part == NOT_WALKED for part in relative.split("/"))
