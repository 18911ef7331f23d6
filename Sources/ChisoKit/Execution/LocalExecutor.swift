/// The local backend: runs a logical plan over in-memory columns, one operator at a time.
/// Rows come from the catalog (a file is read here, not while binding).
struct LocalExecutor {
    let context: ExecutionContext
    /// Told which stage starts (index, name), for the shell's progress line.
    var onStage: ((Int, String) -> Void)? = nil

    func run(_ plan: LogicalPlan) throws -> Table {
        guard let table = try context.catalog.table(named: plan.source.table) else {
            throw Diagnostic(.name, "unknown table '\(plan.source.table)'")
        }
        return try run(plan, from: table, skipping: 0)
    }

    /// Runs the plan's operators after the first `skipped` on `table` (what another backend
    /// returned for those).
    func run(_ plan: LogicalPlan, from table: Table, skipping skipped: Int) throws -> Table {
        var frame = Frame(table)
        for (k, op) in plan.operators.enumerated() where k >= skipped {
            try Interrupt.check()
            onStage?(k, op.name)
            // A take right after this operator: it need not build more rows than that.
            context.rowLimit = k + 1 < plan.operators.count ? (plan.operators[k + 1] as? TakeOperator)?.count : nil
            guard let local = op as? any LocalOperator else {
                throw Diagnostic(.runtime, "'\(op.name)' cannot run locally")
            }
            try MemoryGuard.check(local.memoryNeeded(frame), for: op.name, memoryLimit: context.memoryLimit)
            frame = try local.execute(frame, context)
            // Long loops stop early on Ctrl-C rather than throw; what they left is never used.
            try Interrupt.check()
        }
        // The result's columns are gathered through the last selection now.
        if frame.selection != nil {
            try MemoryGuard.check(frame.rowCount * 8 * frame.names.count, for: "the result", memoryLimit: context.memoryLimit)
        }
        return frame.table(origin: "from \(plan.source.table)")
    }
}

/// How an operator runs on the local backend (declared beside the operator, in its stage file).
protocol LocalOperator: LogicalOperator {
    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame
    /// Bytes the operator will allocate for `input`, estimated before it runs (`MemoryGuard`).
    func memoryNeeded(_ input: Frame) -> Int
}

extension LocalOperator {
    /// Unless an operator says better: a copy of every column, and two words per row besides.
    func memoryNeeded(_ input: Frame) -> Int { input.rowCount * 8 * (input.names.count + 2) }
}

/// What running operators may use: the catalog's rows, the source for messages, where files
/// go, and where `explain` derivations and warnings are collected.
final class ExecutionContext {
    let source: SourceFile
    let catalog: Catalog
    /// Writes an export (the session resolves paths and owns the file system).
    /// The table, the path as written, its format, how to write it, the labels its columns carry.
    let export: (Table, String, any FileFormat, ExportSettings, [String: VariableInfo], Span) throws -> Void
    /// Receives each derivation for `explain`; nil when nobody asked.
    var explain: ((String) -> Void)?
    /// Told what a stage skipped and why (a series too short to project), so it is never silent.
    var warn: (String) -> Void = { _ in }
    /// Shows a result a stage makes besides its rows (a chart).
    var show: (StatementResult) -> Void = { _ in }
    /// The rows the next stage keeps (a take), so a join can stop building there.
    var rowLimit: Int?
    /// Bytes an operator may allocate for its result before it refuses (`set memory_limit`).
    var memoryLimit: Int = MemorySize.defaultLimit

    /// Writes rows as a new table of an attached database (the session owns the connections).
    var exportToDatabase: (Table, RemoteTable, Bool) throws -> Void = { _, t, _ in
        throw Diagnostic(.name, "no database is attached as '\(t.database)'")
    }

    /// Resolves a path the user wrote (relative to the session's folder).
    var resolve: (String) -> String = { $0 }

    init(source: SourceFile, catalog: Catalog, export: @escaping (Table, String, any FileFormat, ExportSettings, [String: VariableInfo], Span) throws -> Void) {
        self.source = source
        self.catalog = catalog
        self.export = export
    }

    func evaluator(_ frame: Frame) -> Evaluator {
        Evaluator(rowCount: frame.rowCount, columns: frame.column, source: source)
    }

    /// A catalog table's rows (read by now: the session materialises every table a plan reads).
    func table(_ name: String) throws -> Table {
        guard let t = try catalog.table(named: name) else { throw Diagnostic(.name, "unknown table '\(name)'") }
        return t
    }

    func error(_ kind: Diagnostic.Kind, _ message: String, _ span: Span, hint: String? = nil) -> Diagnostic {
        Diagnostic(kind, message, at: span, hint: hint).inSource(source)
    }
}
