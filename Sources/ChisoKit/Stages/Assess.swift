/// `assess [plan "id"] [against T] [method escap|eurostat|opensdg|unsd|all] [base YEAR]
/// [window N] [tolerance X] [on_track X]`: judges each series against the plan targets that
/// apply to it, by the published progress methods (Stats/Progress).
struct AssessStage: Stage {
    static let keyword = "assess"
    static let help = Help.Topic(name: "assess", kind: "stage",
        usage: "assess [plan \"ID\"] [against TABLE] [method escap|eurostat|opensdg|unsd|all] [base YEAR] [window N] [tolerance X] [on_track X]",
        summary: """
        Judges series (indicator, area, year, value[, series, scenario, kind, direction]) against targets: without 'against', those of every plan whose area_id is the area ('targets' and 'plans'); with 'against T', any table with indicator, area, year, op, lo[, hi, plan, series, direction]. One row per series × target × method, the verdict first (indicator, area, plan, target_year, op, lo, hi, method, status, tier), then progress, latest, base_year/base_value/base_how, latest, progress (the method's number), current_status (ESCAP's index), status (the method's label) and tier (met, on_track, acceleration_needed, limited, regressing, not_assessable; met whenever the latest value meets the target as worded). \
        escap (default) — UN ESCAP, Asia-Pacific SDG Progress Report technical notes: P = (Ŷ_T − y_b)/(TV − y_b), Ŷ_T by time-weighted linear regression, wᵢ = (T − t_min)/(T − tᵢ); P ≥ on_track (1) on track, 0 < P < on_track acceleration needed, P ≤ 0 regressing. \
        eurostat — Eurostat EU SDG monitoring report annex: R = CAGR_a/CAGR_r over a moving window (window 5, base ≥ 3 years before the latest); 0.95/0.6/0; a base already at the target falls back to the ±1 % rule. \
        opensdg — Statistics Canada's method as open-sdg/sdg-build ProgressMeasure.py computes it: next later year for a missing base, 0 → 0.001, pv = sign·d·CAGR_o/|CAGR_r|, 0.95/0.6/0. \
        unsd — UNSD SDG Progress Chart technical note 2023: r = (v_T^e − v_b)/(TV − v_b), v_T^e = v_t(1 + CAGR_a)^(T − t); 0.95/0.10. \
        The base year is the plan's issue year (2015 with 'against' and no plan), or 'base YEAR' (not for eurostat). Direction from a direction column (the targets' wins) or the indicators catalogue. A range is judged at its weakest bound (progress_at_other_bound for the other); '~' within 'tolerance' (default 1) in the unit. A target year already past is judged on data up to it (value_at_target_year, met_at_target_year). With a projection's scenarios, ESCAP and UNSD use each scenario's projected value at the target year. Two values for one year of one series are an error naming the column that would tell them apart; a series with no target is named in a note with the plans looked in. 'explain' prints each formula with its numbers.
        """,
        example: "from observations | where area == \"vn\" | assess method all")
    /// The option words, each allowed once, in any order.
    static let optionWords = ["plan", "against", "method", "base", "window", "tolerance", "on_track"]
    static let completionWords = optionWords + ["all"] + ProgressMethod.allCases.map(\.rawValue)
    static let tableWords = ["against"]

    var plan: String?
    var against: Name?
    /// `method …`; nil is the default (escap).
    var method: Name?
    var base: (value: Int, span: Span)?
    var window: (value: Int, span: Span)?
    var tolerance: Double?
    var onTrack: (value: Double, span: Span)?

    // assess -> 'assess' option* ; option -> 'plan' STRING | 'against' NAME | 'method' NAME | 'base' INT
    //           | 'window' INT | 'tolerance' NUMBER | 'on_track' NUMBER
    static func parse(_ p: inout Parser) throws -> AssessStage {
        var s = AssessStage()
        var seen = Set<String>()
        while let word = p.current.identifier, optionWords.contains(word) {
            let at = p.advance().span
            guard seen.insert(word).inserted else { throw p.error("'\(word)' is given twice", at: at) }
            switch word {
            case "plan":
                s.plan = try p.stringLiteral("a plan id in quotes", hint: "assess plan \"nghe-an-347-2023\"").0
            case "against": s.against = try p.name("a table of targets", hint: "assess against my_targets")
            case "method": s.method = try p.name("a method", hint: "method escap, eurostat, opensdg, unsd or all")
            case "base":
                let start = p.current.span
                s.base = (try p.integer("a base year", hint: "base 2019"), at.to(start))
            case "window":
                let start = p.current.span
                s.window = (try p.integer("a number of years", hint: "window 5"), at.to(start))
            case "tolerance": s.tolerance = try p.signedNumber("a tolerance in the indicator's unit", hint: "tolerance 1")
            default:
                let start = p.current.span
                s.onTrack = (try p.signedNumber("a cut-off", hint: "on_track 0.9"), at.to(start))
            }
        }
        return s
    }

    /// The reference tables it reads by name, with the columns it needs of each.
    static let targetsNeed: [(String, [DataType])] = [("plan", [.text]), ("indicator", [.text]), ("year", [.int]),
                                                      ("op", [.text]), ("lo", [.int, .float])]
    static let againstNeed: [(String, [DataType])] = [("indicator", [.text]), ("area", [.text]), ("year", [.int]),
                                                      ("op", [.text]), ("lo", [.int, .float])]
    static let plansNeed: [(String, [DataType])] = [("id", [.text]), ("area_id", [.text])]

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var input = try context.inputColumns(schema, need: [("area", [.text]), ("indicator", [.text]), ("value", [.int, .float]),
                                                            ("year", [.int])], at: node.keyword)
        for extra in ["series", "scenario", "kind", "direction"] {
            if let i = schema.index(of: extra) { input[extra] = i }
        }
        let methods: [ProgressMethod]
        switch method?.text {
        case nil: methods = [.escap]
        case "all": methods = ProgressMethod.allCases
        case let m?:
            guard let one = ProgressMethod(rawValue: m) else {
                throw context.error(.name, "unknown method '\(m)'", method!.span,
                                    hint: NameSuggestion.hint(for: m, in: ProgressMethod.allCases.map(\.rawValue) + ["all"])
                                        ?? "methods: escap, eurostat, opensdg, unsd, all")
            }
            methods = [one]
        }
        // An option that does not apply to the chosen method is an error, never ignored.
        if let base, methods == [.eurostat] {
            throw context.error(.name, "eurostat takes its base from its moving window, not from 'base'", base.span,
                                hint: "use window N with eurostat, or method all to apply base to the other methods")
        }
        if let window, !methods.contains(.eurostat) {
            throw context.error(.name, "'window' applies to method eurostat only", window.span, hint: "method eurostat window \(window.value)")
        }
        if let window, window.value < 3 {
            throw context.error(.type, "the window must be at least 3 years (the base is at least three years before the latest)", window.span)
        }
        if let onTrack, !methods.contains(.escap) {
            throw context.error(.name, "'on_track' is ESCAP's cut-off and applies to method escap only", onTrack.span)
        }
        var tables: [String]
        var hasDirection = input["direction"] != nil
        if let against {
            let t = try context.referenceTable(against.text, needs: Self.againstNeed, at: against.span)
            for (col, types) in [("hi", [DataType.int, .float]), ("plan", [.text]), ("series", [.text]), ("direction", [.text])] {
                if let i = t.index(of: col), !types.contains(t.types[i]), t.types[i] != .null {
                    throw context.error(.type, "column '\(col)' of '\(against.text)' must be \(types.map(\.rawValue).joined(separator: " or ")), found \(t.types[i])", against.span)
                }
            }
            if plan != nil, t.index(of: "plan") == nil {
                throw context.error(.name, "'\(against.text)' has no plan column to choose a plan from", node.keyword)
            }
            hasDirection = hasDirection || t.index(of: "direction") != nil
            tables = [against.text]
            if (try context.catalog.schema(of: "plans"))?.index(of: "issued") != nil { tables.append("plans") }
        } else {
            _ = try context.referenceTable("targets", needs: Self.targetsNeed, at: node.keyword)
            _ = try context.referenceTable("plans", needs: Self.plansNeed, at: node.keyword)
            tables = ["targets", "plans"]
        }
        if !hasDirection {
            guard let ind = try context.catalog.schema(of: "indicators"), ind.index(of: "id") != nil, ind.index(of: "direction") != nil else {
                throw context.error(.name, "assess needs each indicator's direction", node.keyword,
                                    hint: "add a direction column (up or down), or load the indicators catalogue (id, direction)")
            }
            tables.append("indicators")
        }
        let options = AssessmentTable.Options(methods: methods, baseYear: base?.value, window: window?.value ?? 5,
                                              tolerance: tolerance ?? 1, onTrack: onTrack?.value ?? 1)
        return AssessOperator(input: input, plan: plan, against: against?.text, options: options, span: node.span,
                              tablesRead: tables, schema: Schema(AssessmentTable.columns),
                              detail: context.text(node.span.after(node.keyword)))
    }
}

struct AssessOperator: LocalOperator {
    /// Input column positions by role: indicator, area, year, value; series, scenario, kind, direction when present.
    let input: [String: Int]
    let plan: String?
    let against: String?
    let options: AssessmentTable.Options
    let span: Span
    let tablesRead: [String]
    let schema: Schema
    let detail: String
    var name: String { "assess" }

    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        let (targets, plansOf) = try targetRows(context)
        var directions: [String: Int] = [:]
        if tablesRead.contains("indicators") {
            let ind = try context.table("indicators")
            if let ids = ind.column("id"), let dirs = ind.column("direction") {
                for i in 0..<ind.rowCount where !ids.isNull(i) && !dirs.isNull(i) {
                    if let d = AssessmentTable.direction(dirs.value(at: i).description) { directions[ids.value(at: i).description] = d }
                }
            }
        }
        do {
            let against = against, plan = plan
            return Frame(try AssessmentTable.build(frame, input: input, targets: targets, catalogDirections: directions,
                                                   options: options, explain: context.explain,
                                                   note: { context.show(.notice("note: " + $0)) },
                                                   lookedIn: { _, area in
                if let against { return "looked in '\(against)'" + (plan.map { " (plan \($0))" } ?? "") }
                if let plan { return "looked in plan \(plan)" }
                let ids = plansOf[area] ?? []
                return ids.isEmpty ? "no plan in 'plans' has area_id \(area)" : "looked in plans " + ids.joined(separator: ", ")
            }))
        } catch var d as Diagnostic {
            d.span = span
            throw d.inSource(context.source)
        }
    }

    /// The targets that apply, each with the base year its plan gives (its issue year), and the
    /// plans of each area (for the note on a series with no target).
    func targetRows(_ context: ExecutionContext) throws -> ([AssessmentTable.TargetRow], [String: [String]]) {
        var planArea: [String: String] = [:], planYear: [String: Int] = [:], plansOf: [String: [String]] = [:]
        var planIds: [String] = []
        if tablesRead.contains("plans") {
            let plans = try context.table("plans")
            for i in 0..<plans.rowCount {
                guard let id = Self.text(plans, "id", i) else { continue }
                planIds.append(id)
                planArea[id] = Self.text(plans, "area_id", i)
                planYear[id] = Self.year(plans, "issued", i)
                if let a = planArea[id] { plansOf[a, default: []].append(id) }
            }
        }
        let t = try context.table(against ?? "targets")
        if let plan {
            let withTargets = Set((0..<t.rowCount).compactMap { Self.text(t, "plan", $0) })
            if !withTargets.contains(plan) {
                // A plan of the catalogue with no numeric target is no error: the note says so.
                if against == nil, planIds.contains(plan) {
                    context.show(.notice("note: plan \(plan) has no targets in 'targets'"))
                } else {
                    let known = (against == nil ? planIds : Array(withTargets)).sorted()
                    throw context.error(.name, "unknown plan '\(plan)'", span,
                                        hint: NameSuggestion.hint(for: plan, in: known) ?? "plans: " + known.joined(separator: ", "))
                }
            }
        }
        var rows: [AssessmentTable.TargetRow] = []
        for i in 0..<t.rowCount {
            let p = Self.text(t, "plan", i)
            if let plan, p != plan { continue }
            guard let ind = Self.text(t, "indicator", i), let op = Self.text(t, "op", i), let lo = Self.number(t, "lo", i),
                  let year = Self.number(t, "year", i).map({ Int($0) }) else { continue }
            let area = against == nil ? p.flatMap { planArea[$0] } : Self.text(t, "area", i)
            guard let area else { continue }
            var direction: Int? = nil
            if let d = Self.text(t, "direction", i) {
                guard let parsed = AssessmentTable.direction(d) else {
                    throw context.error(.data, "direction '\(d)' of \(ind) in '\(against ?? "targets")' is neither up nor down", span)
                }
                direction = parsed
            }
            rows.append(.init(plan: p, indicator: ind, area: area, series: Self.text(t, "series", i), year: year, op: op, lo: lo,
                              hi: Self.number(t, "hi", i), text: Self.text(t, "text_vi", i), direction: direction,
                              baseYear: p.flatMap { planYear[$0] } ?? 2015))
        }
        return (rows, plansOf)
    }

    static func text(_ t: Table, _ col: String, _ i: Int) -> String? {
        guard let c = t.column(col), !c.isNull(i) else { return nil }
        return c.value(at: i).description
    }

    static func number(_ t: Table, _ col: String, _ i: Int) -> Double? {
        guard let c = t.column(col), !c.isNull(i) else { return nil }
        return c.value(at: i).double
    }

    /// The year of a date, a "2022-03-31" text or an integer.
    static func year(_ t: Table, _ col: String, _ i: Int) -> Int? {
        guard let c = t.column(col), !c.isNull(i) else { return nil }
        switch c.value(at: i) {
        case .date(let d): return CivilDate.civil(d).year
        case .int(let y): return Int(y)
        case .text(let s): return Int(s.prefix(4))
        default: return nil
        }
    }
}
