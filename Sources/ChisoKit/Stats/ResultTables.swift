import Foundation

/// Columns built row by row for the small result tables of the statistics stages.
struct TableBuilder {
    var names: [String]
    var types: [DataType]
    var rows: [[Value]] = []

    init(_ columns: [(String, DataType)]) {
        names = columns.map(\.0)
        types = columns.map(\.1)
    }

    mutating func append(_ row: [Value]) { rows.append(row) }

    func table(origin: String) -> Table {
        let cols = types.enumerated().map { k, t in buildColumn(type: t, count: rows.count) { rows[$0][k] } }
        return Table(names: names, columns: cols, rowCount: rows.count, origin: origin)
    }
}

/// `project`: per series (the `per` keys) and scenario, the observed rows then the projected
/// ones up to the horizon. A series too short for a method is skipped with a warning naming it.
enum ProjectionTable {
    static func build(_ frame: Frame, value: Int, year: Int, per: [Int], spec: ProjectSpec, unitOf: (Int) -> String?,
                      explain: ((String) -> Void)?, warn: (String) -> Void) throws -> Table {
        let keyCols = per.map(frame.column)
        let index = GroupIndex(keys: keyCols, rowCount: frame.rowCount)
        let groups = per.isEmpty ? 1 : index.groupCount
        let values = DoubleView(.column(frame.column(value)))
        let years = frame.column(year)
        var series = [[(year: Int, value: Double)]](repeating: [], count: groups)
        var units = [String?](repeating: nil, count: groups)
        for i in 0..<frame.rowCount where !values.isNull(i) && !years.isNull(i) {
            guard case .int(let y) = years.value(at: i) else { continue }
            let g = Int(index.ids[i])
            series[g].append((Int(y), values[i]))
            if units[g] == nil { units[g] = unitOf(i) }
        }
        let withInterval = spec.interval != nil
        var out = TableBuilder(per.map { (frame.names[$0], keyCols[per.firstIndex(of: $0)!].type) }
                               + [(spec.by.text, .int), (spec.value.text, .float), ("kind", .text), ("scenario", .text)]
                               + (withInterval ? [("lo", .float), ("hi", .float)] : []))
        for g in 0..<groups {
            let keys = keyCols.map { $0.value(at: Int(index.firstRows[g])) }
            let label = zip(per.map { frame.names[$0] }, keys).map { "\($0)=\($1)" }.joined(separator: ", ")
            let obs = series[g].sorted { $0.year < $1.year }
            if let dup = zip(obs, obs.dropFirst()).first(where: { $0.0.year == $0.1.year }) {
                throw ProjectionError.message("\(label.isEmpty ? "the series" : label) has two values for \(dup.0.year)"
                    + (per.isEmpty ? "; tell the series apart with per …" : ""))
            }
            if obs.isEmpty { continue }
            let bounds = spec.bounds ?? ValueBounds.forUnit(units[g])
            for s in spec.scenarios {
                let p: SeriesProjection
                do {
                    p = try Projector.project(obs, to: spec.horizon, s, bounds: bounds, interval: spec.interval)
                } catch ProjectionError.message(let m) {
                    throw ProjectionError.message((label.isEmpty ? "" : label + ": ") + m)
                } catch ProjectionError.badFrom(let m) {
                    throw ProjectionError.badFrom((label.isEmpty ? "" : label + ", ") + "scenario \(s.name): " + m)
                } catch ProjectionError.tooFew(let m) {
                    warn("\(label.isEmpty ? "the series" : label), scenario \(s.name): \(m); no projection")
                    continue
                }
                if let explain {
                    explain(([ "[\(s.name)]" + (label.isEmpty ? "" : " " + label)] + p.explanation.map { "  " + $0 }).joined(separator: "\n"))
                }
                let none: [Value] = withInterval ? [.null, .null] : []
                for o in obs { out.append(keys + [.int(Int64(o.year)), .float(o.value), .text("observed"), .text(s.name)] + none) }
                for (k, (y, v)) in zip(p.years, p.values).enumerated() {
                    let interval: [Value] = withInterval
                        ? [p.lo.isEmpty ? .null : p.lo[k].map { .float($0) } ?? .null, p.hi.isEmpty ? .null : p.hi[k].map { .float($0) } ?? .null] : []
                    out.append(keys + [.int(Int64(y)), .float(v), .text("projected"), .text(s.name)] + interval)
                }
            }
        }
        return out.table(origin: "project")
    }
}

/// `lineage`: each target beside the target of its nearest ancestor plan that has targets, with
/// a flag; the ancestor's targets the plan does not repeat are listed as `silent`.
enum LineageTable {
    static let columns: [(String, DataType)] = [
        ("plan", .text), ("indicator", .text), ("year", .int), ("op", .text), ("lo", .float), ("hi", .float),
        ("ancestor", .text), ("ancestor_op", .text), ("ancestor_lo", .float), ("ancestor_hi", .float), ("flag", .text),
    ]

    struct Target { var plan: String; var indicator: String; var year: Int; var op: String; var lo: Double; var hi: Double? }

    static func targets(_ t: Table, plan: Int, indicator: Int, year: Int, op: Int, lo: Int, hi: Int?) -> [Target] {
        (0..<t.rowCount).compactMap { i in
            guard case .text(let p) = t.columns[plan].value(at: i), case .text(let ind) = t.columns[indicator].value(at: i),
                  case .int(let y) = t.columns[year].value(at: i), case .text(let o) = t.columns[op].value(at: i),
                  let l = t.columns[lo].value(at: i).double else { return nil }
            return Target(plan: p, indicator: ind, year: Int(y), op: o, lo: l, hi: hi.flatMap { t.columns[$0].value(at: i).double })
        }
    }

    /// How strict a target is, for comparing: the value asked for, then `>` above `=`/`>=`.
    static func ambition(_ t: Target) -> (Double, Int) { (t.lo, t.op == ">" ? 1 : 0) }

    /// The columns of `targets` and `plans` were checked when the stage was bound; a table
    /// that changed since is an error here, never a crash.
    static func build(_ frame: Frame, input: [String: Int], targets all: Table, plans: Table) throws -> Table {
        func need(_ t: Table, _ name: String, _ col: String) throws -> Int {
            guard let i = t.index(of: col) else { throw Diagnostic(.name, "table '\(name)' has no column '\(col)'") }
            return i
        }
        func role(_ r: String) throws -> Int {
            guard let i = input[r] else { throw Diagnostic(.name, "lineage needs a column '\(r)'") }
            return i
        }
        let inputTable = frame.table(origin: "")
        let mine = targets(inputTable, plan: try role("plan"), indicator: try role("indicator"), year: try role("year"),
                           op: try role("op"), lo: try role("lo"), hi: input["hi"])
        let every = targets(all, plan: try need(all, "targets", "plan"), indicator: try need(all, "targets", "indicator"),
                            year: try need(all, "targets", "year"), op: try need(all, "targets", "op"),
                            lo: try need(all, "targets", "lo"), hi: all.index(of: "hi"))
        let ids = plans.columns[try need(plans, "plans", "id")], parents = plans.columns[try need(plans, "plans", "parent")]
        var parent: [String: String] = [:]
        for i in 0..<plans.rowCount {
            if case .text(let id) = ids.value(at: i), case .text(let p) = parents.value(at: i) { parent[id] = p }
        }
        let plansWithTargets = Set(every.map(\.plan))
        func ancestor(_ plan: String) -> String? {
            var cur = parent[plan]
            var seen: Set<String> = [plan]
            while let c = cur, !seen.contains(c) {
                if plansWithTargets.contains(c) { return c }
                seen.insert(c); cur = parent[c]
            }
            return nil
        }
        var out = TableBuilder(columns)
        func f(_ x: Double?) -> Value { x.map { .float($0) } ?? .null }
        var planOrder: [String] = []
        for t in mine where !planOrder.contains(t.plan) { planOrder.append(t.plan) }
        for p in planOrder {
            let anc = ancestor(p)
            let theirs = every.filter { $0.plan == anc }
            for t in mine where t.plan == p {
                let a = theirs.first { $0.indicator == t.indicator && $0.year == t.year }
                let flag: String
                if let a {
                    let (x, y) = (ambition(t), ambition(a))
                    flag = x > y ? "more ambitious" : x < y ? "less ambitious" : "same"
                } else {
                    flag = anc == nil ? "no ancestor targets" : "ancestor silent"
                }
                out.append([.text(p), .text(t.indicator), .int(Int64(t.year)), .text(t.op), .float(t.lo), f(t.hi),
                            anc.map { .text($0) } ?? .null, a.map { .text($0.op) } ?? .null, f(a?.lo), f(a?.hi), .text(flag)])
            }
            for a in theirs where !mine.contains(where: { $0.plan == p && $0.indicator == a.indicator && $0.year == a.year }) {
                out.append([.text(p), .text(a.indicator), .int(Int64(a.year)), .null, .null, .null,
                            .text(a.plan), .text(a.op), .float(a.lo), f(a.hi), .text("silent")])
            }
        }
        return out.table(origin: "lineage")
    }
}

/// `estimate`: design-based estimates per `by` group, over the rows the pipeline kept.
enum SurveyTable {
    static let columns: [(String, DataType)] = [
        ("statistic", .text), ("estimate", .float), ("se", .float), ("ci_lo", .float), ("ci_hi", .float),
        ("n", .int), ("deff", .float),
    ]

    /// `frame` holds the domain's rows; `sample` is the whole table the design is declared on,
    /// and `frame.sourceRows` says which of its rows each frame row is.
    static func build(_ frame: Frame, sample: Table, design spec: SurveyDesign, stats: [(SurveyEstimator.Statistic, Int, String)],
                      by: [Int], logit: Bool, explain: ((String) -> Void)? = nil) throws -> Table {
        let design = try DesignArrays(sample, spec)
        let total = sample.rowCount
        let keyCols = by.map(frame.column)
        let index = GroupIndex(keys: keyCols, rowCount: frame.rowCount)
        let groups = by.isEmpty ? 1 : index.groupCount
        let rowIds = frame.sourceRows
        let z = SurveyEstimator.normalQuantile(0.975)
        var out = TableBuilder(by.map { (frame.names[$0], frame.column($0).type) } + columns)
        var results: [[SurveyEstimator.Estimate?]] = []
        for (stat, col, _) in stats {
            let values = DoubleView(.column(frame.column(col)))
            var y = [Double](repeating: 0, count: total)
            var domain = [Int32](repeating: -1, count: total)
            for k in 0..<frame.rowCount where !values.isNull(k) {
                let src = rowIds.map { Int($0[k]) } ?? k
                y[src] = values[k]
                domain[src] = index.ids[k]
            }
            if stat == .share, let bad = (0..<frame.rowCount).first(where: { !values.isNull($0) && values[$0] != 0 && values[$0] != 1 }) {
                throw Diagnostic(.data, "share needs a 0/1 column; row \(bad + 1) has \(NumberFormat.shortest(values[bad]))",
                                 hint: "use mean(…) for other values")
            }
            if case .quantile(let p) = stat {
                results.append(SurveyEstimator.quantiles(p, y: y, domain: domain, domains: groups, design: design))
            } else {
                // explain: the first domain's arithmetic, ending in the SE printed in its row.
                let first = by.isEmpty ? "the whole domain" : index.firstRows.isEmpty ? "(no rows)" : zip(by, keyCols).map { "\(frame.names[$0.0]) = \($0.1.value(at: Int(index.firstRows[0])))" }.joined(separator: ", ")
                let label = stats.first { $0.0 == stat && $0.1 == col }?.2 ?? "estimate"
                results.append(SurveyEstimator.estimate(stat, y: y, domain: domain, domains: groups, design: design,
                                                        explainFirst: explain.map { ex in { ex((["[\(label)] first domain: \(first)"] + $0).joined(separator: "\n")) } }))
            }
        }
        for g in 0..<groups {
            let keys = g < index.firstRows.count ? keyCols.map { $0.value(at: Int(index.firstRows[g])) } : []
            for (s, (stat, _, label)) in stats.enumerated() {
                // A domain with no rows (or no values) is a row saying so: n = 0, no estimate.
                guard let e = results[s][g] else {
                    out.append(keys + [.text(label), .null, .null, .null, .null, .int(0), .null])
                    continue
                }
                var lo = e.interval?.0 ?? e.estimate - z * e.se, hi = e.interval?.1 ?? e.estimate + z * e.se
                if logit && stat == .share && e.estimate > 0 && e.estimate < 1 {
                    // svyciprop(method = "logit"): logit(p) ± t(df)·se/(p(1 − p)), back-transformed.
                    let t = SurveyEstimator.tQuantile(0.975, df: e.df)
                    let l = log(e.estimate / (1 - e.estimate)), h = t * e.se / (e.estimate * (1 - e.estimate))
                    lo = 1 / (1 + exp(-(l - h))); hi = 1 / (1 + exp(-(l + h)))
                }
                out.append(keys + [.text(label), .float(e.estimate), .float(e.se), .float(lo), .float(hi),
                                   .int(Int64(e.n)), e.deff.map { .float($0) } ?? .null])
            }
        }
        return out.table(origin: "estimate")
    }
}
