/// A pull reader for the XML parts of Office files: elements, attributes and text; comments,
/// processing instructions and the DOCTYPE are skipped, CDATA is text.
///
/// Why not Foundation's `XMLParser`: a worksheet is millions of tiny elements, and `XMLParser`
/// makes a `String` for every name and a dictionary for every element's attributes before chiso
/// sees it. Measured on the 93 MB sheet of `Scripts/bench`'s 200,000 × 10 workbook: walking it
/// with `XMLParser` and an empty delegate took 2.07 s; chiso's whole load of that workbook takes
/// 1.5 s, of which this scanner is about a fifth (perf). Here a cell's number is
/// parsed straight from the bytes, and only the attributes asked for are read.
final class XMLScanner {
    enum Event: Equatable { case start, end, text, eof }

    private let base: UnsafeMutablePointer<UInt8>
    private let count: Int
    private var pos = 0
    /// The current element's name (local part, after any `prefix:`), or the text's bytes.
    private(set) var slice: Range<Int> = 0..<0
    /// The attribute bytes of the current start tag.
    private var attributeRange: Range<Int> = 0..<0
    /// `<x/>`: a start whose end event comes next without reading.
    private var pendingEnd = false
    private var textNeedsDecoding = false

    /// Whether `_xHHHH_` in text is an escape (spreadsheet parts), or literal text (Word).
    let spreadsheetEscapes: Bool

    init(_ bytes: [UInt8], spreadsheetEscapes: Bool = true) {
        self.spreadsheetEscapes = spreadsheetEscapes
        count = bytes.count
        base = .allocate(capacity: max(1, count))
        bytes.withUnsafeBufferPointer { b in if let a = b.baseAddress { base.initialize(from: a, count: count) } }
    }

    deinit { base.deallocate() }

    struct Malformed: Error { let offset: Int; let reason: String }

    /// The next event; text that is only whitespace between elements is still reported.
    func next() throws -> Event {
        if pendingEnd { pendingEnd = false; return .end }
        guard pos < count else { return .eof }
        if base[pos] != UInt8(ascii: "<") {
            let start = pos
            var amp = false
            while pos < count && base[pos] != UInt8(ascii: "<") {
                if base[pos] == UInt8(ascii: "&") || base[pos] == UInt8(ascii: "_") { amp = true }
                pos += 1
            }
            slice = start..<pos
            textNeedsDecoding = amp
            return .text
        }
        // '<' …
        guard pos + 1 < count else { throw Malformed(offset: pos, reason: "the document ends inside a tag") }
        switch base[pos + 1] {
        case UInt8(ascii: "?"):
            try skip(past: "?>")
            return try next()
        case UInt8(ascii: "!"):
            if matches("<![CDATA[", at: pos) {
                let start = pos + 9
                try skip(past: "]]>")
                slice = start..<(pos - 3)
                textNeedsDecoding = false
                return .text
            }
            if matches("<!--", at: pos) { try skip(past: "-->") } else { try skip(past: ">") }
            return try next()
        case UInt8(ascii: "/"):
            pos += 2
            let nameStart = pos
            while pos < count && base[pos] != UInt8(ascii: ">") { pos += 1 }
            guard pos < count else { throw Malformed(offset: nameStart, reason: "an end tag is not closed") }
            slice = localName(nameStart..<trimEnd(nameStart, pos))
            pos += 1
            return .end
        default:
            pos += 1
            let nameStart = pos
            while pos < count, !isSpace(base[pos]), base[pos] != UInt8(ascii: ">"), base[pos] != UInt8(ascii: "/") { pos += 1 }
            slice = localName(nameStart..<pos)
            let attrStart = pos
            // Attribute values may hold '>' inside quotes.
            var quote: UInt8 = 0
            while pos < count {
                let c = base[pos]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 34 || c == 39 { quote = c } else if c == UInt8(ascii: ">") { break }
                pos += 1
            }
            guard pos < count else { throw Malformed(offset: nameStart, reason: "a start tag is not closed") }
            let selfClosing = pos > attrStart && base[pos - 1] == UInt8(ascii: "/")
            attributeRange = attrStart..<(selfClosing ? pos - 1 : pos)
            pos += 1
            pendingEnd = selfClosing
            return .start
        }
    }

    /// Whether the current element's local name is `name`.
    func named(_ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard slice.count == n else { return false }
        let p = name.utf8Start
        for i in 0..<n where base[slice.lowerBound + i] != p[i] { return false }
        return true
    }

    /// The value of the current start tag's attribute `name` (matched with or without a prefix).
    func attribute(_ name: StaticString) -> String? {
        attributeBytes(name).map { decode($0) }
    }

    /// The raw bytes of an attribute's value (for numbers and cell references: no entities).
    func attributeBytes(_ name: StaticString) -> Range<Int>? {
        let n = name.utf8CodeUnitCount
        let p = name.utf8Start
        var i = attributeRange.lowerBound
        let end = attributeRange.upperBound
        while i < end {
            while i < end && isSpace(base[i]) { i += 1 }
            let keyStart = i
            while i < end && base[i] != UInt8(ascii: "=") && !isSpace(base[i]) { i += 1 }
            let key = localName(keyStart..<i)
            while i < end && base[i] != 34 && base[i] != 39 { i += 1 }
            guard i < end else { return nil }
            let q = base[i]
            i += 1
            let valueStart = i
            while i < end && base[i] != q { i += 1 }
            let value = valueStart..<min(i, end)
            i += 1
            if key.count == n && (0..<n).allSatisfy({ base[key.lowerBound + $0] == p[$0] }) { return value }
        }
        return nil
    }

    /// The current text, entities and `_xHHHH_` escapes decoded.
    var text: String { textNeedsDecoding ? decode(slice) : String(decoding: UnsafeBufferPointer(start: base + slice.lowerBound, count: slice.count), as: UTF8.self) }

    /// Calls `body` with the bytes of `range` (valid only during the call).
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        body(base + range.lowerBound, range.count)
    }

    var textRange: Range<Int> { slice }

    /// Skips to the end of the current element (after a start event).
    func skipElement() throws {
        var depth = 1
        while depth > 0 {
            switch try next() {
            case .start: depth += 1
            case .end: depth -= 1
            case .text: break
            case .eof: return
            }
        }
    }

    // MARK: - Decoding

    /// XML entities (`&amp;`, `&#233;`, `&#xE9;`) and OOXML's `_xHHHH_` escapes for characters
    /// XML cannot hold (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
    func decode(_ r: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            let c = base[i]
            if c == UInt8(ascii: "&"), let semi = (i..<min(r.upperBound, i + 12)).first(where: { base[$0] == UInt8(ascii: ";") }) {
                let name = String(decoding: UnsafeBufferPointer(start: base + i + 1, count: semi - i - 1), as: UTF8.self)
                if let scalar = Self.entity(name) {
                    TextEncoding.appendUTF8(scalar, to: &out)
                    i = semi + 1
                    continue
                }
            }
            if spreadsheetEscapes, c == UInt8(ascii: "_"), i + 6 < r.upperBound, base[i + 1] == UInt8(ascii: "x"), base[i + 6] == UInt8(ascii: "_") {
                let hex = String(decoding: UnsafeBufferPointer(start: base + i + 2, count: 4), as: UTF8.self)
                if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) {
                    TextEncoding.appendUTF8(s, to: &out)
                    i += 7
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func entity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let v = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return v.flatMap(Unicode.Scalar.init)
        }
    }

    // MARK: - Helpers

    private func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    private func trimEnd(_ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start && isSpace(base[e - 1]) { e -= 1 }
        return e
    }

    private func localName(_ r: Range<Int>) -> Range<Int> {
        var i = r.upperBound
        while i > r.lowerBound { if base[i - 1] == UInt8(ascii: ":") { return i..<r.upperBound }; i -= 1 }
        return r
    }

    private func matches(_ s: StaticString, at i: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= count else { return false }
        return (0..<n).allSatisfy { base[i + $0] == s.utf8Start[$0] }
    }

    private func skip(past terminator: StaticString) throws {
        let start = pos
        while pos < count {
            if matches(terminator, at: pos) { pos += terminator.utf8CodeUnitCount; return }
            pos += 1
        }
        throw Malformed(offset: start, reason: "a markup section is not closed")
    }
}
