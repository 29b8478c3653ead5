"""The result cache keeps translation-mismatch's values without the front matter text they
carry (the file holds it): a warm run reports what a cold one does, reads again only the
files whose fields it places, and trusts no text that is no longer the file's."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import types
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import film, run_cli, translation_site
from filmlint import Config, Linter
from filmlint.diagnostics import DataPath, Reference, ReferenceProblem, Severity
from filmlint.engine import cache as cache_module
from filmlint.engine import cache_keys
from filmlint.engine import linter as linter_module
from filmlint.engine.cache import DATABASE, ResultCache
from filmlint.engine.results import FileResult
from filmlint.rulekit import kept_text
from filmlint.rulekit.declaration import Registry, RunContext, rule_from_object

CONFIG = '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
#: Long enough a front matter to be kept as a note (``kept_text.SHORTEST``).
LONG = "Three hundred words of a summary. " * 10
PAIRS = 3
#: The files of the pairs whose versions differ, sorted.
PAIR_FILES = sorted(
    [f"{index}.md" for index in range(PAIRS)] + [f"{index}-en.md" for index in range(PAIRS)]
)


def base(index: int) -> str:
    return film(f'country: "美国"\nyear: {1970 + index}\nawards: ["{LONG}"]\n')


def translation(index: int, year_off: int = 1) -> str:
    return film(f'country: "US"\nyear: {1970 + index + year_off}\nawards: ["{LONG}"]\n')


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pairs of versions whose years differ, and a pair that agrees."""
    monkeypatch.setattr(cache_keys, "_RACY_NS", 0)  # every file settled at once
    root = tmp_path / "site"
    films = translation_site(root, CONFIG, PAIRS, base, translation)
    (films / "same.md").write_text(base(9), encoding="utf-8")
    (films / "same-en.md").write_text(translation(9, 0), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check(*args: str) -> str:
    result = run_cli("check", "--output-format", "json", *args, "films")
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def stored_values(root: Path, folder: str = ".filmlint_cache") -> list[bytes]:
    with sqlite3.connect(root / folder / DATABASE) as db:
        return [value for (value,) in db.execute("SELECT value FROM results")]


def reads_again(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the run phase reads again, as linters built from now on read them."""
    read = linter_module.read_bytes
    found: list[str] = []

    def noted(path: str, max_size: int) -> bytes:
        found.append(Path(path).name)
        return read(path, max_size)

    monkeypatch.setattr(linter_module, "read_bytes", noted)
    return found


def test_a_warm_run_reports_what_a_cold_one_does_from_values_kept_without_their_text(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = check("--no-cache")
    assert expected.count("translation-mismatch") == PAIRS
    assert check() == expected  # cold, writing the cache
    values = stored_values(site)
    assert values and not any(b"Three hundred words" in value for value in values)
    # Another file changes: the run phase runs again, the pairs' results come from the cache
    # by size and time alone, and a value's text is read where a field differs.
    (site / "films" / "other.md").write_text(base(20), encoding="utf-8")
    again = reads_again(monkeypatch)
    warm = check()
    assert warm.count("translation-mismatch") == PAIRS
    assert warm == check("--no-cache")
    assert sorted(again) == PAIR_FILES  # once each; the pair that agrees is never read


@pytest.mark.parametrize("name", ["0-en.md", "0.md"], ids=["translation", "base"])
def test_a_file_changed_under_its_cached_size_and_time_is_judged_as_it_is_now(
    site: Path, name: str
) -> None:
    """The same size, the modification time put back (``touch -r``): the change time tells
    the edit, and the warm run reports what a cold one does."""
    check()
    changed = site / "films" / name
    status = changed.stat()
    text = changed.read_text(encoding="utf-8")
    same_size = text.replace("Three hundred", "Three thousand", 1)  # hundred, thousand: 7+1
    changed.write_text(same_size.replace("summary. ", "summary.", 1), encoding="utf-8")
    assert changed.stat().st_size == status.st_size
    os.utime(changed, ns=(status.st_atime_ns, status.st_mtime_ns))
    (site / "films" / "other.md").write_text(base(20), encoding="utf-8")  # the run phase runs
    found = check()
    assert found == check("--no-cache")
    assert found.count("translation-mismatch") == PAIRS
    assert "internal-error" not in found


def test_a_file_read_to_be_looked_up_gives_its_text_back_at_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A touched file is read and hashed to find its result: that read gives the text back,
    and the run phase does not read it again."""
    check()
    touched = site / "films" / "1-en.md"
    status = touched.stat()
    os.utime(touched, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    again = reads_again(monkeypatch)
    found = check()
    assert found.count("translation-mismatch") == PAIRS
    assert "1-en.md" not in again
    assert "1.md" in again  # its base was found by size and time: read where it is placed


def _gather_whole_text(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[DataPath, str]]:
    yield ("title",), "the file:\n" + document.text


def _finish_with_digests(
    references: Sequence[Reference], options: Mapping[str, Any], context: RunContext
) -> Iterator[ReferenceProblem]:
    """Each value's length and digest, its tail read back where the cache kept it without."""
    for reference in references:
        head, _, tail = reference.value.partition("\n")
        text = kept_text.resolve(tail, reference.file, context.read_file)
        assert text is not None
        digest = hashlib.sha256(f"{head}\n{text}".encode()).hexdigest()
        yield ReferenceProblem(reference, f"{len(text)} characters, {digest}")


def _whole_text_plugin(*, says_so: bool) -> types.SimpleNamespace:
    """A plugin's rule whose values end with the whole of its file's text (not the front
    matter that filmlint's own rules end with), which says so (``KEEPS_FILE_TEXT``) or not."""
    return types.SimpleNamespace(
        __name__="whole_text",
        __doc__="Gathers each file's whole text.",
        NAME="whole-text",
        CODE="FL991",
        SEVERITY=Severity.WARNING,
        KEEPS_FILE_TEXT=says_so,
        gather=_gather_whole_text,
        finish=_finish_with_digests,
    )


@pytest.mark.parametrize("says_so", [False, True], ids=["does not say so", "says so"])
def test_a_plugin_rule_gets_back_each_value_as_it_gathered_it(site: Path, says_so: bool) -> None:
    """``KEEPS_FILE_TEXT`` is read for filmlint's own rules alone: a plugin could not read a
    kept tail back (``kept_text`` is not part of its API), so its values are kept whole."""
    rule = rule_from_object(_whole_text_plugin(says_so=says_so), "tests")
    linter = Linter(Config(), select=["whole-text"], registry=Registry([rule]))
    assert not rule.keeps_file_text
    assert linter.rules.keeping_file_text == frozenset()
    films = site / "films"
    cold = linter.lint_paths([films], cache=ResultCache(site / "cache")).diagnostics
    assert any(b"Three hundred words" in value for value in stored_values(site, "cache"))
    warm = linter.lint_paths([films], cache=ResultCache(site / "cache")).diagnostics
    assert [d.message for d in warm] == [d.message for d in cold]
    assert len(cold) == 2 * PAIRS + 2


def test_a_base_placed_for_several_fields_is_read_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its translation differs from it in the year and the country: both fields are placed
    in both files from one read of each."""
    two_fields = translation(0).replace('country: "US"', 'country: "FR"')
    (site / "films" / "0-en.md").write_text(two_fields, encoding="utf-8")
    check()
    (site / "films" / "other.md").write_text(base(20), encoding="utf-8")  # the run phase runs
    again = reads_again(monkeypatch)
    warm = check()
    assert warm.count("translation-mismatch") == PAIRS + 1
    assert warm == check("--no-cache")
    assert sorted(again) == PAIR_FILES  # once each


#: A configuration with a translation set for every file: translation-mismatch gathers.
TRANSLATED = {"locale": {"default": "zh-Hans", "suffixes": {"en": "en"}}}


def own_cuts_at_front_matter(linter: Linter, path: Path) -> bool:
    """Assert that the values of filmlint's own rules that keep file text gathered from
    ``path`` end with its front matter (its text before ``FileResult.body_start``) and that
    the cache cuts each of them, without reading the text, where that front matter begins
    (a front matter shorter than ``kept_text.SHORTEST`` is kept). Whether any was cut."""
    keeping = linter.rules.keeping_file_text
    assert keeping == {"translation-mismatch"}
    result = linter.file_result(path)
    front_matter = path.read_bytes().decode("utf-8")[: result.body_start]
    values = [r.value for r in result.gathered if r.rule in keeping]
    assert values, path.name
    assert all(value.endswith(front_matter) for value in values), path.name
    cuts = cache_module._cuts(result, keeping)
    if len(front_matter) < kept_text.SHORTEST:
        assert cuts is None, path.name
        return False
    assert cuts is not None, path.name
    for reference, cut in zip(result.gathered, cuts, strict=True):
        if reference.rule in keeping:
            assert cut is not None and reference.value[cut:] == front_matter, path.name
        else:
            assert cut is None, path.name
    return True


def test_own_values_end_with_the_front_matter_and_are_cut_where_it_begins(corpus: Path) -> None:
    linter = Linter(Config.from_dict(TRANSLATED))
    files = sorted(corpus.glob("*.md"))
    assert sum(own_cuts_at_front_matter(linter, path) for path in files) > len(files) // 2


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (film(f'awards: ["{LONG}"]\n'), True),
        # A suppression comment: the rule gathers each field on its own, each value ending so.
        (
            film(
                f'# filmlint: disable-next-line country-code\ncountry: "US"\nawards: ["{LONG}"]\n'
            ),
            True,
        ),
        ("\ufeff" + film(f'awards: ["{LONG}"]\n'), True),
        (film(f'awards: ["{LONG}"]\n').replace("\n", "\r\n"), True),
        # The summary repeats the front matter's first characters before its tail.
        (film(f'summary: "---\\ntitle: \\"Alien\\""\nawards: ["{LONG}"]\n'), True),
        (film(), False),  # a front matter shorter than ``kept_text.SHORTEST``: kept whole
    ],
    ids=["long", "suppression comment", "BOM", "CRLF", "repeats its start", "short"],
)
def test_each_way_a_front_matter_is_written_is_cut_where_it_begins(
    tmp_path: Path, text: str, cut: bool
) -> None:
    path = tmp_path / "film.md"
    path.write_bytes(text.encode("utf-8"))
    assert own_cuts_at_front_matter(Linter(Config.from_dict(TRANSLATED)), path) is cut


def _reference(rule: str, value: str) -> Reference:
    return Reference(rule, value, "film.md", 0, 3, 1, 1, 1, 4, None, (), True)


SHORTEST = kept_text.SHORTEST


@pytest.mark.parametrize(
    ("body_start", "values", "cuts"),
    [
        # (rule, value) pairs: "own" keeps file text, "other" does not.
        (SHORTEST, [("own", "head\n" + "f" * SHORTEST)], [5]),
        (SHORTEST - 1, [("own", "head\n" + "f" * (SHORTEST - 1))], None),  # kept whole
        (SHORTEST, [("other", "head\n" + "f" * SHORTEST)], None),
        (SHORTEST, [("other", "x"), ("own", "h\n" + "f" * SHORTEST)], [None, 2]),
        (SHORTEST, [("own", "f" * SHORTEST), ("own", "h\n" + "f" * SHORTEST)], [0, 2]),
        (0, [("own", "head\n")], None),  # no parsed text: nothing to cut by
    ],
    ids=["cut", "short", "another rule", "beside another rule", "two values", "no body"],
)
def test_a_result_is_cut_by_its_front_matters_length(
    body_start: int, values: list[tuple[str, str]], cuts: list[int | None] | None
) -> None:
    result = FileResult([], tuple(_reference(rule, value) for rule, value in values))
    result.body_start = body_start
    assert cache_module._cuts(result, frozenset({"own"})) == cuts
