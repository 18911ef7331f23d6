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
        try writeAtomically(encode(table, delimiter: delimiter), to: path, displayName: displayName ?? path)
    }

    /// Writes bytes to `path` through a temporary sibling file and `rename(2)`.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, displayName: String? = nil, mode: mode_t = 0o644) throws {
        let shown = displayName ?? path
        let shownDir: String = {
            guard let slash = shown.lastIndex(of: "/") else { return "." }
            return String(shown[..<slash])
        }()
        let dir: String = {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            return slash == path.startIndex ? "/" : String(path[..<slash])
        }()
        var template = Array("\(dir)/.chiso-export-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))",
                             hint: errno == ENOENT ? "the folder \(shownDir) does not exist" : nil)
        }
        let tmp = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        var ok = false
        defer { if !ok { unlink(tmp) } }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 {
                let reason = SystemError.text(errno)
                close(fd)
                throw Diagnostic(.io, "cannot write \(shown): \(reason)", hint: "nothing was changed at \(shown)")
            }
            written += n
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0, close(fd) == 0 else {
            throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))")
        }
        guard rename(tmp, path) == 0 else {
            throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))")
        }
        ok = true
    }
}
