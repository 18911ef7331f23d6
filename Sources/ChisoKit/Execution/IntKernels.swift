/// `+`, `-` and `*` over integer operands as they are held: 64-bit values, 32-bit values (a
/// column whose values fit), or one constant. Why a separate path: going through `Column`'s
/// canonical storage widened every 32-bit column into a new 64-bit array and built a column of
/// the constant, and the row loop called a closure with a switch per row — `psu * 1000 + age`
/// over 5M rows took 65 ms. Here each combination of operand kinds gets its own loop (the
/// generic is specialised), overflow is collected with `|` and checked once after the loop.
enum IntKernels {
    /// One operand's values, read by row. Read-only views, so threads may share them
    /// (`@unchecked Sendable`: nothing writes through these pointers while they are read).
    protocol Lane: Sendable { subscript(i: Int) -> Int64 { get } }
    struct Wide: Lane, @unchecked Sendable { let p: UnsafePointer<Int64>; @inline(__always) subscript(i: Int) -> Int64 { p[i] } }
    struct Narrow: Lane, @unchecked Sendable { let p: UnsafePointer<Int32>; @inline(__always) subscript(i: Int) -> Int64 { Int64(p[i]) } }
    struct Constant: Lane { let v: Int64; @inline(__always) subscript(i: Int) -> Int64 { v } }

    /// The result of `a op b` for `op` in + - *, or nil when an operand is not held as plain
    /// integers without nulls (the general kernel handles those). Throws on overflow.
    static func addSubMul(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int, overflow: () -> Diagnostic) throws -> Column? {
        guard n > 0, op == .add || op == .sub || op == .mul, a.validity == nil, b.validity == nil else { return nil }
        var out = [Int64](repeating: 0, count: n)
        let overflowed: Bool? = out.withUnsafeMutableBufferPointer { o in
            withLane(a) { x in withLane(b) { y in run(op, x, y, n, o.baseAddress!) } }
        }
        guard let overflowed else { return nil }
        if overflowed { throw overflow() }
        return Column(.int(out))
    }

    /// Calls `body` with the operand's lane, or returns nil for operands of another kind.
    private static func withLane<R>(_ v: Operand, _ body: (any Lane) -> R?) -> R? {
        switch v {
        case .scalar(.int(let c)): return body(Constant(v: c))
        case .scalar: return nil
        case .column(let c):
            switch c.layout {
            case .int32(let a): return a.withUnsafeBufferPointer { body(Narrow(p: $0.baseAddress!)) }
            case .canonical(.int(let a)): return a.withUnsafeBufferPointer { body(Wide(p: $0.baseAddress!)) }
            default: return nil
            }
        }
    }

    private static func run(_ op: BinaryOp, _ x: any Lane, _ y: any Lane, _ n: Int, _ o: UnsafeMutablePointer<Int64>) -> Bool {
        // Open the existentials once, so the loop below is specialised for the two lane kinds.
        func first<X: Lane>(_ x: X) -> Bool {
            func second<Y: Lane>(_ y: Y) -> Bool { loop(op, x, y, n, o) }
            return second(y)
        }
        return first(x)
    }

    @inline(__always)
    private static func loop<X: Lane, Y: Lane>(_ op: BinaryOp, _ x: X, _ y: Y, _ n: Int, _ o: UnsafeMutablePointer<Int64>) -> Bool {
        var overflow = false
        switch op {
        case .add: for i in 0..<n { let r = x[i].addingReportingOverflow(y[i]); o[i] = r.partialValue; overflow = overflow || r.overflow }
        case .sub: for i in 0..<n { let r = x[i].subtractingReportingOverflow(y[i]); o[i] = r.partialValue; overflow = overflow || r.overflow }
        default: for i in 0..<n { let r = x[i].multipliedReportingOverflow(by: y[i]); o[i] = r.partialValue; overflow = overflow || r.overflow }
        }
        return overflow
    }
}
