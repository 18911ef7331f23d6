/// The inner loops of the distributive and algebraic aggregates (count, sum, mean).
///
/// They read the argument columns as held — 32- or 64-bit integers, floats, booleans — rather
/// than converting a whole column to doubles first, and they read through a row map: either
/// row i itself, or `rows[i]` when `group` hands them the unselected columns under a `where`'s
/// selection (`AggregateInput.rows`). Rows are visited in the same order either way, so sums
/// come out bit for bit the same as over gathered columns.

/// Where aggregate row i's values are in the argument columns.
protocol RowMap {
    func callAsFunction(_ i: Int) -> Int
}

/// Row i is row i (the arguments are the frame's own columns).
struct SameRows: RowMap {
    @inline(__always) func callAsFunction(_ i: Int) -> Int { i }
}

/// Row i is `rows[i]` of the arguments (unselected columns under a selection).
struct ThroughRows: RowMap {
    let rows: UnsafeBufferPointer<Int32>
    @inline(__always) func callAsFunction(_ i: Int) -> Int { Int(rows[i]) }
}

extension AggregateInput {
    /// Runs a kernel with this input's row map.
    func withRowMap<R>(_ sameRows: (SameRows) throws -> R, _ throughRows: (ThroughRows) throws -> R) rethrows -> R {
        guard let rows else { return try sameRows(SameRows()) }
        return try rows.withUnsafeBufferPointer { try throughRows(ThroughRows(rows: $0)) }
    }
}

/// A value an aggregate adds up as a double.
protocol SummableValue { var asDouble: Double { get } }
extension Int32: SummableValue { @inline(__always) var asDouble: Double { Double(self) } }
extension Int64: SummableValue { @inline(__always) var asDouble: Double { Double(self) } }
extension Double: SummableValue { @inline(__always) var asDouble: Double { self } }
extension Bool: SummableValue { @inline(__always) var asDouble: Double { self ? 1 : 0 } }

/// Per-group sums of `w·x` and `w` (w = 1 when unweighted) and counts, over rows where both
/// are present.
struct WeightedSums {
    var sum: [Double]
    var weight: [Double]
    var n: [Int]

    init(_ input: AggregateInput) {
        let g = input.groupCount
        sum = [Double](repeating: 0, count: g)
        weight = [Double](repeating: 0, count: g)
        n = [Int](repeating: 0, count: g)
        let x = input.args[0], w = input.args.count == 2 ? input.args[1] : nil
        // A column of nulls has no present row: every sum stays 0 and every count 0.
        if x.type == .null || w?.type == .null { return }
        input.withRowMap({ add(x, w, input, $0) }, { add(x, w, input, $0) })
        if w == nil { for k in 0..<g { weight[k] = Double(n[k]) } }
    }

    /// Opens `x` as its stored type, then `w`.
    private mutating func add<M: RowMap>(_ x: Column, _ w: Column?, _ input: AggregateInput, _ map: M) {
        switch x.layout {
        case .int32(let a): add(a, x.validity, w, input, map)
        case .canonical(.int(let a)): add(a, x.validity, w, input, map)
        case .canonical(.float(let a)): add(a, x.validity, w, input, map)
        case .canonical(.bool(let a)): add(a, x.validity, w, input, map)
        default: preconditionFailure("numeric aggregate over \(x.type)")   // the binder allows numbers only
        }
    }

    private mutating func add<X: SummableValue, M: RowMap>(_ xs: [X], _ xv: Validity?, _ w: Column?, _ input: AggregateInput, _ map: M) {
        guard let w else { return add(xs, xv, [Bool](), nil, weighted: false, input, map) }
        switch w.layout {
        case .int32(let b): add(xs, xv, b, w.validity, weighted: true, input, map)
        case .canonical(.int(let b)): add(xs, xv, b, w.validity, weighted: true, input, map)
        case .canonical(.float(let b)): add(xs, xv, b, w.validity, weighted: true, input, map)
        case .canonical(.bool(let b)): add(xs, xv, b, w.validity, weighted: true, input, map)
        default: preconditionFailure("numeric weight of type \(w.type)")
        }
    }

    /// The loop itself: `s += w·x; w += w; n += 1` in row order, exactly as a serial pass over
    /// gathered columns would add them.
    private mutating func add<X: SummableValue, W: SummableValue, M: RowMap>(
        _ xs: [X], _ xv: Validity?, _ ws: [W], _ wv: Validity?, weighted: Bool, _ input: AggregateInput, _ map: M
    ) {
        let hasNulls = xv != nil || wv != nil
        input.ids.withUnsafeBufferPointer { ids in xs.withUnsafeBufferPointer { x in ws.withUnsafeBufferPointer { w in
        sum.withUnsafeMutableBufferPointer { s in weight.withUnsafeMutableBufferPointer { sw in n.withUnsafeMutableBufferPointer { c in
            for i in 0..<ids.count {
                let r = map(i)
                if hasNulls && (xv.map { !$0.isValid(r) } ?? false || wv.map { !$0.isValid(r) } ?? false) { continue }
                let k = Int(ids[i])
                if weighted {
                    let wi = w[r].asDouble
                    s[k] += wi * x[r].asDouble
                    sw[k] += wi
                } else {
                    s[k] += x[r].asDouble
                }
                c[k] += 1
            }
        } } }
        } } }
    }
}

/// Rows per group; with an argument, rows where it is not null. Counts are integers, so each
/// core may count its own rows and the sums are the serial counts exactly.
func groupCounts(_ input: AggregateInput) -> [Int64] {
    let g = input.groupCount, n = input.ids.count
    let validity = input.args.first.map { $0.type == .null ? Validity(count: $0.count, allValid: false) : $0.validity } ?? nil
    // One table of counts per lane, when the tables are small beside the rows; with few
    // groups, four per lane taken in turn, so consecutive rows of one group do not wait on
    // each other's increment of the same counter.
    let lanes = g * 8 <= n ? Parallelism.lanes(n) : 1
    let ways = g <= 4096 && n >= 4096 ? 4 : 1
    let tables = lanes * ways
    var perTable = [Int64](repeating: 0, count: g * tables)
    perTable.withUnsafeMutableBufferPointer { all in input.ids.withUnsafeBufferPointer { ids in
        let counts = SharedBuffer(all)
        func count<M: RowMap>(_ map: M) {
            Parallelism.forEachLane(0..<n, lanes: lanes) { lane, rows in
                let base = counts.base + lane * ways * g
                let mask = ways - 1
                if let v = validity {
                    for i in rows where v.isValid(map(i)) { base[(i & mask) * g + Int(ids[i])] += 1 }
                } else {
                    for i in rows { base[(i & mask) * g + Int(ids[i])] += 1 }
                }
            }
        }
        input.withRowMap(count, count)
    } }
    if tables == 1 { return perTable }
    return (0..<g).map { k in (0..<tables).reduce(0) { $0 + perTable[$1 * g + k] } }
}

/// Per-group integer sums (overflow is an error, never a wrapped number) and whether each
/// group had a present value.
func integerSums(_ input: AggregateInput) throws -> ([Int64], [Bool]) {
    let x = input.args[0]
    var s = [Int64](repeating: 0, count: input.groupCount)
    var present = [Bool](repeating: false, count: input.groupCount)
    func add<X: BinaryInteger, M: RowMap>(_ values: [X], _ map: M) throws {
        let v = x.validity
        for i in 0..<input.ids.count {
            let r = map(i)
            if let v, !v.isValid(r) { continue }
            let k = Int(input.ids[i])
            let (sum, overflow) = s[k].addingReportingOverflow(Int64(values[r]))
            if overflow {
                throw Diagnostic(.runtime, "integer overflow in sum", at: input.span,
                                 hint: "sum(float(x)) adds in floating point").inSource(input.source)
            }
            s[k] = sum
            present[k] = true
        }
    }
    switch x.layout {
    case .int32(let a): try input.withRowMap({ try add(a, $0) }, { try add(a, $0) })
    case .canonical(.int(let a)): try input.withRowMap({ try add(a, $0) }, { try add(a, $0) })
    case .canonical(.bool(let a)):
        let ones = a.map { $0 ? Int8(1) : 0 }
        try input.withRowMap({ try add(ones, $0) }, { try add(ones, $0) })
    default: break   // a column of nulls: no group has a value
    }
    return (s, present)
}

/// `group { … }` with no keys: Σ w·x, Σ w and the rows present over whole columns, without a
/// group id per row. The rows are summed in fixed blocks of 65,536, each in row order, and the
/// blocks' sums added in block order: the same bits whatever `set threads` is, with the blocks
/// spread over the cores (one running sum per row of 1,000,000 waited on its own last add).
enum WholeColumnSums {
    static let block = 1 << 16

    struct Float { var sum = 0.0, weight = 0.0, n = 0 }

    /// Float sums of x (weighted by w when given); nil for a type no numeric aggregate takes.
    static func float(_ x: Column, _ w: Column?) -> Float? {
        if x.type == .null || w?.type == .null { return Float() }
        func open<X: SummableValue>(_ xs: [X]) -> Float? {
            guard let w else { return run(xs, x.validity, [Bool](), nil, weighted: false) }
            switch w.layout {
            case .int32(let b): return run(xs, x.validity, b, w.validity, weighted: true)
            case .canonical(.int(let b)): return run(xs, x.validity, b, w.validity, weighted: true)
            case .canonical(.float(let b)): return run(xs, x.validity, b, w.validity, weighted: true)
            case .canonical(.bool(let b)): return run(xs, x.validity, b, w.validity, weighted: true)
            default: return nil
            }
        }
        switch x.layout {
        case .int32(let a): return open(a)
        case .canonical(.int(let a)): return open(a)
        case .canonical(.float(let a)): return open(a)
        case .canonical(.bool(let a)): return open(a)
        default: return nil
        }
    }

    private static func run<X: SummableValue, W: SummableValue>(_ xs: [X], _ xv: Validity?, _ ws: [W], _ wv: Validity?, weighted: Bool) -> Float {
        let n = xs.count
        let blocks = (n + block - 1) / block
        var parts = [Float](repeating: Float(), count: blocks)
        xs.withUnsafeBufferPointer { x in ws.withUnsafeBufferPointer { w in parts.withUnsafeMutableBufferPointer { p in
            let out = SharedBuffer(p)
            Parallelism.forEachLane(0..<blocks) { _, range in
                for b in range {
                    var f = Float()
                    for i in (b * block)..<Swift.min(n, (b + 1) * block) {
                        if let xv, !xv.isValid(i) { continue }
                        if let wv, !wv.isValid(i) { continue }
                        if weighted {
                            let wi = w[i].asDouble
                            f.sum += wi * x[i].asDouble
                            f.weight += wi
                        } else {
                            f.sum += x[i].asDouble
                        }
                        f.n += 1
                    }
                    out[b] = f
                }
            }
        } } }
        var total = Float()
        for f in parts { total.sum += f.sum; total.weight += f.weight; total.n += f.n }
        if !weighted { total.weight = Double(total.n) }
        return total
    }

    /// The integer sum of x and the rows present; nil when it overflows 64 bits.
    static func integer(_ x: Column) -> (sum: Int64, n: Int)?? {
        func run<X: BinaryInteger>(_ xs: [X]) -> (sum: Int64, n: Int)? {
            let n = xs.count, blocks = (n + block - 1) / block, v = x.validity
            var parts = [(Int64, Int, Bool)](repeating: (0, 0, false), count: blocks)
            xs.withUnsafeBufferPointer { a in parts.withUnsafeMutableBufferPointer { p in
                let out = SharedBuffer(p)
                Parallelism.forEachLane(0..<blocks) { _, range in
                    for b in range {
                        var s: Int64 = 0, c = 0, overflow = false
                        for i in (b * block)..<Swift.min(n, (b + 1) * block) {
                            if let v, !v.isValid(i) { continue }
                            let (t, o) = s.addingReportingOverflow(Int64(a[i]))
                            s = t; overflow = overflow || o; c += 1
                        }
                        out[b] = (s, c, overflow)
                    }
                }
            } }
            var s: Int64 = 0, c = 0
            for (ps, pc, po) in parts {
                if po { return nil }
                let (t, o) = s.addingReportingOverflow(ps)
                if o { return nil }
                s = t; c += pc
            }
            return (s, c)
        }
        switch x.layout {
        case .int32(let a): return .some(run(a))
        case .canonical(.int(let a)): return .some(run(a))
        case .canonical(.bool(let a)): return .some(run(a.map { $0 ? Int8(1) : 0 }))
        case .canonical(.null): return .some((0, 0))
        default: return nil
        }
    }
}
