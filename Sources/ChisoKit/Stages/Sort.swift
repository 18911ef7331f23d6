/// `sort a, -b`: multi-key, `-` descending, nulls last whatever the direction, stable.
struct SortStage: Stage {
    static let keyword = "sort"
    static let help = Help.Topic(name: "sort", kind: "stage", usage: "sort key, -key, …",
        summary: "Orders rows by one or more keys; '-' sorts descending. Nulls come last either way; ties keep their order. Text sorts ignoring diacritics first (a < Â < b).",
        example: "from targets | sort -lo, plan")

    struct Key: Sendable {
        var expr: Expr
        var descending: Bool
    }

    var keys: [Key]

    // sort -> 'sort' ['-' | '+'] expr (',' ['-' | '+'] expr)*
    static func parse(_ p: inout Parser) throws -> SortStage { SortStage(keys: try keys(&p)) }

    /// The key list, shared with `window … sort …`.
    static func keys(_ p: inout Parser) throws -> [Key] {
        var out: [Key] = []
        repeat {
            var desc = false
            if p.acceptSymbol("-") { desc = true } else { _ = p.acceptSymbol("+") }
            if let w = p.current.identifier?.lowercased(), w == "desc" || w == "asc", p.tokens[p.pos + 1].identifier != nil {
                throw p.error("chiso writes sort -x for descending (and sort x for ascending)", hint: "sort \(w == "desc" ? "-" : "")\(p.tokens[p.pos + 1].identifier!)")
            }
            let e = try p.additive()
            if let w = p.current.identifier?.lowercased(), w == "desc" || w == "asc" {
                throw p.error("chiso writes sort -x for descending (and sort x for ascending)", hint: "sort \(w == "desc" ? "-" : "")\(p.source.slice(e.span))")
            }
            out.append(Key(expr: e, descending: desc))
        } while p.acceptSymbol(",")
        return out
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let binder = context.binder(input)
        return SortOperator(keys: try keys.map { (try binder.bind($0.expr), $0.descending) }, schema: input,
                            detail: context.text(node.span.after(node.keyword)))
    }
}

struct SortOperator: LocalOperator {
    /// Each key's column, the order and the sort's scratch (the rows are gathered lazily).
    func memoryNeeded(_ input: Frame) -> Int { input.rowCount * (24 + 8 * keys.count) }
    let keys: [(expr: Bound, descending: Bool)]
    let schema: Schema
    let detail: String
    var name: String { "sort" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let ev = context.evaluator(input)
        let cols = try keys.map { try ev.eval($0.expr).column(input.rowCount, as: $0.expr.type) }
        // `sort … | take k` with a small k: the first k rows only (a heap), not the whole order.
        if let k = context.rowLimit, k <= 10_000, input.rowCount >= 65_536, input.rowCount > 8 * k {
            let order = try SortOrder.top(cols, descending: keys.map(\.descending), rowCount: input.rowCount, k: k)
            return input.sorted(SortOrder.Permutation(order: order, positions: nil))
        }
        return input.sorted(try SortOrder.sorted(cols, descending: keys.map(\.descending), rowCount: input.rowCount))
    }
}
