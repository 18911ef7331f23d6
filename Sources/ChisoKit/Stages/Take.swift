/// `take N`: the first N rows.
struct TakeStage: Stage {
    static let keyword = "take"
    static let help = Help.Topic(name: "take", kind: "stage", usage: "take N",
        summary: "Keeps the first N rows.",
        example: "from targets | sort -lo | take 10")

    var count: Int

    // take -> 'take' INT
    static func parse(_ p: inout Parser) throws -> TakeStage {
        TakeStage(count: try p.rowCount(for: "take"))
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        TakeOperator(count: count, schema: input)
    }
}

struct TakeOperator: LocalOperator {
    /// Names and row ranges only.
    func memoryNeeded(_ input: Frame) -> Int { 0 }
    let count: Int
    let schema: Schema
    var name: String { "take" }
    var detail: String { String(count) }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        if count >= input.rowCount { return input }
        return input.selecting((0..<Int32(count)).map { $0 }, ascending: true)
    }
}
