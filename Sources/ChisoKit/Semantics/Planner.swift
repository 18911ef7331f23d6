/// A pipeline whose names and types have all been checked: executing it can still fail on
/// data (overflow, I/O), but never on a misspelt column or a type mix-up, and no stage runs
/// (no export is written) before the whole pipeline has been checked.
struct PipelinePlan {
    var source: Table
    var sourceName: String
    var stages: [PlannedStage]
    var schema: Schema
}

struct AggregateCall {
    var function: AggregateFunction
    var args: [Bound]
    var type: DataType
    var span: Span
}

enum PlannedStage {
    case filter(Bound)
    case derive([(name: String, expr: Bound)])
    /// Output columns in order: each an expression over the input.
    case select([(name: String, expr: Bound)])
    case sort([(expr: Bound, descending: Bool)])
    case take(Int)
    /// Keys (input positions), aggregate calls over the input, then the output expressions
    /// over the group table (keys followed by one column per aggregate call).
    case group(keys: [Int], calls: [AggregateCall], outputs: [(name: String, expr: Bound)])
    case join(JoinKind, right: Table, leftKeys: [Int], rightKeys: [Int], rightKeep: [Int], names: [String])
    case distinct
    case rename([String])
    case export(path: String, span: Span)
    case project(value: Int, year: Int, per: [Int], spec: ProjectSpec, span: Span)
    /// Input column positions: indicator, area, year, value, and scenario/kind when present.
    case assess(input: [String: Int], targets: Table, plans: Table, plan: String?, span: Span)
    case lineage(input: [String: Int], targets: Table, plans: Table, span: Span)
    case estimate([(SurveyEstimator.Statistic, Int, String)], by: [Int], logit: Bool, span: Span)
}

extension PlannedStage {
    var name: String {
        switch self {
        case .filter: return "where"
        case .derive: return "derive"
        case .select: return "select"
        case .sort: return "sort"
        case .take: return "take"
        case .group: return "group"
        case .join: return "join"
        case .distinct: return "distinct"
        case .rename: return "rename"
        case .export: return "export"
        case .project: return "project"
        case .assess: return "assess"
        case .lineage: return "lineage"
        case .estimate: return "estimate"
        }
    }
}

struct Planner {
    let source: SourceFile
    let lookup: (String) throws -> Table?
    let tableNames: () -> [String]
    var parameters: [String: Value] = [:]

    func error(_ kind: Diagnostic.Kind, _ message: String, _ span: Span, hint: String? = nil) -> Diagnostic {
        Diagnostic(kind, message, at: span, hint: hint).inSource(source)
    }

    func table(_ name: Name) throws -> Table {
        guard let t = try lookup(name.text) else {
            let names = tableNames()
            throw error(.name, "unknown table '\(name.text)'", name.span,
                        hint: NameSuggestion.hint(for: name.text, in: names)
                            ?? (names.isEmpty ? "load a CSV first: load \"file.csv\" as \(name.text)"
                                : "tables are: " + names.sorted().joined(separator: ", ")))
        }
        return t
    }

    func plan(_ p: Pipeline) throws -> PipelinePlan {
        let src = try table(p.source)
        var schema = Schema(src)
        var stages: [PlannedStage] = []
        // Whether the survey design still describes the rows (only row-keeping stages so far).
        var designAlive = src.design != nil
        for node in p.stages {
            if case .estimate = node.stage, !designAlive {
                throw error(.name, src.design == nil ? "'\(p.source.text)' has no survey design" : "estimate needs the survey's design, which earlier stages ended",
                            node.keyword, hint: src.design == nil
                                ? "declare it when loading: load \"file.csv\" as s design (strata = stratum, psu = psu, weight = weight)"
                                : "only where, derive, select, sort, take and rename may come before estimate (a where defines the domain)")
            }
            let (stage, out) = try plan(node, schema)
            stages.append(stage)
            schema = out
            switch node.stage {
            case .filter, .derive, .select, .sort, .take, .rename: break
            default: designAlive = false
            }
        }
        return PipelinePlan(source: src, sourceName: p.source.text, stages: stages, schema: schema)
    }

    func checkUnique(_ names: [String], _ spans: [Span]) throws {
        var seen = Set<String>()
        for (n, s) in zip(names, spans) where !seen.insert(n).inserted {
            throw error(.name, "column '\(n)' appears twice in the result", s, hint: "rename one with new_name = …")
        }
    }

    func plan(_ node: StageNode, _ schema: Schema) throws -> (PlannedStage, Schema) {
        let binder = Binder(schema: schema, source: source, parameters: parameters)
        switch node.stage {
        case .filter(let e):
            let b = try binder.bind(e)
            try binder.expectBool(b, "where")
            return (.filter(b), schema)

        case .derive(let assigns):
            var out = schema
            var items: [(String, Bound)] = []
            for a in assigns {
                let b = try Binder(schema: out, source: source, parameters: parameters).bind(a.expr)
                items.append((a.name.text, b))
                if let i = out.index(of: a.name.text) { out.types[i] = b.type } else {
                    out.names.append(a.name.text); out.types.append(b.type)
                }
            }
            return (.derive(items), out)

        case .select(let items):
            var outputs: [(name: String, expr: Bound)] = []
            var spans: [Span] = []
            let drops = items.compactMap { if case .drop(let n) = $0 { return n } else { return nil } }
            if !drops.isEmpty {
                guard drops.count == items.count else {
                    throw error(.syntax, "select either keeps columns or drops them (-col), not both", node.span,
                                hint: "use two stages: select a, b | select -c")
                }
                var dropped = Set<String>()
                for d in drops {
                    guard schema.index(of: d.text) != nil else { throw binder.unknownColumn(d.text, d.span) }
                    dropped.insert(d.text)
                }
                for (i, n) in schema.names.enumerated() where !dropped.contains(n) {
                    outputs.append((n, Bound(node: .column(i), type: schema.types[i], span: node.span)))
                }
            } else {
                for item in items {
                    guard case .keep(let name, let e) = item else { continue }
                    let b = try binder.bind(e)
                    let outName: String
                    if let name { outName = name.text } else if case .column(let c) = e.kind { outName = c } else {
                        throw error(.syntax, "name this expression", e.span, hint: "select new_name = \(source.slice(e.span))")
                    }
                    outputs.append((outName, b)); spans.append(name?.span ?? e.span)
                }
                try checkUnique(outputs.map(\.name), spans)
            }
            return (.select(outputs), Schema(names: outputs.map(\.name), types: outputs.map(\.expr.type)))

        case .sort(let keys):
            return (.sort(try keys.map { (try binder.bind($0.expr), $0.descending) }), schema)

        case .take(let n):
            return (.take(n), schema)

        case .group(let keys, let aggs):
            return try planGroup(keys, aggs, schema, binder)

        case .join(let kind, let tableName, let keys):
            let right = try table(tableName)
            let rs = Schema(right)
            var lk: [Int] = [], rk: [Int] = []
            for (lkName, rkName) in keys {
                guard let li = schema.index(of: lkName.text) else { throw binder.unknownColumn(lkName.text, lkName.span) }
                guard let ri = rs.index(of: rkName.text) else {
                    throw error(.name, "table '\(tableName.text)' has no column '\(rkName.text)'", rkName.span,
                                hint: NameSuggestion.hint(for: rkName.text, in: rs.names)
                                    ?? "its columns are: " + rs.names.joined(separator: ", ") + "; join on a = b when the names differ")
                }
                guard DataType.unify(schema.types[li], rs.types[ri]) != nil else {
                    throw error(.type, "join key '\(lkName.text)' is \(schema.types[li]) here but '\(rkName.text)' is \(rs.types[ri]) in '\(tableName.text)'",
                                rkName.span, hint: "convert one side with derive, e.g. text(…) or int(…)")
                }
                lk.append(li); rk.append(ri)
            }
            var names = schema.names, types = schema.types
            var keep: [Int] = []
            for (i, n) in rs.names.enumerated() where !rk.contains(i) {
                var name = n
                if names.contains(name) { name = "\(n)_\(tableName.text)" }
                guard !names.contains(name) else {
                    throw error(.name, "joining '\(tableName.text)' would make column '\(name)' twice", tableName.span,
                                hint: "rename it before joining")
                }
                names.append(name); types.append(rs.types[i]); keep.append(i)
            }
            return (.join(kind, right: right, leftKeys: lk, rightKeys: rk, rightKeep: keep, names: names),
                    Schema(names: names, types: types))

        case .distinct:
            return (.distinct, schema)

        case .rename(let pairs):
            var names = schema.names
            for (new, old) in pairs {
                guard let i = names.firstIndex(of: old.text) else { throw binder.unknownColumn(old.text, old.span) }
                names[i] = new.text
            }
            try checkUnique(names, pairs.map(\.new.span) + [Span](repeating: node.span, count: max(0, names.count - pairs.count)))
            return (.rename(names), Schema(names: names, types: schema.types))

        case .export(let path, let span):
            return (.export(path: path, span: span), schema)

        case .project(let spec):
            func numericColumn(_ n: Name, _ types: [DataType], _ what: String) throws -> Int {
                guard let i = schema.index(of: n.text) else { throw binder.unknownColumn(n.text, n.span) }
                guard types.contains(schema.types[i]) else {
                    throw error(.type, "\(what) '\(n.text)' must be \(types.map(\.rawValue).joined(separator: " or ")), found \(schema.types[i])", n.span)
                }
                return i
            }
            let v = try numericColumn(spec.value, [.int, .float], "the value column")
            let y = try numericColumn(spec.by, [.int], "the year column")
            let per = try spec.per.map { n -> Int in
                guard let i = schema.index(of: n.text) else { throw binder.unknownColumn(n.text, n.span) }
                return i
            }
            let names = per.map { schema.names[$0] } + [spec.by.text, spec.value.text, "kind", "scenario"]
            return (.project(value: v, year: y, per: per, spec: spec, span: node.keyword),
                    Schema(names: names, types: per.map { schema.types[$0] } + [.int, .float, .text, .text]))

        case .assess(let plan):
            let (input, targets, plans) = try statsInputs(schema, need: ["indicator": [.text], "area": [.text], "year": [.int],
                                                                         "value": [.int, .float]], node)
            if let plan, !(0..<plans.rowCount).contains(where: { plans.column("id")!.value(at: $0) == .text(plan) }) {
                throw error(.name, "unknown plan '\(plan)'", node.span, hint: NameSuggestion.hint(for: plan,
                            in: (0..<plans.rowCount).map { plans.column("id")!.value(at: $0).description }))
            }
            var input2 = input
            for extra in ["scenario", "kind"] { if let i = schema.index(of: extra) { input2[extra] = i } }
            return (.assess(input: input2, targets: targets, plans: plans, plan: plan, span: node.keyword), Schema(AssessmentTable.columns))

        case .estimate(let stats, let by, let logit):
            var planned: [(SurveyEstimator.Statistic, Int, String)] = []
            for (f, c, probability) in stats {
                var stat = SurveyEstimator.Statistic.named(f.text)
                if f.text == "quantile" {
                    guard let p = probability, p > 0, p < 1 else {
                        throw error(.type, "quantile needs a probability between 0 and 1", f.span, hint: "quantile(age, 0.25)")
                    }
                    stat = .quantile(p)
                } else if probability != nil {
                    throw error(.type, "\(f.text) takes one column", f.span, hint: "\(f.text)(\(c.text))")
                }
                guard let stat else {
                    throw error(.name, "unknown estimate '\(f.text)'", f.span,
                                hint: NameSuggestion.hint(for: f.text, in: ["share", "mean", "total", "median", "quantile"])
                                    ?? "estimates: share, mean, total, median, quantile")
                }
                guard let i = schema.index(of: c.text) else { throw binder.unknownColumn(c.text, c.span) }
                guard schema.types[i].isNumeric || schema.types[i] == .bool else {
                    throw error(.type, "\(f.text) needs a number, found \(schema.types[i])", c.span,
                                hint: "a share is the mean of a 0/1 column, e.g. derive yes = int(answer == \"có\")")
                }
                planned.append((stat, i, probability.map { "\(f.text)(\(c.text), \(NumberFormat.shortest($0)))" } ?? "\(f.text)(\(c.text))"))
            }
            let keys = try by.map { n -> Int in
                guard let i = schema.index(of: n.text) else { throw binder.unknownColumn(n.text, n.span) }
                return i
            }
            return (.estimate(planned, by: keys, logit: logit, span: node.keyword),
                    Schema(keys.map { (schema.names[$0], schema.types[$0]) } + SurveyTable.columns))

        case .lineage:
            let (input, targets, plans) = try statsInputs(schema, need: ["plan": [.text], "indicator": [.text], "year": [.int],
                                                                         "op": [.text], "lo": [.int, .float]], node)
            var input2 = input
            if let i = schema.index(of: "hi") { input2["hi"] = i }
            return (.lineage(input: input2, targets: targets, plans: plans, span: node.keyword), Schema(LineageTable.columns))
        }
    }

    /// The named input columns a statistics stage needs, and the bundled targets and plans.
    func statsInputs(_ schema: Schema, need: [String: [DataType]], _ node: StageNode) throws -> ([String: Int], Table, Table) {
        var idx: [String: Int] = [:]
        for (col, types) in need.sorted(by: { $0.key < $1.key }) {
            guard let i = schema.index(of: col) else {
                throw error(.name, "this stage needs a column '\(col)'", node.keyword,
                            hint: "the input has: " + schema.names.joined(separator: ", "))
            }
            guard types.contains(schema.types[i]) else {
                throw error(.type, "column '\(col)' must be \(types.map(\.rawValue).joined(separator: " or ")), found \(schema.types[i])", node.keyword)
            }
            idx[col] = i
        }
        guard let targets = try lookup("targets"), let plans = try lookup("plans") else {
            throw error(.name, "this stage needs the bundled 'targets' and 'plans' tables", node.keyword,
                        hint: "start chiso with --data Datasets, or load them")
        }
        return (idx, targets, plans)
    }

    /// `group k1, k2 { name = expr-with-aggregates, … }`: every aggregate call is computed
    /// over the input rows; the expression around it (e.g. `sum(x) / count()`) and any key
    /// it mentions are then evaluated once per group.
    func planGroup(_ keys: [Name], _ aggs: [Assignment], _ schema: Schema, _ binder: Binder) throws -> (PlannedStage, Schema) {
        var keyIdx: [Int] = []
        for k in keys {
            guard let i = schema.index(of: k.text) else { throw binder.unknownColumn(k.text, k.span) }
            keyIdx.append(i)
        }
        var calls: [AggregateCall] = []
        let keyNames = keys.map(\.text)
        func rewrite(_ e: Expr, insideAggregate: Bool) throws -> Expr {
            switch e.kind {
            case .call(let f, let args) where AggregateFunction.named(f.text) != nil:
                if insideAggregate {
                    throw error(.type, "aggregates cannot be nested", f.span, hint: "compute the inner value with derive first")
                }
                let agg = AggregateFunction.named(f.text)!
                let bound = try args.map { try binder.bind(try rewrite($0, insideAggregate: true)) }
                let t = try agg.check(bound, binder, e.span)
                calls.append(AggregateCall(function: agg, args: bound, type: t, span: e.span))
                return Expr(kind: .column("\u{1}agg\(calls.count - 1)"), span: e.span)
            case .column(let c) where !insideAggregate && !keyNames.contains(c):
                if schema.index(of: c) != nil {
                    throw error(.name, "column '\(c)' is neither a group key nor inside an aggregate", e.span,
                                hint: "aggregate it, e.g. min(\(c)), or add it to the keys")
                }
                throw binder.unknownColumn(c, e.span)
            case .literal, .column, .parameter: return e
            case .call(let f, let args): return Expr(kind: .call(f, try args.map { try rewrite($0, insideAggregate: insideAggregate) }), span: e.span)
            case .unary(let op, let x): return Expr(kind: .unary(op, try rewrite(x, insideAggregate: insideAggregate)), span: e.span)
            case .binary(let op, let a, let b):
                return Expr(kind: .binary(op, try rewrite(a, insideAggregate: insideAggregate), try rewrite(b, insideAggregate: insideAggregate)), span: e.span)
            case .inList(let x, let items, let neg):
                return Expr(kind: .inList(try rewrite(x, insideAggregate: insideAggregate), try items.map { try rewrite($0, insideAggregate: insideAggregate) }, negated: neg), span: e.span)
            case .between(let x, let lo, let hi, let neg):
                return Expr(kind: .between(try rewrite(x, insideAggregate: insideAggregate), try rewrite(lo, insideAggregate: insideAggregate), try rewrite(hi, insideAggregate: insideAggregate), negated: neg), span: e.span)
            case .isNull(let x, let neg):
                return Expr(kind: .isNull(try rewrite(x, insideAggregate: insideAggregate), negated: neg), span: e.span)
            }
        }
        let rewritten = try aggs.map { ($0.name, try rewrite($0.expr, insideAggregate: false)) }
        let groupSchema = Schema(names: keyNames + calls.indices.map { "\u{1}agg\($0)" },
                                 types: keyIdx.map { schema.types[$0] } + calls.map(\.type))
        let groupBinder = Binder(schema: groupSchema, source: source, parameters: parameters)
        let outputs = try rewritten.map { (name: $0.0.text, expr: try groupBinder.bind($0.1)) }
        let names = keyNames + outputs.map(\.name)
        try checkUnique(names, keys.map(\.span) + aggs.map(\.name.span))
        return (.group(keys: keyIdx, calls: calls, outputs: outputs),
                Schema(names: names, types: keyIdx.map { schema.types[$0] } + outputs.map(\.expr.type)))
    }
}
