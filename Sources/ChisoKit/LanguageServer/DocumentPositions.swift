/// Positions in an open document as the Language Server Protocol counts them (zero-based line,
/// character in UTF-16 code units, its default encoding) and as chiso's spans count them (byte
/// offsets into the NFC text of the document, see `SourceFile`).
struct DocumentPositions {
    let bytes: [UInt8]
    private var lineStarts: [Int] = [0]

    init(_ source: SourceFile) {
        bytes = source.bytes
        for (i, b) in bytes.enumerated() where b == 10 { lineStarts.append(i + 1) }
    }

    /// `{"line": l, "character": c}` for a byte offset.
    func position(_ offset: Int) -> [String: Int] {
        let o = min(max(0, offset), bytes.count)
        var line = lineStarts.count - 1
        var lo = 0, hi = lineStarts.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if lineStarts[mid] <= o { line = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        let prefix = String(decoding: bytes[lineStarts[line]..<o], as: UTF8.self)
        return ["line": line, "character": prefix.utf16.count]
    }

    func range(_ span: Span?) -> [String: Any] {
        let s = span ?? .none
        return ["start": position(s.start), "end": position(s.end)]
    }

    /// The byte offset of an LSP position (a character past the line's end is its end).
    func offset(line: Int, character: Int) -> Int {
        guard line < lineStarts.count else { return bytes.count }
        let start = lineStarts[max(0, line)]
        let end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        var units = 0
        var offset = start
        for scalar in text.unicodeScalars {
            if units >= character { break }
            units += scalar.utf16.count
            offset += scalar.utf8.count
        }
        return offset
    }
}
