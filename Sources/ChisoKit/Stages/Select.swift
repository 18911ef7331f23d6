/// `select a, b = expr, …` keeps, renames and computes columns; `select -a, -b` drops columns.
/// Columns may be named by a pattern (`has_*`, `*_share`, `*`) or a range (`plan:lo`).
struct SelectStage: Stage {
    static let keyword = "select"
    static let help = Help.Topic(name: "select", kind: "stage", usage: "select col, new = expr, pattern*, first:last, … | select -col, -pattern*, …",
        summary: "Chooses, renames or computes the output columns; '-col' drops columns instead. A name with * stands for every column it matches (has_* , *_share; * alone for all the others), in the table's order, skipping those already chosen (select year, * moves year first); first:last is the columns from first to last as they stand. A pattern or range that matches nothing is an error.",
        example: "from survey | select year, province, has_* | take 3")

    /// Columns named by one item: a name, a pattern with '*', or a range a:b.
    enum Columns: Sendable {
        case name(Name)
        case pattern(String, Span)
        case range(Name, Name)
    }

    enum Item: Sendable {
        /// `new = expr`, or an expression (a bare column keeps its name).
        case keep(name: Name?, expr: Expr)
        /// `has_*`, `*`, `a:b`
        case keepColumns(Columns)
        /// `-col`, `-has_*`, `-a:b`
        case drop(Columns)
    }

    var items: [Item]

    // select -> 'select' item (',' item)* ; item -> '-' columns | NAME '=' expr | columns | expr
    // columns -> NAME | [NAME] '*' [NAME] (no spaces) | NAME ':' NAME
    static func parse(_ p: inout Parser) throws -> SelectStage {
        var out: [Item] = []
        repeat {
            if p.acceptSymbol("-") {
                guard let c = try columns(&p) else {
                    out.append(.drop(.name(try p.name("a column to drop"))))
                    continue
                }
                out.append(.drop(c))
                continue
            }
            if let id = p.current.identifier, p.tokens[p.pos + 1].isSymbol("=") {
                let n = Name(text: id, span: p.advance().span)
                _ = p.advance()
                out.append(.keep(name: n, expr: try p.expression()))
            } else if let c = try columns(&p) {
                out.append(.keepColumns(c))
            } else {
                out.append(.keep(name: nil, expr: try p.expression()))
            }
        } while p.acceptSymbol(",")
        return SelectStage(items: out)
    }

    /// A pattern or a range at the parser's position (nil for anything else). A '*' is part of
    /// a pattern only when it touches the name (has_*), so `a * 2` stays an expression.
    static func columns(_ p: inout Parser) throws -> Columns? {
        let t = p.current
        func touching(_ a: Token, _ b: Token) -> Bool { a.span.end == b.span.start }
        if t.isSymbol("*") {
            _ = p.advance()
            if let id = p.current.identifier, touching(t, p.current) {
                let end = p.advance().span
                return .pattern("*" + id, t.span.to(end))
            }
            return .pattern("*", t.span)
        }
        guard let id = t.identifier else { return nil }
        let next = p.tokens[p.pos + 1]
        if next.isSymbol("*"), touching(t, next) {
            _ = p.advance(); _ = p.advance()
            var text = id + "*", span = t.span.to(next.span)
            if let rest = p.current.identifier, touching(next, p.current) {
                text += rest; span = span.to(p.advance().span)
            }
            return .pattern(text, span)
        }
        if next.isSymbol(":") {
            let first = Name(text: id, span: p.advance().span)
            _ = p.advance()
            return .range(first, try p.name("the last column of the range", hint: "select plan:lo"))
        }
        return nil    // a plain name: an expression like any other
    }

    /// The input's column positions an item names, in the table's order; a pattern or range
    /// that names none is an error listing the columns.
    static func positions(_ c: Columns, in input: Schema, _ context: BindContext) throws -> [Int] {
        switch c {
        case .name(let n):
            return [try context.column(n, in: input)]
        case .pattern(let text, let span):
            let parts = text.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            let found = input.names.indices.filter { i in
                let n = input.names[i]
                return n.hasPrefix(parts.first!) && n.hasSuffix(parts.last!) && n.count >= parts.first!.count + parts.last!.count
            }
            guard !found.isEmpty else {
                throw context.error(.name, "no column matches '\(text)'", span, hint: "the columns are: " + input.names.joined(separator: ", "))
            }
            return found
        case .range(let a, let b):
            let i = try context.column(a, in: input), j = try context.column(b, in: input)
            guard i <= j else {
                throw context.error(.name, "'\(b.text)' comes before '\(a.text)' in the table", a.span.to(b.span), hint: "select \(b.text):\(a.text)")
            }
            return Array(i...j)
        }
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
            for d in drops { for i in try Self.positions(d, in: input, context) { dropped.insert(input.names[i]) } }
            for (i, n) in input.names.enumerated() where !dropped.contains(n) {
                outputs.append((n, Bound(node: .column(i), type: input.types[i], span: node.span)))
            }
        } else {
            // Names chosen one by one; a pattern skips them (select year, * puts year first).
            let named = Set(items.compactMap { item -> String? in
                if case .keep(nil, let e) = item, case .column(let c) = e.kind { return c }
                if case .keep(let n?, _) = item { return n.text }
                return nil
            })
            for item in items {
                if case .keepColumns(let c) = item {
                    let all = try Self.positions(c, in: input, context)
                    let skip: Bool = { if case .pattern = c { return true } else { return false } }()
                    for i in all where !(skip && (named.contains(input.names[i]) || outputs.contains { $0.name == input.names[i] })) {
                        outputs.append((input.names[i], Bound(node: .column(i), type: input.types[i], span: node.span)))
                        spans.append(node.span)
                    }
                    continue
                }
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
    /// Names and row ranges only.
    func memoryNeeded(_ input: Frame) -> Int { 0 }
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
