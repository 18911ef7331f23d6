/// `project VALUE by YEAR [per KEYS] to HORIZON [method …] | [scenarios { name = method …, … }]`:
/// extends each series to the horizon under one or more scenarios.
struct ProjectStage: Stage {
    static let keyword = "project"
    static let help = Help.Topic(name: "project", kind: "stage", usage: "project VALUE by YEAR [per KEYS] to HORIZON [method M] | [scenarios { name = M, … }]",
        summary: "Extends each series to the horizon: linear (least squares), loglinear (least squares on ln x), cagr (compound growth from the base to the latest observation), logistic (saturating at the cap, fitted by nonlinear least squares), flat, change D (points a year), growth G (percent a year). After a method: from YEAR (the base year: fit from it, grow from it, or start from it; it must be observed, except a future start for change/growth), base VALUE (what-if base value; change and growth), cap N (the logistic's saturation; default the unit's upper bound). Values stay within the unit's range (percent [0, 100], counts ≥ 0, money and indices unbounded; the unit comes from a unit column or the indicators catalogue), or 'bounds lo, hi' (none for no bound). 'interval 80' (or 95) adds lo and hi, the prediction interval of R's predict(lm(value ~ year), interval = \"prediction\") for linear, and its exp for loglinear. A series with too few points gets no projection and a warning; the others go on. Output: the keys, the series' identity columns the input has (indicator, area, series, unit, direction), year, value, kind (observed|projected), scenario[, lo, hi]. Each identity column must hold one value within a projected series, and each year one row: two series in one group are an error naming the column that tells them apart.",
        example: "from observations | where indicator == \"digital_economy_gdp_share\" and area == \"vn\" and series == \"GSO\" | project value by year to 2030 scenarios { trend = linear, fast = change 3 }")
    static let completionWords = ["by", "per", "to", "bounds", "interval", "method", "scenarios", "from", "base", "cap", "none"]
        + ProjectionMethod.names

    var spec: ProjectSpec

    /// Columns that name a series rather than measure it: kept by `project` when they are not
    /// `per` keys, and required to be constant within each projected series.
    static let identityColumns = ["indicator", "area", "series", "unit", "direction"]

    // project -> 'project' NAME 'by' NAME ['per' NAME, …] 'to' INT
    //            (method | 'scenarios' '{' NAME '=' method (',' NAME '=' method)* '}')?
    static func parse(_ p: inout Parser) throws -> ProjectStage {
        let value = try p.name("the value column", hint: "project value by year to 2030 method linear")
        guard p.acceptWord("by") else { throw p.expected("'by'", hint: "project \(value.text) by year to 2030") }
        let by = try p.name("the year column")
        var per: [Name] = []
        if p.acceptWord("per") {
            repeat { per.append(try p.name("a column that tells series apart")) } while p.acceptSymbol(",")
        }
        guard p.acceptWord("to") else { throw p.expected("'to' and the horizon year", hint: "… to 2030") }
        let horizonSpan = p.current.span
        let horizon = try p.integer("a horizon year", hint: "… to 2030")
        guard (1900...2200).contains(horizon) else {
            throw p.error("the horizon must be a year between 1900 and 2200", at: horizonSpan, hint: "… to 2030")
        }
        var bounds: ValueBounds? = nil, interval: (Double, Span)? = nil
        while true {
            if p.acceptWord("bounds") {
                let lo = p.acceptWord("none") ? -Double.infinity : try p.signedNumber("a lower bound", hint: "bounds 0, 100")
                _ = try p.expectSymbol(",", hint: "bounds 0, 100 (none for no bound)")
                let hi = p.acceptWord("none") ? Double.infinity : try p.signedNumber("an upper bound", hint: "bounds 0, 100")
                guard lo < hi else { throw p.error("the lower bound must be below the upper bound", hint: "bounds 0, 100") }
                bounds = ValueBounds(lo: lo, hi: hi, source: "bounds \(NumberFormat.shortest(lo)), \(NumberFormat.shortest(hi))")
            } else if p.current.isWord("interval") {
                let at = p.advance().span
                let level = try p.signedNumber("a level in percent", hint: "interval 80 or interval 95")
                guard level > 0 && level < 100 else { throw p.error("the interval's level is a percentage between 0 and 100", at: at.to(Span(p.previousEnd, p.previousEnd)), hint: "interval 95") }
                interval = (level, at.to(Span(p.previousEnd, p.previousEnd)))
            } else {
                break
            }
        }
        var scenarios: [ScenarioSpec] = []
        if p.acceptWord("scenarios") {
            _ = try p.expectSymbol("{", hint: "scenarios { trend = linear, fast = change 3 from 2025 }")
            while !p.current.isSymbol("}") {
                let n = try p.name("a scenario name")
                if scenarios.contains(where: { $0.name == n.text }) {
                    throw p.error("scenario '\(n.text)' is named twice", at: n.span, hint: "give each scenario its own name")
                }
                _ = try p.expectSymbol("=", hint: "\(n.text) = linear")
                var sc = try scenario(n.text, &p)
                sc.nameSpan = n.span
                scenarios.append(sc)
                if !p.acceptSymbol(",") { break }
            }
            _ = try p.expectSymbol("}", hint: "close the scenarios with '}'")
        } else {
            scenarios.append(try scenario("base", &p))
        }
        return ProjectStage(spec: ProjectSpec(value: value, by: by, per: per, horizon: horizon, scenarios: scenarios,
                                              bounds: bounds, interval: interval?.0, intervalSpan: interval?.1 ?? .none))
    }

    // method -> ['method'] (linear | cagr | logistic | flat | change NUMBER | growth NUMBER)
    //           ['from' INT] ['base' NUMBER] ['cap' (NUMBER | 'none')]
    static func scenario(_ scenarioName: String, _ p: inout Parser) throws -> ScenarioSpec {
        var spec = ScenarioSpec(name: scenarioName, method: .linear)
        let hadWord = p.acceptWord("method")
        if let m = p.current.identifier, ProjectionMethod.names.contains(m) {
            _ = p.advance()
            switch m {
            case "cagr": spec.method = .cagr
            case "loglinear": spec.method = .loglinear
            case "logistic": spec.method = .logistic
            case "flat": spec.method = .flat
            case "change", "growth":
                let v = try p.signedNumber("an annual \(m == "change" ? "change in points" : "growth in percent")", hint: "\(m) 3")
                spec.method = m == "change" ? .change(v) : .growth(v)
            default: spec.method = .linear
            }
        } else if hadWord {
            throw p.error("unknown projection method \(p.current.display)",
                          hint: NameSuggestion.hint(for: p.current.identifier ?? "", in: ProjectionMethod.names)
                              ?? "methods: " + ProjectionMethod.names.joined(separator: ", "))
        }
        // An option the method does not read is an error, never ignored.
        func applies(_ ok: Bool, _ word: String, _ at: Span, _ hint: String) throws {
            guard ok else { throw p.error("'\(word)' does not apply to \(spec.method.keyword)", at: at, hint: hint) }
        }
        while let word = p.current.identifier, ["from", "base", "cap"].contains(word) {
            let at = p.advance().span
            switch word {
            case "from":
                try applies(spec.method.takesFrom, word, at, "from sets the base year of linear, loglinear, cagr, change and growth")
                spec.fromSpan = at.to(p.current.span)
                spec.from = try p.integer("a base year", hint: "from 2022")
            case "base":
                try applies(spec.method.takesBase, word, at, "base replaces the starting value of change and growth")
                spec.base = try p.signedNumber("a base value", hint: "base 70")
            default:
                try applies(spec.method.takesCap, word, at, "cap is the logistic's saturation; to keep values in a range use bounds lo, hi after the horizon")
                let v = try p.signedNumber("a cap", hint: "cap 100")
                guard v > 0 else { throw p.error("the cap must be above zero", at: at.to(Span(p.previousEnd, p.previousEnd)), hint: "cap 100") }
                spec.cap = v
            }
        }
        return spec
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let v = try context.column(spec.value, in: schema, types: [.int, .float], what: "the value column")
        let y = try context.column(spec.by, in: schema, types: [.int], what: "the year column")
        let per = try spec.per.map { try context.column($0, in: schema) }
        // The interval applies to the linear and loglinear scenarios (others get null lo, hi); with
        // none of them it would apply to nothing.
        if let level = spec.interval, !spec.scenarios.contains(where: { $0.method.hasInterval }), let s = spec.scenarios.first {
            throw context.error(.name, "interval \(level == level.rounded() ? String(Int(level)) : NumberFormat.shortest(level)) applies to linear and loglinear, not to \(s.method.keyword)",
                                spec.intervalSpan, hint: "project the interval in a linear or loglinear scenario")
        }
        // The unit gives the bounds: from a unit column, else the indicators catalogue.
        var unitSource: ProjectOperator.UnitSource = .none
        if spec.bounds == nil {
            if let u = schema.index(of: "unit"), schema.types[u] == .text { unitSource = .column(u) }
            else if let i = schema.index(of: "indicator"), schema.types[i] == .text,
                    let cat = try context.catalog.schema(of: "indicators"), cat.index(of: "id") != nil, cat.index(of: "unit") != nil {
                unitSource = .catalogue(indicator: i)
            }
        }
        // The series' identity columns the later stages read by name (assess, plot … target, the
        // unit's bounds) are carried through; each must hold one value per projected series.
        let output: Set<String> = [spec.by.text, spec.value.text, "kind", "scenario", "lo", "hi"]
        let carried = ProjectStage.identityColumns.compactMap { schema.index(of: $0) }
            .filter { !per.contains($0) && !output.contains(schema.names[$0]) }
        var names = (per + carried).map { schema.names[$0] } + [spec.by.text, spec.value.text, "kind", "scenario"]
        var types = (per + carried).map { schema.types[$0] } + [DataType.int, .float, .text, .text]
        if spec.interval != nil { names += ["lo", "hi"]; types += [.float, .float] }
        try context.checkUnique(names, names.map { _ in node.keyword })
        return ProjectOperator(value: v, year: y, per: per, carried: carried, spec: spec, span: node.keyword, unitSource: unitSource,
                               schema: Schema(names: names, types: types), detail: context.text(node.span.after(node.keyword)))
    }
}

/// What `project` was asked: the value and year columns, the series keys, the horizon and the
/// scenarios.
public struct ProjectSpec: Sendable {
    public var value: Name
    public var by: Name
    public var per: [Name]
    public var horizon: Int
    public var scenarios: [ScenarioSpec]
    /// `bounds lo, hi`; nil takes them from the unit.
    public var bounds: ValueBounds?
    /// `interval 80`: the prediction interval's level in percent.
    public var interval: Double?
    public var intervalSpan: Span
}

struct ProjectOperator: LocalOperator {
    let value: Int
    let year: Int
    let per: [Int]
    /// Identity columns carried beside the per keys (constant within each series).
    let carried: [Int]
    let spec: ProjectSpec
    let span: Span
    /// Where each series' unit comes from (for its bounds).
    enum UnitSource: Sendable { case none, column(Int), catalogue(indicator: Int) }
    let unitSource: UnitSource
    let schema: Schema
    let detail: String
    var name: String { "project" }
    var tablesRead: [String] { if case .catalogue = unitSource { return ["indicators"] }; return [] }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        var unitOf: (Int) -> String? = { _ in nil }
        switch unitSource {
        case .none: break
        case .column(let u):
            let c = input.column(u)
            unitOf = { c.isNull($0) ? nil : c.value(at: $0).description }
        case .catalogue(let i):
            let ind = try context.table("indicators")
            var units: [String: String] = [:]
            if let ids = ind.column("id"), let us = ind.column("unit") {
                for r in 0..<ind.rowCount where !ids.isNull(r) && !us.isNull(r) { units[ids.value(at: r).description] = us.value(at: r).description }
            }
            let c = input.column(i)
            unitOf = { c.isNull($0) ? nil : units[c.value(at: $0).description] }
        }
        do {
            return Frame(try ProjectionTable.build(input, value: value, year: year, per: per, carried: carried, spec: spec, unitOf: unitOf,
                                                   explain: context.explain, warn: context.warn))
        } catch ProjectionError.message(let m) {
            throw context.error(.runtime, m, span)
        } catch ProjectionError.mixed(let m, let hint) {
            throw context.error(.data, m, span, hint: hint)
        } catch ProjectionError.badFrom(let m) {
            // At the scenario's `from`, when the message names it.
            let at = spec.scenarios.first { m.contains("scenario \($0.name):") && $0.fromSpan != .none }?.fromSpan ?? span
            throw context.error(.data, m, at, hint: "from must be a year with an observation (change and growth may start after the data)")
        }
    }
}
