/// `where condition`: keeps the rows where the condition is true (null counts as false).
struct WhereStage: Stage {
    static let keyword = "where"
    static let help = Help.Topic(name: "where", kind: "stage", usage: "where condition",
        summary: "Keeps rows where the condition is true (null counts as false).",
        example: "from targets | where year == 2030 and op != \"~\"")

    var condition: Expr

    // where -> 'where' expr
    static func parse(_ p: inout Parser) throws -> WhereStage { WhereStage(condition: try p.expression()) }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let binder = context.binder(input)
        let b = try binder.bind(condition)
        try binder.expectBool(b, "where")
        return FilterOperator(predicate: b, schema: input, detail: context.text(condition.span))
    }
}

struct FilterOperator: LocalOperator {
    /// The predicate's values and the selection: `where` gathers nothing.
    func memoryNeeded(_ input: Frame) -> Int { input.rowCount * 12 }
    let predicate: Bound
    let schema: Schema
    let detail: String
    var name: String { "where" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        input.selecting(try context.evaluator(input).eval(predicate).selectedRows(input.rowCount), ascending: true)
    }
}
