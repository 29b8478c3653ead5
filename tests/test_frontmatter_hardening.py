"""Hostile or odd front matter gives a diagnostic at its place, never an exception (issue 12):
self-referencing aliases, nesting made by aliases, complex keys, NUL bytes, and whatever a
fuzzer makes of YAML-ish text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filmlint
from conftest import REQUIRED, VALID, examples, film, front, run_cli
from filmlint.engine.linter import default_linter
from filmlint.frontmatter.parser import MAX_DEPTH, parse_document
from filmlint.frontmatter.scalars import MAX_KEY_TEXT

# --- an alias inside the value its anchor names ---------------------------------------------

#: Ways of writing a collection around ``{inner}``; ``&a`` names the outermost one.
FLOW_WRAPS = ("[{inner}]", "[1, {inner}]", "{{k: {inner}}}", "{{k: [x, {inner}]}}")


@st.composite
def self_referencing(draw: st.DrawFn) -> str:
    """Front matter where one alias ``*a`` lies inside the value that ``&a`` names: in a flow
    or block list or mapping, or as a merge key (``<<: *a``), at some depth."""
    inner = draw(st.sampled_from(["*a", "{<<: *a}", "[*a]", "{k: *a}"]))
    for _ in range(draw(st.integers(0, 3))):
        inner = draw(st.sampled_from(FLOW_WRAPS)).format(inner=inner)
    style = draw(st.sampled_from(["flow", "block list", "block mapping", "block merge"]))
    if style == "flow":
        wrapped = draw(st.sampled_from(FLOW_WRAPS)).format(inner=inner)
        value = f"&a {wrapped}"
    elif style == "block list":
        value = f"&a\n  - x\n  - {inner}"
    elif style == "block mapping":
        value = f"&a\n  k: 1\n  m: {inner}"
    else:
        value = "&a\n  k: 1\n  <<: *a"
    before = draw(st.sampled_from(["", "b: &b [1]\nc: *b\n"]))
    return front(f'{before}self: {value}\nafter: "x"')


@given(self_referencing())
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_self_referencing_alias_is_reported_at_the_alias(text: str) -> None:
    document, findings = parse_document(text)
    assert document.data is None
    ((finding),) = findings
    assert finding.rule == "alias-expansion"
    assert "refers to itself" in finding.message
    alias = text.index("*a")
    assert (finding.start, finding.end) == (alias, alias + 2)
    (diagnostic,) = filmlint.lint_text(text)
    line = text.count("\n", 0, alias) + 1
    column = alias - text.rfind("\n", 0, alias)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == (
        "alias-expansion",
        line,
        column,
    )


@pytest.mark.parametrize(
    "yaml",
    [
        "a: &a [*a]",
        "a: &a {<<: *a}",
        "a: &a\n  - *a",
        "a: &a\n  b: *a",
        "? &k [*k]\n: 1",  # in a key
        "a: &a {? *a : 1}",  # a key that is the mapping holding it
    ],
)
def test_self_reference_examples(yaml: str) -> None:
    (finding,) = parse_document(front(yaml))[1]
    assert (finding.rule, front(yaml)[finding.start : finding.end]) == (
        "alias-expansion",
        "*" + yaml.split("*")[1][0],
    )


def test_a_self_referencing_file_does_not_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "loop.md").write_text(front("a: &a [*a]"), encoding="utf-8")
    (tmp_path / "typo.md").write_text(film("directer: x\n"), encoding="utf-8")
    result = run_cli("check", "--no-cache", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "loop.md:2:8" in result.stdout and "alias-expansion" in result.stdout
    assert "typo.md" in result.stdout and "unknown-key" in result.stdout


def test_a_cycle_of_anchors_through_merges_is_refused() -> None:
    text = front("a: &a\n  x: 1\n  b: &b\n    <<: *a\n")
    finding = parse_document(text)[1][0]
    assert finding.rule == "alias-expansion"
    assert text[finding.start : finding.end] == "*a"


# --- how many values aliases stand for ------------------------------------------------------


def many_values(written: int, items: int, aliases: int) -> str:
    """Front matter with ``written`` values written out in one list, and a list of ``items``
    named by an anchor that ``aliases`` aliases repeat: they stand for ``aliases * (items +
    1)`` values (each list, and its items)."""
    plain = ", ".join(map(str, range(written)))
    named = ", ".join(map(str, range(items)))
    repeated = ", ".join(["*b"] * aliases)
    return front(f"plain: [{plain}]\nbase: &b [{named}]\nmore: [{repeated}]")


@pytest.mark.parametrize(
    ("written", "items", "aliases", "refused"),
    [
        pytest.param(100_001, 0, 0, False, id="a long list, no alias"),
        pytest.param(100_001, 9, 1, False, id="a long list and a small alias"),
        pytest.param(0, 999, 100, False, id="aliases for 100,000 values"),
        pytest.param(0, 999, 101, True, id="aliases for 100,100 values"),
    ],
)
def test_only_the_values_aliases_stand_for_are_counted(
    written: int, items: int, aliases: int, refused: bool
) -> None:
    document, findings = parse_document(many_values(written, items, aliases))
    bombs = [f for f in findings if f.rule == "alias-expansion"]
    assert (document.data is None, len(bombs)) == (refused, int(refused))
    if not refused:
        assert document.data is not None
        assert len(document.data["plain"]) == written


# --- nesting made by aliases ----------------------------------------------------------------


def aliased_tower(levels_per_block: int, blocks: int) -> str:
    """Blocks of textual nesting, each holding an alias to the previous one: the text is
    shallow, the data is levels_per_block * blocks deep."""

    def block(k: int, inner: str) -> str:
        opening = "".join(f"&b{k}_{j} [" for j in range(levels_per_block))
        return opening + inner + "]" * levels_per_block

    lines = ["x0: " + block(0, "1")]
    lines += [f"x{k}: " + block(k, f"*b{k - 1}_0") for k in range(1, blocks)]
    return "---\n" + REQUIRED + "\n".join(lines) + "\n---\n"


def test_nesting_made_by_aliases_is_refused_at_the_value_holding_the_alias() -> None:
    text = aliased_tower(90, 40)  # 3,600 levels of data from 90 levels of text
    document, findings = parse_document(text)
    assert document.data is None
    (finding,) = findings
    assert finding.rule == "nesting-depth"
    assert "once its aliases are expanded" in finding.message
    # Where the limit is passed: in the second block, 101 levels above the end of the first.
    assert re.match(r"&b1_79 \[(&b1_\d+ \[){10}\*b0_0\]", text[finding.start :])
    # The whole run (rules that walk the data included) reports it instead of crashing.
    assert [d.rule for d in filmlint.lint_text(text)] == ["nesting-depth"]
    assert filmlint.fix_text(text)[0] == text


def test_aliases_under_the_limit_are_read() -> None:
    text = aliased_tower(MAX_DEPTH // 2 - 1, 2)
    document, findings = parse_document(text)
    assert findings == []
    assert document.data["x1"] is not None


@pytest.mark.parametrize("blocks", [2, 30])
def test_nesting_through_anchors_defined_in_keys_is_refused(blocks: int) -> None:
    """Anchors in complex keys are not walked as values: an alias brings their nesting in."""

    def block(k: int, inner: str) -> str:
        return "".join(f"&k{k}_{j} [" for j in range(60)) + inner + "]" * 60

    lines = [f"? {block(0, '1')}\n: 0"]
    lines += [f"? {block(k, f'*k{k - 1}_0')}\n: {k}" for k in range(1, blocks)]
    text = front("\n".join([*lines, f"v: *k{blocks - 1}_0"]))
    (finding,) = parse_document(text)[1]
    assert finding.rule == "nesting-depth"
    assert text[finding.start] == "&"


# --- complex keys ---------------------------------------------------------------------------

NODE_REPR = re.compile(r"(Scalar|Sequence|Mapping)Node|tag:yaml")


@st.composite
def complex_keys(draw: st.DrawFn) -> tuple[str, str]:
    """A list or mapping key (flow, nested, with anchors and aliases), as YAML, and the text
    filmlint must show for it."""
    scalars = st.sampled_from([("a", "a"), ("1", "1"), ("'b c'", "b c"), ('"x, y"', '"x, y"')])

    def extend(children: st.SearchStrategy[tuple[str, str]]) -> st.SearchStrategy[tuple[str, str]]:
        return st.one_of(
            st.lists(children, min_size=1, max_size=3).map(
                lambda items: (
                    "[" + ", ".join(y for y, _ in items) + "]",
                    "[" + ", ".join(s for _, s in items) + "]",
                )
            ),
            st.lists(st.tuples(scalars, children), min_size=1, max_size=2).map(
                lambda pairs: (
                    "{" + ", ".join(f"{k[0]}: {v[0]}" for k, v in pairs) + "}",
                    "{" + ", ".join(f"{k[1]}: {v[1]}" for k, v in pairs) + "}",
                )
            ),
        )

    yaml, shown = draw(extend(st.recursive(scalars, extend, max_leaves=6)))
    if draw(st.booleans()):  # the key's parts come through an anchor and an alias
        return f"base: &k {yaml}\n? *k\n: 1", shown
    return f"? {yaml}\n: 1", shown


@given(complex_keys())
@settings(deadline=None)
def test_a_complex_key_is_shown_as_flow_text(case: tuple[str, str]) -> None:
    yaml, shown = case
    text = film(yaml + "\n")
    messages = [d.message for d in filmlint.lint_text(text) if d.rule == "unknown-key"]
    cut = shown if len(shown) <= 80 else shown[:79] + "…"  # a message shows 80 characters
    assert f"unknown key '{cut}'" in messages
    assert not any(NODE_REPR.search(m) for m in messages)


@pytest.mark.parametrize(
    ("yaml", "shown"),
    [
        ("[a, b]: 1", "[a, b]"),
        ("{a: 1}: 2", "{a: 1}"),
        ("? [a]\n: 3", "[a]"),
        ("? - a\n  - {b: [c, 'd e']}\n: 4", "[a, {b: [c, d e]}]"),
        ("? ['', \"\\t\", 'x: y']\n: 5", '["", "\\t", "x: y"]'),
    ],
)
def test_complex_key_examples(yaml: str, shown: str) -> None:
    document, findings = parse_document(front(yaml))
    assert findings == []
    assert list(document.data) == [shown]
    assert document.source_map.span((shown,), "key")[0] > 0


def test_a_huge_complex_key_is_cut_not_expanded() -> None:
    bomb = "\n".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 5))
    text = front(f"l0: &l0 [x]\n{bomb}\n? [*l4, *l4]\n: 1")
    document, _ = parse_document(text)
    (key,) = [k for k in document.data if k.startswith("[")]
    assert len(key) == MAX_KEY_TEXT + 3 and key.endswith("...")


# --- NUL bytes ------------------------------------------------------------------------------


@given(st.integers(0, 40_000), st.sampled_from(["x", "é", "异形", "\r\n"]))
@settings(deadline=None)
def test_a_nul_anywhere_is_reported_where_it_is(at: int, filler: str) -> None:
    prefix = (VALID + filler * 20_000)[:at]
    raw = prefix.encode() + b"\x00" + b"tail\n"
    (diagnostic,) = default_linter().lint_bytes(raw, "x.md")
    assert (diagnostic.rule, diagnostic.message) == (
        "file-encoding",
        "file is binary (it has a NUL byte)",
    )
    lines = re.split(r"\r\n|\r|\n", prefix)
    assert (diagnostic.line, diagnostic.column) == (len(lines), len(lines[-1]) + 1)


# --- fuzzing --------------------------------------------------------------------------------

TOKENS = [
    *"[]{},:-?!&*|>'\"#%@`\\~",
    ": ",
    "- ",
    "? ",
    "<<: ",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "!!str ",
    "!!binary ",
    "!x ",
    "!<tag:x> ",
    "%YAML 1.1\n",
    "%TAG ! !x\n",
    "%YAML 2.0\n",
    "...",
    "---",
    "a",
    "title",
    "1",
    "0x1F",
    "1e999",
    ".nan",
    "null",
    "yes",
    "2020-02-30",
    "1:30",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x9f",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "é",
    "异",
    "\U0001f600",
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@given(yamlish, st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parse_document_never_raises(body: str, newline: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + "---" + newline + body + newline + "---" + newline
    document, findings = parse_document(text)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text) + 1
    if document.data is not None:
        assert isinstance(document.data, dict)


@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_linting_yamlish_front_matter_never_raises(extra: str) -> None:
    text = film(extra.replace("\ud800", "") + "\n")
    for diagnostic in filmlint.lint_text(text):
        assert diagnostic.line >= 1 and diagnostic.column >= 1


def test_a_lone_surrogate_in_a_str_is_a_finding_not_a_crash() -> None:
    text = front('title: "a\ud800b"')
    (finding,) = parse_document(text)[1]
    assert finding.rule == "file-encoding"
    assert finding.start == text.index("\ud800")
