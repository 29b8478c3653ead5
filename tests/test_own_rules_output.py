"""filmlint's own rules are trusted to gather (data path, text) pairs: the engine takes their
values as they come, where a plugin's are checked (``rule_output.pairs``). The real corpus
holds that trust up, in a site whose every rule gathers."""

from __future__ import annotations

import shutil
from pathlib import Path

from filmlint.engine import rule_output
from filmlint.engine.linter import Linter
from filmlint.engine.settings import parse_config


def test_own_rules_gather_values_as_a_plugins_are_checked_to_be(
    tmp_path: Path, corpus: Path
) -> None:
    films = tmp_path / "films"
    shutil.copytree(corpus, films)
    config = parse_config(
        {"locale": {"default": "zh-Hans", "suffixes": {"en": "en"}}}, tmp_path / "filmlint.toml"
    )
    linter = Linter(config, network=True)  # url-reachable gathers: none is asked for here
    gathered = {}
    for path in sorted(films.glob("*.md")):
        result = linter.file_result(path)
        assert not [d for d in result.diagnostics if d.rule == "internal-error"], path
        for reference in result.gathered:
            pair = (reference.data_path, reference.value)
            assert rule_output.pairs([pair]) == [pair]
            assert type(reference.data_path) is tuple
            gathered[reference.rule] = gathered.get(reference.rule, 0) + 1
    assert set(gathered) == {"translation-missing", "translation-mismatch", "url-reachable"}
