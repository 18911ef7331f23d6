import Dispatch

/// First-appearance group ids for many 64-bit keys, by radix partitioning.
///
/// Why not one hash table: with millions of distinct keys the table outgrows the caches and
/// every row's probe is a miss to memory (a 5M-row key with 2M values spent 250 ms probing a
/// 64 MB table, and a second thread did not help: both waited on memory). Instead the rows
/// are first scattered by a hash of their key into partitions small enough that each one's
/// table stays in the core's cache; partitions are grouped independently (in parallel), and
/// their ids are put into one first-appearance order at the end.
///
/// The ids are the same for any number of threads and any partition count: a partition keeps
/// its rows in their original order, so its local ids follow first appearance, and a group's
/// global id is the rank of its first row among all groups' first rows.
enum RadixGroups {
    /// Rows per partition aimed at: its table (two slots per row at most, 16 bytes a slot)
    /// then stays under 1 MB, this machine kind's L2 per core.
    static let rowsPerPartition = 1 << 15

    /// Ids, group count and first rows for `keys` (every row valid).
    static func ids(_ keys: UnsafeBufferPointer<Int64>, threads: Int) -> ([Int32], Int, [Int32]) {
        let n = keys.count
        let bits = max(1, min(12, Int.bitWidth - (n / rowsPerPartition).leadingZeroBitCount))
        let parts = 1 << bits
        let lanes = max(1, min(threads, 64, (n + (1 << 16) - 1) >> 16))
        let chunk = (n + lanes - 1) / lanes
        // 1. Count each lane's rows per partition; offsets keep lane 0's rows of a partition
        //    before lane 1's, so each partition holds its rows in their original order.
        var counts = [Int](repeating: 0, count: lanes * parts)
        let src = SharedBuffer(keys)
        counts.withUnsafeMutableBufferPointer { c in
            let counts = SharedBuffer(c)
            Parallelism.perform(lanes) { lane in
                let base = lane * parts
                for r in (lane * chunk)..<min(n, (lane + 1) * chunk) { counts[base + partition(src[r], bits)] += 1 }
            }
        }
        let scatter = scatterOffsets(counts, lanes: lanes, buckets: parts)
        var offsets = scatter.offsets
        let start = scatter.starts
        // 2. Scatter keys and row numbers into their partitions.
        // Every position is written once (the offsets cover 0..<n exactly).
        var prows: [Int32] = []
        let pkeys = [Int64].filled(count: n) { k in
            prows = [Int32].filled(count: n) { rw in
                offsets.withUnsafeMutableBufferPointer { o in
                    let pk = SharedBuffer(k), pr = SharedBuffer(rw), off = SharedBuffer(o)
                    Parallelism.perform(lanes) { lane in
                        let base = lane * parts
                        for r in (lane * chunk)..<min(n, (lane + 1) * chunk) {
                            let key = src[r]
                            let slot = base + partition(key, bits)
                            let at = off[slot]
                            off[slot] = at + 1
                            pk[at] = key; pr[at] = Int32(r)
                        }
                    }
                }
            }
        }
        // 3. Group each partition on its own: local ids (in place of the keys' positions) and
        //    each local group's first row.
        var firsts = [[Int32]](repeating: [], count: parts)
        // Every position is written: each partition's table assigns every row of its range.
        let local = [Int32].filled(count: n) { l in
            pkeys.withUnsafeBufferPointer { k in prows.withUnsafeBufferPointer { rw in firsts.withUnsafeMutableBufferPointer { f in
                let pk = SharedBuffer(k), pr = SharedBuffer(rw), out = SharedBuffer(l), first = SharedBuffer(f)
                Parallelism.perform(parts) { p in
                    let lo = start[p], count = start[p + 1] - lo
                    guard count > 0 else { return }
                    var table = IntHashIndex(expected: min(count, rowsPerPartition))
                    _ = table.assign(UnsafeBufferPointer(start: pk.base + lo, count: count), validity: nil,
                                     into: UnsafeMutableBufferPointer(start: out.base + lo, count: count))
                    first[p] = table.firstRows.map { pr[lo + Int($0)] }
                }
            } } }
        }
        // 4. A group's global id is the rank of its first row among all first rows.
        var isFirst = [UInt64](repeating: 0, count: (n + 63) / 64)
        for f in firsts { for r in f { isFirst[Int(r) >> 6] |= 1 << UInt64(r & 63) } }
        var before = [Int32](repeating: 0, count: isFirst.count + 1)
        for w in isFirst.indices { before[w + 1] = before[w] + Int32(isFirst[w].nonzeroBitCount) }
        func rank(_ r: Int32) -> Int32 {
            let w = Int(r) >> 6
            return before[w] + Int32((isFirst[w] & ((1 << UInt64(r & 63)) - 1)).nonzeroBitCount)
        }
        let globalOf = firsts.map { $0.map(rank) }
        var firstRows = [Int32](repeating: 0, count: Int(before[isFirst.count]))
        for f in firsts { for r in f { firstRows[Int(rank(r))] = r } }
        // 5. Every row's id: its partition's local id, made global, written at its row.
        let ids = [Int32].filled(count: n) { o in
            prows.withUnsafeBufferPointer { rw in local.withUnsafeBufferPointer { l in
                let pr = SharedBuffer(rw), loc = SharedBuffer(l), out = SharedBuffer(o)
                Parallelism.perform(parts) { p in
                    globalOf[p].withUnsafeBufferPointer { g in
                        for at in start[p]..<start[p + 1] { out[Int(pr[at])] = g[Int(loc[at])] }
                    }
                }
            } }
        }
        return (ids, firstRows.count, firstRows)
    }

    /// A key's partition: the top bits of a hash unlike the tables' own (whose slots come from
    /// the top bits of another multiplier), so a partition's keys still spread over its table.
    @inline(__always) static func partition(_ key: Int64, _ bits: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0xC2B2_AE3D_27D4_EB4F) >> UInt64(64 - bits))
    }
}
