"""`chiso lsp` driven by a real Language Server Protocol client (pytest-lsp, on pygls and
lsprotocol, which also checks every message against the protocol's types): open a script with
three errors, compare the diagnostics with `chiso check`'s, edit it, complete, hover, go to a
definition, list the symbols.

    python Tests/e2e/test_lsp.py path/to/chiso      (Scripts/test runs it)
"""
import os
import subprocess
import sys
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHISO = os.environ.get("CHISO_BIN", os.path.join(ROOT, ".build/debug/chiso"))
DATA = os.path.join(ROOT, "Datasets")
WORK = tempfile.mkdtemp(prefix="chiso-lsp-")
SCRIPT = os.path.join(WORK, "report.chiso")
URI = "file://" + SCRIPT

# Three errors: a misspelt column after a Vietnamese string on the same line (columns count
# characters, not bytes), an unknown table, and an unknown stage option.
TEXT = """param tinh = "nghe-an"
let national = from plans | where level == "national"
from targets | where text_vi == "Tỷ trọng kinh tế số" and yeer == 2025
from nationl | take 1
from national | project lo by year to 2030 methd linear
from national | select id, title_vi
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[CHISO, "lsp", "--data", DATA]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                               root_uri="file://" + WORK))
    yield
    await lsp_client.shutdown_session()


def check_output(text):
    """`chiso check` on the same text: (line, column, message) of each error."""
    with open(SCRIPT, "w") as f:
        f.write(text)
    r = subprocess.run([CHISO, "check", "--data", DATA, SCRIPT], capture_output=True, text=True)
    found = []
    for line in r.stderr.splitlines():
        if line.startswith(SCRIPT + ":") and ": error: " in line:
            where, message = line[len(SCRIPT) + 1:].split(": error: ", 1)
            ln, col = where.split(":")[:2]
            found.append((int(ln), int(col), message))
    return found


def lsp_view(diagnostics):
    return [(d.range.start.line + 1, d.range.start.character + 1, d.message.split("\nhint: ")[0]) for d in diagnostics]


async def open_script(client, text=TEXT):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=URI, language_id="chiso", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[URI]


@pytest.mark.asyncio
async def test_diagnostics_equal_chiso_check(client: LanguageClient):
    diagnostics = await open_script(client)
    expected = check_output(TEXT)
    assert len(expected) == 3, expected
    # The same errors in the same order (chiso check reports syntax errors, then binding's).
    assert lsp_view(diagnostics) == expected
    assert sorted(d.range.start.line for d in diagnostics) == [2, 3, 4]
    yeer = next(d for d in diagnostics if d.range.start.line == 2)
    line = TEXT.splitlines()[2]
    assert yeer.range.start.character == line.index("yeer")          # after Vietnamese text
    assert yeer.range.end.character == line.index("yeer") + 4
    assert "hint: did you mean 'year'?" in yeer.message
    assert all(d.severity == types.DiagnosticSeverity.Error and d.source == "chiso" for d in diagnostics)


@pytest.mark.asyncio
async def test_edit_updates_diagnostics(client: LanguageClient):
    await open_script(client)
    fixed = TEXT.replace("nationl", "national")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert lsp_view(client.diagnostics[URI]) == check_output(fixed)
    assert len(client.diagnostics[URI]) == 2


async def complete(client, text, line, character):
    await open_script(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=character)))
    items = result.items if hasattr(result, "items") else result
    return {i.label for i in items}


@pytest.mark.asyncio
async def test_completion(client: LanguageClient):
    # Columns as they are at that stage: a derived column, and a let table's columns.
    text = 'let national = from plans | where level == "national"\nfrom national | derive n2 = 1 | where n'
    labels = await complete(client, text, 1, len(text.splitlines()[1]))
    assert {"n2"} <= labels and "level" not in labels
    text = "from national | where le"
    labels = await complete(client, 'let national = from plans\n' + text, 1, len(text))
    assert "level" in labels
    # Stages after |, tables after from, statements at the start, $params.
    assert "project" in await complete(client, "from plans | pro", 0, 16)
    assert {"plans", "targets"} <= await complete(client, "from ", 0, 5)
    assert "from" in await complete(client, "fr", 0, 2)
    assert "tinh" in await complete(client, 'param tinh = "nghe-an"\nfrom plans | where area_id == $t', 1, 32)
    # Files after load, from the script's folder.
    open(os.path.join(WORK, "so_lieu.csv"), "w").write("a\n1\n")
    assert "so_lieu.csv" in await complete(client, 'load "so_', 0, 9)


async def hover(client, text, line, character):
    await open_script(client, text)
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=character)))


@pytest.mark.asyncio
async def test_hover(client: LanguageClient):
    h = await hover(client, "from plans | assess", 0, 15)
    assert h.contents.value.startswith("assess (stage)")
    h = await hover(client, 'from plans | where level == "x"', 0, 21)
    assert h.contents.value.startswith("column level: text")
    assert (h.range.start.character, h.range.end.character) == (19, 24)
    h = await hover(client, "from plans | take 1", 0, 7)
    assert h.contents.value.startswith("table plans: 10 columns")
    h = await hover(client, "from plans | take 1", 0, 14)
    assert "take (stage)" in h.contents.value


@pytest.mark.asyncio
async def test_definition_and_symbols(client: LanguageClient):
    await open_script(client)
    loc = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=5, character=7)))
    loc = loc[0] if isinstance(loc, list) else loc
    assert (loc.range.start.line, loc.range.start.character, loc.range.end.character) == (1, 4, 12)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=URI)))
    assert [(s.name, s.kind) for s in symbols] == [("tinh", types.SymbolKind.Constant), ("national", types.SymbolKind.Variable)]


@pytest.mark.asyncio
async def test_reads_no_rows(client: LanguageClient):
    # 200,000 rows whose last line is broken (an unterminated quote): reading the rows would be
    # an error; the server binds from the header and a sample of the head only.
    with open(os.path.join(WORK, "big.csv"), "w") as f:
        f.write("tinh,gia_tri\n")
        f.writelines("t%d,%d\n" % (i % 63, i) for i in range(200_000))
        f.write('"broken,1\n')
    r = subprocess.run([CHISO, "-c", 'load "%s"' % os.path.join(WORK, "big.csv")], capture_output=True, text=True)
    assert r.returncode == 1 and "error" in r.stderr            # the rows really are broken
    text = 'load "big.csv" as big\nfrom big | where gia_tri > 10 | select tinh'
    assert list(await open_script(client, text)) == []
    h = await hover(client, text, 1, 6)
    assert h.contents.value.startswith("table big: 2 columns")


class Count:
    def __init__(self):
        self.passed = self.failed = 0

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.failed:
            if report.passed:
                self.passed += 1
            elif report.failed:
                self.failed += 1
                print("FAIL: %s" % report.nodeid)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["CHISO_BIN"] = os.path.abspath(sys.argv[1])
    count = Count()
    code = pytest.main([os.path.abspath(__file__), "-q", "-p", "no:cacheprovider",
                        "-o", "asyncio_default_fixture_loop_scope=function",
                        "-W", "ignore::pytest.PytestAssertRewriteWarning"], plugins=[count])
    print("language server: %d passed, %d failed" % (count.passed, count.failed + (1 if code not in (0, 5) and count.failed == 0 else 0)))
    sys.exit(1 if code != 0 else 0)
