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
            encoder.rows(start..<min(table.rowCount, start + Encoder.chunkRows), into: &out)
        }
        return out
    }

    /// Formats rows into bytes: integers and dates digit by digit, each distinct text escaped
    /// once (per dictionary entry), so no `String` is made per cell but for floats.
    struct Encoder {
        static let chunkRows = 1 << 14
        let table: Table
        let delimiter: UInt8
        let storages: [Column.Storage]
        let encodedDicts: [[[UInt8]]?]

        init(_ table: Table, delimiter: UInt8) {
            self.table = table
            self.delimiter = delimiter
            storages = table.columns.map(\.storage)
            encodedDicts = table.columns.map { c in
                guard case .text(_, let d) = c.storage else { return nil }
                return (0..<d.count).map { code in
                    var e: [UInt8] = []
                    appendText(Array(d.string(Int32(code)).utf8), to: &e, delimiter: delimiter)
                    return e
                }
            }
        }

        func header(into out: inout [UInt8]) {
            for (k, n) in table.names.enumerated() {
                if k > 0 { out.append(delimiter) }
                appendText(Array(n.utf8), to: &out, delimiter: delimiter)
            }
            out.append(10)
        }

        func rows(_ range: Range<Int>, into out: inout [UInt8]) {
            let columns = table.columns
            for i in range {
                for k in 0..<columns.count {
                    if k > 0 { out.append(delimiter) }
                    if columns[k].isNull(i) { continue }
                    switch storages[k] {
                    case .int(let a): Self.appendInt(a[i], to: &out)
                    case .float(let a): FloatDigits.append(a[i], to: &out)
                    case .bool(let a): out.append(contentsOf: a[i] ? Self.trueBytes : Self.falseBytes)
                    case .date(let a): Self.appendDate(a[i], to: &out)
                    case .text(let codes, _): out.append(contentsOf: encodedDicts[k]![Int(codes[i])])
                    case .null: break
                    }
                }
                out.append(10)
            }
        }

        static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

        /// Decimal digits of v, most significant first.
        static func appendInt(_ v: Int64, to out: inout [UInt8]) {
            if v == 0 { out.append(48); return }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var n = 0
            // The magnitude as unsigned, so Int64.min has one.
            var m = v < 0 ? UInt64(bitPattern: 0 &- v) : UInt64(v)
            withUnsafeMutableBytes(of: &digits) { d in
                while m > 0 { d[n] = UInt8(48 + m % 10); m /= 10; n += 1 }
                if v < 0 { out.append(45) }
                for j in stride(from: n - 1, through: 0, by: -1) { out.append(d[j]) }
            }
        }

        /// YYYY-MM-DD (years outside 0…9999 as CivilDate formats them).
        static func appendDate(_ days: Int32, to out: inout [UInt8]) {
            let (y, m, d) = CivilDate.civil(days)
            guard y >= 0 && y <= 9999 else { out.append(contentsOf: CivilDate.format(days).utf8); return }
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
    public static func write(_ table: Table, to path: String, displayName: String? = nil,
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let delimiter: UInt8 = path.lowercased().hasSuffix(".tsv") ? 9 : 44
        let encoder = Encoder(table, delimiter: delimiter)
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
                DispatchQueue.concurrentPerform(iterations: ranges.count) { j in
                    buffers[j].bytes.removeAll(keepingCapacity: true)
                    encoder.rows(ranges[j], into: &buffers[j].bytes)
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
