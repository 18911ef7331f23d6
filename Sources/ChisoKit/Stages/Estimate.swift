/// `estimate share(x), mean(y), total(z), median(y), quantile(y, p) [by k, …] [logit]`:
/// design-based estimates on a table with a survey design.
struct EstimateStage: Stage {
    static let keyword = "estimate"
    static let help = Help.Topic(name: "estimate", kind: "stage", usage: "estimate share(x), mean(y), total(z), median(y), quantile(y, p), … [by KEYS] [logit]",
        summary: "Design-based estimates on a table loaded with a design (load … design (strata = s, psu = p, weight = w[, fpc = f])): estimate, se (Taylor linearisation, with replacement at the first stage, fpc when declared), 95 % ci_lo/ci_hi (logit interval for shares with 'logit', as svyciprop), n (unweighted), deff. A where before estimate defines a domain: the whole design is used, as R's subset(). Missing values leave a row out of that statistic's domain. median and quantile follow svyquantile: the 'math' rule, a Woodruff interval, se = interval width / 2t. A stratum with one PSU contributes its PSU total centred at zero (R's survey.lonely.psu = \"adjust\"). Checked against R's survey package.",
        example: "from survey | where year == 2024 and age >= 15 | estimate share(has_account), mean(age), total(has_smartphone) by province, urban")
    static let completionWords = ["share", "mean", "total", "median", "quantile", "by", "logit"]

    var statistics: [(function: Name, column: Name, probability: Double?)]
    var by: [Name]
    var logit: Bool

    // estimate -> 'estimate' STAT '(' NAME [',' NUMBER] ')' (',' …)* ['by' NAME, …] ['logit']
    static func parse(_ p: inout Parser) throws -> EstimateStage {
        var stats: [(function: Name, column: Name, probability: Double?)] = []
        repeat {
            let f = try p.name("share, mean, total, median or quantile", hint: "estimate share(has_account) by province")
            _ = try p.expectSymbol("(", hint: "\(f.text)(column)")
            let c = try p.name("a column")
            var probability: Double? = nil
            if p.acceptSymbol(",") { probability = try p.signedNumber("a probability", hint: "quantile(age, 0.25)") }
            _ = try p.expectSymbol(")")
            stats.append((f, c, probability))
        } while p.acceptSymbol(",")
        var by: [Name] = []
        if p.acceptWord("by") { repeat { by.append(try p.name("a column to estimate by")) } while p.acceptSymbol(",") }
        return EstimateStage(statistics: stats, by: by, logit: p.acceptWord("logit"))
    }

    func bind(_ schema: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        guard let design = context.design, context.rowsAreSource else {
            throw context.error(.name, context.design == nil ? "'\(context.sourceTable)' has no survey design" : "estimate needs the survey's design, which earlier stages ended",
                                node.keyword, hint: context.design == nil
                                    ? "declare it when loading: load \"file.csv\" as s design (strata = stratum, psu = psu, weight = weight)"
                                    : "only where, derive, select, sort, take and rename may come before estimate (a where defines the domain)")
        }
        var planned: [(SurveyEstimator.Statistic, Int, String)] = []
        for (f, c, probability) in statistics {
            var stat = SurveyEstimator.Statistic.named(f.text)
            if f.text == "quantile" {
                guard let p = probability, p > 0, p < 1 else {
                    throw context.error(.type, "quantile needs a probability between 0 and 1", f.span, hint: "quantile(age, 0.25)")
                }
                stat = .quantile(p)
            } else if probability != nil {
                throw context.error(.type, "\(f.text) takes one column", f.span, hint: "\(f.text)(\(c.text))")
            }
            guard let stat else {
                throw context.error(.name, "unknown estimate '\(f.text)'", f.span,
                                    hint: NameSuggestion.hint(for: f.text, in: ["share", "mean", "total", "median", "quantile"])
                                        ?? "estimates: share, mean, total, median, quantile")
            }
            let i = try context.column(c, in: schema)
            guard schema.types[i].isNumeric || schema.types[i] == .bool else {
                throw context.error(.type, "\(f.text) needs a number, found \(schema.types[i])", c.span,
                                    hint: "a share is the mean of a 0/1 column, e.g. derive yes = int(answer == \"có\")")
            }
            planned.append((stat, i, probability.map { "\(f.text)(\(c.text), \(NumberFormat.shortest($0)))" } ?? "\(f.text)(\(c.text))"))
        }
        let keys = try by.map { try context.column($0, in: schema) }
        return EstimateOperator(statistics: planned, by: keys, logit: logit, design: design, designTable: context.sourceTable,
                                span: node.keyword,
                                schema: Schema(keys.map { (schema.names[$0], schema.types[$0]) } + SurveyTable.columns),
                                detail: context.text(node.span.after(node.keyword)))
    }
}

struct EstimateOperator: LocalOperator {
    let statistics: [(SurveyEstimator.Statistic, Int, String)]
    let by: [Int]
    let logit: Bool
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
            return Frame(try SurveyTable.build(frame, sample: sample, design: design, stats: statistics, by: by, logit: logit, explain: context.explain))
        } catch var d as Diagnostic {
            d.span = span
            throw d.inSource(context.source)
        }
    }
}
