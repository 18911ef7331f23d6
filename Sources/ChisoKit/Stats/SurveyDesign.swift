/// A survey design declared on a table: which columns hold the strata, the primary sampling
/// units (PSUs), the design weights and, optionally, the finite population correction.
/// Read as R's `svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc)`:
/// no strata means one stratum, no psu means every row is its own PSU, and fpc holds, for the
/// whole column, either sampling fractions (every value ≤ 1) or population counts of PSUs.
public struct SurveyDesign: Sendable, Equatable {
    /// What a stratum with a single PSU contributes to a variance: R's
    /// `options(survey.lonely.psu = …)`, with R's default, `fail`.
    public enum LonelyPSU: String, Sendable, CaseIterable {
        /// An error naming the stratum (R and Stata's default).
        case fail
        /// The PSU's total centred at the population mean of the linearised variable, zero.
        case adjust
        /// The stratum contributes nothing.
        case remove
        /// The PSU was sampled with certainty: it contributes nothing.
        case certainty
        /// The stratum contributes the average of the other strata's contributions.
        case average
    }

    /// The strata: one column, or several whose combinations are the strata (`strata = year *
    /// stratum`, R's `strata = ~interaction(year, stratum)`: independent rounds of one survey);
    /// empty for one stratum.
    public var strata: [String]
    public var psu: String?
    /// Second-stage units within each PSU (R's `id = ~psu + ssu`), with `fpc2` their number in
    /// the PSU's population: the variance then adds each PSU's within-PSU term, scaled by the
    /// first-stage sampling fraction, as R's `multistage`.
    public var ssu: String?
    /// Empty when the weights are implied by the fpcs (R, with `fpc` at every stage).
    public var weight: String
    public var fpc: String?
    public var fpc2: String?
    public var lonely = LonelyPSU.fail
    /// PSU ids are numbered within each stratum (R's `nest = TRUE`): the same id in two strata
    /// is two PSUs. Without it the same id in two strata is an error, as in R.
    public var nest = false
    /// Calibrated weights can be negative; otherwise a negative weight is an error.
    public var allowNegativeWeights = false
    /// Calibrations to population totals, applied in order to the weights.
    public var calibrations: [Calibration] = []

    public init(strata: [String] = [], psu: String? = nil, weight: String, fpc: String? = nil,
                lonely: LonelyPSU = .fail, nest: Bool = false, allowNegativeWeights: Bool = false) {
        self.strata = strata; self.psu = psu; self.weight = weight; self.fpc = fpc
        self.lonely = lonely; self.nest = nest; self.allowNegativeWeights = allowNegativeWeights
    }

    /// The columns of a design value: `year * stratum` is two.
    public static func columns(_ text: String) -> [String] {
        text.split(separator: "*").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public var description: String {
        var parts = [weight.isEmpty ? "weight = (from the fpcs)" : "weight = \(weight)"]
        if let ssu { parts.insert("ssu = \(ssu)", at: 0) }
        parts.insert("psu = \(psu ?? "(each row)")", at: 0)
        parts.insert("strata = \(strata.isEmpty ? "(one stratum)" : strata.joined(separator: " * "))", at: 0)
        if let fpc { parts.append("fpc = \(fpc)") }
        if let fpc2 { parts.append("fpc2 = \(fpc2)") }
        if lonely != .fail { parts.append("lonely = \(lonely.rawValue)") }
        if nest { parts.append("nest = true") }
        if allowNegativeWeights { parts.append("allow_negative_weights = true") }
        return parts.joined(separator: ", ") + calibrations.map { "; calibrated: " + $0.description }.joined()
    }
}

/// The design columns of a table in the form the estimator uses: dense stratum and PSU ids,
/// the weights, and the sampling fraction of each stratum.
struct DesignArrays {
    let weight: [Double]
    /// Stratum of each row (0..<strataCount).
    let stratum: [Int32]
    /// PSU of each row, numbered across strata (0..<psuCount).
    let psu: [Int32]
    let psuStratum: [Int32]
    let strataCount: Int
    let psuCount: Int
    /// PSUs per stratum in the sample.
    let psusInStratum: [Int]
    /// Sampling fraction per stratum (0 without fpc).
    let fraction: [Double]

    /// What single-PSU strata contribute to a variance.
    let lonely: SurveyDesign.LonelyPSU
    /// The second stage, when the design has one with its fpc.
    let stage2: Stage2?
    /// How each calibration adjusts the linearised variable, in order.
    let adjustments: [CalibrationAdjustment]

    struct Stage2 {
        /// SSU of each row, numbered across PSUs (0..<count).
        let ssu: [Int32]
        let ssuPSU: [Int32]
        let count: Int
        /// SSUs per PSU in the sample, and the fraction of the PSU's SSUs sampled.
        let ssusInPSU: [Int]
        let fraction: [Double]
    }

    /// The design's arrays, after the checks R makes (and those where R would give a number
    /// from a design that cannot be right): each failure names the column, the row or stratum,
    /// and what to do. Rows are counted from 1, as `from t | take N` shows them.
    init(_ t: Table, _ d: SurveyDesign) throws {
        let n = t.rowCount
        lonely = d.lonely
        func column(_ name: String) throws -> Column {
            guard let c = t.column(name) else { throw Diagnostic(.name, "the design names column '\(name)', which the table does not have") }
            return c
        }
        func requireNoNulls(_ c: Column, _ role: String, _ name: String) throws {
            guard c.nullCount > 0, let first = (0..<n).first(where: c.isNull) else { return }
            throw Diagnostic(.data, "the design's \(role) '\(name)' is null in row \(first + 1)\(c.nullCount > 1 ? " and \(c.nullCount - 1) other row\(c.nullCount == 2 ? "" : "s")" : "")",
                             hint: "every row needs its \(role): fill it in, or keep the rows that have one (let t2 = from t | where \(name) is not null) and declare the design on those (design t2 (…))")
        }
        var wd: [Double] = []
        if !d.weight.isEmpty {
            let w = try column(d.weight)
            guard let v = w.doubles(), w.type.isNumeric else { throw Diagnostic(.type, "design weight '\(d.weight)' must be numeric") }
            try requireNoNulls(w, "weight", d.weight)
            if !d.allowNegativeWeights, let bad = v.firstIndex(where: { $0 < 0 }) {
                throw Diagnostic(.data, "design weight '\(d.weight)' is negative in row \(bad + 1) (\(NumberFormat.plain(v[bad])))",
                                 hint: "sampling weights are positive; weights from calibration may not be: add allow_negative_weights = true to the design")
            }
            wd = v
        }
        var strataNames: [String] = ["(one stratum)"]
        var psuNames: [String] = []
        if !d.strata.isEmpty {
            let cs = try d.strata.map { s in
                let c = try column(s)
                try requireNoNulls(c, "strata", s)
                return c
            }
            // Strata in order of first appearance; crossed columns are combined first.
            let idx = GroupIndex(keys: cs, rowCount: n)
            stratum = idx.ids
            strataCount = idx.groupCount
            strataNames = (0..<strataCount).map { g in cs.map { $0.value(at: Int(idx.firstRows[g])).description }.joined(separator: " × ") }
        } else {
            stratum = [Int32](repeating: 0, count: n)
            strataCount = 1
        }
        if let p = d.psu {
            let c = try column(p)
            try requireNoNulls(c, "psu", p)
            // R's svydesign(nest = FALSE): a PSU id in two strata is a mistake unless ids are
            // numbered within strata, which nest = true says.
            if !d.nest && !d.strata.isEmpty {
                let ids = GroupIndex(keys: [c], rowCount: n)
                var seen = [Int32](repeating: -1, count: ids.groupCount), firstRow = [Int](repeating: 0, count: ids.groupCount)
                for i in 0..<n {
                    let g = Int(ids.ids[i])
                    if seen[g] < 0 { seen[g] = stratum[i]; firstRow[g] = i } else if seen[g] != stratum[i] {
                        throw Diagnostic(.data, "PSU '\(c.value(at: i))' of '\(p)' is in two strata: '\(strataNames[Int(seen[g])])' (row \(firstRow[g] + 1)) and '\(strataNames[Int(stratum[i])])' (row \(i + 1))",
                                         hint: "if PSU ids are numbered within each stratum, add nest = true to the design (R: svydesign(nest = TRUE)); otherwise the ids are wrong")
                    }
                }
            }
            // PSU ids are nested in strata: the same code in two strata is two PSUs.
            let index = GroupIndex(keys: [Column(.int(stratum.map { Int64($0) })), c], rowCount: n)
            psu = index.ids
            psuCount = index.groupCount
            psuNames = index.firstRows.map { c.value(at: Int($0)).description }
        } else {
            psu = (0..<Int32(n)).map { $0 }
            psuCount = n
            psuNames = (1...max(1, n)).map { "row \($0)" }
        }
        var ps = [Int32](repeating: 0, count: psuCount)
        for i in 0..<n { ps[Int(psu[i])] = stratum[i] }
        psuStratum = ps
        var counts = [Int](repeating: 0, count: strataCount)
        for h in ps { counts[Int(h)] += 1 }
        psusInStratum = counts
        var f = [Double](repeating: 0, count: strataCount)
        // R reads the fpcs of all stages together: counts if any value exceeds 1.
        let fpc1Column = try d.fpc.map(column), fpc2Column = try d.fpc2.map(column)
        func holdsCounts(_ c: Column?) -> Bool { c?.doubles()?.contains { $0 > 1 } ?? false }
        if let fpc = d.fpc, let c1 = fpc1Column {
            let strataOfRows = stratum
            f = try Self.fractions(c1, name: fpc, stratum: strataOfRows, counts: counts, strataNames: strataNames,
                                   countsElsewhere: holdsCounts(fpc2Column))
        }
        fraction = f
        // The second stage: SSUs nested in PSUs, and the fraction of each PSU's SSUs sampled.
        if let ssuName = d.ssu {
            guard d.psu != nil else { throw Diagnostic(.name, "a second stage (ssu) needs the first-stage units: psu = column") }
            let c = try column(ssuName)
            try requireNoNulls(c, "ssu", ssuName)
            let index = GroupIndex(keys: [Column(.int(psu.map { Int64($0) })), c], rowCount: n)
            var ssuPSU = [Int32](repeating: 0, count: index.groupCount)
            for i in 0..<n { ssuPSU[Int(index.ids[i])] = psu[i] }
            var inPSU = [Int](repeating: 0, count: psuCount)
            for j in ssuPSU { inPSU[Int(j)] += 1 }
            var f2 = [Double](repeating: 0, count: psuCount)
            if let fpc2 = d.fpc2, d.fpc == nil {
                throw Diagnostic(.name, "fpc2 '\(fpc2)' needs the first stage's fpc: sampled with replacement at the first stage, the second adds nothing to the variance",
                                 hint: "add fpc = column (the PSUs in each stratum's population), or leave fpc2 out")
            }
            if let fpc2 = d.fpc2, let c2 = fpc2Column {
                let psuOfRows = psu
                f2 = try Self.fractions(c2, name: fpc2, stratum: psuOfRows, counts: inPSU, strataNames: psuNames,
                                        countsElsewhere: holdsCounts(fpc1Column), unit: "PSU")
            }
            stage2 = Stage2(ssu: index.ids, ssuPSU: ssuPSU, count: index.groupCount, ssusInPSU: inPSU, fraction: f2)
            if d.fpc2 != nil, d.lonely == .fail, let j = inPSU.indices.first(where: { inPSU[$0] == 1 && f2[$0] < 1 }) {
                throw Diagnostic(.data, "PSU '\(psuNames[j])' has only one second-stage unit, out of \(NumberFormat.plain(1 / f2[j])): its within-PSU variance cannot be estimated",
                                 hint: "R stops here too. Say what it contributes: add lonely = adjust, remove, certainty or average to the design")
            }
        } else {
            if let f2 = d.fpc2 { throw Diagnostic(.name, "fpc2 '\(f2)' is the second stage's fpc, and the design has no second stage", hint: "add ssu = column (the units sampled within each PSU)") }
            stage2 = nil
        }
        // Weights implied by the fpcs: 1 / (f₁·f₂), as R when no weights are given.
        if d.weight.isEmpty {
            guard d.fpc != nil, d.ssu == nil || d.fpc2 != nil else {
                throw Diagnostic(.name, "a design needs weight = column, or an fpc at every stage to imply the weights")
            }
            let strataOfRows = stratum, psuOfRows = psu, f2 = stage2?.fraction
            wd = (0..<n).map { i in 1 / (f[Int(strataOfRows[i])] * (f2?[Int(psuOfRows[i])] ?? 1)) }
        }
        var adjustments: [CalibrationAdjustment] = []
        for c in d.calibrations {
            let (w, adjustment): ([Double], CalibrationAdjustment)
            switch c.method {
            case .poststratify: (w, adjustment) = try Calibrator.poststratify(wd, t, c.margins[0])
            case .rake: (w, adjustment) = try Calibrator.rake(wd, t, c.margins)
            case .linear: (w, adjustment) = try Calibrator.linear(wd, t, c.margins)
            }
            if !d.allowNegativeWeights, let bad = w.firstIndex(where: { $0 < 0 }) {
                throw Diagnostic(.data, "calibration (\(c.method.rawValue)) makes the weight of row \(bad + 1) negative (\(NumberFormat.shortest(w[bad])))",
                                 hint: "linear calibration can; if that is acceptable add allow_negative_weights = true to the design, or rake instead")
            }
            wd = w
            adjustments.append(adjustment)
        }
        self.adjustments = adjustments
        weight = wd
        // A stratum sampled whole (f = 1) contributes nothing, however many PSUs it has (R
        // returns before its lonely-PSU check); any other single-PSU stratum needs a rule.
        if d.lonely == .fail, let h = counts.indices.first(where: { counts[$0] == 1 && f[$0] < 1 }) {
            let row = (0..<n).first { Int(stratum[$0]) == h } ?? 0
            throw Diagnostic(.data, "stratum '\(strataNames[h])' has only one PSU (row \(row + 1)): its variance cannot be estimated",
                             hint: "R stops here too. Say what the stratum contributes: add lonely = adjust (centred at the population mean), remove, certainty or average to the design (R's survey.lonely.psu)")
        }
    }

    /// The sampling fraction of each stratum from an fpc column, by R's rule (`as.fpc`): every
    /// value ≤ 1 is a fraction (1: a census of the stratum), otherwise every value is the
    /// stratum's population count of PSUs. A mix, a 0, a column of only 1s (a census of every
    /// stratum, or one PSU in each, cannot be told apart), a value that varies within a
    /// stratum, or a count below the PSUs sampled are errors.
    static func fractions(_ c: Column, name: String, stratum: [Int32], counts: [Int], strataNames: [String],
                          countsElsewhere: Bool = false, unit: String = "stratum") throws -> [Double] {
        guard c.type.isNumeric, let v = c.doubles() else { throw Diagnostic(.type, "fpc '\(name)' must be numeric") }
        let n = v.count
        if c.nullCount > 0, let first = (0..<n).first(where: c.isNull) {
            throw Diagnostic(.data, "the design's fpc '\(name)' is null in row \(first + 1)", hint: "every stratum needs its fraction or population count")
        }
        if let bad = v.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw Diagnostic(.data, "fpc '\(name)' is \(NumberFormat.plain(v[bad])) in row \(bad + 1)",
                             hint: "an fpc is the fraction of the stratum's PSUs sampled (0 < f ≤ 1) or their number in the population; leave fpc out for sampling with replacement")
        }
        let counts_ = v.contains { $0 > 1 } || countsElsewhere
        if counts_, let small = v.firstIndex(where: { $0 < 1 }), let big = v.firstIndex(where: { $0 > 1 }) {
            throw Diagnostic(.data, "fpc '\(name)' mixes sampling fractions and population counts: row \(small + 1) has \(NumberFormat.plain(v[small])), row \(big + 1) has \(NumberFormat.plain(v[big]))",
                             hint: "give every stratum a fraction (0 < f ≤ 1) or every stratum its number of PSUs (R: \"Must have all fpc>=1 or all fpc<=1\")")
        }
        if !counts_, v.allSatisfy({ $0 == 1 }) {   // R: xor(any(fpc > 1), all(fpc >= 1)) stops
            throw Diagnostic(.data, "fpc '\(name)' is 1 in every row: a census of every stratum and a population of one PSU per stratum cannot be told apart",
                             hint: "write each stratum's number of PSUs in the population, or the fraction sampled")
        }
        var value = [Double](repeating: .nan, count: counts.count), firstRow = [Int](repeating: 0, count: counts.count)
        for i in 0..<n {
            let h = Int(stratum[i])
            if value[h].isNaN { value[h] = v[i]; firstRow[h] = i } else if value[h] != v[i] {
                throw Diagnostic(.data, "fpc '\(name)' varies within \(unit) '\(strataNames[h])': \(NumberFormat.plain(value[h])) in row \(firstRow[h] + 1), \(NumberFormat.plain(v[i])) in row \(i + 1)",
                                 hint: "the fpc belongs to the stratum: one value for all its rows")
            }
        }
        return try value.enumerated().map { h, f in
            guard counts_ else { return f }
            guard f >= Double(counts[h]) else {
                throw Diagnostic(.data, "fpc '\(name)' says \(unit) '\(strataNames[h])' has \(NumberFormat.plain(f)) PSUs in the population (row \(firstRow[h] + 1)), but the sample has \(counts[h])",
                                 hint: "the fpc is the number of PSUs in the stratum's population, at least the number sampled (R: \"FPC implies >100% sampling in some strata\")")
            }
            return Double(counts[h]) / f
        }
    }
}
