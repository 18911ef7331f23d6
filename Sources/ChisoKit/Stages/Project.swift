/// `project VALUE by YEAR [per KEYS] to HORIZON [method …] | [scenarios { name = method …, … }]`:
/// extends each series to the horizon under one or more scenarios.
struct ProjectStage: Stage {
    static let keyword = "project"
    static let help = Help.Topic(name: "project", kind: "stage", usage: "project VALUE by YEAR [per KEYS] to HORIZON [method M] | [scenarios { name = M, … }]",
        summary: "Extends each series to the horizon: linear (least squares), cagr (compound growth from the base to the latest observation), logistic (saturating at the cap, fitted by nonlinear least squares), flat, change D (points a year), growth G (percent a year). Options after a method: from YEAR (base year), base VALUE (what-if base), cap N | cap none (default 100; values stay in [0, cap]). Output: the keys, year, value, kind (observed|projected), scenario.",
        example: "from observations | where indicator == \"household_fibre_coverage\" and area == \"vn\" | project value by year to 2030 scenarios { trend = linear, fast = change 3 }")
    static let completionWords = ["by", "per", "to", "method", "scenarios", "from", "base", "cap", "none"] + ProjectionMethod.names

    var spec: ProjectSpec

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
        let horizon = try p.integer("a horizon year", hint: "… to 2030")
        var scenarios: [ScenarioSpec] = []
        if p.acceptWord("scenarios") {
            _ = try p.expectSymbol("{", hint: "scenarios { trend = linear, fast = change 3 from 2025 }")
            while !p.current.isSymbol("}") {
                let n = try p.name("a scenario name")
                _ = try p.expectSymbol("=", hint: "\(n.text) = linear")
                scenarios.append(try scenario(n.text, &p))
                if !p.acceptSymbol(",") { break }
            }
            _ = try p.expectSymbol("}", hint: "close the scenarios with '}'")
        } else {
            scenarios.append(try scenario("base", &p))
        }
        return ProjectStage(spec: ProjectSpec(value: value, by: by, per: per, horizon: horizon, scenarios: scenarios))
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
        while true {
            if p.acceptWord("from") {
                spec.from = try p.integer("a base year", hint: "from 2022")
            } else if p.acceptWord("base") {
                spec.base = try p.signedNumber("a base value", hint: "base 70")
            } else if p.acceptWord("cap") {
                if p.acceptWord("none") { spec.cap = nil } else { spec.cap = try p.signedNumber("a cap", hint: "cap 100 or cap none") }
            } else {
                break
            }
        }
        return spec
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let v = try context.column(spec.value, in: schema, types: [.int, .float], what: "the value column")
        let y = try context.column(spec.by, in: schema, types: [.int], what: "the year column")
        let per = try spec.per.map { try context.column($0, in: schema) }
        let names = per.map { schema.names[$0] } + [spec.by.text, spec.value.text, "kind", "scenario"]
        return ProjectOperator(value: v, year: y, per: per, spec: spec, span: node.keyword,
                               schema: Schema(names: names, types: per.map { schema.types[$0] } + [.int, .float, .text, .text]),
                               detail: context.text(node.span.after(node.keyword)))
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
}

struct ProjectOperator: LocalOperator {
    let value: Int
    let year: Int
    let per: [Int]
    let spec: ProjectSpec
    let span: Span
    let schema: Schema
    let detail: String
    var name: String { "project" }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        do {
            return Frame(try ProjectionTable.build(input, value: value, year: year, per: per, spec: spec, explain: context.explain))
        } catch ProjectionError.message(let m) {
            throw context.error(.runtime, m, span)
        }
    }
}
