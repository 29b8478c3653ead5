"""What the reporters show of a file is the text its problems were placed in: columns in each
format's unit over any line (astral, BMP and ASCII characters, any number of problems on
it), and for a text from stdin, or a file that is not UTF-8, that text as filmlint decoded
it, whatever the file on disk holds."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID, CliResult, run_cli, run_stdin, throwaway_folder
from filmlint.diagnostics import Diagnostic, RelatedLocation, Severity
from filmlint.reporters import FORMATS, Report, get_reporter
from filmlint.reporters.gitlab import fingerprint
from filmlint.reporters.sarif import sarif_log

#: ASCII, a BMP character of one and one of two terminal columns, two astral characters
#: (an emoji and an Extension-B Han character) of two.
ALPHABET = "a é花😀𠀀"
WIDE = frozenset("花😀𠀀")


def utf16(line: str, column: int) -> int:
    """The reference: a code-point column counted in UTF-16 code units of the line."""
    return len(line[: column - 1].encode("utf-16-le")) // 2 + 1


def render(output_format: str, report: Report) -> str:
    stream = io.StringIO()
    get_reporter(output_format)(report, stream)
    return stream.getvalue()


def _stdin_and_saved(
    folder: Path, output_format: str, buffer: bytes
) -> tuple[CliResult[bytes], CliResult[str]]:
    """A check of ``buffer`` read with --stdin-filename c.md while c.md on disk holds another
    text, and a check of ``buffer`` saved as c.md: what the first must print."""
    film = folder / "c.md"
    film.write_bytes(buffer)
    expected = run_cli("check", "--no-cache", "--format", output_format, "c.md", cwd=folder)
    film.write_text(ON_DISK, encoding="utf-8")
    args = ("check", "--no-cache", "--format", output_format, "--stdin-filename", "c.md")
    return run_stdin(*args, stdin=buffer, cwd=folder), expected


@st.composite
def reports(draw: st.DrawFn) -> tuple[list[str], list[Diagnostic]]:
    """Lines of text, and problems on them: any number a line, any span within a line or
    from one line to a later one (ends just past the line too)."""
    lines = draw(st.lists(st.text(ALPHABET, max_size=60), min_size=1, max_size=4))
    spots = st.integers(0, len(lines) - 1).flatmap(
        lambda i: st.tuples(st.just(i + 1), st.integers(1, len(lines[i]) + 1))
    )
    diagnostics = []
    for index, (start, end) in enumerate(draw(st.lists(st.tuples(spots, spots), max_size=40))):
        first, last = sorted([start, end])
        diagnostics.append(
            Diagnostic(
                "film.md", *first, *last, "FL104", "invalid-value", Severity.ERROR, f"m{index}",
                related=(RelatedLocation("film.md", *last, "here"),),
            )
        )  # fmt: skip
    return lines, sorted(diagnostics, key=Diagnostic.sort_key)


@settings(max_examples=200, deadline=None)
@given(case=reports())
def test_every_format_places_problems_as_a_reference_computation(
    case: tuple[list[str], list[Diagnostic]],
) -> None:
    lines, diagnostics = case
    report = Report(diagnostics, 1, root=Path.cwd(), source=lambda _: "\n".join(lines))
    places = [(d.line, d.column, d.end_line, d.end_column) for d in diagnostics]

    log = sarif_log(report)
    regions = [
        result["locations"][0]["physicalLocation"]["region"] for result in log["runs"][0]["results"]
    ]
    assert [tuple(r.values()) for r in regions] == [
        (line, utf16(lines[line - 1], column), end_line, utf16(lines[end_line - 1], end_column))
        for line, column, end_line, end_column in places
    ]
    related = [
        r["relatedLocations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]
    ]
    assert [r["startColumn"] for r in related] == [
        utf16(lines[d.end_line - 1], d.end_column) for d in diagnostics
    ]

    as_json = [
        tuple(o[k] for k in ("line", "column", "end_line", "end_column"))
        for o in json.loads(render("json", report))
    ]
    assert as_json == places
    lines_json = [json.loads(row) for row in render("json-lines", report).splitlines()]
    assert [(o["line"], o["column"], o["end_line"], o["end_column"]) for o in lines_json] == places
    github = re.findall(
        r"line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+)", render("github", report)
    )
    assert [tuple(map(int, found)) for found in github] == places
    concise = re.findall(r"^film\.md:(\d+):(\d+):", render("concise", report), re.MULTILINE)
    assert [tuple(map(int, found)) for found in concise] == [p[:2] for p in places]
    junit = re.findall(r'name="FL104 \[invalid-value\] at (\d+):(\d+): ', render("junit", report))
    assert [tuple(map(int, found)) for found in junit] == [p[:2] for p in places]

    issues = json.loads(render("gitlab", report))
    seen: Counter[tuple[str, str]] = Counter()
    expected = []
    for d in diagnostics:
        text = offending(lines, d)
        seen[text, d.message] += 1
        expected.append(fingerprint("film.md", "FL104", text, d.message, seen[text, d.message]))
    assert [issue["fingerprint"] for issue in issues] == expected

    blocks = render("full", report).split("\n\n")
    for d, block in zip(diagnostics, blocks, strict=False):
        if d.line == d.end_line:  # the underline of a one-line span: under its characters
            shown, underline = block.splitlines()[2:4]
            line = lines[d.line - 1]
            assert shown == f"{d.line} | {line}".rstrip()
            pad, marks = width(line[: d.column - 1]), width(line[d.column - 1 : d.end_column - 1])
            assert underline == f"  | {' ' * pad}{'^' * max(1, marks)} FL104"


def width(text: str) -> int:
    return sum(2 if char in WIDE else 1 for char in text)


def offending(lines: list[str], d: Diagnostic) -> str:
    """The reference for GitLab's fingerprinted text: the span, or its line when empty."""
    if (d.line, d.column) == (d.end_line, d.end_column):
        return lines[d.line - 1].strip()
    text = "\n".join(lines[d.line - 1 : d.end_line])
    start = d.column - 1
    end = len(text) - len(lines[d.end_line - 1]) + d.end_column - 1
    return text[start:end]


def test_sarif_columns_of_many_problems_on_one_long_line() -> None:
    """Thousands of problems on a line of astral and BMP characters: each column is its
    own, not one worked out for another problem of the line."""
    items = ['"😀花"', '"𠀀a"', '"é"'] * 1000
    line = "topics: [" + ", ".join(items) + "]"
    starts = [m.start() + 1 for m in re.finditer('"', line)][::2]
    diagnostics = [
        Diagnostic("film.md", 2, column, 2, column + 3, "FL204", "duplicate-item", Severity.ERROR, "m")
        for column in starts
    ]  # fmt: skip
    report = Report(diagnostics, 1, source=lambda _: "---\n" + line + "\n---\n")
    results = sarif_log(report)["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert [(r["startColumn"], r["endColumn"]) for r in regions] == [
        (utf16(line, column), utf16(line, column + 3)) for column in starts
    ]
    assert regions[-1]["startColumn"] == starts[-1] + 2000  # 2,000 astral characters before


#: A film whose status is wrong on a line with astral characters before the mistake.
BUFFER = VALID.replace('"published"', '"😀😀𠀀publised"').encode()
#: What the editor's buffer may be instead of the file: not UTF-8 after astral characters;
#: binary; a BOM and CRLF line breaks.
BUFFERS = {
    "astral": BUFFER,
    "not UTF-8": VALID.replace('"published"', '"😀😀caf\udce9"').encode("utf-8", "surrogateescape"),
    "binary": VALID.replace('"published"', '"😀\x00"').encode(),
    "BOM, CRLF": b"\xef\xbb\xbf" + BUFFER.replace(b"\n", b"\r\n"),
}
#: The file saved on disk under the same name: other text, with other positions.
ON_DISK = VALID.replace('"published"', '"publised"').replace("\n", "\n# a line\n", 1)


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("buffer", BUFFERS.values(), ids=BUFFERS)
def test_stdin_is_reported_as_the_same_text_in_the_file_would_be(
    tmp_path: Path, output_format: str, buffer: bytes
) -> None:
    """The text read with --stdin-filename is what every format shows and converts (lines,
    UTF-16 columns, fingerprints), not the file of that name on disk."""
    result, expected = _stdin_and_saved(tmp_path, output_format, buffer)
    assert result.stdout.decode() == expected.stdout
    assert result.returncode == expected.returncode == 1


@pytest.mark.parametrize("output_format", FORMATS)
def test_stdin_fix_reports_the_remaining_problems_in_the_fixed_text(
    tmp_path: Path, output_format: str
) -> None:
    """The safe fix removes duplicates before the remaining problem, on its line: the
    report (on stderr) is of the fixed text, as a check of the fixed file would give it."""
    buffer = VALID.replace(
        'topics: ["Bodily Autonomy"]', 'topics: ["😀", "😀", "𠀀", "𠀀", 7]'
    ).encode()
    film = tmp_path / "c.md"
    film.write_text(ON_DISK, encoding="utf-8")
    args = ("check", "--no-cache", "-q", "--format", output_format, "--fix")
    result = run_stdin(*args, "--stdin-filename", "c.md", stdin=buffer, cwd=tmp_path)
    assert result.stdout.count(b"\xf0\x9f\x98\x80") == 1  # fixed
    film.write_bytes(result.stdout)
    expected = run_cli("check", "--no-cache", "-q", "--format", output_format, "c.md", cwd=tmp_path)
    assert result.stderr.decode() == expected.stdout
    assert "FL103" in expected.stdout  # left for the report


def test_bare_stdin_is_reported_from_its_text_even_beside_a_file_named_dash(
    tmp_path: Path,
) -> None:
    (tmp_path / "-").write_text(ON_DISK, encoding="utf-8")
    full = run_stdin("check", "--no-cache", "--format", "full", "-", stdin=BUFFER, cwd=tmp_path)
    assert '7 | status: "😀😀𠀀publised"' in full.stdout.decode()
    sarif = run_stdin("check", "--no-cache", "--format", "sarif", "-", stdin=BUFFER, cwd=tmp_path)
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = VALID.replace('"published"', '"😀😀𠀀publised"').splitlines()[6]
    assert (region["startColumn"], region["endColumn"]) == (9, utf16(line, len(line) + 1))
    assert region["endColumn"] == len(line) + 1 + 3


def test_sarif_column_of_a_file_that_is_not_utf8_counts_utf16_before_the_fault(
    tmp_path: Path,
) -> None:
    """file-encoding is placed in the text decoded before the bad byte: its SARIF column
    counts that text's astral characters as two units, as every other column does."""
    (tmp_path / "bad.md").write_bytes('---\ntitle: "😀😀caf'.encode() + b'\xe9"\n---\n')
    found = run_cli("check", "--no-cache", "--format", "json", "bad.md", cwd=tmp_path)
    ((placed),) = json.loads(found.stdout)
    assert (placed["code"], placed["column"]) == ("FL008", 14)
    sarif = run_cli("check", "--no-cache", "--format", "sarif", "bad.md", cwd=tmp_path)
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (16, 17)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.text(ALPHABET + '"\\', max_size=20),
    tail=st.binary(max_size=4),
    output_format=st.sampled_from(["full", "sarif", "gitlab"]),
)
def test_any_stdin_text_is_reported_as_that_text_in_the_file(
    tmp_path_factory: pytest.TempPathFactory, value: str, tail: bytes, output_format: str
) -> None:
    """Whatever the buffer (invalid values, broken YAML, bytes that are not UTF-8): a run over
    stdin reports it exactly as a check of that text saved under the name does."""
    folder = throwaway_folder(tmp_path_factory, "sources")
    buffer = VALID.replace('"published"', f'"{value}"').encode() + tail
    result, expected = _stdin_and_saved(folder, output_format, buffer)
    assert result.stdout.decode() == expected.stdout
