"""A site's collections: one per folder of front-matter files, with the globs that include
them and the schema they take (the shipped film schema where it fits, else a draft)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from filmlint.engine.draft_schemas import draft_schema
from filmlint.engine.files import escaped
from filmlint.engine.site_generators import Declared
from filmlint.engine.site_locales import infer_locales, stem_and_suffixes
from filmlint.engine.site_model import CollectionPlan, Locales, SiteFile
from filmlint.schema.validation import SchemaChecker
from filmlint.text.escapes import surrogates

#: Name of a collection of Markdown files at the top of the site.
ROOT_COLLECTION = "pages"
#: Fewest sibling leaf bundles (``films/SLUG/index.md``) for their folder to be a section.
_MIN_BUNDLES = 2
#: Share of a collection's files that may fail the shipped film schema for it to be used.
_FILM_FAILURES = 0.05


def collections(
    files: Sequence[SiteFile],
    plain: Sequence[str],
    folders: Mapping[str, str],
    set_key: str | None,
    declared: Declared | None = None,
) -> Iterable[CollectionPlan]:
    """One collection per folder of front-matter files (locale folders are part of the
    folder they are in; leaf bundles, of the section holding them), and one for a section's
    list pages; a folder inside another collection's comes first, so it wins."""
    grouped = _grouped_by_folder(files, folders)
    lists = {
        _lists_key(key): listed
        for key, members in grouped.items()
        if (listed := [f for f in members if _is_list_page(f.relative)])
        and len(listed) < len(members)
    }
    names = _collection_names([*grouped, *lists])
    film = SchemaChecker.load()
    top = tuple(f"/{escaped(path)}" for path in plain if "/" not in path)
    for key in sorted(grouped, key=lambda k: (-len(k), k)):
        members = grouped[key]
        # The section's files and its list pages show its locales together.
        locales = infer_locales(members, folders, set_key, declared)
        listed = lists.get(_lists_key(key), [])
        if listed:  # before the section, whose include holds them too
            yield _plan(names[_lists_key(key)], _list_includes(listed), (), listed, locales, film)
            members = [f for f in members if not _is_list_page(f.relative)]
        include = _includes(members, key, folders)
        exclude = top if any(glob.startswith("/*") for glob in include) else ()
        yield _plan(names[key], include, exclude, members, locales, film)


def _lists_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """The key naming the collection of the list pages of the folder ``key``: inside it, so
    written before it (``films-lists``)."""
    return (*key, f"{_last_name(key)}-lists")


def _plan(
    name: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    members: Sequence[SiteFile],
    locales: Locales,
    film: SchemaChecker,
) -> CollectionPlan:
    return CollectionPlan(
        name=name,
        include=include,
        exclude=exclude,
        files=tuple(members),
        locales=locales,
        film=_fits(film, members),
        draft=draft_schema(name, [f.data for f in members]),
    )


def _grouped_by_folder(
    files: Sequence[SiteFile], folders: Mapping[str, str]
) -> dict[tuple[str, ...], list[SiteFile]]:
    """The files by their folder's parts without locale folders; a leaf bundle's files (a
    film's folder, ``films/alien/index.md`` beside its images) by its section's (``films``):
    a film added later has a folder of its own, which a collection per bundle would miss."""
    keys = {f.relative: _folder_key(f.relative, folders) for f in files}
    sections = _bundle_sections(keys[f.relative] for f in files if _is_leaf_page(f.relative))
    grouped: dict[tuple[str, ...], list[SiteFile]] = {}
    for file in files:
        key = keys[file.relative]
        grouped.setdefault(key[:-1] if key[:-1] in sections else key, []).append(file)
    return grouped


def _folder_key(relative: str, folders: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(part for part in PurePosixPath(relative).parts[:-1] if part not in folders)


def _bundle_sections(bundles: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The folders holding several leaf bundles (folders with an ``index.md``), as Hugo
    lays out a section of pages that keep their images beside them."""
    # Not the site's top: its collection takes its own files only (``/*.md``).
    children = Counter(key[:-1] for key in set(bundles) if len(key) > 1)
    return {section for section, count in children.items() if count >= _MIN_BUNDLES}


def _is_leaf_page(relative: str) -> bool:
    """Whether a file is a leaf bundle's page: ``index.md``, or a version of it
    (``index.en.md``)."""
    return _page_name(relative) == "index"


def _is_list_page(relative: str) -> bool:
    """Whether a file is a section's list page (Hugo's ``_index.md``, ``_index.en.md``): it
    lists the section's pages and is none of them, so their schema is not its."""
    return _page_name(relative) == "_index"


def _page_name(relative: str) -> str:
    """A file's stem without a locale-like suffix when it has one (``index.en.md``:
    ``index``); else its stem."""
    stem = PurePosixPath(relative).stem
    bases = [PurePosixPath(base).stem for base, _ in stem_and_suffixes(relative)]
    return next((base for base in bases if base in ("index", "_index")), stem)


def _list_includes(listed: Sequence[SiteFile]) -> tuple[str, ...]:
    """A glob of the list pages (``_index*.md``) in each folder they are in: those added
    later, in another language, are theirs too."""
    folders = sorted({PurePosixPath(f.relative).parent.as_posix() for f in listed})
    return tuple(
        "/_index*.md" if folder == "." else f"{escaped(folder)}/_index*.md" for folder in folders
    )


def _collection_names(folders: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """A unique name for each folder (its parts, the top folder's none): its last part, its
    whole path joined by ``-`` when another folder ends alike, and a number after a name still
    taken (``a/films`` and ``a-films``; ``pages/`` beside the top folder's files). Unique
    ignoring case too: each draft schema is a file named after its collection."""
    keys = sorted(folders, key=lambda k: (len(k), k))  # the shortest path keeps its name
    last = Counter(_last_name(key).casefold() for key in keys)
    taken: set[str] = set()
    names: dict[tuple[str, ...], str] = {}
    for key in keys:
        alone = last[_last_name(key).casefold()] == 1
        wanted = _last_name(key) if alone else "-".join(key) or ROOT_COLLECTION
        wanted = surrogates().sub("_", wanted)  # a name's bytes that are not UTF-8
        name, number = wanted, 1
        while name.casefold() in taken:
            number += 1
            name = f"{wanted}-{number}"
        taken.add(name.casefold())
        names[key] = name
    return names


def _home(relative: str, key: tuple[str, ...], folders: Mapping[str, str]) -> str:
    """The folder a file gives the collection ``key``: its own, or, for a leaf bundle's file
    (its folder one deeper than the key, locale folders left out), its section."""
    parent = PurePosixPath(relative).parent
    folded = len(_folder_key(relative, folders)) > len(key)
    return (parent.parent if folded else parent).as_posix()


def _last_name(folder: tuple[str, ...]) -> str:
    return folder[-1] if folder else ROOT_COLLECTION


def _includes(
    members: Sequence[SiteFile], key: tuple[str, ...], folders: Mapping[str, str]
) -> tuple[str, ...]:
    """``FOLDER/**`` for each folder of the members (a leaf bundle's: its section's, named by
    ``key``), leaving out those inside another; the top folder's own files as ``/*.md`` (its
    subfolders may hold other collections)."""
    homes = sorted({_home(f.relative, key, folders) for f in members})
    kept: list[str] = []
    for folder in homes:
        if folder == ".":
            continue
        if not any(folder.startswith(outer + "/") for outer in kept):
            kept.append(folder)
    # Folder names as named: a site's [lang] or *drafts folder is no glob.
    includes = [f"{escaped(folder)}/**" for folder in kept]
    if "." in homes:
        suffixes = sorted(
            {PurePosixPath(f.relative).suffix for f in members if "/" not in f.relative}
        )
        includes[:0] = [f"/*{escaped(suffix)}" for suffix in suffixes]
    return tuple(includes)


def _fits(film: SchemaChecker, members: Sequence[SiteFile]) -> bool:
    """Whether the shipped film schema fits: (nearly) every file passes it."""
    failing = sum(1 for f in members if film.check(f.data))
    return failing <= len(members) * _FILM_FAILURES
