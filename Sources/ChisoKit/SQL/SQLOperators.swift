/// Each pushable operator as SQL, beside its local execution (in its stage file). An operator
/// answers nil when its expressions cannot keep their meaning in SQL (see `SQLExpression`);
/// the reason is left in the context for `explain plan`.

extension SQLContext {
    /// An expression over `input`'s columns; parameters are kept only when the whole
    /// expression could be written, so a refused one leaves no `$k` behind.
    mutating func expression(_ e: Bound, over columns: [String], _ what: String) -> String? {
        var p = parameters
        guard let s = SQLExpression(columns: columns).sql(e, &p) else {
            reason = reason ?? "\(what) uses a function or operator whose result PostgreSQL computes differently"
            return nil
        }
        parameters = p
        return s
    }

    /// `ORDER BY` terms for sort keys (nulls last, as locally), or nil when a key is text: chiso
    /// orders text with diacritics folded first, which no PostgreSQL collation does, so the
    /// `what` that sorts by it stays local.
    mutating func orderTerms(_ keys: [(expr: Bound, descending: Bool)], over columns: [String], _ what: String) -> [String]? {
        var terms: [String] = []
        for (expr, descending) in keys {
            guard expr.type != .text else {
                reason = reason ?? "\(what) by text uses chiso's text order (diacritics folded first), which PostgreSQL's collations do not share"
                return nil
            }
            guard let e = expression(expr, over: columns, what) else { return nil }
            terms.append(e + (descending ? " DESC" : " ASC") + " NULLS LAST")
        }
        return terms
    }
}

extension FilterOperator: SQLOperator {
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        guard let w = c.expression(predicate, over: input.columns, "where \(detail)") else { return nil }
        return input.wrap(input.carried, "WHERE " + w, names: input.names)
    }
}

extension DeriveOperator: SQLOperator {
    /// One layer per item: each item sees the ones before it.
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        var rel = input
        for (name, expr) in items {
            guard let e = c.expression(expr, over: rel.columns, "derive \(name)") else { return nil }
            var names = rel.names, items = rel.columns
            let item = e + " AS " + SQLText.identifier(name)
            if let i = names.firstIndex(of: name) { items[i] = item } else { names.append(name); items.append(item) }
            rel = rel.wrap(items + (rel.ordered ? [SQLRelation.order] : []), names: names)
        }
        return rel
    }
}

extension SelectOperator: SQLOperator {
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        var items: [String] = []
        for (name, expr) in outputs {
            guard let e = c.expression(expr, over: input.columns, "select \(name)") else { return nil }
            items.append(e + " AS " + SQLText.identifier(name))
        }
        return input.wrap(items + (input.ordered ? [SQLRelation.order] : []), names: outputs.map(\.name))
    }
}

extension RenameOperator: SQLOperator {
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        let items = zip(input.columns, schema.names).map { $0 + " AS " + SQLText.identifier($1) }
        return input.wrap(items + (input.ordered ? [SQLRelation.order] : []), names: schema.names)
    }
}

extension SortOperator: SQLOperator {
    /// Numbers the rows in the keys' order (nulls last); the previous order breaks ties, so the
    /// sort is stable as locally. A text key keeps the sort local (chiso's text order folds
    /// diacritics first, which no PostgreSQL collation does).
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        guard var terms = c.orderTerms(keys, over: input.columns, "sort") else { return nil }
        if input.ordered { terms.append(SQLRelation.order) }
        let number = "row_number() OVER (ORDER BY " + terms.joined(separator: ", ") + ") AS " + SQLRelation.order
        return input.wrap(input.columns + [number], names: input.names, ordered: true)
    }
}

extension TakeOperator: SQLOperator {
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        input.wrap(input.carried, (input.ordered ? "ORDER BY " + SQLRelation.order + " " : "") + "LIMIT \(count)", names: input.names)
    }
}

extension SkipOperator: SQLOperator {
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        input.wrap(input.carried, (input.ordered ? "ORDER BY " + SQLRelation.order + " " : "") + "OFFSET \(count)", names: input.names)
    }
}

extension DistinctOperator: SQLOperator {
    /// Ordered input keeps each row's first appearance, as locally.
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        if keys != nil {
            c.reason = c.reason ?? "distinct on columns runs locally"
            return nil
        }
        guard input.ordered else { return input.wrap(input.columns, names: input.names, distinct: true) }
        return input.wrap(input.columns + ["min(\(SQLRelation.order)) AS \(SQLRelation.order)"],
                          "GROUP BY " + input.columns.joined(separator: ", "), names: input.names)
    }
}

extension GroupOperator: SQLOperator {
    /// Two layers: the aggregates per key (with the first appearance when ordered), then the
    /// expressions around them (`sum(x) / count()`).
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        let keyCols = keys.map { input.columns[$0] }
        var items = keyCols
        var names = keys.map { input.names[$0] }
        for (k, call) in calls.enumerated() {
            var args: [String] = []
            for a in call.args {
                guard let s = c.expression(a, over: input.columns, "group's \(call.function.name)") else { return nil }
                args.append(s)
            }
            guard let agg = Self.aggregate(call, args) else {
                c.reason = c.reason ?? "group's \(call.function.name) has no SQL form with the same result"
                return nil
            }
            items.append(agg + " AS " + SQLText.identifier("__chiso_agg\(k)"))
            names.append("__chiso_agg\(k)")
        }
        if input.ordered { items.append("min(\(SQLRelation.order)) AS \(SQLRelation.order)") }
        let inner = input.wrap(items, keys.isEmpty ? "" : "GROUP BY " + keyCols.joined(separator: ", "), names: names)
        var outer = Array(inner.columns.prefix(keys.count))
        for (name, expr) in outputs {
            guard let e = c.expression(expr, over: inner.columns, "group's \(name)") else { return nil }
            outer.append(e + " AS " + SQLText.identifier(name))
        }
        return inner.wrap(outer + (inner.ordered ? [SQLRelation.order] : []), names: schema.names)
    }

    /// An aggregate with the local one's nulls and types: integer sums overflow as errors
    /// (`numeric` cast back to `bigint`), weighted means over rows where both are present.
    static func aggregate(_ call: AggregateCall, _ a: [String]) -> String? {
        func num(_ k: Int) -> String { call.args[k].type == .bool ? "(\(a[k]))::int::float8" : "(\(a[k]))::float8" }
        switch call.function.name {
        case "count": return a.isEmpty ? "count(*)" : "count(\(a[0]))"
        case "sum":
            if call.type == .int { return call.args[0].type == .bool ? "sum((\(a[0]))::int)::bigint" : "sum(\(a[0]))::bigint" }
            return a.count == 2 ? "sum(\(num(0)) * \(num(1)))" : "sum(\(num(0)))"
        case "mean":
            guard a.count == 2 else { return "avg(\(num(0)))" }
            let both = "FILTER (WHERE (\(a[0])) IS NOT NULL AND (\(a[1])) IS NOT NULL)"
            return "(sum(\(num(0)) * \(num(1))) / NULLIF(sum(\(num(1))) \(both), 0))"
        case "min", "max":
            switch call.args[0].type {
            case .bool: return (call.function.name == "min" ? "bool_and(" : "bool_or(") + a[0] + ")"
            case .text: return nil     // chiso's text order (see SortOperator)
            default: return call.function.name + "(\(a[0]))"
            }
        case "median": return "percentile_cont(0.5) WITHIN GROUP (ORDER BY \(num(0)))"
        case "stddev": return "stddev_samp(\(num(0)))"
        case "n_distinct", "count_distinct": return "count(DISTINCT \(a[0]))"
        case "var": return "var_samp(\(num(0)))"
        default: return nil
        }
    }
}

extension JoinOperator: SQLOperator {
    /// Joins with a table the server can read (of the same database, or a local one uploaded).
    /// Each left row meets its matches in the left order; null keys never match, as locally.
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        guard kind != .asof, kind != .right, kind != .full else {
            c.reason = c.reason ?? "a\(kind == .asof ? "n as-of" : " \(kind.rawValue)") join runs locally"
            return nil
        }
        guard let right = c.scan(self.right) else {
            c.reason = c.reason ?? "join \(self.right): the table is neither in this database nor small enough to upload"
            return nil
        }
        let l = "l\(input.depth + 1)", r = "r\(input.depth + 1)"
        let on = zip(leftKeys, rightKeys).map { "\(l).\(input.columns[$0]) = \(r).\(right.columns[$1])" }
        if kind == .semi || kind == .anti {
            // A filter: [NOT] EXISTS keeps each row once and in its order (the order column, if
            // any, stays unique).
            var items = zip(input.columns, schema.names).map { "\(l).\($0) AS " + SQLText.identifier($1) }
            if input.ordered { items.append("\(l).\(SQLRelation.order)") }
            let text = "SELECT " + items.joined(separator: ", ") + " FROM (" + input.sql + ") AS \(l) WHERE "
                + (kind == .anti ? "NOT " : "") + "EXISTS (SELECT 1 FROM (" + right.sql + ") AS \(r) WHERE " + on.joined(separator: " AND ") + ")"
            return SQLRelation(sql: text, names: schema.names, ordered: input.ordered, depth: input.depth + 1)
        }
        let leftCount = input.names.count
        var items = zip(input.columns, schema.names).map { "\(l).\($0) AS " + SQLText.identifier($1) }
        for (j, k) in rightKeep.enumerated() {
            items.append("\(r).\(right.columns[k]) AS " + SQLText.identifier(schema.names[leftCount + j]))
        }
        if input.ordered { items.append("\(l).\(SQLRelation.order)") }
        let text = "SELECT " + items.joined(separator: ", ") + " FROM (" + input.sql + ") AS \(l) "
            + (kind == .left ? "LEFT JOIN" : "JOIN") + " (" + right.sql + ") AS \(r) ON " + on.joined(separator: " AND ")
        var out = SQLRelation(sql: text, names: schema.names, ordered: false, depth: input.depth + 1)
        if input.ordered {
            // Renumber so later layers see a unique order again.
            out.ordered = true
            let items = out.columns + ["row_number() OVER (ORDER BY \(SQLRelation.order)) AS \(SQLRelation.order)"]
            out = out.wrap(items, names: out.names)
        }
        return out
    }
}

extension WindowOperator: SQLOperator {
    /// Window functions over partitions in the sort keys' order (nulls last; the previous order
    /// breaks ties, as the local stable sort does). `rank` orders by the keys alone, so rows
    /// equal in them share a rank; `first`/`last` see the whole partition; `cumsum`/`cummean`
    /// add row by row from the partition's start, in the same order as locally. A text sort key
    /// keeps the window local (chiso's text order).
    func sql(_ input: SQLRelation, _ c: inout SQLContext) -> SQLRelation? {
        guard let terms = c.orderTerms(sortKeys, over: input.columns, "window's sort") else { return nil }
        let partitionBy = partition.isEmpty ? "" : "PARTITION BY " + partition.map { input.columns[$0] }.joined(separator: ", ") + " "
        let keysOnly = terms.isEmpty ? "" : "ORDER BY " + terms.joined(separator: ", ")
        let ordered = terms + (input.ordered ? [SQLRelation.order] : [])
        let rows = ordered.isEmpty ? "" : "ORDER BY " + ordered.joined(separator: ", ")
        var items = input.carried
        var names = input.names
        for (k, call) in calls.enumerated() {
            if let agg = call.aggregate {
                // An aggregate over the whole partition: the aggregate OVER (PARTITION BY …).
                var args: [String] = []
                for a in call.args {
                    guard let s = c.expression(a, over: input.columns, "window's \(agg.name)") else { return nil }
                    args.append(s)
                }
                guard let fn = Self.partitionAggregate(agg.name, call.args.map(\.type), args) else {
                    c.reason = c.reason ?? "window's \(agg.name) has no SQL window form with the same result"
                    return nil
                }
                let cast = call.type == .int ? "::bigint" : ""
                items.append("(\(fn) OVER (\(partitionBy)))\(cast) AS " + SQLText.identifier("__chiso_win\(k)"))
                names.append("__chiso_win\(k)")
                continue
            }
            var arg = ""
            if let a = call.arg {
                guard let s = c.expression(a, over: input.columns, "window's \(call.function.rawValue)") else { return nil }
                arg = s
            }
            let over: String, fn: String
            switch call.function {
            case .lag, .lead: fn = "\(call.function.rawValue)(\(arg), \(call.offset))"; over = partitionBy + rows
            case .first, .last:
                fn = (call.function == .first ? "first_value(" : "last_value(") + arg + ")"
                over = partitionBy + rows + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
            case .row_number: fn = "row_number()"; over = partitionBy + rows
            case .rank: fn = "rank()"; over = partitionBy + keysOnly
            case .cumsum, .cummean:
                let x = call.arg?.type == .bool ? "(\(arg))::int" : "(\(arg))"
                if call.function == .cummean { fn = "avg(\(x)::float8)" } else { fn = call.type == .int ? "sum(\(x))" : "sum(\(x)::float8)" }
                over = partitionBy + rows + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
            }
            let cast = call.function == .cumsum && call.type == .int || call.function == .row_number || call.function == .rank ? "::bigint" : ""
            items.append("(\(fn) OVER (\(over)))\(cast) AS " + SQLText.identifier("__chiso_win\(k)"))
            names.append("__chiso_win\(k)")
        }
        let inner = input.wrap(items, names: names, ordered: input.ordered)
        // The items, as derive sets them: a name already there is replaced in place.
        var outNames = input.names, outItems = Array(inner.columns.prefix(input.names.count))
        for (name, expr) in outputs {
            guard let e = c.expression(expr, over: inner.columns, "window's \(name)") else { return nil }
            let item = e + " AS " + SQLText.identifier(name)
            if let i = outNames.firstIndex(of: name) { outItems[i] = item } else { outNames.append(name); outItems.append(item) }
        }
        return inner.wrap(outItems + (inner.ordered ? [SQLRelation.order] : []), names: outNames)
    }

    /// The aggregates PostgreSQL can compute over a window with the local result (nulls skipped,
    /// floats as float8); nil keeps the window local (weighted forms, medians, distinct counts
    /// and text min/max, which follow chiso's text order).
    static func partitionAggregate(_ name: String, _ types: [DataType], _ a: [String]) -> String? {
        guard a.count <= 1 else { return nil }
        if a.isEmpty { return name == "count" ? "count(*)" : nil }
        let x = types[0] == .bool ? "(\(a[0]))::int" : "(\(a[0]))"
        switch name {
        case "count": return "count(\(a[0]))"
        case "sum": return types[0] == .float ? "sum(\(x)::float8)" : "sum(\(x))"
        case "mean": return "avg(\(x)::float8)"
        case "min", "max":
            switch types[0] {
            case .bool: return (name == "min" ? "bool_and(" : "bool_or(") + a[0] + ")"
            case .text: return nil
            default: return "\(name)(\(a[0]))"
            }
        case "stddev": return "stddev_samp(\(x)::float8)"
        case "var": return "var_samp(\(x)::float8)"
        default: return nil
        }
    }
}
