/// `assess [plan "id"]`: judges series against the targets of the plans covering their area.
struct AssessStage: Stage {
    static let keyword = "assess"
    static let help = Help.Topic(name: "assess", kind: "stage", usage: "assess [plan \"ID\"]",
        summary: "Judges series (indicator, area, year, value[, kind, scenario]) against the targets of every plan whose area_id is the area. ratio = observed annual change / required annual change (to the target from the latest observation); status after Eurostat's SDG method: on track ≥ 0.95, needs acceleration ≥ 0.6, off track ≥ 0, regressing < 0; met when the latest value satisfies the wording ('>' strictly above, '=' and '>=' at the value, '~' within 1 point, a range at its lower end). anticipated_progress after UN ESCAP: (projected − first) / (target − first).",
        example: "from observations | where area == \"nghe-an\" | assess")
    static let completionWords = ["plan"]

    var plan: String?

    // assess -> 'assess' ['plan' STRING]
    static func parse(_ p: inout Parser) throws -> AssessStage {
        var plan: String? = nil
        if p.acceptWord("plan") {
            guard case .string(let id) = p.current.kind else { throw p.expected("a plan id in quotes", hint: "assess plan \"nghe-an-347-2023\"") }
            _ = p.advance()
            plan = id
        }
        return AssessStage(plan: plan)
    }

    /// The reference tables it reads by name, with the columns it needs of each.
    static let targetsNeed: [(String, [DataType])] = [("plan", [.text]), ("indicator", [.text]), ("year", [.int]),
                                                      ("op", [.text]), ("lo", [.int, .float])]
    static let plansNeed: [(String, [DataType])] = [("id", [.text]), ("area_id", [.text])]

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var input = try context.inputColumns(schema, need: [("area", [.text]), ("indicator", [.text]), ("value", [.int, .float]),
                                                            ("year", [.int])], at: node.keyword)
        for extra in ["scenario", "kind"] { if let i = schema.index(of: extra) { input[extra] = i } }
        _ = try context.referenceTable("targets", needs: Self.targetsNeed, at: node.keyword)
        _ = try context.referenceTable("plans", needs: Self.plansNeed, at: node.keyword)
        return AssessOperator(input: input, plan: plan, span: node.span, schema: Schema(AssessmentTable.columns))
    }
}

struct AssessOperator: LocalOperator {
    /// Input column positions by role: indicator, area, year, value, and scenario/kind when present.
    let input: [String: Int]
    let plan: String?
    let span: Span
    let schema: Schema
    var name: String { "assess" }
    var detail: String { (plan.map { "plan \"\($0)\" " } ?? "") + "against targets, plans" }
    var tablesRead: [String] { ["targets", "plans"] }

    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        let targets = try context.table("targets"), plans = try context.table("plans")
        if let plan, let ids = plans.column("id") {
            let known = (0..<plans.rowCount).compactMap { ids.isNull($0) ? nil : ids.value(at: $0).description }
            guard known.contains(plan) else {
                throw context.error(.name, "unknown plan '\(plan)'", span, hint: NameSuggestion.hint(for: plan, in: known))
            }
        }
        return Frame(AssessmentTable.build(frame, input: input, targets: targets, plans: plans, plan: plan, explain: context.explain))
    }
}
