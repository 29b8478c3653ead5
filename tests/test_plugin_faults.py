"""Rule plugins that are buggy or declared wrongly, installed as pip leaves them, run through
the command line (in this process) and the library: the run says which plugin is at fault
and exits 2 as documented; never a traceback, never a pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import filmlint
from conftest import film, run_cli
from filmlint.engine import rule_output
from filmlint.rulekit.declaration import RuleError

#: A film with one problem of a built-in rule (country-code, FL201), still reported beside a
#: plugin's failure.
FILM = film("country: Frnace\n")
BUILTIN = "film.md:8:10: FL201 [country-code] error:"


def install(site: Path, module: str, source: str, name: str = "faulty") -> Path:
    """The plugin ``module`` (entry point ``name``) of the distribution ``filmlint-MODULE``,
    as pip leaves it in ``site``: the folder to put on the import path."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(f'"""A faulty rule."""\n{source}', encoding="utf-8")
    info = site / f"filmlint_{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: filmlint-{module}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[filmlint.rules]\n{name} = {module}\n", encoding="utf-8"
    )
    return site


@pytest.fixture
def films(tmp_path: Path) -> Path:
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "film.md").write_text(FILM, encoding="utf-8")
    return folder


#: Plugins whose code raises what is not an ``Exception``: each is the rule's failure, an
#: internal-error on the file (with the built-in rules' problems still reported). By case:
#: the plugin's source and the internal-error's message; its module is the case's name, in
#: snake case (each case imports a module of its own).
EXITING = {
    "check-exit": (
        'NAME = "faulty"\nCODE = "EX900"\n'
        "def check(document, options):\n    raise SystemExit(0)\n    yield\n",
        "rule faulty (filmlint-check_exit) failed: SystemExit: 0",
    ),
    "check-sys-exit": (
        'import sys\nNAME = "faulty"\nCODE = "EX900"\n'
        'def check(document, options):\n    sys.exit("bye")\n',
        "rule faulty (filmlint-check_sys_exit) failed: SystemExit: bye",
    ),
    "check-generator-exit": (
        'NAME = "faulty"\nCODE = "EX900"\n'
        "def check(document, options):\n    yield from ()\n    raise GeneratorExit\n",
        "rule faulty (filmlint-check_generator_exit) failed: GeneratorExit",
    ),
    "check-base-exception": (
        'NAME = "faulty"\nCODE = "EX900"\nclass Halt(BaseException):\n    pass\n'
        'def check(document, options):\n    raise Halt("stop")\n',
        "rule faulty (filmlint-check_base_exception) failed: Halt: stop",
    ),
    "gather-exit": (
        'NAME = "faulty"\nCODE = "EX900"\n'
        "def gather(document, options):\n    raise SystemExit(0)\n"
        "def finish(references, options, context):\n    return []\n",
        "rule faulty (filmlint-gather_exit) failed: SystemExit: 0",
    ),
    "gather-options-exit": (
        'from filmlint.api import ReferenceProblem\nNAME = "faulty"\nCODE = "EX900"\n'
        "def gather_options(options, context):\n    raise SystemExit(0)\n"
        'def gather(document, options):\n    yield ("title",), "x"\n'
        "def finish(references, options, context):\n"
        '    raise SystemExit("gathered anyway")\n',
        "rule faulty (filmlint-gather_options_exit) failed in the run phase: "
        "SystemExit: gathered anyway",
    ),
    "finish-exit": (
        'NAME = "faulty"\nCODE = "EX900"\n'
        'def gather(document, options):\n    yield ("title",), "x"\n'
        "def finish(references, options, context):\n    raise SystemExit(0)\n",
        "rule faulty (filmlint-finish_exit) failed in the run phase: SystemExit: 0",
    ),
}


@pytest.mark.parametrize("case", EXITING)
def test_a_plugin_that_exits_is_an_internal_error_of_the_file(
    tmp_path: Path, films: Path, case: str
) -> None:
    source, message = EXITING[case]
    site = install(tmp_path / "site", case.replace("-", "_"), source)
    result = run_cli("check", "--no-cache", "film.md", cwd=films, env={"PYTHONPATH": str(site)})
    lines = result.stdout.splitlines()
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"film.md:1:1: FL999 [internal-error] error: {message}" in lines
    assert any(line.startswith(BUILTIN) for line in lines)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", EXITING)
def test_a_plugin_that_exits_is_an_internal_error_in_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    source, message = EXITING[case]
    monkeypatch.syspath_prepend(str(install(tmp_path / "site", case.replace("-", "_"), source)))
    found = filmlint.lint_text(FILM, "film.md", select=["faulty", "country-code"])
    assert [(d.code, d.message) for d in found if d.code == "FL999"] == [("FL999", message)]
    assert [d.code for d in found if d.code != "FL999"] == ["FL201"]


def test_a_plugin_that_exits_at_import_is_named(tmp_path: Path, films: Path) -> None:
    site = install(tmp_path / "site", "exits_on_import", "raise SystemExit(0)\n")
    result = run_cli("check", "--no-cache", "film.md", cwd=films, env={"PYTHONPATH": str(site)})
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "filmlint: error: cannot load rule plugin 'exits_on_import' "
        "(filmlint-exits_on_import): 0\n",
    )


def test_an_interrupt_in_a_plugin_still_stops_the_run(
    tmp_path: Path, films: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = 'NAME = "faulty"\nCODE = "EX900"\ndef check(document, options):\n    raise KeyboardInterrupt\n'
    site = install(tmp_path / "site", "interrupted", source)
    result = run_cli(
        "check",
        "--no-cache",
        "--format",
        "json",
        "film.md",
        cwd=films,
        env={"PYTHONPATH": str(site)},
    )
    assert (result.returncode, result.stdout) == (130, "")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(KeyboardInterrupt):
        filmlint.lint_text(FILM, "film.md", select=["faulty"])


#: Plugins declared wrongly, by case: the declaration and what the run says (after "rule
#: plugin 'MODULE' (filmlint-MODULE): "), naming the rule or, before its name is known, its
#: module.
DECLARED_WRONGLY = {
    "bad-severity": (
        'NAME = "faulty"\nCODE = "EX900"\nSEVERITY = "fatal"\n',
        "rule faulty has SEVERITY 'fatal', not 'error' or 'warning'",
    ),
    "no-code": ('NAME = "faulty"\nCODE = None\n', "rule no_code has a CODE of type 'NoneType'"),
    "int-name": ('NAME = 5\nCODE = "EX900"\n', "rule int_name has a NAME of type 'int'"),
    "options-list": (
        'NAME = "faulty"\nCODE = "EX900"\nOPTIONS = ["min"]\n',
        "rule faulty has OPTIONS of type 'list', not a mapping of option names to Option",
    ),
    "option-not-option": (
        'NAME = "faulty"\nCODE = "EX900"\nOPTIONS = {"min": 3}\n',
        "rule faulty: option 'min': a 'int', not an Option",
    ),
    "option-default-object": (
        'from filmlint.api import Option\nNAME = "faulty"\nCODE = "EX900"\n'
        'OPTIONS = {"min": Option(object(), "Least.")}\n',
        "rule faulty: option 'min': its default is a 'object', not what a configuration holds "
        "(a bool, int, float, str, list or table)",
    ),
    "option-default-not-a-choice": (
        'from filmlint.api import Option\nNAME = "faulty"\nCODE = "EX900"\n'
        'OPTIONS = {"style": Option("loud", "Style.", choices=("quiet", "plain"))}\n',
        "rule faulty: option 'style': its default 'loud' is not among its choices",
    ),
    "option-named-severity": (
        'from filmlint.api import Option\nNAME = "faulty"\nCODE = "EX900"\n'
        'OPTIONS = {"severity": Option(3, "How severe, 1 to 5.")}\n',
        "rule faulty: option 'severity': 'severity' is every rule's severity in its table, "
        "not a name for an option",
    ),
    "docstring-not-text": (
        'NAME = "faulty"\nCODE = "EX900"\n__doc__ = 5\n',
        "rule faulty has a docstring or SUMMARY that is not a string",
    ),
}
CHECK = "def check(document, options):\n    return []\n"


@pytest.mark.parametrize("case", DECLARED_WRONGLY)
def test_a_plugin_declared_wrongly_stops_the_run_naming_it(
    tmp_path: Path, films: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    declaration, says = DECLARED_WRONGLY[case]
    module = case.replace("-", "_")
    site = install(tmp_path / "site", module, declaration + CHECK)
    message = f"rule plugin {module!r} (filmlint-{module}): {says}"
    for command in (["rules"], ["check", "--no-cache", "film.md"]):
        result = run_cli(*command, cwd=films, env={"PYTHONPATH": str(site)})
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            "",
            f"filmlint: error: {message}\n",
        )
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(RuleError) as raised:
        filmlint.lint_text(FILM, select=["country-code"])
    assert str(raised.value) == message


#: Plugins whose own check of their options raises once configured, by case: the plugin,
#: its configuration, the key and the error the message names.
OPTIONS_CHECK_RAISING = {
    "validate-raises": (
        'from filmlint.api import Option\nNAME = "faulty"\nCODE = "EX900"\n'
        'OPTIONS = {"least": Option(1, "Least.", validate=lambda value: 1 / 0)}\n',
        "[rules.faulty]\nleast = 2\n",
        "rules.faulty.least",
        "ZeroDivisionError: division by zero",
    ),
    "options-problem-raises": (
        'from filmlint.api import Option\nNAME = "faulty"\nCODE = "EX900"\n'
        'OPTIONS = {"least": Option(1, "Least.")}\n'
        'def options_problem(options):\n    raise RuntimeError("boom")\n',
        "[rules.EX900]\nleast = 2\n",
        "rules.EX900",
        "RuntimeError: boom",
    ),
    "options-problem-exits": (
        'from filmlint.api import Option\nNAME = "faulty"\nCODE = "EX900"\n'
        'OPTIONS = {"least": Option(1, "Least.")}\n'
        "def options_problem(options):\n    raise SystemExit(0)\n",
        "[rules.faulty]\nleast = 2\n",
        "rules.faulty",
        "SystemExit: 0",
    ),
}


@pytest.mark.parametrize("case", OPTIONS_CHECK_RAISING)
def test_an_options_check_that_raises_names_the_rule_and_the_key(
    tmp_path: Path, films: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    declaration, configuration, key, error = OPTIONS_CHECK_RAISING[case]
    module = case.replace("-", "_")
    site = install(tmp_path / "site", module, declaration + CHECK)
    (films / "filmlint.toml").write_text(configuration, encoding="utf-8")
    result = run_cli("check", "--no-cache", "film.md", cwd=films, env={"PYTHONPATH": str(site)})
    says = f"{key}: rule faulty (filmlint-{module}) failed checking it: {error}"
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"filmlint: error: filmlint.toml: {says}\n",
    )
    monkeypatch.syspath_prepend(str(site))
    config = filmlint.load_config(films / "filmlint.toml")
    with pytest.raises(RuleError) as raised:
        filmlint.lint_text(FILM, config=config)
    assert str(raised.value) == f"{films / 'filmlint.toml'}: {says}"


NAME_RULE = (
    "a name is lowercase words of letters and digits joined by hyphens, neither 'all' nor "
    "shaped as a code"
)
CODE_RULE = "a code is capital letters, then digits"

#: A plugin's NAME and CODE that would take a selector from what it means, or that no
#: selector could name, by case: what the run says (after "rule plugin 'MODULE'
#: (filmlint-MODULE): ").
BADLY_NAMED = {
    "name-of-a-code": ("FL201", "EX900", f"rule name_of_a_code has NAME 'FL201': {NAME_RULE}"),
    "name-shaped-as-code": (
        "ex103",
        "EX900",
        f"rule name_shaped_as_code has NAME 'ex103': {NAME_RULE}",
    ),
    "name-all": ("all", "EX900", f"rule name_all has NAME 'all': {NAME_RULE}"),
    "name-empty": ("", "EX900", f"rule name_empty has NAME '': {NAME_RULE}"),
    "name-capitals": ("Faulty", "EX900", f"rule name_capitals has NAME 'Faulty': {NAME_RULE}"),
    "name-comma": ("a,b", "EX900", f"rule name_comma has NAME 'a,b': {NAME_RULE}"),
    "name-space": ("two words", "EX900", f"rule name_space has NAME 'two words': {NAME_RULE}"),
    "name-escape": ("x\x1b[31m", "EX900", f"rule name_escape has NAME 'x\\x1b[31m': {NAME_RULE}"),
    "code-lowercase": ("faulty", "ex103", f"rule faulty has CODE 'ex103': {CODE_RULE}"),
    "code-letters": ("faulty", "EX", f"rule faulty has CODE 'EX': {CODE_RULE}"),
    "code-digits": ("faulty", "103", f"rule faulty has CODE '103': {CODE_RULE}"),
    "code-fl": ("faulty", "FL1999", "rule faulty has CODE 'FL1999': FL codes are filmlint's"),
    "code-builtin": ("faulty", "FL201", "rule faulty has CODE 'FL201': FL codes are filmlint's"),
}


@pytest.mark.parametrize("case", BADLY_NAMED)
def test_a_plugin_badly_named_or_coded_stops_the_run_naming_it(
    tmp_path: Path, films: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    name, code, says = BADLY_NAMED[case]
    module = case.replace("-", "_")
    site = install(tmp_path / "site", module, f"NAME = {name!r}\nCODE = {code!r}\n{CHECK}")
    message = f"rule plugin {module!r} (filmlint-{module}): {says}"
    command = ["check", "--no-cache", "--select", "FL201", "film.md"]
    if case == "name-of-a-code":  # as every command loads the rules: one for all
        command = ["rules"]
    result = run_cli(*command, cwd=films, env={"PYTHONPATH": str(site)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"filmlint: error: {message}\n".replace("\x1b", "\\x1b")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(RuleError) as raised:
        filmlint.lint_text(FILM, select=["country-code"])
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        pytest.param(
            "country-code",
            "EX900",
            "rules country-code (filmlint) and country-code (filmlint-colliding) "
            "share 'country-code'",
            id="a built-in's name",
        ),
        pytest.param(
            "fl",
            "EX900",
            "rule fl (filmlint-colliding) is named as the code prefix of ",
            id="the letters of filmlint's codes",
        ),
        pytest.param(
            "ex",
            "EX900",
            "rule ex (filmlint-colliding) is named as the code prefix of ex (filmlint-colliding)",
            id="the letters of its own code",
        ),
    ],
)
def test_a_plugin_named_as_another_rule_or_code_prefix_is_refused(
    tmp_path: Path, films: Path, name: str, code: str, message: str
) -> None:
    site = install(tmp_path / "site", "colliding", f"NAME = {name!r}\nCODE = {code!r}\n{CHECK}")
    result = run_cli("check", "--no-cache", "film.md", cwd=films, env={"PYTHONPATH": str(site)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"filmlint: error: {message}")


def test_two_plugins_with_one_code_are_refused(tmp_path: Path, films: Path) -> None:
    site = install(tmp_path / "site", "first", f'NAME = "first"\nCODE = "EX900"\n{CHECK}', "first")
    install(site, "second", f'NAME = "second"\nCODE = "EX900"\n{CHECK}', "second")
    result = run_cli("check", "--no-cache", "film.md", cwd=films, env={"PYTHONPATH": str(site)})
    assert (result.returncode, result.stdout) == (2, "")
    first, second = "first (filmlint-first)", "second (filmlint-second)"
    # In the order the entry points are listed, which is the folder's.
    assert result.stderr in {
        f"filmlint: error: rules {one} and {other} share 'EX900'\n"
        for one, other in ((first, second), (second, first))
    }


SHOUTED = (
    'from filmlint.api import Problem\nNAME = "shouted-title"\nCODE = "EX001"\n'
    "def check(document, options):\n"
    '    yield Problem(("title",), "shouted")\n'
)
SHOUTED_LINE = "film.md:2:8: EX001 [shouted-title] error: shouted"


@pytest.mark.parametrize(
    ("flag", "selector", "selected"),
    [
        ("--select", "EX0", True),
        ("--select", "EX", True),
        ("--select", "ex00", True),
        ("--select", "EX1", None),
        ("--select", "E", None),
        ("--select", "FL", False),
        ("--ignore", "EX", False),
        ("--ignore", "EX0", False),
    ],
)
def test_a_plugins_code_prefix_selects_it(
    tmp_path: Path, films: Path, flag: str, selector: str, selected: bool | None
) -> None:
    """``selected`` None: no rule has that prefix, a usage error."""
    site = install(tmp_path / "site", "shouted", SHOUTED, "shouted-title")
    result = run_cli(
        "check", "--no-cache", flag, selector, "film.md", cwd=films, env={"PYTHONPATH": str(site)}
    )
    if selected is None:
        assert (result.returncode, result.stdout) == (2, "")
        assert f"no rule is named or coded {selector!r}" in result.stderr
        return
    assert (SHOUTED_LINE in result.stdout.splitlines()) is selected, result.stderr
    assert (BUILTIN in result.stdout) is not (flag == "--select" and selected)


#: A run-level rule whose ``finish`` reports, on each reference it is given, a problem made
#: by the expression in braces (of ``reference``; ``replace`` is dataclasses').
FINISHING = (
    "yield from ()\n"
    "def gather(document, options):\n"
    '    yield ("title",), "x"\n'
    "def finish(references, options, context):\n"
    "    for reference in references:\n"
    '        yield ReferenceProblem({}, message="x")'
)
#: Plugins that place problems where the file has no such place, by case: what the rule
#: yields, and the internal-error's message after "rule faulty (filmlint-MODULE) failed".
MISPLACED = {
    "part-reversed": (
        'yield Problem(("title",), "x", part=(4, 1))',
        ": ValueError: a problem's part (4, 1) is not within the 5 code points of the value "
        "at '/title'",
    ),
    "part-negative": (
        'yield Problem(("title",), "x", part=(-5, 3))',
        ": ValueError: a problem's part (-5, 3) is not within the 5 code points of the value "
        "at '/title'",
    ),
    "part-past-the-value": (
        'yield Problem(("title",), "x", part=(2, 6))',
        ": ValueError: a problem's part (2, 6) is not within the 5 code points of the value "
        "at '/title'",
    ),
    "part-past-the-body": (
        'yield Problem((), "x", target="body", part=(10**6, 10**6 + 5))',
        ": ValueError: a problem's part (1000000, 1000005) is not within the 6 code points of "
        "the body",
    ),
    "edit-negative": (
        'yield Problem(("title",), "x", fix=Fix("f", (Edit(-5, -2, "a"),)))',
        ": ValueError: a fix's edit -5:-2 is not within the 182 code points of the file",
    ),
    "edit-reversed": (
        'yield Problem(("title",), "x", fix=Fix("f", (Edit(12, 8, "a"),)))',
        ": ValueError: a fix's edit 12:8 is not within the 182 code points of the file",
    ),
    "related-line-negative": (
        "yield from ()\n"
        "def gather(document, options):\n"
        '    yield ("title",), "x"\n'
        "def finish(references, options, context):\n"
        "    for reference in references:\n"
        '        where = RelatedLocation("film.md", -5, 0, "here")\n'
        '        yield ReferenceProblem(reference, "x", related=(where,))',
        " in the run phase: ValueError: a related location is at line -5, column 0",
    ),
    "related-column-zero": (
        "yield from ()\n"
        "def gather(document, options):\n"
        '    yield ("title",), "x"\n'
        "def finish(references, options, context):\n"
        "    for reference in references:\n"
        '        where = RelatedLocation("film.md", 2, 0, "here")\n'
        '        yield ReferenceProblem(reference, "x", related=[where])',
        " in the run phase: ValueError: a related location is at line 2, column 0",
    ),
    "path-negative-index": (
        'yield Problem(("topics", -1), "x")',
        ": ValueError: a problem's data path '/topics/-1' names no value",
    ),
    "path-past-the-list": (
        'yield Problem(("topics", 1), "x", target="key")',
        ": ValueError: a problem's data path '/topics/1' names no value",
    ),
    "path-missing-key": (
        'yield Problem(("nope", "deeper"), "x")',
        ": ValueError: a problem's data path '/nope/deeper' names no value",
    ),
    "path-into-a-string": (
        'yield Problem(("title", 0), "x", target="start")',
        ": ValueError: a problem's data path '/title/0' names no value",
    ),
    "gathered-at-a-missing-key": (
        "yield from ()\n"
        "def gather(document, options):\n"
        '    yield ("nope",), "x"\n'
        "def finish(references, options, context):\n"
        "    return []",
        ": ValueError: a value's data path '/nope' names no value",
    ),
    "reference-at-line-zero": (
        FINISHING.format("replace(reference, line=0, column=-4, end_line=-1, end_column=0)"),
        " in the run phase: ValueError: a problem's reference is at line 0, column -4 to "
        "line -1, column 0 (offsets 11:18)",
    ),
    "reference-ending-before-it-starts": (
        FINISHING.format("replace(reference, end_line=1)"),
        " in the run phase: ValueError: a problem's reference is at line 2, column 8 to "
        "line 1, column 15 (offsets 11:18)",
    ),
    "reference-offsets-reversed": (
        FINISHING.format("replace(reference, start=18, end=11)"),
        " in the run phase: ValueError: a problem's reference is at line 2, column 8 to "
        "line 2, column 15 (offsets 18:11)",
    ),
    "reference-in-another-file": (
        FINISHING.format('replace(reference, file="/etc/passwd")'),
        " in the run phase: ValueError: a problem's reference is in '/etc/passwd', a file the "
        "rule was given no reference in",
    ),
    "finish-edit-outside-the-file": (
        FINISHING.format('reference, fix=Fix("f", (Edit(-10, 10**6, "ZZ"),))'),
        " in the run phase: ValueError: a fix's edit -10:1000000 is not within the value it "
        "is about (11:18 in 'film.md')",
    ),
    "finish-edit-past-the-value": (
        FINISHING.format('reference, fix=Fix("f", (Edit(12, 19, "Z"),))'),
        " in the run phase: ValueError: a fix's edit 12:19 is not within the value it "
        "is about (11:18 in 'film.md')",
    ),
}
#: A plugin's module up to its functions.
DECLARING = (
    "from dataclasses import replace\n"
    "from filmlint.api import Edit, Fix, Problem, ReferenceProblem, RelatedLocation\n"
    'NAME = "faulty"\nCODE = "EX900"\n'
)
PLACING = DECLARING + "def check(document, options):\n    "


@pytest.mark.parametrize("case", MISPLACED)
def test_a_plugin_that_places_a_problem_nowhere_is_an_internal_error(
    tmp_path: Path, films: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    placing, says = MISPLACED[case]
    module = case.replace("-", "_")
    site = install(tmp_path / "site", module, PLACING + placing + "\n")
    message = f"rule faulty (filmlint-{module}) failed{says}"
    env = {"PYTHONPATH": str(site)}
    result = run_cli("check", "--no-cache", "--format", "json", "film.md", cwd=films, env=env)
    assert result.returncode == 2, result.stderr
    found = json.loads(result.stdout)
    # Nothing else of the rule's, and no place before the file's start.
    assert [d["message"] for d in found if d["code"] in ("EX900", "FL999")] == [message]
    assert [d["code"] for d in found if d["code"] != "FL999"] == ["FL201"]
    sarif = run_cli("check", "--no-cache", "--format", "sarif", "film.md", cwd=films, env=env)
    regions = [
        location["physicalLocation"]["region"]
        for run in json.loads(sarif.stdout)["runs"]
        for result in run["results"]
        for location in result["locations"] + result.get("relatedLocations", [])
    ]
    assert regions
    assert all(region["startLine"] >= 1 and region["startColumn"] >= 1 for region in regions)
    monkeypatch.syspath_prepend(str(site))
    found = filmlint.lint_text(FILM, "film.md", select=["faulty", "country-code"])
    assert [(d.code, d.message) for d in found if d.rule != "country-code"] == [("FL999", message)]


def test_a_plugin_placing_at_the_very_ends_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    placing = (
        'yield Problem(("title",), "all of it", part=(0, 5))\n'
        '    yield Problem(("title",), "after it", part=(5, 5))\n'
        '    yield Problem((), "end of the body", target="body", part=(6, 6))\n'
        '    yield Problem(("title",), "at the end", fix=Fix("f", (Edit(182, 182, "\\n"),)))\n'
        '    yield Problem(("topics", 0), "the last topic")\n'
        '    yield Problem(("country",), "a key past the required ones", target="key")\n'
        + "    "
        + FINISHING.format('reference, fix=Fix("f", (Edit(11, 18, "Z"),))')
    )
    monkeypatch.syspath_prepend(str(install(tmp_path / "site", "at_the_ends", PLACING + placing)))
    found = filmlint.lint_text(FILM, "film.md", select=["faulty"])
    assert [(d.line, d.column, d.end_line, d.end_column, d.message) for d in found] == [
        (2, 8, 2, 15, "at the end"),
        (2, 8, 2, 15, "x"),
        (2, 9, 2, 14, "all of it"),
        (2, 14, 2, 14, "after it"),
        (6, 10, 6, 27, "the last topic"),
        (8, 1, 8, 8, "a key past the required ones"),
        (11, 1, 11, 1, "end of the body"),
    ]
    fixed = next(d.fix for d in found if d.message == "x")
    assert fixed is not None
    assert [(e.start_position, e.end_position) for e in fixed.edits] == [((2, 8), (2, 15))]


#: A rule that says each thing three times, by phase: the plugin's source. Each of its
#: problems is told once per value, in either phase, as "Every problem is reported once".
REPEATING = {
    "check": (
        "def check(document, options):\n"
        "    for _ in range(3):\n"
        '        yield Problem(("title",), "again")\n'
        '        yield Problem(("title",), "and again", part=(0, 2))\n'
    ),
    "finish": (
        'def gather(document, options):\n    yield ("title",), "x"\n    yield ("director",), "y"\n'
        "def finish(references, options, context):\n"
        "    references = list(references)\n"
        "    for _ in range(3):\n"
        "        for reference in references:\n"
        '            yield ReferenceProblem(reference, "again")\n'
        '        yield ReferenceProblem(references[0], "and again")\n'
    ),
}


@pytest.mark.parametrize("phase", REPEATING)
def test_a_problem_yielded_again_is_told_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, phase: str
) -> None:
    module = f"repeating_{phase}"
    monkeypatch.syspath_prepend(
        str(install(tmp_path / "site", module, DECLARING + REPEATING[phase]))
    )
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(FILM, encoding="utf-8")
    found = filmlint.Linter(select=["faulty"]).lint_paths(tmp_path).diagnostics
    told = [(Path(d.path).name, d.line, d.column, d.message) for d in found]
    # Two files, each with two problems; finish's "and again" is on the first reference only.
    assert len(told) == len(set(told)) == {"check": 4, "finish": 5}[phase]


#: Plugins that change the data they are given, by case: the change (of ``data``, the
#: document's), done in ``check`` or in ``gather``. None changes what filmlint's own rules
#: report, nor what another plugin sees.
CHANGING = {
    "a key popped": 'data.pop("title", None)',
    "strings upper-cased": (
        "for key, value in list(data.items()):\n"
        "        if isinstance(value, str):\n"
        "            data[key] = value.upper()"
    ),
    "a list grown": 'data["topics"].extend(data["topics"])',
    "everything cleared": "data.clear()",
    "a key added": 'data["country"] = "Frnace"',
}
#: A second plugin that reports the data it is given, in either phase, after the first.
WITNESS = (
    'from filmlint.api import Problem, ReferenceProblem\nNAME = "witness"\nCODE = "EX901"\n'
    "def check(document, options):\n"
    '    yield Problem((), repr(sorted(document.data.items(), key=str)), target="start")\n'
    "def gather(document, options):\n"
    "    yield (), repr(sorted(document.data.items(), key=str))\n"
    "def finish(references, options, context):\n"
    "    for reference in references:\n"
    "        yield ReferenceProblem(reference, reference.value)\n"
)


@pytest.mark.parametrize("phase", ["check", "gather"])
@pytest.mark.parametrize("case", CHANGING)
def test_a_plugin_that_changes_the_data_changes_no_other_rules_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, phase: str
) -> None:
    text = FILM.replace("country: Frnace\n", 'language: "EN"\nstatus: published\n')
    monkeypatch.syspath_prepend(str(install(tmp_path / "witness", "witness", WITNESS, "witness")))
    without = filmlint.Linter().lint_text(text, "film.md")
    source = (
        f"def {phase}(document, options):\n"
        "    data = document.data\n"
        f"    {CHANGING[case]}\n"
        "    return iter(())\n"
    )
    if phase == "gather":
        source += "def finish(references, options, context):\n    return []\n"
    module = "changing_" + case.replace(" ", "_").replace("-", "_") + "_" + phase
    monkeypatch.syspath_prepend(str(install(tmp_path / "site", module, DECLARING + source)))
    found = filmlint.Linter().lint_text(text, "film.md")  # not the default linter: built anew
    assert [d.rule for d in without].count("witness") == 2
    assert [d for d in found if d.rule != "faulty"] == without


#: The bound the tests set on what a plugin may yield for one file (``MOST_PER_FILE``; its
#: real value costs a second a file to reach), and what the plugins below yield unless
#: stopped: a hundred times more, then they fail on their own, so that a run without the
#: bound fails the test rather than never ending.
BOUND = 1_000
#: Plugins that yield without end (as far as the bound can tell), by phase: the plugin's
#: source, and what the internal-error says after "failed: " (or "failed in the run
#: phase: ").
ENDLESS = {
    "check": (
        "def check(document, options):\n"
        f"    for _ in range({BOUND * 100}):\n"
        '        yield Problem(("title",), "again")\n'
        '    raise RuntimeError("never stopped")\n',
        f"ValueError: yielded more than {BOUND:,} problems for one file",
    ),
    "gather": (
        "def gather(document, options):\n"
        f"    for number in range({BOUND * 100}):\n"
        '        yield ("title",), str(number)\n'
        '    raise RuntimeError("never stopped")\n'
        "def finish(references, options, context):\n"
        "    return []\n",
        f"ValueError: yielded more than {BOUND:,} values for one file",
    ),
    "finish": (
        "def gather(document, options):\n"
        '    yield ("title",), "x"\n'
        "def finish(references, options, context):\n"
        f"    for _ in range({BOUND * 100}):\n"
        '        yield ReferenceProblem(references[0], "again")\n'
        '    raise RuntimeError("never stopped")\n',
        f"ValueError: yielded more than {BOUND:,} problems for one batch of references",
    ),
}


@pytest.mark.parametrize("phase", ENDLESS)
def test_a_plugin_that_yields_without_end_is_an_internal_error_of_each_file(
    tmp_path: Path, films: Path, monkeypatch: pytest.MonkeyPatch, phase: str
) -> None:
    monkeypatch.setattr(rule_output, "MOST_PER_FILE", BOUND)
    source, error = ENDLESS[phase]
    module = f"endless_{phase}"
    site = install(tmp_path / "site", module, DECLARING + source)
    (films / "other.md").write_text(FILM, encoding="utf-8")
    args = ("check", "--no-cache", "film.md", "other.md")
    result = run_cli(*args, cwd=films, env={"PYTHONPATH": str(site)})
    lines = result.stdout.splitlines()
    assert result.returncode == 2, result.stderr
    for name in ("film.md", "other.md"):
        when = " in the run phase" if phase == "finish" else ""
        says = f"rule faulty (filmlint-{module}) failed{when}: {error}"
        assert f"{name}:1:1: FL999 [internal-error] error: {says}" in lines
        assert any(line.startswith(BUILTIN.replace("film.md", name)) for line in lines)
