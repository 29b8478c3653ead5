"""Every rule, found in the registry, is documented and named truly: the rule table of
docs/rules/index.md is generated, each page's Bad and Good examples do what they say, rule name constants name
rules, and an unknown rule name is never silently accepted.

Adding a rule is one module in src/filmlint/rules/ plus its test: nothing here lists rules.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filmlint
import filmlint.rule_names
from conftest import ROOT, film_with, run_cli
from filmlint.api import Rule
from filmlint.diagnostics import Diagnostic
from filmlint.engine.settings import parse_config
from filmlint.reporters.rule_pages import rule_table
from filmlint.rule_names import DUPLICATE_KEY, UNUSED_SUPPRESSION
from filmlint.rules import load_registry
from golden import assert_golden_section
from readme import multilingual_example

REGISTRY = load_registry()
BUILT_IN = [rule for rule in REGISTRY if rule.origin == "filmlint"]


def test_rule_table_is_generated_from_the_registry() -> None:
    assert_golden_section(ROOT / "docs" / "rules" / "index.md", "rules-table", rule_table(REGISTRY))


@dataclass(frozen=True)
class Example:
    """A Bad or Good block of a rule's page, and what its label says it needs."""

    rule: Rule
    bad: bool
    label: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.rule.name}: {self.label}"

    def path(self) -> str:
        """The file the label names (``in `film-en.md```), else a plain one."""
        match = re.search(r"`([^`]+\.md)`", self.label)
        return match.group(1) if match else "film.md"

    def config_table(self) -> dict[str, Any]:
        """The documented multilingual site's locale suffixes, and the locale and options the label gives."""
        locale: dict[str, Any] = {"suffixes": multilingual_example()["locale"]["suffixes"]}
        tag = re.search(r"\blocale `([^`]+)`", self.label)
        if tag:
            locale["default"] = tag.group(1)
        options = tomllib.loads(
            "\n".join(re.findall(r"`([a-z-]+ = [^`]+)`", self.label))
        )  # ``with `accept = ["code", "name"]`, `split = "/"```
        return {"locale": locale, "rules": {self.rule.name: options}}

    def files(self) -> list[str]:
        """The film files the example stands for.

        A whole file (from its ``---`` line, or text without a key) is linted as it is; YAML
        lines become a valid film's front matter. A key written twice shows alternatives, each
        linted on its own (except where the doubled key is the point).
        """
        if self.text.startswith("---") or not re.search(r"^[\w-]+:", self.text, re.MULTILINE):
            return [self.text + "\n"]
        entries = re.split(r"\n(?=[^\s#])", self.text)
        keys = [entry.split(":", 1)[0] for entry in entries]
        if len(set(keys)) < len(keys) and self.rule.name != DUPLICATE_KEY:
            return [film_with(entry) for entry in entries]
        return [film_with(self.text)]


def examples(rule: Rule) -> list[Example]:
    """The indented blocks after the page's ``Bad...:`` and ``Good...:`` lines.

    What an example needs (a file name, a locale, options) is said in its label or in a
    paragraph ending with ``:`` just before a run of examples; ``label`` holds both.
    """
    found: list[Example] = []
    intro = ""
    pattern = r"^((Bad|Good)\b[^\n]*):\n\n((?:    .*\n|\n)+)"
    for match in re.finditer(pattern, rule.doc + "\n", re.MULTILINE):
        label, kind, block = match.groups()
        before = rule.doc[: match.start()].rstrip("\n").rsplit("\n\n", 1)[-1]
        if before.endswith(":") and not before.startswith((" ", "Bad", "Good")):
            intro = " ".join(before.split())
        context = f"{label} ({intro})" if intro else label
        found.append(Example(rule, kind == "Bad", context, textwrap.dedent(block).strip("\n")))
    return found


#: Rules whose page cannot show both examples as text.
WITHOUT_EXAMPLES = {
    "file-encoding": "its bad input is bytes",
    "unreadable-file": "its bad input is a file the system will not read",
    "internal-error": "its bad input is a rule that raises",
    "alias-expansion": "its Good is advice: write the values out",
}

#: Examples that show a problem without being one; each must keep failing (strict xfail).
ILLUSTRATIONS = {
    ("nesting-depth", True): "elided: '...' stands for a hundred levels",
    ("alias-expansion", True): "elided: '# ... and so on' stands for the rest of the bomb",
    ("url-reachable", True): "needs a server that answers 404; test_url_reachable has one",
    ("translation-missing", True): "a list of files; tests/rules/test_translation_missing.py",
    ("translation-mismatch", True): "needs the base beside it; test_translation_mismatch.py",
}


def test_every_rule_page_has_a_bad_and_a_good_example() -> None:
    lacking = {
        rule.name
        for rule in BUILT_IN
        if {example.bad for example in examples(rule)} != {True, False}
    }
    assert lacking == set(WITHOUT_EXAMPLES)


def example_cases() -> list[Any]:
    return [
        pytest.param(
            example,
            id=example.id,
            marks=[pytest.mark.xfail(reason=ILLUSTRATIONS[key])]
            if (key := (example.rule.name, example.bad)) in ILLUSTRATIONS
            else [],
        )
        for rule in BUILT_IN
        for example in examples(rule)
    ]


@pytest.mark.parametrize("example", example_cases())
def test_bad_examples_are_reported_and_good_ones_are_not(example: Example) -> None:
    config = parse_config(example.config_table(), None)
    for text in example.files():
        found = filmlint.lint_text(text, example.path(), config=config)
        reported = [d for d in found if d.rule == example.rule.name]
        assert bool(reported) is example.bad, (text, found)


CONSTANTS = {
    name: value
    for name, value in vars(filmlint.rule_names).items()
    if name.isupper() and isinstance(value, str)
}


@pytest.mark.parametrize(("constant", "value"), CONSTANTS.items())
def test_every_rule_name_constant_names_a_registered_rule(constant: str, value: str) -> None:
    rule = REGISTRY.get(value)
    assert rule is not None and rule.name == value, f"rule_names.{constant} = {value!r}"


def test_rule_name_sets_hold_registered_rules() -> None:
    sets = [v for v in vars(filmlint.rule_names).values() if isinstance(v, frozenset)]
    assert sets
    for names in sets:
        assert {REGISTRY[name].name for name in names} == names


def is_unknown(name: str) -> bool:
    """No rule has this name or code, nor a code that starts with it."""
    return REGISTRY.get(name) is None and not any(
        rule.code.lower().startswith(name.lower()) for rule in REGISTRY
    )


UNKNOWN_NAMES = st.one_of(
    st.from_regex(r"[a-z]{2,9}(-[a-z]{2,9}){0,2}", fullmatch=True),
    st.sampled_from([rule.name for rule in BUILT_IN]).map(lambda name: name[:-1] + "x"),
    st.from_regex(r"[A-Z]{2}[0-9]{3}", fullmatch=True),
).filter(is_unknown)

#: Where a rule can be named: the command line and each part of the configuration.
PLACES = {
    "--select": (["--select", "{name}"], ""),
    "--ignore": (["--ignore", "{name}"], ""),
    "select": ([], 'select = ["{name}"]\n'),
    "ignore": ([], 'ignore = ["{name}"]\n'),
    "per-file-ignores": ([], '[per-file-ignores]\n"*.md" = ["{name}"]\n'),
    "rules table": ([], '[rules.{name}]\nseverity = "warning"\n'),
}

FAST = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("place", PLACES)
@FAST
@given(name=UNKNOWN_NAMES)
def test_an_unknown_rule_name_in_options_stops_the_run_naming_it(
    tmp_path: Path, place: str, name: str
) -> None:
    args, config = PLACES[place]
    (tmp_path / "filmlint.toml").write_text(config.format(name=name), encoding="utf-8")
    (tmp_path / "film.md").write_text(film_with(""), encoding="utf-8")
    result = run_cli("check", "--no-cache", *(a.format(name=name) for a in args), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert f"'{name}'" in result.stderr or f"rules.{name}:" in result.stderr
    assert "Traceback" not in result.stderr


@FAST
@given(name=UNKNOWN_NAMES, directive=st.sampled_from(["disable-line", "disable", "disable-file"]))
def test_an_unknown_rule_name_in_a_suppression_is_reported_where_it_is(
    name: str, directive: str
) -> None:
    comment = f"# filmlint: {directive} {name}"
    text = film_with(comment)
    line = text.splitlines().index(comment) + 1
    found: list[Diagnostic] = filmlint.lint_text(text, "film.md")
    unknown = [d for d in found if d.rule == UNUSED_SUPPRESSION and repr(name) in d.message]
    assert [(d.line, d.column) for d in unknown] == [(line, comment.index(name) + 1)], found
