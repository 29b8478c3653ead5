"""A path named on the command line that does not exist is reported (unreadable-file, exit
1) wherever it is, as ruff reports it: a mistyped path must not pass a CI job that lints
nothing. The configuration's globs classify files that exist, not names."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID, run_cli

COLLECTIONS = '[collections.films]\ninclude = ["src/content/films/**"]\n'
EXCLUDE = 'exclude = ["src/content/flims/**", "notes/**"]\n'
CONFIGS = {"no configuration": None, "collections": COLLECTIONS, "exclude": EXCLUDE}
MISSING = {
    "a file in a collection": "src/content/films/nope.md",
    "a folder in a collection": "src/content/films/nope",
    "a file outside the collections": "notes/nope.md",
    "a mistyped folder": "src/content/flims",
    "a folder whose parent is missing too": "gone/src/content/films",
}


@pytest.mark.parametrize("config", CONFIGS.values(), ids=CONFIGS)
@pytest.mark.parametrize("missing", MISSING.values(), ids=MISSING)
def test_a_named_path_that_does_not_exist_is_reported(
    tmp_path: Path, config: str | None, missing: str
) -> None:
    films = tmp_path / "src" / "content" / "films"
    films.mkdir(parents=True)
    (films / "alien.md").write_text(VALID, encoding="utf-8")
    if config is not None:
        (tmp_path / "filmlint.toml").write_text(config, encoding="utf-8")

    result = run_cli("check", "src/content/films/alien.md", missing, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{missing}:1:1: FL009 [unreadable-file] error: cannot read file: No such file or directory"
    )
    assert result.stdout.splitlines()[-1] == "1 problem (1 error, 0 warnings) in 1 of 2 files"
