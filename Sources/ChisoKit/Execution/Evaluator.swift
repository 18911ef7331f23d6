/// Evaluates bound expressions column-at-a-time.
///
/// `columns(i)` yields input column i for the rows being evaluated (the executor gathers it
/// through the current selection on first use), so an expression reads only what it needs.
struct Evaluator {
    let rowCount: Int
    let columns: (Int) -> Column
    let source: SourceFile

    func runtimeError(_ message: String, _ span: Span, hint: String? = nil) -> Diagnostic {
        Diagnostic(.runtime, message, at: span, hint: hint).inSource(source)
    }

    func eval(_ b: Bound) throws -> Operand {
        switch b.node {
        case .column(let i): return .column(columns(i))
        case .literal(let v): return .scalar(v)
        case .unary(.negate, let e): return try negate(try eval(e), b.span)
        case .unary(.not, let e): return Kernels.not(try eval(e), rowCount)
        case .binary(let op, let l, let r):
            let a = try eval(l), c = try eval(r)
            return try binary(op, a, c, l.type, r.type, b)
        case .call(let f, let args):
            let ops = try args.map { try eval($0) }
            return try f.evaluate(FunctionCall(args: ops, types: args.map(\.type), rowCount: rowCount,
                                               resultType: b.type, span: b.span, evaluator: self))
        case .inList(let x, let items, let negated):
            let v = try eval(x)
            var acc: Operand = .scalar(.bool(false))
            for item in items {
                let eq = Kernels.compare(.eq, v, try eval(item), rowCount)
                acc = Kernels.logic(.or, acc, eq, rowCount)
            }
            return negated ? Kernels.not(acc, rowCount) : acc
        case .between(let x, let lo, let hi, let negated):
            let v = try eval(x)
            let r = Kernels.logic(.and, Kernels.compare(.ge, v, try eval(lo), rowCount),
                                  Kernels.compare(.le, v, try eval(hi), rowCount), rowCount)
            return negated ? Kernels.not(r, rowCount) : r
        case .isNull(let x, let negated):
            let v = try eval(x)
            switch v {
            case .scalar(let s): return .scalar(.bool(s.isNull != negated))
            case .column(let c):
                let bits = (0..<rowCount).map { c.isNull($0) != negated }
                return .column(Column(.bool(bits)))
            }
        }
    }

    func negate(_ v: Operand, _ span: Span) throws -> Operand {
        switch v {
        case .scalar(.int(let x)):
            guard x != .min else { throw runtimeError("integer overflow in '-'", span) }
            return .scalar(.int(-x))
        case .scalar(.float(let x)): return .scalar(.float(-x))
        case .scalar: return v
        case .column(let c):
            switch c.storage {
            case .int(let a):
                if a.contains(.min) { throw runtimeError("integer overflow in '-'", span, hint: "convert with float(…)") }
                return .column(Column(.int(a.map { -$0 }), validity: c.validity))
            case .float(let a): return .column(Column(.float(a.map { -$0 }), validity: c.validity))
            default: return v
            }
        }
    }

    func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ ta: DataType, _ tb: DataType, _ node: Bound) throws -> Operand {
        switch op {
        case .and, .or: return Kernels.logic(op, a, b, rowCount)
        case .eq, .ne, .lt, .le, .gt, .ge: return Kernels.compare(op, a, b, rowCount)
        case .startsWith, .endsWith, .contains: return Kernels.textPredicate(op, a, b, rowCount)
        case .add where node.type == .text: return Kernels.concat(a, b, rowCount)
        case .add, .sub, .mul, .div, .mod:
            if node.type == .date || (ta == .date && tb == .date) {
                return try Kernels.dateArithmetic(op, a, b, rowCount, resultType: node.type)
            }
            if a.isNullScalar || b.isNullScalar { return .scalar(.null) }
            if node.type == .int {
                return try Kernels.intArithmetic(op, a, b, rowCount) {
                    runtimeError("integer overflow in '\(op.rawValue)'", node.span,
                                 hint: "convert an operand with float(…) to compute in floating point")
                }
            }
            return Kernels.floatArithmetic(op, a, b, rowCount)
        }
    }
}

/// The column kernels behind operators. Each handles nulls the same way: a null operand gives
/// a null result, except `and`/`or`, which follow three-valued logic.
enum Kernels {
    static func boolColumn(_ n: Int, validity: Validity?, _ f: (Int) -> Bool) -> Column {
        var out = [Bool](repeating: false, count: n)
        out.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i] = f(i) } }
        return Column(.bool(out), validity: validity)
    }

    static func not(_ v: Operand, _ n: Int) -> Operand {
        switch v {
        case .scalar(.bool(let b)): return .scalar(.bool(!b))
        case .scalar: return v
        case .column(let c):
            guard case .bool(let a) = c.storage else { return v }
            return .column(Column(.bool(a.map { !$0 }), validity: c.validity))
        }
    }

    /// Three-valued `and` / `or`: false and null = false, true or null = true.
    static func logic(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int) -> Operand {
        if case .scalar(let x) = a, case .scalar(let y) = b {
            return .scalar(logicValue(op, x, y))
        }
        let ca = a.column(n, as: .bool), cb = b.column(n, as: .bool)
        guard case .bool(let xa) = ca.storage, case .bool(let xb) = cb.storage else { return .scalar(.null) }
        if ca.validity == nil && cb.validity == nil {
            var out = [Bool](repeating: false, count: n)
            xa.withUnsafeBufferPointer { pa in xb.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { o in
                    if op == .and { for i in 0..<n { o[i] = pa[i] && pb[i] } } else { for i in 0..<n { o[i] = pa[i] || pb[i] } }
                }
            } }
            return .column(Column(.bool(out)))
        }
        var out = [Bool](repeating: false, count: n)
        var valid = Validity(count: n, allValid: true)
        for i in 0..<n {
            let x: Value = ca.isNull(i) ? .null : .bool(xa[i])
            let y: Value = cb.isNull(i) ? .null : .bool(xb[i])
            switch logicValue(op, x, y) {
            case .bool(let r): out[i] = r
            default: valid.set(i, false)
            }
        }
        return .column(Column(.bool(out), validity: valid))
    }

    static func logicValue(_ op: BinaryOp, _ x: Value, _ y: Value) -> Value {
        let bx: Bool? = { if case .bool(let b) = x { return b }; return nil }()
        let by: Bool? = { if case .bool(let b) = y { return b }; return nil }()
        if op == .and {
            if bx == false || by == false { return .bool(false) }
            if let bx, let by { return .bool(bx && by) }
            return .null
        }
        if bx == true || by == true { return .bool(true) }
        if let bx, let by { return .bool(bx || by) }
        return .null
    }

    @inline(__always) static func holds(_ op: BinaryOp, _ c: Int) -> Bool {
        switch op {
        case .eq: return c == 0
        case .ne: return c != 0
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        default: return false
        }
    }

    @inline(__always) static func cmp<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

    static func compareValues(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return cmp(x, y)
        case (.text(let x), .text(let y)):
            let kx = TextOrder.key(x), ky = TextOrder.key(y)
            return x == y ? 0 : (TextOrder.less(kx, x, ky, y) ? -1 : 1)
        case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
        case (.date(let x), .date(let y)): return cmp(x, y)
        default:
            guard let x = a.double, let y = b.double else { return nil }
            return cmp(x, y)
        }
    }

    static func compare(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int) -> Operand {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            return .scalar(compareValues(x, y).map { .bool(holds(op, $0)) } ?? .null)
        case (.scalar, .column):
            return compare(op.flipped, b, a, n)
        case (_, .scalar(.null)), (.scalar(.null), _):
            return .scalar(.null)
        case (.column(let c), .scalar(let v)):
            return .column(compareColumn(op, c, v, n))
        case (.column(let c), .column(let d)):
            return .column(compareColumns(op, c, d, n))
        }
    }

    /// Column against a constant: the common `where` case, kept tight.
    static func compareColumn(_ op: BinaryOp, _ c: Column, _ v: Value, _ n: Int) -> Column {
        // Narrow integers against an integer: compared in place, without widening the column.
        // One loop per operator and integer width, with the operator chosen outside it.
        func ints<L: IntKernels.Lane>(_ p: L, _ x: Int64) -> Column {
            let out = [Bool](unsafeUninitializedCapacity: n) { o, count in
                switch op {
                case .eq: for i in 0..<n { o[i] = p[i] == x }
                case .ne: for i in 0..<n { o[i] = p[i] != x }
                case .lt: for i in 0..<n { o[i] = p[i] < x }
                case .le: for i in 0..<n { o[i] = p[i] <= x }
                case .gt: for i in 0..<n { o[i] = p[i] > x }
                default: for i in 0..<n { o[i] = p[i] >= x }
                }
                count = n
            }
            return Column(.bool(out), validity: c.validity)
        }
        if n > 0, case .int(let x) = v {
            switch c.layout {
            case .int32(let a): return a.withUnsafeBufferPointer { ints(IntKernels.Narrow(p: $0.baseAddress!), x) }
            case .canonical(.int(let a)): return a.withUnsafeBufferPointer { ints(IntKernels.Wide(p: $0.baseAddress!), x) }
            default: break
            }
        }
        switch (c.storage, v) {
        case (.text(let codes, let dict), .text(let s)):
            // Decide once per distinct value, then look the answer up per row.
            let perEntry = dict.strings.map { compareValues(.text($0), .text(s)).map { holds(op, $0) } ?? false }
            return boolColumn(n, validity: c.validity) { perEntry.isEmpty ? false : perEntry[Int(codes[$0])] }
        case (.date(let a), .date(let x)):
            return boolColumn(n, validity: c.validity) { holds(op, cmp(a[$0], x)) }
        case (.bool(let a), .bool(let x)):
            return boolColumn(n, validity: c.validity) { holds(op, cmp(a[$0] ? 1 : 0, x ? 1 : 0)) }
        default:
            let dv = DoubleView(.column(c)), x = v.double ?? 0
            return boolColumn(n, validity: c.validity) { holds(op, cmp(dv[$0], x)) }
        }
    }

    static func compareColumns(_ op: BinaryOp, _ c: Column, _ d: Column, _ n: Int) -> Column {
        let validity = Validity.and(c.validity, d.validity)
        switch (c.storage, d.storage) {
        case (.int(let a), .int(let b)):
            return boolColumn(n, validity: validity) { holds(op, cmp(a[$0], b[$0])) }
        case (.text, .text):
            // Put both on one dictionary, then compare codes (equality) or ranks (order).
            let both = Column.concatenate([c, d], type: .text)
            guard case .text(let codes, let dict) = both.storage else { return Column(.null(count: n)) }
            if op == .eq || op == .ne {
                return boolColumn(n, validity: validity) { holds(op, codes[$0] == codes[n + $0] ? 0 : 1) }
            }
            let ranks = dict.sortRanks
            return boolColumn(n, validity: validity) { holds(op, cmp(ranks[Int(codes[$0])], ranks[Int(codes[n + $0])])) }
        case (.date(let a), .date(let b)):
            return boolColumn(n, validity: validity) { holds(op, cmp(a[$0], b[$0])) }
        case (.bool(let a), .bool(let b)):
            return boolColumn(n, validity: validity) { holds(op, cmp(a[$0] ? 1 : 0, b[$0] ? 1 : 0)) }
        case (.null, _), (_, .null):
            return Column(.null(count: n))
        default:
            let x = DoubleView(.column(c)), y = DoubleView(.column(d))
            return boolColumn(n, validity: validity) { holds(op, cmp(x[$0], y[$0])) }
        }
    }

    /// `starts_with`, `ends_with`, `contains` on text.
    static func textPredicate(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int) -> Operand {
        func test(_ s: String, _ t: String) -> Bool {
            switch op {
            case .startsWith: return s.utf8.starts(with: t.utf8)
            case .endsWith: return s.utf8.reversed().starts(with: t.utf8.reversed())
            default: return t.isEmpty || s.contains(t)
            }
        }
        switch (a, b) {
        case (.scalar(.text(let s)), .scalar(.text(let t))): return .scalar(.bool(test(s, t)))
        case (.scalar, .scalar), (_, .scalar(.null)), (.scalar(.null), _): return .scalar(.null)
        case (.column(let c), .scalar(.text(let t))):
            guard case .text(let codes, let dict) = c.storage else { return .scalar(.null) }
            let perEntry = dict.strings.map { test($0, t) }
            return .column(boolColumn(n, validity: c.validity) { perEntry.isEmpty ? false : perEntry[Int(codes[$0])] })
        default:
            let ca = a.column(n), cb = b.column(n)
            return .column(boolColumn(n, validity: Validity.and(ca.validity, cb.validity)) { i in
                guard case .text(let s) = ca.value(at: i), case .text(let t) = cb.value(at: i) else { return false }
                return test(s, t)
            })
        }
    }

    /// Text `+`: concatenation; a null operand gives null.
    static func concat(_ a: Operand, _ b: Operand, _ n: Int) -> Operand {
        if case .scalar(let x) = a, case .scalar(let y) = b {
            if x.isNull || y.isNull { return .scalar(.null) }
            return .scalar(.text(x.description + y.description))
        }
        let ca = a.column(n, as: .text), cb = b.column(n, as: .text)
        guard case .text(let c1, let d1) = ca.storage, case .text(let c2, let d2) = cb.storage else { return .scalar(.null) }
        let validity = Validity.and(ca.validity, cb.validity)
        var builder = TextDictionaryBuilder()
        var codes = [Int32](repeating: 0, count: n)
        var buf: [UInt8] = []
        for i in 0..<n where validity?.isValid(i) ?? true {
            buf.removeAll(keepingCapacity: true)
            d1.withBytes(c1[i]) { buf.append(contentsOf: $0) }
            d2.withBytes(c2[i]) { buf.append(contentsOf: $0) }
            codes[i] = buf.withUnsafeBufferPointer { builder.internExact($0) }
        }
        return .column(Column(.text(codes: codes, dictionary: builder.build()), validity: validity))
    }

    static func intArithmetic(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int,
                              overflow: () -> Diagnostic) throws -> Operand {
        func apply(_ x: Int64, _ y: Int64) -> (Int64, Bool, Bool) {  // value, overflow, null
            switch op {
            case .add: let r = x.addingReportingOverflow(y); return (r.partialValue, r.overflow, false)
            case .sub: let r = x.subtractingReportingOverflow(y); return (r.partialValue, r.overflow, false)
            case .mul: let r = x.multipliedReportingOverflow(by: y); return (r.partialValue, r.overflow, false)
            default:
                if y == 0 { return (0, false, true) }            // x % 0 is null, like x / 0
                if x == .min && y == -1 { return (0, false, false) }
                return (x % y, false, false)
            }
        }
        if case .scalar(.int(let x)) = a, case .scalar(.int(let y)) = b {
            let (v, o, isNull) = apply(x, y)
            if o { throw overflow() }
            return .scalar(isNull ? .null : .int(v))
        }
        if let fast = try IntKernels.addSubMul(op, a, b, n, overflow: overflow) { return .column(fast) }
        let ca = a.column(n), cb = b.column(n)
        guard case .int(let xa) = ca.storage, case .int(let xb) = cb.storage else { return .scalar(.null) }
        var validity = Validity.and(ca.validity, cb.validity)
        var out = [Int64](repeating: 0, count: n)
        var nulls: [Int] = []
        for i in 0..<n where validity?.isValid(i) ?? true {
            let (v, o, isNull) = apply(xa[i], xb[i])
            if o { throw overflow() }
            if isNull { nulls.append(i) }
            out[i] = v
        }
        if !nulls.isEmpty {
            if validity == nil { validity = Validity(count: n, allValid: true) }
            for i in nulls { validity!.set(i, false) }
        }
        return .column(Column(.int(out), validity: validity))
    }

    /// Float arithmetic; `/` always gives a float and division by zero gives null.
    static func floatArithmetic(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int) -> Operand {
        func apply(_ x: Double, _ y: Double) -> Double? {
            switch op {
            case .add: return x + y
            case .sub: return x - y
            case .mul: return x * y
            case .div: return y == 0 ? nil : x / y
            default: return y == 0 ? nil : x.truncatingRemainder(dividingBy: y)
            }
        }
        if case .scalar(let x) = a, case .scalar(let y) = b {
            guard let dx = x.double, let dy = y.double, let r = apply(dx, dy) else { return .scalar(.null) }
            return .scalar(.float(r))
        }
        let x = DoubleView(a), y = DoubleView(b)
        var validity = Validity.and(x.validity, y.validity)
        var out = [Double](repeating: 0, count: n)
        var nulls: [Int] = []
        if op == .add || op == .sub || op == .mul, let xs = x.values, let ys = y.values {
            xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in out.withUnsafeMutableBufferPointer { o in
                switch op {
                case .add: for i in 0..<n { o[i] = p[i] + q[i] }
                case .sub: for i in 0..<n { o[i] = p[i] - q[i] }
                default: for i in 0..<n { o[i] = p[i] * q[i] }
                }
            } } }
        } else {
            for i in 0..<n {
                if let r = apply(x[i], y[i]) { out[i] = r } else { nulls.append(i) }
            }
        }
        if !nulls.isEmpty {
            if validity == nil { validity = Validity(count: n, allValid: true) }
            for i in nulls { validity!.set(i, false) }
        }
        return .column(Column(.float(out), validity: validity))
    }

    /// date ± days → date; date − date → days.
    static func dateArithmetic(_ op: BinaryOp, _ a: Operand, _ b: Operand, _ n: Int, resultType: DataType) throws -> Operand {
        let ca = a.column(n), cb = b.column(n)
        let validity = Validity.and(ca.validity, cb.validity)
        if ca.type == .null || cb.type == .null { return .scalar(.null) }
        // Both sides as day counts (a date, or an int number of days).
        func days(_ c: Column) -> [Int64] {
            switch c.storage {
            case .date(let d): return d.map { Int64($0) }
            case .int(let d): return d
            default: return [Int64](repeating: 0, count: n)
            }
        }
        let da = days(ca), db = days(cb)
        let sign: Int64 = op == .sub ? -1 : 1
        if resultType == .int {
            return .column(Column(.int((0..<n).map { da[$0] - db[$0] }), validity: validity))
        }
        let out = (0..<n).map { Int32(clamping: da[$0] + sign * db[$0]) }
        return .column(Column(.date(out), validity: validity))
    }
}

extension BinaryOp {
    /// The operator with its operands swapped (`3 < x` is `x > 3`).
    var flipped: BinaryOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}
