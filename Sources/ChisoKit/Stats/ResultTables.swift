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
    static func build(_ frame: Frame, value: Int, year: Int, per: [Int], carried: [Int] = [], spec: ProjectSpec,
                      unitOf: (Int) -> String?, explain: ((String) -> Void)?, warn: (String) -> Void) throws -> Table {
        let keyCols = per.map(frame.column)
        let index = GroupIndex(keys: keyCols, rowCount: frame.rowCount)
        let groups = per.isEmpty ? 1 : index.groupCount
        let values = DoubleView(.column(frame.column(value)))
        let years = frame.column(year)
        let carriedCols = carried.map(frame.column)
        var series = [[(year: Int, value: Double)]](repeating: [], count: groups)
        var units = [String?](repeating: nil, count: groups)
        var firstRow = [Int](repeating: -1, count: groups)
        func label(_ g: Int) -> String {
            guard !per.isEmpty else { return "" }
            return zip(per.map { frame.names[$0] }, keyCols.map { $0.value(at: Int(index.firstRows[g])) })
                .map { "\($0)=\($1)" }.joined(separator: ", ")
        }
        // Names the group in an error: its per keys, else the indicator and area it carries.
        func named(_ g: Int) -> String {
            let l = label(g)
            guard l.isEmpty, firstRow[g] >= 0 else { return l.isEmpty ? "the series" : l }
            let parts = zip(carried, carriedCols).filter { ["indicator", "area"].contains(frame.names[$0.0]) && !$0.1.isNull(firstRow[g]) }
                .map { "\(frame.names[$0.0])=\($0.1.value(at: firstRow[g]))" }
            return parts.isEmpty ? "the series" : parts.joined(separator: ", ")
        }
        // The fix for two series in one group: per the series' identity columns (those the input
        // has) plus the column that tells them apart.
        func separatingHint(_ column: String? = nil) -> String {
            let names = Set(frame.names), perNames = per.map { frame.names[$0] }
            let separating = column.map { [$0] } ?? ["series", "scenario"].filter { names.contains($0) && !perNames.contains($0) }
            var keys = perNames
            for k in ["indicator", "area"] + separating where names.contains(k) && !keys.contains(k) { keys.append(k) }
            if separating.isEmpty { keys.append("…") }
            return "project each series on its own: per \(keys.joined(separator: ", "))"
                + (separating.isEmpty ? "" : ", or keep one with where \(separating[0]) == …")
        }
        for i in 0..<frame.rowCount where !values.isNull(i) && !years.isNull(i) {
            guard case .int(let y) = years.value(at: i) else { continue }
            let g = per.isEmpty ? 0 : Int(index.ids[i])
            // One series is one indicator, area, series and unit: a second value of one of them
            // would fit one line through two definitions.
            if firstRow[g] < 0 { firstRow[g] = i } else {
                for (k, c) in carriedCols.enumerated() where !c.sameValue(i, firstRow[g]) {
                    let name = frame.names[carried[k]]
                    let a = c.isNull(firstRow[g]) ? "null" : c.value(at: firstRow[g]).description
                    let b = c.isNull(i) ? "null" : c.value(at: i).description
                    let group = label(g).isEmpty ? "the rows" : "the rows of " + label(g)
                    throw ProjectionError.mixed("\(group) mix two values of '\(name)' (\(a) and \(b)): one line would be fitted through two series",
                                                hint: separatingHint(name))
                }
            }
            series[g].append((Int(y), values[i]))
            if units[g] == nil { units[g] = unitOf(i) }
        }
        let withInterval = spec.interval != nil
        var out = TableBuilder((per + carried).map { (frame.names[$0], frame.column($0).type) }
                               + [(spec.by.text, .int), (spec.value.text, .float), ("kind", .text), ("scenario", .text)]
                               + (withInterval ? [("lo", .float), ("hi", .float)] : []))
        for g in 0..<groups {
            let obs = series[g].sorted { $0.year < $1.year }
            if obs.isEmpty { continue }
            let keys = keyCols.map { $0.value(at: Int(index.firstRows[g])) } + carriedCols.map { $0.value(at: firstRow[g]) }
            let label = label(g)
            if let dup = zip(obs, obs.dropFirst()).first(where: { $0.0.year == $0.1.year }) {
                throw ProjectionError.mixed("\(named(g)) has two values for \(dup.0.year) (\(ProgressMethods.g(dup.0.value)) and \(ProgressMethods.g(dup.1.value)))",
                                            hint: separatingHint())
            }
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
                    warn("\(named(g)), scenario \(s.name): \(m); no projection")
                    continue
                }
                if let explain {
                    let name = named(g)
                    explain(([ "[\(s.name)]" + (name == "the series" ? "" : " " + name)] + p.explanation.map { "  " + $0 }).joined(separator: "\n"))
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
/// One statistic of an `estimate`, bound to its columns.
struct PlannedStatistic: Sendable {
    var statistic: SurveyEstimator.Statistic
    var column: Int
    /// The denominator of a ratio.
    var denominator: Int?
    /// A share of a text column: one row per level.
    var levels: Bool = false
    var label: String
}

/// How the intervals and design effects of an `estimate` are computed.
struct EstimateOptions: Sendable {
    var interval = SurveyInterval.wald
    /// `df = inf`: the normal critical value instead of the design's degrees of freedom.
    var normal = false
    var deffReplace = false
}

enum SurveyTable {
    static let columns: [(String, DataType)] = [
        ("statistic", .text), ("estimate", .float), ("se", .float), ("ci_lo", .float), ("ci_hi", .float),
        ("n", .int), ("deff", .float),
    ]

    /// `frame` holds the domain's rows; `sample` is the whole table the design is declared on,
    /// and `frame.sourceRows` says which of its rows each frame row is.
    /// A sample whose rows are cells of the real sample's rows (summed in a database, see
    /// `SurveyPushdown`): each row's count of rows, the spread inside it per statistic column,
    /// and the real sample's number of rows.
    struct CollapsedSample {
        var frequency: [Int]
        var within: [Int: [Double]]
        var sampleRows: Int
    }

    static func build(_ frame: Frame, sample: Table, design spec: SurveyDesign, stats: [PlannedStatistic],
                      by: [Int], options: EstimateOptions, collapsed: CollapsedSample? = nil,
                      explain: ((String) -> Void)? = nil, note: (String) -> Void = { _ in }) throws -> Table {
        let design = try DesignArrays(sample, spec)
        let total = sample.rowCount
        func cells(_ column: Int?) -> SurveyEstimator.Cells? {
            collapsed.map { .init(frequency: $0.frequency, within: column.flatMap { c in collapsed?.within[c] } ?? [Double](repeating: 0, count: total)) }
        }
        let keyCols = by.map(frame.column)
        let index = GroupIndex(keys: keyCols, rowCount: frame.rowCount)
        let groups = by.isEmpty ? 1 : index.groupCount
        let rowIds = frame.sourceRows
        let z = SurveyEstimator.normalQuantile(0.975)
        var out = TableBuilder(by.map { (frame.names[$0], frame.column($0).type) } + columns)
        var results: [(label: String, statistic: SurveyEstimator.Statistic, estimates: [SurveyEstimator.Estimate?])] = []
        // A likelihood interval needs each share's rows: (y, domain, rows of the model).
        var rowsOf: [Int: (y: [Double], domain: [Int32], modelRows: Int)] = [:]
        func source(_ k: Int) -> Int { rowIds.map { Int($0[k]) } ?? k }
        for planned in stats {
            let stat = planned.statistic
            if planned.levels {
                // share(text): the mean of "is this level" over the rows with a value, per level.
                let c = frame.column(planned.column)
                // Levels in code-point order (R's sort() in the C locale), so the rows do not depend on a locale.
                let levels = Set((0..<frame.rowCount).compactMap { c.isNull($0) ? nil : c.value(at: $0).description }).sorted()
                for level in levels {
                    var y = [Double](repeating: 0, count: total), domain = [Int32](repeating: -1, count: total)
                    for k in 0..<frame.rowCount where !c.isNull(k) {
                        y[source(k)] = c.value(at: k).description == level ? 1 : 0
                        domain[source(k)] = index.ids[k]
                    }
                    results.append(("share(\(frame.names[planned.column]) = \(level))", .share,
                                    SurveyEstimator.estimate(.share, y: y, domain: domain, domains: groups, design: design, deffReplace: options.deffReplace,
                                                             cells: cells(nil))))
                }
                continue
            }
            let values = DoubleView(.column(frame.column(planned.column)))
            let denominator = planned.denominator.map { DoubleView(.column(frame.column($0))) }
            var y = [Double](repeating: 0, count: total)
            var x: [Double]? = denominator.map { _ in [Double](repeating: 0, count: total) }
            var domain = [Int32](repeating: -1, count: total)
            for k in 0..<frame.rowCount where !values.isNull(k) && !(denominator?.isNull(k) ?? false) {
                y[source(k)] = values[k]
                if let denominator { x![source(k)] = denominator[k] }
                domain[source(k)] = index.ids[k]
            }
            if stat == .share, collapsed == nil, let bad = (0..<frame.rowCount).first(where: { !values.isNull($0) && values[$0] != 0 && values[$0] != 1 }) {
                throw Diagnostic(.data, "share needs a 0/1 column; row \(bad + 1) has \(NumberFormat.shortest(values[bad]))",
                                 hint: "use mean(…) for other values")
            }
            if stat == .share && options.interval == .likelihood {
                // The model's rows: the design's, less those whose value is missing (R's glm drops them).
                let missing = (0..<frame.rowCount).filter { values.isNull($0) }.count
                rowsOf[results.count] = (y, domain, total - missing)
            }
            switch stat {
            case .quantile(let p, let rule):
                results.append((planned.label, stat, SurveyEstimator.quantiles(p, rule: rule, y: y, domain: domain, domains: groups, design: design, normal: options.normal)))
            case .variance:
                results.append((planned.label, stat, variance(y: y, domain: domain, domains: groups, design: design)))
            default:
                // explain: the first domain's arithmetic, ending in the SE printed in its row.
                let first = by.isEmpty ? "the whole domain" : index.firstRows.isEmpty ? "(no rows)" : zip(by, keyCols).map { "\(frame.names[$0.0]) = \($0.1.value(at: Int(index.firstRows[0])))" }.joined(separator: ", ")
                let label = planned.label
                results.append((label, stat, SurveyEstimator.estimate(stat, y: y, x: x, domain: domain, domains: groups, design: design, deffReplace: options.deffReplace,
                                                                      cells: cells(planned.column), explainFirst: explain.map { ex in { ex((["[\(label)] first domain: \(first)"] + $0).joined(separator: "\n")) } })))
            }
        }
        var noDF = 0
        for g in 0..<groups {
            let keys = g < index.firstRows.count ? keyCols.map { $0.value(at: Int(index.firstRows[g])) } : []
            for (r, (label, stat, estimates)) in results.enumerated() {
                // A domain with no rows (or no values) is a row saying so: n = 0, no estimate.
                guard let e = estimates[g] else {
                    out.append(keys + [.text(label), .null, .null, .null, .null, .int(0), .null])
                    continue
                }
                var interval: (Double, Double)? = e.interval
                if interval == nil {
                    let method: SurveyInterval = stat == .share ? options.interval : .wald
                    // Wald intervals are normal, as R's confint(svymean(…)); svyciprop's use the
                    // design's degrees of freedom unless df = inf.
                    if method == .wald {
                        interval = (e.estimate - z * e.se, e.estimate + z * e.se)
                    } else if e.df <= 0 && !options.normal {
                        interval = nil
                    } else if method == .likelihood, let rows = rowsOf[r] {
                        let inDomain = rows.domain.indices.filter { Int(rows.domain[$0]) == g }
                        interval = LikelihoodInterval.interval(y: inDomain.map { rows.y[$0] }, w: inDomain.map { design.weight[$0] },
                                                               modelRows: rows.modelRows, p: e.estimate, se: e.se, df: options.normal ? nil : e.df)
                    } else {
                        let t = options.normal ? z : SurveyEstimator.tQuantile(0.975, df: e.df)
                        interval = method.interval(e.estimate, se: e.se, t: t, rows: collapsed?.sampleRows ?? design.weight.count, designDF: e.df)
                    }
                }
                let usesT: Bool = { if case .quantile = stat { return true }; return stat == .share && options.interval != .wald }()
                if usesT && e.df <= 0 && !options.normal { noDF += 1 }
                func num(_ v: Double?) -> Value { v.map { $0.isFinite ? Value.float($0) : .null } ?? .null }
                out.append(keys + [.text(label), num(e.estimate), num(e.se), num(interval?.0), num(interval?.1),
                                   .int(Int64(e.n)), e.deff.map { .float($0) } ?? .null])
            }
        }
        if noDF > 0 {
            note("\(noDF) estimate\(noDF == 1 ? " has" : "s have") no degrees of freedom (the domain lies inside one PSU, or as many PSUs as strata): no interval, rather than a normal one")
        }
        return out.table(origin: "estimate")
    }

    /// R's `svyvar`: the mean over the domain of uᵢ = (yᵢ − ȳ)²·n/(n − 1), n the domain's rows
    /// with a weight, with ȳ held fixed (so its standard error is svymean's of u).
    static func variance(y: [Double], domain: [Int32], domains g: Int, design d: DesignArrays) -> [SurveyEstimator.Estimate?] {
        let means = SurveyEstimator.estimate(.mean, y: y, domain: domain, domains: g, design: d)
        var u = [Double](repeating: 0, count: y.count)
        for i in 0..<y.count where domain[i] >= 0 {
            guard let m = means[Int(domain[i])] else { continue }
            let n = Double(m.n)
            u[i] = (y[i] - m.estimate) * (y[i] - m.estimate) * n / (n - 1)
        }
        return SurveyEstimator.estimate(.variance, y: u, domain: domain, domains: g, design: d)
    }
}
