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
        try CSVReader.sniff(path: r.path, displayName: r.shown, options: options(r, types: try schemaTypes(r)))
    }

    public func read(_ r: ReadRequest) throws -> ReadResult {
        let types = try schemaTypes(r)
        let table = try CSVReader.read(path: r.path, displayName: r.shown, options: options(r, types: types))
        return ReadResult(table: table, notes: types == nil ? [] : ["using the schema \(TableSchemaFile.path(for: r.shown))"])
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
