/// A survey design declared on a table: which columns hold the strata, the primary sampling
/// units (PSUs), the design weights and, optionally, the finite population correction.
/// Read as R's `svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc)`:
/// no strata means one stratum, no psu means every row is its own PSU, and fpc is a
/// population count of PSUs per stratum, or a sampling fraction when it is below 1.
public struct SurveyDesign: Sendable, Equatable {
    public var strata: String?
    public var psu: String?
    public var weight: String
    public var fpc: String?

    public init(strata: String? = nil, psu: String? = nil, weight: String, fpc: String? = nil) {
        self.strata = strata; self.psu = psu; self.weight = weight; self.fpc = fpc
    }

    public var description: String {
        var parts = ["weight = \(weight)"]
        parts.insert("psu = \(psu ?? "(each row)")", at: 0)
        parts.insert("strata = \(strata ?? "(one stratum)")", at: 0)
        if let fpc { parts.append("fpc = \(fpc)") }
        return parts.joined(separator: ", ")
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

    init(_ t: Table, _ d: SurveyDesign) throws {
        let n = t.rowCount
        func column(_ name: String) throws -> Column {
            guard let c = t.column(name) else { throw Diagnostic(.name, "the design names column '\(name)', which the table does not have") }
            return c
        }
        let w = try column(d.weight)
        guard let wd = w.doubles(), w.type.isNumeric else { throw Diagnostic(.type, "design weight '\(d.weight)' must be numeric") }
        if w.nullCount > 0 { throw Diagnostic(.data, "design weight '\(d.weight)' has \(w.nullCount) missing values") }
        weight = wd
        if let s = d.strata {
            let c = try column(s)
            let (codes, _) = GroupIndex.denseCodes(c, n)
            let idx = GroupIndex.firstAppearance(codes.map { Int64($0) }, cardinality: Int64(codes.max().map { Int($0) + 1 } ?? 1))
            stratum = idx.0
            strataCount = idx.1
        } else {
            stratum = [Int32](repeating: 0, count: n)
            strataCount = 1
        }
        if let p = d.psu {
            let c = try column(p)
            // PSU ids are nested in strata: the same code in two strata is two PSUs.
            let index = GroupIndex(keys: [Column(.int(stratum.map { Int64($0) })), c], rowCount: n)
            psu = index.ids
            psuCount = index.groupCount
        } else {
            psu = (0..<Int32(n)).map { $0 }
            psuCount = n
        }
        var ps = [Int32](repeating: 0, count: psuCount)
        for i in 0..<n { ps[Int(psu[i])] = stratum[i] }
        psuStratum = ps
        var counts = [Int](repeating: 0, count: strataCount)
        for h in ps { counts[Int(h)] += 1 }
        psusInStratum = counts
        var f = [Double](repeating: 0, count: strataCount)
        if let fp = d.fpc {
            let c = try column(fp)
            guard let v = c.doubles() else { throw Diagnostic(.type, "fpc '\(fp)' must be numeric") }
            for i in 0..<n {
                let h = Int(stratum[i])
                // R's rule: below 1 it is the sampling fraction, otherwise the population count.
                f[h] = v[i] < 1 ? v[i] : Double(counts[h]) / v[i]
            }
        }
        fraction = f
    }
}
