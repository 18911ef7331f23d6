/// A relation being written as SQL: the text of a `SELECT`, its visible columns (chiso's
/// names, each a quoted SQL identifier), and whether it carries the row order chiso promises.
///
/// Row order: SQL keeps no order between nested `SELECT`s, but chiso promises one after
/// `sort` (stable, and kept by `where`, `derive`, `select`, `take`, and as first appearance by
/// `group` and `distinct`). So a sort numbers its rows in a hidden column (`row_number()` over
/// the keys, ties broken by the previous order), later layers carry that number, and the final
/// query orders by it. Without a sort, the order of a database table's rows is the server's.
struct SQLRelation {
    var sql: String
    var names: [String]
    var ordered: Bool
    /// Layers written so far (each subquery gets its own alias).
    var depth: Int

    static let orderColumn = "__chiso_order"
    static var order: String { SQLText.identifier(orderColumn) }

    var columns: [String] { names.map(SQLText.identifier) }

    /// The visible columns, and the order column when there is one.
    var carried: [String] { columns + (ordered ? [Self.order] : []) }

    /// `SELECT items FROM (this) AS qN rest`.
    func wrap(_ items: [String], _ rest: String = "", names: [String], ordered: Bool? = nil, distinct: Bool = false) -> SQLRelation {
        let alias = "q\(depth + 1)"
        let text = (distinct ? "SELECT DISTINCT " : "SELECT ") + items.joined(separator: ", ") + " FROM (" + sql + ") AS " + alias + (rest.isEmpty ? "" : " " + rest)
        return SQLRelation(sql: text, names: names, ordered: ordered ?? self.ordered, depth: depth + 1)
    }

    /// The statement sent: visible columns only, in chiso's order when there is one.
    var finalSQL: String {
        ordered ? "SELECT " + columns.joined(separator: ", ") + " FROM (" + sql + ") AS q ORDER BY " + Self.order : sql
    }
}

/// What a SQL operator may use while it is written: the statement's parameters and the tables
/// it can name on the server (remote ones of the same database, and local ones uploaded).
struct SQLContext {
    var parameters = SQLParameters()
    /// The relation a catalog table is read as on this server, or nil (the operator stays local).
    let scan: (String) -> SQLRelation?
    /// Why the first operator left local stays local (for `explain plan`).
    var reason: String?
}

/// How an operator runs on the SQL backend: the relation it makes of its input's, or nil when
/// it cannot be said in SQL with the same meaning (it, and every operator after it, then run
/// locally on the rows the SQL part returned).
protocol SQLOperator: LogicalOperator {
    func sql(_ input: SQLRelation, _ context: inout SQLContext) -> SQLRelation?
}

extension SQLRelation {
    /// The scan of a remote table: every readable column, widened to chiso's types (so integer
    /// arithmetic is 64-bit and text compares as text). Text is put in NFC, as chiso puts every
    /// text it reads: a name typed with combining marks (as some Vietnamese keyboards write
    /// it) then groups, joins and compares equal to the same name precomposed, on the server as
    /// here. PostgreSQL skips the work for text already in NFC; only the columns a statement
    /// uses are computed.
    static func scan(_ t: RemoteTable, schema: Schema) -> SQLRelation {
        let items = zip(schema.names, schema.types).map { name, type -> String in
            let id = SQLText.identifier(name)
            if type == .text && t.normalizesText { return "normalize(\(id)::text, NFC) AS \(id)" }
            let native = t.types[name] ?? ""
            let same = (type == .int && native == "int8") || (type == .float && native == "float8")
                || (type == .text && native == "text") || type == .bool || type == .date
            return same ? id : id + "::" + RemoteColumn.postgresType(type) + " AS " + id
        }
        return SQLRelation(sql: "SELECT " + items.joined(separator: ", ") + " FROM " + t.sqlName,
                           names: schema.names, ordered: false, depth: 0)
    }
}
