import Foundation

/// Office Open XML workbooks (`.xlsx`, `.xlsm`): one sheet read into a table (the header found
/// below titles, cells keeping their types), one sheet written (typed cells, text never a
/// formula).
public struct WorkbookFormat: FileFormat {
    public init() {}
    public var name: String { "Excel workbook" }
    public var extensions: [String] { ["xlsx", "xlsm"] }
    public var loadOptions: [String] { ["sheet", "range", "header", "null", "types", "decimal", "thousands"] }
    public var exportOptions: [String] { ["sheet"] }
    public var exportExtensions: [String] { ["xlsx"] }
    public var exportOptionNotes: [String: String] {
        ["escape_formulas": "text cells in an .xlsx are written as text and never run as formulas",
         "schema": "an .xlsx keeps each cell's type; load reads them back"]
    }

    static func options(_ s: LoadSettings) -> SheetOptions {
        var o = SheetOptions()
        o.sheet = s.sheet
        o.range = s.range
        o.header = s.headerRow.map { .row($0) } ?? (s.header ? .detect : .none)
        o.nullTokens = s.nullTokens
        o.types = s.types
        o.numbers = s.separators
        return o
    }

    public func read(_ r: ReadRequest) throws -> ReadResult {
        let result = try SheetReader.read(path: r.path, displayName: r.shown, options: Self.options(r.settings))
        return ReadResult(table: result.table, notes: result.notes)
    }

    public func checkExport(_ s: ExportSettings) -> Diagnostic? {
        guard let sheet = s.sheet, let problem = SheetWriter.sheetNameProblem(sheet) else { return nil }
        return Diagnostic(.usage, problem, hint: "Excel allows up to 31 characters and none of [ ] : * ? / \\")
    }

    public func write(_ table: Table, _ r: WriteRequest) throws {
        try SheetWriter.write(table, to: r.path, displayName: r.shown, sheet: r.settings.sheet)
    }
}

/// The old binary Excel format (`.xls`, BIFF8): named so that opening one says what to do
/// (save it as .xlsx) rather than reading it as text, and export of one points to .xlsx.
public struct LegacyWorkbookFormat: FileFormat {
    public init() {}
    public var name: String { "old Excel workbook" }
    public var extensions: [String] { ["xls"] }
    public var loadOptions: [String] { WorkbookFormat().loadOptions }
    public var canWrite: Bool { false }
    public var writeInstead: String? { "xlsx" }

    public func read(_ r: ReadRequest) throws -> ReadResult {
        // The workbook reader recognises the binary format and says how to convert it.
        try WorkbookFormat().read(r)
    }
}
