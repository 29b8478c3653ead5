"""A rule (or the pipeline) that raises is an internal-error on that file, never the end of the
run: every other file is linted and reported, worker processes survive, and the CLI exits 2."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import film, run_cli
from filmlint import Config, Linter
from filmlint.diagnostics import Diagnostic, Problem, Reference, ReferenceProblem
from filmlint.engine import parallel
from filmlint.engine.cache import ResultCache
from filmlint.frontmatter import parser
from filmlint.rules import rating_format, url_reachable

#: Exceptions of every sort a buggy rule raises, with the text the message shows.
ERRORS: list[tuple[BaseException, str]] = [
    (ValueError("boom"), "ValueError: boom"),
    (KeyError("title"), "KeyError: 'title'"),
    (ZeroDivisionError("division by zero"), "ZeroDivisionError: division by zero"),
    (RecursionError("maximum recursion depth exceeded"), "RecursionError: maximum recursion"),
    (MemoryError(), "MemoryError"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), "UnicodeDecodeError"),
    # Not Exceptions, but a rule's bugs all the same: ending the run would let it pass.
    (SystemExit(0), "SystemExit: 0"),
    (GeneratorExit(), "GeneratorExit"),
]


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text")


#: rating-format's own check, which the crashing ones run on every other file.
RATING_CHECK = rating_format.check


def crashing_on(*names: str, error: BaseException) -> Callable[..., Iterator[Problem]]:
    """rating-format's ``check``, raising ``error`` (after a first problem) on the files
    called ``names``."""

    def check(document: Any, options: Mapping[str, Any]) -> Iterator[Problem]:
        problems = RATING_CHECK(document, options)
        if document.path is not None and Path(document.path).name in names:
            yield from problems
            raise error
        yield from problems

    return check


def films(folder: Path, count: int) -> list[Path]:
    """Films with a rating of two decimals each, which rating-format reports."""
    folder.mkdir(exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"film-{index:03}.md"
        path.write_text(film(f'imdbRating: "{index % 9}.55"\n'), encoding="utf-8")
        paths.append(path)
    return paths


def internal(diagnostics: Sequence[Diagnostic]) -> list[tuple[str, int, int, str, str]]:
    return [
        (Path(d.path).name, d.line, d.column, d.code, d.message)
        for d in diagnostics
        if d.rule == "internal-error"
    ]


def others(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.rule != "internal-error"]


@pytest.mark.parametrize(("error", "shown"), ERRORS, ids=lambda e: type(e).__name__)
def test_a_check_that_raises_is_an_internal_error_on_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, shown: str
) -> None:
    paths = films(tmp_path / "films", 5)
    healthy = Linter(Config(root=tmp_path)).lint_paths([tmp_path / "films"]).diagnostics
    monkeypatch.setattr(rating_format, "check", crashing_on("film-002.md", error=error))
    run = Linter(Config(root=tmp_path)).lint_paths([tmp_path / "films"])
    assert run.files == len(paths)
    [(name, line, column, code, message)] = internal(run.diagnostics)
    assert (name, line, column, code) == ("film-002.md", 1, 1, "FL999")
    assert message.startswith(f"rule rating-format (filmlint) failed: {shown}")
    # Every other rule still reports on that file; every other file is as before.
    assert others(run.diagnostics) == [
        d for d in healthy if not (d.rule == "rating-format" and d.path.endswith("film-002.md"))
    ]


def test_an_exception_without_printable_text_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rating_format, "check", crashing_on("film.md", error=Unprintable()))
    [(_, _, _, _, message)] = internal(Linter().lint_text(film(), "film.md"))
    assert message.startswith("rule rating-format (filmlint) failed: Unprintable")


def test_a_gather_that_raises_is_an_internal_error_and_the_run_phase_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gather(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[Any, str]]:
        raise LookupError("lost")

    monkeypatch.setattr(url_reachable, "gather", gather)
    monkeypatch.setattr(url_reachable, "gather_options", lambda options, context: options)
    found = Linter().lint_text(film('sourceUrl: [{platform: IMDb, url: "https://x.test/"}]\n'))
    assert internal(found) == [
        ("<text>", 1, 1, "FL999", "rule url-reachable (filmlint) failed: LookupError: lost")
    ]


def test_a_gather_that_raises_midway_gives_the_run_phase_nothing_of_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gather(document: Any, options: Mapping[str, Any]) -> Iterator[tuple[Any, str]]:
        yield ("sourceUrl", 0, "url"), "https://x.test/"
        raise LookupError("lost")

    judged: list[str] = []

    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: Any
    ) -> Iterator[ReferenceProblem]:
        judged.extend(reference.value for reference in references)
        return iter(())

    monkeypatch.setattr(url_reachable, "gather", gather)
    monkeypatch.setattr(url_reachable, "finish", finish)
    monkeypatch.setattr(url_reachable, "gather_options", lambda options, context: options)
    found = Linter().lint_text(film('sourceUrl: [{platform: IMDb, url: "https://x.test/"}]\n'))
    assert [message for *_, message in internal(found)] == [
        "rule url-reachable (filmlint) failed: LookupError: lost"
    ]
    assert judged == []


def test_a_finish_that_raises_is_reported_on_each_file_it_did_not_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def finish(
        references: Sequence[Reference], options: Mapping[str, Any], context: Any
    ) -> Iterator[ReferenceProblem]:
        raise OSError("disk gone")

    monkeypatch.setattr(url_reachable, "finish", finish)
    # Every URL gathered (as when the URL cache knows them), so that finish is called.
    monkeypatch.setattr(url_reachable, "gather_options", lambda options, context: options)
    folder = tmp_path / "films"
    folder.mkdir()
    for name, url in (("a.md", "https://a.test/"), ("b.md", "https://b.test/"), ("c.md", "")):
        links = f'sourceUrl: [{{platform: IMDb, url: "{url}"}}]\n' if url else ""
        (folder / name).write_text(film(links), encoding="utf-8")
    run = Linter(Config(root=tmp_path), network=False).lint_paths([folder])
    message = "rule url-reachable (filmlint) failed in the run phase: OSError: disk gone"
    assert internal(run.diagnostics) == [
        ("a.md", 1, 1, "FL999", message),
        ("b.md", 1, 1, "FL999", message),
    ]


def test_a_failure_outside_the_rules_is_an_internal_error_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def parse_document(text: str, path: str | None = None) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parser, "parse_document", parse_document)
    assert internal(Linter().lint_text(film(), "x.md")) == [
        (
            "x.md",
            1,
            1,
            "FL999",
            "filmlint failed on this file: RecursionError: maximum recursion depth exceeded",
        )
    ]


def test_the_cli_reports_every_file_and_exits_2_even_with_exit_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    films(tmp_path / "films", 3)
    monkeypatch.setattr(
        rating_format, "check", crashing_on("film-001.md", error=ValueError("boom"))
    )
    for extra in ([], ["--exit-zero"], ["--ignore", "internal-error"], ["--select", "FL2"]):
        result = run_cli("check", "--no-cache", "--format", "json", *extra, "films", cwd=tmp_path)
        assert result.returncode == 2, extra
        found = json.loads(result.stdout)
        assert {(d["path"], d["code"]) for d in found if d["code"] == "FL999"} == {
            (str(Path("films/film-001.md")), "FL999")
        }
        # The rating problems of the other files are still there.
        names = {Path(d["path"]).name for d in found if d["code"] == "FL203"}
        assert names == {"film-000.md", "film-002.md"}
        assert "internal-error" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_suppression_comment_cannot_hide_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rating_format, "check", crashing_on("x.md", error=ValueError("boom")))
    text = film("# filmlint: disable-file\n")
    assert [row[3] for row in internal(Linter().lint_text(text, "x.md"))] == ["FL999"]


def test_a_failed_result_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    films(tmp_path / "films", 2)
    cache = tmp_path / "cache"
    with monkeypatch.context() as patch:
        patch.setattr(rating_format, "check", crashing_on("film-000.md", error=ValueError("boom")))
        first = Linter(Config(root=tmp_path)).lint_paths(
            [tmp_path / "films"], cache=ResultCache(cache)
        )
    assert len(internal(first.diagnostics)) == 1
    again = Linter(Config(root=tmp_path)).lint_paths([tmp_path / "films"], cache=ResultCache(cache))
    assert internal(again.diagnostics) == []
    assert {Path(d.path).name for d in again.diagnostics if d.rule == "rating-format"} == {
        "film-000.md",
        "film-001.md",
    }


@pytest.mark.slow  # worker processes
@pytest.mark.parametrize("error", [ValueError("boom"), SystemExit(0)], ids=lambda e: repr(e))
def test_worker_processes_survive_a_failing_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_WORKER", 10)
    films(tmp_path / "films", 60)
    crashing = {"film-007.md", "film-031.md", "film-059.md"}
    monkeypatch.setattr(rating_format, "check", crashing_on(*crashing, error=error))
    linter = Linter(Config(root=tmp_path))
    serial = linter.lint_paths([tmp_path / "films"], jobs=1).diagnostics
    forked = linter.lint_paths([tmp_path / "films"], jobs=3).diagnostics
    assert forked == serial
    assert {name for name, *_ in internal(forked)} == crashing
