import Foundation

/// The tables a session knows, by name: their columns and types, where they come from, and what
/// belongs to them (a survey design, a note), **without reading rows**.
///
/// A registered CSV file is sniffed from its head (the header and the rows type inference
/// samples) the first time its schema is asked for; its rows are read only when a plan runs.
/// If the full read finds a value that widens a type, the entry's schema is updated and the
/// caller binds again, so a late value can change a type but never slip past a check.
public final class Catalog {
    public struct Entry: Sendable {
        public let name: String
        /// nil until asked for (a registered file not yet sniffed).
        public fileprivate(set) var schema: Schema?
        /// A file path, or the statement that made the table.
        public var origin: String
        /// A survey design declared on the table (a statistics object, kept beside the rows).
        public var design: SurveyDesign?
        /// What a reader must know about the data (the bundled survey: that it is synthetic).
        public var note: String?
        /// The rows, once read.
        public fileprivate(set) var rows: Table?
        /// What the file said of each column beyond its values (labels, missing codes).
        public var variables: [String: VariableInfo] = [:]
        /// The file behind the entry, read on first use.
        fileprivate var file: (path: String, format: any FileFormat, settings: LoadSettings)?
        /// Set for a table of an attached database: plans over it run there.
        public fileprivate(set) var remote: RemoteTable?
    }

    private var entries: [String: Entry] = [:]
    /// Short names of remote tables (`pg.persons` for `pg.public.persons`).
    private var aliases: [String: String] = [:]
    /// Reads a whole remote table when a local operator needs its rows (set by the session).
    var pullRemote: ((RemoteTable, Schema) throws -> Table)?
    /// Remote tables read for the statement running now: every operator of it sees the same
    /// rows in the same order (an estimate's frame and its sample must agree row for row).
    var pinned: [String: Table] = [:]

    public init() {}

    /// Every table name, sorted.
    public var names: [String] { entries.keys.filter { !$0.hasPrefix("\u{1}") }.sorted() }

    /// Short names too (for completion).
    public var namesAndAliases: [String] { names + aliases.keys.sorted() }

    public func entry(_ name: String) -> Entry? { entries[canonical(name)] }

    public func contains(_ name: String) -> Bool { entries[canonical(name)] != nil }

    /// The catalog's own name for a table (a remote table's short name resolved). A name in an
    /// attached database that the catalog does not know reads the database's catalog again
    /// (a table made since `attach`), at most once a second.
    public func canonical(_ name: String) -> String {
        if entries[name] != nil { return name }
        if let a = aliases[name] { return a }
        if let dot = name.firstIndex(of: "."), databases.contains(String(name[..<dot])), let refresh = refreshDatabase {
            let db = String(name[..<dot])
            let now = Date()
            if now.timeIntervalSince(lastRefresh[db] ?? .distantPast) > 1 {
                lastRefresh[db] = now
                try? refresh(db)
                return entries[name] != nil ? name : aliases[name] ?? name
            }
        }
        return name
    }

    /// Reads an attached database's catalog again (set by the session).
    var refreshDatabase: ((String) throws -> Void)?
    private var lastRefresh: [String: Date] = [:]

    /// Adds a table of an attached database, known by its schema from the server's catalog.
    func registerRemote(_ remote: RemoteTable, schema: Schema, as name: String, shortName: String?) {
        entries[name] = Entry(name: name, schema: schema, origin: "", design: nil, note: nil, rows: nil, file: nil, remote: remote)
        if let shortName { aliases[shortName] = name }
    }

    /// Names of the attached databases.
    public internal(set) var databases: Set<String> = []

    /// Removes every table of an attached database.
    func removeDatabase(_ database: String) {
        for (k, e) in entries where e.remote?.database == database { entries[k] = nil }
        aliases = aliases.filter { entries[$0.value] != nil }
    }

    /// The origin shown for remote tables (the connection, without its password).
    func setOrigin(_ origin: String, ofDatabase database: String) {
        for (k, e) in entries where e.remote?.database == database { entries[k]?.origin = origin }
    }

    /// Adds or replaces a table whose rows are in memory.
    public func register(_ table: Table, as name: String, origin: String? = nil, design: SurveyDesign? = nil, note: String? = nil,
                         variables: [String: VariableInfo] = [:]) {
        entries[name] = Entry(name: name, schema: Schema(table), origin: origin ?? table.origin, design: design, note: note,
                              rows: table, variables: variables, file: nil)
    }

    /// Makes `name` refer to a file that is read, through its format, the first time a plan
    /// runs on it.
    public func registerFile(path: String, as name: String, settings: LoadSettings = LoadSettings(),
                             design: SurveyDesign? = nil, note: String? = nil) {
        entries[name] = Entry(name: name, schema: nil, origin: path, design: design, note: note, rows: nil,
                              file: (path, FileFormats.format(forPath: path), settings))
    }

    public func remove(_ name: String) { entries[name] = nil }

    /// Adds a table known only by its schema (what `chiso check` learns from a `let`).
    public func declare(_ name: String, schema: Schema, origin: String, design: SurveyDesign? = nil, variables: [String: VariableInfo] = [:]) {
        entries[name] = Entry(name: name, schema: schema, origin: origin, design: design, note: nil, rows: nil, variables: variables, file: nil)
    }

    /// Declares (or replaces) the survey design of a table already in the catalog.
    public func setDesign(_ design: SurveyDesign?, of name: String) {
        entries[canonical(name)]?.design = design
    }

    /// The columns and types of a table: from memory, or sniffed from the head of its file.
    public func schema(of name: String) throws -> Schema? {
        let name = canonical(name)
        guard var e = entries[name] else { return nil }
        if let s = e.schema { return s }
        guard let file = e.file else { return nil }
        let request = ReadRequest(path: file.path, shown: file.path, settings: file.settings)
        guard let s = try file.format.schema(request) else {
            _ = try table(named: name)
            return entries[name]?.schema
        }
        e.schema = s
        entries[name] = e
        return s
    }

    /// The rows of a table, reading its file on first use. Returns nil for an unknown name, and
    /// throws for a declared table that has no rows (`chiso check` never asks for them).
    public func table(named name: String) throws -> Table? {
        let name = canonical(name)
        guard var e = entries[name] else { return nil }
        if let t = e.rows { return t }
        // A remote table's rows are read each time they are needed here (the database may
        // change; a plan that starts from it runs there instead and never comes here).
        if let t = pinned[name] { return t }
        if let r = e.remote, let schema = e.schema, let pull = pullRemote {
            var t = try pull(r, schema)
            t.origin = name
            if let d = e.design { _ = try DesignArrays(t, d) }
            return t
        }
        guard let file = e.file else {
            throw Diagnostic(.runtime, "table '\(name)' has a schema but no rows")
        }
        let result = try file.format.read(ReadRequest(path: file.path, shown: file.path, settings: file.settings))
        var t = result.table
        t.origin = file.path
        e.variables = result.variables
        if let d = e.design { _ = try DesignArrays(t, d) }
        e.rows = t
        e.schema = Schema(t)
        entries[name] = e
        return t
    }

    /// Reads every table a plan needs. True when a full read changed a sniffed schema (a late
    /// value widened a column): the plan must then be bound again.
    public func materialize(_ names: [String]) throws -> Bool {
        var changed = false
        for name in names where entry(name)?.remote == nil {
            let before = entries[name]?.schema
            _ = try table(named: name)
            if let before, before != entries[name]?.schema { changed = true }
        }
        return changed
    }

    /// Whether a table's rows are in memory (so `tables` can show a count without reading).
    public func isRead(_ name: String) -> Bool { entries[canonical(name)]?.rows != nil }
}
