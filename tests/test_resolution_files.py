"""A run's files get the settings each would get alone, whatever configurations, excludes
and collections the folders of a tree hold (``Resolver.files`` settles a folder's files at
once when nothing can tell them apart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID, throwaway_folder
from filmlint.engine.resolution import FileSettings, Resolver
from filmlint.engine.settings import Config

FOLDERS = ["", "a", "a/b", "c"]
NAMES = ["film.md", "draft.md", "z.md"]
CONFIGS = st.sampled_from(
    [
        'select = ["FL2"]\n',
        'exclude = ["draft.md"]\n',
        '[collections.films]\ninclude = ["**/film.md", "a/**"]\n',
        '[collections.all]\ninclude = ["**"]\nexclude = ["z.md"]\n',
    ]
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(configs=st.dictionaries(st.sampled_from(FOLDERS), CONFIGS, max_size=3))
def test_each_walked_file_gets_the_settings_it_gets_alone(
    tmp_path_factory: pytest.TempPathFactory, configs: dict[str, str]
) -> None:
    root = throwaway_folder(tmp_path_factory, "tree")
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            (root / folder / name).write_text(VALID, encoding="utf-8")
    for folder, text in configs.items():
        (root / folder / "filmlint.toml").write_text(text, encoding="utf-8")
    resolver: Resolver[Config] = Resolver(lambda config: config)
    found = resolver.files([root])
    alone = Resolver[Config](lambda config: config)
    every = [str(root / folder / name) for folder in FOLDERS for name in NAMES]
    expected = sorted(name for name in every if isinstance(alone.settings_for(name), FileSettings))
    assert [name for name, _ in found] == expected
    for name, settings_ in found:
        assert settings_ is resolver.settings_for(name), name
        other = alone.settings_for(name)
        assert isinstance(settings_, FileSettings) and isinstance(other, FileSettings)
        assert (settings_.config_file, settings_.collection_name) == (
            other.config_file,
            other.collection_name,
        )


def test_a_named_file_keeps_its_own_settings_beside_walked_ones(tmp_path: Path) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "filmlint.toml").write_text('exclude = ["films/draft.md"]\n', "utf-8")
    for name in NAMES:
        (tmp_path / "films" / name).write_text(VALID, encoding="utf-8")
    resolver: Resolver[Config] = Resolver(lambda config: config)
    draft = str(tmp_path / "films" / "draft.md")
    found = dict(resolver.files([tmp_path / "films", draft]))
    assert not isinstance(found[draft], FileSettings)  # named: kept, with why it is skipped
    assert all(isinstance(found[str(tmp_path / "films" / n)], FileSettings) for n in NAMES[::2])
