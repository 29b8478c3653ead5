"""What library callers pass, checked at the public entry points: a TypeError that says what
to pass, rather than an AttributeError deep inside, or a str linted letter by letter (and a
ConfigError for a value of the right type that cannot be used)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO, TypeVar

from filmlint.errors import ConfigError

T = TypeVar("T")


def text(value: Any, where: str) -> str:
    """A file's text: a str."""
    if isinstance(value, str):
        return value
    hint = " (decode it first, or use Linter.lint_bytes)" if _is_bytes(value) else ""
    raise TypeError(f"{where}() takes the file's text as a str, not {_kind(value)}{hint}")


def raw_bytes(value: Any, where: str) -> bytes:
    """A file's content, undecoded: bytes."""
    if isinstance(value, bytes):
        return value
    raise TypeError(f"{where}() takes the file's content as bytes, not {_kind(value)}")


def path(value: Any, where: str) -> str:
    """The path of one file: a str or an os.PathLike (pathlib.Path)."""
    if isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        name = os.fspath(value)
        if isinstance(name, str):
            return name
    raise TypeError(f"{where}() takes a path as a str or pathlib.Path, not {_kind(value)}")


def optional_name(value: Any, where: str) -> str | None:
    """The path that names a text in diagnostics, or None."""
    return None if value is None else path(value, where)


def optional_path(value: Any, where: str) -> Path | None:
    """A path, or None."""
    return None if value is None else Path(path(value, where))


def paths(value: Any, where: str) -> list[Path]:
    """Files and folders: an iterable of str or os.PathLike, or one of them alone (a str is
    one path, not a sequence of one-letter paths)."""
    if isinstance(value, (str, os.PathLike)):
        return [Path(path(value, where))]
    if _is_bytes(value) or not isinstance(value, Iterable):
        raise TypeError(
            f"{where}() takes paths as a list of str or pathlib.Path (or one alone), "
            f"not {_kind(value)}"
        )
    return [Path(path(item, where)) for item in value]


def selectors(value: Any, where: str, name: str) -> tuple[str, ...] | None:
    """Rule names, codes or prefixes: an iterable of str, or one str alone; or None."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if not _is_bytes(value) and isinstance(value, Iterable):
        chosen = tuple(value)
        if all(isinstance(item, str) for item in chosen):
            return chosen
    raise TypeError(f"{where}() takes {name} as a list of rule names or codes, not {_kind(value)}")


def selection(value: Any, where: str) -> tuple[str, ...] | None:
    """``select``: as ``selectors``; an empty list is a ``ConfigError``, as on the command
    line, not a silent "the configured selection" (None)."""
    chosen = selectors(value, where, "select")
    if chosen == ():
        raise ConfigError("select: an empty list selects no rule; None selects the configured ones")
    return chosen


def optional(value: Any, kind: type[T], where: str, name: str) -> T | None:
    """An instance of ``kind``, or None."""
    if value is None or isinstance(value, kind):
        return value
    raise TypeError(f"{where}() takes {name} as a {kind.__name__} or None, not {_kind(value)}")


def flag(value: Any, where: str, name: str) -> bool:
    """A switch: True or False. Any other object is refused rather than taken for its truth
    (``unsafe="no"`` would otherwise turn unsafe fixes on)."""
    if isinstance(value, bool):
        return value
    raise TypeError(f"{where}() takes {name} as True or False, not {_kind(value)}")


def optional_flag(value: Any, where: str, name: str) -> bool | None:
    """A switch with a third state, None (the default's meaning)."""
    if value is None or isinstance(value, bool):
        return value
    raise TypeError(f"{where}() takes {name} as True, False or None, not {_kind(value)}")


def count(value: Any, where: str, name: str) -> int:
    """A number of things: an int (a bool is not one, nor a str of digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{where}() takes {name} as an int, not {_kind(value)}")


def optional_stream(value: Any, where: str, name: str) -> TextIO | None:
    """A text stream written to (anything with a ``write`` method), or None."""
    if value is None or callable(getattr(value, "write", None)):
        return value  # type: ignore[no-any-return]
    raise TypeError(
        f"{where}() takes {name} as a text stream (such as sys.stderr) or None, not {_kind(value)}"
    )


def table(value: Any, where: str) -> Mapping[str, Any]:
    """The keys of a configuration file: a mapping (a dict)."""
    if isinstance(value, Mapping):
        return value
    raise TypeError(f"{where}() takes the table as a mapping (a dict), not {_kind(value)}")


def _is_bytes(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview))


def _kind(value: Any) -> str:
    return "None" if value is None else type(value).__name__
