/// Resolves names and checks types of expressions against a schema.
public struct Binder {
    let schema: Schema
    let source: SourceFile
    /// What an unknown name is called in errors ("column", or "group key" inside `group`).
    var context = "column"
    /// Values of `param` declarations, substituted as literals.
    var parameters: [String: Value]
    /// Columns of a database table that chiso cannot read, with their PostgreSQL types.
    var unreadable: [String: String] = [:]

    public init(schema: Schema, source: SourceFile, parameters: [String: Value] = [:]) {
        self.schema = schema
        self.source = source
        self.parameters = parameters
    }

    func error(_ kind: Diagnostic.Kind, _ message: String, _ span: Span, hint: String? = nil) -> Diagnostic {
        Diagnostic(kind, message, at: span, hint: hint).inSource(source)
    }

    public func bind(_ e: Expr) throws -> Bound {
        switch e.kind {
        case .literal(let v):
            return Bound(node: .literal(v), type: v.type, span: e.span)
        case .parameter(let name):
            guard let v = parameters[name] else {
                throw error(.name, "unknown parameter '$\(name)'", e.span,
                            hint: parameters.isEmpty ? "declare it first: param \(name) = …"
                                : NameSuggestion.closest(to: name, in: Array(parameters.keys)).map { "did you mean '$\($0)'?" }
                                    ?? "parameters: " + parameters.keys.sorted().map { "$" + $0 }.joined(separator: ", "))
            }
            return Bound(node: .literal(v), type: v.type, span: e.span)
        case .column(let name):
            guard let i = schema.index(of: name) else { throw unknownColumn(name, e.span) }
            return Bound(node: .column(i), type: schema.types[i], span: e.span)
        case .unary(let op, let inner):
            let b = try bind(inner)
            switch op {
            case .negate:
                guard b.type.isNumeric || b.type == .null else {
                    throw error(.type, "cannot negate \(b.type)", e.span, hint: "'-' needs a number")
                }
                return Bound(node: .unary(op, b), type: b.type, span: e.span)
            case .not:
                try expectBool(b, "not")
                return Bound(node: .unary(op, b), type: .bool, span: e.span)
            }
        case .binary(let op, let l, let r):
            return try bindBinary(op, try bind(l), try bind(r), e.span)
        case .call(let name, let args):
            if AggregateFunction.named(name.text) != nil {
                throw error(.type, "aggregate '\(name.text)' is only allowed inside group { … }", name.span,
                            hint: "from t | group key { \(name.text) = \(name.text)(…) }")
            }
            guard let f = ScalarFunction.named(name.text) else { throw unknownFunction(name) }
            let bound = try args.map { try bind($0) }
            let type = try f.check(bound, self, e.span)
            return Bound(node: .call(f, bound), type: type, span: e.span)
        case .inList(let x, let items, let negated):
            let bx = try bind(x)
            let bitems = try items.map { try bind($0) }
            for item in bitems where DataType.unify(bx.type, item.type) == nil {
                throw error(.type, "cannot compare \(bx.type) with \(item.type) in 'in'", item.span,
                            hint: typeHint(bx.type, item))
            }
            return Bound(node: .inList(bx, bitems, negated: negated), type: .bool, span: e.span)
        case .between(let x, let lo, let hi, let negated):
            let bx = try bind(x), blo = try bind(lo), bhi = try bind(hi)
            for b in [blo, bhi] where DataType.unify(bx.type, b.type) == nil {
                throw error(.type, "cannot compare \(bx.type) with \(b.type) in 'between'", b.span,
                            hint: typeHint(bx.type, b))
            }
            return Bound(node: .between(bx, blo, bhi, negated: negated), type: .bool, span: e.span)
        case .isNull(let x, let negated):
            return Bound(node: .isNull(try bind(x), negated: negated), type: .bool, span: e.span)
        }
    }

    /// Function names from R, SQL and Stata, with chiso's.
    static let functionSynonyms: [String: String] = [
        "avg": "mean", "average": "mean", "len": "length", "nchar": "length", "char_length": "length",
        "substring": "substr", "ifelse": "if", "iif": "if", "if_else": "if", "nvl": "coalesce", "ifnull": "coalesce",
        "tolower": "lower", "toupper": "upper", "str_detect": "matches", "grepl": "matches", "regexp_like": "matches",
        "gsub": "replace", "str_replace_all": "replace", "paste": "concat", "paste0": "concat", "n": "count",
        "sd": "stddev", "stdev": "stddev", "nunique": "n_distinct",
        "sprintf": "format", "round_half_up": "round", "case_when": "case", "str_pad": "lpad", "strsplit": "split_part",
    ]

    func unknownFunction(_ name: Name) -> Diagnostic {
        let all = ScalarFunction.all.map(\.name) + AggregateFunction.all.map(\.name)
        let hint = Self.functionSynonyms[name.text.lowercased()].map { "chiso calls it \($0)" }
            ?? NameSuggestion.hint(for: name.text, in: all) ?? "see 'help functions'"
        return error(.name, "unknown function '\(name.text)'", name.span, hint: hint)
    }

    func unknownColumn(_ name: String, _ span: Span) -> Diagnostic {
        if let type = unreadable[name] {
            return error(.type, "column '\(name)' has PostgreSQL type \(type), which chiso does not read", span,
                         hint: "cast it in a view the database keeps, e.g. CREATE VIEW v AS SELECT \(SQLText.identifier(name))::text AS \(SQLText.identifier(name)), … (chiso reads integers, floats, numeric, text, bool and date)")
        }
        let hint = NameSuggestion.hint(for: name, in: schema.names)
            ?? (schema.names.count <= 12 ? "columns are: " + schema.names.joined(separator: ", ")
                : "'describe' lists the columns")
        return error(.name, "unknown \(context) '\(name)'", span, hint: hint)
    }

    func expectBool(_ b: Bound, _ what: String) throws {
        guard b.type == .bool || b.type == .null else {
            throw error(.type, "'\(what)' needs a condition (bool), found \(b.type)", b.span,
                        hint: b.type.isNumeric ? "compare it, e.g. x == 1" : nil)
        }
    }

    /// Suggests the fix for a text/number mix-up such as `year == "2030"`.
    func typeHint(_ want: DataType, _ got: Bound) -> String? {
        if case .literal(.text(let s)) = got.node, want.isNumeric, Double(s) != nil {
            return "write \(s) without quotes"
        }
        if case .literal(.text(let s)) = got.node, want == .date, CivilDate.parse(s) != nil {
            return "write date(\"\(s)\") to compare with a date"
        }
        if want == .text && got.type.isNumeric { return "put the value in quotes, or convert with text(…)" }
        return nil
    }

    func bindBinary(_ op: BinaryOp, _ l: Bound, _ r: Bound, _ span: Span) throws -> Bound {
        func make(_ t: DataType) -> Bound { Bound(node: .binary(op, l, r), type: t, span: span) }
        switch op {
        case .and, .or:
            try expectBool(l, op.rawValue); try expectBool(r, op.rawValue)
            return make(.bool)
        case .eq, .ne, .lt, .le, .gt, .ge:
            // `x == null` is null for every row, so `where x == null` would silently keep nothing.
            for (b, other) in [(r, l), (l, r)] {
                if case .literal(.null) = b.node {
                    throw error(.type, "a comparison with null is always null", span,
                                hint: op == .ne ? "write \(source.slice(other.span)) is not null" : "write \(source.slice(other.span)) is null")
                }
            }
            guard DataType.unify(l.type, r.type) != nil else {
                throw error(.type, "cannot compare \(l.type) with \(r.type)", span,
                            hint: typeHint(l.type, r) ?? typeHint(r.type, l))
            }
            return make(.bool)
        case .startsWith, .endsWith, .contains:
            for b in [l, r] where b.type != .text && b.type != .null {
                throw error(.type, "'\(op.rawValue)' needs text, found \(b.type)", b.span,
                            hint: "convert with text(…)")
            }
            return make(.bool)
        case .add, .sub, .mul, .div, .mod:
            if op == .add, l.type == .text || r.type == .text {
                guard l.type == r.type || l.type == .null || r.type == .null else {
                    throw error(.type, "cannot add \(l.type) and \(r.type)", span,
                                hint: "join text with text: convert the number with text(…)")
                }
                return make(.text)
            }
            if l.type == .date || r.type == .date {
                if op == .sub, l.type == .date, r.type == .date { return make(.int) }
                if (op == .add || op == .sub), l.type == .date, r.type == .int || r.type == .null { return make(.date) }
                if op == .add, r.type == .date, l.type == .int { return make(.date) }
                throw error(.type, "cannot apply '\(op.rawValue)' to \(l.type) and \(r.type)", span,
                            hint: "dates take + or - a number of days; date - date gives days")
            }
            for b in [l, r] where !(b.type.isNumeric || b.type == .null) {
                throw error(.type, "'\(op.rawValue)' needs numbers, found \(b.type)", b.span,
                            hint: b.type == .bool ? "convert with int(…)" : nil)
            }
            if op == .div { return make(.float) }
            return make(DataType.unify(l.type, r.type) == .null ? .int : DataType.unify(l.type, r.type)!)
        }
    }
}
