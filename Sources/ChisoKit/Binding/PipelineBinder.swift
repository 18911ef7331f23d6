/// Turns a parsed pipeline into a `LogicalPlan` using the catalog's schemas only: every name
/// and type is checked, no row is read, and no stage runs (no export is written) before the
/// whole pipeline has been checked.
struct PipelineBinder {
    let source: SourceFile
    let catalog: Catalog
    var parameters: [String: Value] = [:]

    func bind(_ p: Pipeline) throws -> LogicalPlan {
        var context = BindContext(source: source, catalog: catalog, parameters: parameters,
                                  sourceTable: p.source.text, design: nil, rowsAreSource: true)
        let schema = try context.tableSchema(p.source)
        context.design = catalog.entry(p.source.text)?.design
        context.unreadable = catalog.entry(p.source.text)?.remote?.unreadable ?? [:]
        var plan = LogicalPlan(source: Scan(table: p.source.text, schema: schema,
                                            origin: catalog.entry(p.source.text)?.origin ?? ""), operators: [])
        var current = schema
        for (k, node) in p.stages.enumerated() {
            let op = try node.syntax.bind(current, &context, node)
            plan.operators.append(op)
            current = op.schema
            if !op.keepsRowIdentity { context.rowsAreSource = false }
            if op.addsColumnsAtRunTime {
                plan.deferred = Array(p.stages[(k + 1)...])
                plan.deferredText = plan.deferred.map { context.text($0.span) }.joined(separator: " | ")
                break
            }
        }
        return plan
    }
}

/// What a stage's binding may consult: the catalog (schemas, no rows), the script's
/// parameters, and what is known of the pipeline so far. Also the shared checks that give
/// located errors (unknown column with a suggestion, wrong type, a name used twice).
public struct BindContext {
    public let source: SourceFile
    let catalog: Catalog
    public var parameters: [String: Value]
    /// The table the pipeline starts from, and the survey design declared on it.
    public let sourceTable: String
    public var design: SurveyDesign?
    /// True while every stage so far kept rows as they are (only where/derive/select/sort/take/rename).
    public var rowsAreSource: Bool

    /// Columns of the source's database table that chiso cannot read (named in errors).
    var unreadable: [String: String] = [:]

    public func binder(_ schema: Schema) -> Binder {
        var b = Binder(schema: schema, source: source, parameters: parameters)
        b.unreadable = unreadable
        return b
    }

    public func error(_ kind: Diagnostic.Kind, _ message: String, _ span: Span, hint: String? = nil) -> Diagnostic {
        Diagnostic(kind, message, at: span, hint: hint).inSource(source)
    }

    /// A catalog table's schema, or a located error naming the tables there are.
    public func tableSchema(_ name: Name) throws -> Schema {
        let schema: Schema?
        do { schema = try catalog.schema(of: name.text) } catch var d as Diagnostic {
            if d.span == nil { d.span = name.span }
            throw d.inSource(source)
        }
        guard let schema else {
            let names = catalog.names
            throw error(.name, "unknown table '\(name.text)'", name.span,
                        hint: NameSuggestion.hint(for: name.text, in: names)
                            ?? (names.isEmpty ? "load a CSV first: load \"file.csv\" as \(name.text)"
                                : "tables are: " + names.joined(separator: ", ")))
        }
        return schema
    }

    /// A reference table the statistics stages read by name (`targets`, `plans`): its schema,
    /// checked to have the columns they need, each a located error naming what is missing.
    public func referenceTable(_ name: String, needs: [(String, [DataType])], at span: Span) throws -> Schema {
        guard let schema = try catalog.schema(of: name) else {
            throw error(.name, "this stage needs a table named '\(name)'", span,
                        hint: "start chiso with --data Datasets, or load one: load \"\(name).csv\" as \(name)")
        }
        for (col, types) in needs {
            guard let i = schema.index(of: col) else {
                throw error(.name, "table '\(name)' has no column '\(col)', which this stage needs", span,
                            hint: "its columns are: " + schema.names.joined(separator: ", "))
            }
            guard types.contains(schema.types[i]) || schema.types[i] == .null else {
                throw error(.type, "column '\(col)' of table '\(name)' must be \(types.map(\.rawValue).joined(separator: " or ")), found \(schema.types[i])", span)
            }
        }
        return schema
    }

    /// The position of a named column, or a located "unknown column" error with a suggestion.
    public func column(_ name: Name, in schema: Schema) throws -> Int {
        guard let i = schema.index(of: name.text) else { throw binder(schema).unknownColumn(name.text, name.span) }
        return i
    }

    /// As `column(_:in:)`, and the column must have one of `types`.
    public func column(_ name: Name, in schema: Schema, types: [DataType], what: String) throws -> Int {
        let i = try column(name, in: schema)
        guard types.contains(schema.types[i]) else {
            throw error(.type, "\(what) '\(name.text)' must be \(types.map(\.rawValue).joined(separator: " or ")), found \(schema.types[i])", name.span)
        }
        return i
    }

    /// The input columns a statistics stage needs by name, each with its allowed types.
    public func inputColumns(_ schema: Schema, need: [(String, [DataType])], at span: Span) throws -> [String: Int] {
        var idx: [String: Int] = [:]
        for (col, types) in need {
            guard let i = schema.index(of: col) else {
                throw error(.name, "this stage needs a column '\(col)'", span,
                            hint: "the input has: " + schema.names.joined(separator: ", "))
            }
            guard types.contains(schema.types[i]) else {
                throw error(.type, "column '\(col)' must be \(types.map(\.rawValue).joined(separator: " or ")), found \(schema.types[i])", span)
            }
            idx[col] = i
        }
        return idx
    }

    /// No output column may appear twice.
    public func checkUnique(_ names: [String], _ spans: [Span]) throws {
        var seen = Set<String>()
        for (n, s) in zip(names, spans) where !seen.insert(n).inserted {
            throw error(.name, "column '\(n)' appears twice in the result", s, hint: "rename one with new_name = …")
        }
    }

    /// The source text of a span with runs of white space folded (for `explain plan`).
    public func text(_ span: Span) -> String {
        source.slice(span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
