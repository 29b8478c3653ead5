"""Shared test helpers: lint a text and get compact (line, column, rule) rows; run the command."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AnyStr, Generic, Literal, TextIO, overload

import pytest
from hypothesis import HealthCheck, settings

import filmlint
from filmlint import cli
from filmlint.diagnostics import Diagnostic

# Bytecode is written, whatever PYTHONDONTWRITEBYTECODE says, for the run and the processes
# it starts: without it each pytest process (the controller and every xdist worker) rewrites
# the asserts of every test module again (two thirds of collecting them), and each command
# run as a subprocess compiles the filmlint modules whose bytecode is missing or stale. Python
# and pytest check each cached file against its source's time and size.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("FILMLINT_CORPUS", ROOT.parent / "shared" / "corpus" / "femres-films"))

# Hypothesis: everyday runs try a fifth of the examples each property test asks for;
# HYPOTHESIS_PROFILE=thorough tries them all, as a release or a change to a parser deserves.
# Neither times examples: on a loaded machine (CI, tests in parallel) a slow example or a
# slow draw says nothing of the code, and a hang is what the tests with timeouts catch.
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("fast", max_examples=20, **_UNTIMED)
settings.register_profile("thorough", max_examples=100, **_UNTIMED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def examples(thorough: int) -> int:
    """``max_examples`` for a test that wants ``thorough`` examples in a thorough run.

    Scaled as the loaded profile scales hypothesis's own default of 100 (a fifth by default),
    never below one.
    """
    return max(1, thorough * settings().max_examples // 100)


#: The required keys of a film, with values that break no rule.
REQUIRED = """\
title: "Alien"
director: "Ridley Scott"
description: "A crew meets a creature."
releaseDate: 1979-05-25
topics: ["Bodily Autonomy"]
status: "published"
"""


def front(yaml: str, body: str = "Body.\n") -> str:
    """A film file with ``yaml`` (dedented) as front matter."""
    return "---\n" + textwrap.dedent(yaml).strip("\n") + "\n---\n" + body


def film(extra: str = "") -> str:
    """A valid film file with the YAML lines ``extra`` added to its front matter."""
    return front(REQUIRED + extra)


def film_with(yaml: str) -> str:
    """A valid film with the keys of ``yaml`` (a docs page's example) in place of the
    required ones it sets."""
    keys = set(re.findall(r"^([A-Za-z]\w*):", yaml, re.MULTILINE))
    kept = [line for line in REQUIRED.splitlines(keepends=True) if line.split(":")[0] not in keys]
    return front("".join(kept) + yaml)


VALID = film()


def translation_site(
    root: Path,
    config: str,
    pairs: int,
    base: Callable[[int], str],
    translation: Callable[[int], str],
) -> Path:
    """A site at ``root`` with ``config`` and ``pairs`` films, each a base ``films/N.md`` beside
    its English version ``films/N-en.md``; the films folder."""
    films = root / "films"
    films.mkdir(parents=True)
    (root / "filmlint.toml").write_text(config, encoding="utf-8")
    for index in range(pairs):
        (films / f"{index}.md").write_text(base(index), encoding="utf-8")
        (films / f"{index}-en.md").write_text(translation(index), encoding="utf-8")
    return films


@dataclass(frozen=True)
class CliResult(Generic[AnyStr]):
    """What a run of the command left behind, shaped like ``subprocess.CompletedProcess``."""

    args: list[str]
    returncode: int
    stdout: AnyStr
    stderr: AnyStr


@overload
def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    text: Literal[True] = ...,
) -> CliResult[str]: ...
@overload
def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, text: Literal[False]
) -> CliResult[bytes]: ...
def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, text: bool = True
) -> CliResult[str] | CliResult[bytes]:
    """``filmlint ARGS`` run in this process as if in a fresh one (see ``fresh_process``).

    ``text``: decode the output as ``subprocess.run(text=True)`` does (every line break
    becomes LF), or keep it as bytes.
    """
    with fresh_process(args, cwd, env) as (stdout, stderr):
        try:
            returncode = cli.main(list(args))
        except SystemExit as exit_:  # argparse: --version, --help, a usage error
            returncode = _exit_status(exit_.code)
        except Exception:  # what an uncaught exception does to a process
            traceback.print_exc()
            returncode = 1
    argv = ["filmlint", *args]
    out, err = stdout.getvalue(), stderr.getvalue()
    if not text:
        return CliResult(argv, returncode, out, err)
    return CliResult(argv, returncode, _as_text(out), _as_text(err))


def run_stdin(*args: str, stdin: bytes, cwd: Path) -> CliResult[bytes]:
    """``filmlint ARGS`` in this process, as a fresh one, reading ``stdin``."""
    with fresh_process(args, cwd, None) as (stdout, stderr):
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return CliResult(["filmlint", *args], code, stdout.getvalue(), stderr.getvalue())


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _as_text(output: bytes) -> str:
    # subprocess.run(text=True) decodes with universal newlines.
    return output.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def fresh_process(
    args: Sequence[str], cwd: Path | None, env: dict[str, str] | None
) -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """The process state that ``python -m filmlint ARGS`` would start with, restored after.

    The working folder, environment, ``sys.argv`` and standard streams are set as a new
    process has them: stdin empty, stdout and stderr captured (not terminals, so no colour
    and no progress bar), encoded as ``PYTHONIOENCODING`` or UTF-8 says. A ``PYTHONPATH`` in
    ``env`` goes on ``sys.path``, and the modules imported from it are forgotten afterwards,
    so the next run imports its own.
    """
    variables = {**os.environ, **(env or {})}
    encoding, _, errors = variables.get("PYTHONIOENCODING", "").partition(":")
    stdout, stderr = _KeptBytes(), _KeptBytes()
    stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    import_path = [entry for entry in (env or {}).get("PYTHONPATH", "").split(os.pathsep) if entry]
    saved_environ = dict(os.environ)
    saved_cwd = Path.cwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv, saved_path = sys.argv, sys.path[:]
    try:
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = [str(Path(filmlint.__file__).with_name("__main__.py")), *args]
        sys.path[:0] = import_path
        sys.stdin = stdin
        sys.stdout = _text_stream(stdout, encoding or "utf-8", errors or "strict")
        sys.stderr = _text_stream(stderr, encoding or "utf-8", "backslashreplace")
        yield stdout, stderr
    finally:
        # What the command wrote (through whatever streams it may have put there) is kept.
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        sys.path[:] = saved_path
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
        _forget_modules_under(import_path)


class _KeptBytes(io.BytesIO):
    """A buffer whose contents outlive the closing of the stream around it."""

    def close(self) -> None:
        pass


def _text_stream(buffer: io.BytesIO, encoding: str, errors: str) -> TextIO:
    return io.TextIOWrapper(buffer, encoding=encoding, errors=errors, write_through=True)


def _forget_modules_under(folders: list[str]) -> None:
    if not folders:
        return
    roots = [Path(folder).resolve() for folder in folders]
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        if source and any(Path(source).resolve().is_relative_to(root) for root in roots):
            del sys.modules[name]
    for folder in folders:
        sys.path_importer_cache.pop(folder, None)
    importlib.invalidate_caches()


def run_cli_process(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m filmlint ARGS`` in a real subprocess: for what needs one (worker processes,
    signals, the entry point itself, limits on the process). Tests that use it are marked
    ``slow``."""
    return subprocess.run(
        [sys.executable, "-m", "filmlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def rows(text: str, path: str | None = None, **kwargs: object) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.rule) for d in filmlint.lint_text(text, path, **kwargs)]  # type: ignore[arg-type]


def lint(text: str, path: str | None = None, **kwargs: object) -> list[Diagnostic]:
    return filmlint.lint_text(text, path, **kwargs)  # type: ignore[arg-type]


#: Variables that change filmlint's output (format, colour): only the tests about them set them.
OUTPUT_VARIABLES = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")


@pytest.fixture(autouse=True)
def plain_output_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run the same inside GitHub Actions (which sets GITHUB_ACTIONS) as anywhere."""
    for name in OUTPUT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def cache_key_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caches are sealed with a key made for the tests, never the key in the user's home."""
    monkeypatch.setenv("FILMLINT_CACHE_KEY_DIR", str(tmp_path_factory.getbasetemp() / "key"))


#: The folders ``throwaway_folder`` made for the test running now.
_THROWAWAY: list[Path] = []


def throwaway_folder(factory: pytest.TempPathFactory, name: str) -> Path:
    """A new folder (one for each example of a property test, say), removed when the test
    passes, as its ``tmp_path`` is (pyproject: tmp_path_retention_policy), and kept when it
    fails. A folder left to the end of the run costs more to remove, its files long written
    out (~3 ms a file on this disk)."""
    folder = factory.mktemp(name)
    _THROWAWAY.append(folder)
    return folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    if report.when == "teardown":
        folders = _THROWAWAY[:]
        _THROWAWAY.clear()
        if not item.stash.get(_FAILED, False):
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def larger_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real corpus with more files, built once (tests/corpus_copies.py)."""
    from corpus_copies import build_larger_copy

    return build_larger_copy(CORPUS, tmp_path_factory.mktemp("larger") / "films")


@pytest.fixture(params=["real", pytest.param("larger", marks=pytest.mark.slow)])
def corpus(request: pytest.FixtureRequest) -> Path:
    """The real corpus, then a larger copy of it: corpus tests tolerate more files. The copy
    only adds size (a second of a worker's time to build, and each test over it costs more
    than over the real one), so its cases are slow: the full run takes them in."""
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (set FILMLINT_CORPUS)")
    if request.param == "larger":
        return Path(request.getfixturevalue("larger_corpus"))
    return CORPUS


@pytest.fixture(scope="session")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """This working tree as a hook repository (one snapshot commit), and one pre-commit home
    for the whole run: pre-commit builds the hooks' environment once, for every pre-commit
    test on every xdist worker (its store lock makes the other workers wait, then reuse)."""
    from precommit_helpers import shared_hooks

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    return shared_hooks(base / HOOKS_FOLDER)


HOOKS_FOLDER = "pre-commit-hooks"
#: The hooks' environment being built in the background (pytest_sessionstart).
_installing_hooks: list[subprocess.Popen[bytes]] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start building the pre-commit hooks' environment (a minute of pip, mostly waiting on
    the network) when the run will need it, so that other tests run meanwhile."""
    config = session.config
    if os.environ.get("PYTEST_XDIST_WORKER") or not _runs_hook_tests(config):
        return
    # The run's folder: each xdist worker's own is below it (as ``hooks`` reads it).
    folder = config._tmp_path_factory.getbasetemp() / HOOKS_FOLDER  # type: ignore[attr-defined]
    folder.mkdir(parents=True, exist_ok=True)
    log = (folder / "install-hooks.log").open("wb")
    helper = Path(__file__).with_name("precommit_helpers.py")
    _installing_hooks.append(
        subprocess.Popen(
            [sys.executable, str(helper), str(folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: pre-commit and pip with it
        )
    )
    log.close()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that ended before the build did (it ran no hook test after all) stops it.

    A run that passed leaves the hooks' folder (8,000 files, pre-commit's environment the
    most) to a process of its own to remove, not to pytest, which removes a passing run's
    folder before it exits: ~3 ms a file written out long ago on this disk, 20 s of waiting.
    """
    for process in _installing_hooks:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()
    factory = session.config._tmp_path_factory  # type: ignore[attr-defined]
    if os.environ.get("PYTEST_XDIST_WORKER") or factory._basetemp is None:
        return
    removed_by_pytest = (
        exitstatus == 0
        and factory._retention_policy == "failed"
        and factory._given_basetemp is None
    )
    folder = factory._basetemp / HOOKS_FOLDER
    if removed_by_pytest and folder.is_dir():
        # Named as pytest names what it has still to remove: a later run removes what is left.
        garbage = folder.rename(factory._basetemp.parent / f"garbage-hooks-{os.getpid()}")
        subprocess.Popen(
            [sys.executable, "-c", _REMOVE, str(garbage)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives the run, which does not wait for it
        )


_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Each pytest process (the controller and every xdist worker) ends without the collector
    looking through all it has loaded again: the last full collections Python makes on the way
    out took 1.5 s of each worker's CPU, and the run ends when its workers have. The garbage
    pytest collects to report exceptions ignored in finalizers is collected before this."""
    gc.freeze()


def _runs_hook_tests(config: pytest.Config) -> bool:
    """Whether the run's paths and ``-m`` expression take in the pre-commit tests (all of them
    are marked slow)."""
    from _pytest.mark.expression import Expression

    from precommit_helpers import HOOK_TEST_PATTERN

    if config.option.collectonly or importlib.util.find_spec("pre_commit") is None:
        return False
    if config.option.markexpr:
        expression = Expression.compile(config.option.markexpr)
        if not expression.evaluate(lambda name, **_: name == "slow"):
            return False
    hook_tests = {path.resolve() for path in Path(__file__).parent.glob(HOOK_TEST_PATTERN)}
    for argument in config.args:
        selected = Path(config.invocation_params.dir, argument.split("::")[0]).resolve()
        if any(test == selected or test.is_relative_to(selected) for test in hook_tests):
            return True
    return False
