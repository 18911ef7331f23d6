import Dispatch

/// A gather through a permutation (a sort's output order), planned once for every column.
///
/// Why: gathering a 5M-row column through a sort's row numbers reads the source at random —
/// a cache miss per row once the columns outgrow the cache (a sort took 9 times as long at 5M
/// rows as at 1M, nearly all of it in the gathers). The plan groups the output positions by
/// which block of 32,768 source rows they read; each column is then gathered block by block,
/// its reads staying within a block that fits the core's cache, and only the writes scattered
/// (which the processor does not wait for). The values are the plain gather's.
struct BlockedGather: Sendable {
    static let blockShift = 15
    /// Output position and source row of every row, grouped by source block.
    let destination: [Int32]
    let source: [Int32]

    /// Nil for gathers too small to gain, or with a −1 (a row with no source: a left join's).
    init?(_ indices: [Int32], threads: Int) {
        let n = indices.count
        guard n >= 1 << 20 else { return nil }
        var hi: Int32 = 0
        for i in indices { if i < 0 { return nil }; hi = max(hi, i) }
        let blocks = Int(hi) >> Self.blockShift + 1
        let lanes = max(1, min(threads, 64))
        let chunk = (n + lanes - 1) / lanes
        var counts = [Int](repeating: 0, count: lanes * blocks)
        indices.withUnsafeBufferPointer { ix in counts.withUnsafeMutableBufferPointer { c in
            let idx = SharedBuffer(ix), count = SharedBuffer(c)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                for i in (lane * chunk)..<min(n, (lane + 1) * chunk) { count[lane * blocks + Int(idx[i]) >> Self.blockShift] += 1 }
            }
        } }
        var offsets = scatterOffsets(counts, lanes: lanes, buckets: blocks).offsets
        var dst = [Int32](repeating: 0, count: n), src = [Int32](repeating: 0, count: n)
        indices.withUnsafeBufferPointer { ix in offsets.withUnsafeMutableBufferPointer { o in
            dst.withUnsafeMutableBufferPointer { d in src.withUnsafeMutableBufferPointer { s in
                let idx = SharedBuffer(ix), offset = SharedBuffer(o), dst = SharedBuffer(d), src = SharedBuffer(s)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    for i in (lane * chunk)..<min(n, (lane + 1) * chunk) {
                        let row = idx[i]
                        let slot = lane * blocks + Int(row) >> Self.blockShift
                        let at = offset[slot]
                        offset[slot] = at + 1
                        dst[at] = Int32(i); src[at] = row
                    }
                }
            } }
        } }
        destination = dst
        source = src
    }

    /// `values` gathered: `out[destination[j]] = values[source[j]]`, the pairs split over lanes.
    func apply<T: Sendable>(_ values: [T], threads: Int) -> [T] {
        let n = destination.count
        let lanes = max(1, min(threads, 64))
        let chunk = (n + lanes - 1) / lanes
        return [T](unsafeUninitializedCapacity: n) { out, count in
            values.withUnsafeBufferPointer { v in destination.withUnsafeBufferPointer { d in source.withUnsafeBufferPointer { s in
                let value = SharedBuffer(v), dst = SharedBuffer(d), src = SharedBuffer(s), target = SharedBuffer(out)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    for j in (lane * chunk)..<min(n, (lane + 1) * chunk) {
                        (target.base + Int(dst[j])).initialize(to: value[Int(src[j])])
                    }
                }
            } } }
            count = n
        }
    }
}

extension Column {
    /// This column through a planned permutation (see `BlockedGather`); nil for a column with
    /// nulls (its validity is gathered the plain way).
    func gather(_ plan: BlockedGather, threads: Int) -> Column? {
        guard validity == nil else { return nil }
        if case .int32(let a) = layout { return Column(narrowInts: plan.apply(a, threads: threads)) }
        switch storage {
        case .int(let a): return Column(.int(plan.apply(a, threads: threads)))
        case .float(let a): return Column(.float(plan.apply(a, threads: threads)))
        case .bool(let a): return Column(.bool(plan.apply(a, threads: threads)))
        case .date(let a): return Column(.date(plan.apply(a, threads: threads)))
        case .text(let c, let d): return Column(.text(codes: plan.apply(c, threads: threads), dictionary: d))
        case .null: return nil
        }
    }
}
