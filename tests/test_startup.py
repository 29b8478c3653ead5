"""What a one-file check does at start-up and no more: jsonschema-rs loaded without the email
package, the parser of the command given alone, the process's collector tuned for a short
life; each without a change of behaviour."""

from __future__ import annotations

import argparse
import datetime
import email.utils
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from filmlint.cli import build_parser, parse_arguments, unrecognized
from filmlint.rulekit import han_variants
from filmlint.schema.compiled_validator import parse_rfc2822_date

ZONES = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
DATES = st.datetimes(
    min_value=datetime.datetime(1000, 1, 1), max_value=datetime.datetime(9999, 12, 31)
).map(lambda when: when.replace(microsecond=0))


@given(DATES, ZONES)
def test_a_date_in_the_build_form_reads_as_email_utils_reads_it(
    when: datetime.datetime, zone: datetime.timezone
) -> None:
    text = email.utils.format_datetime(when.replace(tzinfo=zone))
    parsed = parse_rfc2822_date(text)
    assert parsed is not None
    expected = email.utils.parsedate_to_datetime(text)
    assert (parsed, parsed.utcoffset()) == (expected, expected.utcoffset())


PIECES = st.sampled_from(
    ["Thu,", "Mon", "12", "1", "Nov", "nov", "2026", "26", "07:50:16", "7:50", "24:00:00",
     "+0000", "-0000", "+0530", "-2400", "GMT", "٣", " ", ""]
)  # fmt: skip


@given(st.lists(PIECES, min_size=5, max_size=7))
def test_any_other_text_is_left_to_email_utils(pieces: list[str]) -> None:
    """Never a different reading: either the same datetime or None (email.utils decides)."""
    text = " ".join(pieces)
    parsed = parse_rfc2822_date(text)
    if parsed is not None:
        expected = email.utils.parsedate_to_datetime(text)
        assert (parsed, parsed.utcoffset()) == (expected, expected.utcoffset())


def _run(code: str, cwd: Path | None = None) -> list[str]:
    """The words ``code`` prints, run in a fresh interpreter (in ``cwd``)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=True
    )
    return done.stdout.split()


BUILD_TIME = (
    "import jsonschema_rs.jsonschema_rs as rs; print(rs.__build__['info-time'].isoformat())"
)


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_jsonschema_rs_loads_without_email_utils_and_reads_the_same_build_time() -> None:
    pytest.importorskip("jsonschema_rs")
    ours = _run(
        "import sys; from filmlint.schema.compiled_validator import load_jsonschema_rs; "
        "load_jsonschema_rs(); import jsonschema_rs; "
        "print('email.utils' in sys.modules); " + BUILD_TIME + "; "
        # Imported afterwards, email.utils is the real module, with all of its names.
        "import email.utils; print(email.utils.formataddr(('a', 'a@b.c')).replace(' ', ''))"
    )
    theirs = _run("import email.utils; " + BUILD_TIME)
    assert ours == ["False", *theirs, "a<a@b.c>"]


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_stand_in_hands_other_names_to_email_utils() -> None:
    """Another thread importing email.utils while jsonschema-rs loads gets all of it."""
    code = (
        "import sys; from filmlint.schema import compiled_validator as c; "
        "stand_in = c._DatesOnly('email.utils'); sys.modules['email.utils'] = stand_in; "
        "print(stand_in.getaddresses(['a@b.c'])[0][1], "
        "sys.modules['email.utils'] is not stand_in, "
        "stand_in.parsedate_to_datetime('Thu, 12 Nov 2026 07:50:16 -0000').tzinfo)"
    )
    assert _run(code) == ["a@b.c", "True", "None"]


#: Command lines of each command, parsed by its parser alone and by the whole one.
COMMAND_LINES = [
    ["check"],
    ["check", "a.md", "b", "--select", "FL1,url-format", "--ignore", "FL2", "--jobs", "2"],
    ["check", "-", "--stdin-filename", "x.md", "--fix", "--unsafe-fixes", "-q", "--strict"],
    ["check", "--output-format", "json", "-o", "out.json", "--per-file-ignores", "*.md:FL1"],
    ["check", "--offline", "--no-cache", "--statistics", "--color", "never", "--", "-x.md"],
    ["clean", "--all", "--config", "c.toml"],
    ["rules", "--format", "json"],
    ["rule", "FL201"],
    ["init", "site", "--force"],
    ["server"],
]


def _comparable(args: argparse.Namespace) -> dict[str, object]:
    found = vars(args).copy()
    found["command_parser"] = found["command_parser"].prog
    return found


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_a_command_parsed_by_its_parser_alone_as_by_the_whole(argv: list[str]) -> None:
    whole = build_parser()
    expected, unknown = whole.parse_known_args(argv)
    assert unknown == []
    assert _comparable(parse_arguments(argv)) == _comparable(expected)


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(commands.choices)


def test_only_the_command_given_gets_a_parser_and_its_help_is_the_same() -> None:
    whole = _commands(build_parser())
    for name, parser in whole.items():
        alone = _commands(build_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == parser.format_help()


def _shown(parse: object, argv: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    with pytest.raises(SystemExit) as exit_:
        parse(argv)  # type: ignore[operator]
    return exit_.value.code, capsys.readouterr()


def _parsed_by_the_whole_parser(argv: list[str]) -> None:
    """``parse_arguments`` as it was, with the parser of every command."""
    args, unknown = build_parser().parse_known_args(argv)
    if unknown:
        args.command_parser.error(unrecognized(args.command, unknown))


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"], ["-h", "check"], ["--he", "check"], ["-x", "check"], ["chek"], [],
        ["check", "--bogus"], ["check", "--jobs", "0"], ["rules", "--format", "x"], ["rule"],
        ["-V"], ["check", "--help"], ["init", "--help"],
    ],
    ids=" ".join,
)  # fmt: skip
def test_usage_errors_and_help_are_those_of_the_whole_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _shown(_parsed_by_the_whole_parser, argv, capsys)
    assert _shown(parse_arguments, argv, capsys) == expected


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_run_as_a_module_tunes_the_collector_keeps_its_exit_code_and_loads_no_url_cache(
    tmp_path: Path,
) -> None:
    """With no URL cache file, the URL cache's module is not even loaded."""
    (tmp_path / "film.md").write_text("---\ntitle: x\nyear: nineteen\n---\n", encoding="utf-8")
    code = (
        "import gc, runpy, sys; sys.argv = ['filmlint', 'check', '--no-cache', 'film.md']\n"
        "try:\n    runpy.run_module('filmlint', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    print(done.code, gc.get_threshold()[0], 'filmlint.urls.cache' in sys.modules)"
    )
    assert _run(code, tmp_path)[-3:] == ["1", "20000", "False"]


#: Loaded only for text that needs them: foreign or Han text, a sealed URL cache, threads.
ON_DEMAND = (
    "filmlint.rulekit.han_variants",
    "filmlint.rulekit.markdown",
    "filmlint.rulekit.likely_scripts",
    "hmac",
    "threading",
    "unicodedata",
    "regex",
    "zhon",
)


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_plainly_latin_film_loads_no_script_table_and_a_han_one_is_still_judged(
    tmp_path: Path,
) -> None:
    (tmp_path / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hant"\nsuffixes = { en = "en" }\n', encoding="utf-8"
    )
    (tmp_path / "film-en.md").write_text(
        "---\ntitle: \u201cAm\u00e9lie\u201d \u2014 a caf\u00e9 \u2192 Paris\nyear: 2001\n"
        "country: FR\n---\n"
        "It is \u201cplainly\u201d Latin \u2605.\n",
        encoding="utf-8",
    )
    (tmp_path / "film.md").write_text(
        "---\ntitle: \u7f8e\u56fd\nyear: 2001\n---\n", encoding="utf-8"
    )
    code = (
        # The structure rules off: a file with a schema error loads the detailed walk.
        "import runpy, sys; sys.argv = ['filmlint', 'check', '--no-cache', '--ignore', 'FL1', "
        "sys.argv[1]]\n"
        "try:\n    runpy.run_module('filmlint', run_name='__main__')\n"
        "except SystemExit as done:\n"
        f"    print(done.code, *(m in sys.modules for m in {ON_DEMAND!r}))"
    )

    def run(name: str) -> tuple[str, dict[str, bool]]:
        """The output, and which of ``ON_DEMAND`` the run loaded."""
        done = subprocess.run(
            [sys.executable, "-c", code, name], capture_output=True, text=True, cwd=tmp_path
        )
        flags = done.stdout.split()[-len(ON_DEMAND) :]
        return done.stdout, {m: flag == "True" for m, flag in zip(ON_DEMAND, flags, strict=True)}

    output, loaded = run("film-en.md")
    assert "All checks passed" in output
    assert not any(loaded.values()), loaded
    output, loaded = run("film.md")
    assert "FL403" in output  # script-variant: a Simplified form in a Traditional Chinese file
    assert loaded["filmlint.rulekit.han_variants"]
    assert loaded["zhon"]
    assert not loaded["regex"]  # untranslated-text: Han and punctuation only (plainly_han)
    # Traditional forms alone, which Big5 writes: no table of forms is loaded to tell.
    (tmp_path / "film.md").write_text(
        "---\ntitle: \u7f8e\u570b\u2014\u96fb\u5f71\u00b7\u4e00\nyear: 2001\n---\n"
        "\u4e00\u90e8\u96fb\u5f71\u3002\n",
        encoding="utf-8",
    )
    output, loaded = run("film.md")
    assert "All checks passed" in output
    assert loaded["filmlint.rulekit.han_variants"]
    # (with another zhon release than the charsets were derived from, its sets are read)
    assert loaded["zhon"] is not han_variants._charsets_hold()
    assert not loaded["filmlint.rulekit.markdown"]  # a body without a wrong form is not read


URL_PIECES = st.sampled_from(
    ["http", "https", "HTTPS", "http\u017f", "hTtP", "://", ":/", "example", "ex-ample", "-x", "\u017fite",
     "\u212aa", "\u0131x", "xn--ss-kea", "com", ".", "..", "/", "/a b", "/\u00a0", "?q=1", "#top",
     "%20", "%zz", ":8080", "@", "[::1]", "1.2.3.4", "\\", "\t", "é", ""]
)  # fmt: skip


@given(st.lists(URL_PIECES, max_size=8).map("".join))
@example("http\u017f://example.com/")  # a long s folded to "s" made it http
@example("https://\u212aa.com/x")
def test_a_url_the_plain_pattern_accepts_reads_as_the_full_parse_reads_it(url: str) -> None:
    """The fast path for the usual URL gives the full parse's reading, or leaves it to it."""
    from filmlint.rules import url_format

    plain = url_format._PLAIN_URL.fullmatch(url)
    if plain is None:
        return
    never = re.compile(r"(?!)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(url_format, "_PLAIN_URL", never)
        full = url_format.parse_url(url)
    fast = url_format._plain_url(plain)
    assert isinstance(full, url_format.Url)
    assert (fast.host, fast.path) == (full.host, full.path)


def test_the_look_for_plugins_sees_a_distribution_installed_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer for a folder is kept for the same distributions in it, not longer."""
    from filmlint.rules import _may_have_plugins

    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    (tmp_path / "other-1.0.dist-info").mkdir()
    assert not _may_have_plugins()
    assert not _may_have_plugins()  # as asked again
    plugin = tmp_path / "plugin-1.0.dist-info"
    plugin.mkdir()
    (plugin / "entry_points.txt").write_text("[filmlint.rules]\nx = plugin\n", encoding="utf-8")
    assert _may_have_plugins()


def test_a_rule_module_changed_in_the_run_is_read_again() -> None:
    """Only the listing of the rule modules and their cleaned pages are kept: a rule's
    functions are read from its module each time (tests and plugins patch them)."""
    from filmlint.rules import load_registry, rating_format

    def replaced(document: object, options: object) -> list[object]:
        return []

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rating_format, "check", replaced)
        assert load_registry()["rating-format"].check is replaced
    assert load_registry()["rating-format"].check is rating_format.check


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_skipped_span_pattern_is_compiled_for_a_body_with_a_mark_only() -> None:
    code = (
        "from filmlint.rulekit import markdown as m; m.skipped_spans('Plain prose, no mark.'); "
        "print(m._skipped.cache_info().currsize); "
        "print(m.skipped_spans('a `code` span') == [(2, 8)], m._skipped.cache_info().currsize)"
    )
    assert _run(code) == ["0", "True", "1"]


NAMES = [
    "美国", "美國", "United States", "USA", "France", "法国", "Frankreich", "Korea", "韩国",
    "Holy See", "Nowhere", "Deutschland", "Allemagne", "Germany", "中国", "Soviet Union",
]  # fmt: skip


@pytest.mark.parametrize("catalogue", [None, "zh_CN", "zh_TW", "de", "fr"])
def test_a_name_is_found_in_the_first_table_that_knows_it(catalogue: str | None) -> None:
    from filmlint.rulekit import countries

    other = {"zh_CN": ("zh_TW", "zh_HK"), "zh_TW": ("zh_CN",)}.get(catalogue or "", ())
    in_order = [*countries.tables(catalogue), *(countries._names(c) for c in other)]
    for name in NAMES:
        expected = next(
            (
                t.by_name[countries.fold(name)]
                for t in in_order
                if countries.fold(name) in t.by_name
            ),
            None,
        )
        assert countries.by_name(name, catalogue) == expected, name


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_a_name_in_the_files_language_builds_no_other_table() -> None:
    code = (
        "from filmlint.rulekit import countries as c; found = c.by_name('美国', 'zh_CN'); "
        "print(found[0].key, c._names.cache_info().currsize); "
        "found = c.by_name('United States', 'zh_CN'); "
        "print(found[0].key, c._names.cache_info().currsize)"
    )
    assert _run(code) == ["US", "1", "US", "2"]


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_escaping_patterns_are_compiled_for_text_to_escape_only(tmp_path: Path) -> None:
    (tmp_path / "film.md").write_text("---\ntitle: Alien\n---\n", encoding="utf-8")
    code = (
        "import os; from filmlint.cli import main; from filmlint.text import escapes as e; "
        "main(['check', '--no-cache', '--select', 'url-format', '-o', os.devnull, 'film.md']); "
        "print(e._unprintable.cache_info().currsize, e.surrogates.cache_info().currsize); "
        "print(e.printable('a\\x1b\\udce9') == 'a\\\\x1b\\\\xe9', e.valid_text('\\udce9'), "
        "e._unprintable.cache_info().currsize, e.surrogates.cache_info().currsize)"
    )
    assert _run(code, tmp_path) == ["0", "0", "True", "\\xe9", "1", "1"]


SUBTAGS = st.sampled_from(
    ["en", "zh", "i", "x", "sgn", "Hans", "hant", "TW", "419", "4190", "gb", "oed", "min", "nan",
     "a", "bbb", "ß", "\uff11\uff12", "Latn", "en1", "", "default", "zh-", "12"]
)  # fmt: skip


@given(st.lists(SUBTAGS, min_size=1, max_size=4).map("-".join))
@example("zh-Hans-TW")
@example("sgn-BE-FR")
def test_a_plain_language_tag_is_well_formed_as_the_full_grammar_says(tag: str) -> None:
    from filmlint.rulekit import langtags

    full = langtags._well_formed().fullmatch(tag) is not None
    assert langtags.is_well_formed(tag) == full
    if langtags.is_plain(tag):
        assert full


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_full_language_tag_grammar_is_compiled_for_a_tag_that_is_not_plain() -> None:
    code = (
        "from filmlint.rulekit import langtags as t; "
        "print(t.is_well_formed('zh-Hant-TW'), t._well_formed.cache_info().currsize, "
        "t.is_well_formed('en-GB-oed'), t._well_formed.cache_info().currsize)"
    )
    assert _run(code) == ["True", "0", "True", "1"]


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_country_separators_are_compiled_for_a_value_of_several_parts_only() -> None:
    code = (
        "from filmlint.rulekit import countries as c; "
        "print(c.keys('USA', None), c._any_separator.cache_info().currsize, "
        "c.keys('美国/法国', 'zh-Hans'), c._any_separator.cache_info().currsize)"
    )
    assert _run(code) == ["('US',)", "0", "('FR',", "'US')", "1"]


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_yaml_resolvers_patterns_are_compiled_once() -> None:
    """ruamel.yaml compiles its implicit resolvers' patterns; the loader's table reuses them."""
    code = (
        "import re._compiler as c; import ruamel.yaml.resolver as r; compiled = []; "
        "original = c.compile; c.compile = lambda *a, **k: compiled.append(a) or original(*a, **k); "
        "from filmlint.frontmatter import loader; "
        "table = {p.pattern for _, p in loader._ANY_START} | "
        "{p.pattern for entries in loader._IMPLICIT.values() for _, p in entries}; "
        "print(len([a for a in compiled if a[0] in table]), len(table))"
    )
    made, distinct = _run(code)
    assert made == distinct


@pytest.mark.slow  # a fresh interpreter: what its start-up loads
def test_the_hours_and_minutes_pattern_is_compiled_for_such_a_duration_only() -> None:
    code = (
        "import filmlint; from filmlint.rules import duration_format as d; "
        "lint = lambda value: filmlint.lint_text(f'---\\nduration: \"{value}\"\\n---\\n', "
        "'x.md', select=['duration-format']); "
        "print(lint('139 minutes'), d._hours_minutes.cache_info().currsize); "
        "print(lint('2h 19m')[0].message.startswith('write the duration'), "
        "d._hours_minutes.cache_info().currsize)"
    )
    assert _run(code) == ["[]", "0", "True", "1"]


def test_the_installed_command_starts_as_a_run_as_a_module_does() -> None:
    """The ``filmlint`` script (pre-commit's entry, a user's command) gets the same tuning."""
    from importlib.metadata import distribution

    import filmlint.__main__

    (script,) = [
        entry
        for entry in distribution("filmlint").entry_points
        if entry.group == "console_scripts" and entry.name == "filmlint"
    ]
    assert script.load() is filmlint.__main__.run
