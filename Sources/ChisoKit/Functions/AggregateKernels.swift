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
/// group id per row. The rows are summed in fixed blocks of 65,536; within a block, row k goes
/// to running sum k mod 8 (eight sums, so the adds do not wait on each other: one running sum
/// waits four cycles on its own last add), and the eight are added pairwise at the block's end;
/// the blocks' sums are added in block order. So the bits are the same whatever `set threads`
/// is, with the blocks spread over the cores. A caller that computes its arguments a piece at a
/// time (`BlockSource`, pieces of a multiple of 8 rows) continues a block's sums piece by piece
/// with `accumulate`, which gives the same bits again.
enum WholeColumnSums {
    static let block = 1 << 16

    /// A block's running sums (lane k mod 8) and rows present.
    struct Float {
        var sums = SIMD8<Double>(), weights = SIMD8<Double>(), n = 0
    }
    /// The sums of every block, added.
    struct Total { var sum = 0.0, weight = 0.0, n = 0 }
    struct Integer { var sum: Int64 = 0, n = 0, overflow = false }

    /// An argument's rows `offset..<offset + count` (a whole column read in place, or a piece
    /// computed for these rows alone at offset 0).
    struct Piece {
        let column: Column
        let offset: Int
    }

    /// For each byte of eight rows' presence bits, a mask keeping the present lanes' bits (a
    /// null row's value, whatever it holds, becomes +0, which leaves a sum as it was).
    static let keptLanes: [SIMD8<UInt64>] = (0..<256).map { byte in
        SIMD8<UInt64>((0..<8).map { byte & (1 << $0) != 0 ? UInt64.max : 0 })
    }

    /// Float sums of x (weighted by w when given); nil for a type no numeric aggregate takes.
    static func float(_ x: Column, _ w: Column?) -> Total? {
        guard accepts(x, w) else { return nil }
        let parts = Parallelism.mapBlocks(x.count, size: block) { rows -> Float in
            var f = Float()
            _ = accumulate(&f, Piece(column: x, offset: rows.lowerBound), w.map { Piece(column: $0, offset: rows.lowerBound) },
                           count: rows.count)
            return f
        }
        return combine(parts, weighted: w != nil)
    }

    /// The blocks' sums added in block order, each block's eight pairwise (the unweighted
    /// weight is the count).
    static func combine(_ parts: [Float], weighted: Bool) -> Total {
        func pairwise(_ v: SIMD8<Double>) -> Double { ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7])) }
        var total = Total()
        for f in parts { total.sum += pairwise(f.sums); total.weight += pairwise(f.weights); total.n += f.n }
        if !weighted { total.weight = Double(total.n) }
        return total
    }

    /// Whether `float` takes these columns (numbers or booleans, or a column of nulls).
    static func accepts(_ x: Column, _ w: Column?) -> Bool {
        func numeric(_ c: Column) -> Bool {
            switch c.layout {
            case .int32, .canonical(.int), .canonical(.float), .canonical(.bool), .canonical(.null): return true
            default: return false
            }
        }
        return numeric(x) && (w.map(numeric) ?? true)
    }

    /// Adds `count` rows of x (times w) to `f`, in row order. False for a type `accepts` refuses.
    @discardableResult
    static func accumulate(_ f: inout Float, _ x: Piece, _ w: Piece?, count: Int) -> Bool {
        if x.column.type == .null || w?.column.type == .null { return true }
        func open<X: SummableValue>(_ xs: [X]) -> Bool {
            guard let w else { return run(&f, xs, x, [Bool](), nil, count) }
            switch w.column.layout {
            case .int32(let b): return run(&f, xs, x, b, w, count)
            case .canonical(.int(let b)): return run(&f, xs, x, b, w, count)
            case .canonical(.float(let b)): return run(&f, xs, x, b, w, count)
            case .canonical(.bool(let b)): return run(&f, xs, x, b, w, count)
            default: return false
            }
        }
        switch x.column.layout {
        case .int32(let a): return open(a)
        case .canonical(.int(let a)): return open(a)
        case .canonical(.float(let a)): return open(a)
        case .canonical(.bool(let a)): return open(a)
        default: return false
        }
    }

    // Inlined into each `open` so it is compiled for the concrete value types (as a generic
    // function its loop called `asDouble` through a witness table, eight times slower).
    @inline(__always)
    private static func run<X: SummableValue, W: SummableValue>(_ f: inout Float, _ xs: [X], _ x: Piece, _ ws: [W], _ w: Piece?,
                                                                _ count: Int) -> Bool {
        let xv = x.column.validity, wv = w?.column.validity, xo = x.offset, wo = w?.offset ?? 0
        var sums = f.sums, weights = f.weights, n = f.n
        let keptLanes = WholeColumnSums.keptLanes
        xs.withUnsafeBufferPointer { a in ws.withUnsafeBufferPointer { b in
            // Eight rows at a time into the eight sums; a row that is null on either side adds
            // zero (its value, which may be anything, is masked out), which leaves a sum's bits
            // as they were. Then the rest one by one.
            let whole = count & ~7
            var k = 0
            while k < whole {
                var present = 0xFF
                if let xv { present &= xv.byte(at: xo + k) }
                if let wv { present &= wv.byte(at: wo + k) }
                let p = a.baseAddress! + xo + k
                var xs8 = SIMD8(p[0].asDouble, p[1].asDouble, p[2].asDouble, p[3].asDouble,
                                p[4].asDouble, p[5].asDouble, p[6].asDouble, p[7].asDouble)
                if present != 0xFF { xs8 = unsafeBitCast(unsafeBitCast(xs8, to: SIMD8<UInt64>.self) & keptLanes[present], to: SIMD8<Double>.self) }
                if w != nil {
                    let q = b.baseAddress! + wo + k
                    var ws8 = SIMD8(q[0].asDouble, q[1].asDouble, q[2].asDouble, q[3].asDouble,
                                    q[4].asDouble, q[5].asDouble, q[6].asDouble, q[7].asDouble)
                    if present != 0xFF { ws8 = unsafeBitCast(unsafeBitCast(ws8, to: SIMD8<UInt64>.self) & keptLanes[present], to: SIMD8<Double>.self) }
                    sums += ws8 * xs8
                    weights += ws8
                } else {
                    sums += xs8
                }
                n &+= present.nonzeroBitCount
                k &+= 8
            }
            while k < count {
                defer { k &+= 1 }
                if let xv, !xv.isValid(xo + k) { continue }
                if let wv, !wv.isValid(wo + k) { continue }
                if w != nil {
                    let wi = b[wo + k].asDouble
                    sums[k & 7] += wi * a[xo + k].asDouble
                    weights[k & 7] += wi
                } else {
                    sums[k & 7] += a[xo + k].asDouble
                }
                n &+= 1
            }
        } }
        f.sums = sums; f.weights = weights; f.n = n
        return true
    }

    /// The integer sum of x and the rows present; nil when it overflows 64 bits. (Outer nil:
    /// not an integer column.)
    static func integer(_ x: Column) -> (sum: Int64, n: Int)?? {
        switch x.layout {
        case .int32, .canonical(.int), .canonical(.bool), .canonical(.null): break
        default: return nil
        }
        let parts = Parallelism.mapBlocks(x.count, size: block) { rows -> Integer in
            var s = Integer()
            accumulate(&s, Piece(column: x, offset: rows.lowerBound), count: rows.count)
            return s
        }
        return .some(combine(parts))
    }

    /// The blocks' integer sums added; nil when any overflowed.
    static func combine(_ parts: [Integer]) -> (sum: Int64, n: Int)? {
        var s: Int64 = 0, c = 0
        for p in parts {
            if p.overflow { return nil }
            let (t, o) = s.addingReportingOverflow(p.sum)
            if o { return nil }
            s = t; c += p.n
        }
        return (s, c)
    }

    /// Adds `count` rows of an integer (or boolean) column to `s`, noting an overflow.
    static func accumulate(_ s: inout Integer, _ x: Piece, count: Int) {
        func run<X: FixedWidthInteger>(_ xs: [X]) {
            let v = x.column.validity, o = x.offset
            xs.withUnsafeBufferPointer { a in
                let p = a.baseAddress! + o
                if v == nil && X.bitWidth <= 32 && count <= block {
                    // A block of 32-bit values cannot leave 64 bits (2^16 rows × 2^31 < 2^47
                    // per call, and a block's calls add up to one block): a plain add, which
                    // vectorises, then one checked add into the running sum.
                    var t: Int64 = 0
                    for k in 0..<count { t &+= Int64(p[k]) }
                    let (u, over) = s.sum.addingReportingOverflow(t)
                    s.sum = u; s.overflow = s.overflow || over; s.n += count
                    return
                }
                for k in 0..<count {
                    if let v, !v.isValid(o + k) { continue }
                    let (t, over) = s.sum.addingReportingOverflow(Int64(p[k]))
                    s.sum = t; s.overflow = s.overflow || over; s.n += 1
                }
            }
        }
        switch x.column.layout {
        case .int32(let a): run(a)
        case .canonical(.int(let a)): run(a)
        case .canonical(.bool(let a)):
            let v = x.column.validity, o = x.offset
            for k in 0..<count where v?.isValid(o + k) ?? true { s.sum += a[o + k] ? 1 : 0; s.n += 1 }
        default: break   // nulls: nothing present
        }
    }
}
