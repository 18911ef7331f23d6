/// `distinct`: drops repeated rows, keeping the first of each.
struct DistinctStage: Stage {
    static let keyword = "distinct"
    static let help = Help.Topic(name: "distinct", kind: "stage", usage: "distinct",
        summary: "Removes repeated rows, keeping the first of each.",
        example: "from targets | select plan | distinct")

    // distinct -> 'distinct'
    static func parse(_ p: inout Parser) throws -> DistinctStage { DistinctStage() }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        DistinctOperator(schema: input)
    }
}

struct DistinctOperator: LocalOperator {
    let schema: Schema
    var name: String { "distinct" }
    var detail: String { "" }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let index = GroupIndex(keys: input.columns, rowCount: input.rowCount, threads: Parallelism.threads)
        return input.selecting(index.firstRows, ascending: true)
    }
}
