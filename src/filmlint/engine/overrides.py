"""What the command line adds to every configuration, as ruff's ``--extend-select`` and
``--per-file-ignores`` do: rules selected on top of its ``select``, and per-file-ignores on
top of its own. As in ruff, a command line's glob is relative to the current folder, where
the user typed it; a configuration's globs are relative to its own folder, so each command
line glob is rewritten, configuration by configuration, into globs from that folder (and so
goes wherever configured per-file-ignores go: the path policy, the cache's keys)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from filmlint.engine.files import GlobError, escaped, glob_spec, per_file_glob, unmatchable
from filmlint.engine.settings import Config, selected_rules, shown_path
from filmlint.errors import ConfigError
from filmlint.rulekit.declaration import Registry

#: One per-file-ignore: a glob and the rules it turns off.
PerFileIgnore = tuple[str, tuple[str, ...]]


class Overrides:
    """``extend_select``: selectors added to each configuration's ``select``;
    ``per_file_ignores``: (glob, rules) pairs with globs relative to ``folder`` (the
    current folder)."""

    __slots__ = ("extend_select", "folder", "per_file_ignores")

    def __init__(
        self,
        extend_select: tuple[str, ...] = (),
        per_file_ignores: tuple[PerFileIgnore, ...] = (),
        folder: Path | None = None,
    ) -> None:
        self.extend_select = extend_select
        self.per_file_ignores = per_file_ignores
        self.folder = Path.cwd().resolve() if folder is None else folder

    def __bool__(self) -> bool:
        """Whether there is anything to add (the registry is read only to check it)."""
        return bool(self.extend_select or self.per_file_ignores)

    def check(self, registry: Registry) -> None:
        """Raise ``ConfigError`` for a rule name or code that names no rule, saying which
        option gave it (a configuration's own names are checked against its file)."""
        selected_rules(registry, self.extend_select, (), "--extend-select")
        for _, rules in self.per_file_ignores:
            selected_rules(registry, rules, (), "--per-file-ignores")

    def apply(self, config: Config) -> Config:
        """``config`` with these additions (itself when there are none)."""
        if not self:
            return config
        root = config.root.resolve()
        added = tuple(
            (rebased, rules)
            for glob, rules in self.per_file_ignores
            for rebased in self._rebased(glob, root, config)
        )
        return replace(
            config,
            select=config.select + self.extend_select,
            per_file_ignores=config.per_file_ignores + added,
        )

    def _rebased(self, glob: str, root: Path, config: Config) -> list[str]:
        """``glob``, typed in the current folder, as globs from ``root``. A negated glob
        (ruff's ``!``: the files it does not match) stays one glob: it is the files under
        ``root`` that none of its rebased forms match, or all of them when it cannot reach
        any (``*``)."""
        negated = glob.startswith("!")
        body, folder = named_from(glob[1:] if negated else glob, self.folder)
        rebased = rebase_glob(body, folder, root)
        if not negated:
            return rebased
        if len(rebased) > 1:
            where = shown_path(config.path) if config.path else shown_path(root)
            raise ConfigError(
                f"--per-file-ignores: {glob!r} reaches the files of {where} in several ways "
                "and cannot be negated from here; give it from that folder"
            )
        return ["!" + one for one in rebased] or ["*"]


#: What makes a glob's segment more than a name.
_GLOB_CHARACTERS = frozenset("*?[\\")


def named_from(glob: str, folder: Path) -> tuple[str, Path]:
    """``glob``, typed in ``folder`` (resolved), and the folder it is then relative to, with
    the folders it names by "." and ".." segments or by an absolute start taken into that
    folder, as ruff resolves a command line's glob: ``./x/*.md`` and ``x/../x/*.md`` are
    ``/*.md`` from ``folder/x``, ``../x/*.md`` is ``/*.md`` from the sibling ``x``. A glob
    starting with "/" is anchored at ``folder`` (gitignore's meaning), unless it is an
    absolute path to a folder that is not also one below ``folder``. Any other glob is
    returned as it is."""
    segments = glob.rstrip("/").split("/")
    literal = _leading_names(segments)
    if glob.startswith("/"):
        named = literal[1:]
        if not named or folder.joinpath(*named).is_dir() or not Path("/", *named).is_dir():
            return glob, folder
        start = Path("/")
    elif "." in literal or ".." in literal:
        start = folder
    else:
        return glob, folder
    for name in literal:
        if name == "..":  # up from the folder named so far, as cd goes
            start = start.parent
        elif name not in ("", "."):
            start = start / name
    rest = [segment for segment in segments[len(literal) :] if segment != "."]
    return "/" + "/".join(rest) + ("/" if glob.endswith("/") else ""), start.resolve()


def _leading_names(segments: list[str]) -> list[str]:
    """The segments of a glob before its first with a glob character, and never its last
    (the file's name, or the folder a glob ending in "/" matches)."""
    names: list[str] = []
    for segment in segments[:-1]:
        if _GLOB_CHARACTERS.intersection(segment):
            break
        names.append(segment)
    return names


def rebase_glob(glob: str, folder: Path, root: Path) -> list[str]:
    """Globs from ``root`` that match what ``glob`` matches from ``folder`` (gitignore-style,
    both folders resolved), among the files under ``root``: none when it cannot match any.
    A glob without "/" (but at its end) is a name, matched at any depth, as in ruff."""
    only_folders = glob.endswith("/")
    pattern = glob.rstrip("/")
    if "/" not in pattern or folder == root:  # a name matches at any depth, wherever
        return [glob]
    segments = pattern.lstrip("/").split("/")
    try:
        below = folder.relative_to(root).as_posix()
    except ValueError:
        below = None
    if below is not None:  # ``folder`` is inside ``root``: prefix its path, as it is named
        below = escaped(below)  # a folder "[en]" is no class
        if all(segment == "**" for segment in segments):
            # It matches what is in ``folder``, not ``folder`` itself (as the prefixed glob
            # would, ** taking no folder): with a final "/", what is in its subfolders.
            segments = ["*"] if only_folders else ["**"]
        rebased = ["/" + "/".join([below, *segments])]
    else:
        try:
            above = root.relative_to(folder).as_posix().split("/")
        except ValueError:  # ``root`` outside ``folder``: out of the glob's reach
            return []
        rebased = sorted(set(_strip_folders(above, segments)))
    # A glob matching a folder that holds ``root`` matches every file ("**"), folder or not.
    suffix = "/" if only_folders else ""
    return [one + (suffix if one != "**" else "") for one in rebased]


def _strip_folders(folders: list[str], segments: list[str]) -> list[str]:
    """The globs, from inside ``folders`` (a path of folder names), that ``segments`` (a
    glob's path segments) match after matching ``folders`` first."""
    if all(segment == "**" for segment in segments):
        # It matches the folder holding them (each ** taking no folder): and all within.
        return ["**"]
    if not folders:
        return ["/" + "/".join(segments)]
    head, *rest = segments
    if head == "**":  # zero or more folders: it may take all of them or any number
        found = ["/" + "/".join(segments)]
        for taken in range(len(folders) + 1):
            found += _strip_folders(folders[taken:], rest)
        return found
    try:
        matches = glob_spec(("/" + head,)).match(folders[0])
    except GlobError:  # a segment that is no glob alone ("[a" of "[a/b]"): no folder's name
        return []
    return _strip_folders(folders[1:], rest) if matches else []


def parse_per_file_ignore(value: str) -> PerFileIgnore:
    """``GLOB:RULE,RULE`` (ruff's syntax) as a pair; ValueError saying what is wrong."""
    glob, colon, rules = value.rpartition(":")
    names = tuple(name.strip() for name in rules.split(",") if name.strip())
    if not colon or not glob or not names:
        raise ValueError(f"expected GLOB:RULE[,RULE...], got {value!r}")
    body = per_file_glob(glob)[0]  # as it is matched: its "!" is the option's, not the glob's
    try:
        glob_spec((body,))
    except GlobError as error:
        raise ValueError(f"not a valid glob: {error}") from None
    try:
        folder = Path.cwd().resolve()
    except OSError:  # the current folder was removed: the run says so
        return glob, names
    # What is left once its "." and ".." segments name folders (as they do when rebased).
    named = named_from(body, folder)[0]
    problem = unmatchable(named, "the current folder")
    if problem is not None:
        raise ValueError(f"not a valid glob: {problem}")
    if named != body:  # "./ " is "/ " from the current folder, a glob of nothing
        try:
            glob_spec((named,))
        except GlobError as error:
            raise ValueError(
                f"not a valid glob: {body!r} from the current folder is {named!r}: {error}"
            ) from None
    return glob, names
