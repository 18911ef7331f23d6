import Foundation

/// Reads JSON records (RFC 8259) from bytes, keeping each object's keys in the file's order and
/// locating every error by line and column. A file is an array of objects, or objects one per
/// line (newline-delimited JSON; any whitespace between objects is accepted).
struct JSONRecordParser {
    let bytes: [UInt8]
    let shown: String
    var i = 0
    /// Nesting is bounded so a hostile file cannot exhaust the stack.
    var depth = 0

    init(bytes: [UInt8], shown: String) {
        self.bytes = bytes
        self.shown = shown
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    mutating func records() throws -> [JSONFormat.Record] {
        skipSpace()
        guard i < bytes.count else {
            throw Diagnostic(.data, "\(shown) is empty", hint: "a JSON table is an array of records: [{\"year\": 2024, \"value\": 1.5}]")
        }
        var out: [JSONFormat.Record] = []
        if bytes[i] == UInt8(ascii: "[") {
            i += 1
            skipSpace()
            if peek(UInt8(ascii: "]")) { i += 1 } else {
                while true {
                    out.append(try record())
                    skipSpace()
                    if peek(UInt8(ascii: ",")) { i += 1; continue }
                    try expect(UInt8(ascii: "]"), "',' or ']' after a record")
                    break
                }
            }
            skipSpace()
            if i < bytes.count { throw fail("text after the array's closing ']'") }
        } else if bytes[i] == UInt8(ascii: "{") {
            while i < bytes.count {
                out.append(try record())
                skipSpace()
            }
        } else {
            throw fail("a JSON table starts with '[' (an array of records) or '{' (one record per line)")
        }
        return out
    }

    mutating func record() throws -> JSONFormat.Record {
        skipSpace()
        guard peek(UInt8(ascii: "{")) else { throw fail("expected a record, an object in braces { … }") }
        i += 1
        var fields: JSONFormat.Record = []
        var seen = Set<String>()
        skipSpace()
        if peek(UInt8(ascii: "}")) { i += 1; return fields }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw fail("expected a key in quotes") }
            let at = i
            let key = try string()
            guard seen.insert(key).inserted else { i = at; throw fail("the key \"\(key)\" appears twice in one record") }
            skipSpace()
            try expect(UInt8(ascii: ":"), "':' after a key")
            fields.append((key, try item()))
            skipSpace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}' in a record")
            return fields
        }
    }

    /// A value inside a record: scalars as cells, objects and arrays as their compact JSON.
    mutating func item() throws -> JSONFormat.Item {
        skipSpace()
        guard i < bytes.count else { throw fail("the file ends inside a record") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return .text(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .nested(try nested())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        default: return try number()
        }
    }

    mutating func nested() throws -> String {
        depth += 1
        defer { depth -= 1 }
        guard depth < 256 else { throw fail("values nested more than 256 deep") }
        let open = bytes[i]
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        i += 1
        var parts: [String] = []
        skipSpace()
        if peek(close) { i += 1; return open == UInt8(ascii: "{") ? "{}" : "[]" }
        while true {
            skipSpace()
            if open == UInt8(ascii: "{") {
                guard peek(UInt8(ascii: "\"")) else { throw fail("expected a key in quotes") }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                parts.append(TableRenderer.jsonString(key) + ":" + (try item()).json)
            } else {
                parts.append((try item()).json)
            }
            skipSpace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            try expect(close, "',' or '\(Character(Unicode.Scalar(close)))'")
            break
        }
        return String(Character(Unicode.Scalar(open))) + parts.joined(separator: ",") + String(Character(Unicode.Scalar(close)))
    }

    mutating func number() throws -> JSONFormat.Item {
        let start = i
        if peek(UInt8(ascii: "-")) { i += 1 }
        var integral = true
        while i < bytes.count {
            let b = bytes[i]
            if b >= 48 && b <= 57 { i += 1 } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                || ((b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && i > start) { integral = false; i += 1 } else { break }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard i > start, text != "-" else { i = start; throw fail("expected a value: a number, text in quotes, true, false, null, an object or an array") }
        if integral, let v = Int64(text) { return .int(v) }
        guard let d = Double(text), d.isFinite, text.first != "." else { i = start; throw fail("'\(text)' is not a JSON number") }
        return .float(d)
    }

    mutating func string() throws -> String {
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if b < 0x20 { throw fail("a control character inside text (write it as \\n or \\t)") }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                i += 1
                switch bytes[i] {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(bytes[i])
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00, i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    out += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: throw fail("'\\\(Character(Unicode.Scalar(bytes[i])))' is not a JSON escape")
                }
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        i = start
        throw fail("text in quotes is not closed")
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 < bytes.count, let v = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16) else {
            throw fail("\\u needs four hex digits")
        }
        i += 4
        return v
    }

    mutating func word(_ w: String) throws {
        let b = Array(w.utf8)
        guard bytes.count >= i + b.count, Array(bytes[i..<(i + b.count)]) == b else {
            throw fail("expected a value: a number, text in quotes, true, false, null, an object or an array")
        }
        i += b.count
    }

    func peek(_ b: UInt8) -> Bool { i < bytes.count && bytes[i] == b }

    mutating func expect(_ b: UInt8, _ what: String) throws {
        guard peek(b) else { throw fail(i < bytes.count ? "expected \(what)" : "the file ends where \(what) was expected") }
        i += 1
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    /// "f.json:3:14: expected ',' or '}' in a record", counted in characters, as an editor shows.
    func fail(_ message: String) -> Diagnostic {
        let upTo = bytes[..<min(i, bytes.count)]
        let line = upTo.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        let lineStart = upTo.lastIndex(of: 10).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(i, bytes.count)], as: UTF8.self).count + 1
        return Diagnostic(.data, "\(shown):\(line):\(column): \(message)",
                          hint: "a JSON table is an array of objects, [{\"year\": 2024}, …], or one object per line (.ndjson)")
    }
}
