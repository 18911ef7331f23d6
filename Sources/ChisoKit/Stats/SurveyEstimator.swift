import Foundation

/// Design-based estimates by Taylor linearisation for stratified cluster samples, with
/// replacement at the first stage (fpc when declared), as R's `survey` package computes them
/// (`svymean`, `svytotal`, `svyby`, `svyciprop(method = "logit")`).
///
/// A domain (the rows a `where` kept, within one `by` group) is estimated on the whole design:
/// the linearised variable is zero outside the domain, and every PSU of every stratum enters
/// the variance, as R's `subset()` does. A stratum with a single PSU contributes that PSU's
/// total, centred at zero — the population mean of the linearised variable (R's
/// `options(survey.lonely.psu = "adjust")`, as its `onestrat` computes it).
enum SurveyEstimator {
    enum Statistic: Sendable, Equatable {
        case mean, share, total
        /// The p-quantile by a rule (`median` is p = 0.5).
        case quantile(Double, QuantileRule)
        /// Σwy / Σwx (R's `svyratio`); the denominator column is given beside it.
        case ratio
        /// The population variance of y (R's `svyvar`).
        case variance

        static func named(_ name: String) -> Statistic? {
            switch name {
            case "mean": return .mean
            case "share": return .share
            case "total": return .total
            case "median": return .quantile(0.5, .math)
            case "ratio": return .ratio
            case "var": return .variance
            default: return nil
            }
        }
    }

    struct Estimate {
        var estimate: Double
        var se: Double
        var n: Int
        var deff: Double?
        /// Degrees of freedom of the domain's design: PSUs minus strata, among rows in it.
        var df: Int
        /// An interval computed with the estimate (quantiles); nil means estimate ± z·se.
        var interval: (Double, Double)? = nil
    }

    /// Estimates for several domains at once. `y` and `domain` are indexed by the design's rows
    /// (the whole table); `domain[i]` is the domain of row i, or −1 when the row is in none
    /// (filtered out, or y missing). One pass accumulates each domain's weighted sums, a second
    /// its PSU totals of the linearised variable, so the cost is O(rows + domains × PSUs).
    /// For `.ratio`, `x` holds the denominator (its rows must be in the domain as y's are); the
    /// linearised variable is then zᵢ = wᵢ(yᵢ − R̂xᵢ)/Σwx (R's svyratio).
    /// Rows that stand for cells of rows (a database summed them, see `SurveyPushdown`): each
    /// row's number of sampled rows with a non-zero weight, and the cell's Σw(y − ȳ_cell)², the
    /// spread inside it that its mean hides (for the design effect).
    struct Cells {
        var frequency: [Int]
        var within: [Double]
    }

    static func estimate(_ stat: Statistic, y: [Double], x: [Double]? = nil, domain: [Int32], domains g: Int, design d: DesignArrays,
                         deffReplace: Bool = false, cells: Cells? = nil, explainFirst: (([String]) -> Void)? = nil) -> [Estimate?] {
        let n = y.count, p = d.psuCount
        var swx = [Double](repeating: 0, count: g)
        if let x {
            for i in 0..<n where domain[i] >= 0 { swx[Int(domain[i])] += d.weight[i] * x[i] }
        }
        var sw = [Double](repeating: 0, count: g), swy = [Double](repeating: 0, count: g)
        var count = [Int](repeating: 0, count: g)
        var psuSeen = [Bool](repeating: false, count: g * p)
        var strataSeen = [Bool](repeating: false, count: g * d.strataCount)
        y.withUnsafeBufferPointer { y in d.weight.withUnsafeBufferPointer { w in domain.withUnsafeBufferPointer { dom in
            for i in 0..<n {
                let k = Int(dom[i])
                if k < 0 { continue }
                sw[k] += w[i]; swy[k] += w[i] * y[i]
                let f = cells.map { $0.frequency[i] } ?? (w[i] != 0 ? 1 : 0)
                if f > 0 {
                    count[k] += f
                    psuSeen[k * p + Int(d.psu[i])] = true
                    strataSeen[k * d.strataCount + Int(d.stratum[i])] = true
                }
            }
        } } }
        let mean = (0..<g).map { k -> Double in
            if stat == .ratio { return swx[k] != 0 ? swy[k] / swx[k] : .nan }
            return sw[k] != 0 ? swy[k] / sw[k] : 0
        }
        // PSU totals of the linearised variable, per domain; and Σw(y − ȳ)² for the design effect.
        var totals = [Double](repeating: 0, count: g * p)
        var sxx = [Double](repeating: 0, count: g)
        let calibrated = !d.adjustments.isEmpty
        y.withUnsafeBufferPointer { y in d.weight.withUnsafeBufferPointer { w in domain.withUnsafeBufferPointer { dom in
            totals.withUnsafeMutableBufferPointer { t in
                for i in 0..<n {
                    let k = Int(dom[i])
                    if k < 0 { continue }
                    let dev = y[i] - mean[k]
                    sxx[k] += w[i] * dev * dev + (cells?.within[i] ?? 0)
                    // A calibrated design takes its PSU totals after adjusting the scores (below).
                    if calibrated { continue }
                    t[k * p + Int(d.psu[i])] += Self.score(stat, w: w[i], y: y[i], x: x?[i] ?? 0, mean: mean[k], sw: sw[k], swx: swx[k])
                }
            }
        } } }
        func score(_ i: Int, _ k: Int) -> Double {
            Self.score(stat, w: d.weight[i], y: y[i], x: x?[i] ?? 0, mean: mean[k], sw: sw[k], swx: swx[k])
        }
        // Second stage: the linearised variable's totals per SSU, for each PSU's within term.
        var ssuTotals: [Double] = []
        if let s2 = d.stage2 {
            ssuTotals = [Double](repeating: 0, count: g * s2.count)
            for i in 0..<n where domain[i] >= 0 { ssuTotals[Int(domain[i]) * s2.count + Int(s2.ssu[i])] += score(i, Int(domain[i])) }
        }
        // A calibrated design: each domain's variable, over the whole design, is adjusted as R's
        // svyrecvar does (centred in post-strata, residuals on the calibration model) before
        // its PSU totals are taken.
        if calibrated {
            if let s2 = d.stage2 { ssuTotals = [Double](repeating: 0, count: g * s2.count) }
            for k in 0..<g where count[k] > 0 {
                var z = [Double](repeating: 0, count: n)
                for i in 0..<n where Int(domain[i]) == k { z[i] = score(i, k) }
                for a in d.adjustments { a.adjust(&z) }
                for i in 0..<n {
                    totals[k * p + Int(d.psu[i])] += z[i]
                    if let s2 = d.stage2 { ssuTotals[k * s2.count + Int(s2.ssu[i])] += z[i] }
                }
            }
        }
        if let explainFirst, g > 0, count[0] > 0 {
            explainFirst(derivation(stat, sw: sw[0], swy: swy[0], n: count[0], totals: Array(totals[0..<p]), d))
        }
        return (0..<g).map { k -> Estimate? in
            guard count[k] > 0, stat == .total || sw[k] != 0, stat != .ratio || swx[k] != 0 else { return nil }
            var variance = totals.withUnsafeBufferPointer { linearisedVariance(UnsafeBufferPointer(rebasing: $0[(k * p)..<((k + 1) * p)]), d) }
            if let s2 = d.stage2 {
                variance += secondStageVariance(Array(ssuTotals[(k * s2.count)..<((k + 1) * s2.count)]), d, s2)
            }
            // Design effect against simple random sampling without replacement of the same size
            // from a population of Σw (R's deff = TRUE for svymean and svytotal).
            let nobs = Double(count[k])
            let svyvar = count[k] > 1 ? sxx[k] / sw[k] * nobs / (nobs - 1) : .nan
            // deff replace: against simple random sampling with replacement (R's deff = "replace").
            var vsrs = deffReplace ? svyvar / nobs : svyvar * (sw[k] - nobs) / (sw[k] * nobs)
            if stat == .total { vsrs *= sw[k] * sw[k] }
            let psus = (0..<p).reduce(0) { $0 + (psuSeen[k * p + $1] ? 1 : 0) }
            let strata = (0..<d.strataCount).reduce(0) { $0 + (strataSeen[k * d.strataCount + $1] ? 1 : 0) }
            let deff = stat == .ratio || stat == .variance || !(vsrs.isFinite && vsrs > 0) ? nil : variance / vsrs
            return Estimate(estimate: stat == .total ? swy[k] : mean[k], se: variance.squareRoot(), n: count[k],
                            deff: deff, df: psus - strata)
        }
    }

    /// Quantiles as R's `svyquantile(ci = TRUE)` computes them by default: the estimate by the
    /// "math" rule (the smallest value whose weighted cumulative share reaches p), and a Woodruff
    /// interval: the design-based interval of the share of values ≤ the estimate, p̂ ± t·se with
    /// the domain's degrees of freedom, mapped back through the same rule; se is the interval's
    /// width over 2t.
    static func quantiles(_ p: Double, rule: QuantileRule, y: [Double], domain: [Int32], domains g: Int, design d: DesignArrays,
                          normal: Bool = false) -> [Estimate?] {
        var values = [[(Double, Double)]](repeating: [], count: g)
        for i in 0..<y.count where domain[i] >= 0 && d.weight[i] != 0 { values[Int(domain[i])].append((y[i], d.weight[i])) }
        // A stable sort keeps equal values in row order, as R's order() does.
        for k in 0..<g { values[k] = values[k].enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element) }
        let qhat = values.map { $0.isEmpty ? Double.nan : rule.quantile($0, p) }
        // The share of each domain's values at or below its estimate.
        let below = y.indices.map { i -> Double in domain[i] >= 0 && y[i] <= qhat[Int(domain[i])] ? 1 : 0 }
        let shares = estimate(.mean, y: below, domain: domain, domains: g, design: d)
        return (0..<g).map { k -> Estimate? in
            guard let s = shares[k], !values[k].isEmpty else { return nil }
            // No degrees of freedom (the domain inside one PSU): no interval, not a normal one.
            guard s.df > 0 || normal else { return Estimate(estimate: qhat[k], se: .nan, n: s.n, deff: nil, df: s.df, interval: (.nan, .nan)) }
            let t = normal ? normalQuantile(0.975) : tQuantile(0.975, df: s.df)
            let pLo = s.estimate - t * s.se, pHi = s.estimate + t * s.se
            let lo = pLo < 0 ? Double.nan : rule.quantile(values[k], pLo)
            let hi = pHi > 1 ? Double.nan : rule.quantile(values[k], pHi)
            return Estimate(estimate: qhat[k], se: (hi - lo) / (2 * t), n: s.n, deff: nil, df: s.df,
                            interval: (lo, hi))
        }
    }

    /// The arithmetic of one domain's estimate and standard error, for `explain`: the estimator, the
    /// linearised variable, and each stratum's n_h, z̄_h, s²_h and f_h substituted into the
    /// variance formula (the first strata, the rest summed), ending in the SE that is printed.
    static func derivation(_ stat: Statistic, sw: Double, swy: Double, n: Int, totals: [Double], _ d: DesignArrays) -> [String] {
        let g = NumberFormat.shortest
        var lines: [String] = []
        if stat == .total {
            lines.append("  estimator: Ŷ = Σ wᵢ·yᵢ = \(g(swy)) (n = \(n) rows)")
            lines.append("  linearised variable: zᵢ = wᵢ·yᵢ, summed per PSU: Z_hj")
        } else {
            lines.append("  estimator: ȳ = Σ wᵢ·yᵢ / Σ wᵢ = \(g(swy)) / \(g(sw)) = \(g(swy / sw)) (n = \(n) rows)")
            lines.append("  linearised variable: zᵢ = wᵢ·(yᵢ − ȳ) / Σ wᵢ in the domain, 0 outside it, summed per PSU: Z_hj")
        }
        lines.append("  V = Σ_h (1 − f_h) · n_h · s²_h, with s²_h = Σ_j (Z_hj − Z̄_h)² / (n_h − 1) over the n_h PSUs of stratum h")
        let lonelyRule: String = {
            switch d.lonely {
            case .adjust: return "a stratum with one PSU centred at 0, R's \"adjust\""
            case .remove, .certainty: return "a stratum with one PSU adds 0, R's \"\(d.lonely.rawValue)\""
            case .average: return "a stratum with one PSU adds the others' average, R's \"average\""
            case .fail: return "no stratum has a single PSU"
            }
        }()
        lines.append("      (with replacement at the first stage; f_h from the fpc; \(lonelyRule))")
        let (sum, ss) = withinSquares(totals, group: d.psuStratum, sizes: d.psusInStratum)
        var v = 0.0, shown = 0, rest = 0.0, others = 0, lonely = 0
        for h in 0..<d.strataCount {
            let nh = d.psusInStratum[h]
            let s2 = nh > 1 ? ss[h] / Double(nh - 1) : ss[h]
            // The same operations, in the same order, as linearisedVariance: the printed se is the estimate's.
            if nh == 1 && d.fraction[h] < 1 && d.lonely != .adjust { lonely += 1; others += 1; continue }
            let term = (1 - d.fraction[h]) * (nh > 1 ? Double(nh) / Double(nh - 1) : 1) * ss[h]
            v += term
            if term == 0 { others += 1; continue }    // strata the domain has no rows in
            if shown < 3 {
                lines.append("  stratum \(h + 1): n_h = \(nh), Z̄_h = \(g(nh > 1 ? sum[h] / Double(nh) : 0)), s²_h = \(g(s2)), f_h = \(g(d.fraction[h])) → (1 − f_h)·n_h·s²_h = \(g(term))")
                shown += 1
            } else {
                rest += term; others += 1
            }
        }
        if others > 0 { lines.append("  … \(others) more strata (those without the domain's rows\(lonely > 0 ? " and \(lonely) with one PSU" : "") add 0): \(g(rest))") }
        if d.lonely == .average && lonely > 0 && lonely < d.strataCount {
            let factor = Double(d.strataCount) / Double(d.strataCount - lonely)
            lines.append("  average for the \(lonely) single-PSU strat\(lonely == 1 ? "um" : "a"): V × \(d.strataCount)/\(d.strataCount - lonely) = \(g(v)) × \(g(factor))")
            v *= factor
        }
        lines.append("  V = \(g(v)); se = √V = \(g(v.squareRoot()))")
        return lines
    }

    /// V = Σ_h (1 − f_h) · n_h/(n_h − 1) · Σ_j (Z_hj − Z̄_h)², from the PSU totals Z_hj of the
    /// linearised variable (every PSU of the design, zero where the domain has no rows). A
    /// stratum with one PSU contributes by the design's `lonely` rule, as R's `onestrat`:
    /// `adjust` its total centred at zero, `remove` and `certainty` nothing, `average` the mean
    /// of the other strata's contributions (R scales their sum by strata / strata with > 1 PSU).
    static func linearisedVariance(_ totals: UnsafeBufferPointer<Double>, _ d: DesignArrays) -> Double {
        let ss = withinSquares(totals, group: d.psuStratum, sizes: d.psusInStratum).squares
        var v = 0.0
        var lonely = 0
        for h in 0..<d.strataCount {
            let nh = Double(d.psusInStratum[h])
            if nh == 1 && d.fraction[h] < 1 && d.lonely != .adjust {
                lonely += 1
                continue
            }
            let scale = nh > 1 ? nh / (nh - 1) : 1
            v += (1 - d.fraction[h]) * scale * ss[h]
        }
        if d.lonely == .average && lonely > 0 && lonely < d.strataCount {
            v *= Double(d.strataCount) / Double(d.strataCount - lonely)
        }
        return v
    }

    /// The linearised variable of a row in its domain: wy for a total, w(y − R̂x)/Σwx for a
    /// ratio, w(y − ȳ)/Σw for a mean or share.
    @inline(__always) static func score(_ stat: Statistic, w: Double, y: Double, x: Double, mean: Double, sw: Double, swx: Double) -> Double {
        switch stat {
        case .total: return w * y
        case .ratio: return w * (y - mean * x) / swx
        default: return w * (y - mean) / sw
        }
    }

    /// Σ_i f₁ · (1 − f₂ᵢ) · n₂ᵢ/(n₂ᵢ − 1) · Σ_j (Z_ij − Z̄_i)²: each PSU's variance between its
    /// SSUs, scaled by the first-stage sampling fraction of its stratum (R's `multistage`). A
    /// PSU with one SSU follows the design's lonely rule, as a stratum does.
    static func secondStageVariance(_ totals: [Double], _ d: DesignArrays, _ s2: DesignArrays.Stage2) -> Double {
        let ss = withinSquares(totals, group: s2.ssuPSU, sizes: s2.ssusInPSU).squares
        var v = 0.0
        for i in 0..<d.psuCount {
            let n2 = Double(s2.ssusInPSU[i]), f2 = s2.fraction[i]
            if f2 >= 1 { continue }
            if n2 == 1 && d.lonely != .adjust { continue }
            let f1 = d.fraction[Int(d.psuStratum[i])]
            v += f1 * (1 - f2) * (n2 > 1 ? n2 / (n2 - 1) : 1) * ss[i]
        }
        return v
    }

    /// Per group (stratum, or PSU at the second stage): the sum of its units' totals, and Σ (Z − Z̄)²
    /// about the group's mean, or about 0 for a group of one unit (R's "adjust" centring).
    static func withinSquares<C: Collection>(_ totals: C, group: [Int32], sizes: [Int]) -> (sum: [Double], squares: [Double]) where C.Element == Double, C.Index == Int {
        var sum = [Double](repeating: 0, count: sizes.count)
        for j in 0..<group.count { sum[Int(group[j])] += totals[totals.startIndex + j] }
        var ss = [Double](repeating: 0, count: sizes.count)
        for j in 0..<group.count {
            let h = Int(group[j]), n = sizes[h]
            let centre = n > 1 ? sum[h] / Double(n) : 0
            let z = totals[totals.startIndex + j]
            ss[h] += (z - centre) * (z - centre)
        }
        return (sum, ss)
    }

    /// Student t quantile (for the logit interval's df), by bisection on the t CDF.
    static func tQuantile(_ p: Double, df: Int) -> Double {
        if df <= 0 || df > 1_000_000 { return normalQuantile(p) }
        if p < 0.5 { return -tQuantile(1 - p, df: df) }   // symmetric; the bisection below is on t ≥ 0
        var lo = 0.0, hi = 1000.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if tCDF(mid, Double(df)) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    static func tCDF(_ t: Double, _ v: Double) -> Double {
        let x = v / (v + t * t)
        let ib = incompleteBeta(x, v / 2, 0.5)
        return t >= 0 ? 1 - 0.5 * ib : 0.5 * ib
    }

    /// Regularised incomplete beta I_x(a, b) by Lentz's continued fraction.
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lg: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let lbeta: Double = lg + a * log(x) + b * log(1 - x)
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < 1e-300 { d = 1e-300 }
        d = 1 / d
        var f = d
        for m in 1...400 {
            let m2 = Double(2 * m), md = Double(m)
            var num = md * (b - md) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + num * d; if abs(d) < 1e-300 { d = 1e-300 }; d = 1 / d
            c = 1 + num / c; if abs(c) < 1e-300 { c = 1e-300 }
            f *= d * c
            num = -(a + md) * (a + b + md) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + num * d; if abs(d) < 1e-300 { d = 1e-300 }; d = 1 / d
            c = 1 + num / c; if abs(c) < 1e-300 { c = 1e-300 }
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(lbeta) * f / a
    }

    /// c₀xⁿ⁻¹ + … + cₙ₋₁ (Horner's rule).
    static func horner(_ c: [Double], _ x: Double) -> Double { c.dropFirst().reduce(c[0]) { $0 * x + $1 } }

    /// Φ⁻¹(p) (Acklam's rational approximation refined by one Newton step on erfc).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let plow = 0.02425
        var x: Double
        if p < plow {
            let q = (-2 * log(p)).squareRoot()
            x = horner(c, q) / (horner(d, q) * q + 1)
        } else if p <= 1 - plow {
            let q = p - 0.5, r = q * q
            x = horner(a, r) * q / (horner(b, r) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -horner(c, q) / (horner(d, q) * q + 1)
        }
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }
}
