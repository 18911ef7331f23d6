/// What the word under the cursor is, for a notebook's Shift-Tab and an editor's hover: a
/// column's type as it is at that stage of the pipeline, a table's schema, and the `help` entry
/// of a stage, statement, function or setting. Like completion it binds and reads no rows.
public struct Inspector {
    let session: Session

    public init(session: Session) { self.session = session }

    /// The word around `cursor` (a position in Unicode code points) and where it starts and
    /// ends, or nil when the cursor touches no word.
    public static func word(in code: String, at cursor: Int) -> (word: String, start: Int, end: Int)? {
        let s = Array(code.unicodeScalars)
        func isWordScalar(_ u: Unicode.Scalar) -> Bool {
            u == "_" || u.properties.isAlphabetic || u.properties.numericType != nil
                || (u.value >= 0x300 && u.value <= 0x36F)   // combining marks of decomposed Vietnamese
        }
        let c = min(max(0, cursor), s.count)
        var start = c, end = c
        while start > 0, isWordScalar(s[start - 1]) { start -= 1 }
        while end < s.count, isWordScalar(s[end]) { end += 1 }
        guard start < end else { return nil }
        return (String(String.UnicodeScalarView(s[start..<end])), start, end)
    }

    /// Markdown-free plain text describing the word at `cursor`, or nil.
    public func describe(_ code: String, cursor: Int) -> String? {
        guard let (word, start, _) = Self.word(in: code, at: cursor) else { return nil }
        let before = String(String.UnicodeScalarView(Array(code.unicodeScalars)[..<start]))
        var parts: [String] = []
        let previousWord = Completer.words(before).last
        // A column of the pipeline at this stage (not the table name right after `from`).
        if previousWord != "from", previousWord != "describe",
           let schema = Completer(session: session).schema(before), let k = schema.names.firstIndex(of: word) {
            parts.append("column \(word): \(schema.types[k].rawValue)")
        }
        if session.catalog.names.contains(word), let schema = (try? session.catalog.schema(of: word)) ?? nil {
            parts.append(Self.tableText(word, schema))
        }
        if let help = Help.text(for: word) { parts.append(help) }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }

    /// "table plans: 12 columns" and one line per column with its type.
    static func tableText(_ name: String, _ schema: Schema) -> String {
        let width = schema.names.map(TextWidth.of).max() ?? 0
        return "table \(name): \(TableRenderer.counted(schema.names.count, "column"))\n"
            + zip(schema.names, schema.types).map { n, t in
                "  " + n + String(repeating: " ", count: max(0, width - TextWidth.of(n))) + "  " + t.rawValue
            }.joined(separator: "\n") + "\n"
    }
}
