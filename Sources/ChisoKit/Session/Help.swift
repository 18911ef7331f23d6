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
        Topic(name: "load", kind: "statement", usage: "load \"path.csv\" [as name] [(delim = \";\", header = false, null = \"NA\", types = (col = text), decimal = \",\", thousands = \".\", encoding = \"utf-16\")] [design (…)]  ·  load \"book.xlsx\" [sheet \"Name\" | sheet 2] [range \"A3:H40\"] [header 3] [as name]  ·  load \"survey.sav|.zsav|.dta|.sas7bdat|.xpt\" [(labels = codes, missing = keep, encoding = \"…\")] [design (…)]  ·  load \"records.json|.ndjson\"",
              summary: "Reads a file into a table: CSV or TSV, one sheet of an Excel workbook, JSON records (an array of objects or one object per line), or a survey file from SPSS (.sav, .zsav), Stata (.dta, releases 104–119) or SAS (.sas7bdat, .xpt). The format is found by the extension (any other is read as CSV). Types are inferred per column (int, float, bool, date, text); empty cells are null. Without 'as', the table is named after the file. decimal/thousands read numbers written for people (1.234,5); encoding reads UTF-16 (found by its byte order mark) and windows-1258. A workbook's header row is found past titles (or header N names it), merged cells fill their area, formulas are read by their last value; the note after load says which sheet and rows were read. An option that does not apply to the file is an error. In an SPSS, Stata or SAS file a labelled column reads as its labels (labels = codes keeps the codes; a code without a label keeps its code, counted in a note), codes the file declares missing (SPSS user-missing values and ranges, Stata .a–.z, SAS .A–.Z) read as null with a note per column (missing = keep keeps them), dates in each format's epoch are dates, and describe shows each variable's label and value labels.",
              example: "load \"Datasets/targets.csv\" as targets"),
        Topic(name: "read", kind: "statement", usage: "read plan \"plan.txt|plan.docx\" [id \"plan-id\"] [indicators T] [as name]",
              summary: "The numeric targets a plan document states, one row each: plan, indicator, year, op, lo, hi, unit, text_vi, section, confidence, line. The year comes from the sentence or its goals heading; op, lo and hi from the wording (trên, tối thiểu, khoảng, 15-20%…, as Datasets/CODEBOOK.md says); the indicator from the catalogue's keywords_vi (null, confidence 0.3, when none matches fully). Numbers a plan reports as achieved (a results part, 'ước đạt' — but of a year after the document's own, in a paragraph on a goal, it is the plan's projection —, 'đạt 79% mục tiêu', 'so với năm 2022') give no row; a target a report names beside them ('(mục tiêu 70%)', 'trong khi mục tiêu đề ra là 50%') gives one at confidence 0.3. Confidence 0.9: a goals part, one indicator; 0.6 outside one; less when the year is only the document's or the indicator is a guess: on 813 plans and reports it was not written for, 112 of 112 rows at 0.8 or more had their year, op, lo and hi right; read blind, before any change for them (eighty-four parts, 787 documents), 74 of 80 (Tests/PlanReader/README.md). A value for a year before the document's own date (its issue line, a page's date) is reported, not set — unless its paragraph retells a plan ('Theo đó, đến năm 2015, 70% …'), when it is that year's target at confidence 0.3. unit: percent, percent_per_year, count, rank, mbps (Gb/s × 1000), tbps, per_100_people, per_1000_people, per_10000_people, per_100000_people ('20 chi nhánh trên 100.000 người'), per_person, times ('tăng 1,5 lần'), tonnes, tonnes_per_day, tonnes_per_year, km, hectares, count_per_year, years ('tuổi thọ … 75,5 tuổi'), days ('lưu trú bình quân trên 2 ngày'), index (a value with no unit under 'chỉ số': 'HDI đạt khoảng 0,78'), metres and cm ('chiều cao nam giới đạt 1,685 m'), gigawatts and megawatts ('137,2 GW'), million_vnd, billion_vnd, usd, million_usd, billion_usd, usd_per_person_year, billion_kwh, million_kwh and kwh ('550-600 tỷ kWh'), toe and teu in full ('175-195 triệu tấn dầu quy đổi', '38 đến 47 triệu TEU'), per_mille ('9‰'), litres_per_person_day ('80 – 120 lít/người/ngày đêm'), m3_per_day_per_ha. With 'as' the rows are kept as a table, otherwise shown; when it reads none, the notice says why (no figure, no goal spoken of, or each figure a result, an estimate, a budget or a measure of what is).",
              example: "read plan \"Datasets/sources/003_4ecb0f6897fb5f09.txt\" id \"nghe-an-347-2023\" as found"),
        Topic(name: "design", kind: "statement", usage: "design T (strata = s [* s2 …], psu = p [, ssu = u], weight = w [, fpc = f, fpc2 = f2, lonely = fail|adjust|remove|certainty|average, nest = true, allow_negative_weights = true])",
              summary: "Declares a survey design on a table (replacing any it had), checked at once as R would: a null design value, an fpc that mixes fractions and counts, varies within a stratum or is below the PSUs sampled, PSU ids in two strata without nest = true, a negative weight, or a stratum with one PSU (unless a lonely rule is given) is an error naming the row or stratum. ssu and fpc2 declare a second stage; without weight, the fpcs imply the weights. strata = year * stratum makes each combination a stratum (R's strata = ~interaction(year, stratum)), as for independent yearly rounds.",
              example: "design survey (strata = stratum, psu = psu, weight = weight, fpc = fpc)"),
        Topic(name: "calibrate", kind: "statement", usage: "calibrate T poststratify (k, …) to P  ·  calibrate T rake (a) to Pa, (b, c) to Pbc  ·  calibrate T linear (a) to Pa, …",
              summary: "Calibrates the weights of T's design to population totals (tables with the key columns and a 'total'), as R's postStratify, rake and calibrate (GREG), with their variance. A cell of the sample without a total, a total without a row, margins of different populations, raking that does not converge, or a negative weight (unless allowed) is an error.",
              example: "calibrate hh poststratify (province, sex) to census"),
        Topic(name: "attach", kind: "statement", usage: "attach \"postgresql://user@host:5432/db\" as pg  ·  attach \"\" as pg  ·  detach pg",
              summary: "Connects to a PostgreSQL database (libpq; \"\" uses the PG* environment variables and ~/.pgpass). Its tables join the catalog as pg.schema.table (and pg.table for schema public), with their types from the server's catalog (int2/4/8 → int, float4/8 and numeric → float, text types → text, bool, date; other columns are named with their type when used); no row is read. A pipeline over them runs on the server as ONE SQL statement (where derive select rename sort take distinct group join window, with every value a bound parameter) and only its result is read; stages or functions whose meaning PostgreSQL would change (text order, fold, lower, round, pivot…) run locally on that result — explain plan shows where each step runs and the SQL. A join with a local table of up to 100,000 rows uploads it as a temporary table. estimate on a database table with a design (design pg.t (…)) has the server sum the sample per stratum, PSU and domain and finishes the variance locally. export pg.schema.t [replace] writes a table in one transaction. Ctrl-C cancels the server's query. A password never appears in history, tables or an error.",
              example: "attach \"postgresql://analyst@db.gso.local:5432/census\" as pg"),
        Topic(name: "detach", kind: "statement", usage: "detach pg",
              summary: "Closes an attached database's connection; its tables leave the catalog.",
              example: "detach pg"),
        Topic(name: "let", kind: "statement", usage: "let name = from … | …",
              summary: "Keeps a pipeline's result as a table for later 'from' and 'join'.",
              example: "let t30 = from targets | where year == 2030"),
        Topic(name: "from", kind: "statement", usage: "from table | stage | stage …  ·  from \"file.csv\" | …",
              summary: "Starts a pipeline; the result is printed. A line starting with '|' continues the pipeline. Every table is a source: from \"file.csv\" reads a file for this statement only (load keeps it); load \"f\" | …, read plan \"f\" | …, describe T | … and tables | … start pipelines too. A bare expression, (95 - 65.09) / (2030 - 2019), prints its value.",
              example: "from targets | take 5"),
        Topic(name: "describe", kind: "command", usage: "describe TABLE [| stage …]  ·  describe indicator ID",
              summary: "Each column's type, nulls, distinct values, range and most frequent values (whole values in CSV and JSON, shortened in the terminal); the table's survey design and note. Its result is a table: describe T | where nulls > 0. describe indicator ID prints an indicator's methodology card and every plan's targets for it.",
              example: "describe targets | where nulls > 0"),
        Topic(name: "tables", kind: "command", usage: "tables [| stage …]",
              summary: "The tables by name: rows (once read), columns and where each comes from. Its result is a table: tables | where rows > 1000.",
              example: "tables | where columns > 9"),
        Topic(name: "set", kind: "command", usage: "set format table|csv|tsv|json|markdown · set max_rows N · set width N · set column_width N · set decimals N|auto · set timer on|off · set threads N · set charset ascii|unicode · set plot_height N · set pager on|off · set memory_limit SIZE",
              summary: "Changes a session setting; 'set' alone lists them with their values. Numbers are printed the same whatever the locale.",
              example: "set decimals 2"),
        Topic(name: "help", kind: "command", usage: "help [NAME]",
              summary: "Lists everything, or shows one statement, stage, function, aggregate, window function, survey statistic, command or topic with an example that runs on the bundled data.",
              example: "help project"),
        Topic(name: "history", kind: "command", usage: "history · last",
              summary: "history lists the statements typed in the shell (kept in ~/.chiso_history, passwords masked); last shows the last result again.",
              example: "history"),
        Topic(name: "run", kind: "statement", usage: "run \"script.chiso\"",
              summary: "Runs a script's statements in this session: its tables, parameters and settings stay afterwards; an error points into the script.",
              example: "run \"Scripts/survey_to_targets.chiso\""),
        Topic(name: "param", kind: "statement", usage: "param name = value",
              summary: "Declares a script parameter used as $name; `chiso run script.chiso --set name=value` replaces the default.",
              example: "param year = 2030"),
        Topic(name: "explain", kind: "statement", usage: "explain from … | project …  ·  explain plan from …",
              summary: "Runs the pipeline and prints, before the result, each projection's formula with the numbers substituted, for teaching. 'explain plan' prints the logical plan instead, one operator a line with the columns after it, without reading a row.",
              example: "explain from observations | where indicator == \"digital_economy_gdp_share\" and area == \"vn\" and series == \"GSO\" | project value by year to 2030 method cagr"),
    ]

    /// Each stage's entry comes from its own file, through the registry.
    static var stages: [Topic] { StageRegistry.all.map { $0.help } }

    static let concepts: [Topic] = [
        Topic(name: "cast", kind: "expression", usage: "cast(x as int|float|text|bool|date)",
              summary: "SQL's form of int(x), float(x), text(x), date(x): int truncates toward zero as R's as.integer (PostgreSQL rounds); bool is x != 0.",
              example: "from targets | derive y = cast(lo as int) | select lo, y"),
        Topic(name: "semi", kind: "join kind", usage: "join semi T on k · join anti T on k",
              summary: "semi keeps the rows that have a match in T, anti those that have none; no column is added and each row is kept once (SQL's EXISTS and NOT EXISTS). See help join.",
              example: "from indicators | join anti targets on id = indicator | select id"),
        Topic(name: "expressions", kind: "topic", usage: "+ - * / % ^  == != < <= > >=  and or not  x in (…)  x between a and b  x is [not] null  a starts_with b  a contains b  x [not] like \"a%\"  x ilike \"a%\"  case when … then … else … end",
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

    /// Functions that have a meaning only inside a stage: window functions and survey statistics.
    static let inStage: [Topic] = [
        Topic(name: "lag", kind: "window function", usage: "lag(x[, k])", summary: "The value k rows (default 1) before in the window's partition and order; null before its start.",
              example: "from observations | window by area, indicator, series sort year { change = value - lag(value) }"),
        Topic(name: "lead", kind: "window function", usage: "lead(x[, k])", summary: "The value k rows (default 1) after in the window's partition and order; null past its end.",
              example: "from observations | window by area, indicator, series sort year { next = lead(value) }"),
        Topic(name: "row_number", kind: "window function", usage: "row_number()", summary: "1, 2, 3 … in the window's partition and order (ties numbered in input order).",
              example: "from targets | window by plan sort -lo { n = row_number() }"),
        Topic(name: "rank", kind: "window function", usage: "rank()", summary: "Rank in the window's order; ties share a rank and the next rank skips (1, 1, 3).",
              example: "from targets | window by plan sort -lo { r = rank() }"),
        Topic(name: "cumsum", kind: "window function", usage: "cumsum(x)", summary: "Running total over the partition's rows so far, nulls skipped.",
              example: "from observations | where series == \"GSO\" | window sort year { total = cumsum(value) }"),
        Topic(name: "cummean", kind: "window function", usage: "cummean(x)", summary: "Running mean over the partition's rows so far, nulls skipped.",
              example: "from observations | where series == \"GSO\" | window sort year { avg = cummean(value) }"),
        Topic(name: "share", kind: "survey statistic (estimate)", usage: "estimate share(x) [by …]",
              summary: "The weighted share of a 0/1 column (or of each level of a text column), with its design-based standard error, as R's svymean.",
              example: "from survey | where year == 2024 | estimate share(has_smartphone) by province"),
        Topic(name: "total", kind: "survey statistic (estimate)", usage: "estimate total(x) [by …]",
              summary: "The weighted total with its standard error, as R's svytotal.",
              example: "from survey | where year == 2024 | estimate total(has_smartphone) by province"),
        Topic(name: "ratio", kind: "survey statistic (estimate)", usage: "estimate ratio(y, x) [by …]",
              summary: "Σwy / Σwx with its linearised standard error, as R's svyratio.",
              example: "from survey | where year == 2024 | estimate ratio(has_smartphone, has_account)"),
    ]

    /// The session's settings (`set NAME VALUE`; `set` alone lists them with their values).
    static let settings: [Topic] = [
        Topic(name: "format", kind: "setting", usage: "set format table|csv|tsv|json|markdown",
              summary: "How results are printed: a box table (the terminal's default), CSV (the default when piped), TSV, JSON records or a Markdown table.", example: "set format csv"),
        Topic(name: "max_rows", kind: "setting", usage: "set max_rows N",
              summary: "How many rows the box table shows (the first N, with the count of all); CSV, TSV, JSON and Markdown output and exports get every row.", example: "set max_rows 50"),
        Topic(name: "width", kind: "setting", usage: "set width N",
              summary: "The width a table may take, at least 20; by default the window's (read at each result); columns past it are named in the footer.", example: "set width 160"),
        Topic(name: "column_width", kind: "setting", usage: "set column_width N",
              summary: "The widest a column's values are shown in the box table (at least 4); longer values end in …. Other formats and exports get whole values.", example: "set column_width 60"),
        Topic(name: "decimals", kind: "setting", usage: "set decimals N|auto",
              summary: "Digits after the point for floats in the box table and Markdown output (0 to 12); auto shows each number's shortest exact form. CSV, TSV and JSON output and exports always carry the shortest exact form.", example: "set decimals 2"),
        Topic(name: "timer", kind: "setting", usage: "set timer on|off",
              summary: "Prints how long each statement took (and, for an attached database, what crossed the wire).", example: "set timer on"),
        Topic(name: "plot_height", kind: "setting", usage: "set plot_height N",
              summary: "A terminal chart's height in rows (4 to 200); by default half the window.", example: "set plot_height 20"),
        Topic(name: "charset", kind: "setting", usage: "set charset unicode|ascii",
              summary: "Box drawing and braille charts (unicode), or plain ASCII for terminals and logs that garble them.", example: "set charset ascii"),
        Topic(name: "pager", kind: "setting", usage: "set pager on|off",
              summary: "Pages a result taller than the window through $PAGER (default less -SRFX); never when output is not a terminal.", example: "set pager on"),
        Topic(name: "memory_limit", kind: "setting", usage: "set memory_limit SIZE",
              summary: "The most one step may allocate (e.g. 4GB, 512MB; at least 1MB; default half the RAM): a load, join, group, sort or other step that would need more is an error that says how much, before it allocates. Under a ulimit -v, the address space left is a limit too; the session's tables are kept.", example: "set memory_limit 2GB"),
        Topic(name: "threads", kind: "setting", usage: "set threads N",
              summary: "Cores used by join, group, distinct, sort, gathers, export and a CSV load (1 to 64; default the machine's); results never depend on it.", example: "set threads 2"),
    ]

    public static var topics: [Topic] {
        statements + stages + concepts + inStage
            + ScalarFunction.all.map { Topic(name: $0.name, kind: "function", usage: $0.signature, summary: $0.summary, example: $0.example) }
            + AggregateFunction.all.map { Topic(name: $0.name, kind: "aggregate (\($0.kind.rawValue))", usage: $0.signature, summary: $0.summary, example: $0.example) }
            // After the functions: `help format` is the function; `help set` lists the setting too.
            + settings
    }

    public static func text(for topic: String?) -> String? {
        guard let topic, !topic.isEmpty else { return overview }
        if topic == "formats" { return formats }
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
        topics      expressions, types, functions, commands, formats
        'help NAME' shows one with an example.  Comments start with --.

        """
    }

    public static var allNames: [String] { topics.map(\.name) + ["formats"] }

    /// `help formats`: the format registry as it stands (formats a module registers included).
    static var formats: String {
        let rows = FileFormats.all.map { f -> String in
            let does = [f.canRead ? "load" : nil, f.canWrite ? "export" : nil].compactMap { $0 }.joined(separator: ", ")
            var line = "  \(f.name) (" + f.extensions.map { "." + $0 }.joined(separator: " ") + "): " + does
            if f.canRead { line += "\n      load options: " + (f.loadOptions.isEmpty ? "none" : f.loadOptions.joined(separator: ", ")) }
            if f.canWrite { line += "\n      export options: " + (f.exportOptions.isEmpty ? "none" : f.exportOptions.joined(separator: ", ")) }
            return line
        }
        return "formats (topic)\n  load, from \"file\", export and describe find a file's format by its extension; any other extension is read as CSV.\n"
            + rows.joined(separator: "\n") + "\n"
    }
}
