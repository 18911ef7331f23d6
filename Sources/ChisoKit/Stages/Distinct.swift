/// `distinct [a, b, …]`: drops repeated rows, keeping the first of each; with columns, the
/// distinct combinations of those columns (SQL's SELECT DISTINCT a, b).
struct DistinctStage: Stage {
    static let keyword = "distinct"
    static let help = Help.Topic(name: "distinct", kind: "stage", usage: "distinct [a, b, …]",
        summary: "Removes repeated rows, keeping the first of each. With columns, keeps those columns and their distinct combinations, in order of first appearance (SQL's SELECT DISTINCT a, b).",
        example: "from targets | distinct plan, year")

    var columns: [Name] = []

    // distinct -> 'distinct' [NAME (',' NAME)*]
    static func parse(_ p: inout Parser) throws -> DistinctStage {
        var columns: [Name] = []
        if p.current.identifier != nil {
            repeat { columns.append(try p.name("a column", hint: "distinct plan, year")) } while p.acceptSymbol(",")
        }
        return DistinctStage(columns: columns)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        guard !columns.isEmpty else { return DistinctOperator(schema: input) }
        let keys = try columns.map { try context.column($0, in: input) }
        try context.checkUnique(columns.map(\.text), columns.map(\.span))
        return DistinctOperator(schema: Schema(names: keys.map { input.names[$0] }, types: keys.map { input.types[$0] }), keys: keys)
    }
}

struct DistinctOperator: LocalOperator {
    let schema: Schema
    /// The columns whose combinations are kept (nil: every column).
    var keys: [Int]? = nil
    var name: String { "distinct" }
    var detail: String { keys == nil ? "" : schema.names.joined(separator: ", ") }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        guard let keys else {
            let index = GroupIndex(keys: input.columns, rowCount: input.rowCount, threads: Parallelism.threads)
            return input.selecting(index.firstRows, ascending: true)
        }
        let index = GroupIndex(keys: keys.map(input.column), rowCount: input.rowCount, threads: Parallelism.threads)
        return input.selecting(index.firstRows, ascending: true).projecting(keys, names: schema.names)
    }
}
