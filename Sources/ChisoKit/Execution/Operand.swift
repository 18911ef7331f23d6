/// The result of evaluating an expression over a batch of rows: a column, or one value that
/// stands for every row (literals and expressions of literals), so `year == 2030` never builds
/// a column of 2030s.
public enum Operand: Sendable {
    case column(Column)
    case scalar(Value)

    var type: DataType {
        switch self {
        case .column(let c): return c.type
        case .scalar(let v): return v.type
        }
    }

    /// As a column of `n` rows.
    func column(_ n: Int) -> Column {
        switch self {
        case .column(let c): return c
        case .scalar(let v): return Column.constant(v, count: n)
        }
    }

    /// As a column of `n` rows, converted to `type` (int → float, null → typed nulls).
    func column(_ n: Int, as type: DataType) -> Column {
        switch self {
        case .column(let c): return c.cast(to: type) ?? c
        case .scalar(let v):
            let c = Column.constant(v.cast(to: type), count: n)
            return c.cast(to: type) ?? c
        }
    }

    func value(at i: Int) -> Value {
        switch self {
        case .column(let c): return c.value(at: i)
        case .scalar(let v): return v
        }
    }

    var validity: Validity? {
        if case .column(let c) = self { return c.validity }
        return nil
    }

    var isNullScalar: Bool { if case .scalar(.null) = self { return true } else { return false } }
}

extension Value {
    /// Numeric widening for scalars; other combinations are left as they are.
    func cast(to type: DataType) -> Value {
        switch (self, type) {
        case (.int(let v), .float): return .float(Double(v))
        default: return self
        }
    }

    var double: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        default: return nil
        }
    }
}

/// A per-row numeric view of an operand, for kernels that want `Double`s.
struct DoubleView {
    let values: [Double]?
    let constant: Double
    let validity: Validity?
    let allNull: Bool

    init(_ op: Operand) {
        switch op {
        case .scalar(let v):
            values = nil; constant = v.double ?? 0; validity = nil; allNull = v.isNull
        case .column(let c):
            values = c.doubles(); constant = 0; validity = c.validity; allNull = c.type == .null
        }
    }

    @inline(__always) subscript(i: Int) -> Double { values?[i] ?? constant }
    @inline(__always) func isNull(_ i: Int) -> Bool { allNull || (validity.map { !$0.isValid(i) } ?? false) }
}

extension Operand {
    /// Row numbers where a condition is true (null counts as false).
    func selectedRows(_ n: Int) -> [Int32] {
        switch self {
        case .scalar(.bool(true)): return (0..<Int32(n)).map { $0 }
        case .scalar: return []
        case .column(let c):
            guard case .bool(let bits) = c.storage else { return [] }
            return Self.selected(bits, c.validity, n)
        }
    }

    /// The rows whose bit is set (and valid), in two passes over the cores: each slice counts
    /// its rows, then writes them at its offset. The write does not branch on the bit — it
    /// writes the row and moves on by 0 or 1 — so a half-true predicate costs no mispredicted
    /// branch per row.
    static func selected(_ bits: [Bool], _ validity: Validity?, _ n: Int) -> [Int32] {
        let slices = Parallelism.laneRanges(0..<n)
        var counts = [Int](repeating: 0, count: slices.count)
        bits.withUnsafeBufferPointer { p in counts.withUnsafeMutableBufferPointer { cs in
            let out = SharedBuffer(cs)
            Parallelism.forEachLane(0..<n) { lane, range in
                var k = 0
                if let v = validity {
                    for i in range { k &+= (p[i] && v.isValid(i)) ? 1 : 0 }
                } else {
                    for i in range { k &+= p[i] ? 1 : 0 }
                }
                out[lane] = k
            }
        } }
        var offsets = [Int](repeating: 0, count: counts.count)
        for l in 1..<max(1, counts.count) { offsets[l] = offsets[l - 1] + counts[l - 1] }
        let total = counts.reduce(0, +)
        return [Int32].filled(count: total) { o in bits.withUnsafeBufferPointer { p in
            let dst = SharedBuffer(o)
            Parallelism.forEachLane(0..<n) { lane, range in
                var k = offsets[lane]
                let end = k + counts[lane]
                // The slice's last rows may all be unselected: stop at its last selected one,
                // never writing into the next slice's first place.
                if let v = validity {
                    for i in range where k < end {
                        dst.base[k] = Int32(truncatingIfNeeded: i)
                        k &+= (p[i] && v.isValid(i)) ? 1 : 0
                    }
                } else {
                    let base = dst.base
                    var i = range.lowerBound
                    while k < end {
                        base[k] = Int32(truncatingIfNeeded: i)
                        k &+= p[i] ? 1 : 0
                        i &+= 1
                    }
                }
            }
        } }
    }
}

extension Operand {
    /// The rows whose value is true (and valid), each plus `offset`, written at `out` (room for
    /// `n`); returns how many. Eight rows at a time: their bits make a byte, and the byte's
    /// table entry says which of the eight are kept, stored as one vector, moving on by the
    /// byte's count — no branch per row and no counting pass first. For a piece of a block
    /// (`BlockSource`), whose room is already there.
    func writeSelected(_ n: Int, offset: Int32, into out: UnsafeMutablePointer<Int32>) -> Int {
        switch self {
        case .scalar(.bool(true)):
            for i in 0..<n { out[i] = offset &+ Int32(truncatingIfNeeded: i) }
            return n
        case .scalar: return 0
        case .column(let c):
            guard case .bool(let bits) = c.storage else { return 0 }
            let valid = c.validity
            var k = 0
            bits.withUnsafeBufferPointer { p in
                let table = Operand.keptPositions
                let weights = SIMD8<UInt8>(1, 2, 4, 8, 16, 32, 64, 128)
                var i = 0
                while i + 8 <= n {
                    let raw = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: SIMD8<UInt8>.self)
                    var mask = Int(((SIMD8<UInt8>(repeating: 0) &- raw) & weights).wrappedSum())
                    if let valid { mask &= Int(truncatingIfNeeded: valid.words[i >> 6] >> UInt64(i & 63)) & 0xFF }
                    UnsafeMutableRawPointer(out + k).storeBytes(of: table[mask] &+ SIMD8(repeating: offset &+ Int32(truncatingIfNeeded: i)),
                                                                as: SIMD8<Int32>.self)
                    k &+= mask.nonzeroBitCount
                    i &+= 8
                }
                while i < n {
                    out[k] = offset &+ Int32(truncatingIfNeeded: i)
                    k &+= (p[i] && (valid?.isValid(i) ?? true)) ? 1 : 0
                    i &+= 1
                }
            }
            return k
        }
    }

    /// For each byte of eight rows' bits, the positions of its set bits, first (the rest unused).
    static let keptPositions: [SIMD8<Int32>] = (0..<256).map { byte in
        var v = SIMD8<Int32>(repeating: 0), j = 0
        for b in 0..<8 where byte & (1 << b) != 0 { v[j] = Int32(b); j += 1 }
        return v
    }
}
