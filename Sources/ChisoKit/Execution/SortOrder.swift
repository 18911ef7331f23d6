/// Multi-key ordering: each key compared in its own type, `-` keys descending, nulls last
/// whatever the direction, ties kept in input order.
///
/// A least-significant-digit radix sort of row numbers: every key becomes a 64-bit unsigned
/// number whose order is the key's (integers and dates with the sign bit flipped, floats by
/// their IEEE bits with negatives inverted — −0 as +0, NaN after +∞ —, text by its dictionary's
/// sort rank, descending keys inverted), and the keys are sorted from the last to the first,
/// each a stable pass per byte that varies, then one pass putting its nulls last. No
/// comparison is dispatched per pair; the work is linear in the rows.
///
/// When the keys together span at most 64 bits (the usual case: a province, an age, a year),
/// they are first packed into one number per row instead (`PackedSortKey`), which is sorted
/// in fewer passes — one counting pass when it takes at most 14 bits —, so no pass reads a
/// key out of order.
enum SortOrder {
    /// A sort's row numbers (`order`) and, when the sort found them on the way, each input
    /// row's place in them (`positions[order[j]] == j`): what a gather of most of a table
    /// scatters through (see `GatherPlan`).
    struct Permutation {
        let order: [Int32]
        let positions: [Int32]?
    }

    /// Row numbers in key order. Checks for Ctrl-C between passes, so a long sort stops within
    /// a fraction of a second.
    static func permutation(_ cols: [Column], descending: [Bool], rowCount n: Int,
                            threads: Int = Parallelism.threads) throws -> [Int32] {
        try sorted(cols, descending: descending, rowCount: n, threads: threads).order
    }

    /// The permutation, with positions when a table this long is gathered through a plan and
    /// the keys took a counting pass.
    static func sorted(_ cols: [Column], descending: [Bool], rowCount n: Int,
                       threads: Int = Parallelism.threads) throws -> Permutation {
        if n > 1, let packed = PackedSortKey(cols, descending: descending, rowCount: n) {
            return try packed.permutation(threads: threads, positions: n >= GatherPlan.minimumRows)
        }
        return Permutation(order: try radixOrder(cols, descending: descending, rowCount: n), positions: nil)
    }

    /// The first `k` rows in key order — what `sort … | take k` keeps — without ordering the
    /// rest: each row is compared with the worst of the best `k` so far (a heap), so a top 10
    /// of 20,000,000 rows costs one pass instead of a full sort. The same rows in the same order
    /// as the full sort's first `k`: nulls last, ties by row number.
    static func top(_ cols: [Column], descending: [Bool], rowCount n: Int, k: Int) throws -> [Int32] {
        guard k > 0, n > 0 else { return [] }
        let keys = cols.enumerated().map { normalised($1, descending: descending[$0], n: n) }
        let nullable = cols.map { $0.nullCount > 0 }
        // Whether row a comes before row b.
        func before(_ a: Int32, _ b: Int32) -> Bool {
            for j in 0..<cols.count {
                if nullable[j] {
                    let an = cols[j].isNull(Int(a)), bn = cols[j].isNull(Int(b))
                    if an != bn { return bn }
                    if an { continue }
                }
                guard let key = keys[j] else { continue }
                let x = key[Int(a)], y = key[Int(b)]
                if x != y { return x < y }
            }
            return a < b
        }
        // A heap whose root is the last of the best rows so far.
        var heap: [Int32] = []
        heap.reserveCapacity(min(k, n))
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count, before(heap[worst], heap[l]) { worst = l }
                if r < heap.count, before(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst); i = worst
            }
        }
        for i in 0..<Int32(n) {
            if i & 0xFFFF == 0 { try Interrupt.check() }
            if heap.count < k {
                heap.append(i)
                var c = heap.count - 1
                while c > 0, before(heap[(c - 1) / 2], heap[c]) { heap.swapAt(c, (c - 1) / 2); c = (c - 1) / 2 }
            } else if before(i, heap[0]) {
                heap[0] = i
                siftDown(0)
            }
        }
        return heap.sorted(by: before)
    }

    /// Key by key, last first, when the keys do not pack into 64 bits.
    private static func radixOrder(_ cols: [Column], descending: [Bool], rowCount n: Int) throws -> [Int32] {
        try Interrupt.check()      // (packing gives up on Ctrl-C)
        var order = [Int32](0..<Int32(n))
        var scratch = [Int32](repeating: 0, count: n)
        for k in stride(from: cols.count - 1, through: 0, by: -1) {
            let c = cols[k]
            guard let keys = normalised(c, descending: descending[k], n: n) else { continue }
            try radixPasses(keys, &order, &scratch)
            if c.nullCount > 0 {
                // Nulls last, keeping the order within each part.
                var w = 0
                for i in 0..<n where !c.isNull(Int(order[i])) { scratch[w] = order[i]; w += 1 }
                for i in 0..<n where c.isNull(Int(order[i])) { scratch[w] = order[i]; w += 1 }
                swap(&order, &scratch)
            }
        }
        return order
    }

    /// The key of each row as an unsigned number in the key's order (nil: a column of nulls).
    static func normalised(_ c: Column, descending: Bool, n: Int) -> [UInt64]? {
        SortKeys.read(c, descending: descending, Materialise(n: n))
    }

    private struct Materialise: SortKeyTask {
        let n: Int
        func run<K: SortKey>(_ key: K) -> [UInt64] { [UInt64].filled(count: n) { out in for i in 0..<n { out[i] = key[i] } } }
    }

    /// Stable LSD passes over the bytes of `keys` that are not the same in every row.
    static func radixPasses(_ keys: [UInt64], _ order: inout [Int32], _ scratch: inout [Int32]) throws {
        let n = order.count
        guard n > 1 else { return }
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: 0, to: 64, by: 8) {
            try Interrupt.check()
            for b in 0..<256 { counts[b] = 0 }
            // Ctrl-C is looked at every 65,536 rows within a pass too: a pass over millions of
            // rows takes long enough (in a debug build, a few hundred ms) to be felt.
            keys.withUnsafeBufferPointer { k in
                for block in stride(from: 0, to: n, by: 1 << 16) where !Interrupt.requested {
                    for i in block..<min(n, block + 1 << 16) { counts[Int((k[i] >> UInt64(shift)) & 0xFF)] += 1 }
                }
            }
            try Interrupt.check()
            if counts.contains(n) { continue }      // this byte is the same everywhere
            var total = 0
            for b in 0..<256 { let c = counts[b]; counts[b] = total; total += c }
            keys.withUnsafeBufferPointer { k in order.withUnsafeBufferPointer { o in scratch.withUnsafeMutableBufferPointer { s in
                for block in stride(from: 0, to: n, by: 1 << 16) where !Interrupt.requested {
                    for i in block..<min(n, block + 1 << 16) {
                        let row = o[i]
                        let b = Int((k[Int(row)] >> UInt64(shift)) & 0xFF)
                        s[counts[b]] = row
                        counts[b] += 1
                    }
                }
            } } }
            // A pass left unfinished leaves `scratch` half written: never used.
            try Interrupt.check()
            swap(&order, &scratch)
        }
    }
}

/// A column's values as unsigned numbers in the sort order (see `SortOrder`), read in place:
/// a 32-bit column is not widened and no array of keys is built to pack or sort by them.
protocol SortKey {
    subscript(i: Int) -> UInt64 { get }
}

/// Work over a column's sort keys, generic in the reader so its loops are specialised.
protocol SortKeyTask {
    associatedtype Result
    func run<K: SortKey>(_ key: K) -> Result
}

enum SortKeys {
    /// Runs `task` with the column's key reader; nil for a column of nulls.
    static func read<T: SortKeyTask>(_ c: Column, descending: Bool, _ task: T) -> T.Result? {
        let flip: UInt64 = descending ? ~0 : 0
        if case .int32(let a) = c.layout { return a.withUnsafeBufferPointer { task.run(SignedKey(p: $0.baseAddress, flip: flip)) } }
        switch c.storage {
        case .int(let a): return a.withUnsafeBufferPointer { task.run(SignedKey(p: $0.baseAddress, flip: flip)) }
        case .date(let a): return a.withUnsafeBufferPointer { task.run(SignedKey(p: $0.baseAddress, flip: flip)) }
        case .bool(let a): return a.withUnsafeBufferPointer { task.run(BoolKey(p: $0.baseAddress, flip: flip)) }
        case .float(let a): return a.withUnsafeBufferPointer { task.run(FloatKey(p: $0.baseAddress, flip: flip)) }
        case .text(let codes, let dict):
            let ranks = dict.sortRanks
            return codes.withUnsafeBufferPointer { c in ranks.withUnsafeBufferPointer { r in
                task.run(RankKey(codes: c.baseAddress, ranks: r.isEmpty ? nil : r.baseAddress, flip: flip))
            } }
        case .null:
            return nil
        }
    }
}

private let signBit: UInt64 = 1 << 63

/// Integers and dates: the sign bit flipped.
private struct SignedKey<T: FixedWidthInteger & SignedInteger>: SortKey {
    let p: UnsafePointer<T>?
    let flip: UInt64
    @inline(__always) subscript(i: Int) -> UInt64 { (UInt64(bitPattern: Int64(p.unsafelyUnwrapped[i])) ^ signBit) ^ flip }
}

private struct BoolKey: SortKey {
    let p: UnsafePointer<Bool>?
    let flip: UInt64
    @inline(__always) subscript(i: Int) -> UInt64 { (p.unsafelyUnwrapped[i] ? 1 : 0) ^ flip }
}

/// Floats by their IEEE bits, negatives inverted; −0 as +0, every NaN as one (after +∞).
private struct FloatKey: SortKey {
    let p: UnsafePointer<Double>?
    let flip: UInt64
    @inline(__always) subscript(i: Int) -> UInt64 {
        let v = p.unsafelyUnwrapped[i]
        let bits = (v == 0 ? 0.0 : (v.isNaN ? Double.nan : v)).bitPattern
        return (bits & signBit != 0 ? ~bits : bits | signBit) ^ flip
    }
}

/// Text by its dictionary's sort rank (the code itself for an empty dictionary).
private struct RankKey: SortKey {
    let codes: UnsafePointer<Int32>?
    let ranks: UnsafePointer<Int32>?
    let flip: UInt64
    @inline(__always) subscript(i: Int) -> UInt64 {
        let c = codes.unsafelyUnwrapped[i]
        return UInt64(UInt32(bitPattern: ranks.map { $0[Int(c)] } ?? c)) ^ flip
    }
}
