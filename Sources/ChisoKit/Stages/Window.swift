/// `window [by k, …] [sort key, -key, …] { name = expr, … }`: columns computed over ordered
/// partitions — the year-on-year change of each indicator series is
/// `window by area, indicator sort year { change = value - lag(value) }`.
///
/// Window functions: `lag(x[, k])`, `lead(x[, k])` (k rows back or ahead in the partition,
/// null past its edge), `first(x)`, `last(x)` (of the whole partition, in its order),
/// `row_number()`, `rank()` (ties on the sort keys share a rank; the next rank skips), `cumsum(x)`
/// and `cummean(x)` (running over the rows so far, nulls skipped as aggregates skip them).
/// Around them, any row expression (`value / lag(value) - 1`). Items see the input's columns.
/// Rows keep their input order, so window is `derive` with context; null partition keys form a
/// partition. Ties in the sort are an error for the functions that carry a neighbour's value or
/// a running total (they would depend on the input's order); row_number and rank number them.
struct WindowStage: Stage {
    static let keyword = "window"
    static let help = Help.Topic(name: "window", kind: "stage", usage: "window [by KEYS] [sort key, -key, …] { name = expr, … }  (by and sort in either order)",
        summary: "Adds columns computed over ordered partitions, keeping rows in input order. Window functions: lag(x[, k]), lead(x[, k]), first(x), last(x), row_number(), rank() (ties share a rank), cumsum(x), cummean(x) (running, nulls skipped); any row expression may surround them. Items see the input's columns. Two rows of a partition with the same sort keys (two series in one partition, such as GSO and MIC values for one year) are an error for lag, lead, first, last, cumsum and cummean, naming the partition, the tie and the column (series, scenario) that tells them apart. An aggregate (sum, mean, count, min, max, …) is computed over the whole partition and given to each row: share = lo / sum(lo).",
        example: "from observations | window by area, indicator, series sort year { change = value - lag(value), n = row_number(), share_of_total = value / sum(value) }")
    static let completionWords = ["by", "sort"] + WindowFunction.allCases.map(\.rawValue)

    var by: [Name]
    var sort: [SortStage.Key]
    var items: [Assignment]

    static let optionWords = ["by", "sort"]

    // window -> 'window' (('by' NAME (',' NAME)*) | ('sort' ['-'] expr (',' ['-'] expr)*))* '{' items '}'
    //           (by and sort each once, in either order)
    static func parse(_ p: inout Parser) throws -> WindowStage {
        var by: [Name] = [], keys: [SortStage.Key] = [], seen = Set<String>()
        while let word = p.current.identifier, optionWords.contains(word) {
            let at = p.advance().span
            guard seen.insert(word).inserted else { throw p.error("'\(word)' is given twice", at: at, hint: "window by area sort year { … }") }
            if word == "by" {
                repeat { by.append(try p.name("a partition column", hint: "window by area sort year { … }")) } while p.acceptSymbol(",")
            } else {
                keys = try SortStage.keys(&p)
            }
        }
        let items = try p.braceAssignments(example: "window by area sort year { change = value - lag(value) }")
        guard !items.isEmpty else { throw p.error("window needs at least one column to compute", hint: "window sort year { n = row_number() }") }
        return WindowStage(by: by, sort: keys, items: items)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let binder = context.binder(input)
        let partition = try by.map { try context.column($0, in: input) }
        let sortKeys = try sort.map { (try binder.bind($0.expr), $0.descending) }
        var calls: [WindowCall] = []
        func rewrite(_ e: Expr, inside: Bool) throws -> Expr {
            // An aggregate (sum, mean, count, …) is computed over the whole partition and given to
            // each of its rows: share = lo / sum(lo). (first and last are the window's own.)
            if case .call(let f, let args) = e.kind, WindowFunction(rawValue: f.text) == nil, let agg = AggregateFunction.named(f.text) {
                if inside { throw context.error(.type, "window functions cannot be nested", f.span, hint: "compute the inner one in an earlier window stage") }
                let bound = try args.map { try binder.bind(try rewrite($0, inside: true)) }
                let t = try agg.check(bound, binder, e.span)
                calls.append(WindowCall(function: .lag, arg: nil, offset: 0, type: t, aggregate: agg, args: bound))
                return Expr(kind: .column("\u{1}win\(calls.count - 1)"), span: e.span)
            }
            guard case .call(let f, let args) = e.kind, let fn = WindowFunction(rawValue: f.text) else {
                return try e.mapChildren { try rewrite($0, inside: inside) }
            }
            if inside { throw context.error(.type, "window functions cannot be nested", f.span, hint: "compute the inner one in an earlier window stage") }
            let bound = try args.map { try binder.bind(try rewrite($0, inside: true)) }
            calls.append(try fn.check(bound, f, e.span, context))
            return Expr(kind: .column("\u{1}win\(calls.count - 1)"), span: e.span)
        }
        let rewritten = try items.map { ($0.name, try rewrite($0.expr, inside: false)) }
        let extended = Schema(names: input.names + calls.indices.map { "\u{1}win\($0)" }, types: input.types + calls.map(\.type))
        let itemBinder = context.binder(extended)
        var outputs: [(name: String, expr: Bound)] = []
        var out = input
        for (name, e) in rewritten {
            let b = try itemBinder.bind(e)
            outputs.append((name.text, b))
            if let i = out.index(of: name.text) { out.types[i] = b.type } else { out.names.append(name.text); out.types.append(b.type) }
        }
        try context.checkUnique(items.map(\.name.text), items.map(\.name.span))
        return WindowOperator(partition: partition, sortKeys: sortKeys, calls: calls, outputs: outputs, schema: out,
                              detail: context.text(node.span.after(node.keyword)))
    }
}

/// The functions only `window` knows, with their type rules.
enum WindowFunction: String, CaseIterable, Sendable {
    case lag, lead, first, last, row_number, rank, cumsum, cummean

    func check(_ args: [Bound], _ name: Name, _ span: Span, _ context: BindContext) throws -> WindowCall {
        func arity(_ range: ClosedRange<Int>, _ usage: String) throws {
            guard range.contains(args.count) else {
                throw context.error(.type, "\(rawValue) takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)") argument\(range.upperBound == 1 ? "" : "s"), got \(args.count)", span, hint: usage)
            }
        }
        switch self {
        case .lag, .lead:
            try arity(1...2, "\(rawValue)(value) or \(rawValue)(value, 2)")
            var offset = 1
            if args.count == 2 {
                guard case .literal(.int(let k)) = args[1].node, k >= 0, k <= Int64(Int32.max) else {
                    throw context.error(.type, "\(rawValue)'s offset must be a whole number of rows, 0 or more", args[1].span, hint: "\(rawValue)(value, 1)")
                }
                offset = Int(k)
            }
            return WindowCall(function: self, arg: args[0], offset: offset, type: args[0].type)
        case .first, .last:
            try arity(1...1, "\(rawValue)(value)")
            return WindowCall(function: self, arg: args[0], offset: 0, type: args[0].type)
        case .row_number, .rank:
            try arity(0...0, "\(rawValue)()")
            return WindowCall(function: self, arg: nil, offset: 0, type: .int)
        case .cumsum, .cummean:
            try arity(1...1, "\(rawValue)(value)")
            try context.binder(Schema(names: [], types: [])).expect(args[0], [.int, .float, .bool], rawValue)
            let type: DataType = self == .cummean || args[0].type == .float ? .float : .int
            return WindowCall(function: self, arg: args[0], offset: 0, type: type)
        }
    }
}

struct WindowCall: Sendable {
    var function: WindowFunction
    var arg: Bound?
    var offset: Int
    var type: DataType
    /// An aggregate over the whole partition (then `function` is unused) and its arguments.
    var aggregate: AggregateFunction? = nil
    var args: [Bound] = []
}

struct WindowOperator: LocalOperator {
    let partition: [Int]
    let sortKeys: [(expr: Bound, descending: Bool)]
    let calls: [WindowCall]
    /// Each item over the input's columns followed by one column per window call.
    let outputs: [(name: String, expr: Bound)]
    let schema: Schema
    let detail: String
    var name: String { "window" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let n = input.rowCount
        let ev = context.evaluator(input)
        let part = GroupIndex(keys: partition.map(input.column), rowCount: n)
        let sortCols = try sortKeys.map { try ev.eval($0.expr).column(n, as: $0.expr.type) }
        // Rows ordered by partition, then by the sort keys; ties keep input order (stable).
        let order = try SortOrder.permutation([Column(.int(part.ids.map { Int64($0) }))] + sortCols,
                                          descending: [false] + sortKeys.map(\.descending), rowCount: n)
        // Each sorted position's partition bounds [start, end).
        var start = [Int](repeating: 0, count: n), end = [Int](repeating: 0, count: n)
        var s = 0
        for p in 0..<n where p == n - 1 || part.ids[Int(order[p + 1])] != part.ids[Int(order[p])] {
            for q in s...p { start[q] = s; end[q] = p + 1 }
            s = p + 1
        }
        try checkTies(input, order: order, start: start, sortCols: sortCols, context)
        var columns: [Column] = []
        for call in calls {
            if let agg = call.aggregate {
                // One value per partition, given to each of its rows.
                let args = try call.args.map { try ev.eval($0).column(n, as: $0.type) }
                let perGroup = try agg.compute(AggregateInput(args: args, ids: part.ids, groupCount: part.groupCount,
                                                              resultType: call.type, span: .none, source: context.source))
                columns.append(perGroup.gather(part.ids))
                continue
            }
            let arg = try call.arg.map { try ev.eval($0).column(n, as: $0.type) }
            columns.append(try compute(call, arg, order: order, start: start, end: end, sortCols: sortCols, context))
        }
        let all = input.columns + columns
        let itemEv = Evaluator(rowCount: n, columns: { all[$0] }, source: context.source)
        return input.settingColumns(try outputs.map { ($0.name, try itemEv.eval($0.expr).column(n, as: $0.expr.type)) })
    }

    /// Two rows of one partition with the same sort keys have no order between them, so a value
    /// carried from a neighbour (lag, lead, first, last) or a running total would depend on the
    /// input's order — and most often means the partition holds two series (GSO and MIC for one
    /// year). That is an error naming the partition and the tie; row_number and rank, which
    /// number ties by definition, are exempt.
    func checkTies(_ input: Frame, order: [Int32], start: [Int], sortCols: [Column], _ context: ExecutionContext) throws {
        let carries: Set<WindowFunction> = [.lag, .lead, .first, .last, .cumsum, .cummean]
        guard !sortCols.isEmpty, calls.contains(where: { $0.aggregate == nil && carries.contains($0.function) }) else { return }
        for p in 1..<max(order.count, 1) where p > start[p] {
            let a = Int(order[p - 1]), b = Int(order[p])
            guard sortCols.allSatisfy({ $0.sameValue(a, b) }) else { continue }
            func show(_ c: Column) -> String { c.isNull(a) ? "null" : c.value(at: a).description }
            let group = partition.map { "\(input.names[$0])=\(show(input.column($0)))" }.joined(separator: ", ")
            let tie = sortKeys.map { context.source.slice($0.expr.span) }.joined(separator: ", ")
            let byNames = partition.map { input.names[$0] }
            let separating = ["series", "scenario"].filter { input.names.contains($0) && !byNames.contains($0) }
            let fn = calls.first { $0.aggregate == nil && carries.contains($0.function) }!.function.rawValue
            throw context.error(.data, "\(group.isEmpty ? "the table" : "the partition " + group) has two rows for \(tie) \(sortCols.map(show).joined(separator: ", ")): \(fn) would reach across them in input order",
                                sortKeys[0].expr.span,
                                hint: separating.isEmpty
                                    ? "add the column that tells the rows apart to by (window by …, KEY sort \(tie))"
                                    : "the rows differ in \(separating.joined(separator: " or ")): window by \((byNames + [separating[0]]).joined(separator: ", ")) sort \(tie) { … }")
        }
    }

    /// One window call's column, in input row order.
    func compute(_ call: WindowCall, _ arg: Column?, order: [Int32], start: [Int], end: [Int], sortCols: [Column],
                 _ context: ExecutionContext) throws -> Column {
        let n = order.count
        switch call.function {
        case .lag, .lead, .first, .last:
            var source = [Int32](repeating: -1, count: n)
            for p in 0..<n {
                let q: Int
                switch call.function {
                case .lag: q = p - call.offset
                case .lead: q = p + call.offset
                case .first: q = start[p]
                default: q = end[p] - 1
                }
                source[Int(order[p])] = q >= start[p] && q < end[p] ? order[q] : -1
            }
            return arg!.gather(source)
        case .row_number, .rank:
            var out = [Int64](repeating: 0, count: n)
            var rank: Int64 = 1
            for p in 0..<n {
                let number = Int64(p - start[p] + 1)
                if call.function == .row_number { out[Int(order[p])] = number; continue }
                if p == start[p] || !sortCols.allSatisfy({ $0.sameValue(Int(order[p]), Int(order[p - 1])) }) { rank = number }
                out[Int(order[p])] = rank
            }
            return Column(.int(out))
        case .cumsum, .cummean:
            let x = DoubleView(.column(arg!))
            let ints: [Int64]? = { if case .int(let a) = arg!.storage, call.type == .int { return a } else { return nil } }()
            let bools: [Bool]? = { if case .bool(let a) = arg!.storage { return a } else { return nil } }()
            var sums = [Double](repeating: 0, count: n), intSums = [Int64](repeating: 0, count: n)
            var present = [Bool](repeating: false, count: n)
            var sum = 0.0, intSum: Int64 = 0, count = 0
            for p in 0..<n {
                if p == start[p] { sum = 0; intSum = 0; count = 0 }
                let row = Int(order[p])
                if !x.isNull(row) {
                    count += 1
                    sum += x[row]
                    if let ints {
                        let (v, overflow) = intSum.addingReportingOverflow(ints[row])
                        if overflow {
                            throw context.error(.runtime, "integer overflow in cumsum", call.arg!.span, hint: "compute in float: cumsum(float(x))")
                        }
                        intSum = v
                    } else if let bools { intSum += bools[row] ? 1 : 0 }
                }
                present[row] = count > 0
                sums[row] = call.function == .cummean ? sum / Double(max(count, 1)) : sum
                intSums[row] = intSum
            }
            let validity = Validity.from(count: n) { present[$0] }
            return call.type == .int ? Column(.int(intSums), validity: validity) : Column(.float(sums), validity: validity)
        }
    }
}

extension Column {
    /// Whether rows a and b hold the same value (two nulls are the same), without boxing.
    func sameValue(_ a: Int, _ b: Int) -> Bool {
        let na = isNull(a), nb = isNull(b)
        if na || nb { return na == nb }
        if case .int32(let v) = layout { return v[a] == v[b] }
        guard let storage = canonical else { return false }
        switch storage {
        case .int(let v): return v[a] == v[b]
        case .float(let v): return v[a] == v[b]
        case .bool(let v): return v[a] == v[b]
        case .date(let v): return v[a] == v[b]
        case .text(let codes, _): return codes[a] == codes[b]
        case .null: return true
        }
    }
}
