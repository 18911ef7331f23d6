/// A gather through a sort's row numbers, planned once for every column.
///
/// Why: gathering a 5M-row column through a sort's order reads the source at random — a cache
/// miss per row once the columns outgrow the cache (a sort took 9 times as long at 5M rows as
/// at 1M, nearly all of it in the gathers). Two plans avoid that:
///
/// - `inverse`: where the rows kept are most of the source (a sort of a whole table, or of a
///   large part of it), the output position of each source row. A column is then read in
///   order, start to end, and each value written to its place: the reads stream, and the
///   writes, which the processor does not wait for, are all that is scattered. It relies on
///   a selection never repeating a row (see `Frame`).
/// - `blocked`: for fewer rows, the output positions grouped by which block of 32,768 source
///   rows they read; a column is gathered block by block, its reads within a block that fits
///   the core's cache.
///
/// The values are the plain gather's either way.
struct GatherPlan: Sendable {
    static let blockShift = 15
    /// Gathers of fewer rows are plain (their columns mostly fit the cache).
    static let minimumRows = 1 << 20

    enum Kind: Sendable {
        /// Output position of each source row (−1: not kept, only when `complete` is false).
        case inverse(positions: [Int32], complete: Bool)
        /// Output position and source row of every row, grouped by source block.
        case blocked(destination: [Int32], source: [Int32])
    }
    let kind: Kind
    let count: Int

    /// Nil for gathers too small to gain, or with a −1 (a row with no source: a left join's).
    /// `sourceCount`: the rows of the columns gathered.
    init?(_ indices: [Int32], sourceCount: Int, threads: Int) {
        let n = indices.count
        guard n >= Self.minimumRows else { return nil }
        var hi: Int32 = 0
        for i in indices { if i < 0 { return nil }; hi = max(hi, i) }
        count = n
        if n * 4 >= sourceCount && Int(hi) < sourceCount {
            kind = .inverse(positions: Self.inverse(indices, sourceCount, threads: threads), complete: n == sourceCount)
        } else {
            kind = Self.blocked(indices, blocks: Int(hi) >> Self.blockShift + 1, threads: threads)
        }
    }

    /// The plan of a sort of a whole table that found each row's place on the way
    /// (`SortOrder.Permutation.positions`).
    init(positions: [Int32]) {
        count = positions.count
        kind = .inverse(positions: positions, complete: true)
    }

    /// `positions[indices[j]] = j`, split over lanes (each j written once: no row repeats).
    private static func inverse(_ indices: [Int32], _ sourceCount: Int, threads: Int) -> [Int32] {
        let n = indices.count
        // A permutation of every source row writes each position; a subset leaves −1 elsewhere.
        var positions = n == sourceCount ? [Int32](unsafeUninitializedCapacity: n) { $1 = n }
                                         : [Int32](repeating: -1, count: sourceCount)
        indices.withUnsafeBufferPointer { ix in positions.withUnsafeMutableBufferPointer { p in
            let idx = SharedBuffer(ix), position = SharedBuffer(p)
            Parallelism.forEachLane(0..<n, lanes: threads) { _, rows in
                for j in rows { position[Int(idx[j])] = Int32(j) }
            }
        } }
        return positions
    }

    private static func blocked(_ indices: [Int32], blocks: Int, threads: Int) -> Kind {
        let n = indices.count
        let lanes = Parallelism.laneRanges(0..<n, lanes: threads).count
        var counts = [Int](repeating: 0, count: lanes * blocks)
        indices.withUnsafeBufferPointer { ix in counts.withUnsafeMutableBufferPointer { c in
            let idx = SharedBuffer(ix), count = SharedBuffer(c)
            Parallelism.forEachLane(0..<n, lanes: lanes) { lane, rows in
                for i in rows { count[lane * blocks + Int(idx[i]) >> Self.blockShift] += 1 }
            }
        } }
        var offsets = scatterOffsets(counts, lanes: lanes, buckets: blocks).offsets
        var dst = [Int32](repeating: 0, count: n), src = [Int32](repeating: 0, count: n)
        indices.withUnsafeBufferPointer { ix in offsets.withUnsafeMutableBufferPointer { o in
            dst.withUnsafeMutableBufferPointer { d in src.withUnsafeMutableBufferPointer { s in
                let idx = SharedBuffer(ix), offset = SharedBuffer(o), dst = SharedBuffer(d), src = SharedBuffer(s)
                Parallelism.forEachLane(0..<n, lanes: lanes) { lane, rows in
                    for i in rows {
                        let row = idx[i]
                        let slot = lane * blocks + Int(row) >> Self.blockShift
                        let at = offset[slot]
                        offset[slot] = at + 1
                        dst[at] = Int32(i); src[at] = row
                    }
                }
            } }
        } }
        return .blocked(destination: dst, source: src)
    }

    /// `values` gathered through the plan.
    func apply<T: Sendable>(_ values: [T], threads: Int) -> [T] {
        switch kind {
        case .inverse(let positions, let complete): return scatter(values, positions, complete: complete, threads: threads)
        case .blocked(let destination, let source): return blocked(values, destination, source, threads: threads)
        }
    }

    /// `out[positions[r]] = values[r]` for every kept source row r, the rows split over lanes.
    private func scatter<T: Sendable>(_ values: [T], _ positions: [Int32], complete: Bool, threads: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { out, initialized in
            values.withUnsafeBufferPointer { v in positions.withUnsafeBufferPointer { p in
                let value = SharedBuffer(v), position = SharedBuffer(p), target = SharedBuffer(out)
                Parallelism.forEachLane(0..<positions.count, lanes: threads) { _, rows in
                    if complete {
                        for r in rows { (target.base + Int(position[r])).initialize(to: value[r]) }
                    } else {
                        for r in rows where position[r] >= 0 { (target.base + Int(position[r])).initialize(to: value[r]) }
                    }
                }
            } }
            initialized = count
        }
    }

    /// `out[destination[j]] = values[source[j]]`, the pairs split over lanes.
    private func blocked<T: Sendable>(_ values: [T], _ destination: [Int32], _ source: [Int32], threads: Int) -> [T] {
        let n = destination.count
        return [T](unsafeUninitializedCapacity: n) { out, count in
            values.withUnsafeBufferPointer { v in destination.withUnsafeBufferPointer { d in source.withUnsafeBufferPointer { s in
                let value = SharedBuffer(v), dst = SharedBuffer(d), src = SharedBuffer(s), target = SharedBuffer(out)
                Parallelism.forEachLane(0..<n, lanes: threads) { _, pairs in
                    for j in pairs { (target.base + Int(dst[j])).initialize(to: value[Int(src[j])]) }
                }
            } } }
            count = n
        }
    }
}

extension Column {
    /// This column through a planned gather (see `GatherPlan`); nil for a column with nulls
    /// (its validity is gathered the plain way).
    func gather(_ plan: GatherPlan, threads: Int) -> Column? {
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
