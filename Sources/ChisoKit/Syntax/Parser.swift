/// Recursive-descent parser from tokens to `Statement`s. Each parse function carries its
/// grammar rule as a comment.
public struct Parser {
    public static var stageKeywords: [String] { StageRegistry.keywords }
    public static let statementKeywords = ["load", "let", "from", "param", "explain"]
    public static let commandKeywords = ["help", "tables", "describe", "set", "history", "last"]

    let source: SourceFile
    var tokens: [Token]
    var pos = 0

    public init(_ source: SourceFile) throws {
        self.source = source
        self.tokens = try Lexer(source).tokenize()
    }

    /// Parses a whole source: `program -> (statement (NEWLINE | ';'))* EOF`. The first syntax
    /// error is thrown, so nothing of a source with a mistake anywhere runs.
    public static func parse(_ source: SourceFile) throws -> [Statement] {
        let (statements, errors) = parseRecovering(source)
        if let first = errors.first { throw first }
        return statements
    }

    var current: Token { tokens[pos] }
    var previousEnd: Int { pos > 0 ? tokens[pos - 1].span.end : 0 }
    mutating func advance() -> Token { let t = tokens[pos]; if pos < tokens.count - 1 { pos += 1 }; return t }

    func error(_ message: String, at span: Span? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.syntax, message, at: span ?? current.span, hint: hint).inSource(source)
    }

    func expected(_ what: String, hint: String? = nil) -> Diagnostic {
        error("expected \(what), found \(current.display)", hint: hint)
    }

    mutating func expectSymbol(_ s: String, hint: String? = nil) throws -> Token {
        guard current.isSymbol(s) else { throw expected("'\(s)'", hint: hint) }
        return advance()
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        if current.isSymbol(s) { _ = advance(); return true }
        return false
    }

    mutating func acceptWord(_ w: String) -> Bool {
        if current.isWord(w) { _ = advance(); return true }
        return false
    }

    mutating func name(_ what: String, hint: String? = nil) throws -> Name {
        guard let id = current.identifier else { throw expected(what, hint: hint) }
        let t = advance()
        return Name(text: id, span: t.span)
    }

    mutating func skipNewlines() {
        while current.kind == .newline || current.isSymbol(";") { _ = advance() }
    }

    /// Parses what it can: after a syntax error it skips to the end of that statement's line
    /// and goes on, so `chiso check` reports every mistake of a script at once.
    // program -> (statement (NEWLINE | ';'))* EOF
    public static func parseRecovering(_ source: SourceFile) -> ([Statement], [Diagnostic]) {
        var p: Parser
        do { p = try Parser(source) } catch {
            return ([], [(error as? Diagnostic ?? Diagnostic(.syntax, "\(error)")).inSource(source)])
        }
        var out: [Statement] = [], errors: [Diagnostic] = []
        p.skipNewlines()
        while p.current.kind != .end {
            do {
                let s = try p.statement()
                guard p.current.kind == .newline || p.current.isSymbol(";") || p.current.kind == .end else {
                    throw p.expected("end of statement", hint: "separate statements with a new line or ';', and stages with '|'")
                }
                out.append(s)
            } catch {
                errors.append((error as? Diagnostic ?? Diagnostic(.syntax, "\(error)", at: p.current.span)).inSource(source))
                // Skip the rest of the statement: up to a newline not followed by '|'.
                while p.current.kind != .end {
                    if p.current.kind == .newline, !p.tokens[p.pos + 1].isSymbol("|") { break }
                    _ = p.advance()
                }
            }
            p.skipNewlines()
        }
        return (out, errors)
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
        // explain -> 'explain' ['plan'] pipeline
        if acceptWord("explain") {
            if acceptWord("plan") { return .explainPlan(try pipeline()) }
            return .explain(try pipeline())
        }
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

    // stage -> KEYWORD …   (each stage's own grammar, found through the registry)
    mutating func stage() throws -> StageNode {
        let kw = current
        guard let word = kw.identifier else {
            throw expected("a stage after '|'", hint: "stages: " + Self.stageKeywords.joined(separator: ", "))
        }
        guard let kind = StageRegistry.stage(word) else {
            let hint = NameSuggestion.hint(for: word, in: Self.stageKeywords)
                ?? "stages: " + Self.stageKeywords.joined(separator: ", ")
            throw error("unknown stage '\(word)'", at: kw.span, hint: hint)
        }
        _ = advance()
        let syntax = try kind.parse(&self)
        return StageNode(syntax: syntax, keyword: kw.span, span: kw.span.to(Span(previousEnd, previousEnd)))
    }

    /// A whole number (no sign), for counts and years.
    mutating func integer(_ what: String, hint: String) throws -> Int {
        guard case .integer(let v) = current.kind else { throw expected(what, hint: hint) }
        _ = advance()
        return Int(v)
    }

    mutating func signedNumber(_ what: String, hint: String) throws -> Double {
        let negative = acceptSymbol("-")
        switch current.kind {
        case .integer(let v): _ = advance(); return negative ? -Double(v) : Double(v)
        case .float(let v): _ = advance(); return negative ? -v : v
        default: throw expected(what, hint: hint)
        }
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

    // braces -> '{' [item (',' item)*] '}' ; item -> NAME '=' expr | expr   (group, window)
    mutating func braceAssignments(example: String) throws -> [Assignment] {
        _ = try expectSymbol("{", hint: example)
        var out: [Assignment] = []
        while !current.isSymbol("}") {
            if let id = current.identifier, tokens[pos + 1].isSymbol("=") {
                let n = Name(text: id, span: advance().span)
                _ = advance()
                out.append(Assignment(name: n, expr: try expression()))
            } else {
                let e = try expression()
                out.append(Assignment(name: Name(text: Self.autoName(e), span: e.span), expr: e))
            }
            if !acceptSymbol(",") { break }
        }
        _ = try expectSymbol("}", hint: "separate items with ',' and close with '}'")
        return out
    }

    /// The column name given to an unnamed item: `mean(lo)` → `mean_lo`, `count()` → `count`.
    static func autoName(_ e: Expr) -> String {
        if case .call(let f, let args) = e.kind {
            let parts = args.compactMap { a -> String? in if case .column(let c) = a.kind { return c } else { return nil } }
            return ([f.text] + parts).joined(separator: "_")
        }
        if case .column(let c) = e.kind { return c }
        return "value"
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
