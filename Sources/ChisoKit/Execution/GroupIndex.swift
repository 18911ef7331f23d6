/// Assigns each row a dense group id from one or more key columns, in order of first
/// appearance. Nulls form a group of their own (as in SQL's GROUP BY).
///
/// Each key column is first reduced to dense per-column codes (dictionary codes for text,
/// a direct table for small integer ranges, a hash map otherwise); the codes of several keys
/// are then combined pairwise, so no per-row tuple or `String` is ever built.
struct GroupIndex {
    /// Group id of each row.
    var ids: [Int32]
    var groupCount: Int
    /// The first row of each group (for key values and `distinct`).
    var firstRows: [Int32]

    /// `threads`: how many cores may share the work (`set threads`); the ids do not depend on it.
    init(keys: [Column], rowCount n: Int, threads: Int = 1) {
        guard !keys.isEmpty else {
            ids = [Int32](repeating: 0, count: n)
            groupCount = 1
            firstRows = [0]
            return
        }
        if keys.count == 1 {
            // One wide-ranged integer key without nulls: the hash table's ids are the groups.
            if let hashed = GroupIndex.hashedGroups(keys[0], n, threads: threads) {
                (ids, groupCount, firstRows) = hashed
                return
            }
            // One key: its dense codes become group ids directly, with no 64-bit copy of them.
            let (codes, card) = GroupIndex.denseCodes(keys[0], n)
            (ids, groupCount, firstRows) = GroupIndex.firstAppearance(codes, cardinality: Int64(card))
            return
        }
        var combined = [Int64](repeating: 0, count: n)
        var cardinality: Int64 = 1
        for key in keys {
            let (codes, card) = GroupIndex.denseCodes(key, n)
            if cardinality.multipliedReportingOverflow(by: Int64(card)).overflow
                || cardinality * Int64(card) >= Int64(1) << 40 {
                // Too many combinations to index directly: re-densify what we have so far.
                let (dense, denseCount) = GroupIndex.densify(combined)
                GroupIndex.combine(&combined, dense: dense, codes, card: card, threads: threads)
                cardinality = Int64(denseCount) * Int64(card)
            } else {
                GroupIndex.combine(&combined, dense: nil, codes, card: card, threads: threads)
                cardinality *= Int64(card)
            }
        }
        if cardinality > max(Int64(4 * n), 1 << 16) && n > 0 {
            // Too many combinations for a direct table. Few of them present (a distinct on
            // province, stratum and PSU has 31,500 of 5M rows): one hash table that stays in
            // the core's cache. Many: radix-partitioned hash tables.
            if let few = GroupIndex.fewGroups(combined, limit: GroupIndex.cachedGroups) {
                (ids, groupCount, firstRows) = few
            } else {
                (ids, groupCount, firstRows) = combined.withUnsafeBufferPointer { RadixGroups.ids($0, threads: threads) }
            }
        } else {
            (ids, groupCount, firstRows) = GroupIndex.firstAppearance(combined, cardinality: cardinality)
        }
    }

    /// Group ids for one key that is `source` gathered through `rows` (−1: null), without
    /// gathering it: the source's codes are made once (a lookup table's few rows) and read
    /// through the row numbers. The ids the gathered column gives. Nil when the source has
    /// too many distinct values for a direct table.
    static func through(_ source: Column, rows: LookupRows) -> GroupIndex? {
        throughCodes(source, rows) { FirstAppearance(cardinality: $0) }.map {
            GroupIndex(ids: $0.0, groupCount: $0.1.count, firstRows: $0.1)
        }
    }

    /// Rows per group and each group's first row, in order of first appearance, for `source`
    /// read through `rows` — no id per row (see `Counts`). Nil as for `through`.
    static func countsThrough(_ source: Column, rows: LookupRows) -> (counts: [Int64], firstRows: [Int32])? {
        throughCodes(source, rows) { Counts(cardinality: $0) }
    }

    /// Runs the task made for the source's dense codes over `rows`; nil when the source has
    /// too many distinct values for a direct table.
    private static func throughCodes<T: RowKeyTask>(_ source: Column, _ rows: LookupRows, _ task: (Int) -> T) -> T.Result? {
        let (codes, card) = denseCodes(source, source.count)
        guard card <= max(4 * rows.count, 1 << 16) else { return nil }
        return rows.withCodes(codes, nullCode: Int32(card - 1), task(card))   // denseCodes gives null the last code
    }

    /// Rows per group and each group's first row, for one key column whose codes fit a direct
    /// table; nil otherwise (a wide-ranged integer key takes the radix path of `init`).
    static func counts(_ key: Column, _ n: Int) -> (counts: [Int64], firstRows: [Int32])? {
        if takesRadixPath(key, n) { return nil }
        let (codes, card) = denseCodes(key, n)
        guard card <= max(4 * n, 1 << 16) else { return nil }
        return codes.withUnsafeBufferPointer { Counts(cardinality: card).run(n, StoredKey(p: $0.baseAddress)) }
    }

    init(ids: [Int32], groupCount: Int, firstRows: [Int32]) {
        self.ids = ids
        self.groupCount = groupCount
        self.firstRows = firstRows
    }

    /// Dense codes `0..<cardinality` for one column; null gets the last code.
    static func denseCodes(_ c: Column, _ n: Int) -> ([Int32], Int) {
        // A narrow column's values as held (not widened), unless their range is too wide.
        if case .int32(let narrow) = c.layout, let codes = denseNarrow(narrow, c.validity, n) { return codes }
        switch c.storage {
        case .text(let codes, let dict):
            let nullCode = Int32(dict.count)
            guard let v = c.validity else { return (codes, dict.count + 1) }
            return ((0..<n).map { v.isValid($0) ? codes[$0] : nullCode }, dict.count + 1)
        case .bool(let a):
            return ((0..<n).map { c.isNull($0) ? 2 : (a[$0] ? 1 : 0) }, 3)
        case .int(let a):
            return denseInts(a, c.validity, n)
        case .date(let a):
            return denseInts(a.map { Int64($0) }, c.validity, n)
        case .float(let a):
            // Equal doubles share a bit pattern once -0.0 and NaN are made canonical.
            let bits = a.map { $0 == 0 ? Int64(0) : ($0.isNaN ? Int64.max : Int64(bitPattern: $0.bitPattern)) }
            return denseInts(bits, c.validity, n)
        case .null:
            return ([Int32](repeating: 0, count: n), 1)
        }
    }

    /// Dense codes for 32-bit values spanning under 2^20 (ids, codes, years, ages), read in
    /// place; nil for a wider range.
    static func denseNarrow(_ a: [Int32], _ validity: Validity?, _ n: Int) -> ([Int32], Int)? {
        var lo = Int32.max, hi = Int32.min
        a.withUnsafeBufferPointer { p in
            for i in 0..<n where validity?.isValid(i) ?? true { lo = min(lo, p[i]); hi = max(hi, p[i]) }
        }
        if lo > hi { return ([Int32](repeating: 0, count: n), 1) }
        let span = Int64(hi) - Int64(lo)
        guard span < 1 << 20 else { return nil }
        let nullCode = Int32(span + 1)
        let out = [Int32](unsafeUninitializedCapacity: n) { o, count in
            a.withUnsafeBufferPointer { p in
                if let validity {
                    for i in 0..<n { o[i] = validity.isValid(i) ? p[i] &- lo : nullCode }
                } else {
                    for i in 0..<n { o[i] = p[i] &- lo }
                }
            }
            count = n
        }
        return (out, Int(span) + 2)
    }

    static func denseInts(_ a: [Int64], _ validity: Validity?, _ n: Int) -> ([Int32], Int) {
        var lo = Int64.max, hi = Int64.min
        for i in 0..<n where validity?.isValid(i) ?? true { lo = min(lo, a[i]); hi = max(hi, a[i]) }
        if lo > hi { return ([Int32](repeating: 0, count: n), 1) }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        if !overflow && span < 1 << 20 {
            let nullCode = Int32(span + 1)
            var out = [Int32](repeating: nullCode, count: n)
            a.withUnsafeBufferPointer { p in
                for i in 0..<n where validity?.isValid(i) ?? true { out[i] = Int32(p[i] - lo) }
            }
            return (out, Int(span) + 2)
        }
        // A wide range: the values' first-appearance ids from an open-addressing table that
        // starts at an eighth of the rows and grows (few keys are all distinct).
        var table = IntHashIndex(expected: max(n / 8, 4096))
        var out = [Int32](repeating: 0, count: n)
        let nulls = a.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in table.assign(UnsafeBufferPointer(rebasing: p[0..<n]), validity: validity, into: o)! }
        }
        for i in nulls { out[i] = Int32(table.count) }
        return (out, table.count + 1)
    }

    /// Group ids for one integer key without nulls whose values span too wide a range for a
    /// direct table: radix-partitioned hash tables (see `RadixGroups`). Nil for other keys.
    static func hashedGroups(_ c: Column, _ n: Int, threads: Int) -> ([Int32], Int, [Int32])? {
        guard takesRadixPath(c, n), case .int(let a) = c.storage else { return nil }
        return a.withUnsafeBufferPointer { RadixGroups.ids($0, threads: threads) }
    }

    /// One integer key without nulls whose values span 2²⁰ or more: too wide for a direct
    /// table, so its groups come from `RadixGroups` (the range read as the values are held).
    static func takesRadixPath(_ c: Column, _ n: Int) -> Bool {
        guard c.validity == nil, c.type == .int, n > 0 else { return false }
        func wide<T: FixedWidthInteger>(_ a: [T]) -> Bool {
            var lo = T.max, hi = T.min
            a.withUnsafeBufferPointer { p in for v in p { lo = min(lo, v); hi = max(hi, v) } }
            let (span, overflow) = Int64(hi).subtractingReportingOverflow(Int64(lo))
            return overflow || span >= 1 << 20
        }
        switch c.layout {
        case .int32(let a): return wide(a)
        case .canonical(.int(let a)): return wide(a)
        default: return false
        }
    }

    static func densify(_ keys: [Int64]) -> ([Int32], Int) {
        var table = IntHashIndex(expected: keys.count)
        let out = keys.enumerated().map { table.id($0.element, row: $0.offset) }
        return (out, table.count)
    }

    /// Ids in order of first appearance, and each group's first row, for `n` rows whose keys
    /// `key(i)` lie in `0..<cardinality`: a direct table, in one pass — split over the cores
    /// when the table is small enough for each to have its own.
    static func directFirstAppearance<K: RowKey>(_ n: Int, cardinality: Int, _ key: K) -> ([Int32], [Int32]) {
        let slices = Parallelism.laneRanges(0..<n)
        guard slices.count > 1, cardinality <= 1 << 16 else {
            var table = [Int32](repeating: -1, count: cardinality)
            var firstRows: [Int32] = []
            let ids = [Int32].filled(count: n) { out in
                table.withUnsafeMutableBufferPointer { t in
                    for i in 0..<n {
                        let k = key(i)
                        var g = t[k]
                        if g < 0 { g = Int32(firstRows.count); t[k] = g; firstRows.append(Int32(i)) }
                        out[i] = g
                    }
                }
            }
            return (ids, firstRows)
        }
        // Each lane numbers the groups of its own rows in the order they appear there; lanes
        // hold consecutive rows, so taking the lanes in order and giving each group it meets
        // for the first time the next id is the serial numbering. Lane 0's ids are already
        // final; the others are renumbered in place.
        var seen = [(codes: [Int32], firstRows: [Int32])](repeating: ([], []), count: slices.count)
        var firstRows: [Int32] = []
        let ids = [Int32].filled(count: n) { out in
            seen.withUnsafeMutableBufferPointer { seenBuffer in
                let ids = SharedBuffer(out), lanes = SharedBuffer(seenBuffer)
                Parallelism.forEachLane(0..<n) { lane, rows in
                    var table = [Int32](repeating: -1, count: cardinality)
                    var codes: [Int32] = [], firsts: [Int32] = []
                    table.withUnsafeMutableBufferPointer { t in
                        for r in rows {
                            let k = key(r)
                            var g = t[k]
                            if g < 0 { g = Int32(codes.count); t[k] = g; codes.append(Int32(k)); firsts.append(Int32(r)) }
                            ids[r] = g
                        }
                    }
                    lanes[lane] = (codes, firsts)
                }
            }
            var global = [Int32](repeating: -1, count: cardinality)
            for (lane, local) in seen.enumerated() {
                var renumber = [Int32](repeating: 0, count: local.codes.count)
                var same = true
                for (j, code) in local.codes.enumerated() {
                    var g = global[Int(code)]
                    if g < 0 { g = Int32(firstRows.count); global[Int(code)] = g; firstRows.append(local.firstRows[j]) }
                    renumber[j] = g
                    same = same && g == Int32(j)
                }
                guard !same else { continue }
                renumber.withUnsafeBufferPointer { map in
                    let ids = SharedBuffer(out), map = SharedBuffer(map)
                    Parallelism.forEachLane(slices[lane]) { _, rows in
                        for r in rows { ids[r] = map[Int(ids[r])] }
                    }
                }
            }
        }
        return (ids, firstRows)
    }

    /// `combined[i] = combined[i] * card + codes[i]` for every row — or, re-densified,
    /// `dense[i] * card + codes[i]` — split over lanes.
    private static func combine(_ combined: inout [Int64], dense: [Int32]?, _ codes: [Int32], card: Int, threads: Int) {
        let n = combined.count, card = Int64(card)
        codes.withUnsafeBufferPointer { k in combined.withUnsafeMutableBufferPointer { c in
            let code = SharedBuffer(k), out = SharedBuffer(c)
            if let dense {
                dense.withUnsafeBufferPointer { d in
                    let dense = SharedBuffer(d)
                    Parallelism.forEachLane(0..<n, lanes: threads) { _, rows in
                        for i in rows { out[i] = Int64(dense[i]) &* card &+ Int64(code[i]) }
                    }
                }
            } else {
                Parallelism.forEachLane(0..<n, lanes: threads) { _, rows in
                    for i in rows { out[i] = out[i] &* card &+ Int64(code[i]) }
                }
            }
        } }
    }

    /// Groups whose hash table (16 bytes a slot, at most half full) fits a core's 2 MB cache.
    static let cachedGroups = 1 << 16

    /// First-appearance ids of `keys` by one hash table, or nil as soon as they have more than
    /// `limit` values — found within the first rows when there are millions, so giving up
    /// costs little beside the radix path that follows.
    static func fewGroups(_ keys: [Int64], limit: Int) -> ([Int32], Int, [Int32])? {
        var table = IntHashIndex(expected: 1 << 10)
        var within = true
        let ids = [Int32].filled(count: keys.count) { out in
            keys.withUnsafeBufferPointer { within = table.assign($0, validity: nil, into: out, groupLimit: limit) != nil }
        }
        guard within else { return nil }
        return (ids, table.count, table.firstRows)
    }

    /// Dense ids in order of first appearance for keys in `0..<cardinality` (a direct table
    /// when that range is small beside the rows, a hash table otherwise). Generic so 32-bit
    /// codes are read as they are, not widened into a copy first.
    static func firstAppearance<K: FixedWidthInteger>(_ keys: [K], cardinality: Int64) -> ([Int32], Int, [Int32]) {
        let n = keys.count
        var ids: [Int32]
        var firstRows: [Int32] = []
        if cardinality <= max(Int64(4 * n), 1 << 16) {
            (ids, firstRows) = keys.withUnsafeBufferPointer { k in
                directFirstAppearance(n, cardinality: Int(cardinality), StoredKey(p: k.baseAddress))
            }
        } else {
            ids = [Int32](repeating: 0, count: n)
            var table = IntHashIndex(expected: n)
            keys.withUnsafeBufferPointer { k in
                for i in 0..<n {
                    // Ctrl-C: stop early; the executor discards the unfinished result (see LocalExecutor).
                    if i & 0xFFFF == 0xFFFF && Interrupt.requested { break }
                    ids[i] = table.id(Int64(k[i]), row: i)
                }
            }
            firstRows = table.firstRows
        }
        return (ids, firstRows.count, firstRows)
    }
}

/// Dense ids for 64-bit keys in order of first appearance: open addressing with linear
/// probing in power-of-two arrays (keys and ids side by side), a multiplicative hash — no
/// boxing, no per-key allocation, unlike a `Dictionary`.
struct IntHashIndex {
    /// Key and id + 1 side by side (0: empty), so a probe touches one cache line, not two.
    private var entries: [UInt64]
    private var mask: Int
    private var shift: UInt64
    private(set) var firstRows: [Int32] = []

    var count: Int { firstRows.count }

    init(expected n: Int) {
        var capacity = 16
        while capacity < 2 * max(n, 8) { capacity <<= 1 }
        entries = [UInt64](repeating: 0, count: 2 * capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always) private func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The id of `key`, given the next id (and `row` as its first row) when it is new.
    @inline(__always) mutating func id(_ key: Int64, row: Int) -> Int32 {
        if 2 * (count + 1) > mask + 1 { grow() }
        var i = home(key)
        let bits = UInt64(bitPattern: key)
        while true {
            let s = entries[2 * i + 1]
            if s == 0 {
                let id = Int32(firstRows.count)
                entries[2 * i] = bits; entries[2 * i + 1] = UInt64(id) + 1
                firstRows.append(Int32(row))
                return id
            }
            if entries[2 * i] == bits { return Int32(s - 1) }
            i = (i + 1) & mask
        }
    }

    /// The ids of every key of a column at once (rows whose validity bit is off are skipped and
    /// returned), through one pointer: no bounds or uniqueness checks per row. The table
    /// doubles between stretches of rows whenever it would pass half full, so it can start
    /// small: sizing it for every row up front zeroed 268 MB for a 5M-row key of 1.75M values.
    /// Nil, with `out` and the table part way, once the keys have more than `groupLimit` values.
    mutating func assign(_ keys: UnsafeBufferPointer<Int64>, validity: Validity?, into out: UnsafeMutableBufferPointer<Int32>,
                         groupLimit: Int = .max) -> [Int]? {
        var nulls: [Int] = []
        var rows = firstRows
        firstRows = []
        var r = 0
        while r < keys.count {
            // New keys that fit before the table is half full.
            var room = (mask + 1) / 2 - rows.count
            if groupLimit < Int.max { room = min(room, groupLimit + 1 - rows.count) }
            if room <= 0 {
                firstRows = rows
                if rows.count > groupLimit { return nil }
                grow(); rows = firstRows; firstRows = []; continue
            }
            var added = 0
            let mask = self.mask, shift = self.shift
            entries.withUnsafeMutableBufferPointer { e in
                while r < keys.count && added < room {
                    defer { r += 1 }
                    if let v = validity, !v.isValid(r) { nulls.append(r); continue }
                    let bits = UInt64(bitPattern: keys[r])
                    var i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
                    while true {
                        let s = e[2 * i + 1]
                        if s == 0 {
                            e[2 * i] = bits; e[2 * i + 1] = UInt64(rows.count) + 1
                            out[r] = Int32(rows.count)
                            rows.append(Int32(r))
                            added += 1
                            break
                        }
                        if e[2 * i] == bits { out[r] = Int32(s - 1); break }
                        i = (i + 1) & mask
                    }
                }
            }
        }
        firstRows = rows
        return nulls
    }

    private mutating func grow() {
        let old = entries
        let capacity = (mask + 1) * 2
        entries = [UInt64](repeating: 0, count: 2 * capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for j in 0..<(old.count / 2) where old[2 * j + 1] != 0 {
            var i = home(Int64(bitPattern: old[2 * j]))
            while entries[2 * i + 1] != 0 { i = (i + 1) & mask }
            entries[2 * i] = old[2 * j]; entries[2 * i + 1] = old[2 * j + 1]
        }
    }
}

/// Work done over the rows' keys, generic in the key's type (see `RowKey`).
protocol RowKeyTask {
    associatedtype Result
    func run<K: RowKey>(_ n: Int, _ key: K) -> Result
}

/// Group ids in order of first appearance, and each group's first row.
struct FirstAppearance: RowKeyTask {
    let cardinality: Int
    func run<K: RowKey>(_ n: Int, _ key: K) -> ([Int32], [Int32]) {
        GroupIndex.directFirstAppearance(n, cardinality: cardinality, key)
    }
}

/// Rows per group and each group's first row, in order of first appearance, with no id per
/// row: what `group k { n = count() }` — a frequency table — needs. Each core counts its own
/// rows by key (counts are integers: their sum is the serial count exactly) and notes where
/// each key first appears; groups are then ordered by those first rows.
struct Counts: RowKeyTask {
    let cardinality: Int
    func run<K: RowKey>(_ n: Int, _ key: K) -> (counts: [Int64], firstRows: [Int32]) {
        let card = cardinality
        // A table per lane when the tables are small beside the rows; with few keys, four per
        // lane in turn, so consecutive rows of one key do not wait on one counter.
        let slices = Parallelism.laneRanges(0..<n, lanes: card * 8 <= n ? nil : 1)
        let ways = card <= 4096 && n >= 4096 ? 4 : 1
        var tally = [Int64](repeating: 0, count: card * ways * slices.count)
        var first = [Int32](repeating: -1, count: card * slices.count)
        tally.withUnsafeMutableBufferPointer { t in first.withUnsafeMutableBufferPointer { f in
            let tallies = SharedBuffer(t), firsts = SharedBuffer(f)
            Parallelism.forEachLane(0..<n, lanes: slices.count) { lane, rows in
                let c = tallies.base + lane * ways * card, f = firsts.base + lane * card
                let mask = ways - 1
                for r in rows {
                    let k = key(r)
                    if f[k] < 0 { f[k] = Int32(r) }
                    c[(r & mask) * card + k] += 1
                }
            }
        } }
        var groups: [(first: Int32, count: Int64)] = []
        for k in 0..<card {
            var total: Int64 = 0, firstRow: Int32 = -1
            for lane in 0..<slices.count {
                for way in 0..<ways { total += tally[(lane * ways + way) * card + k] }
                if firstRow < 0 { firstRow = first[lane * card + k] }
            }
            if total > 0 { groups.append((firstRow, total)) }
        }
        groups.sort { $0.first < $1.first }
        return (groups.map(\.count), groups.map(\.first))
    }
}

/// A row's key in `0..<cardinality` for `GroupIndex.directFirstAppearance`. A type, not a
/// closure, so the loops are specialised for it: a closure handed to other threads is called
/// per row, not inlined (that doubled a join's grouping time).
protocol RowKey {
    func callAsFunction(_ i: Int) -> Int
}

/// Keys stored one per row.
struct StoredKey<K: FixedWidthInteger>: RowKey {
    let p: UnsafePointer<K>?
    @inline(__always) func callAsFunction(_ i: Int) -> Int { Int(p.unsafelyUnwrapped[i]) }
}

/// A source's codes read through row numbers (−1: the null code).
struct KeyThroughRows: RowKey {
    let rows: UnsafePointer<Int32>?
    let codes: UnsafePointer<Int32>?
    let nullCode: Int32
    @inline(__always) func callAsFunction(_ i: Int) -> Int {
        let r = rows.unsafelyUnwrapped[i]
        return Int(r >= 0 ? codes.unsafelyUnwrapped[Int(r)] : nullCode)
    }
}
