import Foundation

/// Delimited text: CSV (the delimiter detected from the header line unless given) and TSV
/// (tab-separated). A Frictionless Table Schema written beside the file by `export … (schema =
/// true)` gives the column types, so a round trip keeps them exactly.
public struct DelimitedFormat: FileFormat {
    public let name: String
    public let extensions: [String]
    /// The delimiter export writes when none is given.
    let writtenDelimiter: UInt8

    public static let csv = DelimitedFormat(name: "CSV", extensions: ["csv"], writtenDelimiter: UInt8(ascii: ","))
    public static let tsv = DelimitedFormat(name: "TSV", extensions: ["tsv", "tab"], writtenDelimiter: 9)

    public var loadOptions: [String] { ["delim", "header", "null", "types", "decimal", "thousands", "encoding"] }
    /// A .tsv is tab-separated by its name: no delim.
    public var exportOptions: [String] {
        writtenDelimiter == 9 ? ["escape_formulas", "schema", "decimal"] : ["escape_formulas", "schema", "delim", "decimal"]
    }

    public var exportOptionNotes: [String: String] {
        writtenDelimiter == 9 ? ["delim": "a .tsv is tab-separated; for another delimiter export a .csv (delim = \";\")"] : [:]
    }

    public func check(_ s: LoadSettings) throws {
        if let at = s.spans["header"], s.headerRow != nil {
            throw Diagnostic(.type, "a \(name) file's header is its first line: header = true or false", at: at)
        }
        if let name = s.encoding, TextEncoding(name: name) == nil {
            throw Diagnostic(.type, "unknown encoding '\(name)'", at: s.spans["encoding"],
                             hint: "encodings: " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if s.separators != .standard, let d = s.delimiter, d == s.separators.decimal || d == s.separators.thousands {
            throw Diagnostic(.type, "the delimiter is also a number separator", at: s.spans["decimal"] ?? s.spans["thousands"],
                             hint: "files with decimal commas separate fields with ';' (delim = \";\")")
        }
    }

    func options(_ r: ReadRequest, types: [String: DataType]? = nil) -> CSVOptions {
        var o = CSVOptions()
        o.delimiter = r.settings.delimiter
        o.header = r.settings.header
        o.nullTokens = r.settings.nullTokens
        o.types = types ?? r.settings.types
        o.separators = r.settings.separators
        o.encoding = r.settings.encoding.flatMap(TextEncoding.init(name:)) ?? .utf8
        o.progress = r.progress
        return o
    }

    /// The types a schema file beside the data gives, when none were given in the load.
    func schemaTypes(_ r: ReadRequest) throws -> [String: DataType]? {
        guard r.settings.types.isEmpty else { return nil }
        return try TableSchemaFile.types(forCSV: r.path, shown: r.shown)
    }

    public func schema(_ r: ReadRequest) throws -> Schema? {
        let types = try schemaTypes(r)
        let sniffed = try CSVReader.sniff(path: r.path, displayName: r.shown, options: options(r, types: types))
        // A ';' or tab file with text columns may hold decimal commas, which the read finds on
        // every cell: its schema is the read's, so `chiso check` binds what the run will see.
        if r.settings.spans["decimal"] == nil && r.settings.spans["thousands"] == nil && r.settings.types.isEmpty && types == nil,
           r.path != "-", sniffed.types.contains(.text),
           [UInt8(ascii: ";"), 9].contains(try CSVReader.delimiter(path: r.path, displayName: r.shown, options: options(r))) {
            return Schema(try read(r).table)
        }
        return sniffed
    }

    public func read(_ r: ReadRequest) throws -> ReadResult {
        let types = try schemaTypes(r)
        let table = try CSVReader.read(path: r.path, displayName: r.shown, options: options(r, types: types))
        let notes = types == nil ? [] : ["using the schema \(TableSchemaFile.path(for: r.shown))"]
        if r.settings.spans["decimal"] == nil && r.settings.spans["thousands"] == nil && r.settings.types.isEmpty && types == nil && r.path != "-" {
            if let (again, note) = try decimalCommas(table, r) {
                return ReadResult(table: again, notes: notes + [note])
            }
        }
        return ReadResult(table: table, notes: notes)
    }

    /// An office's file written for people in a Vietnamese or European locale: `;` between
    /// fields and numbers like `10,5` or `1.234,5`, which the default read leaves as text. When
    /// the delimiter is `;` and every cell of such columns agrees, the file is read again with
    /// decimal = "," (and thousands = "." where a column groups digits with dots), and a note
    /// says so; with any other delimiter, or when reading it so would turn another column back
    /// into text, the note only says what the columns look like and the option to give.
    func decimalCommas(_ table: Table, _ r: ReadRequest) throws -> (Table, String)? {
        var candidates: [String] = []
        var dotGroups = false
        for (k, c) in table.columns.enumerated() {
            guard case .text(_, let dict) = c.storage, dict.count > 0 else { continue }
            var anyComma = false, anyDots = false
            var all = true
            // Stops at the first cell that is not such a number: an id column costs one look.
            for code in 0..<dict.count {
                let text = dict.string(Int32(code))
                if text.isEmpty { continue }
                guard let shape = Self.decimalCommaShape(text) else { all = false; break }
                anyComma = anyComma || shape.comma
                anyDots = anyDots || shape.dots
            }
            // "10,5" or "3.419.000" (a lone "1.234" would have read as a number already).
            if all && (anyComma || anyDots) {
                candidates.append(table.names[k])
                dotGroups = dotGroups || anyDots
            }
        }
        guard !candidates.isEmpty else { return nil }
        let list = candidates.map { "'\($0)'" }.joined(separator: ", ")
        let option = dotGroups ? "(decimal = \",\", thousands = \".\")" : "(decimal = \",\")"
        let delimiter = try CSVReader.delimiter(path: r.path, displayName: r.shown, options: options(r))
        guard delimiter == UInt8(ascii: ";") || delimiter == 9 else {
            return (table, "column\(candidates.count == 1 ? "" : "s") \(list) of \(r.shown) hold\(candidates.count == 1 ? "s" : "") numbers written with decimal commas (10,5\(dotGroups ? "; 1.234.000" : "")), read as text (the file separates fields with commas too): derive \(candidates[0]) = float(replace(\(candidates[0]), \",\", \".\"))")
        }
        var settings = r.settings
        settings.separators = NumberSeparators(decimal: UInt8(ascii: ","), thousands: dotGroups ? UInt8(ascii: ".") : nil)
        var again = r
        again.settings = settings
        let second = try CSVReader.read(path: r.path, displayName: r.shown, options: options(again))
        // Every column that was a number must still be one, and every candidate must now be one.
        for (k, c) in table.columns.enumerated() where c.type.isNumeric && second.columns[k].type == .text {
            return (table, "columns \(list) of \(r.shown) look like numbers with decimal commas, but '\(table.names[k])' holds numbers with decimal points: read as text; give \(option) to read them, or fix the file")
        }
        guard candidates.allSatisfy({ second.column($0)?.type.isNumeric == true }) else { return nil }
        return (second, "\(r.shown): column\(candidates.count == 1 ? "" : "s") \(list) hold\(candidates.count == 1 ? "s" : "") numbers written for people (10,5\(dotGroups ? "; 1.234.000" : "")): read as numbers, as \(option) says; give decimal = \".\" to keep them text")
    }

    /// Whether a cell reads as a number written with a decimal comma or dot thousands groups:
    /// "10,5", "-0,25", "1.234,5", "1.234.567"; nil for anything else ("2.5" is a decimal point).
    static func decimalCommaShape(_ text: String) -> (comma: Bool, dots: Bool)? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return nil }
        if parts.count == 2 { guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil } }
        let groups = whole.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy({ $0.isASCII && $0.isNumber }) }) else { return nil }
        if groups.count > 1 {
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        return (parts.count == 2, groups.count > 1)
    }

    public func checkExport(_ s: ExportSettings) -> Diagnostic? {
        guard s.decimalComma, (s.delimiter ?? writtenDelimiter) == UInt8(ascii: ",") else { return nil }
        return Diagnostic(.usage, "a decimal comma needs another delimiter than the comma",
                          hint: "(delim = \";\", decimal = \",\"), as Excel reads in a Vietnamese or European locale")
    }

    public func write(_ table: Table, _ r: WriteRequest) throws {
        try CSVWriter.write(table, to: r.path, displayName: r.shown, threads: r.threads,
                            delimiter: r.settings.delimiter ?? writtenDelimiter, decimalComma: r.settings.decimalComma)
        if r.settings.writeSchema {
            try AtomicFile.write(Array(TableSchemaFile.encode(Schema(table)).utf8), to: TableSchemaFile.path(for: r.path),
                                 displayName: TableSchemaFile.path(for: r.shown))
        }
    }
}
