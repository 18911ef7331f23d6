import Foundation

/// The published progress methods, each as its issuing body computes it. Formulas, thresholds
/// and sources: shared/notes/progress-methods.md (and `help assess`).
///
/// - escap: UN ESCAP, Asia and the Pacific SDG Progress Report, "Progress Assessment
///   Methodology — Technical notes": current status index and anticipated progress by
///   time-weighted linear regression (weights (T − t_min)/(T − tᵢ), as UNICEF MENARO applies it).
/// - eurostat: Eurostat, EU SDG monitoring report, methodological annex: ratio of the observed to
///   the required compound annual growth over a moving 5-year window, thresholds 95 / 60 / 0 %.
/// - opensdg: Statistics Canada's method in open-sdg/sdg-build `sdg/ProgressMeasure.py`
///   (commit 139fede7), reproduced step by step.
/// - unsd: UN Statistics Division, SDG Progress Chart Technical Note 2023 (expected value at the
///   target year from the observed CAGR; thresholds 0.95 / 0.10), as EUSTAT applies it.
public enum ProgressMethod: String, CaseIterable, Sendable {
    case escap, eurostat, opensdg, unsd
}

/// One series judged against one target by one method.
struct Verdict: Sendable {
    var base: Base?
    var latest: (year: Int, value: Double)?
    /// The method's own number: ESCAP P, Eurostat R, Open SDG pv, UNSD r.
    var progress: Double?
    /// ESCAP's current status index (y_now − y_base) / (target − y_base), from this method's base.
    var currentStatus: Double?
    var status: String
    var tier: Tier
    var reason: String?
    /// The derivation, for `explain`.
    var lines: [String] = []

    static func notAssessable(_ reason: String, status: String = "not_assessable", base: Base? = nil,
                              latest: (year: Int, value: Double)? = nil) -> Verdict {
        Verdict(base: base, latest: latest, progress: nil, currentStatus: nil, status: status, tier: .not_assessable,
                reason: reason, lines: ["  → not assessable: \(reason)"])
    }
}

/// What a method needs to judge one series against one target.
struct ProgressCase: Sendable {
    /// The observations the method may use (up to the target year when that year has passed).
    var obs: Observations
    var target: ProgressTarget
    /// The base year asked for (the plan's issue year, 2015, or `base YEAR`); Eurostat ignores it.
    var baseYear: Int
    /// A scenario's projected value at the target year, used by ESCAP and UNSD in place of their
    /// own extrapolation.
    var anticipated: Double?
    /// Eurostat's moving window in years.
    var window: Int
    /// ESCAP's cut-off for "on track" (1.0 by default; MENARO uses 0.9).
    var onTrack: Double
}

enum ProgressMethods {
    /// Numbers in explanations: the shortest text that reads back as the same double, so the
    /// printed arithmetic evaluates to the printed result.
    static func g(_ x: Double) -> String { NumberFormat.shortest(x) }

    static func judge(_ method: ProgressMethod, _ c: ProgressCase) -> Verdict {
        switch method {
        case .escap: return escap(c)
        case .eurostat: return eurostat(c)
        case .opensdg: return opensdg(c)
        case .unsd: return unsd(c)
        }
    }

    static func cagr(_ to: Double, _ from: Double, years: Int) -> Double { pow(to / from, 1 / Double(years)) - 1 }

    // MARK: - ESCAP

    static func escap(_ c: ProgressCase) -> Verdict {
        let T = c.target.year, TV = c.target.value
        guard let latest = c.obs.latest, c.obs.points.count >= 2 else {
            return .notAssessable("ESCAP needs two observations, found \(c.obs.points.count)", status: "insufficient_data")
        }
        guard let base = BaseRule.escap(c.obs, c.baseYear) else {
            return .notAssessable("no observation in or after the base year \(c.baseYear)", status: "insufficient_data", latest: latest)
        }
        guard latest.year > base.year else {
            return .notAssessable("no observation after the base year \(base.year)", status: "insufficient_data", base: base, latest: latest)
        }
        guard TV != base.value else {
            return .notAssessable("the target equals the base value \(g(base.value))", base: base, latest: latest)
        }
        var lines = ["  base \(base.year) (\(base.how)): y_b = \(g(base.value)); latest \(latest.year): y = \(g(latest.value)); target \(T): TV = \(g(TV))"]
        let csi = (latest.value - base.value) / (TV - base.value)
        lines.append("  current status = (y − y_b) / (TV − y_b) = (\(g(latest.value)) − \(g(base.value))) / (\(g(TV)) − \(g(base.value))) = \(g(csi))")
        let anticipated: Double
        if let a = c.anticipated {
            anticipated = a
            lines.append("  anticipated value Ŷ_\(T) = \(g(a)) (the scenario's projection)")
        } else if let v = c.obs.value(at: T) {
            anticipated = v
            lines.append("  anticipated value Ŷ_\(T) = y_\(T) = \(g(v)) (observed)")
        } else {
            let pts = c.obs.points.filter { $0.year < T }
            let tMin = Double(pts[0].year)
            let w = pts.map { (Double(T) - tMin) / (Double(T) - Double($0.year)) }
            let (a, b) = weightedLeastSquares(pts.map { Double($0.year) }, pts.map(\.value), w)
            anticipated = a + b * Double(T)
            lines.append("  time-weighted regression, wᵢ = (\(T) − \(Int(tMin))) / (\(T) − tᵢ): " + zip(pts, w).map { "\($0.0.year): w = \(g($0.1))" }.joined(separator: ", "))
            lines.append("  y = a + b·t with a = \(g(a)), b = \(g(b)); Ŷ_\(T) = a + b·\(T) = \(g(anticipated))")
        }
        let p = (anticipated - base.value) / (TV - base.value)
        lines.append("  P = (Ŷ − y_b) / (TV − y_b) = (\(g(anticipated)) − \(g(base.value))) / (\(g(TV)) − \(g(base.value))) = \(g(p))")
        let (status, tier): (String, Tier) = p >= c.onTrack ? ("maintain_progress", .on_track)
            : p > 0 ? ("accelerate_progress", .acceleration_needed) : ("reverse_trend", .regressing)
        lines.append("  P ≥ \(g(c.onTrack)) maintain progress (on track); 0 < P < \(g(c.onTrack)) accelerate progress; P ≤ 0 reverse trend → \(status)")
        return Verdict(base: base, latest: latest, progress: p, currentStatus: csi, status: status, tier: tier, reason: nil, lines: lines)
    }

    /// Weighted least squares y = a + b·x.
    static func weightedLeastSquares(_ x: [Double], _ y: [Double], _ w: [Double]) -> (Double, Double) {
        let sw = w.reduce(0, +)
        let mx = zip(w, x).map { $0 * $1 }.reduce(0, +) / sw, my = zip(w, y).map { $0 * $1 }.reduce(0, +) / sw
        var sxy = 0.0, sxx = 0.0
        for i in x.indices { sxy += w[i] * (x[i] - mx) * (y[i] - my); sxx += w[i] * (x[i] - mx) * (x[i] - mx) }
        let b = sxx == 0 ? 0 : sxy / sxx
        return (my - b * mx, b)
    }

    // MARK: - Eurostat

    static func eurostat(_ c: ProgressCase) -> Verdict {
        let T = c.target.year, TV = c.target.value, d = Double(c.target.direction)
        guard let latest = c.obs.latest else { return .notAssessable("no observations", status: "not_assessable") }
        guard let base = BaseRule.eurostat(c.obs, window: c.window) else {
            return .notAssessable("no observation between \(latest.year - c.window) and \(latest.year - 3) (the \(c.window)-year window needs a base at least three years before the latest)",
                                  latest: latest)
        }
        guard base.value > 0, latest.value > 0, TV > 0 else {
            return .notAssessable("a growth rate needs positive values (base \(g(base.value)), latest \(g(latest.value)), target \(g(TV)))", base: base, latest: latest)
        }
        guard T != base.year else { return .notAssessable("the target year is the base year", base: base, latest: latest) }
        let years = latest.year - base.year
        let ca = cagr(latest.value, base.value, years: years), cr = cagr(TV, base.value, years: T - base.year)
        var lines = ["  base \(base.year) (\(base.how)): y_b = \(g(base.value)); latest \(latest.year): y = \(g(latest.value)); target \(T): TV = \(g(TV))",
                     "  CAGR_a = (y / y_b)^(1/\(years)) − 1 = (\(g(latest.value)) / \(g(base.value)))^(1/\(years)) − 1 = \(g(ca))"]
        let csi = (latest.value - base.value) / (TV - base.value)
        if d * cr <= 0 {
            // The base already meets the target: the ratio is undefined; judge the observed growth
            // by the rule for indicators without a target (note §1.2 b).
            let gr = d * ca
            lines.append("  the base already meets the target, so CAGR_r = \(g(cr)) has no meaning; without a target: g = d·CAGR_a = \(g(gr))")
            let (status, tier): (String, Tier) = gr > 0.01 ? ("significant_progress", .on_track)
                : gr >= 0 ? ("moderate_progress", .limited)
                : gr >= -0.01 ? ("moderate_movement_away", .regressing) : ("significant_movement_away", .regressing)
            lines.append("  g > 1 % significant progress; 0 ≤ g ≤ 1 % moderate progress; −1 % ≤ g < 0 moderate movement away; g < −1 % significant movement away → \(status)")
            return Verdict(base: base, latest: latest, progress: gr, currentStatus: csi, status: status, tier: tier,
                           reason: "the base value already meets the target: judged by the ±1 % rule", lines: lines)
        }
        let r = ca / cr
        lines.append("  CAGR_r = (TV / y_b)^(1/\(T - base.year)) − 1 = (\(g(TV)) / \(g(base.value)))^(1/\(T - base.year)) − 1 = \(g(cr))")
        lines.append("  R = CAGR_a / CAGR_r = \(g(ca)) / \(g(cr)) = \(g(r))")
        let (status, tier): (String, Tier) = r >= 0.95 ? ("significant_progress", .on_track)
            : r >= 0.6 ? ("moderate_progress", .acceleration_needed)
            : r >= 0 ? ("insufficient_progress", .limited) : ("movement_away", .regressing)
        lines.append("  R ≥ 0.95 significant progress; 0.6 ≤ R < 0.95 moderate; 0 ≤ R < 0.6 insufficient; R < 0 movement away → \(status)")
        return Verdict(base: base, latest: latest, progress: r, currentStatus: csi, status: status, tier: tier, reason: nil, lines: lines)
    }

    // MARK: - Open SDG (Statistics Canada)

    /// `SeriesProgress` of sdg-build, method 2 (a target is always given here).
    static func opensdg(_ c: ProgressCase) -> Verdict {
        let T = c.target.year, d = Double(c.target.direction)
        guard let latest = c.obs.latest else { return .notAssessable("no observations", status: "not_available") }
        guard var base = BaseRule.opensdg(c.obs, c.baseYear) else {
            return .notAssessable("no observation in or after the base year \(c.baseYear)", status: "not_available", latest: latest)
        }
        var TV = c.target.value
        var lines = ["  base \(base.year) (\(base.how)): y_b = \(g(base.value)); current \(latest.year): y = \(g(latest.value)); target \(T): TV = \(g(TV))"]
        if TV == 0 { TV = 0.001; lines.append("  target 0 is replaced by 0.001 (as sdg-build does)") }
        let sign = base.value < 0 ? -1.0 : 1.0
        let achieved = (d < 0 && latest.value <= TV) || (d > 0 && latest.value >= TV)
        if base.value == 0 { base.value = 0.001; lines.append("  base 0 is replaced by 0.001 (as sdg-build does)") }
        func unavailable(_ why: String) -> Verdict {
            var v = Verdict.notAssessable(why, status: achieved ? "target_achieved" : "not_available", base: base, latest: latest)
            v.lines = lines + v.lines
            return v
        }
        if (base.value > 0 && latest.value < 0) || (base.value < 0 && latest.value > 0) {
            return unavailable("the base (\(g(base.value))) and current (\(g(latest.value))) values have opposite signs")
        }
        guard latest.year - base.year >= 1 else { return unavailable("at least two years of data are needed after the base") }
        guard T != base.year else { return unavailable("the target year is the base year") }
        guard TV / base.value > 0 else { return unavailable("the target and the base have opposite signs") }
        let co = cagr(latest.value, base.value, years: latest.year - base.year)
        let cr = cagr(TV, base.value, years: T - base.year)
        guard cr != 0 else { return unavailable("the target equals the base value") }
        let pv = sign * d * co / abs(cr)
        lines.append("  CAGR_o = (y / y_b)^(1/\(latest.year - base.year)) − 1 = \(g(co)); CAGR_r = (TV / y_b)^(1/\(T - base.year)) − 1 = \(g(cr))")
        lines.append("  pv = sign·d·CAGR_o / |CAGR_r| = \(g(sign))·\(g(d))·\(g(co)) / \(g(abs(cr))) = \(g(pv))")
        let (label, tier): (String, Tier) = pv >= 0.95 ? ("substantial_progress", .on_track)
            : pv >= 0.6 ? ("moderate_progress", .acceleration_needed)
            : pv >= 0 ? ("limited_progress", .limited) : ("deterioration", .regressing)
        let status = achieved ? "target_achieved" : label
        lines.append("  " + (achieved ? "the current value reaches the target → target_achieved"
                                       : "pv ≥ 0.95 substantial; 0.6 ≤ pv < 0.95 moderate; 0 ≤ pv < 0.6 limited; pv < 0 deterioration → \(status)"))
        let csi = (latest.value - base.value) / (TV - base.value)
        return Verdict(base: base, latest: latest, progress: pv, currentStatus: csi, status: status, tier: tier, reason: nil, lines: lines)
    }

    // MARK: - UNSD

    static func unsd(_ c: ProgressCase) -> Verdict {
        let T = c.target.year, TV = c.target.value
        guard let latest = c.obs.latest, c.obs.points.count >= 2 else {
            return .notAssessable("UNSD needs two observations, found \(c.obs.points.count)", status: "insufficient_data")
        }
        guard let base = BaseRule.unsd(c.obs, c.baseYear), base.year < latest.year else {
            return .notAssessable("no base before the latest observation", status: "insufficient_data", latest: latest)
        }
        guard base.value > 0, latest.value > 0 else {
            return .notAssessable("a growth rate needs positive values (base \(g(base.value)), latest \(g(latest.value)))", base: base, latest: latest)
        }
        guard TV != base.value else { return .notAssessable("the target equals the base value \(g(base.value))", base: base, latest: latest) }
        var lines = ["  base \(base.year) (\(base.how)): v_b = \(g(base.value)); latest \(latest.year): v_t = \(g(latest.value)); target \(T): TV = \(g(TV))"]
        let years = latest.year - base.year
        let ca = cagr(latest.value, base.value, years: years)
        lines.append("  CAGR_a = (v_t / v_b)^(1/\(years)) − 1 = \(g(ca))")
        let expected: Double
        if let a = c.anticipated {
            expected = a
            lines.append("  expected v_\(T) = \(g(a)) (the scenario's projection)")
        } else {
            expected = latest.value * pow(1 + ca, Double(T - latest.year))
            lines.append("  expected v_\(T) = v_t·(1 + CAGR_a)^\(T - latest.year) = \(g(latest.value))·\(g(1 + ca))^\(T - latest.year) = \(g(expected))")
        }
        let r = (expected - base.value) / (TV - base.value)
        lines.append("  r = (v_e − v_b) / (TV − v_b) = (\(g(expected)) − \(g(base.value))) / (\(g(TV)) − \(g(base.value))) = \(g(r))")
        // Exceptions of the technical note: a value that meets the target, or lies within one point of
        // 100 % (0 %) when that is the target, counts as achieved whatever the trend.
        let bound = c.target.direction > 0 ? TV == 100 && latest.value >= 99 : TV == 0 && latest.value <= 1
        let met = c.target.isMet(by: latest.value) || bound
        let (label, tier): (String, Tier) = r >= 0.95 ? ("on_track", .on_track)
            : r >= 0.10 ? ("acceleration_needed", .acceleration_needed)
            : ("stagnation_or_regression", r >= 0 ? .limited : .regressing)
        let status = met ? "target_met" : label
        lines.append("  " + (met ? "the latest value meets the target → target_met"
                                 : "r ≥ 0.95 on track; 0.10 ≤ r < 0.95 acceleration needed; r < 0.10 stagnation or regression → \(status)"))
        let csi = (latest.value - base.value) / (TV - base.value)
        return Verdict(base: base, latest: latest, progress: r, currentStatus: csi, status: status, tier: met ? .met : tier,
                       reason: nil, lines: lines)
    }
}
