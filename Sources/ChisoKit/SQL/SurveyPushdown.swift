/// `estimate` on a database table, without reading its persons: the server sums the sample in
/// cells — one per (stratum, PSU, fpc, domain, text level, which values are missing) — and chiso
/// finishes the linearisation variance from those few rows. What crosses the wire grows with the
/// number of PSUs, not of persons.
///
/// Why the cells give the same numbers: Taylor linearisation needs, per domain and PSU, the
/// totals of each row's score w·(y − ȳ)/Σw (a mean; w·(y − R·x) for a ratio, w·y for a total).
/// These are linear in the rows, so a cell of rows with weight W = Σw and value Σwy/W has the
/// score total of its rows. The design's structure (strata, PSUs, fpcs, lonely PSUs, degrees of
/// freedom) comes from every PSU of the table, in-domain or not. The design effect also needs
/// the spread inside each cell, Σwy² − (Σwy)²/W, which the server sums too.
///
/// What it does not cover falls back to reading the rows the design needs (so the answer is the
/// same, only slower): quantiles and `var` (not linear in the rows), svyciprop's likelihood
/// interval (a model fitted to the rows), two-stage and calibrated designs, designs without PSUs
/// (each row its own PSU) or with implied weights, stages other than `where`/`derive` before the
/// estimate, and data the local checks must see row by row (a missing weight or design value, a
/// share of a column that is not 0/1).
enum SurveyPushdown {
    /// The two statements: the cells of the domain rows, and one row per PSU of the whole table.
    struct Queries {
        var cells: String
        var parameters: [Value]
        var cellNames: [String], cellTypes: [DataType]
        /// nil when the cells cover every row (no `where`): the PSUs are read from them.
        var skeleton: String?
        var designColumns: [String], designTypes: [DataType]
        var keyNames: [String]
        var numeric: [Int]
        var input: Schema
    }

    /// The statements for an estimate right after the pushed part of a plan, or nil when it
    /// cannot be pushed (see above). Reads nothing.
    static func queries(_ op: EstimateOperator, _ plan: LogicalPlan, _ compiled: SQLCompilation, source: RemoteTable) -> Queries? {
        let d = op.design
        guard let psu = d.psu, !d.weight.isEmpty, d.ssu == nil, d.calibrations.isEmpty, op.options.interval != .likelihood,
              compiled.uploads.isEmpty,
              op.statistics.allSatisfy({ [.mean, .share, .total, .ratio].contains($0.statistic) }) else { return nil }
        let before = plan.operators.prefix(compiled.pushed)
        let derived = Set(before.compactMap { $0 as? DeriveOperator }.flatMap { $0.items.map(\.name) })
        guard before.allSatisfy({ $0 is FilterOperator || $0 is DeriveOperator }) else { return nil }
        let input = compiled.schema
        let designColumns = d.strata + [psu] + [d.fpc].compactMap { $0 }
        guard (designColumns + [d.weight]).allSatisfy({ input.index(of: $0) != nil && !derived.contains($0) }) else { return nil }

        // The cells' keys: design columns, domain keys, text levels, which values are missing.
        let id = SQLText.identifier
        let w = "(\(id(d.weight)))::float8"
        var keyNames = designColumns
        for k in op.by where !keyNames.contains(input.names[k]) { keyNames.append(input.names[k]) }
        let levels = op.statistics.filter(\.levels).map(\.column)
        for c in levels where !keyNames.contains(input.names[c]) { keyNames.append(input.names[c]) }
        var numeric: [Int] = []
        for s in op.statistics where !s.levels {
            for c in [s.column] + (s.denominator.map { [$0] } ?? []) where !numeric.contains(c) { numeric.append(c) }
        }
        let shares = Set(op.statistics.filter { $0.statistic == .share && !$0.levels }.map(\.column))
        var items = keyNames.map(id) + numeric.map { "(\(id(input.names[$0])) IS NULL)" }
        var names = keyNames + numeric.map { "missing \($0)" }
        var types = keyNames.map { input.types[input.index(of: $0)!] } + numeric.map { _ in DataType.bool }
        let groupCount = items.count
        items += ["count(*) FILTER (WHERE \(w) <> 0)", "count(*)", "count(\(id(d.weight)))", "sum(\(w))", "min(\(w))"]
        names += ["f", "rows", "weights", "sw", "wmin"]
        types += [.int, .int, .int, .float, .float]
        for c in numeric {
            let y = "(\(id(input.names[c])))::float8"
            items += ["sum(\(w) * \(y))", "sum(\(w) * \(y) * \(y))", shares.contains(c) ? "bool_and(\(y) IN (0, 1))" : "true"]
            names += ["swy \(c)", "swyy \(c)", "binary \(c)"]
            types += [.float, .float, .bool]
        }
        let cellsSQL = "SELECT " + items.joined(separator: ", ") + " FROM (" + compiled.relation.sql + ") AS cells GROUP BY "
            + (1...groupCount).map(String.init).joined(separator: ", ")
        // The design's structure needs every PSU: when no `where` narrows the rows, the cells
        // hold them all and the second scan is not needed.
        let base = SQLRelation.scan(source, schema: plan.source.schema)
        let whole = !before.contains { $0 is FilterOperator }
        let skeletonSQL = whole ? nil : "SELECT " + designColumns.map(id).joined(separator: ", ")
            + ", min(\(w)), count(\(id(d.weight))), count(*) FROM (" + base.sql + ") AS sample GROUP BY "
            + (1...designColumns.count).map(String.init).joined(separator: ", ")
        let designTypes = designColumns.map { input.types[input.index(of: $0)!] }
        return Queries(cells: cellsSQL, parameters: compiled.parameters, cellNames: names, cellTypes: types, skeleton: skeletonSQL,
                       designColumns: designColumns, designTypes: designTypes, keyNames: keyNames, numeric: numeric, input: input)
    }

    /// Runs the statements (one snapshot for both) and finishes the estimate locally; nil when
    /// the rows must be read after all.
    static func estimate(_ op: EstimateOperator, _ q: Queries, connection: any DatabaseConnection, context: ExecutionContext) throws -> Table? {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [])
        let cells: Table, skeleton: Table
        do {
            // The planner multiplies the keys' distinct counts and expects millions of cells where
            // there are thousands: left to itself it sorts the whole table to disk and compiles
            // the plan with JIT (8.2 s on 10M rows). A hash table in memory is what fits (6.0 s).
            try connection.execute("SET LOCAL jit = off", [])
            try connection.execute("SET LOCAL work_mem = '64MB'", [])
            cells = try connection.query(q.cells, q.parameters, names: q.cellNames, types: q.cellTypes)
            if let sql = q.skeleton {
                skeleton = try connection.query(sql, [], names: q.designColumns + ["w", "weights", "rows"], types: q.designTypes + [.float, .int, .int])
            } else {
                skeleton = psus(of: cells, q.designColumns)
            }
            try connection.execute("COMMIT", [])
        } catch {
            try? connection.execute("ROLLBACK", [])
            throw error
        }
        return try finish(op, input: q.input, designColumns: q.designColumns, keyNames: q.keyNames, numeric: q.numeric,
                          cells: cells, skeleton: skeleton, context)
    }

    /// Whether a `where` or `derive` before the estimate reads or makes text (then the scan must
    /// give NFC text, as the comparison would locally). The cells themselves may group by the raw
    /// text: read back as NFC, two cells of one name are two rows of the same domain and PSU.
    static func touchesText(_ plan: LogicalPlan, before end: Int) -> Bool {
        var schema = plan.source.schema
        for op in plan.operators.prefix(end) {
            let exprs: [Bound]
            switch op {
            case let f as FilterOperator: exprs = [f.predicate]
            case let d as DeriveOperator: exprs = d.items.map(\.expr)
            default: return true
            }
            if exprs.contains(where: { e in e.type == .text || e.columnsUsed.contains { schema.types.indices.contains($0) && schema.types[$0] == .text } }) {
                return true
            }
            schema = op.schema
        }
        return false
    }

    /// One row per PSU (design columns, least weight, counts) from cells that cover every row.
    static func psus(of cells: Table, _ designColumns: [String]) -> Table {
        let keys = designColumns.map { cells.column($0)! }
        let index = GroupIndex(keys: keys, rowCount: cells.rowCount)
        let g = index.groupCount
        var w = [Double](repeating: .infinity, count: g), weights = [Int64](repeating: 0, count: g), rows = [Int64](repeating: 0, count: g)
        let wmin = cells.column("wmin")!, wc = cells.column("weights")!, rc = cells.column("rows")!
        for i in 0..<cells.rowCount {
            let k = Int(index.ids[i])
            if case .float(let v) = wmin.value(at: i) { w[k] = min(w[k], v) }
            if case .int(let v) = wc.value(at: i) { weights[k] += v }
            if case .int(let v) = rc.value(at: i) { rows[k] += v }
        }
        return Table(names: designColumns + ["w", "weights", "rows"],
                     columns: keys.map { $0.gather(index.firstRows) } + [Column(.float(w)), Column(.int(weights)), Column(.int(rows))])
    }

    /// The cells as a sample and a domain frame, then the local estimator; nil (read the rows
    /// instead) when a row-level check would fail, so its error names the real row.
    static func finish(_ op: EstimateOperator, input: Schema, designColumns: [String], keyNames: [String], numeric: [Int],
                       cells: Table, skeleton: Table, _ context: ExecutionContext) throws -> Table? {
        let d = op.design
        let n = cells.rowCount, m = skeleton.rowCount
        func ints(_ t: Table, _ name: String) -> [Int] {
            let c = t.column(name)!
            return (0..<t.rowCount).map { if case .int(let v) = c.value(at: $0) { return Int(v) }; return 0 }
        }
        func doubles(_ t: Table, _ name: String) -> [Double?] {
            let c = t.column(name)!
            return (0..<t.rowCount).map { c.isNull($0) ? nil : c.value(at: $0).double }
        }
        // A missing weight, or a share of something other than 0/1: the rows must be seen.
        if ints(cells, "rows") != ints(cells, "weights") || ints(skeleton, "rows") != ints(skeleton, "weights") { return nil }
        for c in numeric where (0..<n).contains(where: { cells.column("binary \(c)")!.value(at: $0) == .bool(false) }) { return nil }

        // The sample: the cells (in-domain), then one row per PSU of the whole table.
        let sw = doubles(cells, "sw")
        var sampleColumns = designColumns.map { name in Column.concatenate([cells.column(name)!, skeleton.column(name)!], type: cells.column(name)!.type) }
        let weights = sw.map { $0 ?? 0 } + doubles(skeleton, "w").map { $0 ?? .nan }
        var weightValidity = Validity(count: n + m, allValid: true)
        for (i, v) in doubles(skeleton, "w").enumerated() where v == nil { weightValidity.set(n + i, false) }
        sampleColumns.append(Column(.float(weights), validity: weightValidity))
        let sample = Table(names: designColumns + [d.weight], columns: sampleColumns)
        do { _ = try DesignArrays(sample, d) } catch { return nil }

        // The domain frame: the estimate's input columns, one row per cell.
        var frameColumns: [Column] = []
        var within: [Int: [Double]] = [:]
        for (i, name) in input.names.enumerated() {
            if keyNames.contains(name) { frameColumns.append(cells.column(name)!); continue }
            guard numeric.contains(i) else { frameColumns.append(Column.concatenate([Column(.null(count: n))], type: input.types[i])); continue }
            let missing = cells.column("missing \(i)")!, swy = doubles(cells, "swy \(i)"), swyy = doubles(cells, "swyy \(i)")
            var y = [Double](repeating: 0, count: n), valid = Validity(count: n, allValid: true)
            var spread = [Double](repeating: 0, count: n + m)
            for k in 0..<n {
                if missing.value(at: k) == .bool(true) { valid.set(k, false); continue }
                let W = sw[k] ?? 0, s1 = swy[k] ?? 0
                y[k] = W != 0 ? s1 / W : 0
                spread[k] = W != 0 ? (swyy[k] ?? 0) - s1 * s1 / W : 0
            }
            within[i] = spread
            frameColumns.append(Column(.float(y), validity: valid))
        }
        let frame = Frame(names: input.names, columns: frameColumns, rowCount: n)
        let frequency = ints(cells, "f") + [Int](repeating: 0, count: m)
        let sampleRows = ints(skeleton, "rows").reduce(0, +)
        do {
            return try SurveyTable.build(frame, sample: sample, design: d, stats: op.statistics, by: op.by, options: op.options,
                                         collapsed: .init(frequency: frequency, within: within, sampleRows: sampleRows),
                                         explain: context.explain, note: { context.show(.notice("note: " + $0)) })
        } catch var e as Diagnostic {
            e.span = op.span
            throw e.inSource(context.source)
        }
    }
}
