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
        // A condition on a lookup join's right column or a deferred derive: computed a piece
        // at a time, so the column it reads is never built for every row.
        let used = predicate.columnsUsed
        if used.contains(where: { input.isUnbuilt($0) || input.lookup($0) != nil }) {
            let blocks = input.blockSource(context.source, reading: used)
            // Each block writes its kept rows into room for all of them, then the blocks' rows
            // are copied into place side by side.
            let parts = try blocks.mapBlocks(KeptRows?.none) { kept, rows, ev in
                let block = kept ?? KeptRows(capacity: WholeColumnSums.block)
                block.count += try ev.eval(predicate).writeSelected(rows.count, offset: Int32(rows.lowerBound),
                                                                    into: block.rows + block.count)
                kept = block
            }
            let starts = parts.reduce(into: [0]) { $0.append($0.last! + ($1?.count ?? 0)) }
            let selected = [Int32].filled(count: starts.last!) { out in
                let dst = SharedBuffer(out)
                Parallelism.perform(parts.count) { b in
                    if let p = parts[b] { (dst.base + starts[b]).initialize(from: p.rows, count: p.count) }
                }
            }
            return input.selecting(selected, ascending: true)
        }
        return input.selecting(try context.evaluator(input).eval(predicate).selectedRows(input.rowCount), ascending: true)
    }
}

/// One block's kept rows (a `where` computed a piece at a time).
private final class KeptRows: @unchecked Sendable {
    let rows: UnsafeMutablePointer<Int32>
    var count = 0
    init(capacity: Int) { rows = .allocate(capacity: capacity) }
    deinit { rows.deallocate() }
}
