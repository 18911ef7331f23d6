/// Turns source bytes into tokens.
///
/// Newlines are tokens only outside brackets, so `group k { … }` and `in (…)` may span lines
/// while a newline at top level ends a statement (unless the next line starts with `|`,
/// which the parser handles).
public struct Lexer {
    let source: SourceFile

    public init(_ source: SourceFile) { self.source = source }

    public func tokenize() throws -> [Token] {
        let b = source.bytes
        var tokens: [Token] = []
        var i = 0, depth = 0
        let n = b.count
        func peek(_ k: Int) -> UInt8 { i + k < n ? b[i + k] : 0 }
        while i < n {
            let c = b[i]
            // White space and comments.
            if c == 32 || c == 9 || c == 13 { i += 1; continue }
            if c == 10 {
                // A line ending in ',' (a list goes on) continues, like one inside brackets.
                let continues = tokens.last.map { $0.isSymbol(",") } ?? false
                if depth == 0 && !continues { tokens.append(Token(kind: .newline, span: Span(i, i + 1))) }
                i += 1; continue
            }
            if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                while i < n && b[i] != 10 { i += 1 }
                continue
            }
            let start = i
            // Strings: "…" or '…' with \" \\ \n \t escapes.
            if c == 34 || c == 39 {
                let quote = c
                i += 1
                var out: [UInt8] = []
                var closed = false
                while i < n {
                    let d = b[i]
                    if d == quote { closed = true; i += 1; break }
                    if d == 10 { break }
                    if d == 92 && i + 1 < n {
                        let e = b[i + 1]
                        switch e {
                        case UInt8(ascii: "n"): out.append(10)
                        case UInt8(ascii: "t"): out.append(9)
                        case 92, 34, 39: out.append(e)
                        default:
                            throw Diagnostic(.syntax, "unknown escape '\\\(Character(Unicode.Scalar(e)))' in string",
                                             at: Span(i, i + 2), hint: "use \\\" \\\\ \\n or \\t").inSource(source)
                        }
                        i += 2; continue
                    }
                    out.append(d); i += 1
                }
                if !closed {
                    throw Diagnostic(.syntax, "unterminated string", at: Span(start, i),
                                     hint: "close it with \(quote == 34 ? "\"" : "'") on the same line").inSource(source)
                }
                tokens.append(Token(kind: .string(String(decoding: out, as: UTF8.self)), span: Span(start, i)))
                continue
            }
            // Quoted identifiers: `tên cột`.
            if c == UInt8(ascii: "`") {
                i += 1
                while i < n && b[i] != UInt8(ascii: "`") && b[i] != 10 { i += 1 }
                guard i < n && b[i] == UInt8(ascii: "`") else {
                    throw Diagnostic(.syntax, "unterminated quoted name", at: Span(start, i),
                                     hint: "close it with `").inSource(source)
                }
                i += 1
                tokens.append(Token(kind: .identifier(String(decoding: b[(start + 1)..<(i - 1)], as: UTF8.self)),
                                    span: Span(start, i)))
                continue
            }
            // Numbers: 12, 3.5, 1e6, 2.5e-3.
            if c >= 48 && c <= 57 || (c == UInt8(ascii: ".") && peek(1) >= 48 && peek(1) <= 57) {
                var isFloat = false
                while i < n && b[i] >= 48 && b[i] <= 57 { i += 1 }
                if i < n && b[i] == UInt8(ascii: ".") && peek(1) >= 48 && peek(1) <= 57 {
                    isFloat = true; i += 1
                    while i < n && b[i] >= 48 && b[i] <= 57 { i += 1 }
                }
                if i < n && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
                    var j = i + 1
                    if j < n && (b[j] == 43 || b[j] == 45) { j += 1 }
                    if j < n && b[j] >= 48 && b[j] <= 57 {
                        isFloat = true; i = j
                        while i < n && b[i] >= 48 && b[i] <= 57 { i += 1 }
                    }
                }
                let text = String(decoding: b[start..<i], as: UTF8.self)
                if isFloat {
                    tokens.append(Token(kind: .float(Double(text)!), span: Span(start, i)))
                } else if let v = Int64(text) {
                    tokens.append(Token(kind: .integer(v), span: Span(start, i)))
                } else {
                    throw Diagnostic(.syntax, "integer literal \(text) is too large", at: Span(start, i),
                                     hint: "integers are 64-bit (up to 9223372036854775807); write \(text).0 for a float").inSource(source)
                }
                continue
            }
            // Parameters: $name.
            if c == UInt8(ascii: "$") && i + 1 < n && isIdentStart(b, i + 1) {
                i += 1
                while i < n && (isIdentStart(b, i) || (b[i] >= 48 && b[i] <= 57) || isMark(b, i)) { i += scalarLength(b[i]) }
                tokens.append(Token(kind: .parameter(String(decoding: b[(start + 1)..<i], as: UTF8.self)), span: Span(start, i)))
                continue
            }
            // Identifiers: letters (any script), digits, underscore.
            if isIdentStart(b, i) {
                while i < n && (isIdentStart(b, i) || (b[i] >= 48 && b[i] <= 57) || isMark(b, i)) {
                    i += scalarLength(b[i])
                }
                let word = String(decoding: b[start..<i], as: UTF8.self)
                tokens.append(Token(kind: .identifier(word), span: Span(start, i)))
                continue
            }
            // Symbols.
            let two = i + 1 < n ? String(decoding: b[i...(i + 1)], as: UTF8.self) : ""
            if ["==", "!=", "<=", ">=", "<>", "=>", "&&", "||"].contains(two) {
                tokens.append(Token(kind: .symbol(two == "<>" ? "!=" : two), span: Span(i, i + 2)))
                i += 2; continue
            }
            let one = Character(Unicode.Scalar(c))
            // '.' joins the parts of a database table's name: pg.public.persons.
            if "|,(){}=<>+-*/%;.^:".contains(one) {
                if c == 40 || c == 123 { depth += 1 }
                if (c == 41 || c == 125) && depth > 0 { depth -= 1 }
                tokens.append(Token(kind: .symbol(String(one)), span: Span(i, i + 1)))
                i += 1; continue
            }
            // Anything else: report the whole character (it may be several bytes).
            var end = i + 1
            while end < n && b[end] & 0xC0 == 0x80 { end += 1 }
            let bad = String(decoding: b[i..<end], as: UTF8.self)
            let hints = ["\u{201C}": "use straight quotes \" for strings", "\u{201D}": "use straight quotes \" for strings",
                         "!": "chiso writes 'not': where not (x > 1); '!=' is 'not equal'", "&": "chiso writes 'and': where a > 1 and b < 2",
                         "'": "strings use double quotes: \"Nghệ An\"", "[": "lists use parentheses: x in (1, 2, 3)"]
            throw Diagnostic(.syntax, "unexpected character '\(bad)'", at: Span(i, end), hint: hints[bad]).inSource(source)
        }
        tokens.append(Token(kind: .end, span: Span(n, n)))
        return tokens
    }

    private func isIdentStart(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        if c < 0x80 { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
        return scalar(b, i)?.properties.isAlphabetic ?? false
    }

    /// Combining marks continue a name (input is NFC, but a mark may still follow a letter).
    private func isMark(_ b: [UInt8], _ i: Int) -> Bool {
        guard b[i] >= 0x80, let s = scalar(b, i) else { return false }
        return s.properties.generalCategory == .nonspacingMark
    }

    private func scalarLength(_ c: UInt8) -> Int {
        c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
    }

    private func scalar(_ b: [UInt8], _ i: Int) -> Unicode.Scalar? {
        let len = scalarLength(b[i])
        guard i + len <= b.count else { return nil }
        return String(decoding: b[i..<(i + len)], as: UTF8.self).unicodeScalars.first
    }
}
