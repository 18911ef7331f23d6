import Foundation

/// JSON records: an array of objects (`[{"a": 1}, …]`, as `export "x.json"` writes) or
/// newline-delimited JSON (one object per line, `.ndjson`/`.jsonl`, as log pipelines and
/// APIs write). Columns appear in the order keys are first met; a key missing from a record is
/// null there. A column of whole numbers is int, of numbers float, of true/false bool, of
/// ISO dates date; a column that mixes kinds, or holds objects or arrays, is text (the value's
/// JSON), with a note. The parser is chiso's own (JSONRecordParser): Foundation's decoders
/// return objects as dictionaries, which lose the order of the keys (the columns' order), and
/// give no line and column for an error.
public struct JSONFormat: FileFormat {
    public init() {}
    public var name: String { "JSON" }
    public var extensions: [String] { ["json", "ndjson", "jsonl"] }
    public var loadOptions: [String] { ["types"] }

    /// One JSON value as a cell: objects and arrays inside a record are kept as their JSON text.
    enum Item {
        case null, bool(Bool), int(Int64), float(Double), text(String), nested(String)
    }

    typealias Record = [(String, Item)]

    public func read(_ r: ReadRequest) throws -> ReadResult {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: r.path, isDirectory: &isFolder), !isFolder.boolValue,
              let data = FileManager.default.contents(atPath: r.path) else {
            throw Diagnostic(.io, "cannot open \(r.shown): \(isFolder.boolValue ? "it is a folder" : "no such file, or it cannot be read")",
                             hint: "check the path (relative paths start from the script's folder)")
        }
        let bytes = [UInt8](data)
        var parser = JSONRecordParser(bytes: bytes, shown: r.shown)
        let records = try parser.records()
        return try Self.table(records, r)
    }

    static func table(_ records: [Record], _ r: ReadRequest) throws -> ReadResult {
        var names: [String] = []
        var index: [String: Int] = [:]
        for rec in records { for (k, _) in rec where index[k] == nil { index[k] = names.count; names.append(k) } }
        var cells = [[Item]](repeating: [Item](repeating: .null, count: records.count), count: names.count)
        for (i, rec) in records.enumerated() { for (k, v) in rec { cells[index[k]!][i] = v } }
        var columns: [Column] = []
        var notes: [String] = []
        for (k, items) in cells.enumerated() {
            var (type, values) = infer(items)
            values = values.map { $0 }
            if let forced = r.settings.types[names[k]], forced != type {
                let text = Column.from(values, as: .text)
                guard let c = text.cast(to: forced) else { throw Diagnostic(.type, "column '\(names[k])' cannot be read as \(forced)") }
                columns.append(c); continue
            }
            if items.contains(where: { if case .nested = $0 { return true } else { return false } }) {
                notes.append("column '\(names[k])' holds objects or arrays: read as their JSON text")
            } else if type == .text, Set(items.compactMap(\.kind)).count > 1 {
                notes.append("column '\(names[k])' mixes " + Set(items.compactMap(\.kind)).sorted().joined(separator: " and ") + ": read as text")
            }
            if type == .null { type = .text }
            columns.append(Column.from(values, as: type))
        }
        let table = Table(names: names, columns: columns, rowCount: records.count, origin: r.shown)
        return ReadResult(table: table, notes: notes)
    }

    /// The column's type and its values in it.
    static func infer(_ items: [Item]) -> (DataType, [Value]) {
        let kinds = Set(items.compactMap(\.kind))
        if kinds == ["int"] { return (.int, items.map { if case .int(let x) = $0 { return .int(x) } else { return .null } }) }
        if kinds == ["int", "float"] || kinds == ["float"] {
            return (.float, items.map { switch $0 { case .int(let x): return .float(Double(x)); case .float(let x): return .float(x); default: return .null } })
        }
        if kinds == ["bool"] { return (.bool, items.map { if case .bool(let x) = $0 { return .bool(x) } else { return .null } }) }
        if kinds == ["text"] {
            // ISO dates when every text parses as one.
            var days: [Value] = []
            for item in items {
                guard case .text(let t) = item else { days.append(.null); continue }
                guard let d = CivilDate.parse(t) else { days = []; break }
                days.append(.date(d))
            }
            if days.count == items.count { return (.date, days) }
        }
        if kinds.isEmpty { return (.null, items.map { _ in .null }) }
        return (.text, items.map { $0.textValue })
    }

    public func write(_ table: Table, _ r: WriteRequest) throws {
        let ext = FileFormats.fileExtension(r.path)
        let text = ext == "json" ? TableRenderer.json(table)
            : (0..<table.rowCount).map { TableRenderer.jsonRecord(table, $0) + "\n" }.joined()
        try AtomicFile.write(Array(text.utf8), to: r.path, displayName: r.shown)
    }
}

extension JSONFormat.Item {
    var kind: String? {
        switch self {
        case .null: return nil
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .text: return "text"
        case .nested: return "nested"
        }
    }

    var textValue: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .text(b ? "true" : "false")
        case .int(let x): return .text(String(x))
        case .float(let x): return .text(NumberFormat.shortest(x))
        case .text(let s): return .text(s)
        case .nested(let s): return .text(s)
        }
    }

    var json: String {
        switch self {
        case .null: return "null"
        case .text(let s): return TableRenderer.jsonString(s)
        case .nested(let s): return s
        default: if case .text(let s) = textValue { return s } else { return "null" }
        }
    }
}
