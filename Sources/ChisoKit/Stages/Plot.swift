/// `plot line|bar|point X, Y [by COL] [interval LO, HI] [facet COL [scale free]] [target]
/// [title "…"] [xlabel "…"] [ylabel "…"] [yrange A, B] [to "file.svg"]`: draws the rows, in the
/// terminal or as an SVG file, and passes them on (like export).
struct PlotStage: Stage {
    static let keyword = "plot"
    static let help = Help.Topic(name: "plot", kind: "stage",
        usage: "plot line|bar|point X, Y [by COL] [interval LO, HI] [facet COL [scale free]] [target] [title \"…\"] [xlabel \"…\"] [ylabel \"…\"] [yrange A, B] [to \"file.svg\"]",
        summary: "Draws the rows and passes them on. line: one colour per 'by' group (Okabe–Ito palette, at most 12), observed solid with markers, projected rows (a kind column, as project makes) dashed, 'interval lo, hi' as a band (a projection's lo and hi are used without asking). bar: horizontal bars of Y per X label, in input order, whiskers from 'interval'. point: a scatter; past 5,000 points, a density grid. 'facet COL' draws one panel per value with a shared y scale ('scale free' for each its own). 'target' draws the plan targets of the plotted indicator and area at their years in the colour of their series, a range as a bar from lo to hi, labels stacked; an indicator and area with none gets a note naming the plans looked in. A line joins one series: two values of series, scenario, indicator or area that are not its 'by' or facet, or two points at one x, are an error. The y axis starts at 0 for percentages unless 'yrange' says otherwise. Without 'to' the chart is drawn in the terminal (braille; 'set charset ascii', 'set plot_height N'; colour only on a terminal and never with NO_COLOR); 'to \"file.svg\"' writes a standalone SVG, atomically.",
        example: "from observations | where indicator == \"digital_economy_gdp_share\" and area == \"vn\" and series == \"GSO\" | project value by year to 2030 scenarios { trend = linear, fast = change 3 } | plot line year, value by scenario")
    static let optionWords = ["by", "interval", "facet", "scale", "target", "title", "xlabel", "ylabel", "yrange", "to"]
    static let completionWords = ["line", "bar", "point", "by", "interval", "facet", "scale", "free", "target", "title",
                                  "xlabel", "ylabel", "yrange", "to"]
    static let sendsRowsElsewhere = true

    var kind: Name
    var x: Name
    var y: Name
    var by: Name?
    var interval: (Name, Name)?
    var facet: Name?
    var scaleFree: Span?
    var target: Span?
    var title: String?
    var xLabel: String?
    var yLabel: String?
    var yRange: (Double, Double, Span)?
    var path: (String, Span)?

    // plot -> 'plot' KIND NAME ',' NAME option* ; option -> 'by' NAME | 'interval' NAME ',' NAME
    //         | 'facet' NAME ['scale' 'free'] | 'target' | 'title' STRING | 'xlabel' STRING
    //         | 'ylabel' STRING | 'yrange' NUMBER ',' NUMBER | 'to' STRING
    static func parse(_ p: inout Parser) throws -> PlotStage {
        let kind = try p.name("line, bar or point", hint: "plot line year, value")
        let x = try p.name("the x column", hint: "plot \(kind.text) year, value")
        _ = try p.expectSymbol(",", hint: "plot \(kind.text) \(x.text), value")
        var s = PlotStage(kind: kind, x: x, y: try p.name("the y column", hint: "plot \(kind.text) \(x.text), value"))
        var seen = Set<String>()
        func string(_ p: inout Parser, _ what: String) throws -> String {
            try p.stringLiteral("\(what) in quotes", hint: "title \"Households with fibre\"").0
        }
        while let word = p.current.identifier, optionWords.contains(word) {
            let at = p.advance().span
            guard seen.insert(word).inserted else { throw p.error("'\(word)' is given twice", at: at) }
            switch word {
            case "by": s.by = try p.name("a column whose values are the series", hint: "by scenario")
            case "interval":
                let lo = try p.name("the interval's lower column", hint: "interval ci_lo, ci_hi")
                _ = try p.expectSymbol(",", hint: "interval \(lo.text), hi")
                s.interval = (lo, try p.name("the interval's upper column", hint: "interval \(lo.text), hi"))
            case "facet":
                s.facet = try p.name("a column to draw one panel per value of", hint: "facet indicator")
            case "scale":
                let free = p.current.span
                guard p.acceptWord("free") else { throw p.expected("'free'", hint: "facet indicator scale free") }
                s.scaleFree = at.to(free)
            case "target": s.target = at
            case "title": s.title = try string(&p, "a title")
            case "xlabel": s.xLabel = try string(&p, "an axis label")
            case "ylabel": s.yLabel = try string(&p, "an axis label")
            case "yrange":
                let a = try p.signedNumber("the lowest y", hint: "yrange 0, 100")
                _ = try p.expectSymbol(",", hint: "yrange 0, 100")
                let b = try p.signedNumber("the highest y", hint: "yrange 0, 100")
                let span = at.to(Span(p.previousEnd, p.previousEnd))
                guard a < b else { throw p.error("yrange needs the lowest value first", at: span, hint: "yrange 0, 100") }
                s.yRange = (a, b, span)
            default:
                s.path = try p.stringLiteral("a file path in quotes", hint: "to \"chart.svg\"")
            }
        }
        return s
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        guard let k = Chart.Kind(rawValue: kind.text) else {
            throw context.error(.name, "unknown chart '\(kind.text)'", kind.span,
                                hint: NameSuggestion.hint(for: kind.text, in: ["line", "bar", "point"]) ?? "charts: line, bar, point")
        }
        let numeric: [DataType] = [.int, .float]
        let xi = k == .bar ? try context.column(x, in: schema)
            : try context.column(x, in: schema, types: numeric + [.date], what: "the x axis needs numbers or dates: column")
        let yi = try context.column(y, in: schema, types: numeric, what: "the y axis needs numbers: column")
        var spec = PlotSpec(kind: k, x: xi, y: yi, by: try by.map { try context.column($0, in: schema) },
                            interval: nil, facet: try facet.map { try context.column($0, in: schema) }, scaleFree: scaleFree != nil,
                            kindColumn: schema.index(of: "kind").flatMap { schema.types[$0] == .text ? $0 : nil },
                            indicator: nil, area: nil, title: title, xLabel: xLabel, yLabel: yLabel,
                            yRange: yRange.map { ($0.0, $0.1) }, names: schema.names)
        if let (lo, hi) = interval {
            spec.interval = (try context.column(lo, in: schema, types: numeric, what: "the interval needs numbers: column"),
                             try context.column(hi, in: schema, types: numeric, what: "the interval needs numbers: column"))
        } else if k == .line, spec.kindColumn != nil, let lo = schema.index(of: "lo"), let hi = schema.index(of: "hi"),
                  numeric.contains(schema.types[lo]), numeric.contains(schema.types[hi]) {
            // A projection with `interval 80` carries lo and hi: drawn as its band without asking.
            spec.interval = (lo, hi)
        }
        if let scaleFree, facet == nil {
            throw context.error(.name, "'scale free' gives each facet its own y scale; there is no facet", scaleFree, hint: "facet indicator scale free")
        }
        var tables: [String] = []
        if let target {
            guard k != .bar else { throw context.error(.name, "'target' draws targets at their years, on a line or point chart", target) }
            let cols = try context.inputColumns(schema, need: [("area", [.text]), ("indicator", [.text])], at: target)
            spec.indicator = cols["indicator"]; spec.area = cols["area"]
            _ = try context.referenceTable("targets", needs: AssessStage.targetsNeed, at: target)
            _ = try context.referenceTable("plans", needs: AssessStage.plansNeed, at: target)
            tables += ["targets", "plans"]
        }
        if let (p, span) = path, !p.lowercased().hasSuffix(".svg") {
            throw context.error(.name, "plot writes SVG: name the file .svg", span, hint: "to \"chart.svg\"")
        }
        // Percentages start the y axis at 0: the unit from a unit column or the catalogue.
        var unit: PlotOperator.UnitSource = .none
        if let u = schema.index(of: "unit"), schema.types[u] == .text { unit = .column(u) }
        else if let i = schema.index(of: "indicator"), schema.types[i] == .text,
                let cat = try context.catalog.schema(of: "indicators"), cat.index(of: "id") != nil, cat.index(of: "unit") != nil {
            unit = .catalogue(i)
            tables.append("indicators")
        }
        return PlotOperator(spec: spec, target: target != nil, path: path?.0, pathSpan: path?.1, span: node.span, unit: unit,
                            tablesRead: tables, schema: schema, detail: context.text(node.span.after(node.keyword)))
    }
}

struct PlotOperator: LocalOperator {
    let spec: PlotSpec
    let target: Bool
    let path: String?
    let pathSpan: Span?
    let span: Span
    enum UnitSource: Sendable { case none, column(Int), catalogue(Int) }
    let unit: UnitSource
    let tablesRead: [String]
    let schema: Schema
    let detail: String
    var name: String { "plot" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let chart: Chart
        do {
            let all = try targets(context)
            chart = try ChartBuilder.build(input, spec, targets: all, percent: try isPercent(input, context))
            if target { try noteMissingTargets(input, all, context) }
        } catch var d as Diagnostic {
            d.span = span
            throw d.inSource(context.source)
        }
        if let path, let pathSpan {
            do {
                let svg = Array(SVGChart.render(chart).utf8)
                // Ctrl-C while it was drawn: the file is not written (the old one stays).
                try Interrupt.check()
                try AtomicFile.write(svg, to: context.resolve(path), displayName: path)
            } catch var d as Diagnostic {
                d.span = pathSpan
                throw d.inSource(context.source)
            }
            context.show(.notice("wrote chart to \(path)"))
        } else {
            context.show(.chart(chart))
        }
        return input
    }

    /// `target` that finds nothing to draw for a plotted indicator and area says so, naming the
    /// plans it looked in — never a chart silently without its targets.
    func noteMissingTargets(_ input: Frame, _ all: [PlotTarget], _ context: ExecutionContext) throws {
        guard let ic = spec.indicator, let ac = spec.area else { return }
        let have = Set(all.map { $0.indicator + "\u{1}" + $0.area })
        let pairs = GroupIndex(keys: [input.column(ic), input.column(ac)], rowCount: input.rowCount)
        var plansOf: [String: [String]] = [:]
        let plans = try context.table("plans")
        for i in 0..<plans.rowCount {
            if let id = AssessOperator.text(plans, "id", i), let a = AssessOperator.text(plans, "area_id", i) { plansOf[a, default: []].append(id) }
        }
        var missing: [String] = []
        for r in pairs.firstRows.prefix(pairs.groupCount).map({ Int($0) }) {
            let ci = input.column(ic), ca = input.column(ac)
            guard !ci.isNull(r), !ca.isNull(r) else { continue }
            let ind = ci.value(at: r).description, area = ca.value(at: r).description
            guard !have.contains(ind + "\u{1}" + area) else { continue }
            let ids = plansOf[area] ?? []
            missing.append("\(ind) in \(area) (\(ids.isEmpty ? "no plan in 'plans' has area_id \(area)" : "looked in plans " + ids.joined(separator: ", ")))")
        }
        if !missing.isEmpty { context.show(.notice("note: no target to draw for " + missing.joined(separator: "; "))) }
    }

    /// The targets of the catalogue's plans, with each plan's area.
    func targets(_ context: ExecutionContext) throws -> [PlotTarget] {
        guard target else { return [] }
        let t = try context.table("targets"), plans = try context.table("plans")
        var area: [String: String] = [:]
        for i in 0..<plans.rowCount {
            if let id = AssessOperator.text(plans, "id", i) { area[id] = AssessOperator.text(plans, "area_id", i) }
        }
        return (0..<t.rowCount).compactMap { i in
            guard let plan = AssessOperator.text(t, "plan", i), let a = area[plan], let ind = AssessOperator.text(t, "indicator", i),
                  let year = AssessOperator.number(t, "year", i), let lo = AssessOperator.number(t, "lo", i) else { return nil }
            let hi = AssessOperator.text(t, "op", i) == "range" ? AssessOperator.number(t, "hi", i) : nil
            return PlotTarget(indicator: ind, area: a, year: Int(year), lo: lo, hi: hi, plan: plan)
        }
    }

    func isPercent(_ input: Frame, _ context: ExecutionContext) throws -> Bool {
        var units = Set<String>()
        switch unit {
        case .none: return false
        case .column(let u):
            let c = input.column(u)
            let index = GroupIndex(keys: [c], rowCount: input.rowCount)
            for r in index.firstRows.prefix(index.groupCount) where !c.isNull(Int(r)) { units.insert(c.value(at: Int(r)).description) }
        case .catalogue(let i):
            let ind = try context.table("indicators")
            var of: [String: String] = [:]
            for r in 0..<ind.rowCount {
                if let id = AssessOperator.text(ind, "id", r), let u = AssessOperator.text(ind, "unit", r) { of[id] = u }
            }
            let c = input.column(i)
            let index = GroupIndex(keys: [c], rowCount: input.rowCount)
            for r in index.firstRows.prefix(index.groupCount) where !c.isNull(Int(r)) {
                units.insert(of[c.value(at: Int(r)).description] ?? "?")
            }
        }
        return units == ["percent"]
    }
}
