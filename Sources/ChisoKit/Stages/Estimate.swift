/// `estimate share(x), mean(y), total(z), median(y), quantile(y, p), ratio(y, x), var(y) [by k, …]
/// [ci METHOD [df = design | inf]] [deff replace]`: design-based estimates on a table with a
/// survey design.
struct EstimateStage: Stage {
    static let keyword = "estimate"
    static let help = Help.Topic(name: "estimate", kind: "stage",
        usage: "estimate share(x), mean(y), total(z), median(y [, rule = r]), quantile(y, p [, rule = r]), ratio(y, x), var(y), … [by KEYS] [ci logit|likelihood|xlogit|asin|beta|mean [df = design|inf]] [deff replace]",
        summary: "Design-based estimates on a table with a survey design (load … design (…) or design T (…)): estimate, se (Taylor linearisation, with replacement at the first stage, fpc when declared), 95 % ci_lo/ci_hi, n (unweighted), deff (against simple random sampling without replacement; 'deff replace': with replacement). A where before estimate defines a domain: the whole design is used, as R's subset(). Missing values leave a row out of that statistic's domain; an empty domain is a row with n = 0. share of a 0/1 column, or of a text column (one row per level, as svymean on a factor); a statistic may take an expression in place of a column, as R's ~I(…): share(age >= 60), mean(age / 10), total(1) (the population); ratio(y, x) = Σwy/Σwx (svyratio); var(y) the population variance (svyvar). Intervals are normal (estimate ± 1.96·se) except: 'ci METHOD' for shares, as svyciprop's methods (logit, likelihood, xlogit, asin, beta, mean), with the design's degrees of freedom or 'df = inf'; median and quantile follow svyquantile, rule math (default), school or hf7, a Woodruff interval, se = interval width / 2t. Where there are no degrees of freedom, the interval is null, with a note. Checked against R's survey package 4.1.1.",
        example: "from survey | where year == 2024 and age >= 15 | estimate share(has_account), mean(age), total(has_smartphone) by province, urban")
    static let optionWords = ["by", "ci", "logit", "deff"]
    static let completionWords = ["share", "mean", "total", "median", "quantile", "ratio", "var", "by", "ci", "logit", "likelihood", "xlogit", "asin", "beta", "df", "deff", "replace", "rule"]

    struct Call {
        var function: Name
        var column: Name
        /// An expression in place of a column (`share(age >= 60)`, `total(1)`, as R's
        /// `svymean(~I(age >= 60))`): derived just before the estimate, named by its text.
        var expression: Expr?
        var probability: Double?
        var second: Name?
        var rule: Name?
    }

    var statistics: [Call]
    var by: [Name]
    var interval: Name?
    var df: Name?
    var deffReplace: Bool

    // estimate -> 'estimate' call (',' call)* option*   (each option once, in any order)
    // option -> 'by' NAME, … | 'logit' | 'ci' NAME ['df' '=' NAME] | 'deff' 'replace'
    // call -> NAME '(' (NAME | expr) [',' (NUMBER | NAME)] [',' 'rule' '=' NAME] ')'
    static func parse(_ p: inout Parser) throws -> EstimateStage {
        var stats: [Call] = []
        repeat {
            let f = try p.name("share, mean, total, median, quantile, ratio or var", hint: "estimate share(has_account) by province")
            _ = try p.expectSymbol("(", hint: "\(f.text)(column)")
            var call: Call
            if p.current.identifier != nil, p.tokens[p.pos + 1].isSymbol(")") || p.tokens[p.pos + 1].isSymbol(",") {
                call = Call(function: f, column: try p.name("a column"))
            } else {
                let e = try p.expression()
                let text = p.source.slice(e.span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
                call = Call(function: f, column: Name(text: text, span: e.span), expression: e)
            }
            while p.acceptSymbol(",") {
                if p.current.isWord("rule") {
                    _ = p.advance()
                    _ = try p.expectSymbol("=", hint: "rule = school")
                    call.rule = try p.name("a quantile rule", hint: "rule = math, school or hf7")
                } else if p.current.identifier != nil {
                    call.second = try p.name("a column")
                } else {
                    call.probability = try p.signedNumber("a probability", hint: "quantile(age, 0.25)")
                }
            }
            _ = try p.expectSymbol(")")
            stats.append(call)
        } while p.acceptSymbol(",")
        // The options, each once, in any order.
        var by: [Name] = [], interval: Name? = nil, df: Name? = nil, deffReplace = false
        var seen = Set<String>()
        while let word = p.current.identifier, optionWords.contains(word) {
            let at = p.current.span
            let key = word == "logit" ? "ci" : word
            guard seen.insert(key).inserted else {
                throw p.error("'\(key)' is given twice", at: at, hint: "estimate takes, each once and in any order: by, ci, deff")
            }
            switch word {
            case "by":
                _ = p.advance()
                repeat { by.append(try p.name("a column to estimate by")) } while p.acceptSymbol(",")
            case "logit":
                interval = Name(text: "logit", span: p.advance().span)
            case "ci":
                _ = p.advance()
                interval = try p.name("an interval method", hint: "ci logit (also xlogit, asin, beta, mean)")
                if p.acceptWord("df") {
                    _ = try p.expectSymbol("=", hint: "df = inf")
                    df = try p.name("design or inf", hint: "df = inf")
                }
            default:
                _ = p.advance()
                guard p.acceptWord("replace") else { throw p.expected("'replace' after deff", hint: "deff replace (against sampling with replacement)") }
                deffReplace = true
            }
        }
        return EstimateStage(statistics: stats, by: by, interval: interval, df: df, deffReplace: deffReplace)
    }

    func prelude(_ node: StageNode) -> [StageNode] {
        var seen = Set<String>()
        let items = statistics.compactMap { c -> Assignment? in
            guard let e = c.expression, seen.insert(c.column.text).inserted else { return nil }
            return Assignment(name: c.column, expr: e)
        }
        return items.isEmpty ? [] : [StageNode(syntax: DeriveStage(items: items), keyword: node.keyword, span: node.span)]
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        guard let design = context.design, context.rowsAreSource else {
            throw context.error(.name, context.design == nil ? "'\(context.sourceTable)' has no survey design" : "estimate needs the survey's design, which earlier stages ended",
                                node.keyword, hint: context.design == nil
                                    ? "declare it when loading: load \"file.csv\" as s design (strata = stratum, psu = psu, weight = weight), or design \(context.sourceTable) (…)"
                                    : "only where, derive, select, sort, take and rename may come before estimate (a where defines the domain)")
        }
        let names = ["share", "mean", "total", "median", "quantile", "ratio", "var"]
        var planned: [PlannedStatistic] = []
        for call in statistics {
            let f = call.function
            guard names.contains(f.text) else {
                throw context.error(.name, "unknown estimate '\(f.text)'", f.span,
                                    hint: NameSuggestion.hint(for: f.text, in: names) ?? "estimates: " + names.joined(separator: ", "))
            }
            let i = try context.column(call.column, in: schema)
            // What each function takes, beside its column: an error for anything else.
            if call.probability != nil && f.text != "quantile" { throw context.error(.type, "\(f.text) takes no probability", f.span, hint: "\(f.text)(\(call.column.text))") }
            if call.second != nil && f.text != "ratio" { throw context.error(.type, "\(f.text) takes one column", call.second!.span, hint: "\(f.text)(\(call.column.text))") }
            if let r = call.rule, f.text != "quantile" && f.text != "median" { throw context.error(.type, "rule applies to median and quantile", r.span) }
            var rule = QuantileRule.math
            if let r = call.rule {
                guard let known = QuantileRule(rawValue: r.text) else {
                    throw context.error(.name, "unknown quantile rule '\(r.text)'", r.span, hint: "rules: math (R's default), school, hf7")
                }
                rule = known
            }
            let type = schema.types[i]
            var stat = SurveyEstimator.Statistic.named(f.text) ?? .quantile(0.5, rule)   // quantile: set below
            var label = "\(f.text)(\(call.column.text))"
            var denominator: Int? = nil
            var levels = false
            switch f.text {
            case "quantile":
                guard let p = call.probability, p > 0, p < 1 else {
                    throw context.error(.type, "quantile needs a probability between 0 and 1", f.span, hint: "quantile(age, 0.25)")
                }
                stat = .quantile(p, rule)
                label = "quantile(\(call.column.text), \(NumberFormat.shortest(p)))"
            case "median":
                stat = .quantile(0.5, rule)
            case "ratio":
                guard let x = call.second else { throw context.error(.type, "ratio needs two columns: ratio(numerator, denominator)", f.span, hint: "ratio(enroll, api_stu)") }
                let j = try context.column(x, in: schema)
                guard schema.types[j].isNumeric || schema.types[j] == .bool else {
                    throw context.error(.type, "ratio needs a number, found \(schema.types[j])", x.span)
                }
                denominator = j
                label = "ratio(\(call.column.text), \(x.text))"
            case "share" where type == .text:
                levels = true
            default: break
            }
            if !levels, !(type.isNumeric || type == .bool) {
                throw context.error(.type, "\(f.text) needs a number, found \(type)", call.column.span,
                                    hint: "a share of a text column gives one row per level: share(\(call.column.text))")
            }
            if call.rule != nil { label = String(label.dropLast()) + ", rule = \(rule.rawValue))" }
            planned.append(PlannedStatistic(statistic: stat, column: i, denominator: denominator, levels: levels, label: label))
        }
        if deffReplace, !planned.contains(where: { [.mean, .share, .total].contains($0.statistic) }) {
            throw context.error(.usage, "deff replace is a design effect of a mean, share or total, and this estimate has none", node.span,
                                hint: "ratio, var, median and quantile have no design effect here")
        }
        var options = EstimateOptions(deffReplace: deffReplace)
        if let m = interval {
            guard let method = SurveyInterval(rawValue: m.text), method != .wald else {
                throw context.error(.name, "unknown interval method '\(m.text)'", m.span, hint: "ci logit, likelihood, xlogit, asin, beta or mean (R's svyciprop methods)")
            }
            guard planned.contains(where: { $0.statistic == .share }) else {
                throw context.error(.usage, "ci \(m.text) is an interval for shares, and this estimate has none", m.span,
                                    hint: "other statistics get estimate ± 1.96·se; median and quantile a Woodruff interval")
            }
            options.interval = method
        }
        if let d = df {
            guard d.text == "inf" || d.text == "design" else { throw context.error(.name, "df is design or inf, not '\(d.text)'", d.span, hint: "df = inf") }
            options.normal = d.text == "inf"
        }
        let keys = try by.map { try context.column($0, in: schema) }
        return EstimateOperator(statistics: planned, by: keys, options: options, design: design, designTable: context.sourceTable,
                                span: node.keyword,
                                schema: Schema(keys.map { (schema.names[$0], schema.types[$0]) } + SurveyTable.columns),
                                detail: context.text(node.span.after(node.keyword)))
    }
}

struct EstimateOperator: LocalOperator {
    let statistics: [PlannedStatistic]
    let by: [Int]
    let options: EstimateOptions
    /// The design and the table it is declared on (its rows are the whole sample).
    let design: SurveyDesign
    let designTable: String
    let span: Span
    let schema: Schema
    let detail: String
    var name: String { "estimate" }

    func execute(_ frame: Frame, _ context: ExecutionContext) throws -> Frame {
        let sample = try context.table(designTable)
        do {
            return Frame(try SurveyTable.build(frame, sample: sample, design: design, stats: statistics, by: by, options: options,
                                               explain: context.explain, note: { context.show(.notice("note: " + $0)) }))
        } catch var d as Diagnostic {
            d.span = span
            throw d.inSource(context.source)
        }
    }
}
