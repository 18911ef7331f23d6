/// `skip N`: drops the first N rows (SQL's OFFSET, pandas' iloc[N:]); with `take`, a page:
/// `skip 20 | take 10`.
struct SkipStage: Stage {
    static let keyword = "skip"
    static let help = Help.Topic(name: "skip", kind: "stage", usage: "skip N",
        summary: "Drops the first N rows and keeps the rest, in order; with take, one page of rows (skip 20 | take 10).",
        example: "from targets | sort -lo | skip 5 | take 5")

    var count: Int

    // skip -> 'skip' INT
    static func parse(_ p: inout Parser) throws -> SkipStage {
        SkipStage(count: try p.rowCount(for: "skip"))
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        SkipOperator(count: count, schema: input)
    }
}

struct SkipOperator: LocalOperator {
    /// Names and row ranges only.
    func memoryNeeded(_ input: Frame) -> Int { 0 }
    let count: Int
    let schema: Schema
    var name: String { "skip" }
    var detail: String { String(count) }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        if count == 0 { return input }
        let n = input.rowCount
        return input.selecting(count >= n ? [] : (Int32(count)..<Int32(n)).map { $0 }, ascending: true)
    }
}
