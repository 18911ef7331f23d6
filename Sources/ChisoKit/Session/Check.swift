import Foundation

/// `chiso check script.chiso`: binds every statement of a script against the catalog without
/// reading a row, and reports every error it finds, not only the first — what an analyst's CI
/// runs before a long report script.
extension Session {
    public func check(_ source: SourceFile) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let (statements, syntaxErrors) = Parser.parseRecovering(source, parameters: parameters, overrides: overrides)
        problems += syntaxErrors
        // Tables whose statement failed: later errors that only repeat "unknown table" are noise.
        var failed: Set<String> = []
        // Files the script writes before it reads them: their columns are not known until it
        // runs, so the statement that reads one (and what uses its table) is checked then.
        var written: Set<String> = []
        for statement in statements {
            defer { written.formUnion(Self.filesWritten(statement).map(resolve)) }
            if let read = Self.fileRead(statement), written.contains(resolve(read)) {
                if let name = Self.definedName(statement) { failed.insert(name) }
                continue
            }
            do {
                try checkStatement(statement, source)
            } catch var d as Diagnostic {
                if d.span == nil { d.span = statement.span }
                if let name = Self.definedName(statement) { failed.insert(name) }
                if failed.contains(where: { d.message == "unknown table '\($0)'" }) { continue }
                problems.append(d.inSource(source))
            } catch {
                problems.append(Diagnostic(.runtime, "\(error)", at: statement.span).inSource(source))
            }
        }
        return problems
    }

    /// The file a statement reads its rows from, if any (load, read plan, from "f.csv").
    static func fileRead(_ s: Statement) -> String? {
        switch s {
        case .load(let path, _, _, _, _, _), .readPlan(let path, _, _, _, _, _): return path
        case .query(let p), .bind(_, let p), .explain(let p), .explainPlan(let p): return p.producer.flatMap { fileRead($0.statement) }
        default: return nil
        }
    }

    /// The files a statement's export stages write.
    static func filesWritten(_ s: Statement) -> [String] {
        switch s {
        case .query(let p), .bind(_, let p): return p.stages.compactMap { ($0.syntax as? ExportStage)?.path }
        default: return []
        }
    }

    /// The table a statement defines, if any.
    static func definedName(_ s: Statement) -> String? {
        switch s {
        case .load(let path, _, let alias, _, _, _): return alias?.text ?? tableName(forPath: path)
        case .bind(let n, _): return n.text
        case .readPlan(_, _, _, _, let alias, _): return alias?.text
        default: return nil
        }
    }

    func checkStatement(_ statement: Statement, _ source: SourceFile) throws {
        switch statement {
        case .load(let path, let pathSpan, let alias, let options, let design, _):
            let (format, settings) = try loadSettings(path: path, options, source)
            var schema: Schema
            var variables: [String: VariableInfo] = [:]
            do {
                if let s = try format.schema(ReadRequest(path: resolve(path), shown: path, settings: settings)) {
                    schema = s
                } else {
                    // A format that must be read whole to know its types (a workbook's cells).
                    let r = try format.read(ReadRequest(path: resolve(path), shown: path, settings: settings))
                    schema = Schema(r.table)
                    variables = r.variables
                }
            } catch var d as Diagnostic {
                d.span = pathSpan
                throw d
            }
            let surveyDesign = try design.map { try self.surveyDesign($0, schema: schema, table: nil, source) }
            catalog.declare(alias?.text ?? Self.tableName(forPath: path), schema: schema, origin: path, design: surveyDesign, variables: variables)
        case .bind(let name, let pipeline):
            let plan = try withSource(pipeline, source, checking: true) { try bind(pipeline, source) }
            catalog.declare(name.text, schema: plan.schema, origin: "let \(name.text)")
        case .param(let name, let value, let valueSpan):
            try declareParameter(name.text, try parameterValue(name.text, default: value, span: valueSpan, source))
        case .query(let p), .explain(let p), .explainPlan(let p):
            _ = try withSource(p, source, checking: true) { try bind(p, source) }
        case .readPlan(_, _, _, _, let alias, _):
            if let alias { catalog.declare(alias.text, schema: Schema(names: PlanReader.columns.map(\.0), types: PlanReader.columns.map(\.1)), origin: "read plan") }
        case .design(let name, let pairs, _):
            guard let schema = try catalog.schema(of: name.text) else {
                throw Diagnostic(.name, "unknown table '\(name.text)'", at: name.span, hint: NameSuggestion.hint(for: name.text, in: catalog.names)).inSource(source)
            }
            catalog.setDesign(try surveyDesign(pairs, schema: schema, table: nil, source), of: name.text)
        case .calibrate:
            break   // needs the rows; checked when it runs
        case .attach(let url, let urlSpan, let name, _):
            // The server's catalog gives the tables' schemas; no row is read.
            try attach(url: url, urlSpan: urlSpan, name: name, source)
        case .detach(let name, _):
            try detach(name, source)
        case .run(let path, let span, _):
            // A script a script runs defines tables the rest may use: check it in this session.
            guard let data = FileManager.default.contents(atPath: resolve(path)) else {
                throw Diagnostic(.io, "cannot read \(path)", at: span, hint: "check the path; relative paths start from the script's folder (the current one at the prompt)").inSource(source)
            }
            if let first = inFolder(of: path, { check(SourceFile(name: path, text: String(decoding: data, as: UTF8.self))) }).first { throw first }
        case .command, .oneRow:
            break
        }
    }
}
