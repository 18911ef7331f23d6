/// Where the shell gets its lines: the terminal's line editor, a pipe, or a script of lines
/// in tests.
public protocol LineReader: AnyObject {
    /// The next line without its newline; nil at end of input; `Shell.interruptLine` when
    /// Ctrl-C was pressed while typing.
    func readLine(prompt: String) -> String?
    /// Records a complete statement (a no-op for readers without history).
    func addHistory(_ entry: String)
    /// Earlier lines of the statement being typed, for completion.
    func setContext(_ text: String)
    var historyEntries: [String] { get }
}

extension LineReader {
    public func setContext(_ text: String) {}
    public var historyEntries: [String] { [] }
}

/// Lines given up front (tests).
public final class ScriptedLineReader: LineReader {
    var lines: [String]
    public private(set) var history: [String] = []
    public init(_ lines: [String]) { self.lines = lines }
    public func readLine(prompt: String) -> String? { lines.isEmpty ? nil : lines.removeFirst() }
    public func addHistory(_ entry: String) { history.append(entry) }
    public var historyEntries: [String] { history }
}
