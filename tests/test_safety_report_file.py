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


def _translation_site(root: Path, config: str = LOCALE) -> None:
    """``films/a-en.md``, the film linted (named, or on stdin as that file), is the English
    version of ``films/a.md``."""
    _site(root)
    _configured(root, config)
    (root / "films" / "a-en.md").write_text(FIXABLE, encoding="utf-8")


def _keyed_site(root: Path) -> None:
    _translation_site(root, LOCALE + BY_KEY)
    for name in ("a.md", "a-en.md"):
        (root / "films" / name).write_text(front('translationKey: "a"\n'), encoding="utf-8")


def _schema_site(config: str, schema: str = '{"type": "object"}') -> Callable[[Path], None]:
    def build(root: Path) -> None:
        _translation_site(root, config)
        _schema_file(root, "my.schema.json", schema)
        _schema_file(root, "defs.json")

    return build


def _pyproject_site(root: Path) -> None:
    _translation_site(root)
    (root / "filmlint.toml").unlink()
    (root / "pyproject.toml").write_text("[tool.filmlint]\n", encoding="utf-8")


COLLECTION = '[collections.films]\ninclude = ["films/**"]\nschema = "my.schema.json"\n'

#: Each kind of file a run linting ``films/a-en.md`` reads: the site (made by the callable),
#: the file, the options that make the run read it, and whether a text on stdin without a
#: name (linted with the current folder's settings) reads it too.
READ: dict[str, tuple[Callable[[Path], None], str, list[str], bool]] = {
    "the film linted": (_translation_site, "films/a-en.md", [], False),
    "its base version": (_translation_site, "films/a.md", [], False),
    "a version found by a key": (_keyed_site, "films/a.md", [], False),
    "the configuration": (_translation_site, "filmlint.toml", [], True),
    "pyproject.toml": (_pyproject_site, "pyproject.toml", [], True),
    "the configuration --config names": (
        _translation_site, "other.toml", ["--config", "other.toml"], True,
    ),
    "the schema --schema names": (
        _schema_site(LOCALE), "my.schema.json", ["--schema", "my.schema.json"], True,
    ),
    "the configured schema": (
        _schema_site('schema = "my.schema.json"\n' + LOCALE), "my.schema.json", [], True,
    ),
    "a collection's schema": (_schema_site(LOCALE + COLLECTION), "my.schema.json", [], False),
    "a file a schema refers to": (
        _schema_site(LOCALE, '{"$ref": "defs.json"}'), "defs.json",
        ["--schema", "my.schema.json"], True,
    ),
}  # fmt: skip


def _relative(root: Path, name: str) -> str:
    return name


def _absolute(root: Path, name: str) -> str:
    return str(root / name)


def _dotted(root: Path, name: str) -> str:
    return str(Path(".", "films", "..", name))


def _through_symlink(root: Path, name: str) -> str:
    (root / "report.txt").symlink_to(name)
    return "report.txt"


def _through_linked_folder(root: Path, name: str) -> str:
    (root / "linked").symlink_to(".", target_is_directory=True)
    return str(Path("linked", name))


def _hard_linked(root: Path, name: str) -> str:
    os.link(root / name, root / "report.txt")
    return "report.txt"


#: How the report's file may name the file read.
SPELLINGS: dict[str, Callable[[Path, str], str]] = {
    "relative": _relative,
    "absolute": _absolute,
    "with ./ and ..": _dotted,
    "a symlink to it": _through_symlink,
    "through a symlinked folder": _through_linked_folder,
    "a hard link to it": _hard_linked,
}

#: How the film is given: named, on stdin as that file, or on stdin without a name.
RUNS = {
    "named": ["films/a-en.md"],
    "on stdin as the file": ["--stdin-filename", "films/a-en.md"],
    "on stdin without a name": ["-"],
}


def _files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


#: Each kind of file read, by each run that reads it (a text on stdin without a name reads
#: no film, nor a collection's schema).
READ_BY_RUN = [
    pytest.param(*read[:3], run, id=f"{kind}-{how}")
    for kind, read in READ.items()
    for how, run in RUNS.items()
    if read[3] or run != ["-"]
]


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS)
@pytest.mark.parametrize(("site", "read", "options", "run"), READ_BY_RUN)
def test_each_file_a_run_reads_is_refused_as_its_report_however_named(
    tmp_path: Path,
    site: Callable[[Path], None],
    read: str,
    options: list[str],
    run: list[str],
    spelling: Callable[[Path, str], str],
) -> None:
    site(tmp_path)
    report = spelling(tmp_path, read)
    before = _files(tmp_path)
    result = run_stdin(
        "check", "--fix", *options, "-o", report, *run, stdin=FIXABLE.encode(), cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert b"which this run reads" in result.stderr
    assert result.stdout == b""  # the text on stdin is neither fixed nor passed through
    assert _files(tmp_path) == before


#: A report's path that names no file that can be written.
NOT_A_FILE = {
    "a folder": "reports",
    "a folder, with a slash": "reports/",
    "the current folder": ".",
    "an empty name": "",
    "a missing folder, with a slash": "missing/",
    "a file in a missing folder": "missing/report.txt",
    "a file under a film": "films/a.md/report.txt",
}


@pytest.mark.parametrize(
    "fixing", [[], ["--fix"], ["--fix-only"]], ids=["check", "fix", "fix-only"]
)
@pytest.mark.parametrize("report", NOT_A_FILE.values(), ids=NOT_A_FILE)
def test_a_report_path_that_is_no_writable_file_is_refused_before_any_fix(
    tmp_path: Path, report: str, fixing: list[str]
) -> None:
    _site(tmp_path)
    (tmp_path / "reports").mkdir()
    before = _files(tmp_path)
    result = run_cli("check", *fixing, "films", "-o", report, cwd=tmp_path)
    assert result.returncode == 2
    assert "report" in result.stderr
    assert _files(tmp_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "filmlint.toml", "films", "other.toml", "reports",
    ]  # fmt: skip


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
@pytest.mark.parametrize("read_only", ["the file", "its folder"])
def test_a_report_file_that_cannot_be_written_is_refused_before_any_fix(
    tmp_path: Path, read_only: str
) -> None:
    _site(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "report.txt").write_text("the last report\n", encoding="utf-8")
    target = reports / "report.txt" if read_only == "the file" else reports
    report = "reports/report.txt" if read_only == "the file" else "reports/new.txt"
    target.chmod(0o555 if target.is_dir() else 0o444)
    try:
        before = _files(tmp_path)
        result = run_cli("check", "--fix", "films", "-o", report, cwd=tmp_path)
        assert result.returncode == 2
        assert "is not writable" in result.stderr
        assert _files(tmp_path) == before
    finally:
        target.chmod(0o755 if target.is_dir() else 0o644)
