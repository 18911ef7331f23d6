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
