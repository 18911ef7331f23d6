/// Every table is a source: a pipeline may start from what a statement makes — a plan read
/// (`read plan "f.txt" | where confidence >= 0.8`), a file (`load "f.csv" | …`, `from "f.csv" |
/// …`), a description (`describe targets | where nulls > 0`), the list of tables (`tables |
/// …`) or the one row a bare expression is computed on. The producer runs first and its table is
/// the pipeline's source; a hidden one is known under a name no one can type, for that
/// statement only.
extension Session {
    /// Runs `body` once the pipeline's source exists (in `chiso check`, once its schema does).
    func withSource<T>(_ p: Pipeline, _ source: SourceFile, checking: Bool = false, _ body: () throws -> T) throws -> T {
        guard let producer = p.producer else { return try body() }
        let name = p.source.text
        defer { if producer.hidden { catalog.remove(catalog.canonical(name)) } }
        if checking {
            try declareProduced(producer, name: name, source)
        } else {
            var variables: [String: VariableInfo] = [:]
            let t = try produce(producer, name: name, source, variables: &variables)
            if producer.hidden { catalog.register(t, as: name, origin: name, variables: variables) }
        }
        return try body()
    }

    /// The producer's table. A producer that keeps its table (`load "f" as t | …`, `read plan
    /// "f" as t | …`) runs as its statement does, saying what it loaded.
    /// `variables`: what a statistics file says of its columns (labels), kept with the table.
    func produce(_ producer: PipelineProducer, name: String, _ source: SourceFile, variables: inout [String: VariableInfo]) throws -> Table {
        let statement = producer.statement
        if !producer.hidden {
            try execute(statement, source)
            guard let t = try table(named: name) else { throw Diagnostic(.name, "unknown table '\(name)'", at: statement.span) }
            return t
        }
        switch statement {
        case .load(let path, let pathSpan, _, let options, _, _):
            let (format, settings) = try loadSettings(path: path, options, source)
            let result = try readFile(path: path, pathSpan: pathSpan, format, settings, progress: nil)
            variables = result.variables
            var t = result.table
            t.origin = path
            return t
        case .readPlan(let path, let pathSpan, let id, let indicators, _, _):
            return try readPlan(path: path, pathSpan: pathSpan, id: id, indicators: indicators, source)
        case .command(let n, _, _) where n.text == "tables":
            return try tableListing()
        case .command(let n, let args, _) where n.text == "describe":
            guard let tname = args.first else {
                throw Diagnostic(.name, "describe needs a table name", at: n.span, hint: "describe targets | where nulls > 0")
            }
            if let e = catalog.entry(tname), let remote = e.remote, let schema = e.schema { return describeRemote(remote, schema) }
            guard let t = try table(named: tname) else {
                throw Diagnostic(.name, "unknown table '\(tname)'", at: n.span, hint: NameSuggestion.hint(for: tname, in: tableNames))
            }
            return Describe.summary(t, variables: catalog.entry(tname)?.variables ?? [:])
        case .oneRow:
            return Table(names: [], columns: [], rowCount: 1, origin: "(expression)")
        default:
            throw Diagnostic(.syntax, "this statement makes no table to start a pipeline from", at: statement.span)
        }
    }

    /// `chiso check`: the producer's schema, declared under the source's name; no row is read.
    func declareProduced(_ producer: PipelineProducer, name: String, _ source: SourceFile) throws {
        let statement = producer.statement
        switch statement {
        case .load:
            try checkStatement(statement, source)
        case .readPlan:
            catalog.declare(name, schema: Schema(names: PlanReader.columns.map(\.0), types: PlanReader.columns.map(\.1)), origin: "read plan")
        case .command(let n, let args, _) where n.text == "describe":
            guard let tname = args.first, try catalog.schema(of: tname) != nil else {
                throw Diagnostic(.name, "unknown table '\(args.first ?? "")'", at: n.span,
                                 hint: NameSuggestion.hint(for: args.first ?? "", in: tableNames) ?? "describe targets")
            }
            catalog.declare(name, schema: Schema(Describe.summary(Table(names: [], columns: [], rowCount: 0))), origin: name)
        case .command:
            catalog.declare(name, schema: Schema(try tableListing()), origin: name)
        case .oneRow:
            catalog.declare(name, schema: Schema(names: [], types: []), origin: "(expression)")
        default:
            throw Diagnostic(.syntax, "this statement makes no table to start a pipeline from", at: statement.span)
        }
    }
}
