import Foundation

/// The interactive loop: read a statement (over several lines when it is incomplete), run it,
/// print the result or the error, and carry on. Errors never end the session; Ctrl-C clears
/// the statement being typed or stops the one running.
public final class Shell {
    /// What a reader returns for Ctrl-C pressed while typing.
    public static let interruptLine = "\u{3}"

    let session: Session
    let reader: LineReader
    let errors: (String) -> Void
    public var prompt = "chiso> "
    public var continuation = "   ...> "
    /// The last pipeline run, so a line starting with `|` can extend it.
    var lastPipeline: String?
    /// Shows text through a pager (the `last` command); prints it when nil.
    public var pager: ((String) -> Void)?

    public init(session: Session, reader: LineReader, errors: @escaping (String) -> Void) {
        self.session = session
        self.reader = reader
        self.errors = errors
        session.extraCommands["history"] = { [unowned self] _ in self.showHistory() }
        session.extraCommands["last"] = { [unowned self] _ in try self.showLast() }
    }

    /// Runs until end of input or `quit`. Returns the number of statements that failed.
    @discardableResult
    public func run() -> Int {
        var failures = 0
        while let entry = readEntry() {
            let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if ["quit", "exit", ".quit", "\\q"].contains(trimmed) { break }
            reader.addHistory(ConnectionString.redacted(entry))
            var text = entry
            if trimmed.hasPrefix("|"), let last = lastPipeline { text = last + "\n" + trimmed }
            Interrupt.clear()
            do {
                try session.run(SourceFile(name: "<shell>", text: text))
                if Completer.words(text).first == "from" { lastPipeline = text }
            } catch let d as Diagnostic {
                errors(d.render())
                failures += 1
            } catch {
                errors("error: \(error)")
                failures += 1
            }
        }
        return failures
    }

    /// One statement: more lines while it is incomplete; nil at end of input.
    func readEntry() -> String? {
        reader.setContext("")
        while true {
            guard var text = reader.readLine(prompt: prompt) else { return nil }
            if text == Self.interruptLine { continue }
            var cancelled = false
            while InputState.needsMore(text) {
                reader.setContext(text)
                guard let more = reader.readLine(prompt: continuation) else { break }
                if more == Self.interruptLine { cancelled = true; break }
                text += "\n" + more
            }
            reader.setContext("")
            if !cancelled { return text }
        }
    }

    func showHistory() {
        let entries = reader.historyEntries
        let width = String(entries.count).count
        var out = ""
        for (i, e) in entries.enumerated() {
            let n = String(i + 1)
            let lines = e.split(separator: "\n", omittingEmptySubsequences: false)
            out += String(repeating: " ", count: width - n.count) + n + "  " + lines[0] + "\n"
            for l in lines.dropFirst() { out += String(repeating: " ", count: width + 2) + l + "\n" }
        }
        session.present(.text(out), session.options)
    }

    /// The whole previous result, every row and column, through the pager.
    func showLast() throws {
        guard let t = session.lastResult else {
            throw Diagnostic(.name, "no result yet", hint: "run a query first, e.g. from targets | take 5")
        }
        var all = session.options
        all.maxRows = Int.max
        all.maxWidth = Int.max
        all.maxColumnWidth = 200
        if let pager { pager(ResultRenderer.render(.table(t), all)) } else { session.present(.table(t), all) }
    }
}
