"""``filmlint server``: positions in UTF-16 code units, and the real server driven over stdio
by an LSP client (pytest-lsp): diagnostics pushed and pulled, quick fixes and fix-all."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import attrs
import pytest
import pytest_lsp
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import ROOT, film, run_cli, run_cli_process
from filmlint.rule_names import YAML_SYNTAX
from filmlint.server import DEBOUNCE, FIX_ALL, build_server, lsp_position, offset_of
from filmlint.text.positions import lines_with_breaks, split_lines

# pytest-lsp's hooks (the client's log in a failing test's report), registered by the only
# module that drives a client: pyproject turns off its entry point, whose import (lsprotocol's
# types, 0.4 s of CPU) every pytest process would otherwise pay before running any test.
pytest_plugins = ["pytest_lsp"]

# A line with characters outside the BMP (two UTF-16 units each) and CJK (one each).
WIDE = 'title: "\U0001f3ac\U0001f600 \u6f22\u5b57"\n'


def utf16_offset(text: str, position: types.Position) -> int:
    """The code-point offset of an LSP position (UTF-16 units) in ``text``."""
    lines = lines_with_breaks(text) or [""]
    before = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = line.encode("utf-16-le", "surrogatepass")[: 2 * position.character]
    return before + len(units.decode("utf-16-le", "surrogatepass"))


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """``edits`` (UTF-16 ranges, not overlapping) applied to ``text``, as an editor does."""
    spans = [
        (utf16_offset(text, e.range.start), utf16_offset(text, e.range.end), e.new_text)
        for e in edits
    ]
    for start, end, content in sorted(spans, reverse=True):
        text = text[:start] + content + text[end:]
    return text


@given(
    st.lists(st.text(st.characters(exclude_characters="\r\n"), max_size=8), min_size=1),
    st.data(),
)
def test_lsp_position_counts_utf16_units_of_the_code_points_before(
    lines: list[str], data: st.DataObject
) -> None:
    text = "\n".join(lines)
    line = data.draw(st.integers(1, len(lines)))
    column = data.draw(st.integers(1, len(lines[line - 1]) + 1))
    position = lsp_position(split_lines(text), line, column)
    offset = sum(len(each) + 1 for each in lines[: line - 1]) + column - 1
    assert position.line == line - 1
    assert utf16_offset(text, position) == offset


def test_lsp_position_counts_astral_characters_as_two_units() -> None:
    lines = split_lines(WIDE)
    # After the quote: two emoji (2 units each), a space and two CJK characters (1 each).
    assert lsp_position(lines, 1, len('title: "') + 1).character == 8
    assert lsp_position(lines, 1, len(WIDE.rstrip("\n")) + 1).character == 8 + 4 + 1 + 2 + 1
    assert lsp_position(lines, 1, 9, types.PositionEncodingKind.Utf32).character == 8
    assert lsp_position(lines, 1, 10, types.PositionEncodingKind.Utf8).character == 8 + 4


@pytest.mark.parametrize("package", ["pygls", "lsprotocol"])
def test_without_the_server_extra_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, package: str
) -> None:
    for name in [*sys.modules]:
        if name == "filmlint.server" or name.startswith(f"{package}."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, package, None)  # as if not installed
    result = run_cli("server")
    assert result.returncode == 2
    assert f"the language server needs {package}: pip install 'filmlint[server]'" in result.stderr
    assert "Traceback" not in result.stderr


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "filmlint", "server"])


async def session(
    lsp_client: LanguageClient,
    capabilities: types.ClientCapabilities | None = None,
    workspace: Path | None = None,
) -> AsyncIterator[None]:
    """Initialize the server as Visual Studio Code does (or with ``capabilities``), noting
    what it asks to register; with ``workspace``, the folder the editor has open."""
    lsp_client.registrations = []  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    folders = None if workspace is None else [types.WorkspaceFolder(workspace.as_uri(), "site")]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities or client_capabilities("visual-studio-code"),
            root_uri=None if workspace is None else workspace.as_uri(),
            workspace_folders=folders,
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, name="own_client")
async def own_server(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A server of its own: for tests that change a configuration, files on disk or what the
    server was told to watch."""
    async for _ in session(lsp_client):
        yield


@pytest_lsp.fixture(config=SERVER, scope="module", name="client")
async def shared_server(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """One server for the tests of this module that only open, change, close and ask about
    files of their own site (each test's own tmp_path): starting a server costs more than most
    of these tests (importing pygls and lsprotocol)."""
    async for _ in session(lsp_client):
        yield


#: A test that uses ``client`` runs in the module's event loop, where that client lives.
SHARED_LOOP = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site whose films are in films/; notes/ is in no collection."""
    (tmp_path / "filmlint.toml").write_text('[collections.films]\ninclude = ["films/*.md"]\n')
    (tmp_path / "films").mkdir()
    (tmp_path / "notes").mkdir()
    return tmp_path


# The language code after the wide title: a safe fix; the duration: an unsafe one.
TEXT = film('language: "EN"\nduration: "2h"\n').replace('title: "Alien"\n', WIDE)
RULES = {"language-code", "duration-format"}


async def opened(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    """Open ``path`` with ``text`` in the editor (not on disk): the diagnostics pushed."""
    expect_push(client, path.as_uri())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id="markdown", version=1, text=text
            )
        )
    )
    await published(client, path)
    return list(client.diagnostics[path.as_uri()])


def expect_push(client: LanguageClient, uri: str) -> None:
    """Forget ``uri``'s pushed diagnostics, before what makes the server push them again
    (``published`` then waits for them)."""
    client.diagnostics.pop(uri, None)


async def published(client: LanguageClient, path: Path | str, within: float = 30.0) -> None:
    """Wait for the diagnostics the server pushes for ``path`` since ``expect_push``, at most
    ``within`` seconds. The client keeps every push it reads: waiting for the next
    notification instead could miss one read in the same go as another file's, and hang."""
    uri = path if isinstance(path, str) else path.as_uri()
    deadline = asyncio.get_running_loop().time() + within
    while uri not in client.diagnostics:
        assert asyncio.get_running_loop().time() < deadline, f"no diagnostics pushed for {uri}"
        await asyncio.sleep(0.005)


@pytest.mark.slow
@SHARED_LOOP
async def test_open_pushes_diagnostics_with_utf16_ranges(client: LanguageClient, site: Path):
    found = await opened(client, site / "films" / "alien.md", TEXT)
    by_code = {d.code: d for d in found}
    language = by_code["FL202"]
    # Line 2 of the file (after ---): the title's emoji do not shift the next line.
    assert language.range == types.Range(
        start=types.Position(line=TEXT.splitlines().index('language: "EN"'), character=10),
        end=types.Position(line=TEXT.splitlines().index('language: "EN"'), character=14),
    )
    assert language.severity == types.DiagnosticSeverity.Error
    assert language.source == "filmlint"
    assert language.code_description is not None
    assert language.code_description.href.endswith("/rules/language-code.md")
    assert {d.code for d in found} == {"FL202", "FL207"}


@pytest.mark.slow
@SHARED_LOOP
async def test_a_problem_after_wide_characters_on_its_line_has_its_utf16_range(
    client: LanguageClient, site: Path
):
    text = film().replace(
        'topics: ["Bodily Autonomy"]', 'topics: ["\U0001f3ac\u6f22", "\U0001f3ac\u6f22"]'
    )
    (duplicate,) = await opened(client, site / "films" / "wide.md", text)
    line = split_lines(text).index('topics: ["\U0001f3ac\u6f22", "\U0001f3ac\u6f22"]')
    # 'topics: [' is 9 units, '"\U0001f3ac\u6f22"' 5 (the emoji is two), ', ' 2.
    assert duplicate.range == types.Range(
        start=types.Position(line=line, character=16), end=types.Position(line=line, character=21)
    )


@pytest.mark.slow
@SHARED_LOOP
async def test_change_updates_and_invalid_yaml_mid_typing_is_a_diagnostic(
    client: LanguageClient, site: Path
):
    path = site / "films" / "alien.md"
    assert await opened(client, path, TEXT)
    uri = path.as_uri()

    change(client, path, 2, film())
    await published(client, path)
    assert list(client.diagnostics[uri]) == []

    broken = film('country: "unclosed\n')
    change(client, path, 3, broken)
    await published(client, path)
    assert [d.data for d in client.diagnostics[uri]] == [YAML_SYNTAX]

    change(client, path, 4, TEXT)  # the server is still there
    await published(client, path)
    assert {d.code for d in client.diagnostics[uri]} == {"FL202", "FL207"}


@pytest.mark.slow
@SHARED_LOOP
async def test_a_file_in_no_collection_gets_no_diagnostics(client: LanguageClient, site: Path):
    assert await opened(client, site / "notes" / "todo.md", "---\ntitle: [\n---\n") == []


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_broken_configuration_is_one_diagnostic_and_the_server_goes_on(
    own_client: LanguageClient, site: Path
):
    (site / "filmlint.toml").write_text("[collections.films\n")
    (problem,) = await opened(own_client, site / "films" / "alien.md", TEXT)
    assert "filmlint.toml" in problem.message
    assert problem.range.start == types.Position(line=0, character=0)
    assert problem.severity == types.DiagnosticSeverity.Error
    report = await own_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier((site / "films" / "alien.md").as_uri())
        )
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert list(report.items) == [problem]


#: Rule plugins that fail, by where: a bug in check, gather or finish is an internal-error
#: on the file; a plugin that cannot be imported, or a rule that refuses its settings
#: (``RuleError``), stops ``filmlint check`` with its message.
#: A plugin's failure of each kind the server meets: the rule's (an internal-error of the
#: file, in the file phase and the run phase) and the setup's (a RuleError: when the run
#: phase refuses its settings, and when the plugin cannot be loaded). The other ways a rule
#: fails take the same paths: test_plugin_faults and test_engine_crashes cover them.
FAILING_PLUGINS = {
    "exit": "def check(document, options):\n    raise SystemExit(0)\n",
    "finish": (
        'def gather(document, options):\n    yield ("title",), "x"\n'
        'def finish(references, options, context):\n    raise ValueError("kaboom")\n'
    ),
    "refusing": (
        "from filmlint.rulekit.declaration import RuleError\n"
        'def gather(document, options):\n    yield ("title",), "x"\n'
        'def finish(references, options, context):\n    raise RuleError("no cache here")\n'
    ),
    "import": 'raise ImportError("needs libfilm, which is not installed")\n',
}


def install_plugin(folder: Path, code: str) -> None:
    """A rule plugin as pip leaves it: a module, and a dist-info folder naming it."""
    folder.mkdir()
    (folder / "failing_rule.py").write_text(f'NAME = "failing"\nCODE = "EX900"\n{code}')
    info = folder / "failing_rule-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: failing-rule\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[filmlint.rules]\nfailing = failing_rule\n")


@asynccontextmanager
async def server_with(env: dict[str, str]) -> AsyncIterator[LanguageClient]:
    """A server of its own started with ``env`` added to the environment."""
    config = ClientServerConfig(SERVER.server_command, server_env={**os.environ, **env})
    client = await config.start()
    assert isinstance(client, LanguageClient)
    started = session(client)
    await anext(started)
    try:
        yield client
    finally:  # a test that fails shuts the server down too: stop waits for it to exit
        await anext(started, None)
        await client.stop()


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize("where", FAILING_PLUGINS)
async def test_a_rule_plugin_that_raises_is_reported_as_check_reports_it(
    site: Path, tmp_path_factory: pytest.TempPathFactory, where: str
):
    plugin = tmp_path_factory.mktemp("plugin") / "installed"
    install_plugin(plugin, FAILING_PLUGINS[where])
    path = site / "films" / "alien.md"
    path.write_text(film())
    env = {"PYTHONPATH": os.pathsep.join([str(plugin), os.environ.get("PYTHONPATH", "")])}
    check = run_cli_process("check", "--output-format", "json", str(path), env=env)
    assert check.returncode == 2
    async with server_with(env) as client:
        document = types.TextDocumentIdentifier(path.as_uri())
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(document)
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        (problem,) = report.items
        if check.stdout:  # an internal-error on the file: the same one
            (found,) = json.loads(check.stdout)
            assert (problem.code, problem.message) == ("FL999", found["message"])
        else:  # check stopped with its message: the file says it
            assert check.stderr == f"filmlint: error: {problem.message}\n"
        assert problem.range.start == types.Position(line=0, character=0)
        assert await opened(client, path, film()) == [problem]
        # The server goes on: other requests are answered, another file is linted.
        await client.text_document_hover_async(types.HoverParams(document, types.Position(1, 1)))
        await code_actions(client, path, film())
        assert await opened(client, site / "notes" / "todo.md", "---\ntitle: [\n---\n") == []
        assert not [m for m in client.messages if m.type == types.MessageType.Error]


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize(
    ("schema", "says"),
    [
        (None, "cannot read schema {}: "),
        ("{not json", "schema {} is not JSON: "),
        ("[1, 2]", "schema {} is not a JSON object"),
        ('{"type": 12}', "not a valid JSON Schema: "),
    ],
    ids=["missing", "not-json", "not-an-object", "not-a-schema"],
)
async def test_a_schema_that_cannot_be_loaded_is_a_configuration_diagnostic(
    client: LanguageClient, site: Path, schema: str | None, says: str
):
    (site / "filmlint.toml").write_text(
        'schema = "film.schema.json"\n[collections.films]\ninclude = ["films/*.md"]\n'
    )
    if schema is not None:
        (site / "film.schema.json").write_text(schema)
    path = site / "films" / "alien.md"
    path.write_text(film("status: \n"))
    document = types.TextDocumentIdentifier(path.as_uri())
    at = types.Position(line=1, character=1)
    # Pulled before it is opened (its disk's text), then opened: the same one diagnostic.
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(document))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    (problem,) = report.items
    assert says.format(site / "film.schema.json") in problem.message
    assert problem.range.start == types.Position(line=0, character=0)
    assert problem.severity == types.DiagnosticSeverity.Error
    assert await opened(client, path, film("status: \n")) == [problem]
    # The other requests answer, with nothing.
    assert await client.text_document_hover_async(types.HoverParams(document, at)) is None
    assert await complete(client, path, split_lines(film("status: \n")).index("status: "), 8) == []
    assert await code_actions(client, path, film("status: \n")) == []


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize(
    "at",
    [0, TEXT.index("\U0001f600") + 1, TEXT.index('"2h"'), TEXT.index("Body") + 2, len(TEXT)],
    ids=["first", "after-wide-characters", "in-a-value", "in-the-body", "last"],
)
async def test_a_nul_in_the_editors_text_is_file_encoding_as_in_a_file(
    client: LanguageClient, site: Path, at: int
):
    text = TEXT[:at] + "\x00" + TEXT[at:]
    path = site / "films" / "alien.md"
    (binary,) = await opened(client, path, text)
    assert binary.data == "file-encoding" and "binary" in binary.message
    # Where `filmlint check` puts it, in UTF-16 units.
    path.write_text(text, encoding="utf-8")
    (found,) = json.loads(run_cli("check", "--output-format", "json", str(path)).stdout)
    assert (found["code"], found["message"]) == (binary.code, binary.message)
    assert binary.range.start.line == found["line"] - 1
    assert utf16_offset(text, binary.range.start) == at
    assert utf16_offset(text, binary.range.end) == at + 1
    assert await code_actions(client, path, text, ["source.fixAll"]) == []


#: Files the editor has not opened, as they are on disk, and a setting of their site.
CLOSED_FILES = {
    "utf-8": (TEXT.encode(), ""),
    # What precedes its fault would be fixed (the language's case): it must not be.
    "latin-1": (film('language: "EN"\n').replace("Body", "Bödy").encode("latin-1"), ""),
    "utf-16": (film().encode("utf-16"), ""),
    "nul": (film().replace("Body", "Bo\x00dy").encode(), ""),
    "too-large": (film().encode(), "max-file-size = 100\n"),
}


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize("name", CLOSED_FILES)
async def test_a_file_not_open_is_read_as_check_reads_it(
    client: LanguageClient, site: Path, name: str
):
    raw, setting = CLOSED_FILES[name]
    config = site / "filmlint.toml"
    config.write_text(setting + config.read_text())
    path = site / "films" / "alien.md"
    path.write_bytes(raw)
    document = types.TextDocumentIdentifier(path.as_uri())
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(document))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    expected = json.loads(run_cli("check", "--output-format", "json", str(path)).stdout)
    assert expected  # each file has a problem
    assert [(d.code, d.range.start.line + 1, d.message) for d in report.items] == [
        (each["code"], each["line"], each["message"]) for each in expected
    ]
    # The other requests are answered, from the same reading of the file.
    await client.text_document_hover_async(types.HoverParams(document, types.Position(1, 1)))
    await complete(client, path, 1, 0)
    fixes = await code_actions(client, path, raw.decode("utf-8", "replace"), ["source.fixAll"])
    assert len(fixes) == (name == "utf-8")  # a file that is not text is not fixed
    assert path.read_bytes() == raw


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("spare", [-1, 0], ids=["a-byte-too-large", "at-the-limit"])
async def test_an_open_file_is_held_to_max_file_size_as_check_holds_it_saved(
    client: LanguageClient, site: Path, newline: str, spare: int
):
    # The limit is in UTF-8 bytes: the title's wide characters take more than one each.
    text = TEXT.replace("\n", newline)
    config = site / "filmlint.toml"
    config.write_text(f"max-file-size = {len(text.encode()) + spare}\n" + config.read_text())
    path = site / "films" / "alien.md"
    path.write_bytes(text.encode())  # as the editor saves it
    expected = json.loads(run_cli("check", "--output-format", "json", str(path)).stdout)
    found = await opened(client, path, text)
    assert [(d.code, d.range.start.line + 1, d.message) for d in found] == [
        (each["code"], each["line"], each["message"]) for each in expected
    ]
    fixes = await code_actions(client, path, text, ["source.fixAll"])
    run_cli("check", "--fix", str(path))
    assert len(fixes) == (path.read_bytes() != text.encode())  # fixed only where check fixes


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize("kind", ["missing", "folder"])
async def test_a_path_not_open_that_is_no_file_has_no_diagnostics(
    client: LanguageClient, site: Path, kind: str
):
    path = site / "films" / "alien.md"
    if kind == "folder":
        path.mkdir()  # check walks it, for the Markdown files it holds: none
    document = types.TextDocumentIdentifier(path.as_uri())
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(document))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert list(report.items) == []
    assert (
        await client.text_document_hover_async(types.HoverParams(document, types.Position(1, 1)))
        is None
    )
    assert await complete(client, path, 1, 0) == []
    assert await code_actions(client, path, "") == []


@pytest.mark.slow
@SHARED_LOOP
async def test_a_change_to_a_file_never_opened_is_ignored(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    path.write_text(TEXT)
    uri = path.as_uri()
    change(client, path, 2, film())
    # Still read from disk, as a file not open is.
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert {d.code for d in report.items} == {"FL202", "FL207"}
    # Said in the log; no error shown.
    assert [m.type for m in client.log_messages if uri in m.message] == [types.MessageType.Warning]
    assert not [m for m in client.messages if uri in m.message]


@pytest.mark.slow
@SHARED_LOOP
async def test_pulled_diagnostics_are_of_the_editors_text(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    path.write_text(film())  # on disk: clean; in the editor: two problems
    await opened(client, path, TEXT)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(path.as_uri()))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert {d.code for d in report.items} == {"FL202", "FL207"}
    assert list(report.items) == list(client.diagnostics[path.as_uri()])


async def code_actions(
    client: LanguageClient, path: Path, text: str, only: list[str] | None = None
) -> list[types.CodeAction]:
    end = types.Position(line=len(split_lines(text)), character=0)
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            range=types.Range(start=types.Position(line=0, character=0), end=end),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    assert found is not None
    return [action for action in found if isinstance(action, types.CodeAction)]


@pytest.mark.slow
@SHARED_LOOP
async def test_quick_fixes_and_fix_all_give_the_fixed_text(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    await opened(client, path, TEXT)
    found = await code_actions(client, path, TEXT, [types.CodeActionKind.QuickFix])
    quick = {action.title: action for action in found}
    disable = [quick.pop(f"filmlint: disable {rule} for this line") for rule in RULES]
    assert set(quick) == {"replace 'EN' with 'en'", "write '120 min' (unsafe)"}
    # Each comment silences its own problem and changes nothing else.
    for number, action in enumerate(disable):
        assert action.edit is not None and action.edit.changes is not None
        edited = apply(TEXT, list(action.edit.changes[path.as_uri()]))
        assert "# filmlint: disable-next-line " in edited
        left = await opened(client, site / "films" / f"disabled-{number}.md", edited)
        assert len(left) == 1 and left[0].data in RULES
    safe, unsafe = quick["replace 'EN' with 'en'"], quick["write '120 min' (unsafe)"]
    assert safe.is_preferred and not unsafe.is_preferred
    assert safe.edit is not None and safe.edit.changes is not None
    assert apply(TEXT, list(safe.edit.changes[path.as_uri()])) == TEXT.replace('"EN"', '"en"')
    assert unsafe.edit is not None and unsafe.edit.changes is not None
    assert apply(TEXT, list(unsafe.edit.changes[path.as_uri()])) == TEXT.replace(
        '"2h"', '"120 min"'
    )

    (fix_all,) = await code_actions(client, path, TEXT, ["source.fixAll"])
    assert fix_all.kind == FIX_ALL
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    # Only the safe fix: the duration stays as it was.
    assert apply(TEXT, list(fix_all.edit.changes[path.as_uri()])) == TEXT.replace('"EN"', '"en"')
    assert not path.exists()  # nothing is written: the editor applies the edit


#: Problems above a duplicate-item and a duplicate-key problem, whose messages name a line
#: that a comment above shifts, and one on a line inside a quoted text (the second of
#: "X X"), where a comment would be text. By rule and line: whether "disable RULE for this
#: line" is offered.
DISABLE_TEXT = film(
    'directer: "Ridley Scott"\ncountry: ["US", "X\n  X", "XX"]\n'
    'genre: ["Drama",\n  "Drama"]\nyear: 1979\nyear: 1979\n'
)
DISABLE_OFFERED = {
    ("unknown-key", 'directer: "Ridley Scott"'): True,
    ("country-code", 'country: ["US", "X'): True,
    ("country-code", '  X", "XX"]'): False,
    ("duplicate-item", '  "Drama"]'): True,
    ("duplicate-key", "year: 1979"): True,
}


@pytest.mark.slow
@SHARED_LOOP
async def test_disable_for_this_line_is_offered_where_the_comment_silences_only_its_problem(
    client: LanguageClient, site: Path
):
    path = site / "films" / "alien.md"
    found = await opened(client, path, DISABLE_TEXT)
    lines = split_lines(DISABLE_TEXT)
    offered = {}
    for number, problem in enumerate(found):
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(path.as_uri()),
                range=problem.range,
                context=types.CodeActionContext(diagnostics=[problem], only=["quickfix"]),
            )
        )
        title = f"filmlint: disable {problem.data} for this line"
        disable = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title == title]
        offered[(problem.data, lines[problem.range.start.line])] = bool(disable)
        for action in disable:  # the comment silences the problem, and only it
            assert action.edit is not None and action.edit.changes is not None
            edited = apply(DISABLE_TEXT, list(action.edit.changes[path.as_uri()]))
            left = await opened(client, site / "films" / f"disabled-{number}.md", edited)
            assert sorted(d.code for d in left) == sorted(d.code for d in found if d != problem)
    assert offered == DISABLE_OFFERED


@pytest.mark.slow
@SHARED_LOOP
async def test_closing_a_file_clears_its_diagnostics(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    assert await opened(client, path, TEXT)
    expect_push(client, path.as_uri())
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(path.as_uri()))
    )
    await published(client, path)
    assert list(client.diagnostics[path.as_uri()]) == []


@given(
    st.lists(st.text(st.characters(exclude_characters="\r\n"), max_size=8), min_size=1),
    st.data(),
)
def test_offset_of_is_the_inverse_of_lsp_position(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    line = data.draw(st.integers(1, len(lines)))
    column = data.draw(st.integers(1, len(lines[line - 1]) + 1))
    offset = sum(len(each) + 1 for each in lines[: line - 1]) + column - 1
    for encoding in types.PositionEncodingKind:
        position = lsp_position(split_lines(text), line, column, encoding)
        assert offset_of(text, position, encoding) == offset


@pytest.mark.parametrize("end", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", ""])
def test_a_line_ending_in_a_character_other_breaks_keeps_it(end: str, newline: str) -> None:
    # filmlint ends lines at LF, CRLF and CR only; str.splitlines also at these: the column
    # after the last one is the end of the line's text, not before it.
    text = f"ab{end}{newline}next"
    for encoding in types.PositionEncodingKind:
        position = lsp_position(split_lines(text), 1, 4, encoding)
        assert offset_of(text, position, encoding) == 3


async def hover(client: LanguageClient, path: Path, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            position=types.Position(line=line, character=character),
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    return found.contents.value


@pytest.mark.slow
@SHARED_LOOP
async def test_hover_on_a_key_shows_its_schema_description(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    text = film("year: 1979\n")
    await opened(client, path, text)
    line = split_lines(text).index("year: 1979")
    assert await hover(client, path, line, 2) == "`year` (integer)\n\nYear of the film."
    status = split_lines(text).index('status: "published"')
    shown = await hover(client, path, status, 0)
    assert shown == "`status` ('draft' | 'published')\n\nPublication status."
    # A value without a problem has no hover.
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            position=types.Position(line=line, character=8),
        )
    )
    assert nothing is None


@pytest.mark.slow
@SHARED_LOOP
async def test_hover_on_a_diagnostic_shows_its_rule(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    await opened(client, path, TEXT)
    line = split_lines(TEXT).index('language: "EN"')
    shown = await hover(client, path, line, 11)
    assert shown.startswith("**FL202** `language-code`: ")
    assert shown.endswith("/rules/language-code.md)")
    # The title's wide characters before it: its value's end in UTF-16 units is still on it.
    wide = split_lines(TEXT).index(WIDE.rstrip("\n"))
    assert (await hover(client, path, wide, 1)).startswith("`title`")


async def complete(client: LanguageClient, path: Path, line: int, character: int) -> list[str]:
    found = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            position=types.Position(line=line, character=character),
        )
    )
    items = found.items if isinstance(found, types.CompletionList) else found or []
    return [item.label for item in items]


@pytest.mark.slow
@SHARED_LOOP
async def test_completion_offers_the_keys_not_yet_written(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    text = film("ye\n")
    await opened(client, path, text)
    labels = await complete(client, path, split_lines(text).index("ye"), 2)
    assert "year" in labels and "country" in labels
    assert not {"title", "director", "status", "topics"} & set(labels)
    # In the body, no keys.
    assert await complete(client, path, len(split_lines(text)) - 1, 0) == []


@pytest.mark.slow
@SHARED_LOOP
async def test_completion_offers_an_enums_values(client: LanguageClient, site: Path):
    path = site / "films" / "alien.md"
    text = film().replace('status: "published"', "status: ")
    await opened(client, path, text)
    line = split_lines(text).index("status: ")
    assert await complete(client, path, line, len("status: ")) == ["draft", "published"]
    # A key without an enum offers nothing.
    text = film("year: ")
    await opened(client, path, text)
    assert await complete(client, path, split_lines(text).index("year: "), 6) == []


async def until(check, what: str) -> None:
    """Wait (up to 10 s: debounce and a busy machine) until ``check()`` is true."""
    for _ in range(200):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never: {what}")


def codes(client: LanguageClient, path: Path) -> set[str]:
    return {str(d.code) for d in client.diagnostics.get(path.as_uri(), [])}


def change(client: LanguageClient, path: Path, version: int, text: str) -> None:
    expect_push(client, path.as_uri())
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def changed_on_disk(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.as_uri(), type=kind)])
    )


@pytest.fixture
def multilingual(site: Path) -> Path:
    """The site, its films in Simplified Chinese (the base) and English (the suffix -en)."""
    (site / "filmlint.toml").write_text(
        '[locale]\ndefault = "zh-Hans"\nsuffixes = { en = "en" }\n'
        '[collections.films]\ninclude = ["films/*.md"]\n'
    )
    return site


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_translation_mismatch_follows_its_base_in_the_editor_and_on_disk(
    own_client: LanguageClient, multilingual: Path
):
    base, english = multilingual / "films" / "alien.md", multilingual / "films" / "alien-en.md"
    base.write_text(film("imdbRating: 8.5\n"))
    # The client was asked to report changes of configurations and films on disk.
    await until(lambda: own_client.registrations, "a registration")  # type: ignore[attr-defined]
    (watched,) = own_client.registrations  # type: ignore[attr-defined]
    assert watched.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    (mismatch,) = await opened(own_client, english, film("imdbRating: 8.4\n"))
    assert mismatch.code == "FL404"
    rating = split_lines(film("imdbRating: 8.4\n")).index("imdbRating: 8.4")
    assert mismatch.range.start == types.Position(line=rating, character=12)
    (related,) = mismatch.related_information or []
    assert related.location.uri == base.as_uri()
    assert related.location.range.start == types.Position(line=rating, character=12)
    assert "8.5" in related.message

    # The base opened and changed in the editor (not on disk): the English version agrees.
    await opened(own_client, base, film("imdbRating: 8.5\n"))
    change(own_client, base, 2, film("imdbRating: 8.4\n"))
    await until(lambda: codes(own_client, english) == set(), "the mismatch goes")
    assert codes(own_client, base) == set()  # nothing is reported on the base
    change(own_client, base, 3, film("imdbRating: 8.3\n"))
    await until(lambda: codes(own_client, english) == {"FL404"}, "a mismatch again")
    # Closed: the English version is judged by the base on disk again (8.5), still a mismatch.
    own_client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(base.as_uri()))
    )
    await until(
        lambda: (
            base.as_uri() not in own_client.diagnostics or not own_client.diagnostics[base.as_uri()]
        ),
        "the base's diagnostics cleared",
    )

    # On disk: the base written with the English value, then deleted.
    base.write_text(film("imdbRating: 8.4\n"))
    changed_on_disk(own_client, base, types.FileChangeType.Changed)
    await until(lambda: codes(own_client, english) == set(), "the mismatch goes on disk")
    base.unlink()
    changed_on_disk(own_client, base, types.FileChangeType.Deleted)
    await until(lambda: codes(own_client, english) == {"FL401"}, "the base is missing")


@pytest_lsp.fixture(config=SERVER, name="workspace_client")
async def workspace_server(lsp_client: LanguageClient, multilingual: Path) -> AsyncIterator[None]:
    """A server of its own, told that the multilingual site is the editor's workspace."""
    async for _ in session(lsp_client, workspace=multilingual):
        yield


@pytest.mark.asyncio
async def test_messages_name_other_files_from_the_workspace_folder(
    workspace_client: LanguageClient, multilingual: Path
):
    films = multilingual / "films"
    (films / "alien.md").write_text(film("imdbRating: 8.5\n"))
    (mismatch,) = await opened(workspace_client, films / "alien-en.md", film("imdbRating: 8.4\n"))
    assert mismatch.code == "FL404"
    line = split_lines(film("imdbRating: 8.4\n")).index("imdbRating: 8.4") + 1
    assert mismatch.message.endswith(f"in the base films{os.sep}alien.md:{line}")
    # The related location still links to the file itself.
    (related,) = mismatch.related_information or []
    assert related.location.uri == (films / "alien.md").as_uri()

    (missing,) = await opened(workspace_client, films / "heat-en.md", film())
    assert missing.code == "FL401"
    assert f"films{os.sep}heat.md does not exist" in missing.message
    assert str(multilingual) not in mismatch.message + missing.message

    # The editor opens films/ as a folder of its own: the open files are told again.
    expect_push(workspace_client, (films / "alien-en.md").as_uri())
    workspace_client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            types.WorkspaceFoldersChangeEvent(
                added=[types.WorkspaceFolder(films.as_uri(), "films")], removed=[]
            )
        )
    )
    await published(workspace_client, films / "alien-en.md")
    (again,) = workspace_client.diagnostics[(films / "alien-en.md").as_uri()]
    assert again.message.endswith(f"in the base alien.md:{line}")


@pytest.mark.asyncio
async def test_a_broken_configuration_is_named_from_the_workspace_folder(
    workspace_client: LanguageClient, multilingual: Path
):
    """Wherever the editor started the server, its message names the configuration file as
    the editor's file list does."""
    (multilingual / "filmlint.toml").write_text("[locale\n")
    (problem,) = await opened(workspace_client, multilingual / "films" / "alien-en.md", film())
    assert problem.message.startswith("filmlint.toml: invalid TOML")
    assert str(multilingual) not in problem.message


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_configuration_change_lints_the_open_files_again(
    own_client: LanguageClient, site: Path
):
    path = site / "films" / "alien.md"
    assert {d.code for d in await opened(own_client, path, TEXT)} == {"FL202", "FL207"}
    config = site / "filmlint.toml"
    config.write_text(
        config.read_text().replace("[collections", 'ignore = ["language-code"]\n[collections')
    )
    changed_on_disk(own_client, config, types.FileChangeType.Changed)
    await until(lambda: codes(own_client, path) == {"FL207"}, "language-code ignored")
    # Saved in the editor (a client that watches no files): seen as well.
    config.write_text(config.read_text().replace('"language-code"', '"duration-format"'))
    own_client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(config.as_uri()))
    )
    await until(lambda: codes(own_client, path) == {"FL202"}, "duration-format ignored")


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_change_to_the_schema_lints_the_open_files_again(
    own_client: LanguageClient, site: Path
):
    config, schema = site / "filmlint.toml", site / "film.schema.json"
    config.write_text('schema = "film.schema.json"\n' + config.read_text())
    path = site / "films" / "alien.md"
    # Named but missing: the configuration's problem; the schema is watched all the same.
    (missing,) = await opened(own_client, path, film())
    assert "cannot read schema" in missing.message
    registrations = own_client.registrations  # type: ignore[attr-defined]
    await until(lambda: len(registrations) == 2, "the schema's registration")
    watchers = registrations[1].register_options["watchers"]
    assert [watcher["globPattern"] for watcher in watchers] == ["**/film.schema.json"]

    schema.write_text('{"type": "object", "required": ["year"]}')
    changed_on_disk(own_client, schema, types.FileChangeType.Created)
    await until(lambda: codes(own_client, path) == {"FL102"}, "the schema read")
    schema.write_text('{"type": "object"}')
    changed_on_disk(own_client, schema, types.FileChangeType.Changed)
    await until(lambda: codes(own_client, path) == set(), "the schema's change seen")
    # Saved in the editor (a client that watches no files): seen as well.
    schema.write_text('{"type": "object", "required": ["year"]}')
    own_client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(schema.as_uri()))
    )
    await until(lambda: codes(own_client, path) == {"FL102"}, "the saved schema seen")
    assert len(registrations) == 2  # each schema is asked for once

    # A file the schema refers to is part of it: watched, and its changes seen.
    defs = site / "defs.json"
    defs.write_text('{"type": "object", "required": ["director"]}')
    schema.write_text('{"$ref": "defs.json"}')
    changed_on_disk(own_client, schema, types.FileChangeType.Changed)
    await until(lambda: codes(own_client, path) == set(), "the referenced file read")
    await until(lambda: len(registrations) == 3, "the referenced file's registration")
    watchers = registrations[2].register_options["watchers"]
    assert [watcher["globPattern"] for watcher in watchers] == ["**/defs.json"]
    defs.write_text('{"type": "object", "required": ["year"]}')
    changed_on_disk(own_client, defs, types.FileChangeType.Changed)
    await until(lambda: codes(own_client, path) == {"FL102"}, "the referenced file's change")
    # Broken, then mended: still the schema's file while the schema cannot be loaded.
    defs.write_text("{")
    changed_on_disk(own_client, defs, types.FileChangeType.Changed)
    await until(
        lambda: any(
            "defs.json" in d.message for d in own_client.diagnostics.get(path.as_uri(), [])
        ),
        "the broken reference reported",
    )
    defs.write_text('{"type": "object"}')
    own_client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(defs.as_uri()))
    )
    await until(lambda: codes(own_client, path) == set(), "the mended reference seen")


# (the schema, the files beside it at the start, the file created later, the path reported
# created: the file, or the folder it came in)
REFERENCE_CREATED = {
    "beside-the-schema": ({"$ref": "defs.json"}, {}, "defs.json", "defs.json"),
    "at-a-pointer": ({"$ref": "defs.json#/$defs/film"}, {}, "defs.json", "defs.json"),
    "through-another-file": ({"$ref": "a.json"}, {"a.json": {"$ref": "b.json"}}, "b.json", "b.json"),
    "in-a-folder-moved-in": ({"$ref": "defs/film.json"}, {}, "defs/film.json", "defs"),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("schema", "files", "created", "reported"), REFERENCE_CREATED.values(), ids=REFERENCE_CREATED
)
async def test_a_file_the_schema_refers_to_created_later_is_a_change_of_the_schema(
    own_client: LanguageClient,
    site: Path,
    schema: dict[str, object],
    files: dict[str, object],
    created: str,
    reported: str,
):
    config = site / "filmlint.toml"
    config.write_text('schema = "film.schema.json"\n' + config.read_text())
    (site / "film.schema.json").write_text(json.dumps(schema))
    for name, contents in files.items():
        (site / name).write_text(json.dumps(contents))
    path = site / "films" / "alien.md"
    # Not there yet: the configuration's problem; the missing file is watched all the same.
    (missing,) = await opened(own_client, path, film())
    assert Path(created).name in missing.message
    registrations = own_client.registrations  # type: ignore[attr-defined]
    glob = f"**/{Path(created).name}"
    await until(
        lambda: any(
            watcher["globPattern"] == glob
            for registration in registrations[1:]
            for watcher in registration.register_options["watchers"]
        ),
        "the missing file's registration",
    )
    target = site / created
    target.parent.mkdir(exist_ok=True)
    film_schema = {"type": "object", "required": ["year"]}
    target.write_text(json.dumps({"$defs": {"film": film_schema}, **film_schema}))
    changed_on_disk(own_client, site / reported, types.FileChangeType.Created)
    await until(lambda: codes(own_client, path) == {"FL102"}, "the created file read")


def move(source: Path, target: Path) -> None:
    """Move a folder, as ``mv`` does: one event for the folder, none for what is in it."""
    source.rename(target)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_folder_deleted_or_moved_in_is_a_change_of_everything_in_it(
    own_client: LanguageClient, tmp_path: Path
):
    site, away = tmp_path / "site", tmp_path / "away"
    away.mkdir()
    (site / "films" / "en").mkdir(parents=True)
    (site / "nested" / "films").mkdir(parents=True)
    (site / "schemas").mkdir()
    (site / "filmlint.toml").write_text(
        'schema = "schemas/film.json"\n[locale]\ndefault = "zh-Hans"\nfolders = { en = "en" }\n'
        '[collections.films]\ninclude = ["films/**/*.md", "nested/**/*.md"]\n'
    )
    (site / "schemas" / "film.json").write_text('{"type": "object"}')
    (site / "nested" / "filmlint.toml").write_text('ignore = ["language-code"]\n')
    base, nested = site / "films" / "alien.md", site / "nested" / "films" / "alien.md"
    base.write_text(film())
    (site / "films" / "en" / "alien.md").write_text(film())
    nested.write_text(TEXT)
    # The folder watched for: the client reports folders created and deleted.
    await until(lambda: own_client.registrations, "a registration")  # type: ignore[attr-defined]
    (watched,) = own_client.registrations  # type: ignore[attr-defined]
    assert {"globPattern": "**/*", "kind": 5} in watched.register_options["watchers"]
    assert await opened(own_client, base, film()) == []
    assert {d.code for d in await opened(own_client, nested, TEXT)} == {"FL207"}

    def folder_event(folder: Path, kind: types.FileChangeType) -> None:
        expect_push(own_client, base.as_uri())
        expect_push(own_client, nested.as_uri())
        changed_on_disk(own_client, folder, kind)

    # The folder of the English versions: the base's translation goes and comes back.
    move(site / "films" / "en", away / "en")
    folder_event(site / "films" / "en", types.FileChangeType.Deleted)
    await until(lambda: codes(own_client, base) == {"FL401"}, "the English version missing")
    move(away / "en", site / "films" / "en")
    folder_event(site / "films" / "en", types.FileChangeType.Created)
    await until(lambda: codes(own_client, base) == set(), "the English version back")
    # A folder holding a configuration: the open file under it is linted with another.
    move(site / "nested", away / "nested")
    folder_event(site / "nested", types.FileChangeType.Deleted)
    await until(lambda: "FL202" in codes(own_client, nested), "the root's settings")
    move(away / "nested", site / "nested")
    folder_event(site / "nested", types.FileChangeType.Created)
    await until(lambda: codes(own_client, nested) == {"FL207"}, "the nested settings again")
    # A folder holding the schema: every open file reports it missing, then is linted with it.
    move(site / "schemas", away / "schemas")
    folder_event(site / "schemas", types.FileChangeType.Deleted)
    await until(
        lambda: any(
            "cannot read schema" in d.message for d in own_client.diagnostics.get(base.as_uri(), [])
        ),
        "the schema missing",
    )
    move(away / "schemas", site / "schemas")
    folder_event(site / "schemas", types.FileChangeType.Created)
    await until(lambda: codes(own_client, base) == set(), "the schema back")


def pulling_capabilities() -> types.ClientCapabilities:
    """Visual Studio Code's, pulling diagnostics and able to be asked to pull them again."""
    code = client_capabilities("visual-studio-code")
    assert code.text_document is not None and code.workspace is not None
    return attrs.evolve(
        code,
        text_document=attrs.evolve(
            code.text_document, diagnostic=types.DiagnosticClientCapabilities()
        ),
        workspace=attrs.evolve(
            code.workspace,
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
        ),
    )


@pytest_lsp.fixture(config=SERVER, name="pulling_client")
async def pulling(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A server of its own, for a client that pulls diagnostics and can be asked to pull
    again (pytest-lsp's client counts the requests)."""
    async for _ in session(lsp_client, pulling_capabilities()):
        yield


async def pulled(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(path.as_uri()))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    return list(report.items)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_client_that_pulls_is_pushed_nothing_and_asked_to_pull_again(
    pulling_client: LanguageClient, multilingual: Path
):
    client = pulling_client
    base, english = multilingual / "films" / "alien.md", multilingual / "films" / "alien-en.md"
    base.write_text(film("imdbRating: 8.5\n"))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=english.as_uri(), language_id="markdown", version=1, text=film()
            )
        )
    )
    assert await pulled(client, english) == []
    change(client, english, 2, film("imdbRating: 8.4\n"))
    (mismatch,) = await pulled(client, english)
    assert mismatch.code == "FL404" and "8.5" in mismatch.message
    # A change on disk the client does not see: it is asked to pull again.
    base.write_text(film("imdbRating: 8.3\n"))
    changed_on_disk(client, base, types.FileChangeType.Changed)
    await until(lambda: client.diagnostic_refresh_count == 1, "a refresh for the base")
    (mismatch,) = await pulled(client, english)
    assert "8.3" in mismatch.message
    config = multilingual / "filmlint.toml"
    config.write_text('ignore = ["translation-mismatch"]\n' + config.read_text())
    changed_on_disk(client, config, types.FileChangeType.Changed)
    await until(lambda: client.diagnostic_refresh_count == 2, "a refresh for the configuration")
    assert await pulled(client, english) == []
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(english.as_uri())
        )
    )
    await asyncio.sleep(DEBOUNCE + 0.2)  # past any debounced publish
    assert client.diagnostics == {}  # nothing was ever pushed


def test_a_schema_is_watched_relative_to_its_folder_where_the_client_can() -> None:
    from filmlint.server import _file_glob

    path = "/site/schemas/film.schema.json"
    assert _file_glob(path, relative=False) == "**/film.schema.json"
    assert _file_glob(path, relative=True) == types.RelativePattern(
        base_uri="file:///site/schemas", pattern="film.schema.json"
    )


@pytest.mark.slow
@SHARED_LOOP
async def test_completion_offers_nested_keys_country_codes_and_language_tags(
    client: LanguageClient, site: Path
):
    path = site / "films" / "alien.md"
    text = film(
        'sourceUrl:\n  - platform: "IMDb"\n    u\n  - \n'
        'country: ["US", \nlanguage: \ncontentLanguage:\n  - en\n  - \n'
    )
    lines = split_lines(text)
    await opened(client, path, text)
    # Inside a sourceUrl item: the item's keys not yet written; a new item: all of them.
    assert await complete(client, path, lines.index("    u"), 5) == ["url"]
    assert sorted(await complete(client, path, lines.index("  - "), 4)) == ["platform", "url"]
    countries = await complete(client, path, lines.index('country: ["US", '), 16)
    assert {"US", "GB", "FR"} <= set(countries) and len(countries) == len(set(countries))
    assert "en" in await complete(client, path, lines.index("language: "), 10)
    # contentLanguage's second item (a block list) is a language tag too.
    second = len(lines) - 1 - lines[::-1].index("  - ")
    assert {"en", "fr", "zh"} <= set(await complete(client, path, second, 4))
    # Country codes are not offered where language tags are, nor the reverse.
    assert "US" not in await complete(client, path, lines.index("language: "), 10)


class _Sink:
    """Where the in-process server writes its messages: nowhere."""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.mark.asyncio
async def test_edits_leave_nothing_behind_in_the_server(site: Path):
    """Thousands of edits kept a future each in pygls's protocol (its didChange notification's),
    and the server's memory grew with them: none is left once each is handled."""
    server = build_server()
    protocol = server.protocol
    protocol.set_writer(_Sink())
    # Messages handed to the protocol as its reader would (no process: a test of its state).
    protocol._handle_request(
        1, types.INITIALIZE, types.InitializeParams(types.ClientCapabilities())
    )
    uri = (site / "films" / "alien.md").as_uri()
    protocol._handle_notification(
        types.TEXT_DOCUMENT_DID_OPEN,
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, TEXT)),
    )
    for version in range(2, 302):
        protocol._handle_notification(
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(film(f"year: {version}\n"))],
            ),
        )
    await asyncio.sleep(0)  # done callbacks run on the loop
    assert server.workspace.get_text_document(uri).version == 301
    assert protocol._request_futures == {}


@pytest_lsp.fixture(config=SERVER, name="slow_client")
async def slow_to_register(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A server of its own whose client answers its request to watch files only when the
    test sets ``answer`` (a busy editor); the test ends the session itself."""
    lsp_client.asked, lsp_client.answer = asyncio.Event(), asyncio.Event()  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    async def register(params: types.RegistrationParams) -> None:
        lsp_client.asked.set()  # type: ignore[attr-defined]
        await lsp_client.answer.wait()  # type: ignore[attr-defined]

    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield


@pytest.mark.slow
@pytest.mark.asyncio
async def test_shutdown_while_the_server_awaits_the_client_is_answered(
    slow_client: LanguageClient, site: Path
):
    # The server's handler of `initialized` waits for the answer: its future is pending.
    await asyncio.wait_for(slow_client.asked.wait(), 10)  # type: ignore[attr-defined]
    await opened(slow_client, site / "films" / "alien.md", TEXT)
    change(slow_client, site / "films" / "alien.md", 2, film())
    try:
        assert await slow_client.shutdown_async(None) is None
    finally:
        slow_client.answer.set()  # type: ignore[attr-defined]
        slow_client.exit(None)


@pytest.mark.slow
def test_the_benchmark_drives_the_server_and_prints_each_figure_with_its_target() -> None:
    script = ROOT / "benchmarks" / "server.py"
    arguments = [
        *("--requests", "5", "--delays", "1", "--edits", "20"),
        *("--warm-ups", "1", "--rss-warm-ups", "1"),
    ]
    result = subprocess.run(
        [sys.executable, str(script), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "diagnostic request after didChange",
        "bare lint_text of the same texts",
        "didChange to publishDiagnostics",
        "server RSS",
    ]
    assert "(target < 30 ms)" in lines[0] and "(target: at most +10%)" in lines[3]


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize("spelling", ["/films/../films/", "/films/./", "//films/", "/./films//"])
async def test_a_file_uri_not_normalised_is_the_file_it_names(
    client: LanguageClient, multilingual: Path, spelling: str
):
    (multilingual / "films" / "alien.md").write_text(film("imdbRating: 8.5\n"))
    path = multilingual / "films" / "alien-en.md"
    uri = path.as_uri().replace("/films/", spelling)
    assert uri != path.as_uri()
    expect_push(client, uri)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "markdown", 1, film("imdbRating: 8.4\n"))
        )
    )
    await published(client, uri)
    # Judged with its base, as under its plain URI: a mismatch, not a missing base.
    assert [d.code for d in client.diagnostics[uri]] == ["FL404"]
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert list(report.items) == list(client.diagnostics[uri])
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )


@pytest.mark.slow
@SHARED_LOOP
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
async def test_completion_reads_lines_at_each_line_break(
    client: LanguageClient, site: Path, newline: str
):
    text = film("sourceUrl:\n  - platform: IMDb\n    u\nye\n").replace(
        'status: "published"', "status: "
    )
    lines = split_lines(text)
    path = site / "films" / "alien.md"
    await opened(client, path, text.replace("\n", newline))
    assert await complete(client, path, lines.index("status: "), 8) == ["draft", "published"]
    assert await complete(client, path, lines.index("    u"), 5) == ["url"]
    keys = await complete(client, path, lines.index("ye"), 2)
    assert "year" in keys and "status" not in keys


def framed(*messages: dict[str, object]) -> bytes:
    """JSON-RPC messages as a client writes them to the server's stdin."""
    bodies = [json.dumps({"jsonrpc": "2.0", **message}).encode() for message in messages]
    return b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in bodies)


INITIALIZE = {"id": 1, "method": "initialize", "params": {"capabilities": {}}}
SHUTDOWN = {"id": 2, "method": "shutdown"}
EXIT = {"method": "exit"}


def answers(output: bytes) -> dict[object, dict[str, object]]:
    """The responses among the messages a server wrote, by id."""
    bodies = [
        json.loads(part.split(b"\r\n\r\n", 1)[1]) for part in output.split(b"Content-Length")[1:]
    ]
    return {body["id"]: body for body in bodies if "method" not in body}


@pytest.mark.slow
def test_a_request_with_invalid_params_is_answered_with_an_error() -> None:
    no_document = {"id": 7, "method": "textDocument/diagnostic", "params": {}}
    bad_position = {
        "id": 8,
        "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///x.md"}, "position": {"line": "one"}},
    }
    messages = framed(INITIALIZE, no_document, bad_position, SHUTDOWN, EXIT)
    result = subprocess.run(
        SERVER.server_command, input=messages, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    answered = answers(result.stdout)
    for request in (no_document, bad_position):
        error = answered[request["id"]]["error"]
        assert isinstance(error, dict) and error["code"] == -32602  # Invalid Params
    assert answered[SHUTDOWN["id"]]["result"] is None  # and the server went on


@pytest.mark.slow
@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ([INITIALIZE, SHUTDOWN, EXIT], 0),
        ([INITIALIZE, EXIT], 1),
        ([EXIT], 1),
        ([INITIALIZE, SHUTDOWN], 0),  # then stdin is closed
    ],
    ids=["shutdown-exit", "exit-alone", "exit-before-initialize", "shutdown-then-closed"],
)
def test_the_exit_code_is_1_when_exit_comes_without_shutdown(
    messages: list[dict[str, object]], code: int
) -> None:
    result = subprocess.run(
        SERVER.server_command, input=framed(*messages), capture_output=True, timeout=60, check=False
    )
    assert result.returncode == code, result.stderr.decode()
    assert b"Traceback" not in result.stderr
