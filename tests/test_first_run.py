"""A first run that teaches: a country name where codes are expected says how to accept
names, and a run without configuration that one rule dominates suggests ``filmlint init``."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

import filmlint
from conftest import film, run_cli
from filmlint.diagnostics import Diagnostic, Severity
from filmlint.engine.settings import Config
from filmlint.reporters import Report, summary_line

ACCEPT_NAMES = 'accept names with accept = ["code", "name"] in [rules.country-code]'
NAMES = Config(rules={"country-code": {"accept": ["code", "name"]}})
#: English short names of current countries, each with its code.
COUNTRIES = sorted(
    (getattr(c, "common_name", None) or c.name, c.alpha_2)
    for c in pycountry.countries
    if "," not in c.name and "(" not in c.name
)


@given(st.sampled_from(COUNTRIES))
def test_every_country_name_is_said_to_be_one(country: tuple[str, str]) -> None:
    name, code = country
    text = film(f'country: "{name}"')
    (diagnostic,) = filmlint.lint_text(text, select=["country-code"])
    assert diagnostic.message == (
        f"'{name}' is a country name, not an ISO 3166-1 code; {ACCEPT_NAMES}, or write '{code}'"
    )
    assert filmlint.lint_text(text, config=NAMES, select=["country-code"]) == []


@pytest.mark.parametrize(
    ("locale", "name", "code"),
    [("zh-Hans", "美国", "US"), ("ja", "アメリカ", "US"), ("fr", "Allemagne", "DE")],
)
def test_names_in_the_files_language(locale: str, name: str, code: str) -> None:
    config = Config(locale_default=locale)
    (diagnostic,) = filmlint.lint_text(
        film(f'country: "{name}"'), config=config, select=["country-code"]
    )
    assert diagnostic.message.endswith(f"{ACCEPT_NAMES}, or write '{code}'")


def test_misspellings_and_codes_keep_their_messages() -> None:
    (misspelt,) = filmlint.lint_text(film('country: "Frnace"'), select=["country-code"])
    assert misspelt.message == "'Frnace' is not an ISO 3166-1 code; did you mean 'FR' (France)?"
    assert filmlint.lint_text(film('country: "FR"'), select=["country-code"]) == []


def diagnostics(counts: dict[str, int]) -> list[Diagnostic]:
    return [
        Diagnostic(f"f{n}.md", 1, 1, 1, 2, "FL999", rule, Severity.ERROR, "message")
        for rule, count in counts.items()
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("counts", "configured", "hint"),
    [
        ({"country-code": 20}, False, True),
        ({"country-code": 19}, False, False),  # too few to be a style
        ({"country-code": 20, "rating-format": 19}, False, True),
        ({"country-code": 20, "rating-format": 20}, False, False),  # not over half
        ({"country-code": 200}, True, False),  # configured: the site chose
    ],
)
def test_summary_hints_at_init_when_one_rule_dominates(
    counts: dict[str, int], configured: bool, hint: bool
) -> None:
    report = Report(diagnostics(counts), 300, configured=configured)
    lines = summary_line(report).split("\n")
    assert len(lines) == (2 if hint else 1)
    if hint:
        count = counts["country-code"]
        assert lines[1] == (
            f"hint: {count} of the {sum(counts.values())} problems are country-code; if the "
            "site writes them so on purpose, 'filmlint init' writes a configuration that fits "
            "it (or see the options of 'filmlint rule country-code')"
        )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for n in range(21):
        (tmp_path / f"film-{n}.md").write_text(film('country: "美国"'), encoding="utf-8")
    return tmp_path


def test_a_first_run_suggests_init(site: Path) -> None:
    result = run_cli("check", "--no-cache", str(site), cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2] == "21 problems (21 errors, 0 warnings) in 21 of 21 files"
    assert result.stdout.splitlines()[-1].startswith("hint: 21 of the 21 problems are country-code")


@pytest.mark.parametrize("output_format", ["json", "github", "sarif"])
def test_no_hint_for_machines(site: Path, output_format: str) -> None:
    result = run_cli("check", "--no-cache", "--format", output_format, str(site), cwd=site)
    assert "filmlint init" not in result.stdout + result.stderr


def test_no_hint_with_a_configuration(site: Path) -> None:
    (site / "filmlint.toml").write_text('ignore = ["rating-format"]\n')
    result = run_cli("check", "--no-cache", str(site), cwd=site)
    assert result.stdout.splitlines()[-1] == "21 problems (21 errors, 0 warnings) in 21 of 21 files"
