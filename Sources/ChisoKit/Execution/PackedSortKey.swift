/// All sort keys of a row in one 64-bit number whose order is the rows' order: each key's
/// normalised value (see `SortOrder.normalised`, descending keys already inverted) less the
/// key's smallest, in as many bits as its range needs, with one more bit above it when the
/// key has nulls (set for a null, so nulls come last whatever the direction); the first key
/// in the highest bits. Nil when the keys need more than 64 bits together.
///
/// Why: sorting key by key, each least-significant-digit pass read every key out of order
/// (`keys[order[i]]`), a cache miss per row once the rows outgrow the cache — a 5M-row sort
/// by province and age took 7.6 times its 1M time. One packed key (13 bits for those two)
/// is read in order: up to 14 bits, each row is placed by one counting pass; wider, by radix
/// passes over (key, row) pairs. Either way the rows are split over the cores with a histogram
/// per lane, so the sort stays stable.
struct PackedSortKey {
    /// The packed numbers: 16-bit ones when they take a counting pass (a quarter of the memory
    /// to write and read at 5M rows), else 64-bit.
    enum Words {
        case narrow([UInt16])
        case wide([UInt64])
    }
    let words: Words
    let bits: Int

    init?(_ cols: [Column], descending: [Bool], rowCount n: Int) {
        // Each key's range first (a read of the column in place), so the widths are known
        // before anything is packed; then each key packed in, first key highest.
        var fields: [(column: Column, descending: Bool, low: UInt64, width: Int)] = []
        var total = 0
        for (k, c) in cols.enumerated() {
            guard let (lo, hi) = SortKeys.read(c, descending: descending[k], KeyRange(column: c, n: n)) else { continue }
            // Ctrl-C: give up here; the key-by-key path then stops at its first check.
            if Interrupt.requested { return nil }
            let width = UInt64.bitWidth - (hi - lo).leadingZeroBitCount + (c.nullCount > 0 ? 1 : 0)
            total += width
            guard total <= 64 else { return nil }
            fields.append((c, descending[k], lo, width))
        }
        words = total <= Self.countingBits ? .narrow(Self.pack(fields, n)) : .wide(Self.pack(fields, n))
        // Ctrl-C: the packing stopped part way; the key-by-key path then stops at its first check.
        if Interrupt.requested { return nil }
        bits = total
    }

    private static func pack<W: FixedWidthInteger & UnsignedInteger>(
        _ fields: [(column: Column, descending: Bool, low: UInt64, width: Int)], _ n: Int) -> [W] {
        // Not zeroed: the first key's pack writes every number (none: all zero).
        var packed = fields.isEmpty ? [W](repeating: 0, count: n) : [W](unsafeUninitializedCapacity: n) { $1 = n }
        packed.withUnsafeMutableBufferPointer { out in
            for (k, f) in fields.enumerated() {
                _ = SortKeys.read(f.column, descending: f.descending, Pack(out: out, low: f.low, width: f.width,
                                                                        nulls: f.column.nullCount > 0 ? f.column : nil, first: k == 0))
            }
        }
        return packed
    }

    /// The smallest and largest key over the present rows ((0, 0) when none is present: the
    /// null bit alone then orders them).
    private struct KeyRange: SortKeyTask {
        let column: Column
        let n: Int
        func run<K: SortKey>(_ key: K) -> (UInt64, UInt64) {
            var ranges = [(UInt64, UInt64)](repeating: (.max, .min), count: Parallelism.laneRanges(0..<n).count)
            let hasNulls = column.nullCount > 0
            ranges.withUnsafeMutableBufferPointer { r in
                let out = SharedBuffer(r)
                Parallelism.forEachLane(0..<n) { lane, rows in
                    var lo = UInt64.max, hi = UInt64.min
                    Parallelism.inBlocks(rows) { block in
                        for i in block where !hasNulls || !column.isNull(i) { lo = min(lo, key[i]); hi = max(hi, key[i]) }
                    }
                    out[lane] = (lo, hi)
                }
            }
            let lo = ranges.map(\.0).min()!, hi = ranges.map(\.1).max()!
            return lo > hi ? (0, 0) : (lo, hi)
        }
    }

    /// Shifts each packed number left by the key's width and puts the key in the freed bits:
    /// its value less the smallest, or for a null only the null bit above the value bits.
    private struct Pack<W: FixedWidthInteger & UnsignedInteger>: SortKeyTask {
        let out: UnsafeMutableBufferPointer<W>
        let low: UInt64
        let width: Int
        let nulls: Column?
        /// The first key: the numbers are not written yet, so nothing is shifted.
        let first: Bool
        func run<K: SortKey>(_ key: K) {
            let packed = SharedBuffer(out), low = low, width = width, nulls = nulls
            let keep = first || width == 64 ? 0 : UInt64.max
            // (The fields' widths add up to the word's at most: nothing is cut off.)
            @inline(__always) func word(_ i: Int, _ part: UInt64) -> W {
                W(truncatingIfNeeded: keep == 0 ? part : (UInt64(packed[i]) << UInt64(width)) | part)
            }
            Parallelism.forEachLane(0..<out.count) { _, lane in Parallelism.inBlocks(lane) { rows in
                if let c = nulls {
                    let nullBit = UInt64(1) << UInt64(width - 1)
                    for i in rows { packed[i] = word(i, c.isNull(i) ? nullBit : key[i] &- low) }
                } else {
                    for i in rows { packed[i] = word(i, key[i] &- low) }
                }
            } }
        }
    }

    /// Keys of at most this many bits are placed by one counting pass, a slot per key value,
    /// instead of radix passes of 8 bits: 2^14 counters and write frontiers per core still fit
    /// its cache (two keys such as province and age take 13 bits).
    static let countingBits = 14

    /// Row numbers in key order, ties in input order, and — when `positions` is asked for and
    /// the keys take a counting pass — each row's place in that order (see `SortOrder.Permutation`).
    /// Ctrl-C is looked at between passes and every 65,536 rows within one (what a pass left
    /// unfinished is never used).
    func permutation(threads: Int, positions: Bool) throws -> SortOrder.Permutation {
        switch words {
        case .narrow(let keys): return try Self.counted(keys, buckets: 1 << bits, threads: threads, positions: positions)
        case .wide(let keys): return SortOrder.Permutation(order: try order(keys, threads: threads), positions: nil)
        }
    }

    /// One stable counting pass: each lane counts its rows per key value, then writes each row
    /// number at its value's next free place. Why: for few key values this moves every row
    /// once, where radix passes move it once per varying byte; and the place of each row,
    /// which a gather of most of a table needs, falls out in row order — a sequential write,
    /// not the random one of inverting the order afterwards.
    private static func counted(_ keys: [UInt16], buckets: Int, threads: Int, positions wanted: Bool) throws -> SortOrder.Permutation {
        let n = keys.count
        let slices = Parallelism.laneRanges(0..<n, lanes: threads)
        let lanes = slices.count
        var counts = [Int](repeating: 0, count: lanes * buckets)
        keys.withUnsafeBufferPointer { k in counts.withUnsafeMutableBufferPointer { c in
            let key = SharedBuffer(k), count = SharedBuffer(c)
            Parallelism.forEachLane(0..<n, lanes: threads) { lane, rows in
                let base = lane * buckets
                Parallelism.inBlocks(rows) { block in for i in block { count[base + Int(key[i])] += 1 } }
            }
        } }
        try Interrupt.check()
        var offsets = scatterOffsets(counts, lanes: lanes, buckets: buckets).offsets
        var order = [Int32](unsafeUninitializedCapacity: n) { $1 = n }
        var places = wanted ? [Int32](unsafeUninitializedCapacity: n) { $1 = n } : []
        keys.withUnsafeBufferPointer { k in offsets.withUnsafeMutableBufferPointer { o in
            order.withUnsafeMutableBufferPointer { r in places.withUnsafeMutableBufferPointer { p in
                let key = SharedBuffer(k), offset = SharedBuffer(o), row = SharedBuffer(r), place = SharedBuffer(p)
                Parallelism.forEachLane(0..<n, lanes: threads) { lane, rows in
                    let base = lane * buckets
                    Parallelism.inBlocks(rows) { block in
                        for i in block {
                            let slot = base + Int(key[i])
                            let at = offset[slot]
                            offset[slot] = at + 1
                            row[at] = Int32(i)
                            if wanted { place[i] = Int32(at) }
                        }
                    }
                }
            } }
        } }
        try Interrupt.check()
        return SortOrder.Permutation(order: order, positions: wanted ? places : nil)
    }

    /// Row numbers in key order, ties in input order: a stable LSD radix sort on 8-bit digits,
    /// skipping digits that are the same in every row.
    private func order(_ keys: [UInt64], threads: Int) throws -> [Int32] {
        let n = keys.count
        let digits = max(1, (bits + 7) / 8)
        let lanes = Parallelism.laneRanges(0..<n, lanes: threads).count
        // The passes that move rows: bytes the same in every row are skipped. The first reads
        // `keys` and the row numbers as the index; the last writes row numbers only.
        var keyA = keys, keyB: [UInt64] = []
        var rowA: [Int32] = [], rowB: [Int32] = []
        var moved = false
        for d in 0..<digits {
            let shift = UInt64(8 * d)
            // Each lane's count of each byte value in its rows.
            var counts = [Int](repeating: 0, count: lanes * 256)
            keyA.withUnsafeBufferPointer { k in counts.withUnsafeMutableBufferPointer { c in
                let key = SharedBuffer(k), count = SharedBuffer(c)
                Parallelism.forEachLane(0..<n, lanes: lanes) { lane, rows in
                    let base = lane * 256
                    Parallelism.inBlocks(rows) { block in for i in block { count[base + Int((key[i] >> shift) & 0xFF)] += 1 } }
                }
            } }
            try Interrupt.check()
            let scatter = scatterOffsets(counts, lanes: lanes, buckets: 256)
            var offsets = scatter.offsets
            let starts = scatter.starts
            if (0..<256).contains(where: { starts[$0 + 1] - starts[$0] == n }) { continue }   // the same byte in every row
            let last = !(d + 1..<digits).contains { varies(keyA, $0) }
            // Not zeroed: the pass writes every element (a pass stopped by Ctrl-C is thrown away).
            if !last && keyB.isEmpty { keyB = [UInt64](unsafeUninitializedCapacity: n) { $1 = n } }
            rowB = [Int32](unsafeUninitializedCapacity: n) { $1 = n }
            let first = !moved
            keyA.withUnsafeBufferPointer { ka in rowA.withUnsafeBufferPointer { ra in
                keyB.withUnsafeMutableBufferPointer { kb in rowB.withUnsafeMutableBufferPointer { rb in
                    offsets.withUnsafeMutableBufferPointer { o in
                        let srcKey = SharedBuffer(ka), srcRow = SharedBuffer(ra), dstKey = SharedBuffer(kb),
                            dstRow = SharedBuffer(rb), offset = SharedBuffer(o)
                        Parallelism.forEachLane(0..<n, lanes: lanes) { lane, rows in
                            let base = lane * 256
                            Parallelism.inBlocks(rows) { block in
                                for j in block {
                                    let key = srcKey[j]
                                    let slot = base + Int((key >> shift) & 0xFF)
                                    let at = offset[slot]
                                    offset[slot] = at + 1
                                    if !last { dstKey[at] = key }
                                    dstRow[at] = first ? Int32(j) : srcRow[j]
                                }
                            }
                        }
                    }
                } }
            } }
            try Interrupt.check()
            swap(&keyA, &keyB); swap(&rowA, &rowB)
            moved = true
            if last { break }
        }
        return moved ? rowA : [Int32](0..<Int32(n))
    }

    /// Whether byte `d` of the keys differs between rows (a pass over it moves rows).
    private func varies(_ keys: [UInt64], _ d: Int) -> Bool {
        guard let first = keys.first else { return false }
        let shift = UInt64(8 * d), byte = (first >> shift) & 0xFF
        return keys.withUnsafeBufferPointer { k in k.contains { ($0 >> shift) & 0xFF != byte } }
    }
}
