"""JUnit XML for CI systems that show test reports: one test case per diagnostic.

Each file with problems is a test suite; each diagnostic a failed test case named after its
rule, place and message, whatever its severity (a report of warnings is still worth reading). A run
without problems is one passing test case, so the report is never empty.

Attributes hold the exact text (XML escapes line breaks and tabs there), except characters
XML 1.0 cannot hold at all, shown as ``\\xNN``, and the bytes of a file name that is not UTF-8
(``caf\\xe9.md``). The text of a failure is the concise line, for people: escaped as the
human formats escape it (element text would not keep a CR anyway), and then as the
attributes are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import groupby
from typing import TextIO

from filmlint.diagnostics import Diagnostic
from filmlint.reporters import Report, plural
from filmlint.reporters.display import printable, valid_text

# Characters XML 1.0 cannot hold, even escaped: they are shown as \xNN instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", valid_text(text))


def _case_names(diagnostics: list[Diagnostic]) -> list[str]:
    """Each problem's test-case name, distinct among a file's: consumers know a test case by
    its class name and name (GitLab shows one of each), and several problems may share a
    place (the missing keys, all at the first key). The rule, place and message, then the
    occurrence among identical ones: the same from one run to the next."""
    used: set[str] = set()
    repeats: Counter[str] = Counter()  # each base's last number: k repeats cost k, not k^2
    names = []
    for d in diagnostics:
        name = base = _clean(f"{d.code} [{d.rule}] at {d.line}:{d.column}: {d.message}")
        while name in used:
            repeats[base] += 1
            name = f"{base} ({repeats[base] + 1})"
        used.add(name)
        names.append(name)
    return names


def write(report: Report, stream: TextIO) -> None:
    failures = str(len(report.diagnostics))
    tests = str(max(1, len(report.diagnostics)))
    root = ET.Element("testsuites", name="filmlint", tests=tests, failures=failures, errors="0")
    if not report.diagnostics:
        suite = ET.SubElement(root, "testsuite", name="filmlint", tests="1", failures="0")
        suite.set("errors", "0")
        ET.SubElement(
            suite,
            "testcase",
            name=f"All checks passed ({plural(report.files, 'file')})",
            classname="filmlint",
        )
    for path, group in groupby(report.diagnostics, key=lambda d: d.path):
        diagnostics = list(group)
        count = str(len(diagnostics))
        suite = ET.SubElement(
            root, "testsuite", name=_clean(path), tests=count, failures=count, errors="0"
        )
        for d, name in zip(diagnostics, _case_names(diagnostics), strict=True):
            case = ET.SubElement(
                suite,
                "testcase",
                name=name,
                classname=_clean(path),
                file=_clean(path),
                line=str(d.line),
            )
            failure = ET.SubElement(
                case, "failure", message=_clean(d.message), type=d.severity.value
            )
            # printable leaves U+FFFE and U+FFFF, which XML cannot hold either.
            failure.text = _clean(
                printable(
                    f"{d.path}:{d.line}:{d.column}: {d.code} [{d.rule}] {d.severity}: {d.message}"
                )
            )
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
