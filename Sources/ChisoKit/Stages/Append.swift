/// `append T, U`: the rows of other tables after the rows so far (SQL's UNION ALL). Columns are
/// matched by name, not position, and every table must have the same names; an int column
/// meeting a float one becomes float, any other type clash is an error.
struct AppendStage: Stage {
    static let keyword = "append"
    static let help = Help.Topic(name: "append", kind: "stage", usage: "append table, …",
        summary: "Adds the rows of other tables after the rows so far, matching columns by name (each table must have the same column names; order may differ). Int and float make float; other type clashes are errors. Repeated rows are kept (use distinct to drop them).",
        example: "let later = from targets | where year == 2030\nfrom targets | where year == 2025 | append later")
    static let tableWords = ["append"]

    var tables: [Name]

    // append -> 'append' NAME (',' NAME)*
    static func parse(_ p: inout Parser) throws -> AppendStage {
        var tables: [Name] = []
        repeat { tables.append(try p.tableName("a table to append", hint: "append other_table")) } while p.acceptSymbol(",")
        return AppendStage(tables: tables)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var types = input.types
        var positions: [[Int]] = []
        for t in tables {
            let s = try context.tableSchema(t)
            let missing = input.names.filter { s.index(of: $0) == nil }
            let extra = s.names.filter { input.index(of: $0) == nil }
            guard missing.isEmpty && extra.isEmpty else {
                var parts: [String] = []
                if !missing.isEmpty { parts.append("lacks " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
                if !extra.isEmpty { parts.append("has " + extra.map { "'\($0)'" }.joined(separator: ", ") + " besides") }
                throw context.error(.name, "table '\(t.text)' \(parts.joined(separator: " and ")): append needs the same columns", t.span,
                                    hint: "select or derive the columns on both sides first")
            }
            var pos: [Int] = []
            for (k, name) in input.names.enumerated() {
                let i = s.index(of: name)!
                guard let u = DataType.unify(types[k], s.types[i]) else {
                    throw context.error(.type, "column '\(name)' is \(types[k]) here but \(s.types[i]) in '\(t.text)'", t.span,
                                        hint: "convert one side with derive, e.g. text(\(name)) or int(\(name))")
                }
                types[k] = u
                pos.append(i)
            }
            positions.append(pos)
        }
        return AppendOperator(tables: tables.map(\.text), positions: positions,
                              schema: Schema(names: input.names, types: types), detail: tables.map(\.text).joined(separator: ", "))
    }
}

struct AppendOperator: LocalOperator {
    let tables: [String]
    /// For each appended table, the position of each output column in it.
    let positions: [[Int]]
    let schema: Schema
    let detail: String
    var name: String { "append" }
    var tablesRead: [String] { tables }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let others = try tables.map { try context.table($0) }
        let columns = schema.types.enumerated().map { k, type in
            Column.concatenate([input.column(k)] + zip(others, positions).map { t, pos in t.columns[pos[k]] }, type: type)
        }
        return Frame(names: schema.names, columns: columns, rowCount: input.rowCount + others.reduce(0) { $0 + $1.rowCount })
    }
}
