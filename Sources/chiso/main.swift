import ArgumentParser
import ChisoKit
import LineEditing
import PostgresClient
import StatFiles
import Foundation

/// The `chiso` command: a thin layer that turns arguments into a `Session` and reports
/// errors with exit codes (0 ok, 1 query or data error, 2 usage error).
@main
struct Chiso: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chiso",
        abstract: "Pipelines over Vietnam's digital-transformation plan data.",
        version: "chiso 0.1.0",
        subcommands: [Start.self, Run.self, Check.self, Kernel.self, Lsp.self],
        defaultSubcommand: Start.self
    )

    /// As `ParsableCommand.main`, but a usage error exits with status 2 (ArgumentParser's
    /// default is 64), so scripts see 0 ok, 1 query or data error, 2 usage error.
    static func main() {
        HeapPolicy.keepQueryMemory()
        do {
            let args = Array(CommandLine.arguments.dropFirst())
            // The everyday forms (`-c '…'`, a script, the shell, with --data/--format/--set) are
            // read here: swift-argument-parser builds its command tree by reflection, 73 % of
            // `chiso -c 'help'`'s own time in a profile (about 5 ms). Everything else — help,
            // version, subcommands, any mistake — goes to it, so its messages are unchanged.
            if let quick = Start.quickParse(args) {
                try Start.start(quick.0, command: quick.command, file: quick.file)
                return
            }
            var command = try parseAsRoot(subcommandFirst(args))
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                writeStderr((fullMessage(for: error) + "\n").data(using: .utf8)!)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// `chiso --data DIR run file.chiso` as well as `chiso run --data DIR file.chiso`: the
/// subcommand word is moved in front of the options written before it.
func subcommandFirst(_ args: [String]) -> [String] {
    let takesValue: Set<String> = ["--data", "--format", "--set", "-c"]
    var i = 0
    while i < args.count {
        let a = args[i]
        if ["run", "check", "shell", "kernel", "lsp"].contains(a) {
            return i == 0 ? args : [a] + args[..<i] + args[(i + 1)...]
        }
        if takesValue.contains(a) { i += 2; continue }
        if a.hasPrefix("-") { i += 1; continue }
        return args      // a file or other argument: no subcommand after options
    }
    return args
}

struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Every CSV file in this folder is a table named after the file (default: $CHISO_DATA).")
    var data: String?

    @Option(name: .long, help: "Output format: table, csv, tsv, json, markdown (default: table on a terminal, csv otherwise).")
    var format: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a script parameter: --set year=2025 (repeatable).", valueName: "name=value"))
    var settings: [String] = []

    /// The options as plain values (what `Start.quickParse` fills without the parser).
    var plain: SessionSettings { SessionSettings(data: data, format: format, settings: settings) }

    func makeSession() throws -> Session { try plain.makeSession() }
}

/// What the common options say, as plain values: `--data`, `--format`, `--set`.
struct SessionSettings {
    var data: String?
    var format: String?
    var settings: [String] = []

    func makeSession() throws -> Session {
        StandardStreams.guardClosedStreams()
        if let note = Parallelism.warmUp() { StandardStreams.err("note: \(note)\n") }
        StatFiles.register()
        // A file-size limit (ulimit -f) would kill an export with SIGXFSZ and no word; ignored,
        // the write fails with EFBIG and the export says so, leaving the old file.
        signal(SIGXFSZ, SIG_IGN)
        let session = Session()
        session.connector = PostgresConnection.connector
        if let format {
            guard let f = OutputFormat(rawValue: format) else {
                throw ValidationError("unknown format '\(format)'; formats: table, csv, tsv, json, markdown")
            }
            session.options.format = f
        } else {
            session.options.format = isatty(1) != 0 ? .table : .csv
        }
        if isatty(1) != 0, let cols = ProcessInfo.processInfo.environment["COLUMNS"], let w = Int(cols) {
            session.options.maxWidth = w
            session.options.widthFixed = true
        } else if isatty(1) != 0, let size = Terminal.size() {
            session.options.maxWidth = size.columns
        }
        // Colour in charts only on a terminal, and never when NO_COLOR is set (no-color.org).
        session.options.color = isatty(1) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        // --data, else $CHISO_DATA: the folder whose CSV files are tables by name.
        if let data = data ?? ProcessInfo.processInfo.environment["CHISO_DATA"].flatMap({ $0.isEmpty ? nil : $0 }) {
            try loadFolder(data, into: session)
        }
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                throw ValidationError("--set needs name=value, got '\(s)'")
            }
            session.overrides[String(s[..<eq])] = String(s[s.index(after: eq)...])
        }
        return session
    }

    /// Every CSV in the folder becomes a table named after the file, read on first use.
    func loadFolder(_ dir: String, into session: Session) throws {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw ValidationError("cannot read the folder \(dir)")
        }
        // Absolute: a script's relative paths start from its own folder, not this one's.
        let folder = URL(fileURLWithPath: dir).standardizedFileURL.path
        for f in files.sorted() where f.lowercased().hasSuffix(".csv") {
            session.registerLazily(path: folder + "/" + f, as: Session.tableName(forPath: f))
        }
    }
}

/// Runs source in a session; on error prints the diagnostic and exits with status 1.
func runOrExit(_ session: Session, _ source: SourceFile) throws {
    do {
        try session.run(source)
    } catch let d as Diagnostic {
        StandardStreams.err(d.render() + "\n")
        // Standard error gone too: the message goes where results go, if that still works.
        if StandardStreams.takeFailure()?.stream == "standard error" { StandardStreams.out(d.render() + "\n") }
        throw ExitCode(d.kind == .usage ? 2 : 1)
    }
}

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Start the shell, run a script file, or run one query with -c.")

    @OptionGroup var common: CommonOptions

    @Option(name: .customShort("c"), help: "Run these statements and exit.")
    var command: String?

    @Argument(help: "A .chiso script to run.")
    var file: String?

    /// `Start` from the arguments when they are only `-c TEXT`, `--data DIR`, `--format F`,
    /// `--set name=value` (each with its value as the next argument) and at most one script
    /// path; nil for anything else, which swift-argument-parser then reads.
    static func quickParse(_ args: [String]) -> (SessionSettings, command: String?, file: String?)? {
        var common = SessionSettings()
        var command: String?, file: String?
        var i = 0
        while i < args.count {
            let a = args[i]
            if ["-c", "--data", "--format", "--set"].contains(a) {
                guard i + 1 < args.count else { return nil }
                let v = args[i + 1]
                switch a {
                case "-c": guard command == nil else { return nil }; command = v
                case "--data": guard common.data == nil else { return nil }; common.data = v
                // An unknown format goes the parser's way, so its message is the one it always was.
                case "--format": guard common.format == nil, OutputFormat(rawValue: v) != nil else { return nil }; common.format = v
                default: common.settings.append(v)
                }
                i += 2
            } else if a.hasPrefix("-") || ["run", "check", "shell", "kernel", "lsp", "help"].contains(a) || file != nil {
                return nil
            } else {
                file = a
                i += 1
            }
        }
        if command != nil && file != nil { return nil }
        return (common, command, file)
    }

    func run() throws { try Start.start(common.plain, command: command, file: file) }

    static func start(_ common: SessionSettings, command: String?, file: String?) throws {
        let session = try common.makeSession()
        if let command {
            try runOrExit(session, SourceFile(name: "<command>", text: command))
        } else if let file {
            try Run.runFile(file, session, checker: { try common.makeSession() })
        } else if isatty(0) == 0 || isatty(1) == 0 {
            // Piped input behaves like a script: no prompts, first error stops with status 1.
            let data = FileHandle.standardInput.readDataToEndOfFile()
            try runOrExit(session, SourceFile(name: "<stdin>", text: String(decoding: data, as: UTF8.self)))
        } else {
            try Start.interactive(session)
        }
    }

    /// The shell on a terminal: libedit with history and completion, progress lines, a pager.
    static func interactive(_ session: Session) throws {
        var history = History(path: History.defaultPath())
        let startWarning = history.takeWarning()
        let reader = LibeditReader(history: history)
        let completer = Completer(session: session)
        reader.complete = { completer.candidates($0, cursor: $1) }
        session.progress = { writeStderr($0.data(using: .utf8)!) }
        let shell = Shell(session: session, reader: reader, errors: {
            writeStderr(($0 + "\n").data(using: .utf8)!)
        })
        shell.pager = Start.page
        // Results follow the window's width (read at each result, so a resize takes effect) unless
        // `set width` or $COLUMNS fixed it; with `set pager on`, a result taller than the window
        // goes through the pager.
        session.present = { result, options in
            var o = options
            let size = Terminal.size()
            if !o.widthFixed, let size { o.maxWidth = size.columns }
            if !o.plotHeightFixed, let size { o.plotHeight = max(8, min(40, size.rows / 2)) }
            let text = ResultRenderer.render(result, o)
            if result.isNotice {
                writeStderr((text + "\n").data(using: .utf8)!)
            } else if o.pager, let size, text.split(separator: "\n", omittingEmptySubsequences: false).count > size.rows - 1 {
                Start.page(text)
            } else {
                StandardStreams.out(text)
            }
        }
        if let warning = startWarning { writeStderr("note: \(warning)\n".data(using: .utf8)!) }
        print("chiso 0.1 — 'help' lists what you can do; Tab completes; Ctrl-D quits.")
        shell.run()
    }

    /// Shows text with $PAGER (default `less -SRFX`: wide rows unwrapped, colours kept, quits at
    /// once when it fits, leaves the screen as it was). Run with system(3), so the pager is in the
    /// shell's foreground process group and can read the keyboard (a child in its own group would
    /// be stopped by SIGTTIN). Never used when stdout is not a terminal.
    static func page(_ text: String) {
        guard isatty(1) != 0 else { print(text, terminator: ""); return }
        let path = NSTemporaryDirectory() + "chiso-page-\(getpid()).txt"
        _ = FileManager.default.createFile(atPath: path, contents: text.data(using: .utf8))
        defer { unlink(path) }
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -SRFX"
        fflush(nil)   // every output stream, so the table printed before the pager is on screen
        // chiso writes UTF-8 (box drawing, Vietnamese): tell less so, unless the user already did.
        if system("LESSCHARSET=${LESSCHARSET:-utf-8} \(pager) '\(path)'") == -1 { print(text, terminator: "") }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a .chiso script; the first error stops it with status 1.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The script to run.")
    var file: String

    func run() throws {
        try Run.runFile(file, try common.makeSession(), checker: { try common.makeSession() })
    }

    /// Binds every statement (as `chiso check`, in a session of its own) before running the
    /// first: a typo on line 20 stops the script before line 1 has exported a file.
    static func runFile(_ path: String, _ session: Session, checker: () throws -> Session) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            writeStderr("error: cannot read \(path)\n".data(using: .utf8)!)
            throw ExitCode(1)
        }
        let source = SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
        // Relative paths in the script start from its folder, wherever it is run from.
        let checking = try checker()
        let problems = checking.inFolder(of: path) { checking.check(source) }
        if !problems.isEmpty {
            for d in problems { writeStderr((d.render() + "\n").data(using: .utf8)!) }
            writeStderr("\(path): \(problems.count) error\(problems.count == 1 ? "" : "s"); nothing was run\n".data(using: .utf8)!)
            throw ExitCode(problems.contains { $0.kind == .usage } ? 2 : 1)
        }
        try session.inFolder(of: path) { try runOrExit(session, source) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a .chiso script without running it: every statement is bound against the tables' schemas (no row is read) and every error is reported; exit 1 if any.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The script to check.")
    var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            writeStderr("error: cannot read \(file)\n".data(using: .utf8)!)
            throw ExitCode(1)
        }
        let session = try common.makeSession()
        let problems = session.inFolder(of: file) { session.check(SourceFile(name: file, text: String(decoding: data, as: UTF8.self))) }
        for d in problems { writeStderr((d.render() + "\n").data(using: .utf8)!) }
        if problems.isEmpty {
            print("\(file): no errors")
        } else {
            writeStderr("\(file): \(problems.count) error\(problems.count == 1 ? "" : "s")\n".data(using: .utf8)!)
            throw ExitCode(1)
        }
    }
}

struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The notebook side of chiso: one session spoken to in JSON lines on stdin/stdout by the Jupyter kernel (Scripts/jupyter installs it).")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try common.makeSession()
        session.options.format = .table
        session.options.color = false
        // The notebook's interrupt (SIGINT to the kernel's process group) stops the running
        // statement, as Ctrl-C does in the shell; the session and its tables stay.
        ChisoSignals.installInterruptHandler()
        KernelServer(session: session, write: { StandardStreams.out($0) }).serve()
    }
}

struct Lsp: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A language server (LSP 3.17) over stdin/stdout for editors: the errors of 'chiso check' as you type, completion, hover, go to definition, symbols.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = try common.makeSession()   // checks --data and registers the formats once
        let server = LanguageServer(write: { StandardStreams.out($0) }, makeSession: {
            (try? common.makeSession()) ?? Session()
        })
        throw ExitCode(server.serve())
    }
}

/// Notices and errors go to stderr after whatever results came before them: stdout is
/// flushed first, so `chiso run f 2>&1` reads in the order things happened.
func writeStderr(_ data: Data) {
    StandardStreams.err(String(decoding: data, as: UTF8.self))
}
