import Foundation

/// Attached databases: `attach`, `detach`, the catalog entries of their tables, running a plan
/// whose source is one of them (push-down), and writing a table into one.
extension Session {
    /// `attach "postgresql://…" as pg`: connects, and lists the database's tables in the catalog
    /// as `pg.schema.table` (and `pg.table` for those of `public`) from the server's catalog;
    /// no row is read.
    func attach(url: String, urlSpan: Span, name: Name, _ original: SourceFile) throws {
        // Errors show the statement with its password masked.
        let source = SourceFile(name: original.name, text: ConnectionString.masked(String(decoding: original.bytes, as: UTF8.self)))
        if databases[name.text] != nil {
            throw Diagnostic(.usage, "a database is already attached as '\(name.text)'", at: name.span,
                             hint: "detach \(name.text) first, or choose another name").inSource(source)
        }
        guard let connector else {
            throw Diagnostic(.usage, "this chiso has no PostgreSQL client", at: name.span).inSource(source)
        }
        let connection: any DatabaseConnection
        do { connection = try connector(url) } catch var d as Diagnostic {
            d.span = urlSpan
            d.message = ConnectionString.redacted(d.message)
            throw d.inSource(source)
        }
        databases[name.text] = connection
        catalog.databases.insert(name.text)
        let count: Int
        do { count = try refreshCatalog(of: name.text) } catch {
            try? detachDatabase(name.text)
            throw error
        }
        show(.notice("attached \(name.text): \(count) table\(count == 1 ? "" : "s") from \(connection.display)"))
    }

    /// Reads the database's catalog again (after `attach`, and after `export` made a table).
    @discardableResult
    func refreshCatalog(of database: String) throws -> Int {
        guard let connection = databases[database] else { return 0 }
        let columns = try connection.catalogColumns()
        // Designs declared on its tables stay declared.
        let designs = Dictionary(uniqueKeysWithValues: catalog.names.compactMap { n in
            catalog.entry(n).flatMap { e in e.remote?.database == database ? e.design.map { (n, $0) } : nil }
        })
        defer { for (n, d) in designs where catalog.contains(n) { catalog.setDesign(d, of: n) } }
        catalog.removeDatabase(database)
        var order: [String] = []
        var byTable: [String: [RemoteColumn]] = [:]
        for c in columns {
            let key = c.schema + "\u{0}" + c.table
            if byTable[key] == nil { order.append(key) }
            byTable[key, default: []].append(c)
        }
        var sameName: [String: Int] = [:]
        for key in order { sameName[byTable[key]![0].table, default: 0] += 1 }
        for key in order {
            let cols = byTable[key]!
            let (schemaName, tableName) = (cols[0].schema, cols[0].table)
            var names: [String] = [], types: [DataType] = [], native: [String: String] = [:]
            for c in cols {
                // A type chiso has no counterpart for (timestamps, json, uuid, arrays…) is read as
                // the text PostgreSQL writes for it: every column of the table is there, none
                // vanishes, and `describe` says which were read so.
                names.append(c.column)
                types.append(RemoteColumn.chisoType(c.typeName) ?? .text)
                native[c.column] = RemoteColumn.chisoType(c.typeName) == nil ? c.typeText : c.typeName
            }
            var remote = RemoteTable(database: database, schema: schemaName, table: tableName, unreadable: [:], types: native)
            remote.normalizesText = connection.normalizesText
            let full = [database, schemaName, tableName].map(Identifier.quoted).joined(separator: ".")
            let unique = sameName[tableName] == 1
            let short = schemaName == "public" || unique ? database + "." + Identifier.quoted(tableName) : nil
            catalog.registerRemote(remote, schema: Schema(names: names, types: types), as: full, shortName: short)
        }
        catalog.setOrigin(connectionDisplay(database), ofDatabase: database)
        return order.count
    }

    func connectionDisplay(_ database: String) -> String { databases[database]?.display ?? database }

    /// `detach pg`: closes the connection; its tables leave the catalog.
    func detach(_ name: Name, _ source: SourceFile) throws {
        guard databases[name.text] != nil else {
            throw Diagnostic(.name, "no database is attached as '\(name.text)'", at: name.span,
                             hint: databases.isEmpty ? "attach \"postgresql://user@host/db\" as \(name.text)" : "attached: " + databases.keys.sorted().joined(separator: ", ")).inSource(source)
        }
        try detachDatabase(name.text)
        show(.notice("detached \(name.text)"))
    }

    func detachDatabase(_ name: String) throws {
        databases[name]?.close()
        databases[name] = nil
        catalog.databases.remove(name)
        catalog.removeDatabase(name)
    }

    /// The connection of a remote catalog entry.
    func connection(for remote: RemoteTable) throws -> any DatabaseConnection {
        guard let c = databases[remote.database] else { throw Diagnostic(.name, "no database is attached as '\(remote.database)'") }
        return c
    }

    /// Where a plan over a database table runs (for `explain plan`).
    func placement(_ plan: LogicalPlan) throws -> PlanPlacement? {
        guard let remote = catalog.entry(plan.source.table)?.remote else { return nil }
        let compiled = SQLCompiler.compile(plan, source: remote, catalog: catalog)
        var place = PlanPlacement(database: remote.database, connection: connectionDisplay(remote.database), pushed: compiled.pushed,
                                  sql: compiled.sql, parameters: compiled.parameters, uploads: compiled.uploads, reason: compiled.reason)
        if let op = estimate(after: compiled, in: plan) {
            if let q = SurveyPushdown.queries(op, plan, compiled, source: remote) {
                place.estimate = [q.cells] + (q.skeleton.map { [$0] } ?? [])
                return place
            }
        }
        if plan.operators.contains(where: { $0 is EstimateOperator }) {
            // The rows are read and everything runs locally (see runRemote).
            place.pushed = 0
            place.sql = SQLRelation.scan(remote, schema: plan.source.schema).sql
            place.parameters = []
            place.uploads = []
            place.reason = "this estimate needs its sample's rows: the table is read once and every step runs locally"
        }
        return place
    }

    /// Runs the plan's pushable prefix as one statement on the server (uploading the small local
    /// tables it joins with first), then the rest locally on the rows it returns.
    func runRemote(_ plan: LogicalPlan, _ remote: RemoteTable, _ executor: LocalExecutor) throws -> Table {
        let connection = try connection(for: remote)
        let compiled = SQLCompiler.compile(plan, source: remote, catalog: catalog)
        // An estimate right after the pushed part: the server sums the cells of its sample.
        if let op = estimate(after: compiled, in: plan), let q = SurveyPushdown.queries(op, plan, compiled, source: remote),
           let t = try SurveyPushdown.estimate(op, q, connection: connection, context: executor.context) {
            return try executor.run(plan, from: t, skipping: compiled.pushed + 1)
        }
        // An estimate the server cannot sum for needs its sample's rows and the domain's rows to
        // be the same rows: the table is read once, and the whole plan runs locally on it.
        if plan.operators.contains(where: { $0 is EstimateOperator }) {
            let name = catalog.canonical(plan.source.table)
            catalog.pinned[name] = nil
            guard let rows = try catalog.table(named: name) else { throw Diagnostic(.name, "unknown table '\(name)'") }
            catalog.pinned[name] = rows
            defer { catalog.pinned[name] = nil }
            return try executor.run(plan, from: rows, skipping: 0)
        }
        let rows = try inTransaction(connection) {
            for (table, temp) in compiled.uploads {
                guard let t = try catalog.table(named: table) else { continue }
                try upload(t, as: SQLText.identifier(temp), temporary: true, connection)
            }
            return try connection.query(compiled.sql, compiled.parameters, names: compiled.schema.names, types: compiled.schema.types)
        }
        return try executor.run(plan, from: rows, skipping: compiled.pushed)
    }

    func estimate(after compiled: SQLCompilation, in plan: LogicalPlan) -> EstimateOperator? {
        compiled.pushed < plan.operators.count ? plan.operators[compiled.pushed] as? EstimateOperator : nil
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func inTransaction<T>(_ connection: any DatabaseConnection, _ body: () throws -> T) throws -> T {
        try connection.execute("BEGIN", [])
        do {
            let r = try body()
            try connection.execute("COMMIT", [])
            return r
        } catch {
            try? connection.execute("ROLLBACK", [])
            throw error
        }
    }

    /// Creates a table with chiso's column types and fills it with `COPY`.
    func upload(_ table: Table, as sqlName: String, temporary: Bool, _ connection: any DatabaseConnection) throws {
        let columns = zip(table.names, table.columns).map { SQLText.identifier($0) + " " + RemoteColumn.postgresType($1.type) }
        try connection.execute("CREATE " + (temporary ? "TEMPORARY " : "") + "TABLE " + sqlName + " (" + columns.joined(separator: ", ") + ")"
                               + (temporary ? " ON COMMIT DROP" : ""), [])
        try connection.copyIn("COPY " + sqlName + " FROM STDIN") { send in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var row = 0
            while row < table.rowCount {
                let end = min(table.rowCount, row + 8192)
                try CopyText.encode(table, rows: row..<end, into: &buffer)
                row = end
                if buffer.count >= 1 << 20 || row == table.rowCount {
                    try send(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                try Interrupt.check()
            }
        }
    }

    /// `export pg.schema.table [replace]`: one transaction, so a failure leaves the database as
    /// it was; the catalog then lists the new table.
    func exportToDatabase(_ table: Table, _ target: RemoteTable, replace: Bool) throws {
        guard let connection = databases[target.database] else { throw Diagnostic(.name, "no database is attached as '\(target.database)'") }
        try inTransaction(connection) {
            if replace { try connection.execute("DROP TABLE IF EXISTS " + target.sqlName, []) }
            try upload(table, as: target.sqlName, temporary: false, connection)
        }
        try refreshCatalog(of: target.database)
        show(.wrote(path: [target.database, target.schema, target.table].map(Identifier.quoted).joined(separator: "."), rows: table.rowCount))
    }

    /// A whole remote table (a local operator needs its rows: a join from a local table).
    func pull(_ remote: RemoteTable, _ schema: Schema) throws -> Table {
        let connection = try connection(for: remote)
        return try connection.query(SQLRelation.scan(remote, schema: schema).sql, [], names: schema.names, types: schema.types)
    }

    /// `describe pg.t`: the columns with their PostgreSQL and chiso types, from the catalog.
    func describeRemote(_ remote: RemoteTable, _ schema: Schema) -> Table {
        var names: [String] = [], pg: [String] = [], chiso: [String?] = []
        for (n, t) in zip(schema.names, schema.types) {
            let native = remote.types[n] ?? ""
            names.append(n); pg.append(native)
            chiso.append(RemoteColumn.chisoType(native) == nil && t == .text && !native.isEmpty ? "text (as PostgreSQL writes it)" : t.rawValue)
        }
        for (n, t) in remote.unreadable.sorted(by: { $0.key < $1.key }) { names.append(n); pg.append(t); chiso.append(nil) }
        return Table(names: ["column", "postgresql", "chiso"], columns: [Column.fromStrings(names), Column.fromStrings(pg), Column.fromStrings(chiso)])
    }
}
