/// `lineage`: each target beside the target of its nearest ancestor plan that has targets.
struct LineageStage: Stage {
    static let keyword = "lineage"
    static let help = Help.Topic(name: "lineage", kind: "stage", usage: "lineage",
        summary: "Puts each target beside the target of its nearest ancestor plan that has targets (commune → district → province → national via plans.parent) and flags it more ambitious, less ambitious, same, or lists the ancestor's targets the plan is silent on.",
        example: "from targets | lineage | where plan == \"nghi-hung-80-2023\"")

    // lineage -> 'lineage'
    static func parse(_ p: inout Parser) throws -> LineageStage { LineageStage() }

    static let plansNeed: [(String, [DataType])] = [("id", [.text]), ("parent", [.text])]

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var input = try context.inputColumns(schema, need: [("indicator", [.text]), ("lo", [.int, .float]), ("op", [.text]),
                                                            ("plan", [.text]), ("year", [.int])], at: node.keyword)
        if let i = schema.index(of: "hi") { input["hi"] = i }
        _ = try context.referenceTable("targets", needs: AssessStage.targetsNeed, at: node.keyword)
        _ = try context.referenceTable("plans", needs: Self.plansNeed, at: node.keyword)
        return LineageOperator(input: input, schema: Schema(LineageTable.columns))
    }
}

struct LineageOperator: LocalOperator {
    let input: [String: Int]
    let schema: Schema
    var name: String { "lineage" }
    var detail: String { "against targets, plans" }
    var tablesRead: [String] { ["targets", "plans"] }

    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        Frame(try LineageTable.build(frame, input: input, targets: try context.table("targets"), plans: try context.table("plans")))
    }
}
