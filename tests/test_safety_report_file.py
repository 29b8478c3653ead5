"""``--output-file`` never replaces a file the run reads (one it lints or reads to judge them,
a configuration, a schema), however it is named: the run stops with exit 2 before linting,
and the file keeps its bytes. A report file that is none of them is written as asked."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import front, run_cli, run_stdin

#: A film with a problem a safe fix mends (a rating written ``07.40``), so that ``--fix``
#: would write it before the report.
FIXABLE = front('title: "Alien"\nimdbRating: "07.40"\n')


def _site(root: Path) -> None:
    (root / "filmlint.toml").write_text("", encoding="utf-8")
    (root / "other.toml").write_text("", encoding="utf-8")
    (root / "films").mkdir()
    (root / "films" / "a.md").write_text(FIXABLE, encoding="utf-8")
    (root / "films" / "b.md").write_text(FIXABLE, encoding="utf-8")


def _symlink(root: Path) -> str:
    (root / "report.txt").symlink_to(Path("films") / "a.md")
    return "report.txt"


def _hard_link(root: Path) -> str:
    os.link(root / "films" / "a.md", root / "report.txt")
    return "report.txt"


#: Makes ``films/a-en.md`` the English version of ``films/a.md``: a run that names the
#: translation alone reads the base to judge it.
LOCALE = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
#: Versions found by a front-matter key: a run reads every other film of the collection.
BY_KEY = "".join(
    f'[rules.{rule}]\nkey = "translationKey"\n'
    for rule in ("translation-missing", "translation-mismatch")
)


def _configured(root: Path, config: str) -> None:
    (root / "filmlint.toml").write_text(config, encoding="utf-8")


def _schema_file(root: Path, name: str, schema: str = '{"type": "object"}') -> str:
    (root / name).write_text(schema + "\n", encoding="utf-8")
    return name


def _configured_schema(root: Path) -> str:
    _configured(root, 'schema = "my.schema.json"\n')
    return _schema_file(root, "my.schema.json")


def _collection_schema(root: Path) -> str:
    _configured(root, '[collections.films]\ninclude = ["films/**"]\nschema = "films.json"\n')
    return _schema_file(root, "films.json")


def _referred_schema(root: Path) -> str:
    _schema_file(root, "my.schema.json", '{"$ref": "defs.json"}')
    return _schema_file(root, "defs.json")


def _base_version(root: Path) -> str:
    _configured(root, LOCALE)
    (root / "films" / "a-en.md").write_text(FIXABLE, encoding="utf-8")
    return "films/a.md"


def _keyed_version(root: Path) -> str:
    _configured(root, LOCALE + BY_KEY)
    for name in ("a.md", "a-en.md"):
        (root / "films" / name).write_text(front('translationKey: "a"\n'), encoding="utf-8")
    return "films/a.md"


def _pyproject(root: Path) -> str:
    (root / "filmlint.toml").unlink()
    (root / "pyproject.toml").write_text("[tool.filmlint]\n", encoding="utf-8")
    return "pyproject.toml"


#: The report file named (made by the callable, from the site's root) and the arguments
#: of the run.
CASES: dict[str, tuple[Callable[[Path], str], list[str]]] = {
    "the file named": (lambda root: "films/a.md", ["check", "films/a.md"]),
    "a file found in a folder named": (lambda root: "films/b.md", ["check", "films"]),
    "spelt with ./ and ..": (lambda root: "./films/../films/a.md", ["check", "films/a.md"]),
    "its absolute path": (lambda root: str(root / "films" / "a.md"), ["check", "films"]),
    "a symlink to it": (_symlink, ["check", "films"]),
    "a hard link to it": (_hard_link, ["check", "films"]),
    "with --fix": (lambda root: "films/a.md", ["check", "--fix", "films/a.md"]),
    "with --diff": (lambda root: "films/a.md", ["check", "--diff", "films/a.md"]),
    "the configuration": (lambda root: "filmlint.toml", ["check", "films"]),
    "pyproject.toml": (_pyproject, ["check", "films"]),
    "the configuration --config names": (
        lambda root: "other.toml",
        ["check", "--config", "other.toml", "films"],
    ),
    "the schema --schema names": (
        lambda root: _schema_file(root, "my.schema.json"),
        ["check", "--schema", "my.schema.json", "films"],
    ),
    "the configured schema": (_configured_schema, ["check", "films"]),
    "a collection's schema": (_collection_schema, ["check", "films"]),
    "a file a schema refers to": (
        _referred_schema,
        ["check", "--schema", "my.schema.json", "films"],
    ),
    "the base version of a translation named alone": (_base_version, ["check", "films/a-en.md"]),
    "a version found by a key, of a film named alone": (_keyed_version, ["check", "films/a-en.md"]),
    "a base version, with --fix": (_base_version, ["check", "--fix", "films/a-en.md"]),
}


@pytest.mark.parametrize(("named", "args"), CASES.values(), ids=CASES.keys())
def test_a_report_over_a_file_the_run_reads_is_refused_and_the_file_kept(
    tmp_path: Path, named: Callable[[Path], str], args: list[str]
) -> None:
    _site(tmp_path)
    report = named(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    result = run_cli(*args, "--output-file", report, cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write the report to " in result.stderr
    assert "which this run reads" in result.stderr
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


#: The report file of a run on stdin, and the options that make the run read it.
STDIN_CASES: dict[str, tuple[str, list[str]]] = {
    "the file it is linted as": ("films/a.md", []),
    "the schema --schema names": ("my.schema.json", ["--schema", "my.schema.json"]),
}


@pytest.mark.parametrize(("report", "options"), STDIN_CASES.values(), ids=STDIN_CASES.keys())
def test_a_report_over_a_file_a_run_on_stdin_reads_is_refused(
    tmp_path: Path, report: str, options: list[str]
) -> None:
    _site(tmp_path)
    _schema_file(tmp_path, "my.schema.json")
    before = (tmp_path / report).read_bytes()
    result = run_stdin(
        "check", "--stdin-filename", "films/a.md", *options, "--output-file", report,
        stdin=FIXABLE.encode(), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert (tmp_path / report).read_bytes() == before


@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_a_report_file_the_run_does_not_read_is_written(tmp_path: Path, existing: bool) -> None:
    _site(tmp_path)
    if existing:
        (tmp_path / "report.md").write_text("the last report\n", encoding="utf-8")
    result = run_cli("check", "films", "--output-file", "report.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "write the rating '07.40'" in (tmp_path / "report.md").read_text(encoding="utf-8")
