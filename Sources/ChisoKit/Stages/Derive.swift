/// `derive a = expr, …`: adds columns, or replaces one of the same name; later items see
/// earlier ones.
struct DeriveStage: Stage {
    static let keyword = "derive"
    static let help = Help.Topic(name: "derive", kind: "stage", usage: "derive name = expr, …",
        summary: "Adds columns (or replaces one of the same name). Later items may use earlier ones.",
        example: "from targets | derive width = hi - lo")

    var items: [Assignment]

    // derive -> 'derive' NAME '=' expr (',' NAME '=' expr)*
    static func parse(_ p: inout Parser) throws -> DeriveStage {
        DeriveStage(items: try p.assignments(what: "derive name = expression"))
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var out = input
        var bound: [(name: String, expr: Bound)] = []
        for a in items {
            let b = try context.binder(out).bind(a.expr)
            bound.append((a.name.text, b))
            if let i = out.index(of: a.name.text) { out.types[i] = b.type } else {
                out.names.append(a.name.text); out.types.append(b.type)
            }
        }
        return DeriveOperator(items: bound, schema: out, detail: context.text(node.span.after(node.keyword)))
    }
}

struct DeriveOperator: LocalOperator {
    /// One new column per item.
    func memoryNeeded(_ input: Frame) -> Int { input.rowCount * 8 * max(1, items.count) }
    let items: [(name: String, expr: Bound)]
    let schema: Schema
    let detail: String
    var name: String { "derive" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        // Each item sees the ones before it, so the frame grows one item at a time.
        var frame = input
        for (name, expr) in items {
            // Over a lookup join's right column (or another deferred item), an expression that
            // cannot fail is kept as itself: a later `group` or `where` computes it a piece at a
            // time and it is never written out whole; any other stage builds it when it reads it.
            if frame.selection == nil, expr.cannotFail, expr.columnsUsed.contains(where: frame.isUnbuilt) {
                frame = frame.settingColumns([(name, Frame.NewColumn.deferred(expr))])
                continue
            }
            frame = frame.settingColumns([(name, try context.evaluator(frame).eval(expr).column(frame.rowCount, as: expr.type))])
        }
        return frame
    }
}
