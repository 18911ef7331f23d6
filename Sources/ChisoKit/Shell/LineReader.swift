/// Where the shell gets its lines: the terminal's line editor, a pipe, or a script of lines
/// in tests.
public protocol LineReader: AnyObject {
    /// The next line without its newline; nil at end of input.
    func readLine(prompt: String) -> String?
    /// Records a complete statement (a no-op for readers without history).
    func addHistory(_ entry: String)
}

/// Reads plain lines from standard input (no editing, no prompts).
public final class PlainLineReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    public func addHistory(_ entry: String) {}
}

/// Lines given up front (tests).
public final class ScriptedLineReader: LineReader {
    var lines: [String]
    public private(set) var history: [String] = []
    public init(_ lines: [String]) { self.lines = lines }
    public func readLine(prompt: String) -> String? { lines.isEmpty ? nil : lines.removeFirst() }
    public func addHistory(_ entry: String) { history.append(entry) }
}
