import Foundation

/// Confidence intervals for a design-based estimate: the normal (Wald) interval of `svymean`'s
/// `confint`, and for shares the methods of R's `svyciprop` (survey 4.1.1), each with the
/// design's degrees of freedom (`df = design`, R's default `degf(design)`) or the normal
/// (`df = inf`).
enum SurveyInterval: String, Sendable, CaseIterable {
    /// estimate ± z·se (R's `confint(svymean(…))`): the default for every statistic.
    case wald
    /// `svyciprop(method = "logit")`: a Wald interval for the intercept of a quasibinomial
    /// model, back-transformed (for an intercept-only model, logit(p) ± t·se/(p(1 − p))).
    case logit
    /// `svyciprop(method = "xlogit")`: the same interval by the delta method on svymean.
    case xlogit
    /// `svyciprop(method = "asin")`: sin²(asin(√p) ± t·se/(2√(p(1 − p)))).
    case asin
    /// `svyciprop(method = "beta")`: Korn & Graubard's Clopper–Pearson interval with the
    /// effective sample size p(1 − p)/se², scaled by (t_{n−1}/t_df)².
    case beta
    /// `svyciprop(method = "mean")`: p ± t·se.
    case mean
    /// `svyciprop(method = "likelihood")`: the Rao–Scott-scaled profile-likelihood interval of
    /// the quasibinomial model; it needs the rows (see `LikelihoodInterval`).
    case likelihood

    /// Whether it applies to shares only (everything but `wald`).
    var sharesOnly: Bool { self != .wald }

    /// The interval for estimate `p` with standard error `se`. `t` is the critical value for the
    /// degrees of freedom asked (`df = design` or the normal); `rows` is the number of rows in
    /// the design and `designDF` its degrees of freedom (both used by `beta`). Nil when the
    /// interval does not exist (p at 0 or 1 for the transformed methods, no degrees of freedom).
    func interval(_ p: Double, se: Double, t: Double, rows: Int, designDF: Int, level: Double = 0.95) -> (Double, Double)? {
        guard t.isFinite else { return nil }
        switch self {
        case .wald, .mean:
            return (p - t * se, p + t * se)
        case .logit, .xlogit:
            guard p > 0 && p < 1 else { return nil }
            let l = log(p / (1 - p)), h = t * se / (p * (1 - p))
            return (1 / (1 + exp(-(l - h))), 1 / (1 + exp(-(l + h))))
        case .asin:
            guard p > 0 && p < 1 else { return nil }
            let a = Foundation.asin(p.squareRoot()), h = t * se / (2 * (p * (1 - p)).squareRoot())
            return (pow(sin(a - h), 2), pow(sin(a + h), 2))
        case .beta:
            guard se > 0, designDF > 0, rows > 1 else { return nil }
            let alpha = 1 - level
            var nEff = p * (1 - p) / (se * se)
            // R: (qt(α/2, n − 1) / qt(α/2, df))²; the t distribution is symmetric.
            let ratio = SurveyEstimator.tQuantile(1 - alpha / 2, df: rows - 1) / SurveyEstimator.tQuantile(1 - alpha / 2, df: designDF)
            nEff *= ratio * ratio
            let lo = p == 0 ? 0 : Self.betaQuantile(alpha / 2, nEff * p, nEff * (1 - p) + 1)
            let hi = p == 1 ? 1 : Self.betaQuantile(1 - alpha / 2, nEff * p + 1, nEff * (1 - p))
            return (lo, hi)
        case .likelihood:
            return nil
        }
    }

    /// The q-quantile of Beta(a, b), by bisection on the regularised incomplete beta function
    /// (R's `qbeta`, to the last bits a double holds).
    static func betaQuantile(_ q: Double, _ a: Double, _ b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if SurveyEstimator.incompleteBeta(mid, a, b) < q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

/// How a quantile is read off the weighted values (R's `svyquantile(qrule = …)`).
enum QuantileRule: String, Sendable, CaseIterable {
    /// The smallest value whose cumulative weight share reaches p (R's default, `qrule_math`).
    case math
    /// As math, but the midpoint of the two values when p falls exactly between them.
    case school
    /// Hyndman & Fan's type 7 (R's `quantile()` default) generalised to weights, as `qrule_hf7`.
    case hf7

    /// The quantile of `sorted` (value, weight) pairs, zero weights left out. Cumulative weights
    /// are summed in extended precision and rounded once, as R's `cumsum` and `sum` do on this
    /// machine (long double), so that with equal weights and n·p a whole number the comparison
    /// with p·W is exact and the value R picks is picked.
    func quantile(_ sorted: [(Double, Double)], _ p: Double) -> Double {
        let pairs = sorted.filter { $0.1 != 0 }
        guard !pairs.isEmpty else { return .nan }
        let cum = Self.cumulative(pairs.map(\.1))
        let total = cum.last!
        switch self {
        case .math, .school:
            // R's qs(): pos is the last position with cumw ≤ p·W.
            let target = p * total
            guard let pos = cum.lastIndex(where: { $0 <= target }) else { return pairs[0].0 }
            let next = min(pos + 1, pairs.count - 1)
            let wlow = p - cum[pos] / total
            if wlow == 0 { return self == .math ? pairs[pos].0 : (pairs[pos].0 + pairs[next].0) / 2 }
            return pairs[next].0
        case .hf7:
            // pk = (0, cumw[1..n−1]) / cumw[n−1]; linear interpolation, clamped at the ends.
            let n = pairs.count
            guard n > 1 else { return pairs[0].0 }
            let denominator = cum[n - 2]
            let pk = [0.0] + cum.dropLast().map { $0 / denominator }
            if p <= pk[0] { return pairs[0].0 }
            if p >= pk[n - 1] { return pairs[n - 1].0 }
            var k = 0
            while k + 1 < n && pk[k + 1] < p { k += 1 }
            let x0 = pairs[k].0, x1 = pairs[k + 1].0
            return x0 + (x1 - x0) * (p - pk[k]) / (pk[k + 1] - pk[k])
        }
    }

    /// Running sums of the weights, each accumulated in extended precision and stored as a
    /// double (R's cumsum; Float80 where the machine has it).
    static func cumulative(_ w: [Double]) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(w.count)
        #if arch(x86_64) || arch(i386)
        var s: Float80 = 0
        for x in w { s += Float80(x); out.append(Double(s)) }
        #else
        var s = 0.0, c = 0.0     // Neumaier's compensated sum where there is no long double
        for x in w {
            let t = s + x
            c += abs(s) >= abs(x) ? (s - t) + x : (x - t) + s
            s = t
            out.append(s + c)
        }
        #endif
        return out
    }
}
