/// A bound expression as SQL with the same meaning as the local evaluator's, or nil when
/// PostgreSQL would compute something else; the operator holding it then runs locally.
///
/// The rules that keep the meaning:
/// - integers are `bigint` (the scan widens `int2`/`int4`), so `+ - *` overflow is an error on
///   both sides; `/` is always a float division and division by zero gives null (`NULLIF`);
///   `x % 0` is null;
/// - text equality is byte equality on both sides; text *order* (`<`, `between`, `sort`, `min`)
///   stays local: chiso orders text with diacritics folded first ("Nghệ An" < "Nghi Lộc"),
///   which no PostgreSQL collation reproduces;
/// - text `+` is `||` (null if either side is);
/// - `and`/`or`/`in`/`between` are three-valued on both sides; `if` and `case` take a null
///   condition as false;
/// - `sqrt` and `ln` give null outside their domain, as locally.
/// What stays local, with the reason: `fold` (chiso's own diacritic folding), `lower`, `upper`,
/// `length`, `substr`, `trim` (Unicode case and grapheme rules the server's locale may not
/// share), `round` and `int` (PostgreSQL rounds halves to even on floats), float `%`, `exp`,
/// `pow`, `text`, `date`, `format`, `matches`, `replace`, `split_part`, `concat`.
struct SQLExpression {
    /// The SQL name of each input column.
    let columns: [String]

    func sql(_ e: Bound, _ p: inout SQLParameters) -> String? {
        switch e.node {
        case .column(let i): return columns[i]
        case .literal(let v): return v.isNull ? SQLText.null(e.type == .null ? .text : e.type) : p.bind(v)
        case .unary(let op, let x):
            guard let a = sql(x, &p) else { return nil }
            return op == .not ? "(NOT \(a))" : "(- \(a))"
        case .binary(let op, let x, let y): return binary(op, x, y, e.type, &p)
        case .inList(let x, let items, let negated):
            guard let a = sql(x, &p) else { return nil }
            var list: [String] = []
            for item in items { guard let s = sql(item, &p) else { return nil }; list.append(s) }
            return "(\(a) \(negated ? "NOT IN" : "IN") (\(list.joined(separator: ", "))))"
        case .between(let x, let lo, let hi, let negated):
            guard x.type != .text, let a = sql(x, &p), let l = sql(lo, &p), let h = sql(hi, &p) else { return nil }
            return "(\(a) \(negated ? "NOT BETWEEN" : "BETWEEN") \(l) AND \(h))"
        case .isNull(let x, let negated):
            guard let a = sql(x, &p) else { return nil }
            return "(\(a) IS \(negated ? "NOT " : "")NULL)"
        case .call(let f, let args): return call(f.name, args, e.type, &p)
        }
    }

    private func binary(_ op: BinaryOp, _ x: Bound, _ y: Bound, _ type: DataType, _ p: inout SQLParameters) -> String? {
        guard let a = sql(x, &p), let b = sql(y, &p) else { return nil }
        switch op {
        case .add where type == .text:
            return "(\(a) || \(b))"
        case .add, .sub:
            if type == .date { return "(\(a) \(op.rawValue) (\(b))::integer)" }
            if x.type == .date && y.type == .date { return "((\(a) - \(b))::bigint)" }
            return type == .float ? "(\(a)::float8 \(op.rawValue) \(b)::float8)" : "(\(a) \(op.rawValue) \(b))"
        case .mul:
            return type == .float ? "(\(a)::float8 * \(b)::float8)" : "(\(a) * \(b))"
        case .div:
            return "(\(a)::float8 / NULLIF(\(b)::float8, 0))"
        case .mod:
            guard type == .int else { return nil }
            return "(\(a) % NULLIF(\(b), 0))"
        case .eq, .ne, .lt, .le, .gt, .ge:
            let sym = op == .eq ? "=" : op == .ne ? "<>" : op.rawValue
            if (x.type == .text || y.type == .text) && op != .eq && op != .ne { return nil }
            return "(\(a) \(sym) \(b))"
        case .and: return "(\(a) AND \(b))"
        case .or: return "(\(a) OR \(b))"
        case .startsWith: return "starts_with(\(a), \(b))"
        case .endsWith: return "(right(\(a), length(\(b))) = \(b))"
        case .contains: return "(strpos(\(a), \(b)) > 0)"
        }
    }

    private func call(_ name: String, _ args: [Bound], _ type: DataType, _ p: inout SQLParameters) -> String? {
        var a: [String] = []
        for x in args { guard let s = sql(x, &p) else { return nil }; a.append(s) }
        let cast = "::" + RemoteColumn.postgresType(type)
        switch name {
        case "coalesce": return "COALESCE(" + a.map { "(\($0))" + cast }.joined(separator: ", ") + ")"
        case "if": return "(CASE WHEN \(a[0]) THEN (\(a[1]))\(cast) ELSE (\(a[2]))\(cast) END)"
        case "case":
            guard a.count % 2 == 0 else { return nil }
            let arms = stride(from: 0, to: a.count, by: 2).map { "WHEN \(a[$0]) THEN (\(a[$0 + 1]))\(cast)" }
            return "(CASE " + arms.joined(separator: " ") + " END)"
        case "abs": return type == .int ? "abs(\(a[0]))" : "abs((\(a[0]))::float8)"
        case "floor", "ceil": return "\(name)((\(a[0]))::float8)"
        case "sqrt": return "(CASE WHEN (\(a[0]))::float8 < 0 THEN NULL ELSE sqrt((\(a[0]))::float8) END)"
        case "ln": return "(CASE WHEN (\(a[0]))::float8 <= 0 THEN NULL ELSE ln((\(a[0]))::float8) END)"
        case "float": return args[0].type == .int || args[0].type == .float ? "((\(a[0]))::float8)" : nil
        case "year", "month", "day": return "(EXTRACT(\(name.uppercased()) FROM \(a[0]))::bigint)"
        default: return nil
        }
    }
}
