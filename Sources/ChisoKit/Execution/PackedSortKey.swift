import Dispatch

/// All sort keys of a row in one 64-bit number whose order is the rows' order: each key's
/// normalised value (see `SortOrder.normalised`, descending keys already inverted) less the
/// key's smallest, in as many bits as its range needs, with one more bit above it when the
/// key has nulls (set for a null, so nulls come last whatever the direction); the first key
/// in the highest bits. Nil when the keys need more than 64 bits together.
///
/// Why: sorting key by key, each least-significant-digit pass read every key out of order
/// (`keys[order[i]]`), a cache miss per row once the rows outgrow the cache — a 5M-row sort
/// by province and age took 7.6 times its 1M time. One packed key (13 bits for those two)
/// is sorted in two passes over (key, row) pairs read in order and scattered, the rows split
/// over the cores with a histogram per lane so the sort stays stable.
struct PackedSortKey {
    let keys: [UInt64]
    let bits: Int

    init?(_ cols: [Column], descending: [Bool], rowCount n: Int) {
        var fields: [(values: [UInt64], low: UInt64, width: Int, nulls: Column?)] = []
        var total = 0
        for (k, c) in cols.enumerated() {
            guard let values = SortOrder.normalised(c, descending: descending[k], n: n) else { continue }
            // Ctrl-C: give up here; the key-by-key path then stops at its first check.
            if Interrupt.requested { return nil }
            var lo = UInt64.max, hi = UInt64.min
            let hasNulls = c.nullCount > 0
            values.withUnsafeBufferPointer { v in
                for i in 0..<n where !hasNulls || !c.isNull(i) { lo = min(lo, v[i]); hi = max(hi, v[i]) }
            }
            if lo > hi { lo = 0; hi = 0 }       // only nulls: the null bit alone orders them
            let width = UInt64.bitWidth - (hi - lo).leadingZeroBitCount + (hasNulls ? 1 : 0)
            total += width
            guard total <= 64 else { return nil }
            fields.append((values, lo, width, hasNulls ? c : nil))
        }
        var packed = [UInt64](repeating: 0, count: n)
        packed.withUnsafeMutableBufferPointer { out in
            for f in fields {
                let valueBits = f.nulls == nil ? f.width : f.width - 1
                f.values.withUnsafeBufferPointer { v in
                    if let c = f.nulls {
                        for i in 0..<n {
                            let part = c.isNull(i) ? UInt64(1) << UInt64(valueBits) : v[i] - f.low
                            out[i] = f.width == 64 ? part : (out[i] << UInt64(f.width)) | part
                        }
                    } else {
                        for i in 0..<n { out[i] = f.width == 64 ? v[i] - f.low : (out[i] << UInt64(f.width)) | (v[i] - f.low) }
                    }
                }
            }
        }
        keys = packed
        bits = total
    }

    /// Row numbers in key order, ties in input order: a stable LSD radix sort on 8-bit digits,
    /// skipping digits that are the same in every row. Ctrl-C is looked at between passes
    /// and every 65,536 rows within one (what a pass left unfinished is never used).
    func order(threads: Int) throws -> [Int32] {
        let n = keys.count
        let digits = max(1, (bits + 7) / 8)
        let lanes = max(1, min(threads, 64, n >> 16))
        let chunk = (n + lanes - 1) / lanes
        var keyA = keys, keyB = [UInt64](repeating: 0, count: n)
        var rowA = [Int32](0..<Int32(n)), rowB = [Int32](repeating: 0, count: n)
        for d in 0..<digits {
            let shift = UInt64(8 * d)
            // Each lane's count of each byte value in its rows.
            var counts = [Int](repeating: 0, count: lanes * 256)
            keyA.withUnsafeBufferPointer { k in counts.withUnsafeMutableBufferPointer { c in
                let key = SharedBuffer(k), count = SharedBuffer(c)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    let base = lane * 256
                    for i in (lane * chunk)..<min(n, (lane + 1) * chunk) { count[base + Int((key[i] >> shift) & 0xFF)] += 1 }
                }
            } }
            try Interrupt.check()
            let scatter = scatterOffsets(counts, lanes: lanes, buckets: 256)
            var offsets = scatter.offsets
            let starts = scatter.starts
            if (0..<256).contains(where: { starts[$0 + 1] - starts[$0] == n }) { continue }   // the same byte in every row
            keyA.withUnsafeBufferPointer { ka in rowA.withUnsafeBufferPointer { ra in
                keyB.withUnsafeMutableBufferPointer { kb in rowB.withUnsafeMutableBufferPointer { rb in
                    offsets.withUnsafeMutableBufferPointer { o in
                        let srcKey = SharedBuffer(ka), srcRow = SharedBuffer(ra), dstKey = SharedBuffer(kb),
                            dstRow = SharedBuffer(rb), offset = SharedBuffer(o)
                        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                            let base = lane * 256
                            var i = lane * chunk
                            let end = min(n, (lane + 1) * chunk)
                            while i < end && !Interrupt.requested {
                                for j in i..<min(end, i + 1 << 16) {
                                    let key = srcKey[j]
                                    let slot = base + Int((key >> shift) & 0xFF)
                                    let at = offset[slot]
                                    offset[slot] = at + 1
                                    dstKey[at] = key; dstRow[at] = srcRow[j]
                                }
                                i += 1 << 16
                            }
                        }
                    }
                } }
            } }
            try Interrupt.check()
            swap(&keyA, &keyB); swap(&rowA, &rowB)
        }
        return rowA
    }
}
