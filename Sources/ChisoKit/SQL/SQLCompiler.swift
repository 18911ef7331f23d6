/// Splits a plan over a remote table into ONE SQL statement (its longest pushable prefix) and
/// the operators that run locally on that statement's rows.
struct SQLCompilation {
    /// The statement sent, with its parameters.
    var sql: String
    var parameters: [Value]
    /// How many of the plan's operators the statement holds (the rest run locally).
    var pushed: Int
    /// The columns the statement returns.
    var schema: Schema
    /// Local tables the statement joins with, uploaded first as temporary tables (catalog name
    /// → temporary table name).
    var uploads: [(table: String, as: String)]
    /// Why the first local operator is local (nil when all are pushed).
    var reason: String?
    /// The pushed part as a relation (for a statement built on it, as `SurveyPushdown`'s).
    var relation: SQLRelation
}

enum SQLCompiler {
    /// Local tables up to this many rows are uploaded for a join; a larger one keeps the join
    /// (and what follows) local.
    static let uploadLimit = 100_000

    static func compile(_ plan: LogicalPlan, source: RemoteTable, catalog: Catalog) -> SQLCompilation {
        var source = source
        // The survey cells group by raw text and are merged locally once read as NFC, so a scan
        // that normalizes (a second per value, 6.4 → 11.7 s on 10M rows) is needed only when a
        // step before the estimate looks at text.
        if let e = plan.operators.firstIndex(where: { $0 is EstimateOperator }), !SurveyPushdown.touchesText(plan, before: e) {
            source.normalizesText = false
        }
        var uploads: [(table: String, as: String)] = []
        let scan: (String) -> SQLRelation? = { name in
            guard let e = catalog.entry(name), let schema = e.schema else { return nil }
            if let r = e.remote {
                return r.database == source.database ? SQLRelation.scan(r, schema: schema) : nil
            }
            guard let rows = e.rows, rows.rowCount <= uploadLimit else { return nil }
            let temp = "chiso_upload_\(uploads.count + 1)"
            uploads.append((name, temp))
            let t = RemoteTable(database: source.database, schema: "pg_temp", table: temp, unreadable: [:],
                                types: Dictionary(uniqueKeysWithValues: schema.names.map { ($0, "") }))
            return SQLRelation.scan(t, schema: schema)
        }
        var context = SQLContext(scan: scan)
        var rel = SQLRelation.scan(source, schema: plan.source.schema)
        var pushed = 0
        for op in plan.operators {
            guard let sqlOp = op as? any SQLOperator else {
                context.reason = "\(op.name) has no SQL form"
                break
            }
            // An operator that cannot be written leaves nothing behind: no upload, no parameter.
            let before = uploads.count, parameters = context.parameters
            guard let next = sqlOp.sql(rel, &context) else {
                uploads.removeLast(uploads.count - before)
                context.parameters = parameters
                break
            }
            rel = next
            pushed += 1
        }
        let schema = pushed == 0 ? plan.source.schema : plan.operators[pushed - 1].schema
        return SQLCompilation(sql: rel.finalSQL, parameters: context.parameters.values, pushed: pushed, schema: schema,
                              uploads: uploads, reason: pushed < plan.operators.count ? context.reason : nil, relation: rel)
    }
}
