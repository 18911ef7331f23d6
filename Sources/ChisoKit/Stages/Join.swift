/// `join [inner|left] T on k1, k2` / `on a = b`: equi-join with a catalog table.
struct JoinStage: Stage {
    static let keyword = "join"
    static let help = Help.Topic(name: "join", kind: "stage", usage: "join [inner|left] table on key, … | on left_key = right_key",
        summary: "Adds the columns of another table where the keys are equal ('on plan = id' when the names differ; the right key is dropped). 'left' keeps unmatched rows with nulls. A clashing column name gets the table's name as suffix. Null keys never match.",
        example: "from targets | join left indicators on indicator = id | select plan, indicator, name_vi")
    static let completionWords = ["left", "inner", "on"]
    static let tableWords = ["join", "left", "inner"]

    enum Kind: String, Sendable { case inner, left }

    var kind: Kind
    var table: Name
    /// Pairs (left column, right column); `on k` is `on k = k`.
    var keys: [(left: Name, right: Name)]

    // join -> 'join' ['inner' | 'left'] NAME 'on' key (',' key)* ; key -> NAME [('=' | '==') NAME]
    static func parse(_ p: inout Parser) throws -> JoinStage {
        var kind = Kind.inner
        if p.acceptWord("left") { kind = .left } else if p.acceptWord("inner") { kind = .inner }
        let table = try p.name("a table to join", hint: "join left indicators on indicator")
        guard p.acceptWord("on") else { throw p.expected("'on'", hint: "join \(table.text) on key_column") }
        var keys: [(left: Name, right: Name)] = []
        repeat {
            let left = try p.name("a key column")
            if p.acceptSymbol("=") || p.acceptSymbol("==") {
                keys.append((left, try p.name("the key column of \(table.text)", hint: "join \(table.text) on plan = id")))
            } else {
                keys.append((left, left))
            }
        } while p.acceptSymbol(",")
        return JoinStage(kind: kind, table: table, keys: keys)
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let rs = try context.tableSchema(table)
        var lk: [Int] = [], rk: [Int] = []
        for (lkName, rkName) in keys {
            guard let li = schema.index(of: lkName.text) else {
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
        var names = schema.names, types = schema.types
        var keep: [Int] = []
        for (i, n) in rs.names.enumerated() where !rk.contains(i) {
            var name = n
            if names.contains(name) { name = "\(n)_\(table.text)" }
            guard !names.contains(name) else {
                throw context.error(.name, "joining '\(table.text)' would make column '\(name)' twice", table.span,
                                    hint: "rename it before joining")
            }
            names.append(name); types.append(rs.types[i]); keep.append(i)
        }
        return JoinOperator(kind: kind, right: table.text, leftKeys: lk, rightKeys: rk, rightKeep: keep, span: node.span,
                            schema: Schema(names: names, types: types), detail: context.text(node.span.after(node.keyword)))
    }
}

struct JoinOperator: LocalOperator {
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
    var name: String { "join" }
    var tablesRead: [String] { [right] }

    /// Hash join on equal keys: each left row meets its matching right rows in right-table
    /// order; a left join keeps unmatched left rows with nulls. Null keys never match.
    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        let right = try context.table(self.right)
        let n = frame.rowCount, m = right.rowCount
        var both: [Column] = []
        for (l, r) in zip(leftKeys, rightKeys) {
            let lc = frame.column(l), rc = right.columns[r]
            let t = DataType.unify(lc.type, rc.type) ?? lc.type
            both.append(Column.concatenate([lc, rc], type: t))
        }
        let index = GroupIndex(keys: both, rowCount: n + m)
        let hasNullKey: (Int) -> Bool = { row in both.contains { $0.isNull(row) } }
        // Right rows bucketed by key id (CSR layout: start offsets, then row numbers).
        var start = [Int32](repeating: 0, count: index.groupCount + 1)
        for r in 0..<m where !hasNullKey(n + r) { start[Int(index.ids[n + r]) + 1] += 1 }
        for g in 0..<index.groupCount { start[g + 1] += start[g] }
        var fill = start
        var rows = [Int32](repeating: 0, count: Int(start[index.groupCount]))
        for r in 0..<m where !hasNullKey(n + r) {
            let g = Int(index.ids[n + r])
            rows[Int(fill[g])] = Int32(r); fill[g] += 1
        }
        // The output's size is known before any row is built: refuse one that cannot fit, and
        // build no more than a `take` right after the join will keep.
        var total = 0
        for i in 0..<n {
            let matches = hasNullKey(i) ? 0 : Int(start[Int(index.ids[i]) + 1] - start[Int(index.ids[i])])
            total += matches == 0 ? (kind == .left ? 1 : 0) : matches
        }
        let limit = min(total, context.rowLimit ?? Int.max)
        let bytes = Double(limit) * Double(8 + 8 * schema.names.count)
        if bytes > Double(context.memoryLimit) {
            throw context.error(.runtime, "join \(self.right) would make \(TableRenderer.formatCount(total)) rows (about \(MemorySize.format(bytes))), more than the memory limit of \(MemorySize.format(Double(context.memoryLimit)))",
                                span, hint: "narrow either side with where first, check the keys (a key repeated on both sides multiplies rows), or set memory_limit")
        }
        var leftIdx: [Int32] = [], rightIdx: [Int32] = []
        leftIdx.reserveCapacity(limit); rightIdx.reserveCapacity(limit)
        for i in 0..<n where leftIdx.count < limit {
            if i & 0xFFFF == 0xFFFF { try Interrupt.check() }
            let g = Int(index.ids[i])
            let lo = hasNullKey(i) ? 0 : Int(start[g]), hi = hasNullKey(i) ? 0 : Int(start[g + 1])
            if lo == hi {
                if kind == .left { leftIdx.append(Int32(i)); rightIdx.append(-1) }
                continue
            }
            for k in lo..<hi where leftIdx.count < limit { leftIdx.append(Int32(i)); rightIdx.append(rows[k]) }
        }
        let leftCols = frame.columns.map { $0.gather(leftIdx) }
        let rightCols = rightKeep.map { right.columns[$0].gather(rightIdx) }
        return Frame(names: schema.names, columns: leftCols + rightCols, rowCount: leftIdx.count)
    }
}
