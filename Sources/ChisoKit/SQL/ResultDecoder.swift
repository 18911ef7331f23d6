/// Reads a database's text-format result cells into typed columns, through the same column
/// builders the CSV reader uses (NFC text, 32-bit integers while they fit). One instance per
/// query; the client module calls `append` cell by cell, with no `String` per cell.
public final class ResultDecoder {
    private let builders: [ColumnBuilder]
    private let names: [String]

    public init(names: [String], types: [DataType]) {
        self.names = names
        builders = types.map { ColumnBuilder(type: $0, reserve: 1024) }
    }

    public func appendNull(_ field: Int) { builders[field].appendNull() }

    /// One cell's bytes as the server wrote them. A value that does not read as the column's
    /// type (a date before year 1 or `infinity`) is an error naming it.
    public func append(_ field: Int, _ p: UnsafePointer<UInt8>, _ n: Int) throws {
        let b = builders[field]
        var ok: Bool
        if b.type == .bool, n == 1 {
            // PostgreSQL writes booleans as t and f.
            ok = p[0] == UInt8(ascii: "t") ? b.append(Self.trueText.utf8Start, 4, highBit: false) : p[0] == UInt8(ascii: "f") ? b.append(Self.falseText.utf8Start, 5, highBit: false) : false
        } else {
            var high = false
            for i in 0..<n where p[i] >= 0x80 { high = true; break }
            ok = b.append(p, n, highBit: high)
        }
        if !ok {
            let text = String(decoding: UnsafeBufferPointer(start: p, count: min(n, 60)), as: UTF8.self)
            throw Diagnostic(.data, "the database sent '\(text)' in column \(names[field]), which does not read as \(b.type)",
                             hint: b.type == .date ? "chiso's dates are years 1 to 9999; filter such rows in the database" : nil)
        }
    }

    public func table() -> Table {
        Table(names: names, columns: builders.map { ColumnBuilder.finish([$0]) })
    }

    private static let trueText: StaticString = "true"
    private static let falseText: StaticString = "false"
}
