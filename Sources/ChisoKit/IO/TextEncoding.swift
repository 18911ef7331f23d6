/// The encodings offices' CSV files come in besides UTF-8: Excel's "Unicode text" (UTF-16,
/// little-endian with a byte order mark) and Windows' Vietnamese code page 1258. The file is
/// turned into UTF-8 before it is read, line for line, so errors keep their line numbers.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// UTF-16 with its byte order from the BOM (little-endian without one, as Excel writes).
    case utf16 = "utf-16"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1258 = "windows-1258"

    /// `utf8`, `UTF-8`, `cp1258` and other common spellings.
    public init?(name: String) {
        let n = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch n {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16", "unicode": self = .utf16
        case "utf-16le", "utf16le": self = .utf16le
        case "utf-16be", "utf16be": self = .utf16be
        case "windows-1258", "cp1258", "windows1258": self = .windows1258
        default: return nil
        }
    }

    public struct DecodingError: Error {
        public var line: Int, column: Int, message: String
    }

    /// The text as UTF-8 bytes; the first byte that cannot be decoded is an error naming its
    /// line and column (in characters, 1-based).
    public func decode(_ bytes: [UInt8]) throws(DecodingError) -> [UInt8] {
        switch self {
        case .utf8: return bytes
        case .utf16, .utf16le, .utf16be: return try decodeUTF16(bytes)
        case .windows1258: return try decode1258(bytes)
        }
    }

    private func decodeUTF16(_ b: [UInt8]) throws(DecodingError) -> [UInt8] {
        var little = self != .utf16be
        var i = 0
        if b.count >= 2 {
            if b[0] == 0xFF && b[1] == 0xFE { little = true; i = 2 } else if b[0] == 0xFE && b[1] == 0xFF { little = false; i = 2 }
        }
        // A table in UTF-16 has a zero byte in most of its characters (Latin letters, digits,
        // the delimiter, Vietnamese letters from U+00C0 to U+01B0). A file with hardly any is
        // another encoding read as UTF-16 (windows-1258 becomes CJK): an error, not a 0-row table.
        if i == 0 && b.count >= 16 {
            let zeros = b.prefix(1 << 16).reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            if zeros * 8 < min(b.count, 1 << 16) {
                throw DecodingError(line: 1, column: 1, message: "this does not read as UTF-16: it has no byte order mark and only \(zeros) of its first \(min(b.count, 1 << 16)) bytes are zero (UTF-16 text has one in nearly every character)")
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var line = 1, column = 1
        func unit(_ k: Int) -> UInt32 { little ? UInt32(b[k]) | UInt32(b[k + 1]) << 8 : UInt32(b[k]) << 8 | UInt32(b[k + 1]) }
        while i + 1 < b.count {
            var u = unit(i)
            i += 2
            if u >= 0xD800 && u <= 0xDBFF {
                guard i + 1 < b.count, case let low = unit(i), low >= 0xDC00 && low <= 0xDFFF else {
                    throw DecodingError(line: line, column: column, message: "a UTF-16 high surrogate (U+\(String(u, radix: 16, uppercase: true))) without its low half")
                }
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                i += 2
            } else if u >= 0xDC00 && u <= 0xDFFF {
                throw DecodingError(line: line, column: column, message: "a UTF-16 low surrogate (U+\(String(u, radix: 16, uppercase: true))) without its high half")
            }
            Self.appendUTF8(Unicode.Scalar(u)!, to: &out)
            if u == 10 { line += 1; column = 1 } else { column += 1 }
        }
        if i < b.count {
            throw DecodingError(line: line, column: column, message: "the file ends in half a UTF-16 character (an odd number of bytes)")
        }
        return out
    }

    /// Code page 1258: Latin-1 with Vietnamese letters and five combining tone marks (the
    /// reader composes them to NFC), and nine bytes that mean nothing.
    private func decode1258(_ b: [UInt8]) throws(DecodingError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 4)
        var line = 1, column = 1
        for c in b {
            if c < 0x80 {
                out.append(c)
            } else {
                let u = Self.cp1258[Int(c) - 0x80]
                guard u != 0 else {
                    throw DecodingError(line: line, column: column, message: "byte 0x\(String(c, radix: 16, uppercase: true)) has no meaning in windows-1258")
                }
                Self.appendUTF8(Unicode.Scalar(u)!, to: &out)
            }
            if c == 10 { line += 1; column = 1 } else { column += 1 }
        }
        return out
    }

    static func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(s) { out.append($0) }
    }

    /// Bytes 0x80–0xFF of windows-1258 (Microsoft's table bestfit1258.txt; 0 = undefined).
    /// Checked against Python's cp1258 codec in EncodingTests.
    static let cp1258: [UInt32] = {
        var t = (0x80...0xFF).map { UInt32($0) }
        let special: [Int: UInt32] = [
            0x80: 0x20AC, 0x81: 0, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
            0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0, 0x8B: 0x2039, 0x8C: 0x0152, 0x8D: 0, 0x8E: 0, 0x8F: 0,
            0x90: 0, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
            0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0, 0x9B: 0x203A, 0x9C: 0x0153, 0x9D: 0, 0x9E: 0, 0x9F: 0x0178,
            0xC3: 0x0102, 0xCC: 0x0300, 0xD0: 0x0110, 0xD2: 0x0309, 0xD5: 0x01A0, 0xDD: 0x01AF, 0xDE: 0x0303,
            0xE3: 0x0103, 0xEC: 0x0301, 0xF0: 0x0111, 0xF2: 0x0323, 0xF5: 0x01A1, 0xFD: 0x01B0, 0xFE: 0x20AB,
        ]
        for (k, v) in special { t[k - 0x80] = v }
        return t
    }()
}
