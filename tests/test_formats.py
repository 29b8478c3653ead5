"""Every output format on the same bad films (tests/data/films), against golden files."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import filmlint
from conftest import examples, run_cli
from filmlint.cli import main
from filmlint.diagnostics import Diagnostic, Edit, Fix, Severity
from filmlint.reporters import FORMATS, Report, get_reporter
from filmlint.reporters.github import escape_data, escape_property
from filmlint.reporters.sarif import sarif_log
from golden import DATA, GOLDEN, assert_golden

FILMS = DATA / "films"
SUFFIXES = {"json": "json", "sarif": "json", "gitlab": "json", "junit": "xml"}


def check_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> tuple[int, str]:
    """Run ``filmlint check`` in the films folder, as a user would; the report and exit code."""
    monkeypatch.chdir(FILMS)
    out = tmp_path / "report"
    code = main(["check", "--no-cache", *args, "--output-file", str(out)])  # no shared cache
    return code, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("output_format", list(FORMATS))
def test_golden_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, output_format: str) -> None:
    code, output = check_output(monkeypatch, tmp_path, "--format", output_format)
    assert code == 1
    # The SARIF base URI is where the run happened: the same films, wherever the checkout is.
    output = output.replace(FILMS.as_uri() + "/", "file:///films/")
    suffix = SUFFIXES.get(output_format, "txt")
    assert_golden(GOLDEN / f"{output_format}.{suffix}", output)


def test_golden_statistics(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _, text = check_output(monkeypatch, tmp_path, "--statistics")
    assert_golden(GOLDEN / "statistics.txt", text)
    _, as_json = check_output(monkeypatch, tmp_path, "--statistics", "--format", "json")
    assert_golden(GOLDEN / "statistics.json", as_json)


def test_sarif_is_valid_against_the_official_schema(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    _, output = check_output(monkeypatch, tmp_path, "--format", "sarif")
    log = json.loads(output)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    (run,) = log["runs"]
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == FILMS.as_uri() + "/"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert not location["uri"].startswith(("/", "file:"))
    unknown_key = next(r for r in rules if r["id"] == "FL101")
    assert unknown_key["helpUri"].endswith("/rules/unknown-key.md")
    assert unknown_key["help"]["text"].startswith("A key that the schema does not allow")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # topics: ["🚀 Space", 7]: the rocket is one code point, two UTF-16 code units.
        pytest.param('topics: ["\U0001f680 Space", 7]', (21, 22), id="emoji before the value"),
        pytest.param('topics: ["花样 Space", 7]', (22, 22), id="CJK is one unit in both"),
        pytest.param('topics: ["Space", 7]', (19, 19), id="ASCII"),
    ],
)
def test_sarif_columns_count_utf16_code_units(
    tmp_path: Path, line: str, expected: tuple[int, int]
) -> None:
    film = tmp_path / "film.md"
    text = (FILMS / "alien-1979.md").read_text(encoding="utf-8")
    film.write_text(text.replace('topics: ["Bodily Autonomy"]', line), encoding="utf-8")
    (diagnostic,) = filmlint.lint_paths([film])
    log = sarif_log(Report([diagnostic], 1, root=tmp_path))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (diagnostic.column, region["startColumn"]) == expected
    assert region["endColumn"] - region["startColumn"] == 1


def test_sarif_uri_outside_the_root_is_absolute(tmp_path: Path) -> None:
    film = tmp_path / "a film#1.md"
    film.write_text("no front matter\n", encoding="utf-8")
    d = Diagnostic(str(film), 1, 1, 1, 1, "FL003", "missing-front-matter", Severity.ERROR, "x")
    inside = sarif_log(Report([d], 1, root=tmp_path))["runs"][0]["results"][0]
    outside = sarif_log(Report([d], 1, root=tmp_path / "elsewhere"))["runs"][0]["results"][0]
    artifact = inside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "a%20film%231.md", "uriBaseId": "%SRCROOT%"}
    artifact = outside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": film.as_uri()}


#: A path as a run may name it, from the folder it runs in (``root``, holding ``films/a.md``
#: and ``sub/``, beside ``outside/``), and where it is: inside the folder, or outside.
SPELLINGS = {
    "plain": ("films/a.md", "films/a.md"),
    "./": ("./films/a.md", "films/a.md"),
    "..": ("sub/../films/a.md", "films/a.md"),
    "absolute": ("{root}/films/a.md", "films/a.md"),
    "absolute with ..": ("{root}/sub/../films/a.md", "films/a.md"),
    "outside": ("../outside/x.md", None),
    "outside through ..": ("films/../../outside/x.md", None),
    "absolute, outside through ..": ("{root}/../outside/x.md", None),
}


@pytest.mark.parametrize(("named", "inside"), SPELLINGS.values(), ids=SPELLINGS)
def test_paths_are_placed_in_the_folder_of_the_run_by_what_they_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, named: str, inside: str | None
) -> None:
    """'.' and '..' taken away: a file inside the folder has its path from there (what
    GitHub and GitLab match to the diff), one outside it an absolute SARIF URI."""
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.chdir(root)
    path = named.format(root=root)
    d = Diagnostic(path, 1, 1, 1, 1, "FL003", "missing-front-matter", Severity.ERROR, "x")
    report = Report([d], 1, root=root, source=lambda _: None)
    github = re.search("file=([^,]*),", _render("github", report))
    gitlab = json.loads(_render("gitlab", report))[0]["location"]["path"]
    result = sarif_log(report)["runs"][0]["results"][0]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    if inside is None:
        assert artifact == {"uri": (tmp_path / "outside" / "x.md").as_uri()}
        assert github is not None and github[1] == gitlab == path
    else:
        assert artifact == {"uri": inside, "uriBaseId": "%SRCROOT%"}
        assert github is not None and github[1] == gitlab == inside


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100% sure", "100%25 sure", "100%25 sure"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("key: a, b", "key: a, b", "key%3A a%2C b"),
        ("%0A", "%250A", "%250A"),
        # What the runner would pass on to the log: shown, not obeyed.
        ("\x1b[2J\tx", "\\x1b[2J\\tx", "\\x1b[2J\\tx"),
        ("a\u202eb\x85", "a\\u202eb\\x85", "a\\u202eb\\x85"),
        ("caf\udce9.md", "caf\\xe9.md", "caf\\xe9.md"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


def test_github_command_escapes_paths_and_messages(tmp_path: Path) -> None:
    d = Diagnostic("a,b:c.md", 2, 3, 2, 5, "FL104", "invalid-value", Severity.WARNING, "50%\nmore")
    out = _render("github", Report([d], 1, root=Path.cwd()))
    assert out == (
        "::warning file=a%2Cb%3Ac.md,line=2,col=3,endLine=2,endColumn=5,"
        "title=FL104 [invalid-value]::50%25%0Amore\n"
    )


def test_github_format_is_chosen_inside_github_actions(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("no front matter\n", encoding="utf-8")
    inside = run_cli("check", "bad.md", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert inside.stdout.startswith("::error file=bad.md,line=1,col=1,")
    chosen = run_cli(
        "check", "bad.md", "--format", "concise", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"}
    )
    assert chosen.stdout.startswith("bad.md:1:1: FL003")
    outside = run_cli("check", "bad.md", cwd=tmp_path, env={"GITHUB_ACTIONS": "false"})
    assert outside.stdout.startswith("bad.md:1:1: FL003")


def _render(output_format: str, report: Report) -> str:
    stream = io.StringIO()
    get_reporter(output_format)(report, stream)
    return stream.getvalue()


def test_full_format_shows_the_fix_and_underlines_multi_line_spans(tmp_path: Path) -> None:
    film = tmp_path / "film.md"
    film.write_text(
        "---\ntitle: >\n  Alien\n  again\n\tand\n  more\n  lines\nstatus: publised\n---\n",
        encoding="utf-8",
    )
    fix = Fix("replace with 'published'", (Edit(0, 0, "published"),))
    typo = Diagnostic(str(film), 8, 9, 8, 17, "FL104", "invalid-value", Severity.ERROR, "bad", fix)
    long = Diagnostic(str(film), 2, 8, 7, 8, "FL100", "schema", Severity.WARNING, "too long")
    out = _render("full", Report([long, typo], 1, root=tmp_path))
    assert out == (
        f"{film}:2:8: FL100 [schema] too long\n"
        "  |\n"
        "2 | title: >\n"
        "  |        ^\n"
        "3 |   Alien\n"
        "  |   ^^^^^\n"
        "....\n"
        "7 |   lines\n"
        "  |   ^^^^^ FL100\n"
        "  |\n"
        "\n"
        f"{film}:8:9: FL104 [invalid-value] bad\n"
        "  |\n"
        "8 | status: publised\n"
        "  |         ^^^^^^^^ FL104\n"
        "  |\n"
        "  = help: replace with 'published'\n"
        "\n"
    )


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_full_format_colour_only_when_asked(
    tmp_path: Path, env: dict[str, str], coloured: bool
) -> None:
    (tmp_path / "bad.md").write_text("no front matter\n", encoding="utf-8")
    result = run_cli("check", "bad.md", "--format", "full", cwd=tmp_path, env=env)
    assert ("\x1b[" in result.stdout) is coloured
    assert result.returncode == 1


def test_junit_is_well_formed_xml_with_one_failure_per_diagnostic(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, output = check_output(monkeypatch, tmp_path, "--format", "junit")
    root = ET.fromstring(output.encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == int(root.get("failures", "0")) == 10
    assert all(case.find("failure") is not None for case in cases)


def test_junit_escapes_characters_xml_cannot_hold(tmp_path: Path) -> None:
    d = Diagnostic("f.md", 1, 1, 1, 2, "FL100", "schema", Severity.ERROR, "bell \x07 <&>")
    root = ET.fromstring(_render("junit", Report([d], 1, root=tmp_path)).encode())
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "bell \\x07 <&>"
    clean = ET.fromstring(_render("junit", Report([], 3, root=tmp_path)).encode())
    assert clean.find("testsuite/testcase").get("name") == "All checks passed (3 files)"  # type: ignore[union-attr]


#: Keys a film may lack.
KEYS = ["title", "director", "description", "releaseDate", "topics", "status"]
#: Problems drawn from few places, paths and messages, so that many share all but one.
crowded_problems = st.lists(
    st.builds(
        lambda path, line, message: Diagnostic(
            path, line, 1, line, 2, "FL102", "missing-key", Severity.ERROR, message
        ),
        st.sampled_from(["a.md", "b.md"]),
        st.integers(1, 2),
        st.sampled_from(["missing 'topics'", "missing 'topics' (2)", "missing 'title'"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=examples(200), deadline=None)
@given(crowded_problems)
def test_junit_names_each_problem_as_no_other(ds: list[Diagnostic]) -> None:
    """A test case per problem, as its consumers count them: by class name and name (GitLab
    keeps one test case of each), the same in a second run."""
    ds.sort(key=Diagnostic.sort_key)
    output = _render("junit", Report(ds, 2))
    cases = ET.fromstring(output.encode()).findall("testsuite/testcase")
    assert len({(case.get("classname"), case.get("name")) for case in cases}) == len(ds)
    assert _render("junit", Report(ds, 2)) == output


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a.md", "b.md"]), st.sampled_from(KEYS)),
        min_size=1,
        max_size=8,
        unique=True,
    ),
    st.data(),
)
def test_gitlab_fingerprints_stay_when_another_problem_at_the_place_is_fixed(
    missing: list[tuple[str, str]], data: st.DataObject
) -> None:
    """Every missing key is placed at the first key: fixing one leaves the others' issues
    as they were (GitLab would call an untouched one resolved), and no two share one."""

    def prints(problems: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        ds = [
            Diagnostic(path, 2, 1, 2, 6, "FL102", "missing-key", Severity.ERROR, f"missing {key}")
            for path, key in sorted(problems)
        ]
        report = Report(ds, 2, source=lambda _: "---\ntitle: x\n---\n")
        issues = json.loads(_render("gitlab", report))
        return dict(zip(sorted(problems), [issue["fingerprint"] for issue in issues], strict=True))

    before = prints(missing)
    assert len(set(before.values())) == len(missing)
    fixed = data.draw(st.sampled_from(missing))
    after = prints([problem for problem in missing if problem != fixed])
    assert after == {problem: print_ for problem, print_ in before.items() if problem != fixed}


def test_gitlab_fingerprints_survive_lines_added_above(tmp_path: Path) -> None:
    text = (FILMS / "alien-1979.md").read_text(encoding="utf-8")
    text = text.replace(
        'status: "published"', 'status: "published"\nyear: "1979"\nyears: 1\nyears2: 1'
    )
    film = tmp_path / "film.md"

    def prints(content: str) -> list[str]:
        film.write_text(content, encoding="utf-8")
        report = Report(filmlint.lint_paths([film]), 1, root=tmp_path)
        return [issue["fingerprint"] for issue in json.loads(_render("gitlab", report))]

    before = prints(text)
    after = prints(text.replace("---\n", '---\noriginalTitle: "Alien"\n', 1))
    assert len(set(before)) == len(before) == 3
    assert after == before
    changed = prints(text.replace('year: "1979"', 'year: "1980"'))
    assert changed[0] != before[0] and changed[1:] == before[1:]
