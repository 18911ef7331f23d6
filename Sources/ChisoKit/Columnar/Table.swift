/// An immutable table: named columns of equal length.
public struct Table: Sendable {
    public var names: [String]
    public var columns: [Column]
    public var rowCount: Int
    /// Where the table came from (a file path, or the statement that made it), for `tables`.
    public var origin: String
    /// The survey design declared on it (`load … design (…)`), if any.
    public var design: SurveyDesign?
    /// What a reader must know about the data (the bundled survey: that it is synthetic).
    public var note: String?

    public init(names: [String], columns: [Column], rowCount: Int? = nil, origin: String = "") {
        precondition(names.count == columns.count)
        self.names = names
        self.columns = columns
        self.rowCount = rowCount ?? columns.first?.count ?? 0
        self.origin = origin
    }

    public var columnCount: Int { columns.count }

    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }

    /// Row i as values (tests and display).
    public func row(_ i: Int) -> [Value] { columns.map { $0.value(at: i) } }
}
