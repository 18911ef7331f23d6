/// An error as a value: what went wrong, where, and what might fix it.
///
/// Errors are created where they are detected (lexer, parser, binder, executor, CSV reader)
/// and rendered in one place (`render(_:)`), so every layer reports positions the same way.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case syntax, name, type, runtime, data, io, usage }

    public var kind: Kind
    public var message: String
    /// Where in the chiso source; nil for errors that have no source position.
    public var span: Span?
    public var source: SourceFile?
    /// A position in a data file (CSV line:column) when the error is about the data.
    public var dataLocation: DataLocation?
    public var hint: String?

    public init(_ kind: Kind, _ message: String, at span: Span? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.span = span
        self.hint = hint
    }

    /// Attaches the source the span refers to (done by the session, which owns the source).
    public func inSource(_ file: SourceFile) -> Diagnostic {
        var d = self
        if d.source == nil { d.source = file }
        return d
    }

    public var description: String { render() }

    /// `file:line:col: error: message`, the source line, a caret under the span and the hint.
    public func render() -> String {
        // A file name, a sheet name or a CSV header quoted in a message is shown, never obeyed.
        let message = TableRenderer.visible(self.message, keepLines: true)
        let hint = self.hint.map { TableRenderer.visible($0, keepLines: true) }
        var out: [String] = []
        if let loc = dataLocation {
            out.append("\(loc.file):\(loc.line):\(loc.column): error: \(message)")
        }
        if let source, let span {
            let (line, col) = source.location(of: span.start)
            if dataLocation == nil {
                out.append("\(source.name):\(line):\(col): error: \(message)")
            } else {
                out.append("  while running \(source.name):\(line):\(col)")
            }
            out.append(contentsOf: caretLines(source: source, span: span))
        } else if dataLocation == nil {
            out.append("error: \(message)")
        }
        if let hint { out.append("  hint: \(hint)") }
        return out.joined(separator: "\n")
    }

    /// The source line and a caret line, both prefixed with a gutter; the caret spans the
    /// first line of the span, measured in terminal cells so it sits under Vietnamese text.
    private func caretLines(source: SourceFile, span: Span) -> [String] {
        let lineIndex = source.lineIndex(of: span.start)
        let text = TableRenderer.visible(source.lineText(lineIndex), keepLines: true)
        let lineStart = source.lineStart(lineIndex)
        let textBytes = Array(source.lineText(lineIndex).utf8)
        let startInLine = min(span.start - lineStart, textBytes.count)
        let endInLine = min(max(span.end - lineStart, startInLine), textBytes.count)
        let before = TableRenderer.visible(String(decoding: textBytes[..<startInLine], as: UTF8.self), keepLines: true)
        let under = TableRenderer.visible(String(decoding: textBytes[startInLine..<endInLine], as: UTF8.self), keepLines: true)
        let gutter = String(lineIndex + 1)
        let pad = String(repeating: " ", count: gutter.count)
        let caretCount = max(1, TextWidth.of(under))
        return [
            " \(gutter) | \(text)",
            " \(pad) | " + String(repeating: " ", count: TextWidth.of(before))
                + String(repeating: "^", count: caretCount),
        ]
    }
}

/// A position inside a data file, 1-based.
public struct DataLocation: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }
}

/// Suggests the closest candidate to a misspelt name (Levenshtein distance on characters,
/// case- and diacritic-insensitive), for "did you mean" hints.
public enum NameSuggestion {
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(Fold.fold(name))
        var best: (String, Int)?
        for c in candidates {
            let d = distance(target, Array(Fold.fold(c)))
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (word, d) = best else { return nil }
        return d <= max(2, target.count / 3) ? word : nil
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit (optimal string
    /// alignment), so "medain" is one edit from "median" and two from "mean"; on a tie the
    /// candidate with more letters in common wins (see `closest`).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// "did you mean 'x'?" or nil.
    public static func hint(for name: String, in candidates: [String]) -> String? {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }
}
