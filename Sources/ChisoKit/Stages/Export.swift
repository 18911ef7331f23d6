/// `export "path.csv"`: writes the rows so far (atomically) and passes them on.
struct ExportStage: Stage {
    static let keyword = "export"
    static let help = Help.Topic(name: "export", kind: "stage", usage: "export \"path.csv\"",
        summary: "Writes the rows so far as CSV (tab-separated for .tsv) and passes them on. The file is written to a temporary name and renamed into place, so a failed export never leaves a partial file.",
        example: "from targets | where plan == \"nghe-an-347-2023\" | export \"out.csv\"")
    static let sendsRowsElsewhere = true

    var path: String
    var pathSpan: Span

    // export -> 'export' STRING
    static func parse(_ p: inout Parser) throws -> ExportStage {
        let (path, span) = try p.stringLiteral("a file path in quotes", hint: "export \"out.csv\"")
        return ExportStage(path: path, pathSpan: span)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        ExportOperator(path: path, span: pathSpan, schema: input)
    }
}

struct ExportOperator: LocalOperator {
    let path: String
    let span: Span
    let schema: Schema
    var name: String { "export" }
    var detail: String { "\"\(path)\"" }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        try context.export(input.table(origin: path), path, span)
        return input
    }
}
