/// Column names and types of a table, known before any data is touched.
public struct Schema: Sendable, Equatable {
    public var names: [String]
    public var types: [DataType]

    public init(names: [String], types: [DataType]) {
        self.names = names
        self.types = types
    }

    public init(_ table: Table) {
        self.init(names: table.names, types: table.columns.map(\.type))
    }

    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// From (name, type) pairs.
    init(_ columns: [(String, DataType)]) {
        self.init(names: columns.map(\.0), types: columns.map(\.1))
    }
}
