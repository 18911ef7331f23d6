/// `select a, b = expr, …` keeps, renames and computes columns; `select -a, -b` drops columns.
struct SelectStage: Stage {
    static let keyword = "select"
    static let help = Help.Topic(name: "select", kind: "stage", usage: "select col, new = expr, … | select -col, …",
        summary: "Chooses, renames or computes the output columns; '-col' drops columns instead.",
        example: "from targets | select plan, indicator, target = lo")

    enum Item: Sendable {
        /// `expr` or `new = expr`; a bare column keeps its name.
        case keep(name: Name?, expr: Expr)
        /// `-col`
        case drop(Name)
    }

    var items: [Item]

    // select -> 'select' item (',' item)* ; item -> '-' NAME | NAME '=' expr | expr
    static func parse(_ p: inout Parser) throws -> SelectStage {
        var out: [Item] = []
        repeat {
            if p.acceptSymbol("-") {
                out.append(.drop(try p.name("a column to drop")))
                continue
            }
            if let id = p.current.identifier, p.tokens[p.pos + 1].isSymbol("=") {
                let n = Name(text: id, span: p.advance().span)
                _ = p.advance()
                out.append(.keep(name: n, expr: try p.expression()))
            } else {
                out.append(.keep(name: nil, expr: try p.expression()))
            }
        } while p.acceptSymbol(",")
        return SelectStage(items: out)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let binder = context.binder(input)
        var outputs: [(name: String, expr: Bound)] = []
        var spans: [Span] = []
        let drops = items.compactMap { if case .drop(let n) = $0 { return n } else { return nil } }
        if !drops.isEmpty {
            guard drops.count == items.count else {
                throw context.error(.syntax, "select either keeps columns or drops them (-col), not both", node.span,
                                    hint: "use two stages: select a, b | select -c")
            }
            var dropped = Set<String>()
            for d in drops { dropped.insert(input.names[try context.column(d, in: input)]) }
            for (i, n) in input.names.enumerated() where !dropped.contains(n) {
                outputs.append((n, Bound(node: .column(i), type: input.types[i], span: node.span)))
            }
        } else {
            for item in items {
                guard case .keep(let name, let e) = item else { continue }
                let b = try binder.bind(e)
                let outName: String
                if let name { outName = name.text } else if case .column(let c) = e.kind { outName = c } else {
                    throw context.error(.syntax, "name this expression", e.span,
                                        hint: "select new_name = \(context.source.slice(e.span))")
                }
                outputs.append((outName, b)); spans.append(name?.span ?? e.span)
            }
            try context.checkUnique(outputs.map(\.name), spans)
        }
        return SelectOperator(outputs: outputs, schema: Schema(names: outputs.map(\.name), types: outputs.map(\.expr.type)),
                              detail: context.text(node.span.after(node.keyword)))
    }
}

struct SelectOperator: LocalOperator {
    /// Output columns in order: each an expression over the input.
    let outputs: [(name: String, expr: Bound)]
    let schema: Schema
    let detail: String
    var name: String { "select" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        // Plain column references stay lazy; computed items are evaluated now.
        let plain = outputs.compactMap { o -> Int? in if case .column(let i) = o.expr.node { return i } else { return nil } }
        if plain.count == outputs.count { return input.projecting(plain, names: outputs.map(\.name)) }
        let ev = context.evaluator(input)
        let cols = try outputs.map { try ev.eval($0.expr).column(input.rowCount, as: $0.expr.type) }
        return input.replacingColumns(names: outputs.map(\.name), columns: cols)
    }
}
