"""Every way reading a configuration file can fail is a ConfigError naming the file (exit 2,
one plain line), never an internal error or a traceback."""

from __future__ import annotations

import errno
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VALID, examples, film, run_cli, throwaway_folder
from filmlint import ConfigError, load_config
from filmlint.engine import settings as config_settings

CONTENT = {
    "filmlint.toml": 'select = ["ALL"]\n# {}\n',
    "pyproject.toml": '[tool.filmlint]\nselect = ["ALL"]\n# {}\n',
}


def check(folder: Path, *args: str) -> Any:
    (folder / "film.md").write_text(VALID, encoding="utf-8")
    return run_cli("check", "--no-cache", *args, "film.md", cwd=folder)


def assert_config_error(result: Any, name: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("filmlint: error: ") and name in line
    assert "internal error" not in line


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_a_configuration_that_is_not_utf8_is_named(tmp_path: Path, name: str) -> None:
    raw = CONTENT[name].format("caf\xe9").encode("latin-1")
    (tmp_path / name).write_bytes(raw)
    result = check(tmp_path)
    assert_config_error(result, name)
    where = raw.index(b"\xe9") + 1  # counted from 1, as editors count
    assert result.stderr.endswith(f"{name}: not UTF-8 text (byte {where})\n")


@settings(max_examples=examples(40), deadline=None)
@given(
    name=st.sampled_from(sorted(CONTENT)),
    bad=st.sampled_from([b"\xff", b"\xc3", b"\xe9t\xe9", b"\xed\xa0\x80", b"\xf8\x88\x80\x80"]),
    where=st.integers(0, 200),
)
def test_invalid_utf8_anywhere_is_a_configuration_error(
    tmp_path_factory: pytest.TempPathFactory, name: str, bad: bytes, where: int
) -> None:
    folder = throwaway_folder(tmp_path_factory, "config")
    text = CONTENT[name].format("a comment").encode()
    # Anywhere after the first line, which says the file is filmlint's: a pyproject.toml
    # without that word is not read at all.
    first = text.index(b"\n") + 1
    at = first + where % (len(text) - first)
    (folder / name).write_bytes(text[:at] + bad + text[at:])
    with pytest.raises(ConfigError, match=rf"{name}: not UTF-8 text \(byte \d+\)$"):
        load_config(start=folder)


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_a_byte_order_mark_at_the_start_is_ignored(tmp_path: Path, name: str) -> None:
    """As taplo reads it: Windows editors write one, and it cannot be seen."""
    text = CONTENT[name].format("a comment").replace('["ALL"]', '["FL2"]')
    (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_config(start=tmp_path).select == ("FL2",)
    # A byte counted from the start of the file, the mark's three with it.
    (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + text.encode() + b"# \xff\n")
    with pytest.raises(ConfigError, match=rf"byte {len(text) + 6}\)$"):
        load_config(start=tmp_path)


#: What a configuration file may be that is there but cannot be read.
UNREADABLE = {
    "a dangling symlink": lambda path: path.symlink_to("missing/filmlint.toml"),
    "a symlink loop": lambda path: path.symlink_to(path.name),
    "a folder": lambda path: path.mkdir(),
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
@pytest.mark.parametrize("name", sorted(CONTENT))
def test_a_configuration_found_that_cannot_be_read_is_named(
    tmp_path: Path, name: str, kind: str
) -> None:
    """Not skipped for the one further up, which would apply its settings in silence: as
    when --config names it."""
    (tmp_path / "filmlint.toml").write_text('select = ["FL2"]\n', encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    UNREADABLE[kind](site / name)
    found = check(site)
    assert_config_error(found, f"cannot read {name}: ")
    assert found.stderr == check(site, "--config", name).stderr


def test_a_folder_named_as_the_configuration_is_an_error_when_named(tmp_path: Path) -> None:
    (tmp_path / "filmlint.toml").mkdir()
    assert_config_error(check(tmp_path, "--config", "filmlint.toml"), "filmlint.toml")


@pytest.mark.parametrize(
    "code", [errno.EACCES, errno.EIO, errno.ELOOP, errno.EISDIR], ids=errno.errorcode.get
)
def test_a_configuration_that_cannot_be_read_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """Tests run as root, who reads any file: the failure is simulated in-process."""
    config = tmp_path / "filmlint.toml"
    config.write_text('select = ["ALL"]\n', encoding="utf-8")
    real_read = config_settings.read_regular

    def read_regular(path: Path) -> bytes:
        if path.name == "filmlint.toml":
            raise OSError(code, os.strerror(code), str(path))
        return real_read(path)

    monkeypatch.setattr(config_settings, "read_regular", read_regular)
    result = check(tmp_path)
    assert_config_error(result, "filmlint.toml")
    assert result.stderr.endswith(f"{os.strerror(code)}\n")


def test_a_folder_that_cannot_be_searched_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_lstat = Path.lstat

    def lstat(path: Path) -> os.stat_result:
        if path.parent == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_lstat(path)

    monkeypatch.setattr(Path, "lstat", lstat)
    with pytest.raises(ConfigError, match=r"cannot look for .*filmlint.toml: Permission denied"):
        load_config(start=tmp_path)


@pytest.mark.parametrize("name", sorted(CONTENT))
@pytest.mark.parametrize(
    "content",
    ['ignore = "FL201"\n', "ignore = [\n", "[rules.FL201]\n[rules.country-code]\n"],
    ids=["a bad value", "bad TOML", "a rule configured twice"],
)
def test_an_error_names_the_configuration_by_its_path_from_here(
    tmp_path: Path, name: str, content: str
) -> None:
    """Nested configurations: the message must tell which of them is wrong."""
    (tmp_path / "filmlint.toml").write_text('select = ["ALL"]\n', encoding="utf-8")
    site = tmp_path / "site" / "films"
    site.mkdir(parents=True)
    text = (
        content
        if name == "filmlint.toml"
        else "[tool.filmlint]\n" + content.replace("[rules.", "[tool.filmlint.rules.")
    )
    (site / name).write_text(text, encoding="utf-8")
    (site / "film.md").write_text(VALID, encoding="utf-8")
    result = run_cli("check", "--no-cache", "site/films/film.md", cwd=tmp_path)
    assert_config_error(result, f"filmlint: error: site/films/{name}: ")


#: Each kind of TOML value, as written after ``KEY =``; None: ``[[KEY]]``, an array of tables.
NOT_A_TABLE = {
    "string": '"filmlint"',
    "integer": "5",
    "float": "1.5",
    "boolean": "true",
    "date": "1979-05-25",
    "date-time": "1979-05-25T10:00:00Z",
    "time": "10:00:00",
    "array": '["FL1"]',
    "array of tables": None,
}
#: Every table of the configuration, by its key path in filmlint.toml.
TABLES = [
    "locale",
    "locale.suffixes",
    "locale.folders",
    "rules",
    "rules.country-code",
    "rules.url-reachable.ttl-hours",
    "rules.url-reachable.hosts",
    "per-file-ignores",
    "collections",
    "collections.films",
    "collections.films.locale",
    "collections.films.locale.folders",
    "collections.films.rules",
    "collections.films.rules.FL201",
]
#: pyproject.toml's tables around filmlint's, after a line that names filmlint.
POSITIONS = [("filmlint.toml", key) for key in TABLES] + [
    ("pyproject.toml", key) for key in ["tool", "tool.filmlint", *TABLES]
]


def _with_value(file: str, key: str, value: str | None) -> str:
    """A configuration file with ``value`` in place of the table ``key``."""
    inside = "" if key.startswith("tool") or file == "filmlint.toml" else "tool.filmlint."
    parent, _, last = (inside + key).rpartition(".")
    lines = (
        ['[project]\nname = "site"\ndependencies = ["filmlint"]'] if file != "filmlint.toml" else []
    )
    collection = f"{inside}collections.films"
    if key.startswith("collections.films."):  # a collection needs its files
        lines.append(f'[{collection}]\ninclude = ["*.md"]')
    if value is None:
        lines.append(f"[[{inside}{key}]]\nx = 1")
    elif not parent:  # a top-level key goes before every table
        lines.insert(0, f"{last} = {value}")
    else:  # under its table's header, written once
        lines.append(
            f"{last} = {value}" if parent == collection else f"[{parent}]\n{last} = {value}"
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", list(NOT_A_TABLE))
@pytest.mark.parametrize(("name", "key"), POSITIONS, ids=[f"{n}:{k}" for n, k in POSITIONS])
def test_a_value_where_a_table_goes_is_named_by_file_and_key(
    tmp_path: Path, name: str, key: str, kind: str
) -> None:
    """Never an internal error, nor keys read out of a string or a list: exit 2, naming the
    file and the key path (within ``[tool.filmlint]`` in pyproject.toml)."""
    (tmp_path / name).write_text(_with_value(name, key, NOT_A_TABLE[kind]), encoding="utf-8")
    result = check(tmp_path)
    assert_config_error(result, f"filmlint: error: {name}: {key}: expected a table")


SEE = "(see 'filmlint rules')"
MEANT = f"{SEE}; did you mean 'country-code'?"
COLLECTION = '[collections.films]\ninclude = ["*.md"]\n'
#: Configurations (as filmlint.toml writes them) with a bad rule selector or path, and how
#: the error goes on after "FILE: ": the key, then why. "films" is a folder filmlint did not make.
BAD_SELECTORS_AND_PATHS = {
    "select": (
        'select = ["contry-code"]',
        f"select: no rule is named or coded 'contry-code' {MEANT}",
    ),
    "ignore": (
        'ignore = ["country_code"]',
        f"ignore: no rule is named or coded 'country_code' {MEANT}",
    ),
    "ignore a code": (
        'ignore = ["FL2011"]',
        f"ignore: no rule is named or coded 'FL2011' {SEE}; did you mean 'FL201'?",
    ),
    "select nothing close": (
        'select = ["zzzz"]',
        f"select: no rule is named or coded 'zzzz' {SEE}",
    ),
    "per-file-ignores": (
        '[per-file-ignores]\n"films/*.md" = ["FL201", "contry-code"]',
        f"per-file-ignores.films/*.md: no rule is named or coded 'contry-code' {MEANT}",
    ),
    "rules": ("[rules.contry-code]", f"rules.contry-code: no such rule {MEANT}"),
    "collection select": (
        COLLECTION + 'select = ["FL2", "contry-code"]',
        f"collections.films.select: no rule is named or coded 'contry-code' {MEANT}",
    ),
    "collection ignore": (
        COLLECTION + 'ignore = ["contry-code"]',
        f"collections.films.ignore: no rule is named or coded 'contry-code' {MEANT}",
    ),
    "collection rules": (
        COLLECTION + "[collections.films.rules.contry-code]",
        f"collections.films.rules.contry-code: no such rule {MEANT}",
    ),
    "schema": (
        'schema = "schemas/missing.json"',
        "schema: cannot read schema {root}/schemas/missing.json: No such file or directory",
    ),
    "collection schema": (
        COLLECTION + 'schema = "missing.json"',
        "collections.films.schema: cannot read schema {root}/missing.json: No such file or directory",
    ),
    "url cache": (
        '[rules.url-reachable]\ncache = "films"',
        "rules.url-reachable.cache: {root}/films exists and it is not a regular file",
    ),
    "collection url cache": (
        COLLECTION + '[collections.films.rules.url-reachable]\ncache = "films"',
        "collections.films.rules.url-reachable.cache: {root}/films exists and it is not a "
        "regular file",
    ),
    "cache-dir": (
        'cache-dir = "films"',
        "cache-dir: {root}/films exists and is not a cache folder",
    ),
}


def _in_pyproject(config: str) -> str:
    """``config`` as the [tool.filmlint] table of pyproject.toml."""
    lines = ["[tool.filmlint]"]
    for line in config.splitlines():
        lines.append("[tool.filmlint." + line[1:] if line.startswith("[") else line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(CONTENT))
@pytest.mark.parametrize(
    ("config", "message"), BAD_SELECTORS_AND_PATHS.values(), ids=BAD_SELECTORS_AND_PATHS
)
def test_a_bad_rule_selector_or_path_is_named_by_file_and_key(
    tmp_path: Path, name: str, config: str, message: str
) -> None:
    """Each key that names rules or a path: the error names the file and the key, and a
    misspelt rule the nearest one."""
    (tmp_path / "films").mkdir()
    (tmp_path / "films" / "film.md").write_text(
        film('posterImage: "https://example.org/alien.jpg"\n'), encoding="utf-8"
    )
    text = config + "\n" if name == "filmlint.toml" else _in_pyproject(config)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("check", "films", cwd=tmp_path)  # with the result cache, for cache-dir
    assert_config_error(result, f"filmlint: error: {name}: {message.format(root=tmp_path)}")


def test_a_configuration_error_names_its_file_as_paths_named_by_says(tmp_path: Path) -> None:
    """The language server names files from the workspace: only while its naming is in
    force, and only in its own thread (a new thread starts from the default)."""
    config = tmp_path / "filmlint.toml"
    config.write_text("[locale\n", encoding="utf-8")
    with config_settings.paths_named_by(lambda path: f"<{path.name}>"):
        with pytest.raises(ConfigError, match=r"^<filmlint\.toml>: invalid TOML"):
            load_config(config)
        elsewhere: list[str] = []
        thread = threading.Thread(
            target=lambda: elsewhere.append(config_settings.shown_path(config))
        )
        thread.start()
        thread.join()
        assert elsewhere == [str(config)]  # tmp_path is outside the current folder
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(config))}: invalid TOML"):
        load_config(config)
