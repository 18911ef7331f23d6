import Dispatch
/// `join [inner|left|semi|anti] T on k1, k2` / `on a = b` / `using k1, k2`: equi-join with a
/// catalog table.
struct JoinStage: Stage {
    static let keyword = "join"
    static let help = Help.Topic(name: "join", kind: "stage", usage: "join [inner|left|right|full|semi|anti] table (on key, … | on left_key = right_key | using key, …) · join asof table on key, …, time >= time",
        summary: "Adds the columns of another table where the keys are equal ('on plan = id' when the names differ; the right key is dropped; 'using k' is SQL's 'on k'). 'left' keeps unmatched rows with nulls; 'right' keeps every row of the table, in its order, with nulls where the input has none; 'full' keeps both sides' unmatched rows (the left join's rows, then the table's rows no row matched); where the input side is missing, the key columns hold the table's key. 'asof' matches time series: join asof T on k, year >= year gives each row the row of T with its keys and the latest year at or before its own (DuckDB's ASOF JOIN; a row with none is kept with nulls). 'semi' keeps the rows that have a match and 'anti' those that have none, adding no column (SQL's EXISTS and NOT EXISTS; a row is kept once however many rows match it). A clashing column name gets the table's name as suffix. Null keys never match.",
        example: "from targets | join left indicators on indicator = id | select plan, indicator, name_vi")
    static let completionWords = ["left", "inner", "right", "full", "semi", "anti", "asof", "on", "using"]
    static let tableWords = ["join", "left", "inner", "right", "full", "outer", "semi", "anti", "asof"]

    enum Kind: String, Sendable, CaseIterable { case inner, left, right, full, semi, anti, asof }

    var kind: Kind
    var table: Name
    /// Pairs (left column, right column); `on k` is `on k = k`.
    var keys: [(left: Name, right: Name)]
    /// An as-of join's `time >= right_time`: each row meets the right row with the same keys
    /// and the latest time at or before its own.
    var asOf: (left: Name, right: Name)? = nil

    // join -> 'join' [KIND] NAME ('on' key (',' key)* | 'using' NAME (',' NAME)*)
    // key -> NAME [('=' | '==') NAME]
    static func parse(_ p: inout Parser) throws -> JoinStage {
        var kind = Kind.inner
        if let w = p.current.identifier, let k = Kind(rawValue: w.lowercased()), !p.tokens[p.pos + 1].isWord("on") {
            _ = p.advance(); kind = k
            // SQL's FULL OUTER JOIN: 'outer' after full (or left, right) says nothing more.
            if [.left, .right, .full].contains(k), p.current.isWord("outer"), !p.tokens[p.pos + 1].isWord("on") { _ = p.advance() }
        } else if let w = p.current.identifier, ["outer", "cross"].contains(w.lowercased()), p.tokens[p.pos + 1].identifier != nil,
                  !p.tokens[p.pos + 1].isWord("on") {
            throw p.error("chiso has no \(w.lowercased()) join", at: p.current.span,
                          hint: w.lowercased() == "outer" ? "join full T on k keeps the rows of both sides" : "every pair of rows: derive k = 1 on both sides and join on k")
        }
        let table = try p.tableName("a table to join", hint: "join left indicators on indicator")
        // SQL's USING (k1, k2): the same names on both sides; brackets optional.
        if p.acceptWord("using") {
            let bracketed = p.acceptSymbol("(")
            var keys: [(left: Name, right: Name)] = []
            repeat { let k = try p.name("a key column", hint: "join \(table.text) using plan"); keys.append((k, k)) } while p.acceptSymbol(",")
            if bracketed { _ = try p.expectSymbol(")", hint: "join \(table.text) using (k1, k2)") }
            return JoinStage(kind: kind, table: table, keys: keys)
        }
        guard p.acceptWord("on") else { throw p.expected("'on' or 'using'", hint: "join \(table.text) on key_column") }
        var keys: [(left: Name, right: Name)] = []
        var asOf: (left: Name, right: Name)? = nil
        repeat {
            let left = try p.name("a key column")
            if p.current.isSymbol(">=") {
                let at = p.advance().span
                guard kind == .asof else {
                    throw p.error("only an as-of join compares with '>='", at: at, hint: "join asof \(table.text) on key, year >= year")
                }
                guard asOf == nil else { throw p.error("an as-of join has one '>=' (its time)", at: at) }
                asOf = (left, try p.name("the time column of \(table.text)", hint: "join asof \(table.text) on area, year >= year"))
            } else if p.acceptSymbol("=") || p.acceptSymbol("==") {
                keys.append((left, try p.name("the key column of \(table.text)", hint: "join \(table.text) on plan = id")))
            } else {
                keys.append((left, left))
            }
        } while p.acceptSymbol(",")
        if kind == .asof, asOf == nil {
            throw p.expected("the time to match, as 'year >= year'", hint: "join asof \(table.text) on \(keys.map(\.left.text).joined(separator: ", ")), year >= year")
        }
        return JoinStage(kind: kind, table: table, keys: keys, asOf: asOf)
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let rs = try context.tableSchema(table)
        var lk: [Int] = [], rk: [Int] = []
        for (lkName, rkName) in keys {
            guard let li = schema.index(of: lkName.text) else {
                // `join indicators on id` where only the right table has id: the key has another
                // name on the left, so say how to write that rather than guess a look-alike.
                if lkName.text == rkName.text, rs.index(of: rkName.text) != nil {
                    // An id is most often named after its table on the left (indicators.id ~ indicator).
                    let guess = rkName.text != "id" ? nil : schema.names.first { $0 == table.text.dropLast() }
                        ?? schema.names.first { $0.contains(String(table.text.prefix(4))) }
                    throw context.error(.name, "the input has no column '\(lkName.text)' to join on ('\(table.text)' has one)", lkName.span,
                                        hint: "name the input's key and the table's: join \(table.text) on \(guess ?? "KEY") = \(rkName.text) (the input has: \(schema.names.joined(separator: ", ")))")
                }
                throw context.error(.name, "the input has no column '\(lkName.text)' to join on", lkName.span,
                                    hint: NameSuggestion.hint(for: lkName.text, in: schema.names)
                                        ?? "its columns are: " + schema.names.joined(separator: ", ") + "; join on a = b when the names differ")
            }
            guard let ri = rs.index(of: rkName.text) else {
                throw context.error(.name, "table '\(table.text)' has no column '\(rkName.text)'", rkName.span,
                                    hint: NameSuggestion.hint(for: rkName.text, in: rs.names)
                                        ?? "its columns are: " + rs.names.joined(separator: ", ") + "; join on a = b when the names differ")
            }
            guard DataType.unify(schema.types[li], rs.types[ri]) != nil else {
                throw context.error(.type, "join key '\(lkName.text)' is \(schema.types[li]) here but '\(rkName.text)' is \(rs.types[ri]) in '\(table.text)'",
                                    rkName.span, hint: "convert one side with derive, e.g. text(…) or int(…)")
            }
            lk.append(li); rk.append(ri)
        }
        var times: (left: Int, right: Int)? = nil
        if let (l, r) = asOf {
            let li = try context.column(l, in: schema)
            guard let ri = rs.index(of: r.text) else {
                throw context.error(.name, "table '\(table.text)' has no column '\(r.text)'", r.span,
                                    hint: NameSuggestion.hint(for: r.text, in: rs.names) ?? "its columns are: " + rs.names.joined(separator: ", "))
            }
            let ok: (DataType, DataType) -> Bool = { a, b in (a.isNumeric && b.isNumeric) || (a == .date && b == .date) }
            guard ok(schema.types[li], rs.types[ri]) else {
                throw context.error(.type, "an as-of join's time is a number or a date on both sides; '\(l.text)' is \(schema.types[li]) and '\(r.text)' is \(rs.types[ri])",
                                    l.span.to(r.span))
            }
            times = (li, ri)
        }
        // A semi or anti join only filters: the input's columns, as they are.
        if kind == .semi || kind == .anti {
            return JoinOperator(kind: kind, right: table.text, leftKeys: lk, rightKeys: rk, rightKeep: [], span: node.span,
                                schema: schema, detail: context.text(node.span.after(node.keyword)))
        }
        var names = schema.names, types = schema.types
        // A right or full join's key holds the right key where no left row matched: the
        // type both sides share (int and float: float).
        if kind == .right || kind == .full {
            for (l, r) in zip(lk, rk) { types[l] = DataType.unify(schema.types[l], rs.types[r]) ?? schema.types[l] }
        }
        var keep: [Int] = []
        // A database table's suffix is its own name (pairs for pg.public.pairs).
        let suffix = context.catalog.entry(table.text)?.remote?.table ?? table.text
        for (i, n) in rs.names.enumerated() where !rk.contains(i) {
            var name = n
            if names.contains(name) { name = "\(n)_\(suffix)" }
            guard !names.contains(name) else {
                throw context.error(.name, "joining '\(table.text)' would make column '\(name)' twice", table.span,
                                    hint: "rename it before joining")
            }
            names.append(name); types.append(rs.types[i]); keep.append(i)
        }
        return JoinOperator(kind: kind, right: table.text, leftKeys: lk, rightKeys: rk, rightKeep: keep, span: node.span,
                            schema: Schema(names: names, types: types), detail: context.text(node.span.after(node.keyword)), asOf: times)
    }
}

struct JoinOperator: LocalOperator {
    /// The probe's row numbers and key ids; a many-to-many join's output is checked exactly
    /// once its size is known (below).
    func memoryNeeded(_ input: Frame) -> Int { input.rowCount * 16 }
    let kind: JoinStage.Kind
    /// The catalog table joined (read at execution, not held here).
    let right: String
    let leftKeys: [Int]
    let rightKeys: [Int]
    /// Right columns kept (all but its keys), in order.
    let rightKeep: [Int]
    let span: Span
    let schema: Schema
    let detail: String
    /// An as-of join's time columns (left, right).
    var asOf: (left: Int, right: Int)? = nil
    var name: String { "join" }
    var tablesRead: [String] { [right] }

    /// Right rows grouped by key (CSR: `start`, then row numbers in right-table order) and the
    /// group of each left row (−1: a null key, or no right row with its key).
    struct Index {
        var leftGroup: [Int32]
        var start: [Int32]
        var rows: [Int32]
    }

    /// Hash join on equal keys: each left row meets its matching right rows in right-table
    /// order; a left join keeps unmatched left rows with nulls. Null keys never match.
    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        let right = try context.table(self.right)
        let n = frame.rowCount
        if kind == .semi || kind == .anti { return try filtered(frame, right) }
        if kind == .asof { return try asOfJoin(frame, right, context) }
        if kind == .right || kind == .full { return try outerJoin(frame, right, context) }
        if context.rowLimit == nil, let rightRows = directLookup(frame, right) {
            let result = lookupResult(frame, right, rightRows)
            try Interrupt.check()
            return result
        }
        let index = singleKeyIndex(frame, right) ?? generalIndex(frame, right)
        let start = index.start, rows = index.rows
        func matches(_ i: Int) -> (Int, Int) {
            let g = Int(index.leftGroup[i])
            return g < 0 ? (0, 0) : (Int(start[g]), Int(start[g + 1]))
        }
        if let out = try uniqueKeyJoin(frame, right, index, context) { return out }
        // The output's size is known before any row is built: refuse one that cannot fit, and
        // build no more than a `take` right after the join will keep.
        let keepUnmatched = kind == .left
        let laneTotals = Self.laneTotals(index, rowCount: n, keepUnmatched: keepUnmatched)
        let total = laneTotals.reduce(0, +)
        let limit = min(total, context.rowLimit ?? Int.max)
        let bytes = Double(limit) * Double(8 + 8 * schema.names.count)
        // The address space a ulimit -v leaves, too (`MemoryGuard`), once the memory limit holds.
        if bytes <= Double(context.memoryLimit) {
            try MemoryGuard.check(Int(bytes), for: "join \(self.right)", memoryLimit: context.memoryLimit,
                                  hint: "narrow either side with where first, or check the keys (a key repeated on both sides multiplies rows)")
        } else {
            throw context.error(.runtime, "join \(self.right) would make \(TableRenderer.formatCount(total)) rows (about \(MemorySize.format(bytes))), more than the memory limit of \(MemorySize.format(Double(context.memoryLimit)))",
                                span, hint: "narrow either side with where first, check the keys (a key repeated on both sides multiplies rows), or set memory_limit")
        }
        var leftIdx: [Int32] = [], rightIdx: [Int32] = []
        if limit == total {
            (leftIdx, rightIdx) = Self.fillRows(index, rowCount: n, keepUnmatched: keepUnmatched, laneTotals: laneTotals)
        } else {
            // A `take` right after: the first rows only, in order.
            leftIdx.reserveCapacity(limit); rightIdx.reserveCapacity(limit)
            for i in 0..<n where leftIdx.count < limit {
                if i & 0xFFFF == 0xFFFF { try Interrupt.check() }
                let (lo, hi) = matches(i)
                if lo == hi {
                    if kind == .left { leftIdx.append(Int32(i)); rightIdx.append(-1) }
                    continue
                }
                for k in lo..<hi where leftIdx.count < limit { leftIdx.append(Int32(i)); rightIdx.append(rows[k]) }
            }
        }
        try Interrupt.check()
        // Every left row kept once, in order: its columns are reused, not copied. Otherwise
        // (a key repeated on the right) each column is built when a later stage reads it:
        // `join … | group { n = count() }` gathers none of the input's columns.
        let rightRows = LookupRows(rightIdx)
        let rightCols = rightKeep.map { Frame.Lookup(source: right.columns[$0], rows: rightRows) }
        let identity = leftIdx.count == n && leftIdx.enumerated().allSatisfy { $0.offset == Int($0.element) }
        if identity { return Frame(names: schema.names, columns: frame.columns, lookups: rightCols, rowCount: n) }
        let leftRows = LookupRows(leftIdx)
        return Frame(names: schema.names, columns: [], lookups: frame.columns.map { Frame.Lookup(source: $0, rows: leftRows) } + rightCols,
                     rowCount: leftIdx.count)
    }

    /// Each lane's count of output rows (a left row's matches, or one row for an unmatched
    /// left row when `keepUnmatched`), counted over the cores: `fillRows` then writes the
    /// lanes' rows side by side at these offsets.
    static func laneTotals(_ index: Index, rowCount n: Int, keepUnmatched: Bool) -> [Int] {
        var laneTotals = [Int](repeating: 0, count: Parallelism.laneRanges(0..<n).count)
        index.leftGroup.withUnsafeBufferPointer { lg in index.start.withUnsafeBufferPointer { st in
            laneTotals.withUnsafeMutableBufferPointer { t in
                let totals = SharedBuffer(t)
                Parallelism.forEachLane(0..<n) { lane, range in
                    var c = 0
                    for i in range {
                        let g = Int(lg[i])
                        let m = g < 0 ? 0 : Int(st[g + 1] &- st[g])
                        c &+= m == 0 ? (keepUnmatched ? 1 : 0) : m
                    }
                    totals[lane] = c
                }
            }
        } }
        return laneTotals
    }

    /// The (left row, right row) pairs of an inner or left join, left rows in order and each
    /// one's matches in the right table's order (−1: no right row), written over the cores.
    static func fillRows(_ index: Index, rowCount n: Int, keepUnmatched: Bool, laneTotals: [Int]) -> (left: [Int32], right: [Int32]) {
        let total = laneTotals.reduce(0, +)
        var offsets = [0]
        for t in laneTotals.dropLast() { offsets.append(offsets.last! + t) }
        var leftIdx: [Int32] = [], rightIdx: [Int32] = []
        leftIdx = [Int32].filled(count: total) { lo in rightIdx = [Int32].filled(count: total) { ro in
            index.leftGroup.withUnsafeBufferPointer { lg in index.start.withUnsafeBufferPointer { st in index.rows.withUnsafeBufferPointer { rw in
                let left = SharedBuffer(lo), right = SharedBuffer(ro)
                Parallelism.forEachLane(0..<n) { lane, range in
                    var o = offsets[lane]
                    for i in range {
                        let g = Int(lg[i])
                        let (a, b) = g < 0 ? (0, 0) : (Int(st[g]), Int(st[g + 1]))
                        if a == b {
                            if keepUnmatched { left[o] = Int32(truncatingIfNeeded: i); right[o] = -1; o &+= 1 }
                            continue
                        }
                        for k in a..<b { left[o] = Int32(truncatingIfNeeded: i); right[o] = rw[k]; o &+= 1 }
                    }
                }
            } } }
        } }
        return (leftIdx, rightIdx)
    }

    /// The left rows of each group of `index`, in left order: group g's rows are
    /// `rows[start[g]..<start[g + 1]]`. A stable scatter split over the cores (each lane counts
    /// its rows per group, then writes them after the earlier lanes' rows of that group).
    static func leftRowsByGroup(_ index: Index, rowCount n: Int, groups: Int) -> (start: [Int], rows: [Int32]) {
        let lanes = Parallelism.laneRanges(0..<n).count
        var counts = [Int](repeating: 0, count: lanes * groups)
        index.leftGroup.withUnsafeBufferPointer { lg in counts.withUnsafeMutableBufferPointer { c in
            let tally = SharedBuffer(c)
            Parallelism.forEachLane(0..<n) { lane, range in
                let base = lane * groups
                for i in range { let g = Int(lg[i]); if g >= 0 { tally[base + g] &+= 1 } }
            }
        } }
        var (offsets, starts) = scatterOffsets(counts, lanes: lanes, buckets: groups)
        let rows = [Int32].filled(count: starts[groups]) { out in
            index.leftGroup.withUnsafeBufferPointer { lg in offsets.withUnsafeMutableBufferPointer { o in
                let dst = SharedBuffer(out), next = SharedBuffer(o)
                Parallelism.forEachLane(0..<n) { lane, range in
                    let base = lane * groups
                    for i in range {
                        let g = Int(lg[i])
                        if g >= 0 { dst[next[base + g]] = Int32(truncatingIfNeeded: i); next[base + g] &+= 1 }
                    }
                }
            } }
        }
        return (starts, rows)
    }

    /// Whether each left row has a right row with its keys, over the cores.
    static func matchFlags(_ index: Index, rowCount n: Int) -> [Bool] {
        [Bool].filled(count: n) { out in
            index.leftGroup.withUnsafeBufferPointer { lg in index.start.withUnsafeBufferPointer { st in
                let flags = SharedBuffer(out)
                Parallelism.forEachLane(0..<n) { _, range in
                    for i in range { let g = Int(lg[i]); flags[i] = g >= 0 && st[g] < st[g + 1] }
                }
            } }
        }
    }

    /// A semi join keeps each left row that has a match, an anti join each that has none; the
    /// rows stay in order, once each, and the right table adds nothing.
    func filtered(_ frame: Frame, _ right: Table) throws -> Frame {
        let n = frame.rowCount
        var flags = directLookup(frame, right)?.matchFlags() ?? {
            let index = singleKeyIndex(frame, right) ?? generalIndex(frame, right)
            return Self.matchFlags(index, rowCount: n)
        }()
        if kind == .anti { flags = flags.map { !$0 } }
        let kept = Operand.selected(flags, nil, n)
        try Interrupt.check()
        if kept.count == n { return frame }
        // The rows kept are a selection: the columns are gathered when a later stage reads them.
        return frame.selecting(kept, ascending: true)
    }

    /// Right: each right row, in the right table's order, with its matching left rows (in left
    /// order), or alone with the left columns null. Full: the rows of a left join, then each
    /// right row no left row matched. Where the left side is missing, its key columns hold the
    /// right key, so no row is left without its key.
    func outerJoin(_ frame: Frame, _ right: Table, _ context: ExecutionContext) throws -> Frame {
        let n = frame.rowCount, m = right.rowCount
        var leftIdx: [Int32] = [], rightIdx: [Int32] = []
        if kind == .full, let lookup = directLookup(frame, right) {
            // Unique right keys: the left join's rows are the left rows in order, each reading
            // its right row through the key's slot; then the right rows no left row read.
            let rightOfLeft = lookup.all
            let lanes = Parallelism.laneRanges(0..<n).count
            var readBy = [Bool](repeating: false, count: lanes * m)
            rightOfLeft.withUnsafeBufferPointer { ro in readBy.withUnsafeMutableBufferPointer { rb in
                let read = SharedBuffer(rb)
                Parallelism.forEachLane(0..<n) { lane, range in
                    for i in range { let r = Int(ro[i]); if r >= 0 { read[lane * m + r] = true } }
                }
            } }
            let unmatched = (0..<m).filter { r in !(0..<lanes).contains { readBy[$0 * m + r] } }.map { Int32($0) }
            leftIdx = [Int32].filled(count: n + unmatched.count) { out in
                for i in 0..<n { out[i] = Int32(truncatingIfNeeded: i) }
                for k in 0..<unmatched.count { out[n + k] = -1 }
            }
            rightIdx = rightOfLeft + unmatched
            return try outerResult(frame, right, leftIdx, rightIdx, context)
        }
        let index = singleKeyIndex(frame, right) ?? generalIndex(frame, right)
        let groups = index.start.count - 1
        if kind == .full {
            // A left join's rows (over the cores), then each right row no left row matched.
            var hasLeft = [Bool](repeating: false, count: groups)
            for g in index.leftGroup where g >= 0 { hasLeft[Int(g)] = true }
            var matchedRight = [Bool](repeating: false, count: m)
            for g in 0..<groups where hasLeft[g] { for k in Int(index.start[g])..<Int(index.start[g + 1]) { matchedRight[Int(index.rows[k])] = true } }
            let unmatched = (0..<m).filter { !matchedRight[$0] }.map { Int32($0) }
            (leftIdx, rightIdx) = Self.fillRows(index, rowCount: n, keepUnmatched: true,
                                                laneTotals: Self.laneTotals(index, rowCount: n, keepUnmatched: true))
            leftIdx.append(contentsOf: repeatElement(-1, count: unmatched.count))
            rightIdx.append(contentsOf: unmatched)
        } else {
            // The left rows of each group, in left order (a stable scatter over the cores),
            // and each right row's group.
            let (leftStart, leftRows) = Self.leftRowsByGroup(index, rowCount: n, groups: groups)
            var rightGroup = [Int32](repeating: -1, count: m)
            for g in 0..<groups { for k in Int(index.start[g])..<Int(index.start[g + 1]) { rightGroup[Int(index.rows[k])] = Int32(g) } }
            // Where each right row's rows start in the output; the cores then write runs of
            // right rows holding equal shares of the output.
            var outStart = [Int](repeating: 0, count: m + 1)
            for r in 0..<m {
                let g = Int(rightGroup[r])
                outStart[r + 1] = outStart[r] + (g < 0 ? 1 : max(1, leftStart[g + 1] - leftStart[g]))
            }
            let total = outStart[m], lanes = max(1, min(Parallelism.threads, total >> 16))
            let starts = outStart, groupOf = rightGroup
            // Lane l starts at the first right row whose rows start at or after l/lanes of the output.
            let bounds = (0...lanes).map { l -> Int in
                let target = total * l / lanes
                var lo = 0, hi = m
                while lo < hi { let mid = (lo + hi) / 2; if outStart[mid] < target { lo = mid + 1 } else { hi = mid } }
                return l == lanes ? m : lo
            }
            leftIdx = [Int32].filled(count: total) { lo in rightIdx = [Int32].filled(count: total) { ro in
                let left = SharedBuffer(lo), right = SharedBuffer(ro)
                leftRows.withUnsafeBufferPointer { lr in
                    let lrows = SharedBuffer(lr)
                    Parallelism.perform(lanes) { lane in
                        for r in min(m, bounds[lane])..<min(m, bounds[lane + 1]) {
                            var o = starts[r]
                            let g = Int(groupOf[r])
                            let (a, b) = g < 0 ? (0, 0) : (leftStart[g], leftStart[g + 1])
                            if a == b { left[o] = -1; right[o] = Int32(truncatingIfNeeded: r); continue }
                            for k in a..<b { left[o] = lrows[k]; right[o] = Int32(truncatingIfNeeded: r); o &+= 1 }
                        }
                    }
                }
            } }
        }
        return try outerResult(frame, right, leftIdx, rightIdx, context)
    }

    /// A right or full join's rows as (left row, right row) pairs, −1 where a side is missing:
    /// checked against the memory limit, then read through the pairs when a stage reads them.
    func outerResult(_ frame: Frame, _ right: Table, _ leftIdx: [Int32], _ rightIdx: [Int32], _ context: ExecutionContext) throws -> Frame {
        let n = frame.rowCount
        try Interrupt.check()
        let bytes = Double(leftIdx.count) * Double(8 + 8 * schema.names.count)
        // The address space a ulimit -v leaves, too (`MemoryGuard`), once the memory limit holds.
        if bytes <= Double(context.memoryLimit) {
            try MemoryGuard.check(Int(bytes), for: "join \(self.right)", memoryLimit: context.memoryLimit,
                                  hint: "narrow either side with where first, or check the keys (a key repeated on both sides multiplies rows)")
        } else {
            throw context.error(.runtime, "join \(self.right) would make \(TableRenderer.formatCount(leftIdx.count)) rows (about \(MemorySize.format(bytes))), more than the memory limit of \(MemorySize.format(Double(context.memoryLimit)))",
                                span, hint: "narrow either side with where first, or set memory_limit")
        }
        // Every column is read through the row numbers when a later stage reads it, except the
        // key columns where a left row is missing: the left key, or else the right key.
        let leftRows = LookupRows(leftIdx), rightRows = LookupRows(rightIdx)
        var sources = frame.columns.map { Frame.Source.lookup(Frame.Lookup(source: $0, rows: leftRows)) }
        let firstMissing = leftIdx.firstIndex(of: -1)
        for (l, r) in zip(leftKeys, rightKeys) where firstMissing != nil {
            let lc = frame.column(l), rc = right.columns[r]
            if lc.type == rc.type && (kind == .right || leftIdx[firstMissing!...].allSatisfy({ $0 < 0 })) {
                // Matched rows hold equal keys on both sides, so a right join's key is the right
                // key read through its rows (a small table, in cache), and a full join's is the
                // left key for its left-join rows (in order) then the right key for the rest.
                let head = kind == .right ? 0 : firstMissing!
                // (Each left row once, in order — a full join whose keys are unique on the
                // right: the left key as it is.)
                let parts = [head == n ? lc : lc.gather(Array(leftIdx[..<head]), threads: Parallelism.threads),
                             rc.gather(Array(rightIdx[head...]), threads: Parallelism.threads)]
                sources[l] = .built(head == 0 ? parts[1] : Column.concatenate(parts, type: schema.types[l]))
                continue
            }
            let both = Column.concatenate([lc, rc], type: schema.types[l])
            sources[l] = .built(both.gather((0..<leftIdx.count).map { leftIdx[$0] >= 0 ? leftIdx[$0] : Int32(n) + rightIdx[$0] },
                                            threads: Parallelism.threads))
        }
        sources += rightKeep.map { .lookup(Frame.Lookup(source: right.columns[$0], rows: rightRows)) }
        return Frame(names: schema.names, sources: sources, rowCount: leftIdx.count)
    }

    /// As-of: each left row meets the right row with its keys whose time is the latest at or
    /// before its own (two such rows at that time are an error); a row with none
    /// is kept with nulls, as in a left join, so no row is lost silently.
    func asOfJoin(_ frame: Frame, _ right: Table, _ context: ExecutionContext) throws -> Frame {
        let n = frame.rowCount, m = right.rowCount
        let index = leftKeys.isEmpty
            ? Index(leftGroup: [Int32](repeating: 0, count: n), start: [0, Int32(m)], rows: (0..<m).map { Int32($0) })
            : singleKeyIndex(frame, right) ?? generalIndex(frame, right)
        func times(_ c: Column) -> [Double] {
            if case .date(let a) = c.storage { return a.map { Double($0) } }
            return c.doubles() ?? []
        }
        let lc = frame.column(asOf!.left), rc = right.columns[asOf!.right]
        let lt = times(lc), rt = times(rc)
        // Each group's right rows with a time, sorted by it (stable: the right table's order breaks ties).
        let groups = index.start.count - 1
        var start = [Int32](repeating: 0, count: groups + 1)
        var rows: [Int32] = []
        rows.reserveCapacity(index.rows.count)
        for g in 0..<groups {
            let segment = index.rows[Int(index.start[g])..<Int(index.start[g + 1])].filter { !rc.isNull(Int($0)) }
            rows += segment.enumerated().sorted { (rt[Int($0.element)], $0.offset) < (rt[Int($1.element)], $1.offset) }.map(\.element)
            start[g + 1] = Int32(rows.count)
        }
        var rightRow = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            if i & 0xFFFF == 0xFFFF { try Interrupt.check() }
            let g = Int(index.leftGroup[i])
            guard g >= 0, !lc.isNull(i) else { continue }
            // The last row of the group whose time is at or before this row's.
            var lo = Int(start[g]), hi = Int(start[g + 1])
            while lo < hi {
                let mid = (lo + hi) / 2
                if rt[Int(rows[mid])] <= lt[i] { lo = mid + 1 } else { hi = mid }
            }
            guard lo > Int(start[g]) else { continue }
            // Two right rows with these keys at that time would make the match depend on row
            // order: an error naming them, as window and assess do.
            if lo - 1 > Int(start[g]), rt[Int(rows[lo - 2])] == rt[Int(rows[lo - 1])] {
                let r = Int(rows[lo - 1])
                let keyText = rightKeys.map { "\(right.names[$0])=\(right.columns[$0].value(at: r))" }
                let time = right.columns[asOf!.right].value(at: r)
                throw context.error(.data, "\(self.right) has two rows for \((keyText + ["\(right.names[asOf!.right])=\(time)"]).joined(separator: ", ")): the as-of match would depend on row order",
                                    span, hint: "add the column that tells them apart (series, scenario) to the keys, or keep one row with where")
            }
            rightRow[i] = rows[lo - 1]
        }
        return lookupResult(frame, right, LookupRows(rightRow))
    }

    /// The common lookup join: every right key at most once, so each left row meets at most one
    /// right row. One pass gives each left row its right row; when every left row is kept (a
    /// left join, or an inner join where all match) the left columns are reused as they are
    /// and only the right ones are gathered. Nil when a key repeats on the right, or a `take`
    /// right after wants fewer rows (the general path handles both).
    func uniqueKeyJoin(_ frame: Frame, _ right: Table, _ index: Index, _ context: ExecutionContext) throws -> Frame? {
        let start = index.start, rows = index.rows
        let groups = start.count - 1
        guard context.rowLimit == nil, groups >= 0 else { return nil }
        for g in 0..<groups where start[g + 1] - start[g] > 1 { return nil }
        let n = frame.rowCount
        var rightIdx = [Int32](repeating: -1, count: n)
        var matched = 0
        index.leftGroup.withUnsafeBufferPointer { lg in
            start.withUnsafeBufferPointer { st in
                rows.withUnsafeBufferPointer { rw in
                    rightIdx.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n {
                            let g = Int(lg[i])
                            if g >= 0 && st[g] < st[g + 1] { out[i] = rw[Int(st[g])]; matched += 1 }
                        }
                    }
                }
            }
        }
        try Interrupt.check()
        return lookupResult(frame, right, LookupRows(rightIdx), matched: matched)
    }

    /// The rows of a join where each left row meets at most one right row (`rightRow[i]`, or
    /// −1): when every left row is kept (a left join, or an inner join where all match) the
    /// left columns are reused as they are and the right ones gathered only when read.
    func lookupResult(_ frame: Frame, _ right: Table, _ rightRows: LookupRows, matched: Int? = nil) -> Frame {
        let n = frame.rowCount
        if kind == .left || kind == .asof || (matched ?? rightRows.matchedCount()) == n {
            // The right columns are gathered when a later stage reads them (a group by one
            // of them never gathers it, nor writes out the row numbers).
            return Frame(names: schema.names, columns: frame.columns,
                         lookups: rightKeep.map { Frame.Lookup(source: right.columns[$0], rows: rightRows) }, rowCount: n)
        }
        // An inner join where some rows find nothing: the matched rows are a selection of the
        // left rows, and the right rows read through it (still by key and slot when keyed).
        let matchedRows = Operand.selected(rightRows.matchFlags(), nil, n)
        let leftRows = LookupRows(matchedRows), kept = rightRows.through(matchedRows)
        return Frame(names: schema.names, columns: [],
                     lookups: frame.columns.map { Frame.Lookup(source: $0, rows: leftRows) }
                        + rightKeep.map { Frame.Lookup(source: right.columns[$0], rows: kept) },
                     rowCount: matchedRows.count)
    }

    /// The commonest join: one integer key, unique on the right and in a narrow range there
    /// (codes, ages, years). A direct table from key to right row gives each left row its
    /// right row (`LookupRows`, written out only if a stage needs the numbers). Nil for other
    /// keys (the general paths handle them).
    func directLookup(_ frame: Frame, _ right: Table) -> LookupRows? {
        guard leftKeys.count == 1, frame.rowCount > 0 else { return nil }
        let lc = frame.column(leftKeys[0]), rc = right.columns[rightKeys[0]]
        guard lc.type == .int, rc.type == .int, case .int(let rkeys) = rc.storage else { return nil }
        var lo = Int64.max, hi = Int64.min
        for r in 0..<right.rowCount where !rc.isNull(r) { lo = min(lo, rkeys[r]); hi = max(hi, rkeys[r]) }
        guard lo <= hi else { return nil }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, span < 1 << 22 else { return nil }
        var slot = [Int32](repeating: -1, count: Int(span) + 1)
        for r in 0..<right.rowCount where !rc.isNull(r) {
            let k = Int(rkeys[r] - lo)
            if slot[k] >= 0 { return nil }      // a repeated right key: not a lookup
            slot[k] = Int32(r)
        }
        return LookupRows(keys: lc, slot: slot, low: lo, high: hi)
    }

    /// One key of the same type on both sides (int, date or text): a hash table built on the
    /// right table's keys (the lookup side), probed with the left's — text through the two
    /// dictionaries, once per distinct string, never per row. Nil for other keys.
    func singleKeyIndex(_ frame: Frame, _ right: Table) -> Index? {
        guard leftKeys.count == 1 else { return nil }
        let lc = frame.column(leftKeys[0]), rc = right.columns[rightKeys[0]]
        guard lc.type == rc.type else { return nil }
        let n = frame.rowCount, m = right.rowCount
        var rightGroup = [Int32](repeating: -1, count: m)
        var leftGroup = [Int32](repeating: -1, count: n)
        var groups = 0
        // By type, not storage: fetching a narrow integer column's storage widens it.
        switch (lc.type, rc.type) {
        case (.text, .text):
            guard case .text(let lcodes, let ldict) = lc.storage, case .text(let rcodes, let rdict) = rc.storage else { return nil }
            // Right codes are the groups; each left code finds its right code by its string.
            groups = rdict.count
            for r in 0..<m where !rc.isNull(r) { rightGroup[r] = rcodes[r] }
            var byString = [String: Int32](minimumCapacity: rdict.count)
            for (k, s) in rdict.strings.enumerated() { byString[s] = Int32(k) }
            let map = ldict.strings.map { byString[$0] ?? -1 }
            for i in 0..<n where !lc.isNull(i) { leftGroup[i] = map[Int(lcodes[i])] }
        case (.int, .int), (.date, .date):
            // The key arrays, fetched once (a column of narrow ints widens on each fetch).
            func values(_ c: Column) -> [Int64] {
                switch c.storage {
                case .int(let a): return a
                case .date(let a): return a.map { Int64($0) }
                default: return []
                }
            }
            let rkeys = values(rc)
            var lo = Int64.max, hi = Int64.min
            for r in 0..<m where !rc.isNull(r) { lo = min(lo, rkeys[r]); hi = max(hi, rkeys[r]) }
            guard lo <= hi else { break }     // no right key: nothing matches
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            if !overflow && span < 1 << 22 {
                // Keys in a narrow range (codes, years, ages): a direct table, one load per left row.
                var slot = [Int32](repeating: -1, count: Int(span) + 1)
                for r in 0..<m where !rc.isNull(r) {
                    let k = Int(rkeys[r] - lo)
                    if slot[k] < 0 { slot[k] = Int32(groups); groups += 1 }
                    rightGroup[r] = slot[k]
                }
                let valid = lc.validity
                // A narrow left key (ages, years, codes held in 32 bits) is probed as held.
                func probe<K: BinaryInteger>(_ keys: [K]) {
                    slot.withUnsafeBufferPointer { t in keys.withUnsafeBufferPointer { k in leftGroup.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n where valid?.isValid(i) ?? true {
                            let v = Int64(k[i])
                            out[i] = v < lo || v > hi ? -1 : t[Int(v &- lo)]
                        }
                    } } }
                }
                if case .int32(let narrow) = lc.layout { probe(narrow) } else { probe(values(lc)) }
            } else {
                var table = [Int64: Int32](minimumCapacity: m)
                for r in 0..<m where !rc.isNull(r) {
                    let v = rkeys[r]
                    if let g = table[v] { rightGroup[r] = g } else { table[v] = Int32(groups); rightGroup[r] = Int32(groups); groups += 1 }
                }
                let keys = values(lc)
                for i in 0..<n where !lc.isNull(i) { leftGroup[i] = table[keys[i]] ?? -1 }
            }
        default:
            return nil
        }
        return Self.csr(leftGroup: leftGroup, rightGroup: rightGroup, groups: groups)
    }

    /// Any keys: dense ids over both sides' keys together.
    func generalIndex(_ frame: Frame, _ right: Table) -> Index {
        let n = frame.rowCount, m = right.rowCount
        var both: [Column] = []
        for (l, r) in zip(leftKeys, rightKeys) {
            let lc = frame.column(l), rc = right.columns[r]
            let t = DataType.unify(lc.type, rc.type) ?? lc.type
            both.append(Column.concatenate([lc, rc], type: t))
        }
        let index = GroupIndex(keys: both, rowCount: n + m)
        let hasNullKey: (Int) -> Bool = { row in both.contains { $0.isNull(row) } }
        let leftGroup = (0..<n).map { hasNullKey($0) ? Int32(-1) : index.ids[$0] }
        let rightGroup = (0..<m).map { hasNullKey(n + $0) ? Int32(-1) : index.ids[n + $0] }
        return Self.csr(leftGroup: leftGroup, rightGroup: rightGroup, groups: index.groupCount)
    }

    /// Right rows bucketed by group (CSR layout: start offsets, then row numbers).
    static func csr(leftGroup: [Int32], rightGroup: [Int32], groups: Int) -> Index {
        var start = [Int32](repeating: 0, count: groups + 1)
        for g in rightGroup where g >= 0 { start[Int(g) + 1] += 1 }
        for g in 0..<groups { start[g + 1] += start[g] }
        var fill = start
        var rows = [Int32](repeating: 0, count: Int(start[groups]))
        for (r, g) in rightGroup.enumerated() where g >= 0 {
            rows[Int(fill[Int(g)])] = Int32(r); fill[Int(g)] += 1
        }
        return Index(leftGroup: leftGroup, start: start, rows: rows)
    }
}
