import Foundation

/// `chiso lsp`: a language server (LSP 3.17) over standard input and output for editors (VS
/// Code, Neovim, Emacs). Everything it says comes from the parts the shell and `chiso check`
/// use — diagnostics from `Session.check` (so they equal `chiso check`'s), completion from
/// `Completer`, hover from `Inspector` and `help` — on a fresh session per request, so nothing a
/// document declares leaks into another. It binds and reads no rows: a CSV in the catalog costs
/// its header.
///
/// Text is synchronised whole (TextDocumentSyncKind.Full; a script is small). Positions are
/// UTF-16 code units, the protocol's default, over the document's NFC text.
public final class LanguageServer {
    /// A session with the catalog the editor's scripts run against (`--data`, $CHISO_DATA).
    let makeSession: () -> Session
    var transport: LSPTransport
    var documents: [String: String] = [:]
    var shutdownRequested = false

    public init(input: Int32 = 0, write: @escaping (String) -> Void, makeSession: @escaping () -> Session) {
        self.makeSession = makeSession
        self.transport = LSPTransport(input: input, write: write)
    }

    /// Serves until `exit` (or the end of input); returns the exit status the protocol asks
    /// for: 0 after a `shutdown` request, 1 otherwise.
    public func serve() -> Int32 {
        while let message = transport.next() {
            let method = message["method"] as? String ?? ""
            let id = message["id"]
            let params = message["params"] as? [String: Any] ?? [:]
            if method == "exit" { return shutdownRequested ? 0 : 1 }
            guard !method.isEmpty else {
                if id != nil || message.isEmpty { respondError(id ?? NSNull(), -32700, "not a JSON-RPC message") }
                continue
            }
            if let id {
                if shutdownRequested && method != "shutdown" {
                    respondError(id, -32600, "the server is shutting down")
                    continue
                }
                switch method {
                case "initialize": respond(id, initializeResult())
                case "shutdown": shutdownRequested = true; respond(id, NSNull())
                case "textDocument/completion": respond(id, completion(params))
                case "textDocument/hover": respond(id, hover(params) ?? NSNull())
                case "textDocument/definition": respond(id, definition(params) ?? NSNull())
                case "textDocument/documentSymbol": respond(id, documentSymbols(params))
                default: respondError(id, -32601, "chiso's language server does not handle \(method)")
                }
            } else {
                switch method {
                case "textDocument/didOpen":
                    let doc = params["textDocument"] as? [String: Any] ?? [:]
                    if let uri = doc["uri"] as? String, let text = doc["text"] as? String { opened(uri, text) }
                case "textDocument/didChange":
                    let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String
                    let changes = params["contentChanges"] as? [[String: Any]] ?? []
                    if let uri, let text = changes.last?["text"] as? String { opened(uri, text) }
                case "textDocument/didClose":
                    if let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String {
                        documents[uri] = nil
                        notify("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": []])
                    }
                default: break   // initialized, $/cancelRequest, didSave…: nothing to do
                }
            }
        }
        return shutdownRequested ? 0 : 1
    }

    func initializeResult() -> [String: Any] {
        [
            "capabilities": [
                "positionEncoding": "utf-16",
                "textDocumentSync": ["openClose": true, "change": 1],
                "completionProvider": ["triggerCharacters": ["|", "$", "\"", "/"]],
                "hoverProvider": true,
                "definitionProvider": true,
                "documentSymbolProvider": true,
            ] as [String: Any],
            "serverInfo": ["name": "chiso", "version": "0.1.0"],
        ]
    }

    // MARK: diagnostics

    func opened(_ uri: String, _ text: String) {
        documents[uri] = text
        notify("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": diagnostics(uri, text)])
    }

    /// Every error `chiso check` reports for the document, each with its range and hint.
    func diagnostics(_ uri: String, _ text: String) -> [[String: Any]] {
        let path = Self.path(uri)
        let source = SourceFile(name: path, text: text)
        let session = makeSession()
        let problems = session.inFolder(of: path) { session.check(source) }
        let positions = DocumentPositions(source)
        return problems.map { d in
            var message = d.message
            if let hint = d.hint { message += "\nhint: " + hint }
            return ["range": positions.range(d.span), "severity": 1, "source": "chiso", "code": "\(d.kind.rawValue) error", "message": message]
        }
    }

    // MARK: completion and hover

    /// The document, the byte offset of the request's position, and a session in which every
    /// statement before the one at the cursor has been checked (so its `let` names, loads and
    /// params are known, as they are when that statement runs).
    func context(_ params: [String: Any]) -> (source: SourceFile, start: Int, statement: String, cursor: Int, session: Session)? {
        guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
              let text = documents[uri], let pos = params["position"] as? [String: Any],
              let line = pos["line"] as? Int, let character = pos["character"] as? Int else { return nil }
        let path = Self.path(uri)
        let source = SourceFile(name: path, text: text)
        let offset = DocumentPositions(source).offset(line: line, character: character)
        let start = Self.statementStart(source.bytes, before: offset)
        let session = makeSession()
        let earlier = SourceFile(name: path, text: String(decoding: source.bytes[..<start], as: UTF8.self))
        // The script's folder, as when it runs: its relative paths and the files completion lists.
        session.workingDirectory = session.inFolder(of: path) { session.workingDirectory }
        _ = session.check(earlier)
        let statementEnd = Self.statementEnd(source.bytes, from: offset)
        let statement = String(decoding: source.bytes[start..<statementEnd], as: UTF8.self)
        return (source, start, statement, offset - start, session)
    }

    /// Where the statement holding `offset` starts, by the shell's continuation rule read from
    /// the top: a line starts a statement unless the text since the last start still needs more
    /// (an open bracket or string, a trailing `|`) or the line itself starts with `|`.
    static func statementStart(_ bytes: [UInt8], before offset: Int) -> Int {
        var start = 0, lineStart = 0
        let limit = min(offset, bytes.count)
        while lineStart <= limit {
            let line = String(decoding: bytes[lineStart..<lineEnd(bytes, from: lineStart)], as: UTF8.self)
            let pending = String(decoding: bytes[start..<lineStart], as: UTF8.self)
            if !line.trimmingCharacters(in: .whitespaces).hasPrefix("|"),
               pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !InputState.needsMore(pending) {
                start = lineStart
            }
            let end = lineEnd(bytes, from: lineStart)
            if end >= bytes.count { break }
            lineStart = end + 1
        }
        return start
    }

    static func lineEnd(_ bytes: [UInt8], from o: Int) -> Int {
        var i = o
        while i < bytes.count && bytes[i] != 10 { i += 1 }
        return i
    }

    /// The end of the statement holding `offset` for what the cursor needs: its line and the
    /// lines after it that start with `|`.
    static func statementEnd(_ bytes: [UInt8], from offset: Int) -> Int {
        var end = lineEnd(bytes, from: min(offset, bytes.count))
        while end < bytes.count {
            let next = lineEnd(bytes, from: end + 1)
            let line = String(decoding: bytes[(end + 1)..<next], as: UTF8.self)
            guard line.trimmingCharacters(in: .whitespaces).hasPrefix("|") else { break }
            end = next
        }
        return end
    }

    func completion(_ params: [String: Any]) -> [String: Any] {
        guard let c = context(params) else { return ["isIncomplete": false, "items": []] }
        let labels = Completer(session: c.session).candidates(c.statement, cursor: c.cursor)
        let keywords = Set(Parser.statementKeywords + Parser.commandKeywords + Parser.stageKeywords)
        let functions = Set(ScalarFunction.all.map(\.name) + AggregateFunction.all.map(\.name))
        let tables = Set(c.session.catalog.namesAndAliases)
        let items: [[String: Any]] = labels.map { label in
            // CompletionItemKind: Keyword 14, Function 3, Class 7 (a table), Field 5 (a column).
            let kind = keywords.contains(label) ? 14 : functions.contains(label) ? 3 : tables.contains(label) ? 7 : 5
            var item: [String: Any] = ["label": label, "kind": kind]
            if kind == 14 || kind == 3, let help = Help.text(for: label) { item["documentation"] = help }
            return item
        }
        return ["isIncomplete": false, "items": items]
    }

    func hover(_ params: [String: Any]) -> [String: Any]? {
        guard let c = context(params) else { return nil }
        let before = String(decoding: Array(c.statement.utf8)[..<c.cursor], as: UTF8.self)
        let cursor = before.unicodeScalars.count
        guard let text = Inspector(session: c.session).describe(c.statement, cursor: cursor),
              let word = Inspector.word(in: c.statement, at: cursor) else { return nil }
        let scalars = Array(c.statement.unicodeScalars)
        let startByte = String(String.UnicodeScalarView(scalars[..<word.start])).utf8.count
        let endByte = String(String.UnicodeScalarView(scalars[..<word.end])).utf8.count
        return ["contents": ["kind": "plaintext", "value": text],
                "range": DocumentPositions(c.source).range(Span(c.start + startByte, c.start + endByte))]
    }

    // MARK: definitions and symbols

    /// The names a document defines: `let`, `param`, `load … as`, `read plan … as`.
    func definitions(_ source: SourceFile) -> [(name: Name, kind: Int, span: Span)] {
        let (statements, _) = Parser.parseRecovering(source)
        return statements.compactMap { s in
            // SymbolKind: Variable 13, Constant 14, File 1.
            switch s {
            case .bind(let n, _): return (n, 13, s.span)
            case .param(let n, _, _): return (n, 14, s.span)
            case .load(_, _, let n?, _, _, _), .readPlan(_, _, _, _, let n?, _): return (n, 1, s.span)
            default: return nil
            }
        }
    }

    func definition(_ params: [String: Any]) -> [String: Any]? {
        guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
              let text = documents[uri], let pos = params["position"] as? [String: Any],
              let line = pos["line"] as? Int, let character = pos["character"] as? Int else { return nil }
        let source = SourceFile(name: Self.path(uri), text: text)
        let positions = DocumentPositions(source)
        let offset = positions.offset(line: line, character: character)
        let cursor = String(decoding: source.bytes[..<offset], as: UTF8.self).unicodeScalars.count
        guard var word = Inspector.word(in: source.text, at: cursor)?.word else { return nil }
        if word.hasPrefix("$") { word.removeFirst() }
        // The last definition before the use (a name defined twice means the nearer one).
        let defs = definitions(source).filter { $0.name.text == word }
        guard let target = defs.last(where: { $0.name.span.start <= offset }) ?? defs.first else { return nil }
        return ["uri": uri, "range": positions.range(target.name.span)]
    }

    func documentSymbols(_ params: [String: Any]) -> [[String: Any]] {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri] else { return [] }
        let source = SourceFile(name: Self.path(uri), text: text)
        let positions = DocumentPositions(source)
        return definitions(source).map { d in
            ["name": d.name.text, "kind": d.kind, "range": positions.range(d.span), "selectionRange": positions.range(d.name.span)]
        }
    }

    // MARK: messages

    func respond(_ id: Any, _ result: Any) { transport.send(["jsonrpc": "2.0", "id": id, "result": result]) }

    func respondError(_ id: Any, _ code: Int, _ message: String) {
        transport.send(["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]])
    }

    func notify(_ method: String, _ params: [String: Any]) { transport.send(["jsonrpc": "2.0", "method": method, "params": params]) }

    /// A file URI's path (percent-decoded); another scheme's text as it is.
    static func path(_ uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        let rest = String(uri.dropFirst("file://".count))
        return rest.removingPercentEncoding ?? rest
    }
}
