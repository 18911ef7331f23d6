/// The interactive loop: read a statement (over several lines when it is incomplete), run it,
/// print the result or the error, and carry on. Errors never end the session.
public final class Shell {
    let session: Session
    let reader: LineReader
    let errors: (String) -> Void
    public var prompt = "chiso> "
    public var continuation = "   ...> "
    /// The last pipeline run, so a line starting with `|` can extend it.
    var lastPipeline: String?

    public init(session: Session, reader: LineReader, errors: @escaping (String) -> Void) {
        self.session = session
        self.reader = reader
        self.errors = errors
    }

    /// Runs until end of input or `quit`. Returns the number of statements that failed.
    @discardableResult
    public func run() -> Int {
        var failures = 0
        while let entry = readEntry() {
            let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed == "quit" || trimmed == "exit" || trimmed == ".quit" { break }
            reader.addHistory(entry)
            var text = entry
            if trimmed.hasPrefix("|"), let last = lastPipeline { text = last + "\n" + trimmed }
            do {
                try session.run(SourceFile(name: "<shell>", text: text))
                if text.trimmingCharacters(in: .whitespaces).hasPrefix("from") { lastPipeline = text }
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

    func readEntry() -> String? {
        guard var text = reader.readLine(prompt: prompt) else { return nil }
        while InputState.needsMore(text) {
            guard let more = reader.readLine(prompt: continuation) else { break }
            text += "\n" + more
        }
        return text
    }
}

import Foundation
