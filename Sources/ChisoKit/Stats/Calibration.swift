/// Calibration of a design's weights to known population totals, as statistics offices weight a
/// survey to the census, and the variance that follows it — as R's `survey` 4.1.1 computes both:
///
/// - `poststratify` (`postStratify`): each cell of the keys gets weights summing to its total;
///   the linearised variable is centred within cells (`svyrecvar`'s post-stratum branch).
/// - `rake` (`rake`): post-stratify on each margin in turn until the weighted cross-table of all
///   margins moves by less than 1 between rounds (R's `epsilon = 1`), at most 10 rounds (an
///   error if not converged); the variance centres within each margin's cells, 10 sweeps.
/// - `linear` (`calibrate(calfun = "linear")`, GREG): g = 1 + X(X'WX)⁻¹(T − X'w), X the
///   indicators of every margin's cells; the variance uses the residuals of the linearised
///   variable on X.
public struct Calibration: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable { case poststratify, rake, linear }

    /// A margin: key columns, and the population total of each combination of their values.
    public struct Margin: Sendable, Equatable {
        public var keys: [String]
        public var totals: [[String]: Double]
        /// Where the totals come from (a table name), for messages.
        public var source: String
    }

    public var method: Method
    public var margins: [Margin]

    public var description: String {
        "\(method.rawValue) " + margins.map { "(\($0.keys.joined(separator: ", "))) to \($0.source)" }.joined(separator: ", ")
    }
}

/// What a calibration leaves for the variance: how to adjust the linearised variable.
enum CalibrationAdjustment {
    /// Post-stratum of each row; the weights before (`old`) and after (`new`).
    case poststratum(cell: [Int32], cells: Int, old: [Double], new: [Double])
    /// Each margin's cells and the weights right after its last post-stratification.
    case raking([(cell: [Int32], cells: Int, weights: [Double])])
    /// GREG: the design matrix X (row-major n × p), √w of the weights before, and g·√w.
    case greg(x: [Double], columns: Int, gram: [Double], whalf: [Double], gw: [Double])

    /// Replaces z (indexed by the design's rows) by its calibrated version, as `svyrecvar`.
    func adjust(_ z: inout [Double]) {
        switch self {
        case .poststratum(let cell, let cells, let old, let new):
            var num = [Double](repeating: 0, count: cells), den = [Double](repeating: 0, count: cells)
            for i in z.indices {
                let psw = new[i] == 0 && old[i] == 0 ? 1 : new[i]
                num[Int(cell[i])] += z[i] * old[i] / psw
                den[Int(cell[i])] += old[i]
            }
            for i in z.indices {
                let psw = new[i] == 0 && old[i] == 0 ? 1 : new[i]
                z[i] -= num[Int(cell[i])] / den[Int(cell[i])] * psw
            }
        case .raking(let margins):
            for _ in 0..<10 {
                for m in margins {
                    var sum = [Double](repeating: 0, count: m.cells), count = [Double](repeating: 0, count: m.cells)
                    for i in z.indices { sum[Int(m.cell[i])] += z[i] / m.weights[i]; count[Int(m.cell[i])] += 1 }
                    for i in z.indices { z[i] -= m.weights[i] * sum[Int(m.cell[i])] / count[Int(m.cell[i])] }
                }
            }
        case .greg(let x, let p, let gram, let whalf, let gw):
            // r = v − M(M'M)⁻¹M'v with v = z/(g√w), M = X√w (M'M = X'WX, the Gram matrix); z ← r·g√w.
            let n = z.count
            var mv = [Double](repeating: 0, count: p)
            var v = [Double](repeating: 0, count: n)
            for i in 0..<n {
                v[i] = gw[i] == 0 ? 0 : z[i] / gw[i]
                for c in 0..<p { mv[c] += x[i * p + c] * whalf[i] * v[i] }
            }
            let beta = Calibrator.solve(gram, mv, p)
            for i in 0..<n {
                var fit = 0.0
                for c in 0..<p { fit += x[i * p + c] * whalf[i] * beta[c] }
                z[i] = (v[i] - fit) * gw[i]
            }
        }
    }
}

/// Computes calibrated weights for a table's rows.
enum Calibrator {
    /// The row's cell in a margin (nil: a key is null), and the cells' labels in order.
    static func cells(_ t: Table, _ keys: [String]) throws -> (cell: [Int32], labels: [[String]]) {
        let cols = try keys.map { k -> Column in
            guard let c = t.column(k) else { throw Diagnostic(.name, "calibration key '\(k)' is not a column of the table") }
            return c
        }
        var index: [[String]: Int32] = [:]
        var labels: [[String]] = []
        var cell = [Int32](repeating: 0, count: t.rowCount)
        for i in 0..<t.rowCount {
            if let c = cols.firstIndex(where: { $0.isNull(i) }) {
                throw Diagnostic(.data, "calibration key '\(keys[c])' is null in row \(i + 1)", hint: "every row needs a value for each key it is calibrated on")
            }
            let label = cols.map { $0.value(at: i).description }
            if let k = index[label] { cell[i] = k } else {
                index[label] = Int32(labels.count); cell[i] = Int32(labels.count); labels.append(label)
            }
        }
        return (cell, labels)
    }

    static func describe(_ keys: [String], _ label: [String]) -> String {
        zip(keys, label).map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    /// A margin's cells, checked against its totals: an error names a cell that is in the
    /// sample but not the totals, or in the totals but not the sample, or whose weights sum to 0.
    static func checkedCells(_ w: [Double], _ t: Table, _ m: Calibration.Margin) throws -> (cell: [Int32], labels: [[String]], sampled: [Double]) {
        let (cell, labels) = try cells(t, m.keys)
        var sampled = [Double](repeating: 0, count: labels.count)
        for i in w.indices { sampled[Int(cell[i])] += w[i] }
        for (k, label) in labels.enumerated() {
            guard m.totals[label] != nil else {
                throw Diagnostic(.data, "the sample has \(describe(m.keys, label)), which '\(m.source)' gives no total for",
                                 hint: "every cell in the sample needs its population total (R: \"Strata in sample absent from population\")")
            }
            guard sampled[k] != 0 else {
                throw Diagnostic(.data, "\(describe(m.keys, label)) has weights summing to 0: it cannot be scaled to its total")
            }
        }
        let seen = Set(labels)
        if let missing = m.totals.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }).first(where: { !seen.contains($0) && m.totals[$0]! != 0 }) {
            throw Diagnostic(.data, "'\(m.source)' has a total for \(describe(m.keys, missing)), which the sample has no row of",
                             hint: "merge that cell with a neighbour in both tables, or drop it from the totals (R: \"Some strata absent from sample\")")
        }
        return (cell, labels, sampled)
    }

    /// Post-stratification on one margin: each cell's weights scaled to its total.
    static func poststratify(_ w: [Double], _ t: Table, _ m: Calibration.Margin) throws -> (weights: [Double], adjustment: CalibrationAdjustment) {
        let (cell, labels, sampled) = try checkedCells(w, t, m)
        let factor = labels.indices.map { m.totals[labels[$0]]! / sampled[$0] }
        let new = w.indices.map { w[$0] * factor[Int(cell[$0])] }
        return (new, .poststratum(cell: cell, cells: labels.count, old: w, new: new))
    }

    /// Raking, as R's `rake` with its defaults (10 rounds, convergence when no cell of the
    /// cross-table of all margins moves by 1 or more).
    static func rake(_ w0: [Double], _ t: Table, _ margins: [Calibration.Margin]) throws -> (weights: [Double], adjustment: CalibrationAdjustment) {
        // Margins of one population have one total; otherwise raking "converges" (R's test on
        // the change between rounds) to weights that meet only the last margin.
        try sameTotal(margins)
        let all = margins.flatMap(\.keys).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let (cross, crossLabels) = try cells(t, all)
        func table(_ w: [Double]) -> [Double] {
            var s = [Double](repeating: 0, count: crossLabels.count)
            for i in w.indices { s[Int(cross[i])] += w[i] }
            return s
        }
        var w = w0
        var old = table(w)
        var last: [(cell: [Int32], cells: Int, weights: [Double])] = []
        for _ in 0..<10 {
            last = []
            for m in margins {
                let (nw, adj) = try poststratify(w, t, m)
                w = nw
                if case .poststratum(let cell, let cells, _, let new) = adj { last.append((cell, cells, new)) }
            }
            let new = table(w)
            let delta = zip(old, new).map { abs($0 - $1) }.max() ?? 0
            if delta < 1 { return (w, .raking(last)) }
            old = new
        }
        throw Diagnostic(.data, "raking did not converge in 10 rounds: the margins' totals may contradict each other",
                         hint: "check that every margin's totals add up to the same population")
    }

    static func sameTotal(_ margins: [Calibration.Margin]) throws {
        let sums = margins.map { $0.totals.values.reduce(0, +) }
        guard let first = sums.first, let k = sums.firstIndex(where: { abs($0 - first) > 1e-9 * max(abs(first), 1) }) else { return }
        throw Diagnostic(.data, "the margins disagree on the population: '\(margins[0].source)' sums to \(NumberFormat.plain(first)), '\(margins[k].source)' to \(NumberFormat.plain(sums[k]))",
                         hint: "every margin's totals must add up to the same population")
    }

    /// GREG (linear calibration): X holds, for the first margin, an indicator of each of its
    /// cells (which spans the intercept), and for the others each cell but their first.
    static func linear(_ w: [Double], _ t: Table, _ margins: [Calibration.Margin]) throws -> (weights: [Double], adjustment: CalibrationAdjustment) {
        try sameTotal(margins)
        var columns: [(cell: [Int32], k: Int32)] = []
        var target: [Double] = []
        for (j, m) in margins.enumerated() {
            let (cell, labels, _) = try checkedCells(w, t, m)
            for k in (j == 0 ? 0 : 1)..<labels.count {
                columns.append((cell, Int32(k)))
                target.append(m.totals[labels[k]]!)
            }
        }
        let n = w.count, p = columns.count
        var x = [Double](repeating: 0, count: n * p)
        for (c, col) in columns.enumerated() { for i in 0..<n where col.cell[i] == col.k { x[i * p + c] = 1 } }
        var gram = [Double](repeating: 0, count: p * p), sample = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for a in 0..<p where x[i * p + a] != 0 {
                sample[a] += w[i] * x[i * p + a]
                for b in 0..<p { gram[a * p + b] += w[i] * x[i * p + a] * x[i * p + b] }
            }
        }
        let lambda = solve(gram, zip(target, sample).map { $0 - $1 }, p)
        var g = [Double](repeating: 1, count: n)
        for i in 0..<n { for c in 0..<p { g[i] += x[i * p + c] * lambda[c] } }
        let whalf = w.map { $0.squareRoot() }
        return (zip(w, g).map { $0 * $1 }, .greg(x: x, columns: p, gram: gram, whalf: whalf, gw: zip(g, whalf).map { $0 * $1 }))
    }

    /// Solves A·x = b (A p × p, row-major) by Gaussian elimination with partial pivoting.
    static func solve(_ a: [Double], _ b: [Double], _ p: Int) -> [Double] {
        var m = a, r = b
        for col in 0..<p {
            var pivot = col
            for row in col..<p where abs(m[row * p + col]) > abs(m[pivot * p + col]) { pivot = row }
            if pivot != col {
                for k in 0..<p { m.swapAt(col * p + k, pivot * p + k) }
                r.swapAt(col, pivot)
            }
            let d = m[col * p + col]
            guard d != 0 else { continue }
            for row in (col + 1)..<p {
                let f = m[row * p + col] / d
                if f == 0 { continue }
                for k in col..<p { m[row * p + k] -= f * m[col * p + k] }
                r[row] -= f * r[col]
            }
        }
        var x = [Double](repeating: 0, count: p)
        for row in stride(from: p - 1, through: 0, by: -1) {
            var s = r[row]
            for k in (row + 1)..<p { s -= m[row * p + k] * x[k] }
            x[row] = m[row * p + row] == 0 ? 0 : s / m[row * p + row]
        }
        return x
    }
}
