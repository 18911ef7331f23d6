/// A piece of chiso source text (a script file, a `-c` argument, or one shell entry),
/// with the line table needed to turn byte offsets into line:column positions.
public final class SourceFile: Sendable {
    /// Shown in diagnostics: a path, or `<command>` / `<shell>`.
    public let name: String
    /// NFC-normalised UTF-8 bytes; spans index into these.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts (line 1 at index 0).
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.bytes = Array(Unicode.nfc(text).utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text covered by a span.
    public func slice(_ span: Span) -> String {
        let lo = max(0, min(span.start, bytes.count)), hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// 1-based line and column (column counted in characters, as editors show it).
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let prefix = bytes[lineStarts[line]..<min(offset, bytes.count)]
        return (line + 1, String(decoding: prefix, as: UTF8.self).count + 1)
    }

    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The text of 0-based line `index` without its line break.
    func lineText(_ index: Int) -> String {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    func lineStart(_ index: Int) -> Int { lineStarts[index] }
}

/// A half-open byte range `[start, end)` in a `SourceFile`.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = max(start, end) }
    public static let none = Span(0, 0)
    /// The smallest span covering both.
    public func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
    /// What this span covers after `other` ends (a stage's arguments after its keyword).
    public func after(_ other: Span) -> Span { Span(max(start, other.end), end) }
    public var description: String { "\(start)..<\(end)" }
}
