import Foundation

/// Judging progress towards a plan's target, after Eurostat's SDG monitoring method (the ratio
/// of the observed to the required annual change, with thresholds at 95 %, 60 % and 0) and UN
/// ESCAP's "anticipated progress" (the share of the distance from the base to the target that
/// the projected value covers by the target year).
///
/// - Eurostat: "Sustainable development in the European Union — Monitoring report", annex on
///   methodology (assessment of progress towards quantified targets).
/// - UN ESCAP: "Asia and the Pacific SDG Progress Report", methodological note (anticipated
///   progress index).
public enum Assessment {
    /// `~` ("khoảng X%", about X) counts as met within this many points of X.
    public static let aboutTolerance = 1.0

    public enum Status: String, CaseIterable, Sendable {
        case met = "met"
        /// A range target ("15-20%") reached at its upper end.
        case metFully = "met (upper end)"
        case onTrack = "on track"
        case needsAcceleration = "needs acceleration"
        case offTrack = "off track"
        case regressing = "regressing"
        case notMet = "not met"
        case insufficientData = "insufficient data"
    }

    /// Whether value `x` satisfies the target as the plan words it (higher is better).
    public static func meets(_ x: Double, op: String, lo: Double, hi: Double?) -> Bool {
        switch op {
        case ">": return x > lo                       // "trên X%": strictly above
        case ">=", "=": return x >= lo                // "tối thiểu", "đạt X%": reaching X is enough
        case "~": return x >= lo - aboutTolerance     // "khoảng X%": within the tolerance below X
        case "range": return x >= lo                  // "X-Y%": met at X, fully at Y
        default: return false
        }
    }

    /// Eurostat's categories from the observed and required annual changes.
    public static func status(latest: Double, observedChange: Double?, requiredChange: Double?,
                              op: String, lo: Double, hi: Double?, yearsLeft: Int) -> Status {
        if meets(latest, op: op, lo: lo, hi: hi) {
            if op == "range", let hi, latest >= hi { return .metFully }
            return .met
        }
        if yearsLeft <= 0 { return .notMet }
        guard let obs = observedChange, let req = requiredChange else { return .insufficientData }
        if obs < 0 { return .regressing }
        let ratio = obs / req
        if ratio >= 0.95 { return .onTrack }
        if ratio >= 0.6 { return .needsAcceleration }
        return .offTrack
    }

    /// The value the target asks for: X for "đạt/trên/tối thiểu/khoảng X", the lower end of a
    /// range. For `>` the required change is computed to X itself (nothing measurable lies
    /// between X and "above X"); meeting the target is still judged strictly.
    public static func targetValue(op: String, lo: Double, hi: Double?) -> Double { lo }
}
