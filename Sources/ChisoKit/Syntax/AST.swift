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

public enum SelectItem: Sendable {
    /// `expr` or `new = expr`; a bare column keeps its name.
    case keep(name: Name?, expr: Expr)
    /// `-col`
    case drop(Name)
}

public struct SortKey: Sendable {
    public var expr: Expr
    public var descending: Bool
}

public enum JoinKind: String, Sendable { case inner, left }

public enum Stage: Sendable {
    case filter(Expr)
    case derive([Assignment])
    case select([SelectItem])
    case sort([SortKey])
    case take(Int)
    case group(keys: [Name], aggregates: [Assignment])
    /// Keys are pairs (left column, right column); `on k` is `on k = k`.
    case join(JoinKind, table: Name, keys: [(left: Name, right: Name)])
    case distinct
    case rename([(new: Name, old: Name)])
    case export(path: String, pathSpan: Span)
    case project(ProjectSpec)
    /// `assess [plan "id"]`: compare values with the plans' targets.
    case assess(plan: String?)
    /// `lineage`: each target beside its nearest ancestor plan's target.
    case lineage
    /// `estimate share(x), mean(y), total(z) [by k, …] [logit]` on a survey with a design.
    case estimate([(function: Name, column: Name, probability: Double?)], by: [Name], logit: Bool)
}

/// `project VALUE by YEAR [per KEYS] to HORIZON [method …] | [scenarios { name = method …, … }]`
public struct ProjectSpec: Sendable {
    public var value: Name
    public var by: Name
    public var per: [Name]
    public var horizon: Int
    public var scenarios: [ScenarioSpec]
}

public struct StageNode: Sendable {
    public var stage: Stage
    /// The stage keyword (for errors about the stage as a whole).
    public var keyword: Span
    public var span: Span
}

public struct Pipeline: Sendable {
    public var source: Name
    public var stages: [StageNode]
    public var span: Span
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
    /// A session command: `help [topic]`, `tables`, `describe T`, `set name value`.
    case command(Name, [String], span: Span)

    public var span: Span {
        switch self {
        case .load(_, _, _, _, _, let s): return s
        case .bind(let n, let p): return n.span.to(p.span)
        case .param(let n, _, let v): return n.span.to(v)
        case .query(let p), .explain(let p): return p.span
        case .command(_, _, let s): return s
        }
    }
}
