"""``filmlint init --force`` in a pyproject.toml: its [tool.filmlint] tables are replaced, and
nothing of other tools changes, whatever their values hold (multi-line strings, arrays over
several lines, comments, text that looks like a table header); or the file is left as it was.
"""

from __future__ import annotations

import codecs
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from filmlint.engine import init_writer
from filmlint.engine.init_writer import InitError, plan_init
from filmlint.engine.site_survey import SiteSurvey, survey_site
from test_init import ENGLISH, film, write

OWN = '[tool.filmlint]\nselect = ["ALL"]\n'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteSurvey]:
    folder = tmp_path_factory.mktemp("site")
    write(folder, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    return folder, survey_site(folder)


def others(text: str) -> dict[str, Any]:
    """The document without tool.filmlint; floats as written, so that NaN equals NaN."""
    document = tomllib.loads(text, parse_float=str)
    document.get("tool", {}).pop("filmlint", None)
    return document


# Generated pyproject.toml files

#: Lines that a reading line by line takes for a header, a comment or a key.
LOOKALIKES = (
    "[tool.filmlint]",
    "[tool.filmlint.x]",
    " [ tool . filmlint . y ] ",
    "[[tool.filmlint.z]]",
    "[tool.black]",
    "[project]",
    "# [tool.filmlint]",
    "key = 1",
    "",
)
free_text = st.text(
    st.sampled_from(string.ascii_letters + string.punctuation + " \té中"), max_size=12
)
lines = st.lists(st.sampled_from(LOOKALIKES) | free_text, max_size=4)


@st.composite
def multi_line_strings(draw: st.DrawFn) -> str:
    body = "\n" + "\n".join(draw(lines)) + "\n"
    if draw(st.booleans()):  # basic: escapes, and quotes escaped or before the closing ones
        escaped = body.replace("\\", "\\\\").replace('"', '\\"')
        return '"""' + escaped + draw(st.sampled_from(["", '\\"""', '"', '""'])) + '"""'
    return "'''" + body.replace("'", "") + draw(st.sampled_from(["", "'", "''"])) + "'''"


@st.composite
def multi_line_arrays(draw: st.DrawFn) -> str:
    items = st.sampled_from(
        ['["[tool.filmlint.q]"]', "[1, [2]]", "'[tool.filmlint]'", "# [tool.filmlint.c] ]"]
    )
    return "[\n" + "".join(f"  {item},\n" for item in draw(st.lists(items, max_size=4))) + "]"


values = (
    multi_line_strings()
    | multi_line_arrays()
    | st.sampled_from(
        [
            '"a # [tool.filmlint]"',
            "'[tool.filmlint]'",
            '{ a = "[tool.filmlint.x]", "b]" = [1] }',
            "nan",
            "-inf",
            "1979-05-27",
            "3 # [tool.filmlint]",
        ]
    )
)


@st.composite
def headers(draw: st.DrawFn, key: tuple[str, ...], *, array: bool = False) -> str:
    """``key``'s header, spelled as TOML allows: quoted parts, blanks, a comment after it."""
    quoted = [draw(st.sampled_from([part, f'"{part}"', f"'{part}'"])) for part in key]
    written = draw(st.sampled_from([".", " . "])).join(quoted)
    padding = draw(st.sampled_from(["", " "]))
    opening, closing = ("[[", "]]") if array else ("[", "]")
    comment = draw(st.sampled_from(["", "  # [tool.filmlint]"]))
    return f"{opening}{padding}{written}{padding}{closing}{comment}\n"


@st.composite
def tables(draw: st.DrawFn, key: tuple[str, ...], *, array: bool = False) -> str:
    """A table: comments above its header, and keys whose values may span lines."""
    comments = draw(st.lists(st.sampled_from(["# about it", "# [tool.black]"]), max_size=2))
    text = "".join(f"{comment}\n" for comment in comments) + draw(headers(key, array=array))
    for number, value in enumerate(draw(st.lists(values, max_size=3))):
        text += draw(st.sampled_from(["", "# a comment\n"])) + f"k{number} = {value}\n"
    return text + "\n"


OWN_TABLES = [("tool", "filmlint"), ("tool", "filmlint", "rules", "country-code")]
OTHER_TABLES = [("project",), ("tool",), ("tool", "black"), ("tool", "black", "sub")]
#: Named like filmlint's, and not filmlint's.
OTHER_TABLES += [("tool", "filmlint-x"), ("tool", "filmlintx"), ("tool", "black", "filmlint")]


@st.composite
def pyprojects(draw: st.DrawFn) -> tuple[str, str]:
    """A pyproject.toml with [tool.filmlint] tables, and what is left of it without them."""
    own = draw(st.lists(st.sampled_from(OWN_TABLES), min_size=1, unique=True))
    chosen = [(key, False) for key in own]
    chosen += [(key, False) for key in draw(st.lists(st.sampled_from(OTHER_TABLES), unique=True))]
    chosen += [(("tool", "filmlint", "items"), True)] * draw(st.integers(0, 2))
    chosen += [(("tool", "black", "items"), True)] * draw(st.integers(0, 2))
    whole = kept = draw(st.sampled_from(["", 'root = "x"\n\n', "# a comment\n\n"]))
    for key, array in draw(st.permutations(chosen)):
        table = draw(tables(key, array=array))
        whole += table
        kept += "" if key[:2] == ("tool", "filmlint") else table
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return whole.replace("\n", newline), kept.replace("\n", newline)


@given(pyprojects())
def test_force_replaces_the_filmlint_tables_and_keeps_every_other_byte(
    site: tuple[Path, SiteSurvey], document: tuple[str, str]
) -> None:
    folder, survey = site
    whole, kept = document
    (folder / "pyproject.toml").write_bytes(whole.encode())
    plan = plan_init(survey, force=True)
    written = plan.config_bytes.decode()
    assert written.startswith(kept)
    assert written[len(kept) :].lstrip("\r\n").startswith("# filmlint configuration inferred")
    assert others(written) == others(whole)
    assert tomllib.loads(written)["tool"]["filmlint"] == plan.table


# Examples, through the command line


@pytest.mark.parametrize(
    ("other", "own"),
    [
        ('"""\n[tool.filmlint.fake]\n"""', ""),  # an even number of such lines: a key was lost
        ('"""\n[tool.filmlint.fake]\nnot a table\n"""', ""),  # odd: the result was not TOML
        ("'''\n[tool.filmlint.x]\n'''", ""),
        ("", '"""\n[tool.black]\n"""'),  # the rest of filmlint's table was kept
        ("", "[\n  [1],\n]"),
    ],
)
def test_a_header_inside_a_value_is_not_a_table(tmp_path: Path, other: str, own: str) -> None:
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    filmlint = OWN + (f"x = {own}\n" if own else "")
    black = '[tool.black]\nb = """\n[tool.x]\n"""\n' + (f"a = {other}\n" if other else "")
    original = f'[project]\nname = "x"\n\n{black}\n{filmlint}\n[tool.ruff]\nc = 1\n'
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(original)
    result = run_cli("init", "--force", str(tmp_path))
    assert result.returncode == 0, result.stderr
    content = pyproject.read_text()
    assert content.startswith(original.replace(filmlint + "\n", ""))
    assert others(content) == others(original)


def test_init_again_writes_the_same_file(tmp_path: Path) -> None:
    """The comment above the [tool.filmlint] header goes with the table it tells of."""
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n')
    assert run_cli("init", str(tmp_path)).returncode == 0
    first = pyproject.read_bytes()
    assert run_cli("init", "--force", str(tmp_path)).returncode == 0
    assert pyproject.read_bytes() == first


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("final", [True, False], ids=["final-newline", "no-final-newline"])
def test_init_keeps_the_byte_order_mark_and_line_breaks(
    tmp_path: Path, bom: bytes, newline: bytes, final: bool
) -> None:
    """What the configuration reader accepts, init adds to: the table is appended in the
    file's line breaks, and all before it, its byte order mark too, is kept."""
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    lines = [b"[project]", b'name = "x"', b"", b"[tool.black]", b"line-length = 99"]
    original = bom + newline.join(lines) + (newline if final else b"")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(original)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = pyproject.read_bytes()
    assert written.startswith(original + (b"" if final else newline) + newline + b"# filmlint")
    added = written[len(original) :]
    assert added.count(newline) == added.count(b"\n")  # no other line break in what is added
    assert added.endswith(newline)
    assert "films" in tomllib.loads(written[len(bom) :].decode())["tool"]["filmlint"]["collections"]
    check = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert run_cli("init", "--force", str(tmp_path)).returncode == 0
    assert pyproject.read_bytes() == written


# The last check: the file is left as it was rather than changed outside [tool.filmlint]


def test_a_pyproject_that_would_not_stay_toml_is_left_as_it_was(tmp_path: Path) -> None:
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('tool = "not a table"\n')
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 2
    assert "the result would not be valid TOML" in result.stderr
    assert "the file is left as it was" in result.stderr
    assert pyproject.read_text() == 'tool = "not a table"\n'


def test_a_removal_that_would_change_another_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the tables be found wrongly, the check after finds what else changed."""
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    original = f"{OWN}\n[tool.black]\nline-length = 99\n"
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(original)
    wrong = init_writer._without_own_tables
    monkeypatch.setattr(
        init_writer, "_without_own_tables", lambda text: wrong(text).replace("99", "98")
    )
    result = run_cli("init", "--force", str(tmp_path))
    assert result.returncode == 2
    assert f"cannot write [tool.filmlint] into {pyproject} without changing the rest of it" in (
        result.stderr
    )
    assert pyproject.read_text() == original


def test_filmlint_set_outside_its_tables_is_refused(
    site: tuple[Path, SiteSurvey],
) -> None:
    folder, survey = site
    (folder / "pyproject.toml").write_text(
        '[tool]\nfilmlint.ignore = []\n\n[tool.filmlint.rules.country-code]\nsplit = ","\n'
    )
    with pytest.raises(InitError, match=r"sets tool\.filmlint outside its own tables"):
        plan_init(survey, force=True)


# A configuration that is a symlink: its target is written and the link stays, as --fix does


@pytest.mark.parametrize("name", ["pyproject.toml", "filmlint.toml"])
def test_a_configuration_behind_a_symlink_is_written_in_its_target(
    tmp_path: Path, name: str
) -> None:
    site, shared = tmp_path / "site", tmp_path / "shared"
    write(site, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    shared.mkdir()
    (shared / name).write_text('[project]\nname = "x"\n' if name == "pyproject.toml" else "")
    (site / name).symlink_to(Path("..") / "shared" / name)
    result = run_cli("init", *(["--force"] if name == "filmlint.toml" else []), str(site))
    assert result.returncode == 0, result.stderr
    assert (site / name).is_symlink()
    written = tomllib.loads((shared / name).read_text(encoding="utf-8"))
    table = written["tool"]["filmlint"] if name == "pyproject.toml" else written
    assert "films" in table["collections"]


def test_a_filmlint_toml_that_is_a_link_to_nothing_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    (tmp_path / "filmlint.toml").symlink_to(tmp_path / "elsewhere" / "filmlint.toml")
    result = run_cli("init", "--force", str(tmp_path))
    assert result.returncode == 2
    assert f"is a symlink to {tmp_path / 'elsewhere'}/filmlint.toml, which does not" in (
        result.stderr
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filmlint.toml", "films"]
    assert (tmp_path / "filmlint.toml").is_symlink()


def test_a_pyproject_toml_that_is_a_link_to_nothing_is_left_alone(tmp_path: Path) -> None:
    """No pyproject.toml to add to: a filmlint.toml is written beside the link."""
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    (tmp_path / "pyproject.toml").symlink_to(tmp_path / "elsewhere" / "pyproject.toml")
    assert run_cli("init", str(tmp_path)).returncode == 0
    assert (tmp_path / "pyproject.toml").is_symlink()
    assert not (tmp_path / "elsewhere").exists()
    assert "films" in tomllib.loads((tmp_path / "filmlint.toml").read_text())["collections"]
