/// A function from the rows of each group to one value per group. All aggregates skip
/// nulls; over a group with no non-null values they give null (count gives 0).
public struct AggregateFunction: Sendable {
    /// How the aggregate combines rows, after DuckDB's grouping of aggregates by kind.
    public enum Kind: String, Sendable { case distributive, algebraic, holistic }

    public let name: String
    public let signature: String
    public let summary: String
    public let example: String
    public let kind: Kind
    let check: @Sendable ([Bound], Binder, Span) throws -> DataType
    let compute: @Sendable (AggregateInput) throws -> Column
    /// Whether `compute` reads its arguments through `AggregateInput.rows` (otherwise `group`
    /// gathers them first and passes no row numbers).
    var readsThroughRows = false

    public static func named(_ name: String) -> AggregateFunction? { all.first { $0.name == name } }

    public static let all: [AggregateFunction] = [count, sum, mean, min, max, median, stddev, nDistinct, countDistinct,
                                                  variance, quantile, first, last, stringAgg]
}

/// One aggregate call's inputs: argument columns over the rows, and the group of each row.
struct AggregateInput {
    var args: [Column]
    /// When set, row i's arguments are at `rows[i]` of `args` (only for functions that
    /// `readsThroughRows`); otherwise at row i.
    var rows: [Int32]? = nil
    let ids: [Int32]
    let groupCount: Int
    let resultType: DataType
    let span: Span
    let source: SourceFile
}

// MARK: - Type rules

private func numericArgs(_ name: String, weighted: Bool) -> @Sendable ([Bound], Binder, Span) throws -> DataType {
    return { args, binder, span in
        try binder.arity(args, 1...(weighted ? 2 : 1), name, span,
                         usage: weighted ? "\(name)(x) or \(name)(x, weight)" : "\(name)(x)")
        for a in args { try binder.expect(a, [.int, .float, .bool], name) }
        if name == "sum" && args.count == 1 && args[0].type != .float { return .int }
        return .float
    }
}

// MARK: - Kernels

private func floatColumn(_ values: [Double], present: [Bool]) -> Column {
    Column(.float(values), validity: Validity.from(count: values.count) { present[$0] })
}

/// Values of each group, for holistic aggregates.
private func valuesByGroup(_ input: AggregateInput) -> [[Double]] {
    var out = [[Double]](repeating: [], count: input.groupCount)
    let x = DoubleView(.column(input.args[0]))
    for i in 0..<input.ids.count where !x.isNull(i) { out[Int(input.ids[i])].append(x[i]) }
    return out
}

private let count = AggregateFunction(
    name: "count", signature: "count() or count(x) → int",
    summary: "Rows in the group; count(x) counts rows where x is not null.",
    example: "group plan { n = count(), with_hi = count(hi) }", kind: .distributive,
    check: { args, binder, span in
        try binder.arity(args, 0...1, "count", span, usage: "count() or count(x)")
        return .int
    },
    compute: { input in Column(.int(groupCounts(input))) },
    readsThroughRows: true)

private let sum = AggregateFunction(
    name: "sum", signature: "sum(x) or sum(x, weight) → number",
    summary: "Sum of x (integers stay integers, overflow is an error); sum(x, w) is Σ w·x.",
    example: "group plan { total = sum(lo) }", kind: .distributive,
    check: numericArgs("sum", weighted: true),
    compute: { input in
        if input.resultType == .int {
            let (s, present) = try integerSums(input)
            return Column(.int(s), validity: Validity.from(count: s.count) { present[$0] })
        }
        let sums = WeightedSums(input)
        return floatColumn(sums.sum, present: sums.n.map { $0 > 0 })
    },
    readsThroughRows: true)

private let mean = AggregateFunction(
    name: "mean", signature: "mean(x) or mean(x, weight) → float",
    summary: "Arithmetic mean; mean(x, w) is the weighted mean Σ w·x / Σ w over rows where both are present.",
    example: "group province { share = mean(has_smartphone, weight) }", kind: .algebraic,
    check: numericArgs("mean", weighted: true),
    compute: { input in
        let t = WeightedSums(input)
        let m = (0..<input.groupCount).map { t.weight[$0] != 0 ? t.sum[$0] / t.weight[$0] : 0 }
        return floatColumn(m, present: (0..<input.groupCount).map { t.n[$0] > 0 && t.weight[$0] != 0 })
    },
    readsThroughRows: true)

private func extreme(_ name: String, _ pickLarger: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, signature: "\(name)(x) → same type as x",
        summary: pickLarger ? "Largest value (numbers, dates, text in chiso's text order)." : "Smallest value (numbers, dates, text in chiso's text order).",
        example: "group plan { \(name)_lo = \(name)(lo) }", kind: .distributive,
        check: { args, binder, span in
            try binder.arity(args, 1...1, name, span, usage: "\(name)(x)")
            return args[0].type
        },
        compute: { input in
            let x = input.args[0]
            let g = input.groupCount
            // Compare by a per-row sortable key; remember the winning row of each group.
            var best = [Int32](repeating: -1, count: g)
            let storage = x.storage
            func better(_ a: Int, _ b: Int) -> Bool {
                switch storage {
                case .int(let v): return pickLarger ? v[a] > v[b] : v[a] < v[b]
                case .float(let v): return pickLarger ? v[a] > v[b] : v[a] < v[b]
                case .date(let v): return pickLarger ? v[a] > v[b] : v[a] < v[b]
                case .bool(let v): return pickLarger ? (v[a] && !v[b]) : (!v[a] && v[b])
                case .text(let c, let d):
                    let r = d.sortRanks
                    return pickLarger ? r[Int(c[a])] > r[Int(c[b])] : r[Int(c[a])] < r[Int(c[b])]
                case .null: return false
                }
            }
            for i in 0..<input.ids.count where !x.isNull(i) {
                let k = Int(input.ids[i])
                if best[k] < 0 || better(i, Int(best[k])) { best[k] = Int32(i) }
            }
            return x.gather(best)
        })
}

private let min = extreme("min", false)
private let max = extreme("max", true)

private let median = AggregateFunction(
    name: "median", signature: "median(x) → float",
    summary: "Middle value; the mean of the two middle values when the count is even.",
    example: "group plan { med = median(lo) }", kind: .holistic,
    check: numericArgs("median", weighted: false),
    compute: { input in
        let groups = valuesByGroup(input)
        let m = groups.map { vals -> Double in
            guard !vals.isEmpty else { return 0 }
            let s = vals.sorted(), h = s.count / 2
            return s.count % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2
        }
        return floatColumn(m, present: groups.map { !$0.isEmpty })
    })

private let stddev = AggregateFunction(
    name: "stddev", signature: "stddev(x) → float",
    summary: "Sample standard deviation (n − 1 denominator); null with fewer than two values.",
    example: "group plan { sd = stddev(lo) }", kind: .algebraic,
    check: numericArgs("stddev", weighted: false),
    compute: { input in
        let (n, v) = sampleVariance(input)
        return floatColumn(v.map { $0.squareRoot() }, present: n.map { $0 > 1 })
    })

/// Per group: the count of values and the sample variance (n − 1), by Welford's update —
/// stable where the naive sum of squares cancels. 0 where fewer than two values.
private func sampleVariance(_ input: AggregateInput) -> (n: [Double], variance: [Double]) {
    let g = input.groupCount
    var n = [Double](repeating: 0, count: g), mean = [Double](repeating: 0, count: g), m2 = [Double](repeating: 0, count: g)
    let x = DoubleView(.column(input.args[0]))
    for i in 0..<input.ids.count where !x.isNull(i) {
        let k = Int(input.ids[i]), v = x[i]
        n[k] += 1
        let d = v - mean[k]
        mean[k] += d / n[k]
        m2[k] += d * (v - mean[k])
    }
    return (n, (0..<g).map { n[$0] > 1 ? m2[$0] / (n[$0] - 1) : 0 })
}

private let nDistinct = AggregateFunction(
    name: "n_distinct", signature: "n_distinct(x) → int",
    summary: "Number of distinct non-null values.",
    example: "group plan { indicators = n_distinct(indicator) }", kind: .holistic,
    check: { args, binder, span in
        try binder.arity(args, 1...1, "n_distinct", span, usage: "n_distinct(x)")
        return .int
    },
    compute: { input in
        let x = input.args[0]
        let (codes, card) = GroupIndex.denseCodes(x, x.count)
        var seen = Set<Int64>()
        var c = [Int64](repeating: 0, count: input.groupCount)
        for i in 0..<input.ids.count where !x.isNull(i) {
            let key = Int64(input.ids[i]) * Int64(card) + Int64(codes[i])
            if seen.insert(key).inserted { c[Int(input.ids[i])] += 1 }
        }
        return Column(.int(c))
    })

// MARK: - Staples from SQL and R

/// `count_distinct(x)`: SQL's COUNT(DISTINCT x), the same number as `n_distinct`.
private let countDistinct = AggregateFunction(
    name: "count_distinct", signature: "count_distinct(x) → int",
    summary: "Number of distinct non-null values (SQL's COUNT(DISTINCT x); also n_distinct).",
    example: "group plan { indicators = count_distinct(indicator) }", kind: .holistic,
    check: { args, binder, span in
        try binder.arity(args, 1...1, "count_distinct", span, usage: "count_distinct(x)")
        return .int
    },
    compute: nDistinct.compute)

/// `var(x)`: the sample variance, n − 1 in the denominator (R's var, SQL's var_samp).
private let variance = AggregateFunction(
    name: "var", signature: "var(x) → float",
    summary: "Sample variance (n − 1 denominator, as R's var); null with fewer than two values.",
    example: "group plan { v = var(lo) }", kind: .algebraic,
    check: numericArgs("var", weighted: false),
    compute: { input in
        let (n, v) = sampleVariance(input)
        return floatColumn(v, present: n.map { $0 > 1 })
    })

/// `quantile(x, p)`: R's default quantile (type 7): linear interpolation between the order
/// statistics at (n − 1)·p.
private let quantile = AggregateFunction(
    name: "quantile", signature: "quantile(x, p) → float",
    summary: "The p-quantile (0 ≤ p ≤ 1) by R's default rule (type 7: interpolating between order statistics at (n − 1)·p).",
    example: "group plan { q90 = quantile(lo, 0.9) }", kind: .holistic,
    check: { args, binder, span in
        try binder.arity(args, 2...2, "quantile", span, usage: "quantile(x, 0.9)")
        try binder.expect(args[0], [.int, .float, .bool], "quantile")
        let p: Double?
        switch args[1].node {
        case .literal(.float(let v)): p = v
        case .literal(.int(let v)): p = Double(v)
        default: p = nil
        }
        guard let p, p >= 0, p <= 1 else {
            throw binder.error(.type, "quantile's p must be a number from 0 to 1 written in the call", args[1].span, hint: "quantile(x, 0.9)")
        }
        return .float
    },
    compute: { input in
        let p = DoubleView(.column(input.args[1]))
        let groups = valuesByGroup(input)
        let prob = input.ids.isEmpty || p.isNull(0) ? 0.5 : p[0]
        let out = groups.map { v -> Double in
            guard !v.isEmpty else { return 0 }
            let s = v.sorted()
            let h = Double(s.count - 1) * prob
            let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, s.count - 1)
            return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
        }
        return floatColumn(out, present: groups.map { !$0.isEmpty })
    })

/// `first(x)` / `last(x)`: the first or last non-null value of each group in row order.
private func edge(_ name: String, last: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, signature: "\(name)(x) → value",
        summary: "The \(last ? "last" : "first") non-null value of each group, in the rows' order (sort before group to choose it).",
        example: "sort year | group indicator { latest = \(name)(value) }", kind: .holistic,
        check: { args, binder, span in
            try binder.arity(args, 1...1, name, span, usage: "\(name)(x)")
            return args[0].type
        },
        compute: { input in
            let x = input.args[0]
            var pick = [Int](repeating: -1, count: input.groupCount)
            for i in 0..<input.ids.count where !x.isNull(i) {
                let k = Int(input.ids[i])
                if last || pick[k] < 0 { pick[k] = i }
            }
            return buildColumn(type: input.resultType, count: input.groupCount) { pick[$0] < 0 ? .null : x.value(at: pick[$0]) }
        })
}
private let first = edge("first", last: false)
private let last = edge("last", last: true)

/// `string_agg(x, sep)`: the group's non-null values joined in row order (SQL's string_agg,
/// R's paste(collapse = sep)).
private let stringAgg = AggregateFunction(
    name: "string_agg", signature: "string_agg(x, separator) → text",
    summary: "The group's non-null values as text, in row order, joined by the separator.",
    example: "group plan { indicators = string_agg(indicator, \", \") }", kind: .holistic,
    check: { args, binder, span in
        try binder.arity(args, 2...2, "string_agg", span, usage: "string_agg(x, \", \")")
        guard case .literal(.text) = args[1].node else {
            throw binder.error(.type, "string_agg's separator must be text written in the call", args[1].span, hint: "string_agg(x, \"; \")")
        }
        return .text
    },
    compute: { input in
        let x = input.args[0], sepColumn = input.args[1]
        let sep = sepColumn.count > 0 && !sepColumn.isNull(0) ? sepColumn.value(at: 0).description : ""
        var parts = [[String]](repeating: [], count: input.groupCount)
        for i in 0..<input.ids.count where !x.isNull(i) { parts[Int(input.ids[i])].append(x.value(at: i).description) }
        return buildColumn(type: .text, count: input.groupCount) { parts[$0].isEmpty ? .null : .text(parts[$0].joined(separator: sep)) }
    })
