import Foundation

/// `export "path.csv" [(escape_formulas = true, schema = true)]`: writes the rows so far
/// (atomically) and passes them on.
struct ExportStage: Stage {
    static let keyword = "export"
    static let help = Help.Topic(name: "export", kind: "stage", usage: "export \"path.csv\" [(escape_formulas = true, schema = true, delim = \";\", decimal = \",\")] | export \"path.xlsx\" [sheet \"name\"] | export \"path.tsv|.md|.json\" | export pg.schema.table [replace]",
        summary: "Writes the rows so far as CSV (tab-separated for .tsv), as an Excel workbook for .xlsx (one sheet, typed cells, bold header, text never a formula), as a Markdown table for .md or as JSON records for .json, and passes them on; any other extension is an error listing these. For the office's Excel in a Vietnamese or European locale, (delim = \";\", decimal = \",\") writes ';' between fields and decimal commas (load reads it back with the same options); sheet \"…\" names a workbook's sheet (else the file's name). An option that does not apply to the format is an error. The file is written to a temporary name and renamed into place, so a failed export never leaves a partial file. Text cells starting with = + - or @ are counted and warned of (a spreadsheet may run them as formulas); escape_formulas = true writes them with a leading '. schema = true writes a Frictionless Table Schema (path.schema.json) beside the file, which load then uses, so the reload has exactly the same types. export pg.schema.table writes a new table of an attached database (bigint, double precision, text, boolean, date) with COPY, in one transaction: all rows or none; an existing table is refused unless 'replace' is said.",
        example: "from targets | where plan == \"nghe-an-347-2023\" | export \"out.csv\"")
    static let sendsRowsElsewhere = true
    static let completionWords = ["escape_formulas", "schema", "true", "false", "replace"]

    var path: String
    var pathSpan: Span
    var escapeFormulas = false
    var schema = false
    /// How a CSV is written (delim, decimal) and a workbook's sheet name.
    var settings = ExportSettings()
    /// Where each option was given, for errors about options that do not apply.
    var optionSpans: [String: Span] = [:]
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
        // sheet "…" (a workbook's sheet, as load reads one) and the options in brackets, either order.
        while true {
            if p.current.isWord("sheet") {
                let at = p.advance().span
                guard s.optionSpans["sheet"] == nil else { throw p.error("'sheet' is given twice", at: at) }
                let (name, nameSpan) = try p.stringLiteral("a sheet name in quotes", hint: "export \"report.xlsx\" sheet \"Tổng hợp\"")
                s.settings.sheet = name
                s.optionSpans["sheet"] = at.to(nameSpan)
            } else if p.current.isSymbol("("), s.optionSpans["("] == nil {
                s.optionSpans["("] = p.advance().span
                repeat { try s.parseOption(&p) } while p.acceptSymbol(",")
                _ = try p.expectSymbol(")", hint: "close the options with ')'")
            } else {
                break
            }
        }
        return s
    }

    /// name = true|false (escape_formulas, schema) or name = "c" (delim, decimal).
    mutating func parseOption(_ p: inout Parser) throws {
        let n = try p.name("an export option", hint: "escape_formulas = true, schema = true, delim = \";\" or decimal = \",\"")
        let optionNames = FileFormats.exportOptionNames.filter { $0 != "sheet" }
        guard optionNames.contains(n.text) else {
            throw p.error("unknown export option '\(n.text)'", at: n.span,
                          hint: NameSuggestion.hint(for: n.text, in: optionNames) ?? "options: " + optionNames.joined(separator: ", "))
        }
        guard optionSpans[n.text] == nil else { throw p.error("'\(n.text)' is given twice", at: n.span) }
        _ = try p.expectSymbol("=", hint: n.text == "delim" ? "delim = \";\"" : n.text == "decimal" ? "decimal = \",\"" : "\(n.text) = true")
        switch n.text {
        case "delim", "decimal":
            let (v, at) = try p.stringLiteral("one character in quotes", hint: n.text == "delim" ? "delim = \";\"" : "decimal = \",\"")
            optionSpans[n.text] = n.span.to(at)
            if n.text == "delim" {
                guard v.utf8.count == 1, let b = v.utf8.first, b != 34, b != 10, b != 13 else {
                    throw p.error("a delimiter is one character, not a quote or a line break", at: at, hint: "delim = \";\" (or \"\\t\", \"|\")")
                }
                settings.delimiter = b
            } else {
                guard v == "." || v == "," else { throw p.error("the decimal mark is \".\" or \",\"", at: at, hint: "decimal = \",\"") }
                settings.decimalComma = v == ","
            }
        default:
            let v: Bool
            if p.acceptWord("true") { v = true } else if p.acceptWord("false") { v = false } else {
                throw p.expected("true or false", hint: "\(n.text) = true")
            }
            optionSpans[n.text] = n.span
            if n.text == "escape_formulas" { escapeFormulas = v } else { schema = v }
        }
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        if let target = databaseTable {
            return try DatabaseExportOperator.bind(target, parts: databaseParts, replace: replace, input, &context)
        }
        // An export writes what its name says, or refuses: never CSV under another name.
        let ext = FileFormats.fileExtension(path)
        let format = FileFormats.format(forPath: path)
        if let ext, FileFormats.format(forExtension: ext) == nil || !format.canWrite || !format.exportExtensions.contains(ext) {
            let instead = FileFormats.format(forExtension: ext)?.writeInstead.map { " (export \"\(path.dropLast(ext.count))\($0)\")" } ?? ""
            throw context.error(.usage, "chiso does not write .\(ext) files", pathSpan,
                                hint: "export writes " + FileFormats.writable.flatMap { $0.exportExtensions }.map { "." + $0 }.joined(separator: ", ") + instead)
        }
        // Options that do not apply to what the extension writes are errors, never ignored.
        for (option, at) in optionSpans.sorted(by: { $0.value.start < $1.value.start }) where option != "(" && !format.exportOptions.contains(option) {
            let base = path.droppingPathExtension
            let elsewhere = FileFormats.writable.first { $0.exportOptions.contains(option) }.map { "to use it, export \"\(base).\($0.exportExtensions[0])\"" }
            throw context.error(.usage, "option '\(option)' applies to \(FileFormats.takingExportOption(option)), not to \(path) (\(format.name))", at,
                                hint: format.exportOptionNotes[option] ?? elsewhere)
        }
        var settings = settings
        settings.writeSchema = schema
        if var problem = format.checkExport(settings) {
            problem.span = optionSpans["decimal"] ?? optionSpans["sheet"] ?? pathSpan
            throw problem.inSource(context.source)
        }
        return ExportOperator(path: path, span: pathSpan, escapeFormulas: escapeFormulas, settings: settings, schema: input, format: format,
                              variables: (context.catalog.entry(context.sourceTable)?.variables ?? [:]).filter { input.index(of: $0.key) != nil })
    }
}

/// How export writes what it writes: a CSV's delimiter and decimal mark, a workbook's sheet.
public struct ExportSettings: Sendable {
    /// nil: the extension's (',' for .csv, tab for .tsv).
    public var delimiter: UInt8? = nil
    public var decimalComma = false
    public var sheet: String? = nil
    /// A Frictionless Table Schema beside a CSV (`schema = true`).
    public var writeSchema = false
}

struct ExportOperator: LocalOperator {
    let path: String
    let span: Span
    let escapeFormulas: Bool
    let settings: ExportSettings
    let schema: Schema
    let format: any FileFormat
    /// Labels of the source's columns (a statistics file's), for formats that write them back.
    let variables: [String: VariableInfo]
    var name: String { "export" }
    var detail: String {
        let options = [escapeFormulas ? "escape_formulas = true" : nil, settings.writeSchema ? "schema = true" : nil,
                       settings.delimiter.map { "delim = \"\(Character(Unicode.Scalar($0)))\"" }, settings.decimalComma ? "decimal = \",\"" : nil].compactMap { $0 }
        return "\"\(path)\"" + (settings.sheet.map { " sheet \"\($0)\"" } ?? "") + (options.isEmpty ? "" : " (" + options.joined(separator: ", ") + ")")
    }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        var table = input.table(origin: path)
        // Only text formats can carry a formula into a spreadsheet; a workbook's text cells are
        // written as text and a statistics file's as strings.
        let textual = format.exportOptions.contains("escape_formulas")
        let (count, escaped) = textual ? Formulas.scan(table, escape: escapeFormulas) : (0, table)
        if escapeFormulas { table = escaped }
        try context.export(table, path, format, settings, variables, span)
        if !escapeFormulas && count > 0 {
            context.warn("\(count) text cell\(count == 1 ? "" : "s") in \(path) start with =, +, - or @: a spreadsheet may run \(count == 1 ? "it" : "them") as a formula; export \"\(path)\" (escape_formulas = true) writes them with a leading '")
        }
        if settings.writeSchema { context.show(.notice("wrote the schema to \(TableSchemaFile.path(for: path))")) }
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
    /// The CSV's path with its extension replaced by ".schema.json".
    static func path(for csv: String) -> String { csv.droppingPathExtension + ".schema.json" }

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
