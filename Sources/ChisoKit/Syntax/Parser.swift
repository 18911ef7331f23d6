/// Recursive-descent parser from tokens to `Statement`s. Each parse function carries its
/// grammar rule as a comment.
public struct Parser {
    public static var stageKeywords: [String] { StageRegistry.keywords }
    public static let statementKeywords = ["load", "let", "from", "param", "explain", "run", "read", "design", "calibrate", "attach", "detach"]
    public static let commandKeywords = ["help", "tables", "describe", "set", "history", "last"]

    let source: SourceFile
    var tokens: [Token]
    var pos = 0
    /// Script parameters known so far (earlier statements' `param`, with `--set` applied): a
    /// `$name` may stand wherever a literal does (`to $year`, `take $n`, `export $out`, `from $t`).
    var parameters: [String: Value] = [:]
    var overrides: [String: String] = [:]
    /// Current expression nesting (see `maxDepth`).
    var nesting = 0

    public init(_ source: SourceFile) throws {
        self.source = source
        self.tokens = try Lexer(source).tokenize()
    }

    /// Parses a whole source: `program -> (statement (NEWLINE | ';'))* EOF`. The first syntax
    /// error is thrown, so nothing of a source with a mistake anywhere runs.
    public static func parse(_ source: SourceFile, parameters: [String: Value] = [:], overrides: [String: String] = [:]) throws -> [Statement] {
        let (statements, errors) = parseRecovering(source, parameters: parameters, overrides: overrides)
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

    /// A table name, with the parts of a database table's name joined by '.'
    /// (`pg.public.persons`, ``pg.`we;ird`.`t"x` ``); each part is kept as chiso writes it, so
    /// the joined text names one table whatever its parts hold.
    // qualified_name -> NAME ('.' NAME)*
    mutating func tableName(_ what: String, hint: String? = nil) throws -> Name {
        try qualifiedName(what, hint: hint).name
    }

    /// As `tableName`, with the parts as written.
    mutating func qualifiedName(_ what: String, hint: String? = nil) throws -> (name: Name, parts: [String]) {
        let first = try name(what, hint: hint)
        var parts = [first.text], end = first.span
        while acceptSymbol(".") {
            let part = try name("a name after '.'", hint: "pg.public.persons")
            parts.append(part.text)
            end = part.span
        }
        return (Name(text: parts.map(Identifier.quoted).joined(separator: "."), span: first.span.to(end)), parts)
    }

    mutating func skipNewlines() {
        while current.kind == .newline || current.isSymbol(";") { _ = advance() }
    }

    /// Parses what it can: after a syntax error it skips to the end of that statement's line
    /// and goes on, so `chiso check` reports every mistake of a script at once.
    // program -> (statement (NEWLINE | ';'))* EOF
    public static func parseRecovering(_ source: SourceFile, parameters: [String: Value] = [:],
                                       overrides: [String: String] = [:]) -> ([Statement], [Diagnostic]) {
        var p: Parser
        do { p = try Parser(source) } catch {
            return ([], [(error as? Diagnostic ?? Diagnostic(.syntax, "\(error)")).inSource(source)])
        }
        p.parameters = parameters
        p.overrides = overrides
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
            let (path, pathSpan) = try stringLiteral("a file path in quotes", hint: "load \"Datasets/targets.csv\" as targets")
            // The parts after the path come in any order, each once: as NAME, (options), design
            // (…), and a workbook's sheet / range / header clauses.
            var options: [LoadOption] = []
            var alias: Name? = nil
            var design: [(key: Name, column: Name)]? = nil
            var seen: [String: Span] = [:]
            func once(_ part: String, _ at: Span) throws {
                if seen[part] != nil { throw error("'\(part)' is given twice", at: at, hint: "load takes, each once and in any order: as, (options), design, sheet, range, header") }
                seen[part] = at
            }
            while true {
                if current.isWord("as") {
                    try once("as", current.span); _ = advance()
                    alias = try name("a table name after 'as'")
                } else if current.isSymbol("(") {
                    try once("(options)", current.span)
                    options += try loadOptions()
                } else if current.isWord("design") {
                    try once("design", current.span); _ = advance()
                    design = try designParts()
                } else if let w = current.identifier, ["sheet", "range", "header"].contains(w) {
                    try once(w, current.span)
                    options += try loadClauses(one: true)
                } else {
                    break
                }
            }
            let load = Statement.load(path: path, pathSpan: pathSpan, name: alias, options: options, design: design,
                                      span: start.to(Span(previousEnd, previousEnd)))
            // `load "f.csv" [as t] | …`: the table is loaded (and kept), then the stages run on it.
            let name = Name(text: alias?.text ?? Session.tableName(forPath: path), span: alias?.span ?? pathSpan)
            return try sourcedQuery(load, source: name, hidden: false, start: start) ?? load
        }
        // design -> 'design' NAME design_parts
        if acceptWord("design") {
            let table = try tableName("the table the design is declared on", hint: "design survey (strata = stratum, psu = psu, weight = weight)")
            return .design(table, try designParts(), span: start.to(Span(previousEnd, previousEnd)))
        }
        // calibrate -> 'calibrate' NAME NAME margin (',' margin)* ; margin -> '(' NAME (',' NAME)* ')' 'to' NAME
        if acceptWord("calibrate") {
            let table = try name("the table whose design is calibrated", hint: "calibrate hh poststratify (province, sex) to census")
            let method = try name("poststratify, rake or linear", hint: "calibrate \(table.text) poststratify (province, sex) to census")
            var margins: [(keys: [Name], totals: Name)] = []
            repeat {
                _ = try expectSymbol("(", hint: "(province, sex) to census")
                var keys: [Name] = []
                repeat { keys.append(try name("a key column")) } while acceptSymbol(",")
                _ = try expectSymbol(")")
                guard acceptWord("to") else { throw expected("'to' and the table of totals", hint: "(\(keys.map(\.text).joined(separator: ", "))) to census") }
                margins.append((keys, try name("the table of population totals")))
            } while acceptSymbol(",")
            return .calibrate(table, method: method, margins: margins, span: start.to(Span(previousEnd, previousEnd)))
        }
        // attach -> 'attach' STRING 'as' NAME
        if acceptWord("attach") {
            let (url, urlSpan) = try stringLiteral("a connection string in quotes", hint: "attach \"postgresql://user@host:5432/db\" as pg")
            guard acceptWord("as") else { throw expected("'as' and a name for the database", hint: "attach \"…\" as pg") }
            let alias = try name("a name for the database", hint: "attach \"…\" as pg")
            return .attach(url: url, urlSpan: urlSpan, name: alias, span: start.to(Span(previousEnd, previousEnd)))
        }
        // detach -> 'detach' NAME
        if acceptWord("detach") {
            let alias = try name("the attached database's name", hint: "detach pg")
            return .detach(alias, span: start.to(alias.span))
        }
        // read -> 'read' 'plan' STRING ['id' STRING] ['indicators' NAME] ['as' NAME]
        if acceptWord("read") {
            guard acceptWord("plan") else { throw expected("'plan' after 'read'", hint: "read plan \"plan.txt\" as found") }
            let (path, pathSpan) = try stringLiteral("a plan document's path in quotes", hint: "read plan \"plan.txt\" as found")
            var id: String? = nil, indicators: Name? = nil, alias: Name? = nil
            while let word = current.identifier, ["id", "indicators", "as"].contains(word) {
                let at = advance().span
                if (word == "id" && id != nil) || (word == "indicators" && indicators != nil) || (word == "as" && alias != nil) {
                    throw error("'\(word)' is given twice", at: at)
                }
                switch word {
                case "id": id = try stringLiteral("the plan's id in quotes", hint: "id \"vinh-long-43-2022\"").0
                case "indicators": indicators = try name("the indicator catalogue's table name", hint: "indicators indicators")
                default: alias = try name("a table name after 'as'")
                }
            }
            let read = Statement.readPlan(path: path, pathSpan: pathSpan, id: id, indicators: indicators, name: alias,
                                          span: start.to(Span(previousEnd, previousEnd)))
            // `read plan "f.txt" | where confidence >= 0.8 | …`
            let name = alias ?? Name(text: "(read plan \(path))", span: pathSpan)
            return try sourcedQuery(read, source: name, hidden: alias == nil, start: start) ?? read
        }
        // run -> 'run' STRING
        if acceptWord("run") {
            let (path, pathSpan) = try stringLiteral("a script path in quotes", hint: "run \"report.chiso\"")
            return .run(path: path, pathSpan: pathSpan, span: start.to(pathSpan))
        }
        if acceptWord("let") {
            let n = try name("a name after 'let'", hint: "let t30 = from targets | where year == 2030")
            _ = try expectSymbol("=", hint: "let \(n.text) = from …")
            if !current.isWord("from"), let word = current.identifier, ["read", "load", "describe", "tables"].contains(word) {
                let inner = try statement()
                guard case .query(let p) = inner else {
                    throw error("let keeps a pipeline's result: add a stage after '|' or start with from", at: inner.span,
                                hint: "let \(n.text) = \(word) … | where …")
                }
                return .bind(n, p)
            }
            return .bind(n, try pipeline())
        }
        // A bare expression is a statement: its value, as SQL's SELECT expr or R's prompt.
        if startsBareExpression {
            let first = current.span
            let e = try expression()
            let text = source.slice(first.to(Span(previousEnd, previousEnd))).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
            let derive = StageNode(syntax: DeriveStage(items: [Assignment(name: Name(text: text, span: e.span), expr: e)]),
                                   keyword: e.span, span: e.span)
            return .query(Pipeline(source: Name(text: "(expression)", span: e.span), stages: [derive], span: e.span,
                                   producer: PipelineProducer(.oneRow(span: e.span), hidden: true)))
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
            // A literal, or an expression of literals and earlier parameters, worked out now:
            // param out = "report_" + $province + ".csv", param d = date("2024-11-01").
            let e = try expression()
            let v: Value
            if case .literal(let lit) = e.kind { v = lit } else { v = try ConstantExpression.value(of: e, parameters: parameters, source: source) }
            guard !v.isNull else {
                throw error("a parameter's default must be a number, text, date or true/false, not null", at: e.span,
                            hint: "param \(n.text) = 2030")
            }
            // Later statements may use it where a literal stands (a bad --set is reported when it runs).
            parameters[n.text] = overrides[n.text].flatMap { Self.typedOverride($0, like: v) } ?? v
            return .param(n, v, valueSpan: e.span)
        }
        // command -> ('help' | 'tables' | 'describe' | 'set') word*   (to the end of the statement)
        if let word = current.identifier, Self.commandKeywords.contains(word) {
            let n = Name(text: word, span: advance().span)
            var args: [String] = []
            var qualified = false   // the last argument is a joined name (pg.public.t)
            while current.kind != .newline && current.kind != .end && !current.isSymbol(";") && !current.isSymbol("|") {
                // A database table's name: its parts joined as chiso writes them.
                if current.isSymbol("."), let last = args.last, let part = tokens[pos + 1].identifier {
                    _ = advance(); _ = advance()
                    args[args.count - 1] = (qualified ? last : Identifier.quoted(last)) + "." + Identifier.quoted(part)
                    qualified = true
                    continue
                }
                qualified = false
                let t = advance()
                switch t.kind {
                case .identifier(let s), .string(let s): args.append(s)
                case .integer(let v): args.append(String(v))
                case .float(let v): args.append(String(v))
                case .symbol(let s): args.append(s)
                default: break
                }
            }
            let command = Statement.command(n, args, span: n.span.to(Span(previousEnd, previousEnd)))
            // `describe targets | where nulls > 0`, `tables | where rows > 1000`: their tables are sources.
            if ["describe", "tables"].contains(word), !(word == "describe" && args.first == "indicator") {
                return try sourcedQuery(command, source: Name(text: "(\(([word] + args).joined(separator: " ")))", span: command.span),
                                        hidden: true, start: n.span) ?? command
            }
            if current.isSymbol("|") {
                throw error("'\(word)' makes no table to pipe into a stage", hint: "stages follow from TABLE, read plan, load, describe T or tables")
            }
            return command
        }
        if let word = current.identifier {
            if word.lowercased() == "select" { throw error("chiso is not SQL", hint: sqlHint()) }
            let all = Self.statementKeywords + Self.stageKeywords + Self.commandKeywords
            var hint = "a statement starts with load, let or from"
            if let other = Self.otherLanguages[word.lowercased()] {
                hint = other
            } else if Self.stageKeywords.contains(word) {
                hint = "'\(word)' is a stage: start the pipeline with 'from TABLE |'"
            } else if let s = NameSuggestion.closest(to: word, in: all) {
                hint = "did you mean '\(s)'?"
            }
            throw error("unknown statement '\(word)'", hint: hint)
        }
        throw expected("a statement", hint: "a statement starts with load, let or from")
    }

    // design_parts -> '(' NAME '=' value (',' NAME '=' value)* ')'   (values: columns, or a rule: lonely = adjust, nest = true)
    // value -> NAME ('*' NAME)*   (strata = year * stratum: each combination is a stratum)
    mutating func designParts() throws -> [(key: Name, column: Name)] {
        _ = try expectSymbol("(", hint: "design (strata = stratum, psu = psu, weight = weight)")
        var pairs: [(key: Name, column: Name)] = []
        repeat {
            let k = try name("a design part", hint: "parts: strata, psu, weight, fpc, lonely, nest, allow_negative_weights")
            _ = try expectSymbol("=", hint: "\(k.text) = column")
            var v = try name("a column name")
            while current.isSymbol("*") {
                _ = advance()
                let more = try name("a column whose values cross the strata", hint: "strata = year * stratum")
                v = Name(text: v.text + " * " + more.text, span: v.span.to(more.span))
            }
            pairs.append((k, v))
        } while acceptSymbol(",")
        _ = try expectSymbol(")", hint: "close the design with ')'")
        return pairs
    }

    // clause -> ('sheet' | 'range' | 'header') literal     (workbooks: sheet "Data" range "A3:H40" header 3)
    mutating func loadClauses(one: Bool = false) throws -> [LoadOption] {
        var out: [LoadOption] = []
        while let word = current.identifier, ["sheet", "range", "header"].contains(word), !(one && !out.isEmpty) {
            let n = Name(text: word, span: advance().span)
            _ = acceptSymbol("=")
            let e = try primary()
            guard case .literal(let v) = e.kind else {
                throw error("'\(word)' needs a literal: a name in quotes or a number", at: e.span,
                            hint: ["sheet": "sheet \"Data\" or sheet 2", "range": "range \"A3:H40\"", "header": "header 3 (the sheet row) or header false"][word])
            }
            out.append(LoadOption(name: n, value: .literal(v, e.span)))
        }
        return out
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
                // A bare word is the option's word value: labels = codes, missing = keep.
                if let word = current.identifier, !["true", "false", "null"].contains(word) {
                    let at = advance().span
                    out.append(LoadOption(name: n, value: .literal(.text(word), at)))
                    continue
                }
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
        let src: Name
        var producer: PipelineProducer? = nil
        if case .string(let written) = current.kind {
            // `from "f.csv" | …`: the file is the source (read for this statement only, as
            // DuckDB's FROM 'f.csv'); `load` keeps a file as a table.
            let at = advance().span
            let path = try interpolated(written, at)
            src = Name(text: "(\(path))", span: at)
            // The load options, as load takes them: from "f.csv" (delim = ";"), from "b.xlsx" sheet 2.
            var options: [LoadOption] = []
            var seen = Set<String>()
            while true {
                if current.isSymbol("("), seen.insert("(").inserted {
                    options += try loadOptions()
                } else if let w = current.identifier, ["sheet", "range", "header"].contains(w), seen.insert(w).inserted {
                    options += try loadClauses(one: true)
                } else {
                    break
                }
            }
            producer = PipelineProducer(.load(path: path, pathSpan: at, name: src, options: options, design: nil, span: at), hidden: true)
        } else if let (v, span) = try parameterLiteral() {
            guard case .text(let t) = v else { throw error("a table name parameter must be text, this one is \(v.type)", at: span) }
            src = Name(text: t, span: span)
        } else {
            src = try tableName("a table name after 'from'", hint: "from targets, or from \"file.csv\"")
        }
        var stages: [StageNode] = []
        stages = try stagesAfter()
        return Pipeline(source: src, stages: stages, span: start.to(Span(previousEnd, previousEnd)), producer: producer)
    }

    /// The stages that follow, each after a '|' (a newline followed by '|' continues the
    /// pipeline); a stage's prelude (estimate's derived columns) comes just before it.
    mutating func stagesAfter() throws -> [StageNode] {
        var stages: [StageNode] = []
        while true {
            var look = pos
            while tokens[look].kind == .newline { look += 1 }
            guard tokens[look].isSymbol("|") else { break }
            pos = look
            _ = advance()
            while current.kind == .newline { _ = advance() }
            let node = try stage()
            stages += node.syntax.prelude(node)
            stages.append(node)
        }
        return stages
    }

    /// The stages after a statement that makes a table (`read plan "f" | where …`), as a query
    /// on that table; nil when no '|' follows.
    mutating func sourcedQuery(_ producer: Statement, source: Name, hidden: Bool, start: Span) throws -> Statement? {
        let stages = try stagesAfter()
        guard !stages.isEmpty else { return nil }
        return .query(Pipeline(source: source, stages: stages, span: start.to(Span(previousEnd, previousEnd)),
                               producer: PipelineProducer(producer, hidden: hidden)))
    }

    /// Whether the statement here is a bare expression: a number, text, '(' , '-', a `$param`,
    /// or a function call — not a word that starts a statement.
    var startsBareExpression: Bool {
        switch current.kind {
        case .integer, .float, .string, .parameter: return true
        case .symbol(let s): return s == "(" || s == "-"
        case .identifier(let w):
            let known = Self.statementKeywords + Self.commandKeywords + Self.stageKeywords
            if known.contains(w) { return false }
            // cast(x as T) and SQL's case when … end are expressions too, though not functions.
            if w == "cast" { return tokens[pos + 1].isSymbol("(") }
            if w == "case" { return tokens[pos + 1].isWord("when") || tokens[pos + 1].isSymbol("{") }
            return tokens[pos + 1].isSymbol("(") && ScalarFunction.named(w) != nil
        default: return false
        }
    }

    /// Words people type from SQL, dplyr or Stata, with the chiso form.
    static let otherLanguages: [String: String] = [
        "filter": "chiso writes where: from t | where x > 1",
        "limit": "chiso writes take: from t | take 5",
        "head": "chiso writes take: from t | take 5",
        "order": "chiso writes sort: from t | sort -x (a '-' sorts descending)",
        "arrange": "chiso writes sort: from t | sort -x (a '-' sorts descending)",
        "mutate": "chiso writes derive: from t | derive y = x * 2",
        "gen": "chiso writes derive: from t | derive y = x * 2",
        "generate": "chiso writes derive: from t | derive y = x * 2",
        "group_by": "chiso writes group k { … } (no %>% or summarise): from t | group k { n = count(), m = mean(x) }",
        "groupby": "chiso writes group k { … }: from t | group k { n = count(), m = mean(x) }",
        "summarise": "chiso writes group: from t | group k { n = count(), m = mean(x) }",
        "summarize": "chiso writes group: from t | group k { n = count(), m = mean(x) }",
        "collapse": "chiso writes group: from t | group k { m = mean(x) }",
        "keep": "chiso writes where to keep rows (where x > 1) and select to keep columns (select a, b)",
        "drop": "chiso writes select -col to drop columns, where not (…) to drop rows",
        "with": "chiso keeps a result with let: let t30 = from targets | where year == 2030",
        "create": "chiso keeps a result with let: let t30 = from targets | where year == 2030",
        "insert": "chiso reads files with load and writes them with export",
        "update": "chiso changes columns with derive: from t | derive x = x * 2",
        "delete": "chiso keeps rows with where: from t | where not (x > 1)",
    ]

    /// The chiso form of a SQL query: `SELECT a, b FROM t WHERE c ORDER BY d` → `from t | where c | sort d | select a, b`.
    func sqlHint() -> String {
        var rest = tokens[pos...].prefix { $0.kind != .newline && $0.kind != .end && !$0.isSymbol(";") }.map { $0 }
        func clause(_ words: [String]) -> String? {
            guard let i = rest.firstIndex(where: { t in words.contains(t.identifier?.lowercased() ?? "") }) else { return nil }
            let stops = ["select", "from", "where", "group", "order", "limit", "having"]
            var j = i + 1
            if ["group", "order"].contains(rest[i].identifier!.lowercased()), j < rest.count, rest[j].identifier?.lowercased() == "by" { j += 1 }
            let end = rest[j...].firstIndex { stops.contains($0.identifier?.lowercased() ?? "") } ?? rest.count
            guard j < end else { return "" }
            return source.slice(rest[j].span.to(rest[end - 1].span))
        }
        rest = Array(rest)
        let table = clause(["from"]) ?? "t"
        var parts = ["from \(table)"]
        if let w = clause(["where"]) { parts.append("where \(w.replacingOccurrences(of: " = ", with: " == "))") }
        if let g = clause(["group"]) { parts.append("group \(g) { n = count() }") }
        if let o = clause(["order"]) {
            parts.append("sort " + o.split(separator: ",").map { k -> String in
                let w = k.split(separator: " ").map(String.init)
                return w.last?.lowercased() == "desc" ? "-" + w.dropLast().joined(separator: " ") : w.filter { $0.lowercased() != "asc" }.joined(separator: " ")
            }.joined(separator: ", "))
        }
        if let s = clause(["select"]), s != "*", clause(["group"]) == nil { parts.append("select \(s)") }
        if let l = clause(["limit"]) { parts.append("take \(l)") }
        return parts.joined(separator: " | ")
    }

    // stage -> KEYWORD …   (each stage's own grammar, found through the registry)
    mutating func stage() throws -> StageNode {
        let kw = current
        guard let word = kw.identifier else {
            throw expected("a stage after '|'", hint: "stages: " + Self.stageKeywords.joined(separator: ", "))
        }
        guard let kind = StageRegistry.stage(word) else {
            // "left join plans": SQL's order; chiso names the kind after join.
            if ["left", "inner", "right", "full", "outer", "cross", "semi", "anti"].contains(word.lowercased()), tokens[pos + 1].isWord("join") {
                // The hint is the user's own stage with the kind moved: the text up to the next '|'.
                var end = pos + 2
                while !(tokens[end].isSymbol("|") || tokens[end].kind == .end || tokens[end].kind == .newline) { end += 1 }
                let rest = end > pos + 2 ? source.slice(tokens[pos + 2].span.to(tokens[end - 1].span)) : "T on key"
                if ["outer", "cross"].contains(word.lowercased()) {
                    throw error("unknown stage '\(word)'", at: kw.span,
                                hint: "chiso writes join full T on k for an outer join (kinds: inner, left, right, full, semi, anti, asof)")
                }
                throw error("unknown stage '\(word)'", at: kw.span,
                            hint: "chiso writes the kind after join: join \(word.lowercased()) \(rest)")
            }
            let hint = Self.otherLanguages[word.lowercased()] ?? NameSuggestion.hint(for: word, in: Self.stageKeywords)
                ?? "stages: " + Self.stageKeywords.joined(separator: ", ")
            throw error("unknown stage '\(word)'", at: kw.span, hint: hint)
        }
        _ = advance()
        let syntax = try kind.parse(&self)
        // Text the stage did not take is an error that knows the stage's grammar, never a
        // generic "end of statement" or something silently ignored.
        if case .identifier(let w) = current.kind {
            let options = kind.optionWords
            if options.contains(w) {
                throw error("'\(w)' is given twice or out of place in \(word)", hint: "\(word) takes, each once and in any order: " + options.joined(separator: ", "))
            }
            throw error("'\(w)' is not part of \(word)", hint: options.isEmpty
                ? "end the \(word) stage here and start the next with '|'" + (Self.stageKeywords.contains(w) ? ": … | \(w) …" : "")
                : "\(word) takes: " + options.joined(separator: ", ") + (NameSuggestion.closest(to: w, in: options).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        return StageNode(syntax: syntax, keyword: kw.span, span: kw.span.to(Span(previousEnd, previousEnd)))
    }

    /// A `--set` text read as the type of the parameter's default; nil when it is not one.
    public static func typedOverride(_ text: String, like value: Value) -> Value? {
        switch value {
        case .int: return Int64(text).map { .int($0) }
        case .float: return Double(text).map { .float($0) }
        case .bool: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
        case .date: return CivilDate.parse(text).map { .date($0) }
        default: return .text(Unicode.nfc(text))
        }
    }

    /// The value of a `$name` standing where a literal does, or a located error naming the
    /// parameters there are.
    mutating func parameterLiteral() throws -> (Value, Span)? {
        guard case .parameter(let name) = current.kind else { return nil }
        let span = current.span
        guard let v = parameters[name] else {
            throw error("unknown parameter '$\(name)'", at: span,
                        hint: parameters.isEmpty ? "declare it first: param \(name) = …"
                            : NameSuggestion.closest(to: name, in: Array(parameters.keys)).map { "did you mean '$\($0)'?" }
                                ?? "parameters: " + parameters.keys.sorted().map { "$" + $0 }.joined(separator: ", "))
        }
        _ = advance()
        return (v, span)
    }

    /// The row count of take or skip: 0 or more, or a `$param` holding one.
    mutating func rowCount(for stage: String) throws -> Int {
        let at = current.span
        let n = try integer("a row count", hint: "\(stage) 10")
        guard n >= 0 else { throw error("\(stage) needs a row count of 0 or more", at: at, hint: "\(stage) 10") }
        return n
    }

    /// A whole number (no sign), for counts and years; a `$param` holding one.
    mutating func integer(_ what: String, hint: String) throws -> Int {
        if let (v, span) = try parameterLiteral() {
            guard case .int(let n) = v else { throw error("expected \(what), but this parameter is \(v.type)", at: span, hint: hint) }
            return Int(n)
        }
        guard case .integer(let v) = current.kind else { throw expected(what, hint: hint) }
        _ = advance()
        return Int(v)
    }

    /// A string in quotes, or a `$param` holding text (paths, plan ids, titles).
    mutating func stringLiteral(_ what: String, hint: String) throws -> (String, Span) {
        if let (v, span) = try parameterLiteral() {
            guard case .text(let s) = v else { throw error("expected \(what), but this parameter is \(v.type)", at: span, hint: hint) }
            return (s, span)
        }
        guard case .string(let s) = current.kind else { throw expected(what, hint: hint) }
        let span = advance().span
        return (try interpolated(s, span), span)
    }

    /// `{$name}` inside a string is the parameter's value: export "report_{$province}.csv".
    /// An unknown name is a located error; `{` without `$` is left as written.
    mutating func interpolated(_ s: String, _ span: Span) throws -> String {
        guard s.contains("{$") else { return s }
        var out = "", rest = Substring(s)
        while let open = rest.range(of: "{$") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "}") else {
                throw error("'{$' without a closing '}' in this string", at: span, hint: "\"report_{$province}.csv\"")
            }
            let name = String(after[..<close])
            guard let v = parameters[name] else {
                throw error("unknown parameter '$\(name)' in this string", at: span,
                            hint: parameters.isEmpty ? "declare it first: param \(name) = …"
                                : "parameters: " + parameters.keys.sorted().map { "$" + $0 }.joined(separator: ", "))
            }
            out += v.description
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    mutating func signedNumber(_ what: String, hint: String) throws -> Double {
        if let (v, span) = try parameterLiteral() {
            guard let d = v.double, v.type == .int || v.type == .float else { throw error("expected \(what), but this parameter is \(v.type)", at: span, hint: hint) }
            return d
        }
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
    /// How deeply expressions may nest (brackets, calls, unary operators, and the length of a
    /// chain like 1 + 1 + … + 1, which is a tree as deep as it is long). Deeper input is a
    /// located error instead of a stack overflow in the parser, binder or evaluator.
    public static let maxDepth = 512

    public mutating func expression() throws -> Expr {
        let e = try nested { p in try p.orExpr() }
        // At the outermost level, the whole tree's depth (found without recursion).
        if nesting == 0, e.depth > Self.maxDepth {
            throw error("this expression nests \(e.depth) levels deep; at most \(Self.maxDepth) are allowed", at: e.span,
                        hint: "split it with derive, or use x in (…) for a long list of alternatives")
        }
        return e
    }

    /// Runs a recursive step one level deeper, refusing past `maxDepth` before the stack fills.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxDepth else {
            throw error("brackets, calls or operators nested more than \(Self.maxDepth) levels deep",
                        hint: "split the expression with derive")
        }
        return try body(&self)
    }

    /// `&&` and `||` from other languages: an error that says the chiso word (never silently accepted).
    mutating func acceptOtherLanguage(_ symbol: String, _ word: String) throws -> Bool {
        guard current.isSymbol(symbol) else { return false }
        throw error("chiso writes '\(word)', not '\(symbol)'", hint: "where a > 1 \(word) b < 2")
    }

    // or -> and ('or' and)*
    mutating func orExpr() throws -> Expr {
        var lhs = try andExpr()
        while try acceptWord("or") || acceptOtherLanguage("||", "or") {
            let rhs = try andExpr()
            lhs = Expr(kind: .binary(.or, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        return lhs
    }

    // and -> not ('and' not)*
    mutating func andExpr() throws -> Expr {
        var lhs = try notExpr()
        while try acceptWord("and") || acceptOtherLanguage("&&", "and") {
            let rhs = try notExpr()
            lhs = Expr(kind: .binary(.and, lhs, rhs), span: lhs.span.to(rhs.span))
        }
        return lhs
    }

    // not -> 'not' not | comparison
    mutating func notExpr() throws -> Expr {
        if current.isWord("not") { return try negatedCondition() }
        return try comparison()
    }

    mutating func negatedCondition() throws -> Expr {
        let start = advance().span
        let e = try nested { p in try p.notExpr() }
        return Expr(kind: .unary(.not, e), span: start.to(e.span))
    }

    // comparison -> additive [cmp additive | ['not'] 'in' '(' list ')' | ['not'] 'between' additive 'and' additive
    //               | 'is' ['not'] 'null' | (starts_with | ends_with | contains) additive
    //               | ['not'] ('like' | 'ilike') additive]
    mutating func comparison() throws -> Expr {
        // The operator is parsed in a function of its own: this one is on the stack once per
        // nesting level, so its frame is kept small (deep input must reach the depth error).
        return try comparisonTail(try additive())
    }

    mutating func comparisonTail(_ lhs: Expr) throws -> Expr {
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
        // x [not] like "pat%" / ilike: SQL's patterns (% any text, _ one character).
        let likeNegated = current.isWord("not") && (tokens[pos + 1].isWord("like") || tokens[pos + 1].isWord("ilike"))
        if likeNegated { _ = advance() }
        if let w = current.identifier, w == "like" || w == "ilike" {
            let at = advance().span
            let rhs = try additive()
            let call = Expr(kind: .call(Name(text: w, span: at), [lhs, rhs]), span: lhs.span.to(rhs.span))
            return likeNegated ? Expr(kind: .unary(.not, call), span: call.span) : call
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

    // unary -> '-' unary | power ; power -> primary ['^' unary]   (R's precedence: -2^2 is -4,
    // 2^3^2 is 2^9; x ^ y is pow(x, y))
    mutating func unary() throws -> Expr {
        // Each branch is a function of its own so this frame, on the stack once per nesting
        // level, stays small.
        if current.isSymbol("-") { return try negation() }
        let base = try primary()
        guard current.isSymbol("^") else { return base }
        return try powerTail(base)
    }

    mutating func negation() throws -> Expr {
        let start = advance().span
        let e = try nested { p in try p.unary() }
        // Fold negative literals so `-9223372036854775808`-style edge cases stay literals.
        if case .literal(.int(let v)) = e.kind { return Expr(kind: .literal(.int(-v)), span: start.to(e.span)) }
        if case .literal(.float(let v)) = e.kind { return Expr(kind: .literal(.float(-v)), span: start.to(e.span)) }
        return Expr(kind: .unary(.negate, e), span: start.to(e.span))
    }

    mutating func powerTail(_ base: Expr) throws -> Expr {
        let caret = advance().span
        let exponent = try nested { p in try p.unary() }
        return Expr(kind: .call(Name(text: "pow", span: caret), [base, exponent]), span: base.span.to(exponent.span))
    }

    // primary -> INT | FLOAT | STRING | 'true' | 'false' | 'null' | NAME ['(' args ')'] | '(' expr ')'
    mutating func primary() throws -> Expr {
        // primary is on the stack once per nesting level: the frame stays small by leaving
        // the work to functions that return before the recursion goes deeper.
        if current.isSymbol("(") { return try bracketed() }
        if let id = current.identifier {
            let at = advance().span
            return try named(id, at)
        }
        return try literal()
    }

    mutating func bracketed() throws -> Expr {
        _ = advance()
        let e = try expression()
        _ = try expectSymbol(")", hint: "close the bracket with ')'")
        return e
    }

    mutating func literal() throws -> Expr {
        let t = current
        switch t.kind {
        case .integer(let v): _ = advance(); return Expr(kind: .literal(.int(v)), span: t.span)
        case .float(let v): _ = advance(); return Expr(kind: .literal(.float(v)), span: t.span)
        case .string(let s): _ = advance(); return Expr(kind: .literal(.text(try interpolated(s, t.span))), span: t.span)
        case .parameter(let p): _ = advance(); return Expr(kind: .parameter(p), span: t.span)
        default:
            throw expected("an expression", hint: current.kind == .end || current.kind == .newline
                           ? "the expression is incomplete" : nil)
        }
    }

    /// What follows a name: a literal word, cast, case, a call, or a column.
    mutating func named(_ id: String, _ at: Span) throws -> Expr {
        switch id {
        case "true": return Expr(kind: .literal(.bool(true)), span: at)
        case "false": return Expr(kind: .literal(.bool(false)), span: at)
        case "null": return Expr(kind: .literal(.null), span: at)
        default: break
        }
        // cast, SQL's case, chiso's case and a call each parse in a function of their own, for
        // the same reason as primary's.
        if id == "cast", current.isSymbol("(") { return try castExpr(at) }
        if id == "case", current.isWord("when") { return try sqlCase(at) }
        if id == "case", current.isSymbol("{") { return try caseBlock(at) }
        if current.isSymbol("(") { return try call(id, at) }
        return Expr(kind: .column(id), span: at)
    }

    mutating func call(_ id: String, _ at: Span) throws -> Expr {
        _ = advance()
        var args: [Expr] = []
        if !current.isSymbol(")") {
            repeat { args.append(try expression()) } while acceptSymbol(",")
        }
        let close = try expectSymbol(")", hint: "close the call to \(id) with ')'")
        return Expr(kind: .call(Name(text: id, span: at), args), span: at.to(close.span))
    }

    // cast -> 'cast' '(' expr 'as' TYPE ')'   (SQL's form of int(x), float(x), text(x), …)
    mutating func castExpr(_ start: Span) throws -> Expr {
        _ = advance()
        let x = try expression()
        guard acceptWord("as") else { throw expected("'as' and a type", hint: "cast(x as int); chiso also writes int(x)") }
        let typeName = try name("a type", hint: "int, float, text, bool or date")
        guard ["int", "float", "text", "bool", "date"].contains(typeName.text) else {
            throw error("unknown type '\(typeName.text)'", at: typeName.span,
                        hint: NameSuggestion.hint(for: typeName.text, in: ["int", "float", "text", "bool", "date"]) ?? "types: int, float, text, bool, date")
        }
        let close = try expectSymbol(")", hint: "cast(x as \(typeName.text))")
        if typeName.text == "bool" {
            return Expr(kind: .binary(.ne, x, Expr(kind: .literal(.int(0)), span: typeName.span)), span: start.to(close.span))
        }
        return Expr(kind: .call(Name(text: typeName.text, span: typeName.span), [x]), span: start.to(close.span))
    }

    // SQL's case: 'case' ('when' expr 'then' expr)+ ['else' expr] 'end' — the same as
    // case { cond => value, …, true => else }.
    mutating func sqlCase(_ start: Span) throws -> Expr {
        var args: [Expr] = []
        while acceptWord("when") {
            args.append(try expression())
            guard acceptWord("then") else { throw expected("'then'", hint: "case when x < 0 then \"neg\" else \"pos\" end") }
            args.append(try expression())
        }
        if acceptWord("else") {
            let e = try expression()
            args.append(Expr(kind: .literal(.bool(true)), span: e.span))
            args.append(e)
        }
        let end = current.span
        guard acceptWord("end") else { throw expected("'end'", hint: "close SQL's case with end") }
        return Expr(kind: .call(Name(text: "case", span: start), args), span: start.to(end))
    }

    // case -> 'case' '{' expr '=>' expr (',' expr '=>' expr)* '}'
    mutating func caseBlock(_ start: Span) throws -> Expr {
        _ = advance()
        var args: [Expr] = []
        while !current.isSymbol("}") {
            args.append(try expression())
            _ = try expectSymbol("=>", hint: "case { x < 0 => \"neg\", true => \"pos\" }")
            args.append(try expression())
            if !acceptSymbol(",") { break }
        }
        let close = try expectSymbol("}", hint: "separate the branches with ',' and close with '}'")
        guard !args.isEmpty else { throw error("case needs at least one condition => value", at: start.to(close.span)) }
        return Expr(kind: .call(Name(text: "case", span: start), args), span: start.to(close.span))
    }
}
