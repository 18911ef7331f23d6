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
/// in fewer passes, carried along with the row numbers so no pass reads a key out of order.
enum SortOrder {
    /// Checks for Ctrl-C between passes, so a long sort stops within a fraction of a second.
    static func permutation(_ cols: [Column], descending: [Bool], rowCount n: Int,
                            threads: Int = Parallelism.threads) throws -> [Int32] {
        if n > 1, let packed = PackedSortKey(cols, descending: descending, rowCount: n) {
            return try packed.order(threads: threads)
        }
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
        let sign: UInt64 = 1 << 63
        var keys: [UInt64]
        switch c.storage {
        case .int(let a): keys = a.map { UInt64(bitPattern: $0) ^ sign }
        case .date(let a): keys = a.map { UInt64(bitPattern: Int64($0)) ^ sign }
        case .bool(let a): keys = a.map { $0 ? 1 : 0 }
        case .float(let a):
            keys = a.map { v in
                let x = v == 0 ? 0.0 : (v.isNaN ? Double.nan : v)       // −0 is +0; one NaN
                let bits = x.bitPattern
                return bits & sign != 0 ? ~bits : bits | sign
            }
        case .text(let codes, let dict):
            let r = dict.sortRanks
            keys = codes.map { UInt64(UInt32(bitPattern: r.isEmpty ? $0 : r[Int($0)])) }
        case .null:
            return nil
        }
        if descending { for i in 0..<n { keys[i] = ~keys[i] } }
        return keys
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
