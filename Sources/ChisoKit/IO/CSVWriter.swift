import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a table as CSV (or TSV), atomically: the data goes to a temporary file in the same
/// directory, which is renamed over the target only when every byte has been written and
/// flushed. A failed or interrupted export leaves the old file (or none), never half a file.
public enum CSVWriter {
    /// Nulls are empty cells; empty text is `""`, so the two survive a round trip.
    public static func encode(_ table: Table, delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true) -> [UInt8] {
        let encoder = Encoder(table, delimiter: delimiter)
        var out: [UInt8] = []
        out.reserveCapacity(table.rowCount * table.columnCount * 8 + 64)
        if header { encoder.header(into: &out) }
        for start in stride(from: 0, to: table.rowCount, by: Encoder.chunkRows) {
            if Interrupt.requested { break }
            out.append(contentsOf: encoder.rows(start..<min(table.rowCount, start + Encoder.chunkRows)))
        }
        return out
    }

    /// Formats rows into bytes: integers and dates digit by digit, floats by `FloatDigits`, each
    /// distinct text escaped once (per dictionary entry); no `String` is made per cell.
    ///
    /// A block of rows is written in two passes. First column by column — one typed loop per
    /// column, so no per-cell dispatch or reference counting — into one buffer of cells, noting
    /// where each ends; then row by row, copying each cell's bytes between delimiters into the
    /// output, sized once per chunk.
    struct Encoder {
        static let chunkRows = 1 << 14
        let table: Table
        let delimiter: UInt8
        /// Floats with a decimal comma (the delimiter is then not a comma).
        let decimalComma: Bool
        let storages: [Column.Storage]
        /// Narrow integer columns as they are held (not widened: 8 bytes a row saved per column).
        let narrow: [[Int32]?]
        /// Each text column's dictionary entries, escaped, one after another, with their ends
        /// and the longest's length.
        let encodedDicts: [(bytes: [UInt8], ends: [Int], longest: Int)?]

        init(_ table: Table, delimiter: UInt8, decimalComma: Bool = false) {
            self.table = table
            self.delimiter = delimiter
            self.decimalComma = decimalComma
            narrow = table.columns.map { c in if case .int32(let a) = c.layout { return a }; return nil }
            storages = table.columns.map { $0.canonical ?? .null(count: 0) }
            encodedDicts = table.columns.map { c in
                guard case .text(_, let d) = c.canonical else { return nil }
                var bytes: [UInt8] = [], ends: [Int] = [], longest = 0
                for code in 0..<d.count {
                    appendText(Array(d.string(Int32(code)).utf8), to: &bytes, delimiter: delimiter)
                    longest = max(longest, bytes.count - (ends.last ?? 0))
                    ends.append(bytes.count)
                }
                return (bytes, ends, longest)
            }
        }

        func header(into out: inout [UInt8]) {
            for (k, n) in table.names.enumerated() {
                if k > 0 { out.append(delimiter) }
                appendText(Array(n.utf8), to: &out, delimiter: delimiter)
            }
            out.append(10)
        }

        /// Rows are formatted this many at a time: the block's cells and cell ends stay in the
        /// core's cache (at 16,384 rows they came to 2 MB, the whole of it).
        static let blockRows = 4096

        /// Bytes of a chunk's rows, formatted block by block into memory sized once from an upper
        /// bound per cell (no capacity check per byte). Only what is written is ever touched.
        func rows(_ range: Range<Int>) -> [UInt8] {
            let n = range.count, c = storages.count
            guard n > 0 else { return [] }
            guard c > 0 else { return [UInt8](repeating: 10, count: n) }
            let cellsPerRow = (0..<c).reduce(0) { $0 + cellBound($1) }
            let blockRows = min(n, Self.blockRows)
            let cells = UnsafeMutablePointer<UInt8>.allocate(capacity: cellsPerRow * blockRows + Self.slack)
            let ends = UnsafeMutablePointer<Int32>.allocate(capacity: c * blockRows)
            defer { cells.deallocate(); ends.deallocate() }
            // Per row: its cells, c − 1 delimiters and a newline.
            return [UInt8](unsafeUninitializedCapacity: (cellsPerRow + c) * n + Self.slack) { o, count in
                var w = o.baseAddress!
                for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.blockRows) {
                    w = block(start..<min(range.upperBound, start + Self.blockRows), cells: cells, ends: ends, into: w)
                }
                count = w - o.baseAddress!
            }
        }

        /// One block: its cells written column by column — one typed loop per column, so no
        /// per-cell dispatch or reference counting — noting where each ends; then copied row by
        /// row between delimiters — short cells as two 8-byte words, which is why both buffers
        /// carry `slack` bytes past their end. Returns where the block's bytes end.
        private func block(_ range: Range<Int>, cells: UnsafeMutablePointer<UInt8>, ends e: UnsafeMutablePointer<Int32>,
                           into out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
            let n = range.count, c = storages.count
            // e[k * n + r]: where cell (column k, row r) ends in `cells`.
            var cursor = ByteCursor(at: cells)
            for k in 0..<c { column(k, range, into: &cursor, cells: cells, ends: e + k * n) }
            let delimiter = self.delimiter
            var w = out
            for r in 0..<n {
                for k in 0..<c {
                    if k > 0 { w.pointee = delimiter; w += 1 }
                    // Column k's cells follow column k − 1's, so row 0's starts where that one ended.
                    let from = Int(r > 0 ? e[k * n + r - 1] : (k > 0 ? e[(k - 1) * n + n - 1] : 0))
                    let count = Int(e[k * n + r]) - from
                    Self.copy(cells + from, to: w, count: count)
                    w += count
                }
                w.pointee = 10; w += 1
            }
            return w
        }

        /// Bytes after the end of a buffer that a short copy may read or write.
        static let slack = 16

        @inline(__always)
        static func copy(_ from: UnsafePointer<UInt8>, to: UnsafeMutablePointer<UInt8>, count: Int) {
            if count <= 16 {
                let lo = UnsafeRawPointer(from).loadUnaligned(as: UInt64.self)
                let hi = UnsafeRawPointer(from).loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                UnsafeMutableRawPointer(to).storeBytes(of: lo, as: UInt64.self)
                UnsafeMutableRawPointer(to).storeBytes(of: hi, toByteOffset: 8, as: UInt64.self)
            } else {
                to.update(from: from, count: count)
            }
        }

        /// At most how many bytes one of column `k`'s cells takes.
        private func cellBound(_ k: Int) -> Int {
            if narrow[k] != nil { return 11 }     // "-2147483648"
            switch storages[k] {
            case .int: return 20                    // "-9223372036854775808"
            case .float: return 32                  // "-2.2250738585072014e-308" is 24
            case .bool: return 5
            case .date: return 16                   // "-5877641-06-23" is 14
            case .null: return 0
            case .text: return encodedDicts[k]!.longest
            }
        }

        /// One column's cells of a chunk, one after another (a null is no bytes).
        private func column(_ k: Int, _ range: Range<Int>, into cursor: inout ByteCursor,
                            cells: UnsafeMutablePointer<UInt8>, ends: UnsafeMutablePointer<Int32>) {
            let validity = table.columns[k].validity
            @inline(__always) func present(_ i: Int) -> Bool { validity?.isValid(i) ?? true }
            /// Each row's cell written by `write` (nothing for a null), and where it ends.
            @inline(__always) func each<T>(_ a: [T], _ write: (T, inout ByteCursor) -> Void) {
                a.withUnsafeBufferPointer { p in
                    var r = 0
                    for i in range {
                        if present(i) { write(p[i], &cursor) }
                        ends[r] = Int32(truncatingIfNeeded: cursor.at - cells)
                        r += 1
                    }
                }
            }
            if let a = narrow[k] { return each(a) { Self.appendInt(Int64($0), to: &$1) } }
            switch storages[k] {
            case .int(let a): each(a) { Self.appendInt($0, to: &$1) }
            case .float(let a):
                if decimalComma {
                    // The digits as always, then the one '.' (if any) turned into ','.
                    each(a) { v, out in
                        let from = out.at
                        FloatDigits.append(v, to: &out)
                        var q = from
                        while q < out.at { if q.pointee == 46 { q.pointee = 44; break }; q += 1 }
                    }
                } else {
                    each(a) { FloatDigits.append($0, to: &$1) }
                }
            case .bool(let a): each(a) { v, out in Self.trueBytes.withUnsafeBufferPointer { t in Self.falseBytes.withUnsafeBufferPointer { f in out.append(bytes: v ? t : f) } } }
            case .date(let a): each(a) { Self.appendDate($0, to: &$1) }
            case .text(let codes, _):
                let dict = encodedDicts[k]!
                dict.bytes.withUnsafeBufferPointer { bytes in
                    dict.ends.withUnsafeBufferPointer { dictEnds in
                        each(codes) { c, out in
                            let code = Int(c), from = code > 0 ? dictEnds[code - 1] : 0
                            out.append(bytes: UnsafeBufferPointer(rebasing: bytes[from..<dictEnds[code]]))
                        }
                    }
                }
            case .null:
                for r in 0..<range.count { ends[r] = Int32(truncatingIfNeeded: cursor.at - cells) }
            }
        }

        static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

        /// Decimal digits of v, most significant first.
        @inline(__always)
        static func appendInt<Out: ByteSink>(_ v: Int64, to out: inout Out) {
            if v < 0 { out.append(45) }
            // The magnitude as unsigned, so Int64.min has one.
            out.appendDecimal(v < 0 ? UInt64(bitPattern: 0 &- v) : UInt64(v))
        }

        /// YYYY-MM-DD (years outside 0…9999 as CivilDate formats them).
        static func appendDate<Out: ByteSink>(_ days: Int32, to out: inout Out) {
            let (y, m, d) = CivilDate.civil(days)
            guard y >= 0 && y <= 9999 else { var text = CivilDate.format(days); text.withUTF8 { out.append(bytes: $0) }; return }
            out.append(UInt8(48 + y / 1000)); out.append(UInt8(48 + y / 100 % 10)); out.append(UInt8(48 + y / 10 % 10)); out.append(UInt8(48 + y % 10))
            out.append(45); out.append(UInt8(48 + m / 10)); out.append(UInt8(48 + m % 10))
            out.append(45); out.append(UInt8(48 + d / 10)); out.append(UInt8(48 + d % 10))
        }
    }

    /// Quotes exactly when needed: a delimiter, quote, line break, leading/trailing space, or
    /// an empty string (to tell it from null).
    static func appendText(_ s: [UInt8], to out: inout [UInt8], delimiter: UInt8) {
        let needs = s.isEmpty || s.first == 32 || s.last == 32
            || s.contains { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 }
        if !needs { out.append(contentsOf: s); return }
        out.append(34)
        for b in s {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }

    /// `displayName` is the path as the user wrote it, for messages.
    /// Streams the rows to the file in chunks of 16,384 rows (a 5M-row export never holds the
    /// whole file in memory). Ctrl-C stops it between chunks, and the old file is kept.
    /// With `threads` > 1, that many consecutive chunks are encoded at once, each into its own
    /// buffer, and written in order: the file is byte for byte the one a single thread writes.
    /// `delimiter` nil is the extension's (tab for .tsv, else a comma); `decimalComma` writes
    /// floats as Excel reads them in a Vietnamese or European locale (1,5), with another delimiter.
    public static func write(_ table: Table, to path: String, displayName: String? = nil,
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                             delimiter: UInt8? = nil, decimalComma: Bool = false) throws {
        let delimiter: UInt8 = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? 9 : 44)
        let encoder = Encoder(table, delimiter: delimiter, decimalComma: decimalComma)
        let lanes = max(1, min(threads, 64))
        let buffers = (0..<lanes).map { _ in ChunkBuffer() }
        try AtomicFile.write(to: path, displayName: displayName ?? path) { emit in
            var head: [UInt8] = []
            encoder.header(into: &head)
            try emit(head)
            var start = 0
            while start < table.rowCount {
                try Interrupt.check()
                let ranges = (0..<lanes).map { j in
                    min(table.rowCount, start + j * Encoder.chunkRows)..<min(table.rowCount, start + (j + 1) * Encoder.chunkRows)
                }.filter { !$0.isEmpty }
                Parallelism.perform(ranges.count) { j in
                    buffers[j].bytes = encoder.rows(ranges[j])
                }
                for j in ranges.indices { try emit(buffers[j].bytes) }
                start += lanes * Encoder.chunkRows
            }
        }
    }

    /// One lane's bytes (each lane writes only its own).
    private final class ChunkBuffer: @unchecked Sendable {
        var bytes: [UInt8] = []
    }
}
