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
        var out: [UInt8] = []
        out.reserveCapacity(table.rowCount * table.columnCount * 8 + 64)
        if header {
            for (k, n) in table.names.enumerated() {
                if k > 0 { out.append(delimiter) }
                appendText(Array(n.utf8), to: &out, delimiter: delimiter)
            }
            out.append(10)
        }
        // Per-column encoded dictionary entries, so each distinct text is escaped once.
        let encodedDicts: [[[UInt8]]?] = table.columns.map { c in
            guard case .text(_, let d) = c.storage else { return nil }
            return (0..<d.count).map { code in
                var e: [UInt8] = []
                appendText(Array(d.string(Int32(code)).utf8), to: &e, delimiter: delimiter)
                return e
            }
        }
        let storages = table.columns.map(\.storage)
        for i in 0..<table.rowCount {
            if i & 0xFFFF == 0xFFFF, Interrupt.requested { break }
            for (k, c) in table.columns.enumerated() {
                if k > 0 { out.append(delimiter) }
                if c.isNull(i) { continue }
                switch storages[k] {
                case .int(let a): out.append(contentsOf: String(a[i]).utf8)
                case .float(let a): out.append(contentsOf: NumberFormat.shortest(a[i]).utf8)
                case .bool(let a): out.append(contentsOf: (a[i] ? "true" : "false").utf8)
                case .date(let a): out.append(contentsOf: CivilDate.format(a[i]).utf8)
                case .text(let codes, _): out.append(contentsOf: encodedDicts[k]![Int(codes[i])])
                case .null: break
                }
            }
            out.append(10)
        }
        return out
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
    public static func write(_ table: Table, to path: String, displayName: String? = nil) throws {
        let delimiter: UInt8 = path.lowercased().hasSuffix(".tsv") ? 9 : 44
        let bytes = encode(table, delimiter: delimiter)
        // Ctrl-C during the encoding stops it early: the old file is never replaced by a partial one.
        try Interrupt.check()
        try AtomicFile.write(bytes, to: path, displayName: displayName ?? path)
    }
}
