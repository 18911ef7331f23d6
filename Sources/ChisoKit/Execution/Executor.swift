/// Runs a checked pipeline, one operator per stage.
struct Executor {
    let source: SourceFile
    /// Writes an export (the session resolves paths and owns the file system).
    let export: (Table, String, Span) throws -> Void
    /// Told which stage starts (index, name), for the shell's progress line.
    var onStage: ((Int, String) -> Void)? = nil
    /// Receives the derivation of each projection (the `explain` statement).
    var explain: ((String) -> Void)? = nil

    func run(_ plan: PipelinePlan) throws -> Table {
        var frame = Frame(plan.source)
        for (k, stage) in plan.stages.enumerated() {
            try Interrupt.check()
            onStage?(k, stage.name)
            frame = try step(stage, frame)
        }
        return frame.table(origin: "from \(plan.sourceName)")
    }

    func evaluator(_ frame: Frame) -> Evaluator {
        Evaluator(rowCount: frame.rowCount, columns: frame.column, source: source)
    }

    func step(_ stage: PlannedStage, _ frame: Frame) throws -> Frame {
        switch stage {
        case .filter(let predicate):
            return frame.selecting(try evaluator(frame).eval(predicate).selectedRows(frame.rowCount))

        case .derive(let items):
            var names = frame.names
            var cols = frame.columns
            for (name, expr) in items {
                let ev = Evaluator(rowCount: frame.rowCount, columns: { cols[$0] }, source: source)
                let c = try ev.eval(expr).column(frame.rowCount, as: expr.type)
                if let i = names.firstIndex(of: name) { cols[i] = c } else { names.append(name); cols.append(c) }
            }
            let f = Frame(names: names, columns: cols, rowCount: frame.rowCount)
            f.design = frame.design
            return f

        case .select(let outputs):
            // Plain column references stay lazy; computed items are evaluated now.
            if outputs.allSatisfy({ if case .column = $0.expr.node { return true } else { return false } }) {
                let idx = outputs.map { o -> Int in if case .column(let i) = o.expr.node { return i } else { return 0 } }
                return frame.projecting(idx, names: outputs.map(\.name))
            }
            let ev = evaluator(frame)
            let cols = try outputs.map { try ev.eval($0.expr).column(frame.rowCount, as: $0.expr.type) }
            let f = Frame(names: outputs.map(\.name), columns: cols, rowCount: frame.rowCount)
            f.design = frame.design
            return f

        case .sort(let keys):
            let ev = evaluator(frame)
            let cols = try keys.map { try ev.eval($0.expr).column(frame.rowCount, as: $0.expr.type) }
            let order = SortOrder.permutation(cols, descending: keys.map(\.descending), rowCount: frame.rowCount)
            return frame.selecting(order)

        case .take(let n):
            if n >= frame.rowCount { return frame }
            return frame.selecting((0..<Int32(n)).map { $0 })

        case .group(let keys, let calls, let outputs):
            return try group(frame, keys, calls, outputs)

        case .join(let kind, let right, let lk, let rk, let keep, let names):
            return join(frame, kind, right, lk, rk, keep, names)

        case .distinct:
            let index = GroupIndex(keys: frame.columns, rowCount: frame.rowCount)
            return frame.selecting(index.firstRows)

        case .rename(let names):
            return frame.projecting(Array(names.indices), names: names)

        case .export(let path, let span):
            try export(frame.table(origin: path), path, span)
            return frame

        case .project(let v, let y, let per, let spec, let span):
            do {
                let t = try ProjectionTable.build(frame, value: v, year: y, per: per, spec: spec, explain: explain)
                return Frame(t)
            } catch ProjectionError.message(let m) {
                throw Diagnostic(.runtime, m, at: span).inSource(source)
            }

        case .assess(let input, let targets, let plans, let plan, _):
            return Frame(AssessmentTable.build(frame, input: input, targets: targets, plans: plans, plan: plan, explain: explain))

        case .estimate(let stats, let by, let logit, let span):
            do {
                return Frame(try SurveyTable.build(frame, stats: stats, by: by, logit: logit))
            } catch var d as Diagnostic {
                d.span = span
                throw d.inSource(source)
            }

        case .lineage(let input, let targets, let plans, _):
            return Frame(LineageTable.build(frame, input: input, targets: targets, plans: plans))
        }
    }

    func group(_ frame: Frame, _ keys: [Int], _ calls: [AggregateCall], _ outputs: [(name: String, expr: Bound)]) throws -> Frame {
        let keyCols = keys.map(frame.column)
        let index = GroupIndex(keys: keyCols, rowCount: frame.rowCount)
        // A whole-table aggregate over no rows still gives one row (count 0, sums null).
        let groupCount = keys.isEmpty ? 1 : index.groupCount
        let ev = evaluator(frame)
        var groupCols = keyCols.map { $0.gather(index.firstRows) }
        for call in calls {
            let args = try call.args.map { try ev.eval($0).column(frame.rowCount, as: $0.type) }
            let input = AggregateInput(args: args, ids: index.ids, groupCount: groupCount, resultType: call.type,
                                       span: call.span, source: source)
            groupCols.append(try call.function.compute(input))
        }
        let gev = Evaluator(rowCount: groupCount, columns: { groupCols[$0] }, source: source)
        let outCols = try outputs.map { try gev.eval($0.expr).column(groupCount, as: $0.expr.type) }
        return Frame(names: keys.map { frame.names[$0] } + outputs.map(\.name),
                     columns: Array(groupCols.prefix(keys.count)) + outCols, rowCount: groupCount)
    }

    /// Hash join on equal keys: each left row meets its matching right rows in right-table
    /// order; a left join keeps unmatched left rows with nulls. Null keys never match.
    func join(_ frame: Frame, _ kind: JoinKind, _ right: Table, _ lk: [Int], _ rk: [Int], _ keep: [Int], _ names: [String]) -> Frame {
        let n = frame.rowCount, m = right.rowCount
        var both: [Column] = []
        for (l, r) in zip(lk, rk) {
            let lc = frame.column(l), rc = right.columns[r]
            let t = DataType.unify(lc.type, rc.type) ?? lc.type
            both.append(Column.concatenate([lc, rc], type: t))
        }
        let index = GroupIndex(keys: both, rowCount: n + m)
        let hasNullKey: (Int) -> Bool = { row in both.contains { $0.isNull(row) } }
        // Right rows bucketed by key id (CSR layout: start offsets, then row numbers).
        var start = [Int32](repeating: 0, count: index.groupCount + 1)
        for r in 0..<m where !hasNullKey(n + r) { start[Int(index.ids[n + r]) + 1] += 1 }
        for g in 0..<index.groupCount { start[g + 1] += start[g] }
        var fill = start
        var rows = [Int32](repeating: 0, count: Int(start[index.groupCount]))
        for r in 0..<m where !hasNullKey(n + r) {
            let g = Int(index.ids[n + r])
            rows[Int(fill[g])] = Int32(r); fill[g] += 1
        }
        var leftIdx: [Int32] = [], rightIdx: [Int32] = []
        leftIdx.reserveCapacity(n); rightIdx.reserveCapacity(n)
        for i in 0..<n {
            let g = Int(index.ids[i])
            let lo = hasNullKey(i) ? 0 : Int(start[g]), hi = hasNullKey(i) ? 0 : Int(start[g + 1])
            if lo == hi {
                if kind == .left { leftIdx.append(Int32(i)); rightIdx.append(-1) }
                continue
            }
            for k in lo..<hi { leftIdx.append(Int32(i)); rightIdx.append(rows[k]) }
        }
        let leftCols = frame.columns.map { $0.gather(leftIdx) }
        let rightCols = keep.map { right.columns[$0].gather(rightIdx) }
        return Frame(names: names, columns: leftCols + rightCols, rowCount: leftIdx.count)
    }
}

extension Operand {
    /// Row numbers where a condition is true (null counts as false).
    func selectedRows(_ n: Int) -> [Int32] {
        switch self {
        case .scalar(.bool(true)): return (0..<Int32(n)).map { $0 }
        case .scalar: return []
        case .column(let c):
            guard case .bool(let bits) = c.storage else { return [] }
            var out: [Int32] = []
            out.reserveCapacity(n / 4)
            bits.withUnsafeBufferPointer { p in
                if let v = c.validity {
                    for i in 0..<n where p[i] && v.isValid(i) { out.append(Int32(i)) }
                } else {
                    for i in 0..<n where p[i] { out.append(Int32(i)) }
                }
            }
            return out
        }
    }
}

/// Multi-key ordering: each key compared in its own type, `-` keys descending, nulls last
/// whatever the direction, ties kept in input order.
enum SortOrder {
    enum Key {
        case ints([Int64]), doubles([Double]), ranks([Int32]), none
    }

    static func permutation(_ cols: [Column], descending: [Bool], rowCount n: Int) -> [Int32] {
        let keys: [Key] = cols.map { c in
            switch c.storage {
            case .int(let a): return .ints(a)
            case .float(let a): return .doubles(a)
            case .date(let a): return .ints(a.map { Int64($0) })
            case .bool(let a): return .ints(a.map { $0 ? 1 : 0 })
            case .text(let codes, let dict):
                let r = dict.sortRanks
                return .ranks(r.isEmpty ? codes : codes.map { r[Int($0)] })
            case .null: return .none
            }
        }
        func compare(_ a: Int, _ b: Int) -> Bool {
            for (k, key) in keys.enumerated() {
                let na = cols[k].isNull(a), nb = cols[k].isNull(b)
                if na != nb { return nb }           // the non-null row first
                if na { continue }
                let c: Int
                switch key {
                case .ints(let v): c = Kernels.cmp(v[a], v[b])
                case .doubles(let v): c = Kernels.cmp(v[a], v[b])
                case .ranks(let v): c = Kernels.cmp(v[a], v[b])
                case .none: c = 0
                }
                if c != 0 { return descending[k] ? c > 0 : c < 0 }
            }
            return a < b
        }
        var order = Array(0..<n)
        order.sort(by: compare)
        return order.map { Int32($0) }
    }
}
