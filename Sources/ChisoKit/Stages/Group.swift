/// `group k1, k2 { name = aggregate(…), … }` (or `group { … }` over the whole table): one row
/// per distinct key combination, in order of first appearance; null keys form a group.
struct GroupStage: Stage {
    static let keyword = "group"
    static let help = Help.Topic(name: "group", kind: "stage", usage: "group key, … { name = aggregate(…), … }  |  group { … }",
        summary: "One row per distinct key combination (in order of first appearance; null keys form a group), with aggregates over its rows. Without keys, aggregates the whole table. Aggregates may be combined: share = sum(x) / count().",
        example: "from targets | group plan { n = count(), lowest = min(lo) }")

    var keys: [Name]
    var aggregates: [Assignment]

    // group -> 'group' [NAME (',' NAME)* | '(' NAME, … ')'] '{' items '}'
    static func parse(_ p: inout Parser) throws -> GroupStage {
        var keys: [Name] = []
        let parens = p.acceptSymbol("(")
        if p.current.isWord("by"), p.tokens[p.pos + 1].identifier != nil, !p.tokens[p.pos + 1].isSymbol("{") {
            throw p.error("chiso writes group k { … }, without 'by'", hint: "group \(p.tokens[p.pos + 1].identifier!) { n = count() }")
        }
        if !p.current.isSymbol("{") && !(parens && p.current.isSymbol(")")) {
            repeat { keys.append(try p.name("a key column", hint: "group plan { n = count() }")) } while p.acceptSymbol(",")
        }
        if parens { _ = try p.expectSymbol(")") }
        let aggs = try p.braceAssignments(example: "aggregates go in braces: group \(keys.first?.text ?? "key") { n = count() }")
        return GroupStage(keys: keys, aggregates: aggs)
    }

    /// Every aggregate call is computed over the input rows; the expression around it (e.g.
    /// `sum(x) / count()`) and any key it mentions are then evaluated once per group.
    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let binder = context.binder(schema)
        let keyIdx = try keys.map { try context.column($0, in: schema) }
        var calls: [AggregateCall] = []
        let keyNames = keys.map(\.text)
        func rewrite(_ e: Expr, insideAggregate: Bool) throws -> Expr {
            switch e.kind {
            case .call(let f, let args) where AggregateFunction.named(f.text) != nil:
                if insideAggregate {
                    throw context.error(.type, "aggregates cannot be nested", f.span, hint: "compute the inner value with derive first")
                }
                let agg = AggregateFunction.named(f.text)!
                let bound = try args.map { try binder.bind(try rewrite($0, insideAggregate: true)) }
                let t = try agg.check(bound, binder, e.span)
                calls.append(AggregateCall(function: agg, args: bound, type: t, span: e.span))
                return Expr(kind: .column("\u{1}agg\(calls.count - 1)"), span: e.span)
            case .call(let f, _) where ScalarFunction.named(f.text) == nil:
                // An unknown function here is most often an aggregate from elsewhere (avg, n): name it,
                // not the column inside it.
                throw binder.unknownFunction(f)
            case .column(let c) where !insideAggregate && !keyNames.contains(c):
                if schema.index(of: c) != nil {
                    throw context.error(.name, "column '\(c)' is neither a group key nor inside an aggregate", e.span,
                                        hint: "aggregate it, e.g. min(\(c)), or add it to the keys")
                }
                throw binder.unknownColumn(c, e.span)
            default:
                return try e.mapChildren { try rewrite($0, insideAggregate: insideAggregate) }
            }
        }
        let rewritten = try aggregates.map { ($0.name, try rewrite($0.expr, insideAggregate: false)) }
        let groupSchema = Schema(names: keyNames + calls.indices.map { "\u{1}agg\($0)" },
                                 types: keyIdx.map { schema.types[$0] } + calls.map(\.type))
        let groupBinder = context.binder(groupSchema)
        let outputs = try rewritten.map { (name: $0.0.text, expr: try groupBinder.bind($0.1)) }
        let names = keyNames + outputs.map(\.name)
        try context.checkUnique(names, keys.map(\.span) + aggregates.map(\.name.span))
        return GroupOperator(keys: keyIdx, calls: calls, outputs: outputs,
                             schema: Schema(names: names, types: keyIdx.map { schema.types[$0] } + outputs.map(\.expr.type)),
                             detail: context.text(node.span.after(node.keyword)))
    }
}

struct AggregateCall: Sendable {
    var function: AggregateFunction
    var args: [Bound]
    var type: DataType
    var span: Span
}

struct GroupOperator: LocalOperator {
    /// Group ids and the hash table's share (about 8 bytes a row), and each key's and
    /// aggregate's column gathered through a selection, if there is one.
    func memoryNeeded(_ input: Frame) -> Int {
        input.rowCount * (8 + (input.selection == nil ? 0 : 8 * (keys.count + calls.count)))
    }
    /// Key positions in the input.
    let keys: [Int]
    /// Aggregate calls over the input rows.
    let calls: [AggregateCall]
    /// Output expressions over the group table (keys, then one column per aggregate call).
    let outputs: [(name: String, expr: Bound)]
    let schema: Schema
    let detail: String
    var name: String { "group" }

    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        if let counted = try countsOnly(frame, context) { return counted }
        if let whole = try wholeTable(frame, context) { return whole }
        let index: GroupIndex
        var groupCols: [Column]
        if keys.count == 1, let l = frame.lookup(keys[0]), l.groupsThrough, let fused = GroupIndex.through(l.source, rows: l.rows) {
            // A lookup join's right column, or a column under a `where`'s selection, grouped
            // through its row numbers (never gathered).
            index = fused
            groupCols = [l.source.gather(fused.firstRows.map { l.rows[Int($0)] })]
        } else {
            let keyCols = keys.map(frame.column)
            index = GroupIndex(keys: keyCols, rowCount: frame.rowCount, threads: Parallelism.threads)
            groupCols = keyCols.map { $0.gather(index.firstRows) }
        }
        // A whole-table aggregate over no rows still gives one row (count 0, sums null).
        let groupCount = keys.isEmpty ? 1 : index.groupCount
        let ev = context.evaluator(frame)
        for call in calls {
            var input = AggregateInput(args: [], ids: index.ids, groupCount: groupCount, resultType: call.type,
                                       span: call.span, source: context.source)
            if call.function.readsThroughRows, let (columns, rows) = Self.throughRows(call.args, frame) {
                input.args = columns
                input.rows = rows
            } else {
                input.args = try call.args.map { try ev.eval($0).column(frame.rowCount, as: $0.type) }
            }
            groupCols.append(try call.function.compute(input))
        }
        return try output(groupCols, groupCount, context)
    }

    /// The output columns, computed over the group table (keys, then one column per call).
    private func output(_ groupCols: [Column], _ groupCount: Int, _ context: ExecutionContext) throws -> Frame {
        let gev = Evaluator(rowCount: groupCount, columns: { groupCols[$0] }, source: context.source)
        let outCols = try outputs.map { try gev.eval($0.expr).column(groupCount, as: $0.expr.type) }
        return Frame(names: schema.names, columns: Array(groupCols.prefix(keys.count)) + outCols, rowCount: groupCount)
    }

    /// `group k { n = count() }`, a frequency table: no group id per row is needed, only each
    /// key's rows and first row (`Counts`), so none is written. Nil for any other group, or a
    /// key whose codes do not fit a direct table.
    private func countsOnly(_ frame: Frame, _ context: ExecutionContext) throws -> Frame? {
        guard keys.count == 1, calls.allSatisfy({ $0.function.name == "count" && $0.args.isEmpty }) else { return nil }
        let counted: (counts: [Int64], firstRows: [Int32]), key: Column
        if let l = frame.lookup(keys[0]), l.groupsThrough, let c = GroupIndex.countsThrough(l.source, rows: l.rows) {
            counted = c
            key = l.source.gather(c.firstRows.map { l.rows[Int($0)] })
        } else {
            let column = frame.column(keys[0])
            guard let c = GroupIndex.counts(column, frame.rowCount) else { return nil }
            counted = c
            key = column.gather(c.firstRows)
        }
        let counts = Column(.int(counted.counts))
        return try output([key] + calls.map { _ in counts }, counted.counts.count, context)
    }

    /// `group { … }` with no keys whose calls are all count, sum and mean: each is a whole-column
    /// sum (`WholeColumnSums`), with no group id per row, over built columns or a piece at a
    /// time. Nil otherwise (the general path below handles every case the same way, only slower).
    private func wholeTable(_ frame: Frame, _ context: ExecutionContext) throws -> Frame? {
        let onlyCounts = calls.allSatisfy { $0.function.name == "count" && $0.args.isEmpty }
        guard keys.isEmpty, calls.allSatisfy({ ["count", "sum", "mean"].contains($0.function.name) }) else { return nil }
        let totals: [WholeTotal]
        // An argument that is an expression, or reads a column not built for these rows (a
        // lookup's, a deferred derive, any column under a selection): computed and added up a
        // piece at a time (the same bits as over built columns). `count()` alone under a
        // selection is the selection's size.
        let used = calls.reduce(into: Set<Int>()) { u, c in for a in c.args { u.formUnion(a.columnsUsed) } }
        let computed = calls.contains { $0.args.contains { if case .column = $0.node { return false }; return true } }
        if !onlyCounts, computed || frame.selection != nil || used.contains(where: frame.isUnbuilt) {
            guard let t = try piecewiseTotals(frame.blockSource(context.source, reading: used)) else { return nil }
            totals = t
        } else {
            let ev = context.evaluator(frame)
            var t: [WholeTotal] = []
            for call in calls {
                let args = try call.args.map { try ev.eval($0).column(frame.rowCount, as: $0.type) }
                switch call.function.name {
                case "count":
                    t.append(.count(args.first.map { $0.type == .null ? 0 : $0.count - ($0.validity?.nullCount ?? 0) } ?? frame.rowCount))
                case "sum" where call.type == .int:
                    guard let result = WholeColumnSums.integer(args[0]) else { return nil }
                    t.append(.integer(result))
                default:
                    guard let f = WholeColumnSums.float(args[0], args.count == 2 ? args[1] : nil) else { return nil }
                    t.append(.float(f))
                }
            }
            totals = t
        }
        var columns: [Column] = []
        for (call, total) in zip(calls, totals) {
            switch total {
            case .count(let n): columns.append(Column(.int([Int64(n)])))
            case .integer(let result):
                guard let (s, n) = result else {
                    throw Diagnostic(.runtime, "integer overflow in sum", at: call.span,
                                     hint: "sum(float(x)) adds in floating point").inSource(context.source)
                }
                columns.append(Column(.int([s]), validity: n > 0 ? nil : Validity(count: 1, allValid: false)))
            case .float(let t) where call.function.name == "sum":
                columns.append(Column(.float([t.sum]), validity: t.n > 0 ? nil : Validity(count: 1, allValid: false)))
            case .float(let t):   // mean
                let present = t.n > 0 && t.weight != 0
                columns.append(Column(.float([present ? t.sum / t.weight : 0]), validity: present ? nil : Validity(count: 1, allValid: false)))
            }
        }
        return try output(columns, 1, context)
    }

    /// A whole-table aggregate's total: rows counted, an integer sum (nil: it overflowed), or
    /// float sums.
    private enum WholeTotal {
        case count(Int)
        case integer((sum: Int64, n: Int)?)
        case float(WholeColumnSums.Total)
    }

    /// The calls' totals with their arguments computed a piece at a time (`BlockSource`):
    /// each block of 65,536 rows sums its pieces in row order, and the blocks are added in
    /// block order, as `WholeColumnSums` does over built columns. Nil when an argument's type
    /// is not one these sums take (the general path then reports it).
    private func piecewiseTotals(_ blocks: BlockSource) throws -> [WholeTotal]? {
        struct Partial { var count = 0, integer = WholeColumnSums.Integer(), float = WholeColumnSums.Float(), refused = false }
        let calls = self.calls
        let parts = try blocks.mapBlocks([Partial](repeating: Partial(), count: calls.count)) { partials, rows, ev in
            /// An argument's rows: a built column read in place, anything else computed for the piece.
            func piece(_ a: Bound) throws -> WholeColumnSums.Piece {
                if case .column(let j) = a.node, case .built(let c) = blocks.readers[j] {
                    return WholeColumnSums.Piece(column: c, offset: rows.lowerBound)
                }
                return WholeColumnSums.Piece(column: try ev.eval(a).column(rows.count, as: a.type), offset: 0)
            }
            for (k, call) in calls.enumerated() {
                let args = try call.args.map(piece)
                switch call.function.name {
                case "count":
                    guard let x = args.first else { partials[k].count += rows.count; continue }
                    if x.column.type == .null { continue }
                    let v = x.column.validity, o = x.offset
                    partials[k].count += v.map { v in (0..<rows.count).reduce(0) { $0 + (v.isValid(o + $1) ? 1 : 0) } } ?? rows.count
                case "sum" where call.type == .int:
                    WholeColumnSums.accumulate(&partials[k].integer, args[0], count: rows.count)
                default:
                    let w = args.count == 2 ? args[1] : nil
                    if !WholeColumnSums.accepts(args[0].column, w?.column)
                        || !WholeColumnSums.accumulate(&partials[k].float, args[0], w, count: rows.count) {
                        partials[k].refused = true
                    }
                }
            }
        }
        var totals: [WholeTotal] = []
        for (k, call) in calls.enumerated() {
            if parts.contains(where: { $0[k].refused }) { return nil }
            switch call.function.name {
            case "count": totals.append(.count(parts.reduce(0) { $0 + $1[k].count }))
            case "sum" where call.type == .int: totals.append(.integer(WholeColumnSums.combine(parts.map { $0[k].integer })))
            default: totals.append(.float(WholeColumnSums.combine(parts.map { $0[k].float }, weighted: call.args.count == 2)))
            }
        }
        return totals
    }

    /// Arguments that are all plain columns under the frame's selection: their unselected
    /// columns and the selection, which an aggregate reads through instead of gathering each
    /// column first (`where … | group k { mean(x, w) }` then builds no column of the rows).
    static func throughRows(_ args: [Bound], _ frame: Frame) -> ([Column], [Int32])? {
        guard let selection = frame.selection, !args.isEmpty else { return nil }
        var columns: [Column] = []
        for a in args {
            guard case .column(let i) = a.node, let l = frame.lookup(i) else { return nil }
            columns.append(l.source)
        }
        return (columns, selection)
    }
}
