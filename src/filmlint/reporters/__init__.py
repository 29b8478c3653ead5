"""Output formats. A reporter turns finished diagnostics into text; it knows nothing of rules.

What a format needs to know about the rules (codes, help text, help URIs) comes in the
``Report`` as plain data; what it needs of the files (their lines, for snippets, UTF-16
columns and fingerprints) it asks ``Report.lines`` for, which reads only files with problems.
Text from files is made safe to output by ``filmlint.reporters.display``.
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Final, TextIO

from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.settings import MAX_FILE_SIZE
from filmlint.reporters.colour import Style, wants_colour
from filmlint.text.decoding import BOM, decode
from filmlint.text.positions import split_lines
from filmlint.text.reading import read_bytes


class RuleInfo:
    """What an output may say about a rule, without knowing the rule itself."""

    __slots__ = ("code", "help", "help_uri", "name", "severity", "summary")

    def __init__(
        self,
        code: str,
        name: str,
        summary: str,
        help: str,
        help_uri: str | None,
        severity: Severity,
    ) -> None:
        self.code = code
        self.name = name
        self.summary = summary
        self.help = help
        self.help_uri = help_uri
        self.severity = severity


def read_source(path: str, max_size: int = MAX_FILE_SIZE) -> str | None:
    """A file's text as it was decoded to place its problems, or None when it is not read.

    Of a file that is not UTF-8, what decoded before the fault: its ``file-encoding`` problem
    is placed in that text, so its columns are converted in it too. Read as the linter reads
    it (``text.reading``): a FIFO would block the report, a device read without end, and a
    file over ``max_size`` is one the linter refused to read too.
    """
    try:
        return decode(read_bytes(path, max_size))[0]
    except OSError:  # UnreadableFile too
        return None


def linted_sources(
    texts: Mapping[str, str], max_size: Callable[[str], int] = lambda _: MAX_FILE_SIZE
) -> Callable[[str], str | None]:
    """``read_source``, of at most ``max_size(path)`` bytes (the max-file-size the file was
    linted with), except for the paths in ``texts``, linted from a text that is not the
    file's (stdin, under its ``--stdin-filename`` or '-'): that text, which the problems'
    positions and the offending text refer to, whatever the file on disk holds."""

    def source(path: str) -> str | None:
        text = texts.get(path)
        return read_source(path, max_size(path)) if text is None else text

    return source


class Report:
    """Everything a reporter may show: the diagnostics (sorted) and how many files were read.

    ``rules`` maps the name of every rule that ran to what outputs may say about it; ``root``
    is the folder that relative artifact paths start from; ``source`` reads a file's text
    (asked once per file, by ``lines``). ``unsafe_fixes`` says whether unsafe fixes were
    enabled; when not, a diagnostic with one may say that it has one. ``fixed`` says that
    the run applied every fix it was given leave to: a fix still offered was refused, and is
    not counted as fixable. ``configured`` says
    whether any file was linted with a configuration file; when not, the summary may hint
    at writing one. ``colour`` says whether human formats colour their text; None: when
    the stream is a terminal (``filmlint.reporters.colour.wants_colour``).

    A plain class, not a dataclass: building a dataclass costs a one-file run more than its
    report (the attributes are final all the same).
    """

    __slots__ = (
        "_lines",
        "colour",
        "configured",
        "diagnostics",
        "files",
        "fixed",
        "root",
        "rules",
        "source",
        "unsafe_fixes",
    )

    def __init__(
        self,
        diagnostics: Sequence[Diagnostic],
        files: int,
        rules: Mapping[str, RuleInfo] | None = None,
        root: Path | None = None,
        source: Callable[[str], str | None] = read_source,
        unsafe_fixes: bool = False,
        configured: bool = True,
        colour: bool | None = None,
        fixed: bool = False,
    ) -> None:
        self.diagnostics: Final = diagnostics
        self.files: Final = files
        self.rules: Final[Mapping[str, RuleInfo]] = {} if rules is None else rules
        self.root: Final = Path.cwd() if root is None else root
        self.source: Final = source
        self.unsafe_fixes: Final = unsafe_fixes
        self.configured: Final = configured
        self.colour: Final = colour
        self.fixed: Final = fixed
        self._lines: Final[dict[str, list[str]]] = {}

    def __repr__(self) -> str:
        return f"Report({len(self.diagnostics)} diagnostics, {self.files} files)"

    def lines(self, path: str) -> list[str]:
        """The ``source_lines`` of a file ([] when it cannot be read), split once per report:
        a format that looks up a line for each of many problems in a file stays linear."""
        lines = self._lines.get(path)
        if lines is None:
            text = self.source(path)
            lines = self._lines[path] = [] if text is None else source_lines(text)
        return lines


Reporter = Callable[[Report, TextIO], None]

#: Format name -> module with a ``write(report, stream)`` function, imported only when used.
FORMATS: dict[str, str] = {
    "concise": "filmlint.reporters.concise",
    "full": "filmlint.reporters.full",
    "json": "filmlint.reporters.json",
    "json-lines": "filmlint.reporters.jsonlines",
    "github": "filmlint.reporters.github",
    "sarif": "filmlint.reporters.sarif",
    "junit": "filmlint.reporters.junit",
    "gitlab": "filmlint.reporters.gitlab",
}
#: Formats read by people: they end with a summary line; the others are for machines only.
HUMAN_FORMATS = frozenset({"concise", "full"})
#: Formats that write a document for machines, in UTF-8 (as JSON and the XML declaration
#: require) whatever the encoding of the terminal.
DOCUMENT_FORMATS = frozenset({"json", "json-lines", "sarif", "junit", "gitlab"})


def style_for(report: Report, stream: TextIO) -> Style:
    """How a human format colours ``report`` on ``stream``."""
    enabled = wants_colour(stream) if report.colour is None else report.colour
    return Style(enabled)


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(FORMATS[name])
    write: Reporter = module.write
    return write


def source_lines(text: str) -> list[str]:
    """The lines of a text without their breaks, split as YAML and ``LineIndex`` split them.

    A BOM is dropped from the first line, as it is not a column.
    """
    return split_lines(text.removeprefix(BOM))


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with '/' separators, or as given when outside it."""
    try:
        return normal_absolute(path).relative_to(normal_absolute(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def normal_absolute(path: str | Path) -> Path:
    """``path`` made absolute, its '.' and '..' taken away by name, as ``cd`` does (its
    symlinks are not resolved): ``relative_to`` compares names only, and would find
    ``root/../x.md`` inside ``root``, or name ``root/sub/../a.md`` ``sub/../a.md``."""
    return Path(os.path.normpath(Path(path).absolute()))


#: Said of a diagnostic whose fix is unsafe, when unsafe fixes were not enabled.
UNSAFE_HINT = " (unsafe fix available: --unsafe-fixes)"


def fix_hint(report: Report, diagnostic: Diagnostic) -> str:
    """``UNSAFE_HINT`` when the diagnostic has an unsafe fix that was not enabled, else ""."""
    fix = diagnostic.fix
    if fix is None or fix.applicability == "safe" or report.unsafe_fixes:
        return ""
    return UNSAFE_HINT


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(report: Report) -> str:
    """ "3 problems (2 errors, 1 warning) in 2 of 5 files", or "All checks passed (5 files)";
    then on lines of their own, ``fixable_line`` and ``first_run_hint`` when there are."""
    if not report.diagnostics:
        return f"All checks passed ({plural(report.files, 'file')})"
    errors = sum(1 for d in report.diagnostics if d.severity is Severity.ERROR)
    warnings = len(report.diagnostics) - errors
    with_problems = len({d.path for d in report.diagnostics})
    summary = (
        f"{plural(len(report.diagnostics), 'problem')} "
        f"({plural(errors, 'error')}, {plural(warnings, 'warning')}) "
        f"in {with_problems} of {plural(report.files, 'file')}"
    )
    lines = [summary, fixable_line(report), first_run_hint(report)]
    return "\n".join(line for line in lines if line is not None)


def fixable_line(report: Report) -> str | None:
    """How many problems a fix resolves and with which flag: "3 fixable with --fix; 2 more
    with --unsafe-fixes" (unsafe ones count as fixable once enabled), or None: none are.
    After a run that fixed, the fixes it was allowed and left were refused: not counted."""
    safe = sum(1 for d in report.diagnostics if d.fix is not None and d.fix.applicability == "safe")
    unsafe = sum(1 for d in report.diagnostics if d.fix is not None) - safe
    if report.unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    if report.fixed:
        safe = 0
    if not safe and not unsafe:
        return None
    parts = [f"{safe} fixable with --fix"] if safe else []
    if unsafe:
        more = "more" if safe else "fixable"
        parts.append(f"{unsafe} {more} with --unsafe-fixes")
    return "; ".join(parts)


#: Problems of one rule, over half of all, that make a run without configuration suggest one:
#: so many are rarely mistakes, more often the site's own way of writing.
DOMINANT_PROBLEMS = 20


def first_run_hint(report: Report) -> str | None:
    """On a run without a configuration file where one rule found most problems (over half,
    and at least ``DOMINANT_PROBLEMS``), how to configure filmlint for the site."""
    if report.configured or not report.diagnostics:
        return None
    rule, count = Counter(d.rule for d in report.diagnostics).most_common(1)[0]
    if count < DOMINANT_PROBLEMS or count * 2 <= len(report.diagnostics):
        return None
    return (
        f"hint: {count} of the {len(report.diagnostics)} problems are {rule}; if the site "
        f"writes them so on purpose, 'filmlint init' writes a configuration that fits it "
        f"(or see the options of 'filmlint rule {rule}')"
    )
