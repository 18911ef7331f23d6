/// `rename new = old, …`
struct RenameStage: Stage {
    static let keyword = "rename"
    static let help = Help.Topic(name: "rename", kind: "stage", usage: "rename new = old, …",
        summary: "Renames columns.",
        example: "from targets | rename target = lo")

    var pairs: [(new: Name, old: Name)]

    // rename -> 'rename' NAME '=' NAME (',' NAME '=' NAME)*
    static func parse(_ p: inout Parser) throws -> RenameStage {
        var pairs: [(new: Name, old: Name)] = []
        repeat {
            let new = try p.name("a new column name", hint: "rename new_name = old_name")
            _ = try p.expectSymbol("=", hint: "rename new_name = old_name")
            pairs.append((new, try p.name("the column to rename")))
        } while p.acceptSymbol(",")
        return RenameStage(pairs: pairs)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var names = input.names
        for (new, old) in pairs {
            guard let i = names.firstIndex(of: old.text) else { throw context.binder(input).unknownColumn(old.text, old.span) }
            names[i] = new.text
        }
        try context.checkUnique(names, pairs.map(\.new.span) + [Span](repeating: node.span, count: max(0, names.count - pairs.count)))
        return RenameOperator(schema: Schema(names: names, types: input.types), detail: context.text(node.span.after(node.keyword)))
    }
}

struct RenameOperator: LocalOperator {
    /// Names and row ranges only.
    func memoryNeeded(_ input: Frame) -> Int { 0 }
    let schema: Schema
    let detail: String
    var name: String { "rename" }
    var keepsRowIdentity: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        input.projecting(Array(schema.names.indices), names: schema.names)
    }
}
