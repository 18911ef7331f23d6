import Foundation

/// How a series is extended to the horizon. Each method is a small formula a trainer can
/// write on the board; `explain` prints it with the numbers substituted.
public enum ProjectionMethod: Sendable, Equatable {
    /// Least-squares line through the observations (from the base year on): x(t) = a + b·t.
    case linear
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
        case .cagr: return "cagr"
        case .logistic: return "logistic"
        case .flat: return "flat"
        case .change(let d): return "change \(NumberFormat.shortest(d))"
        case .growth(let g): return "growth \(NumberFormat.shortest(g))"
        }
    }

    public static let names = ["linear", "cagr", "logistic", "flat", "change", "growth"]
}

/// One scenario of a `project` stage: a method and what it overrides.
public struct ScenarioSpec: Sendable {
    public var name: String
    public var method: ProjectionMethod
    /// Base year (cagr: growth from it; linear: fit from it; change/growth: start from it).
    public var from: Int?
    /// Replaces the value at the base year (what-if: "suppose 2024 was 70").
    public var base: Double?
    /// Upper bound (default 100, for percentages); nil means none (`cap none`).
    public var cap: Double? = 100
}

/// The projection of one series under one scenario, with the derivation for `explain`.
struct SeriesProjection {
    var years: [Int]
    var values: [Double]
    var explanation: [String]
}

enum ProjectionError: Error {
    case message(String)
}

enum Projector {
    static func f(_ x: Double) -> String { NumberFormat.fixed(x, decimals: 4) }

    /// Projects `obs` (sorted by year, no nulls) for the years after the latest observation up
    /// to `horizon`; values are kept within [0, cap].
    static func project(_ obs: [(year: Int, value: Double)], to horizon: Int, _ s: ScenarioSpec) throws -> SeriesProjection {
        guard let last = obs.last else { throw ProjectionError.message("no observations") }
        guard horizon >= last.year else {
            throw ProjectionError.message("the horizon \(horizon) is before the latest observation (\(last.year))")
        }
        let years = Array(stride(from: last.year + 1, through: horizon, by: 1))
        var lines: [String] = []
        // The base: an observation at `from` (or the latest), optionally replaced.
        func baseObservation() throws -> (year: Int, value: Double) {
            var b = last
            if let from = s.from {
                if let o = obs.first(where: { $0.year == from }) { b = o } else if from > last.year {
                    b = (from, last.value)
                } else {
                    throw ProjectionError.message("no observation in the base year \(from)")
                }
            }
            if let v = s.base { b.value = v }
            return b
        }
        var values: [Double]
        switch s.method {
        case .flat:
            values = years.map { _ in last.value }
            lines.append("flat: x(t) = x_\(last.year) = \(f(last.value))")
        case .linear:
            let used = obs.filter { $0.year >= (s.from ?? Int.min) }
            guard used.count >= 2 else { throw ProjectionError.message("linear needs at least two observations, found \(used.count)") }
            let (a, b) = leastSquares(used.map { Double($0.year) }, used.map(\.value))
            values = years.map { a + b * Double($0) }
            lines.append("linear: least squares through \(used.count) observations (\(used.map { "\($0.year): \(f($0.value))" }.joined(separator: ", ")))")
            lines.append("  slope b = Σ(t − t̄)(x − x̄) / Σ(t − t̄)² = \(f(b)) per year; intercept a = x̄ − b·t̄ = \(f(a))")
            if let t = years.last { lines.append("  x(\(t)) = a + b·\(t) = \(f(a)) + \(f(b))·\(t) = \(f(a + b * Double(t)))") }
        case .cagr:
            let first = s.from.flatMap { y in obs.first { $0.year == y } } ?? obs[0]
            guard obs.count >= 2, last.year > first.year else { throw ProjectionError.message("cagr needs observations in two different years") }
            guard first.value > 0, last.value > 0 else {
                throw ProjectionError.message("cagr needs positive values, found \(f(min(first.value, last.value)))")
            }
            let n = Double(last.year - first.year)
            let r = pow(last.value / first.value, 1 / n) - 1
            values = years.map { last.value * pow(1 + r, Double($0 - last.year)) }
            lines.append("cagr: r = (x_\(last.year) / x_\(first.year))^(1/\(last.year - first.year)) − 1 = (\(f(last.value)) / \(f(first.value)))^(1/\(Int(n))) − 1 = \(f(r))")
            if let t = years.last { lines.append("  x(\(t)) = x_\(last.year)·(1 + r)^\(t - last.year) = \(f(last.value))·\(f(1 + r))^\(t - last.year) = \(f(last.value * pow(1 + r, Double(t - last.year))))") }
        case .logistic:
            guard let cap = s.cap else { throw ProjectionError.message("logistic needs a cap") }
            guard obs.count >= 2 else { throw ProjectionError.message("logistic needs at least two observations, found \(obs.count)") }
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
        // Percentages never leave [0, cap].
        let hi = s.cap ?? .infinity
        if values.contains(where: { $0 < 0 || $0 > hi }) {
            lines.append("  kept within [0, \(s.cap.map(f) ?? "∞")]")
            values = values.map { min(max($0, 0), hi) }
        }
        return SeriesProjection(years: years, values: values, explanation: lines)
    }

    /// Ordinary least squares of y on t: (intercept, slope). Centred sums for accuracy with
    /// calendar years as t.
    static func leastSquares(_ t: [Double], _ y: [Double]) -> (Double, Double) {
        let n = Double(t.count)
        let tm = t.reduce(0, +) / n, ym = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in t.indices { sxy += (t[i] - tm) * (y[i] - ym); sxx += (t[i] - tm) * (t[i] - tm) }
        let b = sxx == 0 ? 0 : sxy / sxx
        return (ym - b * tm, b)
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
