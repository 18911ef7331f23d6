import Foundation

/// `export "path.csv" [(escape_formulas = true, schema = true)]`: writes the rows so far
/// (atomically) and passes them on.
struct ExportStage: Stage {
    static let keyword = "export"
    static let help = Help.Topic(name: "export", kind: "stage", usage: "export \"path.csv\" [(escape_formulas = true, schema = true)] | export \"path.xlsx|.tsv|.md|.json\" | export pg.schema.table [replace]",
        summary: "Writes the rows so far as CSV (tab-separated for .tsv), as an Excel workbook for .xlsx (one sheet, typed cells, bold header, text never a formula), as a Markdown table for .md or as JSON records for .json, and passes them on; any other extension is an error listing these. The file is written to a temporary name and renamed into place, so a failed export never leaves a partial file. Text cells starting with = + - or @ are counted and warned of (a spreadsheet may run them as formulas); escape_formulas = true writes them with a leading '. schema = true writes a Frictionless Table Schema (path.schema.json) beside the file, which load then uses, so the reload has exactly the same types. export pg.schema.table writes a new table of an attached database (bigint, double precision, text, boolean, date) with COPY, in one transaction: all rows or none; an existing table is refused unless 'replace' is said.",
        example: "from targets | where plan == \"nghe-an-347-2023\" | export \"out.csv\"")
    static let sendsRowsElsewhere = true
    static let completionWords = ["escape_formulas", "schema", "true", "false", "replace"]

    var path: String
    var pathSpan: Span
    var escapeFormulas = false
    var schema = false
    /// `export pg.schema.table [replace]`: a new table in an attached database.
    var databaseTable: Name?
    var databaseParts: [String] = []
    var replace = false

    // export -> 'export' STRING ['(' NAME '=' ('true' | 'false') (',' …)* ')'] | 'export' qualified_name ['replace']
    static func parse(_ p: inout Parser) throws -> ExportStage {
        if p.current.identifier != nil {
            let (target, parts) = try p.qualifiedName("a database table", hint: "export pg.public.results")
            var s = ExportStage(path: target.text, pathSpan: target.span, databaseTable: target, databaseParts: parts)
            s.replace = p.acceptWord("replace")
            return s
        }
        let (path, span) = try p.stringLiteral("a file path in quotes", hint: "export \"out.csv\"")
        var s = ExportStage(path: path, pathSpan: span)
        if p.acceptSymbol("(") {
            repeat {
                let n = try p.name("an export option", hint: "escape_formulas = true or schema = true")
                _ = try p.expectSymbol("=", hint: "\(n.text) = true")
                let v: Bool
                if p.acceptWord("true") { v = true } else if p.acceptWord("false") { v = false } else {
                    throw p.expected("true or false", hint: "\(n.text) = true")
                }
                switch n.text {
                case "escape_formulas": s.escapeFormulas = v
                case "schema": s.schema = v
                default:
                    throw p.error("unknown export option '\(n.text)'", at: n.span,
                                  hint: NameSuggestion.hint(for: n.text, in: ["escape_formulas", "schema"]) ?? "options: escape_formulas, schema")
                }
            } while p.acceptSymbol(",")
            _ = try p.expectSymbol(")", hint: "close the options with ')'")
        }
        return s
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        if let target = databaseTable {
            return try DatabaseExportOperator.bind(target, parts: databaseParts, replace: replace, input, &context)
        }
        // An export writes what its name says, or refuses: never CSV under another name.
        let ext = ExportStage.fileExtension(path)
        if let ext, !ExportStage.formats.contains(ext) {
            throw context.error(.usage, "chiso does not write .\(ext) files", pathSpan,
                                hint: "export writes " + ExportStage.formats.map { "." + $0 }.joined(separator: ", ") + (ext == "xls" ? " (export \"\(path)x\" for a workbook)" : ""))
        }
        if let ext, ["md", "json"].contains(ext), escapeFormulas || schema {
            throw context.error(.usage, "option '\(escapeFormulas ? "escape_formulas" : "schema")' applies to CSV exports, not to .\(ext)", pathSpan)
        }
        if LoadSpec.isWorkbook(path) {
            if path.lowercased().hasSuffix(".xls") {
                throw context.error(.usage, "chiso writes .xlsx workbooks, not the old binary .xls", pathSpan, hint: "export \"\(path)x\"")
            }
            // A workbook's cells carry their types, and its text cells are never formulas.
            if escapeFormulas || schema {
                throw context.error(.usage, "option '\(escapeFormulas ? "escape_formulas" : "schema")' applies to CSV exports, not to a workbook", pathSpan,
                                    hint: escapeFormulas ? "text cells in an .xlsx are written as text and never run as formulas" : "an .xlsx keeps each cell's type; load reads them back")
            }
        }
        return ExportOperator(path: path, span: pathSpan, escapeFormulas: escapeFormulas, writeSchema: schema, schema: input)
    }
}

extension ExportStage {
    /// What export writes, by the file's extension: CSV (also a path with no extension, such as
    /// a device), tab-separated, an Excel workbook, a Markdown table, JSON records.
    static let formats = ["csv", "tsv", "xlsx", "md", "json"]

    /// The lower-cased extension of a file name, nil when it has none (a device, /dev/stdout).
    static func fileExtension(_ path: String) -> String? {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return nil }
        let ext = last[last.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }
}

struct ExportOperator: LocalOperator {
    let path: String
    let span: Span
    let escapeFormulas: Bool
    let writeSchema: Bool
    let schema: Schema
    var name: String { "export" }
    var detail: String { "\"\(path)\"" + (escapeFormulas || writeSchema ? " (" + [escapeFormulas ? "escape_formulas = true" : nil, writeSchema ? "schema = true" : nil].compactMap { $0 }.joined(separator: ", ") + ")" : "") }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        var table = input.table(origin: path)
        let workbook = LoadSpec.isWorkbook(path)
        let (count, escaped) = workbook ? (0, table) : Formulas.scan(table, escape: escapeFormulas)
        if escapeFormulas { table = escaped }
        try context.export(table, path, span)
        if !escapeFormulas && count > 0 {
            context.warn("\(count) text cell\(count == 1 ? "" : "s") in \(path) start with =, +, - or @: a spreadsheet may run \(count == 1 ? "it" : "them") as a formula; export \"\(path)\" (escape_formulas = true) writes them with a leading '")
        }
        if writeSchema {
            do {
                try AtomicFile.write(Array(TableSchemaFile.encode(schema).utf8), to: context.resolve(TableSchemaFile.path(for: path)),
                                     displayName: TableSchemaFile.path(for: path))
            } catch var d as Diagnostic {
                d.span = span
                throw d.inSource(context.source)
            }
            context.show(.notice("wrote the schema to \(TableSchemaFile.path(for: path))"))
        }
        return input
    }
}

/// Text that a spreadsheet would read as a formula (OWASP's CSV-injection prefixes).
enum Formulas {
    /// `=`, `+`, `-` or `@` followed by more than a plain number ("=HYPERLINK(…)", "+1+1",
    /// "@SUM(A1)"); a lone "=" (an operator column) or "-5" is not a formula.
    static func risky(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, s.unicodeScalars.count > 1 else { return false }
        if f == "\t" || f == "\r" { return true }
        guard f == "=" || f == "+" || f == "-" || f == "@" else { return false }
        return f == "=" || f == "@" || Double(String(s.dropFirst())) == nil
    }

    /// How many text cells are risky, and the table with each of them prefixed by ' (computed
    /// once per distinct value).
    static func scan(_ t: Table, escape: Bool) -> (Int, Table) {
        var count = 0
        var columns = t.columns
        for (k, c) in t.columns.enumerated() {
            // `canonical`, not `storage`: a narrow integer column would be widened just to be skipped.
            guard case .text(let codes, let dict) = c.canonical else { continue }
            let flags = dict.strings.map(risky)
            guard flags.contains(true) else { continue }
            for i in 0..<c.count where !c.isNull(i) && flags[Int(codes[i])] { count += 1 }
            if escape {
                var b = TextDictionaryBuilder(capacity: dict.count)
                let remap = dict.strings.enumerated().map { b.intern(flags[$0.offset] ? "'" + $0.element : $0.element) }
                columns[k] = Column(.text(codes: codes.map { remap[Int($0)] }, dictionary: b.build()), validity: c.validity)
            }
        }
        return (count, Table(names: t.names, columns: columns, rowCount: t.rowCount, origin: t.origin))
    }
}

/// A Frictionless Table Schema (specs.frictionlessdata.io/table-schema) beside an exported CSV:
/// each column's name and type, and the empty cell as the missing value. `load` reads it back,
/// so types survive a round trip exactly (a text column of digits stays text).
enum TableSchemaFile {
    static func path(for csv: String) -> String { (csv as NSString).deletingPathExtension + ".schema.json" }

    static let names: [DataType: String] = [.int: "integer", .float: "number", .text: "string", .bool: "boolean", .date: "date", .null: "any"]

    static func encode(_ s: Schema) -> String {
        let fields = zip(s.names, s.types).map { name, type in
            "    {\"name\": \(TableRenderer.jsonString(name)), \"type\": \"\(names[type] ?? "string")\"}"
        }
        return "{\n  \"fields\": [\n" + fields.joined(separator: ",\n") + "\n  ],\n  \"missingValues\": [\"\"]\n}\n"
    }

    /// The column types a schema file gives, or nil when there is none; a file that is not a
    /// table schema is an error naming it.
    static func types(forCSV path: String, shown: String) throws -> [String: DataType]? {
        let p = self.path(for: path)
        guard let data = FileManager.default.contents(atPath: p) else { return nil }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let fields = json["fields"] as? [[String: Any]] else {
            throw Diagnostic(.data, "\(self.path(for: shown)) is not a table schema (a JSON object with \"fields\")",
                             hint: "remove it, or write it with export … (schema = true)")
        }
        var out: [String: DataType] = [:]
        for f in fields {
            guard let name = f["name"] as? String else { continue }
            let t = (f["type"] as? String) ?? "string"
            out[name] = names.first { $0.value == t }?.key ?? .text
            if out[name] == .null { out[name] = .text }
        }
        return out
    }
}
