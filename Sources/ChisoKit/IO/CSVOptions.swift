/// How a CSV file is read. Every field has a default that suits the usual file, so
/// `load "x.csv"` needs no options.
public struct CSVOptions: Sendable {
    /// nil: detected from the header line (the most frequent of `,` `;` tab outside quotes).
    public var delimiter: UInt8?
    public var header = true
    /// Cell texts read as null besides the empty cell (e.g. "NA").
    public var nullTokens: [String] = []
    /// Types forced for named columns instead of inferred ones.
    public var types: [String: DataType] = [:]
    /// Decimal and thousands separators (`1.234,5` with decimal "," and thousands ".").
    public var separators = NumberSeparators.standard
    /// The file's encoding; anything but UTF-8 is decoded to UTF-8 before reading.
    public var encoding = TextEncoding.utf8
    /// Rows sampled to infer types before the full read (types are widened, and the file read
    /// again, if a later value does not fit).
    public var sampleRows = 1000
    /// Files with at least this many bytes of data are read by two threads.
    public var parallelMinBytes = 8 << 20
    /// Plain records (no quotes) are parsed as they are scanned (`CSVPlainRecord`); off only
    /// in the tests that hold that path to the general one.
    var plainRecords = true

    /// Called now and then, possibly from two threads at once, with the bytes and rows read
    /// since the last call.
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init() {}
}
