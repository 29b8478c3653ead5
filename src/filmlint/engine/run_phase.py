"""The run phase: once every file's result is in, the rules that judge across files
(``url-reachable``: each URL once) get every file's gathered references; then all the
diagnostics of the run, sorted. A rule that raises there is an ``internal-error`` on each
file whose references it was given; the other rules still run.

A rule that judges a file by its translation set (``Rule.reads_translations``) is given one
set at a time (``GatheredReferences.batches``): a set's problems do not depend on another's,
and a run over many files then holds one set's values at a time. filmlint's own translation
rules are judged even sooner, during the file phase (``StreamedSets``): a set as soon as the
last of its files is in, in the process that linted them, so that their references are never
kept for the run phase nor sent to another process.

A rule may ask what the file phase found in a file of the run (``RunContext.diagnostics``),
reported or silenced (``FileResult.found``): the run phase has every file's; ``StreamedSets``
holds those of the files of the sets still open (few: most files have none). A file read
only for context went through the file phase of the rules that read translations alone:
when asked, it is read in full (``ReadInFull``), once per set."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from filmlint.diagnostics import Diagnostic, Reference, ReferenceProblem, Severity
from filmlint.engine import placement, rule_output
from filmlint.engine.crashes import portable, run_phase_crash
from filmlint.engine.gathered import GatheredReferences
from filmlint.engine.results import FileResult
from filmlint.rule_names import INTERNAL_ERROR
from filmlint.rulekit import translation_sets
from filmlint.rulekit.declaration import Rule, RuleError, RunContext, SetJudge

#: A rule with a run-level phase, and its options.
Gathering = tuple[Rule, Mapping[str, Any]]
#: What a file's full file phase finds (``FileResult.found``), by path: how a file read only
#: for context (whose file phase ran only the rules that read translations) is read in full
#: when a rule asks what it has (``RunContext.diagnostics``).
ReadInFull = Callable[[str], Sequence[Diagnostic]]
#: The one set ``finish`` holds diagnostics under: those of every file of the run.
_WHOLE_RUN = ""


def finish(
    results: Sequence[FileResult],
    gatherings: Sequence[Gathering],
    severity: Mapping[str, Severity],
    context: RunContext,
    *,
    offline: bool = False,
    context_only: frozenset[str] = frozenset(),
    gathered: GatheredReferences | None = None,
    streamed: StreamedSets | None = None,
    read_in_full: ReadInFull | None = None,
    shown_file: Callable[[str], str] | None = None,
) -> list[Diagnostic]:
    """Every file's diagnostics and those of the run-level rules, sorted.

    ``offline=True`` keeps this call off the network whatever ``context`` says.
    ``context_only``: files whose references the rules see but on which nothing is reported.
    ``gathered``: the references of the run, when the file phase kept them apart from
    ``results`` (then those of ``results`` are not looked at); ``streamed``: what the rules
    it streams found, judged during the file phase (their references are in neither);
    ``read_in_full``: how a rule is told what a file of ``context_only`` has (None: as its
    result says); ``shown_file``: how a message names another file (None: as ``context``
    says, by default as the run names it).
    """
    diagnostics = [d for result in results for d in result.diagnostics]
    if gatherings:
        context = _run_context(
            context, offline=offline, context_only=context_only, shown_file=shown_file
        )
        diagnosed = _Diagnosed(context_only, read_in_full)
        diagnosed.hold(_WHOLE_RUN, diagnostics)
        silenced = [d for result in results for d in result.silenced]
        if silenced:  # held apart: told to the rules, never reported
            diagnosed.hold(_WHOLE_RUN, silenced)
        context = replace(context, diagnostics=diagnosed.of)
        if gathered is None:
            with GatheredReferences(in_memory=sys.maxsize) as held:
                for result in results:
                    held.add(result.gathered)
                diagnostics.extend(_finish_rules(held, streamed, gatherings, severity, context))
        else:
            diagnostics.extend(_finish_rules(gathered, streamed, gatherings, severity, context))
    if context_only:
        diagnostics = [d for d in diagnostics if d.path not in context_only]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def streams(rule: Rule) -> bool:
    """Whether ``StreamedSets`` judges ``rule``: filmlint's own translation rules, each of
    whose values names the set of the file it comes from (``translation_sets.encode``), and
    which judge one set at a time (``Rule.judge_sets``). A plugin's values may name sets
    otherwise, or some none (then ``finish`` is given all of them at once): a set judged
    early could not be judged again with them, so a plugin's rule waits for the run phase."""
    return (
        rule.reads_translations
        and rule.origin == "filmlint"  # a plugin's: its package's
        and rule.judge_sets is not None
    )


#: What the rules a process judges found since it last handed it over
#: (``StreamedSets.take``), by rule: problems, the error that failed the rule (None), and the
#: files it had references in.
Found = dict[str, tuple[list[ReferenceProblem], BaseException | None, list[str]]]


class StreamedSets:
    """The run phase of the rules that ``streams``, during the file phase of a run whose
    translation sets are named by path: told each file's set (its path without its locale,
    ``PathPolicy.versions``) before the run, and given each file's result (``judged``), it
    judges a set as soon as the last of its files is in and lets go of its references. A
    set's batch is what it would be in the run phase: its references in the order gathered.
    With the files of each set adjacent, it holds one set at a time.

    A run in several processes cuts its files into chunks that never split a set
    (``joined``): each process judges the sets of the chunks it lints, in its own copy, and
    hands what it found to the parent's (``take``, ``merge``), so that neither the values nor
    the documents a set is judged by leave the process that made them."""

    def __init__(
        self,
        gatherings: Sequence[Gathering],
        context: RunContext,
        sets: Sequence[str],
        *,
        context_only: frozenset[str] = frozenset(),
        read_in_full: ReadInFull | None = None,
    ) -> None:
        """``sets``: the set of each file of the run, in the order the files come;
        ``read_in_full``: how a rule is told what a file of ``context_only`` has."""
        context = _run_context(context, offline=False, context_only=context_only)
        #: The diagnostics of the files of the open sets, by set: told to the rules.
        self._diagnosed = _Diagnosed(context_only, read_in_full)
        self._context = replace(context, diagnostics=self._diagnosed.of)
        self._judged = {
            rule.name: _Judged(rule, opts) for rule, opts in gatherings if streams(rule)
        }
        self._sets = sets
        #: The files of each set still to come (a dict: deleting from a Counter runs Python).
        self._left = dict(Counter(sets))
        #: The references of the open sets held now.
        self._held = 0
        #: What the rules found in every process, as handed over (``merge``).
        self._found = {name: _Outcome([]) for name in self._judged}
        #: The most references held at once in this process.
        self.most_held = 0

    @property
    def sets(self) -> Sequence[str]:
        """The set of each file of the run, in the order the files come."""
        return self._sets

    @property
    def held(self) -> int:
        """The references held now: those of the sets still open."""
        return self._held

    def joined(self, index: int) -> bool:
        """Whether the file at ``index`` is of the same set as the one before it: a chunk of
        the run's files may not end between them."""
        return 0 < index < len(self._sets) and self._sets[index] == self._sets[index - 1]

    def judged(self, index: int, result: FileResult) -> FileResult:
        """The result of the file at ``index``, without the references of the rules judged
        here, which are kept until its set is judged (as soon as its last file is in)."""
        gathered = result.gathered
        name = self._sets[index]
        if result.diagnostics:  # most files have none
            self._diagnosed.hold(name, result.diagnostics)
        if result.silenced:  # told to the rules as the others are, never reported
            self._diagnosed.hold(name, result.silenced)
        others: list[Reference] = []
        judged_rules = self._judged
        for reference in gathered:
            judged = judged_rules.get(reference.rule)
            if judged is None:
                others.append(reference)
                continue
            judged.files[reference.file] = None
            if judged.error is None:
                held = judged.open.get(name)
                if held is None:  # the set's first: ``setdefault`` would make a list each time
                    judged.open[name] = [reference]
                else:
                    held.append(reference)
                self._held += 1
        left = self._left[name] - 1
        if left:
            self._left[name] = left
        else:
            del self._left[name]
            # Most are held just before a set is judged: only adding comes between.
            if self._held > self.most_held:
                self.most_held = self._held
            key = translation_sets.path_key(name)
            begins = translation_sets.opening(key)  # what each value of the set starts with
            for judged in judged_rules.values():
                self._held -= judged.judge(name, key, begins, self._context)
            diagnosed = self._diagnosed
            if diagnosed.held or diagnosed.read:
                diagnosed.drop(name)
        if len(others) == len(gathered):
            return result
        return FileResult(result.diagnostics, tuple(others), result.silenced, result.seen)

    def take(self) -> Found:
        """What this process found since it last handed it over, handed over now (as a worker
        sends it to the parent: a rule's error too)."""
        found: Found = {}
        for name, judged in self._judged.items():
            error = judged.error
            if judged.problems or judged.files or error is not None:
                sent = None if error is None else portable(error)
                found[name] = (judged.problems, sent, list(judged.files))
                judged.problems, judged.files = [], {}
        return found

    def merge(self, found: Found) -> None:
        """Add what a process found (``take``) to what the run found."""
        for name, (problems, error, files) in found.items():
            outcome = self._found[name]
            outcome.problems.extend(problems)
            outcome.files.update(dict.fromkeys(files))
            if outcome.error is None:
                outcome.error = error

    def outcome(self, rule: str) -> _Outcome | None:
        """What ``rule`` found in the sets judged; None for a rule it does not judge."""
        self.merge(self.take())
        found = self._found.get(rule)
        if found is None:
            return None
        if found.error is not None:  # what it found before failing is not reported
            return _Outcome([], found.error, found.files)
        return found


class _Diagnosed:
    """What the file phase found that rules may ask for (``RunContext.diagnostics``): those
    held, by set (``StreamedSets``: of the open sets alone; the run phase: all, as one), and
    those of the files read only for context, read in full when asked. A path is looked up
    however it is spelt (``translation_sets.one_spelling``): a rule may ask for a version
    by the path the locale settings give it, spelt as the file it judges is, which may not
    be as the run found that version."""

    __slots__ = ("_by_path", "_context_only", "_context_spelt", "_read_in_full", "held", "read")

    def __init__(self, context_only: frozenset[str], read_in_full: ReadInFull | None) -> None:
        self._context_only = context_only
        self._read_in_full = read_in_full
        #: The files read only for context, by ``one_spelling``: made when first needed.
        self._context_spelt: dict[str, str] | None = None
        #: By set, the lists of diagnostics held, each as it was given.
        self.held: dict[str, list[Sequence[Diagnostic]]] = {}
        #: Those held, by the ``one_spelling`` of their path: made when first asked for after
        #: a change.
        self._by_path: dict[str, list[Diagnostic]] | None = None
        #: The files read only for context read in full so far (a base with several
        #: translations is read once), until their set is judged.
        self.read: dict[str, Sequence[Diagnostic]] = {}

    def hold(self, name: str, diagnostics: Sequence[Diagnostic]) -> None:
        """Hold what the file phase found in files of the set ``name`` (``_WHOLE_RUN``: of the
        run): the list itself, not a copy of it."""
        self.held.setdefault(name, []).append(diagnostics)  # few files: most have none
        self._by_path = None

    def drop(self, name: str) -> None:
        """The set ``name`` is judged: its files' diagnostics are not asked for again."""
        if self.held.pop(name, None) is not None:
            self._by_path = None
        self.read.clear()  # the set judged was the only one open

    def of(self, path: str) -> Sequence[Diagnostic]:
        """What the file phase found in ``path`` (read in full when read only for context)."""
        spelt = translation_sets.one_spelling(path)
        context_path = self._context_path(path, spelt)
        if context_path is not None and self._read_in_full is not None:
            found = self.read.get(context_path)
            if found is None:
                found = self.read[context_path] = tuple(self._read_in_full(context_path))
            return found
        by_path = self._by_path
        if by_path is None:
            by_path = self._by_path = {}
            for held in self.held.values():
                for diagnostics in held:
                    for diagnostic in diagnostics:
                        key = translation_sets.one_spelling(diagnostic.path)
                        by_path.setdefault(key, []).append(diagnostic)
        return by_path.get(spelt, ())

    def _context_path(self, path: str, spelt: str) -> str | None:
        """``path`` as the run spells it among the files read only for context (``spelt``:
        its ``one_spelling``); None when it is not one."""
        if not self._context_only:
            return None
        if path in self._context_only:
            return path
        if self._context_spelt is None:
            self._context_spelt = {translation_sets.one_spelling(p): p for p in self._context_only}
        return self._context_spelt.get(spelt)


class _Outcome:
    """What a run-level rule found, or the error it raised and the files whose references
    it was given (in the order gathered)."""

    __slots__ = ("error", "files", "problems")

    def __init__(
        self,
        problems: list[ReferenceProblem],
        error: BaseException | None = None,
        files: Iterable[str] = (),
    ) -> None:
        self.problems = problems
        self.error = error
        self.files = dict.fromkeys(files)


class _Judged:
    """A rule ``StreamedSets`` judges: the references of its open sets, and what it found in
    this process and has not handed over yet (``StreamedSets.take``); once failed, it stays
    failed in this process."""

    __slots__ = ("error", "files", "judge_set", "open", "options", "problems", "rule")

    def __init__(self, rule: Rule, options: Mapping[str, Any]) -> None:
        self.rule = rule
        self.options = options
        self.problems: list[ReferenceProblem] = []
        self.error: BaseException | None = None
        #: The files it has references in, in the order gathered: where its failure is told.
        self.files: dict[str, None] = {}
        #: The references of its open sets (one or two, the files of a set being adjacent),
        #: by set; none once it has failed.
        self.open: dict[str, list[Reference]] = {}
        #: How it judges one set, made when the first is judged (``Rule.judge_sets``).
        self.judge_set: SetJudge | None = None

    def judge(self, name: str, key: str, begins: str, context: RunContext) -> int:
        """Judge the set ``name`` (its key ``key``, which its values begin with as ``begins``),
        whose files are all in, and let go of its references: how many it let go. A value
        that names another set fails the rule (never so with filmlint's rules: were it, its
        set would be judged without it)."""
        batch = self.open.pop(name, None)
        if batch is None:
            return 0
        try:
            if self.judge_set is None:
                assert self.rule.judge_sets is not None  # as ``streams`` asks
                self.judge_set = self.rule.judge_sets(self.options, context) or _nothing
            members = translation_sets.members_of_set(batch, key, begins)
            self.problems.extend(rule_output.reference_problems(self.judge_set(key, members)))
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # a RuleError too: raised in the run phase, as before
            return len(batch) + self._fail(error)
        return len(batch)

    def _fail(self, error: BaseException) -> int:
        """Fail the rule: how many references of other open sets it let go."""
        self.error = error
        self.problems = []
        held = sum(map(len, self.open.values()))
        self.open.clear()
        return held


def _nothing(_key: str, _members: list[Any]) -> list[ReferenceProblem]:
    """The judge of a rule that has nothing to judge in this run."""
    return []


def _run_context(
    context: RunContext,
    *,
    offline: bool,
    context_only: frozenset[str],
    shown_file: Callable[[str], str] | None = None,
) -> RunContext:
    """What the run-level rules know of the run."""
    if offline:
        context = replace(context, network=False)
    if context_only:
        context = replace(context, context_only=context_only)
    if shown_file is not None:
        context = replace(context, shown_file=shown_file)
    return context


def _finish_rules(
    gathered: GatheredReferences,
    streamed: StreamedSets | None,
    gatherings: Sequence[Gathering],
    severity: Mapping[str, Severity],
    context: RunContext,
) -> list[Diagnostic]:
    """The diagnostics of the run-level rules, over the references gathered and what the
    rules streamed found."""
    diagnostics: list[Diagnostic] = []
    with_references = set(gathered.rules)
    for rule, options in gatherings:
        outcome = streamed.outcome(rule.name) if streamed is not None else None
        if outcome is None:
            if rule.name not in with_references:
                continue
            outcome = _finish_rule(rule, options, gathered, context)
        if isinstance(outcome.error, RuleError):
            raise outcome.error  # a setting the rule cannot work with (a user's file as its cache)
        if outcome.error is not None:  # a bug of the rule's: the files say so, the run goes on
            internal = severity.get(INTERNAL_ERROR, Severity.ERROR)
            diagnostics.extend(
                run_phase_crash(rule, outcome.error, f, internal) for f in outcome.files
            )
            continue
        # A problem on a value its file turns the rule off for is not shown (``reported``).
        diagnostics.extend(
            placement.run_diagnostic(rule, p, severity[rule.name])
            for p in _told_once(outcome.problems)
            if p.reference.reported
        )
    return diagnostics


def _told_once(problems: Iterable[ReferenceProblem]) -> Iterator[ReferenceProblem]:
    """One rule's problems, each said of one value once, as the file phase tells a check's
    (``placement.diagnostics``): a ``finish`` that yields a problem again adds nothing."""
    told: set[tuple[str, int, int, str]] = set()
    for problem in problems:
        reference = problem.reference
        said = (reference.file, reference.start, reference.end, problem.message)
        if said not in told:
            told.add(said)
            yield problem


def _finish_rule(
    rule: Rule, options: Mapping[str, Any], gathered: GatheredReferences, context: RunContext
) -> _Outcome:
    """What ``rule`` finds in its references gathered, a batch at a time."""
    assert rule.finish is not None
    outcome = _Outcome([])
    files: set[str] | None = None  # those of a plugin's references, once it reports
    try:
        plugin = rule.origin != "filmlint"  # filmlint's own are tested to place theirs
        for batch in gathered.batches(rule.name, by_set=rule.reads_translations):
            yielded = rule.finish(batch, options, context)
            if plugin:  # one that yields without end fails, the run goes on
                yielded = rule_output.bounded(yielded, "problems", "one batch of references")
            found = rule_output.reference_problems(yielded)
            if found and plugin:
                files = set(gathered.files(rule.name)) if files is None else files
                placement.check_run_places(found, files)
            outcome.problems.extend(found)
    except (RuleError, KeyboardInterrupt):
        raise
    except BaseException as error:  # a bug of the rule's (sys.exit too): its files say so
        outcome = _Outcome([], error, gathered.files(rule.name))
    return outcome
