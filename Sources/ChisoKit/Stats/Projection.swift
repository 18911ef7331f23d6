import Foundation

/// How a series is extended to the horizon. Each method is a small formula a trainer can
/// write on the board; `explain` prints it with the numbers substituted.
public enum ProjectionMethod: Sendable, Equatable {
    /// Least-squares line through the observations (from the base year on): x(t) = a + b·t.
    case linear
    /// Least-squares line through the logarithms: x(t) = e^(a + b·t) (constant relative growth).
    case loglinear
    /// Compound annual growth from the base to the latest observation, carried on:
    /// r = (x_L / x_B)^(1/(t_L − t_B)) − 1, x(t) = x_L·(1 + r)^(t − t_L).
    case cagr
    /// Logistic curve saturating at the cap, x(t) = cap / (1 + e^(−k(t − t0))), fitted by
    /// nonlinear least squares on the original scale (Levenberg–Marquardt, started from the
    /// least-squares line through logit(x/cap)).
    case logistic
    /// The latest value carried forward.
    case flat
    /// A fixed annual change in points from the base: x(t) = x_B + d·(t − t_B) (x_B before t_B).
    case change(Double)
    /// A fixed annual growth rate in percent from the base: x(t) = x_B·(1 + g/100)^(t − t_B).
    case growth(Double)

    public var name: String {
        switch self {
        case .linear: return "linear"
        case .loglinear: return "loglinear"
        case .cagr: return "cagr"
        case .logistic: return "logistic"
        case .flat: return "flat"
        case .change(let d): return "change \(NumberFormat.shortest(d))"
        case .growth(let g): return "growth \(NumberFormat.shortest(g))"
        }
    }

    public var keyword: String { String(name.split(separator: " ")[0]) }

    public static let names = ["linear", "loglinear", "cagr", "logistic", "flat", "change", "growth"]

    /// Which options a method reads; any other given is an error.
    var takesFrom: Bool { !(self == .flat || self == .logistic) }
    var takesBase: Bool { if case .change = self { return true }; if case .growth = self { return true }; return false }
    var takesCap: Bool { self == .logistic }
    var hasInterval: Bool { self == .linear || self == .loglinear }
}

/// One scenario of a `project` stage: a method and what it overrides, with where each was written.
public struct ScenarioSpec: Sendable {
    public var name: String
    public var method: ProjectionMethod
    /// Base year (cagr: growth from it; linear/loglinear: fit from it; change/growth: start from it).
    public var from: Int?
    /// Replaces the value at the base year (what-if: "suppose 2024 was 70"); change and growth only.
    public var base: Double?
    /// The logistic's saturation level; nil takes the unit's upper bound.
    public var cap: Double?
    public var nameSpan: Span = .none
    public var fromSpan: Span = .none

    public init(name: String, method: ProjectionMethod, from: Int? = nil, base: Double? = nil, cap: Double? = nil) {
        self.name = name; self.method = method; self.from = from; self.base = base; self.cap = cap
    }
}

/// The range a series' values may take, from its unit: a percentage stays in [0, 100], a count
/// is never negative, money and indices are unbounded; `bounds lo, hi` states any other.
public struct ValueBounds: Sendable, Equatable {
    public var lo: Double
    public var hi: Double
    public var source: String

    public static let none = ValueBounds(lo: -.infinity, hi: .infinity, source: "no bounds")

    static let countUnits: Set<String> = ["count", "number", "persons", "people", "enterprises", "households", "products",
                                          "units", "agencies", "schools", "villages", "communes", "documents", "accounts"]

    public static func forUnit(_ unit: String?) -> ValueBounds {
        guard let u = unit?.lowercased() else { return ValueBounds(lo: -.infinity, hi: .infinity, source: "no bounds (unit unknown)") }
        if u == "percent" || u == "%" { return ValueBounds(lo: 0, hi: 100, source: "percent: [0, 100]") }
        if countUnits.contains(u) { return ValueBounds(lo: 0, hi: .infinity, source: "\(u), a count: ≥ 0") }
        return ValueBounds(lo: -.infinity, hi: .infinity, source: "\(u): no bounds")
    }

    func clamp(_ x: Double) -> Double { min(max(x, lo), hi) }
}

/// The projection of one series under one scenario, with the derivation for `explain`.
struct SeriesProjection {
    var years: [Int]
    var values: [Double]
    /// Prediction interval bounds per projected year (linear and loglinear with `interval`).
    var lo: [Double?] = []
    var hi: [Double?] = []
    var explanation: [String]
}

enum ProjectionError: Error {
    case message(String)
    /// Too few observations for the method: the series is skipped with a warning.
    case tooFew(String)
    /// The scenario's `from` year has no observation (reported at the `from` option).
    case badFrom(String)
    /// Rows of two series in one projected group (two values for a year, or two values of an
    /// identity column): an error with the fix as its hint.
    case mixed(String, hint: String)
}

enum Projector {
    /// Numbers in explanations: the shortest text that reads back as the same double, so the
    /// printed arithmetic evaluates to the printed result.
    static func f(_ x: Double) -> String { NumberFormat.shortest(x) }

    /// Projects `obs` (sorted by year, no nulls) for the years after the latest observation up
    /// to `horizon`, kept within `bounds`; `interval` (a level in percent) adds a prediction
    /// interval for linear and loglinear.
    static func project(_ obs: [(year: Int, value: Double)], to horizon: Int, _ s: ScenarioSpec,
                        bounds: ValueBounds = .none, interval: Double? = nil) throws -> SeriesProjection {
        guard let last = obs.last else { throw ProjectionError.tooFew("no observations") }
        guard horizon >= last.year else {
            throw ProjectionError.message("the horizon \(horizon) is before the latest observation (\(last.year))")
        }
        let years = Array(stride(from: last.year + 1, through: horizon, by: 1))
        var lines: [String] = []
        var lo: [Double?] = [], hi: [Double?] = []
        // The base: an observation at `from` (or the latest), optionally replaced.
        func baseObservation() throws -> (year: Int, value: Double) {
            var b = last
            if let from = s.from {
                if let o = obs.first(where: { $0.year == from }) { b = o } else if from > last.year {
                    b = (from, last.value)
                } else {
                    throw ProjectionError.badFrom("no observation in the base year \(from)")
                }
            }
            if let v = s.base { b.value = v }
            return b
        }
        /// The observations a fit uses: from `from` on, which must be an observed year.
        func fitted() throws -> [(year: Int, value: Double)] {
            if let from = s.from, !obs.contains(where: { $0.year == from }) {
                throw ProjectionError.badFrom("no observation in the base year \(from)")
            }
            return obs.filter { $0.year >= (s.from ?? Int.min) }
        }
        var values: [Double]
        switch s.method {
        case .flat:
            values = years.map { _ in last.value }
            lines.append("flat: x(t) = x_\(last.year) = \(f(last.value))")
        case .linear, .loglinear:
            let log = s.method == .loglinear
            let used = try fitted()
            guard used.count >= 2 else { throw ProjectionError.tooFew("\(s.method.name) needs at least two observations, found \(used.count)") }
            if log, let bad = used.first(where: { $0.value <= 0 }) {
                throw ProjectionError.message("loglinear needs positive values, found \(f(bad.value)) in \(bad.year)")
            }
            let t = used.map { Double($0.year) }, y = used.map { log ? Foundation.log($0.value) : $0.value }
            let fit = LinearFit(t, y)
            let back: (Double) -> Double = log ? { exp($0) } : { $0 }
            values = years.map { back(fit.a + fit.b * Double($0)) }
            lines.append("\(s.method.name): least squares through \(used.count) observations\(log ? " of ln x" : "") (\(used.map { "\($0.year): \(f($0.value))" }.joined(separator: ", ")))")
            lines.append("  slope b = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)² = \(f(fit.b)) per year; intercept a = ȳ − b·t̄ = \(f(fit.a))")
            if let tl = years.last {
                let yl = fit.a + fit.b * Double(tl)
                lines.append(log ? "  x(\(tl)) = e^(a + b·\(tl)) = e^(\(f(fit.a)) + \(f(fit.b))·\(tl)) = e^\(f(yl)) = \(f(exp(yl)))"
                                 : "  x(\(tl)) = a + b·\(tl) = \(f(fit.a)) + \(f(fit.b))·\(tl) = \(f(yl))")
            }
            if let level = interval {
                if used.count < 3 {
                    lo = years.map { _ in nil }; hi = lo
                    lines.append("  no \(f(level)) % prediction interval: two observations leave no residual degrees of freedom")
                } else {
                    let q = SurveyEstimator.tQuantile(0.5 + level / 200, df: used.count - 2)
                    for yr in years {
                        let (l, h) = fit.predictionInterval(Double(yr), q)
                        lo.append(back(l)); hi.append(back(h))
                    }
                    if let tl = years.last {
                        let se = fit.predictionSE(Double(tl))
                        lines.append("  \(f(level)) % prediction interval (R: predict(lm(\(log ? "log(value)" : "value") ~ year), interval = \"prediction\", level = \(f(level / 100)))):")
                        lines.append("    s = √(RSS/(n − 2)) = \(f(fit.s)); se = s·√(1 + 1/n + (t − t̄)²/Σ(t − t̄)²) = \(f(se)) at \(tl); t(\(f(0.5 + level / 200)), \(used.count - 2)) = \(f(q))")
                        let (l, h) = fit.predictionInterval(Double(tl), q)
                        lines.append("    \(tl): \(log ? "e^" : "")(\(f(fit.a + fit.b * Double(tl))) ∓ \(f(q))·\(f(se))) = [\(f(back(l))), \(f(back(h)))]")
                    }
                }
            }
        case .cagr:
            let first: (year: Int, value: Double)
            if let from = s.from {
                guard let o = obs.first(where: { $0.year == from }) else { throw ProjectionError.badFrom("no observation in the base year \(from)") }
                first = o
            } else {
                first = obs[0]
            }
            guard obs.count >= 2, last.year > first.year else { throw ProjectionError.tooFew("cagr needs observations in two different years") }
            guard first.value > 0, last.value > 0 else {
                throw ProjectionError.message("cagr needs positive values, found \(f(min(first.value, last.value)))")
            }
            let n = last.year - first.year
            let r = pow(last.value / first.value, 1 / Double(n)) - 1
            values = years.map { last.value * pow(1 + r, Double($0 - last.year)) }
            lines.append("cagr: r = (x_\(last.year) / x_\(first.year))^(1/\(n)) − 1 = (\(f(last.value)) / \(f(first.value)))^(1/\(n)) − 1 = \(f(r))")
            if let t = years.last { lines.append("  x(\(t)) = x_\(last.year)·(1 + r)^\(t - last.year) = \(f(last.value))·\(f(1 + r))^\(t - last.year) = \(f(last.value * pow(1 + r, Double(t - last.year))))") }
        case .logistic:
            guard let cap = s.cap ?? (bounds.hi.isFinite ? bounds.hi : nil) else {
                throw ProjectionError.message("logistic needs a cap: the unit gives no upper bound (write cap N)")
            }
            guard obs.count >= 2 else { throw ProjectionError.tooFew("logistic needs at least two observations, found \(obs.count)") }
            guard obs.allSatisfy({ $0.value > 0 && $0.value < cap }) else {
                throw ProjectionError.message("logistic needs every value strictly between 0 and the cap \(f(cap))")
            }
            let (k, t0) = fitLogistic(obs.map { Double($0.year) }, obs.map(\.value), cap: cap)
            values = years.map { cap / (1 + exp(-k * (Double($0) - t0))) }
            lines.append("logistic: x(t) = cap / (1 + e^(−k(t − t0))), cap = \(f(cap)); least squares gives k = \(f(k)), t0 = \(f(t0))")
            if let t = years.last { lines.append("  x(\(t)) = \(f(cap)) / (1 + e^(−\(f(k))·(\(t) − \(f(t0))))) = \(f(cap / (1 + exp(-k * (Double(t) - t0)))))") }
        case .change(let d):
            let b = try baseObservation()
            // Before a base year that lies ahead, the base value is carried unchanged.
            values = years.map { b.value + d * Double(max(0, $0 - b.year)) }
            lines.append("change: x(t) = x_\(b.year) + \(f(d))·(t − \(b.year)), x_\(b.year) = \(f(b.value))")
            if let t = years.last { lines.append("  x(\(t)) = \(f(b.value)) + \(f(d))·\(t - b.year) = \(f(b.value + d * Double(t - b.year)))") }
        case .growth(let g):
            let b = try baseObservation()
            values = years.map { b.value * pow(1 + g / 100, Double(max(0, $0 - b.year))) }
            lines.append("growth: x(t) = x_\(b.year)·(1 + \(f(g / 100)))^(t − \(b.year)), x_\(b.year) = \(f(b.value))")
            if let t = years.last { lines.append("  x(\(t)) = \(f(b.value))·\(f(1 + g / 100))^\(t - b.year) = \(f(b.value * pow(1 + g / 100, Double(t - b.year))))") }
        }
        // The unit's range: a percentage never leaves [0, 100], a count never goes below 0.
        if values.contains(where: { $0 < bounds.lo || $0 > bounds.hi }) {
            lines.append("  kept within [\(f(bounds.lo)), \(f(bounds.hi))] (\(bounds.source))")
            values = values.map(bounds.clamp)
        }
        lo = lo.map { $0.map(bounds.clamp) }; hi = hi.map { $0.map(bounds.clamp) }
        return SeriesProjection(years: years, values: values, lo: lo, hi: hi, explanation: lines)
    }

    /// Ordinary least squares of y on t: (intercept, slope).
    static func leastSquares(_ t: [Double], _ y: [Double]) -> (Double, Double) {
        let fit = LinearFit(t, y)
        return (fit.a, fit.b)
    }

    /// Nonlinear least squares for x = cap / (1 + e^(−k(t − t0))) by Levenberg–Marquardt,
    /// started from the line through logit(x / cap) (which is exact when the data are logistic).
    static func fitLogistic(_ t: [Double], _ x: [Double], cap: Double) -> (k: Double, t0: Double) {
        let logit = x.map { log($0 / (cap - $0)) }
        let (a, b) = leastSquares(t, logit)
        var k = b, t0 = b != 0 ? -a / b : t.reduce(0, +) / Double(t.count)
        func sse(_ k: Double, _ t0: Double) -> Double {
            zip(t, x).reduce(0) { s, p in let r = cap / (1 + exp(-k * (p.0 - t0))) - p.1; return s + r * r }
        }
        var lambda = 1e-3
        var current = sse(k, t0)
        for _ in 0..<200 {
            // Normal equations (JᵀJ + λ·diag) δ = −Jᵀr for the two parameters.
            var a11 = 0.0, a12 = 0.0, a22 = 0.0, g1 = 0.0, g2 = 0.0
            for (ti, xi) in zip(t, x) {
                let e = exp(-k * (ti - t0)), d = 1 + e
                let fv = cap / d
                let jk = cap * e * (ti - t0) / (d * d)
                let jt = -cap * e * k / (d * d)
                let r = fv - xi
                a11 += jk * jk; a12 += jk * jt; a22 += jt * jt
                g1 += jk * r; g2 += jt * r
            }
            let m11 = a11 * (1 + lambda), m22 = a22 * (1 + lambda)
            let det = m11 * m22 - a12 * a12
            if det == 0 || !det.isFinite { break }
            let dk = -(m22 * g1 - a12 * g2) / det
            let dt = -(m11 * g2 - a12 * g1) / det
            let trial = sse(k + dk, t0 + dt)
            if trial < current {
                k += dk; t0 += dt
                let improvement = current - trial
                current = trial
                lambda /= 10
                if improvement < 1e-15 * max(1, current) && abs(dk) < 1e-12 && abs(dt) < 1e-9 { break }
            } else {
                lambda *= 10
                if lambda > 1e12 { break }
            }
        }
        return (k, t0)
    }
}

/// Ordinary least squares y = a + b·t, with what a prediction interval needs. Centred sums for
/// accuracy with calendar years as t.
struct LinearFit {
    let a: Double, b: Double
    let n: Int
    let tMean: Double, sxx: Double
    /// Residual standard error √(RSS / (n − 2)); NaN below three points.
    let s: Double

    init(_ t: [Double], _ y: [Double]) {
        n = t.count
        let nd = Double(n)
        tMean = t.reduce(0, +) / nd
        let ym = y.reduce(0, +) / nd
        var sxy = 0.0, sxx = 0.0
        for i in t.indices { sxy += (t[i] - tMean) * (y[i] - ym); sxx += (t[i] - tMean) * (t[i] - tMean) }
        self.sxx = sxx
        b = sxx == 0 ? 0 : sxy / sxx
        a = ym - b * tMean
        var rss = 0.0
        for i in t.indices { let r = y[i] - (a + b * t[i]); rss += r * r }
        s = n > 2 ? (rss / Double(n - 2)).squareRoot() : .nan
    }

    /// The standard error of a new observation at t: s·√(1 + 1/n + (t − t̄)²/Sxx).
    func predictionSE(_ t: Double) -> Double {
        s * (1 + 1 / Double(n) + (t - tMean) * (t - tMean) / sxx).squareRoot()
    }

    /// ŷ ∓ q·se, q the t quantile of the level with n − 2 degrees of freedom.
    func predictionInterval(_ t: Double, _ q: Double) -> (Double, Double) {
        let yhat = a + b * t, h = q * predictionSE(t)
        return (yhat - h, yhat + h)
    }
}
