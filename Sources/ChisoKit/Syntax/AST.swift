/// The parsed form of chiso source: statements made of pipelines made of stages.

/// A name as written, with its span (table, column, function or option names).
public struct Name: Sendable, Equatable {
    public var text: String
    public var span: Span
}

public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case literal(Value)
        case column(String)
        /// `$name`, a value declared with `param`.
        case parameter(String)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case call(Name, [Expr])
        case inList(Expr, [Expr], negated: Bool)
        case between(Expr, Expr, Expr, negated: Bool)
        case isNull(Expr, negated: Bool)
    }
    public var kind: Kind
    public var span: Span
}

public enum UnaryOp: String, Sendable { case negate = "-", not }

public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or
    case startsWith = "starts_with", endsWith = "ends_with", contains

    var isComparison: Bool { [.eq, .ne, .lt, .le, .gt, .ge].contains(self) }
}

/// `name = expr`, as in `derive` and `group { … }`.
public struct Assignment: Sendable {
    public var name: Name
    public var expr: Expr
}

/// One stage as parsed: its own syntax (a `Stage` from the registry) and where it stands.
public struct StageNode: Sendable {
    public var syntax: any Stage
    /// The stage keyword (for errors about the stage as a whole).
    public var keyword: Span
    public var span: Span
}

public struct Pipeline: Sendable {
    public var source: Name
    public var stages: [StageNode]
    public var span: Span
    /// What makes the source's rows when the pipeline does not start from a table by name
    /// (`read plan "f" | …`, `load "f.csv" | …`, `from "f.csv" | …`, `describe T | …`,
    /// `tables | …`, a bare expression): run first, its result known as `source`.
    public var producer: PipelineProducer? = nil

    public init(source: Name, stages: [StageNode], span: Span, producer: PipelineProducer? = nil) {
        self.source = source; self.stages = stages; self.span = span; self.producer = producer
    }
}

/// The statement whose table a pipeline starts from: every table chiso makes is a source.
/// A class, because a statement holds pipelines and a pipeline its producer.
public final class PipelineProducer: Sendable {
    public let statement: Statement
    /// Whether the table is only the pipeline's source (`from "f.csv"`, `describe T`, an
    /// expression): it is known under a name no one can type and forgotten after the statement.
    public let hidden: Bool

    public init(_ statement: Statement, hidden: Bool) { self.statement = statement; self.hidden = hidden }
}

/// A load option value: a literal, or a parenthesised list of `name = type`.
public enum OptionValue: Sendable {
    case literal(Value, Span)
    case pairs([(name: Name, value: Name)])
}

public struct LoadOption: Sendable {
    public var name: Name
    public var value: OptionValue
}

public enum Statement: Sendable {
    /// `load "path" [as name] [(options)] [design (strata = s, psu = p, weight = w, fpc = f)]`
    case load(path: String, pathSpan: Span, name: Name?, options: [LoadOption], design: [(key: Name, column: Name)]?, span: Span)
    /// `let name = pipeline`
    case bind(Name, Pipeline)
    /// `param name = literal`: a script parameter, overridable with `--set name=value`.
    case param(Name, Value, valueSpan: Span)
    /// A pipeline whose result is printed.
    case query(Pipeline)
    /// `explain PIPELINE`: the result, preceded by each projection's formula with its numbers.
    case explain(Pipeline)
    /// `explain plan PIPELINE`: the logical plan, one operator a line; no row is read.
    case explainPlan(Pipeline)
    /// A session command: `help [topic]`, `tables`, `describe T`, `set name value`.
    case command(Name, [String], span: Span)
    /// `run "script.chiso"`: the script's statements in this session (its tables and settings).
    case run(path: String, pathSpan: Span, span: Span)
    /// `design T (strata = s, psu = p, weight = w, …)`: declares a survey design on a table.
    case design(Name, [(key: Name, column: Name)], span: Span)
    /// `calibrate T poststratify (k, …) to P` / `rake (k) to P1, (j) to P2` / `linear (…) to …`:
    /// calibrates the weights of T's design to population totals.
    case calibrate(Name, method: Name, margins: [(keys: [Name], totals: Name)], span: Span)
    /// `read plan "file.txt" [id "plan-id"] [indicators T] [as name]`: the targets a plan
    /// document states, one row each (kept as `name`, or shown).
    case readPlan(path: String, pathSpan: Span, id: String?, indicators: Name?, name: Name?, span: Span)
    /// `attach "postgresql://…" as pg`: a database whose tables become `pg.schema.table`.
    case attach(url: String, urlSpan: Span, name: Name, span: Span)
    /// `detach pg`.
    case detach(Name, span: Span)
    /// The one row, no column, table a bare expression (`(95 - 65.09) / (2030 - 2019)`) is
    /// computed on, as SQL's `SELECT expr`.
    case oneRow(span: Span)

    public var span: Span {
        switch self {
        case .load(_, _, _, _, _, let s): return s
        case .bind(let n, let p): return n.span.to(p.span)
        case .param(let n, _, let v): return n.span.to(v)
        case .query(let p), .explain(let p), .explainPlan(let p): return p.span
        case .command(_, _, let s): return s
        case .run(_, _, let s): return s
        case .readPlan(_, _, _, _, _, let s): return s
        case .design(_, _, let s): return s
        case .calibrate(_, _, _, let s): return s
        case .attach(_, _, _, let s), .detach(_, let s), .oneRow(let s): return s
        }
    }
}

extension Expr {
    /// The same expression with each direct child replaced by `f(child)` (leaves unchanged).
    func mapChildren(_ f: (Expr) throws -> Expr) rethrows -> Expr {
        switch kind {
        case .literal, .column, .parameter: return self
        case .call(let n, let args): return Expr(kind: .call(n, try args.map(f)), span: span)
        case .unary(let op, let x): return Expr(kind: .unary(op, try f(x)), span: span)
        case .binary(let op, let a, let b): return Expr(kind: .binary(op, try f(a), try f(b)), span: span)
        case .inList(let x, let items, let neg): return Expr(kind: .inList(try f(x), try items.map(f), negated: neg), span: span)
        case .between(let x, let lo, let hi, let neg): return Expr(kind: .between(try f(x), try f(lo), try f(hi), negated: neg), span: span)
        case .isNull(let x, let neg): return Expr(kind: .isNull(try f(x), negated: neg), span: span)
        }
    }
}

extension Expr {
    /// The expression's direct sub-expressions.
    var children: [Expr] {
        switch kind {
        case .literal, .column, .parameter: return []
        case .call(_, let args): return args
        case .unary(_, let x), .isNull(let x, _): return [x]
        case .binary(_, let a, let b): return [a, b]
        case .inList(let x, let items, _): return [x] + items
        case .between(let x, let lo, let hi, _): return [x, lo, hi]
        }
    }

    /// The depth of the tree, found with an explicit stack so that any depth can be measured.
    var depth: Int {
        var deepest = 0
        var stack: [(Expr, Int)] = [(self, 1)]
        while let (e, d) = stack.popLast() {
            deepest = max(deepest, d)
            for c in e.children { stack.append((c, d + 1)) }
        }
        return deepest
    }
}
