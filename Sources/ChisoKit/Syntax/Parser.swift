/// Recursive-descent parser from tokens to `Statement`s. Each parse function carries its
/// grammar rule as a comment.
public struct Parser {
    public static let stageKeywords = ["where", "derive", "select", "sort", "take", "group",
                                       "join", "distinct", "rename", "export", "project", "assess", "lineage", "estimate"]
    public static let statementKeywords = ["load", "let", "from", "param", "explain"]
    public static let commandKeywords = ["help", "tables", "describe", "set", "history", "last"]

    let source: SourceFile
    private var tokens: [Token]
    private var pos = 0

    public init(_ source: SourceFile) throws {
        self.source = source
        self.tokens = try Lexer(source).tokenize()
    }

    /// Parses a whole source: `program -> (statement (NEWLINE | ';'))* EOF`.
    public static func parse(_ source: SourceFile) throws -> [Statement] {
        var p = try Parser(source)
        return try p.program()
    }

    private var current: Token { tokens[pos] }
    private var previousEnd: Int { pos > 0 ? tokens[pos - 1].span.end : 0 }
    private mutating func advance() -> Token { let t = tokens[pos]; if pos < tokens.count - 1 { pos += 1 }; return t }

    private func error(_ message: String, at span: Span? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.syntax, message, at: span ?? current.span, hint: hint).inSource(source)
    }

    private func expected(_ what: String, hint: String? = nil) -> Diagnostic {
        error("expected \(what), found \(current.display)", hint: hint)
    }

    private mutating func expectSymbol(_ s: String, hint: String? = nil) throws -> Token {
        guard current.isSymbol(s) else { throw expected("'\(s)'", hint: hint) }
        return advance()
    }

    private mutating func acceptSymbol(_ s: String) -> Bool {
        if current.isSymbol(s) { _ = advance(); return true }
        return false
    }

    private mutating func acceptWord(_ w: String) -> Bool {
        if current.isWord(w) { _ = advance(); return true }
        return false
    }

    private mutating func name(_ what: String, hint: String? = nil) throws -> Name {
        guard let id = current.identifier else { throw expected(what, hint: hint) }
        let t = advance()
        return Name(text: id, span: t.span)
    }

    private mutating func skipNewlines() {
        while current.kind == .newline || current.isSymbol(";") { _ = advance() }
    }

    // program -> (statement (NEWLINE | ';'))* EOF
    mutating func program() throws -> [Statement] {
        var out: [Statement] = []
        skipNewlines()
        while current.kind != .end {
            out.append(try statement())
            guard current.kind == .newline || current.isSymbol(";") || current.kind == .end else {
                throw expected("end of statement",
                               hint: "separate statements with a new line or ';', and stages with '|'")
            }
            skipNewlines()
        }
        return out
    }

    // statement -> 'load' STRING ['as' NAME] [options] | 'let' NAME '=' pipeline | pipeline
    mutating func statement() throws -> Statement {
        let start = current.span
        if acceptWord("load") {
            guard case .string(let path) = current.kind else {
                throw expected("a file path in quotes", hint: "load \"Datasets/targets.csv\" as targets")
            }
            let pathSpan = advance().span
            var alias: Name? = nil
            if acceptWord("as") { alias = try name("a table name after 'as'") }
            var options: [LoadOption] = []
            if current.isSymbol("(") { options = try loadOptions() }
            var design: [(key: Name, column: Name)]? = nil
            // design -> 'design' '(' NAME '=' NAME (',' NAME '=' NAME)* ')'
            if acceptWord("design") {
                _ = try expectSymbol("(", hint: "design (strata = stratum, psu = psu, weight = weight)")
                var pairs: [(key: Name, column: Name)] = []
                repeat {
                    let k = try name("strata, psu, weight or fpc")
                    _ = try expectSymbol("=", hint: "\(k.text) = column")
                    pairs.append((k, try name("a column name")))
                } while acceptSymbol(",")
                _ = try expectSymbol(")", hint: "close the design with ')'")
                design = pairs
            }
            return .load(path: path, pathSpan: pathSpan, name: alias, options: options, design: design,
                         span: start.to(Span(previousEnd, previousEnd)))
        }
        if acceptWord("let") {
            let n = try name("a name after 'let'", hint: "let t30 = from targets | where year == 2030")
            _ = try expectSymbol("=", hint: "let \(n.text) = from …")
            return .bind(n, try pipeline())
        }
        if current.isWord("from") { return .query(try pipeline()) }
        if acceptWord("explain") { return .explain(try pipeline()) }
        // param -> 'param' NAME '=' literal
        if acceptWord("param") {
            let n = try name("a parameter name", hint: "param year = 2030")
            _ = try expectSymbol("=", hint: "param \(n.text) = 2030")
            let e = try unary()
            guard case .literal(let v) = e.kind, !v.isNull else {
                throw error("a parameter's default must be a number, text or true/false", at: e.span,
                            hint: "param \(n.text) = 2030")
            }
            return .param(n, v, valueSpan: e.span)
        }
        // command -> ('help' | 'tables' | 'describe' | 'set') word*   (to the end of the statement)
        if let word = current.identifier, Self.commandKeywords.contains(word) {
            let n = Name(text: word, span: advance().span)
            var args: [String] = []
            while current.kind != .newline && current.kind != .end && !current.isSymbol(";") {
                let t = advance()
                switch t.kind {
                case .identifier(let s), .string(let s): args.append(s)
                case .integer(let v): args.append(String(v))
                case .float(let v): args.append(String(v))
                case .symbol(let s): args.append(s)
                default: break
                }
            }
            return .command(n, args, span: n.span.to(Span(previousEnd, previousEnd)))
        }
        if let word = current.identifier {
            let all = Self.statementKeywords + Self.stageKeywords + Self.commandKeywords
            var hint = "a statement starts with load, let or from"
            if Self.stageKeywords.contains(word) {
                hint = "'\(word)' is a stage: start the pipeline with 'from TABLE |'"
            } else if let s = NameSuggestion.closest(to: word, in: all) {
                hint = "did you mean '\(s)'?"
            }
            throw error("unknown statement '\(word)'", hint: hint)
        }
        throw expected("a statement", hint: "a statement starts with load, let or from")
    }

    // options -> '(' option (',' option)* ')' ; option -> NAME '=' (literal | '(' NAME '=' NAME, … ')')
    mutating func loadOptions() throws -> [LoadOption] {
        _ = try expectSymbol("(")
        var out: [LoadOption] = []
        repeat {
            if current.isSymbol(")") { break }
            let n = try name("an option name", hint: "options: delim, header, null, types")
            _ = try expectSymbol("=", hint: "write options as name = value")
            if acceptSymbol("(") {
                var pairs: [(name: Name, value: Name)] = []
                repeat {
                    let col = try name("a column name")
                    _ = try expectSymbol("=", hint: "types = (code = text, year = int)")
                    pairs.append((col, try name("a type name", hint: "types are int, float, text, bool, date")))
                } while acceptSymbol(",")
                _ = try expectSymbol(")")
                out.append(LoadOption(name: n, value: .pairs(pairs)))
            } else {
                let e = try primary()
                guard case .literal(let v) = e.kind else {
                    throw error("option '\(n.text)' needs a literal value", at: e.span)
                }
                out.append(LoadOption(name: n, value: .literal(v, e.span)))
            }
        } while acceptSymbol(",")
        _ = try expectSymbol(")", hint: "close the options with ')'")
        return out
    }

    // pipeline -> 'from' NAME ('|' stage)*      (a '|' may start the next line)
    mutating func pipeline() throws -> Pipeline {
        let start = current.span
        guard acceptWord("from") else { throw expected("'from'", hint: "a pipeline starts with from TABLE") }
        let src = try name("a table name after 'from'")
        var stages: [StageNode] = []
        while true {
            // A newline followed by '|' continues the pipeline.
            var look = pos
            while tokens[look].kind == .newline { look += 1 }
            guard tokens[look].isSymbol("|") else { break }
            pos = look
            _ = advance()
            while current.kind == .newline { _ = advance() }
            stages.append(try stage())
        }
        return Pipeline(source: src, stages: stages, span: start.to(Span(previousEnd, previousEnd)))
    }

    // stage -> 'where' expr | 'derive' assigns | 'select' items | 'sort' keys | 'take' INT
    //        | 'group' names '{' assigns '}' | 'join' [inner|left] NAME 'on' names
    //        | 'distinct' | 'rename' NAME '=' NAME, … | 'export' STRING
    mutating func stage() throws -> StageNode {
        let kw = current
        guard let word = kw.identifier else {
            throw expected("a stage after '|'", hint: "stages: " + Self.stageKeywords.joined(separator: ", "))
        }
        _ = advance()
        let stage: Stage
        switch word {
        case "where": stage = .filter(try expression())
        case "derive": stage = .derive(try assignments(what: "derive name = expression"))
        case "select": stage = .select(try selectItems())
        case "sort": stage = .sort(try sortKeys())
        case "take":
            guard case .integer(let n) = current.kind, n >= 0 else {
                throw expected("a row count", hint: "take 10")
            }
            _ = advance()
            stage = .take(Int(n))
        case "group": stage = try group()
        case "join": stage = try join()
        case "distinct": stage = .distinct
        case "rename":
            var pairs: [(new: Name, old: Name)] = []
            repeat {
                let new = try name("a new column name", hint: "rename new_name = old_name")
                _ = try expectSymbol("=", hint: "rename new_name = old_name")
                pairs.append((new, try name("the column to rename")))
            } while acceptSymbol(",")
            stage = .rename(pairs)
        case "export":
            guard case .string(let path) = current.kind else {
                throw expected("a file path in quotes", hint: "export \"out.csv\"")
            }
            stage = .export(path: path, pathSpan: advance().span)
        case "project": stage = .project(try projectSpec())
        case "assess":
            var plan: String? = nil
            if acceptWord("plan") {
                guard case .string(let p) = current.kind else { throw expected("a plan id in quotes", hint: "assess plan \"nghe-an-347-2023\"") }
                _ = advance()
                plan = p
            }
            stage = .assess(plan: plan)
        case "lineage": stage = .lineage
        case "estimate":
            // estimate -> 'estimate' STAT '(' NAME ')' (',' …)* ['by' NAME, …] ['logit']
            var stats: [(function: Name, column: Name, probability: Double?)] = []
            repeat {
                let f = try name("share, mean, total, median or quantile", hint: "estimate share(has_account) by province")
                _ = try expectSymbol("(", hint: "\(f.text)(column)")
                let c = try name("a column")
                var probability: Double? = nil
                if acceptSymbol(",") { probability = try signedNumber("a probability", hint: "quantile(age, 0.25)") }
                _ = try expectSymbol(")")
                stats.append((f, c, probability))
            } while acceptSymbol(",")
            var by: [Name] = []
            if acceptWord("by") { repeat { by.append(try name("a column to estimate by")) } while acceptSymbol(",") }
            stage = .estimate(stats, by: by, logit: acceptWord("logit"))
        default:
            let hint = NameSuggestion.hint(for: word, in: Self.stageKeywords)
                ?? "stages: " + Self.stageKeywords.joined(separator: ", ")
            throw error("unknown stage '\(word)'", at: kw.span, hint: hint)
        }
        return StageNode(stage: stage, keyword: kw.span, span: kw.span.to(Span(previousEnd, previousEnd)))
    }

    // group -> 'group' [NAME (',' NAME)* | '(' NAME, … ')'] '{' assigns '}'
    mutating func group() throws -> Stage {
        var keys: [Name] = []
        let parens = acceptSymbol("(")
        if !current.isSymbol("{") && !(parens && current.isSymbol(")")) {
            repeat { keys.append(try name("a key column", hint: "group plan { n = count() }")) } while acceptSymbol(",")
        }
        if parens { _ = try expectSymbol(")") }
        _ = try expectSymbol("{", hint: "aggregates go in braces: group \(keys.first?.text ?? "key") { n = count() }")
        var aggs: [Assignment] = []
        while !current.isSymbol("}") {
            if let id = current.identifier, tokens[pos + 1].isSymbol("=") {
                let n = Name(text: id, span: advance().span)
                _ = advance()
                aggs.append(Assignment(name: n, expr: try expression()))
            } else {
                let e = try expression()
                aggs.append(Assignment(name: Name(text: Self.autoName(e), span: e.span), expr: e))
            }
            if !acceptSymbol(",") { break }
        }
        _ = try expectSymbol("}", hint: "separate aggregates with ',' and close with '}'")
        return .group(keys: keys, aggregates: aggs)
    }

    /// The column name given to an unnamed aggregate: `mean(lo)` → `mean_lo`, `count()` → `count`.
    static func autoName(_ e: Expr) -> String {
        if case .call(let f, let args) = e.kind {
            let parts = args.compactMap { a -> String? in if case .column(let c) = a.kind { return c } else { return nil } }
            return ([f.text] + parts).joined(separator: "_")
        }
        if case .column(let c) = e.kind { return c }
        return "value"
    }

    // project -> 'project' NAME 'by' NAME ['per' NAME, …] 'to' INT
    //            (method | 'scenarios' '{' NAME '=' method (',' NAME '=' method)* '}')?
    mutating func projectSpec() throws -> ProjectSpec {
        let value = try name("the value column", hint: "project value by year to 2030 method linear")
        guard acceptWord("by") else { throw expected("'by'", hint: "project \(value.text) by year to 2030") }
        let by = try name("the year column")
        var per: [Name] = []
        if acceptWord("per") {
            repeat { per.append(try name("a column that tells series apart")) } while acceptSymbol(",")
        }
        guard acceptWord("to") else { throw expected("'to' and the horizon year", hint: "… to 2030") }
        guard case .integer(let h) = current.kind else { throw expected("a horizon year", hint: "… to 2030") }
        _ = advance()
        var scenarios: [ScenarioSpec] = []
        if acceptWord("scenarios") {
            _ = try expectSymbol("{", hint: "scenarios { trend = linear, fast = change 3 from 2025 }")
            while !current.isSymbol("}") {
                let n = try name("a scenario name")
                _ = try expectSymbol("=", hint: "\(n.text) = linear")
                scenarios.append(try scenario(n.text))
                if !acceptSymbol(",") { break }
            }
            _ = try expectSymbol("}", hint: "close the scenarios with '}'")
        } else {
            scenarios.append(try scenario("base"))
        }
        return ProjectSpec(value: value, by: by, per: per, horizon: Int(h), scenarios: scenarios)
    }

    // method -> ['method'] (linear | cagr | logistic | flat | change NUMBER | growth NUMBER)
    //           ['from' INT] ['base' NUMBER] ['cap' (NUMBER | 'none')]
    mutating func scenario(_ scenarioName: String) throws -> ScenarioSpec {
        var spec = ScenarioSpec(name: scenarioName, method: .linear)
        let hadWord = acceptWord("method")
        if let m = current.identifier, ProjectionMethod.names.contains(m) {
            let t = advance()
            switch m {
            case "cagr": spec.method = .cagr
            case "logistic": spec.method = .logistic
            case "flat": spec.method = .flat
            case "change", "growth":
                let v = try signedNumber("an annual \(m == "change" ? "change in points" : "growth in percent")", hint: "\(m) 3")
                spec.method = m == "change" ? .change(v) : .growth(v)
            default: spec.method = .linear
            }
            _ = t
        } else if hadWord {
            throw error("unknown projection method \(current.display)",
                        hint: NameSuggestion.hint(for: current.identifier ?? "", in: ProjectionMethod.names)
                            ?? "methods: " + ProjectionMethod.names.joined(separator: ", "))
        }
        while true {
            if acceptWord("from") {
                guard case .integer(let y) = current.kind else { throw expected("a base year", hint: "from 2022") }
                _ = advance(); spec.from = Int(y)
            } else if acceptWord("base") {
                spec.base = try signedNumber("a base value", hint: "base 70")
            } else if acceptWord("cap") {
                if acceptWord("none") { spec.cap = nil } else { spec.cap = try signedNumber("a cap", hint: "cap 100 or cap none") }
            } else {
                break
            }
        }
        return spec
    }

    mutating func signedNumber(_ what: String, hint: String) throws -> Double {
        let negative = acceptSymbol("-")
        switch current.kind {
        case .integer(let v): _ = advance(); return negative ? -Double(v) : Double(v)
        case .float(let v): _ = advance(); return negative ? -v : v
        default: throw expected(what, hint: hint)
        }
    }

    // join -> 'join' ['inner' | 'left'] NAME 'on' key (',' key)* ; key -> NAME [('=' | '==') NAME]
    mutating func join() throws -> Stage {
        var kind = JoinKind.inner
        if acceptWord("left") { kind = .left } else if acceptWord("inner") { kind = .inner }
        let table = try name("a table to join", hint: "join left indicators on indicator")
        guard acceptWord("on") else { throw expected("'on'", hint: "join \(table.text) on key_column") }
        var keys: [(left: Name, right: Name)] = []
        repeat {
            let left = try name("a key column")
            if acceptSymbol("=") || acceptSymbol("==") {
                keys.append((left, try name("the key column of \(table.text)", hint: "join \(table.text) on plan = id")))
            } else {
                keys.append((left, left))
            }
        } while acceptSymbol(",")
        return .join(kind, table: table, keys: keys)
    }

    // assigns -> NAME '=' expr (',' NAME '=' expr)*
    mutating func assignments(what: String) throws -> [Assignment] {
        var out: [Assignment] = []
        repeat {
            let n = try name("a new column name", hint: what)
            _ = try expectSymbol("=", hint: what)
            out.append(Assignment(name: n, expr: try expression()))
        } while acceptSymbol(",")
        return out
    }

    // items -> item (',' item)* ; item -> '-' NAME | NAME '=' expr | expr
    mutating func selectItems() throws -> [SelectItem] {
        var out: [SelectItem] = []
        repeat {
            if acceptSymbol("-") {
                out.append(.drop(try name("a column to drop")))
                continue
            }
            if let id = current.identifier, tokens[pos + 1].isSymbol("=") {
                let n = Name(text: id, span: advance().span)
                _ = advance()
                out.append(.keep(name: n, expr: try expression()))
            } else {
                out.append(.keep(name: nil, expr: try expression()))
            }
        } while acceptSymbol(",")
        return out
    }

    // keys -> ['-' | '+'] expr (',' ['-' | '+'] expr)*
    mutating func sortKeys() throws -> [SortKey] {
        var out: [SortKey] = []
        repeat {
            var desc = false
            if acceptSymbol("-") { desc = true } else { _ = acceptSymbol("+") }
            out.append(SortKey(expr: try additive(), descending: desc))
        } while acceptSymbol(",")
        return out
    }

    // expr -> or
    public mutating func expression() throws -> Expr { try orExpr() }

    // or -> and ('or' and)*
    mutating func orExpr() throws -> Expr {
        var lhs = try andExpr()
        while acceptWord("or") {
            let rhs = try andExpr()
            lhs = Expr(kind: .binary(.or, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        return lhs
    }

    // and -> not ('and' not)*
    mutating func andExpr() throws -> Expr {
        var lhs = try notExpr()
        while acceptWord("and") {
            let rhs = try notExpr()
            lhs = Expr(kind: .binary(.and, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        return lhs
    }

    // not -> 'not' not | comparison
    mutating func notExpr() throws -> Expr {
        let start = current.span
        if acceptWord("not") {
            let e = try notExpr()
            return Expr(kind: .unary(.not, e), span: start.to(e.span))
        }
        return try comparison()
    }

    // comparison -> additive [cmp additive | ['not'] 'in' '(' list ')' | ['not'] 'between' additive 'and' additive
    //               | 'is' ['not'] 'null' | (starts_with | ends_with | contains) additive]
    mutating func comparison() throws -> Expr {
        let lhs = try additive()
        for op in ["==", "!=", "<=", ">=", "<", ">"] where current.isSymbol(op) {
            _ = advance()
            let rhs = try additive()
            return Expr(kind: .binary(BinaryOp(rawValue: op)!, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        if current.isSymbol("=") {
            throw error("'=' is assignment; compare with '=='", hint: "where year == 2030")
        }
        for op in [BinaryOp.startsWith, .endsWith, .contains] where current.isWord(op.rawValue) {
            _ = advance()
            let rhs = try additive()
            return Expr(kind: .binary(op, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        let negated = current.isWord("not") && (tokens[pos + 1].isWord("in") || tokens[pos + 1].isWord("between"))
        if negated { _ = advance() }
        if acceptWord("in") {
            _ = try expectSymbol("(", hint: "x in (1, 2, 3)")
            var items: [Expr] = []
            if !current.isSymbol(")") {
                repeat { items.append(try expression()) } while acceptSymbol(",")
            }
            let close = try expectSymbol(")", hint: "close the list with ')'")
            return Expr(kind: .inList(lhs, items, negated: negated), span: lhs.span.to(close.span))
        }
        if acceptWord("between") {
            let lo = try additive()
            guard acceptWord("and") else { throw expected("'and'", hint: "x between 1 and 10") }
            let hi = try additive()
            return Expr(kind: .between(lhs, lo, hi, negated: negated), span: lhs.span.to(hi.span))
        }
        if acceptWord("is") {
            let neg = acceptWord("not")
            let end = current.span
            guard acceptWord("null") else { throw expected("'null'", hint: "x is null, x is not null") }
            return Expr(kind: .isNull(lhs, negated: neg), span: lhs.span.to(end))
        }
        return lhs
    }

    // additive -> multiplicative (('+' | '-') multiplicative)*
    mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op: BinaryOp = advance().isSymbol("+") ? .add : .sub
            let rhs = try multiplicative()
            lhs = Expr(kind: .binary(op, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        return lhs
    }

    // multiplicative -> unary (('*' | '/' | '%') unary)*
    mutating func multiplicative() throws -> Expr {
        var lhs = try unary()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            let t = advance()
            let op: BinaryOp = t.isSymbol("*") ? .mul : t.isSymbol("/") ? .div : .mod
            let rhs = try unary()
            lhs = Expr(kind: .binary(op, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        return lhs
    }

    // unary -> '-' unary | primary
    mutating func unary() throws -> Expr {
        let start = current.span
        if acceptSymbol("-") {
            let e = try unary()
            // Fold negative literals so `-9223372036854775808`-style edge cases stay literals.
            if case .literal(.int(let v)) = e.kind { return Expr(kind: .literal(.int(-v)), span: start.to(e.span)) }
            if case .literal(.float(let v)) = e.kind { return Expr(kind: .literal(.float(-v)), span: start.to(e.span)) }
            return Expr(kind: .unary(.negate, e), span: start.to(e.span))
        }
        return try primary()
    }

    // primary -> INT | FLOAT | STRING | 'true' | 'false' | 'null' | NAME ['(' args ')'] | '(' expr ')'
    mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .integer(let v): _ = advance(); return Expr(kind: .literal(.int(v)), span: t.span)
        case .float(let v): _ = advance(); return Expr(kind: .literal(.float(v)), span: t.span)
        case .string(let s): _ = advance(); return Expr(kind: .literal(.text(s)), span: t.span)
        case .parameter(let p): _ = advance(); return Expr(kind: .parameter(p), span: t.span)
        case .identifier(let id):
            _ = advance()
            switch id {
            case "true": return Expr(kind: .literal(.bool(true)), span: t.span)
            case "false": return Expr(kind: .literal(.bool(false)), span: t.span)
            case "null": return Expr(kind: .literal(.null), span: t.span)
            default: break
            }
            if acceptSymbol("(") {
                var args: [Expr] = []
                if !current.isSymbol(")") {
                    repeat { args.append(try expression()) } while acceptSymbol(",")
                }
                let close = try expectSymbol(")", hint: "close the call to \(id) with ')'")
                return Expr(kind: .call(Name(text: id, span: t.span), args), span: t.span.to(close.span))
            }
            return Expr(kind: .column(id), span: t.span)
        case .symbol("("):
            _ = advance()
            let e = try expression()
            _ = try expectSymbol(")", hint: "close the bracket with ')'")
            return e
        default:
            throw expected("an expression", hint: current.kind == .end || current.kind == .newline
                           ? "the expression is incomplete" : nil)
        }
    }
}
