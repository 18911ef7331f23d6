import Foundation

/// One kind of file chiso reads or writes, declared in one file under `IO/Formats/` (or, for a
/// format that needs a C library, in that library's module) and found through `FileFormats` by
/// its extension. `load`, `from "f.ext"`, `export`, `chiso check`, `describe` and Tab completion
/// ask the registry; none of them names a format.
public protocol FileFormat: Sendable {
    /// How messages name it: "CSV", "an Excel workbook" is said as "Excel workbook (.xlsx)".
    var name: String { get }
    /// Lower-case extensions without the dot; the first is the one messages show.
    var extensions: [String] { get }
    /// The `load` options it takes. Any other known option is a located error naming the
    /// formats that do take it.
    var loadOptions: [String] { get }
    /// The `export` options it takes.
    var exportOptions: [String] { get }
    var canRead: Bool { get }
    var canWrite: Bool { get }
    /// The extensions export writes it under (a workbook is written as .xlsx, never .xlsm).
    var exportExtensions: [String] { get }
    /// For a format chiso reads but does not write: the extension to export instead.
    var writeInstead: String? { get }
    /// Why an export option of another format has no place here, where there is more to say
    /// than that it does not apply ("text cells in an .xlsx are never run as formulas").
    var exportOptionNotes: [String: String] { get }
    /// Checks what only this format can check of the options given (an encoding it does not
    /// know, a header row for a file whose header is its first line), before any row is read.
    func check(_ settings: LoadSettings) throws
    /// The columns and types without reading the rows (the catalog, `chiso check`, `explain
    /// plan`); nil when the format must be read whole to know them.
    func schema(_ request: ReadRequest) throws -> Schema?
    func read(_ request: ReadRequest) throws -> ReadResult
    /// Checks export settings beyond which options apply (a sheet name Excel refuses).
    func checkExport(_ settings: ExportSettings) -> Diagnostic?
    func write(_ table: Table, _ request: WriteRequest) throws
}

extension FileFormat {
    public var canRead: Bool { true }
    public var canWrite: Bool { true }
    public var exportOptions: [String] { [] }
    public var exportExtensions: [String] { canWrite ? extensions : [] }
    public var writeInstead: String? { nil }
    public var exportOptionNotes: [String: String] { [:] }
    public func check(_ settings: LoadSettings) throws {}
    public func schema(_ request: ReadRequest) throws -> Schema? { nil }
    public func checkExport(_ settings: ExportSettings) -> Diagnostic? { nil }
    /// "CSV (.csv)": a format as a list names it.
    public var shortTitle: String { "\(name) (.\(extensions[0]))" }
    /// "CSV (.csv)", every extension.
    public var title: String { "\(name) (" + extensions.map { "." + $0 }.joined(separator: ", ") + ")" }
    public func read(_ request: ReadRequest) throws -> ReadResult {
        throw Diagnostic(.usage, "chiso does not read \(title) files", hint: "export writes them; load reads " + FileFormats.readable.map(\.title).joined(separator: ", "))
    }
    public func write(_ table: Table, _ request: WriteRequest) throws {
        throw Diagnostic(.usage, "chiso does not write \(title) files", hint: "export writes " + FileFormats.writable.map { "." + $0.extensions[0] }.joined(separator: ", "))
    }
}

/// What a reader is asked for.
public struct ReadRequest: Sendable {
    /// The path to open (resolved against the script's folder).
    public var path: String
    /// The path as the user wrote it, for messages.
    public var shown: String
    public var settings: LoadSettings
    /// Bytes and rows read since the last call (the progress line); may be called from two threads.
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(path: String, shown: String, settings: LoadSettings, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.path = path; self.shown = shown; self.settings = settings; self.progress = progress
    }
}

/// What a reader gives back: the rows, what it decided or met (shown as notices), and what the
/// file said about each column beyond its values.
public struct ReadResult: Sendable {
    public var table: Table
    public var notes: [String]
    public var variables: [String: VariableInfo]

    public init(table: Table, notes: [String] = [], variables: [String: VariableInfo] = [:]) {
        self.table = table; self.notes = notes; self.variables = variables
    }
}

/// What a statistics file says about a variable besides its values: the question's wording,
/// the label of each code, which codes mean "missing". Kept in the catalog, shown by
/// `describe`, written back by `export` to formats that hold them.
public struct VariableInfo: Sendable, Equatable {
    /// The variable label ("Khu vực thành thị/nông thôn").
    public var label: String?
    /// The label set's name in the file (Stata's `label define` name), if it has one.
    public var labelSet: String?
    /// Each code and its label, in the file's order.
    public var valueLabels: [(code: Value, label: String)] = []
    /// Whether the column holds the labels as text (the default read) rather than the codes.
    public var readAsLabels = false
    /// Codes the file declares missing, as it states them ("97", "98-99", ".a").
    public var missingCodes: [String] = []
    /// The same codes as numbers (SPSS user-missing values and ranges), for writing them back.
    public var missingRanges: [ClosedRange<Double>] = []
    /// The file's display format ("%td", "F8.2", "DATE9").
    public var format: String?

    public init(label: String? = nil) { self.label = label }

    public static func == (a: VariableInfo, b: VariableInfo) -> Bool {
        a.label == b.label && a.labelSet == b.labelSet && a.readAsLabels == b.readAsLabels && a.missingCodes == b.missingCodes && a.missingRanges == b.missingRanges
            && a.format == b.format && a.valueLabels.count == b.valueLabels.count
            && zip(a.valueLabels, b.valueLabels).allSatisfy { $0.code == $1.code && $0.label == $1.label }
    }

    /// "1 = Thành thị, 2 = Nông thôn".
    public var valueLabelText: String {
        valueLabels.map { "\($0.code) = \($0.label)" }.joined(separator: ", ")
    }
}

/// What a writer is asked for.
public struct WriteRequest: Sendable {
    public var path: String
    public var shown: String
    public var settings: ExportSettings
    public var threads: Int
    /// Labels known for the table's columns (from the files they were loaded from), by name.
    public var variables: [String: VariableInfo]

    public init(path: String, shown: String, settings: ExportSettings, threads: Int, variables: [String: VariableInfo] = [:]) {
        self.path = path; self.shown = shown; self.settings = settings; self.threads = threads; self.variables = variables
    }
}
