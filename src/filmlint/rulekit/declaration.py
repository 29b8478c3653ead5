"""What a rule is: its declaration, its options, the context of its run-level phase, and a
registry of rules by name and code.

A rule is usually a module (as in yamllint) that declares, beside its ``check`` generator::

    NAME = "duplicate-item"          # stable, kebab-case
    CODE = "FL204"                   # stable, unique
    SEVERITY = Severity.ERROR        # default; configurable per rule
    OPTIONS = {"fields": Option(["topics"], "Lists to look at.")}
    def check(document, options): ...  # yields Problem

and whose docstring is its documentation page (first line: the summary).

A rule whose options can contradict each other (``min`` above ``max``) says what is wrong
with them together, once each is valid on its own::

    def options_problem(options): ...  # why the options disagree, or None

It gets every option, the defaults of those not configured included; what it returns is
reported as a bad option is, naming the rule's table.

A rule that needs to see every file before it can judge any (``url-reachable`` asks each
distinct URL once per run) has a run-level phase instead of, or beside, ``check``::

    def gather(document, options): ...              # yields (data path, str value) pairs
    def finish(references, options, context): ...   # yields ReferenceProblem, once per run

``gather`` runs in the per-file pass (single-pass, no shared state, safe in worker
processes); the linter places what it yields as picklable ``Reference`` objects in the
file's ``FileResult``: at the value its data path names, or, at ``()`` (a value about the
file as a whole), at the front matter's opening ``---``. After the last file, ``finish``
gets the references of all files (only those of files where the rule is active, unless it
``reads_translations``) and a ``RunContext``.

Such a rule may also say, once per linter, what ``gather`` needs to know of the run::

    def gather_options(options, context): ...  # the options gather gets, or None

None when ``finish`` could report nothing this run (``url-reachable`` offline with no
answers cached): then no file is gathered from. What it returns is part of each file's
result-cache key, so a cached result never lacks what a later run could report on. It is
asked when the linter is built: a linter that lives long (the editor's server) sees what
changed since (a URL cache an online check wrote) when it is built again.

filmlint's own rules that judge a file by its language versions are given each set as soon
as its files are in (``filmlint.engine.run_phase.StreamedSets``), and say how to judge one
set with the run's work done once::

    def judge_sets(options, context): ...  # a judge of (set key, members), or None
"""

from __future__ import annotations

import inspect
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from filmlint.diagnostics import (
    DataPath,
    Diagnostic,
    Problem,
    Reference,
    ReferenceProblem,
    Severity,
)

if TYPE_CHECKING:
    from filmlint.frontmatter.document import Document

CheckFunction = Callable[["Document", Mapping[str, Any]], Iterable[Problem]]
GatherFunction = Callable[["Document", Mapping[str, Any]], Iterable[tuple[DataPath, str]]]
FinishFunction = Callable[
    [Sequence[Reference], Mapping[str, Any], "RunContext"], Iterable[ReferenceProblem]
]
GatherOptionsFunction = Callable[[Mapping[str, Any], "RunContext"], Mapping[str, Any] | None]
#: Judges one translation set: its key and its members (``translation_sets.Member``).
SetJudge = Callable[[str, list[Any]], Iterable[ReferenceProblem]]
#: Makes a run's ``SetJudge`` from its options and context once (None: nothing to judge).
JudgeSetsFunction = Callable[[Mapping[str, Any], "RunContext"], SetJudge | None]
#: Why a rule's options, each valid on its own, do not go together (None: they do).
OptionsProblemFunction = Callable[[Mapping[str, Any]], str | None]


class RuleError(Exception):
    """A rule or plugin that cannot be loaded or is declared wrongly."""


@dataclass(frozen=True, slots=True)
class Option:
    """A rule option: its default (whose type is the option's type) and its help text."""

    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    #: Further validation of a configured value: returns why it is wrong, or None.
    validate: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class RunContext:
    """What a rule's ``finish`` may know of the run beyond its options."""

    #: The folder relative paths in the configuration start from (the config file's).
    root: Path = field(default_factory=Path.cwd)
    #: ``True``: go online whatever the rules' options say (``--online``); ``False``: never
    #: touch the network (``--offline``, and every ``lint_text``); ``None``: as configured.
    network: bool | None = None
    #: Where progress and summaries go (the CLI's stderr); None keeps the run silent.
    status: TextIO | None = None
    #: Show no progress and no summary on ``status``, only warnings (``--quiet``).
    quiet: bool = False
    #: The BCP 47 tags the locale settings of the files name (folders, suffixes and the
    #: default), and the default's (the locale of files whose path names none).
    locales: tuple[str, ...] = ()
    default_locale: str | None = None
    #: The front-matter key that names a file's locale (``locale.key``), if set: files may
    #: then be in locales ``locales`` does not list.
    locale_key: str | None = None
    #: Files read only to judge the others (a translation's base in a run that names only
    #: the translation): what is reported on them is dropped.
    context_only: frozenset[str] = frozenset()
    #: Reads a file's bytes again (OSError when it cannot): for a gathered value the result
    #: cache kept without its file's text (``filmlint.rulekit.kept_text``). None: no file is
    #: read again, and such a value's text is unknown.
    read_file: Callable[[str], bytes] | None = None
    #: Where the language versions of a file would be, by BCP 47 tag, as the locale settings
    #: place them (``{"zh-Hans": "films/x.md", "en": "films/x-en.md"}``), whether they exist
    #: or not. None: not known.
    versions: Callable[[str], Mapping[str, str]] | None = None
    #: How a message names a key of the configuration ("rules.url-reachable.cache"): with
    #: the file it is written in and its key path there
    #: ("site/filmlint.toml: collections.films.rules.url-reachable.cache"). By default, as
    #: given: the options' file is not known.
    setting: Callable[[str], str] = str
    #: How a message names a file of the run other than the one it is on (a translation's
    #: base, the path a missing version would have): by default as the run names it. The
    #: language server, which names files by absolute path, names them from the editor's
    #: workspace folder.
    shown_file: Callable[[str], str] = str
    #: What the file phase found in a file of the run, by path: its diagnostics, and the
    #: problems that per-file-ignores or a suppression comment keep out of its report; for a
    #: file read only for context, what its full file phase finds (it is read so when asked).
    #: A fix may depend on it: translation-mismatch takes no base value that has a problem of
    #: its own, reported or not. None: not known (nothing is then held against a value).
    diagnostics: Callable[[str], Sequence[Diagnostic]] | None = None

    def warn(self, message: str) -> None:
        """A warning about the run, not about a file (a damaged cache, say)."""
        if self.status is not None:
            print(f"filmlint: warning: {message}", file=self.status)
        else:
            warnings.warn(message, stacklevel=2)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    code: str
    summary: str
    doc: str
    severity: Severity = Severity.ERROR
    options: Mapping[str, Option] = field(default_factory=dict)
    #: None for the checks made while parsing and validating (they have no plugin code).
    check: CheckFunction | None = None
    origin: str = "filmlint"
    #: The run-level phase (both or neither): see the module's docstring.
    gather: GatherFunction | None = None
    finish: FinishFunction | None = None
    #: The rule table's cells (Markdown) where the summary and the option names will not
    #: do (``TABLE_SUMMARY``, ``TABLE_OPTIONS``); empty: those.
    table_summary: str = ""
    table_options: str = ""
    #: ``finish`` judges a file by the other language versions of it (``READS_TRANSLATIONS``):
    #: a run that names only some files reads the versions it does not name too. When each
    #: of its values names a set (``translation_sets.encode``), ``finish`` is given one set
    #: at a time (``filmlint.engine.gathered``). A file that turns the rule off is still a
    #: version: its values come with ``Reference.reported`` False (those a suppression
    #: comment covers, only at ``()``), and no problem is shown on them.
    reads_translations: bool = False
    #: Each of its values ends with its file's front matter, the text before the body
    #: (``KEEPS_FILE_TEXT``): the result cache keeps that tail as a reference to the file,
    #: and ``finish`` reads it back with ``filmlint.rulekit.kept_text.resolve``. Read for
    #: filmlint's own rules alone: that module is not part of the plugin API, so a plugin's
    #: values come back from the cache as they were gathered.
    keeps_file_text: bool = False
    #: The options ``gather`` gets in a run, or None to gather nothing (module docstring).
    gather_options: GatherOptionsFunction | None = None
    #: For a rule that ``reads_translations``: its ``finish`` for one set at a time, with
    #: what depends only on the options and the run worked out once (``judge_sets``). A run
    #: that judges each set as soon as its files are in (``run_phase.StreamedSets``) calls it
    #: per set; ``finish`` per set would redo that work each time.
    judge_sets: JudgeSetsFunction | None = None
    #: Checks the options together (``options_problem``): see the module's docstring.
    options_problem: OptionsProblemFunction | None = None

    @classmethod
    def declared(
        cls,
        name: str,
        code: str,
        doc: str,
        severity: Severity = Severity.ERROR,
        *,
        table_summary: str = "",
    ) -> Rule:
        """A rule that the parser, the schema check or the engine reports: no plugin code."""
        text = doc.strip("\n")
        return cls(
            name=name,
            code=code,
            summary=first_paragraph(text),
            doc=text,
            severity=severity,
            table_summary=table_summary,
        )

    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}


def first_paragraph(text: str) -> str:
    """The first paragraph of a docs page, on one line: the rule's summary."""
    return " ".join(text.strip().split("\n\n", 1)[0].split())


@lru_cache(maxsize=256)
def _cleaned(doc: str) -> str:
    """``inspect.cleandoc``, once per docs page: the registry is read more than once a run
    (the command line's options, each configuration's linter), and a page is long."""
    return inspect.cleandoc(doc)


#: A rule's name: lowercase words of letters and digits joined by hyphens ("duplicate-item").
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
#: A rule's code: capital letters, then digits ("FL204"); its letters and the first of its
#: digits are a code prefix (``Registry.matching``).
_CODE = re.compile(r"[A-Z]+[0-9]+")
_CODE_PREFIX = re.compile(r"[A-Z]+[0-9]*")
#: The key of every rule's table that sets its severity: no option may be named so.
SEVERITY_KEY = "severity"
_DIGITS = "0123456789"

#: The types of an option's default (and so of its values): those a configuration holds.
_OPTION_TYPES = (bool, int, float, str, list, dict)


def rule_from_object(obj: Any, origin: str) -> Rule:
    """Read a rule's declaration from a module (or any object with the same attributes)."""
    where = getattr(obj, "__name__", repr(obj))
    try:
        name, code = obj.NAME, obj.CODE
    except AttributeError as error:
        raise RuleError(f"rule {where} lacks {error.name}") from None
    for attribute, value in (("NAME", name), ("CODE", code)):
        if type(value) is not str:  # a key of the registry, a selector, a column of reports
            raise RuleError(f"rule {where} has a {attribute} of type {type(value).__name__!r}")
    # Selectors name rules by name, code or code prefix, a name first: a name shaped as a
    # code ("fl201"), or "all", would take its selector from what it means.
    if not _NAME.fullmatch(name) or name == "all" or _CODE.fullmatch(name.upper()):
        raise RuleError(
            f"rule {where} has NAME {name!r}: a name is lowercase words of letters and digits "
            "joined by hyphens, neither 'all' nor shaped as a code"
        )
    if not _CODE.fullmatch(code):
        raise RuleError(f"rule {name} has CODE {code!r}: a code is capital letters, then digits")
    check = getattr(obj, "check", None)
    gather, finish = getattr(obj, "gather", None), getattr(obj, "finish", None)
    gather_options = getattr(obj, "gather_options", None)
    if check is None and gather is None:
        raise RuleError(f"rule {name} lacks check (or gather and finish)")
    if (gather is None) != (finish is None):
        raise RuleError(f"rule {name} has one of gather and finish without the other")
    doc = getattr(obj, "__doc__", None) or ""
    summary = getattr(obj, "SUMMARY", None)
    if not isinstance(doc, str) or not isinstance(summary, str | None):
        raise RuleError(f"rule {name} has a docstring or SUMMARY that is not a string")
    doc = _cleaned(doc)
    summary = summary or first_paragraph(doc) or name
    declared_options = getattr(obj, "OPTIONS", {})
    if not isinstance(declared_options, Mapping):
        raise RuleError(
            f"rule {name} has OPTIONS of type {type(declared_options).__name__!r}, "
            "not a mapping of option names to Option"
        )
    options = dict(declared_options)
    for key, option in options.items():
        problem = _option_problem(key, option)
        if problem is not None:
            raise RuleError(f"rule {name}: option {key!r}: {problem}")
    declared_severity = getattr(obj, "SEVERITY", Severity.ERROR)
    try:
        severity = Severity(declared_severity)
    except (ValueError, TypeError):
        raise RuleError(
            f"rule {name} has SEVERITY {declared_severity!r}, not 'error' or 'warning'"
        ) from None
    if gather_options is not None and gather is None:
        raise RuleError(f"rule {name} has gather_options without gather")
    judge_sets = getattr(obj, "judge_sets", None)
    options_problem = getattr(obj, "options_problem", None)
    declared = (check, gather, finish, gather_options, judge_sets, options_problem)
    if not all(callable(f) for f in declared if f is not None):
        raise RuleError(f"rule {name} has a check (or another function) that is not callable")
    table_summary = getattr(obj, "TABLE_SUMMARY", "")
    table_options = getattr(obj, "TABLE_OPTIONS", "")
    if not isinstance(table_summary, str) or not isinstance(table_options, str):
        raise RuleError(f"rule {name} has a TABLE_SUMMARY or TABLE_OPTIONS that is not a string")
    return Rule(
        name,
        code,
        summary,
        doc,
        severity,
        options,
        check,
        origin,
        gather,
        finish,
        table_summary,
        table_options,
        reads_translations=bool(getattr(obj, "READS_TRANSLATIONS", False)),
        keeps_file_text=origin == "filmlint" and bool(getattr(obj, "KEEPS_FILE_TEXT", False)),
        gather_options=gather_options,
        judge_sets=judge_sets,
        options_problem=options_problem,
    )


def _option_problem(key: object, option: object) -> str | None:
    """Why an option of a rule is declared wrongly, or None: checked once, so that a
    configuration is checked against a declaration that makes sense."""
    if not isinstance(key, str):
        return "an option's name must be a string"
    if key == SEVERITY_KEY:  # the configuration would take its value as the rule's severity
        return f"{SEVERITY_KEY!r} is every rule's severity in its table, not a name for an option"
    if not isinstance(option, Option):
        return f"a {type(option).__name__!r}, not an Option"
    default, choices = option.default, option.choices
    if not isinstance(default, _OPTION_TYPES):
        return (
            f"its default is a {type(default).__name__!r}, not what a configuration holds "
            "(a bool, int, float, str, list or table)"
        )
    if not isinstance(option.help, str):
        return "its help is not a string"
    if option.validate is not None and not callable(option.validate):
        return "its validate is not callable"
    if choices is not None:
        if not isinstance(choices, tuple | list):
            return f"its choices are a {type(choices).__name__!r}, not a tuple"
        values = default if isinstance(default, list) else [default]
        if any(value not in choices for value in values):
            return f"its default {default!r} is not among its choices"
    return None


class Registry:
    """All known rules, by name and by code."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_name: dict[str, Rule] = {}
        self._by_code: dict[str, Rule] = {}
        for rule in rules:
            for index, key in ((self._by_name, rule.name), (self._by_code, rule.code)):
                if key in index:
                    other = index[key]
                    raise RuleError(
                        f"rules {other.name} ({other.origin}) and {rule.name} ({rule.origin}) "
                        f"share {key!r}"
                    )
                index[key] = rule
        # A name that is a code prefix ("ex" beside EX001) would take that prefix's selector.
        by_letters = {code.rstrip(_DIGITS): coded for code, coded in self._by_code.items()}
        for name, named in self._by_name.items():
            prefixed = by_letters.get(name.upper())
            if prefixed is not None:
                raise RuleError(
                    f"rule {named.name} ({named.origin}) is named as the code prefix of "
                    f"{prefixed.name} ({prefixed.origin}), {prefixed.code}"
                )

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._by_name.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._by_name)

    def get(self, name_or_code: str) -> Rule | None:
        return self._by_name.get(name_or_code) or self._by_code.get(name_or_code.upper())

    def __getitem__(self, name: str) -> Rule:
        return self._by_name[name]

    def matching(self, selector: str) -> list[Rule]:
        """Rules a selector names: ``ALL``, a rule name, a code, or a code prefix: a code's
        letters and some of its first digits (``FL``, ``FL2``, ``EX0``; not ``F``)."""
        if selector.upper() == "ALL":
            return list(self)
        rule = self.get(selector)
        if rule is not None:
            return [rule]
        prefix = selector.upper()
        if not _CODE_PREFIX.fullmatch(prefix):
            return []
        letters = prefix.rstrip(_DIGITS)
        return [r for r in self if r.code.startswith(prefix) and r.code.rstrip(_DIGITS) == letters]
