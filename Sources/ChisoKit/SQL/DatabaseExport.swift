/// `export pg.schema.table [replace]`: the rows so far as a new table of an attached database,
/// created and filled in one transaction (all or nothing), with `COPY`. An existing table is
/// refused unless `replace` is said.
struct DatabaseExportOperator: LocalOperator {
    /// Where the rows go.
    let target: RemoteTable
    let replace: Bool
    let span: Span
    let schema: Schema
    var name: String { "export" }
    var detail: String { "\(target.database).\(Identifier.quoted(target.schema)).\(Identifier.quoted(target.table))" + (replace ? " replace" : "") }

    static func bind(_ name: Name, parts: [String], replace: Bool, _ input: Schema, _ context: inout BindContext) throws -> DatabaseExportOperator {
        guard parts.count == 2 || parts.count == 3 else {
            throw context.error(.usage, "a database table is written database.schema.table", name.span, hint: "export pg.public.results")
        }
        guard context.catalog.databases.contains(parts[0]) else {
            throw context.error(.name, "no database is attached as '\(parts[0])'", name.span,
                                hint: "attach \"postgresql://user@host/db\" as \(parts[0]); a file path goes in quotes: export \"out.csv\"")
        }
        let target = RemoteTable(database: parts[0], schema: parts.count == 3 ? parts[1] : "public", table: parts.last!, unreadable: [:], types: [:])
        let full = [target.database, target.schema, target.table].map(Identifier.quoted).joined(separator: ".")
        if context.catalog.contains(full) && !replace {
            throw context.error(.usage, "table \(full) exists", name.span, hint: "export \(name.text) replace overwrites it")
        }
        return DatabaseExportOperator(target: target, replace: replace, span: name.span, schema: input)
    }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let table = input.table(origin: detail)
        do { try context.exportToDatabase(table, target, replace) } catch var d as Diagnostic {
            d.span = span
            throw d.inSource(context.source)
        }
        return input
    }
}

/// The rows of a table in PostgreSQL's `COPY` text format: tab-separated, `\N` for null,
/// backslash, tab, newline and carriage return escaped. Numbers are written in full precision
/// (the shortest text that reads back as the same double).
enum CopyText {
    static func encode(_ table: Table, rows: Range<Int>, into out: inout [UInt8]) throws {
        for r in rows {
            for (k, c) in table.columns.enumerated() {
                if k > 0 { out.append(9) }
                if c.isNull(r) { out.append(contentsOf: [92, 78]); continue }
                switch c.value(at: r) {
                case .int(let v): out.append(contentsOf: String(v).utf8)
                case .float(let v):
                    if v.isNaN { out.append(contentsOf: "NaN".utf8) } else if v.isInfinite { out.append(contentsOf: (v < 0 ? "-Infinity" : "Infinity").utf8) } else {
                        FloatDigits.append(v, to: &out)
                    }
                case .bool(let b): out.append(b ? 116 : 102)
                case .date(let d): out.append(contentsOf: CivilDate.format(d).utf8)
                case .text(let s):
                    for b in s.utf8 {
                        switch b {
                        case 92: out.append(contentsOf: [92, 92])
                        case 9: out.append(contentsOf: [92, 116])
                        case 10: out.append(contentsOf: [92, 110])
                        case 13: out.append(contentsOf: [92, 114])
                        case 0:
                            throw Diagnostic(.data, "column \(table.names[k]) row \(r + 1) holds a NUL byte, which PostgreSQL text cannot",
                                             hint: "replace(\(Identifier.quoted(table.names[k])), …) it first")
                        default: out.append(b)
                        }
                    }
                case .null: out.append(contentsOf: [92, 78])
                }
            }
            out.append(10)
        }
    }
}
