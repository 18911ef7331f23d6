/// The manual inside the shell: `help` lists topics, `help NAME` shows one with an example
/// that runs on the bundled data.
public enum Help {
    public struct Topic: Sendable {
        public let name: String
        public let kind: String
        public let usage: String
        public let summary: String
        public let example: String
    }

    static let statements: [Topic] = [
        Topic(name: "load", kind: "statement", usage: "load \"path.csv\" [as name] [(delim = \";\", header = false, null = \"NA\", types = (col = text))] [design (strata = s, psu = p, weight = w, fpc = f)]",
              summary: "Reads a CSV file into a table. Types are inferred per column (int, float, bool, date, text); empty cells are null. Without 'as', the table is named after the file.",
              example: "load \"Datasets/targets.csv\" as targets"),
        Topic(name: "let", kind: "statement", usage: "let name = from … | …",
              summary: "Keeps a pipeline's result as a table for later 'from' and 'join'.",
              example: "let t30 = from targets | where year == 2030"),
        Topic(name: "from", kind: "statement", usage: "from table | stage | stage …",
              summary: "Starts a pipeline; the result is printed. A line starting with '|' continues the pipeline.",
              example: "from targets | take 5"),
        Topic(name: "param", kind: "statement", usage: "param name = value",
              summary: "Declares a script parameter used as $name; `chiso run script.chiso --set name=value` replaces the default.",
              example: "param year = 2030"),
        Topic(name: "explain", kind: "statement", usage: "explain from … | project …",
              summary: "Runs the pipeline and prints, before the result, each projection's formula with the numbers substituted, for teaching.",
              example: "explain from observations | where indicator == \"household_fibre_coverage\" and area == \"vn\" | project value by year to 2030 method cagr"),
    ]

    static let stages: [Topic] = [
        Topic(name: "where", kind: "stage", usage: "where condition",
              summary: "Keeps rows where the condition is true (null counts as false).",
              example: "from targets | where year == 2030 and op != \"~\""),
        Topic(name: "derive", kind: "stage", usage: "derive name = expr, …",
              summary: "Adds columns (or replaces one of the same name). Later items may use earlier ones.",
              example: "from targets | derive width = hi - lo"),
        Topic(name: "select", kind: "stage", usage: "select col, new = expr, … | select -col, …",
              summary: "Chooses, renames or computes the output columns; '-col' drops columns instead.",
              example: "from targets | select plan, indicator, target = lo"),
        Topic(name: "sort", kind: "stage", usage: "sort key, -key, …",
              summary: "Orders rows by one or more keys; '-' sorts descending. Nulls come last either way; ties keep their order. Text sorts ignoring diacritics first (a < Â < b).",
              example: "from targets | sort -lo, plan"),
        Topic(name: "take", kind: "stage", usage: "take N",
              summary: "Keeps the first N rows.",
              example: "from targets | sort -lo | take 10"),
        Topic(name: "group", kind: "stage", usage: "group key, … { name = aggregate(…), … }  |  group { … }",
              summary: "One row per distinct key combination (in order of first appearance; null keys form a group), with aggregates over its rows. Without keys, aggregates the whole table. Aggregates may be combined: share = sum(x) / count().",
              example: "from targets | group plan { n = count(), lowest = min(lo) }"),
        Topic(name: "join", kind: "stage", usage: "join [inner|left] table on key, … | on left_key = right_key",
              summary: "Adds the columns of another table where the keys are equal ('on plan = id' when the names differ; the right key is dropped). 'left' keeps unmatched rows with nulls. A clashing column name gets the table's name as suffix. Null keys never match.",
              example: "from targets | join left indicators on indicator"),
        Topic(name: "distinct", kind: "stage", usage: "distinct",
              summary: "Removes repeated rows, keeping the first of each.",
              example: "from targets | select plan | distinct"),
        Topic(name: "rename", kind: "stage", usage: "rename new = old, …",
              summary: "Renames columns.",
              example: "from targets | rename target = lo"),
        Topic(name: "export", kind: "stage", usage: "export \"path.csv\"",
              summary: "Writes the rows so far as CSV (tab-separated for .tsv) and passes them on. The file is written to a temporary name and renamed into place, so a failed export never leaves a partial file.",
              example: "from targets | where plan == \"nghe-an-347-2023\" | export \"out.csv\""),
        Topic(name: "project", kind: "stage", usage: "project VALUE by YEAR [per KEYS] to HORIZON [method M] | [scenarios { name = M, … }]",
              summary: "Extends each series to the horizon: linear (least squares), cagr (compound growth from the base to the latest observation), logistic (saturating at the cap, fitted by nonlinear least squares), flat, change D (points a year), growth G (percent a year). Options after a method: from YEAR (base year), base VALUE (what-if base), cap N | cap none (default 100; values stay in [0, cap]). Output: the keys, year, value, kind (observed|projected), scenario.",
              example: "from observations | where indicator == \"household_fibre_coverage\" and area == \"vn\" | project value by year to 2030 scenarios { trend = linear, fast = change 3 }"),
        Topic(name: "assess", kind: "stage", usage: "assess [plan \"ID\"]",
              summary: "Judges series (indicator, area, year, value[, kind, scenario]) against the targets of every plan whose area_id is the area. ratio = observed annual change / required annual change (to the target from the latest observation); status after Eurostat's SDG method: on track ≥ 0.95, needs acceleration ≥ 0.6, off track ≥ 0, regressing < 0; met when the latest value satisfies the wording ('>' strictly above, '=' and '>=' at the value, '~' within 1 point, a range at its lower end). anticipated_progress after UN ESCAP: (projected − first) / (target − first).",
              example: "from observations | where area == \"nghe-an\" | assess"),
        Topic(name: "estimate", kind: "stage", usage: "estimate share(x), mean(y), total(z), median(y), quantile(y, p), … [by KEYS] [logit]",
              summary: "Design-based estimates on a table loaded with a design (load … design (strata = s, psu = p, weight = w[, fpc = f])): estimate, se (Taylor linearisation, with replacement at the first stage, fpc when declared), 95 % ci_lo/ci_hi (logit interval for shares with 'logit', as svyciprop), n (unweighted), deff. A where before estimate defines a domain: the whole design is used, as R's subset(). Missing values leave a row out of that statistic's domain. median and quantile follow svyquantile: the 'math' rule, a Woodruff interval, se = interval width / 2t. A stratum with one PSU contributes its PSU total centred at zero (R's survey.lonely.psu = \"adjust\"). Checked against R's survey package.",
              example: "from survey | where year == 2024 and age >= 15 | estimate share(has_account), mean(age), total(has_smartphone) by province, urban"),
        Topic(name: "lineage", kind: "stage", usage: "lineage",
              summary: "Puts each target beside the target of its nearest ancestor plan that has targets (commune → district → province → national via plans.parent) and flags it more ambitious, less ambitious, same, or lists the ancestor's targets the plan is silent on.",
              example: "from targets | lineage | where plan == \"nghi-hung-80-2023\""),
    ]

    static let concepts: [Topic] = [
        Topic(name: "expressions", kind: "topic", usage: "+ - * / %  == != < <= > >=  and or not  x in (…)  x between a and b  x is [not] null  a starts_with b  a contains b",
              summary: "'/' always gives a float; division or % by zero gives null. Integer overflow is an error. Text joins with '+'. Comparisons with null are null, so 'where' drops them; 'and'/'or' follow three-valued logic (false and null = false).",
              example: "from targets | where lo between 50 and 80 and hi is null"),
        Topic(name: "types", kind: "topic", usage: "int, float, text, bool, date",
              summary: "Integers are 64-bit; floats are doubles; text is UTF-8 (NFC); dates are ISO YYYY-MM-DD. int and float mix as float. Integer-looking values with leading zeros (007) stay text.",
              example: "from plans | select id, issued, y = year(issued)"),
        Topic(name: "functions", kind: "topic", usage: "help NAME for one function",
              summary: "Row functions: " + ScalarFunction.all.map(\.name).joined(separator: ", ") + ". Aggregates (inside group): " + AggregateFunction.all.map(\.name).joined(separator: ", ") + ".",
              example: "from targets | where fold(text_vi) contains \"dien thoai\""),
        Topic(name: "commands", kind: "topic", usage: "help [topic] · tables · describe TABLE · set NAME VALUE · history · last · quit",
              summary: "set format table|csv|tsv|json|markdown · set max_rows N · set width N · set column_width N · set decimals N|auto · set timer on|off.",
              example: "set format csv"),
    ]

    public static var topics: [Topic] {
        statements + stages + concepts
            + ScalarFunction.all.map { Topic(name: $0.name, kind: "function", usage: $0.signature, summary: $0.summary, example: $0.example) }
            + AggregateFunction.all.map { Topic(name: $0.name, kind: "aggregate (\($0.kind.rawValue))", usage: $0.signature, summary: $0.summary, example: $0.example) }
    }

    public static func text(for topic: String?) -> String? {
        guard let topic, !topic.isEmpty else { return overview }
        guard let t = topics.first(where: { $0.name == topic }) else { return nil }
        return "\(t.name) (\(t.kind))\n  usage:   \(t.usage)\n  \(t.summary)\n  example: \(t.example)\n"
    }

    static var overview: String {
        """
        chiso: pipelines over tables.   from TABLE | stage | stage …
        statements  \(statements.map(\.name).joined(separator: ", "))
        stages      \(stages.map(\.name).joined(separator: ", "))
        functions   \(ScalarFunction.all.map(\.name).joined(separator: ", "))
        aggregates  \(AggregateFunction.all.map(\.name).joined(separator: ", "))
        topics      expressions, types, functions, commands
        'help NAME' shows one with an example.  Comments start with --.

        """
    }

    public static var allNames: [String] { topics.map(\.name) }
}
