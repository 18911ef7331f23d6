/// A type-checked expression: names resolved to column positions, functions to their
/// implementations, every node carrying its result type and source span.
public struct Bound: Sendable {
    public indirect enum Node: Sendable {
        case column(Int)
        case literal(Value)
        case unary(UnaryOp, Bound)
        case binary(BinaryOp, Bound, Bound)
        case call(ScalarFunction, [Bound])
        case inList(Bound, [Bound], negated: Bool)
        case between(Bound, Bound, Bound, negated: Bool)
        case isNull(Bound, negated: Bool)
    }
    public var node: Node
    public var type: DataType
    public var span: Span

    /// Column positions this expression reads.
    var columnsUsed: Set<Int> {
        switch node {
        case .column(let i): return [i]
        case .literal: return []
        case .unary(_, let e), .isNull(let e, _): return e.columnsUsed
        case .binary(_, let a, let b): return a.columnsUsed.union(b.columnsUsed)
        case .call(_, let args): return args.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }
        case .inList(let e, let items, _): return items.reduce(e.columnsUsed) { $0.union($1.columnsUsed) }
        case .between(let a, let b, let c, _): return a.columnsUsed.union(b.columnsUsed).union(c.columnsUsed)
        }
    }
}
