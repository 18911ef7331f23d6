/// Which row of a lookup's source each row of a frame reads (−1: none, read as null).
///
/// A lookup join on one integer key gives each left row the right row holding its key,
/// `slot[key − low]`. Written out, that is a 32-bit number per left row (20 MB at 5M rows),
/// which a `group` by a right column would read once, only to find each row's group. So the
/// numbers are kept as their recipe — the left key column and the slot table — and written
/// out the first time a stage needs them (a gather); a group maps each key straight to its
/// group through the slot table (`withCodes`), never writing the row numbers.
final class LookupRows {
    let count: Int
    private var written: [Int32]?
    let keyed: Keyed?

    /// Row numbers already written out (a selection, or a join's general path).
    init(_ rows: [Int32]) {
        count = rows.count
        written = rows
        keyed = nil
    }

    /// The right row of left row i is `slot[keys[i] − low]`; −1 for a null key, a key outside
    /// `low...high`, or an empty slot.
    init(keys: Column, slot: [Int32], low: Int64, high: Int64) {
        count = keys.count
        written = nil
        keyed = Keyed(keys: keys, slot: slot, low: low, high: high)
    }

    struct Keyed {
        let keys: Column
        let slot: [Int32]
        let low: Int64
        let high: Int64

        /// Calls `narrow` or `wide` with the keys as they are held (32 or 64 bits), never
        /// widened; callers pass one generic function for both, specialised for each.
        func withLane<R>(_ narrow: (IntKernels.Narrow) -> R, _ wide: (IntKernels.Wide) -> R) -> R {
            switch keys.layout {
            case .int32(let a): return a.withUnsafeBufferPointer { narrow(IntKernels.Narrow(p: $0.baseAddress!)) }
            case .canonical(.int(let a)): return a.withUnsafeBufferPointer { wide(IntKernels.Wide(p: $0.baseAddress!)) }
            default: preconditionFailure("a lookup join's key is an integer column")
            }
        }

        /// The smallest and largest key (nil for no rows), split over the cores.
        func keyRange() -> (Int64, Int64)? {
            let slices = Parallelism.laneRanges(0..<keys.count)
            guard keys.count > 0 else { return nil }
            var ranges = [(Int64, Int64)](repeating: (.max, .min), count: slices.count)
            func scan<L: IntKernels.Lane>(_ lane: L) {
                ranges.withUnsafeMutableBufferPointer { r in
                    let out = SharedBuffer(r)
                    Parallelism.forEachLane(0..<keys.count) { part, rows in
                        var lo = Int64.max, hi = Int64.min
                        for i in rows { let v = lane[i]; lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
                        out[part] = (lo, hi)
                    }
                }
            }
            withLane(scan, scan)
            return (ranges.map(\.0).min()!, ranges.map(\.1).max()!)
        }

        /// `bySlot` (a source gathered through `slot`) read by the keys of `rows`, as a column
        /// of those rows: one piece of `LookupRows.gather`, for `BlockSource`.
        func gather(_ bySlot: Column, rows: Range<Int>) -> Column {
            if bySlot.type == .null { return Column(.null(count: rows.count)) }
            var picker = SlotPicker(keyed: self, rows: rows)
            var column = bySlot.picking(&picker)
            if picker.missing || bySlot.validity != nil {
                let slotValid = bySlot.validity
                func valid<L: IntKernels.Lane>(_ lane: L) -> Validity? {
                    Validity.from(count: rows.count) { k in
                        let i = rows.lowerBound + k, s = slotIndex(lane[i], i)
                        return s >= 0 && (slotValid?.isValid(s) ?? true)
                    }
                }
                column.validity = withLane(valid, valid)
            }
            return column
        }

        /// The slot of key `v` at row i, or −1.
        @inline(__always) func slotIndex(_ v: Int64, _ i: Int) -> Int {
            (keys.validity?.isValid(i) ?? true) && v >= low && v <= high ? Int(v &- low) : -1
        }
    }

    /// These row numbers read through a selection of the rows (`selection[k]` is the row the
    /// k-th new row was): a keyed lookup stays keyed, its keys gathered, so a later group by
    /// a right column still never writes row numbers out.
    func through(_ selection: [Int32]) -> LookupRows {
        if written == nil, let k = keyed {
            return LookupRows(keys: k.keys.gather(selection, threads: Parallelism.threads), slot: k.slot, low: k.low, high: k.high)
        }
        let rows = all
        return LookupRows(selection.map { rows[Int($0)] })
    }

    /// All the row numbers, written out once (split over the cores) and kept.
    var all: [Int32] {
        if let written { return written }
        let k = keyed!
        let n = count
        func write<L: IntKernels.Lane>(_ lane: L) -> [Int32] {
            [Int32].filled(count: n) { o in k.slot.withUnsafeBufferPointer { t in
                let table = SharedBuffer(t), out = SharedBuffer(o)
                Parallelism.forEachLane(0..<n) { _, range in
                    for i in range { let s = k.slotIndex(lane[i], i); out[i] = s >= 0 ? table[s] : -1 }
                }
            } }
        }
        let rows = k.withLane(write, write)
        written = rows
        return rows
    }

    /// The source column's value for each row, in one pass: each key reads its value from the
    /// source gathered by slot (a table the size of the key range, which stays in cache), so
    /// no row number is written and the source is not read through them a second time.
    /// (Row numbers already written out: an ordinary gather.)
    func gather(_ source: Column, threads: Int) -> Column {
        guard written == nil, let k = keyed else { return source.gather(all, threads: threads) }
        let bySlot = source.gather(k.slot)
        let n = count
        if bySlot.type == .null { return Column(.null(count: n)) }
        var picker = SlotPicker(keyed: k, count: n)
        var column = bySlot.picking(&picker)
        let missing = picker.missing
        // Nulls: a row whose key finds no slot, or whose slot's value is null.
        guard missing || bySlot.validity != nil else { return column }
        let slotValid = bySlot.validity
        func valid<L: IntKernels.Lane>(_ lane: L) -> Validity? {
            Validity.from(count: n) { i in
                let s = k.slotIndex(lane[i], i)
                return s >= 0 && (slotValid?.isValid(s) ?? true)
            }
        }
        column.validity = k.withLane(valid, valid)
        return column
    }

    /// The source row of row i.
    subscript(i: Int) -> Int32 {
        if let written { return written[i] }
        let k = keyed!
        let s = k.withLane({ k.slotIndex($0[i], i) }, { k.slotIndex($0[i], i) })
        return s >= 0 ? k.slot[s] : -1
    }

    /// Whether each row reads a source row, over the cores.
    func matchFlags() -> [Bool] {
        let n = count
        guard written == nil, let k = keyed else {
            let rows = all
            return [Bool].filled(count: n) { out in
                let flags = SharedBuffer(out)
                Parallelism.forEachLane(0..<n) { _, range in for i in range { flags[i] = rows[i] >= 0 } }
            }
        }
        func run<L: IntKernels.Lane>(_ lane: L) -> [Bool] {
            [Bool].filled(count: n) { out in k.slot.withUnsafeBufferPointer { t in
                let flags = SharedBuffer(out), table = SharedBuffer(t)
                Parallelism.forEachLane(0..<n) { _, range in
                    for i in range { let s = k.slotIndex(lane[i], i); flags[i] = s >= 0 && table[s] >= 0 }
                }
            } }
        }
        return k.withLane(run, run)
    }

    /// How many rows read a source row (the rest read null).
    func matchedCount() -> Int {
        guard written == nil, let k = keyed else { return all.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
        let n = count
        // No null key and no empty slot between low and high: every row matches when every key
        // lies in low...high — two comparisons per key, which vectorise, and no table read.
        if k.keys.validity == nil && !k.slot.contains(-1), let (lo, hi) = k.keyRange(), lo >= k.low && hi <= k.high {
            return n
        }
        var found = [Int](repeating: 0, count: Parallelism.lanes(n))
        func tally<L: IntKernels.Lane>(_ lane: L) {
            k.slot.withUnsafeBufferPointer { t in found.withUnsafeMutableBufferPointer { f in
                let table = SharedBuffer(t), counts = SharedBuffer(f)
                Parallelism.forEachLane(0..<n) { part, range in
                    var c = 0
                    for i in range { let s = k.slotIndex(lane[i], i); if s >= 0 && table[s] >= 0 { c += 1 } }
                    counts[part] = c
                }
            } }
        }
        k.withLane(tally, tally)
        return found.reduce(0, +)
    }

    /// Runs `task` over the rows' source codes: `codes[r]` for source row r, `nullCode` where
    /// a row reads none. Keyed rows map each key to its code through the slot table, so the
    /// row numbers are never written out.
    func withCodes<T: RowKeyTask>(_ codes: [Int32], nullCode: Int32, _ task: T) -> T.Result {
        guard written == nil, let k = keyed else {
            return all.withUnsafeBufferPointer { r in codes.withUnsafeBufferPointer { c in
                task.run(count, KeyThroughRows(rows: r.baseAddress, codes: c.baseAddress, nullCode: nullCode))
            } }
        }
        // Each slot's code, so a row's code is one read from its key.
        let codeBySlot = k.slot.map { $0 >= 0 ? codes[Int($0)] : nullCode }
        func run<L: IntKernels.Lane>(_ lane: L) -> T.Result {
            codeBySlot.withUnsafeBufferPointer { c in
                if let v = k.keys.validity {
                    return task.run(count, SlotKey(keys: lane, low: k.low, high: k.high, codes: c.baseAddress!,
                                                   nullCode: nullCode, present: { v.isValid($0) }))
                }
                return task.run(count, SlotKey(keys: lane, low: k.low, high: k.high, codes: c.baseAddress!,
                                               nullCode: nullCode, present: nil))
            }
        }
        return k.withLane(run, run)
    }
}

/// A left row's group code through a lookup join's slot table (`LookupRows.withCodes`).
private struct SlotKey<L: IntKernels.Lane>: RowKey {
    let keys: L
    let low: Int64
    let high: Int64
    /// The code of each slot's right row (the null code for an empty slot).
    let codes: UnsafePointer<Int32>
    let nullCode: Int32
    /// Whether row i's key is present (nil: no nulls).
    let present: ((Int) -> Bool)?
    @inline(__always) func callAsFunction(_ i: Int) -> Int {
        let v = keys[i]
        guard v >= low && v <= high && (present?(i) ?? true) else { return Int(nullCode) }
        return Int(codes[Int(v &- low)])
    }
}

/// Each row's value read through its key's slot (`LookupRows.gather`): one pass over the keys,
/// split over the cores, the small by-slot values staying in cache. With `rows`, those rows
/// alone, on the calling thread (a piece of `BlockSource`).
private struct SlotPicker: ValuePicker {
    let keyed: LookupRows.Keyed
    let rows: Range<Int>
    let whole: Bool
    /// Whether some row's key found no slot.
    var missing = false

    init(keyed: LookupRows.Keyed, count: Int) { self.keyed = keyed; rows = 0..<count; whole = true }
    init(keyed: LookupRows.Keyed, rows: Range<Int>) { self.keyed = keyed; self.rows = rows; whole = false }

    mutating func pick<T: BitwiseCopyable & Sendable>(_ values: [T], _ zero: T) -> [T] {
        let k = keyed, rows = self.rows, first = rows.lowerBound
        var gaps = [Bool](repeating: false, count: whole ? Parallelism.lanes(rows.count) : 1)
        let out = [T].filled(count: rows.count) { o in
            values.withUnsafeBufferPointer { v in gaps.withUnsafeMutableBufferPointer { g in
                let table = SharedBuffer(v), dst = SharedBuffer(o), flags = SharedBuffer(g)
                func run<L: IntKernels.Lane>(_ lane: L) {
                    func fill(_ part: Int, _ range: Range<Int>) {
                        var gap = false
                        for i in range {
                            let s = k.slotIndex(lane[i], i)
                            if s >= 0 { (dst.base + i - first).initialize(to: table[s]) } else { (dst.base + i - first).initialize(to: zero); gap = true }
                        }
                        flags[part] = gap
                    }
                    if whole { Parallelism.forEachLane(rows, fill) } else { fill(0, rows) }
                }
                k.withLane(run, run)
            } }
        }
        missing = missing || gaps.contains(true)
        return out
    }
}
