/// A bound pipeline: which table it reads and the operators it applies, each with names,
/// types and bound expressions, and **no data**. Binding produces it from the catalog alone
/// (no CSV row is read), so it can be printed (`explain plan`), checked (`chiso check`), or
/// handed to another backend; the local executor is one consumer of it, not its owner.
public struct LogicalPlan: Sendable {
    /// The table the pipeline starts from, as the catalog described it when the plan was bound.
    public var source: Scan
    public var operators: [any LogicalOperator]
    /// Stages after an operator whose columns only the data decides (`pivot`): they are bound
    /// once it has run and its columns are known.
    public var deferred: [StageNode] = []
    /// The deferred stages as written (for `explain plan`).
    public var deferredText = ""
    /// Where the operators run, when the source is a database table (for `explain plan`).
    public var placement: PlanPlacement?

    /// The schema of the rows the pipeline produces.
    public var schema: Schema { operators.last?.schema ?? source.schema }

    /// Every catalog table the plan reads (its source, join partners, reference tables).
    public var tablesRead: [String] {
        var seen: [String] = [source.table]
        for op in operators { for t in op.tablesRead where !seen.contains(t) { seen.append(t) } }
        return seen
    }
}

/// Reads a catalog table by name.
public struct Scan: Sendable {
    public var table: String
    public var schema: Schema
    /// Where the catalog says the table comes from (a file path, or the statement that made it).
    public var origin: String
}

/// One operator of a logical plan: what a stage means once its names and types are checked.
///
/// It describes itself for `explain plan` and lists the tables it reads; it holds no rows.
/// How it runs is a separate concern: the local backend's `LocalOperator` conformance sits
/// beside its binding in the stage's file, and a second backend adds its own.
public protocol LogicalOperator: Sendable {
    /// The stage keyword (`where`, `join`, …).
    var name: String { get }
    /// The operator's arguments as one line for `explain plan` (`year == 2030`, `left plans on plan = id`).
    var detail: String { get }
    /// The columns and types of the rows it produces.
    var schema: Schema { get }
    /// Catalog tables it reads besides its input.
    var tablesRead: [String] { get }
    /// Whether each output row is an input row unchanged in identity (where, sort, take, derive,
    /// select, rename): what a survey design needs to still describe the rows.
    var keepsRowIdentity: Bool { get }
    /// True when the operator adds columns that only the data decides (`pivot`: one per
    /// distinct key). Its `schema` then lists the columns known before it runs.
    var addsColumnsAtRunTime: Bool { get }
}

extension LogicalOperator {
    public var tablesRead: [String] { [] }
    public var keepsRowIdentity: Bool { false }
    public var addsColumnsAtRunTime: Bool { false }
}

/// A plan over a database table: its first `pushed` operators run on the server as one SQL
/// statement, the rest locally on the rows it returns.
public struct PlanPlacement: Sendable {
    public var database: String
    public var connection: String
    public var pushed: Int
    public var sql: String
    public var parameters: [Value]
    /// Local tables uploaded for a join (catalog name, temporary table).
    public var uploads: [(table: String, as: String)]
    /// Why the first local operator stays local.
    public var reason: String?
    /// When the next operator is an estimate the server sums for: its two statements.
    public var estimate: [String]? = nil
}
