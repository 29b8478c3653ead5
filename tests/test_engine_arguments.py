"""Library misuse: every public entry point given None, bytes or an int where it wants text,
paths or settings raises a TypeError that says what to pass (never an AttributeError from
inside, never a str linted letter by letter)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import filmlint
from conftest import VALID, rows
from filmlint import Linter

BAD_VALUES = [None, b"title: x", 3]

#: Each public entry point, as a call that puts the value where the entry point wants its main
#: input; ``None`` is left out where it means "the default".
CALLS: dict[str, Callable[[Any], Any]] = {
    "lint_text": lambda value: filmlint.lint_text(value),
    "lint_text path": lambda value: filmlint.lint_text(VALID, path=value),
    "lint_text config": lambda value: filmlint.lint_text(VALID, config=value),
    "lint_text select": lambda value: filmlint.lint_text(VALID, select=value),
    "lint_text ignore": lambda value: filmlint.lint_text(VALID, ignore=value),
    "fix_text": lambda value: filmlint.fix_text(value),
    "fix_text path": lambda value: filmlint.fix_text(VALID, path=value),
    "fix_text config": lambda value: filmlint.fix_text(VALID, config=value),
    "lint_paths": lambda value: filmlint.lint_paths(value),
    "lint_paths item": lambda value: filmlint.lint_paths(["examples", value]),
    "lint_paths config": lambda value: filmlint.lint_paths([], config=value),
    "load_config": lambda value: filmlint.load_config(value),
    "load_config start": lambda value: filmlint.load_config(start=value),
    "Linter": lambda value: Linter(value),
    "Linter select": lambda value: Linter(select=value),
    "Linter schema": lambda value: Linter(schema=value),
    "Linter.lint_text": lambda value: Linter().lint_text(value),
    "Linter.lint_bytes": lambda value: Linter().lint_bytes(value, "film.md"),
    "Linter.lint_file": lambda value: Linter().lint_file(value),
    "Linter.lint_paths": lambda value: Linter().lint_paths(value),
}
#: Where None is a documented value (the default), only bytes and ints are misuse.
NONE_ALLOWED = {
    "lint_text path",
    "lint_text config",
    "lint_text select",
    "lint_text ignore",
    "fix_text path",
    "fix_text config",
    "lint_paths config",
    "load_config",
    "load_config start",
    "Linter",
    "Linter select",
    "Linter schema",
}
#: Wanted: a str as text; bytes are their own mistake, with its own hint.
BYTES_ACCEPTED = {"Linter.lint_bytes"}


#: The other parameters, each with values of the wrong type that are still easy to pass by
#: mistake: a truthy str for a switch, a str of digits for a number, a folder's name for a
#: cache. By parameter: the call that passes the value there, and those values.
SETTINGS: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
    "fix_text unsafe": (lambda value: filmlint.fix_text(VALID, unsafe=value), ["no", 1, None]),
    "Linter ignore": (lambda value: Linter(ignore=value), [3, b"FL201"]),
    "Linter registry": (lambda value: Linter(registry=value), [5, {}]),
    "Linter network": (lambda value: Linter(network=value), ["no", 0]),
    "Linter status": (lambda value: Linter(status=value), [3, "stderr"]),
    "Linter quiet": (lambda value: Linter(quiet=value), ["no", 1, None]),
    "Linter.lint_text path": (lambda value: Linter().lint_text(VALID, value), [3, b"a.md"]),
    "Linter.lint_bytes path": (lambda value: Linter().lint_bytes(b"", value), [None, 3]),
    "Linter.lint_paths jobs": (lambda value: Linter().lint_paths([], jobs=value), ["2", 2.0, None]),
    "Linter.lint_paths cache": (lambda value: Linter().lint_paths([], cache=value), ["x", 3]),
    "lint_paths select": (lambda value: filmlint.lint_paths([], select=value), [3]),
    "lint_paths ignore": (lambda value: filmlint.lint_paths([], ignore=value), [3]),
    "fix_text select": (lambda value: filmlint.fix_text(VALID, select=value), [3]),
    "fix_text ignore": (lambda value: filmlint.fix_text(VALID, ignore=value), [3]),
    "Config.from_dict": (lambda value: filmlint.Config.from_dict(value), [None, ["x"]]),
    "Config.from_dict root": (lambda value: filmlint.Config.from_dict({}, root=value), [3]),
}


LINTER_METHODS = ("lint_text", "lint_bytes", "lint_file", "lint_paths")


def public_parameters() -> set[str]:
    """Every parameter of every public call, named as in CALLS and SETTINGS: the call, and
    the parameter unless it is the call's first (its main input)."""
    calls: dict[str, Any] = {
        name: getattr(filmlint, name)
        for name in filmlint.__all__
        if inspect.isfunction(getattr(filmlint, name))
    }
    calls["Linter"] = Linter
    calls["Config.from_dict"] = filmlint.Config.from_dict
    calls |= {f"Linter.{name}": getattr(Linter, name) for name in LINTER_METHODS}
    named = set()
    for call, function in calls.items():
        parameters = [p for p in inspect.signature(function).parameters if p != "self"]
        named |= {call if index == 0 else f"{call} {p}" for index, p in enumerate(parameters)}
    return named


def test_every_public_parameter_is_covered() -> None:
    assert public_parameters() <= set(CALLS) | set(SETTINGS)


@pytest.mark.parametrize(
    ("call", "value"),
    [
        pytest.param(call, value, id=f"{name}-{value!r}")
        for name, (call, values) in SETTINGS.items()
        for value in values
    ],
)
def test_a_setting_of_the_wrong_type_is_a_type_error_that_says_what_to_pass(
    call: Callable[[Any], Any], value: Any
) -> None:
    assert_says_what_to_pass(call, value)


def cases() -> list[Any]:
    return [
        pytest.param(call, value, id=f"{name}-{type(value).__name__}")
        for name, call in CALLS.items()
        for value in BAD_VALUES
        if not (value is None and name in NONE_ALLOWED)
        and not (isinstance(value, bytes) and name in BYTES_ACCEPTED)
    ]


def test_every_public_function_is_covered() -> None:
    public = {
        name
        for name in filmlint.__all__
        if inspect.isfunction(getattr(filmlint, name)) or name == "Linter"
    }
    public |= {f"Linter.{name}" for name in ("lint_text", "lint_bytes", "lint_file", "lint_paths")}
    assert public <= {name.split()[0] for name in CALLS}


@pytest.mark.parametrize(("call", "value"), cases())
def test_misuse_is_a_type_error_that_says_what_to_pass(
    call: Callable[[Any], Any], value: Any
) -> None:
    assert_says_what_to_pass(call, value)


def assert_says_what_to_pass(call: Callable[[Any], Any], value: Any) -> None:
    with pytest.raises(TypeError) as raised:
        call(value)
    message = str(raised.value)
    assert "() takes " in message  # names the entry point and what it takes
    assert ("None" if value is None else type(value).__name__) in message


def test_bytes_as_text_point_to_decoding() -> None:
    with pytest.raises(TypeError, match=r"decode it first, or use Linter.lint_bytes"):
        filmlint.lint_text(VALID.encode())  # type: ignore[arg-type]


@pytest.mark.parametrize("alone", ["examples", Path("examples")], ids=["str", "Path"])
def test_one_path_alone_is_one_path(alone: str | Path) -> None:
    root = Path(__file__).resolve().parents[1]
    whole = filmlint.lint_paths([root / "examples"])
    assert whole  # the examples have problems
    import os

    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert filmlint.lint_paths(alone) == filmlint.lint_paths([alone])
        assert {Path(d.path).resolve() for d in filmlint.lint_paths(alone)} == {
            Path(d.path).resolve() for d in whole
        }
    finally:
        os.chdir(cwd)


def test_one_rule_alone_is_one_selector() -> None:
    text = VALID.replace("---\nBody", 'imdbRating: "7.40"\nextra: 1\n---\nBody')
    assert {rule for _, _, rule in rows(text, select="rating-format")} == {"rating-format"}
    assert rows(text, select="rating-format") == rows(text, select=["rating-format"])
