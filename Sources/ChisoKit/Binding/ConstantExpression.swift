/// An expression with no columns, worked out once: a parameter's default written as
/// `"report_" + $province + ".csv"` or `date("2024-11-01")`. It is bound and evaluated by the
/// same binder and evaluator as any other expression, on no rows.
enum ConstantExpression {
    static func value(of e: Expr, parameters: [String: Value], source: SourceFile) throws -> Value {
        let binder = Binder(schema: Schema(names: [], types: []), source: source, parameters: parameters)
        let bound: Bound
        do { bound = try binder.bind(e) } catch let d as Diagnostic where d.message.hasPrefix("unknown column") {
            throw Diagnostic(.syntax, "a parameter's value cannot name a column", at: e.span,
                             hint: "use literals and earlier parameters: param out = \"report_\" + $province + \".csv\"").inSource(source)
        }
        let evaluator = Evaluator(rowCount: 1, columns: { _ in preconditionFailure("a constant reads no column") }, source: source)
        switch try evaluator.eval(bound) {
        case .scalar(let v): return v
        case .column(let c): return c.value(at: 0)
        }
    }
}
