/// `project VALUE by YEAR [per KEYS] to HORIZON [method …] | [scenarios { name = method …, … }]`:
/// extends each series to the horizon under one or more scenarios.
struct ProjectStage: Stage {
    static let keyword = "project"
    static let help = Help.Topic(name: "project", kind: "stage", usage: "project VALUE by YEAR to HORIZON [per KEYS] [method M [from Y] [base V] [cap C]] [interval L] [bounds LO, HI | bounds none] [scenarios { name = M, … }]  (options in any order)",
        summary: "Extends each series to the horizon: linear (least squares), loglinear (least squares on ln x), cagr (compound growth from the base to the latest observation), logistic (saturating at the cap, fitted by nonlinear least squares), flat, change D (points a year), growth G (percent a year). After a method: from YEAR (the base year: fit from it, grow from it, or start from it; it must be observed, except a future start for change/growth), base VALUE (what-if base value; change and growth), cap N (the logistic's saturation; default the unit's upper bound). Values stay within the unit's range (percent [0, 100], counts ≥ 0, money and indices unbounded; the unit comes from a unit column or the indicators catalogue), or 'bounds lo, hi' (none for no bound). 'interval 80' (or 95) adds lo and hi, the prediction interval of R's predict(lm(value ~ year), interval = \"prediction\") for linear, and its exp for loglinear. A series with too few points gets no projection and a warning; the others go on. Output: the keys, the series' identity columns the input has (indicator, area, series, unit, direction), year, value, kind (observed|projected), scenario[, lo, hi]. Each identity column must hold one value within a projected series, and each year one row: two series in one group are an error naming the column that tells them apart.",
        example: "from observations | where indicator == \"digital_economy_gdp_share\" and area == \"vn\" and series == \"GSO\" | project value by year to 2030 scenarios { trend = linear, fast = change 3 }")
    static let completionWords = optionWords + ["none"] + ProjectionMethod.names

    var spec: ProjectSpec

    /// Columns that name a series rather than measure it: kept by `project` when they are not
    /// `per` keys, and required to be constant within each projected series.
    static let identityColumns = ["indicator", "area", "series", "unit", "direction"]

    /// The options `project` takes, in any order, each once.
    static let optionWords = ["by", "per", "to", "method", "interval", "bounds", "scenarios", "from", "base", "cap"]

    // project -> 'project' NAME option*   (each option once, in any order; 'by' and 'to' required)
    // option  -> 'by' NAME | 'per' NAME (',' NAME)* | 'to' INT | 'interval' NUMBER
    //          | 'bounds' (NUMBER | 'none') [',' (NUMBER | 'none')]
    //          | ['method'] METHOD | 'from' INT | 'base' NUMBER | 'cap' (NUMBER | 'none')
    //          | 'scenarios' '{' NAME '=' method (',' NAME '=' method)* '}'
    static func parse(_ p: inout Parser) throws -> ProjectStage {
        let value = try p.name("the value column", hint: "project value by year to 2030 method linear")
        var by: Name? = nil, per: [Name] = [], horizon: Int? = nil
        var bounds: ValueBounds? = nil, interval: (Double, Span)? = nil
        var scenarios: [ScenarioSpec] = []
        var single = ScenarioSpec(name: "base", method: .linear)
        var methodSpan: Span? = nil, scenariosSpan: Span? = nil
        var modifiers: [(word: String, span: Span)] = []
        var seen: [String: Span] = [:]
        while let word = p.current.identifier, optionWords.contains(word) || ProjectionMethod.names.contains(word) {
            let key = ProjectionMethod.names.contains(word) ? "method" : word
            let at = p.current.span
            if let first = seen[key] {
                throw p.error("'\(key)' is given twice (first at column \(p.source.location(of: first.start).column))", at: at,
                              hint: "give each of project's options once")
            }
            seen[key] = at
            switch word {
            case "by":
                _ = p.advance()
                by = try p.name("the year column", hint: "project \(value.text) by year to 2030")
            case "per":
                _ = p.advance()
                repeat { per.append(try p.name("a column that tells series apart")) } while p.acceptSymbol(",")
            case "to":
                _ = p.advance()
                let horizonSpan = p.current.span
                let h = try p.integer("a horizon year", hint: "… to 2030")
                guard (1900...2200).contains(h) else {
                    throw p.error("the horizon must be a year between 1900 and 2200", at: horizonSpan, hint: "… to 2030")
                }
                horizon = h
            case "bounds":
                _ = p.advance()
                let lo = p.acceptWord("none") ? -Double.infinity : try p.signedNumber("a lower bound", hint: "bounds 0, 100")
                var hi = Double.infinity
                if p.acceptSymbol(",") {
                    hi = p.acceptWord("none") ? Double.infinity : try p.signedNumber("an upper bound", hint: "bounds 0, 100")
                } else if lo != -Double.infinity {
                    throw p.expected("',' and an upper bound", hint: "bounds 0, 100 (none for no bound; bounds none for neither)")
                }
                guard lo < hi else { throw p.error("the lower bound must be below the upper bound", at: at.to(Span(p.previousEnd, p.previousEnd)), hint: "bounds 0, 100") }
                bounds = ValueBounds(lo: lo, hi: hi, source: lo == -.infinity && hi == .infinity ? "bounds none"
                                     : "bounds \(NumberFormat.shortest(lo)), \(NumberFormat.shortest(hi))")
            case "interval":
                _ = p.advance()
                let level = try p.signedNumber("a level in percent", hint: "interval 80 or interval 95")
                guard level > 0 && level < 100 else { throw p.error("the interval's level is a percentage between 0 and 100", at: at.to(Span(p.previousEnd, p.previousEnd)), hint: "interval 95") }
                interval = (level, at.to(Span(p.previousEnd, p.previousEnd)))
            case "scenarios":
                _ = p.advance()
                scenariosSpan = at
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
            case "from", "base", "cap":
                // The single method's modifiers may come before or after it: checked below.
                _ = p.advance()
                modifiers.append((word, at))
                switch word {
                case "from":
                    single.fromSpan = at.to(p.current.span)
                    single.from = try p.integer("a base year", hint: "from 2022")
                case "base": single.base = try p.signedNumber("a base value", hint: "base 70")
                default:
                    let v = try p.signedNumber("a cap", hint: "cap 100")
                    guard v > 0 else { throw p.error("the cap must be above zero", at: at.to(Span(p.previousEnd, p.previousEnd)), hint: "cap 100") }
                    single.cap = v
                }
            default:
                // 'method NAME' or a method name on its own.
                methodSpan = at
                single.method = try method(&p)
            }
        }
        guard let by else { throw p.expected("'by' and the year column", hint: "project \(value.text) by year to 2030") }
        guard let horizon else { throw p.expected("'to' and the horizon year", hint: "project \(value.text) by \(by.text) to 2030") }
        if let scenariosSpan {
            if let methodSpan {
                throw p.error("a method and scenarios: each scenario names its own method", at: methodSpan,
                              hint: "scenarios { base = \(single.method.keyword), … } (scenarios at column \(p.source.location(of: scenariosSpan.start).column))")
            }
            if let m = modifiers.first {
                throw p.error("'\(m.word)' belongs to a scenario's method", at: m.span, hint: "scenarios { trend = linear \(m.word) … }")
            }
        } else {
            // An option the method does not read is an error, never ignored.
            for m in modifiers {
                try applies(single.method, m.word, m.span, &p)
            }
            scenarios.append(single)
        }
        return ProjectStage(spec: ProjectSpec(value: value, by: by, per: per, horizon: horizon, scenarios: scenarios,
                                              bounds: bounds, interval: interval?.0, intervalSpan: interval?.1 ?? .none))
    }

    /// `linear`, `method cagr`, `change 3`, `growth 2.5`.
    static func method(_ p: inout Parser) throws -> ProjectionMethod {
        let hadWord = p.acceptWord("method")
        guard let m = p.current.identifier, ProjectionMethod.names.contains(m) else {
            if hadWord || p.current.identifier != nil {
                throw p.error("unknown projection method \(p.current.display)",
                              hint: NameSuggestion.hint(for: p.current.identifier ?? "", in: ProjectionMethod.names)
                                  ?? "methods: " + ProjectionMethod.names.joined(separator: ", "))
            }
            return .linear
        }
        _ = p.advance()
        switch m {
        case "cagr": return .cagr
        case "loglinear": return .loglinear
        case "logistic": return .logistic
        case "flat": return .flat
        case "change", "growth":
            let v = try p.signedNumber("an annual \(m == "change" ? "change in points" : "growth in percent")", hint: "\(m) 3")
            return m == "change" ? .change(v) : .growth(v)
        default: return .linear
        }
    }

    /// A modifier the method does not read is an error naming both.
    static func applies(_ method: ProjectionMethod, _ word: String, _ at: Span, _ p: inout Parser) throws {
        let (ok, hint): (Bool, String) = switch word {
        case "from": (method.takesFrom, "from sets the base year of linear, loglinear, cagr, change and growth")
        case "base": (method.takesBase, "base replaces the starting value of change and growth")
        default: (method.takesCap, "cap is the logistic's saturation; to keep values in a range use bounds lo, hi")
        }
        guard ok else { throw p.error("'\(word)' does not apply to \(method.keyword)", at: at, hint: hint) }
    }

    // scenario_method -> ['method'] METHOD ('from' INT | 'base' NUMBER | 'cap' NUMBER)*   (inside scenarios { })
    static func scenario(_ scenarioName: String, _ p: inout Parser) throws -> ScenarioSpec {
        var spec = ScenarioSpec(name: scenarioName, method: try method(&p))
        var seen = Set<String>()
        while let word = p.current.identifier, ["from", "base", "cap"].contains(word) {
            let at = p.advance().span
            guard seen.insert(word).inserted else { throw p.error("'\(word)' is given twice in scenario \(scenarioName)", at: at) }
            try applies(spec.method, word, at, &p)
            switch word {
            case "from":
                spec.fromSpan = at.to(p.current.span)
                spec.from = try p.integer("a base year", hint: "from 2022")
            case "base":
                spec.base = try p.signedNumber("a base value", hint: "base 70")
            default:
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
