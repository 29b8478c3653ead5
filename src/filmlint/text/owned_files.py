"""Files and folders that filmlint owns: cache folders it created and tagged, and content
sealed with a key of the user's.

A cache folder is filmlint's only if filmlint created it: it makes the last component of the
path itself (``mkdir``, never into a folder that exists) and then tags it with a
``CACHEDIR.TAG``; the path is judged as the system resolves it (``named_folder``). A folder
that exists without that tag (the films, the repository, a home folder) is never written
into, tagged or removed. A symlink is never a folder or a tag of filmlint's: a clone could
bring one that points anywhere.

What a cache holds is sealed with an HMAC keyed by a secret of the user's, kept outside every
repository (``key_folder()``), so a cache committed to a repository, copied from another
machine or edited by hand fails its seal and counts as absent: it can never fake a result.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from filmlint.text.atomic import write_atomically

TAG_NAME = "CACHEDIR.TAG"
#: https://bford.info/cachedir/ : backup tools skip a folder with this file.
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# A cache of filmlint results.\n"
IGNORE_NAME = ".gitignore"
#: What filmlint writes in its folders' .gitignore, now and in earlier versions (whose URL
#: cache made its folder with only this file as the mark of filmlint's).
IGNORE = "*\n"
_LEGACY_IGNORE = "# created by filmlint\n*\n"

#: Names the folder of the key, for tests and CI (to keep it inside a cached path).
KEY_FOLDER_VARIABLE = "FILMLINT_CACHE_KEY_DIR"
KEY_NAME = "key"
_KEY_BYTES = 32
#: The key of each key folder, read once per process.
_keys: dict[str, bytes] = {}
#: Opening a key or a tag, checked only once open: never a link, and a FIFO does not block.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)


class NotOwned(Exception):
    """A path filmlint would write or remove is not one that filmlint made."""


def key_folder() -> Path:
    """Where the user's key lives: ``$FILMLINT_CACHE_KEY_DIR``, else the user's cache folder
    (``$XDG_CACHE_HOME/filmlint``, ``~/.cache/filmlint``; ``%LOCALAPPDATA%\\filmlint``)."""
    override = os.environ.get(KEY_FOLDER_VARIABLE)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if os.name == "nt" else None
    )
    return Path(base) / "filmlint" if base else Path.home() / ".cache" / "filmlint"


def user_key() -> bytes:
    """The user's secret for sealing caches, made on first use (mode 0600, atomically).

    OSError when there is no folder for it that can be written: caches are then not used.
    """
    folder = key_folder()
    name = str(folder.absolute())
    key = _keys.get(name)
    if key is None:
        key = _keys[name] = _read_or_make_key(folder / KEY_NAME)
    return key


def _read_or_make_key(path: Path) -> bytes:
    key = _read_key(path)
    if key is not None:
        return key
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fresh = os.urandom(_KEY_BYTES).hex().encode()
    if path.exists() or path.is_symlink():
        # Made since it was read, by another process starting at the same time: its key,
        # which that process seals with already.
        key = _read_key(path)
        if key is not None:
            return key
        # Unusable (damaged, or readable by others): a new key, old caches count as absent.
        write_atomically(path, fresh, 0o600)
        return bytes.fromhex(fresh.decode())
    temporary = path.with_name(f".{KEY_NAME}.{os.getpid()}.tmp")
    write_atomically(temporary, fresh, 0o600)
    try:
        os.link(temporary, path)  # never replaces a key another process made meanwhile
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        temporary.replace(path)
    temporary.unlink(missing_ok=True)
    key = _read_key(path)
    if key is None:
        raise OSError(f"cannot make the cache key {path}")
    return key


def _read_key(path: Path) -> bytes | None:
    """The key stored at ``path``; None when there is none or it cannot be trusted."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or _open_to_others(status):
            return None
        text = stream.read(2 * _KEY_BYTES + 1)
    try:
        key = bytes.fromhex(text.decode("ascii"))
    except ValueError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _open_to_others(status: os.stat_result) -> bool:
    """Whether someone else could read or replace the key (POSIX only)."""
    if os.name == "nt":
        return False
    return bool(status.st_mode & 0o077) or status.st_uid != os.geteuid()


def seal(key: bytes, data: bytes) -> str:
    """The HMAC-SHA-256 of ``data`` under ``key``, in hex: as cheap as a plain SHA-256."""
    import hmac  # on first use: a run that seals nothing (a first one) never loads it

    return hmac.digest(key, data, hashlib.sha256).hex()


def sealed_by(key: bytes, data: bytes, claimed: str | bytes) -> bool:
    """Whether ``claimed`` is the seal of ``data`` under ``key``."""
    if isinstance(claimed, str):  # any lone surrogate (JSON can spell one) fails, not raises
        claimed = claimed.encode("utf-8", "surrogatepass")
    import hmac  # as in ``seal``

    return hmac.compare_digest(seal(key, data).encode(), claimed)


def named_folder(folder: Path) -> Path:
    """The folder that ``folder`` names, absolute, with no ``.`` or ``..`` left: judged and
    made as it is, a path through ``..`` would be judged absent while a folder before the
    ``..`` is missing, and then that folder made, in someone's tree.

    Resolved against the file system, as the system resolves a path: a ``..`` after a symlink
    leads to the parent of its target, where cancelling the two names (``os.path.normpath``)
    would name another folder. A ``..`` after a missing folder cancels it (what the path
    names once that folder exists). The last name is kept as it is, not followed: a symlink
    there is never filmlint's folder (``is_owned_folder``)."""
    absolute = folder if folder.is_absolute() else Path.cwd() / folder
    if absolute.name in ("", os.pardir):  # the root, or a folder reached through ".."
        return Path(os.path.realpath(absolute))
    return Path(os.path.realpath(absolute.parent), absolute.name)


def is_owned_folder(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a symlink) that filmlint tagged as its own."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return False
    except OSError:
        return False
    return _holds(folder / TAG_NAME, (TAG,)) or _holds(folder / IGNORE_NAME, (_LEGACY_IGNORE,))


def is_own_file(path: Path) -> bool:
    """Whether ``path`` is the tag or the .gitignore filmlint writes into its folders."""
    if path.name == TAG_NAME:
        return _holds(path, (TAG,))
    return path.name == IGNORE_NAME and _holds(path, (IGNORE, _LEGACY_IGNORE))


def _holds(path: Path, contents: tuple[str, ...]) -> bool:
    """Whether ``path`` is a regular file (not a symlink) holding one of ``contents``."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return False
        longest = max(len(text) for text in contents)
        return stream.read(longest + 1).decode("utf-8", "replace") in contents


def claim_folder(folder: Path, setting: str) -> None:
    """Make sure ``folder`` is filmlint's: create and tag it when it does not exist.

    NotOwned (naming the folder and ``setting``, the configuration key that names it) when it
    exists untagged. The folders above it (``named_folder``'s) may be created, never tagged.
    """
    folder = named_folder(folder)
    if is_owned_folder(folder):
        if not os.path.lexists(folder / IGNORE_NAME):  # a symlink is there
            _write_new(folder / IGNORE_NAME, IGNORE)
        return
    if os.path.lexists(folder):  # a dangling symlink exists too
        raise not_owned(folder, setting)
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir()
    except FileExistsError:  # made meanwhile, by another run or by someone else
        if is_owned_folder(folder):
            return
        raise not_owned(folder, setting) from None
    # The tag first: a folder cut short after it is still known as filmlint's.
    _write_new(folder / TAG_NAME, TAG)
    _write_new(folder / IGNORE_NAME, IGNORE)


def not_owned(folder: Path, setting: str) -> NotOwned:
    return NotOwned(
        f"{setting}: {folder} exists and is not a cache folder filmlint made (it has no "
        f"{TAG_NAME} of filmlint's); filmlint writes only into a folder it creates: name a "
        f"folder that does not exist yet"
    )


def _write_new(path: Path, text: str) -> None:
    """Write ``path`` unless something is there already (a concurrent run wrote it)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
