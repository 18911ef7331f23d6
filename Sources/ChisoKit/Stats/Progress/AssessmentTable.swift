import Foundation

/// `assess`: every series (indicator, area, series, scenario) judged against every target that
/// applies to it, by one or more methods, one row each.
enum AssessmentTable {
    /// The columns in the order each row is built (see `columns` for the order shown).
    static let builtColumns: [(String, DataType)] = [
        ("indicator", .text), ("area", .text), ("series", .text), ("plan", .text), ("target_year", .int),
        ("op", .text), ("lo", .float), ("hi", .float), ("target_value", .float), ("direction", .text),
        ("scenario", .text), ("method", .text), ("base_year", .int), ("base_value", .float), ("base_how", .text),
        ("latest_year", .int), ("latest_value", .float), ("progress", .float), ("current_status", .float),
        ("status", .text), ("tier", .text), ("reason", .text),
        ("progress_at_other_bound", .float), ("value_at_target_year", .float), ("met_at_target_year", .bool),
    ]

    /// The order a reader sees: what was judged and the verdict first (indicator, area, plan,
    /// target year, the target, method, status, tier), then the numbers behind it, then the
    /// derivation. This is the table's schema; rows are built in `builtColumns`' order.
    static let columns: [(String, DataType)] = shownOrder.map { name in builtColumns.first { $0.0 == name }! }
    static let shownOrder = [
        "indicator", "area", "plan", "target_year", "op", "lo", "hi", "method", "status", "tier",
        "progress", "latest_year", "latest_value", "series", "scenario", "direction", "target_value",
        "base_year", "base_value", "base_how", "current_status", "reason",
        "progress_at_other_bound", "value_at_target_year", "met_at_target_year",
    ]

    /// A target as `assess` applies it.
    struct TargetRow {
        var plan: String?
        var indicator: String
        var area: String
        var series: String?
        var year: Int
        var op: String
        var lo: Double
        var hi: Double?
        var text: String?
        var direction: Int?
        var baseYear: Int
    }

    struct Options {
        var methods: [ProgressMethod]
        var baseYear: Int?
        var window: Int
        var tolerance: Double
        var onTrack: Double
    }

    /// One series of the input: its keys and its observations (duplicate years kept, to report).
    struct Series {
        var indicator: String, area: String, series: String?, scenario: String?
        var direction: Int?
        var observed: [(year: Int, value: Double)] = []
        var projected: [Int: Double] = [:]
    }

    /// Reads "up"/"down" (also "+1"/"-1", "positive"/"negative", "higher"/"lower").
    static func direction(_ s: String) -> Int? {
        switch s.lowercased() {
        case "up", "+1", "1", "positive", "higher", "increase": return 1
        case "down", "-1", "negative", "lower", "decrease": return -1
        default: return nil
        }
    }

    static func series(_ frame: Frame, _ input: [String: Int]) throws -> [Series] {
        func text(_ role: String, _ i: Int) -> String? {
            guard let k = input[role] else { return nil }
            let c = frame.column(k)
            return c.isNull(i) ? nil : c.value(at: i).description
        }
        let value = DoubleView(.column(frame.column(input["value"]!))), year = frame.column(input["year"]!)
        var order: [String] = [], all: [String: Series] = [:]
        for i in 0..<frame.rowCount where !value.isNull(i) && !year.isNull(i) {
            guard let ind = text("indicator", i), let area = text("area", i), case .int(let y) = year.value(at: i) else { continue }
            let ser = text("series", i), scen = text("scenario", i)
            let key = [ind, area, ser ?? "\u{0}", scen ?? "\u{0}"].joined(separator: "\u{1}")
            if all[key] == nil {
                order.append(key)
                all[key] = Series(indicator: ind, area: area, series: ser, scenario: scen)
            }
            if let d = text("direction", i) {
                guard let parsed = direction(d) else {
                    throw Diagnostic(.data, "direction '\(d)' of \(ind) is neither up nor down", hint: "write up (higher is better) or down")
                }
                all[key]!.direction = parsed
            }
            if let k = text("kind", i), k != "observed" { all[key]!.projected[Int(y)] = value[i] } else {
                all[key]!.observed.append((Int(y), value[i]))
            }
        }
        return order.map { all[$0]! }
    }

    /// Where `assess` looked for targets, for the note on a series it found none for.
    typealias LookedIn = (_ indicator: String, _ area: String) -> String

    static func build(_ frame: Frame, input: [String: Int], targets: [TargetRow], catalogDirections: [String: Int],
                      options: Options, explain: ((String) -> Void)?, note: (String) -> Void = { _ in },
                      lookedIn: LookedIn = { _, _ in "looked in the targets" }) throws -> Table {
        var out = TableBuilder(builtColumns)
        func f(_ x: Double?) -> Value { x.map { .float($0) } ?? .null }
        func t(_ s: String?) -> Value { s.map { .text($0) } ?? .null }
        var withoutTarget: [String] = []
        for s in try series(frame, input) {
            let sorted = s.observed.sorted { $0.year < $1.year }
            // Two values for one year are two series read as one: judging them would fit a trend
            // through both, so it is an error naming the column that tells them apart.
            if let dup = zip(sorted, sorted.dropFirst()).first(where: { $0.0.year == $0.1.year }) {
                var name = "\(s.indicator), \(s.area)"
                if let ser = s.series { name += ", series \(ser)" }
                if let sc = s.scenario { name += ", scenario \(sc)" }
                let missing = ["series", "scenario"].filter { input[$0] == nil }
                throw Diagnostic(.data, "\(name) has two values for \(dup.0.year) (\(ProgressMethods.g(dup.0.value)) and \(ProgressMethods.g(dup.1.value))): two series would be judged as one",
                                 hint: missing.isEmpty ? "keep one row a year per series (where …), or tell the rows apart in the series column"
                                     : "tell the series apart with a \(missing.joined(separator: " or ")) column (derive series = …), or keep one with where")
            }
            let obs = Observations(points: sorted)
            let applicable = targets.filter { $0.indicator == s.indicator && $0.area == s.area && ($0.series == nil || $0.series == s.series) }
            if applicable.isEmpty {
                withoutTarget.append("\(s.indicator) in \(s.area)\(s.series.map { " (series \($0))" } ?? "") — \(lookedIn(s.indicator, s.area))")
            }
            for target in applicable {
                guard let d = target.direction ?? s.direction ?? catalogDirections[s.indicator] else {
                    throw Diagnostic(.name, "indicator '\(s.indicator)' has no direction",
                                     hint: "add a direction column (up or down) to the input or the targets, or list it in the indicators catalogue")
                }
                let pt = ProgressTarget(op: target.op, lo: target.lo, hi: target.hi, year: target.year, direction: d,
                                        tolerance: options.tolerance)
                // A target year already past: what the value was then, and the trend up to then.
                let latestYear = obs.latest?.year ?? Int.min
                let past = target.year < latestYear
                let atTarget = past ? obs.interpolated(at: target.year) : nil
                let metAtTarget = atTarget.map { pt.isMet(by: $0.value) }
                let used = past ? obs.upTo(target.year) : obs
                for method in options.methods {
                    let c = ProgressCase(obs: used, target: pt, baseYear: options.baseYear ?? target.baseYear,
                                         anticipated: s.projected[target.year], window: options.window, onTrack: options.onTrack)
                    var v = ProgressMethods.judge(method, c)
                    let other = pt.otherBound.map { ProgressMethods.judge(method, ProgressCase(obs: used, target: pt.aimedAt($0), baseYear: c.baseYear,
                                                                                              anticipated: c.anticipated, window: c.window, onTrack: c.onTrack)).progress }
                    // The latest observation is known even where a method cannot use it.
                    if v.latest == nil { v.latest = used.latest }
                    let met = past ? (metAtTarget ?? false) : (obs.latest.map { pt.isMet(by: $0.value) } ?? false)
                    var why: String
                    if met {
                        v.tier = .met
                        why = past ? "the value at \(target.year) meets the target as worded" : "the latest value meets the target as worded"
                    } else {
                        why = "from the method's status"
                    }
                    if past {
                        let note = "the target year has passed: judged on data up to \(target.year)"
                        v.reason = v.reason.map { note + "; " + $0 } ?? note
                    }
                    if let explain {
                        var head = "[\(method.rawValue)] \(s.indicator) \(s.area)"
                        if let ser = s.series { head += " series \(ser)" }
                        if let sc = s.scenario { head += " scenario \(sc)" }
                        head += " — \(target.plan ?? "target") \(target.year) \(target.op) \(ProgressMethods.g(target.lo))"
                            + (target.hi.map { "–" + ProgressMethods.g($0) } ?? "") + (target.text.map { ": \($0)" } ?? "")
                        var lines = [head, "  direction \(d > 0 ? "up" : "down"); target value TV = \(ProgressMethods.g(pt.value))"
                                     + (pt.otherBound != nil ? " (the range's weakest bound)" : "")]
                        if let a = atTarget {
                            lines.append("  value at \(target.year) = \(ProgressMethods.g(a.value)) (\(a.how)) → \(metAtTarget == true ? "met" : "not met") at the target year")
                        }
                        lines += v.lines
                        lines.append("  tier \(v.tier.rawValue): \(why)")
                        explain(lines.joined(separator: "\n"))
                    }
                    out.append([.text(s.indicator), .text(s.area), t(s.series), t(target.plan), .int(Int64(target.year)),
                                .text(target.op), .float(target.lo), f(target.hi), .float(pt.value), .text(d > 0 ? "up" : "down"),
                                t(s.scenario), .text(method.rawValue), v.base.map { .int(Int64($0.year)) } ?? .null,
                                f(v.base?.value), t(v.base?.how), v.latest.map { .int(Int64($0.year)) } ?? .null, f(v.latest?.value),
                                f(v.progress), f(v.currentStatus), .text(v.status), .text(v.tier.rawValue), t(v.reason),
                                f(other ?? nil), f(atTarget?.value), metAtTarget.map { .bool($0) } ?? .null])
                }
            }
        }
        // Never a silent empty result: each series with no target is named with where it was looked for.
        if !withoutTarget.isEmpty {
            let shown = withoutTarget.prefix(12)
            note("no target for \(withoutTarget.count) series: " + shown.joined(separator: "; ")
                 + (withoutTarget.count > shown.count ? "; and \(withoutTarget.count - shown.count) more" : ""))
        }
        let built = out.table(origin: "assess")
        assert(shownOrder.count == builtColumns.count && Set(shownOrder) == Set(builtColumns.map(\.0)), "shownOrder names every column once")
        let order = shownOrder.map { name in builtColumns.firstIndex { $0.0 == name }! }
        return Table(names: order.map { built.names[$0] }, columns: order.map { built.columns[$0] },
                     rowCount: built.rowCount, origin: "assess")
    }
}
