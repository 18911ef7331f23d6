/// A frame's columns read a piece of rows at a time, so an expression over a lookup join's
/// right columns or a deferred `derive` is computed piece by piece in cache and never written
/// out whole.
///
/// `join ages on age | derive x = factor * weight | group { sum(x) }` would otherwise write
/// `factor` (gathered through the keys) and `x` for every row, and read both back: 160 MB of
/// memory traffic at 5M rows for a result of one number. Read in pieces of 8,192 rows, each
/// piece's `factor` and `x` live in the core's cache and only the left columns are read from
/// memory — the way DuckDB streams vectors through a pipeline.
struct BlockSource: @unchecked Sendable {
    /// How column i is read for a piece of rows.
    enum Reader {
        /// A built column: sliced (or read in place by a caller that can).
        case built(Column)
        /// A lookup join's right column: each row's key finds its value in `bySlot`, the source
        /// already gathered by slot (a table the size of the key range).
        case keyed(bySlot: Column, LookupRows.Keyed)
        /// A source column read through written-out row numbers (−1: null).
        case rows(Column, [Int32])
        /// An expression over the frame's other columns, computed for each piece (`derive`
        /// deferred by the frame). It cannot fail (`Bound.cannotFail`).
        case deferred(Bound)
    }

    let readers: [Reader]
    let rowCount: Int
    let source: SourceFile

    /// Rows per piece: eight pieces make one of `WholeColumnSums`' blocks, and a piece of a
    /// few columns of doubles (64 KB each) stays in a core's L2 cache.
    static let piece = 1 << 13

    /// Column i for `rows`, as a column of `rows.count` rows.
    func column(_ i: Int, _ rows: Range<Int>, _ memo: Memo) -> Column {
        if let c = memo.columns[i] { return c }
        let c: Column
        switch readers[i] {
        case .built(let column): c = column.slice(rows)
        case .keyed(let bySlot, let keyed): c = keyed.gather(bySlot, rows: rows)
        case .rows(let source, let numbers): c = source.gather(Array(numbers[rows]))
        case .deferred(let e): c = evaluator(rows, memo).evalInfallible(e)
        }
        memo.columns[i] = c
        return c
    }

    /// An evaluator over `rows` alone; a column read twice in the piece is built once.
    func evaluator(_ rows: Range<Int>, _ memo: Memo) -> Evaluator {
        Evaluator(rowCount: rows.count, columns: { column($0, rows, memo) }, source: source)
    }

    /// A piece's columns built so far (one piece, one thread).
    final class Memo {
        var columns: [Int: Column] = [:]
        init() {}
    }

    /// Each block of 65,536 rows (`WholeColumnSums.block`) starts from `start` and `visit`s
    /// its pieces in order with an evaluator over each; the blocks run over the cores and
    /// their results come back in block order, so what `visit` adds up has the same bits at
    /// any thread count.
    func mapBlocks<T>(_ start: T, _ visit: (inout T, Range<Int>, Evaluator) throws -> Void) throws -> [T] {
        try Parallelism.mapBlocks(rowCount, size: WholeColumnSums.block) { block in
            var acc = start
            var lo = block.lowerBound
            while lo < block.upperBound {
                let rows = lo..<Swift.min(block.upperBound, lo + Self.piece)
                try visit(&acc, rows, evaluator(rows, Memo()))
                lo = rows.upperBound
            }
            return acc
        }
    }
}

extension Bound {
    /// Whether evaluating this can never throw, so a `derive` of it may be deferred and computed
    /// when read: columns, literals, comparisons, logic, text operators and floating-point
    /// arithmetic. (Integer arithmetic can overflow and functions can fail on their input:
    /// those are computed where they are written, so their error points at that stage.)
    var cannotFail: Bool {
        switch node {
        case .column, .literal: return true
        case .unary(.not, let e): return e.cannotFail
        case .unary(.negate, let e): return type == .float && e.cannotFail
        case .binary(let op, let a, let b):
            switch op {
            case .add, .sub, .mul, .div, .mod:
                guard type == .float || (op == .add && type == .text) else { return false }
                guard a.type != .date && b.type != .date else { return false }
            default: break
            }
            return a.cannotFail && b.cannotFail
        case .call: return false
        case .inList(let x, let items, _): return x.cannotFail && items.allSatisfy(\.cannotFail)
        case .between(let x, let lo, let hi, _): return x.cannotFail && lo.cannotFail && hi.cannotFail
        case .isNull(let x, _): return x.cannotFail
        }
    }
}

extension Evaluator {
    /// The value of an expression that `cannotFail`, as a column of this evaluator's rows.
    func evalInfallible(_ e: Bound) -> Column {
        do { return try eval(e).column(rowCount, as: e.type) } catch {
            preconditionFailure("an expression that cannot fail failed: \(error)")
        }
    }
}

extension Column {
    /// Rows `rows` of this column, as a column of their own.
    func slice(_ rows: Range<Int>) -> Column {
        if type == .null { return Column(.null(count: rows.count)) }
        var picker = RangePicker(rows: rows)
        var c = picking(&picker)
        if let v = validity { c.validity = Validity.from(count: rows.count) { v.isValid(rows.lowerBound + $0) } }
        return c
    }
}

/// A range of rows copied out (`Column.slice`).
private struct RangePicker: ValuePicker {
    let rows: Range<Int>
    mutating func pick<T: BitwiseCopyable & Sendable>(_ values: [T], _ zero: T) -> [T] { Array(values[rows]) }
}
