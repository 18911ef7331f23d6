/// Writing SQL safely: every name is a quoted identifier and every value a bound parameter, so
/// hostile table, column or value text is data, never SQL.
enum SQLText {
    /// `"name"`, with inner quotes doubled. A NUL cannot be in a PostgreSQL name: refused.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A typed null (a literal null needs a type in SQL; no user text goes into it).
    static func null(_ t: DataType) -> String { "NULL::" + RemoteColumn.postgresType(t) }
}

/// Collects the parameters of one statement while its text is written: `bind` returns `$k`.
struct SQLParameters {
    private(set) var values: [Value] = []

    mutating func bind(_ v: Value) -> String {
        values.append(v)
        // The type is said in the text too, so the server never guesses it from context.
        return "$\(values.count)::" + RemoteColumn.postgresType(v.type)
    }
}
