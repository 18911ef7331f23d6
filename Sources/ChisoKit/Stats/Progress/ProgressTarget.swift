import Foundation

/// A plan target as the methods read it: the wording (`op`, `lo`, `hi`), the year, and the
/// indicator's desired direction (+1 higher is better, −1 lower is better).
///
/// How the wording is read (shared/notes/progress-methods.md §7):
/// `>` strictly above ("trên"), `>=` at or above ("tối thiểu", "ít nhất"), `<` and `<=` the same
/// downwards, `=` ("đạt") reached in the desired direction, `~` ("khoảng") within a stated
/// tolerance in the indicator's unit, `range` ("15-20%") judged at its weakest bound — the lower
/// one for a higher-is-better indicator — as Germany's DNS does for target intervals.
struct ProgressTarget: Sendable {
    var op: String
    var lo: Double
    var hi: Double?
    var year: Int
    var direction: Int
    var tolerance: Double

    /// The value the growth formulas aim at.
    var value: Double { op == "range" ? (direction > 0 ? lo : (hi ?? lo)) : lo }

    /// The stronger bound of a range (its progress is reported beside the weakest bound's).
    var otherBound: Double? { op == "range" ? (direction > 0 ? hi : lo) : nil }

    func isMet(by x: Double) -> Bool {
        switch op {
        case ">": return x > lo
        case ">=": return x >= lo
        case "<": return x < lo
        case "<=": return x <= lo
        case "~": return abs(x - lo) <= tolerance
        case "range": return direction > 0 ? x >= lo : x <= (hi ?? lo)
        default: return direction > 0 ? x >= lo : x <= lo      // "=": reached in the desired direction
        }
    }

    /// The same target aimed at another value (a range's other bound).
    func aimedAt(_ v: Double) -> ProgressTarget {
        var t = self
        t.op = direction > 0 ? ">=" : "<="
        t.lo = v
        t.hi = nil
        return t
    }
}

/// The shared vocabulary over the methods' own labels.
enum Tier: String, Sendable {
    case met, on_track, acceleration_needed, limited, regressing, not_assessable
}

/// One series' observations, sorted by year, one value a year.
struct Observations: Sendable {
    var points: [(year: Int, value: Double)]

    var latest: (year: Int, value: Double)? { points.last }

    func value(at year: Int) -> Double? { points.first { $0.year == year }?.value }

    /// The observations up to and including `year`.
    func upTo(_ year: Int) -> Observations { Observations(points: points.filter { $0.year <= year }) }

    /// The value at `year`: observed, or on the straight line between the observations either
    /// side of it; nil outside the observed years.
    func interpolated(at year: Int) -> (value: Double, how: String)? {
        if let v = value(at: year) { return (v, "observed") }
        guard let before = points.last(where: { $0.year < year }), let after = points.first(where: { $0.year > year }) else { return nil }
        let w = Double(year - before.year) / Double(after.year - before.year)
        return (before.value + w * (after.value - before.value), "interpolated")
    }
}

/// Where a method's base came from, for the `base_how` column.
struct Base: Sendable {
    var year: Int
    var value: Double
    var how: String
}

/// How each method finds its base when the base year has no observation.
enum BaseRule {
    /// ESCAP (tool choice, note §9): observed, else interpolated between neighbours, else the
    /// first later observation.
    static func escap(_ obs: Observations, _ year: Int) -> Base? {
        if let (v, how) = obs.interpolated(at: year) { return Base(year: year, value: v, how: how) }
        return nextLater(obs, year)
    }

    /// Open SDG `ProgressMeasure.py`: observed, else `years[years > base_year].min()`.
    static func opensdg(_ obs: Observations, _ year: Int) -> Base? {
        if let v = obs.value(at: year) { return Base(year: year, value: v, how: "observed") }
        return nextLater(obs, year)
    }

    /// UNSD 2023 Progress Chart (as Eustat applies it): observed, else the first year after it
    /// that still leaves two values, else the last year before it.
    static func unsd(_ obs: Observations, _ year: Int) -> Base? {
        if let v = obs.value(at: year) { return Base(year: year, value: v, how: "observed") }
        if let b = nextLater(obs, year), let latest = obs.latest, b.year < latest.year { return b }
        guard let p = obs.points.last(where: { $0.year < year }) else { return nil }
        return Base(year: p.year, value: p.value, how: "latest earlier year")
    }

    /// Eurostat's moving window: the year `window` before the latest, else the first observed
    /// year inside the window that is at least three years before the latest.
    static func eurostat(_ obs: Observations, window: Int) -> Base? {
        guard let latest = obs.latest else { return nil }
        let start = latest.year - window
        if let v = obs.value(at: start) { return Base(year: start, value: v, how: "observed (\(window)-year window)") }
        guard let p = obs.points.first(where: { $0.year > start && $0.year <= latest.year - 3 }) else { return nil }
        return Base(year: p.year, value: p.value, how: "first year in the \(window)-year window")
    }

    static func nextLater(_ obs: Observations, _ year: Int) -> Base? {
        guard let p = obs.points.first(where: { $0.year > year }) else { return nil }
        return Base(year: p.year, value: p.value, how: "next later year")
    }
}
