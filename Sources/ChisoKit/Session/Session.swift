import Foundation

/// One chiso session: a catalog of tables, settings, and where results go. The shell,
/// `chiso run`, `chiso check` and the tests each own one; nothing is global.
///
/// A statement's result is a value (`StatementResult`); `present` decides how it is shown
/// (the command line renders it for the terminal or a pipe, the golden tests capture it).
public final class Session {
    public let catalog = Catalog()
    public var options = RenderOptions()
    /// Relative paths in `load` and `export` start here.
    public var workingDirectory: String
    /// Receives every result with the render options in force.
    public var present: (StatementResult, RenderOptions) -> Void
    /// The last table shown, for the shell's `last`.
    public private(set) var lastResult: Table?
    /// Where progress lines go (a terminal's stderr); nil for none, as in scripts and pipes.
    public var progress: ((String) -> Void)?
    /// How many `run` statements are running inside each other.
    var runDepth = 0
    /// Values of the `param` statements run so far.
    public private(set) var parameters: [String: Value] = [:]
    /// `--set name=value` from the command line: replace the defaults of `param` statements.
    public var overrides: [String: String] = [:]
    /// Commands the session does not know itself (the shell's `history`, `last`).
    public var extraCommands: [String: ([String]) throws -> Void] = [:]
    /// Opens database connections (`attach`); the executable and the tests give the libpq one.
    public var connector: DatabaseConnector?
    /// Attached databases by name.
    var databases: [String: any DatabaseConnection] = [:]
    /// Row data received from attached databases so far.
    var bytesReceived: Int { databases.values.reduce(0) { $0 + $1.bytesReceived } }

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath,
                present: @escaping (StatementResult, RenderOptions) -> Void = Session.console) {
        self.workingDirectory = workingDirectory
        self.present = present
        catalog.pullRemote = { [unowned self] in try self.pull($0, $1) }
        catalog.refreshDatabase = { [unowned self] in try self.refreshCatalog(of: $0) }
    }

    deinit { for c in databases.values { c.close() } }

    /// A session whose rendered results go to `output` and notices to `info`.
    public convenience init(workingDirectory: String, output: @escaping (String) -> Void, info: @escaping (String) -> Void) {
        self.init(workingDirectory: workingDirectory, present: Session.sinks(output: output, info: info))
    }

    /// Results to stdout, notices to stderr, rendered for the options in force; stdout is
    /// flushed before a notice so the two read in the order they happened.
    public static func console(_ result: StatementResult, _ options: RenderOptions) {
        // A long CSV or TSV result is written a block of rows at a time, and stops at the first
        // block the reader did not take: 5M rows are not formatted for a pipe already closed.
        if case .table(let t) = result, options.format == .csv || options.format == .tsv, t.rowCount > streamBlock {
            var start = 0
            while start < t.rowCount && !StandardStreams.failed {
                let rows = (start..<min(start + streamBlock, t.rowCount)).map(Int32.init)
                let part = Table(names: t.names, columns: t.columns.map { $0.gather(rows) }, rowCount: rows.count)
                StandardStreams.out(String(decoding: CSVWriter.encode(part, delimiter: options.format == .tsv ? 9 : 44, header: start == 0), as: UTF8.self))
                start += streamBlock
            }
            return
        }
        sinks(output: { StandardStreams.out($0) }, info: { StandardStreams.err($0 + "\n") })(result, options)
    }

    static let streamBlock = 65_536

    /// A presenter that renders each result and hands the text to one of two sinks.
    public static func sinks(output: @escaping (String) -> Void, info: @escaping (String) -> Void) -> (StatementResult, RenderOptions) -> Void {
        { result, options in
            let text = ResultRenderer.render(result, options)
            if result.isNotice { info(text) } else { output(text) }
        }
    }

    func show(_ result: StatementResult) { present(result, options) }

    public func register(_ table: Table, as name: String) { catalog.register(table, as: name) }

    /// Makes `name` refer to a CSV file that is read the first time a statement uses it. A
    /// sidecar `NAME.design` file declares its survey design and a note.
    public func registerLazily(path: String, as name: String) {
        let sidecar = path.droppingPathExtension + ".design"
        let extra = (try? String(contentsOfFile: sidecar, encoding: .utf8)).flatMap(Self.parseDesignFile)
        catalog.registerFile(path: path, as: name, design: extra?.design, note: extra?.note)
    }

    /// Every table name, loaded or not.
    public var tableNames: [String] { catalog.names }

    /// A table's rows by name, reading a registered file on first use.
    public func table(named name: String) throws -> Table? { try catalog.table(named: name) }

    /// Parses all of `source`, then runs its statements in order. The first error stops the
    /// run and is thrown; a syntax error anywhere means nothing runs.
    public func run(_ source: SourceFile) throws {
        Interrupt.clear()
        let statements: [Statement]
        do { statements = try Parser.parse(source, parameters: parameters, overrides: overrides) } catch let d as Diagnostic { throw d.inSource(source) }
        try checkOverrides(statements)
        for s in statements {
            let start = DispatchTime.now().uptimeNanoseconds
            let timed: Bool = { if case .command = s { return false }; return options.timer }()
            let received = bytesReceived
            defer {
                if timed {
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    // What crossed the wire from attached databases (row data, as the server wrote it).
                    let bytes = bytesReceived - received
                    show(.notice("time: \(NumberFormat.fixed(ms, decimals: 1)) ms" + (bytes > 0 ? ", received \(MemorySize.format(Double(bytes))) from the database" : "")))
                }
            }
            do { try execute(s, source) } catch var d as Diagnostic {
                if d.span == nil { d.span = s.span }
                throw d.inSource(source)
            }
            // A closed, full or broken stream: the run stops, and says so where it can.
            if let f = StandardStreams.takeFailure() {
                throw Diagnostic(.io, "cannot write to \(f.stream): \(f.reason)", at: s.span,
                                 hint: f.stream == "standard output" ? "the reader of the output has gone, or the disk is full" : "notices could not be shown; the run was stopped").inSource(source)
            }
        }
    }

    public func run(_ text: String, name: String = "<command>") throws {
        try run(SourceFile(name: name, text: text))
    }

    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || path == "-" { return path }    // "-" is standard input
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst(1)) }
        return workingDirectory == "." ? path : workingDirectory + "/" + path
    }

    func execute(_ statement: Statement, _ source: SourceFile) throws {
        switch statement {
        case .load(let path, let pathSpan, let alias, let options, let design, _):
            let (format, settings) = try loadSettings(path: path, options, source)
            let name = alias?.text ?? Self.tableName(forPath: path)
            let line = progress.map { sink in
                ProgressLine(label: path, totalBytes: Self.fileSize(resolve(path)), write: sink)
            }
            defer { line?.finish() }
            let result = try readFile(path: path, pathSpan: pathSpan, format, settings, progress: line)
            var table = result.table
            table.origin = path
            for note in Self.bigIntegerNotes(table) { show(.notice(note)) }
            let surveyDesign = try design.map { try self.surveyDesign($0, schema: Schema(table), table: table, source) }
            catalog.register(table, as: name, origin: path, design: surveyDesign, variables: result.variables)
            show(.loaded(name: name, rows: table.rowCount, columns: table.columnCount, design: surveyDesign))
        case .bind(let name, let pipeline):
            let (t, _) = try withSource(pipeline, source) { try runPipeline(pipeline, source) }
            catalog.register(t, as: name.text, origin: "let \(name.text)")
        case .param(let name, let value, let valueSpan):
            try declareParameter(name.text, try parameterValue(name.text, default: value, span: valueSpan, source))
        case .explain(let pipeline):
            var derivations: [String] = []
            let (t, _) = try withSource(pipeline, source) { try runPipeline(pipeline, source, explain: { derivations.append($0) }) }
            lastResult = t
            show(.text(derivations.isEmpty ? "(no projection or assessment in this pipeline to explain)\n" : derivations.joined(separator: "\n") + "\n"))
            show(.table(t))
        case .explainPlan(let pipeline):
            var plan = try withSource(pipeline, source, checking: true) { try bind(pipeline, source) }
            plan.placement = try placement(plan)
            show(.plan(plan))
        case .attach(let url, let urlSpan, let name, _):
            try attach(url: url, urlSpan: urlSpan, name: name, source)
        case .detach(let name, _):
            try detach(name, source)
        case .oneRow:
            break   // only ever a pipeline's producer
        case .query(let pipeline):
            let (t, _) = try withSource(pipeline, source) { try runPipeline(pipeline, source) }
            lastResult = t
            // A pipeline that ends in export has said where its rows went; do not print them too.
            if let last = pipeline.stages.last, type(of: last.syntax).sendsRowsElsewhere { return }
            show(.table(t))
        case .command(let name, let args, _):
            try command(name, args, source)
        case .run(let path, let pathSpan, _):
            try runScript(path, pathSpan, source)
        case .design(let name, let pairs, _):
            try declareDesign(on: name, pairs, source)
        case .calibrate(let name, let method, let margins, _):
            try calibrate(name, method: method, margins: margins, source)
        case .readPlan(let path, let pathSpan, let id, let indicators, let alias, _):
            let (t, whyEmpty) = try readPlanExplained(path: path, pathSpan: pathSpan, id: id, indicators: indicators, source)
            lastResult = t
            // (An empty result says why.)
            let why = whyEmpty.map { ": " + $0 } ?? ""
            if let alias {
                catalog.register(t, as: alias.text, origin: "read plan \"\(path)\"")
                show(.notice("read \(t.rowCount) target\(t.rowCount == 1 ? "" : "s") from \(path) into \(alias.text)\(why)"))
            } else {
                show(.table(t))
                if t.rowCount == 0 { show(.notice("no target read from \(path)\(why)")) }
            }
        }
    }

    /// Runs a script file in this session; its errors point into the script itself.
    func runScript(_ path: String, _ span: Span, _ source: SourceFile) throws {
        guard runDepth < 16 else {
            throw Diagnostic(.runtime, "scripts run each other more than 16 deep", at: span, hint: "a script probably runs itself").inSource(source)
        }
        guard let data = FileManager.default.contents(atPath: resolve(path)) else {
            throw Diagnostic(.io, "cannot read \(path)", at: span, hint: "check the path; relative paths start from the script's folder (the current one at the prompt)").inSource(source)
        }
        runDepth += 1
        defer { runDepth -= 1 }
        try inFolder(of: path) { try run(SourceFile(name: path, text: String(decoding: data, as: UTF8.self))) }
    }

    /// Runs `body` with relative paths taken from the folder of the script at `path` (itself
    /// relative to the current folder): a script finds its files wherever it is run from, as
    /// one script run by another finds its own.
    public func inFolder<T>(of path: String, _ body: () throws -> T) rethrows -> T {
        let saved = workingDirectory
        defer { workingDirectory = saved }
        let folder = (resolve(path) as NSString).deletingLastPathComponent
        workingDirectory = folder.isEmpty ? "." : folder
        return try body()
    }

    /// Columns of integers too long for 64 bits are read as text (ids must not be rounded): say so.
    static func bigIntegerNotes(_ t: Table) -> [String] {
        t.columns.enumerated().compactMap { k, c in
            guard case .text(_, let dict) = c.canonical, dict.count > 0 else { return nil }
            let strings = dict.strings
            let integers = strings.allSatisfy { s in !s.isEmpty && s.drop { $0 == "-" || $0 == "+" }.allSatisfy(\.isASCII) && s.drop { $0 == "-" || $0 == "+" }.allSatisfy(\.isNumber) }
            guard integers, strings.contains(where: { Int64($0) == nil }) else { return nil }
            return "note: column \(t.names[k]) holds integers beyond 64 bits; kept as text (write types = (\(t.names[k]) = float) to read them as approximate numbers)"
        }
    }

    func declareParameter(_ name: String, _ value: Value) throws { parameters[name] = value }

    /// Every `--set` must name a `param` of the script, checked before anything runs.
    func checkOverrides(_ statements: [Statement]) throws {
        let declared = Set(statements.compactMap { s -> String? in if case .param(let n, _, _) = s { return n.text }; return nil })
        for name in overrides.keys.sorted() where !declared.contains(name) && parameters[name] == nil {
            throw Diagnostic(.usage, "--set \(name)=… names no parameter of this script",
                             hint: declared.isEmpty ? "the script declares no parameters (param name = default)"
                                 : "its parameters: " + declared.sorted().joined(separator: ", "))
        }
    }

    /// The default, or the `--set` value read as the default's type.
    func parameterValue(_ name: String, default value: Value, span: Span, _ source: SourceFile) throws -> Value {
        guard let text = overrides[name] else { return value }
        guard let parsed = Parser.typedOverride(text, like: value) else {
            throw Diagnostic(.usage, "--set \(name)=\(text): '\(text)' is not \(value.type.withArticle) like the default", at: span,
                             hint: "param \(name) = \(value) declares \(value.type.withArticle)").inSource(source)
        }
        return parsed
    }

    /// Binds a pipeline against the catalog: names and types checked, no row read.
    public func bind(_ p: Pipeline, _ source: SourceFile) throws -> LogicalPlan {
        try PipelineBinder(source: source, catalog: catalog, parameters: parameters).bind(p)
    }

    /// Binds, reads the tables the plan needs, binds again if a full read widened a type, and
    /// runs the plan on the local backend. Stages deferred behind a `pivot` are bound on its
    /// result (a scratch catalog entry) and run in turn.
    func runPipeline(_ p: Pipeline, _ source: SourceFile, explain: ((String) -> Void)? = nil) throws -> (Table, LogicalPlan) {
        var plan: LogicalPlan
        do {
            plan = try bind(p, source)
        } catch let d as Diagnostic where (d.kind == .type || d.kind == .name) && !catalog.isRead(p.source.text) && catalog.contains(p.source.text)
                    && catalog.entry(p.source.text)?.remote == nil {
            // The schema came from the file's head; a later value may widen a column (an int
            // column meets "n/a"). Read the file to know its true types, then bind again.
            _ = try? catalog.table(named: p.source.text)
            guard catalog.isRead(p.source.text) else { throw d }
            plan = try bind(p, source)
        }
        let changed: Bool
        do { changed = try catalog.materialize(plan.tablesRead) } catch var d as Diagnostic {
            if d.span == nil { d.span = p.source.span }
            throw d.inSource(source)
        }
        if changed { plan = try bind(p, source) }
        let table = try execute(plan, source, explain: explain)
        guard let first = plan.deferred.first else { return (table, plan) }
        let scratch = "\u{1}\(plan.operators.last?.name ?? "step")"
        catalog.register(table, as: scratch, origin: plan.operators.last?.name ?? "")
        defer { catalog.remove(scratch) }
        let rest = Pipeline(source: Name(text: scratch, span: first.keyword), stages: plan.deferred,
                            span: first.span.to(plan.deferred.last!.span))
        let (result, _) = try runPipeline(rest, source, explain: explain)
        return (result, plan)
    }

    func execute(_ plan: LogicalPlan, _ source: SourceFile, explain: ((String) -> Void)?) throws -> Table {
        let context = ExecutionContext(source: source, catalog: catalog) { [unowned self] table, path, format, settings, variables, span in
            do {
                try format.write(table, WriteRequest(path: self.resolve(path), shown: path, settings: settings,
                                                     threads: self.options.threads, variables: variables))
            } catch var d as Diagnostic {
                d.span = span
                throw d
            }
            self.show(.wrote(path: path, rows: table.rowCount))
        }
        context.explain = explain
        context.warn = { [unowned self] in self.show(.notice("warning: " + $0)) }
        context.show = { [unowned self] in self.show($0) }
        context.memoryLimit = options.memoryLimit
        context.resolve = { [unowned self] in self.resolve($0) }
        context.exportToDatabase = { [unowned self] in try self.exportToDatabase($0, $1, replace: $2) }
        var executor = LocalExecutor(context: context)
        let remote = catalog.entry(plan.source.table)?.remote
        func run() throws -> Table {
            if let remote { return try runRemote(plan, remote, executor) }
            return try executor.run(plan)
        }
        guard let progress else { return try run() }
        let status = StageStatus(count: plan.operators.count)
        executor.onStage = { status.set($0, $1) }
        let stop = ProgressLine.ticker(write: progress, status: status.text)
        defer { stop() }
        return try run()
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// "Datasets/targets.csv" → "targets"; characters a name cannot hold become '_'.
    public static func tableName(forPath path: String) -> String {
        var base = String(path.split(separator: "/").last ?? Substring(path))
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        let mapped = base.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }
        var s = String(mapped)
        if let f = s.first, f.isNumber { s = "_" + s }
        return s.isEmpty ? "t" : s
    }

    func command(_ name: Name, _ args: [String], _ source: SourceFile) throws {
        func fail(_ msg: String, hint: String? = nil) -> Diagnostic {
            Diagnostic(.name, msg, at: name.span, hint: hint).inSource(source)
        }
        switch name.text {
        case "help":
            let topic = args.first
            guard let text = Help.text(for: topic) else {
                throw fail("no help for '\(topic!)'", hint: NameSuggestion.hint(for: topic!, in: Help.allNames) ?? "'help' lists the topics")
            }
            show(.text(text))
        case "tables":
            show(.table(try tableListing()))
        case "describe":
            guard let tname = args.first else { throw fail("describe needs a table name", hint: "describe targets") }
            if tname == "indicator" {
                for r in try IndicatorCard.results(id: args.count > 1 ? args[1] : nil, session: self, fail: fail) { show(r) }
                return
            }
            if let e = catalog.entry(tname), let remote = e.remote, let schema = e.schema {
                show(.table(describeRemote(remote, schema)))
                if let d = e.design { show(.text("design: \(d.description)\n")) }
                return
            }
            guard let t = try table(named: tname) else {
                throw fail("unknown table '\(tname)'", hint: NameSuggestion.hint(for: tname, in: tableNames))
            }
            show(.table(Describe.summary(t, shorten: options.format == .table, variables: catalog.entry(tname)?.variables ?? [:])))
            if let d = catalog.entry(tname)?.design { show(.text("design: \(d.description)\n")) }
            if let n = catalog.entry(tname)?.note { show(.text("note: \(n)\n")) }
        case "set":
            try set(args, fail)
        default:
            if let handler = extraCommands[name.text] {
                try handler(args)
                return
            }
            throw fail("'\(name.text)' works in the interactive shell only")
        }
    }

    func set(_ args: [String], _ fail: (String, String?) -> Diagnostic) throws {
        // `set memory_limit 4GB` lexes as 4 and GB: a size's number and unit belong together.
        if args.count == 3, args[0] == "memory_limit" { return try set([args[0], args[1] + args[2]], fail) }
        guard args.count == 2 else {
            throw fail("set needs a name and a value", "set format csv · set max_rows 100 · set width 160 · set decimals 2")
        }
        let value = args[1]
        switch args[0] {
        case "format":
            guard let f = OutputFormat(rawValue: value) else {
                throw fail("unknown format '\(value)'", "formats: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            options.format = f
        case "max_rows":
            guard let n = Int(value), n > 0 else { throw fail("max_rows needs a positive number", nil) }
            options.maxRows = n
        case "column_width":
            guard let n = Int(value), n >= 4 else { throw fail("column_width needs a number of at least 4", nil) }
            options.maxColumnWidth = n
        case "width":
            guard let n = Int(value), n >= 20 else { throw fail("width needs a number of at least 20", nil) }
            options.maxWidth = n
            options.widthFixed = true
        case "pager":
            guard value == "on" || value == "off" else { throw fail("pager is on or off", nil) }
            options.pager = value == "on"
        case "timer":
            guard value == "on" || value == "off" else { throw fail("timer is on or off", nil) }
            options.timer = value == "on"
        case "memory_limit":
            guard let n = MemorySize.parse(value), n >= 1 << 20 else { throw fail("memory_limit takes a size such as 4GB or 512MB (at least 1MB)", nil) }
            options.memoryLimit = n
        case "threads":
            guard let n = Int(value), (1...64).contains(n) else { throw fail("threads needs 1 to 64", "set threads \(ProcessInfo.processInfo.activeProcessorCount) (this machine's cores)") }
            options.threads = n
            Parallelism.threads = n
        case "plot_height":
            guard let n = Int(value), (4...200).contains(n) else { throw fail("plot_height needs 4 to 200 rows", nil) }
            options.plotHeight = n
            options.plotHeightFixed = true
        case "charset":
            guard let c = Charset(rawValue: value) else { throw fail("charset is unicode or ascii", nil) }
            options.charset = c
        case "decimals":
            if value == "auto" { options.decimals = nil; return }
            guard let n = Int(value), (0...12).contains(n) else { throw fail("decimals needs 0 to 12 or auto", nil) }
            options.decimals = n
        default:
            throw fail("unknown setting '\(args[0])'", "settings: format, max_rows, width, column_width, decimals, timer, plot_height, charset, pager, memory_limit, threads")
        }
    }
}

extension Session {
    /// `tables`: every catalog table with its row count (null until its file is read: listing
    /// never reads rows), its column count (from the file's head) and where it comes from.
    func tableListing() throws -> Table {
        let names = catalog.names
        var rows: [Int64?] = [], columns: [Int64?] = [], sources: [String] = []
        for n in names {
            rows.append(try catalog.isRead(n) ? catalog.table(named: n).map { Int64($0.rowCount) } : nil)
            let origin = catalog.entry(n)?.origin ?? ""
            // One unreadable file does not hide the others: its problem is listed in its row.
            do {
                columns.append((try catalog.schema(of: n)).map { Int64($0.names.count) })
                sources.append(origin)
            } catch let d as Diagnostic {
                columns.append(nil)
                sources.append(origin + " (cannot be read: \(d.message))")
            }
        }
        return Table(names: ["name", "rows", "columns", "source"], columns: [
            Column.fromStrings(names),
            Column.ints(rows),
            Column.ints(columns),
            Column.fromStrings(sources),
        ])
    }
}

extension Column {
    /// An int column from optionals (nil is null).
    public static func ints(_ values: [Int64?]) -> Column {
        var valid = Validity(count: values.count, allValid: true)
        for (i, v) in values.enumerated() where v == nil { valid.set(i, false) }
        return Column(.int(values.map { $0 ?? 0 }), validity: valid)
    }

    /// A text column from strings (nil is null), for small tables built by commands.
    public static func fromStrings(_ values: [String?]) -> Column {
        var b = TextDictionaryBuilder()
        var valid = Validity(count: values.count, allValid: true)
        let codes = values.enumerated().map { i, s -> Int32 in
            guard let s else { valid.set(i, false); return 0 }
            return b.intern(s)
        }
        return Column(.text(codes: codes, dictionary: b.build()), validity: valid)
    }

    public static func fromStrings(_ values: [String]) -> Column { fromStrings(values.map { Optional($0) }) }
}
