"""What a file or a server wrote cannot forge report lines or reach the terminal raw.

Every human format shows control, line-separating, bidi-control and undecodable characters
as visible escapes, whatever the text of paths, messages, rule names and source lines; the
machine formats keep the text exact and their documents valid.
"""

from __future__ import annotations

import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from filmlint.diagnostics import Diagnostic, Edit, Fix, Severity
from filmlint.reporters import Report, fixable_line, get_reporter, summary_line
from filmlint.reporters.display import json_text, printable, valid_text
from filmlint.reporters.statistics import write as write_statistics
from filmlint.text.escapes import _unprintable

#: What must never reach a terminal: C0 controls, DEL, C1 controls, line and paragraph
#: separators, bidi embeddings, overrides and isolates, lone surrogates.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The colour codes the full format adds itself.
COLOUR = re.compile("\x1b\\[[0-9;]*m")
HOSTILE = list("\n\r\t\x00\x07\x0b\x0c\x1b\x1c\x7f\x85\x9b\u2028\u2029\u202a\u202e\u2066\u2069")
HOSTILE += ["\ud800", "\udce9", "\udcff", "%", ":", ",", "\\", "<", "&", "花", "\U0001f680"]

# Joined by hand: st.text leaves out surrogates even when its alphabet has them.
any_text = st.lists(st.one_of(st.characters(), st.sampled_from(HOSTILE)), max_size=20).map("".join)
severities = st.sampled_from([Severity.ERROR, Severity.WARNING])


def fixes(text: st.SearchStrategy[str]) -> st.SearchStrategy[Fix | None]:
    edits = st.just((Edit(0, 0, ""),))
    return st.none() | st.builds(Fix, text, edits, st.sampled_from(["safe", "unsafe"]))


@st.composite
def diagnostics(draw: st.DrawFn, text: st.SearchStrategy[str] = any_text) -> Diagnostic:
    """A diagnostic on one line (1 to 4) of one of two files, every text from ``text``."""
    line = draw(st.integers(1, 4))
    column = draw(st.integers(1, 6))
    return Diagnostic(
        path=draw(st.sampled_from(["a.md", "b.md"])) + draw(text),
        line=line,
        column=column,
        end_line=line,
        end_column=column + draw(st.integers(0, 4)),
        code=draw(text),
        rule=draw(text),
        severity=draw(severities),
        message=draw(text),
        fix=draw(fixes(text)),
    )


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """Up to 6 diagnostics in files whose text is up to 3 lines of hostile text."""
    ds = draw(st.lists(diagnostics(), max_size=6))
    text = "\n".join(draw(st.lists(any_text, max_size=3)))
    return Report(sorted(ds, key=Diagnostic.sort_key), 2, source=lambda _: text)


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the full format adds colour."""

    def isatty(self) -> bool:
        return True


def render(output_format: str, report: Report, stream: io.StringIO | None = None) -> str:
    stream = io.StringIO() if stream is None else stream
    get_reporter(output_format)(report, stream)
    return stream.getvalue()


def assert_shown_safely(output: str, lines: int) -> None:
    """``lines`` lines, each ended by the only line break, and nothing unsafe in them."""
    assert output.endswith("\n") or lines == 0
    assert len(output.splitlines()) == lines  # splitlines also breaks at \x0b, \x85, \u2028...
    assert UNSAFE.findall(output.replace("\n", "")) == []
    output.encode("utf-8")  # no surrogate left


def full_lines(report: Report, d: Diagnostic) -> int:
    """Header, the snippet of a one-line span (bar, line, underline, bar), help, blank."""
    snippet = 4 if d.line <= len(report.lines(d.path)) else 0
    return 1 + snippet + (d.fix is not None) + 1


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\x00", "\\x00"),
        ("\x1b", "\\x1b"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),
        ("\x9f", "\\x9f"),
        ("\u2028", "\\u2028"),
        ("\u202a", "\\u202a"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
        ("\udce9", "\\xe9"),  # the byte 0xE9 of a file name, as os.fsdecode holds it
        ("\ud800", "\\ud800"),
    ],
)
def test_printable_shows_each_kind_of_unsafe_character_as_an_escape(char: str, shown: str) -> None:
    assert printable(f"a{char}b") == f"a{shown}b"


def test_every_character_printable_escapes_is_one_python_does_not_print() -> None:
    # printable() returns a text that str.isprintable() accepts as it is, unsearched.
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    escaped = _unprintable().findall(everything)
    assert len(escaped) > 100
    assert not any(char.isprintable() for char in escaped)


@given(st.text())
def test_printable_keeps_every_other_character(text: str) -> None:
    kept = UNSAFE.sub("", text)
    assert printable(kept) == kept


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_concise_and_summary_show_one_line_per_diagnostic(report: Report) -> None:
    output = render("concise", report) + summary_line(report) + "\n"
    summary_lines = 1 + (fixable_line(report) is not None)
    assert_shown_safely(output, len(report.diagnostics) + summary_lines)
    for line, d in zip(output.splitlines(), report.diagnostics, strict=False):
        assert line.startswith(f"{printable(d.path)}:{d.line}:{d.column}: ")


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_full_format_shows_hostile_source_lines_safely(report: Report) -> None:
    plain = render("full", report)
    assert_shown_safely(plain, sum(full_lines(report, d) for d in report.diagnostics))
    # With colour, the only escape sequences are the colours the format adds itself.
    coloured = render("full", report, Terminal())
    assert COLOUR.sub("", coloured) == plain


def test_full_format_underlines_what_is_shown_of_escaped_text(tmp_path: Path) -> None:
    d = Diagnostic("f.md", 1, 9, 1, 12, "FL104", "invalid-value", Severity.ERROR, "bad")
    out = render("full", Report([d], 1, source=lambda _: "key: \x1b\t\u202ebad \x1b"))
    before = "key: \\x1b    \\u202e"
    assert out.splitlines()[2:4] == [
        f"1 | {before}bad \\x1b",
        f"  | {' ' * len(before)}^^^ FL104",
    ]


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_github_commands_are_one_line_each(report: Report) -> None:
    output = render("github", report)
    assert_shown_safely(output, len(report.diagnostics))
    for line in output.splitlines():
        assert re.match(r"::(error|warning) file=[^:,]*,line=\d+,col=\d+,", line)


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_statistics_show_one_line_per_rule(report: Report) -> None:
    stream = io.StringIO()
    write_statistics(report, stream)
    rules = {(d.code, d.rule) for d in report.diagnostics}
    assert_shown_safely(stream.getvalue(), len(rules))


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_junit_is_well_formed_and_its_failure_text_is_for_people(report: Report) -> None:
    output = render("junit", report)
    root = ET.fromstring(output.encode("utf-8"))
    failures = root.findall("testsuite/testcase/failure")
    assert len(failures) == len(report.diagnostics)
    for failure, d in zip(failures, report.diagnostics, strict=True):
        text = failure.text or ""
        assert_shown_safely(text + "\n", 1)
        assert text.startswith(f"{printable(d.path)}:{d.line}:{d.column}: ")


#: A character of each class XML 1.0 cannot hold, even escaped: C0 controls but tab, LF and
#: CR; lone surrogates (a file name that is not UTF-8); the noncharacters U+FFFE and U+FFFF.
NOT_XML = st.one_of(
    st.integers(0, 0x1F).filter(lambda code: chr(code) not in "\t\n\r").map(chr),
    st.integers(0xD800, 0xDFFF).map(chr),
    st.sampled_from(["\ufffe", "\uffff"]),
)
text_xml_cannot_hold = st.lists(st.one_of(st.characters(), NOT_XML), max_size=12).map("".join)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(diagnostics(text_xml_cannot_hold), min_size=1, max_size=4))
def test_junit_is_well_formed_whatever_characters_its_texts_hold(ds: list[Diagnostic]) -> None:
    ds.sort(key=Diagnostic.sort_key)
    root = ET.fromstring(render("junit", Report(ds, 1, source=lambda _: None)).encode("utf-8"))
    failures = root.findall("testsuite/testcase/failure")
    assert [failure.get("type") for failure in failures] == [d.severity.value for d in ds]


@settings(max_examples=examples(80), deadline=None)
@given(st.text(), st.text())
def test_junit_attributes_keep_text_that_xml_can_hold(message: str, path: str) -> None:
    cannot = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    message, path = cannot.sub("", message), cannot.sub("", path)
    d = Diagnostic(path, 1, 1, 1, 1, "FL100", "schema", Severity.ERROR, message)
    root = ET.fromstring(render("junit", Report([d], 1)).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == message
    assert root.find("testsuite").get("name") == path  # type: ignore[union-attr]


def carried(output_format: str, report: Report) -> list[tuple[str, str]]:
    """(path, text) of each diagnostic as a machine format carries them: the message, or
    for gitlab the description that holds it (SARIF's path is a URI, tested elsewhere)."""
    output = render(output_format, report)
    output.encode("utf-8")
    if output_format == "json":
        return [(item["path"], item["message"]) for item in json.loads(output)]
    if output_format == "json-lines":
        items = [json.loads(line) for line in output.split("\n")[:-1]]
        return [(item["path"], item["message"]) for item in items]
    if output_format == "gitlab":
        issues = json.loads(output)
        return [(item["location"]["path"], item["description"]) for item in issues]
    results = json.loads(output)["runs"][0]["results"]
    return [("", result["message"]["text"]) for result in results]


def expected_text(output_format: str, d: Diagnostic) -> str:
    return f"{d.code} [{d.rule}] {d.message}" if output_format == "gitlab" else d.message


def expected_path(output_format: str, d: Diagnostic) -> str:
    """JSON has the path as linted; gitlab relative to the root (here outside it)."""
    return Path(d.path).as_posix() if output_format == "gitlab" else d.path


MACHINE_FORMATS = ["json", "json-lines", "gitlab", "sarif"]


@pytest.mark.parametrize("output_format", MACHINE_FORMATS)
@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=st.lists(diagnostics(text=st.text(max_size=20)), max_size=4))
def test_machine_formats_carry_the_exact_text(output_format: str, ds: list[Diagnostic]) -> None:
    report = Report(ds, 1, root=Path("/nowhere"), source=lambda _: None)
    paths, texts = zip(*carried(output_format, report), strict=True) if ds else ((), ())
    assert list(texts) == [expected_text(output_format, d) for d in ds]
    if output_format != "sarif":
        assert list(paths) == [expected_path(output_format, d) for d in ds]


@pytest.mark.parametrize("output_format", MACHINE_FORMATS)
@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=st.lists(diagnostics(), max_size=4))
def test_machine_formats_write_undecodable_bytes_as_text(
    output_format: str, ds: list[Diagnostic]
) -> None:
    report = Report(ds, 1, root=Path("/nowhere"), source=lambda _: None)
    paths, texts = zip(*carried(output_format, report), strict=True) if ds else ((), ())
    assert list(texts) == [valid_text(expected_text(output_format, d)) for d in ds]
    if output_format != "sarif":
        assert list(paths) == [valid_text(expected_path(output_format, d)) for d in ds]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"path": "caf\udce9.md"}, '{"path": "caf\\\\xe9.md"}'),
        (["\ud83d", "\\x"], '["\\\\ud83d", "\\\\x"]'),
        ("exact \x1b \u202e", '"exact \\u001b \u202e"'),
    ],
)
def test_json_text_writes_lone_surrogates_as_escaped_text(value: object, expected: str) -> None:
    assert json_text(value) == expected
    json.loads(expected)


def counting_source(reads: dict[str, int]) -> Callable[[str], str]:
    def source(path: str) -> str:
        reads[path] = reads.get(path, 0) + 1
        return "---\n" + "key: value\n" * 5

    return source


@pytest.mark.parametrize("output_format", ["full", "sarif", "gitlab", "json", "junit", "github"])
def test_each_file_is_read_and_split_once_per_report(output_format: str) -> None:
    ds = [
        Diagnostic(path, n % 5 + 1, 1, n % 5 + 1, 4, "FL101", "unknown-key", Severity.ERROR, "m")
        for path in ("a.md", "b.md")
        for n in range(50)
    ]
    reads: dict[str, int] = {}
    render(output_format, Report(ds, 2, source=counting_source(reads)))
    assert all(count == 1 for count in reads.values()), reads
