"""``filmlint init``: what it infers from a site, what it writes, and that checking the site
with it then reports only real problems."""

from __future__ import annotations

import json
import re
import shutil
import string
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, examples, front, run_cli
from corpus_copies import KNOWN, in_known_files
from filmlint.engine.draft_schemas import draft_schema
from filmlint.engine.init_writer import render_toml
from filmlint.engine.project import Project
from filmlint.engine.settings import load_config
from filmlint.engine.site_generators import declared_default
from filmlint.engine.site_languages import guess_language
from filmlint.engine.site_survey import survey_site
from filmlint.schema.validation import SchemaChecker
from filmlint.text.escapes import printable

FILM = """\
title: "{title}"
director: "Agnès Varda"
description: "{text}"
releaseDate: 1962-04-11
topics: ["Bodily Autonomy"]
status: "{status}"
country: "{country}"
"""
CHINESE = "一部关于等待检查结果的女歌手在巴黎街头度过两个小时的电影。讲述了她对死亡的恐惧。"
TRADITIONAL = "一部關於等待檢查結果的女歌手在巴黎街頭度過兩個小時的電影。講述了她對死亡的恐懼。"
ENGLISH = "A singer waits two hours in Paris for the results of a test, and fears death."


def film(title: str, text: str, country: str = "FR", status: str = "published") -> str:
    return front(FILM.format(title=title, text=text, country=country, status=status), text)


def write(site: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# The bar: a real site


def test_init_on_the_real_corpus_reports_only_real_problems(corpus: Path, tmp_path: Path) -> None:
    """Every finding was checked by hand (see tests/test_corpus.py): ratings of "N/A", two
    English files whose year is wrong, text left in Chinese in English files, and one
    Traditional form in a Simplified file. Without init, country-code alone reports 133."""
    films = tmp_path / "site" / "src" / "content" / "films"
    shutil.copytree(corpus, films)
    result = run_cli("init", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "site" / "filmlint.toml").read_text("utf-8"))
    # A larger copy of the site may have more languages: English is one of them.
    suffixes = written["locale"].pop("suffixes")
    assert suffixes.items() >= {("en", "en")}
    assert written == {
        "locale": {"default": "zh-Hans"},
        "rules": {"country-code": {"split": "/", "accept": ["code", "name"]}},
        "collections": {"films": {"include": ["src/content/films/**"], "schema": "film"}},
    }
    files = len(list(corpus.glob("*.md")))
    assert f"films: src/content/films/** ({files} files); schema film" in result.stdout

    run = Project().lint([tmp_path / "site"])
    known = in_known_files(run.diagnostics)
    found = {(Path(d.path).name, d.rule) for d in known}
    assert run.files == files >= len(KNOWN)
    problems = len(run.diagnostics)
    assert f"then 'filmlint check' reports: {problems} problems (" in result.stdout
    assert found == {
        ("alien-1979-en.md", "date-consistency"),
        ("foxy-brown-1974-en.md", "date-consistency"),
        ("i-will-follow-2011-en.md", "rating-format"),
        ("i-will-follow-2011.md", "rating-format"),
        ("iron-jawed-angels-2004-en.md", "url-format"),  # tt00338139: a stray zero
        ("iron-jawed-angels-2004.md", "url-format"),
        ("anatomy-of-a-fall-2023-en.md", "untranslated-text"),
        ("little-big-women-2020-en.md", "untranslated-text"),
        ("mulan-1998-en.md", "untranslated-text"),
        ("skater-girl-2021-en.md", "untranslated-text"),
        ("the-woman-king-2022-en.md", "untranslated-text"),
        ("thelma-and-louise-en.md", "untranslated-text"),
        ("wadjda-2012-en.md", "untranslated-text"),
        ("wendy-and-lucy-2008-en.md", "untranslated-text"),
        ("whale-rider-2002-en.md", "untranslated-text"),
        ("the-witch-2015-en.md", "untranslated-text"),
        ("the-diary-of-a-teenage-girl-2015-en.md", "untranslated-text"),
        ("the-marvels-2023.md", "untranslated-text"),
        ("anatomy-of-a-fall-2023.md", "script-variant"),
        # translations that disagree with their base (tests/test_translation_sets.py)
        ("alien-1979-en.md", "translation-mismatch"),
        ("foxy-brown-1974-en.md", "translation-mismatch"),
        ("angels-wear-white-2017-en.md", "translation-mismatch"),
        ("legally-blonde-en.md", "translation-mismatch"),  # the rating and the Douban URL
        ("the-joy-luck-club-en.md", "translation-mismatch"),
        ("wild-en.md", "translation-mismatch"),
    }
    assert len(known) == len(found) + 1


def _hugo_translation_keys(corpus: Path, films: Path) -> None:
    """Versions linked by translationKey, named apart: x.md and en-version-of-x.en.md."""
    films.mkdir(parents=True)
    for path in corpus.glob("*.md"):
        film, english = (path.stem[:-3], True) if path.stem.endswith("-en") else (path.stem, False)
        text = path.read_text("utf-8").replace("---\n", f"---\ntranslationKey: {film}\n", 1)
        (films / (f"en-version-of-{film}.en.md" if english else path.name)).write_text(
            text, "utf-8"
        )


def _hugo_folders(corpus: Path, films: Path) -> None:
    """Every language in its own folder: content/en/films/x.md, content/zh/films/x.md."""
    for path in corpus.glob("*.md"):
        english = path.stem.endswith("-en")
        folder = films.parent.parent / ("en" if english else "zh") / "films"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / (path.stem[:-3] + ".md" if english else path.name))


def _by_film(path: str) -> tuple[str, bool]:
    """A version's film and whether it is the English one, in any of the layouts."""
    name = Path(path).name.removeprefix("en-version-of-")
    english = "/en/" in path or name.endswith(("-en.md", ".en.md"))
    return name.removesuffix(".md").removesuffix("-en").removesuffix(".en"), english


@pytest.mark.parametrize("layout", [_hugo_translation_keys, _hugo_folders])
def test_init_finds_the_same_problems_in_other_layouts(tmp_path: Path, layout: Any) -> None:
    """The real corpus (each film in Chinese and English) laid out as Hugo sites: init's
    configuration reports the problems it does on the site's own layout (the test above), on
    the same versions of the same films."""
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (set FILMLINT_CORPUS)")
    own, other = tmp_path / "own", tmp_path / "other"
    shutil.copytree(CORPUS, own / "films")
    layout(CORPUS, other / "content" / "films")
    found = []
    for site in (own, other):
        assert run_cli("init", str(site)).returncode == 0
        found.append(sorted(_problem(d.path, d.rule) for d in Project().lint([site]).diagnostics))
    assert found[1] == found[0]


def _problem(path: str, rule: str) -> tuple[str, str, str]:
    film, english = _by_film(path)
    # As many files in each folder: English is the base, and a mismatch is told on the other.
    version = "either" if rule == "translation-mismatch" else "en" if english else "zh"
    return film, version, rule


def test_the_corpus_draft_accepts_all_the_film_schema_accepts(corpus: Path) -> None:
    """Were the draft used instead of the shipped schema, it would raise no false alarm."""
    survey = survey_site(corpus)
    (collection,) = survey.collections
    assert collection.film
    draft = SchemaChecker(collection.draft)
    film = SchemaChecker.load()
    for file in collection.files:
        assert film.check(file.data) == []
        assert draft.check(file.data) == [], file.relative


# Languages


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (CHINESE, "zh-Hans"),
        (
            "一部關於等待檢查結果的女歌手在巴黎街頭度過兩個小時的電影。講述了她對死亡的恐懼。",
            "zh-Hant",
        ),
        ("パリの街で検査の結果を待つ歌手の二時間を描いた映画です。", "ja"),
        ("파리에서 검사 결과를 기다리는 가수의 두 시간을 그린 영화입니다.", "ko"),
        (ENGLISH, "en"),
        ("Alien (1979) 《异形》是一部电影。讲述了太空船上的船员遭遇怪物的故事。", "zh-Hans"),
        ("1979 2024 -- !!", None),
    ],
)
def test_language_of_a_text(text: str, language: str | None) -> None:
    assert guess_language(text) == language


@given(
    han=st.text(
        alphabet="的一是在了人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严",
        min_size=20,
        max_size=200,
    ),
    kana=st.text(
        alphabet="のはをにがでとしてるあいうえおかきくけこアイウエオカキクケコ", min_size=5
    ),
)
def test_han_is_chinese_and_kana_makes_it_japanese(han: str, kana: str) -> None:
    """Han text alone is Chinese, whatever characters it holds; with a fair share of kana
    (every fifth character here), Japanese."""
    assert guess_language(han) in ("zh-Hans", "zh-Hant")
    assert guess_language(han + kana * (len(han) // len(kana) // 4 + 1)) == "ja"


@given(st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=9), min_size=5))
def test_latin_text_is_english(words: list[str]) -> None:
    text = " ".join(words)
    assert guess_language(text) == ("en" if len(text.replace(" ", "")) >= 10 else None)


HAN = "的一是在了人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"


@given(
    han=st.text(alphabet=HAN, min_size=1, max_size=40),
    words=st.lists(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=9), max_size=40),
)
def test_a_han_character_weighs_as_a_word(han: str, words: list[str]) -> None:
    """Han text beside Latin words is Chinese when it has as many characters as they have
    words: a character carries about a word, whatever the words' lengths."""
    text = han + " " + " ".join(words)
    if len(han) + sum(map(len, words)) < 10:
        assert guess_language(text) is None
    else:
        assert guess_language(text) == ("zh-Hans" if len(han) >= len(words) else "en")


_IDS = """originalTitle: "Alien"
posterImage: "https://media.example.org/images/films/alien-1979.jpg"
topics: ["Feminist Art", "Media Representation Critique", "Workplace Equality"]
contentLanguage: "en"
imdbRating: "8.5"
sourceUrl: [{platform: IMDB, url: "https://www.imdb.com/title/tt0078748/"}]
"""


@pytest.mark.parametrize(
    ("data", "language"),
    [
        # Chinese values that carry the language, among English ids, topics and URLs
        (
            f'title: "异形"\ndescription: "{CHINESE}"\ncast: ["西格妮·韦弗", "汤姆·斯凯里特"]',
            "zh-Hans",
        ),
        ('title: "异形"\ndirector: "雷德利·斯科特"\nawards: ["奥斯卡最佳视觉效果奖"]', "zh-Hans"),
        (f'title: "Alien"\ndescription: "{ENGLISH}"\ncountry: "美国/英国"', "en"),
        # a short Chinese title beside a long English description: words outweigh it
        (f'title: "异形"\ndescription: "{ENGLISH}"', "en"),
        # no film field: the strings that are prose, not a slug or a URL
        ('name: "一个关于等待的笔记"\nslug: "a-note-about-waiting-in-paris"', "zh-Hans"),
        ('name: "A note about waiting"\nid: "笔记"\npath: "/notes/等待/"', "en"),
    ],
)
def test_the_language_of_front_matter_alone(tmp_path: Path, data: str, language: str) -> None:
    """A film file may be front matter only: its language is that of the values written
    in it (titles, descriptions, names, awards), not of its URLs, codes and ids."""
    write(tmp_path, {"films/alien.md": "---\n" + data + "\n" + _IDS + "---\n"})
    (file,) = survey_site(tmp_path).files
    assert file.language == language


# Locales


def test_suffixes_and_default_from_pairs_of_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "films/cleo.md": film("克莱奥", CHINESE),
            "films/cleo-en.md": film("Cleo", ENGLISH),
            "films/vagabond.md": film("天涯沦落女", CHINESE),
            "films/vagabond-en.md": film("Vagabond", ENGLISH),
            "films/happiness.fr.md": film("Le Bonheur", "Une femme et un homme à Paris."),
            "films/happiness.md": film("幸福", CHINESE),
            "films/happiness.tw.md": film("幸福", "一部關於等待檢查結果的女歌手的電影。"),
            "films/vagabond.tw.md": film("天涯淪落女", "一部關於流浪女子的電影。講述她的死亡。"),
            "films/a-league-of-their-own.md": film("她们自己的联盟", CHINESE),  # no "own"
        },
    )
    locales = survey_site(tmp_path).locales
    assert locales.default == "zh-Hans"
    # "tw" names Twi, but its files are Traditional Chinese; "fr", of one pair, is a locale
    # as its film has a version under another ("tw")
    assert locales.suffixes == {"en": "en", "fr": "fr", "tw": "zh-Hant"}
    assert locales.folders == {}


#: Folder names whose collection names meet: the same last part, a path joined by "-" that
#: is another folder's name, the top folder's own name, a number init could add, case.
clashing_parts = st.sampled_from(["a", "b", "films", "Films", "a-films", "a-films-2", "pages"])


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.lists(clashing_parts, max_size=2).map("/".join), min_size=1, unique=True))
@example(["a/films", "b/films", "a-films"])
@example(["", "pages"])
@example(["films", "Films"])
def test_every_folder_gets_a_collection_of_its_own_name(folders: list[str]) -> None:
    """However folders' names meet, each collection's name is its own (ignoring case: a
    draft schema is a file named after it), so init's configuration lints every file."""
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary)
        names = [f"{folder}/cleo-{index}.md".lstrip("/") for index, folder in enumerate(folders)]
        write(site, {name: film("Cléo", ENGLISH) for name in names})
        survey = survey_site(site)
        collections = [c.name.casefold() for c in survey.collections]
        assert len(set(collections)) == len(collections) == len(folders)
        assert run_cli("init", cwd=site).returncode == 0
        shown = run_cli("check", "--show-files", cwd=site).stdout.splitlines()
        assert sorted(line.split(": ")[0] for line in shown) == sorted(names)


@pytest.mark.parametrize(
    ("template", "text", "suffixes", "folders"),
    [
        ("films/{}_zh_tw.md", TRADITIONAL, {"zh_tw": "zh-TW"}, {}),
        ("films/{}_zh_TW.md", TRADITIONAL, {"zh_TW": "zh-TW"}, {}),
        ("films/{}.zh_TW.md", TRADITIONAL, {"zh_TW": "zh-TW"}, {}),
        ("films/{}-zh-tw.md", TRADITIONAL, {"zh-tw": "zh-TW"}, {}),
        ("films/{}_pt_BR.md", "Uma cantora espera duas horas em Paris.", {"pt_BR": "pt-BR"}, {}),
        ("films/zh_TW/{}.md", TRADITIONAL, {}, {"zh_TW": "zh-TW"}),
        ("films/pt_BR/{}.md", "Uma cantora espera duas horas em Paris.", {}, {"pt_BR": "pt-BR"}),
    ],
)
def test_a_tag_written_with_underscores_names_a_locale(
    tmp_path: Path, template: str, text: str, suffixes: dict[str, str], folders: dict[str, str]
) -> None:
    """gettext and Java join a tag's subtags with "_" (``zh_TW``): as suffix or folder, it
    names the locale its "-" spelling does."""
    names = ("cleo", "vagabond", "ulysse")
    write(tmp_path, {f"films/{n}.md": film(n, CHINESE) for n in names})
    write(tmp_path, {template.format(n): film(n, text) for n in names})
    locales = survey_site(tmp_path).locales
    assert (locales.default, locales.suffixes, locales.folders) == ("zh-Hans", suffixes, folders)


@pytest.mark.parametrize(
    ("chinese", "english", "locale"),
    [
        ("films/{}.zh.md", "films/{}.en.md", {"zh": "zh-Hans", "en": "en"}),
        ("films/{}-zh.md", "films/{}-en.md", {"zh": "zh-Hans", "en": "en"}),
        ("films/{}_zh_CN.md", "films/{}_en_US.md", {"zh_CN": "zh-CN", "en_US": "en-US"}),
        ("films/{}.zh-hans.md", "films/{}.en.md", {"zh-hans": "zh-Hans", "en": "en"}),
    ],
)
def test_every_version_suffixed(
    tmp_path: Path, chinese: str, english: str, locale: dict[str, str]
) -> None:
    """Hugo's translation by file name may suffix every version (``x.zh.md``, ``x.en.md``):
    the suffixes pair with each other, and the default is the locale of the most files,
    its suffix kept (no file is without one)."""
    files = {chinese.format(n): film(n, CHINESE, "法国") for n in ("cleo", "vagabond", "ulysse")}
    for n in ("cleo", "vagabond"):
        status = "draft" if n == "vagabond" else "published"
        files[english.format(n)] = film(n, ENGLISH, "France", status=status)
    write(tmp_path, files)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    chinese_tag = next(iter(locale.values()))  # of the most files
    assert written["locale"] == {"default": chinese_tag, "suffixes": locale}
    found = sorted((Path(d.path).name, d.rule) for d in Project().lint([tmp_path]).diagnostics)
    assert found == [
        (Path(chinese.format("ulysse")).name, "translation-missing"),
        (Path(english.format("vagabond")).name, "translation-mismatch"),
    ]


#: Site generator configurations, and the default language init reads in them.
GENERATOR_CONFIGS = [
    ({"hugo.toml": 'defaultContentLanguage = "zh-cn"\n'}, ("zh-CN", "hugo.toml")),
    ({"hugo.yaml": "title: Films\nDefaultContentLanguage: 'en'  # main\n"}, ("en", "hugo.yaml")),
    ({"config.json": '{"defaultContentLanguage": "zh_Hans"}'}, ("zh-Hans", "config.json")),
    (
        {"config/_default/hugo.toml": 'defaultcontentlanguage = "fr"'},
        ("fr", "config/_default/hugo.toml"),
    ),
    (
        {"astro.config.mjs": "export default { i18n: { defaultLocale: 'zh', locales: ['en'] } };"},
        ("zh", "astro.config.mjs"),
    ),
    # the first file Hugo's order names wins
    (
        {
            "hugo.toml": 'defaultContentLanguage = "en"',
            "config.toml": 'defaultContentLanguage = "fr"',
        },
        ("en", "hugo.toml"),
    ),
    # what declares no tag says nothing: the next file is read
    (
        {"hugo.toml": "defaultContentLanguage = 42", "config.yaml": "defaultContentLanguage: de"},
        ("de", "config.yaml"),
    ),
    ({"hugo.toml": 'defaultContentLanguage = "not a tag!"'}, None),
    ({"hugo.toml": "defaultContentLanguage = [unclosed"}, None),
    ({"hugo.json": "[1, 2]"}, None),
    ({"hugo.yaml": "params:\n  defaultContentLanguage: en\n"}, None),  # not at the top
    ({"astro.config.mjs": "const defaultLocale = getLocale();"}, None),
    ({}, None),
]


@pytest.mark.parametrize(("files", "declared"), GENERATOR_CONFIGS)
def test_the_default_language_a_site_generator_declares(
    tmp_path: Path, files: dict[str, str], declared: tuple[str, str] | None
) -> None:
    write(tmp_path, files)
    assert declared_default(tmp_path) == declared


def test_a_generator_configuration_that_is_no_file_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").mkdir()
    (tmp_path / "config.toml").write_bytes(b"defaultContentLanguage = '\xff'")
    assert declared_default(tmp_path) is None


@pytest.mark.parametrize(
    ("config", "default", "said"),
    [
        ({}, "en", "(no base locale shows: en is the most files' locale"),
        (
            {"hugo.toml": 'defaultContentLanguage = "zh"'},
            "zh-Hans",
            "(no base locale shows: zh-Hans is the default language hugo.toml declares)",
        ),
        # a language no file is in: the files decide
        ({"hugo.toml": 'defaultContentLanguage = "fr"'}, "en", "is the most files' locale"),
    ],
)
def test_where_no_base_shows_the_generators_default_is_the_base(
    tmp_path: Path, config: dict[str, str], default: str, said: str
) -> None:
    """Every film in both languages, every version suffixed: as many files in each, so no
    base shows; the language the site's generator declares as its default is the base."""
    files = {f"content/films/{n}.zh.md": film(n, CHINESE, "法国") for n in ("cleo", "vagabond")}
    files.update(
        {f"content/films/{n}.en.md": film(n, ENGLISH, "France") for n in ("cleo", "vagabond")}
    )
    write(tmp_path, {**files, **config})
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"]["default"] == default
    assert said in result.stdout


def test_a_key_only_site_takes_the_generators_default(tmp_path: Path) -> None:
    """Versions told apart by a front-matter key alone, as many in each language."""
    files = {}
    for n in ("cleo", "vagabond"):
        for lang, text in (("zh", CHINESE), ("en", ENGLISH)):
            body = film(n, text).replace("---\n", f"---\nlang: {lang}\ntranslationKey: {n}\n", 1)
            files[f"content/films/{n}-{lang}-version.md"] = body
    write(tmp_path, files)
    assert survey_site(tmp_path).locales.default == "en"  # alphabetical among equals
    write(tmp_path, {"hugo.yaml": "defaultContentLanguage: zh\n"})
    locales = survey_site(tmp_path).locales
    assert (locales.default, locales.key, locales.declared_by) == ("zh", "lang", "hugo.yaml")
    assert not locales.chosen_default


@pytest.mark.parametrize(
    ("template", "text", "suffixes"),
    [
        ("films/{}.fr.md", "Une chanteuse attend deux heures à Paris.", {"fr": "fr"}),
        ("films/{}-de.md", "Eine Sängerin wartet zwei Stunden in Paris.", {"de": "de"}),
        ("films/{}_es.md", "Una cantante espera dos horas en París.", {"es": "es"}),
        ("films/{}.pt-BR.md", "Uma cantora espera duas horas em Paris.", {"pt-BR": "pt-BR"}),
        ("films/{}_ru.md", "Певица два часа ждёт в Париже результатов.", {"ru": "ru"}),
    ],
)
def test_a_suffix_names_another_language_in_the_same_script(
    tmp_path: Path, template: str, text: str, suffixes: dict[str, str]
) -> None:
    """Beside English bases, a suffix that is the tag of another language names it, though
    its files' Latin text is guessed English as any is: a translation set per film."""
    files = {f"films/{n}.md": film(n, ENGLISH) for n in ("cleo", "vagabond", "ulysse")}
    for n in ("cleo", "vagabond", "ulysse"):
        status = "draft" if n == "ulysse" else "published"
        files[template.format(n)] = film(n, text, status=status)
    write(tmp_path, files)
    assert run_cli("init", str(tmp_path)).returncode == 0
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == {"default": "en", "suffixes": suffixes}
    found = [(Path(d.path).name, d.rule) for d in Project().lint([tmp_path]).diagnostics]
    assert found == [(Path(template.format("ulysse")).name, "translation-mismatch")]


def test_locale_folders_at_either_depth(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "content/en/films/cleo.md": film("Cleo", ENGLISH),
            "content/en/films/vagabond.md": film("Vagabond", ENGLISH),
            "content/zh/films/cleo.md": film("克莱奥", CHINESE),
            "content/zh/films/vagabond.md": film("天涯沦落女", CHINESE),
            "content/it/films/solo.md": film("Solo", ENGLISH),  # no counterpart: not a locale
        },
    )
    survey = survey_site(tmp_path)
    # two folders named films: each collection is named by its path (deeper first)
    assert [(c.name, c.include) for c in survey.collections] == [
        ("content-it-films", ("content/it/films/**",)),
        ("content-films", ("content/en/films/**", "content/zh/films/**")),
    ]
    # "zh" is any Chinese: the text tells the script
    assert survey.collections[1].locales.folders == {"en": "en", "zh": "zh-Hans"}
    assert survey.collections[0].locales.folders == {}


def test_every_locale_in_a_folder_still_gets_a_base(tmp_path: Path) -> None:
    """With no file outside a locale folder, the default is the locale of the most files,
    so that translation-mismatch has a base to compare with (and init says so)."""
    files = {f"content/zh/films/{n}.md": film(n, CHINESE) for n in ("cleo", "vagabond", "ulysse")}
    files["content/en/films/cleo.md"] = film("Cleo", ENGLISH)
    files["content/en/films/vagabond.md"] = film("Vagabond", ENGLISH, status="draft")
    write(tmp_path, files)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == {"default": "zh-Hans", "folders": {"en": "en", "zh": "zh-Hans"}}
    assert "(no base locale shows: zh-Hans is the most files' locale" in result.stdout
    run = Project().lint([tmp_path])
    assert sorted(
        (Path(d.path).relative_to(tmp_path).as_posix(), d.rule) for d in run.diagnostics
    ) == [
        ("content/en/films/vagabond.md", "translation-mismatch"),
        ("content/zh/films/ulysse.md", "translation-missing"),
    ]
    # as many files in each: the first tag in alphabetical order
    (tmp_path / "content/zh/films/ulysse.md").unlink()
    assert survey_site(tmp_path).locales.default == "en"


def test_sequels_are_no_translations(tmp_path: Path) -> None:
    """``ii`` is a registered tag (Sichuan Yi), but a Chinese ``rocky-ii.md`` beside a Chinese
    ``rocky.md`` is a sequel: only ``-en`` names a locale, and the sequel its own film."""
    write(
        tmp_path,
        {
            **{f"films/{n}.md": film(n, CHINESE) for n in ("cleo", "vagabond", "rocky", "jaws")},
            **{f"films/{n}-en.md": film(n, ENGLISH) for n in ("cleo", "vagabond")},
            **{f"films/{n}-ii.md": film(n + "2", CHINESE) for n in ("rocky", "jaws")},
        },
    )
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == {"default": "zh-Hans", "suffixes": {"en": "en"}}
    check = run_cli("check", "--select", "translation-missing", ".", cwd=tmp_path)
    assert sorted(re.findall(r"films/\S+ does not exist", check.stdout)) == [
        f"films/{n}-en.md does not exist" for n in ("jaws", "jaws-ii", "rocky", "rocky-ii")
    ]


FRENCH = "Une chanteuse attend deux heures à Paris les résultats d'un examen et craint la mort."

#: Where the versions of film N are in each layout: a suffix, a folder above the films' folder
#: (Hugo's content/LANG, with Hugo's configuration naming the default language, as no file
#: is outside a locale folder), one within it (an Astro collection's); and (the locale) the
#: configuration init writes for it.
BEGUN_LAYOUTS = [
    ("films/{n}.md", "films/{n}-{lang}.md", {"suffixes": {"en": "en", "fr": "fr"}}),
    ("films/{n}.md", "films/{n}.{lang}.md", {"suffixes": {"en": "en", "fr": "fr"}}),
    (
        "content/zh/films/{n}.md",
        "content/{lang}/films/{n}.md",
        {"folders": {"en": "en", "fr": "fr", "zh": "zh-Hans"}},
    ),
    (
        "src/content/films/{n}.md",
        "src/content/films/{lang}/{n}.md",
        {"folders": {"en": "en", "fr": "fr"}},
    ),
]


@pytest.mark.parametrize(("base", "version", "locale"), BEGUN_LAYOUTS)
def test_a_language_just_begun_is_a_locale(
    tmp_path: Path, base: str, version: str, locale: dict[str, Any]
) -> None:
    """One film in French beside Chinese bases and English versions: too few files for a
    suffix or folder to name a locale by their count, but its file has a version under one
    that does (``en``). It is compared with its base, and the other films lack it."""
    names = ("cleo", "vagabond", "ulysse")
    files = {"hugo.toml": 'defaultContentLanguage = "zh"\n'} if "/zh/" in base else {}
    files |= {base.format(n=n): film(n, CHINESE) for n in names}
    files |= {version.format(n=n, lang="en"): film(n, ENGLISH) for n in names}
    files[version.format(n="cleo", lang="fr")] = film("cleo", FRENCH, country="BE")
    write(tmp_path, files)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == {"default": "zh-Hans", **locale}
    found = sorted(
        (Path(d.path).relative_to(tmp_path).as_posix(), d.rule, re.split(" here|:", d.message)[0])
        for d in Project().lint([tmp_path]).diagnostics
    )
    assert found == [
        (version.format(n="cleo", lang="fr"), "translation-mismatch", "country is BE"),
        (base.format(n="ulysse"), "translation-missing", "no fr version of this film"),
        (base.format(n="vagabond"), "translation-missing", "no fr version of this film"),
    ]


@pytest.mark.parametrize(
    ("others", "begun"),
    [
        # The French film's only other version is its base: no version under a locale.
        ({"films/cleo-en.md", "films/vagabond-en.md"}, "films/ulysse-fr.md"),
        ({"en/films/cleo.md", "en/films/vagabond.md"}, "fr/films/ulysse.md"),
        # A Chinese sequel beside a film with an English version: no translation of it.
        ({"films/cleo-en.md", "films/vagabond-en.md", "films/ulysse-en.md"}, "films/ulysse-ii.md"),
    ],
    ids=["suffix beside its base alone", "folder beside no version", "a sequel"],
)
def test_a_single_file_names_no_locale_without_a_version_under_one(
    tmp_path: Path, others: set[str], begun: str
) -> None:
    files = {f"films/{n}.md": film(n, CHINESE) for n in ("cleo", "vagabond", "ulysse")}
    files |= {path: film("x", ENGLISH) for path in others}
    files[begun] = film("ulysse", FRENCH if not begun.endswith("-ii.md") else CHINESE)
    write(tmp_path, files)
    locales = [c.locales for c in survey_site(tmp_path).collections]
    assert all("fr" not in (*k.suffixes, *k.folders) for k in locales)
    assert all("ii" not in k.suffixes for k in locales)


@pytest.mark.parametrize(
    "files",
    [
        # English sequels of English films: "ii" names no language written in Latin
        {f"films/{n}{s}.md": film(n, ENGLISH) for n in ("rocky", "jaws") for s in ("", "-ii")},
        # nor is "returns" any language, and the files are in their bases' language
        {
            f"films/{n}{s}.md": film(n, ENGLISH)
            for n in ("batman", "mummy")
            for s in ("", "-returns")
        },
        # "en" files whose language cannot be told, beside English bases: no other locale
        {
            **{f"films/{n}.md": film(n, ENGLISH) for n in ("cleo", "vagabond")},
            **{f"films/{n}-en.md": front(f"title: {n}", "") for n in ("cleo", "vagabond")},
        },
    ],
)
def test_no_suffix_in_the_default_locale(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, files)
    locales = survey_site(tmp_path).locales
    assert (locales.default, locales.suffixes) == ("en", {})


@pytest.mark.parametrize(("pairs", "posts"), [(2, 5), (5, 2)])
def test_collections_in_different_languages_get_their_own_locales(
    tmp_path: Path, pairs: int, posts: int
) -> None:
    """Chinese films with English translations beside English posts: whichever has more
    files, neither is read in the other's language."""
    titles = ["cleo", "vagabond", "ulysse", "jacquot", "daguerreotypes"][:pairs]
    write(
        tmp_path,
        {
            **{f"_films/{n}.md": film(n, CHINESE, country="法国") for n in titles},
            **{f"_films/{n}-en.md": film(n, ENGLISH, country="France") for n in titles},
            **{
                f"_posts/2024-01-1{n}-post.md": front(
                    f"title: Post {n}\ndate: 2024-01-1{n}", ENGLISH
                )
                for n in range(posts)
            },
        },
    )
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert "locale" not in written
    collections = written["collections"]
    assert collections["_films"]["locale"] == {"default": "zh-Hans", "suffixes": {"en": "en"}}
    assert collections["_posts"]["locale"] == {"default": "en"}
    assert "Locales, each collection its own (their languages differ):" in result.stdout
    assert Project().lint([tmp_path]).diagnostics == []


def test_versions_linked_by_a_translation_key(tmp_path: Path) -> None:
    """Hugo links versions named apart by translationKey: init reads the locales from the
    sets, so Chinese country names are read as Chinese, and groups versions by the key."""
    files = {}
    for n in ("cleo", "vagabond", "ulysse"):
        files[f"content/films/{n}.md"] = film(n, CHINESE, "法国").replace(
            "---\n", f"---\ntranslationKey: {n}\n", 1
        )
        files[f"content/films/the-{n}.en.md"] = film(n, ENGLISH, "France").replace(
            "---\n", f"---\ntranslationKey: {n}\n", 1
        )
    files["content/films/the-ulysse.en.md"] = files["content/films/the-ulysse.en.md"].replace(
        "published", "draft"
    )
    write(tmp_path, files)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == {"default": "zh-Hans", "suffixes": {"en": "en"}}
    assert written["rules"] == {
        "country-code": {"accept": ["code", "name"]},
        "translation-missing": {"key": "translationKey"},
        "translation-mismatch": {"key": "translationKey"},
    }
    check = run_cli("check", ".", cwd=tmp_path)
    assert check.stdout.splitlines()[0].startswith(
        "content/films/the-ulysse.en.md:8:9: FL404 [translation-mismatch] error: status is"
    )
    assert check.stdout.splitlines()[-2].startswith("1 problem (1 error")


FRENCH = "Une chanteuse attend deux heures à Paris les résultats d'un examen."
#: A film's text and country in each language a layout below may hold it in.
VERSIONS = {"zh": (CHINESE, "法国"), "en": (ENGLISH, "France"), "fr": (FRENCH, "France")}
LIST_PAGES = {
    "zh": "title: 电影\ndescription: 所有的电影",
    "en": "title: Films",
    "fr": "title: Films",
}


def _version(n: str, language: str, status: str = "published") -> str:
    text, country = VERSIONS[language]
    return film(n, text, country, status=status)


#: Hugo page bundles: each film a folder (``content/films/SLUG/index.md``, its versions
#: ``index.en.md`` beside it): the languages, whether bundles hold images, whether the
#: section has list pages (``_index.md``), and the suffixes init should find.
BUNDLE_LAYOUTS = [
    (("zh", "en"), False, False, {"en": "en"}),
    (("zh", "en"), True, False, {"en": "en"}),
    (("zh", "en"), True, True, {"en": "en"}),
    (("zh", "en", "fr"), True, True, {"en": "en", "fr": "fr"}),
    (("zh", "en", "fr"), False, True, {"en": "en", "fr": "fr"}),
]


@pytest.mark.parametrize(("languages", "images", "lists", "suffixes"), BUNDLE_LAYOUTS)
def test_hugo_page_bundles_are_one_collection(
    tmp_path: Path, languages: tuple[str, ...], images: bool, lists: bool, suffixes: dict[str, str]
) -> None:
    """The films' folders are one collection, the section's, whose files show the suffixes
    together (each folder alone holds one pair): a film added later is linted, and each
    translation is compared with the ``index.md`` beside it."""
    files = {}
    for n in ("cleo", "vagabond", "ulysse", "jacquot"):
        for language in languages:
            name = "index.md" if language == "zh" else f"index.{language}.md"
            status = "draft" if (n, language) == ("ulysse", "en") else "published"
            files[f"content/films/{n}/{name}"] = _version(n, language, status)
    if lists:
        for language in languages:
            name = "_index.md" if language == "zh" else f"_index.{language}.md"
            files[f"content/films/{name}"] = front(LIST_PAGES[language], "")
    write(tmp_path, files)
    if images:
        for n in ("cleo", "vagabond", "ulysse", "jacquot"):
            (tmp_path / f"content/films/{n}/poster.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == {"default": "zh-Hans", "suffixes": suffixes}
    films = {"include": ["content/films/**"], "schema": "film"}
    section = {"films-lists": {"include": ["content/films/_index*.md"]}} if lists else {}
    assert {k: {"include": v["include"]} for k, v in written["collections"].items()} == {
        **section,
        "films": {"include": films["include"]},
    }
    assert written["collections"]["films"] == films
    found = [
        (Path(d.path).relative_to(tmp_path).as_posix(), d.rule)
        for d in Project().lint([tmp_path]).diagnostics
    ]
    assert found == [("content/films/ulysse/index.en.md", "translation-mismatch")]
    write(tmp_path, {"content/films/added/index.md": _version("added", "zh")})
    shown = run_cli("check", "--show-files", "content/films/added/index.md", cwd=tmp_path)
    assert shown.stdout.strip() == "content/films/added/index.md: filmlint.toml, collection films"


#: Versions named apart in per-language folders, linked by translationKey: where each
#: language's version of a film is, and the [locale] table init should write. Every film
#: has a Chinese version, so Chinese is the most files' locale where no base shows.
KEYED_FOLDER_LAYOUTS = [
    (
        {"zh": "content/zh/films/{}.md", "en": "content/en/films/the-{}.md"},
        {"default": "zh-Hans", "folders": {"en": "en", "zh": "zh-Hans"}},
    ),
    (
        {
            "zh": "content/zh/films/{}.md",
            "en": "content/en/films/the-{}.md",
            "fr": "content/fr/films/le-{}.md",
        },
        {"default": "zh-Hans", "folders": {"en": "en", "fr": "fr", "zh": "zh-Hans"}},
    ),
    # the base at the top, the translations in folders beside it
    (
        {"zh": "films/{}.md", "en": "films/en/the-{}.md", "fr": "films/fr/le-{}.md"},
        {"default": "zh-Hans", "folders": {"en": "en", "fr": "fr"}},
    ),
    (
        {"zh": "films/{}.md", "en": "en/films/the-{}.md"},
        {"default": "zh-Hans", "folders": {"en": "en"}},
    ),
]


@pytest.mark.parametrize(("paths", "locale"), KEYED_FOLDER_LAYOUTS)
def test_locale_folders_paired_by_a_translation_key(
    tmp_path: Path, paths: dict[str, str], locale: dict[str, Any]
) -> None:
    """Versions whose names differ show their locale folders by their set, as suffixes do:
    one collection, whose translation sets the key makes, so a mismatch is told."""
    files = {}
    for n in ("cleo", "vagabond", "ulysse", "jacquot"):
        for language, path in paths.items():
            if n == "jacquot" and language != "zh":
                continue  # a film not yet translated
            status = "draft" if (n, language) == ("ulysse", "en") else "published"
            files[path.format(n)] = _tagged(_version(n, language, status), translationKey=n)
    write(tmp_path, files)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == locale
    assert list(written["collections"]) == ["films"]
    assert written["rules"]["translation-mismatch"] == {"key": "translationKey"}
    found = sorted(
        (Path(d.path).relative_to(tmp_path).as_posix(), d.rule)
        for d in Project().lint([tmp_path]).diagnostics
    )
    missing = [(paths["zh"].format("jacquot"), "translation-missing")] * (len(paths) - 1)
    assert found == sorted([*missing, (paths["en"].format("ulysse"), "translation-mismatch")])


@pytest.mark.parametrize(
    ("paths", "locale"),
    [
        (
            {"zh": "films/{}.md", "en": "films/the-{}-en.md", "fr": "films/le-{}-fr.md"},
            {"default": "zh-Hans", "suffixes": {"en": "en", "fr": "fr"}},
        ),
        (KEYED_FOLDER_LAYOUTS[1][0], KEYED_FOLDER_LAYOUTS[1][1]),
        (KEYED_FOLDER_LAYOUTS[2][0], KEYED_FOLDER_LAYOUTS[2][1]),
    ],
    ids=["suffixes", "folders", "folders beside the base"],
)
def test_a_language_just_begun_is_a_locale_by_its_translation_key(
    tmp_path: Path, paths: dict[str, str], locale: dict[str, Any]
) -> None:
    """One film in French, its versions' names apart and linked by ``translationKey``: the
    French suffix or folder of one file is a locale, as its film has a version under one."""
    # With every version in a locale folder, Hugo's configuration names the base's language.
    files = {"hugo.toml": 'defaultContentLanguage = "zh"\n'} if "/zh/" in paths["zh"] else {}
    for n in ("cleo", "vagabond", "ulysse"):
        for language, path in paths.items():
            if language != "fr" or n == "cleo":
                files[path.format(n)] = _tagged(_version(n, language), translationKey=n)
    write(tmp_path, files)
    assert run_cli("init", str(tmp_path)).returncode == 0
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == locale
    found = sorted(
        (Path(d.path).relative_to(tmp_path).as_posix(), d.rule)
        for d in Project().lint([tmp_path]).diagnostics
    )
    assert found == [(paths["zh"].format(n), "translation-missing") for n in ("ulysse", "vagabond")]


def test_locale_key_that_agrees_with_the_text(tmp_path: Path) -> None:
    files = {
        f"films/{n}.md": front(f'title: "{n}"\nlang: "{tag}"', text)
        for n, (tag, text) in enumerate(
            [("en", ENGLISH), ("zh-Hans", CHINESE), ("en", ENGLISH), ("zh", CHINESE)]
        )
    }
    write(tmp_path, files)
    assert survey_site(tmp_path).locales.key == "lang"
    wrong = {f"films/{n}.md": front(f'title: "{n}"\nlang: "fr"', CHINESE) for n in range(4)}
    shutil.rmtree(tmp_path / "films")
    write(tmp_path, wrong)
    assert survey_site(tmp_path).locales.key is None


def _tagged(text: str, **keys: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in keys.items())
    return text.replace("---\n", "---\n" + lines, 1)


#: Chinese films with English versions, their own tag under ``lang``: (Chinese path, English
#: path, Chinese tag, English tag) of a film, and the [locale] table init should write.
KEYED_LAYOUTS = [
    # the key says less than the text ("zh", not "zh-Hans"): the suffix and default tell it
    (
        "_films/{}.md",
        "_films/{}-en.md",
        "zh",
        "en",
        {"default": "zh-Hans", "suffixes": {"en": "en"}},
    ),
    (
        "_films/{}.md",
        "_films/en/{}.md",
        "zh",
        "en",
        {"default": "zh-Hans", "folders": {"en": "en"}},
    ),
    (
        "_films/{}.md",
        "_films/{}.en.md",
        "zh-CN",
        "en-US",
        {"default": "zh-Hans", "suffixes": {"en": "en"}},
    ),
    # the key says what the paths do: kept
    (
        "_films/{}.md",
        "_films/{}-en.md",
        "zh-Hans",
        "en",
        {"default": "zh-Hans", "suffixes": {"en": "en"}, "key": "lang"},
    ),
    # the paths say nothing (the versions are linked by translationKey): the key alone tells
    # the locales, and the default is a tag it gives (the most files', first of equals)
    ("_films/{}.md", "_films/the-{}.md", "zh", "en", {"default": "en", "key": "lang"}),
    ("_films/{}.md", "_films/the-{}.md", "zh", "en-US", {"default": "en-US", "key": "lang"}),
]


@pytest.mark.parametrize(("chinese", "english", "zh", "en", "locale"), KEYED_LAYOUTS)
def test_a_locale_key_agrees_with_the_default_and_suffixes(
    tmp_path: Path, chinese: str, english: str, zh: str, en: str, locale: dict[str, Any]
) -> None:
    """The key wins over paths and the default: init writes it only where it gives each
    file the locale they do, or where they give none; then every translation has its base,
    and a real mismatch is told."""
    names = ("cleo", "vagabond", "ulysse")
    files = {}
    for n in names:
        files[chinese.format(n)] = _tagged(film(n, CHINESE, "法国"), lang=zh, translationKey=n)
        status = "draft" if n == "ulysse" else "published"
        english_film = film(n, ENGLISH, "France", status=status)
        files[english.format(n)] = _tagged(english_film, lang=en, translationKey=n)
    write(tmp_path, files)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["locale"] == locale
    found = [(Path(d.path).name, d.rule) for d in Project().lint([tmp_path]).diagnostics]
    # The real mismatch (ulysse's status) is told on the version that is not the base: the
    # English one, or with the key alone (whose default is the English tag) the Chinese one.
    translated = english if locale["default"] in ("zh-Hans", "zh") else chinese
    assert found == [(Path(translated.format("ulysse")).name, "translation-mismatch")]


# Countries


@pytest.mark.parametrize(
    ("countries", "options"),
    [
        (["FR", "US", "GB", "FRA"], {}),
        (["FR/US", "GB", "DE"], {"split": "/"}),
        (["法国", "美国、英国", "中国、法国", "FR"], {"split": "、", "accept": ["code", "name"]}),
        (["France", "UK", "US"], {"accept": ["code", "name"]}),
    ],
)
def test_country_options(tmp_path: Path, countries: list[str], options: dict[str, Any]) -> None:
    write(tmp_path, {f"films/{i}.md": film(str(i), ENGLISH, c) for i, c in enumerate(countries)})
    assert survey_site(tmp_path).country_options == options


# Schemas

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@given(st.lists(st.dictionaries(st.sampled_from("abcdefg"), json_values), min_size=1))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_a_draft_accepts_every_item_it_was_drafted_from(items: list[dict[str, Any]]) -> None:
    checker = SchemaChecker(draft_schema("things", items), fast=False)
    for item in items:
        assert checker.check(item) == []


def test_draft_keywords() -> None:
    items = [
        {"title": f"t{n}", "status": ("draft", "published")[n % 2], "year": 1960 + n}
        for n in range(8)
    ]
    items[3]["titel"] = "typo"
    items[4]["rating"] = 7.5
    draft = draft_schema("films", items)
    assert draft["required"] == ["title", "status", "year"]
    assert draft["properties"]["status"] == {"type": "string", "enum": ["draft", "published"]}
    assert draft["properties"]["title"] == {"type": "string", "minLength": 1}
    assert draft["properties"]["rating"] == {"type": "number"}
    assert "titel" not in draft["properties"]  # one file's misspelling of a common key
    assert draft["additionalProperties"] is False


def test_a_symlink_to_a_file_outside_the_site_is_read_as_named(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    write(outside, {"cleo.md": film("Cleo", ENGLISH)})
    write(site, {"films/vagabond.md": film("Vagabond", ENGLISH)})
    try:
        (site / "films" / "cleo.md").symlink_to(outside / "cleo.md")
    except OSError:
        pytest.skip("no symlinks here")
    files = survey_site(site).files
    assert sorted(f.relative for f in files) == ["films/cleo.md", "films/vagabond.md"]


def test_a_site_that_is_not_films_gets_a_draft_schema(tmp_path: Path) -> None:
    notes = {
        f"notes/{n}.md": front(f'name: "note {n}"\nkind: {("idea", "todo")[n % 2]}', "Text.\n")
        for n in range(6)
    }
    write(tmp_path, {**notes, "README.md": "# A site\n", "index.md": front("name: home", "Hi")})
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    table = load_config(tmp_path / "filmlint.toml")
    assert [c.name for c in table.collections] == ["notes", "pages"]
    notes_schema = tmp_path / "filmlint-schemas" / "notes.schema.json"
    schema = json.loads(notes_schema.read_text("utf-8"))
    assert schema["properties"]["kind"] == {"type": "string", "enum": ["idea", "todo"]}
    written = tomllib.loads((tmp_path / "filmlint.toml").read_text("utf-8"))
    assert written["collections"]["pages"] == {
        "include": ["/*.md"],
        "exclude": ["/README.md"],  # no front matter: not a page
        "schema": "filmlint-schemas/pages.schema.json",
    }
    assert "then 'filmlint check' reports: All checks passed (7 files)" in result.stdout


# Writing


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    (tmp_path / "filmlint.toml").write_text("select = ['ALL']\n")
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 2
    assert "filmlint.toml exists; use --force" in result.stderr
    assert (tmp_path / "filmlint.toml").read_text() == "select = ['ALL']\n"
    assert run_cli("init", "--force", str(tmp_path)).returncode == 0
    assert "collections" in tomllib.loads((tmp_path / "filmlint.toml").read_text())


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_appends_to_pyproject_keeping_every_byte(tmp_path: Path, newline: str, ending: str) -> None:
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    lines = ["[project]  # the package", 'name = "site"', "[tool.black]", "line-length = 99"]
    original = ("\n".join(lines) + ending).replace("\n", newline).encode()
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(original)
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "filmlint.toml").exists()
    content = pyproject.read_bytes()
    assert content.startswith(original)
    added = content[len(original) :].decode()
    # after one blank line, in the file's own line breaks
    assert content.decode().count(newline * 2 + "# filmlint configuration") == 1
    assert newline * 3 not in content.decode()
    assert added.replace(newline, "").count("\n") == added.replace(newline, "").count("\r") == 0
    parsed = tomllib.loads(content.decode())
    assert parsed["tool"]["black"] == {"line-length": 99}
    assert parsed["tool"]["filmlint"]["collections"]["films"]["include"] == ["films/**"]
    assert load_config(pyproject).collections[0].name == "films"


def test_force_replaces_only_the_tool_filmlint_tables(tmp_path: Path) -> None:
    write(tmp_path, {f"films/{n}.md": film(str(n), ENGLISH) for n in range(3)})
    before = '[project]\nname = "site"\n\n'
    after = "[tool.black]\nline-length = 99\n"
    old = '[tool.filmlint]\nselect = ["FL1"]\n\n[tool.filmlint.rules.country-code]\nsplit = ","\n\n'
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(before + old + after)
    assert run_cli("init", str(tmp_path)).returncode == 2
    assert pyproject.read_text() == before + old + after
    assert run_cli("init", "--force", str(tmp_path)).returncode == 0
    content = pyproject.read_text()
    assert content.startswith(before + after)
    assert "FL1" not in content
    assert tomllib.loads(content)["tool"]["filmlint"]["collections"]


keys = st.text(min_size=1, max_size=8)
leaves = st.text(max_size=8) | st.lists(st.text(max_size=8), max_size=3)


@given(
    st.dictionaries(
        keys,
        st.dictionaries(keys, leaves | st.dictionaries(keys, st.text(max_size=5)), min_size=1),
    )
)
def test_rendered_toml_reads_back_as_the_table(table: dict[str, Any]) -> None:
    """Keys and strings of any characters (quotes, control characters, DEL) survive."""
    tables = {key: dict(value) for key, value in table.items()}
    inline = {"suffixes": {"a b": 'x\x7f"'}}
    assert tomllib.loads(render_toml(tables)) == tables
    assert tomllib.loads(render_toml({"locale": inline})) == {"locale": inline}


#: Folder and file names with what a glob reads as more than a name (Astro's and Next's
#: [lang] route folders, a leading "!" or "#", spaces, braces, a backslash), and a byte that is
#: not UTF-8 (a configuration file cannot hold it).
glob_names = st.text(alphabet="ab[]*?{},!# \\\udcff", min_size=1, max_size=6).filter(
    lambda name: name.strip(" ") == name and name not in (".", "..")
)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(glob_names, min_size=1, max_size=3, unique=True), glob_names)
@example(["[lang]"], "[draft]")
@example(["*", "!films", "#films"], "?")
@example(["{a,b}", "a b", "a\\b"], "!x")
@example(["films\udcff", "\udcff"], "\udcffx")
def test_init_then_check_lints_every_file_init_read_whatever_its_folders_names(
    folders: list[str], top: str
) -> None:
    """Each folder is a collection, and the site's top holds a film and a file without front
    matter: the configuration init writes lints each film and nothing else."""
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary)
        films = [f"src/{folder}/films/{index}.md" for index, folder in enumerate(folders)]
        films.append(f"{top}.md")
        for name in films:
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(film("Cléo", ENGLISH), encoding="utf-8")
        (site / f"{top}-notes.md").write_text("No front matter.\n", encoding="utf-8")
        init = run_cli("init", cwd=site)
        assert init.returncode == 0, init.stderr
        shown = run_cli("check", "--show-files", cwd=site)
        linted = {line.split(": ")[0] for line in shown.stdout.splitlines()}
        expected = {printable(name) for name in films}  # as shown: an undecodable byte escaped
        assert linted == expected, (site / "filmlint.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "nested",
    [
        {"src/content/legacy/filmlint.toml": 'select = ["FL001"]\n'},
        {"src/content/legacy/filmlint.toml": 'exclude = ["**"]\n'},
        {"src/content/legacy/pyproject.toml": '[tool.filmlint]\nignore = ["FL1"]\n'},
    ],
    ids=["fewer rules", "nothing linted", "pyproject"],
)
def test_init_says_what_check_then_reports_with_nested_configurations(
    tmp_path: Path, nested: dict[str, str]
) -> None:
    bad = film("Cléo", ENGLISH, country="Frankreich", status="draft?")
    write(tmp_path, {"src/content/films/a.md": bad, "src/content/legacy/b.md": bad, **nested})
    init = run_cli("init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    said = re.search(r"^then 'filmlint check' reports: (.*)$", init.stdout, re.MULTILINE)
    check = run_cli("check", "--no-cache", "--format", "concise", cwd=tmp_path)
    assert said is not None and said.group(1) in check.stdout.splitlines(), check.stdout
